/*
 * Data-plane entries (kind 8, dissector/vu-payload.h): bodies built here
 * byte by byte from the layout in doc/capture-format.md are parsed, parsed
 * ones serialize back to the same bytes, every cut and every bad value is
 * refused, and the session matches a completion to its request.
 */
#include <string.h>

#include "dissector/vu-payload-int.h"
#include "tests/test-dissector-util.h"

static void put_le(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A used entry of vring 3, head 0x0102, with 5 out and 2 in bytes kept. */
static size_t build(uint8_t *b)
{
	memset(b, 0, VU_PAYLOAD_FIXED);
	b[0] = 1;                              /* version */
	b[1] = 2;                              /* phase: used */
	b[2] = 26;                             /* device: fs */
	b[3] = 0x1 | 0x2;                      /* packed, out cut */
	put_le(b + 4, 3, 2);                   /* vring */
	put_le(b + 6, 0x0102, 2);              /* head */
	put_le(b + 8, 4096, 4);                /* out_total */
	put_le(b + 12, 2, 4);                  /* in_total */
	put_le(b + 16, 2, 4);                  /* used_len */
	put_le(b + 20, 5, 4);                  /* out_kept */
	put_le(b + 24, 2, 4);                  /* in_kept */
	put_le(b + 28, 7, 4);                  /* missed */
	put_le(b + 32, 0x1122334455667788, 8); /* latency_ns */
	memcpy(b + 40, "hello", 5);
	memcpy(b + 45, "ok", 2);
	return 47;
}

static void test_body_parsed(void)
{
	uint8_t b[64];
	size_t n = build(b);
	g_autofree uint8_t *copy = test_exact_copy(b, n);
	struct vu_payload p;

	g_assert_cmpuint(VU_PAYLOAD_FIXED, ==, 40);
	g_assert_true(vu_payload_parse(copy, n, &p));
	g_assert_cmpuint(p.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(p.device, ==, VU_DEVICE_FS);
	g_assert_cmpuint(p.flags, ==, VU_PAYLOAD_F_PACKED | VU_PAYLOAD_F_OUT_CUT);
	g_assert_cmpuint(p.vring, ==, 3);
	g_assert_cmpuint(p.head, ==, 0x0102);
	g_assert_cmpuint(p.out_total, ==, 4096);
	g_assert_cmpuint(p.in_total, ==, 2);
	g_assert_cmpuint(p.used_len, ==, 2);
	g_assert_cmpuint(p.out_kept, ==, 5);
	g_assert_cmpuint(p.in_kept, ==, 2);
	g_assert_cmpuint(p.missed, ==, 7);
	g_assert_cmpuint(p.latency_ns, ==, 0x1122334455667788);
	g_assert_true(p.out == copy + 40);
	g_assert_true(p.in == copy + 45);
	g_assert_cmpstr(vu_payload_phase_name(p.phase), ==, "used");
}

static void test_body_serialized(void)
{
	uint8_t b[64], again[64];
	size_t n = build(b);
	struct vu_payload p;

	g_assert_true(vu_payload_parse(b, n, &p));
	/* Too small: nothing written, the size needed said. */
	memset(again, 0xee, sizeof(again));
	g_assert_cmpuint(vu_payload_serialize(&p, again, n - 1), ==, n);
	g_assert_cmpuint(again[0], ==, 0xee);
	g_assert_cmpuint(vu_payload_serialize(&p, NULL, 0), ==, n);
	g_assert_cmpuint(vu_payload_serialize(&p, again, sizeof(again)), ==, n);
	g_assert_cmpmem(again, n, b, n);
}

static void test_body_avail_without_bytes(void)
{
	struct vu_payload p = {.phase = VU_PAYLOAD_AVAIL, .device = VU_DEVICE_BLK, .vring = 0}, q;
	uint8_t b[VU_PAYLOAD_FIXED];

	g_assert_cmpuint(vu_payload_serialize(&p, b, sizeof(b)), ==, VU_PAYLOAD_FIXED);
	g_assert_true(vu_payload_parse(b, sizeof(b), &q));
	g_assert_cmpuint(q.phase, ==, VU_PAYLOAD_AVAIL);
	g_assert_cmpuint(q.out_kept + q.in_kept, ==, 0);
}

/* Every cut of a good body, and one byte too many, is refused, never read past. */
static void test_body_cut(void)
{
	uint8_t b[64];
	size_t n = build(b);
	struct vu_payload p;

	for (size_t len = 0; len < n; len++) {
		g_autofree uint8_t *copy = test_exact_copy(b, len);

		g_assert_false(vu_payload_parse(copy, len, &p));
	}
	g_assert_false(vu_payload_parse(NULL, 0, &p));
	b[n] = 0;
	g_assert_false(vu_payload_parse(b, n + 1, &p));
}

static void test_body_refused(void)
{
	static const struct {
		size_t offset, width;
		uint64_t value;
	} bad[] = {
	    {0, 1, 0},          /* version 0 */
	    {0, 1, 2},          /* version 2 */
	    {1, 1, 0},          /* phase 0 */
	    {1, 1, 3},          /* phase 3 */
	    {3, 1, 0x10},       /* an unknown flag */
	    {20, 4, 4097},      /* out_kept > out_total */
	    {24, 4, 3},         /* in_kept > in_total */
	    {16, 4, 1},         /* in_kept > used_len */
	    {20, 4, 0xffffffff} /* a count running past the body */
	};
	uint8_t b[64];
	size_t n = build(b);
	struct vu_payload p;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		build(b);
		put_le(b + bad[i].offset, bad[i].value, bad[i].width);
		g_assert_false(vu_payload_parse(b, n, &p));
	}
	/* In bytes in the avail phase: the device wrote nothing yet. */
	build(b);
	b[1] = VU_PAYLOAD_AVAIL;
	put_le(b + 16, 0, 4);
	g_assert_false(vu_payload_parse(b, n, &p));
}

static struct vu_payload entry(uint8_t phase, uint16_t vring, uint16_t head)
{
	return (struct vu_payload){
	    .phase = phase, .device = VU_DEVICE_UNKNOWN, .vring = vring, .head = head};
}

/* A completion takes its request (same vring and head) out of the table. */
static void test_track_matched(void)
{
	struct vu_session *s = g_new0(struct vu_session, 1);
	struct vu_payload_context ctx;
	struct vu_payload e;

	vu_session_init(s, VU_DEVICE_UNKNOWN);
	s->features_acked = VU_BIT(VU_F_VERSION_1);
	s->vrings[2].seen = true;
	s->vrings_seen = 3;
	e = entry(VU_PAYLOAD_AVAIL, 1, 5);
	vu_session_payload(s, &e, 1000, 10, &ctx);
	g_assert_false(ctx.has_request);
	g_assert_cmpuint(ctx.acked_features, ==, VU_BIT(VU_F_VERSION_1));
	g_assert_cmpuint(ctx.nvrings, ==, 3);
	e = entry(VU_PAYLOAD_AVAIL, 2, 5); /* another ring, the same head */
	vu_session_payload(s, &e, 1100, 11, &ctx);
	e = entry(VU_PAYLOAD_USED, 1, 5);
	vu_session_payload(s, &e, 2000, 12, &ctx);
	g_assert_true(ctx.has_request);
	g_assert_cmpuint(ctx.request.frame, ==, 10);
	g_assert_cmpuint(ctx.request.ts_ns, ==, 1000);
	/* Taken out: a second completion of it names nothing. */
	vu_session_payload(s, &e, 2100, 13, &ctx);
	g_assert_false(ctx.has_request);
	e = entry(VU_PAYLOAD_USED, 2, 5);
	vu_session_payload(s, &e, 2200, 14, &ctx);
	g_assert_true(ctx.has_request);
	g_assert_cmpuint(ctx.request.frame, ==, 11);
	g_assert_cmpuint(s->data_evicted, ==, 0);
	g_free(s);
}

/* More requests in flight than the table holds: the oldest go, counted. */
static void test_track_full(void)
{
	struct vu_session *s = g_new0(struct vu_session, 1);
	struct vu_payload_context ctx;
	struct vu_payload e;
	unsigned named = 0;
	const unsigned n = 2 * VU_MAX_DATA_PENDING;

	vu_session_init(s, VU_DEVICE_UNKNOWN);
	for (unsigned i = 0; i < n; i++) {
		e = entry(VU_PAYLOAD_AVAIL, (uint16_t)(i % 4), (uint16_t)(i / 4));
		vu_session_payload(s, &e, 100 + i, 1 + i, &ctx);
	}
	g_assert_cmpuint(s->data_evicted, >=, n - VU_MAX_DATA_PENDING);
	for (unsigned i = 0; i < n; i++) {
		e = entry(VU_PAYLOAD_USED, (uint16_t)(i % 4), (uint16_t)(i / 4));
		vu_session_payload(s, &e, 10000 + i, n + 1 + i, &ctx);
		if (ctx.has_request) {
			g_assert_cmpuint(ctx.request.frame, ==, 1 + i);
			named++;
		}
	}
	g_assert_cmpuint(named, ==, n - s->data_evicted);
	g_assert_cmpuint(named, >, 0);
	g_free(s);
}

/* ---- the names against the Linux uapi headers ---------------------------------- */

static const char *uapi_dir(void)
{
	const char *dir = g_getenv("VU_UAPI_DIR");
	return dir && *dir ? dir : "/usr/include/linux";
}

/* name -> value of every match of pattern (groups: name, number) in file
 * (under the uapi directory, or absolute); only in the block that starts
 * with block and ends with "};" when block is not NULL. */
static GHashTable *uapi_values(const char *file, const char *block, const char *pattern)
{
	g_autofree char *path =
	    g_path_is_absolute(file) ? g_strdup(file) : g_build_filename(uapi_dir(), file, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, &error);
	g_autoptr(GMatchInfo) m = NULL;
	GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	g_assert_no_error(error);
	if (!g_file_get_contents(path, &text, NULL, &error))
		g_error("%s: %s (install linux-libc-dev or set VU_UAPI_DIR)", path, error->message);
	if (block != NULL) {
		char *start = strstr(text, block);
		char *end = start != NULL ? strstr(start, "};") : NULL;

		if (end == NULL)
			g_error("%s: no \"%s\" ... \"};\"", path, block);
		*end = '\0';
		memmove(text, start, (size_t)(end - start) + 1);
	}
	g_regex_match(re, text, 0, &m);
	for (; g_match_info_matches(m); g_match_info_next(m, NULL)) {
		g_autofree char *num = g_match_info_fetch(m, 2);

		/* base 0: 0x80000000 as well as 26 */
		g_hash_table_insert(values, g_match_info_fetch(m, 1),
		                    GUINT_TO_POINTER((unsigned)g_ascii_strtoull(num, NULL, 0)));
	}
	/* The parser must find something, or the comparisons prove nothing. */
	g_assert_cmpuint(g_hash_table_size(values), >, 1);
	return values;
}

/* Every name of the header has our name at its number; returns the count. */
static unsigned check_header_names(GHashTable *values, const char *(*ours)(uint32_t),
                                   const char *skip)
{
	GHashTableIter it;
	gpointer key, value;
	unsigned n = 0;

	g_hash_table_iter_init(&it, values);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		uint32_t v = GPOINTER_TO_UINT(value);

		if (skip != NULL && g_str_equal(key, skip))
			continue;
		if (g_strcmp0(ours(v), key) != 0)
			g_error("%s = %u: ours says %s", (const char *)key, v,
			        ours(v) ? ours(v) : "(no name)");
		n++;
	}
	return n;
}

