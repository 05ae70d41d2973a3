/*
 * --inject RULE: faults vhostsniff puts into a session on purpose, for
 * back-end developers (issue 16).
 *
 *   RULE   := FILTER[#N]:ACTION[,ACTION...]
 *   FILTER := the UI's display filter (tui/tui-filter.h); #N: its Nth match only
 *   ACTION := drop | delay=DURATION | close=front|back|both [, after]
 *           | corrupt=FIELD=VALUE | strip-fds | stall=DURATION | reply=VALUE
 *
 * Rules are parsed with the options (a bad one is a usage error, exit 2) and
 * applied on the relay thread, never blocking it: a delayed message and those
 * behind it wait on a timer, a stalled side is not polled for a while. What
 * was done to a message is on its record (vs_record.inject), so the capture
 * and the output show it as an inject.* finding, never as the peer's doing.
 */
#ifndef VS_INJECT_H
#define VS_INJECT_H

#include <glib.h>

struct vs_inject;
struct vs_link;
struct vs_conn;
struct vs_frame;

/* Add one rule to *set (created on the first); FALSE with a sentence in *error. */
gboolean vs_inject_add(struct vs_inject **set, const char *text, GError **error);
void vs_inject_free(struct vs_inject *set);

/* relay side: a link's state (timers, delayed frames), NULL without --inject */
struct vs_inject_link *vs_inject_link_new(struct vs_inject *set, struct vs_link *link);
/* The link closed: what still waits (delayed) is recorded, never sent; no more timers. */
void vs_inject_link_closed(struct vs_inject_link *il);
void vs_inject_link_free(struct vs_inject_link *il);
/* A whole message read from c: TRUE when the rules took it (dropped,
 * answered, delayed, or the link closed at it), FALSE to forward it as usual. */
gboolean vs_inject_message(struct vs_inject_link *il, struct vs_conn *c, struct vs_frame *f);

#endif
