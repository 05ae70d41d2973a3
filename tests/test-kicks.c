/*
 * --kicks: the eventfd interposer, between hand-made peers with real
 * eventfds (tests/relay-harness.c runs the built vhostsniff).
 *
 * The peers write counts into their eventfds the way a front-end kicks and
 * a back-end calls, in bursts (so that some are read together, coalesced)
 * and one by one; every count written must come out on the other side, no
 * more and no less, and the JSON lines must say the same sums. The fd the
 * back-end gets is vhostsniff's own, and the record says so, with its
 * eventfd id (all eventfds share one inode).
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "sniffer/kick.h"
#include "tests/json-mini.h"
#include "tests/relay-harness.h"

#define NRINGS 2

/* extra, extra2: more options (extra2 may be NULL). */
static void open_kicks(struct sniff *s, struct pair *p, const char *sessions, const char *extra,
                       const char *extra2)
{
	p->back_listen = peer_listen(s->back);
	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", sessions, "--kicks", extra,
	            extra2, NULL);
	sniff_wait_path(s, s->front);
	p->front = peer_connect(s->front);
	p->back = peer_accept(p->back_listen);
}

/* Send a request of the front-end with its fd (or none), and take it on
 * the back-end's side: the fd it got (or -1). */
static int pass(struct pair *p, uint32_t request, uint64_t u64, int fd)
{
	struct rx m;

	peer_send_msg(p->front, request, 1, &u64, 8, fd >= 0 ? &fd : NULL, fd >= 0 ? 1 : 0);
	peer_recv_msg(p->back, &m);
	g_assert_cmpuint(m.request, ==, request);
	g_assert_cmpuint(m.payload_nfds, ==, 0);
	if (fd < 0) {
		g_assert_cmpuint(m.hdr_nfds, ==, 0);
		return -1;
	}
	g_assert_cmpuint(m.hdr_nfds, ==, 1);
	return m.hdr_fds[0];
}

static void pass_state(struct pair *p, uint32_t request, uint32_t index, uint32_t num)
{
	uint32_t state[2] = {index, num};
	struct rx m;

	peer_send_msg(p->front, request, 1, state, sizeof(state), NULL, 0);
	peer_recv_msg(p->back, &m);
	g_assert_cmpuint(m.request, ==, request);
}

static void efd_add(int fd, uint64_t n)
{
	g_assert_cmpint(write(fd, &n, sizeof(n)), ==, (ssize_t)sizeof(n));
}

/* Read fd until it has given want in all (within the deadline), then make
 * sure nothing more comes: the sum is exact. */
static void efd_expect(int fd, uint64_t want)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	gint64 deadline = now_ms() + TIMEOUT_MS;
	uint64_t got = 0, n;

	while (got < want) {
		g_assert_cmpint(now_ms(), <, deadline);
		if (poll(&pfd, 1, 100) == 1) {
			g_assert_cmpint(read(fd, &n, sizeof(n)), ==, (ssize_t)sizeof(n));
			got += n;
		}
	}
	g_assert_cmpuint(got, ==, want);
	g_assert_cmpint(poll(&pfd, 1, 200), ==, 0); /* nothing added */
}

/* The eventfd-id of /proc/self/fdinfo: every eventfd has the same inode. */
static guint64 efd_id(int fd)
{
	g_autofree char *path = g_strdup_printf("/proc/self/fdinfo/%d", fd);
	g_autofree char *text = NULL;
	const char *line;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	line = strstr(text, "eventfd-id:");
	if (line == NULL)
		g_test_skip("no eventfd-id in fdinfo (Linux before 6.0)");
	return line != NULL ? g_ascii_strtoull(line + strlen("eventfd-id:"), NULL, 10) : 0;
}

static int efd_new(void)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	g_assert_cmpint(fd, >=, 0);
	return fd;
}

/* The JSON lines of one event on one ring: the sum of their counts and the
 * last line's totals. */