static const char *fuse_name(uint32_t v)
{
	return vu_fuse_opcode_name(v);
}

/* FUSE opcodes: each of enum fuse_opcode is a row of vu-fuse.def with the
 * same number, and each row the header lacks is marked .newer. */
static void test_uapi_fuse(void)
{
	g_autoptr(GHashTable) values =
	    uapi_values("fuse.h", "enum fuse_opcode {",
	                "^[ \\t]*(?:FUSE_)?((?:CUSE_)?[A-Z0-9_]+)[ \\t]*=[ \\t]*([0-9]+),");
	size_t n;
	const struct vu_fuse_op *ops = vu_fuse_ops(&n);
	g_assert_cmpuint(check_header_names(values, fuse_name, NULL), >=, 50);
	for (size_t i = 0; i < n; i++) {
		bool in_header = g_hash_table_contains(values, ops[i].name);

		if (in_header == ops[i].newer)
			g_error("%s: marked newer %d, in the header %d", ops[i].name, ops[i].newer,
			        in_header);
	}
}

static const char *blk_type_name(uint32_t v)
{
	return vu_blk_type_name(v);
}

static const char *blk_status_name(uint32_t v)
{
	return v <= UINT8_MAX ? vu_blk_status_name((uint8_t)v) : NULL;
}

