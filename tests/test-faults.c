/*
 * Faults that need no real peer, and the security defaults, with the real
 * vhostsniff between fake peers (tests/relay-harness.c):
 *  - vhostsniff killed with SIGKILL mid-stream: its capture reads to the
 *    last complete frame, with vhostsniff -r and with libpcap alone;
 *  - the capture's disk fills up (a 64 KiB tmpfs in a private mount
 *    namespace): one clear message, the relay goes on, the file stays readable;
 *  - the output blocked (stdout a pipe nobody reads): the relay goes on,
 *    lines are dropped and counted, the capture is complete;
 *  - the UI's terminal stalled (a pty whose master nobody reads): the relay
 *    goes on and the capture is complete;
 *  - captures are created 0600, rotated ones too; a listening path that is
 *    not a socket (a directory, a symlink to a socket), or a socket another
 *    process listens on, is refused and left.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "dissector/vu-dissector.h"
#include "sniffer/sinks.h"
#include "tests/fd-send.h"
#include "tests/relay-harness.h"

/* The requests these tests send are GET_CONFIG: how its lines start in JSON. */
static const char *get_config_json(void)
{
	static char key[32];

	if (key[0] == '\0')
		snprintf(key, sizeof(key), "\"request\":%d,", VU_REQ_GET_CONFIG);
	return key;
}

/* ---- helpers -------------------------------------------------------------------- */

