/*
 * Replies as real peers send them. Where the spec's layout and the peers
 * disagree and every real front-end accepts what comes (the request row's
 * .reply_tolerance), the reply decodes as far as its bytes go and draws only
 * the note reply.size_tolerated; a reply a real front-end refuses stays
 * malformed, an error. Each row says which peer sends it and which reader
 * accepts or refuses it (the sources are listed in dissector/vu-requests.def).
 */
#include <string.h>

#include "tests/test-dissector-util.h"

#define REPLY_CASE(path_, req, ...)                                                                \
	{                                                                                          \
		.path = "/dissector/replies/" path_, .request = (req), .flags = 0x5, __VA_ARGS__   \
	}

/* A GET_CONFIG of 12 + 8 bytes outstanding: what the session gives its reply. */
static const struct vu_decode_context get_config_8 = {
    .answered_request = VU_REQ_GET_CONFIG,
    .answered_size = 12 + 8,
};

/* clang-format off */
static const struct test_case reply_cases[] = {
	/* SET_LOG_BASE: the spec's reply payload is "N/A"; QEMU
	 * vhost_user_set_log_base checks only the request code. */
	/* DPDK lib/vhost vhost_user_set_log_base: size 0, what the spec has. */
	REPLY_CASE("set-log-base/dpdk-size-0", "SET_LOG_BASE", .kind = "none", .header_only = true),
	/* libvhost-user vu_set_log_base_exec: 8 bytes, the request's log size. */
	REPLY_CASE("set-log-base/libvhost-user-size-8", "SET_LOG_BASE",
	           .payload = PAYLOAD(U64_AT(0, 0x40000)), .kind = "none",
	           .findings = KEYS("reply.size_tolerated"),
	           .fields = FIELDS({"payload.data", 0, 0, 8}), .absent = KEYS("result", "ack")),
	/* rust-vmm backend_req_handler: the 16-byte VhostUserLog echoed. */
	REPLY_CASE("set-log-base/rust-vmm-size-16", "SET_LOG_BASE",
	           .payload = PAYLOAD(U64_AT(0, 0x40000), U64_AT(8, 0)), .kind = "none",
	           .findings = KEYS("reply.size_tolerated"),
	           .fields = FIELDS({"payload.data", 0, 0, 16})),
	/* GET_SHARED_OBJECT: the spec's reply is the dma-buf fd; QEMU
	 * vhost_user_get_shared_object checks only the request code and the fd. */
	/* rust-vmm: VhostUserEmpty and the fd. */
	REPLY_CASE("get-shared-object/rust-vmm-size-0", "GET_SHARED_OBJECT", .nfds = 1,
	           .kind = "none", .header_only = true),
	/* libvhost-user vu_get_shared_object: the request's UUID echoed, and the fd. */
	REPLY_CASE("get-shared-object/libvhost-user-uuid-16", "GET_SHARED_OBJECT", .nfds = 1,
	           .payload = PAYLOAD(BYTES_AT(0, "\x01\x02\x03\x04\x05\x06\x07\x08"
	                                          "\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10")),
	           .kind = "none", .findings = KEYS("reply.size_tolerated"),
	           .fields = FIELDS({"payload.data", 0, 0, 16})),
	/* No fd: the failure, with either body. */
	REPLY_CASE("get-shared-object/failure-no-fd", "GET_SHARED_OBJECT", .kind = "none",
	           .header_only = true),

	/* What real front-ends refuse stays malformed, an error. */
	/* QEMU vhost_user_get_vring_base: "Received bad msg size" unless 8. */
	REPLY_CASE("refused/get-vring-base-size-0", "GET_VRING_BASE", .malformed = true,
	           .findings = KEYS("malformed.payload_size")),
	/* QEMU vhost_user_get_u64, DPDK virtio-user vhost_user_get_features: exactly 8. */
	REPLY_CASE("refused/get-features-size-4", "GET_FEATURES", .zeros = 4, SIZE(4),
	           .malformed = true, .findings = KEYS("malformed.payload_size")),
	REPLY_CASE("refused/get-protocol-features-size-16", "GET_PROTOCOL_FEATURES", .zeros = 16,
	           .malformed = true, .findings = KEYS("malformed.payload_size")),
	/* A REPLY_ACK without its u64: DPDK virtio-user vhost_user_check_reply_ack
	 * ("Unexpected reply-ack payload size") and rust-vmm wait_for_ack refuse it. */
	REPLY_CASE("refused/set-vring-enable-ack-size-0", "SET_VRING_ENABLE", .malformed = true,
	           .findings = KEYS("malformed.payload_size"), .absent = KEYS("ack")),
	/* QEMU vhost_user_postcopy_advise: "Received bad msg size" unless 0. */
	REPLY_CASE("refused/postcopy-advise-size-8", "POSTCOPY_ADVISE", .nfds = 1, .zeros = 8,
	           .malformed = true, .findings = KEYS("malformed.payload_size")),
	/* QEMU vhost_user_get_config: "Received bad msg size" unless the request's size. */
	REPLY_CASE("refused/get-config-other-size", "GET_CONFIG", .ctx = &get_config_8,
	           .payload = PAYLOAD(U32_AT(4, 4), BYTES_AT(12, "abcd")), .malformed = true,
	           .findings = KEYS("malformed.payload_size"),
	           .fields = FIELDS({"config.size", 4, 4, 4})),
	REPLY_CASE("get-config/request-size", "GET_CONFIG", .ctx = &get_config_8,
	           .payload = PAYLOAD(U32_AT(4, 8), BYTES_AT(12, "abcdefgh")),
	           .fields = FIELDS({"config.size", 8, 4, 4})),
	/* VhostUserInflight is 24 bytes with its tail padding, and every reader
	 * wants 24: QEMU vhost_user_get_inflight_fd, libvhost-user
	 * vu_get/set_inflight_fd and DPDK refuse 20. */
	REPLY_CASE("refused/get-inflight-fd-size-20", "GET_INFLIGHT_FD", .nfds = 1,
	           .payload = PAYLOAD(U64_AT(0, 0x2100), U16_AT(16, 1), U16_AT(18, 256)),
	           .malformed = true, .findings = KEYS("malformed.payload_size"),
	           .fields = FIELDS({"inflight.queue_size", 256, 18, 2}),
	           .absent = KEYS("inflight.padding")),
	{.path = "/dissector/replies/refused/set-inflight-fd-request-size-20",
	 .request = "SET_INFLIGHT_FD", .flags = 0x1, .nfds = 1, .zeros = 20, .malformed = true,
	 .findings = KEYS("malformed.payload_size")},
	/* The request side's one tolerance: an IOTLB message without the tail
	 * padding of struct vhost_iotlb_msg (26 of 32 bytes) is read whole by
	 * QEMU's backend_read and DPDK's vhost_user_iotlb_msg, which check no size. */
	{.path = "/dissector/replies/requests/iotlb-msg-26",
	 .request = "IOTLB_MSG", .flags = 0x9,
	 .payload = PAYLOAD(U64_AT(0, 0x6000), U64_AT(8, 0x2000), U64_AT(16, 0x1000),
	                    U8_AT(24, 3), U8_AT(25, 2)),
	 .fields = FIELDS({"iotlb.type", 2, 25, 1})},
	{.path = "/dissector/replies/refused/iotlb-msg-25",
	 .request = "IOTLB_MSG", .flags = 0x9, .zeros = 25, .malformed = true,
	 .findings = KEYS("malformed.payload_size"), .absent = KEYS("iotlb.type")},
	/* The tolerance is the reply's: a SET_LOG_BASE request of 8 bytes is still
	 * malformed (libvhost-user vu_set_log_base_exec: "Invalid log_base message"). */
	{.path = "/dissector/replies/refused/set-log-base-request-size-8",
	 .request = "SET_LOG_BASE", .flags = 0x1, .nfds = 1, .zeros = 8, .malformed = true,
	 .findings = KEYS("malformed.payload_size"), .absent = KEYS("log.mmap_offset")},
};
/* clang-format on */

