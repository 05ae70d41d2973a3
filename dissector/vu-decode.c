/*
 * The decoder: one message in, a tree of typed fields with byte offsets out,
 * and beside it the payload's values, typed, for the session (struct
 * vu_values). A table (vu-requests.def) says what each request and reply
 * carries; one function per payload layout, found by payload kind, turns the
 * bytes into fields. Every byte is read through the bounds-checked reader,
 * and a message decodes as far as it is valid: what is missing, oversized or
 * unknown is marked with a finding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dissector/vu-dissector.h"

#define PAYLOAD           VU_HDR_SIZE /* payload offsets below are relative to this */
#define REGION_SIZE       32u
#define XEN_REGION_SIZE   40u
#define IOTLB_MIN_SIZE    26u /* the fields; sizeof() pads it to 32 */
#define IOTLB_SIZE        32u
#define SHMEM_MAX_REGIONS 256u

struct decoder {
	struct vu_reader r; /* over the message, cut at the header's size */
	struct vu_decoded *d;
	const struct vu_decode_context *ctx;
	size_t payload_len; /* payload bytes present (<= size) */
	uint8_t depth;
};

/* ---- findings ------------------------------------------------------------ */

/* A finding's sentence is cut to its buffer; the cut is harmless. */
static void copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

void vu_decoded_add_finding(struct vu_decoded *d, enum vu_finding_code code, uint16_t offset,
                            uint16_t length, const char *text)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	struct vu_finding *f;

	if ((size_t)code >= count || d->nfindings >= VU_MAX_FINDINGS)
		return;
	f = &d->findings[d->nfindings++];
	f->code = (uint16_t)code;
	f->offset = offset;
	f->length = length;
	f->frame = 0;
	copy_text(f->text, sizeof(f->text), text != NULL ? text : defs[code].text);
}

/* The table's sentence, then " (detail)" unless the detail is empty. */
__attribute__((format(printf, 4, 0))) static void
format_finding(char *text, size_t cap, enum vu_finding_code code, const char *fmt, va_list ap)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	char detail[VU_FINDING_TEXT];

	vsnprintf(detail, sizeof(detail), fmt, ap);
	if (detail[0] != '\0')
		snprintf(text, cap, "%s (%s)", defs[code].text, detail);
	else
		snprintf(text, cap, "%s", defs[code].text);
}

struct vu_finding *vu_decoded_add_findingf(struct vu_decoded *d, enum vu_finding_code code,
                                           uint16_t offset, uint16_t length, const char *fmt, ...)
{
	char text[2 * VU_FINDING_TEXT + 4];
	size_t before = d->nfindings;
	va_list ap;

	if (code >= VU_FIND_COUNT)
		return NULL;
	va_start(ap, fmt);
	format_finding(text, sizeof(text), code, fmt, ap);
	va_end(ap);
	vu_decoded_add_finding(d, code, offset, length, text);
	return d->nfindings > before ? &d->findings[before] : NULL;
}

void vu_decoded_reset(struct vu_decoded *d)
{
	memset(d, 0, offsetof(struct vu_decoded, fields));
	d->nfields = 0;
	d->nfindings = 0;
	d->latency_ns = 0;
}

/* A malformed.* finding also marks the message and gives its reason, even
 * when there is no room left to list it. */
static void add_finding(struct decoder *dc, enum vu_finding_code code, size_t offset, size_t length,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_finding(struct decoder *dc, enum vu_finding_code code, size_t offset, size_t length,
                        const char *fmt, ...)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	char text[2 * VU_FINDING_TEXT + 4];
	va_list ap;

	va_start(ap, fmt);
	format_finding(text, sizeof(text), code, fmt, ap);
	va_end(ap);
	vu_decoded_add_finding(dc->d, code, (uint16_t)(offset > UINT16_MAX ? UINT16_MAX : offset),
	                       (uint16_t)(length > UINT16_MAX ? UINT16_MAX : length), text);
	if (strncmp(defs[code].key, "malformed.", 10) == 0 && !dc->d->malformed) {
		dc->d->malformed = true;
		copy_text(dc->d->malformed_reason, sizeof(dc->d->malformed_reason), text);
	}
}

/* ---- emitting fields -------------------------------------------------- */

static struct vu_field *emit(struct decoder *dc, enum vu_field_id id, size_t offset, size_t length,
                             uint64_t value)
{
	struct vu_decoded *d = dc->d;
	struct vu_field *f;

	if (d->nfields >= VU_MAX_FIELDS)
		return NULL;
	f = &d->fields[d->nfields++];
	f->id = (uint16_t)id;
	f->depth = dc->depth;
	f->pad = 0;
	f->offset = (uint16_t)offset;
	f->length = (uint16_t)length;
	f->value = value;
	return f;
}

/* Read an n-byte little-endian number at message offset at and emit it.
 * Returns false (and emits nothing) when the bytes are not there. */
static bool emit_number_at(struct decoder *dc, enum vu_field_id id, size_t at, size_t n,
                           uint64_t *out)
{
	uint64_t v = 0;
	bool ok;

	switch (n) {
	case sizeof(uint8_t): {
		uint8_t x;
		ok = vu_reader_u8(&dc->r, at, &x);
		v = x;
		break;
	}
	case sizeof(uint16_t): {
		uint16_t x;
		ok = vu_reader_u16(&dc->r, at, &x);
		v = x;
		break;
	}
	case sizeof(uint32_t): {
		uint32_t x;
		ok = vu_reader_u32(&dc->r, at, &x);
		v = x;
		break;
	}
	default:
		ok = vu_reader_u64(&dc->r, at, &v);
		break;
	}
	if (out != NULL)
		*out = v;
	if (ok)
		emit(dc, id, at, n, v);
	return ok;
}

