/*
 * The relay object: the listening sockets, the connects to a listening
 * front-end, pairing front-ends with back-ends into sessions, numbering the
 * records, and when to stop (--sessions, --count, signals).
 *
 * Roles: a listening side accepts every connection (each front-end
 * connection is a new session; a back-end that connects waits for a
 * front-end, and the other way round). A connecting front side holds one
 * session at a time and connects again when it ends (QEMU server=on accepts
 * the next connection), retrying forever after the first session; the first
 * connect, and every connect to a back-end, give up after --connect-timeout.
 *
 * Ports: each port (-l/-c, every --map and --wrap) has its own listening
 * sockets, front-end connects and back-ends waiting to be paired; a session
 * belongs to the port its front-end came through. Sessions are numbered, and
 * --sessions and --count counted, over all ports.
 *
 * A port whose front side listens and whose back side connects listens only
 * while its back-end does (its gate, relay-gate.c).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "sniffer/kick.h"
#include "sniffer/relay-int.h"
#include "sniffer/wrap.h"
#include "vscore/log.h"

enum { SIDE_FRONT = 0, SIDE_BACK = 1 };

/* What the relay holds for one port. */
struct vs_relay_port {
	struct vs_relay *relay;
	const struct vs_port *port;
	const char *label; /* interned: what its records carry; NULL = not shown */

	int listen_fd[2]; /* [SIDE_FRONT], [SIDE_BACK]; -1 for a connecting side */
	ino_t listen_inode[2];
	GSource *listen_src[2];
	struct vs_gate *gate; /* the front side's, when the back side connects */

	/* front-connect */
	GSource *front_timer;
	guint64 front_deadline_ns; /* 0 = retry forever */
	int front_errno;

	GQueue waiting;     /* sessions waiting for a back-end to connect (back-listen) */
	GQueue spare_backs; /* back-end sockets that connected before a front-end */
	guint32 started;    /* sessions of this port that started */
};

struct vs_relay {
	const struct vs_options *opts;
	struct vs_pipeline *pipeline;
	GMainContext *ctx;
	struct vs_loop *loop; /* polls the links' sockets and ctx (relay-loop.c) */

	struct vs_relay_port *ports; /* one per opts->ports, in the same order */
	guint nports;

	GList *sessions; /* sessions not yet ended */
	GPtrArray *gone; /* ended sessions, freed from an idle callback */
	GSource *reaper;

	guint32 last_session;
	gint64 messages;
	gint sessions_ended;

	GSource *stop_src;
	GSource *signal_src; /* the read end of stop_signal_pipe */
	int signal_pipe[2];
	struct sigaction old_int, old_term;
	gboolean stopping;
	int status;

	struct vs_kicks *kicks; /* --kicks (sniffer/kick.h); NULL without */
	struct vs_frame_queue spare_frames;
};

struct vs_loop *vs_relay_loop(struct vs_relay *relay)
{
	return relay->loop;
}

const struct vs_options *vs_relay_options(struct vs_relay *relay)
{
	return relay->opts;
}

struct vs_kicks *vs_relay_kicks(struct vs_relay *relay)
{
	return relay->kicks;
}

struct vs_frame_queue *vs_relay_spare_frames(struct vs_relay *relay)
{
	return &relay->spare_frames;
}

gboolean vs_relay_stopping(struct vs_relay *relay)
{
	return relay->stopping;
}

GSource *vs_relay_add_timeout(struct vs_relay *relay, guint ms, GSourceFunc fn, gpointer data)
{
	GSource *source = g_timeout_source_new(ms);

	g_source_set_callback(source, fn, data, NULL);
	vs_loop_attach(relay->loop, source);
	return source;
}

static void destroy_source(GSource **source)
{
	if (*source == NULL)
		return;
	g_source_destroy(*source);
	g_source_unref(*source);
	*source = NULL;
}

/* ---- stopping ------------------------------------------------------------- */

