/*
 * The body of a ring record in a capture (kind VU_RECORD_RING), written by
 * -w --rings and read back by -r and the Wireshark plugin. Layout in
 * doc/capture-format.md, section 7; every count is checked against the
 * bytes there before anything is read.
 */
#include <string.h>

#include "dissector/vu-ring.h"

/* Bytes of one chain without its descriptors, and of one descriptor. */
#define CHAIN_FIXED 40u
#define DESC_SIZE   24u
/* Bytes of one finding before its key and text. */
#define FINDING_FIXED 16u
/* The longest finding key a reader takes ("ring.base_skips_inflight"). */
#define FINDING_KEY_MAX 64u

/* flags byte */
#define F_PACKED     0x01u
#define F_EVENT_IDX  0x02u
#define F_SETTLED    0x04u
#define F_AVAIL_WRAP 0x08u
#define F_USED_WRAP  0x10u
#define F_STALLED    0x20u

const char *vu_ring_cause_name(uint32_t cause)
{
	const struct vu_request_info *info;
	static const char prefix[] = "VHOST_USER_";

	if (cause == VU_RING_CAUSE_INTERVAL)
		return "interval";
	if (cause == VU_RING_CAUSE_END)
		return "end";
	info = vu_request_lookup(VU_CHANNEL_MAIN, cause);
	if (info == NULL || info->name == NULL)
		return "message";
	return strncmp(info->name, prefix, sizeof(prefix) - 1) == 0
	           ? info->name + sizeof(prefix) - 1
	           : info->name;
}

static size_t chain_size(const struct vu_ring_chain *c)
{
	uint32_t nkept = c->nkept < VU_RING_MAX_DESCS ? c->nkept : VU_RING_MAX_DESCS;

	return CHAIN_FIXED + (size_t)nkept * DESC_SIZE;
}

static size_t nchains_of(const struct vu_ring_snapshot *snap)
{
	return snap->nchains < VU_RING_MAX_CHAINS ? snap->nchains : VU_RING_MAX_CHAINS;
}

static size_t nmessage_of(const struct vu_ring_record *rec)
{
	return rec->nmessage_findings < VU_RING_RECORD_MESSAGE_FINDINGS
	           ? rec->nmessage_findings
	           : VU_RING_RECORD_MESSAGE_FINDINGS;
}

/* The snapshot's own findings that fit beside the message's. */
static size_t nfindings_of(const struct vu_ring_record *rec, const struct vu_decoded *d)
{
	size_t room = VU_MAX_FINDINGS - nmessage_of(rec);

	if (d == NULL)
		return 0;
	return d->nfindings < room ? d->nfindings : room;
}

/* Finding i of the body: the snapshot's own first, then the message's. */
static const struct vu_finding *finding_at(const struct vu_ring_record *rec,
                                           const struct vu_decoded *d, size_t i)
{
	size_t own = nfindings_of(rec, d);

	return i < own ? &d->findings[i] : &rec->message_findings[i - own];
}

static const char *finding_key(uint16_t code)
{
	size_t n;
	const struct vu_finding_def *defs = vu_finding_defs(&n);

	return code < n && defs[code].key != NULL ? defs[code].key : "";
}

size_t vu_ring_record_size(const struct vu_ring_record *rec, const struct vu_decoded *findings)
{
	size_t size = VU_RING_RECORD_FIXED;

	for (size_t i = 0; i < nchains_of(&rec->snap); i++)
		size += chain_size(&rec->snap.chains[i]);
	for (size_t i = 0; i < nfindings_of(rec, findings) + nmessage_of(rec); i++) {
		const struct vu_finding *f = finding_at(rec, findings, i);

		size += FINDING_FIXED + strlen(finding_key(f->code)) +
		        strnlen(f->text, sizeof(f->text));
	}
	return size;
}

