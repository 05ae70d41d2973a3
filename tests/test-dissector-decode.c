/*
 * Every request of every channel, as request and as reply: the message is
 * built here from the reference's layout (§2-§4), decoded, and the header,
 * the request table row, the payload kind and every payload field (key,
 * offset from the message start, length, value) are checked.
 *
 * The cases are the reference's requests (test-dissector-reference.c) times
 * request, request with NEED_REPLY, and reply; each takes its payload and
 * expected fields from the sample of its payload kind below.
 */
#include <string.h>

#include "tests/test-dissector-reference.h"
#include "tests/test-dissector-util.h"

/* Values written into the payloads; distinct so that a swapped field shows. */
#define V_FEATURES  ((1ull << 32) | (1ull << 30) | (1ull << 29) | (1ull << 5))
#define V_PROTOCOL  0x8f2bull
#define V_STATUS    0x0full
#define V_U64       0x0102030405060708ull
#define V_DESC      0x7f0000001000ull
#define V_USED      0x7f0000002000ull
#define V_AVAIL     0x7f0000003000ull
#define V_LOG       0x4000ull
#define V_GPA       0x100000000ull
#define V_MEMSIZE   0x10000000ull
#define V_UADDR     0x7f1234000000ull
#define V_MMAPOFF   0x2000ull
#define V_IOVA      0x10000ull
#define V_CRYPTO_OP 0x02000000ull
#define CRYPTO_SIZE 96u

#define UUID "\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x23\x45\x67\x89\xab\xcd\xef"
#define MAC  "\x52\x54\x00\x12\x34\x56"

enum sample_side {
	SAMPLE_BOTH = 0,
	SAMPLE_REQUEST,
	SAMPLE_REPLY,
};

/*
 * A typical payload of one kind and what it decodes to. A kind whose number
 * is carried by a field that depends on the request (a u64, a vring state)
 * gives it in .value, for the reference's value field of the request; a
 * sample with a value_key serves only that field.
 */
struct sample {
	enum vu_payload_kind kind;
	const char *value_key;
	enum sample_side side;
	const struct test_put *payload;
	size_t zeros;
	struct test_pattern pattern;
	unsigned nfds; /* the usual fds; the reference's fd columns win */
	const struct test_field_expect *fields;
	struct test_field_expect value; /* key from the reference; length 0: none */
	const struct test_count_expect *counts;
	bool header_only;
};

