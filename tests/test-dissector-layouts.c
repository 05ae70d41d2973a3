/*
 * Every payload layout of the reference (§4) in the variants the per-request
 * tests do not reach: packed ring bases, NOFD, 8 regions, Xen regions,
 * failure results, the largest payload. One row per message, built here
 * byte by byte; fields and findings by their JSON keys.
 */
#include "tests/test-dissector-util.h"

static const struct vu_decode_context packed = {.ring_packed = true};
static const struct vu_decode_context xen = {.xen_mmap = true};

/* Memory region i of the tables below: distinct numbers in every field (§4.4). */
#define GUEST(i)   (0x100000000ull * (i))
#define MEMSIZE(i) (0x1000000ull * ((i) + 1))
#define UADDR(i)   (0x7f0000000000ull + 0x100000000ull * (i))
#define MMAPOFF(i) (0x1000ull * (i))
#define REGION_AT(off, i)                                                                          \
	U64_AT((off), GUEST(i)), U64_AT((off) + 8, MEMSIZE(i)), U64_AT((off) + 16, UADDR(i)),      \
	    U64_AT((off) + 24, MMAPOFF(i))
/* Region i as mem.region[n] of len bytes at off. */
#define REGION_FIELDS(n, off, len, i)                                                              \
	{"mem.region[" #n "]", 0, (off), (len)},                                                   \
	    {"mem.region.guest_addr[" #n "]", GUEST(i), (off), 8},                                 \
	    {"mem.region.size[" #n "]", MEMSIZE(i), (off) + 8, 8},                                 \
	    {"mem.region.user_addr[" #n "]", UADDR(i), (off) + 16, 8},                             \
	{                                                                                          \
		"mem.region.mmap_offset[" #n "]", MMAPOFF(i), (off) + 24, 8                        \
	}
/* Its parts lie one level below it. */
#define REGION_CHILD(n)                                                                            \
	{                                                                                          \
		"mem.region.guest_addr[" #n "]", "mem.region[" #n "]"                              \
	}

/* A DPDK vhost offer: bits 15, 28, 30, 32, 34... */
#define DPDK_OFFER 0x175008000ull
/* Packed ring base (§4.2): avail idx 3, avail wrap 1, used idx 5, used wrap 1. */
#define PACKED_BASE (3u | (1u << 15) | (5u << 16) | (1u << 31))
/* An asym-sized crypto session union (§4.15), decoded by the header's size. */
#define CRYPTO_SIZE (8 + 1024 + 8 + 16)
#define SHARED_ID   "\xde\xad\xbe\xef\x00\x01\x40\x02\x80\x03\x01\x02\x03\x04\x05\x06"

/* GET_SHMEM_CONFIG with every shmid in use, shmid i of 0x1000 * (i + 1) bytes. */
static void put_every_shmem_region(struct test_msg *m)
{
	for (unsigned i = 0; i < 256; i++)
		test_put_u64(m, 8 + 8 * i, 0x1000ull * (i + 1));
}

/* clang-format off */
static const struct test_case layout_cases[] = {
	/* ---- u64, features ---- */
	{.path = "/dissector/layout/u64/get-queue-num-reply",
	 .request = "GET_QUEUE_NUM", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 4)),
	 .kind = "u64", .fields = FIELDS({"queue_num", 4, 0, 8})},
	/* libvhost-user says 509 (§4.12) */
	{.path = "/dissector/layout/u64/get-max-mem-slots-reply",
	 .request = "GET_MAX_MEM_SLOTS", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 509)),
	 .fields = FIELDS({"max_mem_slots", 509, 0, 8})},
	{.path = "/dissector/layout/u64/net-set-mtu-need-reply",
	 .request = "NET_SET_MTU", .flags = 0x9,
	 .payload = PAYLOAD(U64_AT(0, 1500)),
	 .fields = FIELDS({"mtu", 1500, 0, 8})},
	{.path = "/dissector/layout/u64/close-crypto-session",
	 .request = "CLOSE_CRYPTO_SESSION", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 42)),
	 .fields = FIELDS({"crypto.session_id", 42, 0, 8})},
	/* A failure is a finding about the session, not a malformed message. */
	{.path = "/dissector/layout/u64/result-failure/iotlb-msg",
	 .request = "IOTLB_MSG", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .findings = KEYS("reply.failure"), .fields = FIELDS({"result", 1, 0, 8})},
	{.path = "/dissector/layout/u64/result-failure/postcopy-end",
	 .request = "POSTCOPY_END", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .findings = KEYS("reply.failure"), .fields = FIELDS({"result", 1, 0, 8})},
	{.path = "/dissector/layout/u64/result-failure/check-device-state",
	 .request = "CHECK_DEVICE_STATE", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .findings = KEYS("reply.failure"), .fields = FIELDS({"result", 1, 0, 8})},
	/* Back-end channel: SHARED_OBJECT_LOOKUP fails without an fd. */
	{.path = "/dissector/layout/u64/result-failure/backend-shared-object-lookup",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_SHARED_OBJECT_LOOKUP", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .findings = KEYS("reply.failure"), .fields = FIELDS({"result", 1, 0, 8})},
	{.path = "/dissector/layout/features/get-features-reply",
	 .request = "GET_FEATURES", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, DPDK_OFFER)),
	 .kind = "features", .fields = FIELDS({"features", DPDK_OFFER, 0, 8})},
	/* The top bit survives (no sign or width trouble). */
	{.path = "/dissector/layout/features/set-features-bit-63",
	 .request = "SET_FEATURES", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 1ull << 63)),
	 .fields = FIELDS({"features", 1ull << 63, 0, 8})},
	{.path = "/dissector/layout/protocol-features",
	 .request = "GET_PROTOCOL_FEATURES", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 0xffffff)), /* all 24 bits */
	 .kind = "protocol features", .fields = FIELDS({"protocol_features", 0xffffff, 0, 8})},

	/* ---- vring state, address, file ---- */
	{.path = "/dissector/layout/vring-state/packed-base/set-vring-base",
	 .request = "SET_VRING_BASE", .flags = 0x1, .ctx = &packed,
	 .payload = PAYLOAD(U32_AT(0, 1), U32_AT(4, PACKED_BASE)),
	 .fields = FIELDS({"vring.index", 1, 0, 4},
	                  {"vring.base", PACKED_BASE, 4, 4},
	                  {"vring.base.avail_idx", 3, 4, 4},
	                  {"vring.base.avail_wrap", 1, 4, 4},
	                  {"vring.base.used_idx", 5, 4, 4},
	                  {"vring.base.used_wrap", 1, 4, 4}),
	 /* The parts are children of the base. */
	 .children = CHILDREN({"vring.base.avail_idx", "vring.base"},
	                      {"vring.base.avail_wrap", "vring.base"},
	                      {"vring.base.used_idx", "vring.base"},
	                      {"vring.base.used_wrap", "vring.base"})},
	/* The same encoding in the reply; wrap counters clear, large indexes. */
	{.path = "/dissector/layout/vring-state/packed-base/get-vring-base-reply",
	 .request = "GET_VRING_BASE", .flags = 0x5, .ctx = &packed,
	 .payload = PAYLOAD(U32_AT(0, 0), U32_AT(4, 0x7fffu | (0x7ffeu << 16))),
	 .fields = FIELDS({"vring.base.avail_idx", 0x7fff, 4, 4},
	                  {"vring.base.avail_wrap", 0, 4, 4},
	                  {"vring.base.used_idx", 0x7ffe, 4, 4},
	                  {"vring.base.used_wrap", 0, 4, 4})},
	/* GET_VRING_BASE request: num is reserved, no packed parts. */
	{.path = "/dissector/layout/vring-state/packed-base/get-vring-base",
	 .request = "GET_VRING_BASE", .flags = 0x1, .ctx = &packed,
	 .payload = PAYLOAD(U32_AT(0, 0), U32_AT(4, 0)),
	 .absent = KEYS("vring.base.avail_idx")},
	/* Split ring: the base is the next avail index, no packed parts. */
	{.path = "/dissector/layout/vring-state/split-base",
	 .request = "SET_VRING_BASE", .flags = 0x1,
	 .payload = PAYLOAD(U32_AT(0, 3), U32_AT(4, 0xbeef)),
	 .fields = FIELDS({"vring.index", 3, 0, 4}, {"vring.base", 0xbeef, 4, 4}),
	 .absent = KEYS("vring.base.avail_idx", "vring.base.used_wrap")},
	/* Wire order desc, used, avail (§4.3). */
	{.path = "/dissector/layout/vring-addr/no-log",
	 .request = "SET_VRING_ADDR", .flags = 0x1,
	 .payload = PAYLOAD(U32_AT(0, 255), U32_AT(4, 0), U64_AT(8, 0x1000), U64_AT(16, 0x3000),
	                    U64_AT(24, 0x2000), U64_AT(32, 0)),
	 .fields = FIELDS({"vring.index", 255, 0, 4},
	                  {"vring.addr_flags.log", 0, 4, 4},
	                  {"vring.desc_user_addr", 0x1000, 8, 8},
	                  {"vring.used_user_addr", 0x3000, 16, 8},
	                  {"vring.avail_user_addr", 0x2000, 24, 8})},
	/* Ring 5 with NOFD and no fd: fine. */
	{.path = "/dissector/layout/vring-file/nofd/set-vring-kick",
	 .request = "SET_VRING_KICK", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 0x105)),
	 .fields = FIELDS({"vring.file", 0x105, 0, 8}, {"vring.index", 5, 0, 8},
	                  {"vring.nofd", 1, 0, 8})},
	{.path = "/dissector/layout/vring-file/nofd/set-vring-call",
	 .request = "SET_VRING_CALL", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 0x105)),
	 .fields = FIELDS({"vring.file", 0x105, 0, 8}, {"vring.index", 5, 0, 8},
	                  {"vring.nofd", 1, 0, 8})},
	{.path = "/dissector/layout/vring-file/nofd/set-vring-err",
	 .request = "SET_VRING_ERR", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 0x105)),
	 .fields = FIELDS({"vring.file", 0x105, 0, 8}, {"vring.index", 5, 0, 8},
	                  {"vring.nofd", 1, 0, 8})},
	/* Ring index bits 0-7 only: 0xff is ring 255. */
	{.path = "/dissector/layout/vring-file/nofd/set-vring-kick-ring-255",
	 .request = "SET_VRING_KICK", .flags = 0x1, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0xff)),
	 .fields = FIELDS({"vring.index", 255, 0, 8}, {"vring.nofd", 0, 0, 8})},
	{.path = "/dissector/layout/vring-file/nofd/set-vring-call-ring-255",
	 .request = "SET_VRING_CALL", .flags = 0x1, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0xff)),
	 .fields = FIELDS({"vring.index", 255, 0, 8}, {"vring.nofd", 0, 0, 8})},
	{.path = "/dissector/layout/vring-file/nofd/set-vring-err-ring-255",
	 .request = "SET_VRING_ERR", .flags = 0x1, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0xff)),
	 .fields = FIELDS({"vring.index", 255, 0, 8}, {"vring.nofd", 0, 0, 8})},

	/* ---- memory ---- */
	{.path = "/dissector/layout/mem-table/8-regions",
	 .request = "SET_MEM_TABLE", .flags = 0x9, .nfds = 8, SIZE(8 + 8 * 32),
	 .payload = PAYLOAD(U32_AT(0, 8), U32_AT(4, 0),
	                    REGION_AT(8, 0), REGION_AT(40, 1), REGION_AT(72, 2), REGION_AT(104, 3),
	                    REGION_AT(136, 4), REGION_AT(168, 5), REGION_AT(200, 6),
	                    REGION_AT(232, 7)),
	 .fields = FIELDS({"mem.nregions", 8, 0, 4},
	                  REGION_FIELDS(0, 8, 32, 0), REGION_FIELDS(1, 40, 32, 1),
	                  REGION_FIELDS(2, 72, 32, 2), REGION_FIELDS(3, 104, 32, 3),
	                  REGION_FIELDS(4, 136, 32, 4), REGION_FIELDS(5, 168, 32, 5),
	                  REGION_FIELDS(6, 200, 32, 6), REGION_FIELDS(7, 232, 32, 7)),
	 .children = CHILDREN(REGION_CHILD(0), REGION_CHILD(1), REGION_CHILD(2), REGION_CHILD(3),
	                      REGION_CHILD(4), REGION_CHILD(5), REGION_CHILD(6), REGION_CHILD(7)),
	 .counts = COUNTS(COUNT("mem.region", 8))},
	{.path = "/dissector/layout/mem-table/empty",
	 .request = "SET_MEM_TABLE", .flags = 0x1,
	 .payload = PAYLOAD(U32_AT(0, 0), U32_AT(4, 0)),
	 .fields = FIELDS({"mem.nregions", 0, 0, 4}), .absent = KEYS("mem.region")},
	/* PF_XEN_MMAP: 40-byte regions with flags (foreign + map on demand) and domid (§4.4). */
	{.path = "/dissector/layout/mem-table/xen",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 2, .ctx = &xen, SIZE(8 + 2 * 40),
	 .payload = PAYLOAD(U32_AT(0, 2), REGION_AT(8, 0), U32_AT(40, 0x101), U32_AT(44, 7),
	                    REGION_AT(48, 1), U32_AT(80, 0x102), U32_AT(84, 8)),
	 .fields = FIELDS({"mem.nregions", 2, 0, 4},
	                  REGION_FIELDS(0, 8, 40, 0),
	                  {"mem.region.xen_mmap_flags", 0x101, 40, 4},
	                  {"mem.region.domid", 7, 44, 4},
	                  REGION_FIELDS(1, 48, 40, 1),
	                  {"mem.region.xen_mmap_flags[1]", 0x102, 80, 4},
	                  {"mem.region.domid[1]", 8, 84, 4}),
	 .children = CHILDREN(REGION_CHILD(0), REGION_CHILD(1))},
	/* Without Xen the same table has 32-byte regions and no Xen fields. */
	{.path = "/dissector/layout/mem-table/xen/without-xen",
	 .request = "SET_MEM_TABLE", .flags = 0x1, .nfds = 2,
	 .payload = PAYLOAD(U32_AT(0, 2), REGION_AT(8, 0), REGION_AT(40, 1)),
	 .fields = FIELDS(REGION_FIELDS(1, 40, 32, 1)), .children = CHILDREN(REGION_CHILD(1)),
	 .absent = KEYS("mem.region.xen_mmap_flags")},
	/* In postcopy the back-end answers SET_MEM_TABLE with its own table (§2, §7.9). */
	{.path = "/dissector/layout/mem-table/postcopy-reply",
	 .request = "SET_MEM_TABLE", .flags = 0x5,
	 .payload = PAYLOAD(U32_AT(0, 1), REGION_AT(8, 1)),
	 .kind = "memory table", .fields = FIELDS(REGION_FIELDS(0, 8, 32, 1)),
	 .children = CHILDREN(REGION_CHILD(0))},
	{.path = "/dissector/layout/mem-region/add-mem-reg",
	 .request = "ADD_MEM_REG", .flags = 0x9, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0), REGION_AT(8, 3)),
	 .kind = "memory region", .fields = FIELDS(REGION_FIELDS(0, 8, 32, 3)),
	 .children = CHILDREN(REGION_CHILD(0))},
	{.path = "/dissector/layout/mem-region/rem-mem-reg",
	 .request = "REM_MEM_REG", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 0), REGION_AT(8, 2)),
	 .fields = FIELDS(REGION_FIELDS(0, 8, 32, 2)),
	 .children = CHILDREN(REGION_CHILD(0))},
	{.path = "/dissector/layout/mem-region/add-mem-reg-xen",
	 .request = "ADD_MEM_REG", .flags = 0x1, .nfds = 1, .ctx = &xen, SIZE(48),
	 .payload = PAYLOAD(U64_AT(0, 0), REGION_AT(8, 1), U32_AT(40, 2), U32_AT(44, 9)),
	 .fields = FIELDS(REGION_FIELDS(0, 8, 40, 1),
	                  {"mem.region.xen_mmap_flags", 2, 40, 4},
	                  {"mem.region.domid", 9, 44, 4}),
	 .children = CHILDREN(REGION_CHILD(0))},

	/* ---- the rest of §4 ---- */
	{.path = "/dissector/layout/log",
	 .request = "SET_LOG_BASE", .flags = 0x1, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0x40000), U64_AT(8, 0)),
	 .kind = "log",
	 .fields = FIELDS({"log.mmap_size", 0x40000, 0, 8}, {"log.mmap_offset", 0, 8, 8})},
	/* Back-end channel: a MISS with iova and perm (§4.7). */
	{.path = "/dissector/layout/iotlb/miss",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_IOTLB_MSG", .flags = 0x9,
	 .payload = PAYLOAD(U64_AT(0, 0xfee00000), U64_AT(8, 0), U64_AT(16, 0), U8_AT(24, 1),
	                    U8_AT(25, 1), BYTES_AT(26, "\0\0\0\0\0\0")),
	 .kind = "IOTLB",
	 .fields = FIELDS({"iotlb.iova", 0xfee00000, 0, 8}, {"iotlb.perm", 1, 24, 1},
	                  {"iotlb.type", 1, 25, 1})},
	/* GET_CONFIG of the whole 256 bytes, the largest config (§4.8). */
	{.path = "/dissector/layout/config/get-config-256",
	 .request = "GET_CONFIG", .flags = 0x1, .zeros = 12 + 256,
	 .payload = PAYLOAD(U32_AT(0, 0), U32_AT(4, 256), U32_AT(8, 0)),
	 .fields = FIELDS({"config.size", 256, 4, 4}, {"config.data", 0, 12, 256})},
	/* SET_CONFIG of 4 bytes at offset 20, for migration. */
	{.path = "/dissector/layout/config/set-config-migration",
	 .request = "SET_CONFIG", .flags = 0x9,
	 .payload = PAYLOAD(U32_AT(0, 20), U32_AT(4, 4), U32_AT(8, 1),
	                    BYTES_AT(12, "\x01\x02\x03\x04")),
	 .fields = FIELDS({"config.offset", 20, 0, 4}, {"config.flags", 1, 8, 4},
	                  {"config.data", 0, 12, 4})},
	/* An empty GET_CONFIG reply is the back-end's error (§2): a failure, not malformed. */
	{.path = "/dissector/layout/config/empty-reply",
	 .request = "GET_CONFIG", .flags = 0x5,
	 .findings = KEYS("reply.failure")},
	/* De-register ring 7's notifier. */
	{.path = "/dissector/layout/vring-area/nofd",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_VRING_HOST_NOTIFIER_MSG", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 0x107), U64_AT(8, 0), U64_AT(16, 0)),
	 .fields = FIELDS({"vring.index", 7, 0, 8}, {"vring.nofd", 1, 0, 8})},
	/* GET_INFLIGHT_FD: the request has no mmap fields yet, the reply has them and an fd. */
	{.path = "/dissector/layout/inflight/get-inflight-fd",
	 .request = "GET_INFLIGHT_FD", .flags = 0x1,
	 .payload = PAYLOAD(U64_AT(0, 0), U64_AT(8, 0), U16_AT(16, 1), U16_AT(18, 256),
	                    U32_AT(20, 0)),
	 .fields = FIELDS({"inflight.num_queues", 1, 16, 2}, {"inflight.queue_size", 256, 18, 2})},
	/* SET_INFLIGHT_FD with the shm fd */
	{.path = "/dissector/layout/inflight/set-inflight-fd",
	 .request = "SET_INFLIGHT_FD", .flags = 0x1, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0x2100), U64_AT(8, 0x40), U16_AT(16, 4),
	                    U16_AT(18, 0xffff), U32_AT(20, 0)),
	 .fields = FIELDS({"inflight.mmap_size", 0x2100, 0, 8},
	                  {"inflight.mmap_offset", 0x40, 8, 8},
	                  {"inflight.queue_size", 0xffff, 18, 2})},
	{.path = "/dissector/layout/status",
	 .request = "GET_STATUS", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 0x8f)),
	 .kind = "status", .fields = FIELDS({"status", 0x8f, 0, 8})},
	{.path = "/dissector/layout/shared-object/get-shared-object",
	 .request = "GET_SHARED_OBJECT", .flags = 0x1,
	 .payload = PAYLOAD(BYTES_AT(0, SHARED_ID)),
	 .kind = "shared object", .fields = FIELDS({"shared.uuid", 0, 0, 16})},
	{.path = "/dissector/layout/shared-object/backend-shared-object-add",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_SHARED_OBJECT_ADD", .flags = 0x1,
	 .payload = PAYLOAD(BYTES_AT(0, SHARED_ID)),
	 .kind = "shared object", .fields = FIELDS({"shared.uuid", 0, 0, 16})},
	{.path = "/dissector/layout/shared-object/backend-shared-object-remove",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_SHARED_OBJECT_REMOVE", .flags = 0x1,
	 .payload = PAYLOAD(BYTES_AT(0, SHARED_ID)),
	 .kind = "shared object", .fields = FIELDS({"shared.uuid", 0, 0, 16})},
	{.path = "/dissector/layout/shared-object/backend-shared-object-lookup",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_SHARED_OBJECT_LOOKUP", .flags = 0x1,
	 .payload = PAYLOAD(BYTES_AT(0, SHARED_ID)),
	 .kind = "shared object", .fields = FIELDS({"shared.uuid", 0, 0, 16})},
	/* LOOKUP's reply: u64 0 and the dma-buf fd. */
	{.path = "/dissector/layout/shared-object/backend-shared-object-lookup-reply",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_SHARED_OBJECT_LOOKUP", .flags = 0x5,
	 .nfds = 1, .payload = PAYLOAD(U64_AT(0, 0))},
	/* SAVE on the source, STOPPED */
	{.path = "/dissector/layout/device-state/save",
	 .request = "SET_DEVICE_STATE_FD", .flags = 0x1, .nfds = 1,
	 .payload = PAYLOAD(U32_AT(0, 0), U32_AT(4, 0)),
	 .fields = FIELDS({"device_state.direction", 0, 0, 4}, {"device_state.phase", 0, 4, 4})},
	/* Reply with the invalid-fd bit and no fd: success, the front-end keeps its pipe (§4.1). */
	{.path = "/dissector/layout/device-state/reply-invalid-fd",
	 .request = "SET_DEVICE_STATE_FD", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 0x100)),
	 .kind = "device-state result",
	 .fields = FIELDS({"device_state.result", 0x100, 0, 8}, {"device_state.error", 0, 0, 8},
	                  {"device_state.invalid_fd", 1, 0, 8})},
	/* An error code, no fd: a failure. */
	{.path = "/dissector/layout/device-state/reply-error",
	 .request = "SET_DEVICE_STATE_FD", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 0x105)),
	 .findings = KEYS("reply.failure"), .fields = FIELDS({"device_state.error", 5, 0, 8})},
	/* Success without the invalid-fd bit must carry the fd. */
	{.path = "/dissector/layout/device-state/reply-success-without-fd",
	 .request = "SET_DEVICE_STATE_FD", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 0)),
	 .findings = KEYS("fds.count")},
	/* An error with an fd: "must never return both" (§4.1). */
	{.path = "/dissector/layout/device-state/reply-error-with-fd",
	 .request = "SET_DEVICE_STATE_FD", .flags = 0x5, .nfds = 1,
	 .payload = PAYLOAD(U64_AT(0, 0x5)),
	 .findings = KEYS("fds.count", "reply.failure")},
	{.path = "/dissector/layout/crypto-session/create",
	 .request = "CREATE_CRYPTO_SESSION", .flags = 0x1, PATTERN(8, CRYPTO_SIZE - 8, 0, 7),
	 .payload = PAYLOAD(U64_AT(0, 0x1000), U64_AT(CRYPTO_SIZE - 8, UINT64_MAX)),
	 .fields = FIELDS({"crypto.op_code", 0x1000, 0, 8},
	                  {"crypto.session_info", 0, 8, CRYPTO_SIZE - 16},
	                  {"crypto.session_id", UINT64_MAX, CRYPTO_SIZE - 8, 8})},
	/* Reply with session id -1: the back-end failed (§4.15). */
	{.path = "/dissector/layout/crypto-session/reply-failure",
	 .request = "CREATE_CRYPTO_SESSION", .flags = 0x5, PATTERN(8, CRYPTO_SIZE - 8, 0, 7),
	 .payload = PAYLOAD(U64_AT(0, 0x1000), U64_AT(CRYPTO_SIZE - 8, UINT64_MAX)),
	 .findings = KEYS("reply.failure")},
	{.path = "/dissector/layout/crypto-session/reply",
	 .request = "CREATE_CRYPTO_SESSION", .flags = 0x5, PATTERN(8, CRYPTO_SIZE - 8, 0, 7),
	 .payload = PAYLOAD(U64_AT(0, 0x1000), U64_AT(CRYPTO_SIZE - 8, 3)),
	 .fields = FIELDS({"crypto.session_id", 3, CRYPTO_SIZE - 8, 8})},
	/* SHMEM_UNMAP, read-only flags, no fd */
	{.path = "/dissector/layout/shmem-map",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_SHMEM_UNMAP", .flags = 0x9,
	 .payload = PAYLOAD(U8_AT(0, 255), BYTES_AT(1, "\0\0\0\0\0\0\0"), U64_AT(8, 0),
	                    U64_AT(16, 0x200000), U64_AT(24, 0x1000), U64_AT(32, 0)),
	 .kind = "shmem map",
	 .fields = FIELDS({"mmap.shmid", 255, 0, 1}, {"mmap.shm_offset", 0x200000, 16, 8},
	                  {"mmap.len", 0x1000, 24, 8}, {"mmap.flags.rw", 0, 32, 8})},
	/* The largest legal payload (2056 bytes) with every shmid in use. */
	{.path = "/dissector/layout/shmem-config/all-regions",
	 .request = "GET_SHMEM_CONFIG", .flags = 0x5, SIZE(VU_MAX_PAYLOAD),
	 .build = put_every_shmem_region, .payload = PAYLOAD(U32_AT(0, 256), U32_AT(4, 0)),
	 .fields = FIELDS({"shmem.nregions", 256, 0, 4},
	                  {"shmem.region.shmid[255]", 255, 8 + 8 * 255, 8},
	                  {"shmem.region.size[255]", 0x100000, 8 + 8 * 255, 8}),
	 .counts = COUNTS(COUNT("shmem.region", 256))},
	{.path = "/dissector/layout/shmem-config/none",
	 .request = "GET_SHMEM_CONFIG", .flags = 0x5, .zeros = VU_MAX_PAYLOAD,
	 .absent = KEYS("shmem.region")},
	/* nregions must count the used ids (§4.17). */
	{.path = "/dissector/layout/shmem-config/none/nregions-1",
	 .request = "GET_SHMEM_CONFIG", .flags = 0x5, .zeros = VU_MAX_PAYLOAD,
	 .payload = PAYLOAD(U32_AT(0, 1)),
	 .malformed = true, .findings = KEYS("malformed.value")},
	{.path = "/dissector/layout/send-rarp",
	 .request = "SEND_RARP", .flags = 0x1,
	 .payload = PAYLOAD(BYTES_AT(0, "\x52\x54\x00\xab\xcd\xef\x00\x00")),
	 .kind = "MAC", .fields = FIELDS({"rarp.mac", 0, 0, 6})},
	/* ADD_MEM_REG acked */
	{.path = "/dissector/layout/reply-ack/add-mem-reg",
	 .request = "ADD_MEM_REG", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 0)),
	 .kind = "reply-ack", .fields = FIELDS({"ack", 0, 0, 8})},
	/* SET_BACKEND_REQ_FD refused */
	{.path = "/dissector/layout/reply-ack/set-backend-req-fd-refused",
	 .request = "SET_BACKEND_REQ_FD", .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 1)),
	 .findings = KEYS("reply.failure"), .fields = FIELDS({"ack", 1, 0, 8})},
	/* Back-end channel: the front-end acks a HOST_NOTIFIER message. */
	{.path = "/dissector/layout/reply-ack/backend-vring-host-notifier-msg",
	 .channel = VU_CHANNEL_BACKEND, .request = "BACKEND_VRING_HOST_NOTIFIER_MSG",
	 .flags = 0x5,
	 .payload = PAYLOAD(U64_AT(0, 0)),
	 .fields = FIELDS({"ack", 0, 0, 8})},
};
/* clang-format on */

void test_layouts_register(void)
{
	test_cases_add(layout_cases, G_N_ELEMENTS(layout_cases));
}
