/*
 * Malformed input: short headers, truncated and oversized payloads, unknown
 * requests, bad flags, sizes that do not fit the layout, wrong fd counts and
 * out-of-range values. Each case checks the malformed flag, the reason and
 * the finding, and (through the helpers) that no field lies past the bytes
 * present; every message is decoded from an exactly-sized heap copy so that
 * ASan and valgrind catch any read beyond it.
 */
#include <string.h>

#include "tests/test-dissector-reference.h"
#include "tests/test-dissector-util.h"

/* Set the header's size to the payload bytes put. */
static void finish(struct test_msg *m)
{
	test_put_u32_at(m->b, 8, (uint32_t)(m->len - VU_HDR_SIZE));
}

static struct vu_decoded *dec_main(const struct test_msg *m, unsigned nfds)
{
	bool reply = (m->b[4] & VU_FLAG_REPLY) != 0;
	return test_decode(VU_CHANNEL_MAIN, reply ? VU_FROM_BACK : VU_FROM_FRONT, m, nfds, NULL);
}

static void test_short_header(void)
{
	struct test_msg m;

	test_msg_init(&m, 1, 0x1, 0);
	for (size_t len = 0; len < VU_HDR_SIZE; len++) {
		g_autofree struct vu_decoded *d =
		    test_decode_bytes(VU_CHANNEL_MAIN, VU_FROM_FRONT, m.b, len, 0, NULL);
		char buf[32];

		g_assert_false(d->has_header);
		test_check_malformed(d, VU_FIND_SHORT_HEADER);
		g_assert_null(d->info);
		g_assert_cmpstr(vu_decoded_name(d, buf, sizeof(buf)), ==, "SHORT");
		/* Whatever header fields are there, and only those. */
		g_assert_cmpuint(test_field(d, VU_FIELD_REQUEST, 0) != NULL, ==, len >= 4);
		g_assert_cmpuint(test_field(d, VU_FIELD_FLAGS, 0) != NULL, ==, len >= 8);
		g_assert_null(test_field(d, VU_FIELD_SIZE, 0));
	}
	/* No bytes at all, not even a pointer. */
	struct vu_message none = {.channel = VU_CHANNEL_MAIN, .bytes = NULL, .len = 12};
	g_autofree struct vu_decoded *d = g_new0(struct vu_decoded, 1);
	vu_decode(NULL, &none, d);
	test_check_malformed(d, VU_FIND_SHORT_HEADER);
	g_assert_cmpuint(d->nfields, ==, 0);
}

/* A complete, valid message of each request and reply, cut at every length. */
static void cut_everywhere(enum vu_channel ch, const struct test_ref_request *ref, bool reply,
                           const struct test_msg *full, unsigned nfds)
{
	enum vu_direction from = (ch == VU_CHANNEL_MAIN) != reply ? VU_FROM_FRONT : VU_FROM_BACK;

	for (size_t len = VU_HDR_SIZE; len < full->len; len++) {
		g_autofree struct vu_decoded *d =
		    test_decode_bytes(ch, from, full->b, len, nfds, NULL);
		if (!d->malformed || !test_has_finding(d, VU_FIND_TRUNCATED))
			g_error("%s %s cut to %zu of %zu bytes: not marked truncated", ref->name,
			        reply ? "reply" : "request", len, full->len);
		/* The header is intact, so the request is still known. */
		g_assert_true(d->has_header);
		g_assert_true(d->info == vu_request_lookup(ch, ref->number));
	}
}

