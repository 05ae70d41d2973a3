/*
 * Ring snapshots and the data-plane checks that need only guest memory.
 *
 * Guest memory changes under us while we read it (the guest and the
 * back-end run), so the reading order matters: the used index is read
 * before the avail index and again after it (a snapshot whose used index
 * moved meanwhile is read again, and judged only when it settled), and an
 * in-flight chain that completed while it was walked is marked raced and not
 * judged. A used element is compared only with the chain a previous
 * snapshot saw in flight under that id, never with the descriptor table as
 * it is now (the driver reuses descriptors as soon as they are used).
 *
 * Packed rings keep no indexes in memory: the driver's position is where the
 * descriptors' AVAIL bits change from this lap's wrap counter to the last
 * lap's, and the device's is just after the last used descriptor before it
 * (AVAIL == USED), past the rest of that descriptor's chain, which is found
 * by the buffer id the driver writes in a chain's last descriptor (virtio
 * "Packed Virtqueues": the device writes one used descriptor per buffer and
 * skips the rest of its chain).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissector/vu-ring.h"

/* Layout facts: virtio 1.1+ split and packed virtqueues, Linux uapi
 * linux/virtio_ring.h (struct vring_desc, vring_avail, vring_used,
 * vring_packed_desc, vring_packed_desc_event); checked against the installed
 * header in tests/test-dissector-ring.c. */
#define DESC_SIZE       16u /* vring_desc and vring_packed_desc */
#define DESC_OFF_ADDR   0u
#define DESC_OFF_LEN    8u
#define DESC_OFF_FLAGS  12u /* split: flags, next; packed: id, flags */
#define DESC_OFF_NEXT   14u
#define PDESC_OFF_ID    12u
#define PDESC_OFF_FLAGS 14u
#define AVAIL_OFF_FLAGS 0u
#define AVAIL_OFF_IDX   2u
#define AVAIL_OFF_RING  4u /* then used_event after num entries of 2 bytes */
#define USED_OFF_FLAGS  0u
#define USED_OFF_IDX    2u
#define USED_OFF_RING   4u /* then avail_event after num entries of 8 bytes */
#define USED_ELEM_SIZE  8u /* vring_used_elem: id u32, len u32 */
#define EVENT_SIZE      4u /* vring_packed_desc_event: off_warp u16, flags u16 */
#define PACKED_WRAP_BIT 0x8000u
#define PACKED_POS_MASK 0x7fffu

/* Reads of a settling snapshot before it is taken as it is. */
#define SETTLE_TRIES 4

/* ---- names ------------------------------------------------------------- */

const char *vu_mem_status_name(enum vu_mem_status status)
{
	static const char *const names[] = {"ok", "unmapped", "crosses region end",
	                                    "unknown address space", "unreadable"};

	return (size_t)status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}

const char *vu_chain_status_name(enum vu_chain_status status)
{
	static const char *const names[] = {"ok",         "loop",         "too long",
	                                    "bad index",  "bad indirect", "indirect table unmapped",
	                                    "unreadable", "raced"};

	return (size_t)status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}

const char *vu_ring_status_name(enum vu_ring_status status)
{
	static const char *const names[] = {"ok", "no address", "unknown address space", "unmapped",
	                                    "unreadable"};

	return (size_t)status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}

static const char *part_name(enum vu_ring_part part, bool packed)
{
	switch (part) {
	case VU_RING_PART_DESC:
		return packed ? "descriptor ring" : "descriptor table";
	case VU_RING_PART_AVAIL:
		return packed ? "driver event area" : "avail ring";
	case VU_RING_PART_USED:
		return packed ? "device event area" : "used ring";
	case VU_RING_PART_NONE:
		break;
	}
	return "ring";
}

/* ---- addresses ----------------------------------------------------------- */

enum vu_addr_space vu_ring_addr_space(const struct vu_session *s)
{
	if (s->features_acked & VU_BIT(VU_F_ACCESS_PLATFORM))
		return VU_ADDR_IOVA;
	/* crosvm's bit 21 was its SHMEM_MAP (vu-features.def). */
	if (!vu_session_acked_upstream(s, VU_PF_GPA_ADDRESSES))
		return VU_ADDR_USER;
	/* The front-end may mean GPA_ADDRESSES and the back-end SHMEM: which
	 * space the addresses are in, neither side agreed on. */
	return s->identity.shmem_bit_reported ? VU_ADDR_UNKNOWN : VU_ADDR_GPA;
}

enum vu_addr_space vu_desc_addr_space(const struct vu_session *s)
{
	if (s->features_acked & VU_BIT(VU_F_ACCESS_PLATFORM))
		return VU_ADDR_IOVA;
	return VU_ADDR_GPA;
}

/* The newest IOTLB entry that lets the IOVA be accessed, or NULL. */
static const struct vu_iotlb_entry *iotlb_find(const struct vu_session *s, uint64_t iova)
{
	size_t n = s->niotlb < VU_MAX_IOTLB_ENTRIES ? s->niotlb : VU_MAX_IOTLB_ENTRIES;

	for (size_t i = n; i-- > 0;) {
		const struct vu_iotlb_entry *e = &s->iotlb[i];

		if (e->perm != VU_IOTLB_PERM_NONE && iova >= e->iova && iova - e->iova < e->size)
			return e;
	}
	return NULL;
}