size_t vu_ring_record_encode(const struct vu_ring_record *rec, const struct vu_decoded *findings,
                             uint8_t *buf, size_t cap)
{
	const struct vu_ring_snapshot *snap = &rec->snap;
	size_t need = vu_ring_record_size(rec, findings);
	uint8_t *p = buf;
	uint8_t flags = 0;

	if (cap < need)
		return 0;
	memset(buf, 0, need);
	flags |= snap->packed ? F_PACKED : 0;
	flags |= snap->event_idx ? F_EVENT_IDX : 0;
	flags |= snap->settled ? F_SETTLED : 0;
	flags |= snap->avail_wrap ? F_AVAIL_WRAP : 0;
	flags |= snap->used_wrap ? F_USED_WRAP : 0;
	flags |= rec->stalled ? F_STALLED : 0;
	p = vu_put_le(p, VU_RING_RECORD_VERSION, 1);
	p = vu_put_le(p, snap->status, 1);
	p = vu_put_le(p, snap->part, 1);
	p = vu_put_le(p, flags, 1);
	p = vu_put_le(p, snap->vring, 2);
	p = vu_put_le(p, snap->num, 2);
	p = vu_put_le(p, snap->avail_flags, 2);
	p = vu_put_le(p, snap->avail_idx, 2);
	p = vu_put_le(p, snap->used_flags, 2);
	p = vu_put_le(p, snap->used_idx, 2);
	p = vu_put_le(p, snap->used_event, 2);
	p = vu_put_le(p, snap->avail_event, 2);
	p = vu_put_le(p, snap->avail_pos, 2);
	p = vu_put_le(p, snap->used_pos, 2);
	p = vu_put_le(p, snap->driver_event_off_wrap, 2);
	p = vu_put_le(p, snap->driver_event_flags, 2);
	p = vu_put_le(p, snap->device_event_off_wrap, 2);
	p = vu_put_le(p, snap->device_event_flags, 2);
	p = vu_put_le(p, snap->inflight, 4);
	p = vu_put_le(p, rec->cause, 4);
	p = vu_put_le(p, rec->cause_frame, 8);
	p = vu_put_le(p, rec->stalled_ns, 8);
	p = vu_put_le(p, rec->completed, 8);
	p = vu_put_le(p, rec->longest_still_ns, 8);
	p = vu_put_le(p, rec->most_inflight, 4);
	p = vu_put_le(p, nchains_of(snap), 1);
	p = vu_put_le(p, nfindings_of(rec, findings) + nmessage_of(rec), 1);
	p = vu_put_le(p, nmessage_of(rec), 1);
	p += 1;
	for (size_t i = 0; i < nchains_of(snap); i++) {
		const struct vu_ring_chain *c = &snap->chains[i];
		uint32_t nkept = c->nkept < VU_RING_MAX_DESCS ? c->nkept : VU_RING_MAX_DESCS;

		p = vu_put_le(p, c->head, 2);
		p = vu_put_le(p, c->id, 2);
		p = vu_put_le(p, c->status, 1);
		p = vu_put_le(p, c->unmapped, 1);
		p = vu_put_le(p, nkept, 1);
		p += 1;
		p = vu_put_le(p, c->ndescs, 4);
		p += 4;
		p = vu_put_le(p, c->readable, 8);
		p = vu_put_le(p, c->writable, 8);
		p = vu_put_le(p, c->bad_addr, 8);
		for (uint32_t k = 0; k < nkept; k++) {
			const struct vu_ring_desc *dd = &c->descs[k];

			p = vu_put_le(p, dd->addr, 8);
			p = vu_put_le(p, dd->len, 4);
			p = vu_put_le(p, dd->flags, 2);
			p = vu_put_le(p, dd->next, 2);
			p = vu_put_le(p, dd->indirect ? 1 : 0, 1);
			p = vu_put_le(p, dd->where, 1);
			p = vu_put_le(p, dd->region, 2);
			p += 4;
		}
	}
	for (size_t i = 0; i < nfindings_of(rec, findings) + nmessage_of(rec); i++) {
		const struct vu_finding *f = finding_at(rec, findings, i);
		const char *key = finding_key(f->code);
		size_t key_len = strlen(key), text_len = strnlen(f->text, sizeof(f->text));

		p = vu_put_le(p, key_len, 2);
		p = vu_put_le(p, text_len, 2);
		p = vu_put_le(p, f->offset, 2);
		p = vu_put_le(p, f->length, 2);
		p = vu_put_le(p, f->frame, 8);
		memcpy(p, key, key_len);
		p += key_len;
		memcpy(p, f->text, text_len);
		p += text_len;
	}
	return need;
}

