/*
 * --rings, tested from outside: vhostsniff runs between hand-made peers that
 * hand it a memfd as guest memory with a split ring in it (tests/relay-harness.c).
 *  - without --rings, vhostsniff keeps no copy of the region fd once it has
 *    passed, and prints no ring line;
 *  - with --rings, it keeps exactly one copy while the session lives and none
 *    after; the ring line at SET_VRING_KICK shows the indexes written into
 *    the memfd; a ring whose used index stands still with requests in flight
 *    is found stalled, resumed when the test moves it, and the end snapshot
 *    shows nothing in flight.
 * Waits are for lines to appear (with the harness's deadline), never timed.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "dissector/vu-ring.h"
#include "tests/relay-harness.h"

/* The guest memory: one region of REGION bytes at guest address 0, mapped by
 * the "front-end" at USER_BASE; the ring's parts in it (virtio split layout). */
#define REGION    0x10000u
#define USER_BASE 0x7f0000000000ull
#define NUM       8u
#define DESC_AT   0x1000u
#define AVAIL_AT  0x2000u
#define USED_AT   0x3000u
#define BUF_AT    0x4000u
#define BUF_LEN   512u

struct session {
	struct sniff *s;
	struct pair p;
	int mem;
	int kick;
};

static void open_session(struct session *x, const char *rings)
{
	/* With --rings: a short stall timeout, the per-ring totals of --stats, and
	 * a capture of it all. */
	g_autofree char *cap = g_build_filename(x->s->dir, "rings.pcapng", NULL);
	const char *args[] = {"-l", x->s->front, "-c",  x->s->back,        "--sessions", "1", "-w",
	                      cap,  "--stats",   rings, "--stall-timeout", "0.3",        NULL};

	x->p.back_listen = peer_listen(x->s->back);
	sniff_startv(x->s, args);
	sniff_wait_path(x->s, x->s->front);
	x->p.front = peer_connect(x->s->front);
	x->p.back = peer_accept(x->p.back_listen);
}

static void put16(int fd, off_t at, uint16_t v)
{
	uint16_t le = GUINT16_TO_LE(v);

	g_assert_cmpint(pwrite(fd, &le, sizeof(le), at), ==, (ssize_t)sizeof(le));
}

static void put32(int fd, off_t at, uint32_t v)
{
	uint32_t le = GUINT32_TO_LE(v);

	g_assert_cmpint(pwrite(fd, &le, sizeof(le), at), ==, (ssize_t)sizeof(le));
}

static void put64(int fd, off_t at, uint64_t v)
{
	uint64_t le = GUINT64_TO_LE(v);

	g_assert_cmpint(pwrite(fd, &le, sizeof(le), at), ==, (ssize_t)sizeof(le));
}

/* Descriptor i: one device-writable buffer of BUF_LEN bytes. */
static void put_desc(int fd, unsigned i)
{
	off_t at = DESC_AT + 16 * i;

	put64(fd, at, BUF_AT + BUF_LEN * i);
	put32(fd, at + 8, BUF_LEN);
	put16(fd, at + 12, 0x2 /* VRING_DESC_F_WRITE */);
	put16(fd, at + 14, 0);
}

/* The guest made `n` requests (heads 0..n-1) available. */
static void guest_submits(int fd, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		put_desc(fd, i);
		put16(fd, AVAIL_AT + 4 + 2 * i, (uint16_t)i);
	}
	put16(fd, AVAIL_AT + 2, (uint16_t)n);
}

/* The device completed heads 0..n-1. */
static void device_completes(int fd, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		put32(fd, USED_AT + 4 + 8 * i, i);
		put32(fd, USED_AT + 8 + 8 * i, BUF_LEN);
	}
	put16(fd, USED_AT + 2, (uint16_t)n);
}

/* Send a request from the front-end and take it out on the back-end side. */
static void front_says(struct session *x, uint32_t request, const void *payload, uint32_t size,
                       const int *fds, unsigned nfds)
{
	struct rx m;

	peer_send_msg(x->p.front, request, 1, payload, size, fds, nfds);
	peer_recv_msg(x->p.back, &m);
	g_assert_cmpuint(m.request, ==, request);
	rx_close_fds(&m);
}

/* The negotiation up to a started ring 0 (no PROTOCOL_FEATURES: enabled at
 * once), with these virtio features. */
static void start_ring_with(struct session *x, uint64_t features)
{
	uint8_t table[8 + 32] = {0};
	uint32_t state[2] = {0, NUM};
	uint32_t base[2] = {0, 0};
	uint8_t addr[40] = {0};
	uint64_t region[4] = {0, REGION, USER_BASE, 0};
	uint64_t parts[4] = {USER_BASE + DESC_AT, USER_BASE + USED_AT, USER_BASE + AVAIL_AT, 0};
	uint64_t kick = 0;

	front_says(x, VU_REQ_SET_FEATURES, &features, 8, NULL, 0);
	table[0] = 1; /* one region */
	memcpy(table + 8, region, sizeof(region));
	front_says(x, VU_REQ_SET_MEM_TABLE, table, sizeof(table), &x->mem, 1);
	front_says(x, VU_REQ_SET_VRING_NUM, state, 8, NULL, 0);
	front_says(x, VU_REQ_SET_VRING_BASE, base, 8, NULL, 0);
	memcpy(addr + 8, parts, sizeof(parts)); /* index 0, flags 0, desc, used, avail, log */
	front_says(x, VU_REQ_SET_VRING_ADDR, addr, sizeof(addr), NULL, 0);
	front_says(x, VU_REQ_SET_VRING_KICK, &kick, 8, &x->kick, 1);
}

