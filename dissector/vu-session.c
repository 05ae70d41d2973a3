/*
 * The session state machine: what the two peers negotiated (features,
 * protocol features, memory, vrings), which requests await a reply, and the
 * findings that only the sequence reveals (a reply nobody asked for, a
 * request the negotiation does not allow).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dissector/vu-dissector.h"

#define BIT(n)              (1ull << (n))
#define F_PROTOCOL_FEATURES 30
#define F_RING_PACKED       34
#define PF_LOG_SHMFD        1
#define PF_REPLY_ACK        3
#define PF_XEN_MMAP         17

void vu_session_init(struct vu_session *s, enum vu_device_type device)
{
	memset(s, 0, sizeof(*s));
	s->device = device;
}

static void add(struct vu_decoded *d, enum vu_finding_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(struct vu_decoded *d, enum vu_finding_code code, const char *fmt, ...)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	char detail[VU_FINDING_TEXT], text[2 * VU_FINDING_TEXT + 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	snprintf(text, sizeof(text), "%s (%s)", defs[code].text, detail);
	vu_decoded_add_finding(d, code, 0, 4, text);
}

/* The number of field id in the decode, or fallback. */
static uint64_t field_value(const struct vu_decoded *d, enum vu_field_id id, uint64_t fallback)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].id == id)
			return d->fields[i].value;
	return fallback;
}

static struct vu_vring_state *vring_of(struct vu_session *s, const struct vu_decoded *d)
{
	uint64_t index = field_value(d, VU_F_VRING_INDEX, UINT64_MAX);

	return index < VU_MAX_VRINGS ? &s->vrings[index] : NULL;
}

/* Back-ends do not say what device they are; the feature bits they offer
 * give it away often enough to name the device-specific bits. */
static void infer_device(struct vu_session *s)
{
	uint64_t f = s->features_offered;

	if (s->device != VU_DEVICE_UNKNOWN)
		return;
	if (f & (BIT(5) | BIT(15) | BIT(17) | BIT(21)))
		s->device = VU_DEVICE_NET; /* MAC, MRG_RXBUF, CTRL_VQ, GUEST_ANNOUNCE */
	else if (f & (BIT(2) | BIT(6) | BIT(9) | BIT(13) | BIT(14)))
		s->device = VU_DEVICE_BLK; /* SEG_MAX, BLK_SIZE, FLUSH, DISCARD, WRITE_ZEROES */
}

/* ---- memory --------------------------------------------------------------- */

static void regions_from(struct vu_session *s, const struct vu_decoded *d,
                         const struct vu_message *m, bool replace)
{
	size_t fd_index = 0;

	if (replace)
		s->nregions = 0;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct vu_field *f = &d->fields[i];
		struct vu_mem_region_state *r;

		if (f->id != VU_F_MEM_REGION)
			continue;
		if (s->nregions >= sizeof(s->regions) / sizeof(s->regions[0]))
			break;
		r = &s->regions[s->nregions++];
		memset(r, 0, sizeof(*r));
		for (size_t j = i + 1; j < d->nfields && d->fields[j].depth > f->depth; j++) {
			const struct vu_field *c = &d->fields[j];

			if (c->id == VU_F_MEM_GUEST_ADDR)
				r->guest_addr = c->value;
			else if (c->id == VU_F_MEM_SIZE)
				r->size = c->value;
			else if (c->id == VU_F_MEM_USER_ADDR)
				r->user_addr = c->value;
			else if (c->id == VU_F_MEM_MMAP_OFFSET)
				r->mmap_offset = c->value;
		}
		if (m->fds != NULL && fd_index < m->nfds && fd_index < VU_MAX_FDS)
			r->fd = m->fds[fd_index];
		fd_index++;
	}
}

static void region_remove(struct vu_session *s, const struct vu_decoded *d)
{
	uint64_t gpa = field_value(d, VU_F_MEM_GUEST_ADDR, 0);
	uint64_t size = field_value(d, VU_F_MEM_SIZE, 0);

	for (size_t i = 0; i < s->nregions; i++) {
		if (s->regions[i].guest_addr != gpa || s->regions[i].size != size)
			continue;
		memmove(&s->regions[i], &s->regions[i + 1],
		        (s->nregions - i - 1) * sizeof(s->regions[0]));
		s->nregions--;
		return;
	}
}

/* ---- requests ------------------------------------------------------------- */