/* The same at payload offset off. */
static bool emit_number(struct decoder *dc, enum vu_field_id id, size_t off, size_t n,
                        uint64_t *out)
{
	return emit_number_at(dc, id, PAYLOAD + off, n, out);
}

/* A value carved out of a number already read (flag bits, packed fields),
 * at message offset at. */
static void emit_child_at(struct decoder *dc, enum vu_field_id id, size_t at, size_t n,
                          uint64_t value)
{
	dc->depth++;
	emit(dc, id, at, n, value);
	dc->depth--;
}

static void emit_child(struct decoder *dc, enum vu_field_id id, size_t off, size_t n,
                       uint64_t value)
{
	emit_child_at(dc, id, PAYLOAD + off, n, value);
}

/* Raw bytes at payload offset off, as many of n as are present; the field, or
 * NULL when none are. */
static struct vu_field *emit_bytes(struct decoder *dc, enum vu_field_id id, size_t off, size_t n)
{
	size_t have = off < dc->payload_len ? dc->payload_len - off : 0;

	if (n > have) {
		/* A MAC or UUID is whole or it is not there. */
		if (vu_field_def(id)->type != VU_FT_BYTES)
			return NULL;
		n = have;
	}
	if (n > 0 && vu_reader_bytes(&dc->r, PAYLOAD + off, n) != NULL)
		return emit(dc, id, PAYLOAD + off, n, 0);
	return NULL;
}

/* emit_number at payload offset off that also keeps the value in the typed
 * view: *kept and the has bit, when the bytes are there. */
static bool emit_kept(struct decoder *dc, enum vu_field_id id, size_t off, size_t n,
                      enum vu_has bit, uint64_t *kept)
{
	uint64_t v;

	if (!emit_number(dc, id, off, n, &v))
		return false;
	*kept = v;
	dc->d->values.has |= (uint32_t)bit;
	return true;
}

/*
 * A reply whose size real front-ends accept though the spec's layout has
 * want bytes (the row's .reply_tolerance says which and why): decoded as far
 * as its bytes go, bytes beyond the layout kept as extra (id), and only a
 * note that names the difference. Returns false when the row has no such
 * tolerance (the size is then checked).
 */
static bool size_tolerated(struct decoder *dc, size_t want, enum vu_field_id id)
{
	const struct vu_decoded *d = dc->d;

	if (!d->reply || d->info == NULL || d->info->reply_tolerance == NULL)
		return false;
	add_finding(dc, VU_FIND_REPLY_SIZE_TOLERATED, PAYLOAD, d->size, "%u bytes, spec %zu; %s",
	            d->size, want, d->info->reply_tolerance);
	if (d->size > want)
		emit_bytes(dc, id, want, d->size - want);
	return true;
}

/* The payload must be exactly want bytes; more is kept as extra bytes. */
static void expect_size(struct decoder *dc, size_t want)
{
	uint32_t size = dc->d->size;

	if (size != want && size_tolerated(dc, want, VU_FIELD_PAYLOAD_EXTRA))
		return;
	if (size < want)
		add_finding(dc, VU_FIND_PAYLOAD_SIZE, PAYLOAD, size,
		            "%s needs %zu bytes, size is %u",
		            vu_payload_kind_name(dc->d->payload_kind), want, size);
	else if (size > want) {
		add_finding(dc, VU_FIND_PAYLOAD_SIZE, PAYLOAD + want, size - want,
		            "%s is %zu bytes, size is %u",
		            vu_payload_kind_name(dc->d->payload_kind), want, size);
		emit_bytes(dc, VU_FIELD_PAYLOAD_EXTRA, want, size - want);
	}
}

/* ---- one function per payload layout (reference §4) -------------------- */

static void decode_u64_as(struct decoder *dc, enum vu_field_id id)
{
	emit_kept(dc, id, 0, 8, VU_HAS_NUMBER, &dc->d->values.number);
	expect_size(dc, 8);
}

static void decode_features(struct decoder *dc)
{
	decode_u64_as(dc, VU_FIELD_FEATURES);
}

static void decode_protocol_features(struct decoder *dc)
{
	decode_u64_as(dc, VU_FIELD_PROTOCOL_FEATURES);
}

static void decode_status(struct decoder *dc)
{
	decode_u64_as(dc, VU_FIELD_STATUS);
}

/* Which field a plain u64 or a vring state's second word is: the request's
 * row says, for the request and for its reply. (The GPU socket's protocol
 * features are its own bits, EDID and DMABUF2, not vhost-user's: a plain
 * number.) */
static enum vu_field_id value_field(const struct vu_decoded *d)
{
	return d->reply ? d->info->reply_field : d->info->request_field;
}

static void decode_u64(struct decoder *dc)
{
	enum vu_field_id id = value_field(dc->d);
	uint64_t *v = &dc->d->values.number;

	if (emit_kept(dc, id, 0, 8, VU_HAS_NUMBER, v) && id == VU_FIELD_RESULT && *v != 0)
		add_finding(dc, VU_FIND_REPLY_FAILURE, PAYLOAD, 8, "result %llu",
		            (unsigned long long)*v);
	expect_size(dc, 8);
}

