/*
 * virtio-blk requests (VIRTIO 1.2 "Block Device", 5.2.6; Linux uapi
 * linux/virtio_blk.h). The readable part starts with struct
 * virtio_blk_outhdr (type le32, ioprio le32, sector le64); the writable
 * part ends with the status byte the device writes. Data is the rest:
 * readable for OUT-like requests, writable for IN-like ones (IN, GET_ID,
 * GET_LIFETIME, ZONE_REPORT). ZONE_APPEND's writable part is
 * struct virtio_blk_zone_append_inhdr (append sector le64, then the status).
 *
 * The status is the last writable byte (at in_total - 1): known only when
 * the walker kept every writable byte. A completion whose readable bytes
 * were not kept again is named by its request (vu_session_payload).
 */
#include <inttypes.h>

#include "dissector/vu-payload-int.h"

#define OUTHDR_SIZE 16u
#define STATUS_SIZE 1u

/* Request types: Linux uapi virtio_blk.h VIRTIO_BLK_T_* (IN..SECURE_ERASE in
 * Debian's linux-libc-dev, checked by tests/test-dissector-payload.c);
 * GET_LIFETIME and the zone requests from the VIRTIO 1.2 spec 5.2.6 and
 * Linux 6.3+ uapi. data_in: the data is in the writable part. */
enum {
	BLK_T_IN = 0,
	BLK_T_OUT = 1,
	BLK_T_SCSI_CMD = 2,
	BLK_T_FLUSH = 4,
	BLK_T_GET_ID = 8,
	BLK_T_GET_LIFETIME = 10,
	BLK_T_DISCARD = 11,
	BLK_T_WRITE_ZEROES = 13,
	BLK_T_SECURE_ERASE = 14,
	BLK_T_ZONE_APPEND = 15,
	BLK_T_ZONE_REPORT = 16,
	BLK_T_ZONE_OPEN = 18,
	BLK_T_ZONE_CLOSE = 20,
	BLK_T_ZONE_FINISH = 22,
	BLK_T_ZONE_RESET = 24,
	BLK_T_ZONE_RESET_ALL = 26,
};

struct blk_type {
	uint32_t type;
	const char *name;
	bool data_in;  /* the data is written by the device */
	bool sectored; /* the sector field means something */
};

static const struct blk_type blk_types[] = {
    {.type = BLK_T_IN, .name = "IN", .data_in = true, .sectored = true},
    {.type = BLK_T_OUT, .name = "OUT", .sectored = true},
    {.type = BLK_T_SCSI_CMD, .name = "SCSI_CMD"}, /* legacy */
    {.type = BLK_T_FLUSH, .name = "FLUSH"},
    {.type = BLK_T_GET_ID, .name = "GET_ID", .data_in = true},
    {.type = BLK_T_GET_LIFETIME, .name = "GET_LIFETIME", .data_in = true},
    {.type = BLK_T_DISCARD, .name = "DISCARD"},
    {.type = BLK_T_WRITE_ZEROES, .name = "WRITE_ZEROES"},
    {.type = BLK_T_SECURE_ERASE, .name = "SECURE_ERASE"},
    {.type = BLK_T_ZONE_APPEND, .name = "ZONE_APPEND", .sectored = true},
    {.type = BLK_T_ZONE_REPORT, .name = "ZONE_REPORT", .data_in = true, .sectored = true},
    {.type = BLK_T_ZONE_OPEN, .name = "ZONE_OPEN", .sectored = true},
    {.type = BLK_T_ZONE_CLOSE, .name = "ZONE_CLOSE", .sectored = true},
    {.type = BLK_T_ZONE_FINISH, .name = "ZONE_FINISH", .sectored = true},
    {.type = BLK_T_ZONE_RESET, .name = "ZONE_RESET", .sectored = true},
    {.type = BLK_T_ZONE_RESET_ALL, .name = "ZONE_RESET_ALL"},
};

/* Status: Linux uapi VIRTIO_BLK_S_*; the zone ones from VIRTIO 1.2 5.2.6. */
static const struct vu_payload_name blk_statuses[] = {
    {0, "OK"},
    {1, "IOERR"},
    {2, "UNSUPP"},
    {3, "ZONE_INVALID_CMD"},
    {4, "ZONE_UNALIGNED_WP"},
    {5, "ZONE_OPEN_RESOURCE"},
    {6, "ZONE_ACTIVE_RESOURCE"},
};

/* VIRTIO_BLK_T_BARRIER (legacy): a flag on the type, not a type. */
#define BLK_T_BARRIER 0x80000000u

static const struct blk_type *blk_type_of(uint32_t type)
{
	for (size_t i = 0; i < sizeof(blk_types) / sizeof(blk_types[0]); i++)
		if (blk_types[i].type == (type & ~BLK_T_BARRIER))
			return &blk_types[i];
	return NULL;
}

const char *vu_blk_type_name(uint32_t type)
{
	const struct blk_type *t = blk_type_of(type);

	return t != NULL && (type & BLK_T_BARRIER) == 0 ? t->name : NULL;
}

const char *vu_blk_status_name(uint8_t status)
{
	return VU_PAYLOAD_NAME_OF(blk_statuses, status);
}

/* Bytes of data a request of type t carries (readable or writable). */
static uint32_t data_len(const struct vu_payload *p, uint32_t type)
{
	const struct blk_type *t = blk_type_of(type);

	if (t != NULL && t->data_in)
		return p->in_total > STATUS_SIZE ? p->in_total - STATUS_SIZE : 0;
	/* OUT-like, and ZONE_APPEND (its writable part is a header, not data) */
	return p->out_total > OUTHDR_SIZE ? p->out_total - OUTHDR_SIZE : 0;
}