static void check_negotiated(struct vu_session *s, struct vu_decoded *d)
{
	const struct vu_request_info *info = d->info;

	if (info->gate >= 0 && s->protocol_set && !(s->protocol_acked & BIT(info->gate)))
		add(d, VU_FIND_NOT_NEGOTIATED, "protocol feature %s",
		    vu_bit_table_lookup(vu_protocol_feature_table(), (unsigned)info->gate));
	if (info->gate_virtio == F_PROTOCOL_FEATURES && s->features_seen &&
	    !(s->features_offered & BIT(F_PROTOCOL_FEATURES)))
		add(d, VU_FIND_NOT_NEGOTIATED, "the back-end did not offer PROTOCOL_FEATURES");
	if (d->need_reply && s->protocol_set && !(s->protocol_acked & BIT(PF_REPLY_ACK)))
		add(d, VU_FIND_NEED_REPLY_NO_ACK, "%s", info->name);
}

static bool expects_reply(const struct vu_session *s, const struct vu_decoded *d)
{
	if (d->info->always_replied || d->need_reply)
		return true;
	/* SET_LOG_BASE is answered once the log is shared by fd. */
	return d->channel == VU_CHANNEL_MAIN && d->request == 6 &&
	       (s->protocol_acked & BIT(PF_LOG_SHMFD));
}

static void pending_push(struct vu_session *s, struct vu_decoded *d, uint64_t ts_ns, uint64_t frame)
{
	size_t *n = &s->npending[d->channel];
	struct vu_pending *p;

	if (*n >= VU_MAX_PENDING) {
		add(d, VU_FIND_TOO_MANY_PENDING, "%d outstanding", VU_MAX_PENDING);
		return;
	}
	p = &s->pending[d->channel][(*n)++];
	p->request = d->request;
	p->size = d->size;
	p->need_reply = d->need_reply;
	p->ts_ns = ts_ns;
	p->frame = frame;
}

static void apply_main_request(struct vu_session *s, const struct vu_decoded *d,
                               const struct vu_message *m)
{
	struct vu_vring_state *v = vring_of(s, d);
	uint64_t num = field_value(d, VU_F_VRING_SIZE, 0);

	switch (d->request) {
	case 2: /* SET_FEATURES */
		s->features_acked = field_value(d, VU_F_FEATURES, 0);
		s->features_set = true;
		/* Without PROTOCOL_FEATURES every ring is enabled at once. */
		if (!(s->features_acked & BIT(F_PROTOCOL_FEATURES)))
			for (size_t i = 0; i < VU_MAX_VRINGS; i++)
				s->vrings[i].enabled = true;
		break;
	case 3:
		s->owner_set = true;
		break;
	case 4:  /* RESET_OWNER */
	case 34: /* RESET_DEVICE */
		memset(s->vrings, 0, sizeof(s->vrings));
		break;
	case 5:
		regions_from(s, d, m, true);
		break;
	case 37:
		regions_from(s, d, m, false);
		break;
	case 38:
		region_remove(s, d);
		break;
	case 8:
		if (v != NULL) {
			v->seen = true;
			v->num = (uint32_t)num;
		}
		break;
	case 9:
		if (v != NULL) {
			v->seen = true;
			v->addr_flags = (uint32_t)field_value(d, VU_F_VRING_ADDR_FLAGS, 0);
			v->desc = field_value(d, VU_F_VRING_DESC, 0);
			v->used = field_value(d, VU_F_VRING_USED, 0);
			v->avail = field_value(d, VU_F_VRING_AVAIL, 0);
			v->log = field_value(d, VU_F_VRING_LOG, 0);
		}
		break;
	case 10:
		if (v != NULL) {
			v->seen = true;
			v->base = (uint32_t)field_value(d, VU_F_VRING_BASE, 0);
		}
		break;
	case 11:
	case 45:
		if (v != NULL)
			v->started = false;
		break;
	case 12:
		if (v != NULL) {
			v->seen = true;
			v->kick_fd = d->nfds > 0;
			v->started = true;
		}
		break;
	case 13:
		if (v != NULL) {
			v->seen = true;
			v->call_fd = d->nfds > 0;
		}
		break;
	case 14:
		if (v != NULL)
			v->err_fd = d->nfds > 0;
		break;
	case 16:
		s->protocol_acked = field_value(d, VU_F_PROTOCOL_FEATURES, 0);
		s->protocol_set = true;
		break;
	case 18:
		if (v != NULL) {
			v->seen = true;
			v->enabled = field_value(d, VU_F_VRING_ENABLE, 0) != 0;
		}
		break;
	case 39:
		s->status = field_value(d, VU_F_STATUS, 0);
		break;
	default:
		break;
	}
}

static void check_acked_subset(struct vu_decoded *d, const char *what, uint64_t acked,
                               uint64_t offered)
{
	/* LOG_ALL is the front-end's to set while migrating, offered or not. */
	uint64_t extra = acked & ~offered & ~BIT(26);

	if (extra != 0)
		add(d, VU_FIND_NOT_OFFERED, "%s 0x%llx", what, (unsigned long long)extra);
}

/* ---- replies -------------------------------------------------------------- */

