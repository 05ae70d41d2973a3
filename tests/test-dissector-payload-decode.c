/*
 * The decoders of data-plane entries (dissector/vu-payload-*.c), over bytes
 * built here field by field from the virtio spec and Linux uapi layouts:
 * virtio-blk requests, FUSE requests and replies, virtio-net buffers and the
 * control queue, virtio-vsock packets. Each is rendered as text and JSON,
 * and every cut of each one renders with a "short" mark (never a read past
 * the bytes: every buffer is an exact-size copy, so ASan sees an overrun).
 */
#include <string.h>

#include "dissector/vu-payload.h"
#include "tests/test-dissector-util.h"

/* ---- building entries --------------------------------------------------------- */

struct bytes {
	uint8_t b[8192];
	size_t n;
};

static void put(struct bytes *s, uint64_t v, size_t width)
{
	g_assert_cmpuint(s->n + width, <=, sizeof(s->b));
	for (size_t i = 0; i < width; i++)
		s->b[s->n++] = (uint8_t)(v >> (8 * i));
}

static void put_be(struct bytes *s, uint64_t v, size_t width)
{
	for (size_t i = width; i > 0; i--)
		put(s, (v >> (8 * (i - 1))) & 0xff, 1);
}

static void put_raw(struct bytes *s, const void *p, size_t n)
{
	g_assert_cmpuint(s->n + n, <=, sizeof(s->b));
	memcpy(s->b + s->n, p, n);
	s->n += n;
}

static void put_zeros(struct bytes *s, size_t n)
{
	g_assert_cmpuint(s->n + n, <=, sizeof(s->b));
	memset(s->b + s->n, 0, n);
	s->n += n;
}

/* An entry whose kept bytes are exact-size copies (freed by entry_free). */
static struct vu_payload entry(uint8_t device, uint8_t phase, uint16_t vring,
                               const struct bytes *out, uint32_t out_total, const struct bytes *in,
                               uint32_t in_total, uint32_t used_len)
{
	struct vu_payload p = {
	    .phase = phase,
	    .device = device,
	    .vring = vring,
	    .head = 3,
	    .out_total = out_total,
	    .in_total = in_total,
	    .used_len = used_len,
	};

	if (out != NULL) {
		p.out_kept = (uint32_t)out->n;
		p.out = test_exact_copy(out->b, out->n);
	}
	if (in != NULL) {
		p.in_kept = (uint32_t)in->n;
		p.in = test_exact_copy(in->b, in->n);
	}
	return p;
}

static void entry_free(struct vu_payload *p)
{
	g_free((void *)p->out);
	g_free((void *)p->in);
}

/* The renderers decode the entry themselves, or take it decoded (as the
 * pipeline hands it to the sinks): both must give the same. */
static char *text(const struct vu_payload *p, const struct vu_payload_context *ctx, int verbose)
{
	struct vu_payload_info info;
	struct vu_str s, given;
	char *r;

	vu_str_init(&s);
	vu_str_init(&given);
	vu_payload_render_text(p, ctx, NULL, verbose, "  ", &s);
	vu_payload_decode(p, ctx, &info);
	vu_payload_render_text(p, ctx, &info, verbose, "  ", &given);
	r = g_strdup(s.data != NULL ? s.data : "");
	g_assert_cmpstr(r, ==, given.data != NULL ? given.data : "");
	vu_str_free(&s);
	vu_str_free(&given);
	return r;
}

static char *json(const struct vu_payload *p, const struct vu_payload_context *ctx)
{
	struct vu_payload_info info;
	struct vu_str s, given;
	char *r;

	vu_str_init(&s);
	vu_str_init(&given);
	vu_payload_render_json(p, ctx, NULL, &s);
	vu_payload_decode(p, ctx, &info);
	vu_payload_render_json(p, ctx, &info, &given);
	r = g_strdup(s.data != NULL ? s.data : "");
	g_assert_cmpstr(r, ==, given.data != NULL ? given.data : "");
	vu_str_free(&s);
	vu_str_free(&given);
	return r;
}

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (strstr((hay), (needle)) == NULL)                                               \
			g_error("\"%s\" not in \"%s\"", (needle), (hay));                          \
	} while (0)
#define assert_lacks(hay, needle)                                                                  \
	do {                                                                                       \
		if (strstr((hay), (needle)) != NULL)                                               \
			g_error("\"%s\" in \"%s\"", (needle), (hay));                              \
	} while (0)

/* The JSON members rendered parse as an object (json-mini is not linked
 * here: a bracket count and no raw control characters). */
static void assert_json_shape(const char *j)
{
	int depth = 0;
	bool in_string = false;

	g_assert_true(j[0] == ',');
	for (const char *c = j; *c != '\0'; c++) {
		g_assert_cmpint((unsigned char)*c, >=, 0x20);
		if (in_string) {
			if (*c == '\\')
				c++;
			else if (*c == '"')
				in_string = false;
		} else if (*c == '"') {
			in_string = true;
		} else if (*c == '{') {
			depth++;
		} else if (*c == '}') {
			g_assert_cmpint(--depth, >=, 0);
		}
	}
	g_assert_false(in_string);
	g_assert_cmpint(depth, ==, 0);
}

/*
 * Every cut of the out (or in) bytes of p: text and JSON render, the JSON
 * keeps its shape, and a cut inside the header gives the short mark.
 */
