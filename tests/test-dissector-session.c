/*
 * The session state machine: negotiation stored, replies matched to their
 * requests with latency and frame, sequence findings, memory and vring state,
 * and the context (packed ring, Xen regions) fed back into decoding. Ends
 * with real sessions from tests/corpus (captured with strace from QEMU and
 * DPDK against real back-ends) replayed through the state machine.
 */
#include <string.h>

#include "tests/test-dissector-util.h"

#define MS TEST_SESS_MS

static struct test_sess *sess_new(enum vu_device_type device)
{
	struct test_sess *t = g_new0(struct test_sess, 1);
	vu_session_init(&t->s, device);
	t->ts = 1000 * MS;
	return t;
}

static struct vu_decoded *feed(struct test_sess *t, struct test_msg *m, unsigned nfds)
{
	return test_sess_feed(t, VU_CHANNEL_MAIN, m, nfds, NULL);
}

static struct vu_decoded *send_u64(struct test_sess *t, uint32_t request, uint32_t flags,
                                   uint64_t v)
{
	struct test_msg m;
	test_msg_init(&m, request, flags, 0);
	test_put_u64(&m, 0, v);
	return feed(t, &m, 0);
}

static struct vu_decoded *send_none(struct test_sess *t, uint32_t request, uint32_t flags)
{
	struct test_msg m;
	test_msg_init(&m, request, flags, 0);
	return feed(t, &m, 0);
}

static void assert_no_findings(const struct vu_decoded *d)
{
	if (d->nfindings)
		g_error("unexpected finding: %s", d->findings[0].text);
}

/* GET_FEATURES, GET/SET_PROTOCOL_FEATURES, SET_FEATURES: the §7.1 handshake. */
static void handshake(struct test_sess *t, uint64_t offered, uint64_t protocol, uint64_t acked)
{
	assert_no_findings(send_none(t, VU_REQ_GET_FEATURES, 0x1));
	assert_no_findings(send_u64(t, VU_REQ_GET_FEATURES, 0x5, offered));
	assert_no_findings(send_none(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x1));
	assert_no_findings(send_u64(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, protocol));
	assert_no_findings(send_u64(t, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, protocol));
	assert_no_findings(send_u64(t, VU_REQ_SET_FEATURES, 0x1, acked));
}

/* MAC and MRG_RXBUF alone read as blk's RO and LIFETIME too; MTU (bit 3)
 * is a bit only net defines. */
static const uint64_t NET_OFFER = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_F_PROTOCOL_FEATURES) |
                                  VU_BIT(VU_NET_F_MRG_RXBUF) | VU_BIT(VU_NET_F_MAC) |
                                  VU_BIT(VU_NET_F_MTU);
static const uint64_t PROTO_ACK =
    VU_BIT(VU_PF_MQ) | VU_BIT(VU_PF_LOG_SHMFD) | VU_BIT(VU_PF_REPLY_ACK) |
    VU_BIT(VU_PF_BACKEND_REQ) | VU_BIT(VU_PF_PAGEFAULT) | VU_BIT(VU_PF_CONFIG) |
    VU_BIT(VU_PF_BACKEND_SEND_FD) | VU_BIT(VU_PF_HOST_NOTIFIER) | VU_BIT(VU_PF_CONFIGURE_MEM_SLOTS);

static void test_negotiation(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_UNKNOWN);

	handshake(t, NET_OFFER, PROTO_ACK, NET_OFFER & ~VU_BIT(VU_NET_F_MAC));
	g_assert_true(t->s.features_seen);
	g_assert_true(t->s.protocol_seen);
	g_assert_true(t->s.features_set);
	g_assert_true(t->s.protocol_set);
	g_assert_cmphex(t->s.features_offered, ==, NET_OFFER);
	g_assert_cmphex(t->s.features_acked, ==, NET_OFFER & ~VU_BIT(VU_NET_F_MAC));
	g_assert_cmphex(t->s.protocol_offered, ==, PROTO_ACK);
	g_assert_cmphex(t->s.protocol_acked, ==, PROTO_ACK);
	/* MAC, MRG_RXBUF and MTU offered: only net defines them all. */
	g_assert_cmpint(t->s.device, ==, VU_DEVICE_NET);
	g_assert_cmpuint(t->s.device_evidence, ==, VU_EVIDENCE_FEATURES);
	g_assert_cmpuint(t->s.messages, ==, 6);
	g_assert_cmpuint(t->s.malformed, ==, 0);
	g_assert_cmpuint(t->s.findings, ==, 0);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 0);
	/* GET_QUEUE_NUM / GET_MAX_MEM_SLOTS / GET_STATUS replies are stored. */
	send_none(t, VU_REQ_GET_QUEUE_NUM, 0x1);
	send_u64(t, VU_REQ_GET_QUEUE_NUM, 0x5, 4);
	send_none(t, VU_REQ_GET_MAX_MEM_SLOTS, 0x1);
	send_u64(t, VU_REQ_GET_MAX_MEM_SLOTS, 0x5, 509);
	send_none(t, VU_REQ_GET_STATUS, 0x1);
	send_u64(t, VU_REQ_GET_STATUS, 0x5, 0x0f);
	g_assert_cmpuint(t->s.queue_num, ==, 4);
	g_assert_cmpuint(t->s.max_mem_slots, ==, 509);
	g_assert_cmpuint(t->s.status, ==, 0x0f);
	send_u64(t, VU_REQ_SET_STATUS, 0x1, 0x07);
	g_assert_cmpuint(t->s.status, ==, 0x07);
	send_none(t, VU_REQ_SET_OWNER, 0x1);
	g_assert_true(t->s.owner_set);
}

static void test_reply_matched(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d;
	uint64_t frame, ts;

	d = send_none(t, VU_REQ_GET_FEATURES, 0x1);
	frame = t->frame;
	ts = t->ts;
	g_assert_cmpuint(d->latency_ns, ==, 0);
	g_assert_cmpuint(t->s.last_frame_matched, ==, 0);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 1);
	g_assert_cmpuint(t->s.pending[VU_CHANNEL_MAIN][0].request, ==, VU_REQ_GET_FEATURES);
	g_assert_cmpuint(t->s.pending[VU_CHANNEL_MAIN][0].frame, ==, frame);
	/* Two other messages go by; the reply comes 3 ms after its request. */
	send_u64(t, VU_REQ_SET_FEATURES, 0x1, 0);
	send_none(t, VU_REQ_SET_OWNER, 0x1);
	d = send_u64(t, VU_REQ_GET_FEATURES, 0x5, NET_OFFER);
	assert_no_findings(d);
	g_assert_cmpuint(d->latency_ns, ==, t->ts - ts);
	g_assert_cmpuint(d->latency_ns, ==, 3 * MS);
	g_assert_cmpuint(t->s.last_frame_matched, ==, frame);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 0);
	/* The next message is no reply: the match is cleared. */
	send_none(t, VU_REQ_SET_OWNER, 0x1);
	g_assert_cmpuint(t->s.last_frame_matched, ==, 0);
}

