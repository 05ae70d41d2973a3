/*
 * Every request of every channel, as request and as reply: the message is
 * built here from the reference's layout (§2-§4), decoded, and the header,
 * the request table row, the payload kind and every payload field (id,
 * offset from the message start, length, value) are checked.
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

static const uint8_t uuid[16] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
                                 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

/* The number a vring state carries, by the field that holds it. */
static uint32_t state_num(enum vu_field_id id)
{
	switch (id) {
	case VU_FIELD_VRING_SIZE:
		return 256;
	case VU_FIELD_VRING_BASE:
		return 0x1234;
	case VU_FIELD_VRING_ENABLE:
	case VU_FIELD_VRING_ENDIAN:
		return 1;
	default:
		return 0; /* reserved */
	}
}

/* A u64 payload's value: results and acks are 0 (success) to keep the message clean. */
static uint64_t u64_value(enum vu_field_id id)
{
	return id == VU_FIELD_RESULT || id == VU_FIELD_ACK ? 0 : V_U64;
}

/* Write a typical payload of this kind; returns the fds the message carries. */
static unsigned build_payload(struct test_msg *m, enum vu_payload_kind kind,
                              enum vu_field_id value_id, bool reply)
{
	switch (kind) {
	case VU_PAYLOAD_NONE:
		return 0;
	case VU_PAYLOAD_U64:
		test_put_u64(m, 0, u64_value(value_id));
		return 0;
	case VU_PAYLOAD_ACK:
		test_put_u64(m, 0, 0);
		return 0;
	case VU_PAYLOAD_FEATURES:
		test_put_u64(m, 0, V_FEATURES);
		return 0;
	case VU_PAYLOAD_PROTOCOL_FEATURES:
		test_put_u64(m, 0, V_PROTOCOL);
		return 0;
	case VU_PAYLOAD_STATUS:
		test_put_u64(m, 0, V_STATUS);
		return 0;
	case VU_PAYLOAD_VRING_STATE:
		test_put_u32(m, 0, 1);
		test_put_u32(m, 4, state_num(value_id));
		return 0;
	case VU_PAYLOAD_VRING_ADDR:
		test_put_u32(m, 0, 1);
		test_put_u32(m, 4, 1); /* VHOST_VRING_F_LOG */
		test_put_u64(m, 8, V_DESC);
		test_put_u64(m, 16, V_USED);
		test_put_u64(m, 24, V_AVAIL);
		test_put_u64(m, 32, V_LOG);
		return 0;
	case VU_PAYLOAD_VRING_FILE:
		test_put_u64(m, 0, 2); /* ring 2, an fd attached */
		return 1;
	case VU_PAYLOAD_MEM_TABLE:
		test_put_u32(m, 0, 1);
		test_put_u32(m, 4, 0);
		test_put_u64(m, 8, V_GPA);
		test_put_u64(m, 16, V_MEMSIZE);
		test_put_u64(m, 24, V_UADDR);
		test_put_u64(m, 32, V_MMAPOFF);
		return 1;
	case VU_PAYLOAD_MEM_REGION:
		test_put_u64(m, 0, 0);
		test_put_u64(m, 8, V_GPA);
		test_put_u64(m, 16, V_MEMSIZE);
		test_put_u64(m, 24, V_UADDR);
		test_put_u64(m, 32, V_MMAPOFF);
		return 1;
	case VU_PAYLOAD_LOG:
		test_put_u64(m, 0, 0x2000);
		test_put_u64(m, 8, 0x100);
		return 1;
	case VU_PAYLOAD_IOTLB:
		test_put_u64(m, 0, V_IOVA);
		test_put_u64(m, 8, 0x1000);
		test_put_u64(m, 16, V_UADDR);
		test_put_u8(m, 24, 3); /* RW */
		test_put_u8(m, 25, 2); /* UPDATE */
		test_put_bytes(m, 26, "\0\0\0\0\0\0", 6);
		return 0;
	case VU_PAYLOAD_CONFIG:
		test_put_u32(m, 0, 0);
		test_put_u32(m, 4, 8);
		test_put_u32(m, 8, 0);
		test_put_bytes(m, 12,
		               reply ? "\x00\x00\x20\x00\x00\x00\x00\x00" : "\0\0\0\0\0\0\0\0", 8);
		return 0;
	case VU_PAYLOAD_VRING_AREA:
		test_put_u64(m, 0, 1);
		test_put_u64(m, 8, 0x1000);
		test_put_u64(m, 16, 0x3000);
		return 1;
	case VU_PAYLOAD_INFLIGHT:
		test_put_u64(m, 0, reply ? 0x4400 : 0);
		test_put_u64(m, 8, 0);
		test_put_u16(m, 16, 2);
		test_put_u16(m, 18, 128);
		test_put_u32(m, 20, 0);
		return reply ? 1 : 0;
	case VU_PAYLOAD_SHARED:
		test_put_bytes(m, 0, uuid, 16);
		return 0;
	case VU_PAYLOAD_DEVICE_STATE:
		test_put_u32(m, 0, 1); /* LOAD */
		test_put_u32(m, 4, 0); /* STOPPED */
		return 1;
	case VU_PAYLOAD_DEVICE_STATE_RESULT:
		test_put_u64(m, 0, 0); /* success, fd returned */
		return 1;
	case VU_PAYLOAD_CRYPTO_SESSION:
		test_put_u64(m, 0, V_CRYPTO_OP);
		for (size_t i = 8; i < CRYPTO_SIZE - 8; i++)
			test_put_u8(m, i, (uint8_t)i);
		test_put_u64(m, CRYPTO_SIZE - 8, reply ? 7 : UINT64_MAX);
		return 0;
	case VU_PAYLOAD_MMAP:
		test_put_u8(m, 0, 1);
		test_put_bytes(m, 1, "\0\0\0\0\0\0\0", 7);
		test_put_u64(m, 8, 0x1000);
		test_put_u64(m, 16, 0x2000);
		test_put_u64(m, 24, 0x3000);
		test_put_u64(m, 32, 1); /* MAP_RW */
		return 1;
	case VU_PAYLOAD_SHMEM_CONFIG:
		test_put_u32(m, 0, 2);
		test_put_u32(m, 4, 0);
		for (size_t i = 0; i < 256; i++)
			test_put_u64(m, 8 + 8 * i, i == 0 ? 0x1000 : i == 3 ? 0x200000 : 0);
		return 0;
	case VU_PAYLOAD_MAC:
		test_put_bytes(m, 0, mac, 6);
		test_put_bytes(m, 6, "\0\0", 2);
		return 0;
	case VU_PAYLOAD_RAW:
		for (size_t i = 0; i < 24; i++)
			test_put_u8(m, i, (uint8_t)(0xa0 + i));
		return 0;
	default:
		g_error("no builder for payload kind %d", kind);
	}
}

