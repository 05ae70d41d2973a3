/*
 * Rendering: the one-line summary, the -v tree, the JSON payload object and
 * the JSON findings, for messages built here, compared with exact strings
 * (keys are the field keys of vu-fields.def); the growable string and its
 * JSON escaping; and every renderer run over every cut of every message.
 */
#include <string.h>

#include "tests/test-dissector-reference.h"
#include "tests/test-dissector-util.h"

struct rendered {
	struct vu_decoded *d;
	uint8_t *bytes;
	size_t len;
};

static void rendered_free(struct rendered *r)
{
	g_free(r->d);
	g_free(r->bytes);
}

static struct rendered render_msg(enum vu_channel ch, struct test_msg *m, unsigned nfds,
                                  const struct vu_decode_context *ctx)
{
	bool reply = (m->b[4] & VU_FLAG_REPLY) != 0;
	bool front = (ch == VU_CHANNEL_MAIN) != reply;
	struct rendered r;

	test_put_u32_at(m->b, 8, (uint32_t)(m->len - VU_HDR_SIZE));
	r.d = test_decode(ch, front ? VU_FROM_FRONT : VU_FROM_BACK, m, nfds, ctx);
	/* The renderers read field bytes from the message: give them an exact copy too. */
	r.bytes = test_exact_copy(m->b, m->len);
	r.len = m->len;
	return r;
}

static char *summary(const struct rendered *r, enum vu_device_type device)
{
	struct vu_str s;
	vu_str_init(&s);
	vu_render_summary(r->d, r->bytes, r->len, device, &s);
	g_assert_false(s.failed);
	char *out = g_strdup(s.data ? s.data : "");
	vu_str_free(&s);
	return out;
}

static char *json(const struct rendered *r, enum vu_device_type device)
{
	struct vu_str s;
	vu_str_init(&s);
	vu_render_json_payload(r->d, r->bytes, r->len, device, &s);
	g_assert_false(s.failed);
	char *out = g_strdup(s.data ? s.data : "");
	vu_str_free(&s);
	return out;
}

static char *tree(const struct rendered *r, enum vu_device_type device)
{
	struct vu_str s;
	vu_str_init(&s);
	vu_render_tree(r->d, r->bytes, r->len, device, "  ", &s);
	char *out = g_strdup(s.data ? s.data : "");
	vu_str_free(&s);
	return out;
}

static char *findings_json(const struct vu_decoded *d)
{
	struct vu_str s;
	vu_str_init(&s);
	vu_render_json_findings(d, &s);
	char *out = g_strdup(s.data ? s.data : "");
	vu_str_free(&s);
	return out;
}

static void test_vring_num(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SET_VRING_NUM, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 256);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *j = json(&r, VU_DEVICE_NET);
	g_autofree char *s = summary(&r, VU_DEVICE_NET);
	g_autofree char *t = tree(&r, VU_DEVICE_NET);

	g_assert_cmpstr(j, ==, "{\"vring.index\":0,\"vring.size\":256}");
	g_assert_cmpstr(s, ==, "index=0 size=256");
	g_assert_nonnull(strstr(t, "  Request: 8  [0+4]\n"));
	g_assert_nonnull(strstr(t, "  Flags: 0x1  [4+4]\n"));
	g_assert_nonnull(strstr(t, "  Payload size: 8  [8+4]\n"));
	g_assert_nonnull(strstr(t, "  Vring index: 0  [12+4]\n"));
	g_assert_nonnull(strstr(t, "  Queue size: 256  [16+4]\n"));
	rendered_free(&r);
}

