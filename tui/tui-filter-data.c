/*
 * The display filter's data-plane fields: one row per key, each with how
 * its value is compared, the device it belongs to, how to read it from a
 * decoded entry, and how to name its values. The keys are the JSON keys of
 * a data-plane line (dissector/vu-payload.h), so a filter typed in the UI
 * reads like `jq` on `vhostsniff -T json`: blk.status!=0, fuse.error==ENOENT.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "tui/tui-filter-data.h"

struct vs_data_field {
	const char *key;
	enum vs_data_kind kind;
	uint8_t device; /* VU_DEVICE_*; VU_DEVICE_UNKNOWN: every entry */
	/* false when the entry has no such value */
	bool (*get)(const struct vs_data_entry *e, struct vs_data_value *v);
	const char *(*name)(int64_t value); /* NULL: no names */
};

/* ---- readers ------------------------------------------------------------------- */

static bool number(struct vs_data_value *v, int64_t n)
{
	v->number = n;
	return true;
}

static bool text(struct vs_data_value *v, const void *bytes, size_t len)
{
	v->text = bytes;
	v->text_len = len;
	return true;
}

#define BLK_OK(e)   ((e)->info.blk.read == VU_PAYLOAD_READ_OK)
#define FUSE_OK(e)  ((e)->info.fuse.read == VU_PAYLOAD_READ_OK)
#define REPLY_OK(e) ((e)->info.fuse.reply == VU_PAYLOAD_READ_OK)
#define NET_OK(e)   ((e)->info.net.read == VU_PAYLOAD_READ_OK && !(e)->info.net.ctrl)
#define VSOCK_OK(e) ((e)->info.vsock.read == VU_PAYLOAD_READ_OK)

static bool get_vring(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return number(v, e->p->vring);
}

static bool get_head(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return number(v, e->p->head);
}

static bool get_phase(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return number(v, e->p->phase);
}

static bool get_latency(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return e->p->phase == VU_PAYLOAD_USED && e->p->latency_ns != 0 &&
	       number(v, (int64_t)MIN(e->p->latency_ns, (uint64_t)INT64_MAX));
}

static bool get_missed(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return number(v, e->p->missed);
}

static bool get_blk_type(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return BLK_OK(e) && number(v, e->info.blk.type);
}

static bool get_blk_sector(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return BLK_OK(e) && number(v, (int64_t)MIN(e->info.blk.sector, (uint64_t)INT64_MAX));
}

static bool get_blk_len(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return BLK_OK(e) && number(v, e->info.blk.data_len);
}

static bool get_blk_status(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return e->info.blk.has_status && number(v, e->info.blk.status);
}

static bool get_fuse_opcode(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return FUSE_OK(e) && number(v, e->info.fuse.opcode);
}

static bool get_fuse_unique(const struct vs_data_entry *e, struct vs_data_value *v)
{
	if (FUSE_OK(e))
		return number(v, (int64_t)MIN(e->info.fuse.unique, (uint64_t)INT64_MAX));
	return REPLY_OK(e) && number(v, (int64_t)MIN(e->info.fuse.out_unique, (uint64_t)INT64_MAX));
}

static bool get_fuse_nodeid(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return FUSE_OK(e) && number(v, (int64_t)MIN(e->info.fuse.nodeid, (uint64_t)INT64_MAX));
}

static bool get_fuse_len(const struct vs_data_entry *e, struct vs_data_value *v)
{
	if (FUSE_OK(e) && e->info.request)
		return number(v, e->info.fuse.len);
	return REPLY_OK(e) && number(v, e->info.fuse.out_len);
}

static bool get_fuse_error(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return REPLY_OK(e) && number(v, e->info.fuse.error);
}

static bool get_fuse_name(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return e->info.fuse.name != NULL && text(v, e->info.fuse.name, e->info.fuse.name_len);
}

static bool get_net_len(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return NET_OK(e) && number(v, e->info.net.frame_len);
}

static bool get_net_flags(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return NET_OK(e) && number(v, e->info.net.flags);
}

static bool get_net_gso(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return NET_OK(e) && number(v, e->info.net.gso_type & 0x7f);
}

static bool get_net_queue(const struct vs_data_entry *e, struct vs_data_value *v)
{
	const struct vu_payload_net *n = &e->info.net;

	if (n->ctrl)
		g_strlcpy(v->buf, "ctrl", sizeof(v->buf));
	else
		g_snprintf(v->buf, sizeof(v->buf), "%s%u", n->rx ? "rx" : "tx", n->pair);
	return text(v, v->buf, strlen(v->buf));
}

static bool get_vsock_src_cid(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return VSOCK_OK(e) && number(v, (int64_t)MIN(e->info.vsock.src_cid, (uint64_t)INT64_MAX));
}

static bool get_vsock_dst_cid(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return VSOCK_OK(e) && number(v, (int64_t)MIN(e->info.vsock.dst_cid, (uint64_t)INT64_MAX));
}

static bool get_vsock_src_port(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return VSOCK_OK(e) && number(v, e->info.vsock.src_port);
}

static bool get_vsock_dst_port(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return VSOCK_OK(e) && number(v, e->info.vsock.dst_port);
}

static bool get_vsock_op(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return VSOCK_OK(e) && number(v, e->info.vsock.op);
}

static bool get_vsock_len(const struct vs_data_entry *e, struct vs_data_value *v)
{
	return VSOCK_OK(e) && number(v, e->info.vsock.len);
}

/* ---- names --------------------------------------------------------------------- */

