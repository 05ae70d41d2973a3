/*
 * The request table, the name tables and the field/finding tables, checked
 * against the reference (tests/test-dissector-reference.c) and for the
 * properties the rest of the program relies on: numbers match the index,
 * names and keys are unique, old names resolve, gates name existing bits.
 */
#include <string.h>

#include "tests/test-dissector-reference.h"
#include "tests/test-dissector-util.h"

static const enum vu_channel channels[] = {VU_CHANNEL_MAIN, VU_CHANNEL_BACKEND, VU_CHANNEL_GPU};

static void test_counts(void)
{
	size_t n = 0;

	g_assert_nonnull(vu_request_table(VU_CHANNEL_MAIN, &n));
	g_assert_cmpuint(n, ==, 46); /* NONE + requests 1-45 */
	g_assert_nonnull(vu_request_table(VU_CHANNEL_BACKEND, &n));
	g_assert_cmpuint(n, ==, 11); /* NONE + requests 1-10 */
	g_assert_nonnull(vu_request_table(VU_CHANNEL_GPU, &n));
	g_assert_cmpuint(n, ==, test_ref_gpu_count);
	g_assert_null(vu_request_table(VU_CHANNEL_COUNT, &n));
	g_assert_cmpuint(n, ==, 0);
}

static char *full_name(const char *short_name)
{
	return short_name ? g_strconcat("VHOST_USER_", short_name, NULL) : NULL;
}

#define DIFF(cond, fmt, ...)                                                                       \
	do {                                                                                       \
		if (cond)                                                                          \
			g_string_append_printf(diffs, "  %s #%u: " fmt "\n", vu_channel_name(ch),  \
			                       ref->number, __VA_ARGS__);                          \
	} while (0)

/* Compare every column of every row with the reference and report all differences at once. */
static void check_rows(enum vu_channel ch)
{
	size_t n = 0, nref = 0;
	const struct vu_request_info *t = vu_request_table(ch, &n);
	const struct test_ref_request *refs = test_ref_table(ch, &nref);
	g_autoptr(GString) diffs = g_string_new(NULL);

	g_assert_cmpuint(n, ==, nref);
	for (size_t i = 0; i < n; i++) {
		const struct vu_request_info *r = &t[i];
		const struct test_ref_request *ref = &refs[i];
		g_autofree char *name = full_name(ref->name);
		g_autofree char *old = full_name(ref->old_name);
		g_autofree char *key = g_ascii_strdown(ref->name, -1);

		/* The reference lists the requests in the order of the protocol's
		 * numbers: a name of ours at another place is a wrong number. */
		DIFF(ref->number != i,
		     "%s is %u in the generated enum, %zu in the reference's order", ref->name,
		     ref->number, i);
		DIFF(r->number != i, "number %u at index %zu", r->number, i);
		DIFF(r->channel != ch, "channel %d", r->channel);
		DIFF(g_strcmp0(r->name, name) != 0, "name %s, reference %s", r->name, name);
		DIFF(g_strcmp0(r->old_name, old) != 0, "old name %s, reference %s",
		     r->old_name ? r->old_name : "(none)", old ? old : "(none)");
		DIFF(g_strcmp0(r->key, key) != 0, "key %s, expected %s", r->key, key);
		if (i == 0)
			continue; /* NONE: a name only */
		DIFF(r->request_payload != ref->request, "request payload %s, reference %s",
		     vu_payload_kind_name(r->request_payload), vu_payload_kind_name(ref->request));
		DIFF(r->reply_payload != ref->reply, "reply payload %s, reference %s",
		     vu_payload_kind_name(r->reply_payload), vu_payload_kind_name(ref->reply));
		DIFF(r->request_fds_min != ref->fds_min || r->request_fds_max != ref->fds_max,
		     "request fds %u-%u, reference %u-%u", r->request_fds_min, r->request_fds_max,
		     ref->fds_min, ref->fds_max);
		DIFF(r->reply_fds_max != ref->reply_fds, "reply fds %u, reference %u",
		     r->reply_fds_max, ref->reply_fds);
		DIFF(r->always_replied != ref->always_replied, "always replied %d, reference %d",
		     r->always_replied, ref->always_replied);
		/* A plain u64 or a vring state: the row names the field of its number. */
		if (ref->request == VU_PAYLOAD_U64 || ref->request == VU_PAYLOAD_VRING_STATE)
			DIFF(r->request_field != ref->request_value,
			     "request field %s, reference %s", vu_field_def(r->request_field)->key,
			     vu_field_def(ref->request_value)->key);
		if (ref->reply == VU_PAYLOAD_U64 || ref->reply == VU_PAYLOAD_VRING_STATE)
			DIFF(r->reply_field != ref->reply_value, "reply field %s, reference %s",
			     vu_field_def(r->reply_field)->key,
			     vu_field_def(ref->reply_value)->key);
		if (ch == VU_CHANNEL_GPU)
			continue; /* the GPU protocol has no gates, per-device or deprecated rows */
		DIFF(r->gate != ref->gate, "gate %d, reference %d", r->gate, ref->gate);
		DIFF(r->gate_virtio != ref->gate_virtio, "virtio gate %d, reference %d",
		     r->gate_virtio, ref->gate_virtio);
		DIFF(r->per_device != ref->per_device, "per-device %d, reference %d", r->per_device,
		     ref->per_device);
		DIFF(r->deprecated != ref->deprecated, "deprecated %d, reference %d", r->deprecated,
		     ref->deprecated);
	}
	if (diffs->len)
		g_error("request table differs from the reference:\n%s", diffs->str);
}

