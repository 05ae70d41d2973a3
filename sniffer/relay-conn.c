/*
 * One socket of a link: framing what it reads, writing what the other side
 * read.
 *
 * Reading peeks at up to VS_READ_AHEAD bytes (MSG_PEEK, no room for fds) and
 * then takes them, so a burst of messages costs two reads, not two per
 * message. The peek says whether fds wait among those bytes (MSG_CTRUNC):
 * the kernel hands SCM_RIGHTS fds to the first read that touches the bytes of
 * the sendmsg that carried them, and ends any read, a peek too, after those
 * bytes. A relay that reads ahead blindly cannot tell which of the messages
 * it read they belong to, gives an fd to the wrong message and hangs QEMU
 * (lab README, Quirks). So when fds wait, and the bytes peeked hold more than
 * one message they could belong to, those bytes are taken exactly as the
 * framer (framer.c) asks: the rest of a header, then the rest of its payload,
 * one recvmsg each; the fds then come with the message whose bytes they were
 * sent with, as before read-ahead.
 *
 * A request that waits for a reply leaves its last bytes in the socket (the
 * whole request, or its last byte when fds came with it) until the other
 * side sends something, at most VS_HOLD_MS: its sender reads nothing
 * meanwhile. After a hold that ran out there is none until the other side
 * speaks, so a sender that does not wait for its replies is not slowed down
 * for long. If the peer dies with our copy unread, the kernel resets our
 * connection to it (ECONNRESET, not EOF); closing the sender's socket with
 * those bytes unread resets the sender's connection as well, which is what
 * it would have seen without vhostsniff. After a clean EOF they are taken
 * first, and the sender reads the EOF.
 *
 * Writing sends each message with its fds in one sendmsg, and fd-less
 * messages queued together in one; a partial write
 * keeps the rest for the next time the socket is writable, the fds having
 * gone with the first byte. Nothing ever blocks: when the queue for one side
 * is full, the other side is not read until it drains.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sniffer/kick.h"
#include "sniffer/relay-int.h"
#include "vscore/direct-sys.h"
#include "vscore/log.h"
#include "vscore/ring-watch.h"

/*
 * Each socket is polled through a GPollFD of its conn, whose events we
 * change in place: the relay's loop (relay-loop.c) reads them anew at each
 * wake-up. Changing a GLib source's poll set woke GLib's loop each time (an
 * eventfd write and read, and one more poll), twice per request held for its
 * reply.
 */
union fd_control {
	struct cmsghdr align;
	char buf[CMSG_SPACE(sizeof(int) * VS_MAX_RECV_FDS)];
};

static const char *side_name(const struct vs_conn *c)
{
	return c->from == VU_FROM_FRONT ? "front" : "back";
}

struct vs_conn *vs_conn_other(struct vs_conn *c)
{
	return &c->link->conn[c->from == VU_FROM_FRONT ? VU_FROM_BACK : VU_FROM_FRONT];
}

static inline gboolean outq_empty(const struct vs_conn *c)
{
	return vs_frame_queue_is_empty(&c->outq);
}

static gboolean queue_full(const struct vs_conn *c)
{
	return c->outq.length >= VS_OUTQ_MAX_FRAMES || c->out_bytes >= VS_OUTQ_MAX_BYTES;
}

static gboolean queue_low(const struct vs_conn *c)
{
	return c->outq.length <= VS_OUTQ_MAX_FRAMES / 2 && c->out_bytes <= VS_OUTQ_MAX_BYTES / 2;
}

/* ---- frames --------------------------------------------------------------- */

/* Spare frames kept beyond this are freed. */
#define SPARE_FRAMES 512u

struct vs_frame *vs_frame_new(struct vs_relay *relay, struct vs_record *record, uint8_t *bytes,
                              size_t len, gboolean owns_bytes)
{
	struct vs_frame *f = vs_frame_queue_pop(vs_relay_spare_frames(relay));

	if (f != NULL)
		memset(f, 0, sizeof(*f));
	else
		f = g_new0(struct vs_frame, 1);
	f->record = record;
	f->describe_into = record;
	f->bytes = bytes;
	f->len = len;
	f->owns_bytes = owns_bytes;
	return f;
}