/* vhostsniff -r FILE -T json: its exit status, stdout and stderr. */
static int read_back(const char *capture, char **out, char **err)
{
	const char *argv[] = {sniff_binary(), "-r", capture, "-T", "json", NULL};
	GError *error = NULL;
	int status;

	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
	                           &status, &error));
	g_assert_no_error(error);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* memmem over what is left, not strstr: under ASan strstr measures the whole
 * rest of the text at each call, quadratic over tens of megabytes (minutes
 * of distcheck's /faults/output-blocked). */
static int count_in(const char *text, const char *needle)
{
	const char *end = text + strlen(text);
	size_t len = strlen(needle);
	int n = 0;

	for (const char *p = text; (p = memmem(p, (size_t)(end - p), needle, len)) != NULL;
	     p += len)
		n++;
	return n;
}

/* The front-end's request i: GET_CONFIG-sized garbage whose first 4 payload
 * bytes are i, so each record can be matched to what was sent. Into msg,
 * HDR + size bytes; its length. */
static size_t build_numbered(uint8_t *msg, uint32_t i, uint32_t size)
{
	g_autofree uint8_t *payload = g_malloc0(MAX(size, 4));

	memcpy(payload, &i, 4);
	return msg_build(msg, VU_REQ_GET_CONFIG, 1, payload, size);
}

static void send_numbered(int fd, uint32_t i, uint32_t size)
{
	g_autofree uint8_t *msg = g_malloc(HDR + size);

	peer_send(fd, msg, build_numbered(msg, i, size), NULL, 0);
}

/* ---- SIGKILL ---------------------------------------------------------------------- */

struct drain {
	int fd;
	guint64 bytes;
};

/* Read whatever comes until the close: a peer that does not care. */
static gpointer drain_thread(gpointer data)
{
	struct drain *d = data;
	char buf[65536];
	ssize_t n;

	while ((n = read(d->fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			d->bytes += (guint64)n;
	return NULL;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : 0;
}

/*
 * Messages stream from the front-end (numbered, 0-3000 bytes, some with an
 * eventfd) while vhostsniff records them; once the capture holds 2 MiB it
 * is killed with SIGKILL. vhostsniff -r must read the capture (a cut last
 * block is only a warning) and find the first N messages sent, frames 2, 3,
 * ... without a gap; libpcap alone must read the same number of frames.
 */
static void test_sigkill(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *capture = g_build_filename(s->dir, "killed.pcapng", NULL);
	g_autofree char *out = NULL, *err = NULL, *pcap_out = NULL;
	g_autoptr(GRand) rng = g_rand_new_with_seed(7);
	struct drain drain;
	GThread *drainer;
	struct pair p;
	gboolean killed = FALSE;
	guint32 sent = 0;
	int efd = eventfd(0, EFD_CLOEXEC);
	int status, records = 0;
	g_auto(GStrv) lines = NULL;

	p.back_listen = peer_listen(s->back);
	sniff_start(s, "-q", "-w", capture, "-l", s->front, "-c", s->back, NULL);
	sniff_wait_path(s, s->front);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	drain.fd = p.back;
	drain.bytes = 0;
	drainer = g_thread_new("drain", drain_thread, &drain);
	for (;;) {
		uint32_t size = (uint32_t)g_rand_int_range(rng, 4, 3000);
		g_autofree uint8_t *buf = g_malloc0(HDR + size);
		gboolean with_fd = g_rand_int_range(rng, 0, 8) == 0;

		msg_build(buf, VU_REQ_GET_CONFIG, 1, NULL, 0);
		memcpy(buf + 8, &size, 4);
		memcpy(buf + HDR, &sent, 4);
		if (!fd_send_all(p.front, buf, HDR + size, &efd, with_fd ? 1 : 0)) {
			g_assert_true(killed);
			break;
		}
		sent++;
		if (!killed && file_size(capture) >= 2 * 1024 * 1024) {
			kill(s->pid, SIGKILL);
			killed = TRUE;
		}
		g_assert_cmpuint(sent, <, 10000000);
	}
	g_thread_join(drainer);
	g_assert_cmpint(sniff_wait(s), ==, 128 + SIGKILL);

	/* vhostsniff -r: exit 0, every complete record */
	g_assert_cmpint(read_back(capture, &out, &err), ==, 0);
	lines = g_strsplit(out, "\n", -1);
	g_assert_true(g_str_has_prefix(lines[0], "{\"event\":\"session_start\""));
	for (int i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		g_autofree char *frame = g_strdup_printf("\"frame\":%d,", i + 1);
		g_assert_nonnull(strstr(lines[i], frame));
		g_assert_nonnull(strstr(lines[i], get_config_json()));
		records++;
	}
	g_assert_cmpint(records, >, 100);
	g_assert_cmpint(records, <=, (int)sent);
	/* libpcap alone reads as many (tests/read-pcap) */
	{
		const char *builddir = g_getenv("top_builddir");
		g_autofree char *tool =
		    g_build_filename(builddir ? builddir : ".", "tests", "read-pcap", NULL);
		const char *argv[] = {tool, capture, NULL};
		g_autofree char *want = g_strdup_printf("frames %d\n", records + 1);

		g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
		                           NULL, NULL, &pcap_out, NULL, &status, NULL));
		/* 0: the file ends at a block; 2: libpcap stopped at a cut one */
		g_assert_true(WIFEXITED(status) &&
		              (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 2));
		g_assert_true(g_str_has_suffix(pcap_out, want));
	}
	g_print("# SIGKILL after %u messages sent (%" G_GUINT64_FORMAT
	        " bytes relayed): the capture reads back %d, in order%s\n",
	        sent, drain.bytes, records, err[0] ? " (its last block cut)" : "");
	if (err[0] != '\0') {
		g_autofree char *cut =
		    g_strdup_printf("cut short in the middle of a block after %d "
		                    "complete records",
		                    records + 1);
		g_assert_nonnull(strstr(err, cut));
	}
	close(efd);
	pair_close(&p);
	unlink(capture);
	sniff_free(s);
}

/* ---- a full disk ------------------------------------------------------------------- */

/* A private mount namespace with a 64 KiB tmpfs on dir; FALSE if not allowed. */
static gboolean mount_small_tmpfs(const char *dir)
{
	if (unshare(CLONE_NEWNS) != 0)
		return FALSE;
	g_assert_cmpint(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
	g_assert_cmpint(mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0700"), ==, 0);
	return TRUE;
}

/*
 * Whether this process may make a private mount namespace and mount a tmpfs in
 * it (tried in a child, on the temporary directory): not without root, nor
 * where / is not a mount point (a package build's chroot).
 */
static gboolean can_unshare_mounts(void)
{
	int status;
	pid_t pid = fork();

	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		gboolean made = unshare(CLONE_NEWNS) == 0 &&
		                mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
		                mount("tmpfs", g_get_tmp_dir(), "tmpfs", 0, "size=64k") == 0;
		_exit(made ? 0 : 1);
	}
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * -w onto a 64 KiB tmpfs that fills up after a few hundred messages: vhostsniff
 * says so once, recording stops, every message still crosses both ways, the
 * file reads back whole (a short write is undone), and the exit status is 0.
 * Runs in a subprocess: the mount lives in its own namespace.
 */
static void test_full_tmpfs(void)
{
	if (g_test_subprocess()) {
		struct sniff *s = sniff_new();
		g_autofree char *disk = g_build_filename(s->dir, "disk", NULL);
		g_autofree char *capture = g_build_filename(disk, "full.pcapng", NULL);
		g_autofree char *err = NULL, *out = NULL, *rerr = NULL;
		g_autofree char *said = NULL;
		struct pair p;
		const int rounds = 2000;
		int records;

		g_assert_cmpint(g_mkdir(disk, 0700), ==, 0);
		if (!mount_small_tmpfs(disk))
			g_error("cannot make a mount namespace: %s", g_strerror(errno));
		p.back_listen = peer_listen(s->back);
		sniff_start(s, "-q", "-w", capture, "-l", s->front, "-c", s->back, "--sessions",
		            "1", NULL);
		sniff_wait_path(s, s->front);
		p.front = peer_connect(s->front);
		p.back = peer_accept(p.back_listen);
		for (int i = 0; i < rounds; i++) {
			struct rx m;
			send_numbered(p.front, (uint32_t)i, 100);
			peer_recv_msg(p.back, &m);
			g_assert_cmpuint(m.request, ==, VU_REQ_GET_CONFIG);
			g_assert_cmpmem(m.payload, 4, &i, 4);
			peer_send_msg(p.back, VU_REQ_GET_CONFIG, 5, &i, 4, NULL, 0);
			peer_recv_msg(p.front, &m);
			g_assert_cmpmem(m.payload, 4, &i, 4);
		}
		pair_close(&p);
		g_assert_cmpint(sniff_wait(s), ==, 0);
		err = sniff_stderr(s);
		said = g_strdup_printf("capture %s: write failed: No space left on device; "
		                       "recording stopped, the relay goes on",
		                       capture);
		g_assert_cmpint(count_in(err, said), ==, 1);
		g_assert_cmpint(count_in(err, "recording stopped"), ==, 1);
		/* what was recorded reads back whole: no cut block */
		g_assert_cmpint(read_back(capture, &out, &rerr), ==, 0);
		g_assert_cmpstr(rerr, ==, "");
		records = count_in(out, get_config_json());
		g_assert_cmpint(records, >, 100);
		g_assert_cmpint(records, <, 2 * rounds);
		g_print("# a 64 KiB tmpfs filled after %d of %d messages (%jd bytes of capture); "
		        "every message crossed\n",
		        records, 2 * rounds, (intmax_t)file_size(capture));
		unlink(capture);
		umount(disk);
		rmdir(disk);
		sniff_free(s);
		return;
	}
	if (!can_unshare_mounts()) {
		/* CI runs as root: there it must work */
		g_assert_null(g_getenv("CI"));
		g_test_skip("cannot mount a tmpfs in a private mount namespace (needs root)");
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
	g_test_trap_assert_passed();
}

/* Wait until the capture holds these bytes. The pipeline hands each record to
 * every sink in turn, and the pcapng sink's blocks reach the file when it is
 * flushed after a batch or holds 64 KiB: once a record's bytes are in the
 * file, the line sinks have been given every record before it. */
static void wait_captured(const char *capture, const void *bytes, size_t len)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;

	for (;;) {
		g_autofree char *data = NULL;
		gsize n = 0;

		if (g_file_get_contents(capture, &data, &n, NULL) &&
		    memmem(data, n, bytes, len) != NULL)
			return;
		g_assert_cmpint(now_ms(), <, deadline);
		g_usleep(10000);
	}
}

/* ---- output blocked ----------------------------------------------------------------- */

/*
 * stdout a pipe nobody reads, lines on it and a capture: the relay goes on at
 * full speed, lines that do not fit the output's buffer are dropped and
 * counted (lines printed + lines dropped = records), and the capture holds
 * every message all the same.
 *
 * Lines are dropped by construction, whatever the timing: a stream that takes
 * nothing holds at most the pipe plus twice VS_SINK_OUTPUT_PENDING_MAX (the
 * buffer being filled, and the batch the writer thread is blocked on), and
 * each request's JSON line carries its payload beyond the device-config
 * header as hex, more than `size` bytes: the rounds print twice that. The
 * pipe is read only once the capture holds the last request: the pipeline,
 * which may lag behind the relay, has then given the output every line (a
 * pipeline still busy when the reading starts would print its lines).
 */
static void test_output_blocked(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *capture = g_build_filename(s->dir, "blocked.pcapng", NULL);
	g_autofree char *err = NULL, *out = NULL, *rerr = NULL;
	GString *text = g_string_new(NULL);
	const uint32_t size = 2000; /* up to VU_MAX_PAYLOAD */
	guint64 lines_dropped, not_decoded, holds;
	char buf[65536];
	struct pair p;
	ssize_t n;
	int pipefd[2], pipe_size, rounds;
	g_autofree uint8_t *last_request = g_malloc(HDR + size);

	g_assert_cmpint(pipe2(pipefd, O_CLOEXEC), ==, 0);
	pipe_size = fcntl(pipefd[1], F_GETPIPE_SZ);
	g_assert_cmpint(pipe_size, >, 0);
	holds = (guint64)pipe_size + 2 * (guint64)VS_SINK_OUTPUT_PENDING_MAX;
	rounds = (int)(2 * holds / size + 1);
	s->stdout_fd = pipefd[1];
	p.back_listen = peer_listen(s->back);
	sniff_start(s, "-w", capture, "-l", s->front, "-c", s->back, "--sessions", "1", NULL);
	close(pipefd[1]);
	sniff_wait_path(s, s->front);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	for (int i = 0; i < rounds; i++) {
		struct rx m;
		send_numbered(p.front, (uint32_t)i, size);
		peer_recv_msg(p.back, &m);
		peer_send_msg(p.back, VU_REQ_GET_CONFIG, 5, &i, 4, NULL, 0);
		peer_recv_msg(p.front, &m);
		g_assert_cmpmem(m.payload, 4, &i, 4);
	}
	pair_close(&p);
	wait_captured(capture, last_request,
	              build_numbered(last_request, (uint32_t)rounds - 1, size));
	/* now someone reads: vhostsniff finishes its lines and exits */
	while ((n = read(pipefd[0], buf, sizeof(buf))) > 0)
		g_string_append_len(text, buf, n);
	close(pipefd[0]);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	err = sniff_stderr(s);
	g_assert_cmpint(read_back(capture, &out, &rerr), ==, 0);
	/* the same lines, read back: more than the output could hold */
	if (strlen(out) <= holds)
		g_error(
		    "%d round trips make %zu bytes of lines, not more than the %" G_GUINT64_FORMAT
		    " a blocked output holds: the test cannot see a drop",
		    rounds, strlen(out), holds);
	/* lines were dropped, and it says how many: every record is printed or counted */
	lines_dropped = sniff_said_count(err, "lines were dropped");
	not_decoded = sniff_said_count(err, "messages were relayed but not decoded");
	g_assert_cmpuint(lines_dropped, >, 0);
	g_assert_cmpuint(count_in(text->str, "\n") + lines_dropped + not_decoded, ==,
	                 2 * rounds + 2);
	/* the capture is complete */
	if (count_in(out, get_config_json()) != 2 * rounds)
		g_error("the capture holds %d of %d messages while the output was blocked "
		        "(%d lines printed); %s",
		        count_in(out, get_config_json()), 2 * rounds,
		        count_in(text->str, get_config_json()), err);
	g_print("# stdout blocked: %d messages relayed, %d lines printed, %" G_GUINT64_FORMAT
	        " dropped and counted, the capture complete\n",
	        2 * rounds, count_in(text->str, "\n"), lines_dropped);
	g_string_free(text, TRUE);
	unlink(capture);
	sniff_free(s);
}

/* ---- the UI's terminal stalled ---------------------------------------------------------- */

static void test_ui_stalled(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *capture = g_build_filename(s->dir, "ui.pcapng", NULL);
	g_autofree char *out = NULL, *rerr = NULL;
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	const int rounds = 3000;
	struct drain drain;
	GThread *drainer;
	struct pair p;
	gint64 worst = 0;
	int master, pending = 0, status;
	pid_t pid;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	g_assert_cmpint(master, >=, 0);
	g_assert_cmpint(grantpt(master), ==, 0);
	g_assert_cmpint(unlockpt(master), ==, 0);
	g_assert_cmpint(ioctl(master, TIOCSWINSZ, &ws), ==, 0);
	p.back_listen = peer_listen(s->back);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		const char *argv[] = {sniff_binary(), "--ui",   "-w", capture,
		                      "-l",           s->front, "-c", s->back,
		                      "--sessions",   "1",      NULL};
		int tty, err;

		setsid();
		tty = open(ptsname(master), O_RDWR);
		err = open(s->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (tty < 0 || err < 0)
			_exit(126);
		dup2(tty, 0);
		dup2(tty, 1);
		dup2(err, 2);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setenv("TERM", "xterm", 1);
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	s->pid = pid;
	sniff_wait_path(s, s->front);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	/* nobody reads the terminal: the UI's writes fill it and block */
	for (int i = 0; i < rounds; i++) {
		gint64 t0 = g_get_monotonic_time(), dt;
		struct rx m;
		send_numbered(p.front, (uint32_t)i, 64);
		peer_recv_msg(p.back, &m);
		peer_send_msg(p.back, VU_REQ_GET_CONFIG, 5, &i, 4, NULL, 0);
		peer_recv_msg(p.front, &m);
		g_assert_cmpmem(m.payload, 4, &i, 4);
		dt = g_get_monotonic_time() - t0;
		worst = MAX(worst, dt);
	}
	/* the terminal was full all along: the UI could not write */
	g_assert_cmpint(ioctl(master, FIONREAD, &pending), ==, 0);
	g_print("# UI terminal stalled (%d bytes unread on it): %d round trips, the slowest "
	        "%" G_GINT64_FORMAT " us\n",
	        pending, rounds, worst);
	g_assert_cmpint(pending, >, 0);
	pair_close(&p);
	/* someone reads the terminal again: the UI ends the session and exits */
	drain.fd = master;
	drain.bytes = 0;
	drainer = g_thread_new("tty", drain_thread, &drain);
	kill(pid, SIGTERM);
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	s->pid = -1;
	close(master); /* the drainer sees EIO or EOF */
	g_thread_join(drainer);
	g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	g_assert_cmpint(read_back(capture, &out, &rerr), ==, 0);
	g_assert_cmpint(count_in(out, get_config_json()), ==, 2 * rounds);
	unlink(capture);
	sniff_free(s);
}

/* ---- security ------------------------------------------------------------------------ */

static guint mode_of(const char *path)
{
	struct stat st;

	g_assert_cmpint(lstat(path, &st), ==, 0);
	return st.st_mode & 07777;
}

/* Captures hold guest addresses: 0600 whatever the umask, rotated files too. */
static void test_capture_mode(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *capture = g_build_filename(s->dir, "c.pcapng", NULL);
	g_autofree char *rotated1 = g_strconcat(capture, "1", NULL);
	g_autofree char *rotated2 = g_strconcat(capture, "2", NULL);
	g_autofree char *timed = g_build_filename(s->dir, "t-%s.pcapng", NULL);
	g_autofree uint8_t *big = g_malloc0(2000);
	mode_t old = umask(0);
	struct pair p;
	GDir *dir;
	const char *name;
	int timed_files = 0;

	/* -C 1: a new file every million bytes */
	p.back_listen = peer_listen(s->back);
	sniff_start(s, "-q", "-w", capture, "-C", "1", "-l", s->front, "-c", s->back, "--sessions",
	            "1", NULL);
	umask(old);
	sniff_wait_path(s, s->front);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	for (int i = 0; i < 1200; i++) {
		struct rx m;
		peer_send_msg(p.front, 5, 1, big, 2000, NULL, 0);
		peer_recv_msg(p.back, &m);
	}
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpuint(mode_of(capture), ==, 0600);
	g_assert_cmpuint(mode_of(rotated1), ==, 0600);
	g_assert_cmpuint(mode_of(rotated2), ==, 0600);
	unlink(capture);
	unlink(rotated1);
	unlink(rotated2);
	g_strfreev(s->lines);
	s->lines = NULL;

	/* -G 1: a new file each second, named by strftime */
	unlink(s->back);
	old = umask(0);
	p.back_listen = peer_listen(s->back);
	sniff_start(s, "-q", "-w", timed, "-G", "1", "-l", s->front, "-c", s->back, "--sessions",
	            "1", NULL);
	umask(old);
	sniff_wait_path(s, s->front);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	for (int i = 0; i < 3; i++) {
		struct rx m;
		peer_send_msg(p.front, 1, 1, NULL, 0, NULL, 0);
		peer_recv_msg(p.back, &m);
		g_usleep(1100000);
	}
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	dir = g_dir_open(s->dir, 0, NULL);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree char *path = g_build_filename(s->dir, name, NULL);
		if (!g_str_has_prefix(name, "t-"))
			continue;
		g_assert_cmpuint(mode_of(path), ==, 0600);
		timed_files++;
		unlink(path);
	}
	g_dir_close(dir);
	g_assert_cmpint(timed_files, >=, 2);
	sniff_free(s);
}

/* What is at the listening path is not a socket: refused, left as it was. */
static void test_listen_not_socket(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *target = g_build_filename(s->dir, "real.sock", NULL);
	g_autofree char *err = NULL;
	struct stat st;
	int live;

	/* a directory */
	g_assert_cmpint(g_mkdir(s->front, 0700), ==, 0);
	sniff_start(s, "-l", s->front, "-c", s->back, NULL);
	g_assert_cmpint(sniff_wait(s), ==, 1);
	err = sniff_stderr(s);
	g_assert_nonnull(strstr(err, "is not a socket"));
	g_assert_cmpint(lstat(s->front, &st), ==, 0);
	g_assert_true(S_ISDIR(st.st_mode));
	g_assert_cmpint(rmdir(s->front), ==, 0);
	g_clear_pointer(&err, g_free);
	g_clear_pointer(&s->lines, g_strfreev);

	/* a symlink to a socket: neither the link nor the socket goes */
	live = peer_listen(target);
	g_assert_cmpint(symlink(target, s->front), ==, 0);
	sniff_start(s, "-l", s->front, "-c", s->back, NULL);
	g_assert_cmpint(sniff_wait(s), ==, 1);
	err = sniff_stderr(s);
	g_assert_nonnull(strstr(err, "is not a socket"));
	g_assert_cmpint(lstat(s->front, &st), ==, 0);
	g_assert_true(S_ISLNK(st.st_mode));
	g_assert_cmpint(lstat(target, &st), ==, 0);
	g_assert_true(S_ISSOCK(st.st_mode));
	close(live);
	unlink(s->front);
	unlink(target);
	sniff_free(s);
}

/* A socket someone listens on (the peer's, with -l and -c swapped): refused,
 * left, and its owner still accepts on it. */
static void test_listen_live_socket(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *err = NULL;
	int live = peer_listen(s->front), fd;

	sniff_start(s, "-l", s->front, "-c", s->back, NULL);
	g_assert_cmpint(sniff_wait(s), ==, 1);
	err = sniff_stderr(s);
	g_assert_nonnull(strstr(err, "is a socket another process listens on; not removing it"));
	fd = peer_connect(s->front);
	close(fd);
	close(live);
	sniff_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	signal(SIGPIPE, SIG_IGN);
	g_test_add_func("/faults/sigkill", test_sigkill);
	g_test_add_func("/faults/full-tmpfs", test_full_tmpfs);
	g_test_add_func("/faults/output-blocked", test_output_blocked);
	g_test_add_func("/faults/ui-stalled", test_ui_stalled);
	g_test_add_func("/security/capture-mode", test_capture_mode);
	g_test_add_func("/security/listen-not-socket", test_listen_not_socket);
	g_test_add_func("/security/listen-live-socket", test_listen_live_socket);
	return g_test_run();
}