static void check_cuts(const struct vu_payload *p, const struct vu_payload_context *ctx,
                       bool in_part, size_t header, const char *mark)
{
	size_t full = in_part ? p->in_kept : p->out_kept;
	const uint8_t *bytes = in_part ? p->in : p->out;

	for (size_t k = 0; k <= full; k++) {
		struct vu_payload c = *p;
		g_autofree uint8_t *copy = test_exact_copy(bytes, k);
		g_autofree char *t = NULL, *j = NULL, *tv = NULL;
		struct vu_payload_info info;

		if (in_part) {
			c.in = copy;
			c.in_kept = (uint32_t)k;
			c.flags |= k < full ? VU_PAYLOAD_F_IN_CUT : 0;
		} else {
			c.out = copy;
			c.out_kept = (uint32_t)k;
			c.flags |= k < full ? VU_PAYLOAD_F_OUT_CUT : 0;
		}
		vu_payload_decode(&c, ctx, &info);
		t = text(&c, ctx, 0);
		tv = text(&c, ctx, 2);
		j = json(&c, ctx);
		assert_json_shape(j);
		if (k < header) {
			assert_contains(t, mark);
			assert_contains(j, "\"short\":true");
		} else {
			assert_lacks(t, mark);
		}
	}
}

/* ---- blk ------------------------------------------------------------------------ */

static struct bytes blk_outhdr(uint32_t type, uint64_t sector)
{
	struct bytes b = {.n = 0};

	put(&b, type, 4);
	put(&b, 0, 4); /* ioprio */
	put(&b, sector, 8);
	return b;
}

static void test_blk_in(void)
{
	struct bytes out = blk_outhdr(0 /* IN */, 2048), in = {.n = 0};
	struct vu_payload p = entry(VU_DEVICE_BLK, VU_PAYLOAD_AVAIL, 0, &out, 16, NULL, 4097, 0);
	g_autofree char *t = text(&p, NULL, 0), *j = json(&p, NULL);
	struct vu_payload_info info;

	vu_payload_decode(&p, NULL, &info);
	g_assert_cmpuint(info.blk.read, ==, VU_PAYLOAD_READ_OK);
	g_assert_cmpuint(info.blk.type, ==, 0);
	g_assert_cmpuint(info.blk.sector, ==, 2048);
	g_assert_cmpuint(info.blk.data_len, ==, 4096);
	g_assert_false(info.blk.has_status);
	g_assert_cmpstr(t, ==, "vring 0 avail head 3: blk IN sector 2048 len 4096");
	assert_contains(j,
	                ",\"blk\":{\"short\":false,\"type\":\"IN\",\"sector\":2048,\"len\":4096");
	assert_lacks(j, "status");
	assert_json_shape(j);
	check_cuts(&p, NULL, false, 16, "[|blk]");
	entry_free(&p);

	/* The completion: 4096 bytes read and the status OK, named by its request. */
	put_zeros(&in, 4096);
	put(&in, 0, 1);
	p = entry(VU_DEVICE_BLK, VU_PAYLOAD_USED, 0, NULL, 16, &in, 4097, 4097);
	p.latency_ns = 12345;
	struct vu_payload_context ctx = {
	    .has_request = true,
	    .request = {.frame = 17, .device = VU_DEVICE_BLK, .known = true, .kind = 0, .a = 2048}};
	g_autofree char *t2 = text(&p, &ctx, 0), *j2 = json(&p, &ctx);

	g_assert_cmpstr(t2, ==,
	                "vring 0 used head 3: blk IN sector 2048 len 4096 status OK, 12.3us "
	                "(request frame 17)");
	assert_contains(j2, "\"type\":\"IN\",\"sector\":2048,\"len\":4096");
	assert_contains(j2, "\"status\":0,\"status_name\":\"OK\"");
	assert_contains(j2, "\"request_frame\":17");
	assert_contains(j2, "\"latency_ns\":12345");
	assert_json_shape(j2);
	entry_free(&p);
}

static void test_blk_out_status(void)
{
	struct bytes out = blk_outhdr(1 /* OUT */, 8), in = {.n = 0};
	struct vu_payload p;
	struct vu_payload_info info;

	put_raw(&out, "TOKEN-1234", 10);
	put_zeros(&out, 512 - 10);
	p = entry(VU_DEVICE_BLK, VU_PAYLOAD_AVAIL, 0, &out, 16 + 512, NULL, 1, 0);
	g_autofree char *t = text(&p, NULL, 2);
	/* -vv shows the data kept, 16 bytes to a line: "TOKEN-1234" begins at byte 16. */
	assert_contains(t, "blk OUT sector 8 len 512");
	assert_contains(t, "  out 0x0010: 544f 4b45 4e2d 3132 3334 0000");
	assert_contains(t, "type OUT (1), ioprio 0, sector 8 (byte 0x1000), data 512 bytes");
	entry_free(&p);

	/* Its completion with IOERR; the readable part kept again names it without a request. */
	put(&in, 1, 1);
	p = entry(VU_DEVICE_BLK, VU_PAYLOAD_USED, 0, &out, 16 + 512, &in, 1, 1);
	vu_payload_decode(&p, NULL, &info);
	g_assert_true(info.blk.has_status);
	g_assert_cmpuint(info.blk.status, ==, 1);
	g_autofree char *t2 = text(&p, NULL, 0), *j2 = json(&p, NULL);
	assert_contains(t2, "blk OUT sector 8 len 512 status IOERR");
	assert_contains(j2, "\"status\":1,\"status_name\":\"IOERR\"");
	entry_free(&p);
}

