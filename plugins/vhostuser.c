/*
 * The vhost-user Wireshark plugin. Captures written by vhostsniff name the
 * "vhostuser" dissector in an exported-PDU tag, so Wireshark hands each frame
 * here: our pseudo-header, then one whole vhost-user message (or a session
 * event). The message is decoded by the dissector library that vhostsniff
 * itself uses, and its field tree is shown as it is: no second decoder.
 *
 * Session state (negotiated features, outstanding requests) lives in one
 * struct vu_session per session id, fed in frame order on the first pass.
 * What later passes need (the decode context, the findings, the matched
 * request or reply) is kept per frame.
 */
#define WS_BUILD_DLL
#include "config.h"

#include <string.h>

#include "plugins/vhostuser.h"

#include <epan/proto_data.h>
#include <wsutil/nstime.h>

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PACKAGE_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);

static int proto_vhostuser = -1;

/* What the first pass learnt about one frame. */
struct frame_info {
	struct vu_decode_context ctx; /* what the message was decoded with */
	guint8 device;                /* enum vu_device_type, for naming feature bits */
	guint8 nfindings;
	gboolean awaits_reply; /* a request that must be answered */
	guint32 response_in;   /* a request: the frame of its reply */
	guint32 response_to;   /* a reply: the frame of its request */
	guint64 latency_ns;
	struct vu_finding *findings; /* decoder's and session's, file scope */
};

static wmem_map_t *sessions;       /* session id -> struct vu_session */
static wmem_map_t *pending_frames; /* frame number -> struct frame_info of a request */

/* ---- the session, first pass ---------------------------------------------- */

static struct vu_session *session_get(guint32 id, gboolean fresh)
{
	struct vu_session *s = wmem_map_lookup(sessions, GUINT_TO_POINTER(id));

	if (s == NULL) {
		s = wmem_new(wmem_file_scope(), struct vu_session);
		wmem_map_insert(sessions, GUINT_TO_POINTER(id), s);
		fresh = TRUE;
	}
	if (fresh)
		vu_session_init(s, VU_DEVICE_UNKNOWN);
	return s;
}

struct vu_session *vhostuser_session(guint32 id)
{
	return session_get(id, FALSE);
}

/*
 * The context vu_session_process decodes m with, so that later passes decode
 * it the same way with vu_decode alone. Mirrors the start of
 * vu_session_process (dissector/vu-session.c).
 */
static guint64 frame_ns(const packet_info *pinfo)
{
	return (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;
}

static struct frame_info *first_pass(packet_info *pinfo, guint32 session_id,
                                     const struct vu_message *m, struct vu_decoded *d)
{
	struct vu_session *s = session_get(session_id, FALSE);
	struct frame_info *fi = wmem_new0(wmem_file_scope(), struct frame_info);
	size_t ch = (size_t)m->channel;

	vu_session_prepare(s, m);
	vu_session_context(s, m, &fi->ctx);
	vu_session_process(s, m, frame_ns(pinfo), pinfo->num, d);
	fi->device = (guint8)s->device;
	fi->nfindings = (guint8)d->nfindings;
	if (d->nfindings)
		fi->findings = wmem_memdup(wmem_file_scope(), d->findings,
		                           d->nfindings * sizeof(d->findings[0]));
	if (d->reply && s->last_frame_matched) {
		struct frame_info *req;

		fi->response_to = (guint32)s->last_frame_matched;
		fi->latency_ns = d->latency_ns;
		req = wmem_map_remove(pending_frames, GUINT_TO_POINTER(fi->response_to));
		if (req != NULL)
			req->response_in = pinfo->num;
	} else if (!d->reply && ch < VU_CHANNEL_COUNT && s->npending[ch] > 0 &&
	           s->pending[ch][s->npending[ch] - 1].frame == pinfo->num) {
		fi->awaits_reply = TRUE;
		wmem_map_insert(pending_frames, GUINT_TO_POINTER(pinfo->num), fi);
	}
	p_add_proto_data(wmem_file_scope(), pinfo, proto_vhostuser, 0, fi);
	return fi;
}

/* ---- the field tree ------------------------------------------------------- */

/* A masked field's hf expects the bits in place; the decoder gives them shifted
 * down (and booleans as 0/1), so put them back where the mask says. */
static guint64 value_in_place(const struct vu_field_def *def, guint64 value)
{
	guint64 mask = def->mask;

	if (mask == 0)
		return value;
	if (def->type == VU_FT_BOOL)
		return value ? mask : 0;
	return value << __builtin_ctzll(mask);
}

static proto_item *add_number(proto_tree *tree, int hf, tvbuff_t *tvb,
                              const struct vu_field_def *def, const struct vu_field *f,
                              enum vu_device_type device, enum vu_dialect dialect)
{
	guint64 v = value_in_place(def, f->value);
	int *const *bits = vhostuser_bit_fields(def, device, dialect);
	proto_item *item;

	if (bits != NULL && f->length == 8)
		return proto_tree_add_bitmask_value_with_flags(
		    tree, tvb, f->offset, hf, vhostuser_ett.bits, bits, v, BMT_NO_APPEND);
	switch (def->type) {
	case VU_FT_BOOL:
		item = proto_tree_add_boolean(tree, hf, tvb, f->offset, f->length, (guint32)v);
		break;
	case VU_FT_U64:
		item = proto_tree_add_uint64(tree, hf, tvb, f->offset, f->length, v);
		break;
	case VU_FT_I64:
		item = proto_tree_add_int64(tree, hf, tvb, f->offset, f->length, (gint64)v);
		break;
	default:
		item = proto_tree_add_uint(tree, hf, tvb, f->offset, f->length, (guint32)v);
		break;
	}
	return item;
}

static proto_item *add_field(proto_tree *tree, tvbuff_t *tvb, const struct vu_decoded *d,
                             const struct vu_field *f, enum vu_device_type device)
{
	const struct vu_field_def *def = vu_field_def((enum vu_field_id)f->id);
	int hf;

	if (def == NULL)
		return NULL;
	/* The value strings are upstream's; a dialect's request says its own name. */
	if (f->id == VU_FIELD_REQUEST && d->info != NULL && d->info->dialect != VU_DIALECT_QEMU)
		return proto_tree_add_uint_format_value(
		    tree, vhostuser_hf.request[d->channel], tvb, f->offset, f->length,
		    (guint32)f->value, "%s (%u)", d->info->name, (unsigned)f->value);
	if (f->id == VU_FIELD_REQUEST)
		return proto_tree_add_uint(tree, vhostuser_hf.request[d->channel], tvb, f->offset,
		                           f->length, (guint32)f->value);
	hf = vhostuser_field_hf((enum vu_field_id)f->id);
	switch (def->type) {
	case VU_FT_NONE:
		return proto_tree_add_item(tree, hf, tvb, f->offset, f->length, ENC_NA);
	case VU_FT_BYTES:
	case VU_FT_MAC:
		return proto_tree_add_item(tree, hf, tvb, f->offset, f->length, ENC_NA);
	case VU_FT_UUID:
		return proto_tree_add_item(tree, hf, tvb, f->offset, f->length, ENC_BIG_ENDIAN);
	default:
		return add_number(tree, hf, tvb, def, f, device, d->dialect);
	}
}

/* The decoder's fields, nested by depth, each under the last shallower one. */
static void add_fields(proto_tree *tree, tvbuff_t *msg, const struct vu_decoded *d,
                       enum vu_device_type device)
{
	proto_tree *parents[256] = {NULL};

	parents[0] = tree;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct vu_field *f = &d->fields[i];
		proto_tree *parent = parents[f->depth];
		proto_item *item;

		if (parent == NULL)
			parent = tree;
		item = add_field(parent, msg, d, f, device);
		if (f->depth < G_N_ELEMENTS(parents) - 1)
			parents[f->depth + 1] =
			    i + 1 < d->nfields && d->fields[i + 1].depth > f->depth
			        ? proto_item_add_subtree(item, vhostuser_ett.field[f->id])
			        : NULL;
	}
}