static void json_sums(struct sniff *s, const char *event, int vring, uint64_t *sum_counts,
                      uint64_t *last_signals, uint64_t *last_reads, guint *lines)
{
	*sum_counts = *last_signals = *last_reads = 0;
	*lines = 0;
	for (char **l = s->lines; l != NULL && *l != NULL; l++) {
		struct jm_value *v = jm_parse(*l);
		const char *ev;

		if (v == NULL)
			continue;
		ev = jm_get_string(v, "event");
		if (ev != NULL && strcmp(ev, event) == 0 &&
		    (int)jm_get_number(v, "vring", -1) == vring) {
			*sum_counts += (uint64_t)jm_get_number(v, "count", 0);
			*last_signals = (uint64_t)jm_get_number(v, "signals", 0);
			*last_reads = (uint64_t)jm_get_number(v, "reads", 0);
			(*lines)++;
		}
		jm_free(v);
	}
}

/* The eventfd id of the fd the record of the Nth (from 0) message named name carried. */
static uint64_t json_fd_id(struct sniff *s, const char *name, int nth, gboolean *interposed)
{
	for (char **l = s->lines; l != NULL && *l != NULL; l++) {
		struct jm_value *v = jm_parse(*l);
		const struct jm_value *fds;
		const char *n;
		uint64_t inode;

		if (v == NULL)
			continue;
		n = jm_get_string(v, "name");
		fds = jm_get(v, "fd_info");
		if (n != NULL && strcmp(n, name) == 0 && jm_length(fds) == 1 && nth-- == 0) {
			const struct jm_value *ip = jm_get(jm_item(fds, 0), "interposed");

			inode = (uint64_t)jm_get_number(jm_item(fds, 0), "eventfd_id", 0);
			*interposed = ip != NULL && ip->type == JM_BOOL && ip->boolean;
			jm_free(v);
			return inode;
		}
		jm_free(v);
	}
	g_assert_not_reached();
	return 0;
}

/*
 * Two rings, each with a kick, a call and an error eventfd: every signal
 * goes the right way, the sums read equal the sums written on both sides,
 * and the lines count them exactly (coalesced = signals - reads).
 */
static void test_sums(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	int front[NRINGS][3], back[NRINGS][3];
	uint64_t written[NRINGS][3] = {{0}}, taken[NRINGS][3] = {{0}};
	static const uint32_t requests[3] = {VU_REQ_SET_VRING_KICK, VU_REQ_SET_VRING_CALL,
	                                     VU_REQ_SET_VRING_ERR};
	static const char *const events[3] = {"kick", "call", "err"};
	static const char *const names[3] = {
	    "VHOST_USER_SET_VRING_KICK", "VHOST_USER_SET_VRING_CALL", "VHOST_USER_SET_VRING_ERR"};

	open_kicks(s, &p, "1", "--stats", NULL);
	for (int r = 0; r < NRINGS; r++)
		for (int k = 0; k < 3; k++) {
			front[r][k] = efd_new();
			back[r][k] = pass(&p, requests[k], (uint64_t)r, front[r][k]);
			/* the back-end's eventfd is vhostsniff's, not the front-end's */
			g_assert_cmpuint(efd_id(back[r][k]), !=, efd_id(front[r][k]));
		}
	/* Rounds of writes: a burst of several writes before the other side
	 * reads (they coalesce), then single ones; every eighth round the
	 * other side takes what came, exactly. */
	for (int round = 0; round < 40; round++)
		for (int r = 0; r < NRINGS; r++)
			for (int k = 0; k < 3; k++) {
				/* kick: the front-end writes; call and err: the back-end */
				int to = k == 0 ? front[r][k] : back[r][k];
				int from = k == 0 ? back[r][k] : front[r][k];
				int burst = round % 4 == 0 ? 5 : 1;

				for (int b = 0; b < burst; b++) {
					uint64_t n = (uint64_t)g_test_rand_int_range(1, 4);

					efd_add(to, n);
					written[r][k] += n;
				}
				if (round % 8 == 7) {
					efd_expect(from, written[r][k] - taken[r][k]);
					taken[r][k] = written[r][k];
				}
			}
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	for (int r = 0; r < NRINGS; r++)
		for (int k = 0; k < 3; k++) {
			uint64_t sum, signals, reads;
			guint lines;
			gboolean interposed = FALSE;

			json_sums(s, events[k], r, &sum, &signals, &reads, &lines);
			g_assert_cmpuint(sum, ==, written[r][k]);
			g_assert_cmpuint(signals, ==, written[r][k]);
			g_assert_cmpuint(reads, ==, lines);
			g_assert_cmpuint(reads, <=, signals);
			/* the record names the fd the back-end got */
			g_assert_cmpuint(json_fd_id(s, names[k], r, &interposed), ==,
			                 efd_id(back[r][k]));
			g_assert_true(interposed);
			close(front[r][k]);
			close(back[r][k]);
		}
	/* kicks and calls alternated on every ring: the time between them is there */
	g_assert_cmpint(find_line(s, 0, "\"event\":\"stats\"", "\"notifications\":[",
	                          "\"vring\":1,", "\"kick_to_call\":{\"count\":", NULL),
	                >=, 0);
	sniff_free(s);
}