static void decode_ack(struct decoder *dc)
{
	uint64_t *v = &dc->d->values.number;

	if (emit_kept(dc, VU_FIELD_ACK, 0, 8, VU_HAS_NUMBER, v) && *v != 0)
		add_finding(dc, VU_FIND_REPLY_FAILURE, PAYLOAD, 8, "REPLY_ACK %llu",
		            (unsigned long long)*v);
	expect_size(dc, 8);
}

static void decode_vring_state(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;
	enum vu_field_id id = value_field(dc->d);
	uint64_t num = 0;

	emit_kept(dc, VU_FIELD_VRING_INDEX, 0, 4, VU_HAS_VRING_INDEX, &p->vring_index);
	if (emit_kept(dc, id, 4, 4, VU_HAS_VRING_NUM, &num))
		p->vring_num = num;
	/* A packed ring's base is two 15-bit indexes and their wrap counters. */
	if ((p->has & VU_HAS_VRING_NUM) && id == VU_FIELD_VRING_BASE && dc->ctx != NULL &&
	    dc->ctx->ring_packed) {
		emit_child(dc, VU_FIELD_VRING_BASE_AVAIL_IDX, 4, 4, num & 0x7fff);
		emit_child(dc, VU_FIELD_VRING_BASE_AVAIL_WRAP, 4, 4, (num >> 15) & 1);
		emit_child(dc, VU_FIELD_VRING_BASE_USED_IDX, 4, 4, (num >> 16) & 0x7fff);
		emit_child(dc, VU_FIELD_VRING_BASE_USED_WRAP, 4, 4, (num >> 31) & 1);
	}
	expect_size(dc, 8);
}

static void decode_vring_addr(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;

	emit_kept(dc, VU_FIELD_VRING_INDEX, 0, 4, VU_HAS_VRING_INDEX, &p->vring_index);
	if (emit_kept(dc, VU_FIELD_VRING_ADDR_FLAGS, 4, 4, VU_HAS_VRING_ADDR_FLAGS,
	              &p->vring_addr.flags))
		emit_child(dc, VU_FIELD_VRING_ADDR_FLAGS_LOG, 4, 4, p->vring_addr.flags & 1);
	emit_kept(dc, VU_FIELD_VRING_DESC, 8, 8, VU_HAS_VRING_DESC, &p->vring_addr.desc);
	emit_kept(dc, VU_FIELD_VRING_USED, 16, 8, VU_HAS_VRING_USED, &p->vring_addr.used);
	emit_kept(dc, VU_FIELD_VRING_AVAIL, 24, 8, VU_HAS_VRING_AVAIL, &p->vring_addr.avail);
	emit_kept(dc, VU_FIELD_VRING_LOG, 32, 8, VU_HAS_VRING_LOG, &p->vring_addr.log);
	expect_size(dc, 40);
}

/* u64 with a ring index in bits 0-7 and NOFD in bit 8 (SET_VRING_KICK/CALL/ERR,
 * the first word of a vring area). Returns whether an fd is expected. */
static bool decode_vring_file_word(struct decoder *dc, size_t off)
{
	struct vu_values *p = &dc->d->values;
	uint64_t v;

	if (!emit_number(dc, VU_FIELD_VRING_FILE, off, 8, &v))
		return true;
	p->vring_index = v & VU_VRING_IDX_MASK;
	p->vring_nofd = (v & VU_VRING_NOFD_MASK) != 0;
	p->has |= VU_HAS_VRING_INDEX | VU_HAS_VRING_NOFD;
	emit_child(dc, VU_FIELD_VRING_INDEX, off, 8, p->vring_index);
	emit_child(dc, VU_FIELD_VRING_NOFD, off, 8, p->vring_nofd);
	return !p->vring_nofd;
}

static void check_fd_count(struct decoder *dc, unsigned want_min, unsigned want_max,
                           const char *why)
{
	unsigned n = dc->d->nfds;

	if (n < want_min || n > want_max) {
		if (want_min == want_max)
			add_finding(dc, VU_FIND_FD_COUNT, 0, 0, "%u fds, %s needs %u", n, why,
			            want_min);
		else
			add_finding(dc, VU_FIND_FD_COUNT, 0, 0, "%u fds, %s allows %u-%u", n, why,
			            want_min, want_max);
	}
}

static void decode_vring_file(struct decoder *dc)
{
	bool want_fd = decode_vring_file_word(dc, 0);

	expect_size(dc, 8);
	if (dc->r.len >= PAYLOAD + 8)
		check_fd_count(dc, want_fd ? 1 : 0, want_fd ? 1 : 0,
		               want_fd ? "a ring fd without NOFD" : "NOFD");
}

/* One whole region (the caller checked that its bytes are there). */
static void decode_region(struct decoder *dc, size_t off, size_t region_size)
{
	struct vu_values *p = &dc->d->values;
	struct vu_field *subtree = emit(dc, VU_FIELD_MEM_REGION, PAYLOAD + off, region_size, 0);
	struct vu_region_values unkept, *r;

	if (subtree == NULL)
		return;
	r = p->nregions < VU_MAX_REGIONS ? &p->regions[p->nregions++] : &unkept;
	dc->depth++;
	emit_number(dc, VU_FIELD_MEM_GUEST_ADDR, off, 8, &r->guest_addr);
	emit_number(dc, VU_FIELD_MEM_SIZE, off + 8, 8, &r->size);
	emit_number(dc, VU_FIELD_MEM_USER_ADDR, off + 16, 8, &r->user_addr);
	emit_number(dc, VU_FIELD_MEM_MMAP_OFFSET, off + 24, 8, &r->mmap_offset);
	if (region_size == XEN_REGION_SIZE) {
		emit_number(dc, VU_FIELD_MEM_XEN_FLAGS, off + 32, 4, NULL);
		emit_number(dc, VU_FIELD_MEM_XEN_DOMID, off + 36, 4, NULL);
	}
	dc->depth--;
}

