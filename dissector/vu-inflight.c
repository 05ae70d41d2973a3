/*
 * The inflight area, read (dissector/vu-inflight.h).
 */
#include <string.h>

#include "dissector/vu-inflight.h"

/* Header and entry sizes (vhost-user.rst "Inflight I/O tracking"; reference §4.10). */
#define SPLIT_HDR        16u
#define SPLIT_ENTRY      16u
#define OFF_VERSION      8u
#define OFF_DESC_NUM     10u
#define SPLIT_OFF_BATCH  12u
#define SPLIT_OFF_USED   14u
#define SPLIT_E_COUNTER  8u
#define PACKED_HDR       32u
#define PACKED_ENTRY     32u
#define PACKED_OFF_FREE  12u
#define PACKED_OFF_OFREE 14u
#define PACKED_OFF_USED  16u
#define PACKED_OFF_OUSED 18u
#define PACKED_OFF_WRAP  20u
#define PACKED_OFF_OWRAP 21u
#define PACKED_E_COUNTER 8u
/* The largest queue (virtio: 32768). */
#define MAX_DESC_NUM 32768u

const char *vu_inflight_status_name(enum vu_inflight_status status)
{
	static const char *const names[] = {"ok", "not set up", "bad layout", "unreadable"};

	return (size_t)status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}

/* Keep d among the oldest VU_INFLIGHT_MAX_KEPT, sorted by counter. */
static void keep_oldest(struct vu_inflight_queue *q, uint16_t index, uint64_t counter)
{
	size_t at = q->nkept;

	while (at > 0 && q->kept[at - 1].counter > counter)
		at--;
	if (at >= VU_INFLIGHT_MAX_KEPT)
		return;
	if (q->nkept < VU_INFLIGHT_MAX_KEPT)
		q->nkept++;
	memmove(&q->kept[at + 1], &q->kept[at], (q->nkept - 1 - at) * sizeof(q->kept[0]));
	q->kept[at].index = index;
	q->kept[at].counter = counter;
}

void vu_inflight_read(const struct vu_session *s, const struct vu_inflight_area *area,
                      unsigned queue, int32_t ring_used_idx, struct vu_inflight_queue *out)
{
	const struct vu_inflight_state *in = &s->inflight;
	bool packed = (s->features_acked & VU_BIT(VU_F_RING_PACKED)) != 0;
	uint32_t hdr_size = packed ? PACKED_HDR : SPLIT_HDR;
	uint32_t entry = packed ? PACKED_ENTRY : SPLIT_ENTRY;
	uint8_t hdr[PACKED_HDR];
	uint8_t e[PACKED_ENTRY];
	uint64_t stride, base;

	memset(out, 0, sizeof(*out));
	out->packed = packed;
	out->queue = (uint16_t)queue;
	out->status = VU_INFLIGHT_BAD_LAYOUT;
	if (!in->set || in->num_queues == 0 || queue >= in->num_queues)
		return;
	stride = in->mmap_size / in->num_queues;
	base = stride * queue;
	if (stride < hdr_size)
		return;
	if (!area->read(area->opaque, base, hdr, hdr_size)) {
		out->status = VU_INFLIGHT_UNREADABLE;
		return;
	}
	out->version = vu_get_le16(hdr + OFF_VERSION);
	out->desc_num = vu_get_le16(hdr + OFF_DESC_NUM);
	if (packed) {
		out->free_head = vu_get_le16(hdr + PACKED_OFF_FREE);
		out->old_free_head = vu_get_le16(hdr + PACKED_OFF_OFREE);
		out->used_idx = vu_get_le16(hdr + PACKED_OFF_USED);
		out->old_used_idx = vu_get_le16(hdr + PACKED_OFF_OUSED);
		out->used_wrap = hdr[PACKED_OFF_WRAP] != 0;
		out->old_used_wrap = hdr[PACKED_OFF_OWRAP] != 0;
	} else {
		out->last_batch_head = vu_get_le16(hdr + SPLIT_OFF_BATCH);
		out->used_idx = vu_get_le16(hdr + SPLIT_OFF_USED);
	}
	if (out->version == 0) {
		out->status = VU_INFLIGHT_UNSET;
		return;
	}
	if (out->desc_num == 0 || out->desc_num > MAX_DESC_NUM ||
	    (uint64_t)out->desc_num * entry > stride - hdr_size)
		return;
	if (!packed && ring_used_idx >= 0) {
		out->ring_used_known = true;
		out->ring_used_idx = (uint16_t)ring_used_idx;
		out->batch_done =
		    out->ring_used_idx != out->used_idx && out->last_batch_head < out->desc_num;
	}
	for (uint32_t i = 0; i < out->desc_num; i++) {
		if (!area->read(area->opaque, base + hdr_size + (uint64_t)i * entry, e, entry)) {
			out->status = VU_INFLIGHT_UNREADABLE;
			return;
		}
		if (e[0] == 0 || (out->batch_done && i == out->last_batch_head))
			continue;
		out->ninflight++;
		keep_oldest(out, (uint16_t)i,
		            vu_get_le64(e + (packed ? PACKED_E_COUNTER : SPLIT_E_COUNTER)));
	}
	out->status = VU_INFLIGHT_OK;
}
