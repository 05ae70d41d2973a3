/*
 * Ring snapshots and the data-plane checks (dissector/vu-ring.c) over real
 * rings in a memfd. The session learns its memory table and rings from real
 * SET_MEM_TABLE / SET_VRING_NUM / SET_VRING_ADDR messages through
 * vu_session_process; the rings are written here with pwrite at the offsets
 * of the Linux uapi structs (linux/virtio_ring.h), an independent reading of
 * the layout; the code under test only reads, through a pread callback.
 *
 * Each case is a row: how the ring is set up and filled, and what the
 * snapshot and the checks must give (every finding drawn, and no other).
 */
#include <linux/vhost_types.h>
#include <linux/virtio_ring.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dissector/vu-inflight.h"
#include "dissector/vu-ring.h"
#include "tests/test-dissector-util.h"

/* Two regions of one memfd, each at its own offset in the file. */
#define R0_GPA    0x100000ull
#define R0_USER   0x7f0000100000ull
#define R0_OFF    0x1000ull
#define R1_GPA    0x400000ull
#define R1_USER   0x7f0000400000ull
#define R1_OFF    0x20000ull
#define R_SIZE    0x10000ull
#define FILE_SIZE 0x40000

/* The ring in region 0, tables and buffers in region 1 (guest-physical). */
#define DESC_GPA  (R0_GPA + 0x0000)
#define AVAIL_GPA (R0_GPA + 0x1000)
#define USED_GPA  (R0_GPA + 0x2000)
#define TABLE_GPA (R1_GPA + 0x0000)
#define BUF_GPA   (R1_GPA + 0x8000)
#define NOWHERE   0x90000000ull

struct world {
	int fd;
	uint16_t num;
	bool packed;
	struct vu_session s;
	struct vu_guest_memory mem;
	uint64_t frame;
};

/* ---- guest memory, written by the test ------------------------------------ */

static uint64_t file_offset(uint64_t gpa)
{
	if (gpa >= R0_GPA && gpa < R0_GPA + R_SIZE)
		return R0_OFF + gpa - R0_GPA;
	if (gpa >= R1_GPA && gpa < R1_GPA + R_SIZE)
		return R1_OFF + gpa - R1_GPA;
	g_error("the test writes 0x%llx outside its regions", (unsigned long long)gpa);
}

static void put(struct world *w, uint64_t gpa, uint64_t v, size_t width)
{
	uint8_t b[8];

	for (size_t i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	g_assert_cmpint(pwrite(w->fd, b, width, (off_t)file_offset(gpa)), ==, (ssize_t)width);
}

#define put16(w, gpa, v) put((w), (gpa), (v), 2)
#define put32(w, gpa, v) put((w), (gpa), (v), 4)
#define put64(w, gpa, v) put((w), (gpa), (v), 8)

static void desc(struct world *w, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
                 uint16_t flags, uint16_t next)
{
	uint64_t at = table + i * sizeof(struct vring_desc);

	put64(w, at + offsetof(struct vring_desc, addr), addr);
	put32(w, at + offsetof(struct vring_desc, len), len);
	put16(w, at + offsetof(struct vring_desc, flags), flags);
	put16(w, at + offsetof(struct vring_desc, next), next);
}

static void avail(struct world *w, uint16_t flags, uint16_t idx)
{
	put16(w, AVAIL_GPA + offsetof(struct vring_avail, flags), flags);
	put16(w, AVAIL_GPA + offsetof(struct vring_avail, idx), idx);
}

static void avail_entry(struct world *w, uint16_t pos, uint16_t head)
{
	put16(w, AVAIL_GPA + offsetof(struct vring_avail, ring) + 2u * (pos % w->num), head);
}

static void used(struct world *w, uint16_t flags, uint16_t idx)
{
	put16(w, USED_GPA + offsetof(struct vring_used, flags), flags);
	put16(w, USED_GPA + offsetof(struct vring_used, idx), idx);
}

static void used_elem(struct world *w, uint16_t pos, uint32_t id, uint32_t len)
{
	uint64_t at = USED_GPA + offsetof(struct vring_used, ring) +
	              (pos % w->num) * sizeof(struct vring_used_elem);

	put32(w, at + offsetof(struct vring_used_elem, id), id);
	put32(w, at + offsetof(struct vring_used_elem, len), len);
}

/* used_event after the avail ring, avail_event after the used ring (virtio_ring.h's
 * vring_used_event / vring_avail_event). */
static void event_idx(struct world *w, uint16_t used_event, uint16_t avail_event)
{
	put16(w, AVAIL_GPA + offsetof(struct vring_avail, ring) + 2u * w->num, used_event);
	put16(w,
	      USED_GPA + offsetof(struct vring_used, ring) +
	          w->num * sizeof(struct vring_used_elem),
	      avail_event);
}

static void pdesc(struct world *w, unsigned slot, uint64_t addr, uint32_t len, uint16_t id,
                  uint16_t flags)
{
	uint64_t at = DESC_GPA + slot * sizeof(struct vring_packed_desc);

	put64(w, at + offsetof(struct vring_packed_desc, addr), addr);
	put32(w, at + offsetof(struct vring_packed_desc, len), len);
	put16(w, at + offsetof(struct vring_packed_desc, id), id);
	put16(w, at + offsetof(struct vring_packed_desc, flags), flags);
}

/* Packed ownership for a lap's wrap counter (virtio "Packed Virtqueues"). */
static uint16_t avail_flags(bool wrap)
{
	return (uint16_t)((wrap ? 1u << VRING_PACKED_DESC_F_AVAIL : 0) |
	                  (wrap ? 0 : 1u << VRING_PACKED_DESC_F_USED));
}

static uint16_t used_flags(bool wrap)
{
	return (uint16_t)(wrap ? (1u << VRING_PACKED_DESC_F_AVAIL | 1u << VRING_PACKED_DESC_F_USED)
	                       : 0);
}

/* Driver area at the avail address, device area at the used one. */
static void packed_events(struct world *w, uint16_t drv_off_wrap, uint16_t drv_flags,
                          uint16_t dev_off_wrap, uint16_t dev_flags)
{
	put16(w, AVAIL_GPA + offsetof(struct vring_packed_desc_event, off_wrap), drv_off_wrap);
	put16(w, AVAIL_GPA + offsetof(struct vring_packed_desc_event, flags), drv_flags);
	put16(w, USED_GPA + offsetof(struct vring_packed_desc_event, off_wrap), dev_off_wrap);
	put16(w, USED_GPA + offsetof(struct vring_packed_desc_event, flags), dev_flags);
}

/* ---- the reader the code under test gets ----------------------------------- */

static bool pread_region(void *opaque, const struct vu_mem_region_state *region, uint64_t offset,
                         void *buf, size_t len)
{
	struct world *w = opaque;

	return pread(w->fd, buf, len, (off_t)(region->mmap_offset + offset)) == (ssize_t)len;
}

/* ---- the session, from real messages ------------------------------------------ */

static void send_from(struct world *w, enum vu_direction from, struct test_msg *m, unsigned nfds)
{
	g_autofree struct vu_decoded *d = g_new0(struct vu_decoded, 1);
	struct vu_message msg = {
	    .channel = VU_CHANNEL_MAIN,
	    .from = from,
	    .bytes = m->b,
	    .len = m->len,
	    .nfds = nfds,
	};

	test_put_u32_at(m->b, 8, (uint32_t)(m->len - VU_HDR_SIZE));
	w->frame++;
	vu_session_process(&w->s, &msg, w->frame * 1000, w->frame, d);
}

static void send(struct world *w, struct test_msg *m, unsigned nfds)
{
	send_from(w, VU_FROM_FRONT, m, nfds);
}

static void send_u64(struct world *w, uint32_t request, uint64_t v)
{
	struct test_msg m;

	test_msg_init(&m, request, VU_FLAG_VERSION, 8);
	test_put_u64(&m, 0, v);
	send(w, &m, 0);
}

static void send_state(struct world *w, uint32_t request, uint32_t index, uint32_t num)
{
	struct test_msg m;

	test_msg_init(&m, request, VU_FLAG_VERSION, 8);
	test_put_u32(&m, 0, index);
	test_put_u32(&m, 4, num);
	send(w, &m, 0);
}

static void send_vring_addr(struct world *w, uint64_t desc, uint64_t used_, uint64_t avail_)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_SET_VRING_ADDR, VU_FLAG_VERSION, 40);
	test_put_u32(&m, 0, 0);
	test_put_u64(&m, 8, desc);
	test_put_u64(&m, 16, used_);
	test_put_u64(&m, 24, avail_);
	send(w, &m, 0);
}

