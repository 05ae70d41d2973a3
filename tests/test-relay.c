/*
 * The relay, tested from outside: vhostsniff runs as a subprocess between
 * sockets this test plays both peers on, with hand-made messages. Checks
 * bytes and fds on the far side (fds by inode: the same open file arrives),
 * and the JSON lines vhostsniff printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "tests/relay-harness.h"

/* ---- framing -------------------------------------------------------------- */

/* A header in three writes and a payload in two: one message on the far side. */
static void test_split_header(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint8_t buf[64];
	uint32_t state[2] = {0, 256};
	size_t len = msg_build(buf, VU_REQ_SET_VRING_NUM, 1, state, sizeof(state));
	struct rx m;

	pair_open_usual(s, &p, "1");
	peer_send(p.front, buf, 3, NULL, 0);
	g_usleep(20000);
	peer_send(p.front, buf + 3, 6, NULL, 0);
	g_usleep(20000);
	peer_send(p.front, buf + 9, 5, NULL, 0);
	g_usleep(20000);
	peer_send(p.front, buf + 14, len - 14, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_NUM);
	g_assert_cmpuint(m.flags, ==, 1);
	g_assert_cmpmem(m.payload, m.size, state, sizeof(state));
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"name\":\"VHOST_USER_SET_VRING_NUM\"", "\"size\":8",
	                          "\"from\":\"front\"", "\"malformed\":false", NULL),
	                >=, 0);
	sniff_free(s);
}

/* Several messages in one write, both ways; each arrives whole and in order. */
static void test_glued(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint8_t buf[256];
	size_t len = 0;
	uint64_t features = 1ull << 32;
	struct rx m;
	int line;

	pair_open_usual(s, &p, "1");
	len += msg_build(buf + len, VU_REQ_SET_OWNER, 1, NULL, 0);
	len += msg_build(buf + len, VU_REQ_GET_FEATURES, 1, NULL, 0);
	len += msg_build(buf + len, VU_REQ_SET_FEATURES, 1, &features, sizeof(features));
	len += msg_build(buf + len, VU_REQ_GET_PROTOCOL_FEATURES, 1, NULL, 0);
	peer_send(p.front, buf, len, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_OWNER);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_FEATURES);
	g_assert_cmpmem(m.payload, m.size, &features, sizeof(features));
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_PROTOCOL_FEATURES);

	/* two replies glued the other way */
	len = msg_build(buf, VU_REQ_GET_FEATURES, 5, &features, sizeof(features));
	len += msg_build(buf + len, VU_REQ_GET_PROTOCOL_FEATURES, 5, &features, sizeof(features));
	peer_send(p.back, buf, len, NULL, 0);
	peer_recv_msg(p.front, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	g_assert_cmpuint(m.flags, ==, 5);
	peer_recv_msg(p.front, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_PROTOCOL_FEATURES);

	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	line = find_line(s, 0, "\"name\":\"VHOST_USER_SET_OWNER\"", NULL);
	g_assert_cmpint(line, >=, 0);
	line =
	    find_line(s, line + 1, "\"name\":\"VHOST_USER_GET_FEATURES\"", "\"reply\":false", NULL);
	g_assert_cmpint(line, >=, 0);
	line = find_line(s, line + 1, "\"name\":\"VHOST_USER_SET_FEATURES\"", NULL);
	g_assert_cmpint(line, >=, 0);
	line = find_line(s, line + 1, "\"name\":\"VHOST_USER_GET_PROTOCOL_FEATURES\"", NULL);
	g_assert_cmpint(line, >=, 0);
	line = find_line(s, line + 1, "\"name\":\"VHOST_USER_GET_FEATURES\"", "\"reply\":true",
	                 "\"from\":\"back\"", "latency_us", NULL);
	g_assert_cmpint(line, >=, 0);
	g_assert_cmpint(count_lines(s, "\"channel\":\"main\""), ==, 6);
	sniff_free(s);
}

/* ---- fds ------------------------------------------------------------------ */

/*
 * Messages without and with fds sent back to back (Linux glues them in the
 * socket): each fd arrives with the header of its own message, and it is
 * the same open file (inode) that was sent.
 */
static void test_fds_stay_with_message(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint64_t u64 = 0;
	int memfd = memfd_sized("guest-ram", 1 << 20);
	int efd = eventfd(0, EFD_CLOEXEC);
	struct rx m;
	int line;

	pair_open_usual(s, &p, "1");
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &u64, 8, NULL, 0); /* no fd */
	peer_send_msg(p.front, VU_REQ_ADD_MEM_REG, 9, (uint8_t[40]){0}, 40, &memfd,
	              1);                                                   /* with memfd */
	peer_send_msg(p.front, VU_REQ_SET_VRING_NUM, 1, &u64, 8, NULL, 0);  /* no fd */
	peer_send_msg(p.front, VU_REQ_SET_VRING_CALL, 1, &u64, 8, &efd, 1); /* with eventfd */

	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_FEATURES);
	g_assert_cmpuint(m.hdr_nfds + m.payload_nfds, ==, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_ADD_MEM_REG);
	g_assert_cmpuint(m.hdr_nfds, ==, 1);
	g_assert_cmpuint(m.payload_nfds, ==, 0);
	g_assert_cmpuint(inode_of(m.hdr_fds[0]), ==, inode_of(memfd));
	rx_close_fds(&m);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_NUM);
	g_assert_cmpuint(m.hdr_nfds + m.payload_nfds, ==, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_CALL);
	g_assert_cmpuint(m.hdr_nfds, ==, 1);
	g_assert_cmpuint(inode_of(m.hdr_fds[0]), ==, inode_of(efd));
	rx_close_fds(&m);

	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	line = find_line(s, 0, "\"name\":\"VHOST_USER_ADD_MEM_REG\"", "\"fds\":1",
	                 "\"kind\":\"memfd\"", "\"name\":\"guest-ram\"", NULL);
	g_assert_cmpint(line, >=, 0);
	line = find_line(s, 0, "\"name\":\"VHOST_USER_SET_VRING_CALL\"", "\"fds\":1",
	                 "\"kind\":\"eventfd\"", NULL);
	g_assert_cmpint(line, >=, 0);
	g_assert_cmpint(find_line(s, 0, "\"name\":\"VHOST_USER_SET_FEATURES\"", "\"fds\":0", NULL),
	                >=, 0);
	close(memfd);
	close(efd);
	sniff_free(s);
}

/* A peer that sends the fd with the payload write: it stays with that message
 * and goes out with its first byte. */
static void test_fds_with_payload(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint8_t buf[64];
	uint64_t u64 = 1;
	int efd = eventfd(0, EFD_CLOEXEC);
	size_t len = msg_build(buf, VU_REQ_SET_VRING_KICK, 1, &u64, 8);
	struct rx m;

	pair_open_usual(s, &p, "1");
	peer_send(p.front, buf, HDR, NULL, 0);
	g_usleep(20000);
	peer_send(p.front, buf + HDR, len - HDR, &efd, 1);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_KICK);
	g_assert_cmpuint(m.hdr_nfds, ==, 1);
	g_assert_cmpuint(inode_of(m.hdr_fds[0]), ==, inode_of(efd));
	rx_close_fds(&m);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(
	    find_line(s, 0, "\"name\":\"VHOST_USER_SET_VRING_KICK\"", "\"fds\":1", NULL), >=, 0);
	close(efd);
	sniff_free(s);
}