/* The severities the rows above rely on: a tolerated size is a note, a refused one an error. */
static void test_severities(void)
{
	size_t n = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&n);

	g_assert_cmpint(defs[test_finding_code("reply.size_tolerated")].severity, ==, VU_SEV_NOTE);
	g_assert_cmpint(defs[test_finding_code("malformed.payload_size")].severity, ==,
	                VU_SEV_ERROR);
}

/* Every tolerance says where it comes from, and only replies of requests
 * whose size real front-ends do not check have one. */
static void test_tolerances_sourced(void)
{
	static const uint32_t tolerant[] = {VU_REQ_SET_LOG_BASE, VU_REQ_GET_SHARED_OBJECT};
	size_t count = 0;
	const struct vu_request_info *table = vu_request_table(VU_CHANNEL_MAIN, &count);

	for (size_t i = 0; i < count; i++) {
		bool listed = false;

		for (size_t j = 0; j < G_N_ELEMENTS(tolerant); j++)
			listed |= tolerant[j] == table[i].number;
		if (!listed) {
			g_assert_null(table[i].reply_tolerance);
			continue;
		}
		g_assert_nonnull(table[i].reply_tolerance);
		g_assert_nonnull(strstr(table[i].reply_tolerance, "QEMU"));
	}
	for (enum vu_channel ch = VU_CHANNEL_BACKEND; ch < VU_CHANNEL_COUNT; ch++) {
		table = vu_request_table(ch, &count);
		for (size_t i = 0; i < count; i++)
			g_assert_null(table[i].reply_tolerance);
	}
}

void test_replies_register(void)
{
	test_cases_add(reply_cases, G_N_ELEMENTS(reply_cases));
	test_add("/dissector/replies/severities", test_severities);
	test_add("/dissector/replies/tolerances-sourced", test_tolerances_sourced);
}