static void check_payload(const struct vu_decoded *d, enum vu_payload_kind kind,
                          enum vu_field_id value_id, bool reply)
{
	switch (kind) {
	case VU_PAYLOAD_NONE:
		/* Nothing beyond the header. */
		for (size_t i = 0; i < d->nfields; i++)
			g_assert_cmpuint(d->fields[i].offset, <, VU_HDR_SIZE);
		break;
	case VU_PAYLOAD_U64:
		test_check_field(d, value_id, 0, 0, 8, u64_value(value_id));
		break;
	case VU_PAYLOAD_ACK:
		test_check_field(d, VU_FIELD_ACK, 0, 0, 8, 0);
		break;
	case VU_PAYLOAD_FEATURES:
		test_check_field(d, VU_FIELD_FEATURES, 0, 0, 8, V_FEATURES);
		break;
	case VU_PAYLOAD_PROTOCOL_FEATURES:
		test_check_field(d, VU_FIELD_PROTOCOL_FEATURES, 0, 0, 8, V_PROTOCOL);
		break;
	case VU_PAYLOAD_STATUS:
		test_check_field(d, VU_FIELD_STATUS, 0, 0, 8, V_STATUS);
		break;
	case VU_PAYLOAD_VRING_STATE:
		test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 4, 1);
		test_check_field(d, value_id, 0, 4, 4, state_num(value_id));
		break;
	case VU_PAYLOAD_VRING_ADDR:
		test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 4, 1);
		test_check_field(d, VU_FIELD_VRING_ADDR_FLAGS, 0, 4, 4, 1);
		test_check_field(d, VU_FIELD_VRING_ADDR_FLAGS_LOG, 0, 4, 4, 1);
		test_check_field(d, VU_FIELD_VRING_DESC, 0, 8, 8, V_DESC);
		test_check_field(d, VU_FIELD_VRING_USED, 0, 16, 8, V_USED);
		test_check_field(d, VU_FIELD_VRING_AVAIL, 0, 24, 8, V_AVAIL);
		test_check_field(d, VU_FIELD_VRING_LOG, 0, 32, 8, V_LOG);
		break;
	case VU_PAYLOAD_VRING_FILE:
		test_check_field(d, VU_FIELD_VRING_FILE, 0, 0, 8, 2);
		test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 8, 2);
		test_check_field(d, VU_FIELD_VRING_NOFD, 0, 0, 8, 0);
		break;
	case VU_PAYLOAD_MEM_TABLE:
		test_check_field(d, VU_FIELD_MEM_NREGIONS, 0, 0, 4, 1);
		test_check_field(d, VU_FIELD_MEM_PADDING, 0, 4, 4, 0);
		test_check_field(d, VU_FIELD_MEM_REGION, 0, 8, 32, 0);
		test_check_field(d, VU_FIELD_MEM_GUEST_ADDR, 0, 8, 8, V_GPA);
		test_check_field(d, VU_FIELD_MEM_SIZE, 0, 16, 8, V_MEMSIZE);
		test_check_field(d, VU_FIELD_MEM_USER_ADDR, 0, 24, 8, V_UADDR);
		test_check_field(d, VU_FIELD_MEM_MMAP_OFFSET, 0, 32, 8, V_MMAPOFF);
		g_assert_cmpuint(test_field_count(d, VU_FIELD_MEM_REGION), ==, 1);
		break;
	case VU_PAYLOAD_MEM_REGION:
		test_check_field(d, VU_FIELD_MEM_PADDING, 0, 0, 8, 0);
		test_check_field(d, VU_FIELD_MEM_REGION, 0, 8, 32, 0);
		test_check_field(d, VU_FIELD_MEM_GUEST_ADDR, 0, 8, 8, V_GPA);
		test_check_field(d, VU_FIELD_MEM_SIZE, 0, 16, 8, V_MEMSIZE);
		test_check_field(d, VU_FIELD_MEM_USER_ADDR, 0, 24, 8, V_UADDR);
		test_check_field(d, VU_FIELD_MEM_MMAP_OFFSET, 0, 32, 8, V_MMAPOFF);
		break;
	case VU_PAYLOAD_LOG:
		test_check_field(d, VU_FIELD_LOG_MMAP_SIZE, 0, 0, 8, 0x2000);
		test_check_field(d, VU_FIELD_LOG_MMAP_OFFSET, 0, 8, 8, 0x100);
		break;
	case VU_PAYLOAD_IOTLB:
		test_check_field(d, VU_FIELD_IOTLB_IOVA, 0, 0, 8, V_IOVA);
		test_check_field(d, VU_FIELD_IOTLB_SIZE, 0, 8, 8, 0x1000);
		test_check_field(d, VU_FIELD_IOTLB_UADDR, 0, 16, 8, V_UADDR);
		test_check_field(d, VU_FIELD_IOTLB_PERM, 0, 24, 1, 3);
		test_check_field(d, VU_FIELD_IOTLB_TYPE, 0, 25, 1, 2);
		break;
	case VU_PAYLOAD_CONFIG:
		test_check_field(d, VU_FIELD_CONFIG_OFFSET, 0, 0, 4, 0);
		test_check_field(d, VU_FIELD_CONFIG_SIZE, 0, 4, 4, 8);
		test_check_field(d, VU_FIELD_CONFIG_FLAGS, 0, 8, 4, 0);
		test_check_field(d, VU_FIELD_CONFIG_DATA, 0, 12, 8, 0);
		break;
	case VU_PAYLOAD_VRING_AREA:
		test_check_field(d, VU_FIELD_VRING_FILE, 0, 0, 8, 1);
		test_check_field(d, VU_FIELD_VRING_INDEX, 0, 0, 8, 1);
		test_check_field(d, VU_FIELD_VRING_NOFD, 0, 0, 8, 0);
		test_check_field(d, VU_FIELD_VRING_AREA_SIZE, 0, 8, 8, 0x1000);
		test_check_field(d, VU_FIELD_VRING_AREA_OFFSET, 0, 16, 8, 0x3000);
		break;
	case VU_PAYLOAD_INFLIGHT:
		test_check_field(d, VU_FIELD_INFLIGHT_MMAP_SIZE, 0, 0, 8, reply ? 0x4400 : 0);
		test_check_field(d, VU_FIELD_INFLIGHT_MMAP_OFFSET, 0, 8, 8, 0);
		test_check_field(d, VU_FIELD_INFLIGHT_NUM_QUEUES, 0, 16, 2, 2);
		test_check_field(d, VU_FIELD_INFLIGHT_QUEUE_SIZE, 0, 18, 2, 128);
		test_check_field(d, VU_FIELD_INFLIGHT_PADDING, 0, 20, 4, 0);
		break;
	case VU_PAYLOAD_SHARED:
		g_assert_nonnull(test_field(d, VU_FIELD_SHARED_UUID, 0));
		g_assert_cmpuint(test_field(d, VU_FIELD_SHARED_UUID, 0)->offset, ==, 12);
		g_assert_cmpuint(test_field(d, VU_FIELD_SHARED_UUID, 0)->length, ==, 16);
		break;
	case VU_PAYLOAD_DEVICE_STATE:
		test_check_field(d, VU_FIELD_DEVSTATE_DIRECTION, 0, 0, 4, 1);
		test_check_field(d, VU_FIELD_DEVSTATE_PHASE, 0, 4, 4, 0);
		break;
	case VU_PAYLOAD_DEVICE_STATE_RESULT:
		test_check_field(d, VU_FIELD_DEVSTATE_RESULT, 0, 0, 8, 0);
		test_check_field(d, VU_FIELD_DEVSTATE_ERROR, 0, 0, 8, 0);
		test_check_field(d, VU_FIELD_DEVSTATE_INVALID_FD, 0, 0, 8, 0);
		break;
	case VU_PAYLOAD_CRYPTO_SESSION:
		test_check_field(d, VU_FIELD_CRYPTO_OP_CODE, 0, 0, 8, V_CRYPTO_OP);
		test_check_field(d, VU_FIELD_CRYPTO_SESSION_INFO, 0, 8, CRYPTO_SIZE - 16, 0);
		test_check_field(d, VU_FIELD_CRYPTO_SESSION_ID, 0, CRYPTO_SIZE - 8, 8,
		                 reply ? 7 : UINT64_MAX);
		break;
	case VU_PAYLOAD_MMAP:
		test_check_field(d, VU_FIELD_MMAP_SHMID, 0, 0, 1, 1);
		test_check_field(d, VU_FIELD_MMAP_PADDING, 0, 1, 7, 0);
		test_check_field(d, VU_FIELD_MMAP_FD_OFFSET, 0, 8, 8, 0x1000);
		test_check_field(d, VU_FIELD_MMAP_SHM_OFFSET, 0, 16, 8, 0x2000);
		test_check_field(d, VU_FIELD_MMAP_LEN, 0, 24, 8, 0x3000);
		test_check_field(d, VU_FIELD_MMAP_FLAGS, 0, 32, 8, 1);
		test_check_field(d, VU_FIELD_MMAP_FLAGS_RW, 0, 32, 8, 1);
		break;
	case VU_PAYLOAD_SHMEM_CONFIG:
		test_check_field(d, VU_FIELD_SHMEM_NREGIONS, 0, 0, 4, 2);
		test_check_field(d, VU_FIELD_SHMEM_PADDING, 0, 4, 4, 0);
		/* Used ids only: shmid 0 and 3. */
		g_assert_cmpuint(test_field_count(d, VU_FIELD_SHMEM_REGION), ==, 2);
		test_check_field(d, VU_FIELD_SHMEM_REGION, 0, 8, 8, 0);
		test_check_field(d, VU_FIELD_SHMEM_REGION_ID, 0, 8, 8, 0);
		test_check_field(d, VU_FIELD_SHMEM_REGION_SIZE, 0, 8, 8, 0x1000);
		test_check_field(d, VU_FIELD_SHMEM_REGION, 1, 32, 8, 0);
		test_check_field(d, VU_FIELD_SHMEM_REGION_ID, 1, 32, 8, 3);
		test_check_field(d, VU_FIELD_SHMEM_REGION_SIZE, 1, 32, 8, 0x200000);
		break;
	case VU_PAYLOAD_MAC:
		g_assert_nonnull(test_field(d, VU_FIELD_RARP_MAC, 0));
		g_assert_cmpuint(test_field(d, VU_FIELD_RARP_MAC, 0)->offset, ==, 12);
		g_assert_cmpuint(test_field(d, VU_FIELD_RARP_MAC, 0)->length, ==, 6);
		break;
	case VU_PAYLOAD_RAW:
		test_check_field(d, VU_FIELD_PAYLOAD_DATA, 0, 0, 24, 0);
		break;
	default:
		g_error("no checker for payload kind %d", kind);
	}
}

