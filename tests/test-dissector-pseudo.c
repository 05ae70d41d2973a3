/*
 * The capture pseudo-header: bytes built here from the layout in
 * vu-dissector.h (doc/capture-format.md) are decoded, encoded ones are
 * compared byte for byte, and bad input is refused.
 */
#include <string.h>

#include "tests/test-dissector-util.h"

static void put_le(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A pseudo-header with two fds, as the layout comment says. */
static size_t build(uint8_t *b)
{
	memset(b, 0, VU_PSEUDO_FIXED + 2 * VU_PSEUDO_FD_SIZE);
	b[0] = 'V';
	b[1] = 'U';
	b[2] = 1;                  /* version */
	b[3] = VU_RECORD_MESSAGE;  /* kind */
	b[4] = VU_CHANNEL_BACKEND; /* channel */
	b[5] = VU_FROM_BACK;       /* from */
	b[6] = 2;                  /* nfds */
	b[7] = VU_PSEUDO_F_TRUNCATED;
	put_le(b + 8, 0x01020304, 4);  /* session */
	put_le(b + 12, 0x00000034, 4); /* msg_len */
	b[16] = 3;                     /* fds_total */
	uint8_t *e = b + VU_PSEUDO_FIXED;
	e[0] = VU_FD_MEMFD;
	put_le(e + 8, 0x10000000, 8);
	put_le(e + 16, 4242, 8);
	memcpy(e + 24, "memfd:pc.ram", 12);
	e += VU_PSEUDO_FD_SIZE;
	e[0] = VU_FD_EVENTFD;
	put_le(e + 8, 0, 8);
	put_le(e + 16, 17, 8);
	memcpy(e + 24, "anon_inode:[eventfd]", 20);
	return VU_PSEUDO_FIXED + 2 * VU_PSEUDO_FD_SIZE;
}

static void test_pseudo_decoded(void)
{
	uint8_t b[VU_PSEUDO_FIXED + 2 * VU_PSEUDO_FD_SIZE];
	size_t n = build(b);
	g_autofree uint8_t *copy = test_exact_copy(b, n);
	struct vu_pseudo p;

	g_assert_cmpuint(VU_PSEUDO_FIXED, ==, 24);
	g_assert_cmpuint(VU_PSEUDO_FD_SIZE, ==, 64);
	g_assert_cmpuint(vu_pseudo_size(0), ==, 24);
	g_assert_cmpuint(vu_pseudo_size(2), ==, 24 + 128);
	g_assert_cmpuint(vu_pseudo_size(8), ==, 24 + 512);
	g_assert_cmpuint(vu_pseudo_decode(copy, n, &p), ==, n);
	g_assert_cmpuint(p.version, ==, 1);
	g_assert_cmpuint(p.kind, ==, VU_RECORD_MESSAGE);
	g_assert_cmpuint(p.channel, ==, VU_CHANNEL_BACKEND);
	g_assert_cmpuint(p.from, ==, VU_FROM_BACK);
	g_assert_cmpuint(p.nfds, ==, 2);
	g_assert_cmpuint(p.flags, ==, VU_PSEUDO_F_TRUNCATED);
	g_assert_cmphex(p.session, ==, 0x01020304);
	g_assert_cmpuint(p.msg_len, ==, 0x34);
	g_assert_cmpuint(p.fds_total, ==, 3);
	g_assert_cmpuint(p.fds[0].kind, ==, VU_FD_MEMFD);
	g_assert_cmphex(p.fds[0].size, ==, 0x10000000);
	g_assert_cmpuint(p.fds[0].inode, ==, 4242);
	g_assert_cmpstr(p.fds[0].name, ==, "memfd:pc.ram");
	g_assert_cmpuint(p.fds[1].kind, ==, VU_FD_EVENTFD);
	g_assert_cmpuint(p.fds[1].inode, ==, 17);
	g_assert_cmpstr(p.fds[1].name, ==, "anon_inode:[eventfd]");
}

static void test_round_trip(void)
{
	uint8_t b[VU_PSEUDO_FIXED + 2 * VU_PSEUDO_FD_SIZE];
	uint8_t out[sizeof(b) + 16];
	size_t n = build(b);
	struct vu_pseudo p, q;

	g_assert_cmpuint(vu_pseudo_decode(b, n, &p), ==, n);
	memset(out, 0xee, sizeof(out));
	g_assert_cmpuint(vu_pseudo_encode(&p, out, sizeof(out)), ==, n);
	/* The encoder writes exactly the documented bytes, zero padding included. */
	g_assert_cmpmem(out, n, b, n);
	g_assert_cmpuint(out[n], ==, 0xee);
	g_assert_cmpuint(vu_pseudo_decode(out, n, &q), ==, n);
	g_assert_cmpmem(&p, sizeof(p), &q, sizeof(q));
	/* Too small a buffer: nothing written. */
	memset(out, 0xee, sizeof(out));
	g_assert_cmpuint(vu_pseudo_encode(&p, out, n - 1), ==, 0);
	g_assert_cmpuint(out[0], ==, 0xee);
}

static void test_round_trip_all(void)
{
	/* Every channel, direction, kind and fd count 0-8, names up to the 39 bytes that fit. */
	for (unsigned nfds = 0; nfds <= VU_MAX_FDS; nfds++) {
		struct vu_pseudo p, q;
		uint8_t out[VU_PSEUDO_FIXED + VU_MAX_FDS * VU_PSEUDO_FD_SIZE];

		memset(&p, 0, sizeof(p));
		p.version = VU_PSEUDO_VERSION;
		p.kind = nfds % 3;
		p.channel = nfds % VU_CHANNEL_COUNT;
		p.from = nfds & 1;
		p.nfds = (uint8_t)nfds;
		p.fds_total = (uint8_t)(nfds + 1);
		p.session = 0xffffffffu - nfds;
		p.msg_len = 12 + 2056;
		for (unsigned i = 0; i < nfds; i++) {
			p.fds[i].kind = (uint8_t)(i % (VU_FD_OTHER + 1));
			p.fds[i].size = UINT64_MAX - i;
			p.fds[i].inode = i;
			memset(p.fds[i].name, 'a' + (int)i, sizeof(p.fds[i].name) - 1);
		}
		size_t n = vu_pseudo_encode(&p, out, sizeof(out));
		g_assert_cmpuint(n, ==, vu_pseudo_size(nfds));
		g_autofree uint8_t *copy = test_exact_copy(out, n);
		g_assert_cmpuint(vu_pseudo_decode(copy, n, &q), ==, n);
		g_assert_cmpmem(&p, sizeof(p), &q, sizeof(q));
	}
}

static void test_reject(void)
{
	uint8_t b[VU_PSEUDO_FIXED + 2 * VU_PSEUDO_FD_SIZE];
	size_t n = build(b);
	struct vu_pseudo p;

	/* Every length short of the whole (fixed part or fd entries cut) is refused. */
	for (size_t len = 0; len < n; len++) {
		g_autofree uint8_t *copy = test_exact_copy(b, len);
		if (vu_pseudo_decode(copy, len, &p) != 0)
			g_error("pseudo-header of %zu bytes accepted with %zu", n, len);
	}
	g_assert_cmpuint(vu_pseudo_decode(NULL, 0, &p), ==, 0);

	static const struct {
		size_t off;
		uint8_t value;
	} bad[] = {
	    {0, 'X'}, /* magic */
	    {1, 'V'}, /* magic */
	    {2, 0},   /* version */
	    {2, 2},   /* a version we do not know */
	    {3, 4},   /* record kind: findings records are never written */
	    {3, 10},  /* record kind after VU_RECORD_NOTIFY */
	    {4, 3},   /* channel */
	    {5, 2},   /* direction */
	    {6, 9},   /* more fds than VU_MAX_FDS */
	    {6, 255},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		uint8_t c[sizeof(b)];
		memcpy(c, b, sizeof(b));
		c[bad[i].off] = bad[i].value;
		if (vu_pseudo_decode(c, sizeof(c), &p) != 0)
			g_error("pseudo-header with byte %zu = %u accepted", bad[i].off,
			        bad[i].value);
	}
	/* A data-plane entry (kind 8, --packets) is one. */
	b[3] = VU_RECORD_DATA;
	g_assert_cmpuint(vu_pseudo_decode(b, n, &p), ==, n);
	g_assert_cmpuint(p.kind, ==, VU_RECORD_DATA);
	/* And a notification (kind 9, --kicks). */
	b[3] = VU_RECORD_NOTIFY;
	g_assert_cmpuint(vu_pseudo_decode(b, n, &p), ==, n);
	g_assert_cmpuint(p.kind, ==, VU_RECORD_NOTIFY);
	/* nfds = 3 but only two entries present. */
	b[6] = 3;
	g_assert_cmpuint(vu_pseudo_decode(b, n, &p), ==, 0);
}

static void test_name_terminated(void)
{
	uint8_t b[VU_PSEUDO_FIXED + 2 * VU_PSEUDO_FD_SIZE];
	size_t n = build(b);
	struct vu_pseudo p;

	/* A name that fills all 40 bytes comes back terminated (39 bytes kept). */
	memset(b + VU_PSEUDO_FIXED + 24, 'x', 40);
	g_assert_cmpuint(vu_pseudo_decode(b, n, &p), ==, n);
	g_assert_cmpuint(strlen(p.fds[0].name), ==, 39);
}

void test_pseudo_register(void)
{
	test_add("/dissector/pseudo/decode", test_pseudo_decoded);
	test_add("/dissector/pseudo/round-trip", test_round_trip);
	test_add("/dissector/pseudo/round-trip-all", test_round_trip_all);
	test_add("/dissector/pseudo/reject", test_reject);
	test_add("/dissector/pseudo/name-terminated", test_name_terminated);
}