static void relay_stop_now(struct vs_relay *relay, const char *reason)
{
	GList *sessions;
	gpointer fd;

	relay->stopping = TRUE;
	for (guint i = 0; i < relay->nports; i++) {
		struct vs_relay_port *rp = &relay->ports[i];

		destroy_source(&rp->front_timer);
		destroy_source(&rp->listen_src[SIDE_FRONT]);
		destroy_source(&rp->listen_src[SIDE_BACK]);
	}
	sessions = g_list_copy(relay->sessions);
	for (GList *l = sessions; l != NULL; l = l->next) {
		struct vs_session *s = l->data;
		if (s->started)
			vs_session_end(s, reason);
		else
			vs_session_abandon(s);
	}
	g_list_free(sessions);
	for (guint i = 0; i < relay->nports; i++)
		while ((fd = g_queue_pop_head(&relay->ports[i].spare_backs)) != NULL)
			close(GPOINTER_TO_INT(fd) - 1);
	vs_loop_quit(relay->loop);
}

struct stop_request {
	struct vs_relay *relay;
	char *reason;
};

static gboolean on_stop(gpointer data)
{
	struct stop_request *req = data;

	/* vs_relay_stop's sources are not the relay's own stop_src */
	if (req->relay->stop_src != NULL && req->relay->stop_src == g_main_current_source()) {
		g_source_unref(req->relay->stop_src);
		req->relay->stop_src = NULL;
	}
	if (!req->relay->stopping)
		relay_stop_now(req->relay, req->reason);
	return G_SOURCE_REMOVE;
}

static void stop_request_free(gpointer data)
{
	struct stop_request *req = data;

	g_free(req->reason);
	g_free(req);
}

static GSource *stop_source(struct vs_relay *relay, const char *reason)
{
	struct stop_request *req = g_new0(struct stop_request, 1);
	GSource *source = g_idle_source_new();

	req->relay = relay;
	req->reason = g_strdup(reason);
	g_source_set_priority(source, G_PRIORITY_HIGH);
	g_source_set_callback(source, on_stop, req, stop_request_free);
	return source;
}

/* Stop once the current callback has returned: it may still use what stopping frees. */
static void relay_stop_later(struct vs_relay *relay, int status, const char *reason)
{
	if (status > relay->status)
		relay->status = status;
	if (relay->stop_src != NULL || relay->stopping)
		return;
	relay->stop_src = stop_source(relay, reason);
	vs_loop_attach(relay->loop, relay->stop_src);
}

void vs_relay_stop(struct vs_relay *relay)
{
	/* Any thread: only a new source is attached, nothing of the relay is
	 * touched; GLib wakes the relay's thread for it. */
	GSource *source = stop_source(relay, "vhostsniff stopped");

	g_source_attach(source, relay->ctx);
	g_source_unref(source);
}

/*
 * SIGINT and SIGTERM end the run. The handler writes the signal's number to
 * a pipe whose read end is one source of the relay's loop. GLib's unix
 * signal sources took one source per signal and a worker thread; under
 * GLib's own loop, which prepared and checked every source at each wake-up,
 * the two cost 1,165 user-space instructions per round trip (make bench,
 * section 11). The write end is the process's, for the handler: one relay at
 * a time handles the signals.
 */
static int stop_signal_fd = -1;

static void on_stop_signal(int signum)
{
	int saved = errno;
	unsigned char b = (unsigned char)signum;
	ssize_t n = write(stop_signal_fd, &b, 1);

	(void)n; /* full: a stop is pending already */
	errno = saved;
}

static gboolean on_signal(gint fd, GIOCondition condition, gpointer data)
{
	struct vs_relay *relay = data;
	unsigned char b[16];

	(void)condition;
	while (read(fd, b, sizeof(b)) > 0)
		;
	vs_info("signal received: ending the sessions");
	relay_stop_later(relay, 0, "vhostsniff interrupted");
	return G_SOURCE_CONTINUE;
}

static void handle_signals(struct vs_relay *relay)
{
	struct sigaction sa = {.sa_handler = on_stop_signal, .sa_flags = SA_RESTART};

	if (!g_unix_open_pipe(relay->signal_pipe, FD_CLOEXEC, NULL) ||
	    !g_unix_set_fd_nonblocking(relay->signal_pipe[0], TRUE, NULL) ||
	    !g_unix_set_fd_nonblocking(relay->signal_pipe[1], TRUE, NULL))
		g_error("cannot make a pipe for signals: %s", g_strerror(errno));
	stop_signal_fd = relay->signal_pipe[1];
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &relay->old_int);
	sigaction(SIGTERM, &sa, &relay->old_term);
	relay->signal_src = g_unix_fd_source_new(relay->signal_pipe[0], G_IO_IN);
	g_source_set_callback(relay->signal_src, (GSourceFunc)(void (*)(void))on_signal, relay,
	                      NULL);
	vs_loop_attach(relay->loop, relay->signal_src);
}

