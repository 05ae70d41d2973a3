/*
 * The guest's virtqueues, read through the memory the session hands over.
 *
 * vhostsniff sees every memory region's fd and every ring address, so it can
 * look at the rings from outside the VMM (issue 15). This part only reads
 * and judges: guest memory comes through a read callback the caller
 * supplies (vscore/guest-mem.c reads the region fds with pread), so the
 * dissector stays libc only, keeps no fd and can be tested and fuzzed over
 * any bytes. Nothing here writes guest memory, and nothing read from it is
 * trusted: every index is reduced modulo the queue size, every length and
 * address is checked against the memory table before it is read, and a
 * chain walk stops after as many descriptors as the queue holds.
 *
 * Layouts (virtio 1.1+ "Split Virtqueues" / "Packed Virtqueues", Linux uapi
 * linux/virtio_ring.h; protocol reference §8): little-endian, as with
 * VIRTIO_F_VERSION_1 (legacy guest-endian rings are not read).
 */
#ifndef VU_RING_H
#define VU_RING_H

#include "dissector/vu-dissector.h"

/* ---- guest memory --------------------------------------------------------- */

/*
 * Reads len bytes at offset (from the region's first byte, not the fd's) of
 * one region of the session's memory table. Returns false when the bytes
 * cannot all be read (a memfd truncated under us, a region without an fd):
 * the caller sees "unreadable", never a partial buffer.
 */
struct vu_guest_memory {
	bool (*read)(void *opaque, const struct vu_mem_region_state *region, uint64_t offset,
	             void *buf, size_t len);
	void *opaque;
};

/* What kind of address a number is (vhost-user "Memory access"; reference §4.3). */
enum vu_addr_space {
	VU_ADDR_USER = 0, /* the front-end's virtual address: a region's user_addr */
	VU_ADDR_GPA,      /* guest-physical: a region's guest_addr */
	VU_ADDR_IOVA,     /* I/O virtual address: the session's IOTLB entries map it */
	VU_ADDR_UNKNOWN,  /* bit 21 acked, but the back-end means SHMEM by it */
};

/*
 * Ring addresses (SET_VRING_ADDR): IOVAs with ACCESS_PLATFORM (IOMMU_PLATFORM),
 * else guest-physical with PF_GPA_ADDRESSES, else user addresses. When the
 * session found dialect.shmem_at_gpa_bit (a rust-vmm vhost 0.16 back-end
 * numbers SHMEM 21), an acked bit 21 says nothing sure about the ring
 * addresses: unknown, and the rings are not read.
 * Descriptor addresses: IOVAs with ACCESS_PLATFORM, else guest-physical.
 * An IOVA is translated through the IOTLB entries the front-end gave
 * (IOTLB_MSG updates, less invalidations) to a user address.
 */
enum vu_addr_space vu_ring_addr_space(const struct vu_session *s);
enum vu_addr_space vu_desc_addr_space(const struct vu_session *s);

/* Where a range of guest memory is. */
enum vu_mem_status {
	VU_MEM_OK = 0,
	VU_MEM_UNMAPPED,      /* its first byte is outside every region */
	VU_MEM_CROSSES_END,   /* it starts in a region and runs past its end */
	VU_MEM_UNKNOWN_SPACE, /* an IOVA no IOTLB entry covers (or bit 21 in doubt) */
	VU_MEM_UNREADABLE,    /* mapped, but the read failed (truncated memfd) */
};

const char *vu_mem_status_name(enum vu_mem_status status); /* "ok", "unmapped", ... */

/* Find the region holding [addr, addr + len) (len 0 counts as 1 byte). On
 * VU_MEM_OK and VU_MEM_CROSSES_END, *region and *offset say where it starts. */
enum vu_mem_status vu_ring_translate(const struct vu_session *s, enum vu_addr_space space,
                                     uint64_t addr, uint64_t len, size_t *region, uint64_t *offset);

/* Read len bytes at addr of the given space: translated, bounded to one
 * region, then read through mem. VU_MEM_OK when all of them were read. */
enum vu_mem_status vu_ring_read(const struct vu_session *s, const struct vu_guest_memory *mem,
                                enum vu_addr_space space, uint64_t addr, void *buf, size_t len);

/* ---- snapshots ---------------------------------------------------------- */