/* The capture holds the kick lines: -r prints the very same ones (n of them). */
static void check_read_back(struct sniff *s, const char *cap, int n)
{
	const char *argv[] = {sniff_binary(),      "-r",      cap, "-T", "json",
	                      "--reply-timeout=0", "--stats", NULL};
	g_autofree char *out = NULL;
	g_auto(GStrv) lines = NULL;
	GPtrArray *live = g_ptr_array_new(), *read = g_ptr_array_new();
	int status;

	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
	                           NULL, &status, NULL));
	g_assert_cmpint(status, ==, 0);
	lines = g_strsplit(out, "\n", -1);
	for (char **l = s->lines; *l != NULL; l++)
		if (strstr(*l, "\"event\":\"kick\"") != NULL)
			g_ptr_array_add(live, *l);
	for (char **l = lines; *l != NULL; l++)
		if (strstr(*l, "\"event\":\"kick\"") != NULL)
			g_ptr_array_add(read, *l);
	g_assert_cmpuint(live->len, ==, (guint)n);
	g_assert_cmpuint(read->len, ==, live->len);
	for (guint i = 0; i < live->len; i++)
		g_assert_cmpstr(g_ptr_array_index(read, i), ==, g_ptr_array_index(live, i));
	/* the SET_VRING_KICK records name the interposed eventfd there too, and
	 * --stats counts the ring's kicks without --kicks */
	g_assert_nonnull(strstr(out, "\"interposed\":true"));
	g_assert_nonnull(strstr(out, "\"notifications\":[{\"vring\":0,\"kicks\":10,"));
	g_ptr_array_free(live, TRUE);
	g_ptr_array_free(read, TRUE);
}

/*
 * A crafted session (issue 20, rust-vmm/vhost #247): with PROTOCOL_FEATURES
 * acked, a kick before SET_VRING_ENABLE 1 is flagged, one after is not, one
 * after GET_VRING_BASE is flagged again until a new SET_VRING_KICK; that one
 * replaces the pair: the old eventfds carry nothing more.
 */
static void test_before_enable(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	int front = efd_new(), front2 = efd_new(), back, back2;
	struct pollfd pfd;
	int line;

	g_autofree char *cap = g_build_filename(s->dir, "kicks.pcapng", NULL);
	g_autofree char *write = g_strdup_printf("--write=%s", cap);

	open_kicks(s, &p, "1", "--reply-timeout=0", write);
	pass(&p, VU_REQ_SET_FEATURES, VU_BIT(VU_F_PROTOCOL_FEATURES), -1);
	back = pass(&p, VU_REQ_SET_VRING_KICK, 0, front);
	efd_add(front, 1); /* not enabled yet */
	efd_expect(back, 1);
	pass_state(&p, VU_REQ_SET_VRING_ENABLE, 0, 1);
	efd_add(front, 2);
	efd_expect(back, 2);
	pass_state(&p, VU_REQ_GET_VRING_BASE, 0, 0);
	efd_add(front, 3); /* stopped */
	efd_expect(back, 3);
	/* kicked before it is handed over: forwarded once watched, said pending */
	efd_add(front2, 4);
	back2 = pass(&p, VU_REQ_SET_VRING_KICK, 0, front2);
	efd_add(front, 1); /* the old eventfd: nobody forwards it any more */
	efd_expect(back2, 4);
	pfd = (struct pollfd){.fd = back, .events = POLLIN};
	g_assert_cmpint(poll(&pfd, 1, 200), ==, 0);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);

	line = find_line(s, 0, "\"event\":\"kick\"", "\"count\":1,", "\"enabled\":false",
	                 "notify.kick_disabled", NULL);
	g_assert_cmpint(line, >=, 0);
	line =
	    find_line(s, line + 1, "\"event\":\"kick\"", "\"count\":2,", "\"enabled\":true", NULL);
	g_assert_cmpint(line, >=, 0);
	g_assert_null(strstr(s->lines[line], "findings"));
	line = find_line(s, line + 1, "\"event\":\"kick\"", "\"count\":3,", "\"stopped\":true",
	                 "notify.kick_stopped", NULL);
	g_assert_cmpint(line, >=, 0);
	line = find_line(s, line + 1, "\"event\":\"kick\"", "\"count\":4,", "\"signals\":10,",
	                 "\"stopped\":false", "\"pending\":true", NULL);
	g_assert_cmpint(line, >=, 0);
	g_assert_null(strstr(s->lines[line], "findings"));
	g_assert_cmpint(count_lines(s, "notify.kick_disabled"), ==, 1);
	g_assert_cmpint(count_lines(s, "notify.kick_stopped"), ==, 1);
	check_read_back(s, cap, 4);
	close(front);
	close(front2);
	close(back);
	close(back2);
	sniff_free(s);
}

