/*
 * virtio-vsock packets (VIRTIO 1.2 "Socket Device", 5.10.6; Linux uapi
 * linux/virtio_vsock.h). Every packet starts with struct virtio_vsock_hdr
 * (44 bytes, packed): src_cid le64, dst_cid le64, src_port le32, dst_port
 * le32, len le32, type le16, op le16, flags le32, buf_alloc le32, fwd_cnt
 * le32, then len bytes of payload. Vring 0 is rx (the device writes the
 * packet: the used part), 1 tx (the driver's packet: the readable part),
 * 2 the event queue (struct virtio_vsock_event, id le32).
 */
#include <inttypes.h>

#include "dissector/vu-payload-int.h"

#define HDR_SIZE    44u
#define RX_VRING    0u
#define TX_VRING    1u
#define EVENT_VRING 2u

/* Linux uapi enum virtio_vsock_type, enum virtio_vsock_op (checked by
 * tests/test-dissector-payload.c). */
static const struct vu_payload_name vsock_types[] = {
    {1, "STREAM"},
    {2, "SEQPACKET"},
};

static const struct vu_payload_name vsock_ops[] = {
    {0, "INVALID"},  {1, "REQUEST"}, {2, "RESPONSE"},      {3, "RST"},
    {4, "SHUTDOWN"}, {5, "RW"},      {6, "CREDIT_UPDATE"}, {7, "CREDIT_REQUEST"},
};

/* flags: SHUTDOWN's enum virtio_vsock_shutdown, RW's enum virtio_vsock_rw. */
#define VSOCK_OP_SHUTDOWN 4u
#define VSOCK_OP_RW       5u
static const struct vu_payload_name shutdown_flags[] = {{1, "RCV"}, {2, "SEND"}};
static const struct vu_payload_name rw_flags[] = {{1, "EOM"}, {2, "EOR"}};

const char *vu_vsock_op_name(uint16_t op)
{
	return VU_PAYLOAD_NAME_OF(vsock_ops, op);
}

const char *vu_vsock_type_name(uint16_t type)
{
	return VU_PAYLOAD_NAME_OF(vsock_types, type);
}

static void vsock_decode(const struct vu_payload *p, const struct vu_payload_context *ctx,
                         struct vu_payload_info *info)
{
	struct vu_payload_vsock *v = &info->vsock;
	struct vu_reader r;

	(void)ctx;
	/* The packet is what the driver wrote (tx, avail) or the device wrote (rx, used). */
	if (p->vring == TX_VRING && p->phase == VU_PAYLOAD_AVAIL)
		vu_reader_init(&r, p->out, p->out_kept);
	else if (p->vring == RX_VRING && p->phase == VU_PAYLOAD_USED)
		vu_reader_init(&r, p->in, p->in_kept);
	else
		return;
	info->request = p->vring == TX_VRING;
	if (vu_reader_u64(&r, 0, &v->src_cid) && vu_reader_u64(&r, 8, &v->dst_cid) &&
	    vu_reader_u32(&r, 16, &v->src_port) && vu_reader_u32(&r, 20, &v->dst_port) &&
	    vu_reader_u32(&r, 24, &v->len) && vu_reader_u16(&r, 28, &v->type) &&
	    vu_reader_u16(&r, 30, &v->op) && vu_reader_u32(&r, 32, &v->flags) &&
	    vu_reader_u32(&r, 36, &v->buf_alloc) && vu_reader_u32(&r, 40, &v->fwd_cnt))
		v->read = VU_PAYLOAD_READ_OK;
	else
		v->read = VU_PAYLOAD_READ_SHORT;
}

static void vsock_request(const struct vu_payload_info *info, struct vu_payload_request *req)
{
	if (info->vsock.read != VU_PAYLOAD_READ_OK)
		return;
	req->known = true;
	req->kind = info->vsock.op;
	req->a = (uint64_t)info->vsock.src_port << 32 | info->vsock.dst_port;
	req->b = info->vsock.len;
}

static const char *queue_name(const struct vu_payload *p)
{
	switch (p->vring) {
	case RX_VRING:
		return "rx";
	case TX_VRING:
		return "tx";
	case EVENT_VRING:
		return "event";
	default:
		return "unknown";
	}
}

