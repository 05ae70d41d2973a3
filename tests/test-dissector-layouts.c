/*
 * Every payload layout of the reference (§4) in the variants the per-request
 * tests do not reach: packed ring bases, NOFD, 8 regions, Xen regions,
 * failure results, the largest payload. Messages are built here byte by byte.
 */
#include <string.h>

#include "tests/test-dissector-util.h"

/* Finish the header's size from the bytes put, and decode from the proper side. */
static struct vu_decoded *dec(enum vu_channel ch, bool reply, struct test_msg *m, unsigned nfds,
                              const struct vu_decode_context *ctx)
{
	bool front = (ch == VU_CHANNEL_MAIN) != reply;

	test_put_u32_at(m->b, 8, (uint32_t)(m->len - VU_HDR_SIZE));
	return test_decode(ch, front ? VU_FROM_FRONT : VU_FROM_BACK, m, nfds, ctx);
}

static void check_no_findings(const struct vu_decoded *d)
{
	test_check_clean(d);
	if (d->nfindings)
		g_error("unexpected finding: %s", d->findings[0].text);
}

/* ---- u64, features ------------------------------------------------------ */

static void test_u64(void)
{
	struct test_msg m;

	test_msg_init(&m, 17, 0x5, 0); /* GET_QUEUE_NUM reply */
	test_put_u64(&m, 0, 4);
	g_autofree struct vu_decoded *q = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(q);
	g_assert_cmpint(q->payload_kind, ==, VU_PAYLOAD_U64);
	test_check_field(q, VU_FIELD_QUEUE_NUM, 0, 0, 8, 4);

	test_msg_init(&m, 36, 0x5, 0); /* GET_MAX_MEM_SLOTS reply: libvhost-user says 509 (§4.12) */
	test_put_u64(&m, 0, 509);
	g_autofree struct vu_decoded *s = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(s);
	test_check_field(s, VU_FIELD_MAX_MEM_SLOTS, 0, 0, 8, 509);

	test_msg_init(&m, 20, 0x9, 0); /* NET_SET_MTU with NEED_REPLY */
	test_put_u64(&m, 0, 1500);
	g_autofree struct vu_decoded *mtu = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(mtu);
	test_check_field(mtu, VU_FIELD_MTU, 0, 0, 8, 1500);

	test_msg_init(&m, 27, 0x1, 0); /* CLOSE_CRYPTO_SESSION */
	test_put_u64(&m, 0, 42);
	g_autofree struct vu_decoded *cc = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(cc);
	test_check_field(cc, VU_FIELD_CRYPTO_SESSION_ID, 0, 0, 8, 42);
}

static void test_result_failure(void)
{
	static const uint32_t results[] = {22, 30,
	                                   43}; /* IOTLB_MSG, POSTCOPY_END, CHECK_DEVICE_STATE */
	struct test_msg m;

	for (size_t i = 0; i < G_N_ELEMENTS(results); i++) {
		test_msg_init(&m, results[i], 0x5, 0);
		test_put_u64(&m, 0, 1);
		g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
		/* A failure is a finding about the session, not a malformed message. */
		test_check_clean(d);
		g_assert_true(test_has_finding(d, VU_FIND_REPLY_FAILURE));
		test_check_field(d, VU_FIELD_RESULT, 0, 0, 8, 1);
	}
	/* Back-end channel: SHARED_OBJECT_LOOKUP fails without an fd. */
	test_msg_init(&m, 8, 0x5, 0);
	test_put_u64(&m, 0, 1);
	g_autofree struct vu_decoded *l = dec(VU_CHANNEL_BACKEND, true, &m, 0, NULL);
	g_assert_true(test_has_finding(l, VU_FIND_REPLY_FAILURE));
	test_check_field(l, VU_FIELD_RESULT, 0, 0, 8, 1);
}

