/*
 * Which device and which dialect a session is named in, from the evidence
 * (dissector/vu-identify.c): the offered bits taken together, GET_CONFIG,
 * per-device requests, the peers' command lines, and the option that always
 * wins; crosvm's numbering both ways and its 1000+ ids; the upstream numbers
 * unchanged under --dialect qemu; the finding about SHMEM at bit 21.
 * Each case is one row: what the session shows, what it must conclude.
 */
#include <string.h>

#include "dissector/vu-ring.h"
#include "tests/test-dissector-util.h"

/* m fed on ch (test_sess_feed), with an fd when its request must carry one. */
static struct vu_decoded *feed_on(struct test_sess *t, enum vu_channel ch, struct test_msg *m)
{
	bool reply = (m->b[4] & VU_FLAG_REPLY) != 0;
	g_autofree uint8_t *copy = NULL;
	struct vu_fd_info fds[1] = {{.kind = VU_FD_MEMFD}};
	unsigned nfds = 0;

	test_put_u32_at(m->b, 8, (uint32_t)(m->len - VU_HDR_SIZE));
	copy = test_exact_copy(m->b, m->len);
	if (!reply) {
		struct vu_decode_context ctx;
		struct vu_message probe = {.channel = ch, .bytes = copy, .len = m->len};
		const struct vu_request_info *info;

		vu_session_prepare(&t->s, &probe);
		vu_session_context(&t->s, &probe, &ctx);
		info = vu_request_lookup_dialect(ctx.dialect, ch,
		                                 (uint32_t)m->b[0] | (uint32_t)m->b[1] << 8);
		if (info != NULL && info->request_fds_min > 0)
			nfds = 1;
	}
	return test_sess_feed(t, ch, m, nfds, fds);
}

static struct vu_decoded *send_u64(struct test_sess *t, uint32_t request, uint32_t flags,
                                   uint64_t v)
{
	struct test_msg m;

	test_msg_init(&m, request, flags, 0);
	test_put_u64(&m, 0, v);
	return feed_on(t, VU_CHANNEL_MAIN, &m);
}

static struct vu_decoded *send_none(struct test_sess *t, enum vu_channel ch, uint32_t request,
                                    uint32_t flags)
{
	struct test_msg m;

	test_msg_init(&m, request, flags, 0);
	return feed_on(t, ch, &m);
}

/* The summary of d as the text output prints it, for the session's device. */
static char *summary(const struct test_sess *t, const struct vu_decoded *d,
                     const struct test_msg *m)
{
	struct vu_str s;
	char *out;

	vu_str_init(&s);
	vu_render_summary(d, m->b, m->len, t->s.device, &s);
	out = g_strdup(s.data != NULL ? s.data : "");
	vu_str_free(&s);
	return out;
}

/* ---- the device ------------------------------------------------------------- */

/* qemu-storage-daemon's vhost-user-blk export offers this (tests/corpus-pcapng/
 * blk-qsd-run.pcapng); writable=off adds RO. */
#define QSD_BLK_OFFER 0x175007e46ull
#define QSD_RO_OFFER  (QSD_BLK_OFFER | VU_BIT(VU_BLK_F_RO))
/* DPDK testpmd net_vhost (tests/corpus-pcapng/net-qemu-dpdk-run-reverse.pcapng):
 * HOST_ECN without HOST_TSO4/6, which the spec's requirements forbid. */
#define DPDK_NET_OFFER 0xd7c66e7cbull
/* Bit 5 alone: net's MAC or blk's RO. */
#define AMBIGUOUS_OFFER (VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_BLK_F_RO))
#define TRANSPORT_OFFER (VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_F_PROTOCOL_FEATURES))

#define QEMU_BLK_AND_NET                                                                           \
	"qemu-system-x86_64 -chardev socket,id=c0,path=/tmp/a.sock -device "                       \
	"vhost-user-blk-pci,chardev=c0 -netdev vhost-user,id=n0,chardev=c1 -device "               \
	"virtio-net-pci,netdev=n0"
#define QSD_RO_EXPORT                                                                              \
	"qemu-storage-daemon --blockdev driver=file,node-name=disk0,filename=/tmp/d.img "          \
	"--export type=vhost-user-blk,id=e0,node-name=disk0,addr.type=unix,addr.path=/tmp/b.sock," \
	"writable=off"

struct device_case {
	const char *path;
	enum vu_device_type option; /* --device, or VU_DEVICE_UNKNOWN */
	const char *front_cmdline, *back_cmdline;
	uint64_t offered;         /* the GET_FEATURES reply; 0 = none */
	uint32_t config_blk_size; /* a GET_CONFIG reply of 60 bytes with this blk_size; 0 = none */
	enum vu_request_main request; /* a per-device request sent; 0 = none */
	enum vu_device_type device;   /* what the session must conclude */
	unsigned evidence;
	const char *named; /* in the GET_FEATURES reply's summary, as named at the end */
};