static void test_reply_in_order(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	uint64_t f1, f2;

	send_none(t, VU_REQ_GET_FEATURES, 0x1);
	f1 = t->frame;
	send_none(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x1);
	f2 = t->frame;
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 2);
	assert_no_findings(send_u64(t, VU_REQ_GET_FEATURES, 0x5, 0));
	g_assert_cmpuint(t->s.last_frame_matched, ==, f1);
	assert_no_findings(send_u64(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, 0));
	g_assert_cmpuint(t->s.last_frame_matched, ==, f2);
}

static void test_unexpected_reply(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d = send_u64(t, VU_REQ_GET_FEATURES, 0x5, 0);

	g_assert_true(test_has_finding(d, VU_FIND_UNEXPECTED_REPLY));
	g_assert_cmpuint(d->latency_ns, ==, 0);
	g_assert_cmpuint(t->s.last_frame_matched, ==, 0);
	g_assert_cmpuint(t->s.findings, >=, 1);
	/* A request that expects no reply (SET_VRING_NUM without NEED_REPLY) gets none either. */
	struct test_msg m;
	test_msg_init(&m, VU_REQ_SET_VRING_NUM, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 256);
	assert_no_findings(feed(t, &m, 0));
	d = send_u64(t, VU_REQ_SET_VRING_NUM, 0x5, 0);
	g_assert_true(test_has_finding(d, VU_FIND_UNEXPECTED_REPLY));
}

static void test_reply_mismatch(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d;

	send_none(t, VU_REQ_GET_FEATURES, 0x1);
	/* A reply for a request nobody sent while GET_FEATURES waits. */
	d = send_u64(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, 0);
	g_assert_true(test_has_finding(d, VU_FIND_REPLY_MISMATCH));
	g_assert_cmpuint(d->latency_ns, ==, 0);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 1);
	/* Out of order: 1 then 15 pending, 15 answered first. */
	send_none(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x1);
	d = send_u64(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, 0);
	g_assert_true(test_has_finding(d, VU_FIND_REPLY_MISMATCH));
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 1);
	assert_no_findings(send_u64(t, VU_REQ_GET_FEATURES, 0x5, 0));
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 0);
}

static void test_reply_flags(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);

	send_none(t, VU_REQ_GET_FEATURES, 0x1);
	/* QEMU rejects any reply whose flags are not exactly 0x5 (§1.2). */
	struct vu_decoded *d = send_u64(t, VU_REQ_GET_FEATURES, 0xd, 0);
	g_assert_true(test_has_finding(d, VU_FIND_REPLY_FLAGS));
}

static void test_need_reply_without_ack(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d;

	/* Protocol features without REPLY_ACK (bit 3). */
	handshake(t, NET_OFFER, VU_BIT(VU_PF_MQ), NET_OFFER);
	d = send_none(t, VU_REQ_SET_OWNER, 0x9);
	g_assert_true(test_has_finding(d, VU_FIND_NEED_REPLY_NO_ACK));

	/* With REPLY_ACK: NEED_REPLY is fine and the ack is awaited and matched. */
	g_autofree struct test_sess *u = sess_new(VU_DEVICE_NET);
	handshake(u, NET_OFFER, VU_BIT(VU_PF_REPLY_ACK), NET_OFFER);
	assert_no_findings(send_none(u, VU_REQ_SET_OWNER, 0x9));
	g_assert_cmpuint(u->s.npending[VU_CHANNEL_MAIN], ==, 1);
	d = send_u64(u, VU_REQ_SET_OWNER, 0x5, 0);
	assert_no_findings(d);
	g_assert_cmpint(d->payload_kind, ==, VU_PAYLOAD_ACK);
	g_assert_cmpuint(d->latency_ns, ==, MS);
}

static void test_not_negotiated(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d;

	handshake(t, NET_OFFER, VU_BIT(VU_PF_REPLY_ACK), NET_OFFER);
	d = send_none(t, VU_REQ_GET_QUEUE_NUM, 0x1); /* GET_QUEUE_NUM needs MQ */
	g_assert_true(test_has_finding(d, VU_FIND_NOT_NEGOTIATED));
	d = send_u64(t, VU_REQ_SET_STATUS, 0x1, 0); /* SET_STATUS needs STATUS */
	g_assert_true(test_has_finding(d, VU_FIND_NOT_NEGOTIATED));

	/* SET_VRING_ENABLE needs F_PROTOCOL_FEATURES offered. */
	g_autofree struct test_sess *u = sess_new(VU_DEVICE_NET);
	send_none(u, VU_REQ_GET_FEATURES, 0x1);
	send_u64(u, VU_REQ_GET_FEATURES, 0x5, VU_BIT(VU_F_VERSION_1));
	struct test_msg m;
	test_msg_init(&m, VU_REQ_SET_VRING_ENABLE, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 1);
	d = feed(u, &m, 0);
	g_assert_true(test_has_finding(d, VU_FIND_NOT_NEGOTIATED));
}

static void test_not_offered(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d;

	send_none(t, VU_REQ_GET_FEATURES, 0x1);
	send_u64(t, VU_REQ_GET_FEATURES, 0x5, NET_OFFER);
	d = send_u64(t, VU_REQ_SET_FEATURES, 0x1, NET_OFFER | VU_BIT(VU_F_RING_PACKED));
	g_assert_true(test_has_finding(d, VU_FIND_NOT_OFFERED));
	/* LOG_ALL (26) is the front-end's to set while migrating (§6.1). */
	d = send_u64(t, VU_REQ_SET_FEATURES, 0x1, NET_OFFER | VU_BIT(VU_F_LOG_ALL));
	g_assert_false(test_has_finding(d, VU_FIND_NOT_OFFERED));
	send_none(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x1);
	send_u64(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, VU_BIT(VU_PF_MQ) | VU_BIT(VU_PF_LOG_SHMFD));
	d = send_u64(t, VU_REQ_SET_PROTOCOL_FEATURES, 0x1,
	             VU_BIT(VU_PF_MQ) | VU_BIT(VU_PF_LOG_SHMFD) | VU_BIT(VU_PF_RARP));
	g_assert_true(test_has_finding(d, VU_FIND_NOT_OFFERED));
}

static void put_region(struct test_msg *m, size_t off, uint64_t gpa, uint64_t size, uint64_t ua,
                       uint64_t mo)
{
	test_put_u64(m, off, gpa);
	test_put_u64(m, off + 8, size);
	test_put_u64(m, off + 16, ua);
	test_put_u64(m, off + 24, mo);
}

