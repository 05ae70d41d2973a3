/*
 * Data-plane entries in the vhost-user plugin (records of kind
 * VU_RECORD_DATA, vhostsniff --packets): the common part as
 * vhostuser.data.*, the device's header as vhostuser.blk.*,
 * vhostuser.fuse.*, vhostuser.net.* and vhostuser.vsock.*, decoded by the
 * dissector library (dissector/vu-payload.h) so that tshark shows what
 * vhostsniff -r prints. A completion links to its request (same session,
 * vring and head; vu_session_payload keeps the table) and shows the time
 * between them; the request links to its completion. A blk status other
 * than OK and a FUSE error are expert infos.
 *
 * The value names of the fields come from the library's name functions, so
 * that a filter can say vhostuser.fuse.opcode == "LOOKUP".
 */
#define WS_BUILD_DLL
#include "config.h"

#include "plugins/vhostuser.h"

#include <epan/proto_data.h>
#include <wsutil/nstime.h>

#include "dissector/vu-payload.h"

/* p_add_proto_data key of a data frame's first-pass facts (0 is a message's). */
#define DATA_KEY 1

/* What the first pass learnt about one data frame. */
struct data_info {
	struct vu_payload_context ctx;
	guint32 response_in; /* a request: the frame of its completion */
	guint32 response_to; /* a completion: the frame of its request */
	guint64 delta_ns;    /* a completion: time since its request's frame */
};

static struct {
	int data, version, phase, device, flags, packed, out_cut, in_cut, in_tail, vring, head,
	    out_total, in_total, used_len, out_kept, in_kept, missed, latency_ns, out, in,
	    request_in, response_in, time;
	int blk_type, blk_ioprio, blk_sector, blk_len, blk_status;
	int fuse_queue, fuse_len, fuse_opcode, fuse_unique, fuse_nodeid, fuse_uid, fuse_gid,
	    fuse_pid, fuse_name, fuse_name2, fuse_offset, fuse_size, fuse_flags, fuse_out_len,
	    fuse_error, fuse_out_unique;
	int net_queue, net_hdr_size, net_flags, net_needs_csum, net_data_valid, net_rsc_info,
	    net_gso_type, net_hdr_len, net_gso_size, net_csum_start, net_csum_offset,
	    net_num_buffers, net_len, net_ctrl_class, net_ctrl_cmd, net_ctrl_ack;
	int vsock_queue, vsock_src_cid, vsock_dst_cid, vsock_src_port, vsock_dst_port, vsock_len,
	    vsock_type, vsock_op, vsock_flags, vsock_buf_alloc, vsock_fwd_cnt;
} hf;

static int proto_data = -1; /* the protocol the fields belong to (vhostuser) */
static gint ett_data, ett_device, ett_net_flags;
static expert_field ei_blk_status = EI_INIT, ei_fuse_error = EI_INIT, ei_short = EI_INIT,
                    ei_missed = EI_INIT, ei_unanswered = EI_INIT;
static wmem_map_t *pending; /* frame number of a request -> its struct data_info */

/* ---- value names from the library ---------------------------------------------- */

/* The names name() gives to values from..to (and the extra ones), as a value_string. */
static value_string *names_of(const char *(*name)(guint32), gint64 from, gint64 to,
                              const guint32 *extra, size_t nextra)
{
	GArray *vs = g_array_new(TRUE, TRUE, sizeof(value_string));

	for (gint64 v = from; v <= to; v++) {
		value_string e = {(guint32)v, name((guint32)v)};

		if (e.strptr != NULL)
			g_array_append_val(vs, e);
	}
	for (size_t i = 0; i < nextra; i++) {
		value_string e = {extra[i], name(extra[i])};

		if (e.strptr != NULL)
			g_array_append_val(vs, e);
	}
	/* Wireshark keeps it for the program's life. */
	return (value_string *)(void *)g_array_free(vs, FALSE);
}

static const char *phase_name(guint32 v)
{
	return v == VU_PAYLOAD_AVAIL || v == VU_PAYLOAD_USED ? vu_payload_phase_name((uint8_t)v)
	                                                     : NULL;
}

static const char *device_name(guint32 v)
{
	return v <= G_MAXUINT8 ? vu_device_type_name((enum vu_device_type)v) : NULL;
}

static const char *blk_type_name(guint32 v)
{
	return vu_blk_type_name(v);
}

static const char *blk_status_name(guint32 v)
{
	return v <= G_MAXUINT8 ? vu_blk_status_name((uint8_t)v) : NULL;
}