static void test_features(void)
{
	struct test_msg m;
	const uint64_t offered =
	    0x175008000ull; /* a DPDK vhost offer: bits 15, 28, 30, 32, 34... */

	test_msg_init(&m, 1, 0x5, 0); /* GET_FEATURES reply */
	test_put_u64(&m, 0, offered);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_FEATURES);
	test_check_field(d, VU_FIELD_FEATURES, 0, 0, 8, offered);
	/* The top bit survives (no sign or width trouble). */
	test_msg_init(&m, 2, 0x1, 0);
	test_put_u64(&m, 0, 1ull << 63);
	g_autofree struct vu_decoded *s = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(s);
	test_check_field(s, VU_FIELD_FEATURES, 0, 0, 8, 1ull << 63);
}

static void test_protocol_features(void)
{
	struct test_msg m;

	test_msg_init(&m, 15, 0x5, 0); /* GET_PROTOCOL_FEATURES reply, all 24 bits */
	test_put_u64(&m, 0, 0xffffff);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_PROTOCOL_FEATURES);
	test_check_field(d, VU_FIELD_PROTOCOL_FEATURES, 0, 0, 8, 0xffffff);
}

/* ---- vring state, address, file ------------------------------------------ */

static void test_vring_base_packed(void)
{
	const struct vu_decode_context packed = {.ring_packed = true};
	/* avail idx 3, avail wrap 1, used idx 5, used wrap 1 (§4.2) */
	const uint32_t num = 3u | (1u << 15) | (5u << 16) | (1u << 31);
	struct test_msg m;

	test_msg_init(&m, 10, 0x1, 0); /* SET_VRING_BASE */
	test_put_u32(&m, 0, 1);
	test_put_u32(&m, 4, num);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, &packed);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 4, 1);
	test_check_field(d, VU_FIELD_VRING_BASE, 0, 4, 4, num);
	test_check_field(d, VU_FIELD_VRING_BASE_AVAIL_IDX, 0, 4, 4, 3);
	test_check_field(d, VU_FIELD_VRING_BASE_AVAIL_WRAP, 0, 4, 4, 1);
	test_check_field(d, VU_FIELD_VRING_BASE_USED_IDX, 0, 4, 4, 5);
	test_check_field(d, VU_FIELD_VRING_BASE_USED_WRAP, 0, 4, 4, 1);
	/* The parts are children of the base. */
	g_assert_cmpuint(test_field(d, VU_FIELD_VRING_BASE_USED_IDX, 0)->depth, ==,
	                 test_field(d, VU_FIELD_VRING_BASE, 0)->depth + 1);

	/* GET_VRING_BASE reply: the same encoding; wrap counters clear, large indexes. */
	test_msg_init(&m, 11, 0x5, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 0x7fffu | (0x7ffeu << 16));
	g_autofree struct vu_decoded *r = dec(VU_CHANNEL_MAIN, true, &m, 0, &packed);
	check_no_findings(r);
	test_check_field(r, VU_FIELD_VRING_BASE_AVAIL_IDX, 0, 4, 4, 0x7fff);
	test_check_field(r, VU_FIELD_VRING_BASE_AVAIL_WRAP, 0, 4, 4, 0);
	test_check_field(r, VU_FIELD_VRING_BASE_USED_IDX, 0, 4, 4, 0x7ffe);
	test_check_field(r, VU_FIELD_VRING_BASE_USED_WRAP, 0, 4, 4, 0);

	/* GET_VRING_BASE request: num is reserved, no packed parts. */
	test_msg_init(&m, 11, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 0);
	g_autofree struct vu_decoded *q = dec(VU_CHANNEL_MAIN, false, &m, 0, &packed);
	g_assert_null(test_field(q, VU_FIELD_VRING_BASE_AVAIL_IDX, 0));
}

static void test_vring_base_split(void)
{
	struct test_msg m;

	/* Split ring: the base is the next avail index, no packed parts. */
	test_msg_init(&m, 10, 0x1, 0);
	test_put_u32(&m, 0, 3);
	test_put_u32(&m, 4, 0xbeef);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 4, 3);
	test_check_field(d, VU_FIELD_VRING_BASE, 0, 4, 4, 0xbeef);
	g_assert_null(test_field(d, VU_FIELD_VRING_BASE_AVAIL_IDX, 0));
	g_assert_null(test_field(d, VU_FIELD_VRING_BASE_USED_WRAP, 0));
}