static void test_features(void)
{
	struct test_msg m;
	const uint64_t f = (1ull << 32) | (1ull << 30) | (1ull << 5) | (1ull << 48);

	test_msg_init(&m, VU_REQ_SET_FEATURES, 0x1, 0);
	test_put_u64(&m, 0, f);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *j = json(&r, VU_DEVICE_NET);
	g_autofree char *s = summary(&r, VU_DEVICE_NET);
	g_autofree char *sb = summary(&r, VU_DEVICE_BLK);
	g_autofree char *t = tree(&r, VU_DEVICE_NET);
	g_autofree char *want = g_strdup_printf(
	    "{\"features\":%" G_GUINT64_FORMAT
	    ",\"features.names\":[\"MAC\",\"PROTOCOL_FEATURES\",\"VERSION_1\",\"bit48\"]}",
	    f);

	g_assert_cmpstr(j, ==, want);
	g_assert_cmpstr(s, ==, "features=0x1000140000020 <MAC,PROTOCOL_FEATURES,VERSION_1,bit48>");
	/* The device decides the name of bit 5: blk's RO. */
	g_assert_cmpstr(sb, ==, "features=0x1000140000020 <RO,PROTOCOL_FEATURES,VERSION_1,bit48>");
	g_assert_nonnull(strstr(t, "bit  5: MAC\n"));
	g_assert_nonnull(strstr(t, "bit 32: VERSION_1\n"));
	g_assert_nonnull(strstr(t, "bit 48: (unknown)\n"));
	rendered_free(&r);

	/* No bits: an empty name list. */
	test_msg_init(&m, VU_REQ_SET_FEATURES, 0x1, 0);
	test_put_u64(&m, 0, 0);
	struct rendered z = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *jz = json(&z, VU_DEVICE_NET);
	g_assert_cmpstr(jz, ==, "{\"features\":0,\"features.names\":[]}");
	rendered_free(&z);
}

static void test_protocol_features(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, 0);
	test_put_u64(&m, 0, 0x8f2b);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *s = summary(&r, VU_DEVICE_BLK);
	g_assert_cmpstr(s, ==,
	                "protocol_features=0x8f2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,PAGEFAULT,"
	                "CONFIG,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>");
	rendered_free(&r);
}

static void test_vring_file(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SET_VRING_CALL, 0x1, 0);
	test_put_u64(&m, 0, 0x101);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *s = summary(&r, VU_DEVICE_NET);
	g_autofree char *j = json(&r, VU_DEVICE_NET);
	g_assert_cmpstr(s, ==, "index=1 nofd");
	g_assert_cmpstr(j, ==, "{\"vring.file\":257,\"vring.index\":1,\"vring.nofd\":true}");
	rendered_free(&r);
}

static void test_vring_endian(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SET_VRING_ENDIAN, 0x1, 0);
	test_put_u32(&m, 0, 2);
	test_put_u32(&m, 4, 1);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *s = summary(&r, VU_DEVICE_NET);
	g_autofree char *j = json(&r, VU_DEVICE_NET);
	g_assert_cmpstr(s, ==, "index=2 endian=1 (big-endian)");
	g_assert_cmpstr(
	    j, ==, "{\"vring.index\":2,\"vring.endian\":1,\"vring.endian.name\":\"big-endian\"}");
	rendered_free(&r);
}

static void test_mem_table(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SET_MEM_TABLE, 0x9, 0);
	test_put_u32(&m, 0, 2);
	test_put_u64(&m, 8, 0);
	test_put_u64(&m, 16, 0x80000000);
	test_put_u64(&m, 24, 0x7f0000000000);
	test_put_u64(&m, 32, 0);
	test_put_u64(&m, 40, 0x100000000);
	test_put_u64(&m, 48, 0x40000000);
	test_put_u64(&m, 56, 0x7f0080000000);
	test_put_u64(&m, 64, 0x80000000);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 2, NULL);
	g_autofree char *s = summary(&r, VU_DEVICE_NET);
	g_autofree char *j = json(&r, VU_DEVICE_NET);
	g_assert_cmpstr(s, ==,
	                "nregions=2 region[guest_addr=0x0 size=0x80000000 user_addr=0x7f0000000000 "
	                "mmap_offset=0x0] region[guest_addr=0x100000000 size=0x40000000 "
	                "user_addr=0x7f0080000000 mmap_offset=0x80000000]");
	g_assert_cmpstr(j, ==,
	                "{\"mem.nregions\":2,\"mem.padding\":0,\"mem.region\":["
	                "{\"mem.region.guest_addr\":0,\"mem.region.size\":2147483648,"
	                "\"mem.region.user_addr\":139637976727552,\"mem.region.mmap_offset\":0},"
	                "{\"mem.region.guest_addr\":4294967296,\"mem.region.size\":1073741824,"
	                "\"mem.region.user_addr\":139640124211200,"
	                "\"mem.region.mmap_offset\":2147483648}]}");
	rendered_free(&r);
}

