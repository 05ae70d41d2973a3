/*
 * A session: one front-end connection and its back-end connection, from the
 * moment both are there (SESSION_START, with who the peers are) until one of
 * them closes (SESSION_END, with why). It owns the main link and the links of
 * the channels vhostsniff interposed, which close with it.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sniffer/kick.h"
#include "sniffer/relay-int.h"
#include "vscore/log.h"

struct vs_session *vs_session_new(struct vs_relay *relay, struct vs_relay_port *rport, int front_fd)
{
	struct vs_session *s = g_new0(struct vs_session, 1);

	s->relay = relay;
	s->rport = rport;
	s->port = vs_relay_port_of(rport);
	s->front_fd = front_fd;
	s->back_fd = -1;
	s->links = g_ptr_array_new();
	return s;
}

static void cancel_connect(struct vs_session *s)
{
	if (s->connect_timer == NULL)
		return;
	g_source_destroy(s->connect_timer);
	g_source_unref(s->connect_timer);
	s->connect_timer = NULL;
}

/* One attempt to reach the back-end; TRUE when there is nothing more to try. */
static gboolean connect_back(struct vs_session *s)
{
	const struct vs_port *o = s->port;
	int fd, err;

	/* A front-end that left while we waited needs no back-end; connecting
	 * would only show the back-end a connection that closes at once (and
	 * virtiofsd serves one connection, then exits). */
	if (vs_socket_peer_gone(s->front_fd)) {
		vs_info("the front-end left before the back-end was reached");
		vs_session_abandon(s);
		return TRUE;
	}
	switch (vs_socket_connect(o->back_path, &fd, &err)) {
	case VS_CONNECT_OK:
		vs_session_start(s, fd);
		return TRUE;
	case VS_CONNECT_RETRY:
		if (s->connect_errno != err)
			vs_debug("connecting to %s: %s; retrying", o->back_path, g_strerror(err));
		s->connect_errno = err;
		if (vs_now_ns() < s->connect_deadline_ns)
			return FALSE;
		break;
	case VS_CONNECT_FAILED:
		break;
	}
	g_autofree char *why = vs_socket_connect_message(o->back_path, err, "back-end");
	vs_relay_back_unreachable(s->relay, s, why);
	return TRUE;
}

static gboolean on_connect_timer(gpointer data)
{
	struct vs_session *s = data;

	if (!connect_back(s))
		return G_SOURCE_CONTINUE;
	/* connect_back may have abandoned s already, which cancels the timer */
	if (s->connect_timer != NULL) {
		g_source_unref(s->connect_timer);
		s->connect_timer = NULL;
	}
	return G_SOURCE_REMOVE;
}

void vs_session_find_back(struct vs_session *s)
{
	const struct vs_options *o = vs_relay_options(s->relay);

	if (s->port->back_role == VS_ROLE_LISTEN) {
		vs_relay_wait_back(s->relay, s);
		return;
	}
	s->connect_deadline_ns = vs_now_ns() + (guint64)o->connect_timeout_ms * 1000000u;
	if (!connect_back(s))
		s->connect_timer =
		    vs_relay_add_timeout(s->relay, VS_CONNECT_RETRY_MS, on_connect_timer, s);
}

static void submit_event(struct vs_session *s, enum vu_record_kind kind)
{
	struct vs_record *r = vs_record_new();

	r->kind = (uint8_t)kind;
	r->ts_ns = vs_now_ns();
	r->channel = VU_CHANNEL_MAIN;
	r->from = VU_FROM_FRONT;
	vs_session_facts_copy(&r->facts, &s->facts);
	vs_relay_submit(s->relay, s, r);
}

static const char *peer_name(const char *cmdline)
{
	return cmdline != NULL ? cmdline : "unknown";
}

