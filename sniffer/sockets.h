/*
 * -D/--list-sockets: the vhost-user sockets of this host that vhostsniff
 * could sit on, as tcpdump -D lists interfaces.
 *
 * sockets-scan.c reads what the kernel says (listening UNIX stream sockets
 * from /proc/net/unix, their owners from /proc/PID/fd, connected peers from
 * sock_diag); sockets-list.c judges which of them speak vhost-user, from the
 * programs that hold them, and prints the list as text or JSON.
 */
#ifndef VS_SOCKETS_H
#define VS_SOCKETS_H

#include <stdio.h>

#include <glib.h>

/* A process holding a socket. */
struct vs_socket_process {
	int pid;
	char *name;    /* basename of argv[0] (or /proc/PID/comm) */
	char **argv;   /* its command line, NULL-terminated */
	char *cmdline; /* argv joined by spaces, for display */
};

struct vs_listening_socket {
	char *path;    /* the filesystem path it is bound to */
	guint64 inode; /* of the socket */
	/* struct vs_socket_process *, owned by the scan's table of processes */
	GPtrArray *owners; /* the process holding it (the first one found) */
	GPtrArray *peers;  /* the other ends of its accepted connections */
	guint connections; /* accepted connections open now */
};

struct vs_socket_scan {
	GPtrArray *listening;  /* struct vs_listening_socket *, by path */
	gboolean peers_known;  /* sock_diag answered: peers are complete */
	char *peers_why;       /* when not: why */
	GHashTable *processes; /* pid -> struct vs_socket_process *, each read once */
};

/* Every listening UNIX stream socket bound to a path, in this network namespace. */
struct vs_socket_scan *vs_socket_scan_new(GError **error);
void vs_socket_scan_free(struct vs_socket_scan *scan);

/* Print the list (-D); verbose also lists the sockets that are not vhost-user.
 * Returns the exit status. */
int vs_sockets_list(FILE *out, gboolean json, int verbose);

#endif