/* Chains and descriptors a snapshot keeps; walks go on past them for the checks. */
#define VU_RING_MAX_CHAINS 16
#define VU_RING_MAX_DESCS  8
/* The largest queue (virtio: split 32768, packed 32768). */
#define VU_RING_MAX_NUM 32768u

/* The device asks not to be kicked: split rings' used flags
 * (VIRTQ_USED_F_NO_NOTIFY, virtio 1.1 2.6.7), packed rings' device event
 * suppression flags (RING_EVENT_FLAGS_DISABLE, 2.7.10). */
#define VU_VIRTQ_USED_F_NO_NOTIFY   0x1u
#define VU_RING_EVENT_FLAGS_DISABLE 0x1u

/* Virtio descriptor flags (virtio "Message Framing"; uapi VRING_DESC_F_*). */
#define VU_DESC_F_NEXT     0x1u
#define VU_DESC_F_WRITE    0x2u
#define VU_DESC_F_INDIRECT 0x4u
/* Packed ring ownership bits (uapi VRING_PACKED_DESC_F_AVAIL 7, _USED 15). */
#define VU_DESC_F_AVAIL 0x80u
#define VU_DESC_F_USED  0x8000u

struct vu_ring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;   /* split: next; packed: buffer id */
	bool indirect;   /* read from an indirect table */
	uint8_t where;   /* enum vu_mem_status of [addr, addr + len) */
	uint16_t region; /* index into the session's regions when where is OK */
};

enum vu_chain_status {
	VU_CHAIN_OK = 0,
	VU_CHAIN_LOOP,           /* NEXT came back to a descriptor of the chain */
	VU_CHAIN_TOO_LONG,       /* more descriptors than the queue size */
	VU_CHAIN_BAD_INDEX,      /* a head or NEXT index beyond the queue size */
	VU_CHAIN_BAD_INDIRECT,   /* a nested or empty indirect table, or one not a multiple of 16 */
	VU_CHAIN_TABLE_UNMAPPED, /* an indirect table outside the memory table */
	VU_CHAIN_UNREADABLE,     /* a descriptor could not be read */
	VU_CHAIN_RACED,          /* completed while it was read: nothing is judged */
};

const char *vu_chain_status_name(enum vu_chain_status status);

/* Room the caller gives a chain walk for every descriptor of the chain, in
 * chain order, beyond the VU_RING_MAX_DESCS a chain keeps (--packets reads
 * the bytes of all of them). n counts what was put there, at most cap. */
struct vu_ring_descs {
	struct vu_ring_desc *descs;
	uint32_t cap, n;
};

struct vu_ring_chain {
	/* Set by the caller before a walk, or NULL: every descriptor walked
	 * also goes there (a walk keeps it and resets its n). */
	struct vu_ring_descs *all;
	uint16_t head;    /* split: descriptor index; packed: ring slot */
	uint16_t id;      /* split: = head; packed: the buffer id (of the last descriptor) */
	uint8_t status;   /* enum vu_chain_status */
	uint8_t unmapped; /* enum vu_mem_status of the first descriptor not OK, or OK */
	uint32_t ndescs;  /* descriptors walked (ndescs > nkept when the chain is long) */
	uint32_t nkept;
	uint64_t readable, writable; /* bytes, summed over the descriptors walked */
	uint64_t bad_addr;           /* the first descriptor address not OK */
	struct vu_ring_desc descs[VU_RING_MAX_DESCS];
};

/* Why a snapshot has no indexes. */
enum vu_ring_status {
	VU_RING_OK = 0,
	VU_RING_NO_ADDRESS,    /* no size or addresses yet, or a split size not a power of 2 */
	VU_RING_UNKNOWN_SPACE, /* IOVAs (ACCESS_PLATFORM) no IOTLB entry covers */
	VU_RING_UNMAPPED,      /* a ring part lies outside the memory table */
	VU_RING_UNREADABLE,    /* a ring part could not be read (truncated memfd) */
};

const char *vu_ring_status_name(enum vu_ring_status status);

/* Which part of a ring a status is about. */
enum vu_ring_part {
	VU_RING_PART_NONE = 0,
	VU_RING_PART_DESC,  /* descriptor table (split) or ring (packed) */
	VU_RING_PART_AVAIL, /* avail ring, or the driver event-suppression area */
	VU_RING_PART_USED,  /* used ring, or the device event-suppression area */
};

