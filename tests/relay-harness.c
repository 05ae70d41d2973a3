/*
 * Fake vhost-user peers and vhostsniff as a subprocess, for the tests that
 * run the real binary between sockets they play both peers on (test-relay,
 * test-stress, test-faults). See relay-harness.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/fd-send.h"
#include "tests/relay-harness.h"

/* ---- peers ---------------------------------------------------------------- */

static int unix_socket(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	g_assert_cmpint(fd, >=, 0);
	return fd;
}

static void fill_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	g_assert_cmpuint(strlen(path), <, sizeof(sa->sun_path));
	strcpy(sa->sun_path, path);
}

int peer_listen(const char *path)
{
	struct sockaddr_un sa;
	int fd = unix_socket();

	fill_addr(&sa, path);
	g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	g_assert_cmpint(listen(fd, 4), ==, 0);
	return fd;
}

gint64 now_ms(void)
{
	return g_get_monotonic_time() / 1000;
}

int peer_connect(const char *path)
{
	struct sockaddr_un sa;
	gint64 deadline = now_ms() + TIMEOUT_MS;

	fill_addr(&sa, path);
	for (;;) {
		int fd = unix_socket();
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		if (now_ms() > deadline)
			g_error("cannot connect to %s: %s", path, g_strerror(errno));
		g_usleep(10000);
	}
}

gboolean wait_readable(int fd, int timeout_ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	return poll(&p, 1, timeout_ms) == 1;
}

int peer_accept(int listen_fd)
{
	int fd;

	if (!wait_readable(listen_fd, TIMEOUT_MS))
		g_error("nobody connected within %d ms", TIMEOUT_MS);
	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	g_assert_cmpint(fd, >=, 0);
	return fd;
}

size_t msg_build(uint8_t *buf, uint32_t request, uint32_t flags, const void *payload, uint32_t size)
{
	memcpy(buf, &request, 4);
	memcpy(buf + 4, &flags, 4);
	memcpy(buf + 8, &size, 4);
	if (size > 0)
		memcpy(buf + HDR, payload, size);
	return HDR + size;
}

/* One sendmsg per call (all of it, blocking), fds with its first byte. */
void peer_send(int fd, const void *buf, size_t len, const int *fds, unsigned nfds)
{
	g_assert_cmpuint(nfds, <=, RH_MAX_FDS);
	g_assert_true(fd_send_all(fd, buf, len, fds, nfds));
}

void peer_send_msg(int fd, uint32_t request, uint32_t flags, const void *payload, uint32_t size,
                   const int *fds, unsigned nfds)
{
	g_autofree uint8_t *buf = g_malloc(HDR + size);
	size_t len = msg_build(buf, request, flags, payload, size);

	peer_send(fd, buf, len, fds, nfds);
}

gboolean peer_recv(int fd, void *buf, size_t len, int *fds, unsigned *nfds)
{
	size_t done = 0;

	while (done < len) {
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(sizeof(int) * RH_MAX_FDS)];
		} control;
		struct iovec iov = {.iov_base = (char *)buf + done, .iov_len = len - done};
		struct msghdr msg = {
		    .msg_iov = &iov,
		    .msg_iovlen = 1,
		    .msg_control = control.buf,
		    .msg_controllen = sizeof(control.buf),
		};
		ssize_t n;

		if (!wait_readable(fd, TIMEOUT_MS))
			g_error("no data within %d ms (%zu of %zu bytes)", TIMEOUT_MS, done, len);
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		g_assert_cmpint(n, >=, 0);
		if (n == 0)
			return FALSE;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			unsigned count = (unsigned)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			g_assert_nonnull(fds);
			g_assert_cmpuint(*nfds + count, <=, RH_MAX_FDS);
			memcpy(fds + *nfds, CMSG_DATA(c), count * sizeof(int));
			*nfds += count;
		}
		done += (size_t)n;
	}
	return TRUE;
}

void peer_recv_msg(int fd, struct rx *m)
{
	uint8_t hdr[HDR];

	memset(m, 0, sizeof(*m));
	g_assert_true(peer_recv(fd, hdr, HDR, m->hdr_fds, &m->hdr_nfds));
	memcpy(&m->request, hdr, 4);
	memcpy(&m->flags, hdr + 4, 4);
	memcpy(&m->size, hdr + 8, 4);
	g_assert_cmpuint(m->size, <=, sizeof(m->payload));
	if (m->size > 0)
		g_assert_true(peer_recv(fd, m->payload, m->size, m->payload_fds, &m->payload_nfds));
}

void rx_close_fds(struct rx *m)
{
	for (unsigned i = 0; i < m->hdr_nfds; i++)
		close(m->hdr_fds[i]);
	for (unsigned i = 0; i < m->payload_nfds; i++)
		close(m->payload_fds[i]);
}

void peer_expect_eof(int fd)
{
	char c;

	g_assert_true(wait_readable(fd, TIMEOUT_MS));
	g_assert_cmpint(recv(fd, &c, 1, 0), ==, 0);
}

ino_t inode_of(int fd)
{
	struct stat st;

	g_assert_cmpint(fstat(fd, &st), ==, 0);
	return st.st_ino;
}

int memfd_sized(const char *name, off_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(ftruncate(fd, size), ==, 0);
	return fd;
}

guint proc_fd_count(pid_t pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%ld/fd", (long)pid);
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	guint n = 0;

	g_assert_nonnull(dir);
	while (g_dir_read_name(dir) != NULL)
		n++;
	return n;
}

/* ---- vhostsniff as a subprocess -------------------------------------------- */

const char *sniff_binary(void)
{
	const char *path = g_getenv("VHOSTSNIFF");

	return path != NULL ? path : "./vhostsniff";
}