/* 32-byte regions, or 40 with Xen: from the session, or from the size when the
 * size only fits the Xen layout. */
static size_t region_size_for(const struct decoder *dc, uint64_t nregions, size_t fixed)
{
	uint32_t size = dc->d->size;

	if (dc->ctx != NULL && dc->ctx->xen_mmap)
		return XEN_REGION_SIZE;
	if (nregions > 0 && nregions <= VU_MAX_REGIONS &&
	    size == fixed + nregions * XEN_REGION_SIZE && size != fixed + nregions * REGION_SIZE)
		return XEN_REGION_SIZE;
	return REGION_SIZE;
}

static void decode_mem_table(struct decoder *dc)
{
	uint64_t nregions;
	size_t rsize, shown;

	if (!emit_number(dc, VU_FIELD_MEM_NREGIONS, 0, 4, &nregions)) {
		expect_size(dc, 8);
		return;
	}
	emit_number(dc, VU_FIELD_MEM_PADDING, 4, 4, NULL);
	rsize = region_size_for(dc, nregions, 8);
	shown = nregions;
	if (nregions > VU_MAX_REGIONS) {
		add_finding(dc, VU_FIND_VALUE_RANGE, PAYLOAD, 4, "%llu regions, at most %u",
		            (unsigned long long)nregions, VU_MAX_REGIONS);
		shown = VU_MAX_REGIONS;
	}
	for (size_t i = 0; i < shown && 8 + (i + 1) * rsize <= dc->payload_len; i++)
		decode_region(dc, 8 + i * rsize, rsize);
	/* Senders put 8 + n regions, or the whole 8-region struct. */
	if (dc->d->size != 8 + shown * rsize && dc->d->size != 8 + VU_MAX_REGIONS * rsize)
		add_finding(dc, VU_FIND_PAYLOAD_SIZE, PAYLOAD, dc->d->size,
		            "%zu regions need %zu bytes, size is %u", shown, 8 + shown * rsize,
		            dc->d->size);
	if (!dc->d->reply)
		check_fd_count(dc, (unsigned)shown, (unsigned)shown, "one fd per region");
}

static void decode_mem_region(struct decoder *dc)
{
	size_t rsize = region_size_for(dc, 1, 8);

	emit_number(dc, VU_FIELD_MEM_PADDING, 0, 8, NULL);
	if (dc->payload_len >= 8 + rsize)
		decode_region(dc, 8, rsize);
	expect_size(dc, 8 + rsize);
}

static void decode_log(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;

	emit_kept(dc, VU_FIELD_LOG_MMAP_SIZE, 0, 8, VU_HAS_LOG_SIZE, &p->log.size);
	emit_kept(dc, VU_FIELD_LOG_MMAP_OFFSET, 8, 8, VU_HAS_LOG_OFFSET, &p->log.offset);
	expect_size(dc, 16);
}

static void decode_iotlb(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;

	emit_kept(dc, VU_FIELD_IOTLB_IOVA, 0, 8, VU_HAS_IOTLB_IOVA, &p->iotlb.iova);
	emit_kept(dc, VU_FIELD_IOTLB_SIZE, 8, 8, VU_HAS_IOTLB_SIZE, &p->iotlb.size);
	emit_kept(dc, VU_FIELD_IOTLB_UADDR, 16, 8, VU_HAS_IOTLB_UADDR, &p->iotlb.uaddr);
	emit_kept(dc, VU_FIELD_IOTLB_PERM, 24, 1, VU_HAS_IOTLB_PERM, &p->iotlb.perm);
	emit_kept(dc, VU_FIELD_IOTLB_TYPE, 25, 1, VU_HAS_IOTLB_TYPE, &p->iotlb.type);
	/* QEMU and crosvm send sizeof(struct vhost_iotlb_msg), 32 with its tail
	 * padding; the readers take fewer bytes: QEMU's backend_read and DPDK's
	 * vhost_user_iotlb_msg read whatever size came into a zeroed payload
	 * and check none. The fields end at 26. */
	if (dc->d->size < IOTLB_MIN_SIZE || dc->d->size > IOTLB_SIZE)
		expect_size(dc, IOTLB_SIZE);
}

static void decode_config(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;
	struct vu_field *data;
	uint64_t len;

	emit_kept(dc, VU_FIELD_CONFIG_OFFSET, 0, 4, VU_HAS_CONFIG_OFFSET, &p->config.offset);
	if (!emit_kept(dc, VU_FIELD_CONFIG_SIZE, 4, 4, VU_HAS_CONFIG_SIZE, &p->config.size)) {
		expect_size(dc, 12);
		return;
	}
	len = p->config.size;
	emit_kept(dc, VU_FIELD_CONFIG_FLAGS, 8, 4, VU_HAS_CONFIG_FLAGS, &p->config.flags);
	if (len > VU_MAX_CONFIG_SIZE) {
		add_finding(dc, VU_FIND_VALUE_RANGE, PAYLOAD + 4, 4, "config size %llu, at most %u",
		            (unsigned long long)len, VU_MAX_CONFIG_SIZE);
		len = VU_MAX_CONFIG_SIZE;
	}
	data = emit_bytes(dc, VU_FIELD_CONFIG_DATA, 12, len);
	if (data != NULL) {
		p->config.data_offset = data->offset;
		p->config.data_length = data->length;
		p->has |= VU_HAS_CONFIG_DATA;
	}
	expect_size(dc, 12 + len);
}

