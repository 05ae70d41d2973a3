/*
 * --packets: the ring walker (vscore/packet-walk.h).
 *
 * Split rings: the used index is read before the avail index, so every used
 * element up to it belongs to an entry made available before that avail
 * index: a walk sees an entry available before, or in the same walk as, it
 * sees it used. Packed rings keep no indexes: the walker keeps the driver's
 * position (the next slot whose AVAIL bit will carry the driver's wrap
 * counter) and the device's (the next slot to become used: AVAIL == USED ==
 * its wrap counter), and moves each past the slots of the chains it saw
 * (virtio "Packed Virtqueues"); it starts where a snapshot finds them.
 *
 * A split ring's descriptor table is read once per walk that has new
 * entries, after the avail index: the driver wrote the descriptors of every
 * entry before it published them, and the device does not write them, so
 * the chain walks read it from that copy (one pread instead of one per
 * descriptor). Indirect tables and buffers are read where they are.
 *
 * What a walk saw available waits under its head (split: descriptor index;
 * packed: buffer id) for its used entry, with the chain as it was then: the
 * driver may rewrite the descriptors as soon as they are used, so the
 * written bytes are read from the descriptors kept, never from the table as
 * it is at that moment.
 */
#include <string.h>

#include "dissector/vu-payload.h"
#include "vscore/packet-walk.h"

/* Layout facts (virtio "Split Virtqueues", "Packed Virtqueues"; uapi
 * linux/virtio_ring.h), as dissector/vu-ring.c has them. */
#define AVAIL_OFF_IDX  2u
#define AVAIL_OFF_RING 4u
#define USED_OFF_IDX   2u
#define USED_OFF_RING  4u
#define USED_ELEM_SIZE 8u
#define DESC_SIZE      16u
#define PDESC_OFF_ID   12u
#define PDESC_OFF_FLAG 14u
/* Ring entries read from guest memory at once. */
#define BATCH 64u

/* An entry seen available, until it is seen used. */
struct pending {
	gboolean valid;
	guint64 seen_ns;
	guint64 walk;  /* the walk that saw it */
	guint32 slots; /* packed: ring slots its chain took */
	guint32 skip;  /* used elements of this head that belong to missed entries */
	struct vu_ring_chain chain;
	/* A chain longer than the descriptors it keeps: all of them (g_malloc'd) */
	struct vu_ring_desc *more;
	guint32 nmore;
};

struct walk_ring {
	gboolean have; /* the positions below are this ring's */
	guint64 desc, avail, used;
	guint32 num;
	gboolean packed;
	guint16 next_avail, next_used;  /* split: indexes; packed: slots */
	gboolean avail_wrap, used_wrap; /* packed wrap counters */
	guint32 missed;                 /* since the ring's last record */
	struct pending *pend;           /* num entries, by head or buffer id */
	/* packed: the buffer ids made available and not yet used, in ring order
	 * (VIRTIO_F_IN_ORDER completes them in that order, a batch at a time) */
	guint16 *order;
	guint32 order_first, order_len;
};

/* A split ring's descriptor table as read at the start of a walk, in front
 * of the guest memory for the chain walks. */
struct table_cache {
	const struct vu_guest_memory *mem;
	const struct vu_mem_region_state *region; /* the table's, NULL: no copy */
	guint64 offset, size;                     /* where in it */
	guint8 *bytes;                            /* VU_RING_MAX_NUM descriptors */
};

struct vs_packet_walk {
	guint32 session;
	const char *port;
	guint32 snaplen;
	guint64 walks;
	guint64 last_active_ns;
	struct walk_ring rings[VU_MAX_VRINGS];
	struct vs_record record; /* the one emitted, its bytes = body */
	guint8 *body;
	gsize body_cap;
	guint8 *out_buf, *in_buf; /* snaplen bytes each */
	struct table_cache table;
	struct vu_guest_memory cached; /* table, then the guest memory */
	struct vu_ring_descs every;    /* room for a whole chain, the largest ring's size */
	guint8 *heads;                 /* a walk's new avail entries, 2 bytes each */
	guint16 *later;                /* by head: its entries still to come in a walk */
};

