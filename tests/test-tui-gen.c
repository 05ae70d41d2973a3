/*
 * Realistic session records for the UI's driver and benchmark (see
 * test-tui-gen.h). Bytes are built here field by field, little-endian, as
 * the reference lays them out; nothing comes from the dissector.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "tests/test-tui-gen.h"

#define F_FRONT VU_FROM_FRONT
#define F_BACK  VU_FROM_BACK

/* Offered by qemu-storage-daemon; QEMU acks all but SIZE_MAX. */
#define BLK_ACKED                                                                                  \
	(VU_BIT(VU_BLK_F_SEG_MAX) | VU_BIT(VU_BLK_F_BLK_SIZE) | VU_BIT(VU_BLK_F_FLUSH) |           \
	 VU_BIT(VU_BLK_F_TOPOLOGY) | VU_BIT(VU_BLK_F_MQ) | VU_BIT(VU_BLK_F_DISCARD) |              \
	 VU_BIT(VU_BLK_F_WRITE_ZEROES) | VU_BIT(VU_F_INDIRECT_DESC) | VU_BIT(VU_F_EVENT_IDX) |     \
	 VU_BIT(VU_F_PROTOCOL_FEATURES) | VU_BIT(VU_F_VERSION_1))
#define BLK_OFFERED (BLK_ACKED | VU_BIT(VU_BLK_F_SIZE_MAX))
#define PROTO_OFFERED                                                                              \
	(VU_BIT(VU_PF_MQ) | VU_BIT(VU_PF_LOG_SHMFD) | VU_BIT(VU_PF_REPLY_ACK) |                    \
	 VU_BIT(VU_PF_BACKEND_REQ) | VU_BIT(VU_PF_CONFIG) | VU_BIT(VU_PF_BACKEND_SEND_FD) |        \
	 VU_BIT(VU_PF_INFLIGHT_SHMFD) | VU_BIT(VU_PF_CONFIGURE_MEM_SLOTS))
#define PROTO_ACKED PROTO_OFFERED

void vs_tui_gen_init(struct vs_tui_gen *g, uint64_t start_ts_ns, vs_tui_gen_emit emit, void *data)
{
	memset(g, 0, sizeof(*g));
	g->ts_ns = start_ts_ns;
	g->rng = 12345;
	g->emit = emit;
	g->data = data;
}