struct decode_case {
	enum vu_channel channel;
	const struct test_ref_request *ref;
	bool reply;
	bool need_reply;
};

/* Who sends requests on a channel: the front-end on main, the back-end elsewhere (§1.1, §3). */
static enum vu_direction sender(enum vu_channel ch, bool reply)
{
	enum vu_direction requester = ch == VU_CHANNEL_MAIN ? VU_FROM_FRONT : VU_FROM_BACK;
	return reply ? (enum vu_direction) !requester : requester;
}

static void check_header(const struct vu_decoded *d, uint32_t request, uint32_t flags,
                         uint32_t size)
{
	g_assert_true(d->has_header);
	g_assert_cmpuint(d->request, ==, request);
	g_assert_cmphex(d->flags, ==, flags);
	g_assert_cmpuint(d->size, ==, size);
	g_assert_cmpint(d->reply, ==, (flags & 4) != 0);
	g_assert_cmpint(d->need_reply, ==, (flags & 8) != 0);
	g_assert_cmpuint(d->latency_ns, ==, 0);
	/* The header fields come first, in wire order. */
	g_assert_cmpuint(d->nfields, >=, 6);
	test_check_hdr_field(d, VU_FIELD_REQUEST, 0, 4, request);
	test_check_hdr_field(d, VU_FIELD_FLAGS, 4, 4, flags);
	test_check_hdr_field(d, VU_FIELD_FLAGS_VERSION, 4, 4, flags & 3);
	test_check_hdr_field(d, VU_FIELD_FLAGS_REPLY, 4, 4, (flags & 4) != 0);
	test_check_hdr_field(d, VU_FIELD_FLAGS_NEED_REPLY, 4, 4, (flags & 8) != 0);
	test_check_hdr_field(d, VU_FIELD_SIZE, 8, 4, size);
	g_assert_cmpuint(d->fields[0].id, ==, VU_FIELD_REQUEST);
	g_assert_cmpuint(d->fields[0].depth, ==, 0);
}

