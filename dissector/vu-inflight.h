/*
 * The inflight area (GET_INFLIGHT_FD / SET_INFLIGHT_FD, PF_INFLIGHT_SHMFD):
 * what a back-end that restarts will resubmit.
 *
 * The back-end keeps, in a shared buffer the front-end hands back at every
 * start, which descriptors it took from each queue and has not completed
 * (QEMU docs/interop/vhost-user.rst "Inflight I/O tracking"; layout in the
 * protocol reference §4.10): one region per queue, back to back, each a
 * header and one entry per descriptor:
 *   split  (QueueRegionSplit): features u64, version u16, desc_num u16,
 *          last_batch_head u16, used_idx u16, then desc_num DescStateSplit of
 *          16 bytes: inflight u8, padding 5, next u16, counter u64;
 *   packed (QueueRegionPacked): features u64, version u16, desc_num u16,
 *          free_head u16, old_free_head u16, used_idx u16, old_used_idx u16,
 *          used_wrap_counter u8, old_used_wrap_counter u8, padding to 32, then
 *          desc_num DescStatePacked of 32 bytes: inflight u8, padding, next u16,
 *          last u16, num u16, counter u64, id u16, flags u16, len u32, addr u64.
 * The regions are padded by the back-end (libvhost-user and DPDK align each
 * to 64 bytes), so a queue's region is mmap_size / num_queues bytes.
 * Version 0 is a buffer the back-end has not set up yet.
 *
 * What a restarted back-end resubmits (libvhost-user vu_check_queue_inflights,
 * DPDK vhost_check_queue_inflights_split, run at SET_VRING_KICK): the
 * descriptors marked in flight, oldest counter first; for a split ring whose
 * used index (in the guest's used ring) is past the area's used_idx, the
 * last batch was completed after all, and its head (last_batch_head) is not
 * resubmitted. Libc only: the bytes come through a read callback.
 */
#ifndef VU_INFLIGHT_H
#define VU_INFLIGHT_H

#include "dissector/vu-dissector.h"

/* Reads len bytes at offset of the inflight area (from its first byte, after
 * mmap_offset); false when they cannot all be read. */
struct vu_inflight_area {
	bool (*read)(void *opaque, uint64_t offset, void *buf, size_t len);
	void *opaque;
};

/* The in-flight descriptors a queue view keeps, in resubmission order. */
#define VU_INFLIGHT_MAX_KEPT 16

enum vu_inflight_status {
	VU_INFLIGHT_OK = 0,
	VU_INFLIGHT_UNSET,      /* version 0: the back-end has not set the queue up */
	VU_INFLIGHT_BAD_LAYOUT, /* no queue, a region too small for its descriptors */
	VU_INFLIGHT_UNREADABLE, /* the area could not be read (no fd, truncated) */
};

const char *vu_inflight_status_name(enum vu_inflight_status status);

struct vu_inflight_desc {
	uint16_t index; /* descriptor index (split: a head; packed: a ring slot) */
	uint64_t counter;
};

struct vu_inflight_queue {
	uint8_t status; /* enum vu_inflight_status */
	bool packed;
	uint16_t queue;
	uint16_t version, desc_num;
	/* split */
	uint16_t last_batch_head, used_idx;
	/* packed */
	uint16_t free_head, old_free_head, old_used_idx;
	bool used_wrap, old_used_wrap;
	/* split: the guest's used index, when the ring could be read */
	bool ring_used_known;
	uint16_t ring_used_idx;
	bool batch_done;    /* the last batch completed: its head is not resubmitted */
	uint32_t ninflight; /* what is resubmitted */
	size_t nkept;       /* its first, oldest first */
	struct vu_inflight_desc kept[VU_INFLIGHT_MAX_KEPT];
};

/*
 * Read queue `queue` of the area the session holds (s->inflight: size,
 * offset, queues, queue size), split or packed as the session acked.
 * ring_used_idx: the split ring's used index, or -1 when unknown.
 */
void vu_inflight_read(const struct vu_session *s, const struct vu_inflight_area *area,
                      unsigned queue, int32_t ring_used_idx, struct vu_inflight_queue *out);

/* ---- the area records of a capture (doc/capture-format.md, section 7) ---- */

/*
 * What --rings showed of the inflight area and of the dirty log, as -w
 * records it (kinds VU_RECORD_INFLIGHT and VU_RECORD_DIRTY_LOG): the areas
 * are guest memory and are not in the capture, so the body holds what was
 * shown, in a fixed little-endian layout with its own version.
 */
#define VU_AREA_RECORD_VERSION   1u
#define VU_INFLIGHT_RECORD_FIXED 40u /* bytes before the descriptors */
#define VU_INFLIGHT_RECORD_MAX   (VU_INFLIGHT_RECORD_FIXED + VU_INFLIGHT_MAX_KEPT * 16u)
#define VU_LOG_RECORD_SIZE       32u

/* One queue of the inflight area, at the message cause (cause_frame). */
struct vu_inflight_record {
	struct vu_inflight_queue queue;
	uint32_t cause; /* the request that showed it (VU_RING_CAUSE_* otherwise) */
	uint64_t cause_frame;
};

/* The dirty log's count: pages it covers, how many are dirty. */
struct vu_log_record {
	uint64_t pages, dirty;
	bool unreadable; /* the log could not be read: dirty says nothing */
	uint32_t cause;
	uint64_t cause_frame;
};

/* Encode into buf (cap >= VU_INFLIGHT_RECORD_MAX, VU_LOG_RECORD_SIZE);
 * returns the bytes written, 0 when cap is too small. */
size_t vu_inflight_record_encode(const struct vu_inflight_record *rec, uint8_t *buf, size_t cap);
size_t vu_log_record_encode(const struct vu_log_record *rec, uint8_t *buf, size_t cap);
/* Decode a body; false when it is not one (another version, a value out of
 * range, counts that run past len). */
bool vu_inflight_record_decode(const uint8_t *buf, size_t len, struct vu_inflight_record *rec);
bool vu_log_record_decode(const uint8_t *buf, size_t len, struct vu_log_record *rec);

#endif