void vs_frame_take_fds(struct vs_frame *f, GArray *fds)
{
	if (fds->len == 0)
		return;
	f->fds = g_renew(int, f->fds, f->nfds + fds->len);
	memcpy(f->fds + f->nfds, fds->data, fds->len * sizeof(int));
	f->nfds += fds->len;
	g_array_set_size(fds, 0);
}

static void describe_fds(struct vs_record *r, const int *fds, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (r->nfds < VU_MAX_FDS)
			vs_fd_describe(fds[i], &r->fds[r->nfds++]);
		if (r->fds_total < 255)
			r->fds_total++;
	}
}

void vs_frame_describe(struct vs_frame *f)
{
	if (f->fds_described)
		return;
	f->fds_described = TRUE;
	if (f->describe_into != NULL)
		describe_fds(f->describe_into, f->fds, f->nfds);
}

/* The fds went with the first byte (or will never go): describe, then close our copies. */
static void frame_release_fds(struct vs_frame *f)
{
	if (f->fds_passed)
		return;
	vs_frame_describe(f);
	for (unsigned i = 0; i < f->nfds; i++)
		vs_sys_close(f->fds[i]);
	f->fds_passed = TRUE;
}

void vs_frame_finish(struct vs_frame *f, struct vs_session *s)
{
	frame_release_fds(f);
	if (f->owns_bytes)
		g_free(f->bytes);
	if (f->record != NULL)
		vs_relay_submit(s->relay, s, f->record);
	if (f->kick_arm != 0 && vs_relay_kicks(s->relay) != NULL)
		vs_kicks_arm(vs_relay_kicks(s->relay), f->kick_arm);
	g_free(f->fds);
	if (vs_relay_spare_frames(s->relay)->length < SPARE_FRAMES)
		vs_frame_queue_push_head(vs_relay_spare_frames(s->relay), f);
	else
		g_free(f);
}

/* ---- polling -------------------------------------------------------------- */

static void conn_ready(struct vs_conn *c, GIOCondition revents);
static void release_held(struct vs_conn *c);
static uint8_t *conn_buffer(gpointer data, size_t len);

gboolean vs_conn_dispatch(struct vs_conn *c, gint64 now)
{
	gboolean due = FALSE;

	if (c->fd < 0)
		return FALSE;
	if (c->held > 0 && now >= c->hold_until) {
		/* A sender that does not wait for its replies (or a slow answer):
		 * its next requests are not held back until the other side speaks. */
		vs_debug("session %u: %s: no reply within %u ms; its request is taken",
		         c->link->session->id, side_name(c), VS_HOLD_MS);
		c->hold_off = TRUE;
		release_held(c);
		due = TRUE;
	}
	if (c->fd >= 0 && c->polled && (c->poll.revents & (c->poll.events | G_IO_HUP | G_IO_ERR))) {
		gushort revents = c->poll.revents;

		/* what the poll said is used once */
		c->poll.revents = 0;
		conn_ready(c, (GIOCondition)revents);
		due = TRUE;
	}
	return due;
}

void vs_conn_update(struct vs_conn *c)
{
	GIOCondition want = 0;

	if (c->fd < 0)
		return;
	if (c->reading && !c->paused && !c->stalled && c->held == 0)
		want |= G_IO_IN;
	else if (c->held > 0)
		want |= G_IO_HUP; /* held bytes keep it readable; a hang-up still counts */
	if (!outq_empty(c))
		want |= G_IO_OUT;
	c->poll.events = (gushort)want;
	/* With nothing to wait for the fd leaves the poll set altogether: poll
	 * reports a hang-up even when no event is asked for, and a paused
	 * reader must not spin on it. */
	c->polled = want != 0;
}