static void add_findings(proto_tree *tree, packet_info *pinfo, tvbuff_t *msg,
                         const struct vu_finding *findings, size_t n)
{
	guint len = tvb_captured_length(msg);

	for (size_t i = 0; i < n; i++) {
		const struct vu_finding *f = &findings[i];
		guint off = MIN(f->offset, len);
		guint flen = MIN(f->length, len - off);

		if (f->code >= VU_FIND_COUNT)
			continue;
		proto_tree_add_expert_format(tree, pinfo, &vhostuser_ei_finding[f->code], msg, off,
		                             flen, "%s", f->text);
	}
}

/* ---- the Info column, as vhostsniff's text line ---------------------------- */

static void set_info(packet_info *pinfo, guint32 session, const struct vu_decoded *d,
                     const struct vu_message *m, const struct vu_finding *findings,
                     size_t nfindings, guint64 latency_ns, enum vu_device_type device)
{
	struct vu_str s;
	char name[64];
	size_t mark;

	vu_str_init(&s);
	vu_str_printf(&s, "s%u %s %s>%s %s", session, vu_channel_name(m->channel),
	              m->from == VU_FROM_FRONT ? "front" : "back",
	              m->from == VU_FROM_FRONT ? "back" : "front",
	              vu_decoded_name(d, name, sizeof(name)));
	if (d->has_header) {
		vu_str_printf(&s, " [0x%x%s%s] size %u", d->flags, d->reply ? " reply" : "",
		              d->need_reply ? " need_reply" : "", d->size);
		if ((guint64)m->len != (guint64)VU_HDR_SIZE + d->size)
			vu_str_printf(&s, " (%u bytes kept)", (unsigned)(m->len - VU_HDR_SIZE));
	} else {
		vu_str_printf(&s, " [no header: %u bytes]", (unsigned)m->len);
	}
	vu_str_printf(&s, " fds %u", m->nfds);
	mark = s.len;
	vu_str_append(&s, ": ");
	vu_render_summary(d, m->bytes, m->len, device, &s);
	if (s.len == mark + 2) {
		s.len = mark;
		s.data[mark] = '\0';
	}
	if (latency_ns > 0) {
		if (latency_ns < 10000000u)
			vu_str_printf(&s, " (latency %.1fus)", (double)latency_ns / 1000.0);
		else
			vu_str_printf(&s, " (latency %.3fms)", (double)latency_ns / 1000000.0);
	}
	if (d->malformed)
		vu_str_printf(&s, " !! malformed: %s", d->malformed_reason);
	for (size_t i = 0; i < nfindings; i++)
		if (!d->malformed || strcmp(findings[i].text, d->malformed_reason) != 0)
			vu_str_printf(&s, " !! %s", findings[i].text);
	if (s.data != NULL)
		col_add_str(pinfo->cinfo, COL_INFO, s.data);
	vu_str_free(&s);
}

