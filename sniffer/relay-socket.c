/*
 * The sockets at either end: listening (with a stale socket removed and the
 * mode set), connecting (non-blocking, retried by the caller), and what the
 * kernel tells about the peer.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sniffer/proc.h"
#include "sniffer/relay-int.h"
#include "vscore/log.h"

static gboolean fill_address(const char *path, struct sockaddr_un *sa, GError **error)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
		            "socket path %s is too long (unix sockets take at most %zu bytes)",
		            path, sizeof(sa->sun_path) - 1);
		return FALSE;
	}
	strcpy(sa->sun_path, path);
	return TRUE;
}

static gboolean set_error_errno(GError **error, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean set_error_errno(GError **error, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_autofree char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", what,
	            g_strerror(err));
	return FALSE;
}

/* TRUE when a process accepts connections on the socket at path: it is in
 * use, not left over. The probe is a connection it sees open and close. */
static gboolean socket_in_use(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	gboolean in_use;

	if (fd < 0)
		return FALSE;
	/* EAGAIN: its backlog is full, so someone listens; ECONNREFUSED: nobody does */
	in_use = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 || errno == EAGAIN;
	close(fd);
	return in_use;
}

/* A file left at path by an earlier run goes only if it is a socket nobody
 * listens on: never another kind of file, nor the live socket of a peer
 * (swapped -l and -c would take the back-end's path from under it). */
static gboolean remove_stale(const char *path, const struct sockaddr_un *sa, GError **error)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return TRUE;
		return set_error_errno(error, errno, "cannot check %s", path);
	}
	if (!S_ISSOCK(st.st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "%s exists and is not a socket; not removing it (choose another path)",
		            path);
		return FALSE;
	}
	if (socket_in_use(sa)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "%s is a socket another process listens on; not removing it (is it "
		            "the peer's socket? choose another path)",
		            path);
		return FALSE;
	}
	if (unlink(path) != 0)
		return set_error_errno(error, errno, "cannot remove the old socket %s", path);
	vs_info("removed the old socket %s", path);
	return TRUE;
}

int vs_socket_listen(const char *path, guint mode, ino_t *inode, GError **error)
{
	struct sockaddr_un sa;
	struct stat st;
	mode_t old_umask;
	int fd, rc;

	if (!fill_address(path, &sa, error) || !remove_stale(path, &sa, error))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		set_error_errno(error, errno, "cannot create a socket for %s", path);
		return -1;
	}
	/* The socket never exists with looser permissions than asked for; the
	 * chmod then gives it exactly the mode (umask cannot add bits). This runs
	 * before any other thread that creates files. */
	old_umask = umask(~mode & 0777);
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old_umask);
	if (rc != 0) {
		int err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
		            "cannot listen on %s: %s%s", path, g_strerror(err),
		            err == ENOENT   ? " (its directory does not exist)"
		            : err == EACCES ? " (no permission to create it there)"
		                            : "");
		close(fd);
		return -1;
	}
	if (chmod(path, mode) != 0 || listen(fd, 16) != 0 || stat(path, &st) != 0) {
		set_error_errno(error, errno, "cannot listen on %s", path);
		unlink(path);
		close(fd);
		return -1;
	}
	*inode = st.st_ino;
	return fd;
}

enum vs_connect_status vs_socket_connect(const char *path, int *fd_out, int *err)
{
	struct sockaddr_un sa;
	int fd;

	*fd_out = -1;
	*err = 0;
	if (!fill_address(path, &sa, NULL)) {
		*err = ENAMETOOLONG;
		return VS_CONNECT_FAILED;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = errno;
		return VS_CONNECT_FAILED;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		*fd_out = fd;
		return VS_CONNECT_OK;
	}
	*err = errno;
	close(fd);
	switch (*err) {
	case ENOENT:       /* the peer has not created its socket yet */
	case ECONNREFUSED: /* a socket file nobody listens on (yet, or any more) */
	case EAGAIN:       /* its backlog is full */
	case EINTR:
		return VS_CONNECT_RETRY;
	default:
		return VS_CONNECT_FAILED;
	}
}

char *vs_socket_connect_message(const char *path, int err, const char *peer)
{
	const char *hint = "";

	if (err == ENOENT || err == ECONNREFUSED)
		hint = peer[0] == 'b' ? " (is the back-end running?)"
		                      : " (is the front-end running "
		                        "and listening?)";
	else if (err == EACCES)
		hint = " (check the permissions of the socket and its directory)";
	return g_strdup_printf("cannot connect to %s: %s%s", path, g_strerror(err), hint);
}

void vs_socket_peer(int fd, pid_t *pid, char **cmdline)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	g_auto(GStrv) argv = NULL;

	*pid = 0;
	*cmdline = NULL;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.pid <= 0)
		return;
	*pid = cred.pid;
	argv = vs_proc_argv(cred.pid);
	if (argv != NULL)
		*cmdline = vs_proc_cmdline_of(argv);
}

gboolean vs_socket_peer_gone(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLRDHUP};

	if (poll(&p, 1, 0) < 0)
		return FALSE;
	return (p.revents & (POLLHUP | POLLERR | POLLRDHUP | POLLNVAL)) != 0;
}

void vs_socket_unlink_if(const char *path, ino_t inode)
{
	struct stat st;

	/* Someone may have replaced our socket meanwhile: leave theirs alone. */
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_ino == inode)
		unlink(path);
}