static void start_ring(struct session *x)
{
	start_ring_with(x, VU_BIT(VU_F_VERSION_1));
}

/* Open fds of process pid that are the file of fd (same inode). */
static guint copies_in(pid_t pid, int fd)
{
	g_autofree char *dir_path = g_strdup_printf("/proc/%ld/fd", (long)pid);
	DIR *dir = opendir(dir_path);
	struct dirent *e;
	struct stat want, st;
	guint n = 0;

	g_assert_nonnull(dir);
	g_assert_cmpint(fstat(fd, &want), ==, 0);
	while ((e = readdir(dir)) != NULL) {
		g_autofree char *path = g_strdup_printf("%s/%s", dir_path, e->d_name);

		if (e->d_name[0] != '.' && stat(path, &st) == 0 && st.st_ino == want.st_ino &&
		    st.st_dev == want.st_dev)
			n++;
	}
	closedir(dir);
	return n;
}

/* Wait until the output holds a line with every needle (NULL-terminated). */
static void wait_output(struct sniff *s, ...) G_GNUC_NULL_TERMINATED;

static void wait_output(struct sniff *s, ...)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;

	for (;;) {
		g_autofree char *text = NULL;
		g_auto(GStrv) lines = NULL;

		if (g_file_get_contents(s->out, &text, NULL, NULL)) {
			lines = g_strsplit(text, "\n", -1);
			for (char **l = lines; *l != NULL; l++) {
				va_list ap;
				const char *needle;
				gboolean all = TRUE;

				va_start(ap, s);
				while ((needle = va_arg(ap, const char *)) != NULL)
					all = all && strstr(*l, needle) != NULL;
				va_end(ap);
				if (all)
					return;
			}
		}
		if (now_ms() > deadline)
			g_error("no line with the expected text in %s", s->out);
		g_usleep(10000);
	}
}

static void wait_copies(pid_t pid, int fd, guint want)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;

	while (copies_in(pid, fd) != want) {
		if (now_ms() > deadline)
			g_error("vhostsniff holds %u copies of the region fd, not %u",
			        copies_in(pid, fd), want);
		g_usleep(10000);
	}
}

static void session_init(struct session *x)
{
	x->s = sniff_new();
	x->mem = memfd_sized("guest-ram", REGION);
	x->kick = eventfd(0, EFD_CLOEXEC);
	g_assert_cmpint(x->kick, >=, 0);
}

static void session_free(struct session *x)
{
	g_autofree char *cap_path = g_build_filename(x->s->dir, "rings.pcapng", NULL);

	close(x->mem);
	close(x->kick);
	/* the capture of open_session */
	unlink(cap_path);
	sniff_free(x->s);
}

/*
 * The capture the session wrote (-w) reads back (-r -T json) as the very
 * lines printed live, the ring lines with their findings among them; only
 * the --stats report is not in a capture.
 */
static void read_back_same(struct sniff *s)
{
	g_autofree char *cap = g_build_filename(s->dir, "rings.pcapng", NULL);
	g_autofree char *out = NULL;
	g_autofree char *err = NULL;
	g_autoptr(GString) live = g_string_new(NULL);
	const char *vhostsniff = g_getenv("VHOSTSNIFF");
	const char *argv[] = {
	    vhostsniff != NULL ? vhostsniff : "./vhostsniff", "-r", cap, "-T", "json", NULL};
	int status = 0, rings = 0;

	for (char **l = s->lines; *l != NULL; l++) {
		if (strstr(*l, "\"event\":\"stats\"") != NULL || **l == '\0')
			continue;
		rings += strstr(*l, "\"event\":\"ring\"") != NULL;
		g_string_append_printf(live, "%s\n", *l);
	}
	g_assert_cmpint(rings, >, 0);
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
	                           &err, &status, NULL));
	g_assert_cmpstr(err, ==, "");
	g_assert_cmpint(status, ==, 0);
	g_assert_cmpstr(out, ==, live->str);
}

/* Without --rings the region fd passes and is gone: nothing of the data plane runs. */
static void test_off_keeps_nothing(void)
{
	struct session x;

	session_init(&x);
	guest_submits(x.mem, 2);
	open_session(&x, NULL);
	start_ring(&x);
	/* The SET_VRING_KICK that came after it went out: the relay is past the
	 * memory table's fds, and nothing else should hold one. */
	g_assert_cmpuint(copies_in(x.s->pid, x.mem), ==, 0);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	g_assert_cmpint(find_line(x.s, 0, "\"name\":\"VHOST_USER_SET_MEM_TABLE\"", NULL), >=, 0);
	g_assert_cmpint(count_lines(x.s, "\"event\":\"ring\""), ==, 0);
	g_assert_cmpint(count_lines(x.s, "\"rings\":"), ==, 0); /* nor ring totals in --stats */
	session_free(&x);
}

