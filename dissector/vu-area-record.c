/*
 * The bodies of the inflight and dirty-log records of a capture (kinds
 * VU_RECORD_INFLIGHT and VU_RECORD_DIRTY_LOG), written by -w --rings and read
 * back by -r and the Wireshark plugin. Layouts in doc/capture-format.md,
 * section 7; every count is checked against the bytes before it is read.
 */
#include <string.h>

#include "dissector/vu-inflight.h"

/* inflight flags byte */
#define F_PACKED          0x01u
#define F_USED_WRAP       0x02u
#define F_OLD_USED_WRAP   0x04u
#define F_RING_USED_KNOWN 0x08u
#define F_BATCH_DONE      0x10u
#define F_ALL             (F_PACKED | F_USED_WRAP | F_OLD_USED_WRAP | F_RING_USED_KNOWN | F_BATCH_DONE)

/* log status byte */
#define LOG_OK         0u
#define LOG_UNREADABLE 1u

#define DESC_SIZE 16u

size_t vu_inflight_record_encode(const struct vu_inflight_record *rec, uint8_t *buf, size_t cap)
{
	const struct vu_inflight_queue *q = &rec->queue;
	size_t nkept = q->nkept < VU_INFLIGHT_MAX_KEPT ? q->nkept : VU_INFLIGHT_MAX_KEPT;
	size_t need = VU_INFLIGHT_RECORD_FIXED + nkept * DESC_SIZE;
	uint8_t flags = 0, *p = buf;

	if (cap < need)
		return 0;
	memset(buf, 0, need);
	flags |= q->packed ? F_PACKED : 0;
	flags |= q->used_wrap ? F_USED_WRAP : 0;
	flags |= q->old_used_wrap ? F_OLD_USED_WRAP : 0;
	flags |= q->ring_used_known ? F_RING_USED_KNOWN : 0;
	flags |= q->batch_done ? F_BATCH_DONE : 0;
	p = vu_put_le(p, VU_AREA_RECORD_VERSION, 1);
	p = vu_put_le(p, q->status, 1);
	p = vu_put_le(p, flags, 1);
	p = vu_put_le(p, nkept, 1);
	p = vu_put_le(p, q->queue, 2);
	p = vu_put_le(p, q->version, 2);
	p = vu_put_le(p, q->desc_num, 2);
	p = vu_put_le(p, q->last_batch_head, 2);
	p = vu_put_le(p, q->used_idx, 2);
	p = vu_put_le(p, q->free_head, 2);
	p = vu_put_le(p, q->old_free_head, 2);
	p = vu_put_le(p, q->old_used_idx, 2);
	p = vu_put_le(p, q->ring_used_idx, 2);
	p += 2;
	p = vu_put_le(p, q->ninflight, 4);
	p = vu_put_le(p, rec->cause, 4);
	p = vu_put_le(p, rec->cause_frame, 8);
	for (size_t i = 0; i < nkept; i++) {
		p = vu_put_le(p, q->kept[i].index, 2);
		p += 6;
		p = vu_put_le(p, q->kept[i].counter, 8);
	}
	return need;
}

bool vu_inflight_record_decode(const uint8_t *buf, size_t len, struct vu_inflight_record *rec)
{
	struct vu_inflight_queue *q = &rec->queue;
	struct vu_reader r;
	uint8_t version, flags, nkept;

	memset(rec, 0, sizeof(*rec));
	vu_reader_init(&r, buf, len);
	if (!vu_reader_has(&r, 0, VU_INFLIGHT_RECORD_FIXED))
		return false;
	vu_reader_u8(&r, 0, &version);
	vu_reader_u8(&r, 1, &q->status);
	vu_reader_u8(&r, 2, &flags);
	vu_reader_u8(&r, 3, &nkept);
	if (version != VU_AREA_RECORD_VERSION || q->status > VU_INFLIGHT_UNREADABLE ||
	    (flags & ~F_ALL) != 0 || nkept > VU_INFLIGHT_MAX_KEPT ||
	    !vu_reader_has(&r, VU_INFLIGHT_RECORD_FIXED, (size_t)nkept * DESC_SIZE))
		return false;
	vu_reader_u16(&r, 4, &q->queue);
	vu_reader_u16(&r, 6, &q->version);
	vu_reader_u16(&r, 8, &q->desc_num);
	vu_reader_u16(&r, 10, &q->last_batch_head);
	vu_reader_u16(&r, 12, &q->used_idx);
	vu_reader_u16(&r, 14, &q->free_head);
	vu_reader_u16(&r, 16, &q->old_free_head);
	vu_reader_u16(&r, 18, &q->old_used_idx);
	vu_reader_u16(&r, 20, &q->ring_used_idx);
	vu_reader_u32(&r, 24, &q->ninflight);
	vu_reader_u32(&r, 28, &rec->cause);
	vu_reader_u64(&r, 32, &rec->cause_frame);
	if (nkept > q->ninflight)
		return false;
	q->packed = flags & F_PACKED;
	q->used_wrap = flags & F_USED_WRAP;
	q->old_used_wrap = flags & F_OLD_USED_WRAP;
	q->ring_used_known = flags & F_RING_USED_KNOWN;
	q->batch_done = flags & F_BATCH_DONE;
	q->nkept = nkept;
	for (size_t i = 0; i < nkept; i++) {
		size_t at = VU_INFLIGHT_RECORD_FIXED + i * DESC_SIZE;

		vu_reader_u16(&r, at, &q->kept[i].index);
		vu_reader_u64(&r, at + 8, &q->kept[i].counter);
	}
	/* Bytes after the descriptors are what a later addition appends: skipped. */
	return true;
}

size_t vu_log_record_encode(const struct vu_log_record *rec, uint8_t *buf, size_t cap)
{
	uint8_t *p = buf;

	if (cap < VU_LOG_RECORD_SIZE)
		return 0;
	memset(buf, 0, VU_LOG_RECORD_SIZE);
	p = vu_put_le(p, VU_AREA_RECORD_VERSION, 1);
	p = vu_put_le(p, rec->unreadable ? LOG_UNREADABLE : LOG_OK, 1);
	p += 2;
	p = vu_put_le(p, rec->cause, 4);
	p = vu_put_le(p, rec->cause_frame, 8);
	p = vu_put_le(p, rec->pages, 8);
	vu_put_le(p, rec->unreadable ? 0 : rec->dirty, 8);
	return VU_LOG_RECORD_SIZE;
}

bool vu_log_record_decode(const uint8_t *buf, size_t len, struct vu_log_record *rec)
{
	struct vu_reader r;
	uint8_t version, status;

	memset(rec, 0, sizeof(*rec));
	vu_reader_init(&r, buf, len);
	if (!vu_reader_has(&r, 0, VU_LOG_RECORD_SIZE))
		return false;
	vu_reader_u8(&r, 0, &version);
	vu_reader_u8(&r, 1, &status);
	if (version != VU_AREA_RECORD_VERSION || status > LOG_UNREADABLE)
		return false;
	vu_reader_u32(&r, 4, &rec->cause);
	vu_reader_u64(&r, 8, &rec->cause_frame);
	vu_reader_u64(&r, 16, &rec->pages);
	vu_reader_u64(&r, 24, &rec->dirty);
	rec->unreadable = status == LOG_UNREADABLE;
	return true;
}