/*
 * Everything queued in vhostsniff's socket before it reads (it is stopped),
 * so one read-ahead sees it all: fds sent on their own message, on a write
 * that glues two messages (they are the first one's), and on a payload write
 * glued to the next message (the payload's message). Each arrives with the
 * header of the message it was sent with, and only there.
 */
static void test_fds_read_ahead(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint8_t glued[128], split[128];
	uint64_t u64 = 3;
	int efd[3];
	size_t a, b;
	struct rx m;
	static const uint32_t order[] = {VU_REQ_SET_FEATURES,  VU_REQ_SET_VRING_CALL,
	                                 VU_REQ_SET_VRING_NUM, VU_REQ_SET_VRING_KICK,
	                                 VU_REQ_SET_VRING_NUM, VU_REQ_SET_VRING_KICK,
	                                 VU_REQ_SET_VRING_NUM};
	static const int fd_of[] = {-1, 0, -1, 1, -1, 2, -1};

	for (int i = 0; i < 3; i++)
		efd[i] = eventfd(0, EFD_CLOEXEC);
	pair_open_usual(s, &p, "1");
	g_assert_cmpint(kill(s->pid, SIGSTOP), ==, 0);
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &u64, 8, NULL, 0);
	peer_send_msg(p.front, VU_REQ_SET_VRING_CALL, 1, &u64, 8, &efd[0], 1); /* with fd */
	peer_send_msg(p.front, VU_REQ_SET_VRING_NUM, 1, &u64, 8, NULL, 0);
	/* SET_VRING_KICK + SET_VRING_NUM in one write, the fd the kick's */
	a = msg_build(glued, VU_REQ_SET_VRING_KICK, 1, &u64, 8);
	a += msg_build(glued + a, VU_REQ_SET_VRING_NUM, 1, &u64, 8);
	peer_send(p.front, glued, a, &efd[1], 1);
	/* SET_VRING_KICK's header alone, then its payload and a SET_VRING_NUM
	 * in one write with the fd */
	b = msg_build(split, VU_REQ_SET_VRING_KICK, 1, &u64, 8);
	b += msg_build(split + b, VU_REQ_SET_VRING_NUM, 1, &u64, 8);
	peer_send(p.front, split, HDR, NULL, 0);
	peer_send(p.front, split + HDR, b - HDR, &efd[2], 1);
	g_assert_cmpint(kill(s->pid, SIGCONT), ==, 0);

	for (unsigned i = 0; i < G_N_ELEMENTS(order); i++) {
		peer_recv_msg(p.back, &m);
		g_assert_cmpuint(m.request, ==, order[i]);
		g_assert_cmpuint(m.payload_nfds, ==, 0);
		if (fd_of[i] < 0) {
			g_assert_cmpuint(m.hdr_nfds, ==, 0);
			continue;
		}
		g_assert_cmpuint(m.hdr_nfds, ==, 1);
		g_assert_cmpuint(inode_of(m.hdr_fds[0]), ==, inode_of(efd[fd_of[i]]));
		rx_close_fds(&m);
	}
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(count_lines(s, "\"fds\":1"), ==, 3);
	g_assert_cmpint(count_lines(s, "\"channel\":\"main\""), ==, 7);
	for (int i = 0; i < 3; i++)
		close(efd[i]);
	sniff_free(s);
}

/* Eight memory regions, eight fds on one message. */
static void test_fds_eight(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint8_t payload[8 + 8 * 32] = {8};
	int fds[8];
	struct rx m;

	for (int i = 0; i < 8; i++)
		fds[i] = memfd_sized("region", 4096);
	pair_open_usual(s, &p, "1");
	peer_send_msg(p.front, VU_REQ_SET_MEM_TABLE, 9, payload, sizeof(payload), fds, 8);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_MEM_TABLE);
	g_assert_cmpuint(m.hdr_nfds, ==, 8);
	for (int i = 0; i < 8; i++)
		g_assert_cmpuint(inode_of(m.hdr_fds[i]), ==, inode_of(fds[i]));
	rx_close_fds(&m);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"name\":\"VHOST_USER_SET_MEM_TABLE\"", "\"fds\":8", NULL),
	                >=, 0);
	for (int i = 0; i < 8; i++)
		close(fds[i]);
	sniff_free(s);
}

/* ---- malformed input ------------------------------------------------------- */

static void expect_bytes(int fd, const uint8_t *want, size_t len)
{
	g_autofree uint8_t *got = g_malloc(len);

	g_assert_true(peer_recv(fd, got, len, NULL, &(unsigned){0}));
	g_assert_true(memcmp(got, want, len) == 0);
}

/* Beyond the legal maximum but under the hard cap: forwarded whole and marked. */
static void test_oversize(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	const uint32_t size = 5000;
	g_autofree uint8_t *buf = g_malloc(HDR + size + HDR);
	size_t len;

	for (uint32_t i = 0; i < size; i++)
		buf[HDR + i] = (uint8_t)(i * 7);
	len = msg_build(buf, VU_REQ_GET_CONFIG, 1, buf + HDR, size); /* far too big */
	len += msg_build(buf + len, VU_REQ_GET_FEATURES, 1, NULL, 0);
	pair_open_usual(s, &p, "1");
	peer_send(p.front, buf, len, NULL, 0);
	expect_bytes(p.back, buf, len);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_autofree char *get_config = g_strdup_printf("\"request\":%d", VU_REQ_GET_CONFIG);
	g_assert_cmpint(find_line(s, 0, get_config, "\"size\":5000", "\"malformed\":true", NULL),
	                >=, 0);
	g_assert_cmpint(
	    find_line(s, 0, "\"name\":\"VHOST_USER_GET_FEATURES\"", "\"malformed\":false", NULL),
	    >=, 0);
	sniff_free(s);
}

/* Beyond the hard cap: the payload streams through; the next message is framed right. */
static void test_huge_streams(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	const uint32_t size = 3u << 20;
	g_autofree uint8_t *buf = g_malloc(HDR + size + HDR);
	size_t len;
	int efd = eventfd(0, EFD_CLOEXEC);
	struct rx m;

	for (uint32_t i = 0; i < size; i++)
		buf[HDR + i] = (uint8_t)(i ^ (i >> 8));
	len = msg_build(buf, 77, 1, buf + HDR, size);
	pair_open_usual(s, &p, "1");
	peer_send(p.front, buf, len, NULL, 0);
	expect_bytes(p.back, buf, len);
	peer_send_msg(p.front, VU_REQ_SET_VRING_CALL, 1, &(uint64_t){0}, 8, &efd, 1);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_CALL);
	g_assert_cmpuint(m.hdr_nfds, ==, 1);
	rx_close_fds(&m);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"request\":77", "\"size\":3145728", "\"malformed\":true",
	                          "\"truncated\":true", NULL),
	                >=, 0);
	g_assert_cmpint(
	    find_line(s, 0, "\"name\":\"VHOST_USER_SET_VRING_CALL\"", "\"fds\":1", NULL), >=, 0);
	close(efd);
	sniff_free(s);
}