static void test_snapshots_and_stall(void)
{
	struct session x;
	int line;

	session_init(&x);
	guest_submits(x.mem, 2);
	open_session(&x, "--rings=20");
	start_ring(&x);
	/* One copy for the guest memory table, while the session lives. */
	wait_copies(x.s->pid, x.mem, 1);
	wait_output(x.s, "\"event\":\"ring\"", "\"cause\":\"SET_VRING_KICK\"", "\"avail_idx\":2",
	            "\"used_idx\":0", "\"inflight\":2", NULL);
	wait_output(x.s, "\"event\":\"ring\"", "\"id\":\"ring.stalled\"", NULL);
	device_completes(x.mem, 2);
	wait_output(x.s, "\"event\":\"ring\"", "\"used_idx\":2", "\"inflight\":0",
	            "\"id\":\"ring.resumed\"", NULL);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	g_assert_cmpuint(copies_in(getpid(), x.mem), ==, 1); /* ours; vhostsniff has exited */

	/* Stalled once, resumed once; the last look at the end shows nothing in flight. */
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.stalled\""), ==, 1);
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.resumed\""), ==, 1);
	/* the device never suppressed kicks */
	g_assert_cmpint(count_lines(x.s, "ring.stalled_no_notify"), ==, 0);
	line = find_line(x.s, 0, "\"event\":\"ring\"", "\"cause\":\"end\"", "\"used_idx\":2",
	                 "\"inflight\":0", NULL);
	g_assert_cmpint(line, >=, 0);
	g_assert_cmpint(find_line(x.s, line + 1, "\"event\":\"session_end\"", NULL), >=, 0);
	/* A ring line before the ring had an address: none (SET_VRING_BASE came first). */
	g_assert_cmpint(find_line(x.s, 0, "\"cause\":\"SET_VRING_BASE\"", NULL), <, 0);
	g_assert_cmpint(count_lines(x.s, "\"severity\":\"error\""), ==, 0);
	/* --stats: the two requests completed, two at most in flight. */
	g_assert_cmpint(find_line(x.s, 0, "\"event\":\"stats\"",
	                          "\"rings\":[{\"vring\":0,\"completed\":2,\"most_inflight\":2,",
	                          NULL),
	                >=, 0);
	read_back_same(x.s);
	session_free(&x);
}

/* A stall while the device suppresses kicks (VIRTQ_USED_F_NO_NOTIFY: it
 * said it polls) is said so: no kick will wake it. */
static void test_stall_no_notify(void)
{
	struct session x;

	session_init(&x);
	guest_submits(x.mem, 2);
	put16(x.mem, USED_AT, VU_VIRTQ_USED_F_NO_NOTIFY);
	open_session(&x, "--rings=20");
	start_ring(&x);
	wait_output(x.s, "\"event\":\"ring\"", "\"id\":\"ring.stalled\"",
	            "\"id\":\"ring.stalled_no_notify\"", "used flags NO_NOTIFY", NULL);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.stalled_no_notify\""), ==, 1);
	read_back_same(x.s);
	session_free(&x);
}

/* The region's copy goes when the session ends, while vhostsniff runs on. */
static void test_released_at_session_end(void)
{
	struct session x;
	const char *args[] = {"-l", NULL, "-c", NULL, "--rings", NULL};

	session_init(&x);
	args[1] = x.s->front;
	args[3] = x.s->back;
	x.p.back_listen = peer_listen(x.s->back);
	sniff_startv(x.s, args);
	sniff_wait_path(x.s, x.s->front);
	x.p.front = peer_connect(x.s->front);
	x.p.back = peer_accept(x.p.back_listen);
	start_ring(&x);
	wait_copies(x.s->pid, x.mem, 1);
	close(x.p.front);
	close(x.p.back);
	x.p.front = x.p.back = -1;
	wait_output(x.s, "\"event\":\"session_end\"", NULL);
	wait_copies(x.s->pid, x.mem, 0);
	kill(x.s->pid, SIGTERM);
	sniff_wait(x.s);
	pair_close(&x.p);
	session_free(&x);
}

/* A second place for ring 0 in the same region, where a later setup puts it. */
#define DESC2_AT  0x9000u
#define AVAIL2_AT 0xa000u
#define USED2_AT  0xb000u

/* Ring 0 at its second place: `avail` requests made, the first `used` completed. */
static void ring2_holds(int fd, unsigned avail, unsigned used)
{
	for (unsigned i = 0; i < avail; i++) {
		off_t at = DESC2_AT + 16 * i;

		put64(fd, at, BUF_AT + BUF_LEN * i);
		put32(fd, at + 8, BUF_LEN);
		put16(fd, at + 12, 0x2 /* VRING_DESC_F_WRITE */);
		put16(fd, AVAIL2_AT + 4 + 2 * i, (uint16_t)i);
	}
	put16(fd, AVAIL2_AT + 2, (uint16_t)avail);
	for (unsigned i = 0; i < used; i++) {
		put32(fd, USED2_AT + 4 + 8 * i, i);
		put32(fd, USED2_AT + 8 + 8 * i, BUF_LEN);
	}
	put16(fd, USED2_AT + 2, (uint16_t)used);
}

/* The frame number of output line `line`, as a finding that names it ends:
 * "frame":N}. */