/* How the case sets up its session. */
struct setup {
	uint16_t num;
	bool packed, event_idx, gpa, iommu;
	/* The back-end is rust-vmm's vhost-device-blk offering bit 21 without
	 * 22: its SHMEM (dialect.shmem_at_gpa_bit), while the front-end acks it. */
	bool shmem_bit;
	uint64_t avail_at; /* the avail address sent instead of the ring's (0: the ring's) */
};

static uint64_t ring_addr(const struct setup *su, uint64_t gpa)
{
	return su->gpa ? gpa : R0_USER + (gpa - R0_GPA);
}

static struct world *world_new(const struct setup *su)
{
	struct world *w = g_new0(struct world, 1);
	uint64_t features = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_F_PROTOCOL_FEATURES);
	struct test_msg m;

	w->fd = memfd_create("vhostsniff-ring-test", MFD_CLOEXEC);
	g_assert_cmpint(w->fd, >=, 0);
	g_assert_cmpint(ftruncate(w->fd, FILE_SIZE), ==, 0);
	w->num = su->num;
	w->packed = su->packed;
	w->mem.read = pread_region;
	w->mem.opaque = w;
	vu_session_init(&w->s, VU_DEVICE_BLK);
	if (su->packed)
		features |= VU_BIT(VU_F_RING_PACKED);
	if (su->event_idx)
		features |= VU_BIT(VU_F_EVENT_IDX);
	if (su->iommu)
		features |= VU_BIT(VU_F_ACCESS_PLATFORM);
	send_u64(w, VU_REQ_SET_FEATURES, features);
	if (su->shmem_bit) {
		vu_session_note_cmdline(&w->s, VU_FROM_BACK,
		                        "/usr/bin/vhost-device-blk --socket-path /tmp/b.sock");
		test_msg_init(&m, VU_REQ_GET_PROTOCOL_FEATURES, VU_FLAG_VERSION, 0);
		send(w, &m, 0);
		test_msg_init(&m, VU_REQ_GET_PROTOCOL_FEATURES, VU_FLAG_VERSION | VU_FLAG_REPLY, 8);
		test_put_u64(&m, 0, VU_BIT(VU_PF_REPLY_ACK) | VU_BIT(VU_PF_GPA_ADDRESSES));
		send_from(w, VU_FROM_BACK, &m, 0);
		g_assert_true(w->s.identity.shmem_bit_reported);
	}
	send_u64(w, VU_REQ_SET_PROTOCOL_FEATURES,
	         VU_BIT(VU_PF_REPLY_ACK) | (su->gpa ? VU_BIT(VU_PF_GPA_ADDRESSES) : 0));
	test_msg_init(&m, VU_REQ_SET_MEM_TABLE, VU_FLAG_VERSION, 8 + 2 * 32);
	test_put_u32(&m, 0, 2);
	test_put_u64(&m, 8, R0_GPA);
	test_put_u64(&m, 16, R_SIZE);
	test_put_u64(&m, 24, su->gpa ? R0_GPA : R0_USER);
	test_put_u64(&m, 32, R0_OFF);
	test_put_u64(&m, 40, R1_GPA);
	test_put_u64(&m, 48, R_SIZE);
	test_put_u64(&m, 56, su->gpa ? R1_GPA : R1_USER);
	test_put_u64(&m, 64, R1_OFF);
	send(w, &m, 2);
	g_assert_cmpuint(w->s.nregions, ==, 2);
	send_state(w, VU_REQ_SET_VRING_NUM, 0, su->num);
	send_vring_addr(w, ring_addr(su, DESC_GPA), ring_addr(su, USED_GPA),
	                su->avail_at != 0 ? su->avail_at : ring_addr(su, AVAIL_GPA));
	return w;
}

static void world_free(struct world *w)
{
	close(w->fd);
	g_free(w);
}

/* ---- cases --------------------------------------------------------------------- */

struct chain_expect {
	uint16_t head;
	uint8_t status;
	uint32_t ndescs;
	uint64_t readable, writable;
	uint8_t unmapped;
};

struct ring_case {
	const char *path;
	struct setup setup;
	void (*fill)(struct world *w);
	/* When set: a first snapshot after fill, then this, then the one checked
	 * (vu_ring_check gets the first as prev). */
	void (*then)(struct world *w);
	/* What the snapshot holds. */
	uint8_t status, part;
	uint16_t avail_idx, used_idx, used_event, avail_event;
	uint16_t avail_pos, used_pos;
	bool avail_wrap, used_wrap;
	uint16_t drv_off_wrap, drv_flags, dev_off_wrap, dev_flags;
	uint32_t inflight;
	size_t nchains;
	struct chain_expect chains[3];
	const char *const *findings; /* of vu_ring_check, all of them */
};

/* Two chains in flight: 0 -> 1 (16 bytes out, 512 in), and 2 (one byte in). */
static void fill_inflight(struct world *w)
{
	desc(w, DESC_GPA, 0, BUF_GPA, 16, VRING_DESC_F_NEXT, 1);
	desc(w, DESC_GPA, 1, BUF_GPA + 0x100, 512, VRING_DESC_F_WRITE, 0);
	desc(w, DESC_GPA, 2, BUF_GPA + 0x400, 1, VRING_DESC_F_WRITE, 0);
	/* 3 requests done before, the ring wrapped past 2^16 */
	avail_entry(w, 0xfffe, 0);
	avail_entry(w, 0xffff, 2);
	avail(w, 0, 0x0000);
	used(w, VRING_USED_F_NO_NOTIFY, 0xfffe);
	event_idx(w, 0xffff, 0x0001);
}

/* Head 3 points at an indirect table of three chained entries. */
static void fill_indirect(struct world *w)
{
	desc(w, DESC_GPA, 3, TABLE_GPA, 3 * sizeof(struct vring_desc), VRING_DESC_F_INDIRECT, 0);
	desc(w, TABLE_GPA, 0, BUF_GPA, 16, VRING_DESC_F_NEXT, 1);
	desc(w, TABLE_GPA, 1, BUF_GPA + 0x100, 4096, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 2);
	desc(w, TABLE_GPA, 2, BUF_GPA + 0x2000, 1, VRING_DESC_F_WRITE, 0);
	avail_entry(w, 7, 3);
	avail(w, 0, 8);
	used(w, 0, 7);
}

static void fill_loop(struct world *w)
{
	desc(w, DESC_GPA, 0, BUF_GPA, 16, VRING_DESC_F_NEXT, 1);
	desc(w, DESC_GPA, 1, BUF_GPA, 16, VRING_DESC_F_NEXT, 2);
	desc(w, DESC_GPA, 2, BUF_GPA, 16, VRING_DESC_F_NEXT, 0);
	avail_entry(w, 0, 0);
	avail(w, 0, 1);
	used(w, 0, 0);
}

/* An indirect table of num + 1 entries, all chained: longer than the queue. */
static void fill_too_long(struct world *w)
{
	unsigned n = w->num + 1u;

	desc(w, DESC_GPA, 0, TABLE_GPA, n * (uint32_t)sizeof(struct vring_desc),
	     VRING_DESC_F_INDIRECT, 0);
	for (unsigned i = 0; i < n; i++)
		desc(w, TABLE_GPA, i, BUF_GPA, 8, i + 1 < n ? VRING_DESC_F_NEXT : 0,
		     (uint16_t)(i + 1));
	avail_entry(w, 0, 0);
	avail(w, 0, 1);
	used(w, 0, 0);
}

static void fill_bad_next(struct world *w)
{
	desc(w, DESC_GPA, 0, BUF_GPA, 16, VRING_DESC_F_NEXT, 200);
	avail_entry(w, 0, 0);
	avail(w, 0, 1);
	used(w, 0, 0);
}

static void fill_nested_indirect(struct world *w)
{
	desc(w, DESC_GPA, 0, TABLE_GPA, 2 * sizeof(struct vring_desc), VRING_DESC_F_INDIRECT, 0);
	desc(w, TABLE_GPA, 0, BUF_GPA, 16, VRING_DESC_F_NEXT, 1);
	desc(w, TABLE_GPA, 1, TABLE_GPA, 32, VRING_DESC_F_INDIRECT, 0);
	avail_entry(w, 0, 0);
	avail(w, 0, 1);
	used(w, 0, 0);
}