/* clang-format off */
static const struct device_case device_cases[] = {
	{.path = "/dissector/identify/device/read-only-blk-offer",
	 .offered = QSD_RO_OFFER, .device = VU_DEVICE_BLK, .evidence = VU_EVIDENCE_FEATURES,
	 .named = "<SIZE_MAX,SEG_MAX,RO,BLK_SIZE,FLUSH,TOPOLOGY,CONFIG_WCE,MQ,DISCARD,WRITE_ZEROES,"},
	{.path = "/dissector/identify/device/read-only-blk-offer-and-config",
	 .offered = QSD_RO_OFFER, .config_blk_size = 512, .device = VU_DEVICE_BLK,
	 .evidence = VU_EVIDENCE_FEATURES | VU_EVIDENCE_CONFIG, .named = "RO,BLK_SIZE"},
	{.path = "/dissector/identify/device/read-only-blk-cmdline",
	 .front_cmdline = QEMU_BLK_AND_NET, .back_cmdline = QSD_RO_EXPORT,
	 .offered = QSD_RO_OFFER, .device = VU_DEVICE_BLK,
	 .evidence = VU_EVIDENCE_CMDLINE | VU_EVIDENCE_FEATURES, .named = "RO"},
	{.path = "/dissector/identify/device/ambiguous-bit-is-bit-n",
	 .offered = AMBIGUOUS_OFFER, .device = VU_DEVICE_UNKNOWN, .evidence = 0,
	 .named = "<bit5,VERSION_1>"},
	{.path = "/dissector/identify/device/option-wins-ambiguous",
	 .option = VU_DEVICE_NET, .offered = AMBIGUOUS_OFFER, .device = VU_DEVICE_NET,
	 .evidence = VU_EVIDENCE_OPTION, .named = "<MAC,VERSION_1>"},
	{.path = "/dissector/identify/device/option-wins-over-evidence",
	 .option = VU_DEVICE_NET, .back_cmdline = QSD_RO_EXPORT, .offered = QSD_RO_OFFER,
	 .config_blk_size = 512, .device = VU_DEVICE_NET, .evidence = VU_EVIDENCE_OPTION,
	 .named = "<GUEST_CSUM,CTRL_GUEST_OFFLOADS,MAC,"},
	{.path = "/dissector/identify/device/cmdline-names-ambiguous-offer",
	 .back_cmdline = QSD_RO_EXPORT, .offered = AMBIGUOUS_OFFER, .device = VU_DEVICE_BLK,
	 .evidence = VU_EVIDENCE_CMDLINE, .named = "<RO,VERSION_1>"},
	{.path = "/dissector/identify/device/cmdline-front-names-two",
	 .front_cmdline = QEMU_BLK_AND_NET, .offered = AMBIGUOUS_OFFER,
	 .device = VU_DEVICE_UNKNOWN, .named = "<bit5,"},
	{.path = "/dissector/identify/device/cmdline-back-narrows-front",
	 .front_cmdline = QEMU_BLK_AND_NET,
	 .back_cmdline = "dpdk-testpmd -l 0 --vdev net_vhost0,iface=/tmp/b.sock,queues=1",
	 .offered = AMBIGUOUS_OFFER, .device = VU_DEVICE_NET, .evidence = VU_EVIDENCE_CMDLINE,
	 .named = "<MAC,"},
	{.path = "/dissector/identify/device/cmdline-virtiofsd",
	 .back_cmdline = "/usr/lib/qemu/virtiofsd --socket-path=/tmp/b.sock -o source=/srv",
	 .offered = TRANSPORT_OFFER, .device = VU_DEVICE_FS, .evidence = VU_EVIDENCE_CMDLINE,
	 .named = "<PROTOCOL_FEATURES,VERSION_1>"},
	{.path = "/dissector/identify/device/dpdk-net-offer",
	 .offered = DPDK_NET_OFFER, .device = VU_DEVICE_NET, .evidence = VU_EVIDENCE_FEATURES,
	 .named = "<CSUM,GUEST_CSUM,MTU,GSO,"},
	{.path = "/dissector/identify/device/transport-only-offer",
	 .offered = TRANSPORT_OFFER, .device = VU_DEVICE_UNKNOWN, .named = "<PROTOCOL_FEATURES"},
	{.path = "/dissector/identify/device/config-alone",
	 .offered = AMBIGUOUS_OFFER, .config_blk_size = 4096, .device = VU_DEVICE_BLK,
	 .evidence = VU_EVIDENCE_CONFIG, .named = "<RO,"},
	{.path = "/dissector/identify/device/config-not-blk",
	 .offered = AMBIGUOUS_OFFER, .config_blk_size = 3000, .device = VU_DEVICE_UNKNOWN,
	 .named = "<bit5,"},
	{.path = "/dissector/identify/device/request-send-rarp",
	 .offered = AMBIGUOUS_OFFER, .request = VU_REQ_SEND_RARP, .device = VU_DEVICE_NET,
	 .evidence = VU_EVIDENCE_REQUEST, .named = "<MAC,"},
	{.path = "/dissector/identify/device/request-net-set-mtu-and-features",
	 .offered = DPDK_NET_OFFER, .request = VU_REQ_NET_SET_MTU, .device = VU_DEVICE_NET,
	 .evidence = VU_EVIDENCE_FEATURES | VU_EVIDENCE_REQUEST, .named = "<CSUM,"},
	/* Sources that disagree leave the device unknown rather than guess. */
	{.path = "/dissector/identify/device/conflict-cmdline-features",
	 .back_cmdline = "dpdk-testpmd --vdev net_vhost0,iface=/tmp/b.sock",
	 .offered = QSD_RO_OFFER, .device = VU_DEVICE_UNKNOWN, .named = "<bit1,bit2,bit5,"},
	{.path = "/dissector/identify/device/conflict-request-config",
	 .offered = AMBIGUOUS_OFFER, .config_blk_size = 512, .request = VU_REQ_SEND_RARP,
	 .device = VU_DEVICE_UNKNOWN, .named = "<bit5,"},
};
/* clang-format on */