struct sniff *sniff_new(void)
{
	struct sniff *s = g_new0(struct sniff, 1);
	GError *error = NULL;

	s->dir = g_dir_make_tmp("test-relay-XXXXXX", &error);
	g_assert_no_error(error);
	s->front = g_build_filename(s->dir, "front.sock", NULL);
	s->back = g_build_filename(s->dir, "back.sock", NULL);
	s->out = g_build_filename(s->dir, "out.json", NULL);
	s->err = g_build_filename(s->dir, "err.txt", NULL);
	s->pid = -1;
	s->stdout_fd = -1;
	return s;
}

void sniff_startv(struct sniff *s, const char *const *args)
{
	GPtrArray *argv = g_ptr_array_new();

	g_ptr_array_add(argv, (char *)sniff_binary());
	g_ptr_array_add(argv, (char *)"-T");
	g_ptr_array_add(argv, (char *)"json");
	for (; *args != NULL; args++)
		g_ptr_array_add(argv, (char *)*args);
	g_ptr_array_add(argv, NULL);

	s->pid = fork();
	g_assert_cmpint(s->pid, >=, 0);
	if (s->pid == 0) {
		int out = s->stdout_fd >= 0 ? s->stdout_fd
		                            : open(s->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int err = open(s->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (out < 0 || err < 0)
			_exit(126);
		dup2(out, STDOUT_FILENO);
		dup2(err, STDERR_FILENO);
		/* a test that fails aborts: vhostsniff must not outlive it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execv((const char *)argv->pdata[0], (char **)argv->pdata);
		_exit(127);
	}
	g_ptr_array_free(argv, TRUE);
}

void sniff_start(struct sniff *s, ...)
{
	GPtrArray *args = g_ptr_array_new();
	va_list ap;
	const char *arg;

	va_start(ap, s);
	while ((arg = va_arg(ap, const char *)) != NULL)
		g_ptr_array_add(args, (char *)arg);
	va_end(ap);
	g_ptr_array_add(args, NULL);
	sniff_startv(s, (const char *const *)args->pdata);
	g_ptr_array_free(args, TRUE);
}

void sniff_wait_path(struct sniff *s, const char *path)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;
	struct stat st;

	while (stat(path, &st) != 0) {
		int status;
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			g_autofree char *err = NULL;
			g_file_get_contents(s->err, &err, NULL, NULL);
			g_error("vhostsniff exited before creating %s: %s", path, err ? err : "");
		}
		g_assert_cmpint(now_ms(), <, deadline);
		g_usleep(5000);
	}
}

/* Wait for the exit; the status, and stdout split into lines. */
int sniff_wait(struct sniff *s)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;
	g_autofree char *text = NULL;
	int status = 0;

	for (;;) {
		pid_t r = waitpid(s->pid, &status, WNOHANG);
		if (r == s->pid)
			break;
		if (now_ms() > deadline) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &status, 0);
			g_error("vhostsniff did not exit within %d ms", TIMEOUT_MS);
		}
		g_usleep(5000);
	}
	s->pid = -1;
	if (!g_file_get_contents(s->out, &text, NULL, NULL))
		text = g_strdup("");
	s->lines = g_strsplit(text, "\n", -1);
	s->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (g_test_verbose()) {
		g_autofree char *err = NULL;
		g_file_get_contents(s->err, &err, NULL, NULL);
		g_test_message("stdout:\n%s\nstderr:\n%s", text, err ? err : "");
	}
	return s->status;
}

char *sniff_stderr(struct sniff *s)
{
	char *err = NULL;

	g_file_get_contents(s->err, &err, NULL, NULL);
	return err != NULL ? err : g_strdup("");
}

void sniff_free(struct sniff *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	unlink(s->front);
	unlink(s->back);
	unlink(s->out);
	unlink(s->err);
	rmdir(s->dir);
	g_strfreev(s->lines);
	g_free(s->dir);
	g_free(s->front);
	g_free(s->back);
	g_free(s->out);
	g_free(s->err);
	g_free(s);
}

int find_line(struct sniff *s, int from, ...)
{
	for (int i = from; s->lines[i] != NULL; i++) {
		gboolean all = TRUE;
		va_list ap;
		const char *needle;

		va_start(ap, from);
		while ((needle = va_arg(ap, const char *)) != NULL)
			if (strstr(s->lines[i], needle) == NULL)
				all = FALSE;
		va_end(ap);
		if (all)
			return i;
	}
	return -1;
}

int count_lines(struct sniff *s, const char *needle)
{
	int n = 0;

	for (int i = 0; s->lines[i] != NULL; i++)
		if (strstr(s->lines[i], needle) != NULL)
			n++;
	return n;
}

void pair_open_usual(struct sniff *s, struct pair *p, const char *sessions)
{
	p->back_listen = peer_listen(s->back);
	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", sessions, NULL);
	sniff_wait_path(s, s->front);
	p->front = peer_connect(s->front);
	p->back = peer_accept(p->back_listen);
}

void pair_close(struct pair *p)
{
	if (p->front >= 0)
		close(p->front);
	if (p->back >= 0)
		close(p->back);
	if (p->back_listen >= 0)
		close(p->back_listen);
	p->front = p->back = p->back_listen = -1;
}

guint64 sniff_said_count(const char *text, const char *what)
{
	g_autofree char *pattern = g_strdup_printf("([0-9]+) %s", what);
	g_autoptr(GRegex) re = g_regex_new(pattern, 0, 0, NULL);
	g_autoptr(GMatchInfo) match = NULL;
	g_autofree char *number = NULL;

	if (!g_regex_match(re, text, 0, &match))
		return 0;
	number = g_match_info_fetch(match, 1);
	return g_ascii_strtoull(number, NULL, 10);
}