static void test_vring_addr_nolog(void)
{
	struct test_msg m;

	test_msg_init(&m, 9, 0x1, 0);
	test_put_u32(&m, 0, 255);
	test_put_u32(&m, 4, 0);
	test_put_u64(&m, 8, 0x1000);
	test_put_u64(&m, 16, 0x3000);
	test_put_u64(&m, 24, 0x2000);
	test_put_u64(&m, 32, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 4, 255);
	test_check_field(d, VU_FIELD_VRING_ADDR_FLAGS_LOG, 0, 4, 4, 0);
	/* Wire order desc, used, avail (§4.3). */
	test_check_field(d, VU_FIELD_VRING_DESC, 0, 8, 8, 0x1000);
	test_check_field(d, VU_FIELD_VRING_USED, 0, 16, 8, 0x3000);
	test_check_field(d, VU_FIELD_VRING_AVAIL, 0, 24, 8, 0x2000);
}

static void test_vring_file_nofd(void)
{
	static const uint32_t requests[] = {12, 13, 14};
	struct test_msg m;

	for (size_t i = 0; i < G_N_ELEMENTS(requests); i++) {
		/* Ring 5 with NOFD and no fd: fine. */
		test_msg_init(&m, requests[i], 0x1, 0);
		test_put_u64(&m, 0, 0x105);
		g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
		check_no_findings(d);
		test_check_field(d, VU_FIELD_VRING_FILE, 0, 0, 8, 0x105);
		test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 8, 5);
		test_check_field(d, VU_FIELD_VRING_NOFD, 0, 0, 8, 1);
		/* Ring index bits 0-7 only: 0xff is ring 255. */
		test_msg_init(&m, requests[i], 0x1, 0);
		test_put_u64(&m, 0, 0xff);
		g_autofree struct vu_decoded *e = dec(VU_CHANNEL_MAIN, false, &m, 1, NULL);
		check_no_findings(e);
		test_check_field(e, VU_FIELD_VRING_INDEX, 0, 0, 8, 255);
		test_check_field(e, VU_FIELD_VRING_NOFD, 0, 0, 8, 0);
	}
}

/* ---- memory ------------------------------------------------------------- */

static void put_region(struct test_msg *m, size_t off, unsigned i)
{
	test_put_u64(m, off, 0x100000000ull * i);
	test_put_u64(m, off + 8, 0x1000000ull * (i + 1));
	test_put_u64(m, off + 16, 0x7f0000000000ull + 0x100000000ull * i);
	test_put_u64(m, off + 24, 0x1000ull * i);
}

static void check_region(const struct vu_decoded *d, unsigned n, size_t off, size_t len, unsigned i)
{
	test_check_field(d, VU_FIELD_MEM_REGION, n, off, len, 0);
	test_check_field(d, VU_FIELD_MEM_GUEST_ADDR, n, off, 8, 0x100000000ull * i);
	test_check_field(d, VU_FIELD_MEM_SIZE, n, off + 8, 8, 0x1000000ull * (i + 1));
	test_check_field(d, VU_FIELD_MEM_USER_ADDR, n, off + 16, 8,
	                 0x7f0000000000ull + 0x100000000ull * i);
	test_check_field(d, VU_FIELD_MEM_MMAP_OFFSET, n, off + 24, 8, 0x1000ull * i);
	g_assert_cmpuint(test_field(d, VU_FIELD_MEM_GUEST_ADDR, n)->depth, ==,
	                 test_field(d, VU_FIELD_MEM_REGION, n)->depth + 1);
}

static void test_mem_table_8(void)
{
	struct test_msg m;

	test_msg_init(&m, 5, 0x9, 0);
	test_put_u32(&m, 0, 8);
	test_put_u32(&m, 4, 0);
	for (unsigned i = 0; i < 8; i++)
		put_region(&m, 8 + 32 * i, i);
	g_assert_cmpuint(m.len, ==, 12 + 264);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 8, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_MEM_NREGIONS, 0, 0, 4, 8);
	g_assert_cmpuint(test_field_count(d, VU_FIELD_MEM_REGION), ==, 8);
	for (unsigned i = 0; i < 8; i++)
		check_region(d, i, 8 + 32 * i, 32, i);
}

