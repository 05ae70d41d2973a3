/*
 * The body of a data-plane record (kind VU_RECORD_DATA): one ring entry as
 * the walker saw it, written by -w --packets and read back by -r and the
 * Wireshark plugin. Layout in doc/capture-format.md, "Data-plane entries
 * (kind 8)"; every count is checked against the bytes there before a
 * pointer is taken.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dissector/vu-payload-int.h"

/* Byte offsets of the fixed part. */
#define OFF_VERSION    0u
#define OFF_PHASE      1u
#define OFF_DEVICE     2u
#define OFF_FLAGS      3u
#define OFF_VRING      4u
#define OFF_HEAD       6u
#define OFF_OUT_TOTAL  8u
#define OFF_IN_TOTAL   12u
#define OFF_USED_LEN   16u
#define OFF_OUT_KEPT   20u
#define OFF_IN_KEPT    24u
#define OFF_MISSED     28u
#define OFF_LATENCY_NS 32u

bool vu_payload_parse(const uint8_t *body, size_t len, struct vu_payload *p)
{
	struct vu_reader r;
	const uint8_t *f;

	memset(p, 0, sizeof(*p));
	vu_reader_init(&r, body, len);
	/* The fixed part checked whole once, then read field by field from it
	 * (tcpdump's ND_TCHECK_LEN, then its GET_*): a check per field was most
	 * of what parsing cost, and every ring entry is parsed (make bench). */
	f = vu_reader_bytes(&r, 0, VU_PAYLOAD_FIXED);
	if (f == NULL || f[OFF_VERSION] != VU_PAYLOAD_VERSION)
		return false;
	p->phase = f[OFF_PHASE];
	p->device = f[OFF_DEVICE];
	p->flags = f[OFF_FLAGS];
	p->vring = vu_get_le16(f + OFF_VRING);
	p->head = vu_get_le16(f + OFF_HEAD);
	p->out_total = vu_get_le32(f + OFF_OUT_TOTAL);
	p->in_total = vu_get_le32(f + OFF_IN_TOTAL);
	p->used_len = vu_get_le32(f + OFF_USED_LEN);
	p->out_kept = vu_get_le32(f + OFF_OUT_KEPT);
	p->in_kept = vu_get_le32(f + OFF_IN_KEPT);
	p->missed = vu_get_le32(f + OFF_MISSED);
	p->latency_ns = vu_get_le64(f + OFF_LATENCY_NS);
	if (p->phase != VU_PAYLOAD_AVAIL && p->phase != VU_PAYLOAD_USED)
		return false;
	if ((p->flags & ~VU_PAYLOAD_F_ALL) != 0)
		return false;
	if (p->out_kept > p->out_total || p->in_kept > p->in_total)
		return false;
	/* The device writes nothing before it uses the entry. */
	if (p->phase == VU_PAYLOAD_AVAIL && (p->in_kept != 0 || p->used_len != 0))
		return false;
	/* A tail byte is one of the bytes kept. */
	if ((p->flags & VU_PAYLOAD_F_IN_TAIL) != 0 && p->in_kept == 0)
		return false;
	if (p->in_kept > p->used_len)
		return false;
	p->out = vu_reader_bytes(&r, VU_PAYLOAD_FIXED, p->out_kept);
	if (p->out == NULL)
		return false;
	p->in = vu_reader_bytes(&r, VU_PAYLOAD_FIXED + (size_t)p->out_kept, p->in_kept);
	if (p->in == NULL)
		return false;
	return VU_PAYLOAD_FIXED + (size_t)p->out_kept + p->in_kept == len;
}