static void test_memory(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_fd_info fds[2];
	struct test_msg m;

	memset(fds, 0, sizeof(fds));
	fds[0].kind = VU_FD_MEMFD;
	fds[0].size = 0x80000000;
	g_strlcpy(fds[0].name, "memfd:pc.ram", sizeof(fds[0].name));
	fds[1].kind = VU_FD_MEMFD;
	fds[1].size = 0x40000000;
	g_strlcpy(fds[1].name, "memfd:pc.ram.high", sizeof(fds[1].name));

	handshake(t, NET_OFFER, PROTO_ACK, NET_OFFER);
	test_msg_init(&m, VU_REQ_SET_MEM_TABLE, 0x9, 0);
	test_put_u32(&m, 0, 2);
	put_region(&m, 8, 0, 0x80000000, 0x7f0000000000, 0);
	put_region(&m, 40, 0x100000000, 0x40000000, 0x7f0080000000, 0x80000000);
	assert_no_findings(test_sess_feed(t, VU_CHANNEL_MAIN, &m, 2, fds));
	g_assert_cmpuint(t->s.nregions, ==, 2);
	g_assert_cmphex(t->s.regions[0].guest_addr, ==, 0);
	g_assert_cmphex(t->s.regions[0].size, ==, 0x80000000);
	g_assert_cmphex(t->s.regions[0].user_addr, ==, 0x7f0000000000);
	g_assert_cmphex(t->s.regions[1].guest_addr, ==, 0x100000000);
	g_assert_cmphex(t->s.regions[1].mmap_offset, ==, 0x80000000);
	g_assert_cmpstr(t->s.regions[0].fd.name, ==, "memfd:pc.ram");
	g_assert_cmpstr(t->s.regions[1].fd.name, ==, "memfd:pc.ram.high");
	g_assert_cmpuint(t->s.regions[1].fd.kind, ==, VU_FD_MEMFD);
	/* The ack matches. */
	assert_no_findings(send_u64(t, VU_REQ_SET_MEM_TABLE, 0x5, 0));
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 0);

	/* A new table replaces the old one. */
	test_msg_init(&m, VU_REQ_SET_MEM_TABLE, 0x1, 0);
	test_put_u32(&m, 0, 1);
	put_region(&m, 8, 0x1000, 0x2000, 0x3000, 0x4000);
	test_sess_feed(t, VU_CHANNEL_MAIN, &m, 1, fds);
	g_assert_cmpuint(t->s.nregions, ==, 1);
	g_assert_cmphex(t->s.regions[0].guest_addr, ==, 0x1000);

	/* ADD_MEM_REG adds, REM_MEM_REG removes by address and size. */
	test_msg_init(&m, VU_REQ_ADD_MEM_REG, 0x1, 0);
	test_put_u64(&m, 0, 0);
	put_region(&m, 8, 0x100000, 0x1000, 0x5000, 0);
	test_sess_feed(t, VU_CHANNEL_MAIN, &m, 1, &fds[1]);
	g_assert_cmpuint(t->s.nregions, ==, 2);
	g_assert_cmphex(t->s.regions[1].guest_addr, ==, 0x100000);
	g_assert_cmpstr(t->s.regions[1].fd.name, ==, "memfd:pc.ram.high");
	test_msg_init(&m, VU_REQ_REM_MEM_REG, 0x1, 0);
	test_put_u64(&m, 0, 0);
	put_region(&m, 8, 0x1000, 0x2000, 0x3000, 0);
	feed(t, &m, 0);
	g_assert_cmpuint(t->s.nregions, ==, 1);
	g_assert_cmphex(t->s.regions[0].guest_addr, ==, 0x100000);
}

static void vring_state_msg(struct test_sess *t, uint32_t request, uint32_t index, uint32_t num)
{
	struct test_msg m;
	test_msg_init(&m, request, 0x1, 0);
	test_put_u32(&m, 0, index);
	test_put_u32(&m, 4, num);
	assert_no_findings(feed(t, &m, 0));
}

static void test_vrings(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct test_msg m;

	handshake(t, NET_OFFER, PROTO_ACK, NET_OFFER);
	vring_state_msg(t, VU_REQ_SET_VRING_NUM, 1, 256);
	vring_state_msg(t, VU_REQ_SET_VRING_BASE, 1, 17);
	test_msg_init(&m, VU_REQ_SET_VRING_ADDR, 0x1, 0);
	test_put_u32(&m, 0, 1);
	test_put_u32(&m, 4, 1);
	test_put_u64(&m, 8, 0xd000);
	test_put_u64(&m, 16, 0xe000);
	test_put_u64(&m, 24, 0xf000);
	test_put_u64(&m, 32, 0x1234);
	assert_no_findings(feed(t, &m, 0));
	test_msg_init(&m, VU_REQ_SET_VRING_KICK, 0x1, 0);
	test_put_u64(&m, 0, 1);
	assert_no_findings(feed(t, &m, 1));
	test_msg_init(&m, VU_REQ_SET_VRING_CALL, 0x1, 0);
	test_put_u64(&m, 0, 1);
	assert_no_findings(feed(t, &m, 1));
	test_msg_init(&m, VU_REQ_SET_VRING_ERR, 0x1, 0);
	test_put_u64(&m, 0, 0x101);
	assert_no_findings(feed(t, &m, 0));
	vring_state_msg(t, VU_REQ_SET_VRING_ENABLE, 1, 1);

	const struct vu_vring_state *v = &t->s.vrings[1];
	g_assert_true(v->seen);
	g_assert_cmpuint(v->num, ==, 256);
	g_assert_cmpuint(v->base, ==, 17);
	g_assert_cmphex(v->desc, ==, 0xd000);
	g_assert_cmphex(v->used, ==, 0xe000);
	g_assert_cmphex(v->avail, ==, 0xf000);
	g_assert_cmphex(v->log, ==, 0x1234);
	g_assert_cmpuint(v->addr_flags, ==, 1);
	g_assert_true(v->kick_fd);
	g_assert_true(v->call_fd);
	g_assert_false(v->err_fd);
	g_assert_true(v->started);
	g_assert_true(v->enabled);
	g_assert_false(t->s.vrings[0].seen);

	/* GET_VRING_BASE stops the ring; its reply carries the base. */
	vring_state_msg(t, VU_REQ_GET_VRING_BASE, 1, 0);
	g_assert_false(t->s.vrings[1].started);
	test_msg_init(&m, VU_REQ_GET_VRING_BASE, 0x5, 0);
	test_put_u32(&m, 0, 1);
	test_put_u32(&m, 4, 4711);
	assert_no_findings(feed(t, &m, 0));
	g_assert_cmpuint(t->s.vrings[1].base, ==, 4711);
	vring_state_msg(t, VU_REQ_SET_VRING_ENABLE, 1, 0);
	g_assert_false(t->s.vrings[1].enabled);

	/* An index beyond the tracked rings is not stored anywhere. */
	vring_state_msg(t, VU_REQ_SET_VRING_NUM, VU_MAX_VRINGS, 64);
	vring_state_msg(t, VU_REQ_SET_VRING_NUM, 0xffffffffu, 64);
	for (size_t i = 2; i < VU_MAX_VRINGS; i++)
		g_assert_false(t->s.vrings[i].seen);

	/* RESET_DEVICE forgets every ring. */
	send_none(t, VU_REQ_RESET_DEVICE, 0x1);
	g_assert_false(t->s.vrings[1].seen);
}

static void test_features_without_protocol(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);

	/* Without F_PROTOCOL_FEATURES every ring is enabled at once (§7.8). */
	send_none(t, VU_REQ_GET_FEATURES, 0x1);
	send_u64(t, VU_REQ_GET_FEATURES, 0x5, VU_BIT(VU_F_VERSION_1));
	send_u64(t, VU_REQ_SET_FEATURES, 0x1, VU_BIT(VU_F_VERSION_1));
	g_assert_true(t->s.vrings[0].enabled);
	g_assert_true(t->s.vrings[VU_MAX_VRINGS - 1].enabled);
}