static void run_device_case(gconstpointer data)
{
	const struct device_case *c = data;
	g_autofree struct test_sess *t = g_new0(struct test_sess, 1);
	struct test_msg reply;
	g_autofree char *named = NULL;

	vu_session_init(&t->s, c->option);
	vu_session_note_cmdline(&t->s, VU_FROM_FRONT, c->front_cmdline);
	vu_session_note_cmdline(&t->s, VU_FROM_BACK, c->back_cmdline);
	send_u64(t, VU_REQ_SET_PROTOCOL_FEATURES, 0x1,
	         VU_BIT(VU_PF_CONFIG) | VU_BIT(VU_PF_RARP) | VU_BIT(VU_PF_NET_MTU));
	send_none(t, VU_CHANNEL_MAIN, VU_REQ_GET_FEATURES, 0x1);
	test_msg_init(&reply, VU_REQ_GET_FEATURES, 0x5, 0);
	test_put_u64(&reply, 0, c->offered);
	feed_on(t, VU_CHANNEL_MAIN, &reply);
	if (c->config_blk_size != 0) {
		struct test_msg m;

		test_msg_init(&m, VU_REQ_GET_CONFIG, 0x1, 0);
		test_put_u32(&m, 4, 60);
		test_put_bytes(&m, 12, "", 0);
		m.len = VU_HDR_SIZE + 12 + 60;
		feed_on(t, VU_CHANNEL_MAIN, &m);
		test_msg_init(&m, VU_REQ_GET_CONFIG, 0x5, 0);
		test_put_u32(&m, 4, 60);
		test_put_u64(&m, 12, 0x800);
		test_put_u32(&m, 12 + 20, c->config_blk_size);
		m.len = VU_HDR_SIZE + 12 + 60;
		feed_on(t, VU_CHANNEL_MAIN, &m);
	}
	if (c->request != 0)
		send_u64(t, c->request, 0x1, 1500);
	g_assert_cmpstr(vu_device_type_name(t->s.device), ==, vu_device_type_name(c->device));
	g_assert_cmphex(t->s.device_evidence, ==, c->evidence);
	/* The offer named as the session now names it (what -r prints once the
	 * evidence is in, and what the state pane and --stats show). */
	vu_decode(&(struct vu_decode_context){.device = t->s.device},
	          &(struct vu_message){.channel = VU_CHANNEL_MAIN,
	                               .from = VU_FROM_BACK,
	                               .bytes = reply.b,
	                               .len = reply.len},
	          &t->d);
	named = summary(t, &t->d, &reply);
	if (strstr(named, c->named) == NULL)
		g_error("named %s, wanted %s in it", named, c->named);
}

/* Until the device is known, device bits are bitN; the transport's keep their names. */
static void test_until_known(void)
{
	g_autofree struct test_sess *t = g_new0(struct test_sess, 1);
	struct test_msg reply;
	struct vu_decoded *d;
	g_autofree char *before = NULL, *after = NULL;

	vu_session_init(&t->s, VU_DEVICE_UNKNOWN);
	send_none(t, VU_CHANNEL_MAIN, VU_REQ_GET_FEATURES, 0x1);
	test_msg_init(&reply, VU_REQ_GET_FEATURES, 0x5, 0);
	test_put_u64(&reply, 0, AMBIGUOUS_OFFER);
	d = feed_on(t, VU_CHANNEL_MAIN, &reply);
	before = summary(t, d, &reply);
	g_assert_cmpstr(before, ==, "features=0x100000020 <bit5,VERSION_1>");
	send_u64(t, VU_REQ_SEND_RARP, 0x1, 0);
	g_assert_cmpint(t->s.device, ==, VU_DEVICE_NET);
	d = send_u64(t, VU_REQ_SET_FEATURES, 0x1, AMBIGUOUS_OFFER);
	test_msg_init(&reply, VU_REQ_SET_FEATURES, 0x1, 0);
	test_put_u64(&reply, 0, AMBIGUOUS_OFFER);
	after = summary(t, d, &reply);
	g_assert_cmpstr(after, ==, "features=0x100000020 <MAC,VERSION_1>");
}

/* ---- the dialect ------------------------------------------------------------ */

enum forced {
	AUTO = 0,
	QEMU,
	CROSVM,
};