/* Garbage: forwarded byte for byte, marked, and the session goes on. */
static void test_garbage(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint8_t buf[64];
	size_t len;
	struct rx m;

	/* bad version, reserved flags, unknown request, small size */
	len = msg_build(buf, 0xdeadbeef, 0xf0, "abcd", 4);
	pair_open_usual(s, &p, "1");
	peer_send(p.front, buf, len, NULL, 0);
	expect_bytes(p.back, buf, len);
	/* the back-end answers garbage the other way: size 0 with a reply flag */
	len = msg_build(buf, 0, 0xffffffff, NULL, 0);
	peer_send(p.back, buf, len, NULL, 0);
	expect_bytes(p.front, buf, len);
	peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"request\":3735928559", "\"malformed\":true", NULL), >=,
	                0);
	g_assert_cmpint(find_line(s, 0, "\"name\":\"VHOST_USER_GET_FEATURES\"", NULL), >=, 0);
	sniff_free(s);
}

/* A message cut short by the front-end's close: its bytes still reach the
 * back-end, which then sees the close; the record is marked truncated. */
static void test_cut_short(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	uint8_t buf[64];
	uint64_t u64 = 7;
	size_t len = msg_build(buf, VU_REQ_SET_FEATURES, 1, &u64, 8);

	pair_open_usual(s, &p, "1");
	peer_send(p.front, buf, len - 3, NULL, 0);
	g_usleep(20000);
	close(p.front);
	p.front = -1;
	expect_bytes(p.back, buf, len - 3);
	peer_expect_eof(p.back);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_autofree char *set_features = g_strdup_printf("\"request\":%d", VU_REQ_SET_FEATURES);
	g_assert_cmpint(
	    find_line(s, 0, set_features, "\"truncated\":true", "\"malformed\":true", NULL), >=, 0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"session_end\"", "front closed", NULL), >=, 0);
	sniff_free(s);
}

/*
 * Random messages (any request, flags and size, some beyond the hard cap),
 * each written in one to three pieces, some with an fd: the far side reads
 * them as a peer does and gets every byte, and each fd with its message.
 * Reproducible with the test's --seed.
 */
struct random_stream {
	int fd;
	unsigned count;
	GByteArray *bytes; /* everything sent, in order */
	GArray *sizes;     /* uint32_t: payload size of each message */
	GArray *fds;       /* int: the fd each message carries, -1 = none */
};

static gpointer random_sender(gpointer data)
{
	struct random_stream *rs = data;
	size_t offset = 0;

	for (unsigned i = 0; i < rs->count; i++) {
		size_t len = HDR + g_array_index(rs->sizes, uint32_t, i), done = 0;
		int fd = g_array_index(rs->fds, int, i);

		while (done < len) {
			size_t piece = len - done;
			if (piece > 1 && g_random_int_range(0, 3) == 0)
				piece = (size_t)g_random_int_range(
				    1, (gint32)MIN(piece, (size_t)G_MAXINT32));
			peer_send(rs->fd, rs->bytes->data + offset + done, piece,
			          done == 0 && fd >= 0 ? &fd : NULL, done == 0 && fd >= 0 ? 1 : 0);
			done += piece;
		}
		offset += len;
	}
	return NULL;
}

static void test_random_stream(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct random_stream rs = {.count = 300};
	GThread *sender;
	size_t offset = 0;

	rs.bytes = g_byte_array_new();
	rs.sizes = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	rs.fds = g_array_new(FALSE, FALSE, sizeof(int));
	for (unsigned i = 0; i < rs.count; i++) {
		int pick = g_test_rand_int_range(0, 100);
		uint32_t size = pick < 70   ? (uint32_t)g_test_rand_int_range(0, 64)
		                : pick < 90 ? (uint32_t)g_test_rand_int_range(64, 4096)
		                : pick < 98
		                    ? (uint32_t)g_test_rand_int_range(4096, 200000)
		                    : (uint32_t)g_test_rand_int_range(1 << 20, (1 << 20) + 300000);
		uint32_t hdr[3] = {(uint32_t)g_test_rand_int(), (uint32_t)g_test_rand_int(), size};
		int fd = g_test_rand_int_range(0, 5) == 0 ? eventfd(0, EFD_CLOEXEC) : -1;

		g_byte_array_append(rs.bytes, (const guint8 *)hdr, HDR);
		for (uint32_t b = 0; b < size; b++) {
			uint8_t v = (uint8_t)(b * 31 + i);
			g_byte_array_append(rs.bytes, &v, 1);
		}
		g_array_append_val(rs.sizes, size);
		g_array_append_val(rs.fds, fd);
	}

	pair_open_usual(s, &p, "1");
	rs.fd = p.front;
	sender = g_thread_new("sender", random_sender, &rs);
	for (unsigned i = 0; i < rs.count; i++) {
		uint32_t size = g_array_index(rs.sizes, uint32_t, i);
		int sent_fd = g_array_index(rs.fds, int, i);
		g_autofree uint8_t *got = g_malloc(HDR + size);
		int fds[16];
		unsigned nfds = 0;

		g_assert_true(peer_recv(p.back, got, HDR, fds, &nfds));
		if (size > 0)
			g_assert_true(peer_recv(p.back, got + HDR, size, fds, &nfds));
		g_assert_true(memcmp(got, rs.bytes->data + offset, HDR + size) == 0);
		g_assert_cmpuint(nfds, ==, sent_fd >= 0 ? 1 : 0);
		if (sent_fd >= 0)
			g_assert_cmpuint(inode_of(fds[0]), ==, inode_of(sent_fd));
		for (unsigned k = 0; k < nfds; k++)
			close(fds[k]);
		offset += HDR + size;
	}
	g_thread_join(sender);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(count_lines(s, "\"channel\":\"main\""), ==, (int)rs.count);
	for (unsigned i = 0; i < rs.count; i++)
		if (g_array_index(rs.fds, int, i) >= 0)
			close(g_array_index(rs.fds, int, i));
	g_byte_array_free(rs.bytes, TRUE);
	g_array_free(rs.sizes, TRUE);
	g_array_free(rs.fds, TRUE);
	sniff_free(s);
}

/* ---- backpressure ---------------------------------------------------------- */

/*
 * A back-end that does not read while the front-end writes 16 MiB: the relay
 * never blocks (its queue fills, then it stops reading the front-end), and
 * every byte arrives in order once the back-end reads.
 */
static void test_backpressure(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	const uint32_t size = 2000;
	const unsigned count = 8192;
	g_autofree uint8_t *msg = g_malloc(HDR + size);
	gint64 deadline;
	unsigned sent = 0, received = 0;

	pair_open_usual(s, &p, "1");
	fcntl(p.front, F_SETFL, O_NONBLOCK);
	deadline = now_ms() + TIMEOUT_MS;
	/* write until the whole path is full, reading nothing on the back */
	while (sent < count && now_ms() < deadline) {
		memset(msg + HDR, (int)(sent & 0xff), size);
		msg_build(msg, VU_REQ_GET_CONFIG, 1, msg + HDR,
		          size); /* oversize GET_CONFIG: marked, forwarded */
		ssize_t n = send(p.front, msg, HDR + size, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			/* full for now; full for good when the relay takes nothing more */
			struct pollfd pfd = {.fd = p.front, .events = POLLOUT};
			if (poll(&pfd, 1, 300) == 0)
				break;
			continue;
		}
		/* a partial write: the rest blocking, like a real peer */
		g_assert_cmpint(n, >, 0);
		if ((size_t)n < HDR + size) {
			fcntl(p.front, F_SETFL, 0);
			peer_send(p.front, msg + n, HDR + size - (size_t)n, NULL, 0);
			fcntl(p.front, F_SETFL, O_NONBLOCK);
		}
		sent++;
	}
	g_assert_cmpuint(sent, >, 100);
	g_assert_cmpuint(sent, <, count); /* the path filled up: backpressure reached us */
	/* the relay still answers the other way while the front-end is blocked */
	peer_send_msg(p.back, VU_REQ_GET_FEATURES, 5, &(uint64_t){1}, 8, NULL, 0);
	{
		struct rx m;
		peer_recv_msg(p.front, &m);
		g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	}
	while (received < sent) {
		g_autofree uint8_t *got = g_malloc(HDR + size);
		g_assert_true(peer_recv(p.back, got, HDR + size, NULL, &(unsigned){0}));
		g_assert_cmpuint(got[HDR], ==, received & 0xff);
		g_assert_cmpuint(got[HDR + size - 1], ==, received & 0xff);
		received++;
	}
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_autofree char *get_config = g_strdup_printf("\"request\":%d", VU_REQ_GET_CONFIG);
	g_assert_cmpint(count_lines(s, get_config), ==, (int)sent);
	sniff_free(s);
}

