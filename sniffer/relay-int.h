/*
 * Inside the relay: the objects and how they hold each other.
 *
 *   relay ── sessions ── session ── main link ─┬─ conn to the front-end
 *                                  channel links └─ conn to the back-end
 *
 * A link relays one channel (main, or a back-end/GPU channel vhostsniff
 * interposed) between two sockets, one conn each. A conn frames what it reads
 * by the 12-byte header and writes the frames the other conn read. Nothing is
 * freed while a callback may still use it: closed links stay with their
 * session, and sessions are freed from an idle callback after they ended.
 */
#ifndef VS_RELAY_INT_H
#define VS_RELAY_INT_H

#include <sys/types.h>

#include <glib.h>

#include "sniffer/framer.h"
#include "sniffer/relay.h"

/* Payloads up to this are read whole before they are forwarded; beyond it a
 * message is forwarded as it streams through (the largest legal payload is
 * 2056 bytes, so only garbage or GPU frame updates come near it). */
#define VS_PAYLOAD_HARD_CAP (1u << 20)
/* Payload bytes of a streamed message that its record keeps. */
#define VS_STREAM_KEEP  4096u
#define VS_STREAM_CHUNK 65536u
/* The most fds one recvmsg can carry on Linux (SCM_MAX_FD). */
#define VS_MAX_RECV_FDS 253u
/* A direction's queue: when it holds this much, its source is not read. */
#define VS_OUTQ_MAX_FRAMES 256u
#define VS_OUTQ_MAX_BYTES  (4u << 20)
/* Reads in one go from one socket before the others get a turn. */
#define VS_READ_BUDGET 64
/* The most bytes one read takes from a socket (several messages at once). */
#define VS_READ_AHEAD 65536u
/* The most frames one sendmsg gathers. */
#define VS_WRITE_GATHER 64u
/* The longest a request's last bytes stay unread in its socket waiting for
 * the reply (relay-conn.c, "held"). */
#define VS_HOLD_MS 200
/* How long the survivor of a closed pair may take to take what was queued for it. */
#define VS_FLUSH_TIMEOUT_MS 2000u
/* Between two connect attempts. */
#define VS_CONNECT_RETRY_MS 100u

struct vs_session;
struct vs_link;
struct vs_relay_port; /* relay.c: what the relay holds for one port */

/* One message (or a piece of a streamed one) waiting to be written. */
struct vs_frame {
	/* The next in its queue: a conn's outq, or the relay's spare frames
	 * (a frame costs no allocation once the relay has run). */
	struct vs_frame *next;
	uint8_t *bytes;
	size_t len;
	size_t sent;
	int *fds; /* go with the first byte */
	unsigned nfds;
	gboolean fds_passed;    /* sent (or given up): our copies are closed */
	gboolean fds_described; /* their facts are in the record already */
	gboolean owns_bytes;    /* bytes are not record->bytes */
	/* Handed to the pipeline once the frame is written (or dropped at close);
	 * NULL for the pieces of a streamed message but the last. */
	struct vs_record *record;
	/* Where fd facts go: record, or the streamed message's record. */
	struct vs_record *describe_into;
	/* --kicks: the eventfd pair its fd was swapped for, watched once the
	 * record went to the pipeline (vs_kicks_arm); 0 = none */
	guint64 kick_arm;
};

/*
 * Frames in order, linked through their own next: a frame is in at most one
 * queue. Inline, not a GQueue: two pushes and two pops per message were
 * calls into GLib, a tenth of what the relay thread spends on a message in a
 * flood (make bench, section 11).
 */
struct vs_frame_queue {
	struct vs_frame *head;
	struct vs_frame *tail;
	guint length;
};

static inline gboolean vs_frame_queue_is_empty(const struct vs_frame_queue *q)
{
	return q->head == NULL;
}

