/*
 * The kernel's sock_diag for UNIX sockets: what -D lists (peers, bound
 * files) and what the gate asks (does the back-end listen?), read one way.
 */
#ifndef VS_SOCK_DIAG_H
#define VS_SOCK_DIAG_H

#include <glib.h>
#include <sys/stat.h>

/* Masks of socket states to dump (the kernel's TCP_* numbering). */
#define VS_SOCK_DIAG_ANY_STATE (~0u)
#define VS_SOCK_DIAG_LISTENING (1u << 10) /* TCP_LISTEN */

/* One UNIX socket as sock_diag tells of it. */
struct vs_sock_diag_entry {
	guint64 inode;      /* the socket's */
	guint64 peer;       /* inode of the other end, 0 = none */
	guint64 file_inode; /* of the file it is bound to, 0 = none */
	guint file_major;   /* that file's device */
	guint file_minor;
};

typedef void (*vs_sock_diag_func)(const struct vs_sock_diag_entry *entry, gpointer user_data);

/* Calls func for every UNIX socket in one of states. FALSE (and *why, when
 * why is not NULL, for the caller to g_free) when the kernel did not answer
 * to the end: entries already given may be a part of the sockets only. */
gboolean vs_sock_diag_unix(guint32 states, vs_sock_diag_func func, gpointer user_data, char **why);

/* Whether entry is bound to the file st describes. */
gboolean vs_sock_diag_is_file(const struct vs_sock_diag_entry *entry, const struct stat *st);

#endif