static void test_rows_main(void)
{
	check_rows(VU_CHANNEL_MAIN);
}

static void test_rows_backend(void)
{
	check_rows(VU_CHANNEL_BACKEND);
}

static void test_rows_gpu(void)
{
	check_rows(VU_CHANNEL_GPU);
}

static void test_lookup(void)
{
	for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
		size_t n = 0;
		const struct vu_request_info *t = vu_request_table(channels[c], &n);

		for (uint32_t i = 1; i < n; i++)
			g_assert_true(vu_request_lookup(channels[c], i) == &t[i]);
		/* NONE is no message; numbers past the table are unknown. */
		g_assert_null(vu_request_lookup(channels[c], 0));
		g_assert_null(vu_request_lookup(channels[c], (uint32_t)n));
		g_assert_null(vu_request_lookup(channels[c], 1000));
		g_assert_null(vu_request_lookup(channels[c], UINT32_MAX));
	}
	g_assert_null(vu_request_lookup(VU_CHANNEL_COUNT, 1));
	/* The back-end channel has its own number space (§3). */
	g_assert_cmpstr(vu_request_lookup(VU_CHANNEL_BACKEND, 1)->name, ==,
	                "VHOST_USER_BACKEND_IOTLB_MSG");
	g_assert_cmpstr(vu_request_lookup(VU_CHANNEL_MAIN, 1)->name, ==, "VHOST_USER_GET_FEATURES");
	g_assert_null(vu_request_lookup(VU_CHANNEL_BACKEND, 11));
	g_assert_null(vu_request_lookup(VU_CHANNEL_MAIN, 46));
}

static void test_names_unique(void)
{
	g_autoptr(GHashTable) keys = g_hash_table_new(g_str_hash, g_str_equal);

	for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
		size_t n = 0;
		const struct vu_request_info *t = vu_request_table(channels[c], &n);
		g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);

		for (size_t i = 0; i < n; i++) {
			g_assert_nonnull(t[i].name);
			g_assert_true(g_str_has_prefix(t[i].name, "VHOST_USER_"));
			if (!g_hash_table_add(names, (gpointer)t[i].name))
				g_error("name %s twice", t[i].name);
			if (t[i].old_name && !g_hash_table_add(names, (gpointer)t[i].old_name))
				g_error("old name %s twice", t[i].old_name);
			/* Keys become JSON keys and filter values: unique over all channels. */
			if (i > 0 && !g_hash_table_add(keys, (gpointer)t[i].key))
				g_error("key %s twice", t[i].key);
		}
	}
}

static void check_by_name(enum vu_channel ch, const char *name, const struct vu_request_info *want)
{
	g_autofree char *lower = g_ascii_strdown(name, -1);
	const char *bare = g_str_has_prefix(name, "VHOST_USER_") ? name + 11 : name;

	if (vu_request_by_name(ch, name) != want)
		g_error("vu_request_by_name(%s, \"%s\") did not find %s", vu_channel_name(ch), name,
		        want->name);
	g_assert_true(vu_request_by_name(ch, lower) == want);
	g_assert_true(vu_request_by_name(ch, bare) == want);
}