static void test_blk_status_not_kept(void)
{
	struct bytes in = {.n = 0};
	struct vu_payload p;
	struct vu_payload_info info;

	/* A read cut by the snap length: the status byte, last, was not kept. */
	put_zeros(&in, 64);
	p = entry(VU_DEVICE_BLK, VU_PAYLOAD_USED, 0, NULL, 16, &in, 4097, 4097);
	p.flags = VU_PAYLOAD_F_IN_CUT;
	vu_payload_decode(&p, NULL, &info);
	g_assert_false(info.blk.has_status);
	g_assert_cmpuint(info.blk.read, ==, VU_PAYLOAD_READ_NONE);
	g_autofree char *t = text(&p, NULL, 0), *j = json(&p, NULL);
	g_assert_cmpstr(t, ==, "vring 0 used head 3: blk (request unknown) status not kept");
	assert_lacks(j, "\"status\"");
	assert_json_shape(j);
	entry_free(&p);
}

/* A read cut by the snap length with its last byte kept apart (VU_PAYLOAD_F_IN_TAIL):
 * the status is known. */
static void test_blk_status_tail(void)
{
	struct bytes in = {.n = 0};
	struct vu_payload p;
	struct vu_payload_info info;
	struct vu_payload_context ctx = {
	    .has_request = true,
	    .request = {.device = VU_DEVICE_BLK, .known = true, .kind = 0, .a = 64, .b = 4096}};

	put_zeros(&in, 63);
	put(&in, 1, 1); /* the status, IOERR */
	p = entry(VU_DEVICE_BLK, VU_PAYLOAD_USED, 0, NULL, 16, &in, 4097, 4097);
	p.flags = VU_PAYLOAD_F_IN_CUT | VU_PAYLOAD_F_IN_TAIL;
	vu_payload_decode(&p, &ctx, &info);
	g_assert_true(info.has_in_tail);
	g_assert_true(info.blk.has_status);
	g_assert_cmpuint(info.blk.status, ==, 1);
	g_autofree char *t = text(&p, &ctx, 1), *j = json(&p, &ctx);
	assert_contains(t, "blk IN sector 64 len 4096 status IOERR");
	assert_contains(t, "in 64 of 4097 kept (snap length) (its first bytes and its last)");
	assert_contains(j, "\"in_tail\":true");
	assert_contains(j, "\"status\":1");
	entry_free(&p);
	/* A tail flag with no bytes is refused by the parser. */
	uint8_t body[VU_PAYLOAD_FIXED];
	struct vu_payload q = {.phase = VU_PAYLOAD_USED,
	                       .device = VU_DEVICE_BLK,
	                       .in_total = 1,
	                       .used_len = 1,
	                       .flags = VU_PAYLOAD_F_IN_TAIL};
	g_assert_cmpuint(vu_payload_serialize(&q, body, sizeof(body)), ==, sizeof(body));
	g_assert_false(vu_payload_parse(body, sizeof(body), &q));
}

/* The control queue's ack kept apart too. */
static void test_net_ctrl_tail(void)
{
	struct bytes out = {.n = 0}, in = {.n = 0};
	struct vu_payload_context ctx = {
	    .acked_features = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_NET_F_CTRL_VQ), .nvrings = 3};
	struct vu_payload p;

	put(&out, 0, 1); /* RX */
	put(&out, 0, 1); /* PROMISC */
	put(&out, 1, 1);
	put(&in, 1, 1); /* ERR */
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_USED, 2, &out, 3, &in, 1, 1);
	p.flags = VU_PAYLOAD_F_IN_TAIL;
	g_autofree char *t = text(&p, &ctx, 0);
	g_assert_cmpstr(t, ==, "vring 2 used head 3: net ctrl RX PROMISC ack ERR");
	entry_free(&p);
}