static void test_mem_table_empty(void)
{
	struct test_msg m;

	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_MEM_NREGIONS, 0, 0, 4, 0);
	g_assert_null(test_field(d, VU_FIELD_MEM_REGION, 0));
}

static void test_mem_table_xen(void)
{
	const struct vu_decode_context xen = {.xen_mmap = true};
	struct test_msg m;

	/* PF_XEN_MMAP: 40-byte regions with flags and domid (§4.4). */
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 2);
	for (unsigned i = 0; i < 2; i++) {
		put_region(&m, 8 + 40 * i, i);
		test_put_u32(&m, 8 + 40 * i + 32, 0x101 + i); /* foreign + map on demand */
		test_put_u32(&m, 8 + 40 * i + 36, 7 + i);
	}
	g_assert_cmpuint(m.len, ==, 12 + 88);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 2, &xen);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_MEM_NREGIONS, 0, 0, 4, 2);
	for (unsigned i = 0; i < 2; i++) {
		check_region(d, i, 8 + 40 * i, 40, i);
		test_check_field(d, VU_FIELD_MEM_XEN_FLAGS, i, 8 + 40 * i + 32, 4, 0x101 + i);
		test_check_field(d, VU_FIELD_MEM_XEN_DOMID, i, 8 + 40 * i + 36, 4, 7 + i);
	}
	/* Without Xen the same table has 32-byte regions and no Xen fields. */
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 2);
	put_region(&m, 8, 0);
	put_region(&m, 40, 1);
	g_autofree struct vu_decoded *p = dec(VU_CHANNEL_MAIN, false, &m, 2, NULL);
	check_no_findings(p);
	check_region(p, 1, 40, 32, 1);
	g_assert_null(test_field(p, VU_FIELD_MEM_XEN_FLAGS, 0));
}

static void test_mem_region(void)
{
	const struct vu_decode_context xen = {.xen_mmap = true};
	struct test_msg m;

	test_msg_init(&m, 37, 0x9, 0); /* ADD_MEM_REG, one fd */
	test_put_u64(&m, 0, 0);
	put_region(&m, 8, 3);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 1, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_MEM_REGION);
	check_region(d, 0, 8, 32, 3);

	test_msg_init(&m, 38, 0x1, 0); /* REM_MEM_REG, no fd */
	test_put_u64(&m, 0, 0);
	put_region(&m, 8, 2);
	g_autofree struct vu_decoded *r = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(r);
	check_region(r, 0, 8, 32, 2);

	test_msg_init(&m, 37, 0x1, 0); /* Xen: 48 bytes */
	test_put_u64(&m, 0, 0);
	put_region(&m, 8, 1);
	test_put_u32(&m, 40, 2);
	test_put_u32(&m, 44, 9);
	g_assert_cmpuint(m.len, ==, 12 + 48);
	g_autofree struct vu_decoded *x = dec(VU_CHANNEL_MAIN, false, &m, 1, &xen);
	check_no_findings(x);
	check_region(x, 0, 8, 40, 1);
	test_check_field(x, VU_FIELD_MEM_XEN_FLAGS, 0, 40, 4, 2);
	test_check_field(x, VU_FIELD_MEM_XEN_DOMID, 0, 44, 4, 9);
}

static void test_mem_table_postcopy_reply(void)
{
	struct test_msg m;

	/* In postcopy the back-end answers SET_MEM_TABLE with its own table (§2, §7.9). */
	test_msg_init(&m, 5, 0x5, 0);
	test_put_u32(&m, 0, 1);
	put_region(&m, 8, 1);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_MEM_TABLE);
	check_region(d, 0, 8, 32, 1);
}

/* ---- the rest of §4 ------------------------------------------------------ */