static bool cached_read(void *opaque, const struct vu_mem_region_state *region, uint64_t offset,
                        void *buf, size_t len)
{
	struct table_cache *c = opaque;

	if (c->region != NULL && region == c->region && offset >= c->offset && len <= c->size &&
	    offset - c->offset <= c->size - len) {
		memcpy(buf, c->bytes + (offset - c->offset), len);
		return true;
	}
	return c->mem->read(c->mem->opaque, region, offset, buf, len);
}

static void pend_free(struct walk_ring *t)
{
	for (guint32 i = 0; t->pend != NULL && i < t->num; i++)
		g_free(t->pend[i].more);
	g_free(t->pend);
	t->pend = NULL;
	g_free(t->order);
	t->order = NULL;
	t->order_first = t->order_len = 0;
}

/* Walk the chain of an entry made available into p, with every descriptor. */
static void pend_walk(struct vs_packet_walk *pw, const struct vu_session *s,
                      const struct vu_guest_memory *mem, guint vring, gboolean packed, guint16 at,
                      struct pending *p, guint32 *slots)
{
	p->chain.all = &pw->every;
	if (packed)
		vu_ring_walk_packed(s, mem, vring, at, &p->chain, slots);
	else
		vu_ring_walk_split(s, mem, vring, at, &p->chain);
	p->chain.all = NULL;
	g_free(p->more);
	p->more = NULL;
	p->nmore = 0;
	if (p->chain.ndescs > p->chain.nkept && pw->every.n > p->chain.nkept) {
		p->more = g_memdup2(pw->every.descs, pw->every.n * sizeof(*pw->every.descs));
		p->nmore = pw->every.n;
	}
}

struct vs_packet_walk *vs_packet_walk_new(guint32 session, const char *port, guint32 snaplen)
{
	struct vs_packet_walk *pw = g_new0(struct vs_packet_walk, 1);

	pw->session = session;
	pw->port = port;
	pw->snaplen = snaplen;
	pw->out_buf = g_malloc(MAX(snaplen, 1u));
	pw->in_buf = g_malloc(MAX(snaplen, 1u));
	pw->body_cap = VU_PAYLOAD_FIXED + 2 * (gsize)snaplen;
	pw->body = g_malloc(pw->body_cap);
	pw->table.bytes = g_malloc((gsize)VU_RING_MAX_NUM * DESC_SIZE);
	pw->cached.read = cached_read;
	pw->cached.opaque = &pw->table;
	pw->record.kind = VU_RECORD_DATA;
	pw->record.session = session;
	pw->record.port = port;
	pw->record.channel = VU_CHANNEL_MAIN;
	return pw;
}

void vs_packet_walk_free(struct vs_packet_walk *pw)
{
	if (pw == NULL)
		return;
	for (guint i = 0; i < VU_MAX_VRINGS; i++)
		pend_free(&pw->rings[i]);
	g_free(pw->body);
	g_free(pw->table.bytes);
	g_free(pw->every.descs);
	g_free(pw->heads);
	g_free(pw->later);
	g_free(pw->out_buf);
	g_free(pw->in_buf);
	g_free(pw);
}

guint32 vs_packet_walk_take_missed(struct vs_packet_walk *pw, guint vring)
{
	guint32 missed;

	if (vring >= VU_MAX_VRINGS)
		return 0;
	missed = pw->rings[vring].missed;
	pw->rings[vring].missed = 0;
	return missed;
}

guint64 vs_packet_walk_last_active(const struct vs_packet_walk *pw)
{
	return pw->last_active_ns;
}

static guint16 le16_at(const guint8 *p)
{
	return (guint16)(p[0] | p[1] << 8);
}

