/*
 * Malformed input: short headers, truncated and oversized payloads, unknown
 * requests, bad flags, sizes that do not fit the layout, wrong fd counts and
 * out-of-range values. Each row names the findings the message draws, all of
 * them, and whether it is malformed (then with a reason); the runner checks
 * that no field lies past the bytes present, and every message is decoded
 * from an exactly-sized heap copy so that ASan and valgrind catch any read
 * beyond it.
 */
#include "tests/test-dissector-reference.h"
#include "tests/test-dissector-util.h"

/* GET_FEATURES cut inside its header: whatever header fields are there, and only those. */
#define SHORT_HEADER(n)                                                                            \
	{                                                                                          \
		.path = "/dissector/malformed/short-header/" #n "-bytes",                          \
		.request = "GET_FEATURES", .flags = 0x1, CUT(n), .name = "SHORT",                  \
		.malformed = true, .findings = KEYS("malformed.short_header")                      \
	}

/* An unknown request number: named by its number, its payload kept as bytes. */
#define UNKNOWN(chan, number, fl, path_)                                                           \
	{                                                                                          \
		.path = "/dissector/malformed/unknown-request/" path_, .channel = (chan),          \
		RAW_REQUEST(number), .flags = (fl),                                                \
		.payload = PAYLOAD(U64_AT(0, 0x1122334455667788ull)),                              \
		.name = "UNKNOWN(" #number ")", .malformed = true,                                 \
		.findings = KEYS("malformed.unknown_request"),                                     \
		.fields = FIELDS({"payload.data", 0, 0, 8})                                        \
	}

/* SET_OWNER with flags whose version is not 1 (§1). */
#define BAD_VERSION(fl, ...)                                                                       \
	{                                                                                          \
		.path = "/dissector/malformed/bad-version/flags-" #fl, .request = "SET_OWNER",     \
		.flags = (fl), .malformed = true, .findings = KEYS(__VA_ARGS__)                    \
	}

/*
 * A payload of size zero bytes that the layout does not allow: the fields
 * that fit decode, the rest (absent) is marked.
 */
#define PAYLOAD_SIZE(path_, req, fl, size, fds, ...)                                               \
	{                                                                                          \
		.path = "/dissector/malformed/payload-size/" path_, .request = (req),              \
		.flags = (fl), .zeros = (size), SIZE(size), .nfds = (fds), .malformed = true,      \
		__VA_ARGS__                                                                        \
	}