/* ---- the back-end channel ------------------------------------------------- */

struct handover {
	uint32_t request;    /* the main-channel request that hands over a socket */
	const char *channel; /* the channel vhostsniff then watches */
	uint32_t asked;      /* a request the back-end sends on it */
};

/*
 * SET_BACKEND_REQ_FD (or GPU_SET_SOCKET) hands over a socket: the back-end
 * gets a different socket (vhostsniff's), requests it sends there reach the
 * front-end's end, replies come back, and both are printed on that channel.
 */
static void test_handover_channel(gconstpointer data)
{
	const struct handover *h = data;
	g_autofree char *on_channel = g_strdup_printf("\"channel\":\"%s\"", h->channel);
	g_autofree char *request = g_strdup_printf("\"request\":%u,", h->request);
	g_autofree char *asked = g_strdup_printf("\"request\":%u,", h->asked);
	struct sniff *s = sniff_new();
	struct pair p;
	int sv[2];
	uint64_t ack = 0;
	struct rx m;
	int backend_fd, line;

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
	pair_open_usual(s, &p, "1");
	peer_send_msg(p.front, h->request, 9, NULL, 0, &sv[1], 1); /* with NEED_REPLY */
	close(sv[1]);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, h->request);
	g_assert_cmpuint(m.hdr_nfds, ==, 1);
	backend_fd = m.hdr_fds[0];
	{
		struct stat st;
		g_assert_cmpint(fstat(backend_fd, &st), ==, 0);
		g_assert_true(S_ISSOCK(st.st_mode));
	}
	peer_send_msg(p.back, h->request, 5, &ack, 8, NULL, 0); /* the ack */
	peer_recv_msg(p.front, &m);
	g_assert_cmpuint(m.request, ==, h->request);

	/* the back-end asks on its channel (backend: CONFIG_CHANGE_MSG; gpu:
	 * SET_PROTOCOL_FEATURES) with NEED_REPLY */
	peer_send_msg(backend_fd, h->asked, 9, NULL, 0, NULL, 0);
	peer_recv_msg(sv[0], &m);
	g_assert_cmpuint(m.request, ==, h->asked);
	g_assert_cmpuint(m.flags, ==, 9);
	peer_send_msg(sv[0], h->asked, 5, &ack, 8, NULL, 0);
	peer_recv_msg(backend_fd, &m);
	g_assert_cmpuint(m.request, ==, h->asked);
	g_assert_cmpuint(m.flags, ==, 5);

	/* The channel closes with the session. */
	pair_close(&p);
	peer_expect_eof(sv[0]);
	peer_expect_eof(backend_fd);
	close(sv[0]);
	close(backend_fd);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	line = find_line(s, 0, "\"channel\":\"main\"", request, "\"fds\":1", "\"kind\":\"socket\"",
	                 NULL);
	g_assert_cmpint(line, >=, 0);
	line =
	    find_line(s, line, on_channel, "\"from\":\"back\"", asked, "\"need_reply\":true", NULL);
	g_assert_cmpint(line, >=, 0);
	line = find_line(s, line, on_channel, "\"from\":\"front\"", asked, "\"reply\":true", NULL);
	g_assert_cmpint(line, >=, 0);
	sniff_free(s);
}

/* ---- sessions -------------------------------------------------------------- */

/* The front-end reconnects: session 2, on a new back-end connection. */
static void test_reconnect(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	pair_open_usual(s, &p, "2");
	peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.back, &m);
	close(p.front);
	peer_expect_eof(p.back);
	close(p.back);

	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	peer_send_msg(p.front, VU_REQ_SET_OWNER, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_OWNER);
	close(p.back); /* this time the back-end leaves first */
	p.back = -1;
	peer_expect_eof(p.front);
	pair_close(&p);

	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"session_start\"", "\"session\":1,", NULL), >=,
	                0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"session_end\"", "\"session\":1,",
	                          "\"reason\":\"front closed\"", NULL),
	                >=, 0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"session_start\"", "\"session\":2,", NULL), >=,
	                0);
	g_assert_cmpint(
	    find_line(s, 0, "\"session\":2,", "\"name\":\"VHOST_USER_SET_OWNER\"", NULL), >=, 0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"session_end\"", "\"session\":2,",
	                          "\"reason\":\"back closed\"", NULL),
	                >=, 0);
	sniff_free(s);
}

/*
 * How a front-end waiting for a reply learns that the back-end died: a read
 * that fails with ECONNRESET when the back-end left the request unread, a
 * plain EOF when it had read it. What a direct socketpair gives is the
 * reference; through vhostsniff the front-end must read the same.
 */
struct close_case {
	const char *name;
	uint32_t request, flags, size;
	gboolean with_fd;
	gboolean back_reads; /* the back-end reads the request before it dies */
};

static const struct close_case close_cases[] = {
    {"unread-get-features", 1, 1, 0, FALSE, FALSE},
    {"read-get-features", 1, 1, 0, FALSE, TRUE},
    {"unread-need-reply-with-fd", 13, 1 | 8, 8, TRUE, FALSE},
    {"read-need-reply-with-fd", 13, 1 | 8, 8, TRUE, TRUE},
};

/* The back-end's part, then what the front-end's read returns: 0 or -errno. */
static int close_outcome(int front, int back, const struct close_case *cc, int efd)
{
	uint64_t u64 = 0;
	uint8_t byte;
	ssize_t n;

	peer_send_msg(front, cc->request, cc->flags, &u64, cc->size, &efd, cc->with_fd ? 1 : 0);
	g_assert_true(wait_readable(back, TIMEOUT_MS));
	if (cc->back_reads) {
		struct rx m;

		peer_recv_msg(back, &m);
		g_assert_cmpuint(m.request, ==, cc->request);
		rx_close_fds(&m);
	}
	close(back);
	g_assert_true(wait_readable(front, TIMEOUT_MS));
	n = recv(front, &byte, 1, 0);
	g_assert_cmpint(n, <=, 0);
	return n == 0 ? 0 : -errno;
}

static void test_close_as_direct(gconstpointer data)
{
	const struct close_case *cc = data;
	struct sniff *s = sniff_new();
	int efd = eventfd(0, EFD_CLOEXEC);
	int sv[2], direct, through;
	struct pair p;

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
	direct = close_outcome(sv[0], sv[1], cc, efd);
	close(sv[0]);
	g_assert_cmpint(direct, ==, cc->back_reads ? 0 : -ECONNRESET);

	pair_open_usual(s, &p, "1");
	through = close_outcome(p.front, p.back, cc, efd);
	g_assert_cmpint(through, ==, direct);
	p.back = -1;
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"session_end\"",
	                          cc->back_reads ? "\"reason\":\"back closed\""
	                                         : "\"reason\":\"back error: Connection reset",
	                          NULL),
	                >=, 0);
	close(efd);
	sniff_free(s);
}