struct dialect_case {
	const char *path;
	enum forced forced;
	const char *back_cmdline;
	uint64_t protocol_acked; /* SET_PROTOCOL_FEATURES first, when not 0 */
	enum vu_channel channel;
	uint32_t request;
	const char *name; /* the request's name, NULL = unknown */
	enum vu_dialect dialect;
	unsigned evidence;
};

#define CROSVM_BLOCK "/usr/bin/crosvm device block --socket /tmp/b.sock --file /tmp/d.img"

/* clang-format off */
static const struct dialect_case dialect_cases[] = {
	/* Without evidence, and under qemu, upstream's numbers. */
	{"/dissector/identify/dialect/auto/42-upstream", AUTO, NULL, 0, VU_CHANNEL_MAIN,
	 VU_REQ_SET_DEVICE_STATE_FD, "VHOST_USER_SET_DEVICE_STATE_FD", VU_DIALECT_QEMU, 0},
	{"/dissector/identify/dialect/qemu/1000-unknown", QEMU, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_SLEEP_1000, NULL, VU_DIALECT_QEMU, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/qemu/backend-6", QEMU, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_BREQ_SHARED_OBJECT_ADD, "VHOST_USER_BACKEND_SHARED_OBJECT_ADD", VU_DIALECT_QEMU,
	 VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/qemu/backend-12-unknown", QEMU, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_GPU_MAP, NULL, VU_DIALECT_QEMU, VU_EVIDENCE_OPTION},
	/* crosvm's front-end requests 41-45 */
	{"/dissector/identify/dialect/crosvm/41", CROSVM, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_GET_SHARED_MEMORY_REGIONS, "VHOST_USER_GET_SHARED_MEMORY_REGIONS",
	 VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/42", CROSVM, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_SLEEP, "VHOST_USER_SLEEP", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/43", CROSVM, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_WAKE, "VHOST_USER_WAKE", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/44", CROSVM, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_SNAPSHOT, "VHOST_USER_SNAPSHOT", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/45", CROSVM, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_RESTORE, "VHOST_USER_RESTORE", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	/* A crosvm that acked DEVICE_STATE speaks upstream's 42. */
	{"/dissector/identify/dialect/crosvm/42-gate-acked", CROSVM, NULL,
	 VU_BIT(VU_PF_DEVICE_STATE), VU_CHANNEL_MAIN, VU_REQ_SET_DEVICE_STATE_FD,
	 "VHOST_USER_SET_DEVICE_STATE_FD", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	/* crosvm's back-end requests 6-12 */
	{"/dissector/identify/dialect/crosvm/backend-6", CROSVM, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_SHMEM_MAP, "VHOST_USER_BACKEND_SHMEM_MAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/backend-7", CROSVM, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_SHMEM_UNMAP, "VHOST_USER_BACKEND_SHMEM_UNMAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/backend-8", CROSVM, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_FS_MAP, "VHOST_USER_BACKEND_FS_MAP", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/backend-9", CROSVM, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_FS_UNMAP, "VHOST_USER_BACKEND_FS_UNMAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/backend-10", CROSVM, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_FS_SYNC, "VHOST_USER_BACKEND_FS_SYNC", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/backend-11", CROSVM, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_FS_IO, "VHOST_USER_BACKEND_FS_IO", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/backend-12", CROSVM, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_GPU_MAP, "VHOST_USER_BACKEND_GPU_MAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_OPTION},
	/* Detected: from the peer's command line, or a number only crosvm uses. */
	{"/dissector/identify/dialect/auto/cmdline-crosvm", AUTO, CROSVM_BLOCK, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_SLEEP, "VHOST_USER_SLEEP", VU_DIALECT_CROSVM, VU_EVIDENCE_CMDLINE},
	{"/dissector/identify/dialect/auto/1000", AUTO, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_SLEEP_1000, "VHOST_USER_SLEEP", VU_DIALECT_CROSVM, VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/1001", AUTO, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_WAKE_1001, "VHOST_USER_WAKE", VU_DIALECT_CROSVM, VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/1002", AUTO, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_SNAPSHOT_1002, "VHOST_USER_SNAPSHOT", VU_DIALECT_CROSVM, VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/1003", AUTO, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_RESTORE_1003, "VHOST_USER_RESTORE", VU_DIALECT_CROSVM, VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/1004", AUTO, NULL, 0, VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_GET_SHARED_MEMORY_REGIONS_1004, "VHOST_USER_GET_SHARED_MEMORY_REGIONS",
	 VU_DIALECT_CROSVM, VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/backend-12", AUTO, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_GPU_MAP, "VHOST_USER_BACKEND_GPU_MAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/backend-1000", AUTO, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_SHMEM_MAP_1000, "VHOST_USER_BACKEND_SHMEM_MAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/backend-1004", AUTO, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_FS_SYNC_1004, "VHOST_USER_BACKEND_FS_SYNC", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/backend-1006", AUTO, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_GPU_MAP_1006, "VHOST_USER_BACKEND_GPU_MAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_REQUEST},
	{"/dissector/identify/dialect/auto/backend-1007", AUTO, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_CROSVM_BREQ_EXTERNAL_MAP_1007, "VHOST_USER_BACKEND_EXTERNAL_MAP", VU_DIALECT_CROSVM,
	 VU_EVIDENCE_REQUEST},
	/* A socket path is not the program. */
	{"/dissector/identify/dialect/auto/crosvm-in-a-path", AUTO,
	 "qemu-storage-daemon --export type=vhost-user-blk,addr.path=/run/crosvm/b.sock", 0,
	 VU_CHANNEL_MAIN, VU_REQ_SET_DEVICE_STATE_FD, "VHOST_USER_SET_DEVICE_STATE_FD",
	 VU_DIALECT_QEMU, 0},
	/* A number upstream also uses is no evidence: upstream's name stays. */
	{"/dissector/identify/dialect/auto/backend-6-upstream", AUTO, NULL, 0, VU_CHANNEL_BACKEND,
	 VU_BREQ_SHARED_OBJECT_ADD, "VHOST_USER_BACKEND_SHARED_OBJECT_ADD", VU_DIALECT_QEMU, 0},
	/* crosvm's SHMEM_MAP bits (20 from 66ddd7591, 21 from a6bc3bc1b) came with
	 * upstream's numbers for the shared-memory requests: 44, back-end 9 and 10. */
	{"/dissector/identify/dialect/crosvm/44-shmem-map-bit-20", CROSVM, NULL,
	 VU_BIT(VU_CROSVM_PF_SHMEM_MAP_20), VU_CHANNEL_MAIN, VU_REQ_GET_SHMEM_CONFIG,
	 "VHOST_USER_GET_SHMEM_CONFIG", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/44-shmem-map-bit-21", CROSVM, NULL,
	 VU_BIT(VU_CROSVM_PF_SHMEM_MAP_21), VU_CHANNEL_MAIN, VU_REQ_GET_SHMEM_CONFIG,
	 "VHOST_USER_GET_SHMEM_CONFIG", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	{"/dissector/identify/dialect/crosvm/backend-10-shmem-map-bit-20", CROSVM, NULL,
	 VU_BIT(VU_CROSVM_PF_SHMEM_MAP_20), VU_CHANNEL_BACKEND, VU_BREQ_SHMEM_UNMAP,
	 "VHOST_USER_BACKEND_SHMEM_UNMAP", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	/* Its SHARED_MEMORY_REGIONS at 31 (6795b3edf) came while 44 was SNAPSHOT. */
	{"/dissector/identify/dialect/crosvm/44-bit-31", CROSVM, NULL,
	 VU_BIT(VU_CROSVM_PF_SHARED_MEMORY_REGIONS_31), VU_CHANNEL_MAIN, VU_CROSVM_REQ_SNAPSHOT,
	 "VHOST_USER_SNAPSHOT", VU_DIALECT_CROSVM, VU_EVIDENCE_OPTION},
	/* Bit 31, which only crosvm numbers, tells the dialect; 20 and 21 do not. */
	{"/dissector/identify/dialect/auto/protocol-bit-31", AUTO, NULL,
	 VU_BIT(VU_CROSVM_PF_SHARED_MEMORY_REGIONS_31) | VU_BIT(VU_PF_MQ), VU_CHANNEL_MAIN,
	 VU_CROSVM_REQ_SNAPSHOT, "VHOST_USER_SNAPSHOT", VU_DIALECT_CROSVM, VU_EVIDENCE_FEATURES},
	{"/dissector/identify/dialect/auto/protocol-bit-20-upstream", AUTO, NULL,
	 VU_BIT(VU_PF_GET_VRING_BASE_INFLIGHT), VU_CHANNEL_MAIN, VU_REQ_GET_SHMEM_CONFIG,
	 "VHOST_USER_GET_SHMEM_CONFIG", VU_DIALECT_QEMU, 0},
};
/* clang-format on */

static void start_dialect(struct test_sess *t, enum forced forced, const char *back_cmdline)
{
	vu_session_init(&t->s, VU_DEVICE_UNKNOWN);
	if (forced == QEMU)
		vu_session_force_dialect(&t->s, VU_DIALECT_QEMU);
	else if (forced == CROSVM)
		vu_session_force_dialect(&t->s, VU_DIALECT_CROSVM);
	vu_session_note_cmdline(&t->s, VU_FROM_BACK, back_cmdline);
}

static void run_dialect_case(gconstpointer data)
{
	const struct dialect_case *c = data;
	g_autofree struct test_sess *t = g_new0(struct test_sess, 1);
	struct vu_decoded *d;
	char buf[32];

	start_dialect(t, c->forced, c->back_cmdline);
	if (c->protocol_acked != 0)
		send_u64(t, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, c->protocol_acked);
	if (c->channel == VU_CHANNEL_BACKEND)
		send_none(t, VU_CHANNEL_MAIN, VU_REQ_SET_BACKEND_REQ_FD, 0x1);
	/* The request, then its reply: both named the same, the reply matched. */
	d = send_none(t, c->channel, c->request, 0x1 | VU_FLAG_NEED_REPLY);
	if (c->name == NULL) {
		g_assert_null(d->info);
		g_assert_true(test_has_finding(d, VU_FIND_UNKNOWN_REQUEST));
	} else {
		g_assert_cmpstr(vu_decoded_name(d, buf, sizeof(buf)), ==, c->name);
		g_assert_false(test_has_finding(d, VU_FIND_UNKNOWN_REQUEST));
	}
	g_assert_cmpint(t->s.dialect, ==, c->dialect);
	g_assert_cmphex(t->s.dialect_evidence, ==, c->evidence);
	if (c->name != NULL) {
		struct test_msg m;

		test_msg_init(&m, c->request, VU_FLAG_VERSION | VU_FLAG_REPLY, 0);
		test_put_u64(&m, 0, 0);
		d = feed_on(t, c->channel, &m);
		g_assert_cmpstr(vu_decoded_name(d, buf, sizeof(buf)), ==, c->name);
		g_assert_false(test_has_finding(d, VU_FIND_UNEXPECTED_REPLY));
		g_assert_false(test_has_finding(d, VU_FIND_REPLY_MISMATCH));
		g_assert_cmpuint(t->s.last_frame_matched, ==, t->frame - 1);
	}
}

/* Under --dialect qemu every upstream number names what it always named. */
static void test_qemu_unchanged(void)
{
	static const enum vu_channel channels[] = {VU_CHANNEL_MAIN, VU_CHANNEL_BACKEND,
	                                           VU_CHANNEL_GPU};

	for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
		size_t count;
		const struct vu_request_info *table = vu_request_table(channels[c], &count);

		for (uint32_t n = 0; n < 1100; n++) {
			const struct vu_request_info *want = n < count && n > 0 ? &table[n] : NULL;

			g_assert_true(vu_request_lookup_dialect(VU_DIALECT_QEMU, channels[c], n) ==
			              want);
		}
	}
	for (unsigned bit = 0; bit < 64; bit++)
		g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_QEMU, bit), ==,
		                vu_bit_table_lookup(vu_protocol_feature_table(), bit));
}

/* Protocol bit 17: crosvm's SHARED_MEMORY_REGIONS, upstream's XEN_MMAP, and
 * only upstream's changes the memory table's layout. */
static void test_protocol_bit_17(void)
{
	g_autofree struct test_sess *q = g_new0(struct test_sess, 1);
	g_autofree struct test_sess *c = g_new0(struct test_sess, 1);
	struct test_msg m;
	g_autofree char *qs = NULL, *cs = NULL;
	struct vu_decode_context ctx;
	struct vu_message probe = {.channel = VU_CHANNEL_MAIN};

	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_CROSVM, VU_CROSVM_PF_SHARED_MEMORY_REGIONS),
	                ==, "SHARED_MEMORY_REGIONS");
	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_QEMU, VU_PF_XEN_MMAP), ==, "XEN_MMAP");
	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_CROSVM, VU_PF_MQ), ==, "MQ");
	start_dialect(q, QEMU, NULL);
	start_dialect(c, CROSVM, NULL);
	test_msg_init(&m, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, 0);
	test_put_u64(&m, 0, VU_BIT(VU_PF_XEN_MMAP) | VU_BIT(VU_PF_MQ));
	qs = summary(q, feed_on(q, VU_CHANNEL_MAIN, &m), &m);
	test_msg_init(&m, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, 0);
	test_put_u64(&m, 0, VU_BIT(VU_PF_XEN_MMAP) | VU_BIT(VU_PF_MQ));
	cs = summary(c, feed_on(c, VU_CHANNEL_MAIN, &m), &m);
	g_assert_cmpstr(qs, ==, "protocol_features=0x20001 <MQ,XEN_MMAP>");
	g_assert_cmpstr(cs, ==, "protocol_features=0x20001 <MQ,SHARED_MEMORY_REGIONS>");
	test_msg_init(&m, VU_REQ_SET_MEM_TABLE, 0x1, 0);
	probe.bytes = m.b;
	probe.len = m.len;
	vu_session_context(&q->s, &probe, &ctx);
	g_assert_true(ctx.xen_mmap);
	vu_session_context(&c->s, &probe, &ctx);
	g_assert_false(ctx.xen_mmap);
}