static void test_blk_types(void)
{
	static const struct {
		uint32_t type;
		const char *text;
	} cases[] = {
	    {4, "blk FLUSH len 0"},
	    {8, "blk GET_ID len 20"},
	    {10, "blk GET_LIFETIME len 20"},
	    {11, "blk DISCARD len 16"},
	    {13, "blk WRITE_ZEROES len 16"},
	    {14, "blk SECURE_ERASE len 16"},
	    {15, "blk ZONE_APPEND sector 7 len 16"},
	    {16, "blk ZONE_REPORT sector 7 len 20"},
	    {18, "blk ZONE_OPEN sector 7 len 16"},
	    {20, "blk ZONE_CLOSE sector 7 len 16"},
	    {22, "blk ZONE_FINISH sector 7 len 16"},
	    {24, "blk ZONE_RESET sector 7 len 16"},
	    {26, "blk ZONE_RESET_ALL len 16"},
	    {99, "blk unknown (99) sector 7 len 16"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct bytes out = blk_outhdr(cases[i].type, 7);
		struct vu_payload p;

		/* FLUSH carries nothing; the others 16 readable or 20 writable bytes. */
		p = entry(VU_DEVICE_BLK, VU_PAYLOAD_AVAIL, 0, &out, cases[i].type == 4 ? 16 : 32,
		          NULL, 21, 0);
		g_autofree char *t = text(&p, NULL, 0);
		assert_contains(t, cases[i].text);
		entry_free(&p);
	}
	g_assert_cmpstr(vu_blk_status_name(2), ==, "UNSUPP");
	g_assert_null(vu_blk_status_name(7));
}

/* ---- FUSE ----------------------------------------------------------------------- */

static struct bytes fuse_in_header(uint32_t len, uint32_t opcode, uint64_t unique, uint64_t nodeid)
{
	struct bytes b = {.n = 0};

	put(&b, len, 4);
	put(&b, opcode, 4);
	put(&b, unique, 8);
	put(&b, nodeid, 8);
	put(&b, 1000, 4); /* uid */
	put(&b, 1001, 4); /* gid */
	put(&b, 4242, 4); /* pid */
	put(&b, 0, 2);    /* total_extlen */
	put(&b, 0, 2);    /* padding */
	return b;
}

static struct bytes fuse_out_header(uint32_t len, int32_t error, uint64_t unique)
{
	struct bytes b = {.n = 0};

	put(&b, len, 4);
	put(&b, (uint32_t)error, 4);
	put(&b, unique, 8);
	return b;
}

static void test_fuse_lookup_enoent(void)
{
	struct bytes out = fuse_in_header(40 + 8, 1 /* LOOKUP */, 12, 1);
	struct bytes in = fuse_out_header(16, -2, 12);
	struct vu_payload p;
	struct vu_payload_info info;
	struct vu_session *s = g_new0(struct vu_session, 1);
	struct vu_payload_context ctx;

	put_raw(&out, "missing", 8);
	vu_session_init(s, VU_DEVICE_FS);
	p = entry(VU_DEVICE_FS, VU_PAYLOAD_AVAIL, 1, &out, 48, NULL, 144, 0);
	vu_session_payload(s, &p, 1000, 5, &ctx);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_cmpuint(info.fuse.read, ==, VU_PAYLOAD_READ_OK);
	g_assert_cmpuint(info.fuse.opcode, ==, 1);
	g_assert_cmpuint(info.fuse.unique, ==, 12);
	g_assert_cmpuint(info.fuse.nodeid, ==, 1);
	g_assert_cmpmem(info.fuse.name, info.fuse.name_len, "missing", 7);
	g_autofree char *t = text(&p, &ctx, 0), *j = json(&p, &ctx), *tv = text(&p, &ctx, 1);
	g_assert_cmpstr(t, ==,
	                "vring 1 avail head 3: fuse LOOKUP unique 12 nodeid 1 name \"missing\"");
	assert_contains(j, "\"fuse\":{\"queue\":\"request\",\"short\":false,\"opcode\":\"LOOKUP\","
	                   "\"unique\":12,\"nodeid\":1,\"len\":48,\"uid\":1000,\"gid\":1001,"
	                   "\"pid\":4242,\"name\":\"missing\"}");
	assert_contains(tv, "fuse_in_header: len 48, opcode 1, unique 12, nodeid 1, uid 1000");
	check_cuts(&p, &ctx, false, 40, "[|fuse]");
	entry_free(&p);

	/* The reply: 16 bytes, ENOENT; the request it answers is named. */
	p = entry(VU_DEVICE_FS, VU_PAYLOAD_USED, 1, NULL, 48, &in, 144, 16);
	vu_session_payload(s, &p, 2000, 6, &ctx);
	g_assert_true(ctx.has_request);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_cmpint(info.fuse.error, ==, -2);
	g_autofree char *t2 = text(&p, &ctx, 0), *j2 = json(&p, &ctx);
	g_assert_cmpstr(t2, ==,
	                "vring 1 used head 3: fuse LOOKUP unique 12 nodeid 1 reply len 16 error "
	                "ENOENT (-2) (request frame 5)");
	assert_contains(j2, "\"opcode\":\"LOOKUP\",\"unique\":12,\"nodeid\":1,\"out_len\":16,"
	                    "\"error\":-2,\"error_name\":\"ENOENT\",\"out_unique\":12}");
	check_cuts(&p, &ctx, true, 16, "reply [|fuse]");
	entry_free(&p);
	g_free(s);
}

static void test_fuse_read_open(void)
{
	struct bytes out = fuse_in_header(80, 15 /* READ */, 20, 7), in;
	struct vu_payload p;

	put(&out, 0x55, 8);  /* fh */
	put(&out, 4096, 8);  /* offset */
	put(&out, 8192, 4);  /* size */
	put_zeros(&out, 20); /* read_flags, lock_owner, flags, padding */
	p = entry(VU_DEVICE_FS, VU_PAYLOAD_AVAIL, 1, &out, 80, NULL, 16 + 8192, 0);
	g_autofree char *t = text(&p, NULL, 0), *j = json(&p, NULL);
	assert_contains(t, "fuse READ unique 20 nodeid 7 offset 4096 size 8192");
	assert_contains(j, "\"offset\":4096,\"size\":8192");
	entry_free(&p);

	/* The reply carries the data after the header: ok. */
	in = fuse_out_header(16 + 5, 0, 20);
	put_raw(&in, "hello", 5);
	p = entry(VU_DEVICE_FS, VU_PAYLOAD_USED, 1, NULL, 80, &in, 16 + 8192, 21);
	g_autofree char *t2 = text(&p, NULL, 0), *j2 = json(&p, NULL);
	g_assert_cmpstr(t2, ==, "vring 1 used head 3: fuse (request unknown) reply len 21 ok");
	assert_contains(j2, "\"out_len\":21,\"error\":0,\"out_unique\":20");
	assert_lacks(j2, "error_name");
	entry_free(&p);

	out = fuse_in_header(48, 14 /* OPEN */, 21, 7);
	put(&out, 02 | 01000, 4); /* O_RDWR | O_TRUNC */
	put(&out, 0, 4);
	p = entry(VU_DEVICE_FS, VU_PAYLOAD_AVAIL, 1, &out, 48, NULL, 32, 0);
	g_autofree char *t3 = text(&p, NULL, 0);
	assert_contains(t3, "fuse OPEN unique 21 nodeid 7 flags 01002 (RDWR)");
	entry_free(&p);
}

static void test_fuse_names(void)
{
	static const struct {
		uint32_t opcode;
		size_t fixed;
		const char *names; /* NUL-separated */
		size_t names_len;
		const char *text;
	} cases[] = {
	    {9, 8, "dir", 4, "fuse MKDIR unique 1 nodeid 1 name \"dir\""},
	    {8, 16, "fifo", 5, "fuse MKNOD unique 1 nodeid 1 name \"fifo\""},
	    {35, 16, "new", 4, "fuse CREATE unique 1 nodeid 1 name \"new\" flags 0 (RDONLY)"},
	    {10, 0, "gone", 5, "fuse UNLINK unique 1 nodeid 1 name \"gone\""},
	    {11, 0, "d", 2, "fuse RMDIR unique 1 nodeid 1 name \"d\""},
	    {12, 8, "a\0b", 4, "fuse RENAME unique 1 nodeid 1 name \"a\" -> \"b\""},
	    {45, 16, "a\0b", 4, "fuse RENAME2 unique 1 nodeid 1 name \"a\" -> \"b\""},
	    {13, 8, "hard", 5, "fuse LINK unique 1 nodeid 1 name \"hard\""},
	    {6, 0, "ln\0/target", 11, "fuse SYMLINK unique 1 nodeid 1 name \"ln\" -> \"/target\""},
	    {22, 8, "user.x", 7, "fuse GETXATTR unique 1 nodeid 1 name \"user.x\""},
	    {24, 0, "user.y", 7, "fuse REMOVEXATTR unique 1 nodeid 1 name \"user.y\""},
	    {1, 0, "a\"b\x01", 5, "fuse LOOKUP unique 1 nodeid 1 name \"a\\x22b\\x01\""},
	    {1, 0, "cut", 3, "fuse LOOKUP unique 1 nodeid 1 name \"cut\" [|name]"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		size_t len = 40 + cases[i].fixed + cases[i].names_len;
		struct bytes out = fuse_in_header((uint32_t)len, cases[i].opcode, 1, 1);
		struct vu_payload p;

		put_zeros(&out, cases[i].fixed);
		put_raw(&out, cases[i].names, cases[i].names_len);
		p = entry(VU_DEVICE_FS, VU_PAYLOAD_AVAIL, 1, &out, (uint32_t)len, NULL, 144, 0);
		g_autofree char *t = text(&p, NULL, 0), *j = json(&p, NULL);
		assert_contains(t, cases[i].text);
		assert_json_shape(j);
		entry_free(&p);
	}
}

/* SETXATTR's argument is 8 or 16 bytes (FUSE_SETXATTR_EXT): the one that adds up. */
static void test_fuse_setxattr(void)
{
	for (size_t fixed = 8; fixed <= 16; fixed += 8) {
		size_t len = 40 + fixed + 7 + 3;
		struct bytes out = fuse_in_header((uint32_t)len, 21, 2, 5);
		struct vu_payload p;

		put(&out, 3, 4); /* size of the value */
		put_zeros(&out, fixed - 4);
		put_raw(&out, "user.z", 7);
		put_raw(&out, "abc", 3);
		p = entry(VU_DEVICE_FS, VU_PAYLOAD_AVAIL, 1, &out, (uint32_t)len, NULL, 16, 0);
		g_autofree char *t = text(&p, NULL, 0);
		assert_contains(t, "fuse SETXATTR unique 2 nodeid 5 name \"user.z\"");
		entry_free(&p);
	}
}

static void test_fuse_hiprio(void)
{
	struct bytes out = fuse_in_header(48, 2 /* FORGET */, 30, 9);
	struct vu_payload p;

	put(&out, 1, 8); /* nlookup */
	p = entry(VU_DEVICE_FS, VU_PAYLOAD_AVAIL, 0, &out, 48, NULL, 0, 0);
	g_autofree char *t = text(&p, NULL, 1), *j = json(&p, NULL);
	assert_contains(t, "vring 0 avail head 3: fuse hiprio FORGET unique 30 nodeid 9");
	assert_contains(t, "hiprio queue");
	assert_contains(j, "\"queue\":\"hiprio\"");
	entry_free(&p);
	/* Its completion: nothing written, no reply header to look for. */
	p = entry(VU_DEVICE_FS, VU_PAYLOAD_USED, 0, NULL, 48, NULL, 0, 0);
	g_autofree char *t2 = text(&p, NULL, 0);
	g_assert_cmpstr(t2, ==, "vring 0 used head 3: fuse hiprio (request unknown)");
	entry_free(&p);
}

static void test_fuse_unknown_names(void)
{
	g_assert_null(vu_fuse_opcode_name(7));
	g_assert_cmpstr(vu_fuse_opcode_name(4096), ==, "CUSE_INIT");
	g_assert_cmpstr(vu_errno_name(-2), ==, "ENOENT");
	g_assert_cmpstr(vu_errno_name(-61), ==, "ENODATA");
	g_assert_null(vu_errno_name(0));
	g_assert_null(vu_errno_name(2));
	g_assert_null(vu_errno_name(INT32_MIN));
	g_assert_null(vu_errno_name(-4000));
}

/* ---- net ------------------------------------------------------------------------ */

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t peer_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

static void put_net_hdr(struct bytes *b, uint8_t flags, uint8_t gso, uint16_t num_buffers, bool v1)
{
	put(b, flags, 1);
	put(b, gso, 1);
	put(b, 54, 2);   /* hdr_len */
	put(b, 1448, 2); /* gso_size */
	put(b, 34, 2);   /* csum_start */
	put(b, 16, 2);   /* csum_offset */
	if (v1)
		put(b, num_buffers, 2);
}

/* An ICMP echo request 10.0.0.1 -> 10.0.0.2 in Ethernet: 98 bytes. */
static void put_ping(struct bytes *b, uint8_t icmp_type)
{
	put_raw(b, peer_mac, 6);
	put_raw(b, guest_mac, 6);
	put_be(b, 0x0800, 2);
	put(b, 0x45, 1);
	put(b, 0, 1);
	put_be(b, 84, 2);
	put_zeros(b, 5);
	put(b, 1, 1); /* ICMP */
	put_zeros(b, 2);
	put_be(b, 0x0a000001, 4);
	put_be(b, 0x0a000002, 4);
	put(b, icmp_type, 1);
	put_zeros(b, 3);
	put_be(b, 0x77, 2); /* id */
	put_be(b, 3, 2);    /* seq */
	put_zeros(b, 56);
}

static void test_net_tx_ping(void)
{
	struct bytes out = {.n = 0};
	struct vu_payload_context ctx = {.acked_features = VU_BIT(VU_F_VERSION_1), .nvrings = 2};
	struct vu_payload p;
	struct vu_payload_info info;

	put_net_hdr(&out, 0, 0, 0, true);
	put_ping(&out, 8);
	g_assert_cmpuint(out.n, ==, 12 + 98);
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_AVAIL, 1, &out, (uint32_t)out.n, NULL, 0, 0);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_true(info.net.tx);
	g_assert_cmpuint(info.net.hdr_size, ==, 12);
	g_assert_cmpuint(info.net.frame_len, ==, 98);
	g_autofree char *t = text(&p, &ctx, 0), *j = json(&p, &ctx), *tv = text(&p, &ctx, 1);
	g_assert_cmpstr(
	    t, ==,
	    "vring 1 avail head 3: net tx0 len 98 52:54:00:12:34:56 > "
	    "02:00:00:00:00:01, IPv4 10.0.0.1 > 10.0.0.2 ICMP echo request id 119 seq 3");
	assert_contains(j, "\"net\":{\"queue\":\"tx0\",\"short\":false,\"hdr_size\":12,\"len\":98,"
	                   "\"flags\":0,\"gso_type\":\"NONE\"");
	assert_contains(tv, "virtio_net_hdr (12 bytes): flags 0x00 <>, gso_type NONE, hdr_len 54");
	check_cuts(&p, &ctx, false, 12, "[|virtio-net]");
	/* Cut inside the frame: the summary says where it stops. */
	struct vu_payload c = p;
	c.out_kept = 12 + 20;
	g_autofree char *tc = text(&c, &ctx, 0);
	assert_contains(tc, "52:54:00:12:34:56 > 02:00:00:00:00:01, IPv4 [|ip]");
	entry_free(&p);
}

static void test_net_legacy_header(void)
{
	struct bytes out = {.n = 0};
	struct vu_payload_context ctx = {.acked_features = 0, .nvrings = 2};
	struct vu_payload p;
	struct vu_payload_info info;

	put_net_hdr(&out, 1, 0x81, 0, false); /* NEEDS_CSUM, TCPV4|ECN */
	put_ping(&out, 0);
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_AVAIL, 3, &out, (uint32_t)out.n, NULL, 0, 0);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_cmpuint(info.net.hdr_size, ==, 10);
	g_assert_cmpuint(info.net.pair, ==, 1);
	g_assert_false(info.net.has_num_buffers);
	g_autofree char *t = text(&p, &ctx, 0);
	assert_contains(t, "net tx1 len 98 NEEDS_CSUM gso TCPV4|ECN size 1448 52:54");
	assert_contains(t, "ICMP echo reply id 119 seq 3");
	/* MRG_RXBUF alone makes the header 12 bytes too; HASH_REPORT 20. */
	ctx.acked_features = VU_BIT(VU_NET_F_MRG_RXBUF);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_cmpuint(info.net.hdr_size, ==, 12);
	ctx.acked_features = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_NET_F_HASH_REPORT);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_cmpuint(info.net.hdr_size, ==, 20);
	entry_free(&p);
}