static void test_packed_context(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	const uint64_t packed = NET_OFFER | VU_BIT(VU_F_RING_PACKED);
	struct test_msg m;

	handshake(t, packed, PROTO_ACK, packed);
	test_msg_init(&m, VU_REQ_SET_VRING_BASE, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 0x80018002u);
	struct vu_decoded *d = feed(t, &m, 0);
	assert_no_findings(d);
	test_check_field(d, VU_FIELD_VRING_BASE_AVAIL_IDX, 0, 4, 4, 2);
	test_check_field(d, VU_FIELD_VRING_BASE_AVAIL_WRAP, 0, 4, 4, 1);
	test_check_field(d, VU_FIELD_VRING_BASE_USED_IDX, 0, 4, 4, 1);
	test_check_field(d, VU_FIELD_VRING_BASE_USED_WRAP, 0, 4, 4, 1);
}

static void test_xen_context(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct test_msg m;

	handshake(t, NET_OFFER, PROTO_ACK | VU_BIT(VU_PF_XEN_MMAP), NET_OFFER);
	test_msg_init(&m, VU_REQ_SET_MEM_TABLE, 0x1, 0);
	test_put_u32(&m, 0, 1);
	put_region(&m, 8, 0x1000, 0x2000, 0x3000, 0);
	test_put_u32(&m, 40, 1);
	test_put_u32(&m, 44, 3);
	struct vu_decoded *d = feed(t, &m, 1);
	assert_no_findings(d);
	test_check_field(d, VU_FIELD_MEM_REGION, 0, 8, 40, 0);
	test_check_field(d, VU_FIELD_MEM_XEN_DOMID, 0, 36 + 8, 4, 3);
	g_assert_cmpuint(t->s.nregions, ==, 1);
}

/*
 * The typed values of a payload, beside the field tree: what the session
 * reads. A message cut short carries its first values only; the others are
 * absent (their bit clear) and 0.
 */
static void test_values(void)
{
	const uint32_t addr = VU_HAS_VRING_INDEX | VU_HAS_VRING_ADDR_FLAGS | VU_HAS_VRING_DESC;
	struct test_msg m;
	struct vu_decoded *d;

	test_msg_init(&m, VU_REQ_SET_VRING_ADDR, 0x1, 40);
	test_put_u32(&m, 0, 3);
	test_put_u32(&m, 4, 1);
	test_put_u64(&m, 8, 0x1000);
	test_put_u64(&m, 16, 0x2000);
	test_put_u64(&m, 24, 0x3000);
	test_put_u64(&m, 32, 0x4000);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_FRONT, &m, 0, NULL);
	g_assert_cmphex(d->values.has, ==,
	                addr | VU_HAS_VRING_USED | VU_HAS_VRING_AVAIL | VU_HAS_VRING_LOG);
	g_assert_cmpuint(d->values.vring_index, ==, 3);
	g_assert_cmphex(d->values.vring_addr.flags, ==, 1);
	g_assert_cmphex(d->values.vring_addr.desc, ==, 0x1000);
	g_assert_cmphex(d->values.vring_addr.used, ==, 0x2000);
	g_assert_cmphex(d->values.vring_addr.avail, ==, 0x3000);
	g_assert_cmphex(d->values.vring_addr.log, ==, 0x4000);
	g_free(d);
	/* Cut after the descriptor table's address. */
	d = test_decode_bytes(VU_CHANNEL_MAIN, VU_FROM_FRONT, m.b, VU_HDR_SIZE + 16, 0, NULL);
	g_assert_cmphex(d->values.has, ==, addr);
	g_assert_cmphex(d->values.vring_addr.desc, ==, 0x1000);
	g_assert_cmphex(d->values.vring_addr.used, ==, 0);
	g_free(d);

	/* Two regions, the second cut short: one region, whole. */
	test_msg_init(&m, VU_REQ_SET_MEM_TABLE, 0x1, 8 + 2 * 32);
	test_put_u32(&m, 0, 2);
	put_region(&m, 8, 0, 0x80000000, 0x7f0000000000, 0);
	put_region(&m, 40, 0x100000000, 0x40000000, 0x7f0080000000, 0x80000000);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_FRONT, &m, 2, NULL);
	g_assert_cmpuint(d->values.nregions, ==, 2);
	g_assert_cmphex(d->values.regions[1].guest_addr, ==, 0x100000000);
	g_assert_cmphex(d->values.regions[1].mmap_offset, ==, 0x80000000);
	g_free(d);
	d = test_decode_bytes(VU_CHANNEL_MAIN, VU_FROM_FRONT, m.b, m.len - 1, 2, NULL);
	g_assert_cmpuint(d->values.nregions, ==, 1);
	g_assert_cmphex(d->values.regions[0].size, ==, 0x80000000);
	g_assert_cmphex(d->values.regions[0].user_addr, ==, 0x7f0000000000);
	g_free(d);

	/* A ring fd word: index in bits 0-7, NOFD in bit 8. */
	test_msg_init(&m, VU_REQ_SET_VRING_KICK, 0x1, 8);
	test_put_u64(&m, 0, VU_VRING_NOFD_MASK | 5);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_FRONT, &m, 0, NULL);
	g_assert_cmphex(d->values.has, ==, VU_HAS_VRING_INDEX | VU_HAS_VRING_NOFD);
	g_assert_cmpuint(d->values.vring_index, ==, 5);
	g_assert_cmpuint(d->values.vring_nofd, ==, 1);
	g_free(d);

	/* A vring state's second word is what its row says: GET_VRING_BASE's
	 * reply carries the base. */
	test_msg_init(&m, VU_REQ_GET_VRING_BASE, 0x5, 8);
	test_put_u32(&m, 0, 1);
	test_put_u32(&m, 4, 77);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_BACK, &m, 0, NULL);
	g_assert_nonnull(test_field(d, VU_FIELD_VRING_BASE, 0));
	g_assert_cmphex(d->values.has, ==, VU_HAS_VRING_INDEX | VU_HAS_VRING_NUM);
	g_assert_cmpuint(d->values.vring_num, ==, 77);
	g_free(d);

	/* Plain numbers, whatever field they are shown as. */
	test_msg_init(&m, VU_REQ_GET_QUEUE_NUM, 0x5, 8);
	test_put_u64(&m, 0, 4);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_BACK, &m, 0, NULL);
	g_assert_nonnull(test_field(d, VU_FIELD_QUEUE_NUM, 0));
	g_assert_cmphex(d->values.has, ==, VU_HAS_NUMBER);
	g_assert_cmpuint(d->values.number, ==, 4);
	g_free(d);

	test_msg_init(&m, VU_REQ_SET_DEVICE_STATE_FD, 0x5, 8);
	test_put_u64(&m, 0, 0x100);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_BACK, &m, 0, NULL);
	g_assert_cmphex(d->values.has, ==, VU_HAS_DEVICE_STATE_RESULT);
	g_assert_cmphex(d->values.device_state.result, ==, 0x100);
	g_free(d);

	/* Config bytes: where they are in the message. */
	test_msg_init(&m, VU_REQ_GET_CONFIG, 0x5, 12 + 4);
	test_put_u32(&m, 0, 8);
	test_put_u32(&m, 4, 4);
	test_put_u32(&m, 12, 0xdeadbeef);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_BACK, &m, 0, NULL);
	g_assert_cmphex(d->values.has, ==,
	                VU_HAS_CONFIG_OFFSET | VU_HAS_CONFIG_SIZE | VU_HAS_CONFIG_FLAGS |
	                    VU_HAS_CONFIG_DATA);
	g_assert_cmpuint(d->values.config.offset, ==, 8);
	g_assert_cmpuint(d->values.config.data_offset, ==, VU_HDR_SIZE + 12);
	g_assert_cmpuint(d->values.config.data_length, ==, 4);
	g_free(d);

	/* Beyond the largest payload: nothing is decoded, nothing kept. */
	test_msg_init(&m, VU_REQ_SET_FEATURES, 0x1, VU_MAX_PAYLOAD + 8);
	d = test_decode(VU_CHANNEL_MAIN, VU_FROM_FRONT, &m, 0, NULL);
	g_assert_cmphex(d->values.has, ==, 0);
	g_assert_cmpuint(d->values.number, ==, 0);
	g_free(d);
}

