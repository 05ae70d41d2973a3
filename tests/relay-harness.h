/*
 * The harness of the tests that run the real vhostsniff binary between fake
 * vhost-user peers: blocking peer sockets that send and read messages as a
 * peer does (fds with the first byte of a write; a message read as header
 * then payload), and vhostsniff as a subprocess ($VHOSTSNIFF, else
 * ./vhostsniff) with its stdout and stderr in files of a temporary directory.
 * Failures abort the test (g_assert, g_error); every wait has a deadline.
 */
#ifndef VS_TESTS_RELAY_HARNESS_H
#define VS_TESTS_RELAY_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>

#define TIMEOUT_MS 30000 /* a deadline for failing, not a wait: runs take well under 1 s */
#define HDR        12u
/* The most fds one peer_recv call may collect into its caller's array. */
#define RH_MAX_FDS 16u

/* ---- peers ---------------------------------------------------------------- */

gint64 now_ms(void);
gboolean wait_readable(int fd, int timeout_ms);
int peer_listen(const char *path);
/* Connect, retrying while nobody listens yet (the peers start in any order). */
int peer_connect(const char *path);
int peer_accept(int listen_fd);

/* Header (native byte order, as on the wire) and payload into buf; the length. */
size_t msg_build(uint8_t *buf, uint32_t request, uint32_t flags, const void *payload,
                 uint32_t size);
/* One logical write: all of buf (blocking), the fds with its first byte. */
void peer_send(int fd, const void *buf, size_t len, const int *fds, unsigned nfds);
void peer_send_msg(int fd, uint32_t request, uint32_t flags, const void *payload, uint32_t size,
                   const int *fds, unsigned nfds);
/* Read exactly len bytes, one recvmsg per piece; fds that arrive are appended
 * to fds (room for RH_MAX_FDS). FALSE on EOF before len bytes. */
gboolean peer_recv(int fd, void *buf, size_t len, int *fds, unsigned *nfds);

/* A received message: header, payload, and the fds of its header read and payload read. */
struct rx {
	uint32_t request, flags, size;
	uint8_t payload[4096];
	int hdr_fds[RH_MAX_FDS];
	unsigned hdr_nfds;
	int payload_fds[RH_MAX_FDS];
	unsigned payload_nfds;
};

void peer_recv_msg(int fd, struct rx *m);
void rx_close_fds(struct rx *m);
/* The peer closed: the next read is EOF. */
void peer_expect_eof(int fd);
ino_t inode_of(int fd);
int memfd_sized(const char *name, off_t size);
/* How many fds process pid has open (its /proc/PID/fd entries). */
guint proc_fd_count(pid_t pid);

/* ---- vhostsniff as a subprocess -------------------------------------------- */

struct sniff {
	char *dir;
	char *front, *back; /* socket paths */
	char *out, *err;    /* its stdout (JSON) and stderr */
	pid_t pid;
	int status;
	char **lines;  /* stdout, once it exited */
	int stdout_fd; /* when >= 0, its stdout instead of the out file */
};

const char *sniff_binary(void);
struct sniff *sniff_new(void);
/* Run vhostsniff -T json ARGS... (NULL-terminated). */
void sniff_start(struct sniff *s, ...) G_GNUC_NULL_TERMINATED;
/* The same with the arguments in a NULL-terminated array. */
void sniff_startv(struct sniff *s, const char *const *args);
/* Wait for the listening socket vhostsniff creates. */
void sniff_wait_path(struct sniff *s, const char *path);
/* Wait for the exit (killing it after TIMEOUT_MS); the status (128 + signal
 * when killed), and stdout split into s->lines. */
int sniff_wait(struct sniff *s);
char *sniff_stderr(struct sniff *s);
void sniff_free(struct sniff *s);
/* Index of the first line from `from` that holds every string (NULL-terminated), or -1. */
int find_line(struct sniff *s, int from, ...) G_GNUC_NULL_TERMINATED;
int count_lines(struct sniff *s, const char *needle);
/* The number vhostsniff said before `what` ("N lines were dropped"); 0 if it did not. */
guint64 sniff_said_count(const char *text, const char *what);

/* The usual roles, vhostsniff -l front -c back, with both peers connected. */
struct pair {
	int front; /* our front-end's connection */
	int back;  /* our back-end's connection */
	int back_listen;
};

void pair_open_usual(struct sniff *s, struct pair *p, const char *sessions);
void pair_close(struct pair *p);

#endif
