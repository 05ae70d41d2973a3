/*
 * Data-plane requests in flight, per session: a phase-1 entry (the request
 * made available) is kept under its (vring, head) until the phase-2 entry of
 * the same vring and head (its completion) takes it out, so that the
 * completion can name what it completes and link to its frame. A head is
 * free again once used: the driver may make it available again at once,
 * which is a new request under the same key.
 *
 * The table is fixed (VU_MAX_DATA_PENDING slots, open addressing): a ring has
 * at most its size in flight, but a session of many big rings may have more
 * than the table holds. Then the oldest request of the probed slots is
 * pushed out (counted in data_evicted) and its completion comes unnamed.
 */
#include <string.h>

#include "dissector/vu-payload-int.h"

/* Slots looked at for one key before one is pushed out. */
#define PROBES 8u

static size_t slot_of(uint16_t vring, uint16_t head)
{
	/* Heads of one ring are mostly consecutive, vrings few: spread both. */
	uint32_t h = ((uint32_t)vring * 0x9e37u) ^ head;

	return h % VU_MAX_DATA_PENDING;
}

static struct vu_data_pending *find(struct vu_session *s, uint16_t vring, uint16_t head)
{
	size_t at = slot_of(vring, head);

	for (size_t i = 0; i < PROBES; i++) {
		struct vu_data_pending *e = &s->data_pending[(at + i) % VU_MAX_DATA_PENDING];

		if (e->used && e->vring == vring && e->head == head)
			return e;
	}
	return NULL;
}

static struct vu_data_pending *place(struct vu_session *s, uint16_t vring, uint16_t head)
{
	size_t at = slot_of(vring, head);
	struct vu_data_pending *oldest = NULL;

	for (size_t i = 0; i < PROBES; i++) {
		struct vu_data_pending *e = &s->data_pending[(at + i) % VU_MAX_DATA_PENDING];

		if (!e->used)
			return e;
		if (oldest == NULL || e->req.ts_ns < oldest->req.ts_ns)
			oldest = e;
	}
	s->data_evicted++;
	return oldest;
}

/*
 * With MRG_RXBUF a received frame may span several buffers: the first one's
 * header says how many (num_buffers), the others carry no header. The device
 * uses them in order, so the used entries that follow on the same vring are
 * the rest of the frame. Returns whether info was decoded (with ctx as it is
 * now).
 */
static bool note_net_rx(struct vu_session *s, const struct vu_payload *p,
                        struct vu_payload_context *ctx, struct vu_payload_info *info)
{
	if (p->vring >= VU_MAX_VRINGS)
		return false;
	if (s->net_rx_pending[p->vring] > 0) {
		s->net_rx_pending[p->vring]--;
		ctx->continuation = true;
		return false;
	}
	/* A transmit queue (vring 2k + 1; the control queue is the last of an
	 * odd count: even) takes no received frame: nothing to note. */
	if (p->vring % 2u == 1u)
		return false;
	vu_payload_decode(p, ctx, info);
	if (info->net.rx && info->net.read == VU_PAYLOAD_READ_OK && info->net.has_num_buffers &&
	    info->net.num_buffers > 1 && (ctx->acked_features & VU_BIT(VU_NET_F_MRG_RXBUF)) != 0)
		s->net_rx_pending[p->vring] = (uint16_t)(info->net.num_buffers - 1u);
	return true;
}

bool vu_session_payload_decode(struct vu_session *s, const struct vu_payload *p, uint64_t ts_ns,
                               uint64_t frame, struct vu_payload_context *ctx,
                               struct vu_payload_info *info)
{
	struct vu_data_pending *e;

	memset(ctx, 0, sizeof(*ctx));
	ctx->acked_features = s->features_acked;
	/* Vrings the session set up: the net control queue is the last of them. */
	ctx->nvrings = s->vrings_seen;
	e = find(s, p->vring, p->head);
	if (p->phase == VU_PAYLOAD_USED) {
		if (e != NULL) {
			ctx->has_request = true;
			ctx->request = e->req;
			e->used = false;
		}
		/* last: it decodes with the context complete */
		return p->device == VU_DEVICE_NET && note_net_rx(s, p, ctx, info);
	}
	if (p->phase != VU_PAYLOAD_AVAIL)
		return false;
	/* The same head made available again before its completion was seen:
	 * the completion was missed; the new request takes the slot. */
	if (e == NULL)
		e = place(s, p->vring, p->head);
	vu_payload_decode(p, ctx, info);
	e->used = true;
	e->vring = p->vring;
	e->head = p->head;
	vu_payload_request_of(p, info, &e->req);
	e->req.frame = frame;
	e->req.ts_ns = ts_ns;
	return true;
}

void vu_session_payload(struct vu_session *s, const struct vu_payload *p, uint64_t ts_ns,
                        uint64_t frame, struct vu_payload_context *ctx)
{
	struct vu_payload_info info;

	vu_session_payload_decode(s, p, ts_ns, frame, ctx, &info);
}