static void test_backend_channel(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_BLK);
	struct test_msg m;

	handshake(t, VU_BIT(VU_F_PROTOCOL_FEATURES), PROTO_ACK | VU_BIT(VU_PF_CONFIG),
	          VU_BIT(VU_F_PROTOCOL_FEATURES));
	/* The back-end asks, the front-end acks: pending per channel. */
	test_msg_init(&m, VU_BREQ_CONFIG_CHANGE_MSG, 0x9, 0);
	assert_no_findings(test_sess_feed(t, VU_CHANNEL_BACKEND, &m, 0, NULL));
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_BACKEND], ==, 1);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 0);
	uint64_t frame = t->frame;
	/* A main-channel request in between does not match the back-end's reply. */
	send_none(t, VU_REQ_GET_CONFIG, 0x1);
	test_msg_init(&m, VU_BREQ_CONFIG_CHANGE_MSG, 0x5, 0);
	test_put_u64(&m, 0, 0);
	struct vu_decoded *d = test_sess_feed(t, VU_CHANNEL_BACKEND, &m, 0, NULL);
	assert_no_findings(d);
	g_assert_cmpuint(t->s.last_frame_matched, ==, frame);
	g_assert_cmpuint(d->latency_ns, ==, 2 * MS);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_BACKEND], ==, 0);
}

static void test_too_many_pending(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d = NULL;

	for (unsigned i = 0; i < VU_MAX_PENDING; i++)
		assert_no_findings(send_none(t, VU_REQ_GET_FEATURES, 0x1));
	d = send_none(t, VU_REQ_GET_FEATURES, 0x1);
	g_assert_true(test_has_finding(d, VU_FIND_TOO_MANY_PENDING));
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, VU_MAX_PENDING);
}

static void test_malformed_counted(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct test_msg m;

	test_msg_init(&m, 77, 0x1, 0);
	feed(t, &m, 0);
	test_msg_init(&m, VU_REQ_GET_FEATURES, 0x1, 0);
	struct vu_message msg = {.channel = VU_CHANNEL_MAIN, .bytes = m.b, .len = 5};
	vu_session_process(&t->s, &msg, 1, 1, &t->d);
	g_assert_cmpuint(t->s.messages, ==, 2);
	g_assert_cmpuint(t->s.malformed, ==, 2);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 0);
}

/* ---- real sessions ------------------------------------------------------ */

/*
 * A corpus session file is a sequence of [control byte][message] records
 * (tests/fuzz-decode.c): control bits 0-1 channel, bit 2 from the back-end,
 * bits 3-6 fd count.
 */
/*
 * A note is what a healthy peer may draw (a value the spec reserves that real
 * peers send and every reader ignores, such as DPDK virtio-user's
 * GET_VRING_BASE num); a warning or an error is not.
 */
static bool replay_finding_allowed(const struct vu_finding *f)
{
	size_t count = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&count);

	return f->code < count && defs[f->code].severity == VU_SEV_NOTE;
}

static void test_replay(gconstpointer data)
{
	const char *name = data;
	const char *srcdir = g_getenv("top_srcdir");
	g_autofree char *path =
	    g_build_filename(srcdir ? srcdir : ".", "tests", "corpus", name, NULL);
	g_autofree char *bytes = NULL;
	gsize len = 0, off = 0;
	g_autoptr(GError) error = NULL;
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_UNKNOWN);
	unsigned replies = 0, matched = 0;

	if (!g_file_get_contents(path, &bytes, &len, &error))
		g_error("%s: %s", path, error->message);
	while (off < len) {
		const uint8_t ctl = (uint8_t)bytes[off++];
		g_assert_cmpuint(len - off, >=, VU_HDR_SIZE);
		uint32_t size = (uint32_t)(uint8_t)bytes[off + 8] |
		                (uint32_t)(uint8_t)bytes[off + 9] << 8 |
		                (uint32_t)(uint8_t)bytes[off + 10] << 16 |
		                (uint32_t)(uint8_t)bytes[off + 11] << 24;
		g_assert_cmpuint(len - off, >=, VU_HDR_SIZE + size);
		g_autofree uint8_t *copy =
		    test_exact_copy((const uint8_t *)bytes + off, VU_HDR_SIZE + size);
		struct vu_fd_info fds[15];
		memset(fds, 0, sizeof(fds));
		struct vu_message msg = {
		    .channel = ctl & 3,
		    .from = (ctl >> 2) & 1,
		    .bytes = copy,
		    .len = VU_HDR_SIZE + size,
		    .nfds = (ctl >> 3) & 15,
		    .fds = fds,
		};
		t->frame++;
		t->ts += MS;
		vu_session_process(&t->s, &msg, t->ts, t->frame, &t->d);
		/* Real peers talk clean vhost-user: not one finding but notes. */
		for (size_t i = 0; i < t->d.nfindings; i++) {
			char buf[32];

			if (replay_finding_allowed(&t->d.findings[i]))
				continue;
			g_error("%s message %" G_GUINT64_FORMAT " (%s): %s", name, t->frame,
			        vu_decoded_name(&t->d, buf, sizeof(buf)), t->d.findings[i].text);
		}
		g_assert_false(t->d.malformed);
		if (t->d.reply) {
			replies++;
			matched += t->d.latency_ns > 0;
		}
		off += VU_HDR_SIZE + size;
	}
	g_assert_cmpuint(replies, >, 5);
	g_assert_cmpuint(matched, ==, replies);
	g_assert_cmpuint(t->s.npending[VU_CHANNEL_MAIN], ==, 0);
	g_assert_true(t->s.features_set);
	g_assert_true(t->s.protocol_set);
	/* Every session shared guest memory and started rings. */
	g_assert_cmpuint(t->s.nregions, >=, 1);
	g_assert_true(t->s.vrings[0].seen);
	g_assert_cmpuint(t->s.vrings[0].num, >, 0);
	g_assert_cmpuint(t->s.vrings[0].desc, !=, 0);
	g_assert_true(t->s.vrings[0].kick_fd);
}

/* ---- replies as peers send them ------------------------------------------- */