/* ---- SHMEM at bit 21 (rust-vmm vhost 0.16) -------------------------------------- */

struct shmem_case {
	const char *path;
	const char *back_cmdline;
	uint64_t offered;
	enum vu_request_backend request; /* sent on the back-end channel, 0 = none */
	bool finding;
};

#define RUST_VMM_GPU                                                                               \
	"/usr/local/bin/vhost-device-gpu --socket-path /tmp/b.sock --gpu-mode virglrenderer"

/* clang-format off */
static const struct shmem_case shmem_cases[] = {
	{"/dissector/identify/shmem-bit-21/rust-vmm-cmdline", RUST_VMM_GPU,
	 VU_BIT(VU_PF_GPA_ADDRESSES), 0, true},
	{"/dissector/identify/shmem-bit-21/shmem-map-request", NULL,
	 VU_BIT(VU_PF_GPA_ADDRESSES), VU_BREQ_SHMEM_MAP, true},
	{"/dissector/identify/shmem-bit-21/bit-21-alone-is-gpa", NULL,
	 VU_BIT(VU_PF_GPA_ADDRESSES), 0, false},
	{"/dissector/identify/shmem-bit-21/not-the-program",
	 "qemu-storage-daemon --export type=vhost-user-blk,addr.path=/tmp/vhost-device-gpu.sock",
	 VU_BIT(VU_PF_GPA_ADDRESSES), 0, false},
	{"/dissector/identify/shmem-bit-21/bit-22-too", RUST_VMM_GPU,
	 VU_BIT(VU_PF_GPA_ADDRESSES) | VU_BIT(VU_PF_SHMEM), VU_BREQ_SHMEM_MAP, false},
	{"/dissector/identify/shmem-bit-21/no-bit-21", RUST_VMM_GPU, VU_BIT(VU_PF_SHMEM),
	 VU_BREQ_SHMEM_MAP, false},
};
/* clang-format on */