static void test_bytes_fields(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SEND_RARP, 0x1, 0);
	test_put_bytes(&m, 0, "\x52\x54\x00\xab\xcd\xef\x00\x00", 8);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *s = summary(&r, VU_DEVICE_NET);
	g_autofree char *j = json(&r, VU_DEVICE_NET);
	g_assert_cmpstr(s, ==, "mac=52:54:00:ab:cd:ef");
	g_assert_cmpstr(j, ==, "{\"rarp.mac\":\"52:54:00:ab:cd:ef\"}");
	rendered_free(&r);

	/* The UUID in RFC 4122 text form (§4.13). */
	test_msg_init(&m, VU_REQ_GET_SHARED_OBJECT, 0x1, 0);
	test_put_bytes(&m, 0, "\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x23\x45\x67\x89\xab\xcd\xef",
	               16);
	struct rendered u = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *ju = json(&u, VU_DEVICE_NET);
	g_assert_cmpstr(ju, ==, "{\"shared.uuid\":\"12345678-9abc-def0-0123-456789abcdef\"}");
	rendered_free(&u);

	/* Config bytes as hex. */
	test_msg_init(&m, VU_REQ_GET_CONFIG, 0x5, 0);
	test_put_u32(&m, 4, 3);
	test_put_bytes(&m, 12, "\x00\x10\xff", 3);
	struct rendered c = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *jc = json(&c, VU_DEVICE_BLK);
	g_assert_cmpstr(jc, ==,
	                "{\"config.offset\":0,\"config.size\":3,\"config.flags\":0,"
	                "\"config.flags.name\":\"frontend\",\"config.data\":\"0010ff\"}");
	rendered_free(&c);
}

static void test_status_and_iotlb(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SET_STATUS, 0x1, 0);
	test_put_u64(&m, 0, 0x0f);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *s = summary(&r, VU_DEVICE_NET);
	g_assert_cmpstr(s, ==, "status=0xf <ACKNOWLEDGE,DRIVER,DRIVER_OK,FEATURES_OK>");
	rendered_free(&r);

	test_msg_init(&m, VU_REQ_IOTLB_MSG, 0x9, 0);
	test_put_u64(&m, 0, 0x1000);
	test_put_u64(&m, 8, 0x2000);
	test_put_u64(&m, 16, 0x3000);
	test_put_u8(&m, 24, 3);
	test_put_u8(&m, 25, 2);
	test_put_bytes(&m, 26, "\0\0\0\0\0\0", 6);
	struct rendered i = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *si = summary(&i, VU_DEVICE_NET);
	g_assert_cmpstr(si, ==,
	                "iova=0x1000 size=0x2000 uaddr=0x3000 perm=3 (read-write) type=2 (update)");
	rendered_free(&i);
}

static void test_crypto_id(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_CREATE_CRYPTO_SESSION, 0x5, 0);
	test_put_u64(&m, 0, 1);
	test_put_u64(&m, 8, 0);
	test_put_u64(&m, 16, (uint64_t)-1);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *j = json(&r, VU_DEVICE_CRYPTO);
	g_assert_cmpstr(j, ==,
	                "{\"crypto.op_code\":1,\"crypto.session_info\":\"0000000000000000\","
	                "\"crypto.session_id\":-1}");
	rendered_free(&r);
}