/* Two front-ends at once on a listening socket: two sessions, each with its
 * own back-end connection, independent of each other. */
static void test_concurrent(void)
{
	struct sniff *s = sniff_new();
	int back_listen = peer_listen(s->back);
	int front1, front2, back1, back2;
	struct rx m;

	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", "2", NULL);
	sniff_wait_path(s, s->front);
	front1 = peer_connect(s->front);
	back1 = peer_accept(back_listen);
	front2 = peer_connect(s->front);
	back2 = peer_accept(back_listen);

	peer_send_msg(front2, VU_REQ_SET_OWNER, 1, NULL, 0, NULL, 0);
	peer_recv_msg(back2, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_OWNER);
	peer_send_msg(front1, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(back1, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	close(front1);
	peer_expect_eof(back1);
	/* the other session goes on */
	peer_send_msg(back2, VU_REQ_SET_OWNER, 5, &(uint64_t){0}, 8, NULL, 0);
	peer_recv_msg(front2, &m);
	g_assert_cmpuint(m.flags, ==, 5);
	close(back2);
	peer_expect_eof(front2);
	close(back1);
	close(front2);
	close(back_listen);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(
	    find_line(s, 0, "\"session\":1,", "\"name\":\"VHOST_USER_GET_FEATURES\"", NULL), >=, 0);
	g_assert_cmpint(
	    find_line(s, 0, "\"session\":2,", "\"name\":\"VHOST_USER_SET_OWNER\"", NULL), >=, 0);
	g_assert_cmpint(
	    find_line(s, 0, "\"session\":2,", "\"from\":\"back\"", "\"reply\":true", NULL), >=, 0);
	sniff_free(s);
}

/* ---- roles ------------------------------------------------------------------ */

struct roles {
	const char *front_opt; /* what vhostsniff does on the front side */
	const char *back_opt;
};

/* One request with an fd and its reply through vhostsniff, twice (two
 * sessions: a connecting or listening side must come back). */
static void test_roles(gconstpointer data)
{
	const struct roles *r = data;
	gboolean front_listens = strcmp(r->front_opt, "--front-connect") == 0;
	gboolean back_listens = strcmp(r->back_opt, "-c") == 0;
	struct sniff *s = sniff_new();
	int front_listen = -1, back_listen = -1;
	uint64_t u64 = 0;

	/* Our peers listen where vhostsniff connects. */
	if (front_listens)
		front_listen = peer_listen(s->front);
	if (back_listens)
		back_listen = peer_listen(s->back);
	sniff_start(s, r->front_opt, s->front, r->back_opt, s->back, "--sessions", "2", NULL);
	for (int session = 1; session <= 2; session++) {
		int efd = eventfd(0, EFD_CLOEXEC);
		int front, back;
		struct rx m;

		front = front_listens ? peer_accept(front_listen) : peer_connect(s->front);
		back = back_listens ? peer_accept(back_listen) : peer_connect(s->back);
		peer_send_msg(front, VU_REQ_SET_VRING_CALL, 1, &u64, 8, &efd, 1);
		peer_recv_msg(back, &m);
		g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_CALL);
		g_assert_cmpuint(m.hdr_nfds, ==, 1);
		g_assert_cmpuint(inode_of(m.hdr_fds[0]), ==, inode_of(efd));
		rx_close_fds(&m);
		peer_send_msg(back, VU_REQ_GET_FEATURES, 5, &u64, 8, NULL, 0);
		peer_recv_msg(front, &m);
		g_assert_cmpuint(m.flags, ==, 5);
		close(front);
		peer_expect_eof(back);
		close(back);
		close(efd);
	}
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(count_lines(s, "\"event\":\"session_start\""), ==, 2);
	g_assert_cmpint(count_lines(s, "\"event\":\"session_end\""), ==, 2);
	g_assert_cmpint(find_line(s, 0, "\"session\":2,", "\"name\":\"VHOST_USER_SET_VRING_CALL\"",
	                          "\"fds\":1", NULL),
	                >=, 0);
	g_assert_cmpint(
	    find_line(s, 0, "\"session\":2,", "\"reply\":true", "\"from\":\"back\"", NULL), >=, 0);
	if (front_listen >= 0)
		close(front_listen);
	if (back_listen >= 0)
		close(back_listen);
	sniff_free(s);
}

/* In back-listen mode the back-end may connect before the front-end. */
static void test_back_first(void)
{
	struct sniff *s = sniff_new();
	struct rx m;
	int front, back;

	sniff_start(s, "-l", s->front, "--back-listen", s->back, "--sessions", "1", NULL);
	sniff_wait_path(s, s->back);
	back = peer_connect(s->back);
	g_usleep(50000);
	front = peer_connect(s->front);
	peer_send_msg(front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	close(back);
	peer_expect_eof(front);
	close(front);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	sniff_free(s);
}

/* ---- sockets and process ------------------------------------------------- */

static void test_listen_path(void)
{
	struct sniff *s = sniff_new();
	struct stat st;
	g_autofree char *err = NULL;
	int old;

	/* a regular file is never removed */
	g_assert_true(g_file_set_contents(s->front, "precious", -1, NULL));
	sniff_start(s, "-l", s->front, "-c", s->back, NULL);
	g_assert_cmpint(sniff_wait(s), ==, 1);
	err = sniff_stderr(s);
	g_assert_nonnull(strstr(err, "is not a socket"));
	g_assert_cmpint(lstat(s->front, &st), ==, 0);
	g_assert_true(S_ISREG(st.st_mode));
	unlink(s->front);
	g_strfreev(s->lines);
	s->lines = NULL;

	/* a stale socket is replaced; the new one has mode 0600, or --socket-mode */
	old = peer_listen(s->front);
	close(old);
	sniff_start(s, "-l", s->front, "--back-listen", s->back, "--socket-mode", "0640", NULL);
	sniff_wait_path(s, s->back);
	g_assert_cmpint(lstat(s->front, &st), ==, 0);
	g_assert_true(S_ISSOCK(st.st_mode));
	g_assert_cmpuint(st.st_mode & 0777, ==, 0640);
	g_assert_cmpint(lstat(s->back, &st), ==, 0);
	g_assert_cmpuint(st.st_mode & 0777, ==, 0640);
	kill(s->pid, SIGTERM);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	/* its sockets are gone once it exited */
	g_assert_cmpint(lstat(s->front, &st), !=, 0);
	g_strfreev(s->lines);
	s->lines = NULL;

	/* with a back-end listening: the front-end's socket is there */
	old = peer_listen(s->back);
	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", "1", NULL);
	sniff_wait_path(s, s->front);
	g_assert_cmpint(lstat(s->front, &st), ==, 0);
	g_assert_cmpuint(st.st_mode & 0777, ==, 0600);
	kill(s->pid, SIGTERM);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	close(old);
	sniff_free(s);
}

/* What a connect to path gets: 0 when accepted, else its errno. */
static int connect_result(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err = 0;

	g_assert_cmpint(fd, >=, 0);
	g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		err = errno;
	close(fd);
	return err;
}

/* Wait until a connect to path gets want (the gate looks every 100 ms). */
static void expect_connect(const char *path, int want)
{
	gint64 deadline = now_ms() + TIMEOUT_MS;
	int got;

	while ((got = connect_result(path)) != want && now_ms() < deadline)
		g_usleep(10000);
	g_assert_cmpstr(got == 0 ? "accepted" : g_strerror(got), ==,
	                want == 0 ? "accepted" : g_strerror(want));
}

/*
 * A back-end that is down looks down: a front-end connecting to vhostsniff
 * gets what it would get from the back-end's path (ENOENT with no file,
 * ECONNREFUSED with a file nobody listens on), and is accepted only while the
 * back-end listens; after a session the back-end ended by going away, the
 * same again until it is back.
 */
static void test_back_down(void)
{
	struct sniff *s = sniff_new();
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct rx m;
	int bound, back_listen, front, back;

	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", "2", NULL);
	/* no back-end socket file: none at the front path either */
	expect_connect(s->front, ENOENT);
	/* a socket file nobody listens on: refused */
	bound = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_strlcpy(sa.sun_path, s->back, sizeof(sa.sun_path));
	g_assert_cmpint(bind(bound, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	expect_connect(s->back, ECONNREFUSED);
	expect_connect(s->front, ECONNREFUSED);
	/* the back-end listens: a session */
	g_assert_cmpint(listen(bound, 4), ==, 0);
	back_listen = bound;
	front = peer_connect(s->front);
	back = peer_accept(back_listen);
	peer_send_msg(front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(back, &m);
	/* it goes away, leaving its file: the session ends, the front path refuses */
	close(back_listen);
	close(back);
	peer_expect_eof(front);
	close(front);
	expect_connect(s->front, ECONNREFUSED);
	/* its file goes too */
	unlink(s->back);
	expect_connect(s->front, ENOENT);
	/* it is back: the second session */
	back_listen = peer_listen(s->back);
	front = peer_connect(s->front);
	back = peer_accept(back_listen);
	peer_send_msg(front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(back, &m);
	close(back);
	peer_expect_eof(front);
	close(front);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(count_lines(s, "\"event\":\"session_start\""), ==, 2);
	close(back_listen);
	sniff_free(s);
}

/* No back-end: a short, actionable warning once --connect-timeout has passed;
 * front-ends are refused as the back-end's path refuses them meanwhile. */
static void test_connect_timeout(void)
{
	struct sniff *s = sniff_new();
	gint64 deadline = now_ms() + TIMEOUT_MS;
	g_autofree char *err = NULL;

	sniff_start(s, "-l", s->front, "-c", s->back, "--connect-timeout", "0.3", NULL);
	while (now_ms() < deadline) {
		g_free(err);
		err = sniff_stderr(s);
		if (strstr(err, "is the back-end running?") != NULL)
			break;
		g_usleep(20000);
	}
	g_assert_nonnull(strstr(err, "cannot connect to"));
	g_assert_nonnull(strstr(err, "is the back-end running?"));
	g_assert_cmpint(connect_result(s->front), ==, ENOENT);
	kill(s->pid, SIGTERM);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	sniff_free(s);
}

/* SIGTERM mid-session: sessions end cleanly, output is complete, exit 0. */
static void test_sigterm(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	pair_open_usual(s, &p, "0");
	peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.back, &m);
	kill(s->pid, SIGTERM);
	peer_expect_eof(p.front);
	peer_expect_eof(p.back);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(find_line(s, 0, "\"name\":\"VHOST_USER_GET_FEATURES\"", NULL), >=, 0);
	g_assert_cmpint(find_line(s, 0, "\"event\":\"session_end\"", "interrupted", NULL), >=, 0);
	pair_close(&p);
	sniff_free(s);
}

/* Lines reach the output while the session goes on (stdout may be a pipe
 * read by a script): no waiting for a buffer to fill or for the exit. */
static void test_prompt_output(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;
	gint64 deadline;
	gboolean seen = FALSE;

	pair_open_usual(s, &p, "1");
	peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.back, &m);
	deadline = now_ms() + TIMEOUT_MS;
	while (!seen && now_ms() < deadline) {
		g_autofree char *text = NULL;
		g_file_get_contents(s->out, &text, NULL, NULL);
		seen = text != NULL &&
		       strstr(text, "\"name\":\"VHOST_USER_GET_FEATURES\"") != NULL &&
		       strstr(text, "\n") != NULL;
		if (!seen)
			g_usleep(10000);
	}
	g_assert_true(seen);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	sniff_free(s);
}

/* Whoever reads the lines goes away (vhostsniff ... | head): vhostsniff says
 * so once and the session goes on untouched. */
static void test_output_closed(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	g_autofree char *err = NULL;
	int out[2];

	g_assert_cmpint(pipe2(out, O_CLOEXEC), ==, 0);
	s->stdout_fd = out[1];
	close(out[0]); /* nobody will ever read */
	pair_open_usual(s, &p, "1");
	close(out[1]);
	for (int i = 0; i < 200; i++) {
		struct rx m;
		peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
		peer_recv_msg(p.back, &m);
		peer_send_msg(p.back, VU_REQ_GET_FEATURES, 5, &(uint64_t){0}, 8, NULL, 0);
		peer_recv_msg(p.front, &m);
		g_assert_cmpuint(m.flags, ==, 5);
	}
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	err = sniff_stderr(s);
	g_assert_nonnull(strstr(err, "cannot write the output"));
	sniff_free(s);
}

/*
 * An output that does not keep up (a pipe nobody reads for a while): the
 * relay goes on at full speed; lines beyond the output's buffer, and
 * messages beyond --queue, are not printed, and their counts are on stderr
 * (messages in the session's end too).
 */
static void test_slow_output(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	g_autofree char *err = NULL;
	GString *text = g_string_new(NULL);
	guint64 lines_dropped, not_decoded, printed = 0;
	uint8_t big[12 + 1024] = {0}; /* GET_CONFIG: offset, size, flags, 1 KiB of config */
	char buf[65536];
	ssize_t n;
	int out[2];

	g_assert_cmpint(pipe2(out, O_CLOEXEC), ==, 0);
	s->stdout_fd = out[1];
	p.back_listen = peer_listen(s->back);
	sniff_start(s, "-l", s->front, "-c", s->back, "--sessions", "1", "--queue", "8", NULL);
	close(out[1]);
	sniff_wait_path(s, s->front);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	/* far more lines than the pipe and vhostsniff's output buffer (4 MiB)
	 * hold, with nobody reading them */
	for (int i = 0; i < 3000; i++) {
		struct rx m;
		peer_send_msg(p.front, VU_REQ_GET_CONFIG, 1, big, sizeof(big), NULL, 0);
		peer_recv_msg(p.back, &m);
		peer_send_msg(p.back, VU_REQ_GET_CONFIG, 5, big, sizeof(big), NULL, 0);
		peer_recv_msg(p.front, &m);
	}
	pair_close(&p);
	while ((n = read(out[0], buf, sizeof(buf))) > 0)
		g_string_append_len(text, buf, n);
	close(out[0]);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	err = sniff_stderr(s);
	/* Every record is printed or counted: lines the output's buffer could not
	 * take, messages the pipeline's queue could not (both said on stderr). */
	lines_dropped = sniff_said_count(err, "lines were dropped");
	not_decoded = sniff_said_count(err, "messages were relayed but not decoded");
	g_assert_cmpuint(lines_dropped + not_decoded, >, 0);
	for (const char *c = text->str; (c = strchr(c, '\n')) != NULL; c++)
		printed++;
	g_assert_cmpuint(printed + lines_dropped + not_decoded, ==, 2 * 3000 + 2);
	/* the session's end says it too, when its own line made it */
	if (not_decoded > 0 && strstr(text->str, "\"event\":\"session_end\"") != NULL)
		g_assert_nonnull(strstr(text->str, "messages not decoded (output too slow)"));
	g_string_free(text, TRUE);
	sniff_free(s);
}

/* --count N: exit after N messages. */
static void test_count(void)
{
	struct sniff *s = sniff_new();
	struct rx m;
	int back_listen = peer_listen(s->back);
	int front, back;

	sniff_start(s, "-l", s->front, "-c", s->back, "--count", "3", NULL);
	sniff_wait_path(s, s->front);
	front = peer_connect(s->front);
	back = peer_accept(back_listen);
	for (int i = 0; i < 3; i++) {
		peer_send_msg(front, VU_REQ_SET_OWNER, 1, NULL, 0, NULL, 0);
		peer_recv_msg(back, &m);
	}
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(count_lines(s, "\"name\":\"VHOST_USER_SET_OWNER\""), ==, 3);
	close(front);
	close(back);
	close(back_listen);
	sniff_free(s);
}

static void test_usage(void)
{
	struct sniff *s = sniff_new();

	sniff_start(s, "-l", s->front, NULL); /* no back-end option */
	g_assert_cmpint(sniff_wait(s), ==, 2);
	g_strfreev(s->lines);
	s->lines = NULL;
	sniff_start(s, "-l", s->front, "--front-connect", s->front, "-c", s->back, NULL);
	g_assert_cmpint(sniff_wait(s), ==, 2);
	sniff_free(s);
}

/* ---- ports ---------------------------------------------------------------- */

/* One session through FRONT (vhostsniff listens) to the back-end listening on back_listen. */
static void port_session(const char *front_path, int back_listen)
{
	int front = peer_connect(front_path);
	int back = peer_accept(back_listen);
	struct rx m;

	peer_send_msg(front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(back, &m);
	peer_send_msg(back, VU_REQ_GET_FEATURES, 5, &(uint64_t){1}, 8, NULL, 0);
	peer_recv_msg(front, &m);
	close(front);
	peer_expect_eof(back);
	close(back);
}

/* -l/-c beside a labelled --map: the first is port1; the text lines, the
 * reports of --stats and JSON name each session's port. */
static void test_ports_output(void)
{
	for (int json = 0; json <= 1; json++) {
		struct sniff *s = sniff_new();
		g_autofree char *front2 = g_build_filename(s->dir, "front2.sock", NULL);
		g_autofree char *back2 = g_build_filename(s->dir, "back2.sock", NULL);
		g_autofree char *map =
		    g_strdup_printf("vm1-net0:listen:%s=connect:%s", front2, back2);
		int back_listen = peer_listen(s->back), back2_listen = peer_listen(back2);

		sniff_start(s, "-T", json ? "json" : "text", "--stats", "-l", s->front, "-c",
		            s->back, "--map", map, "--sessions", "2", NULL);
		sniff_wait_path(s, s->front);
		sniff_wait_path(s, front2);
		port_session(s->front, back_listen);
		port_session(front2, back2_listen);
		g_assert_cmpint(sniff_wait(s), ==, 0);
		if (json) {
			g_assert_cmpint(find_line(s, 0, "\"session_start\"", "\"session\":1,",
			                          "\"port\":\"port1\"", NULL),
			                >=, 0);
			g_assert_cmpint(find_line(s, 0, "\"session_start\"", "\"session\":2,",
			                          "\"port\":\"vm1-net0\"", NULL),
			                >=, 0);
			g_assert_cmpint(count_lines(s, "\"session\":2,\"port\":\"vm1-net0\""), ==,
			                5); /* start, request, reply, end, stats */
			g_assert_cmpint(find_line(s, 0, "\"event\":\"port_stats\"",
			                          "\"port\":\"vm1-net0\",\"sessions\":1,", NULL),
			                >=, 0);
		} else {
			g_assert_cmpint(
			    find_line(s, 0, " port1 s1 main front>back VHOST_USER_GET_FEATURES",
			              NULL),
			    >=, 0);
			g_assert_cmpint(
			    find_line(s, 0, " vm1-net0 s2 main back>front VHOST_USER_GET_FEATURES",
			              NULL),
			    >=, 0);
			g_assert_cmpint(
			    find_line(s, 0, " vm1-net0 s2 session start: front ", front2, NULL), >=,
			    0);
			g_assert_cmpint(find_line(s, 0, "port vm1-net0 session 2 statistics", NULL),
			                >=, 0);
			g_assert_cmpint(find_line(s, 0, "port port1 statistics (1 session):", NULL),
			                >=, 0);
			g_assert_cmpint(count_lines(s, " port1 s2 "), ==, 0);
		}
		close(back_listen);
		close(back2_listen);
		sniff_free(s);
	}
}

/* One --map without a label is the single-port run it stands for: no port anywhere. */
static void test_ports_one_unlabelled(void)
{
	struct sniff *s = sniff_new();
	g_autofree char *map = g_strdup_printf("%s=%s", s->front, s->back);
	int back_listen = peer_listen(s->back);

	sniff_start(s, "--map", map, "--sessions", "1", NULL);
	sniff_wait_path(s, s->front);
	port_session(s->front, back_listen);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	g_assert_cmpint(count_lines(s, "\"session\":1,"), ==, 4);
	g_assert_cmpint(count_lines(s, "\"port\""), ==, 0);
	close(back_listen);
	sniff_free(s);
}

/* What --map and --wrap refuse, each with a sentence that says why. */
static void test_ports_usage(void)
{
	static const struct {
		const char *args[8];
		const char *said;
	} cases[] = {
	    {{"--map", "nothing-to-split", NULL}, "--map wants [LABEL:]FRONT=BACK"},
	    {{"--map", "a:/t/f1=/t/b1", "--map", "a:/t/f2=/t/b2", NULL},
	     "two ports are labelled 'a'"},
	    /* the port of -l/-c is port1, whatever comes before it */
	    {{"--map", "port1:/t/f1=/t/b1", "-l", "/t/f2", "-c", "/t/b2", NULL},
	     "two ports are labelled 'port1'"},
	    {{"--map", "x:/t/f=/t/b1", "--map", "y:/t/f=/t/b2", NULL},
	     "ports x and y both want /t/f"},
	    {{"--map", "x:/t/f=/t/b", "--wrap", "/t/f", NULL}, "ports x and port2 both want /t/f"},
	    {{"--map", "x:/t/f=/t/b", "--map", "y:/t/g=connect:/t/f", NULL},
	     "port y connects to /t/f, where port x listens"},
	    {{"--map", "listen:=/t/b", NULL}, "--map: the front-end socket path is empty"},
	    {{"--map", "/t/f=connect:", NULL}, "--map: the back-end socket path is empty"},
	    {{"--map", "/t/f=/t/f", NULL}, "the front-end and back-end sockets are the same path"},
	    {{"--wrap", "blk:", NULL}, "the --wrap socket path is empty"},
	    {{"--map", "/t/f=/t/b", "-r", "x.pcapng", NULL}, "-r reads a capture"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct sniff *s = sniff_new();
		g_autofree char *err = NULL;

		sniff_startv(s, cases[i].args);
		g_assert_cmpint(sniff_wait(s), ==, 2);
		err = sniff_stderr(s);
		if (strstr(err, cases[i].said) == NULL)
			g_error("case %zu: '%s' not said: %s", i, cases[i].said, err);
		sniff_free(s);
	}
}

/*
 * --replay, as the front-end, acks the live back-end's channel requests that
 * are always replied in the recorded session's dialect, which the recording's
 * SESSION_END says: 8 is upstream's SHARED_OBJECT_LOOKUP (always replied),
 * crosvm's FS_MAP (2022-10 to 2024-03; only with NEED_REPLY).
 */
static void test_replay_dialect(gconstpointer data)
{
	const char *dialect = data;
	bool crosvm = strcmp(dialect, "crosvm") == 0;
	struct sniff *rec = sniff_new();
	struct sniff *play = sniff_new();
	g_autofree char *cap = g_build_filename(rec->dir, "rec.pcapng", NULL);
	uint64_t features = VU_BIT(VU_F_PROTOCOL_FEATURES);
	uint8_t body[16] = {0};
	uint64_t state = 0;
	struct pair p;
	struct rx m;
	int sv[2], back_listen, back, channel;

	/* The recording: SET_BACKEND_REQ_FD, then GET_FEATURES and its reply. */
	p.back_listen = peer_listen(rec->back);
	sniff_start(rec, "-l", rec->front, "-c", rec->back, "--sessions", "1", "--dialect", dialect,
	            "-w", cap, NULL);
	sniff_wait_path(rec, rec->front);
	p.front = peer_connect(rec->front);
	p.back = peer_accept(p.back_listen);
	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
	peer_send_msg(p.front, VU_REQ_SET_BACKEND_REQ_FD, 1, NULL, 0, &sv[1], 1);
	peer_recv_msg(p.back, &m);
	rx_close_fds(&m);
	close(sv[0]);
	close(sv[1]);
	peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.back, &m);
	peer_send_msg(p.back, VU_REQ_GET_FEATURES, 5, &features, 8, NULL, 0);
	peer_recv_msg(p.front, &m);
	pair_close(&p);
	g_assert_cmpint(sniff_wait(rec), ==, 0);

	/* The replay, against this test as the live back-end. */
	back_listen = peer_listen(play->back);
	sniff_start(play, "--replay", cap, "-c", play->back, NULL);
	back = peer_accept(back_listen);
	peer_recv_msg(back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_BACKEND_REQ_FD);
	g_assert_cmpuint(m.hdr_nfds + m.payload_nfds, ==, 1);
	channel = m.hdr_nfds > 0 ? m.hdr_fds[0] : m.payload_fds[0];
	peer_recv_msg(back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	/* 8 without NEED_REPLY, then VRING_CALL with it: the first answer is
	 * VRING_CALL's when 8 wants none. */
	peer_send_msg(channel, 8, 1, body, sizeof(body), NULL, 0);
	peer_send_msg(channel, VU_BREQ_VRING_CALL, 1 | VU_FLAG_NEED_REPLY, &state, 8, NULL, 0);
	peer_recv_msg(channel, &m);
	g_assert_cmpuint(m.request, ==, crosvm ? VU_BREQ_VRING_CALL : VU_BREQ_SHARED_OBJECT_LOOKUP);
	g_assert_cmpuint(m.flags & VU_FLAG_REPLY, !=, 0);
	peer_send_msg(back, VU_REQ_GET_FEATURES, 5, &features, 8, NULL, 0);
	close(channel);
	close(back);
	close(back_listen);
	sniff_wait(play);
	sniff_free(play);
	sniff_free(rec);
}

int main(int argc, char **argv)
{
	static const struct roles roles[] = {
	    {"-l", "-c"},
	    {"-l", "--back-listen"},
	    {"--front-connect", "-c"},
	    {"--front-connect", "--back-listen"},
	};
	static const struct handover handovers[] = {
	    {VU_REQ_SET_BACKEND_REQ_FD, "backend", VU_BREQ_CONFIG_CHANGE_MSG},
	    {VU_REQ_GPU_SET_SOCKET, "gpu", VU_GPU_SET_PROTOCOL_FEATURES},
	};

	g_test_init(&argc, &argv, NULL);
	signal(SIGPIPE, SIG_IGN);
	g_test_add_func("/relay/framing/split-header", test_split_header);
	g_test_add_func("/relay/framing/glued", test_glued);
	g_test_add_func("/relay/fds/stay-with-message", test_fds_stay_with_message);
	g_test_add_func("/relay/fds/with-payload", test_fds_with_payload);
	g_test_add_func("/relay/fds/eight", test_fds_eight);
	g_test_add_func("/relay/fds/read-ahead", test_fds_read_ahead);
	g_test_add_func("/relay/malformed/oversize", test_oversize);
	g_test_add_func("/relay/malformed/huge-streams", test_huge_streams);
	g_test_add_func("/relay/malformed/garbage", test_garbage);
	g_test_add_func("/relay/malformed/cut-short", test_cut_short);
	g_test_add_func("/relay/malformed/random-stream", test_random_stream);
	g_test_add_func("/relay/backpressure", test_backpressure);
	g_test_add_data_func("/relay/channel/backend", &handovers[0], test_handover_channel);
	g_test_add_data_func("/relay/channel/gpu", &handovers[1], test_handover_channel);
	g_test_add_func("/relay/session/reconnect", test_reconnect);
	for (size_t i = 0; i < G_N_ELEMENTS(close_cases); i++) {
		g_autofree char *path =
		    g_strdup_printf("/relay/session/close-as-direct/%s", close_cases[i].name);
		g_test_add_data_func(path, &close_cases[i], test_close_as_direct);
	}
	g_test_add_func("/relay/session/concurrent", test_concurrent);
	g_test_add_data_func("/relay/roles/listen-connect", &roles[0], test_roles);
	g_test_add_data_func("/relay/roles/listen-listen", &roles[1], test_roles);
	g_test_add_data_func("/relay/roles/connect-connect", &roles[2], test_roles);
	g_test_add_data_func("/relay/roles/connect-listen", &roles[3], test_roles);
	g_test_add_func("/relay/roles/back-first", test_back_first);
	g_test_add_func("/relay/socket/listen-path", test_listen_path);
	g_test_add_func("/relay/socket/connect-timeout", test_connect_timeout);
	g_test_add_func("/relay/socket/back-down", test_back_down);
	g_test_add_func("/relay/process/sigterm", test_sigterm);
	g_test_add_func("/relay/process/count", test_count);
	g_test_add_func("/relay/process/prompt-output", test_prompt_output);
	g_test_add_func("/relay/process/output-closed", test_output_closed);
	g_test_add_func("/relay/process/slow-output", test_slow_output);
	g_test_add_func("/relay/process/usage", test_usage);
	g_test_add_func("/relay/ports/output", test_ports_output);
	g_test_add_func("/relay/ports/one-unlabelled", test_ports_one_unlabelled);
	g_test_add_func("/relay/ports/usage", test_ports_usage);
	g_test_add_data_func("/relay/replay-dialect/crosvm", "crosvm", test_replay_dialect);
	g_test_add_data_func("/relay/replay-dialect/qemu", "qemu", test_replay_dialect);
	return g_test_run();
}