static guint32 le32_at(const guint8 *p)
{
	return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

/* ---- bytes of a chain ------------------------------------------------------ */

/*
 * Up to want bytes of the chain's descriptors of one direction (written:
 * VU_DESC_F_WRITE ones), in chain order, into buf. Stops at a descriptor that
 * cannot be read whole, or past the descriptors the walk kept (every one of
 * the chain, unless the chain is not one: a loop, an over-long chain).
 */
static guint32 chain_bytes(const struct vu_session *s, const struct vu_guest_memory *mem,
                           const struct pending *p, gboolean written, guint8 *buf, guint32 want)
{
	enum vu_addr_space space = vu_desc_addr_space(s);
	const struct vu_ring_desc *descs = p->more != NULL ? p->more : p->chain.descs;
	guint32 ndescs = p->more != NULL ? p->nmore : p->chain.nkept;
	guint32 got = 0;

	for (guint32 i = 0; i < ndescs && got < want; i++) {
		const struct vu_ring_desc *d = &descs[i];
		guint32 n;

		if (((d->flags & VU_DESC_F_WRITE) != 0) != written || d->len == 0)
			continue;
		n = MIN(d->len, want - got);
		if (vu_ring_read(s, mem, space, d->addr, buf + got, n) != VU_MEM_OK)
			break;
		got += n;
	}
	return got;
}

/*
 * The chain's last writable byte (at in_total - 1: where virtio-blk puts its
 * status and the net control queue its ack), when the walk kept every
 * descriptor of a whole chain.
 */
static gboolean chain_last_written(const struct vu_session *s, const struct vu_guest_memory *mem,
                                   const struct pending *p, guint8 *byte)
{
	const struct vu_ring_desc *descs = p->more != NULL ? p->more : p->chain.descs;
	guint32 ndescs = p->more != NULL ? p->nmore : p->chain.nkept;

	if (p->chain.status != VU_CHAIN_OK || ndescs < p->chain.ndescs)
		return FALSE;
	for (guint32 i = ndescs; i-- > 0;) {
		const struct vu_ring_desc *d = &descs[i];

		if ((d->flags & VU_DESC_F_WRITE) == 0 || d->len == 0)
			continue;
		return vu_ring_read(s, mem, vu_desc_addr_space(s), d->addr + d->len - 1, byte, 1) ==
		       VU_MEM_OK;
	}
	return FALSE;
}

static guint32 clamp32(guint64 v)
{
	return v > G_MAXUINT32 ? G_MAXUINT32 : (guint32)v;
}

/* ---- records -------------------------------------------------------------- */

static void emit_entry(struct vs_packet_walk *pw, const struct vu_session *s,
                       const struct vu_guest_memory *mem, struct walk_ring *t, guint vring,
                       guint16 head, const struct pending *p, gboolean used, guint32 used_len,
                       guint64 ts_ns, vs_packet_emit_fn emit, gpointer data)
{
	struct vu_payload e = {
	    .phase = used ? VU_PAYLOAD_USED : VU_PAYLOAD_AVAIL,
	    .device = (guint8)s->device,
	    .flags = t->packed ? VU_PAYLOAD_F_PACKED : 0,
	    .vring = (guint16)vring,
	    .head = head,
	    .out_total = clamp32(p->chain.readable),
	    .in_total = clamp32(p->chain.writable),
	    .used_len = used ? used_len : 0,
	    .missed = t->missed,
	    .out = pw->out_buf,
	    .in = pw->in_buf,
	};
	struct vs_record *r = &pw->record;

	if (!used) {
		guint32 want = MIN(e.out_total, pw->snaplen);

		e.out_kept = chain_bytes(s, mem, p, FALSE, pw->out_buf, want);
		if (e.out_kept < e.out_total)
			e.flags |= VU_PAYLOAD_F_OUT_CUT;
	} else {
		guint32 wrote = MIN(used_len, e.in_total);
		guint32 want = MIN(wrote, pw->snaplen);

		/* Cut, and the device wrote up to the chain's last writable
		 * byte: the first want - 1 bytes and that one, so that the
		 * status a cut read ends with is still there (flag bit 3). */
		if (want > 0 && want < wrote && used_len >= e.in_total &&
		    chain_last_written(s, mem, p, &pw->in_buf[want - 1])) {
			e.in_kept = chain_bytes(s, mem, p, TRUE, pw->in_buf, want - 1);
			if (e.in_kept == want - 1) {
				e.in_kept = want;
				e.flags |= VU_PAYLOAD_F_IN_TAIL;
			}
		} else {
			e.in_kept = chain_bytes(s, mem, p, TRUE, pw->in_buf, want);
		}
		if (e.in_kept < wrote)
			e.flags |= VU_PAYLOAD_F_IN_CUT;
		/* Seen available in an earlier walk: the time between the two. */
		if (p->walk != pw->walks && ts_ns > p->seen_ns)
			e.latency_ns = ts_ns - p->seen_ns;
	}
	t->missed = 0;
	r->ts_ns = ts_ns;
	r->from = used ? VU_FROM_BACK : VU_FROM_FRONT;
	r->len = (guint32)vu_payload_serialize(&e, pw->body, pw->body_cap);
	r->bytes = pw->body;
	emit(data, r);
	r->bytes = NULL;
	pw->last_active_ns = ts_ns;
}

/* ---- split rings ----------------------------------------------------------- */

/* The descriptor table of a split ring, read now when wanted (no copy when
 * it cannot be read whole: the chain walks then read it themselves). */
static void cache_table(struct vs_packet_walk *pw, const struct vu_session *s,
                        const struct vu_guest_memory *mem, const struct vu_vring_state *v,
                        guint32 num, gboolean wanted)
{
	struct table_cache *c = &pw->table;
	enum vu_addr_space space = vu_ring_addr_space(s);
	size_t region = 0;
	guint64 offset = 0, size = (guint64)num * DESC_SIZE;

	c->mem = mem;
	c->region = NULL;
	if (!wanted || vu_ring_translate(s, space, v->desc, size, &region, &offset) != VU_MEM_OK ||
	    vu_ring_read(s, mem, space, v->desc, c->bytes, size) != VU_MEM_OK)
		return;
	c->region = &s->regions[region];
	c->offset = offset;
	c->size = size;
}

static guint walk_split(struct vs_packet_walk *pw, const struct vu_session *s,
                        const struct vu_guest_memory *mem, guint vring, struct walk_ring *t,
                        guint64 ts_ns, vs_packet_emit_fn emit, gpointer data)
{
	const struct vu_vring_state *v = &s->vrings[vring];
	enum vu_addr_space space = vu_ring_addr_space(s);
	guint32 num = t->num;
	guint8 b[BATCH * USED_ELEM_SIZE];
	guint8 *heads = pw->heads;
	guint16 avail_idx, used_idx, n;
	guint emitted = 0;

	/* used first: every used element up to it was made available before avail_idx */
	if (vu_ring_read(s, mem, space, v->used + USED_OFF_IDX, b, 2) != VU_MEM_OK)
		return 0;
	used_idx = le16_at(b);
	if (vu_ring_read(s, mem, space, v->avail + AVAIL_OFF_IDX, b, 2) != VU_MEM_OK)
		return 0;
	avail_idx = le16_at(b);
	if (!t->have) {
		/* What is in flight now is seen as made available now. */
		t->next_avail = used_idx;
		t->next_used = used_idx;
		t->have = TRUE;
	}

	n = (guint16)(avail_idx - t->next_avail);
	if (n > num) {
		t->missed += n - num;
		t->next_avail = (guint16)(avail_idx - num);
		n = (guint16)num;
	}
	/* The new entries' heads, and how often each head comes in them. */
	for (guint32 got = 0; got < n;) {
		guint32 slot = (guint16)(t->next_avail + got) % num;
		guint32 k = MIN(n - got, num - slot);

		if (vu_ring_read(s, mem, space, v->avail + AVAIL_OFF_RING + 2ull * slot,
		                 heads + 2 * got, 2 * k) != VU_MEM_OK)
			return 0;
		got += k;
	}
	for (guint32 i = 0; i < n; i++) {
		guint16 head = le16_at(heads + 2 * i);

		if (head < num)
			pw->later[head]++;
	}
	cache_table(pw, s, mem, v, num, n > 0);
	for (guint32 i = 0; i < n; i++) {
		guint16 head = le16_at(heads + 2 * i);
		struct pending *p = &t->pend[head < num ? head : 0];
		struct pending bad = {0};
		guint32 slots = 0;

		if (head >= num) {
			p = &bad;
		} else if (--pw->later[head] > 0) {
			/* Made available again in these entries: this one was used
			 * and its descriptors reused before a walk saw it. Its used
			 * element comes first: skipped, not paired with a later one. */
			t->missed++;
			p->skip++;
			continue;
		} else if (p->valid) {
			/* Made available again before a walk saw it used: its
			 * completion is missed, its used element skipped. */
			t->missed++;
			p->skip++;
		}
		pend_walk(pw, s, &pw->cached, vring, FALSE, head, p, &slots);
		p->valid = head < num;
		p->seen_ns = ts_ns;
		p->walk = pw->walks;
		emit_entry(pw, s, mem, t, vring, head, p, FALSE, 0, ts_ns, emit, data);
		emitted++;
	}
	t->next_avail = avail_idx;

	n = (guint16)(used_idx - t->next_used);
	if (n > num) {
		/* The used ring lapped: the elements written over belong to
		 * entries counted already (never seen available), or counted when
		 * their head comes again while they wait. Which used elements were
		 * to be skipped is lost with them. */
		for (guint32 i = 0; i < num; i++)
			t->pend[i].skip = 0;
		t->next_used = (guint16)(used_idx - num);
		n = (guint16)num;
	}
	while (n > 0) {
		guint32 slot = t->next_used % num;
		guint32 k = MIN(MIN((guint32)n, num - slot), BATCH);

		if (vu_ring_read(s, mem, space,
		                 v->used + USED_OFF_RING + (guint64)USED_ELEM_SIZE * slot, b,
		                 USED_ELEM_SIZE * k) != VU_MEM_OK)
			return emitted;
		for (guint32 i = 0; i < k; i++) {
			guint32 id = le32_at(b + USED_ELEM_SIZE * i);
			guint32 len = le32_at(b + USED_ELEM_SIZE * i + 4);
			struct pending *p = id < num ? &t->pend[id] : NULL;

			if (p != NULL && p->skip > 0) {
				p->skip--; /* an entry already counted as missed */
				continue;
			}
			if (p == NULL || !p->valid) {
				t->missed++; /* never seen available: not guessed */
				continue;
			}
			emit_entry(pw, s, mem, t, vring, (guint16)id, p, TRUE, len, ts_ns, emit,
			           data);
			p->valid = FALSE;
			emitted++;
		}
		t->next_used = (guint16)(t->next_used + k);
		n = (guint16)(n - k);
	}
	return emitted;
}

/* ---- packed rings ----------------------------------------------------------- */

static gboolean packed_flags(const struct vu_session *s, const struct vu_guest_memory *mem,
                             const struct vu_vring_state *v, guint32 slot, guint16 *id,
                             guint32 *len, guint16 *flags)
{
	guint8 b[DESC_SIZE];

	if (vu_ring_read(s, mem, vu_ring_addr_space(s), v->desc + (guint64)slot * DESC_SIZE, b,
	                 sizeof(b)) != VU_MEM_OK)
		return FALSE;
	*len = le32_at(b + 8);
	*id = le16_at(b + PDESC_OFF_ID);
	*flags = le16_at(b + PDESC_OFF_FLAG);
	return TRUE;
}

static void packed_advance(guint16 *pos, gboolean *wrap, guint32 slots, guint32 num)
{
	guint32 at = *pos + slots;

	if (at >= num) {
		at -= num;
		*wrap = !*wrap;
	}
	*pos = (guint16)at;
}

/* The ring's positions as a snapshot finds them; what is in flight then is
 * seen as made available now. */
static gboolean packed_anchor(const struct vu_session *s, const struct vu_guest_memory *mem,
                              guint vring, struct walk_ring *t)
{
	struct vu_ring_snapshot *snap = g_new(struct vu_ring_snapshot, 1);
	gboolean ok;

	vu_ring_snapshot(s, mem, vring, snap);
	ok = snap->status == VU_RING_OK;
	t->order_first = t->order_len = 0;
	if (ok) {
		t->next_avail = snap->used_pos;
		t->avail_wrap = snap->used_wrap;
		t->next_used = snap->used_pos;
		t->used_wrap = snap->used_wrap;
		t->have = TRUE;
	}
	g_free(snap);
	return ok;
}

/*
 * VIRTIO_F_IN_ORDER: one used descriptor (id, len) may stand for a batch,
 * every buffer made available up to and including the one with that id
 * (virtio "In-order use of descriptors"; DPDK's vhost library writes one per
 * batch of a packed ring). Each of them is used: the last with the length
 * written; an earlier one with a writable part, whose length the device did
 * not write, is counted as missed rather than given a length. Returns the
 * ring slots the batch took, 0 when id is not among the buffers waiting.
 */
static guint32 packed_used_batch(struct vs_packet_walk *pw, const struct vu_session *s,
                                 const struct vu_guest_memory *mem, struct walk_ring *t,
                                 guint vring, guint16 id, guint32 len, guint64 ts_ns,
                                 vs_packet_emit_fn emit, gpointer data, guint *emitted)
{
	guint32 num = t->num, slots = 0, k;

	for (k = 0; k < t->order_len; k++)
		if (t->order[(t->order_first + k) % num] == id)
			break;
	if (k == t->order_len)
		return 0;
	for (guint32 i = 0; i <= k; i++) {
		guint16 each = t->order[t->order_first];
		struct pending *p = &t->pend[each];

		t->order_first = (t->order_first + 1) % num;
		t->order_len--;
		slots += MAX(p->slots, 1u);
		if (!p->valid)
			continue;
		if (each == id || p->chain.writable == 0) {
			emit_entry(pw, s, mem, t, vring, each, p, TRUE, each == id ? len : 0, ts_ns,
			           emit, data);
			(*emitted)++;
		} else {
			t->missed++;
		}
		p->valid = FALSE;
		p->skip = 0;
	}
	return slots;
}

static guint walk_packed(struct vs_packet_walk *pw, const struct vu_session *s,
                         const struct vu_guest_memory *mem, guint vring, struct walk_ring *t,
                         guint64 ts_ns, vs_packet_emit_fn emit, gpointer data)
{
	const struct vu_vring_state *v = &s->vrings[vring];
	gboolean in_order = (s->features_acked & VU_BIT(VU_F_IN_ORDER)) != 0;
	guint32 num = t->num;
	guint emitted = 0;
	guint16 id, flags;
	guint32 len;

	if (!t->have && !packed_anchor(s, mem, vring, t))
		return 0;

	/* Made available: the AVAIL bit carries the driver's wrap counter (a
	 * slot already used in this lap too: seen late, not missed). */
	for (guint32 seen = 0;;) {
		struct pending got = {0};
		guint32 slots = 0;
		struct pending *p;

		if (!packed_flags(s, mem, v, t->next_avail, &id, &len, &flags) ||
		    ((flags & VU_DESC_F_AVAIL) != 0) != t->avail_wrap)
			break;
		if (seen >= num) {
			/* Still available after a whole ring (a full ring is
			 * fine, one more is not): the driver went more than a lap
			 * ahead since the last walk, and the wrap counters cannot
			 * tell how far. What waits is dropped (its completions
			 * missed), a ring's worth counted missed (at least that
			 * many were), and the positions are found again. */
			for (guint32 i = 0; i < num; i++) {
				t->missed += t->pend[i].valid ? 1u : 0u;
				t->pend[i].valid = FALSE;
				t->pend[i].skip = 0;
			}
			t->missed += num;
			t->have = FALSE; /* a failed look tries again at the next walk */
			packed_anchor(s, mem, vring, t);
			return emitted;
		}
		pend_walk(pw, s, mem, vring, TRUE, t->next_avail, &got, &slots);
		slots = MAX(slots, 1u);
		if (got.chain.id < num) {
			guint32 skip;

			p = &t->pend[got.chain.id];
			/* Made available again before a walk saw it used: its
			 * completion is missed, its used descriptor skipped. */
			skip = p->skip + (p->valid ? 1u : 0u);
			t->missed += p->valid ? 1u : 0u;
			g_free(p->more);
			*p = got;
			p->skip = skip;
			p->valid = TRUE;
			p->seen_ns = ts_ns;
			p->walk = pw->walks;
			p->slots = slots;
			if (t->order_len < num)
				t->order[(t->order_first + t->order_len++) % num] = got.chain.id;
			emit_entry(pw, s, mem, t, vring, got.chain.id, p, FALSE, 0, ts_ns, emit,
			           data);
			emitted++;
		} else {
			g_free(got.more);
			t->missed++;
		}
		packed_advance(&t->next_avail, &t->avail_wrap, slots, num);
		seen += slots;
	}

	/* Used: AVAIL == USED == the device's wrap counter; one used descriptor
	 * per buffer, the rest of its chain's slots skipped. */
	for (guint32 seen = 0; seen < num;) {
		struct pending *p;
		guint32 slots = 1;

		if (!packed_flags(s, mem, v, t->next_used, &id, &len, &flags) ||
		    ((flags & VU_DESC_F_AVAIL) != 0) != t->used_wrap ||
		    ((flags & VU_DESC_F_USED) != 0) != t->used_wrap)
			break;
		if (in_order)
			slots = packed_used_batch(pw, s, mem, t, vring, id, len, ts_ns, emit, data,
			                          &emitted);
		p = id < num ? &t->pend[id] : NULL;
		if (in_order && slots == 0) {
			/* Not an id waiting in order: the positions are lost. */
			t->missed++;
			t->have = FALSE;
			packed_anchor(s, mem, vring, t);
			return emitted;
		} else if (in_order) {
			/* the batch went out in packed_used_batch */
		} else if (p != NULL && p->skip > 0) {
			p->skip--; /* an entry already counted as missed */
		} else if (p != NULL && p->valid) {
			slots = p->slots;
			emit_entry(pw, s, mem, t, vring, id, p, TRUE, len, ts_ns, emit, data);
			p->valid = FALSE;
			emitted++;
		} else {
			t->missed++;
		}
		packed_advance(&t->next_used, &t->used_wrap, slots, num);
		seen += slots;
	}
	return emitted;
}

/* ---- walks ------------------------------------------------------------------ */

/* The ring as set up now; a new address or size starts it afresh. */
static struct walk_ring *ring_of(struct vs_packet_walk *pw, const struct vu_session *s, guint vring)
{
	const struct vu_vring_state *v = &s->vrings[vring];
	struct walk_ring *t = &pw->rings[vring];
	gboolean packed = (s->features_acked & VU_BIT(VU_F_RING_PACKED)) != 0;

	/* A ring that stopped is walked a last time, then starts afresh. */
	if ((!v->started && !t->have) || v->num == 0 || v->num > VU_RING_MAX_NUM ||
	    (!packed && (v->num & (v->num - 1)) != 0) ||
	    (v->desc == 0 && v->avail == 0 && v->used == 0)) {
		t->have = FALSE;
		return NULL;
	}
	if (t->pend == NULL || t->num != v->num || t->desc != v->desc || t->avail != v->avail ||
	    t->used != v->used || t->packed != packed) {
		pend_free(t);
		t->pend = g_new0(struct pending, v->num);
		t->order = g_new(guint16, v->num);
		/* A chain has at most as many descriptors as the queue. */
		if (pw->every.cap < v->num) {
			g_free(pw->every.descs);
			pw->every.descs = g_new(struct vu_ring_desc, v->num);
			pw->every.cap = v->num;
			g_free(pw->heads);
			pw->heads = g_malloc(2 * (gsize)v->num);
			g_free(pw->later);
			pw->later = g_new0(guint16, v->num);
		}
		t->num = v->num;
		t->desc = v->desc;
		t->avail = v->avail;
		t->used = v->used;
		t->packed = packed;
		t->have = FALSE;
	}
	return t;
}

guint vs_packet_walk_ring(struct vs_packet_walk *pw, const struct vu_session *s,
                          const struct vu_guest_memory *mem, guint vring, guint64 ts_ns,
                          vs_packet_emit_fn emit, gpointer data)
{
	struct walk_ring *t;
	guint emitted;

	if (vring >= VU_MAX_VRINGS || (t = ring_of(pw, s, vring)) == NULL)
		return 0;
	/* IOVAs: --packets walks rings at user and guest-physical addresses only
	 * (the snapshots of --rings translate IOVAs through the IOTLB entries). */
	if (vu_ring_addr_space(s) >= VU_ADDR_IOVA)
		return 0;
	pw->walks++;
	if (t->packed)
		emitted = walk_packed(pw, s, mem, vring, t, ts_ns, emit, data);
	else
		emitted = walk_split(pw, s, mem, vring, t, ts_ns, emit, data);
	if (!s->vrings[vring].started)
		t->have = FALSE;
	return emitted;
}

guint vs_packet_walk_all(struct vs_packet_walk *pw, const struct vu_session *s,
                         const struct vu_guest_memory *mem, guint64 ts_ns, vs_packet_emit_fn emit,
                         gpointer data)
{
	guint emitted = 0;

	for (guint i = 0; i < VU_MAX_VRINGS; i++)
		if (s->vrings[i].started || pw->rings[i].have)
			emitted += vs_packet_walk_ring(pw, s, mem, i, ts_ns, emit, data);
	return emitted;
}