static void test_by_name(void)
{
	for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
		size_t n = 0;
		const struct vu_request_info *t = vu_request_table(channels[c], &n);

		for (size_t i = 1; i < n; i++) {
			check_by_name(channels[c], t[i].name, &t[i]);
			if (t[i].old_name)
				check_by_name(channels[c], t[i].old_name, &t[i]);
		}
	}
	/* The renames of §9, spelled out. */
	g_assert_cmpuint(vu_request_by_name(VU_CHANNEL_MAIN, "VHOST_USER_SET_SLAVE_REQ_FD")->number,
	                 ==, VU_REQ_SET_BACKEND_REQ_FD);
	g_assert_cmpuint(vu_request_by_name(VU_CHANNEL_MAIN, "set_backend_req_fd")->number, ==,
	                 VU_REQ_SET_BACKEND_REQ_FD);
	g_assert_cmpuint(
	    vu_request_by_name(VU_CHANNEL_BACKEND, "VHOST_USER_SLAVE_IOTLB_MSG")->number, ==,
	    VU_BREQ_IOTLB_MSG);
	g_assert_cmpuint(vu_request_by_name(VU_CHANNEL_BACKEND, "SLAVE_CONFIG_CHANGE_MSG")->number,
	                 ==, VU_BREQ_CONFIG_CHANGE_MSG);
	g_assert_cmpuint(
	    vu_request_by_name(VU_CHANNEL_BACKEND, "VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG")
	        ->number,
	    ==, VU_BREQ_VRING_HOST_NOTIFIER_MSG);
	g_assert_cmpuint(vu_request_by_name(VU_CHANNEL_BACKEND, "slave_vring_call")->number, ==,
	                 VU_BREQ_VRING_CALL);
	g_assert_cmpuint(vu_request_by_name(VU_CHANNEL_BACKEND, "SLAVE_VRING_ERR")->number, ==,
	                 VU_BREQ_VRING_ERR);
	/* Not found: other channel, partial, empty, NONE. */
	g_assert_null(vu_request_by_name(VU_CHANNEL_MAIN, "VHOST_USER_BACKEND_IOTLB_MSG"));
	g_assert_null(vu_request_by_name(VU_CHANNEL_BACKEND, "GET_FEATURES"));
	g_assert_null(vu_request_by_name(VU_CHANNEL_MAIN, "GET_FEATURE"));
	g_assert_null(vu_request_by_name(VU_CHANNEL_MAIN, "GET_FEATURESX"));
	g_assert_null(vu_request_by_name(VU_CHANNEL_MAIN, "VHOST_USER_"));
	g_assert_null(vu_request_by_name(VU_CHANNEL_MAIN, ""));
	g_assert_null(vu_request_by_name(VU_CHANNEL_MAIN, "VHOST_USER"));
	g_assert_null(vu_request_by_name(VU_CHANNEL_COUNT, "GET_FEATURES"));
}

static void test_gates(void)
{
	const struct vu_bit_table *proto = vu_protocol_feature_table();
	const struct vu_bit_table *transport = vu_transport_feature_table();

	for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
		size_t n = 0;
		const struct vu_request_info *t = vu_request_table(channels[c], &n);

		for (size_t i = 0; i < n; i++) {
			if (t[i].gate >= 0 && !vu_bit_table_lookup(proto, (unsigned)t[i].gate))
				g_error("%s gated by protocol bit %d, which has no name", t[i].name,
				        t[i].gate);
			if (t[i].gate_virtio >= 0 &&
			    !vu_bit_table_lookup(transport, (unsigned)t[i].gate_virtio))
				g_error("%s gated by virtio bit %d, which has no name", t[i].name,
				        t[i].gate_virtio);
			g_assert_cmpint(t[i].gate, >=, -1);
			g_assert_cmpint(t[i].gate_virtio, >=, -1);
			g_assert_cmpuint(t[i].request_fds_min, <=, t[i].request_fds_max);
			g_assert_cmpuint(t[i].request_fds_max, <=, VU_MAX_FDS);
			g_assert_cmpuint(t[i].request_payload, <, VU_PAYLOAD_KIND_COUNT);
			g_assert_cmpuint(t[i].reply_payload, <, VU_PAYLOAD_KIND_COUNT);
		}
	}
	/* Spot checks: the gate names of §5 and §6.1. */
	g_assert_cmpstr(
	    vu_bit_table_lookup(
	        proto,
	        (unsigned)vu_request_lookup(VU_CHANNEL_MAIN, VU_REQ_SET_BACKEND_REQ_FD)->gate),
	    ==, "BACKEND_REQ");
	g_assert_cmpstr(
	    vu_bit_table_lookup(proto, (unsigned)vu_request_lookup(VU_CHANNEL_MAIN,
	                                                           VU_REQ_GET_VRING_BASE_SKIP_DRAIN)
	                                   ->gate),
	    ==, "GET_VRING_BASE_SKIP_DRAIN");
	g_assert_cmpstr(
	    vu_bit_table_lookup(
	        transport,
	        (unsigned)vu_request_lookup(VU_CHANNEL_MAIN, VU_REQ_IOTLB_MSG)->gate_virtio),
	    ==, "ACCESS_PLATFORM");
}

