/*
 * The exact floor (bench/bare-relay --exact): what placing fds exactly costs
 * a relay by itself, without a record, a decode or a capture.
 *
 * Each read peeks at what waits (MSG_PEEK, no room for fds) and then takes
 * it; when fds wait among bytes that hold more than one message start, it
 * takes the bytes exactly as the framer (sniffer/framer.c) asks, one recvmsg
 * per header and per payload, so that the fds come with the message they
 * were sent with. Each message goes on with its fds in one sendmsg, and the
 * messages without fds of one read in one sendmsg together: what vhostsniff
 * does (sniffer/relay-conn.c), less the hold of a request's bytes for its
 * reply (for resets) and less everything done for the record. Blocking
 * writes: the benchmark's peers always read. The calls are made as
 * vhostsniff makes them (vscore/direct-sys.h): the same in one thread, and
 * without libc's cancellation bookkeeping once --record adds a second.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "bench/bare-relay.h"
#include "bench/record-floor.h"
#include "sniffer/framer.h"
#include "tests/fd-send.h"
#include "vscore/direct-sys.h"

#define READ_AHEAD   65536u
#define PAYLOAD_CAP  (1u << 20)
#define STREAM_CHUNK 65536u
#define GATHER       64u

union fd_control {
	struct cmsghdr align;
	char buf[CMSG_SPACE(sizeof(int) * FD_SEND_MAX)];
};

/* What one read made: messages (or pieces of a streamed one) to pass on. */
struct piece {
	uint8_t *bytes;
	size_t len;
	int fds[FD_SEND_MAX];
	size_t nfds;
};

struct side {
	int fd;
	int from;                    /* 0: the front-end's socket, 1: the back-end's */
	struct record_floor *record; /* --record, or NULL */
	struct vs_framer framer;
	uint8_t *ahead;
	int fds[FD_SEND_MAX]; /* read, not yet framed */
	size_t nfds;
	struct piece *out; /* framed by this read, for the other side */
	size_t nout, out_cap;
};

static ssize_t recv_fds(struct side *s, void *buf, size_t len)
{
	union fd_control control;
	struct iovec iov = {.iov_base = buf, .iov_len = len};
	struct msghdr msg = {.msg_iov = &iov,
	                     .msg_iovlen = 1,
	                     .msg_control = control.buf,
	                     .msg_controllen = sizeof(control.buf)};
	ssize_t n;

	do
		n = vs_sys_recvmsg(s->fd, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		size_t count;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (count > FD_SEND_MAX - s->nfds)
			count = FD_SEND_MAX - s->nfds;
		memcpy(s->fds + s->nfds, CMSG_DATA(c), count * sizeof(int));
		s->nfds += count;
	}
	return n;
}

static void framed(struct side *s, enum vs_framer_event event, struct vs_framer_out *out)
{
	struct piece *p;

	if (event == VS_FRAMER_MORE)
		return;
	if (s->nout == s->out_cap) {
		s->out_cap = s->out_cap ? s->out_cap * 2 : 16;
		s->out = realloc(s->out, s->out_cap * sizeof(*s->out));
		if (s->out == NULL)
			abort();
	}
	p = &s->out[s->nout++];
	p->bytes = out->bytes;
	p->len = out->len;
	memcpy(p->fds, s->fds, s->nfds * sizeof(int));
	p->nfds = s->nfds;
	s->nfds = 0;
}

/* Whether the n bytes peeked hold the start of one message at most. */
static int one_owner(const struct side *s, const uint8_t *bytes, size_t n)
{
	size_t left = vs_framer_left(&s->framer);
	uint32_t size;

	if (left == (size_t)-1)
		return 0;
	if (left > 0)
		return n <= left;
	if (n <= VU_HDR_SIZE)
		return 1;
	memcpy(&size, bytes + 8, sizeof(size));
	return n <= VU_HDR_SIZE + (size_t)size;
}

/* --record: the messages framed by this read, in one hand-over. A streamed
 * message's pieces are recorded as they go. */
static void record_out(struct side *s)
{
	struct record_floor_message m[GATHER];
	size_t k = 0;

	for (size_t i = 0; i < s->nout; i++) {
		m[k++] =
		    (struct record_floor_message){.bytes = s->out[i].bytes, .len = s->out[i].len};
		if (k == GATHER) {
			record_floor_add(s->record, s->from, m, k);
			k = 0;
		}
	}
	if (k > 0)
		record_floor_add(s->record, s->from, m, k);
}