/* Written out byte by byte, as vu_get_le*: the compiler makes each one store. */
static void put_le16(uint8_t *dst, uint16_t v)
{
	dst[0] = (uint8_t)v;
	dst[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *dst, uint32_t v)
{
	dst[0] = (uint8_t)v;
	dst[1] = (uint8_t)(v >> 8);
	dst[2] = (uint8_t)(v >> 16);
	dst[3] = (uint8_t)(v >> 24);
}

static void put_le64(uint8_t *dst, uint64_t v)
{
	put_le32(dst, (uint32_t)v);
	put_le32(dst + 4, (uint32_t)(v >> 32));
}

size_t vu_payload_serialize(const struct vu_payload *p, uint8_t *dst, size_t cap)
{
	size_t need = VU_PAYLOAD_FIXED + (size_t)p->out_kept + p->in_kept;

	if (dst == NULL || cap < need)
		return need;
	memset(dst, 0, VU_PAYLOAD_FIXED);
	dst[OFF_VERSION] = VU_PAYLOAD_VERSION;
	dst[OFF_PHASE] = p->phase;
	dst[OFF_DEVICE] = p->device;
	dst[OFF_FLAGS] = p->flags;
	put_le16(dst + OFF_VRING, p->vring);
	put_le16(dst + OFF_HEAD, p->head);
	put_le32(dst + OFF_OUT_TOTAL, p->out_total);
	put_le32(dst + OFF_IN_TOTAL, p->in_total);
	put_le32(dst + OFF_USED_LEN, p->used_len);
	put_le32(dst + OFF_OUT_KEPT, p->out_kept);
	put_le32(dst + OFF_IN_KEPT, p->in_kept);
	put_le32(dst + OFF_MISSED, p->missed);
	put_le64(dst + OFF_LATENCY_NS, p->latency_ns);
	if (p->out_kept > 0)
		memcpy(dst + VU_PAYLOAD_FIXED, p->out, p->out_kept);
	if (p->in_kept > 0)
		memcpy(dst + VU_PAYLOAD_FIXED + p->out_kept, p->in, p->in_kept);
	return need;
}

const char *vu_payload_phase_name(uint8_t phase)
{
	switch (phase) {
	case VU_PAYLOAD_AVAIL:
		return "avail";
	case VU_PAYLOAD_USED:
		return "used";
	default:
		return "unknown";
	}
}

/* ---- decoding and rendering, device by device ----------------------------- */

static const struct vu_payload_device *const devices[] = {
    &vu_payload_device_net,
    &vu_payload_device_blk,
    &vu_payload_device_fs,
    &vu_payload_device_vsock,
};

const struct vu_payload_device *vu_payload_device_of(uint8_t device)
{
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (devices[i]->device == device)
			return devices[i];
	return NULL;
}

const char *vu_payload_event_name(const struct vu_payload *p)
{
	const struct vu_payload_device *dev = vu_payload_device_of(p->device);

	return dev != NULL ? dev->event : "data";
}

/* p as the device decoders see it: without the tail byte (VU_PAYLOAD_F_IN_TAIL),
 * which goes to out->in_tail. */
static struct vu_payload device_view(const struct vu_payload *p, struct vu_payload_info *out)
{
	struct vu_payload view = *p;

	if ((p->flags & VU_PAYLOAD_F_IN_TAIL) != 0 && p->in_kept > 0) {
		struct vu_reader r;

		vu_reader_init(&r, p->in, p->in_kept);
		out->has_in_tail = vu_reader_u8(&r, p->in_kept - 1u, &out->in_tail);
		view.in_kept--;
	}
	return view;
}

void vu_payload_decode(const struct vu_payload *p, const struct vu_payload_context *ctx,
                       struct vu_payload_info *out)
{
	const struct vu_payload_device *dev = vu_payload_device_of(p->device);
	static const struct vu_payload_context none;
	struct vu_payload view;

	memset(out, 0, sizeof(*out));
	out->device = p->device;
	view = device_view(p, out);
	if (dev != NULL)
		dev->decode(&view, ctx != NULL ? ctx : &none, out);
}

void vu_payload_request_of(const struct vu_payload *p, const struct vu_payload_info *info,
                           struct vu_payload_request *req)
{
	const struct vu_payload_device *dev = vu_payload_device_of(p->device);

	memset(req, 0, sizeof(*req));
	req->device = p->device;
	if (dev != NULL && dev->request != NULL)
		dev->request(info, req);
}

const char *vu_payload_name_of(const struct vu_payload_name *table, size_t n, uint32_t value)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].value == value)
			return table[i].name;
	return NULL;
}