/* Chain 0 -> 1 whose second buffer is nowhere; chain 2 runs past region 1's end. */
static void fill_unmapped(struct world *w)
{
	desc(w, DESC_GPA, 0, BUF_GPA, 16, VRING_DESC_F_NEXT, 1);
	desc(w, DESC_GPA, 1, NOWHERE, 512, VRING_DESC_F_WRITE, 0);
	desc(w, DESC_GPA, 2, R1_GPA + R_SIZE - 16, 32, VRING_DESC_F_WRITE, 0);
	avail_entry(w, 0, 0);
	avail_entry(w, 1, 2);
	avail(w, 0, 2);
	used(w, 0, 0);
}

static void fill_table_unmapped(struct world *w)
{
	desc(w, DESC_GPA, 0, NOWHERE, 32, VRING_DESC_F_INDIRECT, 0);
	avail_entry(w, 0, 0);
	avail(w, 0, 1);
	used(w, 0, 0);
}

/* The used ring's page is cut off the memfd after the table was handed over. */
static void fill_truncated(struct world *w)
{
	fill_inflight(w);
	g_assert_cmpint(ftruncate(w->fd, (off_t)file_offset(USED_GPA)), ==, 0);
}

static void fill_avail_jump(struct world *w)
{
	avail(w, 0, 3 + 9);
	used(w, 0, 3);
}

/* Head 0 (512 writable bytes) in flight, then used: with len 4096, 512, or id 99. */
static void fill_one(struct world *w)
{
	desc(w, DESC_GPA, 0, BUF_GPA, 16, VRING_DESC_F_NEXT, 1);
	desc(w, DESC_GPA, 1, BUF_GPA + 0x100, 512, VRING_DESC_F_WRITE, 0);
	avail_entry(w, 5, 0);
	avail(w, 0, 6);
	used(w, 0, 5);
}

static void then_used_too_long(struct world *w)
{
	used_elem(w, 5, 0, 4096);
	used(w, 0, 6);
	/* the driver reuses head 0 for a bigger request: prev's view still rules */
	desc(w, DESC_GPA, 1, BUF_GPA + 0x100, 8192, VRING_DESC_F_WRITE, 0);
}

static void then_used_fits(struct world *w)
{
	used_elem(w, 5, 0, 512);
	used(w, 0, 6);
}

static void then_used_bad_id(struct world *w)
{
	used_elem(w, 5, 99, 1);
	used(w, 0, 6);
}

/*
 * Packed, num 4. Lap 1 (wrap 1) used all four slots; in lap 2 (wrap 0) the
 * driver made slots 0 and 1 available and the device used slot 0.
 */
static void fill_packed_wrap(struct world *w)
{
	pdesc(w, 0, BUF_GPA, 64, 0, used_flags(false));
	pdesc(w, 1, BUF_GPA + 0x100, 256, 1, avail_flags(false) | VRING_DESC_F_WRITE);
	pdesc(w, 2, BUF_GPA, 64, 2, used_flags(true));
	pdesc(w, 3, BUF_GPA, 64, 3, used_flags(true));
	packed_events(w, 0x8002, VRING_PACKED_EVENT_FLAG_DESC, 0x0001,
	              VRING_PACKED_EVENT_FLAG_DISABLE);
}

/*
 * Packed, num 4, lap 1: a two-descriptor chain (id 7) in slots 0-1 was used
 * (slot 0 now the used descriptor, slot 1 left as the driver wrote it); slot
 * 2 holds an indirect chain in flight; slot 3 was never written.
 */
static void fill_packed_remnant(struct world *w)
{
	pdesc(w, 0, 0, 300, 7, used_flags(true));
	pdesc(w, 1, BUF_GPA + 0x100, 512, 7, avail_flags(true) | VRING_DESC_F_WRITE);
	pdesc(w, 2, TABLE_GPA, 2 * sizeof(struct vring_packed_desc), 3,
	      avail_flags(true) | VRING_DESC_F_INDIRECT);
	put64(w, TABLE_GPA + offsetof(struct vring_packed_desc, addr), BUF_GPA);
	put32(w, TABLE_GPA + offsetof(struct vring_packed_desc, len), 16);
	put64(w, TABLE_GPA + 16 + offsetof(struct vring_packed_desc, addr), BUF_GPA + 0x200);
	put32(w, TABLE_GPA + 16 + offsetof(struct vring_packed_desc, len), 100);
	put16(w, TABLE_GPA + 16 + offsetof(struct vring_packed_desc, flags), VRING_DESC_F_WRITE);
}

/* Packed, num 4: the driver filled the whole first lap, the device used nothing. */
static void fill_packed_full(struct world *w)
{
	for (unsigned i = 0; i < 4; i++)
		pdesc(w, i, BUF_GPA + i * 0x100, 32, (uint16_t)i,
		      avail_flags(true) | VRING_DESC_F_WRITE);
}

/* A packed chain in flight whose buffer is nowhere. */
static void fill_packed_unmapped(struct world *w)
{
	pdesc(w, 0, NOWHERE, 64, 0, avail_flags(true));
}