/* Pass on what was framed: each piece with fds alone, the others gathered. */
static int pass_on(struct side *s, int to)
{
	size_t i = 0;
	int ok = 1;

	if (s->record != NULL && s->nout > 0)
		record_out(s);

	while (i < s->nout && ok) {
		struct iovec iov[GATHER];
		size_t k = 0, total = 0;

		if (s->out[i].nfds > 0) {
			ok = fd_send_all(to, s->out[i].bytes, s->out[i].len, s->out[i].fds,
			                 s->out[i].nfds);
			i++;
			continue;
		}
		while (i + k < s->nout && k < GATHER && s->out[i + k].nfds == 0) {
			iov[k] = (struct iovec){.iov_base = s->out[i + k].bytes,
			                        .iov_len = s->out[i + k].len};
			total += s->out[i + k].len;
			k++;
		}
		if (k == 1) {
			ok = fd_send_all(to, iov[0].iov_base, iov[0].iov_len, NULL, 0);
		} else {
			struct msghdr msg = {.msg_iov = iov, .msg_iovlen = k};
			ssize_t n;

			do
				n = vs_sys_sendmsg(to, &msg, MSG_NOSIGNAL);
			while (n < 0 && errno == EINTR);
			ok = n == (ssize_t)total; /* a blocking unix socket takes it whole */
		}
		i += k;
	}
	for (i = 0; i < s->nout; i++) {
		for (size_t j = 0; j < s->out[i].nfds; j++)
			vs_sys_close(s->out[i].fds[j]);
		g_free(s->out[i].bytes);
	}
	s->nout = 0;
	return ok;
}

/* One read-ahead from s, passed on to `to`. 0 at end of file or failure. */
static int forward_exact(struct side *s, int to)
{
	struct iovec iov = {.iov_base = s->ahead, .iov_len = READ_AHEAD};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	do
		n = vs_sys_recvmsg(s->fd, &msg, MSG_PEEK);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return 0;
	if ((msg.msg_flags & MSG_CTRUNC) && !one_owner(s, s->ahead, (size_t)n)) {
		/* the framer's pieces, one recvmsg each */
		size_t left = (size_t)n;

		while (left > 0) {
			struct vs_framer_out out;
			size_t want;
			uint8_t *buf = vs_framer_buffer(&s->framer, &want);
			ssize_t got = recv_fds(s, buf, want < left ? want : left);

			if (got <= 0)
				return 0;
			left -= (size_t)got;
			framed(s, vs_framer_arrived(&s->framer, (size_t)got, &out), &out);
		}
	} else {
		const uint8_t *bytes = s->ahead;
		size_t left;

		if (recv_fds(s, s->ahead, (size_t)n) != n)
			return 0;
		for (left = (size_t)n; left > 0;) {
			struct vs_framer_out out;
			size_t want;
			uint8_t *buf = vs_framer_buffer(&s->framer, &want);
			size_t k = want < left ? want : left;

			memcpy(buf, bytes, k);
			bytes += k;
			left -= k;
			framed(s, vs_framer_arrived(&s->framer, k, &out), &out);
		}
	}
	return pass_on(s, to);
}

void bare_relay_run_exact(int a, int b, const char *record_path)
{
	struct record_floor *record = record_path != NULL ? record_floor_open(record_path) : NULL;
	struct side side[2] = {{.fd = a, .from = 0, .record = record},
	                       {.fd = b, .from = 1, .record = record}};
	struct pollfd p[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};

	for (int i = 0; i < 2; i++) {
		vs_framer_init(&side[i].framer, PAYLOAD_CAP, STREAM_CHUNK);
		side[i].ahead = malloc(READ_AHEAD);
		if (side[i].ahead == NULL)
			abort();
	}
	for (int done = 0; !done;) {
		if (vs_sys_poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2 && !done; i++) {
			if (p[i].revents != 0 && !forward_exact(&side[i], p[1 - i].fd))
				done = 1;
		}
	}
	for (int i = 0; i < 2; i++) {
		vs_framer_clear(&side[i].framer);
		free(side[i].ahead);
		free(side[i].out);
	}
	record_floor_close(record);
}