/* QEMU sets NEED_REPLY on POSTCOPY_LISTEN whether or not REPLY_ACK was
 * negotiated, and waits: the reply is owed, the flag is no mistake. */
static void test_postcopy_listen_need_reply(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	uint64_t protocol = VU_BIT(VU_PF_MQ) | VU_BIT(VU_PF_LOG_SHMFD) | VU_BIT(VU_PF_PAGEFAULT);
	struct vu_decoded *d;

	handshake(t, NET_OFFER, protocol, NET_OFFER);
	assert_no_findings(send_none(t, VU_REQ_POSTCOPY_LISTEN, 0x9));
	g_assert_cmpuint(vu_session_expire(&t->s, t->ts + 10 * MS, 5 * MS, &t->d), ==, 1);
	g_assert_cmpuint(t->d.findings[0].code, ==, VU_FIND_REPLY_LATE);
	g_assert_nonnull(strstr(t->d.findings[0].text, "no reply yet"));
	/* A request that is not always answered still draws the warning. */
	d = send_u64(t, VU_REQ_SET_VRING_NUM, 0x9, 256);
	g_assert_true(test_has_finding(d, VU_FIND_NEED_REPLY_NO_ACK));
}

/* ---- findings from real bug reports --------------------------------------- */

/* A reply to GET_VRING_BASE (or SKIP_DRAIN) for ring index with base num. */
static struct vu_decoded *vring_base_reply(struct test_sess *t, uint32_t request, uint32_t index,
                                           uint32_t num)
{
	struct test_msg m;

	test_msg_init(&m, request, 0x5, 0);
	test_put_u32(&m, 0, index);
	test_put_u32(&m, 4, num);
	return feed(t, &m, 0);
}

/* rust-vmm/vhost #290: SET_PROTOCOL_FEATURES with no GET_PROTOCOL_FEATURES. */
static void test_set_protocol_without_get(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_UNKNOWN);
	g_autofree struct test_sess *asked = sess_new(VU_DEVICE_UNKNOWN);
	struct vu_decoded *d;

	send_none(t, VU_REQ_GET_FEATURES, 0x1);
	assert_no_findings(send_u64(t, VU_REQ_GET_FEATURES, 0x5, NET_OFFER));
	d = send_u64(t, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, PROTO_ACK);
	g_assert_cmpuint(d->nfindings, ==, 1);
	g_assert_cmpuint(d->findings[0].code, ==, VU_FIND_SET_PROTOCOL_WITHOUT_GET);
	g_assert_nonnull(strstr(d->findings[0].text, "#290"));
	/* Asked first (the handshake asserts no finding), and asked again later. */
	handshake(asked, NET_OFFER, PROTO_ACK, NET_OFFER);
	assert_no_findings(send_u64(asked, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, PROTO_ACK));
}

/* The first bit of [first, last] that table does not name. */
static unsigned unnamed_bit(const struct vu_bit_table *table, unsigned first, unsigned last)
{
	for (unsigned bit = first; bit <= last; bit++)
		if (vu_bit_table_lookup(table, bit) == NULL)
			return bit;
	g_error("every bit of %u-%u has a name in %s", first, last, table->id);
	return 0;
}

static struct vu_decoded *offer(struct test_sess *t, uint32_t request, uint64_t bits)
{
	send_none(t, request, 0x1);
	return send_u64(t, request, 0x5, bits);
}

/* cloud-hypervisor #1565: bits no spec assigns, offered. */
static void test_unassigned_bits(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_UNKNOWN);
	g_autofree struct test_sess *blk = sess_new(VU_DEVICE_BLK);
	unsigned protocol_bit = unnamed_bit(vu_protocol_feature_table(), 0, 63);
	unsigned transport_bit =
	    unnamed_bit(vu_transport_feature_table(), VU_F_NOTIFY_ON_EMPTY, VU_F_ADMIN_VQ);
	unsigned blk_bit =
	    unnamed_bit(vu_device_feature_table(VU_DEVICE_BLK), 0, VU_F_NOTIFY_ON_EMPTY - 1);
	struct vu_decoded *d;

	d = offer(t, VU_REQ_GET_PROTOCOL_FEATURES, PROTO_ACK | VU_BIT(protocol_bit));
	g_assert_cmpuint(d->nfindings, ==, 1);
	g_assert_cmpuint(d->findings[0].code, ==, VU_FIND_UNASSIGNED_BITS);
	assert_no_findings(offer(t, VU_REQ_GET_PROTOCOL_FEATURES, PROTO_ACK));
	d = offer(t, VU_REQ_GET_FEATURES, NET_OFFER | VU_BIT(transport_bit));
	g_assert_true(test_has_finding(d, VU_FIND_UNASSIGNED_BITS));
	/* 42-49: reserved for extensions, whatever the device. */
	d = offer(t, VU_REQ_GET_FEATURES, NET_OFFER | VU_BIT(VU_F_ADMIN_VQ + 1));
	g_assert_true(test_has_finding(d, VU_FIND_UNASSIGNED_BITS));
	/* A device bit is judged only once the device is known. */
	g_autofree struct test_sess *unknown = sess_new(VU_DEVICE_UNKNOWN);
	assert_no_findings(
	    offer(unknown, VU_REQ_GET_FEATURES, VU_BIT(VU_F_VERSION_1) | VU_BIT(blk_bit)));
	d = offer(blk, VU_REQ_GET_FEATURES, VU_BIT(VU_F_VERSION_1) | VU_BIT(blk_bit));
	g_assert_true(test_has_finding(d, VU_FIND_UNASSIGNED_BITS));
	assert_no_findings(
	    offer(blk, VU_REQ_GET_FEATURES, VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_BLK_F_RO)));
}

static void iotlb_msg(struct test_sess *t, enum vu_channel ch, uint8_t type, uint64_t iova,
                      uint64_t size)
{
	struct test_msg m;

	test_msg_init(&m, ch == VU_CHANNEL_MAIN ? VU_REQ_IOTLB_MSG : VU_BREQ_IOTLB_MSG, 0x1, 0);
	test_put_u64(&m, 0, iova);
	test_put_u64(&m, 8, size);
	test_put_u64(&m, 16, 0x7f0000000000ull);
	test_put_u8(&m, 24, 3);
	test_put_u8(&m, 25, type);
	test_put_u8(&m, 31, 0);
	assert_no_findings(test_sess_feed(t, ch, &m, 0, NULL));
}

