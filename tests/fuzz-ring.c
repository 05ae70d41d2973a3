/*
 * libFuzzer harness for the ring reader (dissector/vu-ring.c): snapshots,
 * chain walks and every check over arbitrary guest memory, under ASan and
 * UBSan. Guest memory is what the guest and a back-end write, so nothing in
 * it may crash, hang or overrun the reader.
 *
 * Input:
 *     byte 0      bit 0 packed, 1 EVENT_IDX, 2 GPA_ADDRESSES, 3 ACCESS_PLATFORM,
 *                 4 IN_ORDER, 5 the inflight area was handed over
 *     bytes 2-3   queue size (le16, any value: the reader must refuse bad ones)
 *     bytes 4-15  desc, avail, used: le32 offsets from region 0's address
 *     bytes 16-19 a vring base (le32) for the base checks
 *     bytes 20-23 where region 1 starts in a memory image (le32, modulo its size)
 *     bytes 24-31 with ACCESS_PLATFORM, four IOTLB entries of a page each,
 *                 two bytes an entry: the IOVA's page above IOVA_BASE and
 *                 the user address's page above region 0's (the ring
 *                 addresses are then IOVAs from IOVA_BASE)
 *     then        two memory images of equal size (an odd last byte is
 *                 dropped): the first for the previous snapshot, the second
 *                 for the one checked against it
 * Each image is two regions, [0, split) at guest address 0x1000 and
 * [split, end) at 0x100000, with user addresses elsewhere; the read callback
 * copies from an exactly-sized heap copy and refuses what lies outside it.
 * Invariants the reader promises are checked; a broken one aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissector/vu-inflight.h"
#include "dissector/vu-ring.h"

#define HEADER    32u
#define R0_GPA    0x1000ull
#define R1_GPA    0x100000ull
#define R0_USER   0x7f0000001000ull
#define R1_USER   0x7f0000100000ull
#define IOVA_BASE 0xfe000000ull
#define IOVA_PAGE 0x1000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct image {
	uint8_t *bytes;
	size_t len;
	unsigned long reads;
};

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-ring: invariant broken: %s\n", what);
		abort();
	}
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Region bytes are at mmap_offset in the image (the regions' fd). */
static bool image_read(void *opaque, const struct vu_mem_region_state *region, uint64_t offset,
                       void *buf, size_t len)
{
	struct image *im = opaque;
	uint64_t at = region->mmap_offset + offset;

	im->reads++;
	check(offset < region->size && len <= region->size - offset,
	      "reads stay inside the region they are made in");
	if (at < offset || at > im->len || len > im->len - at)
		return false;
	memcpy(buf, im->bytes + at, len);
	return true;
}

/* The inflight area over an image: reads stay inside its mmap_size. */
struct area {
	struct image *im;
	uint64_t size;
};

static bool area_read(void *opaque, uint64_t offset, void *buf, size_t len)
{
	struct area *a = opaque;

	check(offset <= a->size && len <= a->size - offset, "inflight reads stay inside the area");
	if (offset > a->im->len || len > a->im->len - offset)
		return false;
	memcpy(buf, a->im->bytes + offset, len);
	return true;
}

static void check_snapshot(const struct vu_ring_snapshot *snap)
{
	check(snap->status <= VU_RING_UNREADABLE, "snapshot status");
	check(snap->part <= VU_RING_PART_USED, "snapshot part");
	check(snap->nchains <= VU_RING_MAX_CHAINS, "chains kept");
	check(snap->nchains <= snap->inflight, "no more chains than in flight");
	if (snap->packed)
		check(snap->inflight <= snap->num, "packed in flight within the ring");
	for (size_t i = 0; i < snap->nchains; i++) {
		const struct vu_ring_chain *c = &snap->chains[i];

		check(c->status <= VU_CHAIN_RACED, "chain status");
		check(c->nkept <= VU_RING_MAX_DESCS && c->nkept <= c->ndescs, "descriptors kept");
		check(c->ndescs <= snap->num, "a walk stops at the queue size");
		check(c->unmapped <= VU_MEM_UNREADABLE, "chain memory status");
	}
}