static void apply_main_reply(struct vu_session *s, const struct vu_decoded *d)
{
	struct vu_vring_state *v;

	switch (d->request) {
	case 1:
		s->features_offered = field_value(d, VU_F_FEATURES, 0);
		s->features_seen = true;
		infer_device(s);
		break;
	case 15:
		s->protocol_offered = field_value(d, VU_F_PROTOCOL_FEATURES, 0);
		s->protocol_seen = true;
		break;
	case 17:
		s->queue_num = field_value(d, VU_F_QUEUE_NUM, 0);
		break;
	case 36:
		s->max_mem_slots = field_value(d, VU_F_MAX_MEM_SLOTS, 0);
		break;
	case 40:
		s->status = field_value(d, VU_F_STATUS, 0);
		break;
	case 11:
	case 45:
		v = vring_of(s, d);
		if (v != NULL)
			v->base = (uint32_t)field_value(d, VU_F_VRING_BASE, 0);
		break;
	default:
		break;
	}
}

/* Find the request this reply answers: the oldest outstanding one, or the
 * oldest with the same request code (then the order was broken). */
static bool pending_take(struct vu_session *s, struct vu_decoded *d, struct vu_pending *out)
{
	size_t *n = &s->npending[d->channel];
	struct vu_pending *q = s->pending[d->channel];
	size_t i;

	if (*n == 0) {
		add(d, VU_FIND_UNEXPECTED_REPLY, "%s", d->info != NULL ? d->info->name : "unknown");
		return false;
	}
	for (i = 0; i < *n && q[i].request != d->request; i++)
		;
	if (i == *n) {
		add(d, VU_FIND_REPLY_MISMATCH, "oldest outstanding is %u, reply is %u",
		    q[0].request, d->request);
		return false;
	}
	if (i != 0)
		add(d, VU_FIND_REPLY_MISMATCH, "answers %u, %u is older", d->request, q[0].request);
	*out = q[i];
	memmove(&q[i], &q[i + 1], (*n - i - 1) * sizeof(q[0]));
	(*n)--;
	return true;
}

void vu_session_context(const struct vu_session *s, const struct vu_message *m,
                        struct vu_decode_context *ctx)
{
	struct vu_reader r;
	uint32_t flags = 0, request = 0;

	memset(ctx, 0, sizeof(*ctx));
	ctx->ring_packed = (s->features_acked & BIT(F_RING_PACKED)) != 0;
	ctx->xen_mmap = (s->protocol_acked & BIT(PF_XEN_MMAP)) != 0;
	ctx->device = s->device;
	/* A reply's layout may depend on the request it answers. */
	vu_reader_init(&r, m->bytes, m->len);
	if (vu_reader_u32(&r, 0, &request) && vu_reader_u32(&r, 4, &flags) &&
	    (flags & VU_FLAG_REPLY) && (size_t)m->channel < VU_CHANNEL_COUNT &&
	    s->npending[m->channel] > 0) {
		ctx->answered_request = s->pending[m->channel][0].request;
		ctx->answered_need_reply = s->pending[m->channel][0].need_reply;
		ctx->answered_size = s->pending[m->channel][0].size;
	}
}

void vu_session_process(struct vu_session *s, const struct vu_message *m, uint64_t ts_ns,
                        uint64_t frame, struct vu_decoded *out)
{
	struct vu_decode_context ctx;
	struct vu_pending p;

	vu_session_context(s, m, &ctx);
	vu_decode(&ctx, m, out);
	s->messages++;
	s->last_frame_matched = 0;
	if (out->malformed)
		s->malformed++;
	if (out->has_header && out->info != NULL && (size_t)m->channel < VU_CHANNEL_COUNT) {
		if (!out->reply) {
			check_negotiated(s, out);
			if (out->channel == VU_CHANNEL_MAIN) {
				if (out->request == 2 && s->features_seen)
					check_acked_subset(out, "features",
					                   field_value(out, VU_F_FEATURES, 0),
					                   s->features_offered);
				if (out->request == 16 && s->protocol_seen)
					check_acked_subset(
					    out, "protocol features",
					    field_value(out, VU_F_PROTOCOL_FEATURES, 0),
					    s->protocol_offered);
				apply_main_request(s, out, m);
			}
			if (expects_reply(s, out))
				pending_push(s, out, ts_ns, frame);
		} else {
			if (out->flags != (VU_FLAG_VERSION | VU_FLAG_REPLY))
				add(out, VU_FIND_REPLY_FLAGS, "flags 0x%x", out->flags);
			if (pending_take(s, out, &p)) {
				out->latency_ns = ts_ns > p.ts_ns ? ts_ns - p.ts_ns : 1;
				s->last_frame_matched = p.frame;
				if (out->channel == VU_CHANNEL_MAIN)
					apply_main_reply(s, out);
			}
		}
	}
	s->findings += out->nfindings;
}
