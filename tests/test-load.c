/*
 * Load: many sessions through one vhostsniff, one after the other and many at
 * once, each a short handshake with fds (memory regions, eventfds, the
 * back-end channel socket vhostsniff interposes). After each phase the
 * process must hold exactly the fds it held before the first session
 * (/proc/PID/fd), and its resident memory (VmRSS) must stay flat: a leak of
 * a few KiB per session shows as MiB here. The figures are printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "tests/relay-harness.h"

#define SEQUENTIAL        1000u
#define CONCURRENT        32u
#define CONCURRENT_ROUNDS 8u
#define ROUNDS_PER_PAIR   10u /* request/reply exchanges per concurrent session */
/* Resident memory may grow this much from the start to the end: the
 * allocator settles over the first thousand sessions (flat over 5,000 more
 * when measured), the 32 concurrent sessions raise its peak and it keeps
 * that, and on a loaded machine the pipeline's queue fills for a while. A
 * leak of 4 KiB per session (2 KiB per concurrent exchange) goes beyond.
 * The figures in between are printed, not asserted: they move with the load. */
#define RSS_SLACK_KIB 8192

/* ---- the process from outside ------------------------------------------------ */

static unsigned proc_fd_count(pid_t pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%ld/fd", (long)pid);
	GDir *dir = g_dir_open(path, 0, NULL);
	unsigned n = 0;

	g_assert_nonnull(dir);
	while (g_dir_read_name(dir) != NULL)
		n++;
	g_dir_close(dir);
	return n;
}

/* Every fd with what it is, for a failure message. */
static char *proc_fd_list(pid_t pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%ld/fd", (long)pid);
	GDir *dir = g_dir_open(path, 0, NULL);
	GString *list = g_string_new(NULL);
	const char *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree char *link = g_build_filename(path, name, NULL);
		g_autofree char *target = g_file_read_link(link, NULL);
		g_string_append_printf(list, " %s=%s", name, target ? target : "?");
	}
	if (dir != NULL)
		g_dir_close(dir);
	return g_string_free(list, FALSE);
}

static unsigned proc_rss_kib(pid_t pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%ld/status", (long)pid);
	g_autofree char *text = NULL;
	const char *line;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	line = strstr(text, "\nVmRSS:");
	g_assert_nonnull(line);
	return (unsigned)g_ascii_strtoull(line + strlen("\nVmRSS:"), NULL, 10);
}

/* Sessions end a moment after their peers closed: wait for the fds to go,
 * then they must be exactly the baseline. */
static void expect_fds_back(pid_t pid, unsigned baseline, const char *phase)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;
	unsigned n;

	while ((n = proc_fd_count(pid)) != baseline && now_ms() < deadline)
		g_usleep(10000);
	if (n != baseline) {
		g_autofree char *list = proc_fd_list(pid);
		g_error("after %s vhostsniff holds %u fds, %u before the first session:%s", phase,
		        n, baseline, list);
	}
}