static void test_uapi_blk(void)
{
	g_autoptr(GHashTable) types =
	    uapi_values("virtio_blk.h", NULL,
	                "^#define[ \\t]+VIRTIO_BLK_T_([A-Z0-9_]+)[ \\t]+(0x[0-9a-f]+|[0-9]+)");
	g_autoptr(GHashTable) statuses = uapi_values(
	    "virtio_blk.h", NULL, "^#define[ \\t]+VIRTIO_BLK_S_([A-Z0-9_]+)[ \\t]+([0-9]+)");

	/* BARRIER is a flag on a type (0x80000000), not a type. */
	g_assert_cmpuint(check_header_names(types, blk_type_name, "BARRIER"), >=, 7);
	g_assert_cmpuint(check_header_names(statuses, blk_status_name, NULL), >=, 3);
}

static const char *vsock_op_name(uint32_t v)
{
	return v <= UINT16_MAX ? vu_vsock_op_name((uint16_t)v) : NULL;
}

static const char *vsock_type_name(uint32_t v)
{
	return v <= UINT16_MAX ? vu_vsock_type_name((uint16_t)v) : NULL;
}

static void test_uapi_vsock(void)
{
	g_autoptr(GHashTable) ops = uapi_values(
	    "virtio_vsock.h", NULL, "^[ \\t]*VIRTIO_VSOCK_OP_([A-Z0-9_]+)[ \\t]*=[ \\t]*([0-9]+)");
	g_autoptr(GHashTable) types =
	    uapi_values("virtio_vsock.h", NULL,
	                "^[ \\t]*VIRTIO_VSOCK_TYPE_([A-Z0-9_]+)[ \\t]*=[ \\t]*([0-9]+)");

	g_assert_cmpuint(check_header_names(ops, vsock_op_name, NULL), ==, 8);
	g_assert_cmpuint(check_header_names(types, vsock_type_name, NULL), >=, 2);
}