static void test_findings_json(void)
{
	struct test_msg m;

	/* Unknown request: one finding, its text the malformed reason. */
	test_msg_init(&m, VU_REQ_COUNT, 0x1, 0); /* one past the last */
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *f = findings_json(r.d);
	g_autofree char *want = g_strdup_printf(
	    "[{\"id\":\"malformed.unknown_request\",\"severity\":\"error\",\"message\":\"%s\"}]",
	    r.d->malformed_reason);
	g_assert_cmpstr(f, ==, want);
	g_assert_nonnull(strstr(f, "unknown request number"));
	g_assert_nonnull(strstr(f, "46"));
	rendered_free(&r);

	/* The malformed reason comes first even when a lesser finding was found before it. */
	test_msg_init(&m, VU_REQ_GET_FEATURES, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32_at(m.b, 8, 4);
	struct vu_decoded *d =
	    test_decode(VU_CHANNEL_MAIN, VU_FROM_BACK, &m, 0, NULL); /* wrong side, 4 bytes */
	g_assert_true(d->malformed);
	g_assert_cmpuint(d->nfindings, >=, 2);
	g_autofree char *f2 = findings_json(d);
	g_autofree char *head = g_strdup_printf(
	    "[{\"id\":\"malformed.payload_size\",\"severity\":\"error\",\"message\":\"%s\"",
	    d->malformed_reason);
	if (!g_str_has_prefix(f2, head))
		g_error("JSON findings %s do not start with the malformed reason \"%s\"", f2,
		        d->malformed_reason);
	g_free(d);

	/* No findings: an empty array. */
	test_msg_init(&m, VU_REQ_SET_OWNER, 0x1, 0);
	struct rendered c = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	g_autofree char *fc = findings_json(c.d);
	g_assert_cmpstr(fc, ==, "[]");
	rendered_free(&c);

	/* Text that needs escaping goes out escaped. */
	struct vu_decoded *e = g_new0(struct vu_decoded, 1);
	vu_decoded_add_finding(e, VU_FIND_VALUE_RANGE, 12, 4, "say \"hi\"\\\n\x01");
	g_autofree char *fe = findings_json(e);
	g_assert_cmpstr(fe, ==,
	                "[{\"id\":\"malformed.value\",\"severity\":\"error\","
	                "\"message\":\"say \\\"hi\\\"\\\\\\n\\u0001\"}]");
	/* NULL text takes the table's sentence. */
	vu_decoded_add_finding(e, VU_FIND_TRUNCATED, 0, 0, NULL);
	g_assert_cmpstr(e->findings[1].text, ==, "payload shorter than the header's size");
	/* Long text is cut, and terminated. */
	char longtext[300];
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = 0;
	vu_decoded_add_finding(e, VU_FIND_VALUE_RANGE, 0, 0, longtext);
	g_assert_cmpuint(strlen(e->findings[2].text), ==, VU_FINDING_TEXT - 1);
	/* No more than VU_MAX_FINDINGS. */
	for (int i = 0; i < 10; i++)
		vu_decoded_add_finding(e, VU_FIND_VALUE_RANGE, 0, 0, NULL);
	g_assert_cmpuint(e->nfindings, ==, VU_MAX_FINDINGS);
	g_free(e);
}

static void test_str(void)
{
	struct vu_str s;

	vu_str_init(&s);
	g_assert_null(s.data);
	for (int i = 0; i < 1000; i++)
		vu_str_printf(&s, "%d,", i);
	g_assert_false(s.failed);
	g_assert_cmpuint(s.len, ==, strlen(s.data));
	g_assert_true(g_str_has_prefix(s.data, "0,1,2,"));
	g_assert_true(g_str_has_suffix(s.data, "998,999,"));
	vu_str_clear(&s);
	g_assert_cmpuint(s.len, ==, 0);
	g_assert_cmpstr(s.data, ==, "");
	vu_str_appendn(&s, "abcdef", 3);
	vu_str_append(&s, "");
	g_assert_cmpstr(s.data, ==, "abc");
	vu_str_clear(&s);
	vu_str_json_string(&s, "a\"b\\c\nd\re\tf\x01g\x1f\x7f");
	g_assert_cmpstr(s.data, ==, "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001f\\u007f\"");
	vu_str_clear(&s);
	vu_str_json_string(&s, "");
	g_assert_cmpstr(s.data, ==, "\"\"");
	vu_str_free(&s);
	g_assert_null(s.data);
	/* Clearing or freeing an empty string is harmless. */
	vu_str_clear(&s);
	vu_str_free(&s);
}

static void test_field_value(void)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SET_DEVICE_STATE_FD, 0x5, 0);
	test_put_u64(&m, 0, 0x100);
	struct rendered r = render_msg(VU_CHANNEL_MAIN, &m, 0, NULL);
	const struct vu_field *inv = test_field(r.d, VU_FIELD_DEVSTATE_INVALID_FD, 0);
	struct vu_str s;
	vu_str_init(&s);
	vu_render_field_value(r.d, inv, r.bytes, r.len, VU_DEVICE_NET, &s);
	g_assert_cmpstr(s.data, ==, "true");
	vu_str_clear(&s);
	vu_render_field_value(r.d, test_field(r.d, VU_FIELD_DEVSTATE_RESULT, 0), r.bytes, r.len,
	                      VU_DEVICE_NET, &s);
	g_assert_cmpstr(s.data, ==, "0x100");
	vu_str_free(&s);
	rendered_free(&r);
}