static int count_in(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* ---- one session's handshake --------------------------------------------------- */

static void expect_request(int fd, uint32_t request, unsigned nfds, const int *sent, uint64_t tag)
{
	struct rx m;

	peer_recv_msg(fd, &m);
	g_assert_cmpuint(m.request, ==, request);
	g_assert_cmpuint(m.hdr_nfds + m.payload_nfds, ==, nfds);
	for (unsigned i = 0; i < m.hdr_nfds && sent != NULL; i++)
		g_assert_cmpuint(inode_of(m.hdr_fds[i]), ==, inode_of(sent[i]));
	if (m.size >= 8) {
		uint64_t got;
		memcpy(&got, m.payload, 8);
		g_assert_cmpuint(got, ==, tag);
	}
	rx_close_fds(&m);
}

/*
 * GET_FEATURES and its reply, SET_MEM_TABLE with two memfds, SET_VRING_CALL
 * with an eventfd, SET_BACKEND_REQ_FD with a socket (vhostsniff puts its
 * own in its place and relays that channel too) and one request on that
 * channel. tag marks this session's payloads: no crossed wires.
 */
static void handshake(int front, int back, uint64_t tag)
{
	uint8_t table[8 + 2 * 32] = {2};
	int regions[2] = {memfd_sized("guest-ram", 4096), memfd_sized("guest-ram", 8192)};
	int call = eventfd(0, EFD_CLOEXEC);
	int channel[2];
	struct rx m;
	int theirs;

	memcpy(table + 8, &tag, 8);
	peer_send_msg(front, VU_REQ_GET_FEATURES, 1, &tag, 8, NULL, 0);
	expect_request(back, VU_REQ_GET_FEATURES, 0, NULL, tag);
	peer_send_msg(back, VU_REQ_GET_FEATURES, 5, &tag, 8, NULL, 0);
	expect_request(front, VU_REQ_GET_FEATURES, 0, NULL, tag);
	peer_send_msg(front, VU_REQ_SET_MEM_TABLE, 1, table, sizeof(table), regions, 2);
	expect_request(back, VU_REQ_SET_MEM_TABLE, 2, regions, 2);
	peer_send_msg(front, VU_REQ_SET_VRING_CALL, 1, &tag, 8, &call, 1);
	expect_request(back, VU_REQ_SET_VRING_CALL, 1, &call, tag);

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel), ==, 0);
	peer_send_msg(front, VU_REQ_SET_BACKEND_REQ_FD, 1, NULL, 0, &channel[1], 1);
	close(channel[1]);
	peer_recv_msg(back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_BACKEND_REQ_FD);
	g_assert_cmpuint(m.hdr_nfds, ==, 1);
	theirs = m.hdr_fds[0];
	/* the back-end asks on its channel; the front-end's end gets it */
	peer_send_msg(theirs, VU_BREQ_CONFIG_CHANGE_MSG, 1, &tag, 8, NULL, 0);
	expect_request(channel[0], VU_BREQ_CONFIG_CHANGE_MSG, 0, NULL, tag);
	close(theirs);
	close(channel[0]);
	close(regions[0]);
	close(regions[1]);
	close(call);
}

/* ---- phases -------------------------------------------------------------------- */

struct load {
	struct sniff *s;
	int back_listen;
	unsigned baseline_fds;
	guint64 sessions;
};

static void one_session(struct load *l, uint64_t tag)
{
	int front = peer_connect(l->s->front);
	int back = peer_accept(l->back_listen);

	handshake(front, back, tag);
	close(front);
	peer_expect_eof(back);
	close(back);
	l->sessions++;
}

struct concurrent_pair {
	int front, back;
	uint64_t tag;
};

static gpointer concurrent_session(gpointer data)
{
	struct concurrent_pair *c = data;

	for (unsigned r = 0; r < ROUNDS_PER_PAIR; r++)
		handshake(c->front, c->back, c->tag + r);
	/* half the sessions end from the front, half from the back */
	if (c->tag & 1) {
		close(c->front);
		peer_expect_eof(c->back);
		close(c->back);
	} else {
		close(c->back);
		peer_expect_eof(c->front);
		close(c->front);
	}
	return NULL;
}

static void concurrent_round(struct load *l, unsigned round)
{
	struct concurrent_pair pairs[CONCURRENT];
	GThread *threads[CONCURRENT];

	/* vhostsniff connects to the back-end when a front-end arrives: the
	 * connection accepted next is that session's */
	for (unsigned i = 0; i < CONCURRENT; i++) {
		pairs[i].front = peer_connect(l->s->front);
		pairs[i].back = peer_accept(l->back_listen);
		pairs[i].tag = ((uint64_t)round << 32 | (uint64_t)i << 8) + 0x100000000000ull;
	}
	for (unsigned i = 0; i < CONCURRENT; i++)
		threads[i] = g_thread_new("session", concurrent_session, &pairs[i]);
	for (unsigned i = 0; i < CONCURRENT; i++)
		g_thread_join(threads[i]);
	l->sessions += CONCURRENT;
}

