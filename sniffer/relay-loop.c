/*
 * The relay's loop: the links' sockets are polled and dispatched here, and
 * GLib's sources (listeners, timers, the signal pipe, stop requests) behind
 * them, in one poll.
 *
 * A GLib source costs its prepare and check, with a lock and a ref, at each
 * wake-up of GLib's loop, and a round trip wakes the relay about twice: with
 * the links as GLib sources, GLib's loop took 3,000 of vhostsniff's 9,900
 * user-space instructions per round trip (make bench, section 11). Here a
 * wake-up that only the links' sockets (or their held bytes' deadlines)
 * caused dispatches the links and does not enter GLib at all. GLib is asked
 * for its poll set and its timeout once (prepare and query), and that set is
 * polled beside the sockets until one of its fds is ready, its timeout
 * passes, or a source was attached from this thread: then GLib checks and
 * dispatches, and is asked again. GLib wakes its owner for a source attached
 * from another thread (its wake-up fd is in the set), not for one attached
 * from the owner itself: so every attach of the relay's thread goes through
 * vs_loop_attach, which makes the loop ask again.
 */
#include <errno.h>
#include <string.h>

#include "sniffer/relay-int.h"
#include "vscore/direct-sys.h"
#include "vscore/log.h"

/* GLib's poll set is handed to poll(2) as it is, as GLib itself does on Unix. */
G_STATIC_ASSERT(sizeof(GPollFD) == sizeof(struct pollfd));
G_STATIC_ASSERT(G_IO_IN == POLLIN && G_IO_OUT == POLLOUT && G_IO_HUP == POLLHUP);

struct vs_loop {
	GMainContext *ctx;
	GPtrArray *links;     /* struct vs_link; NULL: removed during a dispatch */
	gboolean links_holes; /* links has NULLs to compact */
	/* One poll's set: GLib's nglib fds first, then the links' polled
	 * sockets, whose conns are in fd_conns. Plain arrays: GArray's append
	 * took a fifth of the loop's instructions. */
	GPollFD *fds;
	struct vs_conn **fd_conns;
	guint fds_size; /* room in both */
	guint nglib, nfds;
	gint priority;     /* GLib's: the highest priority ready at prepare */
	gint64 glib_due;   /* monotonic µs when GLib's timeout passes; G_MAXINT64: none */
	gboolean prepared; /* GLib's poll set is in fds; check it after the poll */
	gboolean stale;    /* a source was attached: GLib is to be asked again */
	gboolean quit;
	/* monotonic µs after the last poll: the next poll's timeout is reckoned
	 * from it, one clock read per wake-up (a dispatch takes microseconds,
	 * the timeouts are milliseconds) */
	gint64 now;
};

struct vs_loop *vs_loop_new(GMainContext *ctx)
{
	struct vs_loop *loop = g_new0(struct vs_loop, 1);

	loop->ctx = g_main_context_ref(ctx);
	loop->links = g_ptr_array_new();
	loop->now = g_get_monotonic_time();
	return loop;
}

void vs_loop_free(struct vs_loop *loop)
{
	if (loop == NULL)
		return;
	g_ptr_array_free(loop->links, TRUE);
	g_free(loop->fds);
	g_free(loop->fd_conns);
	g_main_context_unref(loop->ctx);
	g_free(loop);
}

void vs_loop_add_link(struct vs_loop *loop, struct vs_link *link)
{
	g_ptr_array_add(loop->links, link);
}

void vs_loop_remove_link(struct vs_loop *loop, struct vs_link *link)
{
	/* A dispatch may be walking the array: the slot is emptied, and the
	 * array compacted before the next poll. */
	for (guint i = 0; i < loop->links->len; i++)
		if (g_ptr_array_index(loop->links, i) == link) {
			g_ptr_array_index(loop->links, i) = NULL;
			loop->links_holes = TRUE;
		}
}

void vs_loop_attach(struct vs_loop *loop, GSource *source)
{
	g_source_attach(source, loop->ctx);
	loop->stale = TRUE;
}

gint64 vs_loop_now(const struct vs_loop *loop)
{
	return loop->now;
}

void vs_loop_quit(struct vs_loop *loop)
{
	loop->quit = TRUE;
}

static void compact_links(struct vs_loop *loop)
{
	guint kept = 0;

	for (guint i = 0; i < loop->links->len; i++)
		if (g_ptr_array_index(loop->links, i) != NULL)
			g_ptr_array_index(loop->links, kept++) = g_ptr_array_index(loop->links, i);
	g_ptr_array_set_size(loop->links, kept);
	loop->links_holes = FALSE;
}