/* clang-format off */
static const struct test_case malformed_cases[] = {
	SHORT_HEADER(0), SHORT_HEADER(1), SHORT_HEADER(2), SHORT_HEADER(3),
	SHORT_HEADER(4), SHORT_HEADER(5), SHORT_HEADER(6), SHORT_HEADER(7),
	SHORT_HEADER(8), SHORT_HEADER(9), SHORT_HEADER(10), SHORT_HEADER(11),
	/* No bytes at all, not even a pointer. */
	{.path = "/dissector/malformed/short-header/no-bytes",
	 .request = "GET_FEATURES", .flags = 0x1, .no_bytes = true,
	 .malformed = true, .findings = KEYS("malformed.short_header")},

	/* SET_MEM_TABLE says 40 bytes, 20 arrived: nregions decodes, the region does not. */
	{.path = "/dissector/malformed/truncated/partial-fields/set-mem-table",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 1, SIZE(40), CUT(12 + 20),
	 .payload = PAYLOAD(U32_AT(0, 1), U64_AT(8, 0x1000)),
	 .malformed = true, .findings = KEYS("malformed.truncated"),
	 .fields = FIELDS({"mem.nregions", 1, 0, 4}),
	 .absent = KEYS("mem.region", "mem.region.guest_addr")},
	/* SET_VRING_ADDR cut inside the avail address: desc and used are there. */
	{.path = "/dissector/malformed/truncated/partial-fields/set-vring-addr",
	 .request = "SET_VRING_ADDR", .flags = 0x1, SIZE(40), CUT(12 + 28),
	 .payload = PAYLOAD(U64_AT(8, 0xd000), U64_AT(16, 0xe000)),
	 .malformed = true, .findings = KEYS("malformed.truncated"),
	 .fields = FIELDS({"vring.desc_user_addr", 0xd000, 8, 8},
	                  {"vring.used_user_addr", 0xe000, 16, 8}),
	 .absent = KEYS("vring.avail_user_addr")},
	/* GET_CONFIG whose config size promises more than the payload holds. */
	{.path = "/dissector/malformed/truncated/partial-fields/get-config",
	 .request = "GET_CONFIG", .flags = 0x1, SIZE(12 + 200), CUT(12 + 16),
	 .payload = PAYLOAD(U32_AT(4, 200), U32_AT(8, 0), BYTES_AT(12, "abcd")),
	 .malformed = true, .findings = KEYS("malformed.truncated")},

	/* GET_FEATURES with size 0 but 8 more bytes: those belong to no message. */
	{.path = "/dissector/malformed/bytes-beyond-size",
	 .request = "GET_FEATURES", .flags = 0x1, SIZE(0),
	 .payload = PAYLOAD(U64_AT(0, 0x1234)),
	 .malformed = true, .findings = KEYS("malformed.payload_size")},

	/* Only the header and a few bytes present. */
	{.path = "/dissector/malformed/oversize/2057",
	 .request = "SET_MEM_TABLE", .flags = 0x1, SIZE(VU_MAX_PAYLOAD + 1),
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .malformed = true, .findings = KEYS("malformed.truncated", "malformed.oversize")},
	{.path = "/dissector/malformed/oversize/0x10000",
	 .request = "SET_MEM_TABLE", .flags = 0x1, SIZE(0x10000),
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .malformed = true, .findings = KEYS("malformed.truncated", "malformed.oversize")},
	{.path = "/dissector/malformed/oversize/0xffffffff",
	 .request = "SET_MEM_TABLE", .flags = 0x1, SIZE(0xffffffffu),
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .malformed = true, .findings = KEYS("malformed.truncated", "malformed.oversize")},
	/* 2057 bytes, all present: still beyond the largest legal payload. */
	{.path = "/dissector/malformed/oversize/2057-present",
	 .request = "GET_SHMEM_CONFIG", .flags = 0x5, .zeros = VU_MAX_PAYLOAD + 1,
	 .malformed = true, .findings = KEYS("malformed.oversize")},
	/* 2056, the limit itself, is legal. */
	{.path = "/dissector/malformed/oversize/2056-legal",
	 .request = "GET_SHMEM_CONFIG", .flags = 0x5, .zeros = VU_MAX_PAYLOAD},

	UNKNOWN(VU_CHANNEL_MAIN, 46, 0x1, "main-46"),
	UNKNOWN(VU_CHANNEL_MAIN, 0, 0x1, "main-0"),
	UNKNOWN(VU_CHANNEL_MAIN, 1000, 0x1, "main-1000"),
	UNKNOWN(VU_CHANNEL_MAIN, 46, 0x5, "main-46-reply"),
	UNKNOWN(VU_CHANNEL_MAIN, 4294967295, 0x1, "main-0xffffffff"),
	UNKNOWN(VU_CHANNEL_BACKEND, 11, 0x1, "backend-11"),
	UNKNOWN(VU_CHANNEL_BACKEND, 0, 0x1, "backend-0"),
	UNKNOWN(VU_CHANNEL_GPU, 13, 0x1, "gpu-13"),

	BAD_VERSION(0x0, "malformed.version"),
	BAD_VERSION(0x2, "malformed.version"),
	BAD_VERSION(0x3, "malformed.version"),
	/* A reply of SET_OWNER is a REPLY_ACK: a u64 it does not carry. */
	BAD_VERSION(0x4, "malformed.version", "malformed.payload_size"),
	BAD_VERSION(0x6, "malformed.version", "malformed.payload_size"),
	BAD_VERSION(0xb, "malformed.version"),

	{.path = "/dissector/malformed/reserved-flags/0x11",
	 .request = "SET_OWNER", .flags = 0x11, .malformed = true,
	 .findings = KEYS("malformed.reserved_flags")},
	{.path = "/dissector/malformed/reserved-flags/0x80000001",
	 .request = "SET_OWNER", .flags = 0x80000001u, .malformed = true,
	 .findings = KEYS("malformed.reserved_flags")},

	PAYLOAD_SIZE("set-features-4", "SET_FEATURES", 0x1, 4, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("features")),
	PAYLOAD_SIZE("set-features-0", "SET_FEATURES", 0x1, 0, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("features")),
	PAYLOAD_SIZE("get-features-reply-7", "GET_FEATURES", 0x5, 7, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("features")),
	/* GET_FEATURES has no payload */
	PAYLOAD_SIZE("get-features-8", "GET_FEATURES", 0x1, 8, 0,
	             .findings = KEYS("malformed.payload_size")),
	PAYLOAD_SIZE("set-owner-8", "SET_OWNER", 0x1, 8, 0,
	             .findings = KEYS("malformed.payload_size")),
	PAYLOAD_SIZE("set-vring-num-4", "SET_VRING_NUM", 0x1, 4, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("vring.size")),
	PAYLOAD_SIZE("set-vring-addr-32", "SET_VRING_ADDR", 0x1, 32, 0,
	             .findings = KEYS("malformed.payload_size"),
	             .absent = KEYS("vring.log_guest_addr")),
	PAYLOAD_SIZE("set-vring-call-4", "SET_VRING_CALL", 0x1, 4, 1,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("vring.file")),
	/* SET_LOG_BASE: 16 */
	PAYLOAD_SIZE("set-log-base-8", "SET_LOG_BASE", 0x1, 8, 1,
	             .findings = KEYS("malformed.payload_size"),
	             .absent = KEYS("log.mmap_offset")),
	/* ADD_MEM_REG: 40 */
	PAYLOAD_SIZE("add-mem-reg-32", "ADD_MEM_REG", 0x1, 32, 1,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("mem.region")),
	PAYLOAD_SIZE("iotlb-msg-16", "IOTLB_MSG", 0x1, 16, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("iotlb.perm")),
	PAYLOAD_SIZE("set-device-state-fd-4", "SET_DEVICE_STATE_FD", 0x1, 4, 1,
	             .findings = KEYS("malformed.payload_size"),
	             .absent = KEYS("device_state.phase")),
	PAYLOAD_SIZE("get-shmem-config-reply-2048", "GET_SHMEM_CONFIG", 0x5, 2048, 0,
	             .findings = KEYS("malformed.payload_size")),
	PAYLOAD_SIZE("get-shared-object-15", "GET_SHARED_OBJECT", 0x1, 15, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("shared.uuid")),
	/* SEND_RARP: a u64 */
	PAYLOAD_SIZE("send-rarp-6", "SEND_RARP", 0x1, 6, 0,
	             .findings = KEYS("malformed.payload_size")),
	/* REPLY_ACK without its u64 */
	PAYLOAD_SIZE("set-features-reply-0", "SET_FEATURES", 0x5, 0, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("ack")),
	PAYLOAD_SIZE("set-vring-kick-16", "SET_VRING_KICK", 0x1, 16, 1,
	             .findings = KEYS("malformed.payload_size")),
	PAYLOAD_SIZE("set-mem-table-4", "SET_MEM_TABLE", 0x1, 4, 0,
	             .findings = KEYS("malformed.payload_size"), .absent = KEYS("mem.padding")),
	/* Extra bytes after a complete layout are kept and marked. */
	{.path = "/dissector/malformed/payload-size/extra-bytes",
	 .request = "SET_FEATURES", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 1), U32_AT(8, 0xdead)),
	 .malformed = true, .findings = KEYS("malformed.payload_size"),
	 .fields = FIELDS({"features", 1, 0, 8}, {"payload.extra", 0, 8, 4})},
	/* SET_MEM_TABLE: nregions 2 but room for 1. */
	{.path = "/dissector/malformed/payload-size/set-mem-table-room-for-1",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 2, .zeros = 40,
	 .payload = PAYLOAD(U32_AT(0, 2)),
	 .malformed = true, .findings = KEYS("malformed.payload_size"),
	 .counts = COUNTS(COUNT("mem.region", 1))},

	/* nregions 9: more than VU_MAX_REGIONS. */
	{.path = "/dissector/malformed/values/set-mem-table-9-regions",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 8, .zeros = 8 + 9 * 32,
	 .payload = PAYLOAD(U32_AT(0, 9)),
	 .malformed = true, .findings = KEYS("malformed.value", "malformed.payload_size"),
	 .counts = COUNTS(AT_MOST("mem.region", 8))},
	/* nregions 0xffffffff with one region of bytes. */
	{.path = "/dissector/malformed/values/set-mem-table-nregions-max",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 1, .zeros = 40,
	 .payload = PAYLOAD(U32_AT(0, 0xffffffffu)),
	 .malformed = true, .findings = KEYS("malformed.value", "malformed.payload_size", "fds.count")},
	/* Config size 257: more than VU_MAX_CONFIG_SIZE. */
	{.path = "/dissector/malformed/values/set-config-257",
	 .request = "SET_CONFIG", .flags = 0x1, PATTERN(12, 12 + 257, 0xcc, 0),
	 .payload = PAYLOAD(U32_AT(4, 257)),
	 .malformed = true, .findings = KEYS("malformed.value", "malformed.payload_size"),
	 .fields = FIELDS({"config.size", 257, 4, 4})},
	/* Config size 0xffffffff with 4 data bytes. */
	{.path = "/dissector/malformed/values/get-config-size-max",
	 .request = "GET_CONFIG", .flags = 0x1,
	 .payload = PAYLOAD(U32_AT(4, 0xffffffffu), U32_AT(12, 0)),
	 .malformed = true, .findings = KEYS("malformed.value", "malformed.payload_size")},

	/* SET_VRING_CALL, no fd, no NOFD */
	{.path = "/dissector/malformed/fd-counts/set-vring-call-without-fd",
	 .request = "SET_VRING_CALL", .flags = 0x1, .payload = PAYLOAD(U64_AT(0, 0)),
	 .findings = KEYS("fds.count")},
	/* NOFD but an fd */
	{.path = "/dissector/malformed/fd-counts/set-vring-call-nofd-with-fd",
	 .request = "SET_VRING_CALL", .flags = 0x1, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0x100)),
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-vring-kick-2-fds",
	 .request = "SET_VRING_KICK", .flags = 0x1, .nfds = 2, .payload = PAYLOAD(U64_AT(0, 1)),
	 .findings = KEYS("fds.count")},
	/* without its socket */
	{.path = "/dissector/malformed/fd-counts/set-backend-req-fd-without-fd",
	 .request = "SET_BACKEND_REQ_FD", .flags = 0x1,
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-log-fd-without-fd",
	 .request = "SET_LOG_FD", .flags = 0x1,
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/get-features-with-fd",
	 .request = "GET_FEATURES", .flags = 0x1, .nfds = 1,
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/gpu-set-socket-2-fds",
	 .request = "GPU_SET_SOCKET", .flags = 0x1, .nfds = 2,
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/add-mem-reg-without-fd",
	 .request = "ADD_MEM_REG", .flags = 0x1, .zeros = 40,
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-inflight-fd-without-fd",
	 .request = "SET_INFLIGHT_FD", .flags = 0x1, .zeros = 24,
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-device-state-fd-without-fd",
	 .request = "SET_DEVICE_STATE_FD", .flags = 0x1, .zeros = 8,
	 .findings = KEYS("fds.count")},
	/* 9 fds on anything */
	{.path = "/dissector/malformed/fd-counts/set-features-9-fds",
	 .request = "SET_FEATURES", .flags = 0x1, .nfds = 9, .zeros = 8,
	 .findings = KEYS("fds.too_many", "fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-owner-16-fds",
	 .request = "SET_OWNER", .flags = 0x1, .nfds = 16,
	 .findings = KEYS("fds.too_many", "fds.count")},
	/* SET_MEM_TABLE: 2 regions but 1 fd; 1 region but 2 fds; 8 regions and 9 fds, or 8. */
	{.path = "/dissector/malformed/fd-counts/set-mem-table-2-regions-1-fd",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 1, .zeros = 72,
	 .payload = PAYLOAD(U32_AT(0, 2)),
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-mem-table-1-region-2-fds",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 2, .zeros = 40,
	 .payload = PAYLOAD(U32_AT(0, 1)),
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-mem-table-8-regions-9-fds",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 9, .zeros = 264,
	 .payload = PAYLOAD(U32_AT(0, 8)),
	 .findings = KEYS("fds.too_many", "fds.count")},
	{.path = "/dissector/malformed/fd-counts/set-mem-table-8-regions-8-fds",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 8, .zeros = 264,
	 .payload = PAYLOAD(U32_AT(0, 8))},
	/* Back-end channel: HOST_NOTIFIER without NOFD needs its fd (§3, §4.9). */
	{.path = "/dissector/malformed/fd-counts/backend-vring-host-notifier-msg-without-fd",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_VRING_HOST_NOTIFIER_MSG",
	 .flags = 0x1, .zeros = 24, .payload = PAYLOAD(U64_AT(0, 1)),
	 .findings = KEYS("fds.count")},
	{.path = "/dissector/malformed/fd-counts/backend-vring-host-notifier-msg-nofd-with-fd",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_VRING_HOST_NOTIFIER_MSG",
	 .flags = 0x1, .nfds = 1, .zeros = 24, .payload = PAYLOAD(U64_AT(0, 0x101)),
	 .findings = KEYS("fds.count")},
	/* SHMEM_MAP without the memory to map. */
	{.path = "/dissector/malformed/fd-counts/backend-shmem-map-without-fd",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_SHMEM_MAP", .flags = 0x1,
	 .zeros = 40, .findings = KEYS("fds.count")},
	/* A reply with an fd it cannot carry. */
	{.path = "/dissector/malformed/fd-counts/get-features-reply-with-fd",
	 .request = "GET_FEATURES", .flags = 0x5, .nfds = 1, .zeros = 8,
	 .findings = KEYS("fds.count")},

	/* A main-channel request from the back-end, a reply from the front-end. */
	{.path = "/dissector/malformed/wrong-direction/set-owner-from-back-end",
	 .request = "SET_OWNER", .flags = 0x1, .from = TEST_FROM_BACK,
	 .findings = KEYS("sequence.direction")},
	{.path = "/dissector/malformed/wrong-direction/get-features-reply-from-front-end",
	 .request = "GET_FEATURES", .flags = 0x5, .from = TEST_FROM_FRONT, .zeros = 8,
	 .findings = KEYS("sequence.direction")},
	/* The back-end channel runs the other way. */
	{.path = "/dissector/malformed/wrong-direction/backend-config-change-msg-from-front-end",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_CONFIG_CHANGE_MSG", .flags = 0x1,
	 .from = TEST_FROM_FRONT,
	 .findings = KEYS("sequence.direction")},
	{.path = "/dissector/malformed/wrong-direction/backend-config-change-msg-from-back-end",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_CONFIG_CHANGE_MSG", .flags = 0x1,
	 .from = TEST_FROM_BACK},

	/* Many problems at once: bad version, reserved flags, wrong side, size, fds. */
	{.path = "/dissector/malformed/findings-capped",
	 .request = "SET_VRING_CALL", .flags = 0xf0, .from = TEST_FROM_BACK, .nfds = 12,
	 .payload = PAYLOAD(U32_AT(0, 0)),
	 .malformed = true,
	 .findings = KEYS("malformed.version", "malformed.reserved_flags",
	                  "malformed.payload_size", "sequence.direction", "fds.too_many")},
};
/* clang-format on */