/* Valid payload bytes for a kind, big enough for every layout (zeros, with counts that fit). */
static void fill(struct test_msg *m, enum vu_payload_kind kind)
{
	switch (kind) {
	case VU_PAYLOAD_NONE:
		return;
	case VU_PAYLOAD_VRING_ADDR:
	case VU_PAYLOAD_MEM_REGION:
	case VU_PAYLOAD_MMAP:
		test_put_u64(m, 32, 0);
		return;
	case VU_PAYLOAD_MEM_TABLE:
		test_put_u32(m, 0, 1);
		test_put_u64(m, 32, 0);
		return;
	case VU_PAYLOAD_LOG:
		test_put_u64(m, 8, 0);
		return;
	case VU_PAYLOAD_IOTLB:
		test_put_u64(m, 24, 0);
		return;
	case VU_PAYLOAD_CONFIG:
		test_put_u32(m, 4, 4);
		test_put_u32(m, 12, 0);
		return;
	case VU_PAYLOAD_VRING_AREA:
	case VU_PAYLOAD_INFLIGHT:
		test_put_u64(m, 16, 0);
		return;
	case VU_PAYLOAD_SHARED:
		test_put_u64(m, 8, 0);
		return;
	case VU_PAYLOAD_CRYPTO_SESSION:
		test_put_u64(m, 64, 0);
		return;
	case VU_PAYLOAD_SHMEM_CONFIG:
		test_put_u64(m, 2048, 0);
		return;
	case VU_PAYLOAD_RAW:
		test_put_u64(m, 8, 0);
		return;
	default:
		test_put_u64(m, 0, 0);
		return;
	}
}

static void test_truncated_everywhere(void)
{
	static const enum vu_channel chans[] = {VU_CHANNEL_MAIN, VU_CHANNEL_BACKEND,
	                                        VU_CHANNEL_GPU};

	for (size_t c = 0; c < G_N_ELEMENTS(chans); c++) {
		size_t n = 0;
		const struct test_ref_request *refs = test_ref_table(chans[c], &n);

		for (size_t i = 1; i < n; i++) {
			for (int reply = 0; reply <= 1; reply++) {
				struct test_msg m;
				enum vu_payload_kind kind = reply ? refs[i].reply : refs[i].request;

				test_msg_init(&m, refs[i].number, reply ? 0x5 : 0x1, 0);
				fill(&m, kind);
				test_put_u32_at(m.b, 8, (uint32_t)(m.len - VU_HDR_SIZE));
				cut_everywhere(chans[c], &refs[i], reply, &m,
				               reply ? refs[i].reply_fds : refs[i].fds_min);
			}
		}
	}
}

static void test_size_beyond_bytes(void)
{
	struct test_msg m;

	/* SET_MEM_TABLE says 40 bytes, 20 arrived: nregions decodes, the region does not. */
	test_msg_init(&m, 5, 0x1, 40);
	test_put_u32(&m, 0, 1);
	test_put_u64(&m, 8, 0x1000);
	g_autofree struct vu_decoded *d =
	    test_decode_bytes(VU_CHANNEL_MAIN, VU_FROM_FRONT, m.b, 12 + 20, 1, NULL);
	test_check_malformed(d, VU_FIND_TRUNCATED);
	g_assert_cmpuint(d->size, ==, 40);
	test_check_field(d, VU_FIELD_MEM_NREGIONS, 0, 0, 4, 1);
	g_assert_null(test_field(d, VU_FIELD_MEM_REGION, 0));
	g_assert_null(test_field(d, VU_FIELD_MEM_GUEST_ADDR, 0));

	/* SET_VRING_ADDR cut inside the avail address: desc and used are there. */
	test_msg_init(&m, 9, 0x1, 40);
	test_put_u64(&m, 8, 0xd000);
	test_put_u64(&m, 16, 0xe000);
	g_autofree struct vu_decoded *a =
	    test_decode_bytes(VU_CHANNEL_MAIN, VU_FROM_FRONT, m.b, 12 + 28, 0, NULL);
	test_check_malformed(a, VU_FIND_TRUNCATED);
	test_check_field(a, VU_FIELD_VRING_DESC, 0, 8, 8, 0xd000);
	test_check_field(a, VU_FIELD_VRING_USED, 0, 16, 8, 0xe000);
	g_assert_null(test_field(a, VU_FIELD_VRING_AVAIL, 0));

	/* GET_CONFIG whose config size promises more than the payload holds. */
	test_msg_init(&m, 24, 0x1, 0);
	test_put_u32(&m, 4, 200);
	test_put_u32(&m, 8, 0);
	test_put_bytes(&m, 12, "abcd", 4);
	test_put_u32_at(m.b, 8, 12 + 200);
	g_autofree struct vu_decoded *c =
	    test_decode_bytes(VU_CHANNEL_MAIN, VU_FROM_FRONT, m.b, 12 + 16, 0, NULL);
	test_check_malformed(c, VU_FIND_TRUNCATED);
	const struct vu_field *data = test_field(c, VU_FIELD_CONFIG_DATA, 0);
	if (data)
		g_assert_cmpuint(data->offset + data->length, <=, 12 + 16);
}

