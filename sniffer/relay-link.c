/*
 * A link relays one channel between the front-end's socket and the
 * back-end's. It also puts vhostsniff between the peers on every further
 * channel the front-end hands over: SET_BACKEND_REQ_FD (old name
 * SET_SLAVE_REQ_FD) and GPU_SET_SOCKET pass a socket; the back-end gets one
 * end of our own socketpair instead, and a new link relays between the
 * front-end's socket and the other end. On those channels the back-end sends
 * the requests and the front-end replies.
 *
 * When one side closes, the other gets what was already queued for it and is
 * then closed too, as it would have seen the close without vhostsniff.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dissector/vu-dissector.h"
#include "sniffer/inject.h"
#include "sniffer/kick.h"
#include "sniffer/options.h"
#include "sniffer/relay-int.h"
#include "vscore/log.h"

struct vs_link *vs_link_new(struct vs_session *s, enum vu_channel channel, int front_fd,
                            int back_fd)
{
	struct vs_link *link = g_new0(struct vs_link, 1);

	link->session = s;
	link->channel = channel;
	vs_conn_open(&link->conn[VU_FROM_FRONT], link, front_fd, VU_FROM_FRONT);
	vs_conn_open(&link->conn[VU_FROM_BACK], link, back_fd, VU_FROM_BACK);
	link->inject = vs_inject_link_new(vs_relay_options(s->relay)->inject, link);
	/* polled until both its sockets closed (vs_conn_close) */
	vs_loop_add_link(vs_relay_loop(s->relay), link);
	return link;
}

/* The socket a front-end request hands over, if we can sit on it. */
static gboolean channel_socket(int fd, const char *what)
{
	struct stat st;
	int type = 0;
	socklen_t len = sizeof(type);

	if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
		return FALSE;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM) {
		vs_warn("the %s channel is not a stream socket; it is passed on unwatched", what);
		return FALSE;
	}
	return TRUE;
}

static void interpose(struct vs_link *link, struct vs_frame *f)
{
	struct vs_session *s = link->session;
	enum vu_channel channel;
	uint32_t request, flags;
	int theirs, pair[2], their_flags;

	if (f->len < VU_HDR_SIZE || f->nfds == 0)
		return;
	memcpy(&request, f->bytes, sizeof(request));
	memcpy(&flags, f->bytes + 4, sizeof(flags));
	if (flags & VU_FLAG_REPLY)
		return;
	if (request == VU_REQ_SET_BACKEND_REQ_FD)
		channel = VU_CHANNEL_BACKEND;
	else if (request == VU_REQ_GPU_SET_SOCKET)
		channel = VU_CHANNEL_GPU;
	else
		return;

	theirs = f->fds[0];
	if (!channel_socket(theirs, vu_channel_name(channel)))
		return;
	/* The back-end gets the socket as the front-end made it: O_NONBLOCK
	 * belongs to the open file, which crosses the socket with the fd. */
	their_flags = fcntl(theirs, F_GETFL);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
		vs_warn("session %u: cannot create a socketpair (%s); the %s channel is passed on "
		        "unwatched",
		        s->id, g_strerror(errno), vu_channel_name(channel));
		return;
	}
	fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK);
	if (their_flags >= 0 && (their_flags & O_NONBLOCK))
		fcntl(pair[1], F_SETFL, fcntl(pair[1], F_GETFL) | O_NONBLOCK);
	/* The record shows the socket the front-end sent. */
	vs_frame_describe(f);
	f->fds[0] = pair[1];
	/* The front-end keeps the other end of its socketpair and closes this
	 * one once sent, so making it non-blocking changes nothing for it. */
	fcntl(theirs, F_SETFL, fcntl(theirs, F_GETFL) | O_NONBLOCK);
	fcntl(theirs, F_SETFD, FD_CLOEXEC);
	vs_session_add_link(s, vs_link_new(s, channel, theirs, pair[0]));
	vs_info("session %u: watching the %s channel", s->id, vu_channel_name(channel));
}

/*
 * --kicks: a kick, call or error eventfd is swapped for one of the
 * interposer's. The record describes the fd that crossed to the back-end,
 * flagged as ours; its inode is that of our eventfd.
 */
static void interpose_eventfd(struct vs_link *link, struct vs_frame *f)
{
	struct vs_kicks *kicks = vs_relay_kicks(link->session->relay);

	if (kicks == NULL || f->fds_described || f->fds_passed)
		return;
	if (!vs_kicks_message(kicks, link->session->id, vs_relay_port_label(link->session->rport),
	                      f->bytes, f->len, f->fds, f->nfds, &f->kick_arm))
		return;
	vs_frame_describe(f);
	if (f->describe_into != NULL && f->describe_into->nfds > 0)
		f->describe_into->fds[0].flags |= VU_FD_F_INTERPOSED;
}

void vs_link_message(struct vs_link *link, struct vs_conn *c, struct vs_frame *f)
{
	if (link->channel == VU_CHANNEL_MAIN && c->from == VU_FROM_FRONT) {
		interpose(link, f);
		interpose_eventfd(link, f);
	}
	if (link->inject != NULL && vs_inject_message(link->inject, c, f))
		return;
	vs_conn_push(vs_conn_other(c), f);
}

static void link_finish(struct vs_link *link)
{
	if (link->closed)
		return;
	link->closed = TRUE;
	link->closing = TRUE;
	if (link->flush_timer != NULL) {
		g_source_destroy(link->flush_timer);
		g_source_unref(link->flush_timer);
		link->flush_timer = NULL;
	}
	vs_conn_close(&link->conn[VU_FROM_FRONT]);
	vs_conn_close(&link->conn[VU_FROM_BACK]);
	vs_inject_link_closed(link->inject);
	vs_session_link_closed(link->session, link);
}