static void make_room(struct vs_loop *loop, guint n)
{
	if (n <= loop->fds_size)
		return;
	loop->fds_size = MAX(n, 2 * loop->fds_size);
	loop->fds = g_renew(GPollFD, loop->fds, loop->fds_size);
	loop->fd_conns = g_renew(struct vs_conn *, loop->fd_conns, loop->fds_size);
}

/* GLib's poll set and timeout, into the first entries of fds. */
static void glib_prepare(struct vs_loop *loop, gint64 now)
{
	gint timeout, n;

	g_main_context_prepare(loop->ctx, &loop->priority);
	while ((n = g_main_context_query(loop->ctx, loop->priority, &timeout, loop->fds,
	                                 (gint)loop->fds_size)) > (gint)loop->fds_size)
		make_room(loop, (guint)n);
	loop->nglib = (guint)n;
	loop->glib_due = timeout < 0 ? G_MAXINT64 : now + (gint64)timeout * 1000;
	loop->prepared = TRUE;
	loop->stale = FALSE;
}

/* The links' sockets to poll, after GLib's; the soonest held bytes are due. */
static gint64 add_link_fds(struct vs_loop *loop)
{
	gint64 due = G_MAXINT64;

	make_room(loop, loop->nglib + 2 * loop->links->len);
	loop->nfds = loop->nglib;
	for (guint i = 0; i < loop->links->len; i++) {
		struct vs_link *link = g_ptr_array_index(loop->links, i);

		for (int side = 0; side < 2; side++) {
			struct vs_conn *c = &link->conn[side];

			if (c->fd < 0)
				continue;
			if (c->held > 0)
				due = MIN(due, c->hold_until);
			if (c->polled) {
				loop->fds[loop->nfds] = c->poll;
				loop->fds[loop->nfds].revents = 0;
				loop->fd_conns[loop->nfds++] = c;
			}
		}
	}
	return due;
}

static gboolean glib_ready(const struct vs_loop *loop, gint64 now)
{
	if (now >= loop->glib_due)
		return TRUE;
	for (guint i = 0; i < loop->nglib; i++)
		if (loop->fds[i].revents != 0)
			return TRUE;
	return FALSE;
}

/* One wake-up: poll (for at most the soonest deadline when block, else not at
 * all), dispatch the links, then GLib if it has something. TRUE when anything
 * was ready. */
static gboolean iterate(struct vs_loop *loop, gboolean block)
{
	gint64 now = loop->now, due;
	gint timeout = 0;
	gboolean any = FALSE;
	int n;

	if (loop->links_holes)
		compact_links(loop);
	if (!loop->prepared)
		glib_prepare(loop, now);
	due = MIN(add_link_fds(loop), loop->glib_due);
	if (block && due == G_MAXINT64)
		timeout = -1;
	else if (block && due > now)
		timeout = (gint)MIN((due - now + 999) / 1000, G_MAXINT);
	n = vs_sys_poll((struct pollfd *)(void *)loop->fds, loop->nfds, timeout);
	if (n < 0 && errno != EINTR)
		vs_warn("poll: %s", g_strerror(errno));
	now = loop->now = g_get_monotonic_time();
	for (guint i = loop->nglib; i < loop->nfds; i++)
		loop->fd_conns[i]->poll.revents = loop->fds[i].revents;
	/* Links added meanwhile are not in the set yet; removed ones are NULL. */
	for (guint i = 0, len = loop->links->len; i < len; i++) {
		struct vs_link *link = g_ptr_array_index(loop->links, i);

		for (int side = 0; side < 2 && link != NULL; side++)
			any |= vs_conn_dispatch(&link->conn[side], now);
	}
	if (glib_ready(loop, now) || loop->stale) {
		if (g_main_context_check(loop->ctx, loop->priority, loop->fds, (gint)loop->nglib)) {
			g_main_context_dispatch(loop->ctx);
			any = TRUE;
		}
		loop->prepared = FALSE;
	}
	return any;
}

void vs_loop_run(struct vs_loop *loop)
{
	if (!g_main_context_acquire(loop->ctx))
		g_error("the relay's loop runs in one thread");
	loop->now = g_get_monotonic_time();
	while (!loop->quit)
		iterate(loop, TRUE);
	/* What ended on the way out (sessions freed, last writes). */
	while (iterate(loop, FALSE))
		;
	g_main_context_release(loop->ctx);
}