void vs_conn_open(struct vs_conn *c, struct vs_link *link, int fd, enum vu_direction from)
{
	memset(c, 0, sizeof(*c));
	c->link = link;
	c->fd = fd;
	c->from = from;
	c->fds = g_array_new(FALSE, FALSE, sizeof(int));
	c->ahead = g_malloc(VS_READ_AHEAD);
	vs_framer_init(&c->framer, VS_PAYLOAD_HARD_CAP, VS_STREAM_CHUNK);
	vs_framer_set_alloc(&c->framer, conn_buffer, c);
	c->outq = (struct vs_frame_queue){0};
	c->poll.fd = fd;
	c->reading = TRUE;
	vs_conn_update(c);
}

void vs_conn_stop_reading(struct vs_conn *c)
{
	c->reading = FALSE;
	vs_conn_update(c);
}

/* ---- writing -------------------------------------------------------------- */

/*
 * The frames at the head of the queue that one sendmsg takes: the first one's
 * unsent bytes, with its fds if they have not gone, then the whole frames
 * after it that carry no fds, so each message's fds still go with its first
 * byte and alone. Returns the number of iovecs filled.
 */
static unsigned gather(struct vs_conn *c, struct iovec *iov, struct msghdr *msg,
                       union fd_control *control)
{
	struct vs_frame *f = c->outq.head;
	unsigned n = 0;

	iov[n++] = (struct iovec){.iov_base = f->bytes + f->sent, .iov_len = f->len - f->sent};
	if (!f->fds_passed && f->nfds > 0) {
		unsigned count = MIN(f->nfds, VS_MAX_RECV_FDS);
		struct cmsghdr *cmsg;

		memset(control, 0, sizeof(*control));
		msg->msg_control = control->buf;
		msg->msg_controllen = CMSG_SPACE(count * sizeof(int));
		cmsg = CMSG_FIRSTHDR(msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(count * sizeof(int));
		memcpy(CMSG_DATA(cmsg), f->fds, count * sizeof(int));
		return n;
	}
	for (f = f->next; f != NULL && n < VS_WRITE_GATHER; f = f->next) {
		if (!f->fds_passed && f->nfds > 0)
			break;
		iov[n++] = (struct iovec){.iov_base = f->bytes, .iov_len = f->len};
	}
	return n;
}

gboolean vs_conn_write_now(struct vs_conn *c, gboolean *failed)
{
	struct vs_session *s = c->link->session;

	*failed = FALSE;
	if (c->fd < 0) {
		*failed = TRUE;
		c->error = EBADF;
		return FALSE;
	}
	while (!outq_empty(c)) {
		struct iovec iov[VS_WRITE_GATHER];
		struct msghdr msg = {.msg_iov = iov};
		union fd_control control;
		struct vs_frame *f = c->outq.head;
		size_t left;
		ssize_t n;

		if (f->sent == f->len) {
			/* nothing to send: a message --inject kept back, recorded in its place */
			vs_frame_queue_pop(&c->outq);
			vs_frame_finish(f, s);
			continue;
		}
		msg.msg_iovlen = gather(c, iov, &msg, &control);
		n = vs_sys_sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return FALSE;
			c->error = errno;
			*failed = TRUE;
			return FALSE;
		}
		if (msg.msg_controllen > 0)
			frame_release_fds(f);
		c->out_bytes -= (size_t)n;
		/* Retire the frames written whole; the next one keeps its place. */
		for (left = (size_t)n; left > 0;) {
			size_t part;

			f = c->outq.head;
			part = MIN(left, f->len - f->sent);
			f->sent += part;
			left -= part;
			if (f->sent < f->len)
				break;
			vs_frame_queue_pop(&c->outq);
			vs_frame_finish(f, s);
		}
	}
	return TRUE;
}

static char *failure_reason(const struct vs_conn *c)
{
	if (c->error == EPIPE || c->error == ECONNRESET)
		return g_strdup_printf("%s closed", side_name(c));
	return g_strdup_printf("%s error: %s", side_name(c), g_strerror(c->error));
}