/*
 * NOFD rings: no fd crosses, nothing is interposed, --stats says NOFD. A
 * SET_VRING_CALL with NOFD after one with an fd closes the pair: what the
 * back-end writes into the old eventfd goes nowhere, as without vhostsniff
 * once the front-end stopped listening to it.
 */
static void test_nofd(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	int front = efd_new(), back;
	struct pollfd pfd;

	open_kicks(s, &p, "1", "--stats", NULL);
	g_assert_cmpint(pass(&p, VU_REQ_SET_VRING_KICK, VU_VRING_NOFD_MASK | 1, -1), ==, -1);
	back = pass(&p, VU_REQ_SET_VRING_CALL, 1, front);
	efd_add(back, 2);
	efd_expect(front, 2);
	g_assert_cmpint(pass(&p, VU_REQ_SET_VRING_CALL, VU_VRING_NOFD_MASK | 1, -1), ==, -1);
	efd_add(back, 5);
	pfd = (struct pollfd){.fd = front, .events = POLLIN};
	g_assert_cmpint(poll(&pfd, 1, 200), ==, 0);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"stats\"", "\"vring\":1,\"kicks\":0",
	                          "\"kick_nofd\":true", "\"calls\":2,", "\"call_nofd\":true", NULL),
	                >=, 0);
	close(front);
	close(back);
	sniff_free(s);
}

/* The fds of pid once its threads have set up theirs (the pipeline's and
 * GLib's come a moment after the socket): the same count over 100 ms. */
static guint fd_count_settled(pid_t pid)
{
	guint n = proc_fd_count(pid), same = 0;

	while (same < 5) {
		guint again;

		g_usleep(20000);
		again = proc_fd_count(pid);
		same = again == n ? same + 1 : 0;
		n = again;
	}
	return n;
}

/*
 * No fd leaks: after a session with pairs on several rings, one of them
 * replaced, vhostsniff holds as many fds as before it (its /proc/PID/fd),
 * and while the session runs it holds two per pair.
 */
static void test_no_leak(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	int front[4], back[4];
	guint before, during = 0, after = 0;
	gint64 deadline;

	p.back_listen = peer_listen(s->back);
	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", "2", "--kicks", "-q", NULL);
	sniff_wait_path(s, s->front);
	before = fd_count_settled(s->pid);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	for (int i = 0; i < 4; i++)
		front[i] = efd_new();
	back[0] = pass(&p, VU_REQ_SET_VRING_KICK, 0, front[0]);
	back[1] = pass(&p, VU_REQ_SET_VRING_CALL, 0, front[1]);
	back[2] = pass(&p, VU_REQ_SET_VRING_CALL, 1, front[2]);
	close(back[1]);
	back[1] = -1;
	back[3] = pass(&p, VU_REQ_SET_VRING_CALL, 0, front[3]); /* replaces front[1]'s */
	efd_add(front[0], 1);
	efd_expect(back[0], 1);
	/* the two sockets of the session and two fds per pair (3 pairs), once
	 * the relay closed its copies of the fds it sent */
	deadline = now_ms() + TIMEOUT_MS;
	while (now_ms() < deadline && (during = proc_fd_count(s->pid)) != before + 2 + 2 * 3)
		g_usleep(10000);
	g_assert_cmpuint(during, ==, before + 2 + 2 * 3);
	close(p.front);
	close(p.back);
	deadline = now_ms() + TIMEOUT_MS;
	while (now_ms() < deadline && (after = proc_fd_count(s->pid)) != before)
		g_usleep(10000);
	g_assert_cmpuint(after, ==, before);
	/* the second session lets it exit */
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	for (int i = 0; i < 4; i++) {
		close(front[i]);
		if (back[i] >= 0)
			close(back[i]);
	}
	sniff_free(s);
}