/* An IOTLB miss no IOTLB_MSG update answers within the reply timeout. */
static void test_iotlb_miss(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	uint64_t sent, frame;

	handshake(t, NET_OFFER | VU_BIT(VU_F_ACCESS_PLATFORM), PROTO_ACK,
	          NET_OFFER | VU_BIT(VU_F_ACCESS_PLATFORM));
	iotlb_msg(t, VU_CHANNEL_BACKEND, VU_IOTLB_MISS, 0x7000, 0);
	sent = t->ts;
	frame = t->frame;
	/* An update elsewhere does not answer it; one with the miss inside does. */
	iotlb_msg(t, VU_CHANNEL_BACKEND, VU_IOTLB_MISS, 0x9000, 0);
	iotlb_msg(t, VU_CHANNEL_MAIN, VU_IOTLB_UPDATE, 0x10000, 0x1000);
	assert_no_findings(send_u64(t, VU_REQ_IOTLB_MSG, 0x5, 0));
	iotlb_msg(t, VU_CHANNEL_MAIN, VU_IOTLB_UPDATE, 0x8000, 0x2000);
	assert_no_findings(send_u64(t, VU_REQ_IOTLB_MSG, 0x5, 0));
	g_assert_cmpuint(vu_session_expire(&t->s, sent + 5 * MS - 1, 5 * MS, &t->d), ==, 0);
	g_assert_cmpuint(vu_session_expire(&t->s, sent + 5 * MS, 5 * MS, &t->d), ==, 1);
	g_assert_cmpuint(t->d.findings[0].code, ==, VU_FIND_IOTLB_MISS_UNANSWERED);
	g_assert_cmpuint(t->d.findings[0].frame, ==, frame);
	g_assert_nonnull(strstr(t->d.findings[0].text, "0x7000"));
	/* Once. */
	g_assert_cmpuint(vu_session_expire(&t->s, sent + 50 * MS, 5 * MS, &t->d), ==, 0);
	/* A miss still open when the session ends is reported then. */
	iotlb_msg(t, VU_CHANNEL_BACKEND, VU_IOTLB_MISS, 0x20000, 0);
	vu_session_end(&t->s, "front closed", &t->d);
	g_assert_true(test_has_finding(&t->d, VU_FIND_IOTLB_MISS_UNANSWERED));
}

/* GET_VRING_BASE on a ring that never ran since SET_VRING_BASE gives that base back. */
static void test_vring_base_mismatch(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_NET);
	struct vu_decoded *d;

	handshake(t, NET_OFFER,
	          PROTO_ACK | VU_BIT(VU_PF_INFLIGHT_SHMFD) | VU_BIT(VU_PF_GET_VRING_BASE_INFLIGHT) |
	              VU_BIT(VU_PF_GET_VRING_BASE_SKIP_DRAIN),
	          NET_OFFER);
	vring_state_msg(t, VU_REQ_SET_VRING_BASE, 0, 5);
	vring_state_msg(t, VU_REQ_GET_VRING_BASE, 0, 0);
	d = vring_base_reply(t, VU_REQ_GET_VRING_BASE, 0, 7);
	g_assert_cmpuint(d->nfindings, ==, 1);
	g_assert_cmpuint(d->findings[0].code, ==, VU_FIND_VRING_BASE_MISMATCH);
	g_assert_nonnull(strstr(d->findings[0].text, "set 5, got 7"));
	/* The same base: nothing; SKIP_DRAIN is held to it too. */
	vring_state_msg(t, VU_REQ_SET_VRING_BASE, 1, 9);
	vring_state_msg(t, VU_REQ_GET_VRING_BASE, 1, 0);
	assert_no_findings(vring_base_reply(t, VU_REQ_GET_VRING_BASE, 1, 9));
	vring_state_msg(t, VU_REQ_SET_VRING_BASE, 1, 9);
	vring_state_msg(t, VU_REQ_GET_VRING_BASE_SKIP_DRAIN, 1, 0);
	d = vring_base_reply(t, VU_REQ_GET_VRING_BASE_SKIP_DRAIN, 1, 10);
	g_assert_true(test_has_finding(d, VU_FIND_VRING_BASE_MISMATCH));
	/* Kicked in between: the ring ran, any base may come back. */
	struct test_msg m;
	vring_state_msg(t, VU_REQ_SET_VRING_BASE, 2, 0);
	test_msg_init(&m, VU_REQ_SET_VRING_KICK, 0x1, 0);
	test_put_u64(&m, 0, 2);
	assert_no_findings(feed(t, &m, 1));
	vring_state_msg(t, VU_REQ_GET_VRING_BASE, 2, 0);
	assert_no_findings(vring_base_reply(t, VU_REQ_GET_VRING_BASE, 2, 300));
	/* Enabled in between: the same. */
	vring_state_msg(t, VU_REQ_SET_VRING_BASE, 3, 0);
	vring_state_msg(t, VU_REQ_SET_VRING_ENABLE, 3, 1);
	vring_state_msg(t, VU_REQ_GET_VRING_BASE, 3, 0);
	assert_no_findings(vring_base_reply(t, VU_REQ_GET_VRING_BASE, 3, 40));
	/* A split ring's base is 16 bits: the reserved upper half is not compared. */
	vring_state_msg(t, VU_REQ_SET_VRING_BASE, 4, 3);
	vring_state_msg(t, VU_REQ_GET_VRING_BASE, 4, 0);
	assert_no_findings(vring_base_reply(t, VU_REQ_GET_VRING_BASE, 4, 0x10003));
}

/* A request unanswered past the timeout: one finding about its frame, once. */
static void test_expire(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_UNKNOWN);
	uint64_t sent, frame;
	size_t ndefs;
	struct test_msg m;

	handshake(t, NET_OFFER, PROTO_ACK, NET_OFFER);
	test_msg_init(&m, VU_REQ_GET_VRING_BASE, 0x1, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 0);
	assert_no_findings(feed(t, &m, 0));
	sent = t->ts;
	frame = t->frame;
	g_assert_cmpuint(vu_session_expire(&t->s, sent + 5 * MS - 1, 5 * MS, &t->d), ==, 0);
	g_assert_cmpuint(vu_session_expire(&t->s, sent + 5 * MS, 5 * MS, &t->d), ==, 1);
	g_assert_false(t->d.has_header);
	/* Late, not lost: a healthy peer may still answer (a warning). */
	g_assert_cmpuint(t->d.findings[0].code, ==, VU_FIND_REPLY_LATE);
	g_assert_cmpuint(vu_finding_defs(&ndefs)[VU_FIND_REPLY_LATE].severity, ==, VU_SEV_WARN);
	g_assert_cmpuint(t->d.findings[0].frame, ==, frame);
	g_assert_nonnull(strstr(t->d.findings[0].text, "GET_VRING_BASE"));
	g_assert_nonnull(strstr(t->d.findings[0].text, "no reply yet after 0.005 s"));
	g_assert_cmpuint(vu_session_expire(&t->s, sent + 50 * MS, 5 * MS, &t->d), ==, 0);
	/* The late reply still answers it. */
	test_msg_init(&m, VU_REQ_GET_VRING_BASE, 0x5, 0);
	test_put_u32(&m, 0, 0);
	test_put_u32(&m, 4, 7);
	assert_no_findings(feed(t, &m, 0));
	g_assert_cmpuint(t->d.latency_ns, >, 0);
	/* NEED_REPLY with REPLY_ACK and no ack: late, then sequence.no_ack
	 * when the session ends without it. */
	send_u64(t, VU_REQ_SET_VRING_NUM, 0x9, 256);
	g_assert_cmpuint(vu_session_expire(&t->s, t->ts + 10 * MS, 5 * MS, &t->d), ==, 1);
	g_assert_cmpuint(t->d.findings[0].code, ==, VU_FIND_REPLY_LATE);
	g_assert_nonnull(strstr(t->d.findings[0].text, "no ack yet after"));
	vu_session_end(&t->s, "front closed", &t->d);
	g_assert_true(test_has_finding(&t->d, VU_FIND_NO_ACK));
	g_assert_false(test_has_finding(&t->d, VU_FIND_REPLY_LATE));
}