static void test_bytes_beyond_size(void)
{
	struct test_msg m;

	/* GET_FEATURES with size 0 but 8 more bytes: those belong to no message. */
	test_msg_init(&m, 1, 0x1, 0);
	test_put_u64(&m, 0, 0x1234);
	g_autofree struct vu_decoded *d = dec_main(&m, 0);
	test_check_malformed(d, VU_FIND_PAYLOAD_SIZE);
	g_assert_cmpuint(d->size, ==, 0);
}

static void test_oversize(void)
{
	static const uint32_t sizes[] = {VU_MAX_PAYLOAD + 1, 0x10000, 0xffffffffu};
	struct test_msg m;

	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		/* Only the header and a few bytes present. */
		test_msg_init(&m, 5, 0x1, 0);
		test_put_u64(&m, 0, 1);
		test_put_u32_at(m.b, 8, sizes[i]);
		g_autofree struct vu_decoded *d = dec_main(&m, 0);
		test_check_malformed(d, VU_FIND_OVERSIZE);
		g_assert_cmpuint(d->size, ==, sizes[i]);
		test_check_hdr_field(d, VU_FIELD_SIZE, 8, 4, sizes[i]);
	}
	/* 2057 bytes, all present: still beyond the largest legal payload. */
	test_msg_init(&m, 44, 0x5, VU_MAX_PAYLOAD + 1);
	g_assert_cmpuint(m.len, ==, 12 + 2057);
	g_autofree struct vu_decoded *d = dec_main(&m, 0);
	test_check_malformed(d, VU_FIND_OVERSIZE);
	g_assert_false(test_has_finding(d, VU_FIND_TRUNCATED));
	/* 2056, the limit itself, is legal. */
	test_msg_init(&m, 44, 0x5, VU_MAX_PAYLOAD);
	g_autofree struct vu_decoded *ok = dec_main(&m, 0);
	g_assert_false(test_has_finding(ok, VU_FIND_OVERSIZE));
}

static void check_unknown(enum vu_channel ch, enum vu_direction from, uint32_t request,
                          uint32_t flags)
{
	struct test_msg m;
	char buf[32], want[32];

	test_msg_init(&m, request, flags, 0);
	test_put_u64(&m, 0, 0x1122334455667788ull);
	finish(&m);
	g_autofree struct vu_decoded *d = test_decode(ch, from, &m, 0, NULL);
	test_check_malformed(d, VU_FIND_UNKNOWN_REQUEST);
	g_assert_null(d->info);
	g_assert_cmpuint(d->request, ==, request);
	g_snprintf(want, sizeof(want), "UNKNOWN(%u)", request);
	g_assert_cmpstr(vu_decoded_name(d, buf, sizeof(buf)), ==, want);
	/* The payload is kept as bytes. */
	test_check_field(d, VU_FIELD_PAYLOAD_DATA, 0, 0, 8, 0);
}