void vs_session_start(struct vs_session *s, int back_fd)
{
	const struct vs_port *o = s->port;
	const struct vs_options *opts = vs_relay_options(s->relay);
	struct vs_session_facts *f = &s->facts;

	cancel_connect(s);
	s->back_fd = back_fd;
	s->started = TRUE;
	f->front_path = g_strdup(o->front_path);
	f->back_path = g_strdup(o->back_path);
	f->front_role = (uint8_t)o->front_role;
	f->back_role = (uint8_t)o->back_role;
	vs_socket_peer(s->front_fd, &f->front_pid, &f->front_cmdline);
	vs_socket_peer(s->back_fd, &f->back_pid, &f->back_cmdline);
	/* Given by option, they name everything; the capture says so, so that
	 * reading it back names everything the same without the options. */
	if (opts->device != VU_DEVICE_UNKNOWN)
		f->device = g_strdup(vu_device_type_name(opts->device));
	if (opts->dialect_given)
		f->dialect = g_strdup(vu_dialect_name(opts->dialect));
	/* What the relay names requests in (a request held for its reply, the
	 * filter of --inject): what is known at the start. A request number only
	 * crosvm uses, which the analyzer also takes as evidence, is not learnt. */
	if (opts->dialect_given)
		s->dialect = opts->dialect;
	else if (!vu_dialect_of_cmdline(f->front_cmdline, &s->dialect))
		vu_dialect_of_cmdline(f->back_cmdline, &s->dialect);
	vs_relay_session_started(s->relay, s);
	vs_info("session %u on port %s: front-end pid %ld (%s), back-end pid %ld (%s)", s->id,
	        o->label, (long)f->front_pid, peer_name(f->front_cmdline), (long)f->back_pid,
	        peer_name(f->back_cmdline));
	submit_event(s, VU_RECORD_SESSION_START);

	s->main = vs_link_new(s, VU_CHANNEL_MAIN, s->front_fd, s->back_fd);
	s->front_fd = -1;
	s->back_fd = -1;
	g_ptr_array_add(s->links, s->main);
}

void vs_session_add_link(struct vs_session *s, struct vs_link *link)
{
	g_ptr_array_add(s->links, link);
}

void vs_session_channel_end(struct vs_session *s, enum vu_channel channel, enum vu_direction by)
{
	struct vs_record *r = vs_record_new();

	r->kind = VU_RECORD_CHANNEL_END;
	r->ts_ns = vs_now_ns();
	r->channel = (uint8_t)channel;
	r->from = (uint8_t)by;
	vs_relay_submit(s->relay, s, r);
}

void vs_session_link_closed(struct vs_session *s, struct vs_link *link)
{
	if (link == s->main) {
		vs_session_end(s, link->reason);
		return;
	}
	vs_info("session %u: the %s channel closed (%s)", s->id, vu_channel_name(link->channel),
	        link->reason ? link->reason : "closed");
}

void vs_session_end(struct vs_session *s, const char *reason)
{
	if (s->ended || !s->started)
		return;
	s->ended = TRUE;
	/* Its eventfd pairs close first: their last signals go on and their
	 * records come before the session's end. */
	if (vs_relay_kicks(s->relay) != NULL)
		vs_kicks_session_end(vs_relay_kicks(s->relay), s->id);
	/* Every channel closes with the session; their last records come first. */
	for (guint i = 0; i < s->links->len; i++)
		vs_link_abort(g_ptr_array_index(s->links, i), reason);
	g_free(s->facts.reason);
	if (s->dropped > 0)
		s->facts.reason = g_strdup_printf("%s; %" G_GUINT64_FORMAT
		                                  " messages not decoded (output too slow)",
		                                  reason ? reason : "ended", s->dropped);
	else
		s->facts.reason = g_strdup(reason ? reason : "ended");
	vs_info("session %u ended: %s", s->id, s->facts.reason);
	submit_event(s, VU_RECORD_SESSION_END);
	vs_relay_session_gone(s->relay, s);
}

void vs_session_abandon(struct vs_session *s)
{
	if (s->started)
		return;
	cancel_connect(s);
	if (s->front_fd >= 0)
		close(s->front_fd);
	if (s->back_fd >= 0)
		close(s->back_fd);
	s->front_fd = -1;
	s->back_fd = -1;
	s->ended = TRUE;
	vs_relay_session_gone(s->relay, s);
}

void vs_session_free(struct vs_session *s)
{
	if (s == NULL)
		return;
	cancel_connect(s);
	for (guint i = 0; i < s->links->len; i++)
		vs_link_free(g_ptr_array_index(s->links, i));
	g_ptr_array_free(s->links, TRUE);
	if (s->front_fd >= 0)
		close(s->front_fd);
	if (s->back_fd >= 0)
		close(s->back_fd);
	vs_session_facts_clear(&s->facts);
	g_free(s);
}