static void test_net_rx(void)
{
	struct bytes in = {.n = 0}, arp = {.n = 0};
	struct vu_payload_context ctx = {
	    .acked_features = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_NET_F_MRG_RXBUF), .nvrings = 4};
	struct vu_payload p;

	/* An empty receive buffer made available. */
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_AVAIL, 2, NULL, 0, NULL, 1526, 0);
	g_autofree char *t0 = text(&p, &ctx, 0);
	g_assert_cmpstr(t0, ==, "vring 2 avail head 3: net rx1 buffer 1526");
	entry_free(&p);

	/* An ARP request received, DATA_VALID, over 2 buffers. */
	put_net_hdr(&in, 2, 0, 2, true);
	put_raw(&arp, (const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 6);
	put_raw(&arp, peer_mac, 6);
	put_be(&arp, 0x0806, 2);
	put_be(&arp, 1, 2);
	put_be(&arp, 0x0800, 2);
	put(&arp, 6, 1);
	put(&arp, 4, 1);
	put_be(&arp, 1, 2);
	put_raw(&arp, peer_mac, 6);
	put_be(&arp, 0x0a000001, 4);
	put_zeros(&arp, 6);
	put_be(&arp, 0x0a000002, 4);
	put_raw(&in, arp.b, arp.n);
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_USED, 0, NULL, 0, &in, 1526, (uint32_t)in.n);
	g_autofree char *t = text(&p, &ctx, 0), *j = json(&p, &ctx);
	g_assert_cmpstr(
	    t, ==,
	    "vring 0 used head 3: net rx0 len 42 DATA_VALID buffers 2 "
	    "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ARP who-has 10.0.0.2 tell 10.0.0.1");
	assert_contains(j, "\"queue\":\"rx0\"");
	assert_contains(j, "\"num_buffers\":2");
	check_cuts(&p, &ctx, true, 12, "[|virtio-net]");
	entry_free(&p);
}