static void run_shmem_case(gconstpointer data)
{
	const struct shmem_case *c = data;
	g_autofree struct test_sess *t = g_new0(struct test_sess, 1);
	struct vu_decoded *d;
	bool found;

	vu_session_init(&t->s, VU_DEVICE_UNKNOWN);
	vu_session_note_cmdline(&t->s, VU_FROM_BACK, c->back_cmdline);
	send_none(t, VU_CHANNEL_MAIN, VU_REQ_GET_PROTOCOL_FEATURES, 0x1);
	d = send_u64(t, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, c->offered);
	found = test_has_finding(d, VU_FIND_SHMEM_AT_GPA_BIT);
	if (c->request != 0) {
		struct test_msg m;

		send_u64(t, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, c->offered);
		send_none(t, VU_CHANNEL_MAIN, VU_REQ_SET_BACKEND_REQ_FD, 0x1);
		test_msg_init(&m, c->request, 0x1, 0);
		test_put_u64(&m, 32, 0);
		d = feed_on(t, VU_CHANNEL_BACKEND, &m);
		g_assert_false(found && test_has_finding(d, VU_FIND_SHMEM_AT_GPA_BIT));
		found = found || test_has_finding(d, VU_FIND_SHMEM_AT_GPA_BIT);
	}
	g_assert_cmpint(found, ==, c->finding);
}