static const char *name_phase(int64_t v)
{
	return v == VU_PAYLOAD_AVAIL || v == VU_PAYLOAD_USED ? vu_payload_phase_name((uint8_t)v)
	                                                     : NULL;
}

static const char *name_blk_type(int64_t v)
{
	return v >= 0 && v <= UINT32_MAX ? vu_blk_type_name((uint32_t)v) : NULL;
}

static const char *name_blk_status(int64_t v)
{
	return v >= 0 && v <= UINT8_MAX ? vu_blk_status_name((uint8_t)v) : NULL;
}

static const char *name_fuse_opcode(int64_t v)
{
	return v >= 0 && v <= UINT32_MAX ? vu_fuse_opcode_name((uint32_t)v) : NULL;
}

static const char *name_errno(int64_t v)
{
	return v >= INT32_MIN && v < 0 ? vu_errno_name((int32_t)v) : NULL;
}

static const char *name_gso(int64_t v)
{
	return v >= 0 && v <= UINT8_MAX ? vu_net_gso_name((uint8_t)v) : NULL;
}

static const char *name_vsock_op(int64_t v)
{
	return v >= 0 && v <= UINT16_MAX ? vu_vsock_op_name((uint16_t)v) : NULL;
}

/* ---- the table ----------------------------------------------------------------- */

static const struct vs_data_field fields[] = {
    {.key = "vring", .kind = VS_DATA_NUMBER, .get = get_vring},
    {.key = "head", .kind = VS_DATA_NUMBER, .get = get_head},
    {.key = "phase", .kind = VS_DATA_NUMBER, .get = get_phase, .name = name_phase},
    {.key = "latency_ns", .kind = VS_DATA_NUMBER, .get = get_latency},
    {.key = "missed", .kind = VS_DATA_NUMBER, .get = get_missed},
    {.key = "blk.type",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_BLK,
     .get = get_blk_type,
     .name = name_blk_type},
    {.key = "blk.sector", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_BLK, .get = get_blk_sector},
    {.key = "blk.len", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_BLK, .get = get_blk_len},
    {.key = "blk.status",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_BLK,
     .get = get_blk_status,
     .name = name_blk_status},
    {.key = "fuse.opcode",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_FS,
     .get = get_fuse_opcode,
     .name = name_fuse_opcode},
    {.key = "fuse.unique", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_FS, .get = get_fuse_unique},
    {.key = "fuse.nodeid", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_FS, .get = get_fuse_nodeid},
    {.key = "fuse.len", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_FS, .get = get_fuse_len},
    {.key = "fuse.error",
     .kind = VS_DATA_SIGNED,
     .device = VU_DEVICE_FS,
     .get = get_fuse_error,
     .name = name_errno},
    {.key = "fuse.name", .kind = VS_DATA_TEXT, .device = VU_DEVICE_FS, .get = get_fuse_name},
    {.key = "net.len", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_NET, .get = get_net_len},
    {.key = "net.flags", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_NET, .get = get_net_flags},
    {.key = "net.gso_type",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_NET,
     .get = get_net_gso,
     .name = name_gso},
    {.key = "net.queue", .kind = VS_DATA_TEXT, .device = VU_DEVICE_NET, .get = get_net_queue},
    {.key = "vsock.src_cid",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_VSOCK,
     .get = get_vsock_src_cid},
    {.key = "vsock.dst_cid",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_VSOCK,
     .get = get_vsock_dst_cid},
    {.key = "vsock.src_port",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_VSOCK,
     .get = get_vsock_src_port},
    {.key = "vsock.dst_port",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_VSOCK,
     .get = get_vsock_dst_port},
    {.key = "vsock.op",
     .kind = VS_DATA_NUMBER,
     .device = VU_DEVICE_VSOCK,
     .get = get_vsock_op,
     .name = name_vsock_op},
    {.key = "vsock.len", .kind = VS_DATA_NUMBER, .device = VU_DEVICE_VSOCK, .get = get_vsock_len},
};

const struct vs_data_field *vs_data_field_lookup(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		if (g_ascii_strcasecmp(fields[i].key, key) == 0)
			return &fields[i];
	return NULL;
}

enum vs_data_kind vs_data_field_kind(const struct vs_data_field *f)
{
	return f->kind;
}

const char *vs_data_field_keys(void)
{
	static char *keys;

	if (keys == NULL) {
		GString *s = g_string_new(NULL);

		for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
			g_string_append_printf(s, "%s%s", i ? " " : "", fields[i].key);
		keys = g_string_free(s, FALSE);
	}
	return keys;
}

bool vs_data_device_word(const char *word, uint8_t *device)
{
	static const struct {
		const char *word;
		uint8_t device;
	} words[] = {
	    {"data", VU_DEVICE_UNKNOWN}, {"blk", VU_DEVICE_BLK}, {"fuse", VU_DEVICE_FS},
	    {"fs", VU_DEVICE_FS},        {"net", VU_DEVICE_NET}, {"vsock", VU_DEVICE_VSOCK},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
		if (g_ascii_strcasecmp(words[i].word, word) == 0) {
			*device = words[i].device;
			return true;
		}
	return false;
}

bool vs_data_field_value(const struct vs_data_field *f, const struct vs_data_entry *e,
                         struct vs_data_value *out)
{
	memset(out, 0, sizeof(*out));
	if (f->device != VU_DEVICE_UNKNOWN && e->p->device != f->device)
		return false;
	return f->get(e, out);
}

bool vs_data_field_has_names(const struct vs_data_field *f)
{
	return f->name != NULL;
}

const char *vs_data_field_name(const struct vs_data_field *f, int64_t value)
{
	return f->name != NULL ? f->name(value) : NULL;
}