static inline void vs_frame_queue_push(struct vs_frame_queue *q, struct vs_frame *f)
{
	f->next = NULL;
	if (q->tail != NULL)
		q->tail->next = f;
	else
		q->head = f;
	q->tail = f;
	q->length++;
}

/* First out next: the relay's spare frames, so that the frame used next is
 * the one last used, still in the cache (the queue's order does not matter
 * there). */
static inline void vs_frame_queue_push_head(struct vs_frame_queue *q, struct vs_frame *f)
{
	f->next = q->head;
	q->head = f;
	if (q->tail == NULL)
		q->tail = f;
	q->length++;
}

static inline struct vs_frame *vs_frame_queue_pop(struct vs_frame_queue *q)
{
	struct vs_frame *f = q->head;

	if (f == NULL)
		return NULL;
	q->head = f->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->length--;
	f->next = NULL;
	return f;
}

struct vs_conn {
	struct vs_link *link;
	int fd;                 /* -1 once closed */
	enum vu_direction from; /* who is on the other end of this socket */
	GPollFD poll;           /* what is polled for (relay-loop.c), when polled */
	gboolean polled;
	gboolean reading; /* FALSE once the link closes */
	gboolean paused;  /* the other direction's queue is full */
	gboolean stalled; /* --inject stall: not read until its timer */

	/* reader: the message being read */
	struct vs_framer framer;
	struct vs_record *stream_rec; /* a streamed message: what its record keeps */
	/* The record the message being read becomes: the framer reads it into
	 * the record's bytes (conn_buffer); NULL until a header needs one. */
	struct vs_record *next;
	GArray *fds; /* int: fds read with this message, not yet framed */
	/* CLOCK_REALTIME of the last read: the time of the messages it completed
	 * (one clock read per read, not per message) */
	guint64 read_ns;
	gboolean warned_ctrunc;
	uint8_t *ahead;       /* VS_READ_AHEAD bytes: what one read-ahead peeked */
	size_t held;          /* bytes framed and forwarded but left in the socket */
	gint64 hold_until;    /* monotonic µs when they are taken even without a reply */
	gboolean keep_unread; /* close without taking them: the other side reset */
	gboolean hold_off;    /* a hold ran out: none until the other side speaks again */

	/* writer: frames for this socket, oldest first */
	struct vs_frame_queue outq;
	size_t out_bytes;
	gboolean holding; /* the other side is framing a read: write once it is done */
	int error;        /* errno of the failed read or write */
};

struct vs_link {
	struct vs_session *session;
	enum vu_channel channel;
	/* [VU_FROM_FRONT] the front-end's socket, [VU_FROM_BACK] the back-end's */
	struct vs_conn conn[2];
	gboolean closing; /* a side is gone; the other gets what was queued */
	gboolean closed;
	/* A channel other than the main one: one side sent EOF, the other may
	 * still send (half_closed); its EOF goes on once its queue is written
	 * (shut_pending); the CHANNEL_END record was made (end_recorded). */
	gboolean half_closed, shut_pending, end_recorded;
	char *reason;
	GSource *flush_timer;
	struct vs_inject_link *inject; /* --inject (sniffer/inject.h); NULL without */
};

struct vs_session {
	struct vs_relay *relay;
	struct vs_relay_port *rport;
	const struct vs_port *port; /* the port its front-end came through */
	guint32 id;                 /* 0 until it starts */
	int front_fd, back_fd;
	GSource *connect_timer; /* connecting to the back-end */
	guint64 connect_deadline_ns;
	int connect_errno;

	gboolean started, ended;
	struct vs_link *main;
	GPtrArray *links; /* every link, main first; freed with the session */
	struct vs_session_facts facts;
	guint64 dropped;
	enum vu_dialect dialect; /* --dialect, else a peer's program's (session.c) */
};

