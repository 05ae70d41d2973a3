/*
 * The relay: vhostsniff between a vhost-user front-end and back-end. It owns
 * the sockets of every session, forwards each message with its fds unchanged
 * (forward first), then hands a record of it to the pipeline (record second).
 * It runs a GMainLoop on its own GMainContext, so it may run in any thread.
 */
#ifndef VS_RELAY_H
#define VS_RELAY_H

#include <glib.h>

#include "sniffer/options.h"
#include "vscore/pipeline.h"

struct vs_relay;

/* Create the listening sockets the roles need. opts and p must outlive the relay. */
struct vs_relay *vs_relay_new(const struct vs_options *opts, struct vs_pipeline *p, GError **error);

/* vs_relay_new for the program's main thread: SIGINT and SIGTERM end the
 * sessions cleanly, held from before the first socket exists (a peer may
 * signal vhostsniff as soon as it sees it). */
struct vs_relay *vs_relay_new_interruptible(const struct vs_options *opts, struct vs_pipeline *p,
                                            GError **error);

/*
 * Relay until --sessions or --count is reached, vs_relay_stop is called or a
 * signal arrives (0), or a peer cannot be reached at start (1). Every
 * session has ended and its records were submitted when it returns.
 */
int vs_relay_run(struct vs_relay *relay);

/* Ask a running relay to end its sessions and return; from any thread. */
void vs_relay_stop(struct vs_relay *relay);

/* --kicks: the eventfd interposer (sniffer/kick.h), for its hook; NULL without. */
struct vs_kicks *vs_relay_kicks(struct vs_relay *relay);

/* Close everything and remove the sockets vhostsniff listened on. */
void vs_relay_free(struct vs_relay *relay);

#endif