static void test_log(void)
{
	struct test_msg m;

	test_msg_init(&m, 6, 0x1, 0);
	test_put_u64(&m, 0, 0x40000);
	test_put_u64(&m, 8, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 1, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_LOG);
	test_check_field(d, VU_FIELD_LOG_MMAP_SIZE, 0, 0, 8, 0x40000);
	test_check_field(d, VU_FIELD_LOG_MMAP_OFFSET, 0, 8, 8, 0);
}

static void test_iotlb_miss(void)
{
	struct test_msg m;

	/* Back-end channel: a MISS with iova and perm (§4.7). */
	test_msg_init(&m, 1, 0x9, 0);
	test_put_u64(&m, 0, 0xfee00000);
	test_put_u64(&m, 8, 0);
	test_put_u64(&m, 16, 0);
	test_put_u8(&m, 24, 1);
	test_put_u8(&m, 25, 1);
	test_put_bytes(&m, 26, "\0\0\0\0\0\0", 6);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_BACKEND, false, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_IOTLB);
	test_check_field(d, VU_FIELD_IOTLB_IOVA, 0, 0, 8, 0xfee00000);
	test_check_field(d, VU_FIELD_IOTLB_PERM, 0, 24, 1, 1);
	test_check_field(d, VU_FIELD_IOTLB_TYPE, 0, 25, 1, 1);
}

static void test_config(void)
{
	struct test_msg m;

	/* GET_CONFIG of the whole 256 bytes, the largest config (§4.8). */
	test_msg_init(&m, 24, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 256);
	test_put_u32(&m, 8, 0);
	for (size_t i = 0; i < 256; i++)
		test_put_u8(&m, 12 + i, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_CONFIG_SIZE, 0, 4, 4, 256);
	test_check_field(d, VU_FIELD_CONFIG_DATA, 0, 12, 256, 0);

	/* SET_CONFIG of 4 bytes at offset 20, for migration. */
	test_msg_init(&m, 25, 0x9, 0);
	test_put_u32(&m, 0, 20);
	test_put_u32(&m, 4, 4);
	test_put_u32(&m, 8, 1);
	test_put_bytes(&m, 12, "\x01\x02\x03\x04", 4);
	g_autofree struct vu_decoded *s = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(s);
	test_check_field(s, VU_FIELD_CONFIG_OFFSET, 0, 0, 4, 20);
	test_check_field(s, VU_FIELD_CONFIG_FLAGS, 0, 8, 4, 1);
	test_check_field(s, VU_FIELD_CONFIG_DATA, 0, 12, 4, 0);

	/* An empty GET_CONFIG reply is the back-end's error (§2): a failure, not malformed. */
	test_msg_init(&m, 24, 0x5, 0);
	g_autofree struct vu_decoded *e = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	test_check_clean(e);
	g_assert_true(test_has_finding(e, VU_FIND_REPLY_FAILURE));
}

static void test_vring_area_nofd(void)
{
	struct test_msg m;

	test_msg_init(&m, 3, 0x1, 0); /* de-register ring 7's notifier */
	test_put_u64(&m, 0, 0x107);
	test_put_u64(&m, 8, 0);
	test_put_u64(&m, 16, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_BACKEND, false, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 8, 7);
	test_check_field(d, VU_FIELD_VRING_NOFD, 0, 0, 8, 1);
}

static void test_inflight(void)
{
	struct test_msg m;

	/* GET_INFLIGHT_FD: the request has no mmap fields yet, the reply has them and an fd. */
	test_msg_init(&m, 31, 0x1, 0);
	test_put_u64(&m, 0, 0);
	test_put_u64(&m, 8, 0);
	test_put_u16(&m, 16, 1);
	test_put_u16(&m, 18, 256);
	test_put_u32(&m, 20, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_INFLIGHT_NUM_QUEUES, 0, 16, 2, 1);
	test_check_field(d, VU_FIELD_INFLIGHT_QUEUE_SIZE, 0, 18, 2, 256);

	test_msg_init(&m, 32, 0x1, 0); /* SET_INFLIGHT_FD with the shm fd */
	test_put_u64(&m, 0, 0x2100);
	test_put_u64(&m, 8, 0x40);
	test_put_u16(&m, 16, 4);
	test_put_u16(&m, 18, 0xffff);
	test_put_u32(&m, 20, 0);
	g_autofree struct vu_decoded *s = dec(VU_CHANNEL_MAIN, false, &m, 1, NULL);
	check_no_findings(s);
	test_check_field(s, VU_FIELD_INFLIGHT_MMAP_SIZE, 0, 0, 8, 0x2100);
	test_check_field(s, VU_FIELD_INFLIGHT_MMAP_OFFSET, 0, 8, 8, 0x40);
	test_check_field(s, VU_FIELD_INFLIGHT_QUEUE_SIZE, 0, 18, 2, 0xffff);
}