/* clang-format off */
static const struct ring_case cases[] = {
    {.path = "/dissector/ring/split/inflight",
     .setup = {.num = 8, .event_idx = true}, .fill = fill_inflight,
     .avail_idx = 0, .used_idx = 0xfffe, .used_event = 0xffff, .avail_event = 1,
     .inflight = 2, .nchains = 2,
     .chains = {{.head = 0, .ndescs = 2, .readable = 16, .writable = 512},
                {.head = 2, .ndescs = 1, .writable = 1}},
     .findings = KEYS(NULL)},
    {.path = "/dissector/ring/split/gpa-addresses",
     .setup = {.num = 8, .event_idx = true, .gpa = true}, .fill = fill_inflight,
     .avail_idx = 0, .used_idx = 0xfffe, .used_event = 0xffff, .avail_event = 1,
     .inflight = 2, .nchains = 2,
     .chains = {{.head = 0, .ndescs = 2, .readable = 16, .writable = 512},
                {.head = 2, .ndescs = 1, .writable = 1}},
     .findings = KEYS(NULL)},
    /* bit 21 acked to a back-end that means SHMEM by it: the addresses sent
     * as guest-physical are not read as such */
    {.path = "/dissector/ring/split/gpa-bit-is-shmem",
     .setup = {.num = 8, .event_idx = true, .gpa = true, .shmem_bit = true},
     .fill = fill_inflight,
     .status = VU_RING_UNKNOWN_SPACE, .part = VU_RING_PART_DESC, .findings = KEYS(NULL)},
    {.path = "/dissector/ring/split/iommu",
     .setup = {.num = 8, .iommu = true}, .fill = fill_inflight,
     .status = VU_RING_UNKNOWN_SPACE, .part = VU_RING_PART_DESC, .findings = KEYS(NULL)},
    {.path = "/dissector/ring/split/indirect",
     .setup = {.num = 8}, .fill = fill_indirect,
     .avail_idx = 8, .used_idx = 7, .inflight = 1, .nchains = 1,
     .chains = {{.head = 3, .ndescs = 3, .readable = 16, .writable = 4097}},
     .findings = KEYS(NULL)},
    {.path = "/dissector/ring/split/chain-loop",
     .setup = {.num = 8}, .fill = fill_loop,
     .avail_idx = 1, .inflight = 1, .nchains = 1,
     .chains = {{.head = 0, .status = VU_CHAIN_LOOP, .ndescs = 3, .readable = 48}},
     .findings = KEYS("ring.chain_loop")},
    {.path = "/dissector/ring/split/chain-too-long",
     .setup = {.num = 8}, .fill = fill_too_long,
     .avail_idx = 1, .inflight = 1, .nchains = 1,
     .chains = {{.head = 0, .status = VU_CHAIN_TOO_LONG, .ndescs = 8, .readable = 64}},
     .findings = KEYS("ring.chain_too_long")},
    {.path = "/dissector/ring/split/next-beyond-num",
     .setup = {.num = 8}, .fill = fill_bad_next,
     .avail_idx = 1, .inflight = 1, .nchains = 1,
     .chains = {{.head = 0, .status = VU_CHAIN_BAD_INDEX, .ndescs = 1, .readable = 16}},
     .findings = KEYS("ring.chain_loop")},
    {.path = "/dissector/ring/split/nested-indirect",
     .setup = {.num = 8}, .fill = fill_nested_indirect,
     .avail_idx = 1, .inflight = 1, .nchains = 1,
     .chains = {{.head = 0, .status = VU_CHAIN_BAD_INDIRECT, .ndescs = 1, .readable = 16}},
     .findings = KEYS("ring.chain_loop")},
    {.path = "/dissector/ring/split/desc-unmapped",
     .setup = {.num = 8}, .fill = fill_unmapped,
     .avail_idx = 2, .inflight = 2, .nchains = 2,
     .chains = {{.head = 0, .ndescs = 2, .readable = 16, .writable = 512,
                 .unmapped = VU_MEM_UNMAPPED},
                {.head = 2, .ndescs = 1, .writable = 32, .unmapped = VU_MEM_CROSSES_END}},
     .findings = KEYS("ring.desc_unmapped")},
    {.path = "/dissector/ring/split/indirect-table-unmapped",
     .setup = {.num = 8}, .fill = fill_table_unmapped,
     .avail_idx = 1, .inflight = 1, .nchains = 1,
     .chains = {{.head = 0, .status = VU_CHAIN_TABLE_UNMAPPED, .unmapped = VU_MEM_UNMAPPED}},
     .findings = KEYS("ring.desc_unmapped")},
    {.path = "/dissector/ring/split/ring-outside-regions",
     .setup = {.num = 8, .avail_at = NOWHERE}, .fill = fill_inflight,
     .status = VU_RING_UNMAPPED, .part = VU_RING_PART_AVAIL, .findings = KEYS("ring.unreadable")},
    {.path = "/dissector/ring/split/ring-crosses-region-end",
     .setup = {.num = 8, .avail_at = R0_USER + R_SIZE - 8}, .fill = fill_inflight,
     .status = VU_RING_UNMAPPED, .part = VU_RING_PART_AVAIL, .findings = KEYS("ring.unreadable")},
    {.path = "/dissector/ring/split/truncated-memfd",
     .setup = {.num = 8}, .fill = fill_truncated,
     .status = VU_RING_UNREADABLE, .part = VU_RING_PART_USED, .findings = KEYS("ring.unreadable")},
    {.path = "/dissector/ring/split/avail-jump",
     .setup = {.num = 8}, .fill = fill_avail_jump,
     .avail_idx = 12, .used_idx = 3, .inflight = 9, .nchains = 0,
     .findings = KEYS("ring.avail_jump")},
    {.path = "/dissector/ring/split/used-len-beyond-writable",
     .setup = {.num = 8}, .fill = fill_one, .then = then_used_too_long,
     .avail_idx = 6, .used_idx = 6, .findings = KEYS("ring.used_len")},
    {.path = "/dissector/ring/split/used-len-fits",
     .setup = {.num = 8}, .fill = fill_one, .then = then_used_fits,
     .avail_idx = 6, .used_idx = 6, .findings = KEYS(NULL)},
    {.path = "/dissector/ring/split/used-id-beyond-num",
     .setup = {.num = 8}, .fill = fill_one, .then = then_used_bad_id,
     .avail_idx = 6, .used_idx = 6, .findings = KEYS("ring.used_id")},
    {.path = "/dissector/ring/packed/wrap",
     .setup = {.num = 4, .packed = true, .event_idx = true}, .fill = fill_packed_wrap,
     .avail_pos = 2, .avail_wrap = false, .used_pos = 1, .used_wrap = false,
     .drv_off_wrap = 0x8002, .drv_flags = VRING_PACKED_EVENT_FLAG_DESC,
     .dev_off_wrap = 1, .dev_flags = VRING_PACKED_EVENT_FLAG_DISABLE,
     .inflight = 1, .nchains = 1,
     .chains = {{.head = 1, .ndescs = 1, .writable = 256}},
     .findings = KEYS(NULL)},
    {.path = "/dissector/ring/packed/used-chain-and-indirect",
     .setup = {.num = 4, .packed = true}, .fill = fill_packed_remnant,
     .avail_pos = 3, .avail_wrap = true, .used_pos = 2, .used_wrap = true,
     .inflight = 1, .nchains = 1,
     .chains = {{.head = 2, .ndescs = 2, .readable = 16, .writable = 100}},
     .findings = KEYS(NULL)},
    {.path = "/dissector/ring/packed/full",
     .setup = {.num = 4, .packed = true}, .fill = fill_packed_full,
     .avail_pos = 0, .avail_wrap = false, .used_pos = 0, .used_wrap = true,
     .inflight = 4, .nchains = 4,
     .chains = {{.head = 0, .ndescs = 1, .writable = 32}, {.head = 1, .ndescs = 1, .writable = 32},
                {.head = 2, .ndescs = 1, .writable = 32}},
     .findings = KEYS(NULL)},
    {.path = "/dissector/ring/packed/desc-unmapped",
     .setup = {.num = 4, .packed = true}, .fill = fill_packed_unmapped,
     .avail_pos = 1, .avail_wrap = true, .used_pos = 0, .used_wrap = true,
     .inflight = 1, .nchains = 1,
     .chains = {{.head = 0, .ndescs = 1, .readable = 64, .unmapped = VU_MEM_UNMAPPED}},
     .findings = KEYS("ring.desc_unmapped")},
};
/* clang-format on */

static void check_findings(const char *path, const struct vu_decoded *d, const char *const *keys)
{
	size_t n = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&n);
	size_t want = 0;

	for (; keys[want] != NULL; want++)
		if (!test_has_finding(d, test_finding_code(keys[want])))
			g_error("%s: no finding %s", path, keys[want]);
	for (size_t i = 0; i < d->nfindings; i++) {
		bool listed = false;

		for (size_t k = 0; k < want; k++)
			listed |= d->findings[i].code == test_finding_code(keys[k]);
		if (!listed)
			g_error("%s: unexpected finding %s: %s", path,
			        defs[d->findings[i].code].key, d->findings[i].text);
	}
}

static void test_ring_case(gconstpointer data)
{
	const struct ring_case *c = data;
	struct world *w = world_new(&c->setup);
	g_autofree struct vu_ring_snapshot *prev = g_new0(struct vu_ring_snapshot, 1);
	g_autofree struct vu_ring_snapshot *snap = g_new0(struct vu_ring_snapshot, 1);
	g_autofree struct vu_decoded *d = g_new0(struct vu_decoded, 1);

	c->fill(w);
	if (c->then != NULL) {
		vu_ring_snapshot(&w->s, &w->mem, 0, prev);
		g_assert_cmpuint(prev->status, ==, VU_RING_OK);
		c->then(w);
	}
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, c->status);
	g_assert_cmpuint(snap->part, ==, c->part);
	g_assert_cmpuint(snap->packed, ==, c->setup.packed);
	g_assert_cmpuint(snap->vring, ==, 0);
	if (c->status == VU_RING_OK) {
		g_assert_cmpuint(snap->num, ==, c->setup.num);
		g_assert_true(snap->settled);
	}
	g_assert_cmphex(snap->avail_idx, ==, c->avail_idx);
	g_assert_cmphex(snap->used_idx, ==, c->used_idx);
	g_assert_cmphex(snap->used_event, ==, c->used_event);
	g_assert_cmphex(snap->avail_event, ==, c->avail_event);
	g_assert_cmpuint(snap->avail_pos, ==, c->avail_pos);
	g_assert_cmpuint(snap->used_pos, ==, c->used_pos);
	g_assert_cmpuint(snap->avail_wrap, ==, c->avail_wrap);
	g_assert_cmpuint(snap->used_wrap, ==, c->used_wrap);
	g_assert_cmphex(snap->driver_event_off_wrap, ==, c->drv_off_wrap);
	g_assert_cmphex(snap->driver_event_flags, ==, c->drv_flags);
	g_assert_cmphex(snap->device_event_off_wrap, ==, c->dev_off_wrap);
	g_assert_cmphex(snap->device_event_flags, ==, c->dev_flags);
	g_assert_cmpuint(snap->inflight, ==, c->inflight);
	g_assert_cmpuint(snap->nchains, ==, c->nchains);
	for (size_t i = 0; i < c->nchains && i < G_N_ELEMENTS(c->chains); i++) {
		const struct vu_ring_chain *ch = &snap->chains[i];
		const struct chain_expect *e = &c->chains[i];

		g_assert_cmpuint(ch->head, ==, e->head);
		g_assert_cmpstr(vu_chain_status_name(ch->status), ==,
		                vu_chain_status_name(e->status));
		g_assert_cmpuint(ch->ndescs, ==, e->ndescs);
		g_assert_cmpuint(ch->readable, ==, e->readable);
		g_assert_cmpuint(ch->writable, ==, e->writable);
		g_assert_cmpstr(vu_mem_status_name(ch->unmapped), ==,
		                vu_mem_status_name(e->unmapped));
		g_assert_cmpuint(ch->nkept, ==, MIN(ch->ndescs, VU_RING_MAX_DESCS));
	}
	vu_decoded_reset(d);
	vu_ring_check(&w->s, &w->mem, c->then != NULL ? prev : NULL, snap, d);
	check_findings(c->path, d, c->findings);
	world_free(w);
}