/*
 * A complete, valid payload of each kind, big enough for every layout
 * (zeros, with counts that fit): the messages cut at every length below.
 */
static const struct {
	size_t zeros;
	const struct test_put *payload;
} filled[VU_PAYLOAD_KIND_COUNT] = {
    [VU_PAYLOAD_NONE] = {0, NULL},
    [VU_PAYLOAD_VRING_ADDR] = {40, NULL},
    [VU_PAYLOAD_MEM_REGION] = {40, NULL},
    [VU_PAYLOAD_MMAP] = {40, NULL},
    [VU_PAYLOAD_MEM_TABLE] = {40, PAYLOAD(U32_AT(0, 1))},
    [VU_PAYLOAD_LOG] = {16, NULL},
    [VU_PAYLOAD_IOTLB] = {32, NULL},
    [VU_PAYLOAD_CONFIG] = {16, PAYLOAD(U32_AT(4, 4))},
    [VU_PAYLOAD_VRING_AREA] = {24, NULL},
    [VU_PAYLOAD_INFLIGHT] = {24, NULL},
    [VU_PAYLOAD_SHARED] = {16, NULL},
    [VU_PAYLOAD_CRYPTO_SESSION] = {72, NULL},
    [VU_PAYLOAD_SHMEM_CONFIG] = {VU_MAX_PAYLOAD, NULL},
    [VU_PAYLOAD_RAW] = {16, NULL},
    /* the rest: a u64 */
    [VU_PAYLOAD_U64] = {8, NULL},
    [VU_PAYLOAD_FEATURES] = {8, NULL},
    [VU_PAYLOAD_PROTOCOL_FEATURES] = {8, NULL},
    [VU_PAYLOAD_VRING_STATE] = {8, NULL},
    [VU_PAYLOAD_VRING_FILE] = {8, NULL},
    [VU_PAYLOAD_STATUS] = {8, NULL},
    [VU_PAYLOAD_DEVICE_STATE] = {8, NULL},
    [VU_PAYLOAD_DEVICE_STATE_RESULT] = {8, NULL},
    [VU_PAYLOAD_MAC] = {8, NULL},
    [VU_PAYLOAD_ACK] = {8, NULL},
};

