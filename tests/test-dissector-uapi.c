/*
 * Feature-bit names against the Linux uapi headers (Debian's linux-libc-dev):
 * every "#define VIRTIO_<DEV>_F_<NAME> <bit>" of a header must be in our
 * table for that device under the same name at the same bit, and every bit of
 * our tables that is not marked unverified must be defined by the header.
 * The header directory is $VU_UAPI_DIR, default /usr/include/linux; a missing
 * header fails the test (the package is part of every C toolchain on Debian).
 */
#include <string.h>

#include "tests/test-dissector-util.h"

struct uapi_source {
	const char *file;   /* header under the uapi directory */
	const char *prefix; /* macro prefix before the bit name */
};

struct uapi_case {
	const char *table; /* our table id, "transport" for the transport table */
	struct uapi_source sources[3];
};

static const struct uapi_case cases[] = {
    {"net", {{"virtio_net.h", "VIRTIO_NET_F_"}}},
    {"blk", {{"virtio_blk.h", "VIRTIO_BLK_F_"}}},
    {"scsi", {{"virtio_scsi.h", "VIRTIO_SCSI_F_"}}},
    {"gpu", {{"virtio_gpu.h", "VIRTIO_GPU_F_"}}},
    {"fs", {{"virtio_fs.h", "VIRTIO_FS_F_"}}},
    {"vsock", {{"virtio_vsock.h", "VIRTIO_VSOCK_F_"}}},
    {"crypto", {{"virtio_crypto.h", "VIRTIO_CRYPTO_F_"}}},
    {"i2c", {{"virtio_i2c.h", "VIRTIO_I2C_F_"}}},
    {"gpio", {{"virtio_gpio.h", "VIRTIO_GPIO_F_"}}},
    {"sound", {{"virtio_snd.h", "VIRTIO_SND_F_"}}},
    {"input", {{"virtio_input.h", "VIRTIO_INPUT_F_"}}},
    {"rng", {{"virtio_rng.h", "VIRTIO_RNG_F_"}}},
    {"transport",
     {{"virtio_config.h", "VIRTIO_F_"},
      {"virtio_ring.h", "VIRTIO_RING_F_"},
      {"vhost_types.h", "VHOST_F_"}}},
};

/*
 * Bits our tables may name without a uapi define: they are not Linux's.
 * VHOST_USER_F_PROTOCOL_FEATURES (30) is defined by the vhost-user spec (§6.1).
 */
static bool not_linux(const char *table, unsigned bit)
{
	return g_str_equal(table, "transport") && bit == 30;
}

static const char *uapi_dir(void)
{
	const char *dir = g_getenv("VU_UAPI_DIR");
	return dir && *dir ? dir : "/usr/include/linux";
}

/* bit -> name of every numeric define with the prefix, added to defs. */
static void parse_header(const struct uapi_source *src, GHashTable *defs)
{
	g_autofree char *path = g_build_filename(uapi_dir(), src->file, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *pattern = g_strdup_printf(
	    "^[ \\t]*#[ \\t]*define[ \\t]+%s([A-Z0-9_]+)[ \\t]+([0-9]+)\\b", src->prefix);
	g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, &error);
	g_autoptr(GMatchInfo) m = NULL;

	g_assert_no_error(error);
	if (!g_file_get_contents(path, &text, NULL, &error))
		g_error("%s: %s (install linux-libc-dev or set VU_UAPI_DIR)", path, error->message);
	g_regex_match(re, text, 0, &m);
	for (; g_match_info_matches(m); g_match_info_next(m, NULL)) {
		g_autofree char *name = g_match_info_fetch(m, 1);
		g_autofree char *num = g_match_info_fetch(m, 2);
		guint64 bit = g_ascii_strtoull(num, NULL, 10);
		/* Bit numbers only: a define of 64 or more is not a feature bit. */
		if (bit >= 64)
			continue;
		g_hash_table_insert(defs, GUINT_TO_POINTER((unsigned)bit + 1),
		                    g_strdup_printf("%s%s", src->prefix, name));
	}
}

static const struct vu_bit_table *our_table(const char *id)
{
	if (g_str_equal(id, "transport"))
		return vu_transport_feature_table();
	return vu_device_feature_table_by_id(id);
}

static void test_uapi_case(gconstpointer data)
{
	const struct uapi_case *c = data;
	const struct vu_bit_table *t = our_table(c->table);
	g_autoptr(GHashTable) defs =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	g_autoptr(GString) diffs = g_string_new(NULL);
	GHashTableIter it;
	gpointer key, value;

	g_assert_nonnull(t);
	for (size_t i = 0; i < G_N_ELEMENTS(c->sources) && c->sources[i].file; i++)
		parse_header(&c->sources[i], defs);

	/* Header -> ours: same bit, same name (the part after the prefix's _F_), not unverified. */
	g_hash_table_iter_init(&it, defs);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		unsigned bit = GPOINTER_TO_UINT(key) - 1;
		const char *macro = value;
		const char *want = strstr(macro, "_F_") + 3;
		const char *have = vu_bit_table_lookup(t, bit);

		if (g_strcmp0(have, want) != 0) {
			g_string_append_printf(diffs, "  bit %u: header %s, our table %s\n", bit,
			                       macro, have ? have : "(no name)");
			continue;
		}
		for (size_t i = 0; i < t->count; i++)
			if (t->bits[i].bit == bit && t->bits[i].unverified)
				g_string_append_printf(
				    diffs, "  bit %u %s: marked unverified, but %s defines it\n",
				    bit, have, macro);
	}
	/* Ours -> header: every verified name is defined there. */
	for (size_t i = 0; i < t->count; i++) {
		const struct vu_bit_name *b = &t->bits[i];
		if (b->unverified || not_linux(c->table, b->bit))
			continue;
		if (!g_hash_table_contains(defs, GUINT_TO_POINTER(b->bit + 1)))
			g_string_append_printf(diffs,
			                       "  bit %u %s: not marked unverified, but no header "
			                       "defines it\n",
			                       b->bit, b->name);
	}
	if (diffs->len)
		g_error("%s feature names differ from %s/%s:\n%s", c->table, uapi_dir(),
		        c->sources[0].file, diffs->str);
}

/* The parser itself must find what we know is there, or the test above proves nothing. */
static void test_uapi_parser(void)
{
	g_autoptr(GHashTable) defs =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	const struct uapi_source net = {"virtio_net.h", "VIRTIO_NET_F_"};
	const struct uapi_source config = {"virtio_config.h", "VIRTIO_F_"};

	parse_header(&net, defs);
	g_assert_cmpstr(g_hash_table_lookup(defs, GUINT_TO_POINTER(5 + 1)), ==, "VIRTIO_NET_F_MAC");
	g_assert_cmpstr(g_hash_table_lookup(defs, GUINT_TO_POINTER(22 + 1)), ==, "VIRTIO_NET_F_MQ");
	g_assert_cmpuint(g_hash_table_size(defs), >=, 25);
	g_hash_table_remove_all(defs);
	parse_header(&config, defs);
	g_assert_cmpstr(g_hash_table_lookup(defs, GUINT_TO_POINTER(32 + 1)), ==,
	                "VIRTIO_F_VERSION_1");
	g_assert_cmpstr(g_hash_table_lookup(defs, GUINT_TO_POINTER(34 + 1)), ==,
	                "VIRTIO_F_RING_PACKED");
}

void test_uapi_register(void)
{
	test_add("/dissector/names/uapi/parser", test_uapi_parser);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *path = g_strdup_printf("/dissector/names/uapi/%s", cases[i].table);
		test_add_data(path, &cases[i], test_uapi_case);
	}
}