static void test_unknown(void)
{
	check_unknown(VU_CHANNEL_MAIN, VU_FROM_FRONT, 46, 0x1);
	check_unknown(VU_CHANNEL_MAIN, VU_FROM_FRONT, 0, 0x1);
	check_unknown(VU_CHANNEL_MAIN, VU_FROM_FRONT, 1000, 0x1);
	check_unknown(VU_CHANNEL_MAIN, VU_FROM_BACK, 46, 0x5);
	check_unknown(VU_CHANNEL_MAIN, VU_FROM_FRONT, 0xffffffffu, 0x1);
	check_unknown(VU_CHANNEL_BACKEND, VU_FROM_BACK, 11, 0x1);
	check_unknown(VU_CHANNEL_BACKEND, VU_FROM_BACK, 0, 0x1);
	check_unknown(VU_CHANNEL_GPU, VU_FROM_BACK, 13, 0x1);
}

static void test_bad_version(void)
{
	static const uint32_t flags[] = {0x0, 0x2, 0x3, 0x4, 0x6, 0xb};
	struct test_msg m;

	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
		test_msg_init(&m, 3, flags[i], 0);
		g_autofree struct vu_decoded *d = test_decode(
		    VU_CHANNEL_MAIN, flags[i] & 4 ? VU_FROM_BACK : VU_FROM_FRONT, &m, 0, NULL);
		test_check_malformed(d, VU_FIND_BAD_VERSION);
		test_check_hdr_field(d, VU_FIELD_FLAGS_VERSION, 4, 4, flags[i] & 3);
	}
}

static void test_reserved_flags(void)
{
	struct test_msg m;

	test_msg_init(&m, 3, 0x11, 0);
	g_autofree struct vu_decoded *d = dec_main(&m, 0);
	g_assert_true(test_has_finding(d, VU_FIND_RESERVED_FLAGS));
	test_msg_init(&m, 3, 0x80000001u, 0);
	g_autofree struct vu_decoded *e = dec_main(&m, 0);
	g_assert_true(test_has_finding(e, VU_FIND_RESERVED_FLAGS));
}

/* A size the layout does not allow: the fields that fit decode, the rest is marked. */
static void check_payload_size(uint32_t request, bool reply, size_t size, unsigned nfds,
                               enum vu_field_id absent)
{
	struct test_msg m;

	test_msg_init(&m, request, reply ? 0x5 : 0x1, 0);
	for (size_t i = 0; i < size; i++)
		test_put_u8(&m, i, 0);
	test_put_u32_at(m.b, 8, (uint32_t)size);
	g_autofree struct vu_decoded *d = dec_main(&m, nfds);
	if (!d->malformed || !test_has_finding(d, VU_FIND_PAYLOAD_SIZE))
		g_error("request %u %s with %zu payload bytes not marked payload_size", request,
		        reply ? "reply" : "request", size);
	if (absent != VU_FIELD_COUNT && test_field(d, absent, 0))
		g_error("request %u with %zu bytes decoded %s", request, size,
		        vu_field_def(absent)->key);
}