static void unhandle_signals(struct vs_relay *relay)
{
	if (relay->signal_src == NULL)
		return;
	sigaction(SIGINT, &relay->old_int, NULL);
	sigaction(SIGTERM, &relay->old_term, NULL);
	stop_signal_fd = -1;
	destroy_source(&relay->signal_src);
	close(relay->signal_pipe[0]);
	close(relay->signal_pipe[1]);
}

/* ---- records -------------------------------------------------------------- */

struct vs_record *vs_relay_record_new(struct vs_relay *relay)
{
	return vs_pipeline_record_new(relay->pipeline);
}

void vs_relay_submit(struct vs_relay *relay, struct vs_session *s, struct vs_record *r)
{
	gint64 count = relay->opts->count;

	if (r->kind == VU_RECORD_MESSAGE) {
		if (count > 0 && relay->messages >= count) {
			/* forwarded while the relay stops; not asked for */
			vs_record_free(r);
			return;
		}
		relay->messages++;
	}
	r->session = s->id;
	r->port = s->rport->label;
	if (!vs_pipeline_submit(relay->pipeline, r))
		s->dropped++;
	if (count > 0 && relay->messages == count)
		relay_stop_later(relay, 0, "message count reached");
}

/* ---- sessions ------------------------------------------------------------- */

static gboolean on_reap(gpointer data)
{
	struct vs_relay *relay = data;

	for (guint i = 0; i < relay->gone->len; i++)
		vs_session_free(g_ptr_array_index(relay->gone, i));
	g_ptr_array_set_size(relay->gone, 0);
	g_source_unref(relay->reaper);
	relay->reaper = NULL;
	return G_SOURCE_REMOVE;
}

static void front_connect_begin(struct vs_relay_port *rp, gboolean first);

void vs_relay_session_started(struct vs_relay *relay, struct vs_session *s)
{
	s->id = ++relay->last_session;
	s->rport->started++;
}

const char *vs_relay_port_label(struct vs_relay_port *rp)
{
	return rp->label;
}

const struct vs_port *vs_relay_port_of(struct vs_relay_port *rp)
{
	return rp->port;
}

void vs_relay_session_gone(struct vs_relay *relay, struct vs_session *s)
{
	const struct vs_options *o = relay->opts;

	relay->sessions = g_list_remove(relay->sessions, s);
	g_queue_remove(&s->rport->waiting, s);
	g_ptr_array_add(relay->gone, s);
	if (relay->reaper == NULL) {
		relay->reaper = g_idle_source_new();
		g_source_set_callback(relay->reaper, on_reap, relay, NULL);
		vs_loop_attach(relay->loop, relay->reaper);
	}
	if (s->started) {
		relay->sessions_ended++;
		if (o->sessions > 0 && relay->sessions_ended >= o->sessions) {
			relay_stop_later(relay, 0, "session count reached");
			return;
		}
	}
	/* The back-end may have gone with the session: front-ends see it gone too. */
	if (s->rport->gate != NULL && !relay->stopping)
		vs_gate_check(s->rport->gate);
	/* A listening front-end makes the next session by connecting again. */
	if (s->port->front_role == VS_ROLE_CONNECT && !relay->stopping && relay->stop_src == NULL)
		front_connect_begin(s->rport, FALSE);
}

static void add_session(struct vs_relay_port *rp, int front_fd)
{
	struct vs_relay *relay = rp->relay;
	struct vs_session *s = vs_session_new(relay, rp, front_fd);

	relay->sessions = g_list_append(relay->sessions, s);
	vs_session_find_back(s);
}

void vs_relay_back_unreachable(struct vs_relay *relay, struct vs_session *s, const char *why)
{
	/* per port: one whose back-end was never reached stops the run */
	if (s->rport->started == 0) {
		vs_warn("%s", why);
		relay_stop_later(relay, 1, why);
	} else {
		vs_warn("%s; closing the front-end's connection", why);
	}
	vs_session_abandon(s);
}

/* Back-end sockets are kept as fd + 1 in the queue (a pointer cannot be 0). */
static int pop_live_back(struct vs_relay_port *rp)
{
	gpointer p;

	while ((p = g_queue_pop_head(&rp->spare_backs)) != NULL) {
		int fd = GPOINTER_TO_INT(p) - 1;
		if (!vs_socket_peer_gone(fd))
			return fd;
		vs_info("a back-end that connected earlier has gone");
		close(fd);
	}
	return -1;
}