static void check_findings(const struct vu_decoded *d)
{
	check(d->nfindings <= VU_MAX_FINDINGS, "findings kept");
	for (size_t i = 0; i < d->nfindings; i++) {
		check(d->findings[i].code < VU_FIND_COUNT, "finding code");
		check(memchr(d->findings[i].text, '\0', VU_FINDING_TEXT) != NULL,
		      "finding text ends");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vu_session s;
	static struct vu_ring_snapshot prev, snap;
	static struct vu_decoded d;
	struct image images[2];
	struct vu_guest_memory mem[2];
	size_t half, split;
	uint8_t ctl;

	if (size < HEADER)
		return 0;
	ctl = data[0];
	half = (size - HEADER) / 2;
	split = half != 0 ? le32(data + 20) % half : 0;
	vu_session_init(&s, VU_DEVICE_UNKNOWN);
	s.features_acked = VU_BIT(VU_F_VERSION_1) | ((ctl & 0x01) ? VU_BIT(VU_F_RING_PACKED) : 0) |
	                   ((ctl & 0x02) ? VU_BIT(VU_F_EVENT_IDX) : 0) |
	                   ((ctl & 0x08) ? VU_BIT(VU_F_ACCESS_PLATFORM) : 0) |
	                   ((ctl & 0x10) ? VU_BIT(VU_F_IN_ORDER) : 0);
	s.protocol_acked = ((ctl & 0x04) ? VU_BIT(VU_PF_GPA_ADDRESSES) : 0) |
	                   ((ctl & 0x20) ? VU_BIT(VU_PF_INFLIGHT_SHMFD) : 0);
	s.inflight.set = (ctl & 0x20) != 0;
	s.nregions = 2;
	s.regions[0] = (struct vu_mem_region_state){.guest_addr = R0_GPA,
	                                            .size = split,
	                                            .user_addr = (ctl & 0x04) ? R0_GPA : R0_USER,
	                                            .mmap_offset = 0};
	s.regions[1] = (struct vu_mem_region_state){.guest_addr = R1_GPA,
	                                            .size = half - split,
	                                            .user_addr = (ctl & 0x04) ? R1_GPA : R1_USER,
	                                            .mmap_offset = split};
	s.vrings[0].num = (uint32_t)(data[2] | data[3] << 8);
	if (ctl & 0x08) {
		for (size_t i = 0; i < 4; i++)
			s.iotlb[s.niotlb++] = (struct vu_iotlb_entry){
			    .iova = IOVA_BASE + data[24 + 2 * i] * IOVA_PAGE,
			    .size = IOVA_PAGE,
			    .uaddr = R0_USER + data[25 + 2 * i] * IOVA_PAGE,
			    .perm = VU_IOTLB_PERM_RW,
			};
	}
	{
		uint64_t base = (ctl & 0x08) ? IOVA_BASE : (ctl & 0x04) ? R0_GPA : R0_USER;

		s.vrings[0].desc = base + le32(data + 4);
		s.vrings[0].avail = base + le32(data + 8);
		s.vrings[0].used = base + le32(data + 12);
	}
	for (int i = 0; i < 2; i++) {
		images[i].len = half;
		images[i].bytes = malloc(half != 0 ? half : 1);
		images[i].reads = 0;
		if (half != 0)
			memcpy(images[i].bytes, data + HEADER + (size_t)i * half, half);
		mem[i].read = image_read;
		mem[i].opaque = &images[i];
	}

	vu_ring_snapshot(&s, &mem[0], 0, &prev);
	check_snapshot(&prev);
	vu_ring_snapshot(&s, &mem[1], 0, &snap);
	check_snapshot(&snap);
	vu_decoded_reset(&d);
	vu_ring_check(&s, &mem[1], &prev, &snap, &d);
	check_findings(&d);
	vu_decoded_reset(&d);
	vu_ring_check_base_set(&s, &snap, le32(data + 16), &d);
	check_findings(&d);
	vu_decoded_reset(&d);
	vu_ring_check_base_reply(&s, &mem[1], &snap,
	                         (ctl & 0x40) ? VU_REQ_GET_VRING_BASE_SKIP_DRAIN
	                                      : VU_REQ_GET_VRING_BASE,
	                         le32(data + 16), &d);
	check_findings(&d);
	/* one chain walked from any head */
	{
		struct vu_ring_desc every[64];
		struct vu_ring_descs all = {.descs = every, .cap = 64};
		struct vu_ring_chain c = {.all = &all};

		vu_ring_walk_split(&s, &mem[1], 0, (uint16_t)le32(data + 16), &c);
		check(c.ndescs <= (s.vrings[0].num <= VU_RING_MAX_NUM ? s.vrings[0].num : 0),
		      "a walk stops at the queue size");
		check(all.n == (c.ndescs < all.cap ? c.ndescs : all.cap),
		      "every descriptor walked is given to the caller's room, up to its size");
	}
	/* the first image as an inflight area of data[1] queues (dissector/vu-inflight.h) */
	{
		struct area a = {.im = &images[0], .size = le32(data + 16) % (half + 64)};
		struct vu_inflight_area area = {.read = area_read, .opaque = &a};
		static struct vu_inflight_queue q;

		s.inflight.set = true;
		s.inflight.mmap_size = a.size;
		s.inflight.num_queues = data[1];
		for (unsigned i = 0; i < 2; i++) {
			vu_inflight_read(&s, &area, i,
			                 (ctl & 0x80) ? -1 : (int32_t)(data[2] | data[3] << 8), &q);
			check(q.status <= VU_INFLIGHT_UNREADABLE, "inflight status");
			check(q.nkept <= VU_INFLIGHT_MAX_KEPT && q.nkept <= q.ninflight,
			      "inflight kept");
			check(q.ninflight <= q.desc_num, "no more in flight than descriptors");
			for (size_t k = 1; k < q.nkept; k++)
				check(q.kept[k - 1].counter <= q.kept[k].counter, "oldest first");
		}
	}
	free(images[0].bytes);
	free(images[1].bytes);
	return 0;
}