static void test_payload_kind_names(void)
{
	g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);

	for (unsigned k = 0; k < VU_PAYLOAD_KIND_COUNT; k++) {
		const char *name = vu_payload_kind_name(k);
		g_assert_nonnull(name);
		g_assert_cmpstr(name, !=, "unknown");
		if (!g_hash_table_add(names, (gpointer)name))
			g_error("payload kind name %s twice", name);
	}
	g_assert_cmpstr(vu_payload_kind_name(VU_PAYLOAD_KIND_COUNT), ==, "unknown");
	g_assert_cmpstr(vu_payload_kind_name((enum vu_payload_kind)1000), ==, "unknown");
}

static void test_small_names(void)
{
	g_assert_cmpstr(vu_channel_name(VU_CHANNEL_MAIN), ==, "main");
	g_assert_cmpstr(vu_channel_name(VU_CHANNEL_BACKEND), ==, "backend");
	g_assert_cmpstr(vu_channel_name(VU_CHANNEL_GPU), ==, "gpu");
	g_assert_cmpstr(vu_channel_name(VU_CHANNEL_COUNT), ==, "unknown");
	g_assert_cmpstr(vu_direction_name(VU_FROM_FRONT), ==, "front");
	g_assert_cmpstr(vu_direction_name(VU_FROM_BACK), ==, "back");
	g_assert_cmpstr(vu_direction_name((enum vu_direction)2), ==, "unknown");
	g_assert_cmpstr(vu_fd_kind_name(VU_FD_MEMFD), ==, "memfd");
	g_assert_cmpstr(vu_fd_kind_name(VU_FD_EVENTFD), ==, "eventfd");
	g_assert_cmpstr(vu_fd_kind_name(VU_FD_SOCKET), ==, "socket");
	g_assert_cmpstr(vu_fd_kind_name((enum vu_fd_kind)99), ==, "unknown");
}

/* §5, current spec names; bit 4 is MTU in the spec and NET_MTU in QEMU's code. */
static const char *const ref_protocol_bits[] = {
    "MQ",
    "LOG_SHMFD",
    "RARP",
    "REPLY_ACK",
    "NET_MTU",
    "BACKEND_REQ",
    "CROSS_ENDIAN",
    "CRYPTO_SESSION",
    "PAGEFAULT",
    "CONFIG",
    "BACKEND_SEND_FD",
    "HOST_NOTIFIER",
    "INFLIGHT_SHMFD",
    "RESET_DEVICE",
    "INBAND_NOTIFICATIONS",
    "CONFIGURE_MEM_SLOTS",
    "STATUS",
    "XEN_MMAP",
    "SHARED_OBJECT",
    "DEVICE_STATE",
    "GET_VRING_BASE_INFLIGHT",
    "GPA_ADDRESSES",
    "SHMEM",
    "GET_VRING_BASE_SKIP_DRAIN",
};

static void test_protocol_bits(void)
{
	const struct vu_bit_table *t = vu_protocol_feature_table();

	g_assert_cmpstr(t->id, ==, "protocol");
	g_assert_cmpuint(t->count, ==, G_N_ELEMENTS(ref_protocol_bits));
	for (unsigned b = 0; b < G_N_ELEMENTS(ref_protocol_bits); b++) {
		const char *name = vu_bit_table_lookup(t, b);
		if (g_strcmp0(name, ref_protocol_bits[b]) != 0 &&
		    !(b == 4 && g_strcmp0(name, "MTU") == 0))
			g_error("protocol bit %u is %s, reference %s", b, name,
			        ref_protocol_bits[b]);
	}
	g_assert_null(vu_bit_table_lookup(t, 24));
	g_assert_null(vu_bit_table_lookup(t, 63));
	g_assert_null(vu_bit_table_lookup(NULL, 0));
}