/* ---- what the snapshot keeps of each descriptor --------------------------------- */

static void test_descs_resolved(void)
{
	const struct setup su = {.num = 8};
	struct world *w = world_new(&su);
	g_autofree struct vu_ring_snapshot *snap = g_new0(struct vu_ring_snapshot, 1);
	const struct vu_ring_desc *k;

	fill_indirect(w);
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->nchains, ==, 1);
	g_assert_cmpuint(snap->chains[0].nkept, ==, 3);
	k = &snap->chains[0].descs[1];
	g_assert_cmphex(k->addr, ==, BUF_GPA + 0x100);
	g_assert_cmpuint(k->len, ==, 4096);
	g_assert_cmphex(k->flags, ==, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE);
	g_assert_cmpuint(k->next, ==, 2);
	g_assert_true(k->indirect);
	g_assert_cmpuint(k->where, ==, VU_MEM_OK);
	g_assert_cmpuint(k->region, ==, 1);
	world_free(w);
}

/* ---- the ring record of a capture ------------------------------------------------ */

/*
 * A snapshot with an indirect chain, a finding of its own and one about the
 * message that took it goes through the capture's body and comes back field
 * for field, each finding where it was, with its bytes and frame; every byte
 * cut off the end, a version, status or count out of range is refused, and
 * an unknown finding key is left out.
 */
static void test_record_round_trip(void)
{
	const struct setup su = {.num = 8};
	struct world *w = world_new(&su);
	g_autofree struct vu_ring_record *rec = g_new0(struct vu_ring_record, 1);
	g_autofree struct vu_ring_record *back = g_new0(struct vu_ring_record, 1);
	g_autofree struct vu_decoded *found = g_new0(struct vu_decoded, 1);
	g_autofree struct vu_decoded *again = g_new0(struct vu_decoded, 1);
	g_autofree uint8_t *body = NULL;
	size_t size;
	uint8_t *key;

	fill_indirect(w);
	vu_ring_snapshot(&w->s, &w->mem, 0, &rec->snap);
	g_assert_cmpuint(rec->snap.nchains, ==, 1);
	rec->cause = VU_REQ_SET_VRING_KICK;
	rec->cause_frame = 7;
	rec->stalled = true;
	rec->stalled_ns = 2500000000u;
	rec->completed = 65537;
	rec->most_inflight = 3;
	rec->longest_still_ns = 1;
	vu_decoded_reset(found);
	vu_decoded_add_findingf(found, VU_FIND_RING_STALLED, 4, 2, "vring %u", 0u);
	rec->nmessage_findings = 1;
	rec->message_findings[0] = (struct vu_finding){
	    .code = VU_FIND_RING_BASE_MISMATCH, .offset = 0, .length = 4, .frame = 5};
	g_strlcpy(rec->message_findings[0].text, "ring 0: base 1 outside used 2 .. avail 3",
	          sizeof(rec->message_findings[0].text));
	size = vu_ring_record_size(rec, found);
	body = g_malloc(size);
	g_assert_cmpuint(vu_ring_record_encode(rec, found, body, size - 1), ==, 0);
	g_assert_cmpuint(vu_ring_record_encode(rec, found, body, size), ==, size);
	g_assert_true(vu_ring_record_decode(body, size, back, again));
	g_assert_cmpmem(&back->snap.status, offsetof(struct vu_ring_snapshot, nchains),
	                &rec->snap.status, offsetof(struct vu_ring_snapshot, nchains));
	g_assert_cmpuint(back->snap.nchains, ==, 1);
	g_assert_cmpmem(&back->snap.chains[0], sizeof(back->snap.chains[0]), &rec->snap.chains[0],
	                sizeof(rec->snap.chains[0]));
	g_assert_cmpuint(back->cause, ==, VU_REQ_SET_VRING_KICK);
	g_assert_cmpstr(vu_ring_cause_name(back->cause), ==, "SET_VRING_KICK");
	g_assert_cmpuint(back->cause_frame, ==, 7);
	g_assert_true(back->stalled);
	g_assert_cmpuint(back->stalled_ns, ==, 2500000000u);
	g_assert_cmpuint(back->completed, ==, 65537);
	g_assert_cmpuint(back->most_inflight, ==, 3);
	g_assert_cmpuint(back->longest_still_ns, ==, 1);
	g_assert_cmpuint(again->nfindings, ==, 1);
	g_assert_cmpuint(again->findings[0].code, ==, VU_FIND_RING_STALLED);
	g_assert_cmpstr(again->findings[0].text, ==, found->findings[0].text);
	g_assert_cmpuint(again->findings[0].offset, ==, 4);
	g_assert_cmpuint(again->findings[0].length, ==, 2);
	g_assert_cmpuint(again->findings[0].frame, ==, 0);
	g_assert_cmpuint(back->nmessage_findings, ==, 1);
	g_assert_cmpmem(&back->message_findings[0], sizeof(back->message_findings[0]),
	                &rec->message_findings[0], sizeof(rec->message_findings[0]));
	/* Without a place for the snapshot's own, the message's still come back. */
	g_assert_true(vu_ring_record_decode(body, size, back, NULL));
	g_assert_cmpuint(back->nmessage_findings, ==, 1);

	for (size_t cut = 0; cut < size; cut++)
		g_assert_false(vu_ring_record_decode(body, cut, back, again));
	body[0] = 2; /* version */
	g_assert_false(vu_ring_record_decode(body, size, back, again));
	body[0] = VU_RING_RECORD_VERSION;
	body[1] = VU_RING_UNREADABLE + 1; /* status */
	g_assert_false(vu_ring_record_decode(body, size, back, again));
	body[1] = VU_RING_OK;
	body[76] = VU_RING_MAX_CHAINS + 1; /* nchains */
	g_assert_false(vu_ring_record_decode(body, size, back, again));
	body[76] = 1;
	body[78] = 3; /* more findings about the message than findings */
	g_assert_false(vu_ring_record_decode(body, size, back, again));
	body[78] = 1;
	/* A key this build does not know: the finding is left out, the rest read. */
	key = memmem(body, size, "ring.stalled", strlen("ring.stalled"));
	g_assert_nonnull(key);
	*key = 'x';
	g_assert_true(vu_ring_record_decode(body, size, back, again));
	g_assert_cmpuint(again->nfindings, ==, 0);
	g_assert_cmpuint(back->nmessage_findings, ==, 1);
	world_free(w);
}

/*
 * An inflight queue (split, the last batch done, 3 to resubmit of which 2
 * kept) and a dirty-log count go through their capture bodies and come back
 * field for field; every byte cut off the end, another version, a status or
 * flag out of range, more kept than resubmitted are refused.
 */