/* Write what the socket takes; act on what that means for the link. */
static void conn_flush(struct vs_conn *c)
{
	struct vs_link *link = c->link;
	struct vs_conn *source = vs_conn_other(c);
	gboolean failed;
	gboolean empty = vs_conn_write_now(c, &failed);

	if (failed) {
		g_autofree char *reason = failure_reason(c);
		vs_link_fail(link, c, reason);
		return;
	}
	if (empty && link->closing) {
		vs_link_drained(link, c);
		return;
	}
	if (empty && link->shut_pending)
		vs_link_drained(link, c);
	vs_conn_update(c);
	if (source->paused && queue_low(c)) {
		source->paused = FALSE;
		vs_conn_update(source);
		vs_debug("session %u: %s %s>%s: queue drained, reading again", link->session->id,
		         vu_channel_name(link->channel), side_name(source), side_name(c));
	}
}

void vs_conn_push(struct vs_conn *c, struct vs_frame *f)
{
	gboolean was_empty = outq_empty(c);

	if (c->fd < 0) {
		/* its side is gone: record what it would have got */
		vs_frame_finish(f, c->link->session);
		return;
	}
	vs_frame_queue_push(&c->outq, f);
	c->out_bytes += f->len;
	/* Forward first: write now unless earlier frames wait for the socket,
	 * or more come from the same read (frame_bytes writes them together). */
	if (was_empty && !c->holding)
		conn_flush(c);
}

/* ---- reading -------------------------------------------------------------- */

/* recvmsg of at most len bytes; fds that come with them are kept for the message. */
static ssize_t conn_recv(struct vs_conn *c, void *buf, size_t len)
{
	union fd_control control;
	struct iovec iov = {.iov_base = buf, .iov_len = len};
	struct msghdr msg = {
	    .msg_iov = &iov,
	    .msg_iovlen = 1,
	    .msg_control = control.buf,
	    .msg_controllen = sizeof(control.buf),
	};
	ssize_t n;

	do
		n = vs_sys_recvmsg(c->fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return n;
	for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL;
	     cmsg = CMSG_NXTHDR(&msg, cmsg)) {
		size_t count;

		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < count; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
			g_array_append_val(c->fds, fd);
		}
	}
	if ((msg.msg_flags & MSG_CTRUNC) && !c->warned_ctrunc) {
		c->warned_ctrunc = TRUE;
		vs_warn("session %u: the kernel dropped fds sent by the %s-end (more than %u on "
		        "one message); the message goes on without them",
		        c->link->session->id, side_name(c), VS_MAX_RECV_FDS);
	}
	return n;
}

/*
 * The framer reads each message into the bytes of the record it becomes, a
 * record from the pipeline's spares with the buffer of its last message: a
 * message costs no malloc here and no free on the pipeline's thread.
 */
static uint8_t *conn_buffer(gpointer data, size_t len)
{
	struct vs_conn *c = data;

	if (c->next == NULL)
		c->next = vs_relay_record_new(c->link->session->relay);
	return vs_record_reserve(c->next, len);
}

/* r, whose bytes hold len bytes c read, as their message record. */
static struct vs_record *message_record(struct vs_conn *c, struct vs_record *r, size_t len)
{
	r->len = (uint32_t)len;
	r->kind = VU_RECORD_MESSAGE;
	r->channel = (uint8_t)c->link->channel;
	r->from = (uint8_t)c->from;
	return r;
}

/* The message record of what the framer handed over from c (out->len bytes). */
static struct vs_record *record_new_message(struct vs_conn *c, struct vs_framer_out *out)
{
	struct vs_record *r;

	if (c->next != NULL && out->bytes == c->next->bytes) {
		r = g_steal_pointer(&c->next);
	} else {
		r = vs_relay_record_new(c->link->session->relay);
		vs_record_set_bytes(r, out->bytes, out->len);
	}
	return message_record(c, r, out->len);
}