/* §6.1 */
static const struct {
	unsigned bit;
	const char *name;
} ref_transport_bits[] = {
    {24, "NOTIFY_ON_EMPTY"},   {26, "LOG_ALL"},           {27, "ANY_LAYOUT"},
    {28, "INDIRECT_DESC"},     {29, "EVENT_IDX"},         {30, "PROTOCOL_FEATURES"},
    {32, "VERSION_1"},         {33, "ACCESS_PLATFORM"},   {34, "RING_PACKED"},
    {35, "IN_ORDER"},          {36, "ORDER_PLATFORM"},    {37, "SR_IOV"},
    {38, "NOTIFICATION_DATA"}, {39, "NOTIF_CONFIG_DATA"}, {40, "RING_RESET"},
    {41, "ADMIN_VQ"},
};

static void test_transport_bits(void)
{
	const struct vu_bit_table *t = vu_transport_feature_table();

	g_assert_cmpuint(t->count, ==, G_N_ELEMENTS(ref_transport_bits));
	for (size_t i = 0; i < G_N_ELEMENTS(ref_transport_bits); i++)
		g_assert_cmpstr(vu_bit_table_lookup(t, ref_transport_bits[i].bit), ==,
		                ref_transport_bits[i].name);
	g_assert_null(vu_bit_table_lookup(t, 25));
	g_assert_null(vu_bit_table_lookup(t, 31));
	/* Transport names win over device names; device bits come from the device table. */
	g_assert_cmpstr(vu_feature_bit_name(VU_DEVICE_NET, 32), ==, "VERSION_1");
	g_assert_cmpstr(vu_feature_bit_name(VU_DEVICE_NET, 5), ==, "MAC");
	g_assert_cmpstr(vu_feature_bit_name(VU_DEVICE_BLK, 9), ==, "FLUSH");
	g_assert_cmpstr(vu_feature_bit_name(VU_DEVICE_NET, 63), ==, "SPEED_DUPLEX");
	g_assert_cmpstr(vu_feature_bit_name(VU_DEVICE_BLK, 30), ==, "PROTOCOL_FEATURES");
	g_assert_null(vu_feature_bit_name(VU_DEVICE_UNKNOWN, 5));
	g_assert_null(vu_feature_bit_name(VU_DEVICE_BLK, 3));
	g_assert_null(vu_feature_bit_name(VU_DEVICE_NET, 25));
}

static void test_status_bits(void)
{
	const struct vu_bit_table *t = vu_status_bit_table();

	/* §4.11 gives values; the table holds bit numbers. */
	g_assert_cmpstr(vu_bit_table_lookup(t, 0), ==, "ACKNOWLEDGE");
	g_assert_cmpstr(vu_bit_table_lookup(t, 1), ==, "DRIVER");
	g_assert_cmpstr(vu_bit_table_lookup(t, 2), ==, "DRIVER_OK");
	g_assert_cmpstr(vu_bit_table_lookup(t, 3), ==, "FEATURES_OK");
	g_assert_cmpstr(vu_bit_table_lookup(t, 6), ==, "NEEDS_RESET");
	g_assert_cmpstr(vu_bit_table_lookup(t, 7), ==, "FAILED");
	g_assert_null(vu_bit_table_lookup(t, 4));
	g_assert_cmpuint(t->count, ==, 6);
}

static void test_device_tables(void)
{
	static const struct {
		enum vu_device_type type;
		const char *id;
	} devices[] = {
	    {VU_DEVICE_NET, "net"},     {VU_DEVICE_BLK, "blk"},       {VU_DEVICE_FS, "fs"},
	    {VU_DEVICE_GPU, "gpu"},     {VU_DEVICE_SCSI, "scsi"},     {VU_DEVICE_VSOCK, "vsock"},
	    {VU_DEVICE_INPUT, "input"}, {VU_DEVICE_CRYPTO, "crypto"}, {VU_DEVICE_I2C, "i2c"},
	    {VU_DEVICE_GPIO, "gpio"},   {VU_DEVICE_RNG, "rng"},       {VU_DEVICE_SOUND, "sound"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(devices); i++) {
		const struct vu_bit_table *t = vu_device_feature_table(devices[i].type);
		g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);

		g_assert_nonnull(t);
		g_assert_cmpstr(t->id, ==, devices[i].id);
		g_assert_true(vu_device_feature_table_by_id(devices[i].id) == t);
		g_assert_cmpstr(vu_device_type_name(devices[i].type), ==, devices[i].id);
		for (size_t b = 0; b < t->count; b++) {
			/* Device bits live in 0-23 and 50-63 (virtio spec 2.2). */
			g_assert_true(t->bits[b].bit < 24 ||
			              (t->bits[b].bit >= 50 && t->bits[b].bit < 64));
			g_assert_nonnull(t->bits[b].name);
			if (!g_hash_table_add(names, (gpointer)t->bits[b].name))
				g_error("%s: bit name %s twice", t->id, t->bits[b].name);
			if (b > 0)
				g_assert_cmpuint(t->bits[b - 1].bit, <, t->bits[b].bit);
		}
	}
	/* §6.5: input and rng have no device bits. */
	g_assert_cmpuint(vu_device_feature_table(VU_DEVICE_INPUT)->count, ==, 0);
	g_assert_cmpuint(vu_device_feature_table(VU_DEVICE_RNG)->count, ==, 0);
	g_assert_null(vu_device_feature_table(VU_DEVICE_UNKNOWN));
	g_assert_null(vu_device_feature_table_by_id("nosuch"));
	g_assert_cmpstr(vu_device_type_name(VU_DEVICE_UNKNOWN), ==, "unknown");
}