void vs_relay_wait_back(struct vs_relay *relay, struct vs_session *s)
{
	struct vs_relay_port *rp = s->rport;
	int fd = pop_live_back(rp);

	(void)relay;
	if (fd >= 0) {
		vs_session_start(s, fd);
		return;
	}
	vs_info("waiting for the back-end to connect to %s", rp->port->back_path);
	g_queue_push_tail(&rp->waiting, s);
}

static void back_arrived(struct vs_relay_port *rp, int fd)
{
	struct vs_session *s;

	while ((s = g_queue_pop_head(&rp->waiting)) != NULL) {
		if (!vs_socket_peer_gone(s->front_fd)) {
			vs_session_start(s, fd);
			return;
		}
		vs_info("the front-end left before the back-end connected");
		vs_session_abandon(s);
	}
	g_queue_push_tail(&rp->spare_backs, GINT_TO_POINTER(fd + 1));
}

/* ---- listening ------------------------------------------------------------ */

static gboolean on_accept(gint listen_fd, GIOCondition cond, gpointer data, int side)
{
	struct vs_relay_port *rp = data;
	struct vs_relay *relay = rp->relay;

	(void)cond;
	for (;;) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				vs_warn("cannot accept on %s: %s",
				        side == SIDE_FRONT ? rp->port->front_path
				                           : rp->port->back_path,
				        g_strerror(errno));
			return G_SOURCE_CONTINUE;
		}
		if (relay->stopping) {
			close(fd);
			continue;
		}
		vs_info("the %s-end connected to %s", side == SIDE_FRONT ? "front" : "back",
		        side == SIDE_FRONT ? rp->port->front_path : rp->port->back_path);
		if (side == SIDE_FRONT)
			add_session(rp, fd);
		else
			back_arrived(rp, fd);
	}
}

static gboolean on_accept_front(gint fd, GIOCondition cond, gpointer data)
{
	return on_accept(fd, cond, data, SIDE_FRONT);
}

static gboolean on_accept_back(gint fd, GIOCondition cond, gpointer data)
{
	return on_accept(fd, cond, data, SIDE_BACK);
}

static gboolean listen_side(struct vs_relay_port *rp, int side, const char *path, GError **error)
{
	struct vs_wrap *wrap = rp->port->wrap;
	/* --wrap: the peer's own path, taken over with its owner and mode */
	int fd = wrap != NULL && strcmp(path, wrap->path) == 0
	             ? vs_wrap_listen(wrap, &rp->listen_inode[side], error)
	             : vs_socket_listen(path, rp->relay->opts->socket_mode, &rp->listen_inode[side],
	                                error);
	GSource *source;

	if (fd < 0)
		return FALSE;
	rp->listen_fd[side] = fd;
	source = g_unix_fd_source_new(fd, G_IO_IN);
	g_source_set_callback(source,
	                      side == SIDE_FRONT ? G_SOURCE_FUNC(on_accept_front)
	                                         : G_SOURCE_FUNC(on_accept_back),
	                      rp, NULL);
	vs_loop_attach(rp->relay->loop, source);
	rp->listen_src[side] = source;
	vs_info("listening on %s for the %s-end", path, side == SIDE_FRONT ? "front" : "back");
	return TRUE;
}

void vs_relay_port_front_listener(struct vs_relay_port *rp, int fd, ino_t inode)
{
	destroy_source(&rp->listen_src[SIDE_FRONT]);
	if (rp->listen_fd[SIDE_FRONT] >= 0)
		close(rp->listen_fd[SIDE_FRONT]);
	rp->listen_fd[SIDE_FRONT] = -1;
	rp->listen_inode[SIDE_FRONT] = inode;
	if (fd < 0)
		return;
	if (rp->relay->stopping) {
		close(fd);
		return;
	}
	rp->listen_fd[SIDE_FRONT] = fd;
	rp->listen_src[SIDE_FRONT] = g_unix_fd_source_new(fd, G_IO_IN);
	g_source_set_callback(rp->listen_src[SIDE_FRONT], G_SOURCE_FUNC(on_accept_front), rp, NULL);
	vs_loop_attach(rp->relay->loop, rp->listen_src[SIDE_FRONT]);
}

/* ---- connecting to a listening front-end ----------------------------------- */