/* MRG_RXBUF: a frame over 3 receive buffers; the 2 after the first carry no header. */
static void test_net_rx_mergeable(void)
{
	struct vu_session *s = g_new0(struct vu_session, 1);
	struct bytes first = {.n = 0}, rest = {.n = 0};
	struct vu_payload_context ctx;
	struct vu_payload p;
	struct vu_payload_info info;

	vu_session_init(s, VU_DEVICE_NET);
	s->features_acked = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_NET_F_MRG_RXBUF);
	s->vrings[0].seen = s->vrings[1].seen = true;
	s->vrings_seen = 2;
	put_net_hdr(&first, 0, 0, 3, true);
	put_ping(&first, 8);
	put_zeros(&rest, 100);
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_USED, 0, NULL, 0, &first, 1526, (uint32_t)first.n);
	vu_session_payload(s, &p, 1, 1, &ctx);
	g_assert_false(ctx.continuation);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_cmpuint(info.net.num_buffers, ==, 3);
	entry_free(&p);
	for (int i = 0; i < 2; i++) {
		p = entry(VU_DEVICE_NET, VU_PAYLOAD_USED, 0, NULL, 0, &rest, 1526, 100);
		vu_session_payload(s, &p, 2 + (uint64_t)i, 2 + (uint64_t)i, &ctx);
		g_assert_true(ctx.continuation);
		g_autofree char *t = text(&p, &ctx, 1), *j = json(&p, &ctx);
		g_assert_cmpstr(
		    t, ==,
		    "vring 0 used head 3: net rx0 continued len 100\n"
		    "  out 0 of 0 bytes kept, in 100 of 1526 kept, used len 100, split ring");
		assert_contains(j, "\"net\":{\"queue\":\"rx0\",\"short\":false,"
		                   "\"continuation\":true,\"len\":100}");
		entry_free(&p);
	}
	/* The next frames start with a header again. */
	first.b[10] = 1; /* num_buffers 1 */
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_USED, 0, NULL, 0, &first, 1526, (uint32_t)first.n);
	vu_session_payload(s, &p, 5, 5, &ctx);
	g_assert_false(ctx.continuation);
	entry_free(&p);
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_USED, 0, NULL, 0, &first, 1526, (uint32_t)first.n);
	vu_session_payload(s, &p, 6, 6, &ctx);
	g_assert_false(ctx.continuation);
	entry_free(&p);
	g_free(s);
}

