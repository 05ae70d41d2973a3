/*
 * --replay FILE: play one peer of a recorded session against a live other
 * peer, and say where the live session parts from the recording.
 */
#ifndef VS_REPLAY_H
#define VS_REPLAY_H

#include <glib.h>

#include "sniffer/options.h"
#include "vscore/pipeline.h"

struct vs_player;

/*
 * Read the session to replay from opts->replay_path (opts->replay_session,
 * 0 = the first) and make the socket the player waits on; on success the
 * port of opts gets its player's side (the front side when the player is
 * the front-end, the back side otherwise) and the replay is ready for
 * vs_player_run. On failure (unreadable capture, no such session, no
 * message in it) *error says why.
 */
struct vs_player *vs_player_new(struct vs_options *opts, GError **error);

/*
 * Relay between the player and the live peer through p (whose sinks print
 * and record the live session as usual), then compare the live session
 * with the recording as --diff compares two captures, and print the report
 * on out (after the live lines). Returns 0 when they compare equal, 1 when
 * they differ, 2 when the replay could not run (the live peer was not
 * reached).
 */
int vs_player_run(struct vs_player *replay, struct vs_pipeline *p, FILE *out);

void vs_player_free(struct vs_player *replay);

#endif
