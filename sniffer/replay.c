/*
 * --replay FILE: vhostsniff plays one peer of a recorded session against a
 * live other peer.
 *
 * The player is a peer of its own, on a thread, at the far end of a socket
 * in a private directory; the relay sits between it and the live peer as it
 * sits between any two peers, so the live session is printed, recorded (-w)
 * and analysed as every session is. At the end its lines are compared with
 * the recording's by --diff's comparison (diff.c), which leaves out what two
 * runs may differ by: times, addresses, fd identities, and the values that
 * follow the data plane (GET_VRING_BASE's base), listed as not comparable.
 *
 * fds: where the recording has an fd the player sends a fresh one of the
 * kind the capture describes: a memfd of the recorded size (memfd_create and
 * ftruncate: the back-end maps the regions, nothing is written to them), an
 * eventfd, one end of a socketpair, one end of a pipe. fds the live peer
 * sends are closed, except the back-end channel's socket.
 *
 * As the front-end (the default), the player sends the recording's
 * front-end messages of the main channel in order and, where the recording
 * has a reply, waits for the live one (up to --reply-timeout; 0 waits
 * without a limit) before it goes on. SET_BACKEND_REQ_FD's socketpair is the
 * back-end channel: the player reads the live back-end's requests on it and
 * answers those that want a reply (NEED_REPLY, or a request the table says
 * is always replied, in the recorded session's dialect) with a u64 0,
 * success, as a front-end that handles them would; the others it reads and
 * leaves.
 *
 * As the back-end (--replay-as back-end), the player takes each request of
 * the live front-end, finds it among the recording's front-end requests
 * from where the last one matched, and answers with the replies that follow
 * it in the recording. A request the recording lacks, if it wants a reply,
 * gets the recording's reply to the same request elsewhere in the session,
 * or an ack of 0. The front-end's back-end channel is kept open and unused.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sniffer/diff.h"
#include "sniffer/relay.h"
#include "sniffer/replay.h"
#include "sniffer/sinks.h"
#include "vscore/capture.h"
#include "vscore/log.h"

/* The socket the relay reaches the player at, in a private directory. */
#define REPLAY_SOCKET "player.sock"

struct vs_player {
	struct vs_options *opts;
	guint32 session;    /* the recorded session replayed */
	GPtrArray *records; /* its messages, struct vs_record *, in order */
	char *dir, *path;
	int listen_fd;
	int stop_fd;    /* an eventfd: the relay is done, the player stops */
	int main_fd;    /* the player's connection with the relay */
	int channel_fd; /* the back-end channel: the player's end of it (front-end) or the
	                   front-end's socket (back-end); -1 = none */
	GThread *thread;
	guint64 reply_wait_ns; /* 0 = no limit */
	/* The numbering the tables name its requests in (which are always
	 * replied): --dialect, else the recorded session's, as its SESSION_END
	 * says the analyzer settled on; upstream's without either. */
	enum vu_dialect dialect;
};

/* One message read from the live peer, its fds closed. */
struct replay_in {
	guint8 hdr[VU_HDR_SIZE];
	guint32 request, flags, size;
	guint8 *payload;
	int fds[VU_MAX_FDS];
	guint nfds;
};

/* ---- the recording -------------------------------------------------------- */

static void on_capture_record(struct vs_record *r, gpointer data)
{
	struct vs_player *rp = data;
	guint32 replayed = rp->opts->replay_session != 0 ? rp->opts->replay_session : rp->session;

	if (r->kind == VU_RECORD_SESSION_END && r->session == replayed && r->facts.dialect != NULL)
		vu_dialect_by_name(r->facts.dialect, &rp->dialect);

	if (r->kind == VU_RECORD_MESSAGE && r->len >= VU_HDR_SIZE && rp->session == 0 &&
	    rp->opts->replay_session == 0)
		rp->session = r->session;
	if (r->kind == VU_RECORD_MESSAGE && r->len >= VU_HDR_SIZE &&
	    r->session == (rp->opts->replay_session != 0 ? rp->opts->replay_session : rp->session))
		g_ptr_array_add(rp->records, r);
	else
		vs_record_free(r);
}

static guint32 rec_u32(const struct vs_record *r, size_t off)
{
	guint32 v;

	memcpy(&v, r->bytes + off, sizeof(v));
	return GUINT32_FROM_LE(v);
}

static guint32 rec_request(const struct vs_record *r)
{
	return rec_u32(r, 0);
}

static gboolean rec_is(const struct vs_record *r, enum vu_direction from)
{
	return r->channel == VU_CHANNEL_MAIN && r->from == from;
}

/* ---- messages with fds ---------------------------------------------------- */