static void test_area_records_round_trip(void)
{
	struct vu_inflight_record in = {
	    .queue = {.status = VU_INFLIGHT_OK,
	              .queue = 3,
	              .version = 1,
	              .desc_num = 128,
	              .last_batch_head = 7,
	              .used_idx = 9,
	              .ring_used_known = true,
	              .ring_used_idx = 10,
	              .batch_done = true,
	              .ninflight = 3,
	              .nkept = 2,
	              .kept = {{.index = 4, .counter = 10}, {.index = 6, .counter = 1ull << 40}}},
	    .cause = VU_REQ_SET_VRING_KICK,
	    .cause_frame = 12,
	};
	struct vu_log_record log = {
	    .pages = 65536, .dirty = 13, .cause = VU_RING_CAUSE_END, .cause_frame = 0};
	struct vu_inflight_record in_back;
	struct vu_log_record log_back;
	uint8_t body[VU_INFLIGHT_RECORD_MAX];
	size_t size;

	size = vu_inflight_record_encode(&in, body, sizeof(body));
	g_assert_cmpuint(size, ==, VU_INFLIGHT_RECORD_FIXED + 2 * 16);
	g_assert_cmpuint(vu_inflight_record_encode(&in, body, size - 1), ==, 0);
	g_assert_true(vu_inflight_record_decode(body, size, &in_back));
	g_assert_cmpuint(in_back.queue.status, ==, VU_INFLIGHT_OK);
	g_assert_false(in_back.queue.packed);
	g_assert_cmpuint(in_back.queue.queue, ==, 3);
	g_assert_cmpuint(in_back.queue.version, ==, 1);
	g_assert_cmpuint(in_back.queue.desc_num, ==, 128);
	g_assert_cmpuint(in_back.queue.last_batch_head, ==, 7);
	g_assert_cmpuint(in_back.queue.used_idx, ==, 9);
	g_assert_true(in_back.queue.ring_used_known);
	g_assert_cmpuint(in_back.queue.ring_used_idx, ==, 10);
	g_assert_true(in_back.queue.batch_done);
	g_assert_cmpuint(in_back.queue.ninflight, ==, 3);
	g_assert_cmpuint(in_back.queue.nkept, ==, 2);
	g_assert_cmpuint(in_back.queue.kept[0].index, ==, 4);
	g_assert_cmpuint(in_back.queue.kept[0].counter, ==, 10);
	g_assert_cmpuint(in_back.queue.kept[1].index, ==, 6);
	g_assert_cmpuint(in_back.queue.kept[1].counter, ==, 1ull << 40);
	g_assert_cmpuint(in_back.cause, ==, VU_REQ_SET_VRING_KICK);
	g_assert_cmpuint(in_back.cause_frame, ==, 12);
	for (size_t cut = 0; cut < size; cut++)
		g_assert_false(vu_inflight_record_decode(body, cut, &in_back));
	body[0] = 2; /* version */
	g_assert_false(vu_inflight_record_decode(body, size, &in_back));
	body[0] = VU_AREA_RECORD_VERSION;
	body[1] = VU_INFLIGHT_UNREADABLE + 1; /* status */
	g_assert_false(vu_inflight_record_decode(body, size, &in_back));
	body[1] = VU_INFLIGHT_OK;
	body[2] = 0x20; /* a flag of no meaning */
	g_assert_false(vu_inflight_record_decode(body, size, &in_back));
	body[2] = 0x18;
	body[24] = 1; /* 1 resubmitted, 2 kept */
	g_assert_false(vu_inflight_record_decode(body, size, &in_back));

	size = vu_log_record_encode(&log, body, sizeof(body));
	g_assert_cmpuint(size, ==, VU_LOG_RECORD_SIZE);
	g_assert_true(vu_log_record_decode(body, size, &log_back));
	g_assert_cmpuint(log_back.pages, ==, 65536);
	g_assert_cmpuint(log_back.dirty, ==, 13);
	g_assert_false(log_back.unreadable);
	g_assert_cmpuint(log_back.cause, ==, VU_RING_CAUSE_END);
	g_assert_cmpuint(log_back.cause_frame, ==, 0);
	for (size_t cut = 0; cut < size; cut++)
		g_assert_false(vu_log_record_decode(body, cut, &log_back));
	/* Unreadable: the count says nothing, and is written as 0. */
	log.unreadable = true;
	g_assert_cmpuint(vu_log_record_encode(&log, body, sizeof(body)), ==, size);
	g_assert_true(vu_log_record_decode(body, size, &log_back));
	g_assert_true(log_back.unreadable);
	g_assert_cmpuint(log_back.dirty, ==, 0);
	body[1] = 2; /* status */
	g_assert_false(vu_log_record_decode(body, size, &log_back));
}

/* A ring whose size or addresses are not known yet gives no snapshot. */
static void test_no_address(void)
{
	const struct setup su = {.num = 8};
	struct world *w = world_new(&su);
	g_autofree struct vu_ring_snapshot *snap = g_new0(struct vu_ring_snapshot, 1);

	vu_ring_snapshot(&w->s, &w->mem, 1, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_NO_ADDRESS);
	send_state(w, VU_REQ_SET_VRING_NUM, 0, 6); /* not a power of 2 */
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_NO_ADDRESS);
	vu_ring_snapshot(&w->s, &w->mem, VU_MAX_VRINGS, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_NO_ADDRESS);
	world_free(w);
}

static void test_translate(void)
{
	const struct setup su = {.num = 8};
	struct world *w = world_new(&su);
	size_t region = 9;
	uint64_t off = 0;

	g_assert_cmpuint(vu_ring_addr_space(&w->s), ==, VU_ADDR_USER);
	g_assert_cmpuint(vu_desc_addr_space(&w->s), ==, VU_ADDR_GPA);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_GPA, R1_GPA + 0x10, 0x20, &region, &off),
	                 ==, VU_MEM_OK);
	g_assert_cmpuint(region, ==, 1);
	g_assert_cmphex(off, ==, 0x10);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_USER, R0_USER + 0x30, 1, &region, &off),
	                 ==, VU_MEM_OK);
	g_assert_cmpuint(region, ==, 0);
	g_assert_cmphex(off, ==, 0x30);
	/* a user address is not a guest-physical one */
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_GPA, R0_USER, 1, NULL, NULL), ==,
	                 VU_MEM_UNMAPPED);
	g_assert_cmpuint(
	    vu_ring_translate(&w->s, VU_ADDR_GPA, R0_GPA + R_SIZE - 1, 2, &region, &off), ==,
	    VU_MEM_CROSSES_END);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_GPA, R0_GPA + R_SIZE, 1, NULL, NULL), ==,
	                 VU_MEM_UNMAPPED);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_GPA, UINT64_MAX, UINT64_MAX, NULL, NULL),
	                 ==, VU_MEM_UNMAPPED);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_IOVA, R0_GPA, 1, NULL, NULL), ==,
	                 VU_MEM_UNKNOWN_SPACE);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_UNKNOWN, R0_GPA, 1, NULL, NULL), ==,
	                 VU_MEM_UNKNOWN_SPACE);
	world_free(w);
}

/* Bit 21 acked: guest-physical ring addresses, unless the back-end means SHMEM by it. */
static void test_gpa_bit_space(void)
{
	const struct setup gpa = {.num = 8, .gpa = true};
	const struct setup shmem = {.num = 8, .gpa = true, .shmem_bit = true};
	struct world *w = world_new(&gpa);

	g_assert_cmpuint(vu_ring_addr_space(&w->s), ==, VU_ADDR_GPA);
	world_free(w);
	w = world_new(&shmem);
	g_assert_cmpuint(vu_ring_addr_space(&w->s), ==, VU_ADDR_UNKNOWN);
	/* descriptors are guest-physical whatever bit 21 means */
	g_assert_cmpuint(vu_desc_addr_space(&w->s), ==, VU_ADDR_GPA);
	world_free(w);
}

/* Our constants against the uapi header's. */
static void test_uapi_constants(void)
{
	g_assert_cmphex(VU_DESC_F_NEXT, ==, VRING_DESC_F_NEXT);
	g_assert_cmphex(VU_DESC_F_WRITE, ==, VRING_DESC_F_WRITE);
	g_assert_cmphex(VU_DESC_F_INDIRECT, ==, VRING_DESC_F_INDIRECT);
	g_assert_cmphex(VU_DESC_F_AVAIL, ==, 1u << VRING_PACKED_DESC_F_AVAIL);
	g_assert_cmphex(VU_DESC_F_USED, ==, 1u << VRING_PACKED_DESC_F_USED);
	g_assert_cmpuint(sizeof(struct vring_desc), ==, 16);
	g_assert_cmpuint(sizeof(struct vring_packed_desc), ==, 16);
	g_assert_cmpuint(sizeof(struct vring_packed_desc_event), ==, 4);
	g_assert_cmpuint(VU_IOTLB_PERM_RO, ==, VHOST_ACCESS_RO);
	g_assert_cmpuint(VU_IOTLB_PERM_WO, ==, VHOST_ACCESS_WO);
	g_assert_cmpuint(VU_IOTLB_PERM_RW, ==, VHOST_ACCESS_RW);
	g_assert_cmpuint(VU_IOTLB_UPDATE, ==, VHOST_IOTLB_UPDATE);
	g_assert_cmpuint(VU_IOTLB_INVALIDATE, ==, VHOST_IOTLB_INVALIDATE);
}

/* ---- IOVAs through the IOTLB ------------------------------------------------------ */

/* IOVAs of the ring (a page per entry, as a vIOMMU hands them out), of
 * buffers, one the front-end maps outside the memory table, and one no
 * entry covers. */