static const char *fuse_opcode_name(guint32 v)
{
	return vu_fuse_opcode_name(v);
}

/* fuse_out_header.error: 0 is success, the others negative errnos. */
static const char *errno_name(guint32 v)
{
	return v == 0 ? "OK" : vu_errno_name((int32_t)v);
}

static const char *vsock_op_name(guint32 v)
{
	return v <= G_MAXUINT16 ? vu_vsock_op_name((uint16_t)v) : NULL;
}

static const char *vsock_type_name(guint32 v)
{
	return v <= G_MAXUINT16 ? vu_vsock_type_name((uint16_t)v) : NULL;
}

static const char *gso_name(guint32 v)
{
	return v <= G_MAXUINT8 ? vu_net_gso_name((uint8_t)v) : NULL;
}

/* ---- registration ---------------------------------------------------------------- */

#define HF(id, name, abbrev, type, display, strings, mask, blurb)                                  \
	{                                                                                          \
		&hf.id,                                                                            \
		{                                                                                  \
			name, abbrev, type, display, strings, mask, blurb, HFILL                   \
		}                                                                                  \
	}

void vhostuser_register_data(int proto)
{
	/* FUSE opcodes beyond the numbered range (uapi fuse.h). */
	static const guint32 fuse_extra[] = {4096, 1048576, 436207616};
	static const guint32 none[] = {0};
	value_string *phases = names_of(phase_name, 0, 3, none, 0);
	value_string *devices = names_of(device_name, 0, 63, none, 0);
	value_string *blk_types = names_of(blk_type_name, 0, 63, none, 0);
	value_string *blk_statuses = names_of(blk_status_name, 0, 255, none, 0);
	value_string *opcodes = names_of(fuse_opcode_name, 0, 255, fuse_extra, 3);
	value_string *errnos = names_of(errno_name, -4095, 0, none, 0);
	value_string *vsock_ops = names_of(vsock_op_name, 0, 63, none, 0);
	value_string *vsock_types = names_of(vsock_type_name, 0, 63, none, 0);
	value_string *gso = names_of(gso_name, 0, 255, none, 0);
	static hf_register_info fields[] = {
	    HF(data, "Data-plane entry", "vhostuser.data", FT_NONE, BASE_NONE, NULL, 0,
	       "One ring entry the walker saw (vhostsniff --packets; doc/capture-format.md)"),
	    HF(version, "Version", "vhostuser.data.version", FT_UINT8, BASE_DEC, NULL, 0, NULL),
	    HF(phase, "Phase", "vhostuser.data.phase", FT_UINT8, BASE_DEC, NULL, 0,
	       "avail: the request made available; used: its completion"),
	    HF(device, "Device", "vhostuser.data.device", FT_UINT8, BASE_DEC, NULL, 0,
	       "virtio device id"),
	    HF(flags, "Flags", "vhostuser.data.flags", FT_UINT8, BASE_HEX, NULL, 0, NULL),
	    HF(packed, "Packed ring", "vhostuser.data.packed", FT_BOOLEAN, 8, NULL,
	       VU_PAYLOAD_F_PACKED, NULL),
	    HF(out_cut, "Readable part cut by the snap length", "vhostuser.data.out_cut",
	       FT_BOOLEAN, 8, NULL, VU_PAYLOAD_F_OUT_CUT, NULL),
	    HF(in_cut, "Written part cut by the snap length", "vhostuser.data.in_cut", FT_BOOLEAN,
	       8, NULL, VU_PAYLOAD_F_IN_CUT, NULL),
	    HF(in_tail, "Written part's last byte kept apart", "vhostuser.data.in_tail", FT_BOOLEAN,
	       8, NULL, VU_PAYLOAD_F_IN_TAIL, "The last written byte kept is the chain's last"),
	    HF(vring, "Vring", "vhostuser.data.vring", FT_UINT16, BASE_DEC, NULL, 0, NULL),
	    HF(head, "Head", "vhostuser.data.head", FT_UINT16, BASE_DEC, NULL, 0,
	       "Descriptor head (split) or buffer id (packed)"),
	    HF(out_total, "Readable bytes", "vhostuser.data.out_total", FT_UINT32, BASE_DEC, NULL,
	       0, "Device-readable bytes of the chain"),
	    HF(in_total, "Writable bytes", "vhostuser.data.in_total", FT_UINT32, BASE_DEC, NULL, 0,
	       "Device-writable bytes of the chain"),
	    HF(used_len, "Used length", "vhostuser.data.used_len", FT_UINT32, BASE_DEC, NULL, 0,
	       "The used element's len: bytes the device wrote"),
	    HF(out_kept, "Readable bytes kept", "vhostuser.data.out_kept", FT_UINT32, BASE_DEC,
	       NULL, 0, NULL),
	    HF(in_kept, "Written bytes kept", "vhostuser.data.in_kept", FT_UINT32, BASE_DEC, NULL,
	       0, NULL),
	    HF(missed, "Missed entries", "vhostuser.data.missed", FT_UINT32, BASE_DEC, NULL, 0,
	       "Entries of this ring reused before the walker saw them, since its last entry"),
	    HF(latency_ns, "Latency (ns)", "vhostuser.data.latency_ns", FT_UINT64, BASE_DEC, NULL,
	       0, "From seen available to seen used, as the walker measured it"),
	    HF(out, "Readable data", "vhostuser.data.out", FT_BYTES, BASE_NONE, NULL, 0, NULL),
	    HF(in, "Written data", "vhostuser.data.in", FT_BYTES, BASE_NONE, NULL, 0, NULL),
	    HF(request_in, "Request in", "vhostuser.data.request_in", FT_FRAMENUM, BASE_NONE,
	       FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, "The frame of the request this completes"),
	    HF(response_in, "Completion in", "vhostuser.data.response_in", FT_FRAMENUM, BASE_NONE,
	       FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, "The frame of this request's completion"),
	    HF(time, "Time", "vhostuser.data.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
	       "Time between the request's frame and its completion's"),
	    HF(blk_type, "Type", "vhostuser.blk.type", FT_UINT32, BASE_DEC, NULL, 0,
	       "virtio_blk_outhdr.type"),
	    HF(blk_ioprio, "I/O priority", "vhostuser.blk.ioprio", FT_UINT32, BASE_DEC, NULL, 0,
	       NULL),
	    HF(blk_sector, "Sector", "vhostuser.blk.sector", FT_UINT64, BASE_DEC, NULL, 0,
	       "In 512-byte units"),
	    HF(blk_len, "Data length", "vhostuser.blk.len", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(blk_status, "Status", "vhostuser.blk.status", FT_UINT8, BASE_DEC, NULL, 0,
	       "The last written byte"),
	    HF(fuse_queue, "Queue", "vhostuser.fuse.queue", FT_STRING, BASE_NONE, NULL, 0,
	       "hiprio (vring 0) or request"),
	    HF(fuse_len, "Length", "vhostuser.fuse.len", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_opcode, "Opcode", "vhostuser.fuse.opcode", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_unique, "Unique", "vhostuser.fuse.unique", FT_UINT64, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_nodeid, "Node id", "vhostuser.fuse.nodeid", FT_UINT64, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_uid, "Uid", "vhostuser.fuse.uid", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_gid, "Gid", "vhostuser.fuse.gid", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_pid, "Pid", "vhostuser.fuse.pid", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_name, "Name", "vhostuser.fuse.name", FT_STRING, BASE_NONE, NULL, 0, NULL),
	    HF(fuse_name2, "Second name", "vhostuser.fuse.name2", FT_STRING, BASE_NONE, NULL, 0,
	       "RENAME's new name, SYMLINK's target"),
	    HF(fuse_offset, "Offset", "vhostuser.fuse.offset", FT_UINT64, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_size, "Size", "vhostuser.fuse.size", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(fuse_flags, "Open flags", "vhostuser.fuse.flags", FT_UINT32, BASE_OCT, NULL, 0,
	       NULL),
	    HF(fuse_out_len, "Reply length", "vhostuser.fuse.out_len", FT_UINT32, BASE_DEC, NULL, 0,
	       NULL),
	    HF(fuse_error, "Error", "vhostuser.fuse.error", FT_INT32, BASE_DEC, NULL, 0,
	       "fuse_out_header.error: a negative errno, 0"),
	    HF(fuse_out_unique, "Reply unique", "vhostuser.fuse.out_unique", FT_UINT64, BASE_DEC,
	       NULL, 0, NULL),
	    HF(net_queue, "Queue", "vhostuser.net.queue", FT_STRING, BASE_NONE, NULL, 0,
	       "rxN, txN (queue pair N) or ctrl"),
	    HF(net_hdr_size, "Header size", "vhostuser.net.hdr_size", FT_UINT8, BASE_DEC, NULL, 0,
	       NULL),
	    HF(net_flags, "Flags", "vhostuser.net.flags", FT_UINT8, BASE_HEX, NULL, 0, NULL),
	    HF(net_needs_csum, "NEEDS_CSUM", "vhostuser.net.flags.needs_csum", FT_BOOLEAN, 8, NULL,
	       0x1, NULL),
	    HF(net_data_valid, "DATA_VALID", "vhostuser.net.flags.data_valid", FT_BOOLEAN, 8, NULL,
	       0x2, NULL),
	    HF(net_rsc_info, "RSC_INFO", "vhostuser.net.flags.rsc_info", FT_BOOLEAN, 8, NULL, 0x4,
	       NULL),
	    HF(net_gso_type, "GSO type", "vhostuser.net.gso_type", FT_UINT8, BASE_DEC, NULL, 0,
	       NULL),
	    HF(net_hdr_len, "Header length", "vhostuser.net.hdr_len", FT_UINT16, BASE_DEC, NULL, 0,
	       NULL),
	    HF(net_gso_size, "GSO size", "vhostuser.net.gso_size", FT_UINT16, BASE_DEC, NULL, 0,
	       NULL),
	    HF(net_csum_start, "Checksum start", "vhostuser.net.csum_start", FT_UINT16, BASE_DEC,
	       NULL, 0, NULL),
	    HF(net_csum_offset, "Checksum offset", "vhostuser.net.csum_offset", FT_UINT16, BASE_DEC,
	       NULL, 0, NULL),
	    HF(net_num_buffers, "Buffers", "vhostuser.net.num_buffers", FT_UINT16, BASE_DEC, NULL,
	       0, NULL),
	    HF(net_len, "Frame length", "vhostuser.net.len", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(net_ctrl_class, "Control class", "vhostuser.net.ctrl.class", FT_UINT8, BASE_DEC,
	       NULL, 0, NULL),
	    HF(net_ctrl_cmd, "Control command", "vhostuser.net.ctrl.cmd", FT_UINT8, BASE_DEC, NULL,
	       0, NULL),
	    HF(net_ctrl_ack, "Control ack", "vhostuser.net.ctrl.ack", FT_UINT8, BASE_DEC, NULL, 0,
	       NULL),
	    HF(vsock_queue, "Queue", "vhostuser.vsock.queue", FT_STRING, BASE_NONE, NULL, 0, NULL),
	    HF(vsock_src_cid, "Source CID", "vhostuser.vsock.src_cid", FT_UINT64, BASE_DEC, NULL, 0,
	       NULL),
	    HF(vsock_dst_cid, "Destination CID", "vhostuser.vsock.dst_cid", FT_UINT64, BASE_DEC,
	       NULL, 0, NULL),
	    HF(vsock_src_port, "Source port", "vhostuser.vsock.src_port", FT_UINT32, BASE_DEC, NULL,
	       0, NULL),
	    HF(vsock_dst_port, "Destination port", "vhostuser.vsock.dst_port", FT_UINT32, BASE_DEC,
	       NULL, 0, NULL),
	    HF(vsock_len, "Length", "vhostuser.vsock.len", FT_UINT32, BASE_DEC, NULL, 0, NULL),
	    HF(vsock_type, "Type", "vhostuser.vsock.type", FT_UINT16, BASE_DEC, NULL, 0, NULL),
	    HF(vsock_op, "Op", "vhostuser.vsock.op", FT_UINT16, BASE_DEC, NULL, 0, NULL),
	    HF(vsock_flags, "Flags", "vhostuser.vsock.flags", FT_UINT32, BASE_HEX, NULL, 0, NULL),
	    HF(vsock_buf_alloc, "Buffer space", "vhostuser.vsock.buf_alloc", FT_UINT32, BASE_DEC,
	       NULL, 0, NULL),
	    HF(vsock_fwd_cnt, "Forwarded count", "vhostuser.vsock.fwd_cnt", FT_UINT32, BASE_DEC,
	       NULL, 0, NULL),
	};
	static gint *ett[] = {&ett_data, &ett_device, &ett_net_flags};
	static ei_register_info ei[] = {
	    {&ei_blk_status,
	     {"vhostuser.blk.status.error", PI_RESPONSE_CODE, PI_WARN,
	      "The block request did not complete OK", EXPFILL}},
	    {&ei_fuse_error,
	     {"vhostuser.fuse.error.reply", PI_RESPONSE_CODE, PI_NOTE,
	      "The FUSE request was answered with an error", EXPFILL}},
	    {&ei_short,
	     {"vhostuser.data.short", PI_UNDECODED, PI_NOTE,
	      "The device header stops in the bytes kept (snap length)", EXPFILL}},
	    {&ei_missed,
	     {"vhostuser.data.missed.expert", PI_SEQUENCE, PI_WARN,
	      "Entries of this ring were reused before the walker saw them", EXPFILL}},
	    {&ei_unanswered,
	     {"vhostuser.data.unanswered", PI_SEQUENCE, PI_NOTE,
	      "No completion of this request is in the capture", EXPFILL}},
	};

	/* The value names, set before the array is handed over. */
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		header_field_info *h = &fields[i].hfinfo;
		int *id = fields[i].p_id;

		if (id == &hf.phase)
			h->strings = VALS(phases);
		else if (id == &hf.device)
			h->strings = VALS(devices);
		else if (id == &hf.blk_type)
			h->strings = VALS(blk_types);
		else if (id == &hf.blk_status)
			h->strings = VALS(blk_statuses);
		else if (id == &hf.fuse_opcode)
			h->strings = VALS(opcodes);
		else if (id == &hf.fuse_error)
			h->strings = VALS(errnos);
		else if (id == &hf.vsock_op)
			h->strings = VALS(vsock_ops);
		else if (id == &hf.vsock_type)
			h->strings = VALS(vsock_types);
		else if (id == &hf.net_gso_type)
			h->strings = VALS(gso);
		*id = -1;
	}
	ett_data = ett_device = ett_net_flags = -1;
	proto_register_field_array(proto, fields, G_N_ELEMENTS(fields));
	proto_register_subtree_array(ett, G_N_ELEMENTS(ett));
	expert_register_field_array(expert_register_protocol(proto), ei, G_N_ELEMENTS(ei));
	proto_data = proto;
	pending = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash,
	                                 g_direct_equal);
}

/* ---- the first pass ---------------------------------------------------------------- */

static struct data_info *first_pass(packet_info *pinfo, guint32 session, const struct vu_payload *p)
{
	struct data_info *di = wmem_new0(wmem_file_scope(), struct data_info);
	struct vu_session *s = vhostuser_session(session);
	guint64 ts = (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;

	vu_session_payload(s, p, ts, pinfo->num, &di->ctx);
	if (p->phase == VU_PAYLOAD_AVAIL) {
		wmem_map_insert(pending, GUINT_TO_POINTER(pinfo->num), di);
	} else if (di->ctx.has_request && di->ctx.request.frame != 0) {
		struct data_info *req =
		    wmem_map_remove(pending, GUINT_TO_POINTER((guint32)di->ctx.request.frame));

		di->response_to = (guint32)di->ctx.request.frame;
		di->delta_ns = ts >= di->ctx.request.ts_ns ? ts - di->ctx.request.ts_ns : 0;
		if (req != NULL)
			req->response_in = pinfo->num;
	}
	p_add_proto_data(wmem_file_scope(), pinfo, proto_data, DATA_KEY, di);
	return di;
}

/* ---- the device's fields ------------------------------------------------------------ */

/* Offsets in the body of the kept parts. */
#define OUT_AT   ((gint)VU_PAYLOAD_FIXED)
#define IN_AT(p) ((gint)VU_PAYLOAD_FIXED + (gint)(p)->out_kept)

static gboolean add_short(proto_tree *tree, packet_info *pinfo, tvbuff_t *body, gint at,
                          guint8 read)
{
	if (read != VU_PAYLOAD_READ_SHORT)
		return FALSE;
	proto_tree_add_expert(tree, pinfo, &ei_short, body, at, 0);
	return TRUE;
}

static void add_blk(proto_tree *t, packet_info *pinfo, tvbuff_t *body, const struct vu_payload *p,
                    const struct vu_payload_info *info)
{
	const struct vu_payload_blk *b = &info->blk;
	proto_item *it;

	if (add_short(t, pinfo, body, OUT_AT, b->read) || b->read != VU_PAYLOAD_READ_OK)
		goto status;
	if (info->request) {
		proto_tree_add_item(t, hf.blk_type, body, OUT_AT, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.blk_ioprio, body, OUT_AT + 4, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.blk_sector, body, OUT_AT + 8, 8, ENC_LITTLE_ENDIAN);
	} else {
		/* named by its request: no bytes of this frame say it */
		it = proto_tree_add_uint(t, hf.blk_type, body, 0, 0, b->type);
		proto_item_set_generated(it);
		it = proto_tree_add_uint64(t, hf.blk_sector, body, 0, 0, b->sector);
		proto_item_set_generated(it);
	}
	it = proto_tree_add_uint(t, hf.blk_len, body, 0, 0, b->data_len);
	proto_item_set_generated(it);
status:
	if (!b->has_status)
		return;
	/* the last written byte: kept apart, or the last of all of them kept */
	it = proto_tree_add_item(
	    t, hf.blk_status, body,
	    IN_AT(p) + (gint)(info->has_in_tail ? p->in_kept : p->in_total) - 1, 1, ENC_NA);
	if (b->status != 0)
		expert_add_info(pinfo, it, &ei_blk_status);
}

static void add_fuse(proto_tree *t, packet_info *pinfo, tvbuff_t *body, const struct vu_payload *p,
                     const struct vu_payload_info *info)
{
	const struct vu_payload_fuse *f = &info->fuse;
	const char *queue = p->vring == 0 ? "hiprio" : "request";
	proto_item *it;

	it = proto_tree_add_string(t, hf.fuse_queue, body, 0, 0, queue);
	proto_item_set_generated(it);
	if (f->read == VU_PAYLOAD_READ_OK && info->request) {
		proto_tree_add_item(t, hf.fuse_len, body, OUT_AT, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.fuse_opcode, body, OUT_AT + 4, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.fuse_unique, body, OUT_AT + 8, 8, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.fuse_nodeid, body, OUT_AT + 16, 8, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.fuse_uid, body, OUT_AT + 24, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.fuse_gid, body, OUT_AT + 28, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(t, hf.fuse_pid, body, OUT_AT + 32, 4, ENC_LITTLE_ENDIAN);
		if (f->name != NULL)
			proto_tree_add_item(t, hf.fuse_name, body,
			                    OUT_AT + (gint)(f->name - p->out), (gint)f->name_len,
			                    ENC_UTF_8 | ENC_NA);
		if (f->name2 != NULL)
			proto_tree_add_item(t, hf.fuse_name2, body,
			                    OUT_AT + (gint)(f->name2 - p->out), (gint)f->name2_len,
			                    ENC_UTF_8 | ENC_NA);
		if (f->has_io) {
			proto_tree_add_item(t, hf.fuse_offset, body, OUT_AT + 48, 8,
			                    ENC_LITTLE_ENDIAN);
			proto_tree_add_item(t, hf.fuse_size, body, OUT_AT + 56, 4,
			                    ENC_LITTLE_ENDIAN);
		}
		if (f->has_open_flags)
			proto_tree_add_item(t, hf.fuse_flags, body, OUT_AT + 40, 4,
			                    ENC_LITTLE_ENDIAN);
	} else if (f->read == VU_PAYLOAD_READ_OK) {
		it = proto_tree_add_uint(t, hf.fuse_opcode, body, 0, 0, f->opcode);
		proto_item_set_generated(it);
		it = proto_tree_add_uint64(t, hf.fuse_unique, body, 0, 0, f->unique);
		proto_item_set_generated(it);
		it = proto_tree_add_uint64(t, hf.fuse_nodeid, body, 0, 0, f->nodeid);
		proto_item_set_generated(it);
	}
	add_short(t, pinfo, body, OUT_AT, f->read);
	if (add_short(t, pinfo, body, IN_AT(p), f->reply) || f->reply != VU_PAYLOAD_READ_OK)
		return;
	proto_tree_add_item(t, hf.fuse_out_len, body, IN_AT(p), 4, ENC_LITTLE_ENDIAN);
	it = proto_tree_add_item(t, hf.fuse_error, body, IN_AT(p) + 4, 4, ENC_LITTLE_ENDIAN);
	if (f->error != 0)
		expert_add_info(pinfo, it, &ei_fuse_error);
	proto_tree_add_item(t, hf.fuse_out_unique, body, IN_AT(p) + 8, 8, ENC_LITTLE_ENDIAN);
}

static void add_net(proto_tree *t, packet_info *pinfo, tvbuff_t *body, const struct vu_payload *p,
                    const struct vu_payload_info *info)
{
	static int *const flag_bits[] = {&hf.net_needs_csum, &hf.net_data_valid, &hf.net_rsc_info,
	                                 NULL};
	const struct vu_payload_net *n = &info->net;
	char queue[16];
	gint at = n->tx || n->ctrl ? OUT_AT : IN_AT(p);
	proto_item *it;

	if (n->ctrl)
		g_strlcpy(queue, "ctrl", sizeof(queue));
	else
		g_snprintf(queue, sizeof(queue), "%s%u", n->rx ? "rx" : "tx", n->pair);
	it = proto_tree_add_string(t, hf.net_queue, body, 0, 0, queue);
	proto_item_set_generated(it);
	if (add_short(t, pinfo, body, at, n->read) || n->read != VU_PAYLOAD_READ_OK)
		return;
	if (n->continuation) {
		/* the rest of a frame begun in an earlier receive buffer: no header */
		it = proto_tree_add_uint(t, hf.net_len, body, 0, 0, n->frame_len);
		proto_item_set_generated(it);
		return;
	}
	if (n->ctrl) {
		proto_tree_add_item(t, hf.net_ctrl_class, body, at, 1, ENC_NA);
		proto_tree_add_item(t, hf.net_ctrl_cmd, body, at + 1, 1, ENC_NA);
		if (n->has_ctrl_ack)
			proto_tree_add_item(
			    t, hf.net_ctrl_ack, body,
			    IN_AT(p) + (gint)(info->has_in_tail ? p->in_kept : p->in_total) - 1, 1,
			    ENC_NA);
		return;
	}
	it = proto_tree_add_uint(t, hf.net_hdr_size, body, at, n->hdr_size, n->hdr_size);
	proto_item_set_generated(it);
	proto_tree_add_bitmask(t, body, at, hf.net_flags, ett_net_flags, flag_bits, ENC_NA);
	proto_tree_add_item(t, hf.net_gso_type, body, at + 1, 1, ENC_NA);
	proto_tree_add_item(t, hf.net_hdr_len, body, at + 2, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.net_gso_size, body, at + 4, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.net_csum_start, body, at + 6, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.net_csum_offset, body, at + 8, 2, ENC_LITTLE_ENDIAN);
	if (n->has_num_buffers)
		proto_tree_add_item(t, hf.net_num_buffers, body, at + 10, 2, ENC_LITTLE_ENDIAN);
	it = proto_tree_add_uint(t, hf.net_len, body, 0, 0, n->frame_len);
	proto_item_set_generated(it);
}

static void add_vsock(proto_tree *t, packet_info *pinfo, tvbuff_t *body, const struct vu_payload *p,
                      const struct vu_payload_info *info)
{
	const struct vu_payload_vsock *v = &info->vsock;
	gint at = p->vring == 1 ? OUT_AT : IN_AT(p);
	const char *queue = p->vring == 0 ? "rx" : p->vring == 1 ? "tx" : "event";
	proto_item *it;

	it = proto_tree_add_string(t, hf.vsock_queue, body, 0, 0, queue);
	proto_item_set_generated(it);
	if (add_short(t, pinfo, body, at, v->read) || v->read != VU_PAYLOAD_READ_OK)
		return;
	proto_tree_add_item(t, hf.vsock_src_cid, body, at, 8, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_dst_cid, body, at + 8, 8, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_src_port, body, at + 16, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_dst_port, body, at + 20, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_len, body, at + 24, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_type, body, at + 28, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_op, body, at + 30, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_flags, body, at + 32, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_buf_alloc, body, at + 36, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(t, hf.vsock_fwd_cnt, body, at + 40, 4, ENC_LITTLE_ENDIAN);
}

/* ---- the frame ---------------------------------------------------------------------- */

void vhostuser_dissect_data(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                            const struct vu_pseudo *ps, proto_item *top)
{
	guint len = tvb_captured_length(body);
	const guint8 *data = len ? tvb_get_ptr(body, 0, len) : NULL;
	struct vu_payload p;
	struct vu_payload_info info;
	struct data_info *di;
	struct vu_str text;
	proto_item *ti, *it;
	proto_tree *dt, *vt;

	if (data == NULL || !vu_payload_parse(data, len, &p)) {
		proto_tree_add_expert(tree, pinfo, &vhostuser_ei_bad_pseudo, body, 0, MIN(len, 1u));
		col_add_fstr(pinfo->cinfo, COL_INFO, "s%u data: an entry this plugin cannot read",
		             ps->session);
		return;
	}
	di = p_get_proto_data(wmem_file_scope(), pinfo, proto_data, DATA_KEY);
	if (di == NULL)
		di = first_pass(pinfo, ps->session, &p);
	vu_payload_decode(&p, &di->ctx, &info);

	ti = proto_tree_add_item(tree, hf.data, body, 0, (gint)len, ENC_NA);
	dt = proto_item_add_subtree(ti, ett_data);
	proto_tree_add_item(dt, hf.version, body, 0, 1, ENC_NA);
	proto_tree_add_item(dt, hf.phase, body, 1, 1, ENC_NA);
	proto_tree_add_item(dt, hf.device, body, 2, 1, ENC_NA);
	it = proto_tree_add_item(dt, hf.flags, body, 3, 1, ENC_NA);
	{
		proto_tree *ft = proto_item_add_subtree(it, ett_data);

		proto_tree_add_item(ft, hf.packed, body, 3, 1, ENC_NA);
		proto_tree_add_item(ft, hf.out_cut, body, 3, 1, ENC_NA);
		proto_tree_add_item(ft, hf.in_cut, body, 3, 1, ENC_NA);
		proto_tree_add_item(ft, hf.in_tail, body, 3, 1, ENC_NA);
	}
	proto_tree_add_item(dt, hf.vring, body, 4, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(dt, hf.head, body, 6, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(dt, hf.out_total, body, 8, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(dt, hf.in_total, body, 12, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(dt, hf.used_len, body, 16, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(dt, hf.out_kept, body, 20, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(dt, hf.in_kept, body, 24, 4, ENC_LITTLE_ENDIAN);
	it = proto_tree_add_item(dt, hf.missed, body, 28, 4, ENC_LITTLE_ENDIAN);
	if (p.missed != 0)
		expert_add_info(pinfo, it, &ei_missed);
	proto_tree_add_item(dt, hf.latency_ns, body, 32, 8, ENC_LITTLE_ENDIAN);
	if (p.out_kept > 0)
		proto_tree_add_item(dt, hf.out, body, OUT_AT, (gint)p.out_kept, ENC_NA);
	if (p.in_kept > 0)
		proto_tree_add_item(dt, hf.in, body, IN_AT(&p), (gint)p.in_kept, ENC_NA);
	if (di->response_to != 0) {
		nstime_t t;

		it = proto_tree_add_uint(dt, hf.request_in, body, 0, 0, di->response_to);
		proto_item_set_generated(it);
		nstime_set_zero(&t);
		t.secs = (time_t)(di->delta_ns / 1000000000u);
		t.nsecs = (int)(di->delta_ns % 1000000000u);
		it = proto_tree_add_time(dt, hf.time, body, 0, 0, &t);
		proto_item_set_generated(it);
	}
	if (di->response_in != 0) {
		it = proto_tree_add_uint(dt, hf.response_in, body, 0, 0, di->response_in);
		proto_item_set_generated(it);
	} else if (pinfo->fd->visited && p.phase == VU_PAYLOAD_AVAIL &&
	           (p.device == VU_DEVICE_BLK || (p.device == VU_DEVICE_FS && p.vring != 0))) {
		expert_add_info(pinfo, ti, &ei_unanswered);
	}

	switch (p.device) {
	case VU_DEVICE_BLK:
		vt = proto_tree_add_subtree(tree, body, 0, 0, ett_device, NULL, "virtio-blk");
		add_blk(vt, pinfo, body, &p, &info);
		break;
	case VU_DEVICE_FS:
		vt = proto_tree_add_subtree(tree, body, 0, 0, ett_device, NULL, "FUSE");
		add_fuse(vt, pinfo, body, &p, &info);
		break;
	case VU_DEVICE_NET:
		vt = proto_tree_add_subtree(tree, body, 0, 0, ett_device, NULL, "virtio-net");
		add_net(vt, pinfo, body, &p, &info);
		break;
	case VU_DEVICE_VSOCK:
		vt = proto_tree_add_subtree(tree, body, 0, 0, ett_device, NULL, "virtio-vsock");
		add_vsock(vt, pinfo, body, &p, &info);
		break;
	default:
		break;
	}

	vu_str_init(&text);
	vu_payload_render_text(&p, &di->ctx, &info, 0, "", &text);
	col_add_fstr(pinfo->cinfo, COL_INFO, "s%u %s", ps->session,
	             text.data != NULL ? text.data : "");
	proto_item_append_text(top, ", %s vring %u %s", vu_payload_event_name(&p), p.vring,
	                       vu_payload_phase_name(p.phase));
	vu_str_free(&text);
}