static void test_field_defs(void)
{
	size_t n = 0;
	const struct vu_field_def *defs = vu_field_defs(&n);
	g_autoptr(GHashTable) keys = g_hash_table_new(g_str_hash, g_str_equal);

	g_assert_cmpuint(n, ==, VU_FIELD_COUNT);
	for (size_t i = 0; i < n; i++) {
		g_assert_true(vu_field_def(i) == &defs[i]);
		g_assert_nonnull(defs[i].key);
		g_assert_nonnull(defs[i].label);
		if (!g_hash_table_add(keys, (gpointer)defs[i].key))
			g_error("field key %s twice", defs[i].key);
		/* Filter names: lower case, digits, '_' and '.' only. */
		for (const char *p = defs[i].key; *p; p++)
			g_assert_true(g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '_' ||
			              *p == '.');
		if (defs[i].type == VU_FT_BOOL)
			g_assert_cmpuint(defs[i].mask, !=, 0);
		if (defs[i].bits)
			g_assert_true(g_str_equal(defs[i].bits, "virtio") ||
			              g_str_equal(defs[i].bits, "protocol") ||
			              g_str_equal(defs[i].bits, "status"));
	}
	g_assert_null(vu_field_def(VU_FIELD_COUNT));
	g_assert_cmpstr(vu_field_def(VU_FIELD_VRING_INDEX)->key, ==, "vring.index");
	g_assert_cmpstr(vu_field_def(VU_FIELD_IOTLB_TYPE)->values[2], ==, "update");
	g_assert_cmpstr(vu_field_def(VU_FIELD_IOTLB_PERM)->values[3], ==, "read-write");
}

static void test_finding_defs(void)
{
	size_t n = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&n);
	g_autoptr(GHashTable) keys = g_hash_table_new(g_str_hash, g_str_equal);

	g_assert_cmpuint(n, ==, VU_FIND_COUNT);
	for (size_t i = 0; i < n; i++) {
		g_assert_nonnull(defs[i].key);
		g_assert_nonnull(defs[i].text);
		g_assert_cmpuint(strlen(defs[i].text), <, VU_FINDING_TEXT);
		g_assert_cmpuint(defs[i].severity, <=, VU_SEV_ERROR);
		if (!g_hash_table_add(keys, (gpointer)defs[i].key))
			g_error("finding key %s twice", defs[i].key);
	}
	g_assert_cmpstr(defs[VU_FIND_TRUNCATED].key, ==, "malformed.truncated");
}

void test_requests_register(void)
{
	test_add("/dissector/requests/counts", test_counts);
	test_add("/dissector/requests/rows/main", test_rows_main);
	test_add("/dissector/requests/rows/backend", test_rows_backend);
	test_add("/dissector/requests/rows/gpu", test_rows_gpu);
	test_add("/dissector/requests/lookup", test_lookup);
	test_add("/dissector/requests/names-unique", test_names_unique);
	test_add("/dissector/requests/by-name", test_by_name);
	test_add("/dissector/requests/gates", test_gates);
	test_add("/dissector/names/payload-kinds", test_payload_kind_names);
	test_add("/dissector/names/small", test_small_names);
	test_add("/dissector/names/protocol-features", test_protocol_bits);
	test_add("/dissector/names/transport-features", test_transport_bits);
	test_add("/dissector/names/status", test_status_bits);
	test_add("/dissector/names/device-tables", test_device_tables);
	test_add("/dissector/fields/defs", test_field_defs);
	test_add("/dissector/findings/defs", test_finding_defs);
}