/* TRUE when done: connected, or given up. */
static gboolean front_connect_try(struct vs_relay_port *rp)
{
	struct vs_relay *relay = rp->relay;
	const char *path = rp->port->front_path;
	int fd, err;

	switch (vs_socket_connect(path, &fd, &err)) {
	case VS_CONNECT_OK:
		vs_info("connected to the front-end at %s", path);
		add_session(rp, fd);
		return TRUE;
	case VS_CONNECT_RETRY:
		if (err != rp->front_errno)
			vs_debug("connecting to %s: %s; retrying", path, g_strerror(err));
		rp->front_errno = err;
		if (rp->front_deadline_ns == 0 || vs_now_ns() < rp->front_deadline_ns)
			return FALSE;
		break;
	case VS_CONNECT_FAILED:
		if (rp->front_deadline_ns == 0) {
			/* Later sessions: the front-end may come back; say it once. */
			if (err != rp->front_errno) {
				g_autofree char *msg =
				    vs_socket_connect_message(path, err, "front-end");
				vs_warn("%s; retrying", msg);
			}
			rp->front_errno = err;
			return FALSE;
		}
		break;
	}
	g_autofree char *msg = vs_socket_connect_message(path, err, "front-end");
	vs_warn("%s", msg);
	relay_stop_later(relay, 1, msg);
	return TRUE;
}

static gboolean on_front_timer(gpointer data)
{
	struct vs_relay_port *rp = data;

	if (!front_connect_try(rp))
		return G_SOURCE_CONTINUE;
	if (rp->front_timer != NULL) {
		g_source_unref(rp->front_timer);
		rp->front_timer = NULL;
	}
	return G_SOURCE_REMOVE;
}

static void front_connect_begin(struct vs_relay_port *rp, gboolean first)
{
	if (rp->front_timer != NULL)
		return;
	rp->front_errno = 0;
	rp->front_deadline_ns =
	    first ? vs_now_ns() + (guint64)rp->relay->opts->connect_timeout_ms * 1000000u : 0;
	/* After a session the front-end needs a moment to listen again. */
	if (first && front_connect_try(rp))
		return;
	rp->front_timer = vs_relay_add_timeout(rp->relay, VS_CONNECT_RETRY_MS, on_front_timer, rp);
}

/* ---- the relay ------------------------------------------------------------ */

/* --kicks with --packets: a kick or a call is the moment a ring has new
 * entries (made available, or used), so its walker looks at once rather than
 * at its next poll: the guest may reuse a descriptor as soon as it is used
 * (Linux virtio-fs sends every request through one). The interposer holds its
 * lock here; vs_pipeline_walk_ring only queues the ring and wakes the
 * pipeline's thread. An error signal says nothing of the entries. */
static void kicks_walk_hook(gpointer data, guint32 session, guint vring,
                            enum vu_notify_signal signal, guint64 count)
{
	(void)count;
	if (signal == VU_NOTIFY_KICK || signal == VU_NOTIFY_CALL)
		vs_pipeline_walk_ring(data, session, vring);
}

struct vs_relay *vs_relay_new(const struct vs_options *opts, struct vs_pipeline *p, GError **error)
{
	struct vs_relay *relay = g_new0(struct vs_relay, 1);

	relay->opts = opts;
	relay->pipeline = p;
	relay->ctx = g_main_context_new();
	relay->loop = vs_loop_new(relay->ctx);
	relay->gone = g_ptr_array_new();
	/* Its records and the walker's entries, in the order they go out. */
	vs_pipeline_number_records(p);
	/* Its one fd is there before the first session, not one more after. */
	vs_fd_describe_prepare();
	if (opts->kicks && (relay->kicks = vs_kicks_new(p, error)) == NULL) {
		vs_loop_free(relay->loop);
		g_main_context_unref(relay->ctx);
		g_ptr_array_free(relay->gone, TRUE);
		g_free(relay);
		return NULL;
	}
	if (relay->kicks != NULL && opts->packets)
		vs_kicks_set_hook(relay->kicks, kicks_walk_hook, p);
	relay->nports = opts->ports->len;
	relay->ports = g_new0(struct vs_relay_port, relay->nports);
	for (guint i = 0; i < relay->nports; i++) {
		struct vs_relay_port *rp = &relay->ports[i];

		rp->relay = relay;
		rp->port = vs_options_port(opts, i);
		rp->label = opts->show_ports ? g_intern_string(rp->port->label) : NULL;
		rp->listen_fd[SIDE_FRONT] = rp->listen_fd[SIDE_BACK] = -1;
		g_queue_init(&rp->waiting);
		g_queue_init(&rp->spare_backs);
	}
	for (guint i = 0; i < relay->nports; i++) {
		struct vs_relay_port *rp = &relay->ports[i];

		if ((rp->port->front_role == VS_ROLE_LISTEN &&
		     !listen_side(rp, SIDE_FRONT, rp->port->front_path, error)) ||
		    (rp->port->back_role == VS_ROLE_LISTEN &&
		     !listen_side(rp, SIDE_BACK, rp->port->back_path, error))) {
			vs_relay_free(relay);
			return NULL;
		}
		if (rp->port->front_role == VS_ROLE_LISTEN &&
		    rp->port->back_role == VS_ROLE_CONNECT)
			rp->gate =
			    vs_gate_new(relay, rp, rp->port->front_path, rp->port->back_path,
			                rp->port->wrap != NULL, rp->listen_inode[SIDE_FRONT]);
	}
	return relay;
}