/* Every request and reply of every channel, filled, cut at every length: truncated. */
static const char *const truncated[] = {"malformed.truncated", NULL};

static void add_truncated_everywhere(void)
{
	static const enum vu_channel chans[] = {VU_CHANNEL_MAIN, VU_CHANNEL_BACKEND,
	                                        VU_CHANNEL_GPU};
	/* Rows made here live as long as the program: GTest keeps pointers to them. */
	GPtrArray *rows = g_ptr_array_new();

	for (size_t c = 0; c < G_N_ELEMENTS(chans); c++) {
		size_t n = 0;
		const struct test_ref_request *refs = test_ref_table(chans[c], &n);
		const char *chan = chans[c] == VU_CHANNEL_MAIN      ? ""
		                   : chans[c] == VU_CHANNEL_BACKEND ? "backend/"
		                                                    : "gpu/";

		for (size_t i = 1; i < n; i++) {
			for (int reply = 0; reply <= 1; reply++) {
				struct test_case *row = g_new0(struct test_case, 1);
				enum vu_payload_kind kind = reply ? refs[i].reply : refs[i].request;

				g_assert_cmpuint(kind, <, VU_PAYLOAD_KIND_COUNT);
				row->path = g_strdup_printf(
				    "/dissector/malformed/truncated/every-request/%s%s/%s", chan,
				    refs[i].path, reply ? "reply" : "request");
				row->channel = chans[c];
				row->request = refs[i].name;
				row->number = refs[i].number;
				row->flags = reply ? 0x5 : 0x1;
				row->zeros = filled[kind].zeros;
				row->payload = filled[kind].payload;
				row->nfds = reply ? refs[i].reply_fds : refs[i].fds_min;
				row->cut_everywhere = true;
				row->malformed = true;
				row->findings = truncated;
				row->more_findings = true;
				g_ptr_array_add(rows, row);
				test_add_data(row->path, row, test_case_run);
			}
		}
	}
}

void test_malformed_register(void)
{
	test_cases_add(malformed_cases, G_N_ELEMENTS(malformed_cases));
	add_truncated_everywhere();
}