/* ---- one message ------------------------------------------------------------- */

static void dissect_message(tvbuff_t *msg, packet_info *pinfo, proto_tree *tree,
                            const struct vu_pseudo *p, proto_item *top)
{
	struct vu_message m;
	struct vu_decoded *d = wmem_new(pinfo->pool, struct vu_decoded);
	struct frame_info *fi;
	enum vu_device_type device;
	guint len = tvb_captured_length(msg);

	m.channel = (enum vu_channel)p->channel;
	m.from = (enum vu_direction)p->from;
	m.bytes = len ? tvb_get_ptr(msg, 0, len) : NULL;
	m.len = len;
	m.nfds = p->fds_total;
	m.fds = p->fds;
	m.inject = p->inject;

	if (!pinfo->fd->visited) {
		fi = first_pass(pinfo, p->session, &m, d);
	} else {
		fi = p_get_proto_data(wmem_file_scope(), pinfo, proto_vhostuser, 0);
		if (fi == NULL) /* not seen on the first pass: decode without the session */
			fi = wmem_new0(pinfo->pool, struct frame_info);
		vu_decode(&fi->ctx, &m, d);
	}
	device = (enum vu_device_type)fi->device;

	set_info(pinfo, p->session, d, &m, fi->findings, fi->nfindings, fi->latency_ns, device);
	{
		char name[64];

		proto_item_append_text(top, ", %s", vu_decoded_name(d, name, sizeof(name)));
		if (d->reply)
			proto_item_append_text(top, " (reply)");
	}
	add_fields(tree, msg, d, device);

	if (fi->response_in) {
		proto_item *it =
		    proto_tree_add_uint(tree, vhostuser_hf.response_in, msg, 0, 0, fi->response_in);
		proto_item_set_generated(it);
	}
	if (fi->response_to) {
		nstime_t t;
		proto_item *it =
		    proto_tree_add_uint(tree, vhostuser_hf.response_to, msg, 0, 0, fi->response_to);

		proto_item_set_generated(it);
		t.secs = (time_t)(fi->latency_ns / 1000000000u);
		t.nsecs = (int)(fi->latency_ns % 1000000000u);
		it = proto_tree_add_time(tree, vhostuser_hf.time, msg, 0, 0, &t);
		proto_item_set_generated(it);
	}
	if (d->malformed) {
		proto_item *it =
		    proto_tree_add_boolean(tree, vhostuser_hf.malformed, msg, 0, 0, TRUE);

		proto_item_set_generated(it);
	}
	add_findings(tree, pinfo, msg, fi->findings, fi->nfindings);
	/* Known once the whole capture was seen (tshark -2, Wireshark's GUI). */
	if (pinfo->fd->visited && fi->awaits_reply && fi->response_in == 0) {
		size_t ndefs;
		const struct vu_finding_def *defs = vu_finding_defs(&ndefs);
		enum vu_finding_code code =
		    d->info != NULL && !d->info->always_replied && d->need_reply ? VU_FIND_NO_ACK
		                                                                 : VU_FIND_NO_REPLY;

		proto_tree_add_expert_format(tree, pinfo, &vhostuser_ei_finding[code], msg, 0,
		                             MIN(len, 4u), "%s (no reply in this capture)",
		                             defs[code].text);
	}
}

/* ---- session events --------------------------------------------------------- */

static char *unescape_fact(wmem_allocator_t *pool, const guint8 *v, gsize len)
{
	wmem_strbuf_t *s = wmem_strbuf_sized_new(pool, len + 1, 0);

	for (gsize i = 0; i < len; i++) {
		if (v[i] == '\\' && i + 1 < len && v[i + 1] == '\\') {
			wmem_strbuf_append_c(s, '\\');
			i++;
		} else if (v[i] == '\\' && i + 1 < len && v[i + 1] == 'n') {
			wmem_strbuf_append_c(s, '\n');
			i++;
		} else if (v[i] == '\\' && i + 3 < len && v[i + 1] == 'x' &&
		           g_ascii_isxdigit(v[i + 2]) && g_ascii_isxdigit(v[i + 3])) {
			wmem_strbuf_append_c(s, (gchar)(g_ascii_xdigit_value(v[i + 2]) << 4 |
			                                g_ascii_xdigit_value(v[i + 3])));
			i += 3;
		} else {
			wmem_strbuf_append_c(s, (gchar)v[i]);
		}
	}
	return wmem_strbuf_finalize(s);
}

static void add_fact(proto_tree *tree, packet_info *pinfo, tvbuff_t *body, guint off,
                     guint line_len, const guint8 *line, gsize klen, const char *value)
{
	static const struct {
		const char *key;
		int *hf;
		gboolean number;
	} known[] = {
	    {"front.path", &vhostuser_hf.front_path, FALSE},
	    {"front.role", &vhostuser_hf.front_role, FALSE},
	    {"front.pid", &vhostuser_hf.front_pid, TRUE},
	    {"front.cmdline", &vhostuser_hf.front_cmdline, FALSE},
	    {"back.path", &vhostuser_hf.back_path, FALSE},
	    {"back.role", &vhostuser_hf.back_role, FALSE},
	    {"back.pid", &vhostuser_hf.back_pid, TRUE},
	    {"back.cmdline", &vhostuser_hf.back_cmdline, FALSE},
	    {"reason", &vhostuser_hf.reason, FALSE},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
		if (strlen(known[i].key) != klen || memcmp(known[i].key, line, klen) != 0)
			continue;
		if (known[i].number)
			proto_tree_add_uint(tree, *known[i].hf, body, off, line_len,
			                    (guint32)g_ascii_strtoull(value, NULL, 10));
		else
			proto_tree_add_string(tree, *known[i].hf, body, off, line_len, value);
		return;
	}
	proto_tree_add_string(tree, vhostuser_hf.fact, body, off, line_len,
	                      wmem_strdup_printf(pinfo->pool, "%.*s=%s", (int)klen, line, value));
}