static void test_payload_size(void)
{
	check_payload_size(2, false, 4, 0, VU_FIELD_FEATURES); /* SET_FEATURES, 4 bytes */
	check_payload_size(2, false, 0, 0, VU_FIELD_FEATURES);
	check_payload_size(1, true, 7, 0, VU_FIELD_FEATURES);    /* GET_FEATURES reply */
	check_payload_size(1, false, 8, 0, VU_FIELD_COUNT);      /* GET_FEATURES has no payload */
	check_payload_size(3, false, 8, 0, VU_FIELD_COUNT);      /* SET_OWNER */
	check_payload_size(8, false, 4, 0, VU_FIELD_VRING_SIZE); /* SET_VRING_NUM */
	check_payload_size(9, false, 32, 0, VU_FIELD_VRING_LOG); /* SET_VRING_ADDR */
	check_payload_size(13, false, 4, 1, VU_FIELD_VRING_FILE);
	check_payload_size(6, false, 8, 1, VU_FIELD_LOG_MMAP_OFFSET); /* SET_LOG_BASE: 16 */
	check_payload_size(37, false, 32, 1, VU_FIELD_MEM_REGION);    /* ADD_MEM_REG: 40 */
	check_payload_size(22, false, 16, 0, VU_FIELD_IOTLB_PERM);    /* IOTLB_MSG */
	check_payload_size(42, false, 4, 1, VU_FIELD_DEVSTATE_PHASE);
	check_payload_size(44, true, 2048, 0, VU_FIELD_COUNT); /* GET_SHMEM_CONFIG reply */
	check_payload_size(41, false, 15, 0, VU_FIELD_SHARED_UUID);
	check_payload_size(19, false, 6, 0, VU_FIELD_COUNT); /* SEND_RARP: a u64 */
	check_payload_size(2, true, 0, 0, VU_FIELD_ACK);     /* REPLY_ACK without its u64 */
	check_payload_size(12, false, 16, 1, VU_FIELD_COUNT);
	check_payload_size(5, false, 4, 0, VU_FIELD_MEM_PADDING); /* SET_MEM_TABLE */

	/* Extra bytes after a complete layout are kept and marked. */
	struct test_msg m;
	test_msg_init(&m, 2, 0x1, 0);
	test_put_u64(&m, 0, 1);
	test_put_u32(&m, 8, 0xdead);
	finish(&m);
	g_autofree struct vu_decoded *d = dec_main(&m, 0);
	test_check_malformed(d, VU_FIND_PAYLOAD_SIZE);
	test_check_field(d, VU_FIELD_FEATURES, 0, 0, 8, 1);
	test_check_field(d, VU_FIELD_PAYLOAD_EXTRA, 0, 8, 4, 0);

	/* SET_MEM_TABLE: nregions 2 but room for 1. */
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 2);
	test_put_u64(&m, 32, 0);
	finish(&m);
	g_autofree struct vu_decoded *t = dec_main(&m, 2);
	test_check_malformed(t, VU_FIND_PAYLOAD_SIZE);
	g_assert_cmpuint(test_field_count(t, VU_FIELD_MEM_REGION), ==, 1);
}

static void test_values(void)
{
	struct test_msg m;

	/* nregions 9: more than VU_MAX_REGIONS. */
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 9);
	for (unsigned i = 0; i < 9; i++)
		test_put_u64(&m, 8 + 32 * i + 24, 0);
	finish(&m);
	g_autofree struct vu_decoded *d = dec_main(&m, 8);
	test_check_malformed(d, VU_FIND_VALUE_RANGE);
	g_assert_cmpuint(test_field_count(d, VU_FIELD_MEM_REGION), <=, 8);

	/* nregions 0xffffffff with one region of bytes. */
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 0xffffffffu);
	test_put_u64(&m, 32, 0);
	finish(&m);
	g_autofree struct vu_decoded *e = dec_main(&m, 1);
	test_check_malformed(e, VU_FIND_VALUE_RANGE);

	/* Config size 257: more than VU_MAX_CONFIG_SIZE. */
	test_msg_init(&m, 25, 0x1, 0);
	test_put_u32(&m, 4, 257);
	for (size_t i = 0; i < 257; i++)
		test_put_u8(&m, 12 + i, 0xcc);
	finish(&m);
	g_autofree struct vu_decoded *c = dec_main(&m, 0);
	test_check_malformed(c, VU_FIND_VALUE_RANGE);
	test_check_field(c, VU_FIELD_CONFIG_SIZE, 0, 4, 4, 257);

	/* Config size 0xffffffff with 4 data bytes. */
	test_msg_init(&m, 24, 0x1, 0);
	test_put_u32(&m, 4, 0xffffffffu);
	test_put_u32(&m, 12, 0);
	finish(&m);
	g_autofree struct vu_decoded *h = dec_main(&m, 0);
	test_check_malformed(h, VU_FIND_VALUE_RANGE);
}

static void check_fds(uint32_t request, uint64_t value, size_t size, unsigned nfds,
                      enum vu_finding_code code)
{
	struct test_msg m;