static void put_flags(const struct vu_payload_vsock *v, const char *sep, struct vu_str *out)
{
	const struct vu_payload_name *names = NULL;
	size_t n = 0;
	const char *s = "";

	if (v->op == VSOCK_OP_SHUTDOWN) {
		names = shutdown_flags;
		n = sizeof(shutdown_flags) / sizeof(shutdown_flags[0]);
	} else if (v->op == VSOCK_OP_RW) {
		names = rw_flags;
		n = sizeof(rw_flags) / sizeof(rw_flags[0]);
	}
	for (size_t i = 0; i < n; i++)
		if ((v->flags & names[i].value) != 0) {
			vu_str_printf(out, "%s%s", s, names[i].name);
			s = sep;
		}
}

static void vsock_text(const struct vu_payload *p, const struct vu_payload_context *ctx,
                       const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_vsock *v = &info->vsock;
	char tbuf[32], obuf[32];

	(void)ctx;
	vu_str_printf(out, " %s", queue_name(p));
	if (v->read == VU_PAYLOAD_READ_SHORT) {
		vu_str_append(out, " [|vsock]");
		return;
	}
	if (v->read != VU_PAYLOAD_READ_OK) {
		if (p->vring == RX_VRING && p->phase == VU_PAYLOAD_AVAIL)
			vu_str_printf(out, " buffer %" PRIu32, p->in_total);
		else if (p->vring == TX_VRING)
			vu_str_printf(out, " done");
		return;
	}
	vu_str_printf(
	    out, " %" PRIu64 ":%" PRIu32 " > %" PRIu64 ":%" PRIu32 " %s %s", v->src_cid,
	    v->src_port, v->dst_cid, v->dst_port,
	    vu_payload_name_or_number(vu_vsock_type_name(v->type), v->type, tbuf, sizeof(tbuf)),
	    vu_payload_name_or_number(vu_vsock_op_name(v->op), v->op, obuf, sizeof(obuf)));
	if (v->flags != 0) {
		vu_str_printf(out, " flags 0x%" PRIx32 " <", v->flags);
		put_flags(v, ",", out);
		vu_str_append(out, ">");
	}
	vu_str_printf(out, " len %" PRIu32 " buf_alloc %" PRIu32 " fwd_cnt %" PRIu32, v->len,
	              v->buf_alloc, v->fwd_cnt);
}

static void vsock_json(const struct vu_payload *p, const struct vu_payload_context *ctx,
                       const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_vsock *v = &info->vsock;
	char buf[32];

	(void)ctx;
	vu_str_printf(out, ",\"vsock\":{\"queue\":\"%s\",\"short\":%s", queue_name(p),
	              v->read == VU_PAYLOAD_READ_SHORT ? "true" : "false");
	if (v->read == VU_PAYLOAD_READ_OK) {
		vu_str_printf(out,
		              ",\"src_cid\":%" PRIu64 ",\"dst_cid\":%" PRIu64
		              ",\"src_port\":%" PRIu32 ",\"dst_port\":%" PRIu32 ",\"len\":%" PRIu32
		              ",\"type\":",
		              v->src_cid, v->dst_cid, v->src_port, v->dst_port, v->len);
		vu_str_json_string(out, vu_payload_name_or_number(vu_vsock_type_name(v->type),
		                                                  v->type, buf, sizeof(buf)));
		vu_str_append(out, ",\"op\":");
		vu_str_json_string(out, vu_payload_name_or_number(vu_vsock_op_name(v->op), v->op,
		                                                  buf, sizeof(buf)));
		vu_str_printf(
		    out, ",\"flags\":%" PRIu32 ",\"buf_alloc\":%" PRIu32 ",\"fwd_cnt\":%" PRIu32,
		    v->flags, v->buf_alloc, v->fwd_cnt);
	}
	vu_str_append(out, "}");
}

const struct vu_payload_device vu_payload_device_vsock = {
    .device = VU_DEVICE_VSOCK,
    .event = "vsock",
    .decode = vsock_decode,
    .request = vsock_request,
    .text = vsock_text,
    .json = vsock_json,
};