/* Balanced braces/brackets outside strings, and strings closed: cheap JSON sanity. */
static void check_json_shape(const char *j)
{
	int depth = 0;
	bool in_string = false;

	for (const char *p = j; *p; p++) {
		if (in_string) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_string = false;
			else
				g_assert_cmpuint((unsigned char)*p, >=, 0x20);
			continue;
		}
		if (*p == '"')
			in_string = true;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			g_assert_cmpint(--depth, >=, 0);
	}
	g_assert_false(in_string);
	g_assert_cmpint(depth, ==, 0);
}

/* Every renderer over every request and reply, whole and cut at every length. */
static void test_all_renderers(void)
{
	static const enum vu_channel chans[] = {VU_CHANNEL_MAIN, VU_CHANNEL_BACKEND,
	                                        VU_CHANNEL_GPU};
	struct vu_str s;

	vu_str_init(&s);
	for (size_t c = 0; c < G_N_ELEMENTS(chans); c++) {
		size_t n = 0;
		const struct test_ref_request *refs = test_ref_table(chans[c], &n);

		for (size_t i = 1; i < n; i++) {
			for (int reply = 0; reply <= 1; reply++) {
				struct test_msg m;

				test_msg_init(&m, refs[i].number, reply ? 0x5 : 0x1, 0);
				for (size_t k = 0; k < 64; k++)
					test_put_u8(&m, k, (uint8_t)(k * 37 + i));
				test_put_u32(&m, 4, 40); /* config size, vring num... */
				test_put_u32(&m, 0, 2);  /* nregions, index */
				for (size_t len = 0; len <= m.len; len++) {
					g_autofree uint8_t *copy = test_exact_copy(m.b, len);
					g_autofree struct vu_decoded *d = test_decode_bytes(
					    chans[c], reply ? VU_FROM_BACK : VU_FROM_FRONT, copy,
					    len, 1, NULL);
					vu_str_clear(&s);
					vu_render_summary(d, copy, len, VU_DEVICE_NET, &s);
					vu_str_clear(&s);
					vu_render_tree(d, copy, len, VU_DEVICE_BLK, "", &s);
					vu_str_clear(&s);
					vu_render_json_payload(d, copy, len, VU_DEVICE_FS, &s);
					check_json_shape(s.data);
					vu_str_clear(&s);
					vu_render_json_findings(d, &s);
					check_json_shape(s.data);
				}
			}
		}
	}
	vu_str_free(&s);
}

void test_render_register(void)
{
	test_add("/dissector/render/vring-num", test_vring_num);
	test_add("/dissector/render/features", test_features);
	test_add("/dissector/render/protocol-features", test_protocol_features);
	test_add("/dissector/render/vring-file", test_vring_file);
	test_add("/dissector/render/vring-endian", test_vring_endian);
	test_add("/dissector/render/mem-table", test_mem_table);
	test_add("/dissector/render/bytes", test_bytes_fields);
	test_add("/dissector/render/status-iotlb", test_status_and_iotlb);
	test_add("/dissector/render/crypto-session-id", test_crypto_id);
	test_add("/dissector/render/findings-json", test_findings_json);
	test_add("/dissector/render/str", test_str);
	test_add("/dissector/render/field-value", test_field_value);
	test_add("/dissector/render/all-messages", test_all_renderers);
}