int vs_relay_run(struct vs_relay *relay)
{
	g_main_context_push_thread_default(relay->ctx);
	for (guint i = 0; i < relay->nports && !relay->stopping; i++)
		if (relay->ports[i].port->front_role == VS_ROLE_CONNECT)
			front_connect_begin(&relay->ports[i], TRUE);
	vs_loop_run(relay->loop);
	g_main_context_pop_thread_default(relay->ctx);
	return relay->status;
}

/* Close a port's listening sockets and remove them (or put a wrapped one back). */
static void relay_port_clear(struct vs_relay_port *rp)
{
	/* A gate that is closed has no listener but may have its socket file. */
	gboolean gated = rp->gate != NULL;

	if (gated)
		rp->listen_inode[SIDE_FRONT] = vs_gate_free(rp->gate);
	rp->gate = NULL;
	destroy_source(&rp->front_timer);
	for (int i = 0; i < 2; i++) {
		destroy_source(&rp->listen_src[i]);
		if (rp->listen_fd[i] >= 0 || (i == SIDE_FRONT && gated)) {
			const char *path =
			    i == SIDE_FRONT ? rp->port->front_path : rp->port->back_path;
			struct vs_wrap *wrap = rp->port->wrap;

			if (rp->listen_fd[i] >= 0)
				close(rp->listen_fd[i]);
			rp->listen_fd[i] = -1;
			if (wrap != NULL && strcmp(path, wrap->path) == 0)
				vs_wrap_restore(wrap, rp->listen_inode[i]);
			else
				vs_socket_unlink_if(path, rp->listen_inode[i]);
		}
	}
}

void vs_relay_free(struct vs_relay *relay)
{
	gpointer fd;

	if (relay == NULL)
		return;
	destroy_source(&relay->stop_src);
	destroy_source(&relay->reaper);
	unhandle_signals(relay);
	for (guint p = 0; p < relay->nports; p++)
		relay_port_clear(&relay->ports[p]);
	for (GList *l = relay->sessions; l != NULL; l = l->next)
		vs_session_free(l->data);
	g_list_free(relay->sessions);
	for (guint i = 0; i < relay->gone->len; i++)
		vs_session_free(g_ptr_array_index(relay->gone, i));
	g_ptr_array_free(relay->gone, TRUE);
	for (guint p = 0; p < relay->nports; p++) {
		g_queue_clear(&relay->ports[p].waiting);
		while ((fd = g_queue_pop_head(&relay->ports[p].spare_backs)) != NULL)
			close(GPOINTER_TO_INT(fd) - 1);
	}
	g_free(relay->ports);
	/* After the sessions: each closed its pairs at its end. */
	vs_kicks_free(relay->kicks);
	while (!vs_frame_queue_is_empty(&relay->spare_frames))
		g_free(vs_frame_queue_pop(&relay->spare_frames));
	vs_loop_free(relay->loop);
	g_main_context_unref(relay->ctx);
	g_free(relay);
}

struct vs_relay *vs_relay_new_interruptible(const struct vs_options *opts, struct vs_pipeline *p,
                                            GError **error)
{
	sigset_t stop_signals, old_mask;
	struct vs_relay *relay;

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
	relay = vs_relay_new(opts, p, error);
	if (relay != NULL)
		handle_signals(relay);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return relay;
}