/* crosvm's shared-memory bits 20, 21 and 31 (vu-features.def): their names,
 * what they stand for upstream, and what a session makes of them. */
static void test_protocol_bits_crosvm(void)
{
	g_autofree struct test_sess *a = g_new0(struct test_sess, 1);
	g_autofree struct test_sess *c = g_new0(struct test_sess, 1);
	g_autofree struct test_sess *q = g_new0(struct test_sess, 1);
	g_autofree char *offer = NULL;
	struct vu_decoded *d;
	struct test_msg m;

	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_CROSVM, 20), ==, "SHMEM_MAP");
	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_CROSVM, 21), ==, "SHMEM_MAP");
	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_CROSVM, 31), ==, "SHARED_MEMORY_REGIONS");
	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_CROSVM, VU_PF_SHMEM), ==, "SHMEM");
	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_QEMU, 20), ==, "GET_VRING_BASE_INFLIGHT");
	g_assert_cmpstr(vu_protocol_bit_name(VU_DIALECT_QEMU, 21), ==, "GPA_ADDRESSES");
	g_assert_null(vu_protocol_bit_name(VU_DIALECT_QEMU, 31));
	g_assert_cmphex(
	    vu_protocol_bits_upstream(VU_DIALECT_CROSVM,
	                              VU_BIT(VU_CROSVM_PF_SHMEM_MAP_20) | VU_BIT(VU_PF_MQ)),
	    ==, VU_BIT(VU_PF_SHMEM) | VU_BIT(VU_PF_MQ));
	g_assert_cmphex(vu_protocol_bits_upstream(
	                    VU_DIALECT_CROSVM, VU_BIT(VU_CROSVM_PF_SHMEM_MAP_21) |
	                                           VU_BIT(VU_CROSVM_PF_SHARED_MEMORY_REGIONS) |
	                                           VU_BIT(VU_CROSVM_PF_SHARED_MEMORY_REGIONS_31)),
	                ==, VU_BIT(VU_PF_SHMEM));
	g_assert_cmphex(vu_protocol_bits_upstream(VU_DIALECT_QEMU, 0x80300001ull), ==,
	                0x80300001ull);
	g_assert_true(vu_protocol_bit_dialect_only(VU_DIALECT_CROSVM, 31));
	g_assert_false(vu_protocol_bit_dialect_only(VU_DIALECT_CROSVM, 20));
	g_assert_false(vu_protocol_bit_dialect_only(VU_DIALECT_CROSVM, 17));
	g_assert_false(vu_protocol_bit_dialect_only(VU_DIALECT_QEMU, 31));

	/* The back-end's offer of bit 31 names itself in crosvm's dialect. */
	start_dialect(a, AUTO, NULL);
	send_none(a, VU_CHANNEL_MAIN, VU_REQ_GET_PROTOCOL_FEATURES, 0x1);
	test_msg_init(&m, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, 0);
	test_put_u64(&m, 0, VU_BIT(VU_CROSVM_PF_SHARED_MEMORY_REGIONS_31) | VU_BIT(VU_PF_MQ));
	d = feed_on(a, VU_CHANNEL_MAIN, &m);
	offer = summary(a, d, &m);
	g_assert_cmpstr(offer, ==, "protocol_features=0x80000001 <MQ,SHARED_MEMORY_REGIONS>");
	g_assert_false(test_has_finding(d, VU_FIND_UNASSIGNED_BITS));
	g_assert_cmpint(a->s.dialect, ==, VU_DIALECT_CROSVM);
	g_assert_cmphex(a->s.dialect_evidence, ==, VU_EVIDENCE_FEATURES);

	/* Acked, crosvm's bit 21 is SHMEM_MAP: the rings' addresses stay the
	 * front-end's own, and the shared-memory requests are negotiated. */
	start_dialect(c, CROSVM, NULL);
	start_dialect(q, QEMU, NULL);
	send_none(c, VU_CHANNEL_MAIN, VU_REQ_GET_PROTOCOL_FEATURES, 0x1);
	d = send_u64(c, VU_REQ_GET_PROTOCOL_FEATURES, 0x5,
	             VU_BIT(VU_CROSVM_PF_SHMEM_MAP_21) | VU_BIT(VU_PF_BACKEND_REQ));
	g_assert_false(test_has_finding(d, VU_FIND_SHMEM_AT_GPA_BIT));
	send_u64(c, VU_REQ_SET_PROTOCOL_FEATURES, 0x1,
	         VU_BIT(VU_CROSVM_PF_SHMEM_MAP_21) | VU_BIT(VU_PF_BACKEND_REQ));
	send_u64(q, VU_REQ_SET_PROTOCOL_FEATURES, 0x1,
	         VU_BIT(VU_PF_GPA_ADDRESSES) | VU_BIT(VU_PF_BACKEND_REQ));
	g_assert_true(vu_session_acked_upstream(&c->s, VU_PF_SHMEM));
	g_assert_false(vu_session_acked_upstream(&c->s, VU_PF_GPA_ADDRESSES));
	g_assert_true(vu_session_acked_upstream(&q->s, VU_PF_GPA_ADDRESSES));
	g_assert_cmpint(vu_ring_addr_space(&c->s), ==, VU_ADDR_USER);
	g_assert_cmpint(vu_ring_addr_space(&q->s), ==, VU_ADDR_GPA);
	d = send_none(c, VU_CHANNEL_MAIN, VU_REQ_GET_SHMEM_CONFIG, 0x1);
	g_assert_false(test_has_finding(d, VU_FIND_NOT_NEGOTIATED));
	d = send_none(q, VU_CHANNEL_MAIN, VU_REQ_GET_SHMEM_CONFIG, 0x1);
	g_assert_true(test_has_finding(d, VU_FIND_NOT_NEGOTIATED));
	send_none(c, VU_CHANNEL_MAIN, VU_REQ_SET_BACKEND_REQ_FD, 0x1);
	test_msg_init(&m, VU_BREQ_SHMEM_MAP, 0x1, 0);
	test_put_u64(&m, 32, 0);
	d = feed_on(c, VU_CHANNEL_BACKEND, &m);
	g_assert_cmpstr(d->info->name, ==, "VHOST_USER_BACKEND_SHMEM_MAP");
	g_assert_false(test_has_finding(d, VU_FIND_NOT_NEGOTIATED));
	g_assert_false(test_has_finding(d, VU_FIND_SHMEM_AT_GPA_BIT));
}