static uint32_t rnd(struct vs_tui_gen *g, uint32_t below)
{
	g->rng = g->rng * 1103515245u + 12345u;
	return (g->rng >> 8) % below;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* One message: header (request, flags, size = len) and len payload bytes. */
static struct vs_record *msg(struct vs_tui_gen *g, enum vu_channel ch, enum vu_direction from,
                             uint32_t request, uint32_t flags, const uint8_t *payload, uint32_t len)
{
	struct vs_record *r = vs_record_new();

	/* Requests follow each other by tens of microseconds to milliseconds; a
	 * reply comes 20-80 us after its request. */
	g->ts_ns += (flags & VU_FLAG_REPLY) ? 20000 + rnd(g, 60000) : 5000 + rnd(g, 400000);
	r->ts_ns = g->ts_ns;
	r->frame = ++g->frame;
	r->session = g->session;
	r->kind = VU_RECORD_MESSAGE;
	r->channel = (uint8_t)ch;
	r->from = (uint8_t)from;
	r->len = VU_HDR_SIZE + len;
	r->bytes = g_malloc(r->len);
	put32(r->bytes, request);
	put32(r->bytes + 4, flags);
	put32(r->bytes + 8, len);
	if (len)
		memcpy(r->bytes + VU_HDR_SIZE, payload, len);
	return r;
}

static void add_fd(struct vs_record *r, enum vu_fd_kind kind, uint64_t size, uint64_t inode,
                   const char *name)
{
	struct vu_fd_info *fd = &r->fds[r->nfds++];

	fd->kind = (uint8_t)kind;
	fd->size = size;
	fd->inode = inode;
	g_strlcpy(fd->name, name, sizeof(fd->name));
	r->fds_total = r->nfds;
}

static void emit(struct vs_tui_gen *g, struct vs_record *r)
{
	g->emit(r, g->data);
}

static void request(struct vs_tui_gen *g, uint32_t req, uint32_t flags, const uint8_t *p,
                    uint32_t len)
{
	emit(g, msg(g, VU_CHANNEL_MAIN, F_FRONT, req, VU_FLAG_VERSION | flags, p, len));
}

static void reply(struct vs_tui_gen *g, uint32_t req, const uint8_t *p, uint32_t len)
{
	emit(g, msg(g, VU_CHANNEL_MAIN, F_BACK, req, VU_FLAG_VERSION | VU_FLAG_REPLY, p, len));
}

static void request_u64(struct vs_tui_gen *g, uint32_t req, uint32_t flags, uint64_t v)
{
	uint8_t p[8];

	put64(p, v);
	request(g, req, flags, p, 8);
}

static void reply_u64(struct vs_tui_gen *g, uint32_t req, uint64_t v)
{
	uint8_t p[8];

	put64(p, v);
	reply(g, req, p, 8);
}

static void vring_state(struct vs_tui_gen *g, uint32_t req, uint32_t index, uint32_t num)
{
	uint8_t p[8];

	put32(p, index);
	put32(p + 4, num);
	request(g, req, 0, p, 8);
}

static void vring_fd(struct vs_tui_gen *g, uint32_t req, uint32_t index, uint64_t inode)
{
	uint8_t p[8];
	struct vs_record *r;

	put64(p, index);
	r = msg(g, VU_CHANNEL_MAIN, F_FRONT, req, VU_FLAG_VERSION, p, 8);
	add_fd(r, VU_FD_EVENTFD, 0, inode, "anon_inode:[eventfd]");
	emit(g, r);
}

static void vring_addr(struct vs_tui_gen *g, uint32_t index)
{
	uint8_t p[40] = {0};

	put32(p, index);
	put32(p + 4, 0);
	put64(p + 8, 0x7f3a4c000000ull + index * 0x10000ull);  /* desc */
	put64(p + 16, 0x7f3a4c002000ull + index * 0x10000ull); /* used */
	put64(p + 24, 0x7f3a4c001000ull + index * 0x10000ull); /* avail */
	put64(p + 32, 0);
	request(g, VU_REQ_SET_VRING_ADDR, 0, p, 40);
}

static void device_start(struct vs_tui_gen *g, uint64_t inode)
{
	uint8_t p[8];

	request_u64(g, VU_REQ_SET_FEATURES, 0, BLK_ACKED);
	vring_fd(g, VU_REQ_SET_VRING_CALL, 0, inode + 1);
	request_u64(g, VU_REQ_SET_FEATURES, 0, BLK_ACKED);
	vring_state(g, VU_REQ_SET_VRING_NUM, 0, 256);
	vring_state(g, VU_REQ_SET_VRING_BASE, 0, 0);
	vring_addr(g, 0);
	vring_fd(g, VU_REQ_SET_VRING_KICK, 0, inode + 2);
	vring_state(g, VU_REQ_SET_VRING_ENABLE, 0, 1);
	vring_state(g, VU_REQ_SET_VRING_ENABLE, 0, 1);
	vring_state(g, VU_REQ_GET_VRING_BASE, 0, 0);
	put32(p, 0);
	put32(p + 4, 23 + rnd(g, 200));
	reply(g, VU_REQ_GET_VRING_BASE, p, 8);
}

static void session_event(struct vs_tui_gen *g, enum vu_record_kind kind)
{
	struct vs_record *r = vs_record_new();

	g->ts_ns += 1000;
	r->ts_ns = g->ts_ns;
	r->frame = ++g->frame;
	r->session = g->session;
	r->kind = (uint8_t)kind;
	if (kind == VU_RECORD_SESSION_START) {
		r->facts.front_path = g_strdup("/tmp/vhostsniff-lab/a.sock");
		r->facts.back_path = g_strdup("/tmp/vhostsniff-lab/b.sock");
		r->facts.front_role = VS_ROLE_LISTEN;
		r->facts.back_role = VS_ROLE_CONNECT;
		r->facts.front_pid = 4000 + (pid_t)g->session;
		r->facts.back_pid = 3000;
		r->facts.front_cmdline = g_strdup(
		    "qemu-system-x86_64 -machine q35 -m 256M -object "
		    "memory-backend-memfd,id=mem,size=256M,share=on -chardev "
		    "socket,id=vub0,path=/tmp/vhostsniff-lab/a.sock -device vhost-user-blk-pci");
		r->facts.back_cmdline =
		    g_strdup("qemu-storage-daemon --blockdev driver=file,node-name=disk0 --export "
		             "type=vhost-user-blk,id=exp0,node-name=disk0,addr.type=unix");
	} else {
		r->facts.reason = g_strdup("front-end closed");
	}
	emit(g, r);
}

static void faults(struct vs_tui_gen *g)
{
	uint8_t p[8] = {0};
	struct vs_record *r;

	/* A reply nobody asked for. */
	reply_u64(g, VU_REQ_GET_QUEUE_NUM, 1);
	/* SET_VRING_ADDR whose header promises 40 bytes but carries 8. */
	r = msg(g, VU_CHANNEL_MAIN, F_FRONT, VU_REQ_SET_VRING_ADDR, VU_FLAG_VERSION, p, 8);
	put32(r->bytes + 8, 40);
	emit(g, r);
	/* A request number no table has. */
	request(g, 77, 0, NULL, 0);
}

static void iotlb(struct vs_tui_gen *g, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint8_t p[32] = {0};
		uint64_t iova = 0xfee00000ull + (uint64_t)rnd(g, 65536) * 4096u;

		put64(p, iova);
		put64(p + 8, 4096);
		put64(p + 16, 0x7f3a40000000ull + (iova & 0xfffffff));
		p[24] = 3; /* perm RW */
		p[25] = 2; /* type UPDATE */
		request(g, VU_REQ_IOTLB_MSG, 0, p, 32);
		reply_u64(g, VU_REQ_IOTLB_MSG, 0);
	}
}

