/*
 * The messages of tests/ring-setup.h, laid out as the protocol reference has
 * them (shared/protocol/vhost-user-protocol.md: header 1.2, u64 4.1, vring
 * state 4.2, vring address 4.3, memory regions 4.4).
 */
#include "tests/ring-setup.h"

#include <string.h>

#include "vscore/ring-watch.h"

void ring_put_le(guint8 *b, gsize at, guint64 v, gsize width)
{
	for (gsize i = 0; i < width; i++)
		b[at + i] = (guint8)(v >> (8 * i));
}

void ring_message_fill(struct vs_record *r, guint64 frame, guint8 from, guint32 request,
                       const guint8 *payload, guint32 size, const int *fds, guint nfds)
{
	r->ts_ns = frame * 1000;
	r->frame = frame;
	r->session = 1;
	r->kind = VU_RECORD_MESSAGE;
	r->channel = VU_CHANNEL_MAIN;
	r->from = from;
	r->len = VU_HDR_SIZE + size;
	r->bytes = g_malloc0(r->len);
	ring_put_le(r->bytes, 0, request, 4);
	ring_put_le(r->bytes, 4, VU_FLAG_VERSION | (from == VU_FROM_BACK ? VU_FLAG_REPLY : 0), 4);
	ring_put_le(r->bytes, 8, size, 4);
	if (size > 0)
		memcpy(r->bytes + VU_HDR_SIZE, payload, size);
	r->fds_total = (guint8)nfds;
	vs_ring_keep_fds(r, fds, nfds); /* what the relay does with --rings */
}

void ring_pipeline_send(guint32 request, const guint8 *payload, guint32 size, const int *fds,
                        guint nfds, gpointer data)
{
	struct ring_pipeline_front *f = data;
	struct vs_record *r = vs_pipeline_record_new(f->p);

	ring_message_fill(r, f->frame++, VU_FROM_FRONT, request, payload, size, fds, nfds);
	vs_pipeline_submit(f->p, r);
}

void ring_setup_features(guint64 features, RingSetupSendFunc send, gpointer data)
{
	guint8 b[8] = {0};

	ring_put_le(b, 0, features, 8);
	send(VU_REQ_SET_FEATURES, b, sizeof(b), NULL, 0, data);
}

void ring_setup_mem_table(guint64 size, guint64 user_base, int mem, RingSetupSendFunc send,
                          gpointer data)
{
	/* nregions, padding, then the region: guest address, size, user
	 * address, mmap offset */
	guint8 b[40] = {0};

	ring_put_le(b, 0, 1, 4);
	ring_put_le(b, 16, size, 8);
	ring_put_le(b, 24, user_base, 8);
	send(VU_REQ_SET_MEM_TABLE, b, sizeof(b), mem >= 0 ? &mem : NULL, mem >= 0 ? 1 : 0, data);
}

void ring_setup_num(guint32 vring, guint32 num, RingSetupSendFunc send, gpointer data)
{
	guint8 b[8] = {0};

	ring_put_le(b, 0, vring, 4);
	ring_put_le(b, 4, num, 4);
	send(VU_REQ_SET_VRING_NUM, b, sizeof(b), NULL, 0, data);
}

void ring_setup_addr(guint32 vring, guint64 desc, guint64 used, guint64 avail,
                     RingSetupSendFunc send, gpointer data)
{
	/* index, flags, desc, used, avail, log: no logging */
	guint8 b[40] = {0};

	ring_put_le(b, 0, vring, 4);
	ring_put_le(b, 8, desc, 8);
	ring_put_le(b, 16, used, 8);
	ring_put_le(b, 24, avail, 8);
	send(VU_REQ_SET_VRING_ADDR, b, sizeof(b), NULL, 0, data);
}

void ring_setup_kick_polled(guint32 vring, RingSetupSendFunc send, gpointer data)
{
	guint8 b[8] = {0};

	ring_put_le(b, 0, vring | VU_VRING_NOFD_MASK, 8);
	send(VU_REQ_SET_VRING_KICK, b, sizeof(b), NULL, 0, data);
}

void ring_setup_ring(const struct ring_layout *l, RingSetupSendFunc send, gpointer data)
{
	ring_setup_num(l->vring, l->num, send, data);
	ring_setup_addr(l->vring, l->user_base + l->desc_at, l->user_base + l->used_at,
	                l->user_base + l->avail_at, send, data);
	if (l->kick)
		ring_setup_kick_polled(l->vring, send, data);
}

void ring_setup_session(const struct ring_layout *l, RingSetupSendFunc send, gpointer data)
{
	ring_setup_features(l->features, send, data);
	ring_setup_mem_table(l->region_size, l->user_base, l->mem, send, data);
	ring_setup_ring(l, send, data);
}