/* ---- relay.c ---- */
struct vs_loop *vs_relay_loop(struct vs_relay *relay);
const struct vs_options *vs_relay_options(struct vs_relay *relay);
/* Number the record, hand it to the pipeline, count drops against the session. */
void vs_relay_submit(struct vs_relay *relay, struct vs_session *s, struct vs_record *r);
/* A record to fill for vs_relay_submit (vs_pipeline_record_new). */
struct vs_record *vs_relay_record_new(struct vs_relay *relay);
/* A session's back-end socket: the next one that connects (back-listen). */
void vs_relay_wait_back(struct vs_relay *relay, struct vs_session *s);
void vs_relay_session_started(struct vs_relay *relay, struct vs_session *s);
const struct vs_port *vs_relay_port_of(struct vs_relay_port *rport);
/* The label a port's records carry (interned), NULL when not shown. */
const char *vs_relay_port_label(struct vs_relay_port *rport);
/* The session ended (or never started); free it later. */
void vs_relay_session_gone(struct vs_relay *relay, struct vs_session *s);
/* The back-end could not be reached: fatal before the first session, else a warning. */
void vs_relay_back_unreachable(struct vs_relay *relay, struct vs_session *s, const char *why);
GSource *vs_relay_add_timeout(struct vs_relay *relay, guint ms, GSourceFunc fn, gpointer data);
/* The relay's spare frames (relay-conn.c), the relay thread's alone. */
struct vs_frame_queue *vs_relay_spare_frames(struct vs_relay *relay);
gboolean vs_relay_stopping(struct vs_relay *relay);
/* A port's gate's listener for front-ends: fd (-1: none) and the inode of our
 * socket file at the port's front path (0: none), removed at exit. */
void vs_relay_port_front_listener(struct vs_relay_port *rport, int fd, ino_t inode);

/* ---- relay-loop.c ---- */
struct vs_loop;
struct vs_loop *vs_loop_new(GMainContext *ctx);
void vs_loop_free(struct vs_loop *loop);
/* Poll the link's sockets (its conns' poll entries) until it is removed. */
void vs_loop_add_link(struct vs_loop *loop, struct vs_link *link);
void vs_loop_remove_link(struct vs_loop *loop, struct vs_link *link);
/* Attach a source to the loop's context from the loop's own thread. */
void vs_loop_attach(struct vs_loop *loop, GSource *source);
/* Until vs_loop_quit; then what is ready still, without waiting. */
void vs_loop_run(struct vs_loop *loop);
void vs_loop_quit(struct vs_loop *loop);
/* Monotonic µs read when the loop last woke up: what is dispatched then
 * happened a few µs after it, and a clock read costs a tenth of a µs here. */
gint64 vs_loop_now(const struct vs_loop *loop);

/* ---- relay-gate.c ---- */
struct vs_gate;
/* Listen at path (where a listener with the socket file inode is already) only
 * while the back-end listens at back_path; keep_file: never remove ours. */
struct vs_gate *vs_gate_new(struct vs_relay *relay, struct vs_relay_port *rport, const char *path,
                            const char *back_path, gboolean keep_file, ino_t inode);
/* Look at the back-end's socket now (a session ended: it may have gone). */
void vs_gate_check(struct vs_gate *g);
/* Returns the inode of our socket file at the path (0: none), for removal. */
ino_t vs_gate_free(struct vs_gate *g);

/* ---- relay-socket.c ---- */
enum vs_connect_status {
	VS_CONNECT_OK = 0,
	VS_CONNECT_RETRY, /* nobody listens yet: try again later */
	VS_CONNECT_FAILED,
};
int vs_socket_listen(const char *path, guint mode, ino_t *inode, GError **error);
enum vs_connect_status vs_socket_connect(const char *path, int *fd, int *err);
/* "cannot connect to PATH: ERROR (is the back-end running?)" */
char *vs_socket_connect_message(const char *path, int err, const char *peer);
/* The peer's pid (SO_PEERCRED) and command line; 0/NULL when unknown. */
void vs_socket_peer(int fd, pid_t *pid, char **cmdline);
/* TRUE when the peer of a connected socket has gone (without reading anything). */
gboolean vs_socket_peer_gone(int fd);
void vs_socket_unlink_if(const char *path, ino_t inode);