static const char *gso_name(uint32_t v)
{
	return v <= UINT8_MAX ? vu_net_gso_name((uint8_t)v) : NULL;
}

static void test_uapi_net(void)
{
	g_autoptr(GHashTable) gso = uapi_values(
	    "virtio_net.h", NULL,
	    "^#define[ \\t]+VIRTIO_NET_HDR_GSO_([A-Z0-9_]+)[ \\t]+(0x[0-9a-f]+|[0-9]+)");

	/* ECN is a flag on the type (0x80); the UDP tunnel bits of newer headers too. */
	g_hash_table_remove(gso, "UDP_TUNNEL_IPV4");
	g_hash_table_remove(gso, "UDP_TUNNEL_IPV6");
	g_assert_cmpuint(check_header_names(gso, gso_name, "ECN"), >=, 4);
}

static const char *errno_name(uint32_t v)
{
	return v < 4096 ? vu_errno_name(-(int32_t)v) : NULL;
}

static void test_uapi_errno(void)
{
	g_autofree char *base =
	    g_build_filename(uapi_dir(), "..", "asm-generic", "errno-base.h", NULL);
	g_autofree char *more = g_build_filename(uapi_dir(), "..", "asm-generic", "errno.h", NULL);
	g_autoptr(GHashTable) a =
	    uapi_values(base, NULL, "^#define[ \\t]+(E[A-Z0-9]+)[ \\t]+([0-9]+)");
	g_autoptr(GHashTable) b =
	    uapi_values(more, NULL, "^#define[ \\t]+(E[A-Z0-9]+)[ \\t]+([0-9]+)");

	g_assert_cmpuint(check_header_names(a, errno_name, NULL), ==, 34);
	g_assert_cmpuint(check_header_names(b, errno_name, NULL), >=, 90);
}

void test_payload_register(void)
{
	test_add("/dissector/payload/body/parsed", test_body_parsed);
	test_add("/dissector/payload/body/serialized", test_body_serialized);
	test_add("/dissector/payload/body/avail-without-bytes", test_body_avail_without_bytes);
	test_add("/dissector/payload/body/cut", test_body_cut);
	test_add("/dissector/payload/body/refused", test_body_refused);
	test_add("/dissector/payload/track/matched", test_track_matched);
	test_add("/dissector/payload/track/full", test_track_full);
	test_add("/dissector/payload/uapi/fuse", test_uapi_fuse);
	test_add("/dissector/payload/uapi/blk", test_uapi_blk);
	test_add("/dissector/payload/uapi/vsock", test_uapi_vsock);
	test_add("/dissector/payload/uapi/net", test_uapi_net);
	test_add("/dissector/payload/uapi/errno", test_uapi_errno);
}