/* The finding of key (len bytes, not NUL-terminated), or -1. */
static int finding_code(const uint8_t *key, size_t len)
{
	size_t n;
	const struct vu_finding_def *defs = vu_finding_defs(&n);

	for (size_t i = 0; i < n; i++)
		if (defs[i].key != NULL && strlen(defs[i].key) == len &&
		    memcmp(defs[i].key, key, len) == 0)
			return (int)i;
	return -1;
}

static bool decode_chain(struct vu_reader *r, size_t *at, struct vu_ring_chain *c)
{
	uint8_t nkept, indirect;

	if (!vu_reader_has(r, *at, CHAIN_FIXED))
		return false;
	vu_reader_u16(r, *at, &c->head);
	vu_reader_u16(r, *at + 2, &c->id);
	vu_reader_u8(r, *at + 4, &c->status);
	vu_reader_u8(r, *at + 5, &c->unmapped);
	vu_reader_u8(r, *at + 6, &nkept);
	vu_reader_u32(r, *at + 8, &c->ndescs);
	vu_reader_u64(r, *at + 16, &c->readable);
	vu_reader_u64(r, *at + 24, &c->writable);
	vu_reader_u64(r, *at + 32, &c->bad_addr);
	if (c->status > VU_CHAIN_RACED || c->unmapped > VU_MEM_UNREADABLE ||
	    nkept > VU_RING_MAX_DESCS || nkept > c->ndescs)
		return false;
	*at += CHAIN_FIXED;
	if (!vu_reader_has(r, *at, (size_t)nkept * DESC_SIZE))
		return false;
	c->nkept = nkept;
	for (uint8_t k = 0; k < nkept; k++, *at += DESC_SIZE) {
		struct vu_ring_desc *dd = &c->descs[k];

		vu_reader_u64(r, *at, &dd->addr);
		vu_reader_u32(r, *at + 8, &dd->len);
		vu_reader_u16(r, *at + 12, &dd->flags);
		vu_reader_u16(r, *at + 14, &dd->next);
		vu_reader_u8(r, *at + 16, &indirect);
		vu_reader_u8(r, *at + 17, &dd->where);
		vu_reader_u16(r, *at + 18, &dd->region);
		if (indirect > 1 || dd->where > VU_MEM_UNREADABLE)
			return false;
		dd->indirect = indirect != 0;
	}
	return true;
}

bool vu_ring_record_decode(const uint8_t *buf, size_t len, struct vu_ring_record *rec,
                           struct vu_decoded *findings)
{
	struct vu_ring_snapshot *snap = &rec->snap;
	struct vu_reader r;
	uint8_t version, flags, nchains, nfindings, nmessage;
	size_t at = VU_RING_RECORD_FIXED;