static void test_status(void)
{
	struct test_msg m;

	test_msg_init(&m, 40, 0x5, 0); /* GET_STATUS reply */
	test_put_u64(&m, 0, 0x8f);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_STATUS);
	test_check_field(d, VU_FIELD_STATUS, 0, 0, 8, 0x8f);
}

static void test_shared_object(void)
{
	static const uint8_t id[16] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x40, 0x02,
	                               0x80, 0x03, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06};
	static const uint32_t backend_requests[] = {6, 7, 8};
	struct test_msg m;

	test_msg_init(&m, 41, 0x1, 0);
	test_put_bytes(&m, 0, id, 16);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_SHARED);
	g_assert_cmpuint(test_field(d, VU_FIELD_SHARED_UUID, 0)->offset, ==, 12);
	g_assert_cmpuint(test_field(d, VU_FIELD_SHARED_UUID, 0)->length, ==, 16);
	for (size_t i = 0; i < G_N_ELEMENTS(backend_requests); i++) {
		test_msg_init(&m, backend_requests[i], 0x1, 0);
		test_put_bytes(&m, 0, id, 16);
		g_autofree struct vu_decoded *b = dec(VU_CHANNEL_BACKEND, false, &m, 0, NULL);
		check_no_findings(b);
		g_assert_cmpint(b->payload_kind, ==, VU_PAYLOAD_SHARED);
		g_assert_nonnull(test_field(b, VU_FIELD_SHARED_UUID, 0));
	}
	/* LOOKUP's reply: u64 0 and the dma-buf fd. */
	test_msg_init(&m, 8, 0x5, 0);
	test_put_u64(&m, 0, 0);
	g_autofree struct vu_decoded *r = dec(VU_CHANNEL_BACKEND, true, &m, 1, NULL);
	check_no_findings(r);
}

static void test_device_state(void)
{
	struct test_msg m;

	test_msg_init(&m, 42, 0x1, 0); /* SAVE on the source, STOPPED */
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 1, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_DEVSTATE_DIRECTION, 0, 0, 4, 0);
	test_check_field(d, VU_FIELD_DEVSTATE_PHASE, 0, 4, 4, 0);

	/* Reply with the invalid-fd bit and no fd: success, the front-end keeps its pipe (§4.1). */
	test_msg_init(&m, 42, 0x5, 0);
	test_put_u64(&m, 0, 0x100);
	g_autofree struct vu_decoded *r = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(r);
	g_assert_cmpint(r->payload_kind, ==, VU_PAYLOAD_DEVICE_STATE_RESULT);
	test_check_field(r, VU_FIELD_DEVSTATE_RESULT, 0, 0, 8, 0x100);
	test_check_field(r, VU_FIELD_DEVSTATE_ERROR, 0, 0, 8, 0);
	test_check_field(r, VU_FIELD_DEVSTATE_INVALID_FD, 0, 0, 8, 1);

	/* An error code, no fd: a failure. */
	test_msg_init(&m, 42, 0x5, 0);
	test_put_u64(&m, 0, 0x105);
	g_autofree struct vu_decoded *e = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	test_check_clean(e);
	g_assert_true(test_has_finding(e, VU_FIND_REPLY_FAILURE));
	test_check_field(e, VU_FIELD_DEVSTATE_ERROR, 0, 0, 8, 5);

	/* Success without the invalid-fd bit must carry the fd. */
	test_msg_init(&m, 42, 0x5, 0);
	test_put_u64(&m, 0, 0);
	g_autofree struct vu_decoded *f = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	g_assert_true(test_has_finding(f, VU_FIND_FD_COUNT));
	/* An error with an fd: "must never return both" (§4.1). */
	test_msg_init(&m, 42, 0x5, 0);
	test_put_u64(&m, 0, 0x5);
	g_autofree struct vu_decoded *g = dec(VU_CHANNEL_MAIN, true, &m, 1, NULL);
	g_assert_true(test_has_finding(g, VU_FIND_FD_COUNT));
}