/*
 * [iova, iova + len) through the IOTLB entries seen: the front-end's virtual
 * address of its first byte, when entries cover every byte and their uaddrs
 * follow on from one entry to the next (a vIOMMU hands out a page per entry,
 * so a ring part may take several). False when a byte has no entry: the back-end
 * would ask for it with a miss; until the update comes the address is unknown.
 * Each step moves past the entry it used, so the walk ends.
 */
static bool iotlb_to_user(const struct vu_session *s, uint64_t iova, uint64_t len, uint64_t *uaddr)
{
	uint64_t at = iova, next_uaddr = 0;

	for (bool first = true;; first = false) {
		const struct vu_iotlb_entry *e = iotlb_find(s, at);
		uint64_t off, left;

		if (e == NULL)
			return false;
		off = at - e->iova;
		if (first)
			*uaddr = e->uaddr + off;
		else if (e->uaddr + off != next_uaddr)
			return false;
		left = e->size - off;
		if (len <= left)
			return true;
		if (at + left < at)
			return false;
		len -= left;
		at += left;
		next_uaddr = e->uaddr + off + left;
	}
}

enum vu_mem_status vu_ring_translate(const struct vu_session *s, enum vu_addr_space space,
                                     uint64_t addr, uint64_t len, size_t *region, uint64_t *offset)
{
	size_t n = s->nregions;

	if (len == 0)
		len = 1;
	if (space == VU_ADDR_IOVA) {
		uint64_t uaddr = 0;

		if (!iotlb_to_user(s, addr, len, &uaddr))
			return VU_MEM_UNKNOWN_SPACE;
		return vu_ring_translate(s, VU_ADDR_USER, uaddr, len, region, offset);
	}
	if (space == VU_ADDR_UNKNOWN)
		return VU_MEM_UNKNOWN_SPACE;
	if (n > sizeof(s->regions) / sizeof(s->regions[0]))
		n = sizeof(s->regions) / sizeof(s->regions[0]);
	for (size_t i = 0; i < n; i++) {
		const struct vu_mem_region_state *r = &s->regions[i];
		uint64_t base = space == VU_ADDR_USER ? r->user_addr : r->guest_addr;
		uint64_t off;

		if (addr < base || addr - base >= r->size)
			continue;
		off = addr - base;
		if (region != NULL)
			*region = i;
		if (offset != NULL)
			*offset = off;
		return len > r->size - off ? VU_MEM_CROSSES_END : VU_MEM_OK;
	}
	return VU_MEM_UNMAPPED;
}

/* Read len bytes at addr: translated, bounded to one region, then the callback. */
static enum vu_mem_status mem_read(const struct vu_session *s, const struct vu_guest_memory *mem,
                                   enum vu_addr_space space, uint64_t addr, void *buf, size_t len)
{
	size_t region = 0;
	uint64_t offset = 0;
	enum vu_mem_status st = vu_ring_translate(s, space, addr, len, &region, &offset);

	if (st != VU_MEM_OK)
		return st;
	if (mem == NULL || mem->read == NULL ||
	    !mem->read(mem->opaque, &s->regions[region], offset, buf, len))
		return VU_MEM_UNREADABLE;
	return VU_MEM_OK;
}

enum vu_mem_status vu_ring_read(const struct vu_session *s, const struct vu_guest_memory *mem,
                                enum vu_addr_space space, uint64_t addr, void *buf, size_t len)
{
	return mem_read(s, mem, space, addr, buf, len);
}

static bool read_u16(const struct vu_session *s, const struct vu_guest_memory *mem,
                     enum vu_addr_space space, uint64_t addr, uint16_t *out)
{
	uint8_t b[2];

	if (mem_read(s, mem, space, addr, b, sizeof(b)) != VU_MEM_OK)
		return false;
	*out = vu_get_le16(b);
	return true;
}

/* ---- chains -------------------------------------------------------------- */

struct desc_words {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next_or_id;
};