/* What the session left undone when it ended, found on the first pass. */
static struct frame_info *session_end_findings(packet_info *pinfo, guint32 session,
                                               const char *reason)
{
	struct frame_info *fi = p_get_proto_data(wmem_file_scope(), pinfo, proto_vhostuser, 0);

	if (fi == NULL && !pinfo->fd->visited) {
		struct vu_decoded *d = wmem_new(pinfo->pool, struct vu_decoded);

		fi = wmem_new0(wmem_file_scope(), struct frame_info);
		vu_session_end(session_get(session, FALSE), reason, d);
		fi->nfindings = (guint8)d->nfindings;
		if (d->nfindings)
			fi->findings = wmem_memdup(wmem_file_scope(), d->findings,
			                           d->nfindings * sizeof(d->findings[0]));
		p_add_proto_data(wmem_file_scope(), pinfo, proto_vhostuser, 0, fi);
	}
	return fi != NULL ? fi : wmem_new0(pinfo->pool, struct frame_info);
}

static void dissect_channel_end(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                                const struct vu_pseudo *p, proto_item *top)
{
	(void)body;
	(void)tree;
	if (!pinfo->fd->visited)
		vu_session_channel_closed(session_get(p->session, FALSE),
		                          (enum vu_channel)p->channel, (enum vu_direction)p->from);
	proto_item_append_text(top, ", %s channel closed",
	                       vu_channel_name((enum vu_channel)p->channel));
	col_add_fstr(pinfo->cinfo, COL_INFO, "s%u %s channel closed by the %s-end", p->session,
	             vu_channel_name((enum vu_channel)p->channel),
	             vu_direction_name((enum vu_direction)p->from));
}

/*
 * What a session start says of the device, the dialect and the peers, as
 * vhostsniff -r takes it (vscore/pipeline.c): a device or dialect given by
 * option when the capture was made wins; the command lines are evidence.
 */
static void apply_facts(wmem_allocator_t *pool, struct vu_session *s, const guint8 *data, guint len)
{
	guint pos = 0;

	while (pos < len) {
		const guint8 *line = data + pos;
		const guint8 *nl = memchr(line, '\n', len - pos);
		guint line_len = nl ? (guint)(nl - line) : len - pos;
		const guint8 *eq = memchr(line, '=', line_len);

		if (eq != NULL) {
			gsize klen = (gsize)(eq - line);
			char *value = unescape_fact(pool, eq + 1, line_len - klen - 1);
			enum vu_device_type device;
			enum vu_dialect dialect;

			if (klen == 6 && memcmp(line, "device", 6) == 0 &&
			    vu_device_type_by_name(value, &device))
				vu_session_force_device(s, device);
			else if (klen == 7 && memcmp(line, "dialect", 7) == 0 &&
			         vu_dialect_by_name(value, &dialect))
				vu_session_force_dialect(s, dialect);
			else if (klen == 13 && memcmp(line, "front.cmdline", 13) == 0)
				vu_session_note_cmdline(s, VU_FROM_FRONT, value);
			else if (klen == 12 && memcmp(line, "back.cmdline", 12) == 0)
				vu_session_note_cmdline(s, VU_FROM_BACK, value);
		}
		pos += line_len + 1;
	}
}

static void dissect_event(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                          const struct vu_pseudo *p, proto_item *top)
{
	guint len = tvb_captured_length(body);
	const guint8 *data = len ? tvb_get_ptr(body, 0, len) : NULL;
	wmem_strbuf_t *info = wmem_strbuf_new(pinfo->pool, NULL);
	gboolean start = p->kind == VU_RECORD_SESSION_START;
	const char *reason = NULL;
	guint pos = 0;

	if (p->kind == VU_RECORD_CHANNEL_END) {
		dissect_channel_end(body, pinfo, tree, p, top);
		return;
	}
	if (start && !pinfo->fd->visited)
		session_get(p->session, TRUE); /* a session id starts afresh */
	if (start && !pinfo->fd->visited)
		apply_facts(pinfo->pool, session_get(p->session, FALSE), data, len);
	proto_item_append_text(top, ", session %s", start ? "start" : "end");
	wmem_strbuf_append_printf(info, "s%u session %s", p->session, start ? "start:" : "end");
	while (pos < len) {
		const guint8 *line = data + pos;
		const guint8 *nl = memchr(line, '\n', len - pos);
		guint line_len = nl ? (guint)(nl - line) : len - pos;
		const guint8 *eq = memchr(line, '=', line_len);

		if (eq != NULL) {
			gsize klen = (gsize)(eq - line);
			char *value = unescape_fact(pinfo->pool, eq + 1, line_len - klen - 1);

			add_fact(tree, pinfo, body, pos, line_len, line, klen, value);
			if (klen == 6 && memcmp(line, "reason", 6) == 0)
				reason = value;
			else if (start && (klen == 10 && (memcmp(line, "front.path", 10) == 0)))
				wmem_strbuf_append_printf(info, " front %s", value);
			else if (start && klen == 9 && memcmp(line, "back.path", 9) == 0)
				wmem_strbuf_append_printf(info, " back %s", value);
			else if (start && klen == 9 && memcmp(line, "front.pid", 9) == 0)
				wmem_strbuf_append_printf(info, " (front pid %s)", value);
			else if (start && klen == 8 && memcmp(line, "back.pid", 8) == 0)
				wmem_strbuf_append_printf(info, " (back pid %s)", value);
		}
		pos += line_len + 1;
	}
	if (!start) {
		struct frame_info *fi = session_end_findings(pinfo, p->session, reason);

		wmem_strbuf_append_printf(info, ": %s", reason ? reason : "ended");
		for (guint i = 0; i < fi->nfindings; i++)
			wmem_strbuf_append_printf(info, " !! %s", fi->findings[i].text);
		add_findings(tree, pinfo, body, fi->findings, fi->nfindings);
	}
	col_add_str(pinfo->cinfo, COL_INFO, wmem_strbuf_get_str(info));
}