/* clang-format off */
static const struct sample samples[] = {
	/* Nothing beyond the header. */
	{.kind = VU_PAYLOAD_NONE, .header_only = true},
	/* Results are 0 (success) to keep the message clean. */
	{.kind = VU_PAYLOAD_U64, .value_key = "result",
	 .payload = PAYLOAD(U64_AT(0, 0)), .value = {NULL, 0, 0, 8}},
	{.kind = VU_PAYLOAD_U64,
	 .payload = PAYLOAD(U64_AT(0, V_U64)), .value = {NULL, V_U64, 0, 8}},
	{.kind = VU_PAYLOAD_ACK,
	 .payload = PAYLOAD(U64_AT(0, 0)), .fields = FIELDS({"ack", 0, 0, 8})},
	{.kind = VU_PAYLOAD_FEATURES,
	 .payload = PAYLOAD(U64_AT(0, V_FEATURES)), .fields = FIELDS({"features", V_FEATURES, 0, 8})},
	{.kind = VU_PAYLOAD_PROTOCOL_FEATURES,
	 .payload = PAYLOAD(U64_AT(0, V_PROTOCOL)),
	 .fields = FIELDS({"protocol_features", V_PROTOCOL, 0, 8})},
	{.kind = VU_PAYLOAD_STATUS,
	 .payload = PAYLOAD(U64_AT(0, V_STATUS)), .fields = FIELDS({"status", V_STATUS, 0, 8})},
	/* Ring 1; the number by the field that holds it, reserved (0) when none. */
	{.kind = VU_PAYLOAD_VRING_STATE, .value_key = "vring.size",
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 256)),
	 .fields = FIELDS({"vring.index", 1, 0, 4}), .value = {NULL, 256, 4, 4}},
	{.kind = VU_PAYLOAD_VRING_STATE, .value_key = "vring.base",
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 0x1234)),
	 .fields = FIELDS({"vring.index", 1, 0, 4}), .value = {NULL, 0x1234, 4, 4}},
	{.kind = VU_PAYLOAD_VRING_STATE, .value_key = "vring.enable",
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 1)),
	 .fields = FIELDS({"vring.index", 1, 0, 4}), .value = {NULL, 1, 4, 4}},
	{.kind = VU_PAYLOAD_VRING_STATE, .value_key = "vring.endian",
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 1)),
	 .fields = FIELDS({"vring.index", 1, 0, 4}), .value = {NULL, 1, 4, 4}},
	{.kind = VU_PAYLOAD_VRING_STATE,
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 0)),
	 .fields = FIELDS({"vring.index", 1, 0, 4}), .value = {NULL, 0, 4, 4}},
	/* Flags VHOST_VRING_F_LOG. */
	{.kind = VU_PAYLOAD_VRING_ADDR,
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 1), U64_AT(8, V_DESC), U64_AT(16, V_USED),
	                    U64_AT(24, V_AVAIL), U64_AT(32, V_LOG)),
	 .fields = FIELDS({"vring.index", 1, 0, 4},
	                  {"vring.addr_flags", 1, 4, 4},
	                  {"vring.addr_flags.log", 1, 4, 4},
	                  {"vring.desc_user_addr", V_DESC, 8, 8},
	                  {"vring.used_user_addr", V_USED, 16, 8},
	                  {"vring.avail_user_addr", V_AVAIL, 24, 8},
	                  {"vring.log_guest_addr", V_LOG, 32, 8})},
	/* Ring 2, an fd attached. */
	{.kind = VU_PAYLOAD_VRING_FILE, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 2)),
	 .fields = FIELDS({"vring.file", 2, 0, 8}, {"vring.index", 2, 0, 8},
	                  {"vring.nofd", 0, 0, 8})},
	{.kind = VU_PAYLOAD_MEM_TABLE, .nfds = 1,
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 0), U64_AT(8, V_GPA), U64_AT(16, V_MEMSIZE),
	                    U64_AT(24, V_UADDR), U64_AT(32, V_MMAPOFF)),
	 .fields = FIELDS({"mem.nregions", 1, 0, 4},
	                  {"mem.padding", 0, 4, 4},
	                  {"mem.region", 0, 8, 32},
	                  {"mem.region.guest_addr", V_GPA, 8, 8},
	                  {"mem.region.size", V_MEMSIZE, 16, 8},
	                  {"mem.region.user_addr", V_UADDR, 24, 8},
	                  {"mem.region.mmap_offset", V_MMAPOFF, 32, 8}),
	 .counts = COUNTS(COUNT("mem.region", 1))},
	{.kind = VU_PAYLOAD_MEM_REGION, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0), U64_AT(8, V_GPA), U64_AT(16, V_MEMSIZE),
	                    U64_AT(24, V_UADDR), U64_AT(32, V_MMAPOFF)),
	 .fields = FIELDS({"mem.padding", 0, 0, 8},
	                  {"mem.region", 0, 8, 32},
	                  {"mem.region.guest_addr", V_GPA, 8, 8},
	                  {"mem.region.size", V_MEMSIZE, 16, 8},
	                  {"mem.region.user_addr", V_UADDR, 24, 8},
	                  {"mem.region.mmap_offset", V_MMAPOFF, 32, 8})},
	{.kind = VU_PAYLOAD_LOG, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0x2000), U64_AT(8, 0x100)),
	 .fields = FIELDS({"log.mmap_size", 0x2000, 0, 8}, {"log.mmap_offset", 0x100, 8, 8})},
	/* perm RW, type UPDATE */
	{.kind = VU_PAYLOAD_IOTLB,
	 .payload = PAYLOAD(U64_AT(0, V_IOVA), U64_AT(8, 0x1000), U64_AT(16, V_UADDR), U8_AT(24, 3),
	                    U8_AT(25, 2), BYTES_AT(26, "\0\0\0\0\0\0")),
	 .fields = FIELDS({"iotlb.iova", V_IOVA, 0, 8},
	                  {"iotlb.size", 0x1000, 8, 8},
	                  {"iotlb.uaddr", V_UADDR, 16, 8},
	                  {"iotlb.perm", 3, 24, 1},
	                  {"iotlb.type", 2, 25, 1})},
	{.kind = VU_PAYLOAD_CONFIG, .side = SAMPLE_REQUEST,
	 .payload = PAYLOAD(U32_AT(0, 0), U32_AT(4, 8), U32_AT(8, 0),
	                    BYTES_AT(12, "\0\0\0\0\0\0\0\0")),
	 .fields = FIELDS({"config.offset", 0, 0, 4}, {"config.size", 8, 4, 4},
	                  {"config.flags", 0, 8, 4}, {"config.data", 0, 12, 8})},
	{.kind = VU_PAYLOAD_CONFIG, .side = SAMPLE_REPLY,
	 .payload = PAYLOAD(U32_AT(0, 0), U32_AT(4, 8), U32_AT(8, 0),
	                    BYTES_AT(12, "\x00\x00\x20\x00\x00\x00\x00\x00")),
	 .fields = FIELDS({"config.offset", 0, 0, 4}, {"config.size", 8, 4, 4},
	                  {"config.flags", 0, 8, 4}, {"config.data", 0, 12, 8})},
	{.kind = VU_PAYLOAD_VRING_AREA, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 1), U64_AT(8, 0x1000), U64_AT(16, 0x3000)),
	 .fields = FIELDS({"vring.file", 1, 0, 8},
	                  {"vring.index", 1, 0, 8},
	                  {"vring.nofd", 0, 0, 8},
	                  {"vring.area.size", 0x1000, 8, 8},
	                  {"vring.area.offset", 0x3000, 16, 8})},
	/* The request has no mmap area yet; the reply has it, and its fd. */
	{.kind = VU_PAYLOAD_INFLIGHT, .side = SAMPLE_REQUEST,
	 .payload = PAYLOAD(U64_AT(0, 0), U64_AT(8, 0), U16_AT(16, 2), U16_AT(18, 128),
	                    U32_AT(20, 0)),
	 .fields = FIELDS({"inflight.mmap_size", 0, 0, 8},
	                  {"inflight.mmap_offset", 0, 8, 8},
	                  {"inflight.num_queues", 2, 16, 2},
	                  {"inflight.queue_size", 128, 18, 2},
	                  {"inflight.padding", 0, 20, 4})},
	{.kind = VU_PAYLOAD_INFLIGHT, .side = SAMPLE_REPLY, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0x4400), U64_AT(8, 0), U16_AT(16, 2), U16_AT(18, 128),
	                    U32_AT(20, 0)),
	 .fields = FIELDS({"inflight.mmap_size", 0x4400, 0, 8},
	                  {"inflight.mmap_offset", 0, 8, 8},
	                  {"inflight.num_queues", 2, 16, 2},
	                  {"inflight.queue_size", 128, 18, 2},
	                  {"inflight.padding", 0, 20, 4})},
	{.kind = VU_PAYLOAD_SHARED,
	 .payload = PAYLOAD(BYTES_AT(0, UUID)), .fields = FIELDS({"shared.uuid", 0, 0, 16})},
	/* LOAD, STOPPED */
	{.kind = VU_PAYLOAD_DEVICE_STATE, .nfds = 1,
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, 0)),
	 .fields = FIELDS({"device_state.direction", 1, 0, 4}, {"device_state.phase", 0, 4, 4})},
	/* Success, fd returned. */
	{.kind = VU_PAYLOAD_DEVICE_STATE_RESULT, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0)),
	 .fields = FIELDS({"device_state.result", 0, 0, 8}, {"device_state.error", 0, 0, 8},
	                  {"device_state.invalid_fd", 0, 0, 8})},
	{.kind = VU_PAYLOAD_CRYPTO_SESSION, .side = SAMPLE_REQUEST,
	 .pattern = {8, CRYPTO_SIZE - 8, 0, 1},
	 .payload = PAYLOAD(U64_AT(0, V_CRYPTO_OP), U64_AT(CRYPTO_SIZE - 8, UINT64_MAX)),
	 .fields = FIELDS({"crypto.op_code", V_CRYPTO_OP, 0, 8},
	                  {"crypto.session_info", 0, 8, CRYPTO_SIZE - 16},
	                  {"crypto.session_id", UINT64_MAX, CRYPTO_SIZE - 8, 8})},
	{.kind = VU_PAYLOAD_CRYPTO_SESSION, .side = SAMPLE_REPLY,
	 .pattern = {8, CRYPTO_SIZE - 8, 0, 1},
	 .payload = PAYLOAD(U64_AT(0, V_CRYPTO_OP), U64_AT(CRYPTO_SIZE - 8, 7)),
	 .fields = FIELDS({"crypto.op_code", V_CRYPTO_OP, 0, 8},
	                  {"crypto.session_info", 0, 8, CRYPTO_SIZE - 16},
	                  {"crypto.session_id", 7, CRYPTO_SIZE - 8, 8})},
	/* shmid 1, MAP_RW */
	{.kind = VU_PAYLOAD_MMAP, .nfds = 1,
	 .payload = PAYLOAD(U8_AT(0, 1), BYTES_AT(1, "\0\0\0\0\0\0\0"), U64_AT(8, 0x1000),
	                    U64_AT(16, 0x2000), U64_AT(24, 0x3000), U64_AT(32, 1)),
	 .fields = FIELDS({"mmap.shmid", 1, 0, 1},
	                  {"mmap.padding", 0, 1, 7},
	                  {"mmap.fd_offset", 0x1000, 8, 8},
	                  {"mmap.shm_offset", 0x2000, 16, 8},
	                  {"mmap.len", 0x3000, 24, 8},
	                  {"mmap.flags", 1, 32, 8},
	                  {"mmap.flags.rw", 1, 32, 8})},
	/* Used ids only: shmid 0 and 3. */
	{.kind = VU_PAYLOAD_SHMEM_CONFIG, .zeros = VU_MAX_PAYLOAD,
	 .payload = PAYLOAD(U32_AT(0, 2), U32_AT(4, 0), U64_AT(8, 0x1000), U64_AT(32, 0x200000)),
	 .fields = FIELDS({"shmem.nregions", 2, 0, 4},
	                  {"shmem.padding", 0, 4, 4},
	                  {"shmem.region", 0, 8, 8},
	                  {"shmem.region.shmid", 0, 8, 8},
	                  {"shmem.region.size", 0x1000, 8, 8},
	                  {"shmem.region[1]", 0, 32, 8},
	                  {"shmem.region.shmid[1]", 3, 32, 8},
	                  {"shmem.region.size[1]", 0x200000, 32, 8}),
	 .counts = COUNTS(COUNT("shmem.region", 2))},
	{.kind = VU_PAYLOAD_MAC,
	 .payload = PAYLOAD(BYTES_AT(0, MAC), BYTES_AT(6, "\0\0")),
	 .fields = FIELDS({"rarp.mac", 0, 0, 6})},
	{.kind = VU_PAYLOAD_RAW, .pattern = {0, 24, 0xa0, 1},
	 .fields = FIELDS({"payload.data", 0, 0, 24})},
};
/* clang-format on */