static void message_complete(struct vs_conn *c, struct vs_framer_out *out)
{
	struct vs_record *r = record_new_message(c, out);
	struct vs_frame *f;

	r->ts_ns = c->read_ns;
	/* --rings: the memory table's fds, kept for the pipeline's guest memory. */
	if (c->fds->len > 0 && vs_relay_options(c->link->session->relay)->rings_ms != 0)
		vs_ring_keep_fds(r, (const int *)(void *)c->fds->data, c->fds->len);
	f = vs_frame_new(c->link->session->relay, r, r->bytes, r->len, FALSE);
	vs_frame_take_fds(f, c->fds);
	vs_link_message(c->link, c, f);
}

/*
 * A payload beyond VS_PAYLOAD_HARD_CAP: forward the header now and the
 * payload as it comes, so the peers see the same bytes they would without
 * vhostsniff, and the next header is found where it really starts. The
 * record keeps the header and the first VS_STREAM_KEEP bytes.
 */
static void stream_begin(struct vs_conn *c, struct vs_framer_out *out)
{
	struct vs_record *r = vs_relay_record_new(c->link->session->relay);
	struct vs_frame *f;

	/* the header, with room for what the record keeps of the payload (stream_piece) */
	memcpy(vs_record_reserve(r, VU_HDR_SIZE + VS_STREAM_KEEP), out->bytes, VU_HDR_SIZE);
	message_record(c, r, VU_HDR_SIZE);
	r->flags |= VU_PSEUDO_F_TRUNCATED;
	describe_fds(r, (const int *)(void *)c->fds->data, c->fds->len);

	f = vs_frame_new(c->link->session->relay, NULL, out->bytes, out->len, TRUE);
	vs_frame_take_fds(f, c->fds);
	f->fds_described = TRUE;

	c->stream_rec = r;
	vs_debug("session %u: %s message of %" G_GUINT64_FORMAT " payload bytes streams through",
	         c->link->session->id, side_name(c), out->stream_size);
	vs_conn_push(vs_conn_other(c), f);
}

/* The next piece of a streamed payload: kept (up to VS_STREAM_KEEP), forwarded. */
static void stream_piece(struct vs_conn *c, struct vs_framer_out *out)
{
	struct vs_record *r = c->stream_rec;
	struct vs_frame *f;
	size_t keep = MIN(out->len, VU_HDR_SIZE + VS_STREAM_KEEP - r->len);

	memcpy(r->bytes + r->len, out->bytes, keep);
	r->len += (uint32_t)keep;
	describe_fds(r, (const int *)(void *)c->fds->data, c->fds->len);
	f = vs_frame_new(c->link->session->relay, NULL, out->bytes, out->len, TRUE);
	vs_frame_take_fds(f, c->fds);
	f->fds_described = TRUE;
	if (out->end) {
		r->ts_ns = vs_now_ns();
		f->record = r;
		c->stream_rec = NULL;
	}
	vs_conn_push(vs_conn_other(c), f);
}

static void frame_event(struct vs_conn *c, enum vs_framer_event event, struct vs_framer_out *out)
{
	switch (event) {
	case VS_FRAMER_MORE:
		break;
	case VS_FRAMER_MESSAGE:
		message_complete(c, out);
		break;
	case VS_FRAMER_STREAM_HEADER:
		stream_begin(c, out);
		break;
	case VS_FRAMER_STREAM_CHUNK:
		stream_piece(c, out);
		break;
	}
}

/* A message's callbacks may close the link: then the rest is not framed. */
static gboolean still_reading(const struct vs_conn *c)
{
	return c->fd >= 0 && c->reading && !c->link->closing;
}

/* Frame bytes read ahead, as if each piece the framer wants had been read alone. */
static void frame_pieces(struct vs_conn *c, const uint8_t *bytes, size_t n)
{
	while (n > 0 && still_reading(c)) {
		struct vs_framer_out out;
		size_t want;
		uint8_t *buf = vs_framer_buffer(&c->framer, &want);
		size_t k = MIN(want, n);

		memcpy(buf, bytes, k);
		bytes += k;
		n -= k;
		frame_event(c, vs_framer_arrived(&c->framer, k, &out), &out);
	}
}