	memset(rec, 0, sizeof(*rec));
	if (findings != NULL)
		vu_decoded_reset(findings);
	vu_reader_init(&r, buf, len);
	if (!vu_reader_has(&r, 0, VU_RING_RECORD_FIXED))
		return false;
	vu_reader_u8(&r, 0, &version);
	if (version != VU_RING_RECORD_VERSION)
		return false;
	vu_reader_u8(&r, 1, &snap->status);
	vu_reader_u8(&r, 2, &snap->part);
	vu_reader_u8(&r, 3, &flags);
	vu_reader_u16(&r, 4, &snap->vring);
	vu_reader_u16(&r, 6, &snap->num);
	vu_reader_u16(&r, 8, &snap->avail_flags);
	vu_reader_u16(&r, 10, &snap->avail_idx);
	vu_reader_u16(&r, 12, &snap->used_flags);
	vu_reader_u16(&r, 14, &snap->used_idx);
	vu_reader_u16(&r, 16, &snap->used_event);
	vu_reader_u16(&r, 18, &snap->avail_event);
	vu_reader_u16(&r, 20, &snap->avail_pos);
	vu_reader_u16(&r, 22, &snap->used_pos);
	vu_reader_u16(&r, 24, &snap->driver_event_off_wrap);
	vu_reader_u16(&r, 26, &snap->driver_event_flags);
	vu_reader_u16(&r, 28, &snap->device_event_off_wrap);
	vu_reader_u16(&r, 30, &snap->device_event_flags);
	vu_reader_u32(&r, 32, &snap->inflight);
	vu_reader_u32(&r, 36, &rec->cause);
	vu_reader_u64(&r, 40, &rec->cause_frame);
	vu_reader_u64(&r, 48, &rec->stalled_ns);
	vu_reader_u64(&r, 56, &rec->completed);
	vu_reader_u64(&r, 64, &rec->longest_still_ns);
	vu_reader_u32(&r, 72, &rec->most_inflight);
	vu_reader_u8(&r, 76, &nchains);
	vu_reader_u8(&r, 77, &nfindings);
	vu_reader_u8(&r, 78, &nmessage);
	if (snap->status > VU_RING_UNREADABLE || snap->part > VU_RING_PART_USED ||
	    (flags &
	     ~(F_PACKED | F_EVENT_IDX | F_SETTLED | F_AVAIL_WRAP | F_USED_WRAP | F_STALLED)) != 0 ||
	    snap->vring >= VU_MAX_VRINGS || nchains > VU_RING_MAX_CHAINS ||
	    nfindings > VU_MAX_FINDINGS || nmessage > nfindings ||
	    nmessage > VU_RING_RECORD_MESSAGE_FINDINGS)
		return false;
	snap->packed = flags & F_PACKED;
	snap->event_idx = flags & F_EVENT_IDX;
	snap->settled = flags & F_SETTLED;
	snap->avail_wrap = flags & F_AVAIL_WRAP;
	snap->used_wrap = flags & F_USED_WRAP;
	rec->stalled = flags & F_STALLED;
	for (uint8_t i = 0; i < nchains; i++)
		if (!decode_chain(&r, &at, &snap->chains[i]))
			return false;
	snap->nchains = nchains;
	for (uint8_t i = 0; i < nfindings; i++) {
		uint16_t key_len, text_len, offset, length;
		uint64_t frame;
		const uint8_t *key, *text;
		int code;
		/* The last nmessage are about the message that took the snapshot. */
		bool on_message = i >= nfindings - nmessage;
		struct vu_finding *f = NULL;

		if (!vu_reader_u16(&r, at, &key_len) || !vu_reader_u16(&r, at + 2, &text_len) ||
		    !vu_reader_u16(&r, at + 4, &offset) || !vu_reader_u16(&r, at + 6, &length) ||
		    !vu_reader_u64(&r, at + 8, &frame) || key_len > FINDING_KEY_MAX ||
		    text_len >= VU_FINDING_TEXT)
			return false;
		key = vu_reader_bytes(&r, at + FINDING_FIXED, key_len);
		text = vu_reader_bytes(&r, at + FINDING_FIXED + key_len, text_len);
		if ((key == NULL && key_len > 0) || (text == NULL && text_len > 0))
			return false;
		at += FINDING_FIXED + key_len + text_len;
		code = key != NULL ? finding_code(key, key_len) : -1;
		if (code < 0)
			continue;
		if (on_message)
			f = &rec->message_findings[rec->nmessage_findings++];
		else if (findings != NULL)
			f = &findings->findings[findings->nfindings++];
		if (f == NULL)
			continue;
		memset(f, 0, sizeof(*f));
		f->code = (uint16_t)code;
		f->offset = offset;
		f->length = length;
		f->frame = frame;
		if (text_len > 0)
			memcpy(f->text, text, text_len);
	}
	/* Bytes after the findings are what a later addition appends: skipped. */
	return true;
}