static void test_sessions(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *capture = g_build_filename(s->dir, "load.pcapng", NULL);
	struct load l = {.s = s};
	unsigned rss_start, rss_middle = 0, rss_sequential, rss_third_round = 0, rss_end;
	gint64 t0, t1, t2;

	l.back_listen = peer_listen(s->back);
	/* -q: the capture is the record; decoding lines for 12,000 messages on a
	 * loaded machine would fill the pipeline's queue and blur the memory figures */
	sniff_start(s, "-q", "-w", capture, "-l", s->front, "-c", s->back, NULL);
	sniff_wait_path(s, s->front);
	/* the pipeline thread and the capture are there once the socket is */
	g_usleep(100000);
	l.baseline_fds = proc_fd_count(s->pid);
	rss_start = proc_rss_kib(s->pid);

	t0 = now_ms();
	for (unsigned i = 0; i < SEQUENTIAL; i++) {
		one_session(&l, i + 1);
		if (i + 1 == SEQUENTIAL / 2) {
			expect_fds_back(s->pid, l.baseline_fds, "half the sequential sessions");
			rss_middle = proc_rss_kib(s->pid);
		}
	}
	expect_fds_back(s->pid, l.baseline_fds, "the sequential sessions");
	rss_sequential = proc_rss_kib(s->pid);
	t1 = now_ms();
	for (unsigned r = 0; r < CONCURRENT_ROUNDS; r++) {
		concurrent_round(&l, r);
		expect_fds_back(s->pid, l.baseline_fds, "concurrent sessions");
		if (r == 2)
			rss_third_round = proc_rss_kib(s->pid);
	}
	rss_end = proc_rss_kib(s->pid);
	t2 = now_ms();

	g_print("# %u sequential sessions in %" G_GINT64_FORMAT " ms, then %u x %u concurrent "
	        "(%u exchanges each) in %" G_GINT64_FORMAT " ms\n",
	        SEQUENTIAL, t1 - t0, CONCURRENT_ROUNDS, CONCURRENT, ROUNDS_PER_PAIR, t2 - t1);
	g_print("# vhostsniff fds: %u before the first session, %u after each phase\n",
	        l.baseline_fds, l.baseline_fds);
	g_print("# vhostsniff VmRSS: %u KiB at the start, %u KiB after %u sessions, %u KiB after "
	        "%u, %u KiB after three concurrent rounds, %u KiB at the end (%" G_GUINT64_FORMAT
	        " sessions)\n",
	        rss_start, rss_middle, SEQUENTIAL / 2, rss_sequential, SEQUENTIAL, rss_third_round,
	        rss_end, l.sessions);
#ifndef __SANITIZE_ADDRESS__
	g_assert_cmpuint(rss_end, <=, rss_start + RSS_SLACK_KIB);
#else
	/* Built with --enable-sanitizers: ASan keeps freed memory in its quarantine
	 * (256 MiB) before reusing it, so VmRSS grows with every allocation and its
	 * flatness cannot be seen (a configuration limit). The plain build checks
	 * it; here LeakSanitizer looks for leaks when vhostsniff exits. */
	g_print("# VmRSS flatness not checked under ASan (its quarantine holds freed memory)\n");
#endif

	kill(s->pid, SIGTERM);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	/* every session is in the capture, start and end, with its channels */
	{
		g_autofree char *cmd =
		    g_strdup_printf("'%s' -r '%s' -T json", sniff_binary(), capture);
		g_autofree char *out = NULL;
		int status;

		g_assert_true(g_spawn_command_line_sync(cmd, &out, NULL, &status, NULL));
		g_assert_true(g_spawn_check_wait_status(status, NULL));
		g_assert_cmpint(count_in(out, "\"event\":\"session_start\""), ==, (int)l.sessions);
		g_assert_cmpint(count_in(out, "\"event\":\"session_end\""), ==, (int)l.sessions);
		g_assert_cmpint(
		    count_in(out, "\"name\":\"VHOST_USER_SET_BACKEND_REQ_FD\""), ==,
		    (int)(SEQUENTIAL + CONCURRENT_ROUNDS * CONCURRENT * ROUNDS_PER_PAIR));
	}
	close(l.back_listen);
	unlink(capture);
	sniff_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	signal(SIGPIPE, SIG_IGN);
	g_test_add_func("/load/sessions", test_sessions);
	return g_test_run();
}