const char *vu_payload_name_or_number(const char *name, uint32_t value, char *buf, size_t cap)
{
	if (name != NULL)
		return name;
	snprintf(buf, cap, "unknown (%" PRIu32 ")", value);
	return buf;
}

void vu_payload_put_latency(uint64_t ns, struct vu_str *out)
{
	if (ns < 1000u)
		vu_str_printf(out, "%" PRIu64 "ns", ns);
	else if (ns < 1000000u)
		vu_str_printf(out, "%.1fus", (double)ns / 1e3);
	else if (ns < 1000000000u)
		vu_str_printf(out, "%.1fms", (double)ns / 1e6);
	else
		vu_str_printf(out, "%.1fs", (double)ns / 1e9);
}

void vu_payload_put_name(const uint8_t *bytes, size_t n, struct vu_str *out)
{
	for (size_t i = 0; i < n; i++) {
		if (bytes[i] >= 0x20 && bytes[i] < 0x7f && bytes[i] != '\\' && bytes[i] != '"')
			vu_str_appendn(out, (const char *)bytes + i, 1);
		else
			vu_str_printf(out, "\\x%02x", bytes[i]);
	}
}

void vu_payload_put_json_name(const uint8_t *bytes, size_t n, struct vu_str *out)
{
	char buf[256];
	size_t k = 0;

	/* vu_str_json_string takes a C string: a name is cut at its first NUL
	 * anyway (FUSE names end with one), and read in pieces. */
	vu_str_append(out, "\"");
	for (size_t i = 0; i < n && bytes[i] != '\0'; i++) {
		buf[k++] = (char)bytes[i];
		if (k == sizeof(buf) - 1 || i + 1 == n || bytes[i + 1] == '\0') {
			struct vu_str piece;

			buf[k] = '\0';
			vu_str_init(&piece);
			vu_str_json_string(&piece, buf);
			if (piece.data != NULL && piece.len >= 2)
				vu_str_appendn(out, piece.data + 1, piece.len - 2);
			vu_str_free(&piece);
			k = 0;
		}
	}
	vu_str_append(out, "\"");
}

/* Kept bytes, 16 to a line with their offset, as -vv shows them. */
static void put_hex_lines(const char *what, const uint8_t *bytes, size_t n, const char *indent,
                          struct vu_str *out)
{
	for (size_t off = 0; off < n; off += 16) {
		size_t k = n - off < 16 ? n - off : 16;

		vu_str_printf(out, "%s%s 0x%04zx:", indent, what, off);
		for (size_t i = 0; i < k; i++)
			vu_str_printf(out, "%s%02x", i % 2 == 0 ? " " : "", bytes[off + i]);
		vu_str_append(out, "\n");
	}
}

void vu_payload_render_text(const struct vu_payload *p, const struct vu_payload_context *ctx,
                            const struct vu_payload_info *info, int verbose, const char *indent,
                            struct vu_str *out)
{
	const struct vu_payload_device *dev = vu_payload_device_of(p->device);
	struct vu_payload_info decoded, tail;
	struct vu_payload view = device_view(p, &tail);