/* The dialect a command line alone tells, as the relay asks it at a session's start. */
static void test_dialect_of_cmdline(void)
{
	enum vu_dialect d = VU_DIALECT_QEMU;

	g_assert_false(vu_dialect_of_cmdline(NULL, &d));
	g_assert_false(vu_dialect_of_cmdline(
	    "qemu-storage-daemon --export type=vhost-user-blk,addr.path=/run/crosvm/b.sock", &d));
	g_assert_false(vu_dialect_of_cmdline("/usr/bin/crosvm-wrapper run", &d));
	g_assert_cmpint(d, ==, VU_DIALECT_QEMU);
	g_assert_true(vu_dialect_of_cmdline(CROSVM_BLOCK, &d));
	g_assert_cmpint(d, ==, VU_DIALECT_CROSVM);
}

void test_identify_register(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(device_cases); i++)
		test_add_data(device_cases[i].path, &device_cases[i], run_device_case);
	test_add("/dissector/identify/device/until-known", test_until_known);
	for (size_t i = 0; i < G_N_ELEMENTS(dialect_cases); i++)
		test_add_data(dialect_cases[i].path, &dialect_cases[i], run_dialect_case);
	test_add("/dissector/identify/dialect/qemu-unchanged", test_qemu_unchanged);
	test_add("/dissector/identify/dialect/protocol-bit-17", test_protocol_bit_17);
	test_add("/dissector/identify/dialect/protocol-bits-crosvm", test_protocol_bits_crosvm);
	test_add("/dissector/identify/dialect/of-cmdline", test_dialect_of_cmdline);
	for (size_t i = 0; i < G_N_ELEMENTS(shmem_cases); i++)
		test_add_data(shmem_cases[i].path, &shmem_cases[i], run_shmem_case);
}