static char *finding_frame_of_line(struct sniff *s, int line)
{
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	const char *at;

	g_assert_true(g_file_get_contents(s->out, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	g_assert_cmpint(line, <, (int)g_strv_length(lines));
	at = strstr(lines[line], "\"frame\":");
	g_assert_nonnull(at);
	return g_strdup_printf("\"frame\":%" G_GUINT64_FORMAT "}",
	                       g_ascii_strtoull(at + strlen("\"frame\":"), NULL, 10));
}

/* Stop ring 0: GET_VRING_BASE, answered with base. */
static void stop_ring(struct session *x, uint32_t base)
{
	uint32_t state[2] = {0, 0};
	uint32_t reply[2] = {0, base};
	struct rx m;

	front_says(x, VU_REQ_GET_VRING_BASE, state, 8, NULL, 0);
	peer_send_msg(x->p.back, VU_REQ_GET_VRING_BASE, 0x5, reply, 8, NULL, 0);
	peer_recv_msg(x->p.front, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_VRING_BASE);
}

/* Set ring 0 up again as QEMU does (vhost_virtqueue_start): NUM, BASE, then
 * ADDR at desc, used, avail, then KICK. */
static void restart_ring_at(struct session *x, uint32_t base, uint32_t desc, uint32_t used,
                            uint32_t avail)
{
	uint32_t state[2] = {0, NUM};
	uint32_t set_base[2] = {0, base};
	uint8_t addr[40] = {0};
	uint64_t parts[4] = {USER_BASE + desc, USER_BASE + used, USER_BASE + avail, 0};
	uint64_t kick = 0;

	front_says(x, VU_REQ_SET_VRING_NUM, state, 8, NULL, 0);
	front_says(x, VU_REQ_SET_VRING_BASE, set_base, 8, NULL, 0);
	memcpy(addr + 8, parts, sizeof(parts));
	front_says(x, VU_REQ_SET_VRING_ADDR, addr, sizeof(addr), NULL, 0);
	front_says(x, VU_REQ_SET_VRING_KICK, &kick, 8, &x->kick, 1);
}

/* ... at its second place. */
static void restart_ring(struct session *x, uint32_t base)
{
	restart_ring_at(x, base, DESC2_AT, USED2_AT, AVAIL2_AT);
}

/*
 * The base checks land on the message they are about: a GET_VRING_BASE reply
 * of 1 on a ring whose used index is 0, after a draining stop: one request
 * left in flight (ring.base_mismatch). The ring is set up again elsewhere,
 * BASE before ADDR as QEMU does: a base of 2 equals the used index at the new
 * address, so nothing is skipped, though the old address (used 0, avail 2)
 * would say two. Stopped again while the guest made two more requests, a
 * base of 4 skips those two (ring.base_skips_inflight), judged once the
 * address is sent: on the SET_VRING_ADDR, naming the SET_VRING_BASE's frame.
 * The capture read back (-r) shows both where they were shown live.
 */
static void test_base_checks(void)
{
	struct session x;
	g_autofree char *set_base_frame = NULL;
	g_autofree char *set_at = NULL;
	int line;

	session_init(&x);
	guest_submits(x.mem, 2);
	ring2_holds(x.mem, 2, 2);
	open_session(&x, "--rings");
	start_ring(&x);
	stop_ring(&x, 1);
	restart_ring(&x, 2);
	stop_ring(&x, 2);
	ring2_holds(x.mem, 4, 2);
	restart_ring(&x, 4);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	g_assert_cmpint(find_line(x.s, 0, "\"name\":\"VHOST_USER_GET_VRING_BASE\"",
	                          "\"reply\":true", "\"vring.base\":1",
	                          "\"id\":\"ring.base_mismatch\"", NULL),
	                >=, 0);
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.base_mismatch\""), ==, 1);
	/* The one skip: on the second restart's SET_VRING_ADDR. */
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.base_skips_inflight\""), ==, 1);
	line =
	    find_line(x.s, 0, "\"name\":\"VHOST_USER_SET_VRING_BASE\"", "\"vring.base\":4", NULL);
	g_assert_cmpint(line, >=, 0);
	set_base_frame = finding_frame_of_line(x.s, line);
	/* the text names it too, whole: "...: 2 in flight skipped; set at frame N)" */
	set_at = g_strdup_printf("skipped; set at frame %" G_GUINT64_FORMAT ")\"",
	                         g_ascii_strtoull(set_base_frame + strlen("\"frame\":"), NULL, 10));
	g_assert_cmpint(find_line(x.s, line + 1, "\"name\":\"VHOST_USER_SET_VRING_ADDR\"",
	                          "\"id\":\"ring.base_skips_inflight\"", "base 4, used 2, avail 4",
	                          set_base_frame, set_at, NULL),
	                >=, 0);
	/* On the messages, not on the ring lines. */
	g_assert_cmpint(find_line(x.s, 0, "\"event\":\"ring\"", "ring.base_", NULL), <, 0);
	/* The capture keeps them in the snapshots that follow those messages,
	 * and -r shows them on the messages again. */
	read_back_same(x.s);
	session_free(&x);
}

/*
 * The front-end may reset a ring as soon as it has the GET_VRING_BASE reply,
 * before vhostsniff reads it (DPDK virtio-user zeroes its rings at once):
 * a ring that ran (2 made, 2 completed) and reads all 0 at the reply is not
 * held against the base, 2; the same reply on the ring as it ran draws
 * nothing either, and a base of 1 on it still does (ring.base_mismatch).
 * Nor does --stats count the index going back to 0 as requests completed.
 */