/* ---- a ring snapshot (--rings) -------------------------------------------------- */

static void dissect_ring(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                         const struct vu_pseudo *p, proto_item *top)
{
	const struct vhostuser_hf *h = &vhostuser_hf;
	guint len = tvb_captured_length(body);
	const guint8 *data = len ? tvb_get_ptr(body, 0, len) : NULL;
	struct vu_ring_record *rec = wmem_new0(pinfo->pool, struct vu_ring_record);
	struct vu_decoded *found = wmem_new0(pinfo->pool, struct vu_decoded);
	const struct vu_ring_snapshot *snap = &rec->snap;
	wmem_strbuf_t *info = wmem_strbuf_new(pinfo->pool, NULL);
	proto_tree *rt, *ct;
	proto_item *ti;
	guint at = VU_RING_RECORD_FIXED;

	if (data == NULL || !vu_ring_record_decode(data, len, rec, found)) {
		proto_tree_add_expert(tree, pinfo, &vhostuser_ei_bad_pseudo, body, 0, MIN(len, 1u));
		col_add_fstr(pinfo->cinfo, COL_INFO, "s%u ring: a snapshot this plugin cannot read",
		             p->session);
		return;
	}
	proto_item_append_text(top, ", ring %u", snap->vring);
	ti = proto_tree_add_item(tree, h->ring, body, 0, (gint)len, ENC_NA);
	rt = proto_item_add_subtree(ti, vhostuser_ett.ring);
	proto_tree_add_item(rt, h->ring_vring, body, 4, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_string(rt, h->ring_cause, body, 36, 4, vu_ring_cause_name(rec->cause));
	if (rec->cause_frame != 0)
		proto_tree_add_item(rt, h->ring_cause_frame, body, 40, 8, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(rt, h->ring_status, body, 1, 1, ENC_NA);
	if (snap->status != VU_RING_OK)
		proto_tree_add_item(rt, h->ring_part, body, 2, 1, ENC_NA);
	proto_tree_add_item(rt, h->ring_num, body, 6, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_boolean(rt, h->ring_packed, body, 3, 1, snap->packed);
	proto_tree_add_boolean(rt, h->ring_event_idx, body, 3, 1, snap->event_idx);
	wmem_strbuf_append_printf(info, "s%u ring %u (%s):", p->session, snap->vring,
	                          vu_ring_cause_name(rec->cause));
	if (snap->status != VU_RING_OK) {
		wmem_strbuf_append_printf(info, " %s",
		                          vu_ring_status_name((enum vu_ring_status)snap->status));
	} else if (!snap->packed) {
		proto_tree_add_item(rt, h->ring_avail_idx, body, 10, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(rt, h->ring_used_idx, body, 14, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(rt, h->ring_inflight, body, 32, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(rt, h->ring_avail_flags, body, 8, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(rt, h->ring_used_flags, body, 12, 2, ENC_LITTLE_ENDIAN);
		if (snap->event_idx) {
			proto_tree_add_item(rt, h->ring_used_event, body, 16, 2, ENC_LITTLE_ENDIAN);
			proto_tree_add_item(rt, h->ring_avail_event, body, 18, 2,
			                    ENC_LITTLE_ENDIAN);
		}
		wmem_strbuf_append_printf(info, " avail %u used %u, %u in flight", snap->avail_idx,
		                          snap->used_idx, snap->inflight);
	} else {
		proto_tree_add_item(rt, h->ring_avail_pos, body, 20, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_boolean(rt, h->ring_avail_wrap, body, 3, 1, snap->avail_wrap);
		proto_tree_add_item(rt, h->ring_used_pos, body, 22, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_boolean(rt, h->ring_used_wrap, body, 3, 1, snap->used_wrap);
		proto_tree_add_item(rt, h->ring_inflight, body, 32, 4, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(rt, h->ring_driver_event_flags, body, 26, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(rt, h->ring_device_event_flags, body, 30, 2, ENC_LITTLE_ENDIAN);
		wmem_strbuf_append_printf(info, " avail %u%s used %u%s, %u in flight",
		                          snap->avail_pos, snap->avail_wrap ? "w" : "",
		                          snap->used_pos, snap->used_wrap ? "w" : "",
		                          snap->inflight);
	}
	if (snap->status == VU_RING_OK) {
		proto_tree_add_boolean(rt, h->ring_settled, body, 3, 1, snap->settled);
		proto_tree_add_boolean(rt, h->ring_stalled, body, 3, 1, rec->stalled);
		if (rec->stalled) {
			proto_tree_add_item(rt, h->ring_stalled_ns, body, 48, 8, ENC_LITTLE_ENDIAN);
			wmem_strbuf_append_printf(info, ", stalled %.1fs",
			                          (double)rec->stalled_ns / 1e9);
		}
	}
	for (size_t i = 0; i < snap->nchains; i++) {
		const struct vu_ring_chain *c = &snap->chains[i];
		guint size = 40 + c->nkept * 24;

		ti = proto_tree_add_item(rt, h->ring_chain, body, (gint)at, (gint)size, ENC_NA);
		proto_item_append_text(ti, " %zu: head %u, %u descriptors", i, c->head, c->ndescs);
		ct = proto_item_add_subtree(ti, vhostuser_ett.chain);
		proto_tree_add_item(ct, h->ring_chain_head, body, (gint)at, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(ct, h->ring_chain_id, body, (gint)at + 2, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_string(ct, h->ring_chain_status, body, (gint)at + 4, 1,
		                      vu_chain_status_name((enum vu_chain_status)c->status));
		proto_tree_add_item(ct, h->ring_chain_descs, body, (gint)at + 8, 4,
		                    ENC_LITTLE_ENDIAN);
		proto_tree_add_item(ct, h->ring_chain_readable, body, (gint)at + 16, 8,
		                    ENC_LITTLE_ENDIAN);
		proto_tree_add_item(ct, h->ring_chain_writable, body, (gint)at + 24, 8,
		                    ENC_LITTLE_ENDIAN);
		at += size;
	}
	for (size_t i = 0; i < found->nfindings; i++)
		wmem_strbuf_append_printf(info, " !! %s", found->findings[i].text);
	add_findings(tree, pinfo, body, found->findings, found->nfindings);
	/* What the snapshot found about the message that took it: vhostsniff
	 * shows it on that message, which Wireshark dissected before this frame;
	 * here it is expert info of this frame, naming the message. */
	for (size_t i = 0; i < rec->nmessage_findings; i++) {
		const struct vu_finding *f = &rec->message_findings[i];

		wmem_strbuf_append_printf(info, " !! frame %" G_GUINT64_FORMAT ": %s",
		                          rec->cause_frame, f->text);
		if (f->code < VU_FIND_COUNT)
			proto_tree_add_expert_format(tree, pinfo, &vhostuser_ei_finding[f->code],
			                             body, 0, 0, "frame %" G_GUINT64_FORMAT ": %s",
			                             rec->cause_frame, f->text);
	}
	col_add_str(pinfo->cinfo, COL_INFO, wmem_strbuf_get_str(info));
}

/* ---- the inflight area and the dirty log (--rings) ------------------------------ */

/* What vhostsniff showed of them, as its text line says it: the area is
 * guest memory and is not in the capture. */
static void dissect_area(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                         const struct vu_pseudo *p, proto_item *top)
{
	const struct vhostuser_hf *h = &vhostuser_hf;
	guint len = tvb_captured_length(body);
	const guint8 *data = len ? tvb_get_ptr(body, 0, len) : NULL;
	wmem_strbuf_t *info = wmem_strbuf_new(pinfo->pool, NULL);

	if (p->kind == VU_RECORD_INFLIGHT) {
		struct vu_inflight_record *rec = wmem_new0(pinfo->pool, struct vu_inflight_record);
		const struct vu_inflight_queue *q = &rec->queue;

		if (data == NULL || !vu_inflight_record_decode(data, len, rec))
			goto bad;
		proto_item_append_text(top, ", inflight queue %u", q->queue);
		proto_tree_add_item(tree, h->inflight_queue, body, 4, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(tree, h->inflight_status, body, 1, 1, ENC_NA);
		proto_tree_add_item(tree, h->inflight_version, body, 6, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(tree, h->inflight_desc_num, body, 8, 2, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(tree, h->inflight_count, body, 24, 4, ENC_LITTLE_ENDIAN);
		for (size_t i = 0; i < q->nkept; i++)
			proto_tree_add_item(tree, h->inflight_desc, body,
			                    (gint)(VU_INFLIGHT_RECORD_FIXED + 16 * i), 2,
			                    ENC_LITTLE_ENDIAN);
		wmem_strbuf_append_printf(
		    info, "s%u inflight %u (%s): %s", p->session, q->queue,
		    vu_ring_cause_name(rec->cause),
		    vu_inflight_status_name((enum vu_inflight_status)q->status));
		if (q->status == VU_INFLIGHT_OK)
			wmem_strbuf_append_printf(info, ", resubmits %u", q->ninflight);
	} else {
		struct vu_log_record rec;

		if (data == NULL || !vu_log_record_decode(data, len, &rec))
			goto bad;
		proto_item_append_text(top, ", dirty log");
		proto_tree_add_item(tree, h->log_pages, body, 16, 8, ENC_LITTLE_ENDIAN);
		proto_tree_add_boolean(tree, h->log_unreadable, body, 1, 1, rec.unreadable);
		wmem_strbuf_append_printf(info, "s%u log (%s): ", p->session,
		                          vu_ring_cause_name(rec.cause));
		if (rec.unreadable) {
			wmem_strbuf_append_printf(info, "unreadable (%" G_GUINT64_FORMAT " pages)",
			                          rec.pages);
		} else {
			proto_tree_add_item(tree, h->log_dirty, body, 24, 8, ENC_LITTLE_ENDIAN);
			wmem_strbuf_append_printf(
			    info, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " pages dirty",
			    rec.dirty, rec.pages);
		}
	}
	col_add_str(pinfo->cinfo, COL_INFO, wmem_strbuf_get_str(info));
	return;
bad:
	proto_tree_add_expert(tree, pinfo, &vhostuser_ei_bad_pseudo, body, 0, MIN(len, 1u));
	col_add_fstr(pinfo->cinfo, COL_INFO, "s%u %s: a record this plugin cannot read", p->session,
	             p->kind == VU_RECORD_INFLIGHT ? "inflight" : "log");
}

/* ---- the frame ------------------------------------------------------------------ */

static void add_pseudo(proto_tree *tree, tvbuff_t *tvb, const struct vu_pseudo *p, guint plen)
{
	proto_item *ti = proto_tree_add_item(tree, vhostuser_hf.pseudo, tvb, 0, plen, ENC_NA);
	proto_tree *pt = proto_item_add_subtree(ti, vhostuser_ett.pseudo);

	proto_tree_add_item(pt, vhostuser_hf.pseudo_version, tvb, 2, 1, ENC_NA);
	proto_tree_add_item(pt, vhostuser_hf.event, tvb, 3, 1, ENC_NA);
	proto_tree_add_item(pt, vhostuser_hf.channel, tvb, 4, 1, ENC_NA);
	proto_tree_add_item(pt, vhostuser_hf.direction, tvb, 5, 1, ENC_NA);
	proto_tree_add_item(pt, vhostuser_hf.fds_described, tvb, 6, 1, ENC_NA);
	ti = proto_tree_add_item(pt, vhostuser_hf.pseudo_flags, tvb, 7, 1, ENC_NA);
	proto_tree_add_item(proto_item_add_subtree(ti, vhostuser_ett.pseudo),
	                    vhostuser_hf.pseudo_truncated, tvb, 7, 1, ENC_NA);
	proto_tree_add_item(pt, vhostuser_hf.session, tvb, 8, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(pt, vhostuser_hf.msg_len, tvb, 12, 4, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(pt, vhostuser_hf.fds, tvb, 16, 1, ENC_NA);
	for (unsigned i = 0; i < p->nfds; i++) {
		guint off = VU_PSEUDO_FIXED + i * VU_PSEUDO_FD_SIZE;
		proto_tree *ft;

		ti = proto_tree_add_item(pt, vhostuser_hf.fd, tvb, off, VU_PSEUDO_FD_SIZE, ENC_NA);
		proto_item_append_text(
		    ti, " %u: %s inode %" G_GUINT64_FORMAT " size %" G_GUINT64_FORMAT "%s%s%s", i,
		    vu_fd_kind_name((enum vu_fd_kind)p->fds[i].kind), p->fds[i].inode,
		    p->fds[i].size, p->fds[i].name[0] ? " " : "", p->fds[i].name,
		    (p->fds[i].flags & VU_FD_F_INTERPOSED) ? " (interposed)" : "");
		ft = proto_item_add_subtree(ti, vhostuser_ett.fd);
		proto_tree_add_item(ft, vhostuser_hf.fd_kind, tvb, off, 1, ENC_NA);
		/* Only when set: captures without --kicks show what they always did. */
		if (p->fds[i].flags & VU_FD_F_INTERPOSED)
			proto_tree_add_item(ft, vhostuser_hf.fd_interposed, tvb, off + 1, 1,
			                    ENC_NA);
		if (p->fds[i].eventfd_id != 0)
			proto_tree_add_item(ft, vhostuser_hf.fd_eventfd_id, tvb, off + 4, 4,
			                    ENC_LITTLE_ENDIAN);
		proto_tree_add_item(ft, vhostuser_hf.fd_size, tvb, off + 8, 8, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(ft, vhostuser_hf.fd_inode, tvb, off + 16, 8, ENC_LITTLE_ENDIAN);
		proto_tree_add_item(ft, vhostuser_hf.fd_name, tvb, off + 24, 40,
		                    ENC_UTF_8 | ENC_NA);
	}
}

/* A notification (--kicks): one eventfd read, forwarded whole. */
static void dissect_notify(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                           const struct vu_pseudo *p, proto_item *top)
{
	const struct vhostuser_hf *h = &vhostuser_hf;
	guint len = tvb_captured_length(body);
	const guint8 *data = len ? tvb_get_ptr(body, 0, len) : NULL;
	struct vu_notify n;
	proto_tree *nt;
	proto_item *ti;

	if (data == NULL || !vu_notify_parse(data, len, &n)) {
		proto_tree_add_expert(tree, pinfo, &vhostuser_ei_bad_pseudo, body, 0, MIN(len, 1u));
		col_add_fstr(pinfo->cinfo, COL_INFO,
		             "s%u notification: a body this plugin cannot read", p->session);
		return;
	}
	proto_item_append_text(top, ", %s vring %u", vu_notify_signal_name(n.signal), n.vring);
	ti = proto_tree_add_item(tree, h->notify, body, 0, (gint)len, ENC_NA);
	nt = proto_item_add_subtree(ti, vhostuser_ett.notify);
	proto_tree_add_item(nt, h->notify_signal, body, 1, 1, ENC_NA);
	proto_tree_add_item(nt, h->notify_vring, body, 4, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(nt, h->notify_count, body, 8, 8, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(nt, h->notify_signals, body, 16, 8, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(nt, h->notify_reads, body, 24, 8, ENC_LITTLE_ENDIAN);
	proto_item_set_generated(
	    proto_tree_add_uint64(nt, h->notify_coalesced, body, 16, 16, n.signals - n.reads));
	if (n.signal == VU_NOTIFY_KICK) {
		proto_tree_add_item(nt, h->notify_enabled, body, 2, 1, ENC_NA);
		proto_tree_add_item(nt, h->notify_stopped, body, 2, 1, ENC_NA);
		proto_tree_add_item(nt, h->notify_pending, body, 2, 1, ENC_NA);
	}
	col_add_fstr(pinfo->cinfo, COL_INFO,
	             "s%u %s vring %u: %" G_GUINT64_FORMAT " (signals %" G_GUINT64_FORMAT
	             ", %" G_GUINT64_FORMAT " coalesced)",
	             p->session, vu_notify_signal_name(n.signal), n.vring, n.count, n.signals,
	             n.signals - n.reads);
}

static int dissect_vhostuser(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	guint len = tvb_captured_length(tvb);
	const guint8 *bytes = len ? tvb_get_ptr(tvb, 0, len) : NULL;
	struct vu_pseudo p;
	size_t plen = bytes ? vu_pseudo_decode(bytes, len, &p) : 0;
	proto_item *top;
	proto_tree *vt;
	tvbuff_t *body;
	guint body_len;

	(void)data;
	col_set_str(pinfo->cinfo, COL_PROTOCOL, "vhost-user");
	col_clear(pinfo->cinfo, COL_INFO);
	top = proto_tree_add_item(tree, proto_vhostuser, tvb, 0, -1, ENC_NA);
	vt = proto_item_add_subtree(top, vhostuser_ett.top);
	if (plen == 0) {
		proto_tree_add_expert(vt, pinfo, &vhostuser_ei_bad_pseudo, tvb, 0, MIN(len, 4u));
		col_set_str(pinfo->cinfo, COL_INFO, "invalid vhostsniff pseudo-header");
		return (int)len;
	}
	proto_item_append_text(
	    top, ", session %u, %s, %s", p.session, vu_channel_name((enum vu_channel)p.channel),
	    p.from == VU_FROM_FRONT ? "front-end to back-end" : "back-end to front-end");
	if (p.kind == VU_RECORD_MESSAGE || p.kind == VU_RECORD_DATA) {
		col_set_str(pinfo->cinfo, COL_DEF_SRC,
		            p.from == VU_FROM_FRONT ? "front-end" : "back-end");
		col_set_str(pinfo->cinfo, COL_DEF_DST,
		            p.from == VU_FROM_FRONT ? "back-end" : "front-end");
	}
	add_pseudo(vt, tvb, &p, (guint)plen);
	/* A frame may hold less than the pseudo-header says: show what is there. */
	body_len = MIN(p.msg_len, len - (guint)plen);
	body = tvb_new_subset_length(tvb, (gint)plen, (gint)body_len);
	if (p.flags & VU_PSEUDO_F_TRUNCATED)
		proto_tree_add_expert(vt, pinfo, &vhostuser_ei_relay_truncated, tvb, 7, 1);
	if (p.kind == VU_RECORD_MESSAGE)
		dissect_message(body, pinfo, vt, &p, top);
	else if (p.kind == VU_RECORD_RING)
		dissect_ring(body, pinfo, vt, &p, top);
	else if (p.kind == VU_RECORD_INFLIGHT || p.kind == VU_RECORD_DIRTY_LOG)
		dissect_area(body, pinfo, vt, &p, top);
	else if (p.kind == VU_RECORD_NOTIFY)
		dissect_notify(body, pinfo, vt, &p, top);
	else if (p.kind == VU_RECORD_DATA)
		vhostuser_dissect_data(body, pinfo, vt, &p, top);
	else
		dissect_event(body, pinfo, vt, &p, top);
	return (int)len;
}

/* ---- registration ------------------------------------------------------------ */

static void proto_register_vhostuser(void)
{
	proto_vhostuser = proto_register_protocol("vhost-user protocol", "vhost-user", "vhostuser");
	vhostuser_register_fields(proto_vhostuser);
	vhostuser_register_data(proto_vhostuser);
	/* The exported-PDU tag of our captures names exactly this. */
	register_dissector("vhostuser", dissect_vhostuser, proto_vhostuser);
	sessions = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash,
	                                  g_direct_equal);
	pending_frames = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash,
	                                        g_direct_equal);
}

static void proto_reg_handoff_vhostuser(void)
{
	/* Nothing to attach to: exported-PDU frames find us by name. */
}

void plugin_register(void)
{
	static proto_plugin plug;

	plug.register_protoinfo = proto_register_vhostuser;
	plug.register_handoff = proto_reg_handoff_vhostuser;
	proto_register_plugin(&plug);
}