struct hook_seen {
	gint calls;
	guint64 count;
	guint vring;
	enum vu_notify_signal signal;
};

static void on_hook(gpointer data, guint32 session, guint vring, enum vu_notify_signal signal,
                    guint64 count)
{
	struct hook_seen *h = data;

	g_assert_cmpuint(session, ==, 7);
	h->vring = vring;
	h->signal = signal;
	__atomic_add_fetch(&h->count, count, __ATOMIC_RELAXED);
	g_atomic_int_inc(&h->calls);
}

/*
 * The walker's hook, in-process: the interposer (no pipeline) says each
 * forwarded read with its session, vring, signal and count, from its own
 * thread, and its totals say the same.
 */
static void test_hook(void)
{
	struct vs_kicks *k = vs_kicks_new(NULL, NULL);
	struct hook_seen h = {0};
	uint8_t msg[HDR + 8] = {0};
	uint32_t request = VU_REQ_SET_VRING_CALL, flags = 1, size = 8;
	uint64_t file = 3, signals = 0, reads = 0;
	int front = efd_new(), fds[1] = {front};
	guint64 arm = 0;
	gint64 deadline = now_ms() + TIMEOUT_MS;

	g_assert_nonnull(k);
	vs_kicks_set_hook(k, on_hook, &h);
	memcpy(msg, &request, 4);
	memcpy(msg + 4, &flags, 4);
	memcpy(msg + 8, &size, 4);
	memcpy(msg + HDR, &file, 8);
	g_assert_true(vs_kicks_message(k, 7, NULL, msg, sizeof(msg), fds, 1, &arm));
	g_assert_cmpint(fds[0], !=, front);
	vs_kicks_arm(k, arm);
	for (int i = 0; i < 10; i++) {
		efd_add(fds[0], 2); /* the back-end calls */
		efd_expect(front, 2);
	}
	while (g_atomic_int_get(&h.calls) < 10 && now_ms() < deadline)
		g_usleep(1000);
	g_assert_cmpint(g_atomic_int_get(&h.calls), ==, 10);
	g_assert_cmpuint(__atomic_load_n(&h.count, __ATOMIC_RELAXED), ==, 20);
	g_assert_cmpuint(h.vring, ==, 3);
	g_assert_cmpint(h.signal, ==, VU_NOTIFY_CALL);
	g_assert_true(vs_kicks_totals(k, 7, 3, VU_NOTIFY_CALL, &signals, &reads));
	g_assert_cmpuint(signals, ==, 20);
	g_assert_cmpuint(reads, ==, 10);
	vs_kicks_session_end(k, 7);
	g_assert_false(vs_kicks_totals(k, 7, 3, VU_NOTIFY_CALL, &signals, &reads));
	vs_kicks_free(k);
	close(fds[0]);
	close(front);
}

/* Until vhostsniff's output so far has a line holding needle (a deadline
 * for failing, no time asserted). */
static void wait_output(struct sniff *s, const char *needle)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;

	for (;;) {
		g_autofree char *text = NULL;

		if (g_file_get_contents(s->out, &text, NULL, NULL) && strstr(text, needle) != NULL)
			return;
		if (now_ms() > deadline)
			g_error("no line with %s in vhostsniff's output:\n%s", needle,
			        text != NULL ? text : "");
		g_usleep(10000);
	}
}

/* A request of the front-end with its payload and fds, taken by the back-end. */
static void pass_payload(struct pair *p, uint32_t request, const void *payload, uint32_t size,
                         const int *fds, unsigned nfds)
{
	struct rx m;

	peer_send_msg(p->front, request, 1, payload, size, fds, nfds);
	peer_recv_msg(p->back, &m);
	g_assert_cmpuint(m.request, ==, request);
	rx_close_fds(&m);
}

/* Guest memory of the walk test: one region at guest address 0, mapped by
 * the front-end at WALK_USER; ring 0's parts and one buffer in it. */