static void test_base_reply_after_reset(void)
{
	struct session x;

	session_init(&x);
	guest_submits(x.mem, 2);
	device_completes(x.mem, 2);
	open_session(&x, "--rings");
	start_ring(&x);
	{
		uint32_t state[2] = {0, 0};
		uint32_t reply[2] = {0, 2};
		uint8_t zero[6] = {0};
		struct rx m;

		front_says(&x, VU_REQ_GET_VRING_BASE, state, 8, NULL, 0);
		/* the ring as the request found it, read */
		wait_output(x.s, "\"event\":\"ring\"", "\"cause\":\"GET_VRING_BASE\"",
		            "\"used_idx\":2,", NULL);
		/* the reset, before the reply reaches vhostsniff */
		g_assert_cmpint(pwrite(x.mem, zero, 4, AVAIL_AT), ==, 4);
		g_assert_cmpint(pwrite(x.mem, zero, 4, USED_AT), ==, 4);
		peer_send_msg(x.p.back, VU_REQ_GET_VRING_BASE, 0x5, reply, 8, NULL, 0);
		peer_recv_msg(x.p.front, &m);
		g_assert_cmpuint(m.request, ==, VU_REQ_GET_VRING_BASE);
	}
	ring2_holds(x.mem, 2, 2); /* set up again elsewhere, where it runs on */
	restart_ring(&x, 2);
	stop_ring(&x, 2);
	restart_ring(&x, 2);
	stop_ring(&x, 1);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	/* the blank ring was read at the first reply */
	g_assert_cmpint(find_line(x.s, 0, "\"event\":\"ring\"", "\"cause\":\"GET_VRING_BASE\"",
	                          "\"avail_idx\":0,\"used_idx\":0,", NULL),
	                >=, 0);
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.base_mismatch\""), ==, 1);
	g_assert_cmpint(find_line(x.s, 0, "\"name\":\"VHOST_USER_GET_VRING_BASE\"",
	                          "\"vring.base\":1", "\"id\":\"ring.base_mismatch\"", NULL),
	                >=, 0);
	/* --stats: the index back at 0 is no progress (the 2 were done before the first look) */
	g_assert_cmpint(find_line(x.s, 0, "\"event\":\"stats\"",
	                          "\"rings\":[{\"vring\":0,\"completed\":0,", NULL),
	                >=, 0);
	session_free(&x);
}

/*
 * The looks vhostsniff takes at the messages before the GET_VRING_BASE reply
 * may come after the front-end reset the ring too: the pipeline runs behind
 * the relay (net-dpdk-pair: the looks at DPDK virtio-user's SET_VRING_ENABLE
 * 0 and GET_VRING_BASE read its ring 1 all 0, then the reply drew
 * ring.base_mismatch 'base 15232 outside used 0 .. avail 0'). Here the ring
 * is reset before the request: every look from there on reads all 0. A ring
 * seen running (2 made, 2 completed at SET_VRING_KICK) is not held against
 * the base, 2. Set up again at the same place, all 0, it is judged again: a
 * base of 1 there draws ring.base_mismatch.
 */
static void test_base_reply_after_early_reset(void)
{
	struct session x;
	uint8_t zero[6] = {0};
	int blank_looks = 0;

	session_init(&x);
	guest_submits(x.mem, 2);
	device_completes(x.mem, 2);
	open_session(&x, "--rings");
	start_ring(&x);
	wait_output(x.s, "\"event\":\"ring\"", "\"cause\":\"SET_VRING_KICK\"", "\"used_idx\":2,",
	            NULL);
	g_assert_cmpint(pwrite(x.mem, zero, 4, AVAIL_AT), ==, 4);
	g_assert_cmpint(pwrite(x.mem, zero, 4, USED_AT), ==, 4);
	stop_ring(&x, 2);
	restart_ring_at(&x, 0, DESC_AT, USED_AT, AVAIL_AT);
	stop_ring(&x, 1);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	/* the four looks at the two stops (request, reply) read it all 0 */
	for (int line = 0; (line = find_line(x.s, line, "\"cause\":\"GET_VRING_BASE\"",
	                                     "\"avail_idx\":0,\"used_idx\":0,", NULL)) >= 0;
	     line++)
		blank_looks++;
	g_assert_cmpint(blank_looks, ==, 4);
	g_assert_cmpint(find_line(x.s, 0, "\"name\":\"VHOST_USER_GET_VRING_BASE\"",
	                          "\"vring.base\":2", "\"id\":\"ring.base_mismatch\"", NULL),
	                <, 0);
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.base_mismatch\""), ==, 1);
	g_assert_cmpint(find_line(x.s, 0, "\"name\":\"VHOST_USER_GET_VRING_BASE\"",
	                          "\"vring.base\":1", "base 1 outside used 0 .. avail 0", NULL),
	                >=, 0);
	read_back_same(x.s);
	session_free(&x);
}

/* Packed ring 0 at the first place (descriptors at DESC_AT, the driver's
 * event area at AVAIL_AT, the device's at USED_AT): slot i's flags. */
static void put_packed_flags(int fd, unsigned slot, uint16_t flags)
{
	off_t at = DESC_AT + 16 * slot;

	put64(fd, at, BUF_AT + BUF_LEN * slot);
	put32(fd, at + 8, BUF_LEN);
	put16(fd, at + 12, (uint16_t)slot); /* buffer id */
	put16(fd, at + 14, flags);
}