uint32_t vs_tui_gen_blk_session(struct vs_tui_gen *g, bool with_faults, unsigned iotlb_updates)
{
	uint64_t inode = 100000 + (uint64_t)g->session * 16;
	uint8_t cfg[69] = {0}, region[40] = {0};
	struct vs_record *r;

	g->session++;
	session_event(g, VU_RECORD_SESSION_START);
	request(g, VU_REQ_GET_FEATURES, 0, NULL, 0);
	reply_u64(g, VU_REQ_GET_FEATURES, BLK_OFFERED);
	request(g, VU_REQ_GET_PROTOCOL_FEATURES, 0, NULL, 0);
	reply_u64(g, VU_REQ_GET_PROTOCOL_FEATURES, PROTO_OFFERED);
	request_u64(g, VU_REQ_SET_PROTOCOL_FEATURES, 0, PROTO_ACKED);
	request(g, VU_REQ_GET_QUEUE_NUM, 0, NULL, 0);
	reply_u64(g, VU_REQ_GET_QUEUE_NUM, 1);
	request(g, VU_REQ_GET_MAX_MEM_SLOTS, 0, NULL, 0);
	reply_u64(g, VU_REQ_GET_MAX_MEM_SLOTS, 509);
	r = msg(g, VU_CHANNEL_MAIN, F_FRONT, VU_REQ_SET_BACKEND_REQ_FD,
	        VU_FLAG_VERSION | VU_FLAG_NEED_REPLY, NULL, 0);
	add_fd(r, VU_FD_SOCKET, 0, inode, "socket:[81234]");
	emit(g, r);
	reply_u64(g, VU_REQ_SET_BACKEND_REQ_FD, 0);
	request(g, VU_REQ_SET_OWNER, 0, NULL, 0);
	request(g, VU_REQ_GET_FEATURES, 0, NULL, 0);
	reply_u64(g, VU_REQ_GET_FEATURES, BLK_OFFERED);
	vring_fd(g, VU_REQ_SET_VRING_CALL, 0, inode + 3);
	vring_fd(g, VU_REQ_SET_VRING_ERR, 0, inode + 4);
	put32(cfg, 0);
	put32(cfg + 4, 57);
	put32(cfg + 8, 0);
	request(g, VU_REQ_GET_CONFIG, 0, cfg, sizeof(cfg));
	put64(cfg + 12, 2048); /* capacity in sectors: 1 MiB */
	put32(cfg + 20, 0x1000);
	put32(cfg + 24, 126);
	put32(cfg + 32, 512);
	reply(g, VU_REQ_GET_CONFIG, cfg, sizeof(cfg));
	request_u64(g, VU_REQ_SET_FEATURES, 0, BLK_ACKED);
	vring_fd(g, VU_REQ_SET_VRING_CALL, 0, inode + 5);
	request_u64(g, VU_REQ_SET_FEATURES, 0, BLK_ACKED);
	put64(region, 0);                      /* padding */
	put64(region + 8, 0);                  /* guest address */
	put64(region + 16, 0x10000000);        /* 256 MiB */
	put64(region + 24, 0x7f3a40000000ull); /* user address */
	put64(region + 32, 0);                 /* mmap offset */
	r = msg(g, VU_CHANNEL_MAIN, F_FRONT, VU_REQ_ADD_MEM_REG,
	        VU_FLAG_VERSION | VU_FLAG_NEED_REPLY, region, 40);
	add_fd(r, VU_FD_MEMFD, 0x10000000, inode + 6, "mem");
	emit(g, r);
	reply_u64(g, VU_REQ_ADD_MEM_REG, 0);
	device_start(g, inode + 8);
	if (with_faults)
		faults(g);
	iotlb(g, iotlb_updates);
	device_start(g, inode + 12);
	session_event(g, VU_RECORD_SESSION_END);
	return g->session;
}