static void decode_vring_area(struct decoder *dc)
{
	bool want_fd = decode_vring_file_word(dc, 0);

	emit_number(dc, VU_FIELD_VRING_AREA_SIZE, 8, 8, NULL);
	emit_number(dc, VU_FIELD_VRING_AREA_OFFSET, 16, 8, NULL);
	expect_size(dc, 24);
	if (!dc->d->reply && dc->r.len >= PAYLOAD + 8)
		check_fd_count(dc, want_fd ? 1 : 0, want_fd ? 1 : 0,
		               want_fd ? "a notifier fd without NOFD" : "NOFD");
}

static void decode_inflight(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;

	emit_kept(dc, VU_FIELD_INFLIGHT_MMAP_SIZE, 0, 8, VU_HAS_INFLIGHT_MMAP_SIZE,
	          &p->inflight.mmap_size);
	emit_kept(dc, VU_FIELD_INFLIGHT_MMAP_OFFSET, 8, 8, VU_HAS_INFLIGHT_MMAP_OFFSET,
	          &p->inflight.mmap_offset);
	emit_kept(dc, VU_FIELD_INFLIGHT_NUM_QUEUES, 16, 2, VU_HAS_INFLIGHT_NUM_QUEUES,
	          &p->inflight.num_queues);
	emit_kept(dc, VU_FIELD_INFLIGHT_QUEUE_SIZE, 18, 2, VU_HAS_INFLIGHT_QUEUE_SIZE,
	          &p->inflight.queue_size);
	/* sizeof is 24 with tail padding, and every reader wants 24: QEMU
	 * vhost_user_get_inflight_fd, libvhost-user vu_get/set_inflight_fd and
	 * DPDK vhost_user_get/set_inflight_fd refuse any other size. */
	emit_number(dc, VU_FIELD_INFLIGHT_PADDING, 20, 4, NULL);
	expect_size(dc, 24);
}

static void decode_shared(struct decoder *dc)
{
	emit_bytes(dc, VU_FIELD_SHARED_UUID, 0, 16);
	expect_size(dc, 16);
}

static void decode_device_state(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;

	emit_kept(dc, VU_FIELD_DEVSTATE_DIRECTION, 0, 4, VU_HAS_DEVICE_STATE_DIRECTION,
	          &p->device_state.direction);
	emit_kept(dc, VU_FIELD_DEVSTATE_PHASE, 4, 4, VU_HAS_DEVICE_STATE_PHASE,
	          &p->device_state.phase);
	expect_size(dc, 8);
}

static void decode_device_state_result(struct decoder *dc)
{
	struct vu_values *p = &dc->d->values;
	uint64_t v;

	if (emit_kept(dc, VU_FIELD_DEVSTATE_RESULT, 0, 8, VU_HAS_DEVICE_STATE_RESULT,
	              &p->device_state.result)) {
		v = p->device_state.result;
		emit_child(dc, VU_FIELD_DEVSTATE_ERROR, 0, 8, v & 0xff);
		emit_child(dc, VU_FIELD_DEVSTATE_INVALID_FD, 0, 8, (v & 0x100) != 0);
		if ((v & 0xff) != 0)
			add_finding(dc, VU_FIND_REPLY_FAILURE, PAYLOAD, 8, "error %llu",
			            (unsigned long long)(v & 0xff));
		check_fd_count(dc, (v & 0x1ff) == 0 ? 1 : 0, (v & 0x1ff) == 0 ? 1 : 0,
		               (v & 0x1ff) == 0 ? "a successful reply"
		                                : "an error or invalid-fd reply");
	}
	expect_size(dc, 8);
}

/* The session info structs are QEMU-internal (reference §4.15): keep them as
 * bytes between the op code and the trailing session id. */
static void decode_crypto_session(struct decoder *dc)
{
	uint32_t size = dc->d->size;
	uint64_t id;

	emit_number(dc, VU_FIELD_CRYPTO_OP_CODE, 0, 8, NULL);
	if (size < 16) {
		expect_size(dc, 16);
		return;
	}
	emit_bytes(dc, VU_FIELD_CRYPTO_SESSION_INFO, 8, size - 16);
	if (emit_number(dc, VU_FIELD_CRYPTO_SESSION_ID, size - 8, 8, &id) && dc->d->reply &&
	    (int64_t)id < 0)
		add_finding(dc, VU_FIND_REPLY_FAILURE, PAYLOAD + size - 8, 8, "session id %lld",
		            (long long)(int64_t)id);
}