	if (info == NULL) {
		vu_payload_decode(p, ctx, &decoded);
		info = &decoded;
	}
	vu_str_printf(out, "vring %u %s head %u: %s", p->vring, vu_payload_phase_name(p->phase),
	              p->head, vu_payload_event_name(p));
	if (dev != NULL)
		dev->text(&view, ctx, info, out);
	else if (p->phase == VU_PAYLOAD_USED)
		vu_str_printf(out, " out %" PRIu32 " in %" PRIu32 " used %" PRIu32, p->out_total,
		              p->in_total, p->used_len);
	else
		vu_str_printf(out, " out %" PRIu32 " in %" PRIu32, p->out_total, p->in_total);
	if (p->phase == VU_PAYLOAD_USED && p->latency_ns != 0) {
		vu_str_append(out, ", ");
		vu_payload_put_latency(p->latency_ns, out);
	}
	if (ctx != NULL && ctx->has_request && ctx->request.frame != 0)
		vu_str_printf(out, " (request frame %" PRIu64 ")", ctx->request.frame);
	if (p->missed != 0)
		vu_str_printf(out, ", %" PRIu32 " missed", p->missed);
	if (verbose < 1)
		return;
	vu_str_append(out, "\n");
	vu_str_printf(out,
	              "%sout %" PRIu32 " of %" PRIu32 " bytes kept%s, in %" PRIu32 " of %" PRIu32
	              " kept%s",
	              indent, p->out_kept, p->out_total,
	              (p->flags & VU_PAYLOAD_F_OUT_CUT) != 0 ? " (snap length)" : "", p->in_kept,
	              p->in_total, (p->flags & VU_PAYLOAD_F_IN_CUT) != 0 ? " (snap length)" : "");
	if ((p->flags & VU_PAYLOAD_F_IN_TAIL) != 0)
		vu_str_append(out, " (its first bytes and its last)");
	if (p->phase == VU_PAYLOAD_USED)
		vu_str_printf(out, ", used len %" PRIu32, p->used_len);
	vu_str_printf(out, ", %s ring\n",
	              (p->flags & VU_PAYLOAD_F_PACKED) != 0 ? "packed" : "split");
	if (dev != NULL && dev->tree != NULL)
		dev->tree(&view, ctx, info, indent, out);
	if (verbose >= 2) {
		put_hex_lines("out", p->out, p->out_kept, indent, out);
		put_hex_lines("in", p->in, p->in_kept, indent, out);
	}
	/* The caller ends the last line, as with one line. */
	if (out->len > 0 && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
}

void vu_payload_render_json(const struct vu_payload *p, const struct vu_payload_context *ctx,
                            const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_device *dev = vu_payload_device_of(p->device);
	struct vu_payload_info decoded, tail;
	struct vu_payload view = device_view(p, &tail);

	if (info == NULL) {
		vu_payload_decode(p, ctx, &decoded);
		info = &decoded;
	}
	vu_str_printf(out, ",\"phase\":\"%s\",\"head\":%u", vu_payload_phase_name(p->phase),
	              p->head);
	vu_str_append(out, ",\"device\":");
	vu_str_json_string(out, vu_device_type_name((enum vu_device_type)p->device));
	vu_str_printf(out,
	              ",\"packed\":%s,\"out_total\":%" PRIu32 ",\"in_total\":%" PRIu32
	              ",\"used_len\":%" PRIu32 ",\"out_kept\":%" PRIu32 ",\"in_kept\":%" PRIu32
	              ",\"out_cut\":%s,\"in_cut\":%s,\"in_tail\":%s,\"missed\":%" PRIu32
	              ",\"latency_ns\":%" PRIu64,
	              (p->flags & VU_PAYLOAD_F_PACKED) != 0 ? "true" : "false", p->out_total,
	              p->in_total, p->used_len, p->out_kept, p->in_kept,
	              (p->flags & VU_PAYLOAD_F_OUT_CUT) != 0 ? "true" : "false",
	              (p->flags & VU_PAYLOAD_F_IN_CUT) != 0 ? "true" : "false",
	              (p->flags & VU_PAYLOAD_F_IN_TAIL) != 0 ? "true" : "false", p->missed,
	              p->latency_ns);
	if (ctx != NULL && ctx->has_request && ctx->request.frame != 0)
		vu_str_printf(out, ",\"request_frame\":%" PRIu64, ctx->request.frame);
	if (dev != NULL)
		dev->json(&view, ctx, info, out);
	vu_str_append(out, ",\"out\":\"");
	vu_str_hex(out, p->out, p->out_kept);
	vu_str_append(out, "\",\"in\":\"");
	vu_str_hex(out, p->in, p->in_kept);
	vu_str_append(out, "\"");
}