static void test_net_ctrl(void)
{
	struct bytes out = {.n = 0}, in = {.n = 0};
	struct vu_payload_context ctx = {
	    .acked_features = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_NET_F_CTRL_VQ), .nvrings = 5};
	struct vu_payload p;

	put(&out, 4, 1); /* MQ */
	put(&out, 0, 1); /* VQ_PAIRS_SET */
	put(&out, 2, 2);
	put(&in, 0, 1);
	p = entry(VU_DEVICE_NET, VU_PAYLOAD_USED, 4, &out, 4, &in, 1, 1);
	g_autofree char *t = text(&p, &ctx, 0), *j = json(&p, &ctx);
	g_assert_cmpstr(t, ==, "vring 4 used head 3: net ctrl MQ VQ_PAIRS_SET ack OK");
	assert_contains(j, "\"net\":{\"queue\":\"ctrl\",\"short\":false,\"class\":4,\"cmd\":0,"
	                   "\"ack\":0}");
	check_cuts(&p, &ctx, false, 2, "[|ctrl]");
	/* Without CTRL_VQ, vring 4 is rx2. */
	ctx.acked_features = VU_BIT(VU_F_VERSION_1);
	g_autofree char *t2 = text(&p, &ctx, 0);
	assert_contains(t2, "net rx2");
	entry_free(&p);
}

/* ---- vsock ---------------------------------------------------------------------- */

static struct bytes vsock_hdr(uint16_t op, uint32_t flags, uint32_t len)
{
	struct bytes b = {.n = 0};

