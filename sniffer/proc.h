/*
 * What /proc says about another process: its command line. Both the relay
 * (the peers of a session, from SO_PEERCRED) and -D (the owners of a socket)
 * name processes by it.
 */
#ifndef VS_PROC_H
#define VS_PROC_H

#include <glib.h>

/* The arguments of pid, NULL-terminated (g_strfreev), or NULL when it is
 * gone. A kernel thread has none: an empty vector. */
char **vs_proc_argv(int pid);

/* argv joined by spaces, for display. */
char *vs_proc_cmdline_of(char *const *argv);

#endif