static void blk_decode(const struct vu_payload *p, const struct vu_payload_context *ctx,
                       struct vu_payload_info *info)
{
	struct vu_payload_blk *b = &info->blk;
	struct vu_reader r;

	vu_reader_init(&r, p->out, p->out_kept);
	if (vu_reader_u32(&r, 0, &b->type) && vu_reader_u32(&r, 4, &b->ioprio) &&
	    vu_reader_u64(&r, 8, &b->sector)) {
		b->read = VU_PAYLOAD_READ_OK;
		info->request = true;
	} else if (p->phase == VU_PAYLOAD_USED && ctx->has_request && ctx->request.known) {
		/* The completion's readable bytes were not kept again: its request says. */
		b->read = VU_PAYLOAD_READ_OK;
		b->type = ctx->request.kind;
		b->sector = ctx->request.a;
	} else if (p->phase == VU_PAYLOAD_AVAIL || p->out_kept > 0) {
		b->read = VU_PAYLOAD_READ_SHORT;
	}
	if (b->read == VU_PAYLOAD_READ_OK)
		b->data_len = data_len(p, b->type);
	/* The status is the last writable byte: kept when all of them are, or
	 * apart from a cut written part (VU_PAYLOAD_F_IN_TAIL). */
	if (p->phase != VU_PAYLOAD_USED || p->in_total == 0)
		return;
	if (info->has_in_tail) {
		b->has_status = true;
		b->status = info->in_tail;
	} else if (p->in_kept == p->in_total) {
		vu_reader_init(&r, p->in, p->in_kept);
		b->has_status = vu_reader_u8(&r, p->in_total - 1u, &b->status);
	}
}

static void blk_request(const struct vu_payload_info *info, struct vu_payload_request *req)
{
	if (info->blk.read != VU_PAYLOAD_READ_OK)
		return;
	req->known = true;
	req->kind = info->blk.type;
	req->a = info->blk.sector;
	req->b = info->blk.data_len;
}

static const char *type_text(uint32_t type, char *buf, size_t cap)
{
	return vu_payload_name_or_number(vu_blk_type_name(type), type, buf, cap);
}

static void blk_text(const struct vu_payload *p, const struct vu_payload_context *ctx,
                     const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_blk *b = &info->blk;
	const struct blk_type *t = blk_type_of(b->type);
	char buf[32];

	(void)ctx;
	if (b->read != VU_PAYLOAD_READ_OK) {
		vu_str_append(out,
		              b->read == VU_PAYLOAD_READ_SHORT ? " [|blk]" : " (request unknown)");
	} else {
		vu_str_printf(out, " %s", type_text(b->type, buf, sizeof(buf)));
		if ((b->type & BLK_T_BARRIER) != 0)
			vu_str_append(out, "|BARRIER");
		if (t == NULL || t->sectored)
			vu_str_printf(out, " sector %" PRIu64, b->sector);
		vu_str_printf(out, " len %" PRIu32, b->data_len);
	}
	if (p->phase != VU_PAYLOAD_USED)
		return;
	if (b->has_status)
		vu_str_printf(out, " status %s",
		              vu_payload_name_or_number(vu_blk_status_name(b->status), b->status,
		                                        buf, sizeof(buf)));
	else
		vu_str_append(out, " status not kept");
}

static void blk_tree(const struct vu_payload *p, const struct vu_payload_context *ctx,
                     const struct vu_payload_info *info, const char *indent, struct vu_str *out)
{
	const struct vu_payload_blk *b = &info->blk;
	char buf[32];

	(void)p;
	(void)ctx;
	if (b->read != VU_PAYLOAD_READ_OK)
		return;
	vu_str_printf(out,
	              "%stype %s (%" PRIu32 "), ioprio %" PRIu32 ", sector %" PRIu64
	              " (byte 0x%" PRIx64 "), data %" PRIu32 " bytes\n",
	              indent, type_text(b->type, buf, sizeof(buf)), b->type, b->ioprio, b->sector,
	              b->sector * 512u, b->data_len);
}

static void blk_json(const struct vu_payload *p, const struct vu_payload_context *ctx,
                     const struct vu_payload_info *info, struct vu_str *out)
{
	const struct vu_payload_blk *b = &info->blk;
	char buf[32];

	(void)ctx;
	vu_str_printf(out, ",\"blk\":{\"short\":%s",
	              b->read == VU_PAYLOAD_READ_SHORT ? "true" : "false");
	if (b->read == VU_PAYLOAD_READ_OK) {
		vu_str_append(out, ",\"type\":");
		vu_str_json_string(out, type_text(b->type, buf, sizeof(buf)));
		vu_str_printf(out,
		              ",\"sector\":%" PRIu64 ",\"len\":%" PRIu32 ",\"ioprio\":%" PRIu32,
		              b->sector, b->data_len, b->ioprio);
	}
	if (p->phase == VU_PAYLOAD_USED && b->has_status) {
		vu_str_printf(out, ",\"status\":%u,\"status_name\":", b->status);
		vu_str_json_string(out, vu_payload_name_or_number(vu_blk_status_name(b->status),
		                                                  b->status, buf, sizeof(buf)));
	}
	vu_str_append(out, "}");
}

const struct vu_payload_device vu_payload_device_blk = {
    .device = VU_DEVICE_BLK,
    .event = "blk",
    .decode = blk_decode,
    .request = blk_request,
    .text = blk_text,
    .tree = blk_tree,
    .json = blk_json,
};