	test_msg_init(&m, request, 0x1, 0);
	if (size >= 8)
		test_put_u64(&m, 0, value);
	for (size_t i = 8; i < size; i++)
		test_put_u8(&m, i, 0);
	test_put_u32_at(m.b, 8, (uint32_t)size);
	g_autofree struct vu_decoded *d = dec_main(&m, nfds);
	if (!test_has_finding(d, code)) {
		size_t n = 0;
		const struct vu_finding_def *defs = vu_finding_defs(&n);
		g_error("request %u (u64 0x%" G_GINT64_MODIFIER "x) with %u fds: no %s finding",
		        request, value, nfds, defs[code].key);
	}
	/* A finding about fds, attached to the message. */
	g_assert_cmpuint(d->nfds, ==, nfds);
}

static void test_fd_counts(void)
{
	check_fds(13, 0, 8, 0, VU_FIND_FD_COUNT);     /* SET_VRING_CALL, no fd, no NOFD */
	check_fds(13, 0x100, 8, 1, VU_FIND_FD_COUNT); /* NOFD but an fd */
	check_fds(12, 1, 8, 2, VU_FIND_FD_COUNT);     /* SET_VRING_KICK with 2 */
	check_fds(21, 0, 0, 0, VU_FIND_FD_COUNT);     /* SET_BACKEND_REQ_FD without its socket */
	check_fds(7, 0, 0, 0, VU_FIND_FD_COUNT);      /* SET_LOG_FD without */
	check_fds(1, 0, 0, 1, VU_FIND_FD_COUNT);      /* GET_FEATURES with an fd */
	check_fds(33, 0, 0, 2, VU_FIND_FD_COUNT);     /* GPU_SET_SOCKET with 2 */
	check_fds(37, 0, 40, 0, VU_FIND_FD_COUNT);    /* ADD_MEM_REG without */
	check_fds(32, 0, 24, 0, VU_FIND_FD_COUNT);    /* SET_INFLIGHT_FD without */
	check_fds(42, 0, 8, 0, VU_FIND_FD_COUNT);     /* SET_DEVICE_STATE_FD without */
	check_fds(2, 0, 8, 9, VU_FIND_FD_TOO_MANY);   /* 9 fds on anything */
	check_fds(2, 0, 8, 9, VU_FIND_FD_COUNT);
	check_fds(3, 0, 0, 16, VU_FIND_FD_TOO_MANY);

	/* SET_MEM_TABLE: 2 regions but 1 fd; 1 region but 2 fds; 8 regions and 9 fds. */
	struct test_msg m;
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 2);
	test_put_u64(&m, 64, 0);
	finish(&m);
	g_autofree struct vu_decoded *a = dec_main(&m, 1);
	g_assert_true(test_has_finding(a, VU_FIND_FD_COUNT));
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 1);
	test_put_u64(&m, 32, 0);
	finish(&m);
	g_autofree struct vu_decoded *b = dec_main(&m, 2);
	g_assert_true(test_has_finding(b, VU_FIND_FD_COUNT));
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 8);
	test_put_u64(&m, 256, 0);
	finish(&m);
	g_autofree struct vu_decoded *c = dec_main(&m, 9);
	g_assert_true(test_has_finding(c, VU_FIND_FD_TOO_MANY));
	g_assert_true(test_has_finding(c, VU_FIND_FD_COUNT));
	test_msg_init(&m, 5, 0x1, 0);
	test_put_u32(&m, 0, 8);
	test_put_u64(&m, 256, 0);
	finish(&m);
	g_autofree struct vu_decoded *ok = dec_main(&m, 8);
	test_check_clean(ok);
	g_assert_cmpuint(ok->nfindings, ==, 0);

	/* Back-end channel: HOST_NOTIFIER without NOFD needs its fd (§3, §4.9). */
	test_msg_init(&m, 3, 0x1, 0);
	test_put_u64(&m, 0, 1);
	test_put_u64(&m, 16, 0);
	finish(&m);
	g_autofree struct vu_decoded *h =
	    test_decode(VU_CHANNEL_BACKEND, VU_FROM_BACK, &m, 0, NULL);
	g_assert_true(test_has_finding(h, VU_FIND_FD_COUNT));
	/* NOFD with an fd. */
	test_put_u64(&m, 0, 0x101);
	g_autofree struct vu_decoded *i =
	    test_decode(VU_CHANNEL_BACKEND, VU_FROM_BACK, &m, 1, NULL);
	g_assert_true(test_has_finding(i, VU_FIND_FD_COUNT));
	/* SHMEM_MAP without the memory to map. */
	test_msg_init(&m, 9, 0x1, 0);
	test_put_u64(&m, 32, 0);
	finish(&m);
	g_autofree struct vu_decoded *s =
	    test_decode(VU_CHANNEL_BACKEND, VU_FROM_BACK, &m, 0, NULL);
	g_assert_true(test_has_finding(s, VU_FIND_FD_COUNT));
	/* A reply with an fd it cannot carry. */
	test_msg_init(&m, 1, 0x5, 0);
	test_put_u64(&m, 0, 0);
	finish(&m);
	g_autofree struct vu_decoded *r = dec_main(&m, 1);
	g_assert_true(test_has_finding(r, VU_FIND_FD_COUNT));
}