struct vu_ring_snapshot {
	uint8_t status; /* enum vu_ring_status */
	uint8_t part;   /* enum vu_ring_part that status is about */
	bool packed;
	bool event_idx; /* VIRTIO_RING_F_EVENT_IDX acked: the event fields are read */
	/* The used index did not move while the indexes were read (split; packed
	 * always): only then are the indexes compared with each other. */
	bool settled;
	uint16_t vring;
	uint16_t num;
	/* split: the rings' own words */
	uint16_t avail_flags, avail_idx, used_flags, used_idx;
	uint16_t used_event;  /* avail ring's tail (driver: interrupt me at this used index) */
	uint16_t avail_event; /* used ring's tail (device: kick me at this avail index) */
	/* packed: positions found in the descriptor ring, ring slot and wrap counter */
	uint16_t avail_pos, used_pos;
	bool avail_wrap, used_wrap;
	/* packed: event suppression, driver area (avail address) and device area (used) */
	uint16_t driver_event_off_wrap, driver_event_flags;
	uint16_t device_event_off_wrap, device_event_flags;
	/* Requests made available and not yet used: split avail - used (mod 2^16);
	 * packed, the chains between used_pos and avail_pos. */
	uint32_t inflight;
	/* The first in-flight chains: split, avail ring entries from used_idx on
	 * (submission order: exact for in-order devices); packed, in ring order. */
	size_t nchains;
	struct vu_ring_chain chains[VU_RING_MAX_CHAINS];
};

/*
 * Read ring `vring` of the session from guest memory. The snapshot is filled
 * whatever happens; snap->status says whether the indexes are there. Split
 * or packed as VIRTIO_F_RING_PACKED was acked.
 */
void vu_ring_snapshot(const struct vu_session *s, const struct vu_guest_memory *mem, unsigned vring,
                      struct vu_ring_snapshot *snap);

/* Walk one descriptor chain starting at descriptor `head` of a split ring
 * (what the snapshot does for each in-flight head). */
void vu_ring_walk_split(const struct vu_session *s, const struct vu_guest_memory *mem,
                        unsigned vring, uint16_t head, struct vu_ring_chain *chain);

/* Walk the chain whose first descriptor is at ring slot `slot` of a packed
 * ring: descriptors while NEXT, or one indirect table. chain->id is the
 * buffer id; *slots gets the ring slots the chain takes. */
void vu_ring_walk_packed(const struct vu_session *s, const struct vu_guest_memory *mem,
                         unsigned vring, uint16_t slot, struct vu_ring_chain *chain,
                         uint32_t *slots);

/* ---- vring bases (SET_VRING_BASE, GET_VRING_BASE; reference §4.2) ---------- */

/* A base decoded: split, avail = next avail index (bits 0-15); packed, bits
 * 0-14 next avail slot, 15 its wrap counter, 16-30 next used slot, 31 its
 * wrap counter. A packed base whose bits 16-31 are all 0 has no used half
 * (DPDK's, vhost library and virtio-user): the used slot and wrap are the
 * avail ones, as DPDK reads it; the spec's reading (used slot 0, wrap 0, a
 * device an odd number of laps on) is not told apart. */
struct vu_ring_base {
	uint16_t avail, used;
	bool avail_wrap, used_wrap;
};

void vu_ring_base_decode(uint32_t num, bool packed, struct vu_ring_base *out);

/* ---- checks: findings that need one snapshot (and the previous one) ------- */

/*
 * What the snapshot shows by itself, and against the previous snapshot of the
 * same ring (prev NULL or not OK: the first): a descriptor outside the memory
 * table (ring.desc_unmapped), a chain that loops or is longer than the queue
 * (ring.chain_loop, ring.chain_too_long), an avail index that moved, or runs
 * ahead of the used index, by more than the queue size (ring.avail_jump), a
 * ring part that cannot be read (ring.unreadable); and, for the used
 * elements written since prev (split), an id beyond the queue size
 * (ring.used_id) or a length beyond the writable bytes of that chain as prev
 * saw it in flight (ring.used_len). A ring at IOVAs no IOTLB entry covers,
 * or without an address, draws nothing, nor does a descriptor at such an IOVA
 * (the back-end asks for it with a miss). Returns the findings added to out.
 */
size_t vu_ring_check(const struct vu_session *s, const struct vu_guest_memory *mem,
                     const struct vu_ring_snapshot *prev, const struct vu_ring_snapshot *snap,
                     struct vu_decoded *out);