static gboolean send_message(int fd, const guint8 *bytes, size_t len, const int *fds, guint nfds)
{
	size_t done = 0;

	while (done < len) {
		struct iovec iov = {.iov_base = (void *)(bytes + done), .iov_len = len - done};
		union {
			char buf[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
			struct cmsghdr align;
		} u;
		struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
		ssize_t n;

		if (done == 0 && nfds > 0) {
			struct cmsghdr *c;

			memset(&u, 0, sizeof(u));
			mh.msg_control = u.buf;
			mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
			c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
			memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
		}
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		done += (size_t)n;
	}
	return TRUE;
}

static gboolean read_all(int fd, guint8 *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		done += (size_t)n;
	}
	return TRUE;
}

static void in_clear(struct replay_in *m)
{
	for (guint i = 0; i < m->nfds; i++)
		if (m->fds[i] >= 0)
			close(m->fds[i]);
	m->nfds = 0;
	g_clear_pointer(&m->payload, g_free);
}

/* One whole message (header, its fds, payload); FALSE at the end of the
 * connection or on an error. */
static gboolean recv_message(int fd, struct replay_in *m)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct iovec iov = {.iov_base = m->hdr, .iov_len = VU_HDR_SIZE};
	struct msghdr mh = {.msg_iov = &iov,
	                    .msg_iovlen = 1,
	                    .msg_control = u.buf,
	                    .msg_controllen = sizeof(u.buf)};
	ssize_t n;

	memset(m, 0, sizeof(*m));
	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return FALSE;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int got;

			memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (m->nfds < VU_MAX_FDS)
				m->fds[m->nfds++] = got;
			else
				close(got);
		}
	}
	if ((size_t)n < VU_HDR_SIZE && !read_all(fd, m->hdr + n, VU_HDR_SIZE - (size_t)n)) {
		in_clear(m);
		return FALSE;
	}
	memcpy(&m->request, m->hdr, 4);
	memcpy(&m->flags, m->hdr + 4, 4);
	memcpy(&m->size, m->hdr + 8, 4);
	m->request = GUINT32_FROM_LE(m->request);
	m->flags = GUINT32_FROM_LE(m->flags);
	m->size = GUINT32_FROM_LE(m->size);
	if (m->size > 0) {
		/* the relay forwards what the peer sent; a size past any layout is
		 * the peer's, read and dropped with the rest */
		m->payload = g_malloc(m->size);
		if (!read_all(fd, m->payload, m->size)) {
			in_clear(m);
			return FALSE;
		}
	}
	return TRUE;
}

/* A u64 0 reply to request on channel fd: success, as the ack of REPLY_ACK. */
static gboolean send_ack(int fd, guint32 request)
{
	guint8 msg[VU_HDR_SIZE + 8] = {0};
	guint32 le;

	le = GUINT32_TO_LE(request);
	memcpy(msg, &le, 4);
	le = GUINT32_TO_LE(VU_FLAG_VERSION | VU_FLAG_REPLY);
	memcpy(msg + 4, &le, 4);
	le = GUINT32_TO_LE(8);
	memcpy(msg + 8, &le, 4);
	return send_message(fd, msg, sizeof(msg), NULL, 0);
}

/*
 * A fresh fd like the recorded one: a memfd of its size, an eventfd, one end
 * of a socketpair or pipe (*other: the end the player keeps, or -1). Without
 * a recorded kind, a memfd when the recording gave a size, else an eventfd
 * (kick, call and err fds are the most common).
 */