	put(&b, 3, 8);    /* src_cid: the guest */
	put(&b, 2, 8);    /* dst_cid: the host */
	put(&b, 1234, 4); /* src_port */
	put(&b, 5000, 4); /* dst_port */
	put(&b, len, 4);
	put(&b, 1, 2); /* STREAM */
	put(&b, op, 2);
	put(&b, flags, 4);
	put(&b, 262144, 4); /* buf_alloc */
	put(&b, 17, 4);     /* fwd_cnt */
	return b;
}

static void test_vsock(void)
{
	struct bytes out = vsock_hdr(1 /* REQUEST */, 0, 0);
	struct bytes in = vsock_hdr(4 /* SHUTDOWN */, 3, 0);
	struct vu_payload p;
	struct vu_payload_info info;

	g_assert_cmpuint(out.n, ==, 44);
	p = entry(VU_DEVICE_VSOCK, VU_PAYLOAD_AVAIL, 1, &out, 44, NULL, 0, 0);
	vu_payload_decode(&p, NULL, &info);
	g_assert_cmpuint(info.vsock.read, ==, VU_PAYLOAD_READ_OK);
	g_assert_cmpuint(info.vsock.dst_port, ==, 5000);
	g_autofree char *t = text(&p, NULL, 0), *j = json(&p, NULL);
	g_assert_cmpstr(t, ==,
	                "vring 1 avail head 3: vsock tx 3:1234 > 2:5000 STREAM REQUEST len 0 "
	                "buf_alloc 262144 fwd_cnt 17");
	assert_contains(j, "\"vsock\":{\"queue\":\"tx\",\"short\":false,\"src_cid\":3,"
	                   "\"dst_cid\":2,\"src_port\":1234,\"dst_port\":5000,\"len\":0,"
	                   "\"type\":\"STREAM\",\"op\":\"REQUEST\",\"flags\":0");
	check_cuts(&p, NULL, false, 44, "[|vsock]");
	entry_free(&p);

	p = entry(VU_DEVICE_VSOCK, VU_PAYLOAD_USED, 0, NULL, 0, &in, 4096, 44);
	g_autofree char *t2 = text(&p, NULL, 0);
	assert_contains(t2, "vsock rx 3:1234 > 2:5000 STREAM SHUTDOWN flags 0x3 <RCV,SEND>");
	check_cuts(&p, NULL, true, 44, "[|vsock]");
	entry_free(&p);

	p = entry(VU_DEVICE_VSOCK, VU_PAYLOAD_AVAIL, 0, NULL, 0, NULL, 4096, 0);
	g_autofree char *t3 = text(&p, NULL, 0);
	g_assert_cmpstr(t3, ==, "vring 0 avail head 3: vsock rx buffer 4096");
	entry_free(&p);
	g_assert_cmpstr(vu_vsock_op_name(7), ==, "CREDIT_REQUEST");
	g_assert_null(vu_vsock_op_name(8));
	g_assert_cmpstr(vu_vsock_type_name(2), ==, "SEQPACKET");
}

/* ---- no device decoder ---------------------------------------------------------- */

static void test_unknown_device(void)
{
	struct bytes out = {.n = 0};
	struct vu_payload p;

	put_raw(&out, "abc", 3);
	p = entry(VU_DEVICE_UNKNOWN, VU_PAYLOAD_AVAIL, 0, &out, 3, NULL, 8, 0);
	p.missed = 2;
	g_assert_cmpstr(vu_payload_event_name(&p), ==, "data");
	g_autofree char *t = text(&p, NULL, 0), *j = json(&p, NULL);
	g_assert_cmpstr(t, ==, "vring 0 avail head 3: data out 3 in 8, 2 missed");
	assert_contains(j, "\"missed\":2");
	assert_contains(j, "\"out\":\"616263\",\"in\":\"\"");
	assert_json_shape(j);
	entry_free(&p);
}

void test_payload_decode_register(void)
{
	test_add("/dissector/payload/blk/in", test_blk_in);
	test_add("/dissector/payload/blk/out-status", test_blk_out_status);
	test_add("/dissector/payload/blk/status-not-kept", test_blk_status_not_kept);
	test_add("/dissector/payload/blk/types", test_blk_types);
	test_add("/dissector/payload/blk/status-tail", test_blk_status_tail);
	test_add("/dissector/payload/net/ctrl-tail", test_net_ctrl_tail);
	test_add("/dissector/payload/fuse/lookup-enoent", test_fuse_lookup_enoent);
	test_add("/dissector/payload/fuse/read-open", test_fuse_read_open);
	test_add("/dissector/payload/fuse/names", test_fuse_names);
	test_add("/dissector/payload/fuse/setxattr", test_fuse_setxattr);
	test_add("/dissector/payload/fuse/hiprio", test_fuse_hiprio);
	test_add("/dissector/payload/fuse/unknown-names", test_fuse_unknown_names);
	test_add("/dissector/payload/net/tx-ping", test_net_tx_ping);
	test_add("/dissector/payload/net/legacy-header", test_net_legacy_header);
	test_add("/dissector/payload/net/rx", test_net_rx);
	test_add("/dissector/payload/net/rx-mergeable", test_net_rx_mergeable);
	test_add("/dissector/payload/net/ctrl", test_net_ctrl);
	test_add("/dissector/payload/vsock/packets", test_vsock);
	test_add("/dissector/payload/unknown-device", test_unknown_device);
}