#define WALK_REGION 0x10000u
#define WALK_USER   0x7f0000000000ull
#define WALK_DESC   0x1000u
#define WALK_AVAIL  0x2000u
#define WALK_USED   0x3000u
#define WALK_BUF    0x4000u

static void mem_put(int mem, uint64_t at, uint64_t v, size_t width)
{
	uint8_t b[8];

	for (size_t i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	g_assert_cmpint(pwrite(mem, b, width, (off_t)at), ==, (ssize_t)width);
}

/* A session for the walk tests: vhostsniff --kicks --packets --stats with a
 * rings interval of an hour; ring 0 of 8 set up in mem (descriptor 0: 4
 * readable bytes) with its call and kick eventfds. */
struct walk_session {
	struct pair p;
	int mem;
	int kick, call, back_kick, back_call;
};

static void walk_open(struct sniff *s, struct walk_session *w)
{
	uint64_t features = VU_BIT(VU_F_VERSION_1);
	uint8_t table[8 + 32] = {0}, addr[40] = {0};
	uint32_t num[2] = {0, 8};

	w->mem = memfd_sized("vhostsniff-kicks-walk", WALK_REGION);
	w->kick = efd_new();
	w->call = efd_new();
	w->p.back_listen = peer_listen(s->back);
	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", "1", "--kicks", "--packets",
	            "--rings=3600000", "--stats", NULL);
	sniff_wait_path(s, s->front);
	w->p.front = peer_connect(s->front);
	w->p.back = peer_accept(w->p.back_listen);
	pass_payload(&w->p, VU_REQ_SET_FEATURES, &features, 8, NULL, 0);
	table[0] = 1; /* one region: guest address 0, its size, the front-end's address */
	memcpy(table + 16, &(uint64_t){WALK_REGION}, 8);
	memcpy(table + 24, &(uint64_t){WALK_USER}, 8);
	pass_payload(&w->p, VU_REQ_SET_MEM_TABLE, table, sizeof(table), &w->mem, 1);
	pass_payload(&w->p, VU_REQ_SET_VRING_NUM, num, sizeof(num), NULL, 0);
	memcpy(addr + 8, &(uint64_t){WALK_USER + WALK_DESC}, 8);
	memcpy(addr + 16, &(uint64_t){WALK_USER + WALK_USED}, 8);
	memcpy(addr + 24, &(uint64_t){WALK_USER + WALK_AVAIL}, 8);
	pass_payload(&w->p, VU_REQ_SET_VRING_ADDR, addr, sizeof(addr), NULL, 0);
	w->back_call = pass(&w->p, VU_REQ_SET_VRING_CALL, 0, w->call);
	w->back_kick = pass(&w->p, VU_REQ_SET_VRING_KICK, 0, w->kick);
	mem_put(w->mem, WALK_DESC, WALK_BUF, 8);
	mem_put(w->mem, WALK_DESC + 8, 4, 4);
	mem_put(w->mem, WALK_BUF, 0x61626364, 4);
}

/* The guest makes descriptor 0 available and kicks. */
static void walk_kick(struct walk_session *w)
{
	mem_put(w->mem, WALK_AVAIL + 4, 0, 2);
	mem_put(w->mem, WALK_AVAIL + 2, 1, 2);
	efd_add(w->kick, 1);
	efd_expect(w->back_kick, 1);
}

/* The back-end uses it; a call when call is set. */
static void walk_use(struct walk_session *w, gboolean call)
{
	mem_put(w->mem, WALK_USED + 4, 0, 4);
	mem_put(w->mem, WALK_USED + 8, 0, 4);
	mem_put(w->mem, WALK_USED + 2, 1, 2);
	if (call) {
		efd_add(w->back_call, 1);
		efd_expect(w->call, 1);
	}
}