/* Frame what one read brought; its messages go on in as few sendmsg as
 * their fds allow. */
static void frame_bytes(struct vs_conn *c, const uint8_t *bytes, size_t n)
{
	struct vs_conn *to = vs_conn_other(c);

	to->holding = TRUE;
	frame_pieces(c, bytes, n);
	to->holding = FALSE;
	if (to->fd >= 0 && !outq_empty(to))
		conn_flush(to);
}

/*
 * Whether the n bytes peeked can hold the start of one message only, so
 * that fds among them can only be that message's: the framer is inside a
 * message the bytes do not reach past, or at a message boundary and the
 * bytes end within the message that starts there.
 */
static gboolean one_owner(const struct vs_conn *c, const uint8_t *bytes, size_t n)
{
	size_t left = vs_framer_left(&c->framer);
	uint32_t size;

	if (left == (size_t)-1)
		return FALSE; /* rare: take it exactly */
	if (left > 0)
		return n <= left;
	if (n <= VU_HDR_SIZE)
		return TRUE;
	memcpy(&size, bytes + 8, sizeof(size));
	return n <= VU_HDR_SIZE + (size_t)size;
}

/* Take exactly n bytes the framer asks for, one recvmsg per piece, so fds
 * come with the message they were sent with. Returns n, or what failed. */
static ssize_t read_exactly(struct vs_conn *c, size_t n)
{
	size_t left = n;

	while (left > 0 && still_reading(c)) {
		struct vs_framer_out out;
		size_t want;
		uint8_t *buf = vs_framer_buffer(&c->framer, &want);
		ssize_t got = conn_recv(c, buf, MIN(want, left));

		if (got <= 0)
			return got;
		c->read_ns = vs_now_ns();
		left -= (size_t)got;
		frame_event(c, vs_framer_arrived(&c->framer, (size_t)got, &out), &out);
	}
	return (ssize_t)n;
}

/* A request its sender waits on: NEED_REPLY, or one that is always answered. */
static gboolean awaits_reply(const struct vs_conn *c, const uint8_t *header)
{
	const struct vu_request_info *info;
	uint32_t request, flags;

	memcpy(&request, header, sizeof(request));
	memcpy(&flags, header + 4, sizeof(flags));
	if (flags & VU_FLAG_REPLY)
		return FALSE;
	if (flags & VU_FLAG_NEED_REPLY)
		return TRUE;
	info = vu_request_lookup_dialect(c->link->session->dialect, c->link->channel, request);
	return info != NULL && info->always_replied;
}

/* Whether the n bytes peeked end exactly with a whole message that awaits a reply. */
static gboolean ends_awaiting_reply(const struct vs_conn *c, const uint8_t *bytes, size_t n)
{
	const struct vs_framer *fr = &c->framer;
	size_t at = vs_framer_left(fr);

	/* A streamed payload's header is not held: nothing to judge by. */
	if (at == (size_t)-1 || fr->state == VS_FRAMER_STREAM)
		return FALSE;
	if (at > 0 && at == n)
		return awaits_reply(c, fr->msg);
	while (at + VU_HDR_SIZE <= n) {
		uint32_t size;
		size_t end;

		memcpy(&size, bytes + at + 8, sizeof(size));
		if (size > fr->cap)
			return FALSE;
		end = at + VU_HDR_SIZE + (size_t)size;
		if (end == n)
			return awaits_reply(c, bytes + at);
		at = end;
	}
	return FALSE;
}

/* Take what is held now. */
static void take_held(struct vs_conn *c)
{
	size_t left = c->held;

	c->held = 0;
	while (left > 0 && c->fd >= 0) {
		ssize_t n = conn_recv(c, c->ahead, left);

		if (n <= 0)
			break; /* the next read says why */
		left -= (size_t)n;
	}
}

static void release_held(struct vs_conn *c)
{
	take_held(c);
	vs_conn_update(c);
}