/* The key of the reference's value field, or NULL when it names none. */
static const char *value_key(unsigned id)
{
	size_t n = 0;
	const struct vu_field_def *defs = vu_field_defs(&n);

	return id < n ? defs[id].key : NULL;
}

static const struct sample *sample_for(enum vu_payload_kind kind, const char *key, bool reply)
{
	for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
		const struct sample *s = &samples[i];

		if (s->kind != kind || (s->side == SAMPLE_REQUEST && reply) ||
		    (s->side == SAMPLE_REPLY && !reply))
			continue;
		if (s->value_key == NULL || (key && strcmp(s->value_key, key) == 0))
			return s;
	}
	g_error("no sample payload of kind %s", vu_payload_kind_name(kind));
}

static void add_case(enum vu_channel ch, const struct test_ref_request *ref, bool reply,
                     bool need_reply)
{
	/* Rows made here live as long as the program: GTest keeps pointers to them. */
	struct test_case *c = g_new0(struct test_case, 1);
	enum vu_payload_kind kind = reply ? ref->reply : ref->request;
	const char *key = value_key(reply ? ref->reply_value : ref->request_value);
	const struct sample *s = sample_for(kind, key, reply);
	const char *chan = ch == VU_CHANNEL_MAIN      ? ""
	                   : ch == VU_CHANNEL_BACKEND ? "backend/"
	                                              : "gpu/";

	c->path = g_strdup_printf("/dissector/decode/%s%s/%s", chan, ref->path,
	                          reply        ? "reply"
	                          : need_reply ? "request-need-reply"
	                                       : "request");
	c->channel = ch;
	c->request = ref->name;
	c->number = ref->number;
	c->flags = reply ? 0x5 : need_reply ? 0x9 : 0x1;
	c->payload = s->payload;
	c->zeros = s->zeros;
	c->pattern = s->pattern;
	/* The reference's fd columns win over the layout's usual count. */
	c->nfds = reply ? ref->reply_fds : CLAMP(s->nfds, ref->fds_min, ref->fds_max);
	c->name = g_strconcat("VHOST_USER_", ref->name, NULL);
	c->kind = vu_payload_kind_name(kind);
	/* A well-formed message from the right side with the right fds: no finding at all. */
	c->malformed = false;
	c->fields = s->fields;
	if (s->value.length) {
		struct test_field_expect *v = g_new0(struct test_field_expect, 2);

		if (key == NULL)
			g_error("%s: the reference names no value field for a %s payload", c->path,
			        c->kind);
		v[0] = s->value;
		v[0].key = key;
		c->more_fields = v;
	}
	c->counts = s->counts;
	c->header_only = s->header_only;
	test_add_data(c->path, c, test_case_run);
}

void test_decode_register(void)
{
	static const enum vu_channel chans[] = {VU_CHANNEL_MAIN, VU_CHANNEL_BACKEND,
	                                        VU_CHANNEL_GPU};

	for (size_t c = 0; c < G_N_ELEMENTS(chans); c++) {
		size_t n = 0;
		const struct test_ref_request *refs = test_ref_table(chans[c], &n);

		for (size_t i = 1; i < n; i++) {
			add_case(chans[c], &refs[i], false, false);
			add_case(chans[c], &refs[i], false, true);
			/* Every request has a reply: its own body, or a REPLY_ACK (§7.3). */
			add_case(chans[c], &refs[i], true, false);
		}
	}
}