#define IOVA_RING     0xfe000000ull
#define IOVA_BUF      0xfd000000ull
#define IOVA_OUTSIDE  0xfb000000ull
#define IOVA_NO_ENTRY 0xfc000000ull
#define USER_OUTSIDE  0x7e0000000000ull

static void send_iotlb(struct world *w, uint8_t type, uint64_t iova, uint64_t size, uint64_t uaddr,
                       uint8_t perm)
{
	struct test_msg m;

	test_msg_init(&m, VU_REQ_IOTLB_MSG, VU_FLAG_VERSION, 32);
	test_put_u64(&m, 0, iova);
	test_put_u64(&m, 8, size);
	test_put_u64(&m, 16, uaddr);
	test_put_u8(&m, 24, perm);
	test_put_u8(&m, 25, type);
	send(w, &m, 0);
}

/* fill_inflight's two chains with IOVAs: 0 -> 1 in IOVA_BUF's entries, 2 at an
 * IOVA no entry covers. */
static void fill_iova(struct world *w)
{
	desc(w, DESC_GPA, 0, IOVA_BUF, 16, VRING_DESC_F_NEXT, 1);
	desc(w, DESC_GPA, 1, IOVA_BUF + 0x100, 512, VRING_DESC_F_WRITE, 0);
	desc(w, DESC_GPA, 2, IOVA_NO_ENTRY, 1, VRING_DESC_F_WRITE, 0);
	avail_entry(w, 0, 0);
	avail_entry(w, 1, 2);
	avail(w, 0, 2);
	used(w, 0, 0);
}

/*
 * ACCESS_PLATFORM: the ring is reachable only through the IOTLB entries the
 * front-end sends. Before them, and after an invalidation of one ring page,
 * the ring is in an unknown address space; with them it is read, its
 * descriptors resolved to regions through the entries, and a descriptor no
 * entry covers stays unknown without a finding (the back-end would ask with
 * a miss). An entry whose user address is outside the memory table makes a
 * descriptor unmapped, a finding.
 */
static void test_iotlb(void)
{
	const struct setup su = {.num = 8, .iommu = true};
	struct world *w = world_new(&su);
	g_autofree struct vu_ring_snapshot *snap = g_new0(struct vu_ring_snapshot, 1);
	g_autofree struct vu_decoded *d = g_new0(struct vu_decoded, 1);
	size_t region = 9;
	uint64_t off = 0;

	g_assert_cmpuint(vu_ring_addr_space(&w->s), ==, VU_ADDR_IOVA);
	g_assert_cmpuint(vu_desc_addr_space(&w->s), ==, VU_ADDR_IOVA);
	fill_iova(w);
	send_vring_addr(w, IOVA_RING + (DESC_GPA - R0_GPA), IOVA_RING + (USED_GPA - R0_GPA),
	                IOVA_RING + (AVAIL_GPA - R0_GPA));
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_UNKNOWN_SPACE);
	g_assert_cmpuint(snap->part, ==, VU_RING_PART_DESC);

	/* one entry per page of the ring, two pages of buffers that follow on */
	for (uint64_t page = 0; page < 3; page++)
		send_iotlb(w, VU_IOTLB_UPDATE, IOVA_RING + page * 0x1000, 0x1000,
		           R0_USER + page * 0x1000, VU_IOTLB_PERM_RW);
	send_iotlb(w, VU_IOTLB_UPDATE, IOVA_BUF, 0x1000, R1_USER + (BUF_GPA - R1_GPA),
	           VU_IOTLB_PERM_RO);
	send_iotlb(w, VU_IOTLB_UPDATE, IOVA_BUF + 0x1000, 0x1000,
	           R1_USER + (BUF_GPA - R1_GPA) + 0x1000, VU_IOTLB_PERM_WO);
	g_assert_cmpuint(w->s.niotlb, ==, 5);
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_OK);
	g_assert_cmpuint(snap->avail_idx, ==, 2);
	g_assert_cmpuint(snap->inflight, ==, 2);
	g_assert_cmpuint(snap->nchains, ==, 2);
	g_assert_cmpuint(snap->chains[0].status, ==, VU_CHAIN_OK);
	g_assert_cmpuint(snap->chains[0].ndescs, ==, 2);
	g_assert_cmpuint(snap->chains[0].writable, ==, 512);
	for (size_t i = 0; i < 2; i++) {
		g_assert_cmpuint(snap->chains[0].descs[i].where, ==, VU_MEM_OK);
		g_assert_cmpuint(snap->chains[0].descs[i].region, ==, 1);
	}
	g_assert_cmpuint(snap->chains[1].descs[0].where, ==, VU_MEM_UNKNOWN_SPACE);
	g_assert_cmpuint(snap->chains[1].unmapped, ==, VU_MEM_OK);
	vu_decoded_reset(d);
	g_assert_cmpuint(vu_ring_check(&w->s, &w->mem, NULL, snap, d), ==, 0);

	/* a range over two entries whose user addresses follow on is one range */
	g_assert_cmpuint(
	    vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0xf00, 0x200, &region, &off), ==,
	    VU_MEM_OK);
	g_assert_cmpuint(region, ==, 1);
	g_assert_cmphex(off, ==, BUF_GPA - R1_GPA + 0xf00);
	g_assert_cmpuint(
	    vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0x1f00, 0x200, NULL, NULL), ==,
	    VU_MEM_UNKNOWN_SPACE);
	/* an entry that does not follow on ends the range */
	send_iotlb(w, VU_IOTLB_UPDATE, IOVA_BUF + 0x2000, 0x1000, R1_USER, VU_IOTLB_PERM_RW);
	g_assert_cmpuint(
	    vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0x1f00, 0x200, NULL, NULL), ==,
	    VU_MEM_UNKNOWN_SPACE);
	g_assert_cmpuint(
	    vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0x2000, 0x10, &region, &off), ==,
	    VU_MEM_OK);
	g_assert_cmphex(off, ==, 0);
	/* an entry without access maps nothing */
	send_iotlb(w, VU_IOTLB_UPDATE, IOVA_NO_ENTRY, 0x1000, R1_USER, VU_IOTLB_PERM_NONE);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_NO_ENTRY, 1, NULL, NULL), ==,
	                 VU_MEM_UNKNOWN_SPACE);

	/* the front-end maps an IOVA to memory it never put in the table */
	send_iotlb(w, VU_IOTLB_UPDATE, IOVA_OUTSIDE, 0x1000, USER_OUTSIDE, VU_IOTLB_PERM_RW);
	desc(w, DESC_GPA, 2, IOVA_OUTSIDE, 1, VRING_DESC_F_WRITE, 0);
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_OK);
	g_assert_cmpuint(snap->chains[1].descs[0].where, ==, VU_MEM_UNMAPPED);
	vu_decoded_reset(d);
	vu_ring_check(&w->s, &w->mem, NULL, snap, d);
	check_findings("/dissector/ring/iotlb", d, KEYS("ring.desc_unmapped"));

	/* the avail page invalidated: unknown again, and no finding */
	send_iotlb(w, VU_IOTLB_INVALIDATE, IOVA_RING + 0x1000, 0x1000, 0, VU_IOTLB_PERM_NONE);
	g_assert_cmpuint(w->s.niotlb, ==, 7);
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_UNKNOWN_SPACE);
	g_assert_cmpuint(snap->part, ==, VU_RING_PART_AVAIL);
	vu_decoded_reset(d);
	g_assert_cmpuint(vu_ring_check(&w->s, &w->mem, NULL, snap, d), ==, 0);
	/* mapped again at another user address of the same page: read again */
	send_iotlb(w, VU_IOTLB_UPDATE, IOVA_RING + 0x1000, 0x1000, R0_USER + 0x1000,
	           VU_IOTLB_PERM_RO);
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_OK);
	/* one invalidation over everything */
	send_iotlb(w, VU_IOTLB_INVALIDATE, 0, UINT64_MAX, 0, VU_IOTLB_PERM_NONE);
	g_assert_cmpuint(w->s.niotlb, ==, 0);
	world_free(w);
}