static void test_crypto_session(void)
{
	struct test_msg m;
	const size_t size = 8 + 1024 + 8 + 16; /* an asym-sized union; decoded by hdr.size */

	test_msg_init(&m, 26, 0x1, 0);
	test_put_u64(&m, 0, 0x1000);
	for (size_t i = 8; i < size - 8; i++)
		test_put_u8(&m, i, (uint8_t)(i * 7));
	test_put_u64(&m, size - 8, (uint64_t)-1);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_CRYPTO_OP_CODE, 0, 0, 8, 0x1000);
	test_check_field(d, VU_FIELD_CRYPTO_SESSION_INFO, 0, 8, size - 16, 0);
	test_check_field(d, VU_FIELD_CRYPTO_SESSION_ID, 0, size - 8, 8, UINT64_MAX);

	/* Reply with session id -1: the back-end failed (§4.15). */
	m.b[4] = 0x5;
	g_autofree struct vu_decoded *r = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	test_check_clean(r);
	g_assert_true(test_has_finding(r, VU_FIND_REPLY_FAILURE));
	/* Reply with id 3: success. */
	test_put_u64(&m, size - 8, 3);
	g_autofree struct vu_decoded *ok = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(ok);
	test_check_field(ok, VU_FIELD_CRYPTO_SESSION_ID, 0, size - 8, 8, 3);
}

static void test_shmem_map(void)
{
	struct test_msg m;

	test_msg_init(&m, 10, 0x9, 0); /* SHMEM_UNMAP, read-only flags, no fd */
	test_put_u8(&m, 0, 255);
	test_put_bytes(&m, 1, "\0\0\0\0\0\0\0", 7);
	test_put_u64(&m, 8, 0);
	test_put_u64(&m, 16, 0x200000);
	test_put_u64(&m, 24, 0x1000);
	test_put_u64(&m, 32, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_BACKEND, false, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_MMAP);
	test_check_field(d, VU_FIELD_MMAP_SHMID, 0, 0, 1, 255);
	test_check_field(d, VU_FIELD_MMAP_SHM_OFFSET, 0, 16, 8, 0x200000);
	test_check_field(d, VU_FIELD_MMAP_LEN, 0, 24, 8, 0x1000);
	test_check_field(d, VU_FIELD_MMAP_FLAGS_RW, 0, 32, 8, 0);
}

static void test_shmem_config_all(void)
{
	struct test_msg m;

	/* The largest legal payload (2056 bytes) with every shmid in use. */
	test_msg_init(&m, 44, 0x5, 0);
	test_put_u32(&m, 0, 256);
	test_put_u32(&m, 4, 0);
	for (unsigned i = 0; i < 256; i++)
		test_put_u64(&m, 8 + 8 * i, 0x1000ull * (i + 1));
	g_assert_cmpuint(m.len, ==, 12 + VU_MAX_PAYLOAD);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(d);
	test_check_field(d, VU_FIELD_SHMEM_NREGIONS, 0, 0, 4, 256);
	g_assert_cmpuint(test_field_count(d, VU_FIELD_SHMEM_REGION), ==, 256);
	test_check_field(d, VU_FIELD_SHMEM_REGION_ID, 255, 8 + 8 * 255, 8, 255);
	test_check_field(d, VU_FIELD_SHMEM_REGION_SIZE, 255, 8 + 8 * 255, 8, 0x100000);
}