static void decode_mmap(struct decoder *dc)
{
	uint64_t flags;

	emit_number(dc, VU_FIELD_MMAP_SHMID, 0, 1, NULL);
	emit_bytes(dc, VU_FIELD_MMAP_PADDING, 1, 7);
	emit_number(dc, VU_FIELD_MMAP_FD_OFFSET, 8, 8, NULL);
	emit_number(dc, VU_FIELD_MMAP_SHM_OFFSET, 16, 8, NULL);
	emit_number(dc, VU_FIELD_MMAP_LEN, 24, 8, NULL);
	if (emit_number(dc, VU_FIELD_MMAP_FLAGS, 32, 8, &flags))
		emit_child(dc, VU_FIELD_MMAP_FLAGS_RW, 32, 8, flags & 1);
	expect_size(dc, 40);
}

static void decode_shmem_config(struct decoder *dc)
{
	uint64_t nregions, nonzero = 0;

	if (!emit_number(dc, VU_FIELD_SHMEM_NREGIONS, 0, 4, &nregions)) {
		expect_size(dc, 8 + SHMEM_MAX_REGIONS * 8);
		return;
	}
	emit_number(dc, VU_FIELD_SHMEM_PADDING, 4, 4, NULL);
	for (size_t i = 0; i < SHMEM_MAX_REGIONS; i++) {
		uint64_t size;
		size_t off = 8 + i * 8;

		if (!vu_reader_u64(&dc->r, PAYLOAD + off, &size))
			break;
		/* Index = shmid; unused ids (size 0) are not shown. */
		if (size == 0)
			continue;
		nonzero++;
		if (emit(dc, VU_FIELD_SHMEM_REGION, PAYLOAD + off, 8, 0) == NULL)
			break;
		emit_child(dc, VU_FIELD_SHMEM_REGION_ID, off, 8, i);
		emit_child(dc, VU_FIELD_SHMEM_REGION_SIZE, off, 8, size);
	}
	dc->r.overrun = false; /* reading up to the end of a short table is expected */
	if (nonzero != nregions)
		add_finding(dc, VU_FIND_VALUE_RANGE, PAYLOAD, 4, "nregions %llu, %llu sizes set",
		            (unsigned long long)nregions, (unsigned long long)nonzero);
	expect_size(dc, 8 + SHMEM_MAX_REGIONS * 8);
}

static void decode_mac(struct decoder *dc)
{
	emit_bytes(dc, VU_FIELD_RARP_MAC, 0, 6);
	expect_size(dc, 8);
}

static void decode_none(struct decoder *dc)
{
	if (dc->d->size != 0 && !size_tolerated(dc, 0, VU_FIELD_PAYLOAD_DATA)) {
		add_finding(dc, VU_FIND_PAYLOAD_SIZE, PAYLOAD, dc->d->size,
		            "no payload expected, size is %u", dc->d->size);
		emit_bytes(dc, VU_FIELD_PAYLOAD_DATA, 0, dc->d->size);
	}
}

static void decode_raw(struct decoder *dc)
{
	emit_bytes(dc, VU_FIELD_PAYLOAD_DATA, 0, dc->d->size);
}

typedef void (*payload_decoder)(struct decoder *dc);

static const payload_decoder payload_decoders[VU_PAYLOAD_KIND_COUNT] = {
    [VU_PAYLOAD_NONE] = decode_none,
    [VU_PAYLOAD_U64] = decode_u64,
    [VU_PAYLOAD_FEATURES] = decode_features,
    [VU_PAYLOAD_PROTOCOL_FEATURES] = decode_protocol_features,
    [VU_PAYLOAD_VRING_STATE] = decode_vring_state,
    [VU_PAYLOAD_VRING_ADDR] = decode_vring_addr,
    [VU_PAYLOAD_VRING_FILE] = decode_vring_file,
    [VU_PAYLOAD_MEM_TABLE] = decode_mem_table,
    [VU_PAYLOAD_MEM_REGION] = decode_mem_region,
    [VU_PAYLOAD_LOG] = decode_log,
    [VU_PAYLOAD_IOTLB] = decode_iotlb,
    [VU_PAYLOAD_CONFIG] = decode_config,
    [VU_PAYLOAD_VRING_AREA] = decode_vring_area,
    [VU_PAYLOAD_INFLIGHT] = decode_inflight,
    [VU_PAYLOAD_STATUS] = decode_status,
    [VU_PAYLOAD_SHARED] = decode_shared,
    [VU_PAYLOAD_DEVICE_STATE] = decode_device_state,
    [VU_PAYLOAD_DEVICE_STATE_RESULT] = decode_device_state_result,
    [VU_PAYLOAD_CRYPTO_SESSION] = decode_crypto_session,
    [VU_PAYLOAD_MMAP] = decode_mmap,
    [VU_PAYLOAD_SHMEM_CONFIG] = decode_shmem_config,
    [VU_PAYLOAD_MAC] = decode_mac,
    [VU_PAYLOAD_ACK] = decode_ack,
    [VU_PAYLOAD_RAW] = decode_raw,
};

static void decode_payload(struct decoder *dc)
{
	enum vu_payload_kind kind = dc->d->payload_kind;

	if ((size_t)kind < VU_PAYLOAD_KIND_COUNT && payload_decoders[kind] != NULL)
		payload_decoders[kind](dc);
	else
		decode_raw(dc);
}

/* QEMU vhost_user_get_config refuses a GET_CONFIG reply whose size is not
 * its request's ("Received bad msg size"); an empty one is the back-end's
 * failure (checked before). */
