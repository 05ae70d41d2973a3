/*
 * --kicks: vhostsniff between the peers on every kick, call and error
 * eventfd, as it is on their sockets.
 *
 * SET_VRING_KICK, SET_VRING_CALL and SET_VRING_ERR hand the back-end an
 * eventfd of the front-end's. With --kicks the relay keeps that one and
 * hands the back-end an eventfd of the interposer's instead (the message's
 * record describes the fd that crossed, flagged VU_FD_F_INTERPOSED). A
 * thread of its own (epoll, no GLib main loop) forwards every signal the
 * way it was going: a kick from the front-end's eventfd to ours, a call or
 * error from ours to the front-end's. An eventfd read returns the sum of the
 * writes since the last read, and that sum is written on whole, so no signal
 * is lost or added; several signals read at once are counted as coalesced.
 * Each read becomes a notification record (VU_RECORD_NOTIFY,
 * dissector/vu-notify.h) for the pipeline, and goes to the hook.
 *
 * A later message for the same ring and signal replaces the pair (what the
 * old eventfd still holds is forwarded first); a NOFD message closes it; the
 * session's end closes all of its pairs. Without --kicks none of this
 * exists and the fds pass unchanged.
 */
#ifndef VS_KICK_H
#define VS_KICK_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "dissector/vu-notify.h"
#include "vscore/pipeline.h"

struct vs_kicks;

/*
 * The hook: "a kick (call, err) of session S, vring V was forwarded". It is
 * called right after the signal went on, once per eventfd read, with the
 * interposer's lock held, on the interposer's thread, or on the relay's for
 * what an eventfd already held when it began to be watched (vs_kicks_arm)
 * or still held when its pair closed: it must return quickly and must not
 * call vs_kicks_* (e.g. wake a walker: write an eventfd, signal a condition).
 * For the walker of --packets: vs_kicks_set_hook(vs_relay_kicks(relay), ...)
 * once the relay is made.
 */
typedef void (*vs_kicks_hook_fn)(gpointer data, guint32 session, guint vring,
                                 enum vu_notify_signal signal, guint64 count);

/* Start the thread. p (may be NULL: no records) must outlive the interposer. */
struct vs_kicks *vs_kicks_new(struct vs_pipeline *p, GError **error);
/* Set (or clear, fn NULL) the hook; from any thread. */
void vs_kicks_set_hook(struct vs_kicks *k, vs_kicks_hook_fn fn, gpointer data);

/*
 * Relay thread: a request of the front-end on the main channel, before it is
 * forwarded with its fds. For SET_VRING_KICK, SET_VRING_CALL and
 * SET_VRING_ERR with an fd, fds[0] is replaced by an eventfd of ours (the
 * caller then owns that one and no longer the front-end's); returns TRUE
 * then, with *arm the pair's id for vs_kicks_arm. SET_VRING_ENABLE and
 * GET_VRING_BASE are noted for the records' flags. port: the session's
 * label (interned) or NULL.
 */
gboolean vs_kicks_message(struct vs_kicks *k, guint32 session, const char *port, const uint8_t *msg,
                          size_t len, int *fds, unsigned nfds, guint64 *arm);

/* Relay thread: the message that made pair arm went to the pipeline; its
 * signals are forwarded from now on, so that their records come after the
 * message's. What a peer signalled meanwhile waited in its eventfd and goes
 * on now. A pair already replaced or closed is not armed. */
void vs_kicks_arm(struct vs_kicks *k, guint64 arm);

/* The session ended: every pair of it is closed (what they hold is
 * forwarded first). Its last records are submitted when this returns. */
void vs_kicks_session_end(struct vs_kicks *k, guint32 session);

/* The totals of one ring's signal so far in the session, over every pair
 * it had: signals forwarded, eventfd reads. FALSE when the interposer knows
 * no such ring (none of its messages came, or the session ended). */
gboolean vs_kicks_totals(struct vs_kicks *k, guint32 session, guint vring,
                         enum vu_notify_signal signal, guint64 *signals, guint64 *reads);

/* Stop the thread, close every pair. NULL is fine. */
void vs_kicks_free(struct vs_kicks *k);

#endif