/* ---- relay-conn.c ---- */
void vs_conn_open(struct vs_conn *c, struct vs_link *link, int fd, enum vu_direction from);
struct vs_conn *vs_conn_other(struct vs_conn *c);
/* Queue a frame for this socket and write what it can now. */
void vs_conn_push(struct vs_conn *c, struct vs_frame *f);
void vs_conn_stop_reading(struct vs_conn *c);
/* Poll for what the conn needs now (reading, writing or nothing). */
void vs_conn_update(struct vs_conn *c);
/* The loop polled (c->poll.revents) at now (monotonic µs): read, write, take
 * held bytes that are due. TRUE when there was something to do. */
gboolean vs_conn_dispatch(struct vs_conn *c, gint64 now);
/* Write what the socket takes now; TRUE when the queue is empty. No callbacks. */
gboolean vs_conn_write_now(struct vs_conn *c, gboolean *failed);
/* The message being read, cut short: forward its bytes to `to` (or just
 * record them when to is NULL); the record is marked truncated. */
void vs_conn_cut_partial(struct vs_conn *c, struct vs_conn *to);
/* Drop what is queued (recording it), close the socket. */
void vs_conn_close(struct vs_conn *c);
void vs_conn_clear(struct vs_conn *c);

struct vs_frame *vs_frame_new(struct vs_relay *relay, struct vs_record *record, uint8_t *bytes,
                              size_t len, gboolean owns_bytes);
void vs_frame_take_fds(struct vs_frame *f, GArray *fds);
/* Fill the record's fd facts from the fds we still hold (once). */
void vs_frame_describe(struct vs_frame *f);
/* Describe and close its fds, submit its record, keep it for the next one. */
void vs_frame_finish(struct vs_frame *f, struct vs_session *s);

/* ---- relay-link.c ---- */
struct vs_link *vs_link_new(struct vs_session *s, enum vu_channel channel, int front_fd,
                            int back_fd);
/* A whole message read from c: interpose a handed-over socket, forward. */
void vs_link_message(struct vs_link *link, struct vs_conn *c, struct vs_frame *f);
/* c's peer closed or failed: flush the other side, then close it. */
void vs_link_fail(struct vs_link *link, struct vs_conn *c, const char *reason);
/* c's peer sent EOF: on the main channel as vs_link_fail; on the others the
 * EOF is passed on and the other side may still send until it closes too. */
void vs_link_eof(struct vs_link *link, struct vs_conn *c);
/* c's queue is empty: finish a closing link, or pass on a pending EOF. */
void vs_link_drained(struct vs_link *link, struct vs_conn *c);
/* Close both sides now (best-effort flush); no callback to the session. */
void vs_link_abort(struct vs_link *link, const char *reason);
void vs_link_free(struct vs_link *link);

/* ---- session.c ---- */
struct vs_session *vs_session_new(struct vs_relay *relay, struct vs_relay_port *rport,
                                  int front_fd);
/* Find the back-end: connect, or wait for it to connect. */
void vs_session_find_back(struct vs_session *s);
/* Both sockets are there: the session starts. */
void vs_session_start(struct vs_session *s, int back_fd);
/* A link closed by itself; the main link's closing ends the session. */
void vs_session_link_closed(struct vs_session *s, struct vs_link *link);
void vs_session_add_link(struct vs_session *s, struct vs_link *link);
/* One side closed a channel other than the main one: a CHANNEL_END record. */
void vs_session_channel_end(struct vs_session *s, enum vu_channel channel, enum vu_direction by);
void vs_session_end(struct vs_session *s, const char *reason);
/* Forget a session that never started (its sockets are closed). */
void vs_session_abandon(struct vs_session *s);
void vs_session_free(struct vs_session *s);

#endif