static gboolean on_flush_timeout(gpointer data)
{
	struct vs_link *link = data;
	struct vs_conn *c =
	    &link->conn[link->conn[VU_FROM_FRONT].fd >= 0 ? VU_FROM_FRONT : VU_FROM_BACK];

	vs_warn("session %u: the %s-end did not take %u queued messages within %u ms; closing it",
	        link->session->id, c->from == VU_FROM_FRONT ? "front" : "back", c->outq.length,
	        VS_FLUSH_TIMEOUT_MS);
	g_source_unref(link->flush_timer);
	link->flush_timer = NULL;
	link_finish(link);
	return G_SOURCE_REMOVE;
}

static void record_channel_end(struct vs_link *link, struct vs_conn *c)
{
	if (link->channel == VU_CHANNEL_MAIN || link->end_recorded)
		return;
	link->end_recorded = TRUE;
	vs_session_channel_end(link->session, link->channel, c->from);
}

/*
 * As over a direct socket: the other side reads the EOF once what was queued
 * for it is written, and may still send. What it sends is relayed and
 * recorded (the analyzer flags it); the link ends when it closes too. The
 * main channel's EOF ends the session instead.
 */
void vs_link_eof(struct vs_link *link, struct vs_conn *c)
{
	struct vs_conn *survivor = vs_conn_other(c);
	g_autofree char *reason =
	    g_strdup_printf("%s closed", c->from == VU_FROM_FRONT ? "front" : "back");

	if (link->channel == VU_CHANNEL_MAIN || link->closing || link->half_closed ||
	    survivor->fd < 0) {
		vs_link_fail(link, c, reason);
		return;
	}
	link->half_closed = TRUE;
	vs_info("session %u: the %s-end closed its side of the %s channel; the other side may "
	        "still send",
	        link->session->id, c->from == VU_FROM_FRONT ? "front" : "back",
	        vu_channel_name(link->channel));
	vs_conn_stop_reading(c);
	vs_conn_cut_partial(c, survivor);
	record_channel_end(link, c);
	if (vs_frame_queue_is_empty(&survivor->outq))
		shutdown(survivor->fd, SHUT_WR);
	else
		link->shut_pending = TRUE;
}

/*
 * The main channel's end ends the session and its other channels with it.
 * Those close first: a peer that dies closes all its sockets at once, and a
 * survivor woken by the main channel's close alone tears the device down
 * without reading the others' EOF (QEMU: no back-end channel EOF, no error).
 */
static void close_other_channels(struct vs_link *main_link, const char *reason)
{
	GPtrArray *links = main_link->session->links;

	for (guint i = 0; i < links->len; i++)
		if (g_ptr_array_index(links, i) != main_link)
			vs_link_abort(g_ptr_array_index(links, i), reason);
}

void vs_link_fail(struct vs_link *link, struct vs_conn *c, const char *reason)
{
	struct vs_conn *survivor = vs_conn_other(c);
	gboolean failed;

	if (link->closed)
		return;
	record_channel_end(link, c);
	if (link->closing) {
		/* the survivor went too while we flushed to it */
		link_finish(link);
		return;
	}
	link->closing = TRUE;
	link->reason = g_strdup(reason);
	/* c's peer died with bytes unread: its survivor is reset as well. */
	if (c->error == ECONNRESET)
		survivor->keep_unread = TRUE;
	if (link->channel == VU_CHANNEL_MAIN)
		close_other_channels(link, reason);
	vs_conn_stop_reading(c);
	vs_conn_stop_reading(survivor);
	/* The bytes of a message cut short still go where they were going. */
	vs_conn_cut_partial(c, survivor);
	vs_conn_cut_partial(survivor, NULL);
	vs_conn_close(c);
	if (survivor->fd < 0 || vs_conn_write_now(survivor, &failed) || failed) {
		link_finish(link);
		return;
	}
	vs_conn_update(survivor);
	link->flush_timer =
	    vs_relay_add_timeout(link->session->relay, VS_FLUSH_TIMEOUT_MS, on_flush_timeout, link);
}

void vs_link_drained(struct vs_link *link, struct vs_conn *c)
{
	if (link->closing) {
		link_finish(link);
		return;
	}
	if (link->shut_pending && c->fd >= 0) {
		link->shut_pending = FALSE;
		shutdown(c->fd, SHUT_WR);
	}
}

void vs_link_abort(struct vs_link *link, const char *reason)
{
	gboolean failed;

	if (link->closed)
		return;
	if (link->reason == NULL)
		link->reason = g_strdup(reason);
	link->closing = TRUE;
	link->closed = TRUE;
	if (link->flush_timer != NULL) {
		g_source_destroy(link->flush_timer);
		g_source_unref(link->flush_timer);
		link->flush_timer = NULL;
	}
	for (int i = 0; i < 2; i++)
		vs_conn_stop_reading(&link->conn[i]);
	/* Best effort: whatever the sockets take right now. */
	for (int i = 0; i < 2; i++)
		if (link->conn[i].fd >= 0)
			vs_conn_write_now(&link->conn[i], &failed);
	vs_conn_close(&link->conn[VU_FROM_FRONT]);
	vs_conn_close(&link->conn[VU_FROM_BACK]);
	vs_inject_link_closed(link->inject);
}

void vs_link_free(struct vs_link *link)
{
	if (link == NULL)
		return;
	if (link->flush_timer != NULL) {
		g_source_destroy(link->flush_timer);
		g_source_unref(link->flush_timer);
	}
	vs_inject_link_free(link->inject);
	vs_conn_clear(&link->conn[VU_FROM_FRONT]);
	vs_conn_clear(&link->conn[VU_FROM_BACK]);
	g_free(link->reason);
	g_free(link);
}