/*
 * The same on a packed ring, with DPDK's base (no used half: the used slot
 * is the avail one). The ring in its second lap (wrap 0): slots 0 and 1 made
 * available and used again, 2 to 7 used in the first lap; a drained stop says
 * base 2, wrap 0. Reset before the request, every slot reads 0, which a
 * packed ring's rule takes for used in a wrap-0 lap: slot 2 would be the
 * next used slot already used. Seen running at SET_VRING_KICK, the ring is
 * not held against the base. Set up again at the same place, all 0 (DPDK's
 * first base, slot 0 wrap 1), the same reply there draws ring.base_mismatch.
 */
static void test_packed_base_reply_after_reset(void)
{
	struct session x;
	uint8_t zero[16 * NUM] = {0};
	uint32_t set_base[2] = {0, 0x8000};
	uint8_t addr[40] = {0};
	uint64_t parts[4] = {USER_BASE + DESC_AT, USER_BASE + USED_AT, USER_BASE + AVAIL_AT, 0};
	uint64_t kick = 0;
	int first_reply;

	session_init(&x);
	for (unsigned i = 0; i < NUM; i++)
		put_packed_flags(x.mem, i,
		                 VU_DESC_F_WRITE | (i < 2 ? 0 : VU_DESC_F_AVAIL | VU_DESC_F_USED));
	open_session(&x, "--rings");
	start_ring_with(&x, VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_F_RING_PACKED));
	wait_output(x.s, "\"event\":\"ring\"", "\"cause\":\"SET_VRING_KICK\"",
	            "\"avail_pos\":2,\"avail_wrap\":false,\"used_pos\":2,\"used_wrap\":false,",
	            NULL);
	g_assert_cmpint(pwrite(x.mem, zero, sizeof(zero), DESC_AT), ==, (ssize_t)sizeof(zero));
	stop_ring(&x, 0x0002);
	front_says(&x, VU_REQ_SET_VRING_BASE, set_base, 8, NULL, 0);
	memcpy(addr + 8, parts, sizeof(parts));
	front_says(&x, VU_REQ_SET_VRING_ADDR, addr, sizeof(addr), NULL, 0);
	front_says(&x, VU_REQ_SET_VRING_KICK, &kick, 8, &x.kick, 1);
	stop_ring(&x, 0x0002);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	g_assert_cmpint(find_line(x.s, 0, "\"event\":\"ring\"", "\"cause\":\"GET_VRING_BASE\"",
	                          "\"avail_pos\":0,\"avail_wrap\":true,\"used_pos\":0,", NULL),
	                >=, 0);
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.base_mismatch\""), ==, 1);
	g_assert_cmpint(count_lines(x.s, "\"id\":\"ring.base_skips_inflight\""), ==, 0);
	/* on the second reply */
	first_reply =
	    find_line(x.s, 0, "\"name\":\"VHOST_USER_GET_VRING_BASE\"", "\"reply\":true", NULL);
	g_assert_cmpint(first_reply, >=, 0);
	g_assert_cmpint(find_line(x.s, first_reply + 1, "\"name\":\"VHOST_USER_GET_VRING_BASE\"",
	                          "\"reply\":true",
	                          "next used slot 2 (wrap 0) already holds a used descriptor",
	                          NULL),
	                >=, 0);
	read_back_same(x.s);
	session_free(&x);
}

/* The inflight area: 2 queues of 8 descriptors, split, in 256 bytes each. */
#define INFLIGHT_QUEUES 2u
#define INFLIGHT_STRIDE 256u

/* Descriptor `desc` of queue 0 in flight since `counter`. */
static void inflight_desc(int fd, unsigned desc, uint64_t counter)
{
	off_t at = 16 + 16 * desc; /* QueueRegionSplit header, DescStateSplit entries */
	uint8_t one = 1;

	g_assert_cmpint(pwrite(fd, &one, 1, at), ==, 1);
	put64(fd, at + 8, counter);
}

/*
 * The inflight area, as the back-end hands it (GET_INFLIGHT_FD reply) and the
 * front-end hands it back (SET_INFLIGHT_FD): queue 0 holds descriptors 4, 3
 * and 6 in flight (counters 10, 11, 12), 3 being the last batch's head with
 * the area's used index at 1; queue 1 was never set up (version 0). At
 * SET_VRING_KICK the ring's used index is 2: the last batch completed, so a
 * restarted back-end resubmits 4 then 6, not 3 (libvhost-user
 * vu_check_queue_inflights).
 */