static void hold(struct vs_conn *c, size_t n)
{
	if (!still_reading(c))
		return;
	c->held = n;
	c->hold_until = vs_loop_now(vs_relay_loop(c->link->session->relay)) +
	                VS_HOLD_MS * G_TIME_SPAN_MILLISECOND;
	vs_conn_update(c);
}

/*
 * What the other side held for the answer read from c goes once that answer
 * is forwarded, not before: taking a sender's bytes wakes it if it already
 * sleeps in read (the kernel tells a socket's waiters that its peer made
 * room, readers too), and it would wake for nothing, once per round trip
 * (make bench: one more context switch on each side). Woken by the answer
 * instead, it is no longer waiting when they are taken. Its next read takes
 * them first in any case (conn_read).
 */
static void release_answered(struct vs_conn *other)
{
	int saved = errno; /* what failed on c, for conn_read */

	if (other->held > 0)
		release_held(other);
	errno = saved;
}

/*
 * One read-ahead: peek, then take what was peeked, or all of it but what is
 * held for a reply. Returns what recvmsg returned, and in *drained whether
 * the socket probably holds no more (a short read that no fds cut short), so
 * the caller need not try again.
 */
static ssize_t read_ahead(struct vs_conn *c, gboolean *drained)
{
	struct iovec iov = {.iov_base = c->ahead, .iov_len = VS_READ_AHEAD};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	struct vs_conn *other = vs_conn_other(c);
	gboolean with_fds, awaiting;
	size_t keep;
	ssize_t n, taken;

	*drained = FALSE;
	do
		n = vs_sys_recvmsg(c->fd, &msg, MSG_PEEK | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n;
	c->read_ns = vs_now_ns(); /* when the bytes were seen, for the messages they complete */
	/* The other side answered (or spoke): what it was sent may go. */
	other->hold_off = FALSE;
	with_fds = (msg.msg_flags & MSG_CTRUNC) != 0;
	if (with_fds && !one_owner(c, c->ahead, (size_t)n)) {
		n = read_exactly(c, (size_t)n);
		release_answered(other);
		return n;
	}
	awaiting = !c->hold_off && ends_awaiting_reply(c, c->ahead, (size_t)n);
	/* Fds come only with a read, so a request with fds keeps one byte. */
	keep = !awaiting ? 0 : with_fds ? (n > 1 ? 1 : 0) : (size_t)n;
	if (keep < (size_t)n) {
		guint fds_before = c->fds->len;

		/* The same bytes again, now for good, with the fds if any. */
		taken = conn_recv(c, c->ahead, (size_t)n - keep);
		if (taken <= 0) {
			release_answered(other);
			return taken;
		}
		if ((size_t)taken < (size_t)n - keep)
			keep = 0; /* cannot happen: the bytes were there */
		/* The fds were sent with the last byte alone: it goes now too. */
		if (with_fds && keep > 0 && c->fds->len == fds_before) {
			if (conn_recv(c, c->ahead + taken, keep) != (ssize_t)keep) {
				release_answered(other);
				return -1;
			}
			taken += (ssize_t)keep;
			keep = 0;
		}
		n = taken + (ssize_t)keep;
	}
	*drained = n < (ssize_t)VS_READ_AHEAD && !with_fds;
	frame_bytes(c, c->ahead, (size_t)n);
	release_answered(other);
	if (keep > 0) {
		hold(c, keep);
		*drained = TRUE;
	}
	return n;
}

static void conn_read(struct vs_conn *c)
{
	struct vs_link *link = c->link;
	struct vs_conn *to = vs_conn_other(c);

	/* Woken with bytes held: the sender hung up, or they are taken anyway. */
	if (c->held > 0)
		release_held(c);
	for (int budget = VS_READ_BUDGET; budget > 0; budget--) {
		gboolean drained;
		ssize_t n;

		if (!still_reading(c) || c->stalled)
			return;
		if (queue_full(to)) {
			c->paused = TRUE;
			vs_conn_update(c);
			vs_debug("session %u: %s %s>%s: queue full, not reading until it drains",
			         link->session->id, vu_channel_name(link->channel), side_name(c),
			         side_name(to));
			return;
		}
		n = read_ahead(c, &drained);
		if (n > 0) {
			/* Poll says when more comes: a read that finds nothing costs as much. */
			if (drained)
				return;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (!still_reading(c))
			return;
		if (n == 0) {
			vs_link_eof(link, c);
		} else {
			g_autofree char *reason =
			    g_strdup_printf("%s error: %s", side_name(c), g_strerror(errno));
			c->error = errno;
			vs_link_fail(link, c, reason);
		}
		return;
	}
	/* Budget spent: the socket is still readable, the loop comes back. */
}

static void conn_ready(struct vs_conn *c, GIOCondition revents)
{
	if (!outq_empty(c) && (revents & (G_IO_OUT | G_IO_ERR | G_IO_HUP)))
		conn_flush(c);
	if (c->fd < 0 || c->link->closing)
		return;
	if (c->reading && !c->paused && !c->stalled && (revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)))
		conn_read(c);
}

/* ---- closing -------------------------------------------------------------- */

static void close_unframed_fds(struct vs_conn *c)
{
	for (guint i = 0; i < c->fds->len; i++)
		close(g_array_index(c->fds, int, i));
	g_array_set_size(c->fds, 0);
}

void vs_conn_cut_partial(struct vs_conn *c, struct vs_conn *to)
{
	struct vs_session *s = c->link->session;
	struct vs_framer_out out;
	struct vs_record *r;
	struct vs_frame *f;

	switch (vs_framer_cut(&c->framer, &out)) {
	case VS_FRAMER_CUT_NOTHING:
	default:
		/* fds come with bytes, so there are none here; be sure */
		close_unframed_fds(c);
		return;
	case VS_FRAMER_CUT_STREAM:
		/* Its bytes went through already; record what was kept. */
		r = c->stream_rec;
		c->stream_rec = NULL;
		describe_fds(r, (const int *)(void *)c->fds->data, c->fds->len);
		close_unframed_fds(c);
		r->ts_ns = vs_now_ns();
		vs_relay_submit(s->relay, s, r);
		return;
	case VS_FRAMER_CUT_BYTES:
		break;
	}
	r = record_new_message(c, &out);
	r->flags |= VU_PSEUDO_F_TRUNCATED;
	r->ts_ns = vs_now_ns();
	f = vs_frame_new(c->link->session->relay, r, r->bytes, r->len, FALSE);
	vs_frame_take_fds(f, c->fds);
	if (to != NULL && to->fd >= 0) {
		vs_frame_queue_push(&to->outq, f);
		to->out_bytes += f->len;
	} else {
		vs_frame_finish(f, s);
	}
}

void vs_conn_close(struct vs_conn *c)
{
	struct vs_frame *f;

	if (c->fd < 0)
		return;
	/* Closed with bytes unread, the socket resets its peer's connection:
	 * only when the other side's did (keep_unread). */
	if (c->held > 0 && !c->keep_unread)
		take_held(c);
	c->reading = FALSE;
	while ((f = vs_frame_queue_pop(&c->outq)) != NULL)
		vs_frame_finish(f, c->link->session);
	c->out_bytes = 0;
	vs_conn_cut_partial(c, NULL);
	c->polled = FALSE;
	close(c->fd);
	c->fd = -1;
	/* the link's other socket closed already: nothing is polled any more */
	if (vs_conn_other(c)->fd < 0)
		vs_loop_remove_link(vs_relay_loop(c->link->session->relay), c->link);
}

void vs_conn_clear(struct vs_conn *c)
{
	vs_conn_close(c);
	vs_framer_clear(&c->framer);
	g_clear_pointer(&c->next, vs_record_free);
	if (c->fds != NULL)
		g_array_free(c->fds, TRUE);
	c->fds = NULL;
	g_clear_pointer(&c->ahead, g_free);
}
