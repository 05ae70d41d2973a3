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
	char *path; /* the filesystem path it was bound to (the file may have moved since) */
	/* Where its file is now: path, or where it was moved (--wrap moves the
	 * peer's aside and renames vhostsniff's over it); NULL when not found. */
	char *file;
	guint64 inode; /* of the socket */
	/* The socket file's inode and device (kernel major:minor), from sock_diag;
	 * 0 when unknown. A file renamed after bind is found by these. */
	guint64 file_inode;
	guint file_major, file_minor;
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

/* The listening socket whose file is at path now (by the file's inode), or NULL. */
const struct vs_listening_socket *vs_socket_scan_find_file(const struct vs_socket_scan *scan,
                                                           const char *path);

/* How sure it is that a socket speaks vhost-user, and which end listens on it. */
enum vs_vhost_user_confidence {
	VS_VU_UNKNOWN = 0,
	VS_VU_LIKELY = 1,
	VS_VU_SURE = 2,
};

enum vs_listening_end {
	VS_END_UNKNOWN = 0,
	VS_END_FRONT, /* the front-end listens (QEMU server=on, virtio-user server=1) */
	VS_END_BACK,  /* the back-end listens (qemu-storage-daemon, DPDK vhost, virtiofsd) */
};

struct vs_socket_verdict {
	enum vs_vhost_user_confidence confidence;
	enum vs_listening_end end;
	char *why; /* a sentence, or NULL; the caller frees it */
};

/* Judge l from the command lines of the processes at either end. */
void vs_socket_judge(const struct vs_listening_socket *l, struct vs_socket_verdict *verdict);

/* Print the list (-D); verbose also lists the sockets that are not vhost-user.
 * Returns the exit status. */
int vs_sockets_list(FILE *out, gboolean json, int verbose);

#endif