/* A session that ends before any ring starts says where it stopped. */
static void test_session_end(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_UNKNOWN);
	g_autofree struct test_sess *ran = sess_new(VU_DEVICE_UNKNOWN);
	struct test_msg m;

	handshake(t, NET_OFFER, PROTO_ACK, NET_OFFER);
	send_none(t, VU_REQ_GET_FEATURES, 0x1); /* GET_FEATURES, never answered */
	vu_session_end(&t->s, "back closed", &t->d);
	g_assert_cmpuint(t->d.nfindings, ==, 2);
	g_assert_cmpuint(t->d.findings[0].code, ==, VU_FIND_SESSION_INCOMPLETE);
	g_assert_nonnull(strstr(t->d.findings[0].text, "last request VHOST_USER_GET_FEATURES"));
	g_assert_nonnull(strstr(t->d.findings[0].text, "back closed"));
	g_assert_nonnull(strstr(t->d.findings[0].text, "pending: GET_FEATURES"));
	g_assert_cmpuint(t->d.findings[0].frame, ==, t->frame);
	g_assert_cmpuint(t->d.findings[1].code, ==, VU_FIND_NO_REPLY);

	/* Idle after the handshake (SET_OWNER, no device start): a normal end. */
	{
		g_autofree struct test_sess *idle = sess_new(VU_DEVICE_UNKNOWN);

		assert_no_findings(send_none(idle, VU_REQ_GET_FEATURES, 0x1));
		assert_no_findings(send_u64(idle, VU_REQ_GET_FEATURES, 0x5, NET_OFFER));
		assert_no_findings(send_none(idle, VU_REQ_SET_OWNER, 0x1));
		vu_session_end(&idle->s, "back closed", &idle->d);
		g_assert_cmpuint(idle->d.nfindings, ==, 0);
		/* ... but not once the device start began. */
		assert_no_findings(send_u64(idle, VU_REQ_SET_FEATURES, 0x1, NET_OFFER));
		vu_session_end(&idle->s, "back closed", &idle->d);
		g_assert_cmpuint(idle->d.nfindings, ==, 1);
		g_assert_cmpuint(idle->d.findings[0].code, ==, VU_FIND_SESSION_INCOMPLETE);
	}

	/* A session that reached its rings and left nothing pending ends clean. */
	handshake(ran, NET_OFFER, PROTO_ACK, NET_OFFER);
	test_msg_init(&m, VU_REQ_SET_VRING_KICK, 0x1, 0);
	test_put_u64(&m, 0, 0);
	assert_no_findings(feed(ran, &m, 1));
	vu_session_end(&ran->s, "front closed", &ran->d);
	g_assert_cmpuint(ran->d.nfindings, ==, 0);
}

/* --stats: counts per request, latency min, exact median and max. */
static void test_stats(void)
{
	g_autofree struct test_sess *t = sess_new(VU_DEVICE_UNKNOWN);
	static const uint64_t lat_ms[] = {3, 1, 10, 2};
	struct vu_stats st;
	struct vu_str out;

	vu_stats_init(&st);
	vu_str_init(&out);
	for (size_t i = 0; i < G_N_ELEMENTS(lat_ms); i++) {
		vu_stats_add(&st, send_none(t, VU_REQ_GET_FEATURES, 0x1));
		t->ts += (lat_ms[i] - 1) * MS; /* feed adds 1 ms */
		vu_stats_add(&st, send_u64(t, VU_REQ_GET_FEATURES, 0x5, NET_OFFER));
	}
	g_assert_cmpuint(st.messages, ==, 8);
	g_assert_cmpuint(st.by[VU_CHANNEL_MAIN][1].requests, ==, 4);
	g_assert_cmpuint(st.by[VU_CHANNEL_MAIN][1].replies, ==, 4);
	g_assert_cmpuint(st.by[VU_CHANNEL_MAIN][1].lat_min_ns, ==, 1 * MS);
	g_assert_cmpuint(st.by[VU_CHANNEL_MAIN][1].lat_max_ns, ==, 10 * MS);
	g_assert_cmpuint(vu_request_stats_median(&st.by[VU_CHANNEL_MAIN][1]), ==, 2500 * MS / 1000);
	vu_render_stats(&st, &t->s, &out);
	g_assert_nonnull(strstr(out.data, "GET_FEATURES"));
	g_assert_nonnull(strstr(out.data, "2500.0"));
	g_assert_nonnull(strstr(out.data, "MRG_RXBUF"));
	vu_str_clear(&out);
	vu_render_json_stats(&st, &t->s, &out);
	g_assert_nonnull(strstr(out.data, "\"median\":2500.0"));
	g_assert_nonnull(strstr(out.data, "\"features_offered.names\":["));
	vu_str_free(&out);
	vu_stats_free(&st);
}

void test_session_register(void)
{
	static const char *const sessions[] = {"blk-qsd-session", "fs-virtiofsd-session",
	                                       "net-qemu-dpdk-session", "net-dpdk-pair-session",
	                                       "net-dpdk-pair-rev-session"};

	test_add("/dissector/session/negotiation", test_negotiation);
	test_add("/dissector/session/reply/matched", test_reply_matched);
	test_add("/dissector/session/reply/in-order", test_reply_in_order);
	test_add("/dissector/session/reply/unexpected", test_unexpected_reply);
	test_add("/dissector/session/reply/mismatch", test_reply_mismatch);
	test_add("/dissector/session/reply/flags", test_reply_flags);
	test_add("/dissector/session/need-reply-without-reply-ack", test_need_reply_without_ack);
	test_add("/dissector/session/not-negotiated", test_not_negotiated);
	test_add("/dissector/session/not-offered", test_not_offered);
	test_add("/dissector/session/memory", test_memory);
	test_add("/dissector/session/vrings", test_vrings);
	test_add("/dissector/session/features-without-protocol", test_features_without_protocol);
	test_add("/dissector/session/context/packed", test_packed_context);
	test_add("/dissector/session/context/xen", test_xen_context);
	test_add("/dissector/session/values", test_values);
	test_add("/dissector/session/backend-channel", test_backend_channel);
	test_add("/dissector/session/too-many-pending", test_too_many_pending);
	test_add("/dissector/session/malformed-counted", test_malformed_counted);
	test_add("/dissector/session/expire", test_expire);
	test_add("/dissector/session/end", test_session_end);
	test_add("/dissector/session/stats", test_stats);
	test_add("/dissector/session/postcopy-listen-need-reply", test_postcopy_listen_need_reply);
	test_add("/dissector/session/set-protocol-without-get", test_set_protocol_without_get);
	test_add("/dissector/session/unassigned-bits", test_unassigned_bits);
	test_add("/dissector/session/iotlb-miss", test_iotlb_miss);
	test_add("/dissector/session/vring-base-mismatch", test_vring_base_mismatch);
	for (size_t i = 0; i < G_N_ELEMENTS(sessions); i++) {
		g_autofree char *path =
		    g_strdup_printf("/dissector/session/replay/%s", sessions[i]);
		test_add_data(path, sessions[i], test_replay);
	}
}