static void test_inflight(void)
{
	struct session x;
	int area = memfd_sized("inflight", INFLIGHT_QUEUES * INFLIGHT_STRIDE);
	uint64_t features = 1ull << 32 | 1ull << 30; /* VERSION_1, PROTOCOL_FEATURES */
	uint64_t protocol = 1ull << VU_PF_INFLIGHT_SHMFD;
	uint64_t desc[3] = {INFLIGHT_QUEUES * INFLIGHT_STRIDE, 0, INFLIGHT_QUEUES | NUM << 16};
	uint64_t ask[3] = {0, 0, INFLIGHT_QUEUES | NUM << 16};
	uint8_t table[8 + 32] = {0};
	uint64_t region[4] = {0, REGION, USER_BASE, 0};
	uint32_t state[2] = {0, NUM};
	uint32_t base[2] = {0, 2};
	uint8_t addr[40] = {0};
	uint64_t parts[4] = {USER_BASE + DESC_AT, USER_BASE + USED_AT, USER_BASE + AVAIL_AT, 0};
	uint64_t kick = 0;
	struct rx m;
	int line;

	session_init(&x);
	put16(area, 8, 1);  /* version */
	put16(area, 10, 8); /* desc_num */
	put16(area, 12, 3); /* last_batch_head */
	put16(area, 14, 1); /* used_idx */
	inflight_desc(area, 4, 10);
	inflight_desc(area, 3, 11);
	inflight_desc(area, 6, 12);
	guest_submits(x.mem, 5);
	device_completes(x.mem, 2);
	open_session(&x, "--rings");
	front_says(&x, VU_REQ_SET_FEATURES, &features, 8, NULL, 0);
	front_says(&x, VU_REQ_SET_PROTOCOL_FEATURES, &protocol, 8, NULL, 0);
	table[0] = 1;
	memcpy(table + 8, region, sizeof(region));
	front_says(&x, VU_REQ_SET_MEM_TABLE, table, sizeof(table), &x.mem, 1);
	front_says(&x, VU_REQ_GET_INFLIGHT_FD, ask, sizeof(ask), NULL, 0);
	peer_send_msg(x.p.back, VU_REQ_GET_INFLIGHT_FD, 0x5, desc, sizeof(desc), &area, 1);
	peer_recv_msg(x.p.front, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_INFLIGHT_FD);
	rx_close_fds(&m);
	front_says(&x, VU_REQ_SET_INFLIGHT_FD, desc, sizeof(desc), &area, 1);
	front_says(&x, VU_REQ_SET_VRING_NUM, state, 8, NULL, 0);
	front_says(&x, VU_REQ_SET_VRING_BASE, base, 8, NULL, 0);
	memcpy(addr + 8, parts, sizeof(parts));
	front_says(&x, VU_REQ_SET_VRING_ADDR, addr, sizeof(addr), NULL, 0);
	front_says(&x, VU_REQ_SET_VRING_KICK, &kick, 8, &x.kick, 1);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);

	/* Handed over twice: every queue, in counter order, the batch not judged. */
	for (int i = 0; i < 2; i++) {
		const char *cause =
		    i == 0 ? "\"cause\":\"GET_INFLIGHT_FD\"" : "\"cause\":\"SET_INFLIGHT_FD\"";

		g_assert_cmpint(
		    find_line(x.s, 0, "\"event\":\"inflight\"", "\"vring\":0,", cause,
		              "\"status\":\"ok\",\"packed\":false,\"version\":1,\"desc_num\":8,"
		              "\"last_batch_head\":3,\"used_idx\":1,\"inflight\":3,\"resubmit\":["
		              "{\"desc\":4,\"counter\":10},{\"desc\":3,\"counter\":11},"
		              "{\"desc\":6,\"counter\":12}]}",
		              NULL),
		    >=, 0);
		g_assert_cmpint(find_line(x.s, 0, "\"event\":\"inflight\"", "\"vring\":1,", cause,
		                          "\"status\":\"not set up\"", NULL),
		                >=, 0);
	}
	/* At the kick, against the ring's used index: the last batch is done. */
	line = find_line(x.s, 0, "\"event\":\"inflight\"", "\"cause\":\"SET_VRING_KICK\"",
	                 "\"ring_used_idx\":2,\"batch_done\":true,\"inflight\":2,\"resubmit\":["
	                 "{\"desc\":4,\"counter\":10},{\"desc\":6,\"counter\":12}]}",
	                 NULL);
	g_assert_cmpint(line, >=, 0);
	g_assert_cmpint(count_lines(x.s, "\"event\":\"inflight\""), ==, 5);
	/* The capture keeps them: -r prints the same lines. */
	read_back_same(x.s);
	close(area);
	session_free(&x);
}

/*
 * The dirty log (SET_LOG_BASE, migration): 64 bytes, 512 pages. Three pages
 * are dirty when it is handed over, two more later, then the front-end reads
 * and clears it: the count goes out at SET_LOG_BASE and at each look where
 * it changed (3, 5, 0), with no line while it stands still.
 */
static void test_dirty_log(void)
{
	struct session x;
	int log = memfd_sized("dirty-log", 64);
	uint64_t base[2] = {64, 0}; /* mmap_size, mmap_offset */
	uint8_t bits[64] = {0x07};

	session_init(&x);
	g_assert_cmpint(pwrite(log, bits, sizeof(bits), 0), ==, (ssize_t)sizeof(bits));
	open_session(&x, "--rings=20");
	start_ring(&x);
	front_says(&x, VU_REQ_SET_LOG_BASE, base, sizeof(base), &log, 1);
	wait_output(x.s, "\"event\":\"log\"", "\"cause\":\"SET_LOG_BASE\"", "\"pages\":512,",
	            "\"dirty\":3}", NULL);
	bits[10] = 0x81;
	g_assert_cmpint(pwrite(log, bits, sizeof(bits), 0), ==, (ssize_t)sizeof(bits));
	wait_output(x.s, "\"event\":\"log\"", "\"cause\":\"interval\"", "\"dirty\":5}", NULL);
	memset(bits, 0, sizeof(bits));
	g_assert_cmpint(pwrite(log, bits, sizeof(bits), 0), ==, (ssize_t)sizeof(bits));
	wait_output(x.s, "\"event\":\"log\"", "\"cause\":\"interval\"", "\"dirty\":0}", NULL);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	/* 3 at SET_LOG_BASE, then 5 and 0 at the looks that saw them change (a look
	 * during a write may see a count in between), 0 at the end; never the same
	 * count twice in a row at the looks. */
	{
		g_autofree char *text = NULL;
		g_auto(GStrv) lines = NULL;
		const char *last = NULL;
		guint looks = 0;

		g_assert_true(g_file_get_contents(x.s->out, &text, NULL, NULL));
		lines = g_strsplit(text, "\n", -1);
		for (char **l = lines; *l != NULL; l++) {
			const char *dirty = strstr(*l, "\"dirty\":");

			if (strstr(*l, "\"event\":\"log\"") == NULL || dirty == NULL)
				continue;
			if (strstr(*l, "\"cause\":\"interval\"") != NULL) {
				g_assert_nonnull(last);
				g_assert_cmpstr(dirty, !=, last);
				looks++;
			}
			last = dirty;
		}
		g_assert_cmpuint(looks, >=, 2);
	}
	g_assert_cmpint(
	    find_line(x.s, 0, "\"event\":\"log\"", "\"cause\":\"end\"", "\"dirty\":0}", NULL), >=,
	    0);
	read_back_same(x.s);
	close(log);
	session_free(&x);
}