/* A full table drops its oldest entry; an update replaces what it overlaps. */
static void test_iotlb_table(void)
{
	const struct setup su = {.num = 8, .iommu = true};
	struct world *w = world_new(&su);

	for (uint64_t i = 0; i <= VU_MAX_IOTLB_ENTRIES; i++)
		send_iotlb(w, VU_IOTLB_UPDATE, IOVA_BUF + i * 0x1000, 0x1000, R1_USER,
		           VU_IOTLB_PERM_RW);
	g_assert_cmpuint(w->s.niotlb, ==, VU_MAX_IOTLB_ENTRIES);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF, 1, NULL, NULL), ==,
	                 VU_MEM_UNKNOWN_SPACE);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0x1000, 1, NULL, NULL),
	                 ==, VU_MEM_OK);
	/* a page across the first two kept replaces both, whole */
	send_iotlb(w, VU_IOTLB_UPDATE, IOVA_BUF + 0x1800, 0x1000, R0_USER, VU_IOTLB_PERM_RW);
	g_assert_cmpuint(w->s.niotlb, ==, VU_MAX_IOTLB_ENTRIES - 1);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0x1000, 1, NULL, NULL),
	                 ==, VU_MEM_UNKNOWN_SPACE);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0x27ff, 1, NULL, NULL),
	                 ==, VU_MEM_OK);
	g_assert_cmpuint(vu_ring_translate(&w->s, VU_ADDR_IOVA, IOVA_BUF + 0x2800, 1, NULL, NULL),
	                 ==, VU_MEM_UNKNOWN_SPACE);
	/* an update of size 0 or one that wraps keeps nothing */
	send_iotlb(w, VU_IOTLB_UPDATE, 0, 0, R0_USER, VU_IOTLB_PERM_RW);
	send_iotlb(w, VU_IOTLB_UPDATE, UINT64_MAX, 2, R0_USER, VU_IOTLB_PERM_RW);
	g_assert_cmpuint(w->s.niotlb, ==, VU_MAX_IOTLB_ENTRIES - 1);
	world_free(w);
}

/* ---- bases ------------------------------------------------------------------------ */

static void test_base_decode(void)
{
	struct vu_ring_base b;

	vu_ring_base_decode(0x12345, false, &b);
	g_assert_cmphex(b.avail, ==, 0x2345);
	g_assert_cmphex(b.used, ==, 0x2345);
	/* packed: avail slot 1 wrap 1, used slot 3 wrap 0 */
	vu_ring_base_decode(0x00038001u, true, &b);
	g_assert_cmpuint(b.avail, ==, 1);
	g_assert_true(b.avail_wrap);
	g_assert_cmpuint(b.used, ==, 3);
	g_assert_false(b.used_wrap);
	vu_ring_base_decode(0x80008000u, true, &b);
	g_assert_cmpuint(b.avail, ==, 0);
	g_assert_cmpuint(b.used, ==, 0);
	g_assert_true(b.avail_wrap && b.used_wrap);
	/* no used half (DPDK): used slot and wrap are the avail ones */
	vu_ring_base_decode(0x000080f8u, true, &b);
	g_assert_cmpuint(b.avail, ==, 0xf8);
	g_assert_cmpuint(b.used, ==, 0xf8);
	g_assert_true(b.avail_wrap && b.used_wrap);
	vu_ring_base_decode(0x00000003u, true, &b);
	g_assert_cmpuint(b.used, ==, 3);
	g_assert_false(b.avail_wrap || b.used_wrap);
	/* a used half of slot 0, wrap 1, is one */
	vu_ring_base_decode(0x80000003u, true, &b);
	g_assert_cmpuint(b.used, ==, 0);
	g_assert_true(b.used_wrap);
}

struct base_case {
	const char *path;
	bool packed, reply, skip_drain, inflight_fd;
	uint32_t base;
	const char *finding; /* or NULL */
};

/* Split: used 0xfffe, avail 0 (two in flight), as fill_inflight leaves it.
 * Packed: fill_packed_wrap, used slot 1 and avail slot 2, wrap 0. */
static const struct base_case base_cases[] = {
    {"/dissector/ring/base/set/at-used", false, false, false, false, 0xfffe, NULL},
    {"/dissector/ring/base/set/skips-inflight", false, false, false, false, 0xffff,
     "ring.base_skips_inflight"},
    {"/dissector/ring/base/set/beyond-avail", false, false, false, false, 0x0005,
     "ring.base_skips_inflight"},
    {"/dissector/ring/base/set/inflight-area", false, false, false, true, 0xffff, NULL},
    {"/dissector/ring/base/set/packed-equal", true, false, false, false, 0x00010001, NULL},
    {"/dissector/ring/base/set/packed-skips", true, false, false, false, 0x00010002,
     "ring.base_skips_inflight"},
    /* DPDK's base, no used half: the used slot is the avail one */
    {"/dissector/ring/base/set/packed-no-used-half", true, false, false, false, 0x00000001, NULL},
    {"/dissector/ring/base/reply/drained", false, true, false, false, 0xfffe, NULL},
    {"/dissector/ring/base/reply/zero", false, true, false, false, 0, "ring.base_mismatch"},
    {"/dissector/ring/base/reply/left-inflight", false, true, false, false, 0xffff,
     "ring.base_mismatch"},
    {"/dissector/ring/base/reply/skip-drain", false, true, true, false, 0xffff, NULL},
    {"/dissector/ring/base/reply/outside", false, true, true, false, 0x0003, "ring.base_mismatch"},
    {"/dissector/ring/base/reply/packed-at-device", true, true, false, false, 0x00010001, NULL},
    {"/dissector/ring/base/reply/packed-stale-used", true, true, false, false, 0x00000000,
     "ring.base_mismatch"},
    {"/dissector/ring/base/reply/packed-left-inflight", true, true, false, false, 0x00010002,
     "ring.base_mismatch"},
    {"/dissector/ring/base/reply/packed-no-used-half", true, true, false, false, 0x00000001, NULL},
};

static void test_base_case(gconstpointer data)
{
	const struct base_case *c = data;
	const struct setup su = {.num = c->packed ? 4 : 8, .packed = c->packed, .event_idx = true};
	struct world *w = world_new(&su);
	g_autofree struct vu_ring_snapshot *snap = g_new0(struct vu_ring_snapshot, 1);
	g_autofree struct vu_decoded *d = g_new0(struct vu_decoded, 1);
	size_t n;

	if (c->packed)
		fill_packed_wrap(w);
	else
		fill_inflight(w);
	if (c->inflight_fd) {
		struct test_msg m;

		send_u64(w, VU_REQ_SET_PROTOCOL_FEATURES,
		         VU_BIT(VU_PF_REPLY_ACK) | VU_BIT(VU_PF_INFLIGHT_SHMFD));
		test_msg_init(&m, VU_REQ_SET_INFLIGHT_FD, VU_FLAG_VERSION, 24);
		test_put_u64(&m, 0, 4096);
		test_put_u16(&m, 16, 1);
		test_put_u16(&m, 18, 8);
		send(w, &m, 1);
		g_assert_true(w->s.inflight.set);
	}
	vu_ring_snapshot(&w->s, &w->mem, 0, snap);
	g_assert_cmpuint(snap->status, ==, VU_RING_OK);
	vu_decoded_reset(d);
	if (c->reply)
		n = vu_ring_check_base_reply(&w->s, &w->mem, snap,
		                             c->skip_drain ? VU_REQ_GET_VRING_BASE_SKIP_DRAIN
		                                           : VU_REQ_GET_VRING_BASE,
		                             c->base, d);
	else
		n = vu_ring_check_base_set(&w->s, snap, c->base, d);
	check_findings(c->path, d, c->finding != NULL ? KEYS(c->finding) : KEYS(NULL));
	g_assert_cmpuint(n, ==, d->nfindings);
	world_free(w);
}

void test_ring_register(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		test_add_data(cases[i].path, &cases[i], test_ring_case);
	for (size_t i = 0; i < G_N_ELEMENTS(base_cases); i++)
		test_add_data(base_cases[i].path, &base_cases[i], test_base_case);
	test_add("/dissector/ring/descs-resolved", test_descs_resolved);
	test_add("/dissector/ring/no-address", test_no_address);
	test_add("/dissector/ring/record-round-trip", test_record_round_trip);
	test_add("/dissector/ring/area-records-round-trip", test_area_records_round_trip);
	test_add("/dissector/ring/translate", test_translate);
	test_add("/dissector/ring/gpa-bit-space", test_gpa_bit_space);
	test_add("/dissector/ring/iotlb", test_iotlb);
	test_add("/dissector/ring/iotlb-table", test_iotlb_table);
	test_add("/dissector/ring/uapi-constants", test_uapi_constants);
	test_add("/dissector/ring/base/decode", test_base_decode);
}