static void check_config_reply_size(struct decoder *dc)
{
	const struct vu_decoded *d = dc->d;
	const struct vu_decode_context *ctx = dc->ctx;

	if (!d->reply || d->channel != VU_CHANNEL_MAIN || d->request != VU_REQ_GET_CONFIG ||
	    ctx == NULL || ctx->answered_request != VU_REQ_GET_CONFIG || ctx->answered_size == 0 ||
	    d->size == ctx->answered_size || d->malformed)
		return;
	add_finding(dc, VU_FIND_PAYLOAD_SIZE, PAYLOAD, d->size,
	            "size %u, the request's was %u: QEMU refuses it", d->size, ctx->answered_size);
}

/* ---- the header and the choice of layout ------------------------------- */

static void decode_header(struct decoder *dc)
{
	struct vu_decoded *d = dc->d;
	uint64_t v;

	if (emit_number_at(dc, VU_FIELD_REQUEST, 0, 4, &v))
		d->request = (uint32_t)v;
	if (emit_number_at(dc, VU_FIELD_FLAGS, 4, 4, &v)) {
		d->flags = (uint32_t)v;
		emit_child_at(dc, VU_FIELD_FLAGS_VERSION, 4, 4, v & VU_FLAG_VERSION_MASK);
		emit_child_at(dc, VU_FIELD_FLAGS_REPLY, 4, 4, (v & VU_FLAG_REPLY) != 0);
		emit_child_at(dc, VU_FIELD_FLAGS_NEED_REPLY, 4, 4, (v & VU_FLAG_NEED_REPLY) != 0);
	}
	if (emit_number_at(dc, VU_FIELD_SIZE, 8, 4, &v))
		d->size = (uint32_t)v;
	d->reply = (d->flags & VU_FLAG_REPLY) != 0;
	d->need_reply = (d->flags & VU_FLAG_NEED_REPLY) != 0;
}

/* The layout of a reply: the request's reply body, a REPLY_ACK, or in
 * postcopy the memory layout echoed back (reference §7.9). */
static enum vu_payload_kind reply_kind(const struct vu_decoded *d)
{
	const struct vu_request_info *info = d->info;

	if (info->reply_payload == VU_PAYLOAD_ACK && d->size != 8 &&
	    (info->request_payload == VU_PAYLOAD_MEM_TABLE ||
	     info->request_payload == VU_PAYLOAD_MEM_REGION))
		return info->request_payload;
	return info->reply_payload;
}

static void check_fds(struct decoder *dc)
{
	const struct vu_decoded *d = dc->d;
	const struct vu_request_info *info = d->info;

	if (d->nfds > VU_MAX_FDS)
		add_finding(dc, VU_FIND_FD_TOO_MANY, 0, 0, "%u fds", d->nfds);
	if (info == NULL)
		return;
	/* Layouts that know their fd count check it themselves. */
	if (d->payload_kind == VU_PAYLOAD_VRING_FILE || d->payload_kind == VU_PAYLOAD_MEM_TABLE ||
	    d->payload_kind == VU_PAYLOAD_DEVICE_STATE_RESULT ||
	    (d->payload_kind == VU_PAYLOAD_VRING_AREA && !d->reply && d->size >= 8))
		return;
	if (d->reply)
		check_fd_count(dc, 0, info->reply_fds_max, "this reply");
	else
		check_fd_count(dc, info->request_fds_min, info->request_fds_max, "this request");
}

/* Padding and reserved bits: senders must zero them, so that they can be
 * given a meaning later without breaking old peers. */
static void check_reserved(struct decoder *dc)
{
	const struct vu_decoded *d = dc->d;
	size_t n = d->nfields;

	for (size_t i = 0; i < n; i++) {
		const struct vu_field *f = &d->fields[i];
		uint64_t reserved = 0;
		enum vu_finding_code kind = VU_FIND_RESERVED_NONZERO;

		switch (f->id) {
		case VU_FIELD_MEM_PADDING:
		case VU_FIELD_INFLIGHT_PADDING:
		case VU_FIELD_SHMEM_PADDING:
			reserved = f->value;
			break;
		case VU_FIELD_MMAP_PADDING:
			for (size_t j = 0; j < f->length; j++) {
				uint8_t b = 0;
				if (vu_reader_u8(&dc->r, f->offset + j, &b))
					reserved |= b;
			}
			break;
		case VU_FIELD_VRING_FILE:
			reserved = f->value & ~(uint64_t)(VU_VRING_IDX_MASK | VU_VRING_NOFD_MASK);
			break;
		case VU_FIELD_VRING_ADDR_FLAGS:
			reserved = f->value & ~(uint64_t)1; /* bit 0: LOG */
			break;
		case VU_FIELD_VRING_NUM:
			/* GET_VRING_BASE's num is unused and should be 0; real
			 * peers send other values and no reader looks at it. */
			if (!d->reply && d->info->request_num_reserved) {
				reserved = f->value;
				kind = VU_FIND_RESERVED_IGNORED;
			}
			break;
		default:
			break;
		}
		if (reserved != 0)
			add_finding(dc, kind, f->offset, f->length, "%s = 0x%llx",
			            vu_field_def(f->id)->key, (unsigned long long)reserved);
	}
}

/* Requests travel front->back on the main channel, back->front on the others. */
static enum vu_direction requester(enum vu_channel channel)
{
	return channel == VU_CHANNEL_MAIN ? VU_FROM_FRONT : VU_FROM_BACK;
}