/*
 * SET_VRING_BASE sets `base` on a ring whose memory shows snap: a base ahead
 * of the used index resumes after requests still in flight, which then never
 * complete (ring.base_skips_inflight), unless the back-end can resubmit them
 * from the inflight area (PF_INFLIGHT_SHMFD with SET_INFLIGHT_FD seen).
 * Packed: the base's avail slot ahead of its used slot. Returns findings added.
 */
size_t vu_ring_check_base_set(const struct vu_session *s, const struct vu_ring_snapshot *snap,
                              uint32_t base, struct vu_decoded *out);

/*
 * The GET_VRING_BASE reply (`request`: VU_REQ_GET_VRING_BASE or
 * VU_REQ_GET_VRING_BASE_SKIP_DRAIN) says `base` of a ring whose memory shows
 * snap: after a drain the base is the used index (nothing in flight); a base
 * of 0 on a ring that ran, a base outside [used, avail], or in flight left by
 * a draining stop, disagree (ring.base_mismatch). Without the drain (SKIP_DRAIN,
 * or PF_GET_VRING_BASE_INFLIGHT) requests may stay in flight. Packed: the
 * base's own slots, and a used descriptor already at the slot it calls next.
 */
size_t vu_ring_check_base_reply(const struct vu_session *s, const struct vu_guest_memory *mem,
                                const struct vu_ring_snapshot *snap, uint32_t request,
                                uint32_t base, struct vu_decoded *out);

/* ---- the ring record of a capture (doc/capture-format.md, section 7) ------ */

/*
 * A snapshot as vhostsniff showed it live: the snapshot, what took it, the
 * ring's stall and its totals so far. The body of a capture frame of kind
 * VU_RECORD_RING is this in a fixed little-endian layout with its own
 * version, followed by the findings the snapshot drew (by key and text), so
 * that a capture read back shows the same lines without guest memory.
 */
/* cause of a snapshot no message took. */
#define VU_RING_CAUSE_INTERVAL 0u
#define VU_RING_CAUSE_END      UINT32_MAX

/* "interval", "end", or the request's name without its VHOST_USER_ prefix. */
const char *vu_ring_cause_name(uint32_t cause);

#define VU_RING_RECORD_VERSION 1u
#define VU_RING_RECORD_FIXED   80u /* bytes before the chains */
/* The most a body takes: every chain with every descriptor, every finding
 * with the longest key a reader takes (64) and text. */
#define VU_RING_RECORD_MAX                                                                         \
	(VU_RING_RECORD_FIXED + VU_RING_MAX_CHAINS * (40u + VU_RING_MAX_DESCS * 24u) +             \
	 VU_MAX_FINDINGS * (16u + 64u + VU_FINDING_TEXT))

/* Findings a snapshot adds to the message that took it (a base check adds
 * one: ring.base_skips_inflight or ring.base_mismatch). */
#define VU_RING_RECORD_MESSAGE_FINDINGS 2u

struct vu_ring_record {
	struct vu_ring_snapshot snap;
	uint32_t cause;       /* the request that took it, or 0 interval, UINT32_MAX end */
	uint64_t cause_frame; /* that message's frame, 0 = none */
	bool stalled;
	uint64_t stalled_ns; /* since when the used index stands still (stalled only) */
	uint64_t completed;  /* --stats totals of the ring so far */
	uint32_t most_inflight;
	uint64_t longest_still_ns;
	/* What the snapshot found about the message that took it (cause_frame),
	 * shown on that message, not on the snapshot: a capture keeps them in
	 * the snapshot's record, which follows the message, and a reader gives
	 * them back to the message. */
	uint8_t nmessage_findings;
	struct vu_finding message_findings[VU_RING_RECORD_MESSAGE_FINDINGS];
};

/* Bytes the body takes; findings may be NULL (none). */
size_t vu_ring_record_size(const struct vu_ring_record *rec, const struct vu_decoded *findings);
/* Encode into buf; returns bytes written, 0 when cap is too small. */
size_t vu_ring_record_encode(const struct vu_ring_record *rec, const struct vu_decoded *findings,
                             uint8_t *buf, size_t cap);
/*
 * Decode a body; false when it is not one (another version, a value out of
 * range, counts that run past len). The findings whose key this build does
 * not know are left out; findings (may be NULL) is reset first and gets the
 * snapshot's own, rec->message_findings those about the message that took it.
 */
bool vu_ring_record_decode(const uint8_t *buf, size_t len, struct vu_ring_record *rec,
                           struct vu_decoded *findings);

#endif