static void walk_close(struct sniff *s, struct walk_session *w)
{
	pair_close(&w->p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	close(w->kick);
	close(w->call);
	close(w->back_kick);
	close(w->back_call);
	close(w->mem);
}

/*
 * --kicks --packets: a kick and a call make the walker look at their ring
 * at once. With a rings interval of an hour nothing else walks the ring
 * before the session ends but the polling of a session with recent entries
 * (for 2 s after its last): the guest's entry is seen when it kicks, and,
 * once that polling is over, the back-end's completion when it calls; each
 * after its notification's line, all while the session still runs. --stats
 * times neither the kick (no request was seen waiting when it came) nor the
 * call (its progress was seen only by the walk it caused).
 */
static void test_walk(void)
{
	struct sniff *s = sniff_new();
	struct walk_session w;
	int avail_line, used_line;

	walk_open(s, &w);
	walk_kick(&w);
	wait_output(s, "\"phase\":\"avail\"");
	/* The polling of the active session is over: only the call walks now. */
	g_usleep(2500 * 1000);
	walk_use(&w, TRUE);
	wait_output(s, "\"phase\":\"used\"");
	walk_close(s, &w);
	avail_line = find_line(s, 0, "\"phase\":\"avail\"", "\"vring\":0,", "\"head\":0", NULL);
	used_line = find_line(s, 0, "\"phase\":\"used\"", "\"vring\":0,", "\"head\":0", NULL);
	g_assert_cmpint(avail_line, >, find_line(s, 0, "\"event\":\"kick\"", NULL));
	g_assert_cmpint(used_line, >, find_line(s, 0, "\"event\":\"call\"", NULL));
	g_assert_cmpint(find_line(s, 0, "\"event\":\"call\"", NULL), >, avail_line);
	g_assert_cmpint(count_lines(s, "\"phase\":"), ==, 2);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"stats\"", "\"kicks\":1,", NULL), >=, 0);
	g_assert_cmpint(find_line(s, 0, "\"kick_to_used\"", NULL), <, 0);
	g_assert_cmpint(find_line(s, 0, "\"used_to_call\"", NULL), <, 0);
	sniff_free(s);
}

/* Until vhostsniff's output so far has n lines holding needle. */
static void wait_lines(struct sniff *s, const char *needle, guint n)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;

	for (;;) {
		g_autofree char *text = NULL;
		guint have = 0;

		if (g_file_get_contents(s->out, &text, NULL, NULL))
			for (const char *at = text; (at = strstr(at, needle)) != NULL; at++)
				have++;
		if (have >= n)
			return;
		if (now_ms() > deadline)
			g_error("%u lines with %s in vhostsniff's output, not %u:\n%s", have,
			        needle, n, text != NULL ? text : "");
		g_usleep(10000);
	}
}

/*
 * Seen by polling (the session had an entry just now): a completion before
 * the back-end's call, then a request before the guest's kick and its
 * completion before the call. --stats times that kick to the used progress
 * after it (1: the first kick came before its request was seen) and both
 * sights of progress to their calls (2).
 */
static void test_walk_times(void)
{
	struct sniff *s = sniff_new();
	struct walk_session w;

	walk_open(s, &w);
	walk_kick(&w);
	wait_lines(s, "\"phase\":\"avail\"", 1);
	walk_use(&w, FALSE);
	wait_lines(s, "\"phase\":\"used\"", 1);
	efd_add(w.back_call, 1);
	efd_expect(w.call, 1);
	wait_lines(s, "\"event\":\"call\"", 1);

	/* descriptor 0 again, at avail slot 1: seen before its kick */
	mem_put(w.mem, WALK_AVAIL + 6, 0, 2);
	mem_put(w.mem, WALK_AVAIL + 2, 2, 2);
	wait_lines(s, "\"phase\":\"avail\"", 2);
	efd_add(w.kick, 1);
	efd_expect(w.back_kick, 1);
	wait_lines(s, "\"event\":\"kick\"", 2);
	mem_put(w.mem, WALK_USED + 12, 0, 4);
	mem_put(w.mem, WALK_USED + 2, 2, 2);
	wait_lines(s, "\"phase\":\"used\"", 2);
	efd_add(w.back_call, 1);
	efd_expect(w.call, 1);
	wait_lines(s, "\"event\":\"call\"", 2);
	walk_close(s, &w);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"stats\"", "\"kick_to_used\":{\"count\":1,",
	                          "\"used_to_call\":{\"count\":2,", NULL),
	                >=, 0);
	sniff_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/kicks/sums", test_sums);
	g_test_add_func("/kicks/before-enable", test_before_enable);
	g_test_add_func("/kicks/nofd", test_nofd);
	g_test_add_func("/kicks/no-leak", test_no_leak);
	g_test_add_func("/kicks/hook", test_hook);
	g_test_add_func("/kicks/walk", test_walk);
	g_test_add_func("/kicks/walk-times", test_walk_times);
	return g_test_run();
}