static void test_shmem_config_none(void)
{
	struct test_msg m;

	test_msg_init(&m, 44, 0x5, 0);
	test_put_u32(&m, 0, 0);
	for (unsigned i = 0; i < 256; i++)
		test_put_u64(&m, 8 + 8 * i, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(d);
	g_assert_null(test_field(d, VU_FIELD_SHMEM_REGION, 0));
	/* nregions must count the used ids (§4.17). */
	test_put_u32(&m, 0, 1);
	g_autofree struct vu_decoded *w = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	test_check_malformed(w, VU_FIND_VALUE_RANGE);
}

static void test_send_rarp(void)
{
	struct test_msg m;

	test_msg_init(&m, 19, 0x1, 0);
	test_put_bytes(&m, 0, "\x52\x54\x00\xab\xcd\xef\x00\x00", 8);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, false, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_MAC);
	const struct vu_field *f = test_field(d, VU_FIELD_RARP_MAC, 0);
	g_assert_nonnull(f);
	g_assert_cmpuint(f->offset, ==, 12);
	g_assert_cmpuint(f->length, ==, 6);
}

static void test_reply_ack(void)
{
	struct test_msg m;

	test_msg_init(&m, 37, 0x5, 0); /* ADD_MEM_REG acked */
	test_put_u64(&m, 0, 0);
	g_autofree struct vu_decoded *d = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	check_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_ACK);
	test_check_field(d, VU_FIELD_ACK, 0, 0, 8, 0);

	test_msg_init(&m, 21, 0x5, 0); /* SET_BACKEND_REQ_FD refused */
	test_put_u64(&m, 0, 1);
	g_autofree struct vu_decoded *f = dec(VU_CHANNEL_MAIN, true, &m, 0, NULL);
	test_check_clean(f);
	g_assert_true(test_has_finding(f, VU_FIND_REPLY_FAILURE));
	test_check_field(f, VU_FIELD_ACK, 0, 0, 8, 1);

	/* Back-end channel: the front-end acks a HOST_NOTIFIER message. */
	test_msg_init(&m, 3, 0x5, 0);
	test_put_u64(&m, 0, 0);
	g_autofree struct vu_decoded *b = dec(VU_CHANNEL_BACKEND, true, &m, 0, NULL);
	check_no_findings(b);
	test_check_field(b, VU_FIELD_ACK, 0, 0, 8, 0);
}

void test_layouts_register(void)
{
	test_add("/dissector/layout/u64", test_u64);
	test_add("/dissector/layout/u64/result-failure", test_result_failure);
	test_add("/dissector/layout/features", test_features);
	test_add("/dissector/layout/protocol-features", test_protocol_features);
	test_add("/dissector/layout/vring-state/packed-base", test_vring_base_packed);
	test_add("/dissector/layout/vring-state/split-base", test_vring_base_split);
	test_add("/dissector/layout/vring-addr/no-log", test_vring_addr_nolog);
	test_add("/dissector/layout/vring-file/nofd", test_vring_file_nofd);
	test_add("/dissector/layout/mem-table/8-regions", test_mem_table_8);
	test_add("/dissector/layout/mem-table/empty", test_mem_table_empty);
	test_add("/dissector/layout/mem-table/xen", test_mem_table_xen);
	test_add("/dissector/layout/mem-table/postcopy-reply", test_mem_table_postcopy_reply);
	test_add("/dissector/layout/mem-region", test_mem_region);
	test_add("/dissector/layout/log", test_log);
	test_add("/dissector/layout/iotlb/miss", test_iotlb_miss);
	test_add("/dissector/layout/config", test_config);
	test_add("/dissector/layout/vring-area/nofd", test_vring_area_nofd);
	test_add("/dissector/layout/inflight", test_inflight);
	test_add("/dissector/layout/status", test_status);
	test_add("/dissector/layout/shared-object", test_shared_object);
	test_add("/dissector/layout/device-state", test_device_state);
	test_add("/dissector/layout/crypto-session", test_crypto_session);
	test_add("/dissector/layout/shmem-map", test_shmem_map);
	test_add("/dissector/layout/shmem-config/all-regions", test_shmem_config_all);
	test_add("/dissector/layout/shmem-config/none", test_shmem_config_none);
	test_add("/dissector/layout/send-rarp", test_send_rarp);
	test_add("/dissector/layout/reply-ack", test_reply_ack);
}
