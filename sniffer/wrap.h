/*
 * --wrap PATH: sit on a socket a peer already listens on, without changing a
 * command line. The listener's socket file moves aside (PATH.vhostsniff-wrapped,
 * the same inode, so the listener keeps accepting there), vhostsniff listens
 * at PATH with the original's owner, group and mode, and connects to the file
 * aside for each session. On exit the original goes back to PATH; after a
 * SIGKILL, --unwrap PATH puts it back.
 *
 * Each step is atomic: the original's file gets a second name (a hard link,
 * PATH.vhostsniff-wrapped), then ours is renamed over PATH; restoring renames
 * the second name back over ours. A peer that connects to PATH at any moment
 * reaches one listener or the other, never nothing.
 */
#ifndef VS_WRAP_H
#define VS_WRAP_H

#include <sys/types.h>

#include <glib.h>

#include "sniffer/sockets.h"

#define VS_WRAP_SUFFIX ".vhostsniff-wrapped"

struct vs_wrap {
	char *path;  /* where the peers connect: the original's name, ours while wrapped */
	char *aside; /* where the original's socket file is while wrapped */
	enum vs_listening_end end; /* which end listens on the original */
	uid_t uid;                 /* the original file's owner, group and mode, given to ours */
	gid_t gid;
	mode_t mode;
	gboolean swapped; /* ours is at path now */
	ino_t original;   /* the original's file */
};

/* PATH.vhostsniff-wrapped (the caller frees it). */
char *vs_wrap_aside_path(const char *path);

/*
 * Check that path is a socket a vhost-user peer listens on and that is not
 * wrapped already, and tell which end listens (from the command lines, as -D
 * does). Nothing moves yet. Returns NULL with a sentence in *error.
 */
struct vs_wrap *vs_wrap_new(const char *path, GError **error);
void vs_wrap_free(struct vs_wrap *w);

/* Listen at w->path in the original's place: bind at a temporary name with
 * the original's owner, group and mode, link the original aside and rename
 * ours over it. Returns the listening fd (non-blocking) and its file's inode,
 * or -1 with *error. */
int vs_wrap_listen(struct vs_wrap *w, ino_t *inode, GError **error);

/* Put the original back at w->path and remove ours (inode: ours). */
void vs_wrap_restore(struct vs_wrap *w, ino_t inode);

/* --unwrap PATH, after a vhostsniff that wrapped it was killed: refuses when
 * nothing listens on the file aside or something still listens at PATH. */
gboolean vs_unwrap(const char *path, GError **error);

#endif