static int fresh_fd(const struct vu_fd_info *fi, int *other)
{
	int pair[2];
	int fd;

	*other = -1;
	switch ((enum vu_fd_kind)fi->kind) {
	case VU_FD_EVENTFD:
		return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	case VU_FD_SOCKET:
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
			return -1;
		*other = pair[1];
		return pair[0];
	case VU_FD_PIPE:
		if (pipe2(pair, O_CLOEXEC) < 0)
			return -1;
		*other = pair[1];
		return pair[0];
	case VU_FD_UNKNOWN:
		if (fi->size == 0)
			return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		break;
	default:
		break;
	}
	fd = memfd_create("vhostsniff-replay", MFD_CLOEXEC);
	if (fd >= 0 && ftruncate(fd, (off_t)fi->size) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send a recorded message with fresh fds. The end of a socketpair the
 * player keeps becomes the back-end channel (SET_BACKEND_REQ_FD). */
static gboolean send_recorded(struct vs_player *rp, const struct vs_record *r)
{
	static const struct vu_fd_info unknown;
	int fds[VU_MAX_FDS], others[VU_MAX_FDS];
	guint n = MIN(r->fds_total, VU_MAX_FDS);
	gboolean ok = TRUE;

	for (guint i = 0; i < n; i++) {
		fds[i] = fresh_fd(i < r->nfds ? &r->fds[i] : &unknown, &others[i]);
		if (fds[i] < 0) {
			vs_warn("--replay: frame %" PRIu64 ": no fresh fd for it: %s", r->frame,
			        g_strerror(errno));
			n = i;
			ok = FALSE;
			break;
		}
	}
	if (ok)
		ok = send_message(rp->main_fd, r->bytes, r->len, fds, n);
	for (guint i = 0; i < n; i++) {
		close(fds[i]);
		if (others[i] < 0)
			continue;
		if (rp->opts->replay_back || rec_request(r) != VU_REQ_SET_BACKEND_REQ_FD) {
			close(others[i]);
			continue;
		}
		if (rp->channel_fd >= 0)
			close(rp->channel_fd);
		rp->channel_fd = others[i];
	}
	return ok;
}

/* ---- the player as the front-end ------------------------------------------ */

/* A request of the live back-end on its channel: answered with success when
 * it wants an answer. FALSE when the channel closed. */
static gboolean serve_channel(struct vs_player *rp)
{
	struct replay_in m;
	const struct vu_request_info *info;
	gboolean ok = TRUE;

	if (!recv_message(rp->channel_fd, &m)) {
		close(rp->channel_fd);
		rp->channel_fd = -1;
		return FALSE;
	}
	info = vu_request_lookup_dialect(rp->dialect, VU_CHANNEL_BACKEND, m.request);
	if ((m.flags & VU_FLAG_NEED_REPLY) || (info != NULL && info->always_replied))
		ok = send_ack(rp->channel_fd, m.request);
	in_clear(&m);
	return ok;
}

enum wait_result { WAIT_REPLY, WAIT_TIMEOUT, WAIT_GONE };

/* Wait for the live reply to request, serving the back-end channel meanwhile. */
static enum wait_result wait_reply(struct vs_player *rp, guint32 request)
{
	gint64 deadline = rp->reply_wait_ns != 0
	                      ? g_get_monotonic_time() + (gint64)(rp->reply_wait_ns / 1000)
	                      : 0;

	for (;;) {
		struct pollfd pfd[3] = {{.fd = rp->main_fd, .events = POLLIN},
		                        {.fd = rp->stop_fd, .events = POLLIN},
		                        {.fd = rp->channel_fd, .events = POLLIN}};
		int timeout = -1;
		struct replay_in m;
		gboolean ours;

		if (deadline != 0) {
			gint64 left = deadline - g_get_monotonic_time();

			if (left <= 0)
				return WAIT_TIMEOUT;
			timeout = (int)((left + 999) / 1000);
		}
		if (poll(pfd, rp->channel_fd >= 0 ? 3 : 2, timeout) < 0) {
			if (errno == EINTR)
				continue;
			return WAIT_GONE;
		}
		if (pfd[1].revents != 0)
			return WAIT_GONE;
		if (rp->channel_fd >= 0 && pfd[2].revents != 0)
			serve_channel(rp);
		if (pfd[0].revents == 0)
			continue;
		if (!recv_message(rp->main_fd, &m))
			return WAIT_GONE;
		/* A reply to something else is in the live output and the
		 * comparison; the player waits on for its own. */
		ours = (m.flags & VU_FLAG_REPLY) && m.request == request;
		in_clear(&m);
		if (ours)
			return WAIT_REPLY;
	}
}

static void play_front(struct vs_player *rp)
{
	for (guint i = 0; i < rp->records->len; i++) {
		const struct vs_record *r = g_ptr_array_index(rp->records, i);

		if (rec_is(r, VU_FROM_FRONT)) {
			if (!send_recorded(rp, r))
				return;
		} else if (rec_is(r, VU_FROM_BACK)) {
			enum wait_result w = wait_reply(rp, rec_request(r));

			if (w == WAIT_GONE)
				return;
			if (w == WAIT_TIMEOUT)
				vs_warn("--replay: no reply like frame %" PRIu64
				        " of the recording within --reply-timeout; going on",
				        r->frame);
		}
	}
}

/* ---- the player as the back-end ------------------------------------------- */

/* The recording's reply to request anywhere in the session, or NULL. */
static const struct vs_record *any_recorded_reply(struct vs_player *rp, guint32 request)
{
	for (guint i = 0; i < rp->records->len; i++) {
		const struct vs_record *r = g_ptr_array_index(rp->records, i);

		if (rec_is(r, VU_FROM_BACK) && rec_request(r) == request)
			return r;
	}
	return NULL;
}

static void play_back(struct vs_player *rp)
{
	guint cursor = 0; /* the first record not yet matched */

	for (;;) {
		struct pollfd pfd[2] = {{.fd = rp->main_fd, .events = POLLIN},
		                        {.fd = rp->stop_fd, .events = POLLIN}};
		const struct vu_request_info *info;
		struct replay_in m;
		guint k;
		gboolean ok = TRUE, answered = FALSE;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (pfd[1].revents != 0 || !recv_message(rp->main_fd, &m))
			return;
		if (m.request == VU_REQ_SET_BACKEND_REQ_FD && m.nfds > 0) {
			if (rp->channel_fd >= 0)
				close(rp->channel_fd);
			rp->channel_fd = m.fds[0];
			m.fds[0] = -1;
		}
		for (k = cursor; k < rp->records->len; k++) {
			const struct vs_record *r = g_ptr_array_index(rp->records, k);

			if (rec_is(r, VU_FROM_FRONT) && rec_request(r) == m.request)
				break;
		}
		if (k < rp->records->len) {
			/* the replies that follow it in the recording */
			for (k++; k < rp->records->len && ok; k++) {
				const struct vs_record *r = g_ptr_array_index(rp->records, k);

				if (rec_is(r, VU_FROM_FRONT))
					break;
				if (!rec_is(r, VU_FROM_BACK))
					continue;
				ok = send_recorded(rp, r);
				answered = TRUE;
			}
			cursor = k;
		}
		info = vu_request_lookup_dialect(rp->dialect, VU_CHANNEL_MAIN, m.request);
		if (ok && !answered &&
		    ((m.flags & VU_FLAG_NEED_REPLY) || (info != NULL && info->always_replied))) {
			const struct vs_record *r = any_recorded_reply(rp, m.request);

			ok = r != NULL ? send_recorded(rp, r) : send_ack(rp->main_fd, m.request);
		}
		in_clear(&m);
		if (!ok)
			return;
	}
}

/* ---- the player's thread ----------------------------------------------- */

static gpointer player_thread(gpointer data)
{
	struct vs_player *rp = data;
	struct pollfd pfd[2] = {{.fd = rp->listen_fd, .events = POLLIN},
	                        {.fd = rp->stop_fd, .events = POLLIN}};

	while (poll(pfd, 2, -1) < 0 && errno == EINTR)
		;
	if (pfd[1].revents != 0)
		return NULL;
	rp->main_fd = accept4(rp->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (rp->main_fd < 0)
		return NULL;
	if (rp->opts->replay_back)
		play_back(rp);
	else
		play_front(rp);
	/* The end of the session, as the recorded peer's close. */
	close(rp->main_fd);
	rp->main_fd = -1;
	return NULL;
}

/* ---- the replay -------------------------------------------------------- */

struct vs_player *vs_player_new(struct vs_options *opts, GError **error)
{
	struct vs_player *rp = g_new0(struct vs_player, 1);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct vs_port *port = vs_options_port(opts, 0);
	GError *read_error = NULL;

	rp->opts = opts;
	rp->listen_fd = rp->stop_fd = rp->main_fd = rp->channel_fd = -1;
	rp->records = g_ptr_array_new_with_free_func((GDestroyNotify)vs_record_free);
	rp->reply_wait_ns = opts->reply_timeout_ns;
	if (!vs_capture_read(opts->replay_path, on_capture_record, rp, &read_error)) {
		if (!g_error_matches(read_error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED)) {
			g_propagate_prefixed_error(error, read_error, "--replay: ");
			vs_player_free(rp);
			return NULL;
		}
		/* a capture cut by SIGKILL: its complete records are replayed */
		vs_warn("%s", read_error->message);
		g_clear_error(&read_error);
	}
	if (opts->replay_session != 0)
		rp->session = opts->replay_session;
	if (opts->dialect_given)
		rp->dialect = opts->dialect;
	if (rp->records->len == 0) {
		if (opts->replay_session != 0)
			g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT,
			            "--replay: %s has no session %u (--replay-session N is a "
			            "session number as vhostsniff -r prints it: s1 is 1)",
			            opts->replay_path, opts->replay_session);
		else
			g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT,
			            "--replay: %s holds no vhost-user message to replay",
			            opts->replay_path);
		vs_player_free(rp);
		return NULL;
	}
	rp->dir = g_dir_make_tmp("vhostsniff-replay-XXXXXX", error);
	if (rp->dir == NULL) {
		vs_player_free(rp);
		return NULL;
	}
	rp->path = g_build_filename(rp->dir, REPLAY_SOCKET, NULL);
	g_strlcpy(sa.sun_path, rp->path, sizeof(sa.sun_path));
	rp->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	rp->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (rp->listen_fd < 0 || rp->stop_fd < 0 ||
	    bind(rp->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(rp->listen_fd, 1) < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "--replay: the player's socket %s: %s", rp->path, g_strerror(errno));
		vs_player_free(rp);
		return NULL;
	}
	/* The relay reaches the player where the recorded peer was. */
	if (opts->replay_back) {
		g_free(port->back_path);
		port->back_path = g_strdup(rp->path);
		port->back_role = VS_ROLE_CONNECT;
	} else {
		g_free(port->front_path);
		port->front_path = g_strdup(rp->path);
		port->front_role = VS_ROLE_CONNECT;
	}
	return rp;
}

int vs_player_run(struct vs_player *rp, struct vs_pipeline *p, FILE *out)
{
	g_autoptr(GError) error = NULL;
	struct vs_diff_options dopts = {
	    .device = rp->opts->device,
	    .dialect_given = rp->opts->dialect_given,
	    .dialect = rp->opts->dialect,
	    .reply_timeout_ns = rp->opts->reply_timeout_ns,
	};
	struct vs_diff_report how = {
	    .json = rp->opts->format == VS_OUTPUT_JSON,
	    .replay = TRUE,
	    .live_from = rp->opts->replay_back ? VU_FROM_FRONT : VU_FROM_BACK,
	};
	struct vs_diff_side *recorded = vs_diff_side_new(rp->opts->replay_path, rp->session);
	struct vs_diff_side *live = vs_diff_side_new("live", 0);
	struct vs_relay *relay;
	guint64 one = 1;
	int status;

	if (!vs_diff_side_load(recorded, &dopts, &error)) {
		vs_warn("--replay: %s", error->message);
		vs_diff_side_free(recorded);
		vs_diff_side_free(live);
		vs_pipeline_finish(p);
		return 2;
	}
	vs_pipeline_add_sink(p, vs_diff_side_sink_new(live));
	/* As a live run: a signal ends the session cleanly (the comparison
	 * then sees what was relayed). */
	relay = vs_relay_new_interruptible(rp->opts, p, &error);
	if (relay == NULL) {
		vs_warn("%s", error->message);
		vs_pipeline_finish(p);
		vs_diff_side_free(recorded);
		vs_diff_side_free(live);
		return 2;
	}
	vs_pipeline_start(p);
	rp->thread = g_thread_new("replay", player_thread, rp);
	status = vs_relay_run(relay);
	/* The relay is done: a player still waiting (on a relay that never
	 * connected, or a reply that will not come) stops. */
	if (write(rp->stop_fd, &one, sizeof(one)) < 0)
		vs_warn("--replay: stopping the player: %s", g_strerror(errno));
	g_thread_join(rp->thread);
	rp->thread = NULL;
	vs_pipeline_finish(p);
	vs_relay_free(relay);
	if (status != 0) {
		/* the relay said why (the live peer was not reached) */
		status = 2;
	} else if (vs_diff_side_sessions(live) == 0) {
		vs_warn("--replay: no live session to compare with the recording");
		status = 2;
	} else {
		const struct vs_port *port = vs_options_port(rp->opts, 0);
		g_autofree char *name =
		    g_strdup_printf("the replay against %s",
		                    rp->opts->replay_back ? port->front_path : port->back_path);
		g_autofree char *recorded_name =
		    g_strdup_printf("%s#%" PRIu32, rp->opts->replay_path, rp->session);
		g_autofree char *report = NULL;
		gboolean failed = FALSE;

		status = (int)vs_diff_compare(recorded, recorded_name, live, name, &how, &report);
		/* after the live lines: through their writer, which owns the
		 * stream once it wrote one */
		vs_sink_output(out, report, strlen(report), &failed);
		vs_sink_output_flush(out, &failed);
	}
	vs_diff_side_free(recorded);
	vs_diff_side_free(live);
	return status;
}

void vs_player_free(struct vs_player *rp)
{
	if (rp == NULL)
		return;
	if (rp->listen_fd >= 0)
		close(rp->listen_fd);
	if (rp->stop_fd >= 0)
		close(rp->stop_fd);
	if (rp->main_fd >= 0)
		close(rp->main_fd);
	if (rp->channel_fd >= 0)
		close(rp->channel_fd);
	if (rp->path != NULL)
		unlink(rp->path);
	if (rp->dir != NULL)
		rmdir(rp->dir);
	g_free(rp->path);
	g_free(rp->dir);
	g_ptr_array_free(rp->records, TRUE);
	g_free(rp);
}