/* What --inject did, first: the findings that follow may be its effect. */
static const struct {
	enum vu_inject bit;
	enum vu_finding_code code;
} inject_findings[] = {
    {.bit = VU_INJECT_DROP, .code = VU_FIND_INJECT_DROP},
    {.bit = VU_INJECT_DELAY, .code = VU_FIND_INJECT_DELAY},
    {.bit = VU_INJECT_CLOSE, .code = VU_FIND_INJECT_CLOSE},
    {.bit = VU_INJECT_CORRUPT, .code = VU_FIND_INJECT_CORRUPT},
    {.bit = VU_INJECT_STRIP_FDS, .code = VU_FIND_INJECT_STRIP_FDS},
    {.bit = VU_INJECT_STALL, .code = VU_FIND_INJECT_STALL},
    {.bit = VU_INJECT_REPLY, .code = VU_FIND_INJECT_REPLY},
};

static void add_inject_findings(struct decoder *dc, uint16_t inject, size_t len)
{
	for (size_t i = 0; i < sizeof(inject_findings) / sizeof(inject_findings[0]); i++)
		if (inject & inject_findings[i].bit)
			vu_decoded_add_finding(dc->d, inject_findings[i].code, 0,
			                       (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len),
			                       NULL);
}

void vu_decode(const struct vu_decode_context *ctx, const struct vu_message *m,
               struct vu_decoded *out)
{
	struct decoder dc;
	size_t len = m->bytes != NULL ? m->len : 0;
	size_t avail;

	memset(out, 0, offsetof(struct vu_decoded, fields));
	out->nfindings = 0;
	out->latency_ns = 0;
	out->channel = m->channel;
	out->from = m->from;
	out->nfds = m->nfds;
	out->dialect = ctx != NULL ? ctx->dialect : VU_DIALECT_QEMU;
	dc.d = out;
	dc.ctx = ctx;
	dc.depth = 0;
	dc.payload_len = 0;
	vu_reader_init(&dc.r, m->bytes, len);
	if (m->inject != 0)
		add_inject_findings(&dc, m->inject, len);

	if (len < VU_HDR_SIZE) {
		decode_header(&dc); /* whatever part of it is there */
		add_finding(&dc, VU_FIND_SHORT_HEADER, 0, len, "%zu bytes", len);
		return;
	}
	decode_header(&dc);
	out->has_header = true;
	if ((out->flags & VU_FLAG_VERSION_MASK) != VU_FLAG_VERSION)
		add_finding(&dc, VU_FIND_BAD_VERSION, 4, 4, "flags 0x%x", out->flags);
	if ((out->flags & ~(VU_FLAG_VERSION_MASK | VU_FLAG_REPLY | VU_FLAG_NEED_REPLY)) != 0)
		add_finding(&dc, VU_FIND_RESERVED_FLAGS, 4, 4, "flags 0x%x", out->flags);

	avail = len - VU_HDR_SIZE;
	if (avail < out->size)
		add_finding(&dc, VU_FIND_TRUNCATED, VU_HDR_SIZE, avail,
		            "size %u, %zu bytes present", out->size, avail);
	else if (avail > out->size)
		add_finding(&dc, VU_FIND_PAYLOAD_SIZE, VU_HDR_SIZE + out->size, avail - out->size,
		            "%zu bytes beyond size %u", avail - out->size, out->size);
	dc.payload_len = avail < out->size ? avail : out->size;
	/* From here on nothing past the header's size is read. */
	vu_reader_init(&dc.r, m->bytes, VU_HDR_SIZE + dc.payload_len);

	out->info = vu_request_lookup_dialect(out->dialect, m->channel, out->request);
	if (out->size > VU_MAX_PAYLOAD) {
		add_finding(&dc, VU_FIND_OVERSIZE, 8, 4, "size %u", out->size);
		out->payload_kind = VU_PAYLOAD_RAW;
		emit_bytes(&dc, VU_FIELD_PAYLOAD_DATA, 0, dc.payload_len);
		check_fds(&dc);
		return;
	}
	if (out->info == NULL) {
		add_finding(&dc, VU_FIND_UNKNOWN_REQUEST, 0, 4, "%u on the %s channel",
		            out->request, vu_channel_name(m->channel));
		out->payload_kind = VU_PAYLOAD_RAW;
		emit_bytes(&dc, VU_FIELD_PAYLOAD_DATA, 0, dc.payload_len);
		check_fds(&dc);
		return;
	}
	if ((out->from == requester(m->channel)) == out->reply)
		add_finding(&dc, VU_FIND_WRONG_DIRECTION, 4, 4, "%s from the %s",
		            out->reply ? "reply" : "request", vu_direction_name(out->from));
	out->payload_kind = out->reply ? reply_kind(out) : out->info->request_payload;
	/* A GET_CONFIG reply of size 0 is how a back-end says it failed. */
	if (out->reply && out->payload_kind == VU_PAYLOAD_CONFIG && out->size == 0) {
		add_finding(&dc, VU_FIND_REPLY_FAILURE, 8, 4, "empty config reply");
		check_fds(&dc);
		return;
	}
	decode_payload(&dc);
	check_config_reply_size(&dc);
	check_reserved(&dc);
	check_fds(&dc);
}

const char *vu_decoded_name(const struct vu_decoded *d, char *buf, size_t cap)
{
	if (d->info != NULL)
		return d->info->name;
	if (!d->has_header)
		snprintf(buf, cap, "SHORT");
	else
		snprintf(buf, cap, "UNKNOWN(%u)", d->request);
	return buf;
}