static void desc_parse(const uint8_t b[DESC_SIZE], bool packed, struct desc_words *d)
{
	d->addr = vu_get_le64(b + DESC_OFF_ADDR);
	d->len = vu_get_le32(b + DESC_OFF_LEN);
	if (packed) {
		d->next_or_id = vu_get_le16(b + PDESC_OFF_ID);
		d->flags = vu_get_le16(b + PDESC_OFF_FLAGS);
	} else {
		d->flags = vu_get_le16(b + DESC_OFF_FLAGS);
		d->next_or_id = vu_get_le16(b + DESC_OFF_NEXT);
	}
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

/* Count one buffer descriptor into the chain: bytes, where it lies, kept if room. */
static void chain_add(const struct vu_session *s, struct vu_ring_chain *c,
                      const struct desc_words *d, bool indirect)
{
	size_t region = 0;
	enum vu_mem_status where =
	    vu_ring_translate(s, vu_desc_addr_space(s), d->addr, d->len, &region, NULL);

	c->ndescs++;
	if (d->flags & VU_DESC_F_WRITE)
		c->writable = add_sat(c->writable, d->len);
	else
		c->readable = add_sat(c->readable, d->len);
	if (where != VU_MEM_OK && where != VU_MEM_UNKNOWN_SPACE && c->unmapped == VU_MEM_OK) {
		c->unmapped = (uint8_t)where;
		c->bad_addr = d->addr;
	}
	if (c->nkept < VU_RING_MAX_DESCS || (c->all != NULL && c->all->n < c->all->cap)) {
		struct vu_ring_desc k = {
		    .addr = d->addr,
		    .len = d->len,
		    .flags = d->flags,
		    .next = d->next_or_id,
		    .indirect = indirect,
		    .where = (uint8_t)where,
		    .region = where == VU_MEM_OK ? (uint16_t)region : 0,
		};

		if (c->nkept < VU_RING_MAX_DESCS)
			c->descs[c->nkept++] = k;
		if (c->all != NULL && c->all->n < c->all->cap)
			c->all->descs[c->all->n++] = k;
	}
}

static void chain_init(struct vu_ring_chain *c, uint16_t head)
{
	struct vu_ring_descs *all = c->all;

	memset(c, 0, sizeof(*c));
	c->all = all;
	if (all != NULL)
		all->n = 0;
	c->head = head;
	c->id = head;
}

/* An indirect table: [addr, addr + len) of whole descriptors, mapped. Sets
 * the chain's status and returns false when it is not one. */
static bool indirect_ok(const struct vu_session *s, struct vu_ring_chain *c,
                        const struct desc_words *d, bool nested)
{
	enum vu_mem_status where;

	if (nested || d->len == 0 || d->len % DESC_SIZE != 0 || (d->flags & VU_DESC_F_NEXT)) {
		c->status = VU_CHAIN_BAD_INDIRECT;
		return false;
	}
	where = vu_ring_translate(s, vu_desc_addr_space(s), d->addr, d->len, NULL, NULL);
	if (where == VU_MEM_UNKNOWN_SPACE) {
		c->status = VU_CHAIN_UNREADABLE;
		return false;
	}
	if (where != VU_MEM_OK) {
		c->status = VU_CHAIN_TABLE_UNMAPPED;
		c->unmapped = (uint8_t)where;
		c->bad_addr = d->addr;
		return false;
	}
	return true;
}

#define BITMAP_WORDS (VU_RING_MAX_NUM / 64)

static bool bit_test_set(uint64_t *map, uint32_t i)
{
	bool was = (map[i / 64] >> (i % 64)) & 1u;

	map[i / 64] |= 1ull << (i % 64);
	return was;
}

/*
 * Walk NEXT links through a table of n descriptors at table (ring space for
 * the descriptor table, descriptor space for an indirect one), from index
 * first. Returns with *indirect set to the descriptor that points at an
 * indirect table, or the chain's status set.
 */
static void walk_split_table(const struct vu_session *s, const struct vu_guest_memory *mem,
                             enum vu_addr_space space, uint64_t table, uint32_t n, uint16_t first,
                             uint32_t limit, bool in_indirect, struct vu_ring_chain *c,
                             struct desc_words *indirect, bool *has_indirect)
{
	uint64_t visited[BITMAP_WORDS];
	uint32_t i = first;

	/* Only the words the table's indexes use (a walk per entry: --packets). */
	memset(visited, 0,
	       ((n < VU_RING_MAX_NUM ? n : VU_RING_MAX_NUM) + 63) / 64 * sizeof(visited[0]));
	*has_indirect = false;
	if (i >= n) {
		c->status = VU_CHAIN_BAD_INDEX;
		return;
	}
	bit_test_set(visited, i);
	for (;;) {
		uint8_t b[DESC_SIZE];
		struct desc_words d;

		if (mem_read(s, mem, space, table + (uint64_t)i * DESC_SIZE, b, sizeof(b)) !=
		    VU_MEM_OK) {
			c->status = VU_CHAIN_UNREADABLE;
			return;
		}
		desc_parse(b, false, &d);
		if (d.flags & VU_DESC_F_INDIRECT) {
			if (indirect_ok(s, c, &d, in_indirect)) {
				*indirect = d;
				*has_indirect = true;
			}
			return;
		}
		if (c->ndescs >= limit) {
			c->status = VU_CHAIN_TOO_LONG;
			return;
		}
		chain_add(s, c, &d, in_indirect);
		if (!(d.flags & VU_DESC_F_NEXT))
			return;
		if (d.next_or_id >= n) {
			c->status = VU_CHAIN_BAD_INDEX;
			return;
		}
		i = d.next_or_id;
		if (bit_test_set(visited, i)) {
			c->status = VU_CHAIN_LOOP;
			return;
		}
	}
}

void vu_ring_walk_split(const struct vu_session *s, const struct vu_guest_memory *mem,
                        unsigned vring, uint16_t head, struct vu_ring_chain *c)
{
	const struct vu_vring_state *v;
	struct desc_words ind;
	bool has_ind = false;
	uint32_t num;

	chain_init(c, head);
	if (vring >= VU_MAX_VRINGS) {
		c->status = VU_CHAIN_BAD_INDEX;
		return;
	}
	v = &s->vrings[vring];
	num = v->num <= VU_RING_MAX_NUM ? v->num : 0;
	walk_split_table(s, mem, vu_ring_addr_space(s), v->desc, num, head, num, false, c, &ind,
	                 &has_ind);
	if (c->status != VU_CHAIN_OK || !has_ind)
		return;
	if (ind.len / DESC_SIZE > VU_RING_MAX_NUM) {
		c->status = VU_CHAIN_TOO_LONG;
		return;
	}
	/* The table's chain starts at its first entry (virtio "Indirect Descriptors"). */
	walk_split_table(s, mem, vu_desc_addr_space(s), ind.addr, ind.len / DESC_SIZE, 0, num, true,
	                 c, &ind, &has_ind);
}

/* ---- split snapshot -------------------------------------------------------- */

static bool is_pow2(uint32_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* Every part of the ring inside one region, or the snapshot's status says which is not. */
static bool parts_mapped(const struct vu_session *s, struct vu_ring_snapshot *snap,
                         const uint64_t addr[3], const uint64_t size[3])
{
	static const enum vu_ring_part parts[3] = {VU_RING_PART_DESC, VU_RING_PART_AVAIL,
	                                           VU_RING_PART_USED};
	enum vu_addr_space space = vu_ring_addr_space(s);

	for (size_t i = 0; i < 3; i++) {
		enum vu_mem_status st = vu_ring_translate(s, space, addr[i], size[i], NULL, NULL);

		if (st == VU_MEM_OK)
			continue;
		snap->part = (uint8_t)parts[i];
		snap->status =
		    st == VU_MEM_UNKNOWN_SPACE ? VU_RING_UNKNOWN_SPACE : VU_RING_UNMAPPED;
		return false;
	}
	return true;
}

static void unreadable(struct vu_ring_snapshot *snap, enum vu_ring_part part)
{
	snap->status = VU_RING_UNREADABLE;
	snap->part = (uint8_t)part;
}

static void snapshot_split(const struct vu_session *s, const struct vu_guest_memory *mem,
                           const struct vu_vring_state *v, struct vu_ring_snapshot *snap)
{
	enum vu_addr_space space = vu_ring_addr_space(s);
	uint32_t num = snap->num;
	uint64_t tail = snap->event_idx ? 2 : 0;
	const uint64_t addr[3] = {v->desc, v->avail, v->used};
	const uint64_t size[3] = {(uint64_t)DESC_SIZE * num, AVAIL_OFF_RING + 2ull * num + tail,
	                          USED_OFF_RING + (uint64_t)USED_ELEM_SIZE * num + tail};
	uint8_t w[4];
	uint16_t used_again = 0;
	size_t n;

	if (!parts_mapped(s, snap, addr, size))
		return;
	/* used, avail, used again: avail - used is then a moment's in flight. */
	for (int tries = 0; tries < SETTLE_TRIES; tries++) {
		if (mem_read(s, mem, space, v->used, w, sizeof(w)) != VU_MEM_OK) {
			unreadable(snap, VU_RING_PART_USED);
			return;
		}
		snap->used_flags = vu_get_le16(w + USED_OFF_FLAGS);
		snap->used_idx = vu_get_le16(w + USED_OFF_IDX);
		if (mem_read(s, mem, space, v->avail, w, sizeof(w)) != VU_MEM_OK) {
			unreadable(snap, VU_RING_PART_AVAIL);
			return;
		}
		snap->avail_flags = vu_get_le16(w + AVAIL_OFF_FLAGS);
		snap->avail_idx = vu_get_le16(w + AVAIL_OFF_IDX);
		if (!read_u16(s, mem, space, v->used + USED_OFF_IDX, &used_again)) {
			unreadable(snap, VU_RING_PART_USED);
			return;
		}
		snap->settled = used_again == snap->used_idx;
		if (snap->settled)
			break;
	}
	if (snap->event_idx &&
	    !read_u16(s, mem, space, v->avail + AVAIL_OFF_RING + 2ull * num, &snap->used_event)) {
		unreadable(snap, VU_RING_PART_AVAIL);
		return;
	}
	if (snap->event_idx &&
	    !read_u16(s, mem, space, v->used + USED_OFF_RING + (uint64_t)USED_ELEM_SIZE * num,
	              &snap->avail_event)) {
		unreadable(snap, VU_RING_PART_USED);
		return;
	}
	snap->inflight = (uint16_t)(snap->avail_idx - snap->used_idx);
	if (snap->inflight > num)
		return; /* not a ring state: ring.avail_jump says so, there are no chains */
	n = snap->inflight < VU_RING_MAX_CHAINS ? snap->inflight : VU_RING_MAX_CHAINS;
	for (size_t i = 0; i < n; i++) {
		uint16_t slot = (uint16_t)((snap->used_idx + i) % num);
		uint16_t head;

		if (!read_u16(s, mem, space, v->avail + AVAIL_OFF_RING + 2ull * slot, &head)) {
			unreadable(snap, VU_RING_PART_AVAIL);
			return;
		}
		vu_ring_walk_split(s, mem, snap->vring, head, &snap->chains[i]);
		snap->nchains = i + 1;
	}
	/* A chain the device used while we walked it may have been rewritten. */
	if (!read_u16(s, mem, space, v->used + USED_OFF_IDX, &used_again)) {
		unreadable(snap, VU_RING_PART_USED);
		return;
	}
	for (size_t i = 0; i < snap->nchains; i++)
		if ((uint16_t)(used_again - snap->used_idx) > i)
			snap->chains[i].status = VU_CHAIN_RACED;
}

/* ---- packed snapshot ------------------------------------------------------ */

static bool packed_desc(const struct vu_session *s, const struct vu_guest_memory *mem,
                        const struct vu_vring_state *v, uint32_t slot, struct desc_words *d)
{
	uint8_t b[DESC_SIZE];

	if (mem_read(s, mem, vu_ring_addr_space(s), v->desc + (uint64_t)slot * DESC_SIZE, b,
	             sizeof(b)) != VU_MEM_OK)
		return false;
	desc_parse(b, true, d);
	return true;
}

static bool avail_bit(uint16_t flags)
{
	return (flags & VU_DESC_F_AVAIL) != 0;
}

static bool is_used(uint16_t flags)
{
	return avail_bit(flags) == ((flags & VU_DESC_F_USED) != 0);
}

/* Walk the chain whose head is at slot: ring descriptors while NEXT, or one
 * indirect table read in order. *slots gets the ring slots it takes. */
static void walk_packed(const struct vu_session *s, const struct vu_guest_memory *mem,
                        const struct vu_vring_state *v, uint32_t num, uint32_t slot,
                        struct vu_ring_chain *c, uint32_t *slots)
{
	struct desc_words d;

	chain_init(c, (uint16_t)slot);
	*slots = 0;
	for (;;) {
		if (!packed_desc(s, mem, v, (slot + *slots) % num, &d)) {
			c->status = VU_CHAIN_UNREADABLE;
			break;
		}
		(*slots)++;
		c->id = d.next_or_id;
		if (d.flags & VU_DESC_F_INDIRECT) {
			uint32_t n = d.len / DESC_SIZE;

			if (!indirect_ok(s, c, &d, false))
				break;
			if (n > num - c->ndescs) {
				c->status = VU_CHAIN_TOO_LONG;
				break;
			}
			for (uint32_t i = 0; i < n; i++) {
				uint8_t b[DESC_SIZE];
				struct desc_words t;

				if (mem_read(s, mem, vu_desc_addr_space(s),
				             d.addr + (uint64_t)i * DESC_SIZE, b,
				             sizeof(b)) != VU_MEM_OK) {
					c->status = VU_CHAIN_UNREADABLE;
					break;
				}
				desc_parse(b, true, &t);
				if (t.flags & VU_DESC_F_INDIRECT) {
					c->status = VU_CHAIN_BAD_INDIRECT;
					break;
				}
				chain_add(s, c, &t, true);
			}
			break;
		}
		chain_add(s, c, &d, false);
		if (!(d.flags & VU_DESC_F_NEXT))
			break;
		if (*slots >= num) {
			c->status = VU_CHAIN_TOO_LONG;
			break;
		}
	}
}

void vu_ring_walk_packed(const struct vu_session *s, const struct vu_guest_memory *mem,
                         unsigned vring, uint16_t slot, struct vu_ring_chain *chain,
                         uint32_t *slots)
{
	const struct vu_vring_state *v;

	*slots = 0;
	if (vring >= VU_MAX_VRINGS || s->vrings[vring].num == 0 ||
	    s->vrings[vring].num > VU_RING_MAX_NUM || slot >= s->vrings[vring].num) {
		chain_init(chain, slot);
		chain->status = VU_CHAIN_BAD_INDEX;
		return;
	}
	v = &s->vrings[vring];
	walk_packed(s, mem, v, v->num, slot, chain, slots);
}

/* Slots a used descriptor at slot covers: 1, or up to and including the first
 * later slot (before the driver's position) that ends a chain with the same
 * buffer id, all between being available descriptors with NEXT. */
static uint32_t used_covers(const struct vu_session *s, const struct vu_guest_memory *mem,
                            const struct vu_vring_state *v, uint32_t num, uint32_t slot,
                            uint32_t room, uint16_t id)
{
	for (uint32_t j = 1; j < room; j++) {
		struct desc_words d;

		if (!packed_desc(s, mem, v, (slot + j) % num, &d) || is_used(d.flags))
			return 1;
		if (!(d.flags & VU_DESC_F_NEXT))
			return d.next_or_id == id ? j + 1 : 1;
	}
	return 1;
}

static void snapshot_packed(const struct vu_session *s, const struct vu_guest_memory *mem,
                            const struct vu_vring_state *v, struct vu_ring_snapshot *snap)
{
	enum vu_addr_space space = vu_ring_addr_space(s);
	uint32_t num = snap->num;
	const uint64_t addr[3] = {v->desc, v->avail, v->used};
	const uint64_t size[3] = {(uint64_t)DESC_SIZE * num, EVENT_SIZE, EVENT_SIZE};
	uint16_t *flags;
	uint8_t w[EVENT_SIZE];
	uint32_t a = 0, back = 0, u;
	bool wrap, found = false;
	struct desc_words used_desc = {0};

	if (!parts_mapped(s, snap, addr, size))
		return;
	if (mem_read(s, mem, space, v->avail, w, sizeof(w)) != VU_MEM_OK) {
		unreadable(snap, VU_RING_PART_AVAIL);
		return;
	}
	snap->driver_event_off_wrap = vu_get_le16(w);
	snap->driver_event_flags = vu_get_le16(w + 2);
	if (mem_read(s, mem, space, v->used, w, sizeof(w)) != VU_MEM_OK) {
		unreadable(snap, VU_RING_PART_USED);
		return;
	}
	snap->device_event_off_wrap = vu_get_le16(w);
	snap->device_event_flags = vu_get_le16(w + 2);

	flags = calloc(num, sizeof(*flags));
	if (flags == NULL) {
		unreadable(snap, VU_RING_PART_DESC);
		return;
	}
	for (uint32_t i = 0; i < num;) {
		uint8_t b[64 * DESC_SIZE];
		uint32_t n = num - i < 64 ? num - i : 64;

		if (mem_read(s, mem, space, v->desc + (uint64_t)i * DESC_SIZE, b, n * DESC_SIZE) !=
		    VU_MEM_OK) {
			free(flags);
			unreadable(snap, VU_RING_PART_DESC);
			return;
		}
		for (uint32_t j = 0; j < n; j++)
			flags[i + j] = vu_get_le16(b + j * DESC_SIZE + PDESC_OFF_FLAGS);
		i += n;
	}
	/* The driver's position: slots before it carry this lap's AVAIL bit. */
	while (a < num && avail_bit(flags[a]) == avail_bit(flags[0]))
		a++;
	wrap = a == num ? !avail_bit(flags[0]) : avail_bit(flags[0]);
	if (a == num)
		a = 0;
	snap->avail_pos = (uint16_t)a;
	snap->avail_wrap = wrap;
	/* The device's: after the last used descriptor before the driver's position. */
	for (back = 1; back <= num && !found; back++)
		found = is_used(flags[(a + num - back) % num]);
	back--;
	/* None used: every slot is in flight, the device a whole lap behind. */
	if (found) {
		uint32_t slot = (a + num - back) % num;

		if (!packed_desc(s, mem, v, slot, &used_desc)) {
			free(flags);
			unreadable(snap, VU_RING_PART_DESC);
			return;
		}
		/* A slot never written (a fresh ring's zeros) is no buffer's used descriptor. */
		if (used_desc.addr != 0 || used_desc.len != 0 || used_desc.flags != 0 ||
		    used_desc.next_or_id != 0)
			back -= used_covers(s, mem, v, num, slot, back, used_desc.next_or_id);
		else
			back -= 1;
	}
	/* back = slots from the device's position to the driver's */
	u = (a + num - back) % num;
	snap->used_pos = (uint16_t)u;
	snap->used_wrap = back > a ? !wrap : wrap;
	for (uint32_t done = 0; done < back && done < num;) {
		struct vu_ring_chain scratch = {0};
		struct vu_ring_chain *c =
		    snap->nchains < VU_RING_MAX_CHAINS ? &snap->chains[snap->nchains] : &scratch;
		uint32_t head = (u + done) % num;
		uint32_t slots = 0;
		struct desc_words again;

		walk_packed(s, mem, v, num, head, c, &slots);
		/* used meanwhile: the driver may be rewriting it */
		if (packed_desc(s, mem, v, head, &again) && again.flags != flags[head])
			c->status = VU_CHAIN_RACED;
		if (c != &scratch)
			snap->nchains++;
		snap->inflight++;
		done += slots != 0 ? slots : 1;
	}
	snap->settled = true;
	free(flags);
}

void vu_ring_snapshot(const struct vu_session *s, const struct vu_guest_memory *mem, unsigned vring,
                      struct vu_ring_snapshot *snap)
{
	const struct vu_vring_state *v;

	memset(snap, 0, sizeof(*snap));
	snap->vring = (uint16_t)vring;
	snap->packed = (s->features_acked & VU_BIT(VU_F_RING_PACKED)) != 0;
	snap->event_idx = (s->features_acked & VU_BIT(VU_F_EVENT_IDX)) != 0;
	snap->status = VU_RING_NO_ADDRESS;
	if (vring >= VU_MAX_VRINGS)
		return;
	v = &s->vrings[vring];
	/* Split queue sizes are powers of 2; packed ones need not be (virtio
	 * "Virtqueues"). An address of 0 for all three parts: not set yet. */
	if (v->num == 0 || v->num > VU_RING_MAX_NUM || (!snap->packed && !is_pow2(v->num)) ||
	    (v->desc == 0 && v->avail == 0 && v->used == 0))
		return;
	snap->num = (uint16_t)v->num;
	snap->status = VU_RING_OK;
	if (snap->packed)
		snapshot_packed(s, mem, v, snap);
	else
		snapshot_split(s, mem, v, snap);
}

/* ---- bases ----------------------------------------------------------------- */

void vu_ring_base_decode(uint32_t num, bool packed, struct vu_ring_base *out)
{
	memset(out, 0, sizeof(*out));
	if (!packed) {
		out->avail = (uint16_t)num;
		out->used = out->avail;
		return;
	}
	out->avail = (uint16_t)(num & PACKED_POS_MASK);
	out->avail_wrap = (num & PACKED_WRAP_BIT) != 0;
	out->used = (uint16_t)((num >> 16) & PACKED_POS_MASK);
	out->used_wrap = ((num >> 16) & PACKED_WRAP_BIT) != 0;
	/* DPDK gives no used half: its vhost library replies bits 0-15 alone
	 * and takes the used slot and wrap as the avail ones from
	 * SET_VRING_BASE (lib/vhost/vhost_user.c), and virtio-user sets
	 * 1 << 15 alone (virtio_user_kick_queue). Read as DPDK reads it. */
	if ((num >> 16) == 0) {
		out->used = out->avail;
		out->used_wrap = out->avail_wrap;
	}
}

/* Slots from the used position to the avail position of a packed base. */
static uint32_t packed_distance(const struct vu_ring_base *b, uint32_t num)
{
	uint32_t d = b->avail_wrap == b->used_wrap ? (uint32_t)b->avail - b->used
	                                           : (uint32_t)b->avail + num - b->used;

	return d % (2 * num);
}

/* ---- checks ---------------------------------------------------------------- */

#define add(d, code, ...) ((void)vu_decoded_add_findingf((d), (code), 0, 4, __VA_ARGS__))

static size_t check_chains(const struct vu_ring_snapshot *snap, struct vu_decoded *out)
{
	size_t before = out->nfindings;
	const struct vu_ring_chain *unmapped = NULL, *broken = NULL, *long_chain = NULL;
	size_t nunmapped = 0, nbroken = 0;

	for (size_t i = 0; i < snap->nchains; i++) {
		const struct vu_ring_chain *c = &snap->chains[i];

		switch ((enum vu_chain_status)c->status) {
		case VU_CHAIN_RACED:
			continue;
		case VU_CHAIN_LOOP:
		case VU_CHAIN_BAD_INDEX:
		case VU_CHAIN_BAD_INDIRECT:
			nbroken++;
			if (broken == NULL)
				broken = c;
			break;
		case VU_CHAIN_TOO_LONG:
			if (long_chain == NULL)
				long_chain = c;
			break;
		case VU_CHAIN_TABLE_UNMAPPED:
		case VU_CHAIN_OK:
		case VU_CHAIN_UNREADABLE:
			break;
		}
		if (c->unmapped != VU_MEM_OK) {
			nunmapped++;
			if (unmapped == NULL)
				unmapped = c;
		}
	}
	if (unmapped != NULL)
		add(out, VU_FIND_RING_DESC_UNMAPPED, "ring %u, head %u: %s 0x%llx %s, %zu chain%s",
		    snap->vring, unmapped->head,
		    unmapped->status == VU_CHAIN_TABLE_UNMAPPED ? "indirect table" : "buffer",
		    (unsigned long long)unmapped->bad_addr,
		    vu_mem_status_name((enum vu_mem_status)unmapped->unmapped), nunmapped,
		    nunmapped == 1 ? "" : "s");
	if (broken != NULL)
		add(out, VU_FIND_RING_CHAIN_LOOP,
		    "ring %u, head %u: %s after %u descriptors, %zu chain%s", snap->vring,
		    broken->head, vu_chain_status_name((enum vu_chain_status)broken->status),
		    broken->ndescs, nbroken, nbroken == 1 ? "" : "s");
	if (long_chain != NULL)
		add(out, VU_FIND_RING_CHAIN_TOO_LONG,
		    "ring %u, head %u: over %u descriptors, queue size %u", snap->vring,
		    long_chain->head, long_chain->ndescs, snap->num);
	return out->nfindings - before;
}

/* The used elements written since prev, each against the chain prev saw in
 * flight under its id. Not with IN_ORDER: a device may then write one
 * element for a whole batch, leaving the others stale. */
static void check_used(const struct vu_session *s, const struct vu_guest_memory *mem,
                       const struct vu_ring_snapshot *prev, const struct vu_ring_snapshot *snap,
                       struct vu_decoded *out)
{
	const struct vu_vring_state *v = &s->vrings[snap->vring];
	uint16_t moved = (uint16_t)(snap->used_idx - prev->used_idx);
	uint16_t first =
	    moved > snap->num ? (uint16_t)(snap->used_idx - snap->num) : prev->used_idx;
	uint16_t count = moved > snap->num ? snap->num : moved;
	uint64_t seen[BITMAP_WORDS];
	bool id_reported = false, len_reported = false;

	if ((s->features_acked & VU_BIT(VU_F_IN_ORDER)) || prev->num != snap->num)
		return;
	memset(seen, 0, sizeof(seen));
	for (uint16_t i = 0; i < count; i++) {
		uint16_t idx = (uint16_t)(first + i);
		uint8_t e[USED_ELEM_SIZE];
		uint32_t id, len;

		if (mem_read(s, mem, vu_ring_addr_space(s),
		             v->used + USED_OFF_RING + (uint64_t)USED_ELEM_SIZE * (idx % snap->num),
		             e, sizeof(e)) != VU_MEM_OK)
			return;
		id = vu_get_le32(e);
		len = vu_get_le32(e + 4);
		if (id >= snap->num) {
			if (!id_reported)
				add(out, VU_FIND_RING_USED_ID,
				    "ring %u, used index %u: id %u, queue size %u", snap->vring,
				    idx, id, snap->num);
			id_reported = true;
			continue;
		}
		/* Only an id's first completion is the one prev saw in flight. */
		if (bit_test_set(seen, id) || len_reported)
			continue;
		for (size_t c = 0; c < prev->nchains; c++) {
			const struct vu_ring_chain *ch = &prev->chains[c];

			if (ch->head != id || ch->status != VU_CHAIN_OK || len <= ch->writable)
				continue;
			add(out, VU_FIND_RING_USED_LEN,
			    "ring %u, used index %u: head %u, %u bytes used, %llu writable",
			    snap->vring, idx, id, len, (unsigned long long)ch->writable);
			len_reported = true;
			break;
		}
	}
}

size_t vu_ring_check(const struct vu_session *s, const struct vu_guest_memory *mem,
                     const struct vu_ring_snapshot *prev, const struct vu_ring_snapshot *snap,
                     struct vu_decoded *out)
{
	size_t before = out->nfindings;

	if (snap->status == VU_RING_UNMAPPED || snap->status == VU_RING_UNREADABLE) {
		const struct vu_vring_state *v = &s->vrings[snap->vring];
		uint64_t addr = snap->part == VU_RING_PART_DESC    ? v->desc
		                : snap->part == VU_RING_PART_AVAIL ? v->avail
		                                                   : v->used;

		add(out, VU_FIND_RING_UNREADABLE, "ring %u: %s at 0x%llx %s", snap->vring,
		    part_name((enum vu_ring_part)snap->part, snap->packed),
		    (unsigned long long)addr,
		    snap->status == VU_RING_UNREADABLE ? "could not be read"
		                                       : "is not in one region");
		return out->nfindings - before;
	}
	if (snap->status != VU_RING_OK)
		return 0;
	if (!snap->packed && snap->settled && snap->inflight > snap->num) {
		if (prev != NULL && prev->status == VU_RING_OK && !prev->packed)
			add(out, VU_FIND_RING_AVAIL_JUMP,
			    "ring %u: avail %u, used %u, queue size %u; avail was %u", snap->vring,
			    snap->avail_idx, snap->used_idx, snap->num, prev->avail_idx);
		else
			add(out, VU_FIND_RING_AVAIL_JUMP,
			    "ring %u: avail %u, used %u, queue size %u", snap->vring,
			    snap->avail_idx, snap->used_idx, snap->num);
	}
	check_chains(snap, out);
	if (!snap->packed && prev != NULL && prev->status == VU_RING_OK && !prev->packed &&
	    prev->vring == snap->vring)
		check_used(s, mem, prev, snap, out);
	return out->nfindings - before;
}

/* In-flight requests a restarted back-end finds again without the ring's help. */
static bool inflight_kept(const struct vu_session *s)
{
	return (s->inflight.set && (s->protocol_acked & VU_BIT(VU_PF_INFLIGHT_SHMFD))) ||
	       vu_session_acked_upstream(s, VU_PF_GET_VRING_BASE_INFLIGHT);
}

size_t vu_ring_check_base_set(const struct vu_session *s, const struct vu_ring_snapshot *snap,
                              uint32_t base, struct vu_decoded *out)
{
	size_t before = out->nfindings;
	struct vu_ring_base b;

	if (snap->status != VU_RING_OK || inflight_kept(s))
		return 0;
	vu_ring_base_decode(base, snap->packed, &b);
	if (snap->packed) {
		uint32_t d = packed_distance(&b, snap->num);

		if (d != 0)
			add(out, VU_FIND_RING_BASE_SKIPS_INFLIGHT,
			    "ring %u: next avail slot %u (wrap %d), next used slot %u (wrap %d): "
			    "%u "
			    "descriptors skipped",
			    snap->vring, b.avail, b.avail_wrap, b.used, b.used_wrap, d);
	} else if (snap->settled) {
		uint16_t d = (uint16_t)(b.avail - snap->used_idx);

		if (d != 0 && d < 0x8000u)
			add(out, VU_FIND_RING_BASE_SKIPS_INFLIGHT,
			    "ring %u: base %u, used %u, avail %u: %u in flight skipped%s",
			    snap->vring, b.avail, snap->used_idx, snap->avail_idx,
			    d < snap->inflight ? d : snap->inflight,
			    d > snap->inflight ? ", base beyond the avail index" : "");
	}
	return out->nfindings - before;
}

size_t vu_ring_check_base_reply(const struct vu_session *s, const struct vu_guest_memory *mem,
                                const struct vu_ring_snapshot *snap, uint32_t request,
                                uint32_t base, struct vu_decoded *out)
{
	size_t before = out->nfindings;
	bool drained = request == VU_REQ_GET_VRING_BASE &&
	               !vu_session_acked_upstream(s, VU_PF_GET_VRING_BASE_INFLIGHT);
	struct vu_ring_base b;

	if (snap->status != VU_RING_OK)
		return 0;
	vu_ring_base_decode(base, snap->packed, &b);
	if (snap->packed) {
		uint32_t d = packed_distance(&b, snap->num);
		const struct vu_vring_state *v = &s->vrings[snap->vring];
		struct desc_words at;

		if (drained && d != 0)
			add(out, VU_FIND_RING_BASE_MISMATCH,
			    "ring %u: %u descriptors left in flight by a draining stop",
			    snap->vring, d);
		else if (b.used < snap->num && packed_desc(s, mem, v, b.used, &at) &&
		         is_used(at.flags) && avail_bit(at.flags) == b.used_wrap)
			add(out, VU_FIND_RING_BASE_MISMATCH,
			    "ring %u: next used slot %u (wrap %d) already holds a used descriptor",
			    snap->vring, b.used, b.used_wrap);
		return out->nfindings - before;
	}
	if (!snap->settled)
		return 0;
	if (b.avail == 0 && snap->used_idx != 0)
		add(out, VU_FIND_RING_BASE_MISMATCH, "ring %u: base 0, the ring's used index is %u",
		    snap->vring, snap->used_idx);
	else if ((uint16_t)(b.avail - snap->used_idx) > snap->inflight)
		add(out, VU_FIND_RING_BASE_MISMATCH, "ring %u: base %u outside used %u .. avail %u",
		    snap->vring, b.avail, snap->used_idx, snap->avail_idx);
	else if (drained && b.avail != snap->used_idx)
		add(out, VU_FIND_RING_BASE_MISMATCH,
		    "ring %u: base %u, used %u: %u left in flight by a draining stop", snap->vring,
		    b.avail, snap->used_idx, (uint16_t)(b.avail - snap->used_idx));
	return out->nfindings - before;
}