static void test_wrong_direction(void)
{
	struct test_msg m;

	/* A main-channel request from the back-end, a reply from the front-end. */
	test_msg_init(&m, 3, 0x1, 0);
	g_autofree struct vu_decoded *d = test_decode(VU_CHANNEL_MAIN, VU_FROM_BACK, &m, 0, NULL);
	g_assert_true(test_has_finding(d, VU_FIND_WRONG_DIRECTION));
	test_msg_init(&m, 1, 0x5, 0);
	test_put_u64(&m, 0, 0);
	finish(&m);
	g_autofree struct vu_decoded *r = test_decode(VU_CHANNEL_MAIN, VU_FROM_FRONT, &m, 0, NULL);
	g_assert_true(test_has_finding(r, VU_FIND_WRONG_DIRECTION));
	/* The back-end channel runs the other way. */
	test_msg_init(&m, 2, 0x1, 0);
	g_autofree struct vu_decoded *b =
	    test_decode(VU_CHANNEL_BACKEND, VU_FROM_FRONT, &m, 0, NULL);
	g_assert_true(test_has_finding(b, VU_FIND_WRONG_DIRECTION));
	g_autofree struct vu_decoded *ok =
	    test_decode(VU_CHANNEL_BACKEND, VU_FROM_BACK, &m, 0, NULL);
	g_assert_cmpuint(ok->nfindings, ==, 0);
}

static void test_findings_capped(void)
{
	struct test_msg m;

	/* Many problems at once: bad version, reserved flags, wrong side, size, fds. */
	test_msg_init(&m, 13, 0xf0, 0);
	test_put_u32(&m, 0, 0);
	finish(&m);
	g_autofree struct vu_decoded *d = test_decode(VU_CHANNEL_MAIN, VU_FROM_BACK, &m, 12, NULL);
	g_assert_true(d->malformed);
	g_assert_cmpuint(d->nfindings, <=, VU_MAX_FINDINGS);
	g_assert_cmpuint(d->nfindings, >=, 3);
}

void test_malformed_register(void)
{
	test_add("/dissector/malformed/short-header", test_short_header);
	test_add("/dissector/malformed/truncated/every-request", test_truncated_everywhere);
	test_add("/dissector/malformed/truncated/partial-fields", test_size_beyond_bytes);
	test_add("/dissector/malformed/bytes-beyond-size", test_bytes_beyond_size);
	test_add("/dissector/malformed/oversize", test_oversize);
	test_add("/dissector/malformed/unknown-request", test_unknown);
	test_add("/dissector/malformed/bad-version", test_bad_version);
	test_add("/dissector/malformed/reserved-flags", test_reserved_flags);
	test_add("/dissector/malformed/payload-size", test_payload_size);
	test_add("/dissector/malformed/values", test_values);
	test_add("/dissector/malformed/fd-counts", test_fd_counts);
	test_add("/dissector/malformed/wrong-direction", test_wrong_direction);
	test_add("/dissector/malformed/findings-capped", test_findings_capped);
}