static void run_decode_case(gconstpointer data)
{
	const struct decode_case *c = data;
	const struct test_ref_request *ref = c->ref;
	enum vu_payload_kind kind = c->reply ? ref->reply : ref->request;
	enum vu_field_id value_id = c->reply ? ref->reply_value : ref->request_value;
	uint32_t flags = c->reply ? 0x5 : c->need_reply ? 0x9 : 0x1;
	struct test_msg m;
	unsigned nfds;

	test_msg_init(&m, ref->number, flags, 0);
	nfds = build_payload(&m, kind, value_id, c->reply);
	/* The reference's fd column wins over the layout's usual count. */
	if (!c->reply && nfds < ref->fds_min)
		nfds = ref->fds_min;
	if (!c->reply && nfds > ref->fds_max)
		nfds = ref->fds_max;
	if (c->reply)
		nfds = ref->reply_fds;
	test_put_u32_at(m.b, 8, (uint32_t)(m.len - VU_HDR_SIZE));

	g_autofree struct vu_decoded *d =
	    test_decode(c->channel, sender(c->channel, c->reply), &m, nfds, NULL);
	char buf[32];
	g_autofree char *name = g_strconcat("VHOST_USER_", ref->name, NULL);

	check_header(d, ref->number, flags, (uint32_t)(m.len - VU_HDR_SIZE));
	g_assert_cmpint(d->channel, ==, c->channel);
	g_assert_cmpint(d->from, ==, sender(c->channel, c->reply));
	g_assert_cmpuint(d->nfds, ==, nfds);
	g_assert_true(d->info == vu_request_lookup(c->channel, ref->number));
	g_assert_cmpstr(vu_decoded_name(d, buf, sizeof(buf)), ==, name);
	if (d->payload_kind != kind)
		g_error("%s %s decoded as %s, reference %s", name, c->reply ? "reply" : "request",
		        vu_payload_kind_name(d->payload_kind), vu_payload_kind_name(kind));
	/* A well-formed message from the right side with the right fds: no finding at all. */
	if (d->nfindings) {
		size_t n = 0;
		const struct vu_finding_def *defs = vu_finding_defs(&n);
		g_error("%s %s: unexpected finding %s: %s", name, c->reply ? "reply" : "request",
		        defs[d->findings[0].code].key, d->findings[0].text);
	}
	g_assert_false(d->malformed);
	check_payload(d, kind, value_id, c->reply);
	/* Nothing but the header and the payload fields. */
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].offset >= VU_HDR_SIZE)
			g_assert_cmpuint(d->fields[i].offset, <, m.len);
}

/* Registered cases live as long as the test program. */
static GPtrArray *cases;

static void add_case(enum vu_channel ch, const struct test_ref_request *ref, bool reply,
                     bool need_reply)
{
	struct decode_case *c = g_new0(struct decode_case, 1);
	const char *chan = ch == VU_CHANNEL_MAIN      ? ""
	                   : ch == VU_CHANNEL_BACKEND ? "backend/"
	                                              : "gpu/";
	g_autofree char *path = g_strdup_printf("/dissector/decode/%s%s/%s", chan, ref->path,
	                                        reply        ? "reply"
	                                        : need_reply ? "request-need-reply"
	                                                     : "request");

	c->channel = ch;
	c->ref = ref;
	c->reply = reply;
	c->need_reply = need_reply;
	g_ptr_array_add(cases, c);
	test_add_data(path, c, run_decode_case);
}

void test_decode_register(void)
{
	static const enum vu_channel chans[] = {VU_CHANNEL_MAIN, VU_CHANNEL_BACKEND,
	                                        VU_CHANNEL_GPU};

	cases = g_ptr_array_new_with_free_func(g_free);
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