/* Text: a ring line per snapshot with -v; without it only the lines with findings. */
static void test_text(gconstpointer data)
{
	gboolean verbose = GPOINTER_TO_INT(data);
	struct session x;
	const char *args[] = {"-T",         "text",
	                      "-l",         NULL,
	                      "-c",         NULL,
	                      "--sessions", "1",
	                      "--rings=20", "--stall-timeout",
	                      "0.3",        verbose ? "-v" : NULL,
	                      NULL};

	session_init(&x);
	args[3] = x.s->front;
	args[5] = x.s->back;
	guest_submits(x.mem, 2);
	x.p.back_listen = peer_listen(x.s->back);
	sniff_startv(x.s, args);
	sniff_wait_path(x.s, x.s->front);
	x.p.front = peer_connect(x.s->front);
	x.p.back = peer_accept(x.p.back_listen);
	start_ring(&x);
	wait_output(x.s, "ring 0 (interval):", "stalled", NULL);
	device_completes(x.mem, 2);
	wait_output(x.s, "ring 0 (interval):", "moves again", NULL);
	pair_close(&x.p);
	g_assert_cmpint(sniff_wait(x.s), ==, 0);
	g_assert_cmpint(count_lines(x.s, "ring 0 (interval): avail 2 used 0, 2 in flight"), ==, 1);
	g_assert_cmpint(count_lines(x.s, "ring 0 (interval): avail 2 used 2, 0 in flight"), ==, 1);
	if (verbose) {
		g_assert_cmpint(
		    count_lines(x.s, "ring 0 (SET_VRING_KICK): avail 2 used 0, 2 in flight, flags "
		                     "avail 0x0 used 0x0"),
		    ==, 1);
		g_assert_cmpint(count_lines(x.s, "ring 0 (end): avail 2 used 2, 0 in flight"), ==,
		                1);
	} else {
		g_assert_cmpint(count_lines(x.s, "ring 0 (SET_VRING_KICK)"), ==, 0);
		g_assert_cmpint(count_lines(x.s, "ring 0 (end)"), ==, 0);
	}
	session_free(&x);
}

/* Refused with a sentence (exit 2): what --rings and --stall-timeout do not take. */
static void test_usage(void)
{
	static const char *const cases[][3] = {
	    {"--rings=0", NULL, "--rings=MS wants milliseconds"},
	    {"--rings=fast", NULL, "--rings=MS wants milliseconds"},
	    {"--stall-timeout", "1", "add --rings"},
	    {"--rings", "--stall-timeout=-1", "--stall-timeout wants seconds"},
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct sniff *s = sniff_new();
		g_autofree char *err = NULL;

		sniff_start(s, "-l", s->front, "-c", s->back, cases[i][0], cases[i][1], NULL);
		g_assert_cmpint(sniff_wait(s), ==, 2);
		err = sniff_stderr(s);
		g_assert_nonnull(strstr(err, cases[i][2]));
		sniff_free(s);
	}
	{
		struct sniff *s = sniff_new();
		g_autofree char *err = NULL;

		sniff_start(s, "-r", "/nonexistent.pcapng", "--rings", NULL);
		g_assert_cmpint(sniff_wait(s), ==, 2);
		err = sniff_stderr(s);
		g_assert_nonnull(strstr(err, "not with -r"));
		sniff_free(s);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/rings/off-keeps-nothing", test_off_keeps_nothing);
	g_test_add_func("/rings/snapshots-and-stall", test_snapshots_and_stall);
	g_test_add_func("/rings/stall-no-notify", test_stall_no_notify);
	g_test_add_func("/rings/released-at-session-end", test_released_at_session_end);
	g_test_add_func("/rings/usage", test_usage);
	g_test_add_func("/rings/base-checks", test_base_checks);
	g_test_add_func("/rings/inflight", test_inflight);
	g_test_add_func("/rings/dirty-log", test_dirty_log);
	g_test_add_func("/rings/base-reply-after-reset", test_base_reply_after_reset);
	g_test_add_func("/rings/base-reply-after-early-reset", test_base_reply_after_early_reset);
	g_test_add_func("/rings/packed-base-reply-after-reset", test_packed_base_reply_after_reset);
	g_test_add_data_func("/rings/text", GINT_TO_POINTER(FALSE), test_text);
	g_test_add_data_func("/rings/text-verbose", GINT_TO_POINTER(TRUE), test_text);
	return g_test_run();
}
