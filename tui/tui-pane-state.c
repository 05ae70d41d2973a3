/*
 * The state pane: the selected message's session as the dissector's session
 * machine sees it right after that message (features by name, protocol
 * features, status, memory regions, vrings, replies awaited), plus the
 * session's facts (socket paths, roles, peers). In follow mode that is the
 * live state of the newest session. With --rings, the rings as their latest
 * snapshot showed them (size, indexes, in flight, last progress, stalled):
 * live, not as of the selected message.
 */
#include "config.h"

#include <stdio.h>

#include "dissector/vu-ring.h"
#include "tui/tui-internal.h"

/* "NAME NAME bit 40 ..." for the bits of v, named by lookup. */
static char *bit_names(uint64_t v, enum vu_device_type dev, enum vu_dialect dialect, bool protocol)
{
	GString *s = g_string_new(NULL);

	for (unsigned bit = 0; bit < 64; bit++) {
		const char *name;

		if (!(v & (1ull << bit)))
			continue;
		name =
		    protocol ? vu_protocol_bit_name(dialect, bit) : vu_feature_bit_name(dev, bit);
		if (s->len)
			g_string_append_c(s, ' ');
		if (name)
			g_string_append(s, name);
		else
			g_string_append_printf(s, "bit%u", bit);
	}
	if (!s->len)
		g_string_append(s, "(none)");
	return g_string_free(s, FALSE);
}

static void add_bits(struct vs_lines *l, int width, const char *label, uint64_t v,
                     enum vu_device_type dev, enum vu_dialect dialect, bool protocol,
                     enum vs_color c)
{
	g_autofree char *names = bit_names(v, dev, dialect, protocol);
	g_autofree char *text =
	    g_strdup_printf("%s 0x%llx: %s", label, (unsigned long long)v, names);

	vs_lines_add_wrapped(l, c, text, width, 4);
}

static void add_session_line(struct vs_lines *l, const struct vs_store_session *s)
{
	char ts[32];

	vs_format_time(s->start_ts_ns, ts, sizeof(ts));
	vs_lines_add(l, VS_C_LABEL, "Session %u  %s device  since %s%s%s", s->id,
	             vu_device_type_name(s->device), ts, s->ended ? "  ended: " : "",
	             s->ended ? (s->facts.reason ? s->facts.reason : "closed") : "");
}

/* Why the bits are named as they are: "Device blk from features, config; dialect qemu". */
static void add_identity_line(struct vs_lines *l, const struct vs_store_session *state)
{
	struct vu_str dev, dia;

	vu_str_init(&dev);
	vu_str_init(&dia);
	vu_render_evidence(state->device_evidence, ", ", &dev);
	vu_render_evidence(state->dialect_evidence, ", ", &dia);
	vs_lines_add(l, VS_C_LABEL, "Device %s from %s; dialect %s from %s",
	             vu_device_type_name(state->device), dev.len ? dev.data : "no evidence",
	             vu_dialect_name(state->dialect),
	             dia.len ? dia.data : "no evidence (upstream)");
	vu_str_free(&dev);
	vu_str_free(&dia);
}

static void add_facts(struct vs_lines *l, int width, const struct vs_store_session *s)
{
	const struct vs_session_facts *f = &s->facts;
	g_autofree char *front = NULL, *back = NULL;

	if (!s->started)
		return;
	vs_lines_add(l, VS_C_LABEL, "Peers:");
	front = g_strdup_printf("  front: %s %s  pid %d  %s",
	                        f->front_role == VS_ROLE_CONNECT ? "connect" : "listen",
	                        f->front_path ? f->front_path : "?", (int)f->front_pid,
	                        f->front_cmdline ? f->front_cmdline : "");
	back = g_strdup_printf("  back:  %s %s  pid %d  %s",
	                       f->back_role == VS_ROLE_LISTEN ? "listen" : "connect",
	                       f->back_path ? f->back_path : "?", (int)f->back_pid,
	                       f->back_cmdline ? f->back_cmdline : "");
	vs_lines_add_wrapped(l, VS_C_FRONT, front, width, 9);
	vs_lines_add_wrapped(l, VS_C_BACK, back, width, 9);
}

static void add_memory(struct vs_lines *l, int width, const struct vu_session *st)
{
	vs_lines_add(l, VS_C_LABEL, "Memory regions: %zu", st->nregions);
	for (size_t i = 0; i < st->nregions && i < G_N_ELEMENTS(st->regions); i++) {
		const struct vu_mem_region_state *m = &st->regions[i];
		char size[32];
		g_autofree char *text = NULL;

		vs_format_size(m->size, size, sizeof(size));
		text = g_strdup_printf(
		    "  %zu: guest 0x%llx  size %s  user 0x%llx  offset 0x%llx  fd %s%s%s%s", i,
		    (unsigned long long)m->guest_addr, size, (unsigned long long)m->user_addr,
		    (unsigned long long)m->mmap_offset, vu_fd_kind_name(m->fd.kind),
		    m->fd.name[0] ? " \"" : "", m->fd.name, m->fd.name[0] ? "\"" : "");
		vs_lines_add_wrapped(l, VS_C_NORMAL, text, width, 5);
	}
}

static void add_vrings(struct vs_lines *l, const struct vu_session *st)
{
	bool any = false;

	for (unsigned i = 0; i < VU_MAX_VRINGS; i++)
		any |= st->vrings[i].seen;
	if (!any) {
		vs_lines_add(l, VS_C_LABEL, "Vrings: none set up");
		return;
	}
	vs_lines_add(l, VS_C_LABEL, "Vrings:");
	for (unsigned i = 0; i < VU_MAX_VRINGS; i++) {
		const struct vu_vring_state *v = &st->vrings[i];

		if (!v->seen)
			continue;
		vs_lines_add(l, VS_C_NORMAL,
		             "  %u: num %u  base %u  %s  %s  kick %s  call %s  err %s", i, v->num,
		             v->base, v->enabled ? "enabled" : "disabled",
		             v->started ? "started" : "stopped", v->kick_fd ? "fd" : "-",
		             v->call_fd ? "fd" : "-", v->err_fd ? "fd" : "-");
		vs_lines_add(l, VS_C_DIM, "     desc 0x%llx  avail 0x%llx  used 0x%llx%s",
		             (unsigned long long)v->desc, (unsigned long long)v->avail,
		             (unsigned long long)v->used, (v->addr_flags & 1) ? "  log" : "");
	}
}

/* --kicks: each ring's notifications so far. */
static void add_notify(struct vs_lines *l, const struct vs_store_session *s)
{
	if (!s->has_notify)
		return;
	vs_lines_add(l, VS_C_LABEL, "Notifications (--kicks):");
	for (unsigned i = 0; i < VU_MAX_VRINGS; i++) {
		const struct vs_store_ring *g = &s->rings[i];

		if (g->reads[0] + g->reads[1] + g->reads[2] == 0)
			continue;
		vs_lines_add(l, VS_C_NORMAL,
		             "  %u: kicks %llu (%llu coalesced)  calls %llu (%llu coalesced)  "
		             "errors %llu",
		             i, (unsigned long long)g->signals[0],
		             (unsigned long long)(g->signals[0] - g->reads[0]),
		             (unsigned long long)g->signals[1],
		             (unsigned long long)(g->signals[1] - g->reads[1]),
		             (unsigned long long)g->signals[2]);
	}
}

/* --rings: each ring as its latest snapshot showed it. */
static void add_rings(struct vs_lines *l, const struct vs_store_session *s)
{
	if (!s->has_rings)
		return;
	vs_lines_add(l, VS_C_LABEL, "Rings (latest snapshot):");
	for (unsigned i = 0; i < VU_MAX_VRINGS; i++) {
		const struct vs_store_ring *g = &s->rings[i];
		char last[32];

		if (!g->seen)
			continue;
		if (!g->ok) {
			vs_lines_add(l, VS_C_WARN, "  %u: size %u  %s", i, g->num,
			             vu_ring_status_name((enum vu_ring_status)g->status));
			continue;
		}
		vs_format_time(g->progress_ns, last, sizeof(last));
		vs_lines_add(l, g->stalled ? VS_C_ERROR : VS_C_NORMAL,
		             "  %u: size %u%s  avail %u  used %u  in flight %u  completed %llu  "
		             "last progress %s%s",
		             i, g->num, g->packed ? " packed" : "", g->avail, g->used, g->inflight,
		             (unsigned long long)g->completed, last, g->stalled ? "  STALLED" : "");
		if (g->stalled)
			vs_lines_add(
			    l, VS_C_ERROR,
			    "     stalled: requests in flight, the used index still since the "
			    "last progress (found after %.1f s)",
			    (double)g->stalled_ns / 1e9);
	}
}

static void add_pending(struct vs_lines *l, const struct vu_session *st)
{
	for (unsigned c = 0; c < VU_CHANNEL_COUNT; c++) {
		for (size_t i = 0; i < st->npending[c] && i < VU_MAX_PENDING; i++) {
			const struct vu_pending *p = &st->pending[c][i];
			const struct vu_request_info *info =
			    vu_request_lookup_dialect(p->dialect, c, p->request);

			vs_lines_add(l, VS_C_WARN, "  awaiting reply on %s: #%llu %s",
			             vu_channel_name(c), (unsigned long long)p->frame,
			             info && info->name ? info->name : "?");
		}
	}
}

static const char *transfer_phase_name(enum vu_transfer_phase phase)
{
	static const char *const names[] = {"none",     "started", "running",
	                                    "checking", "done",    "failed"};

	return (size_t)phase < G_N_ELEMENTS(names) ? names[phase] : "?";
}

/* The rest of what the session set up: log, inflight area, config, transfer. */
static void add_extras(struct vs_lines *l, const struct vu_session *st)
{
	if (st->features_set_count > 1 || st->protocol_set_count > 1)
		vs_lines_add(
		    l, VS_C_NORMAL,
		    "Negotiated %u times (features), %u times (protocol features): the last "
		    "is in force",
		    st->features_set_count, st->protocol_set_count);
	if (st->backend_channel || st->closed[VU_CHANNEL_BACKEND])
		vs_lines_add(l, st->closed[VU_CHANNEL_BACKEND] ? VS_C_WARN : VS_C_NORMAL,
		             "Back-end channel: %s",
		             st->closed[VU_CHANNEL_BACKEND]
		                 ? (st->closed_by[VU_CHANNEL_BACKEND] == VU_FROM_FRONT
		                        ? "closed by the front-end"
		                        : "closed by the back-end")
		                 : "open");
	if (st->log.set)
		vs_lines_add(l, VS_C_NORMAL, "Dirty log: %llu bytes at offset %llu",
		             (unsigned long long)st->log.size, (unsigned long long)st->log.offset);
	if (st->inflight.set)
		vs_lines_add(l, VS_C_NORMAL, "Inflight: %llu bytes at %llu, %u queues of %u",
		             (unsigned long long)st->inflight.mmap_size,
		             (unsigned long long)st->inflight.mmap_offset, st->inflight.num_queues,
		             st->inflight.queue_size);
	if (st->config.seen)
		vs_lines_add(l, VS_C_NORMAL, "Config: %u bytes at offset %u, %s", st->config.size,
		             st->config.offset, st->config.written ? "written" : "read");
	if (st->transfer.phase != VU_TRANSFER_NONE)
		vs_lines_add(l, st->transfer.phase == VU_TRANSFER_FAILED ? VS_C_ERROR : VS_C_NORMAL,
		             "Device state: %s, %s, result %llu",
		             st->transfer.direction == 0 ? "save" : "load",
		             transfer_phase_name(st->transfer.phase),
		             (unsigned long long)st->transfer.result);
}

static void state_build(struct vs_tui *ui, int width, uint64_t index)
{
	const struct vs_entry *e = vs_store_entry(ui->store, index);
	struct vs_store_session s;
	const struct vu_session *st = ui->state;
	struct vs_lines *l = &ui->state_lines;
	char name_buf[32];
	enum vu_device_type dev;

	vs_lines_clear(l);
	if (!vs_store_session_get(ui->store, e->session, &s)) {
		vs_lines_add(l, VS_C_DIM, "(no session)");
		return;
	}
	add_session_line(l, &s);
	add_identity_line(l, &s);
	dev = s.device;

	if (ui->state_index != (int64_t)index) {
		ui->state_index = (int64_t)index;
		vs_replay_state_after(ui->replay, ui->store, index, ui->state);
	}
	vs_lines_add(l, VS_C_LABEL, "State after #%llu %s", (unsigned long long)e->frame,
	             vs_entry_name(e, name_buf, sizeof(name_buf)));
	{
		g_autofree char *status = NULL;
		GString *sb = g_string_new(NULL);
		const struct vu_bit_table *t = vu_status_bit_table();

		for (unsigned bit = 0; bit < 64; bit++) {
			const char *n;

			if (!(st->status & (1ull << bit)))
				continue;
			n = t ? vu_bit_table_lookup(t, bit) : NULL;
			g_string_append_printf(sb, " %s", n ? n : "?");
		}
		status = g_string_free(sb, FALSE);
		vs_lines_add(
		    l, VS_C_NORMAL, "Owner: %s  Status: 0x%llx%s  Queues: %llu  Mem slots: %llu",
		    st->owner_set ? "set" : "not set", (unsigned long long)st->status, status,
		    (unsigned long long)st->queue_num, (unsigned long long)st->max_mem_slots);
	}
	/* What was agreed first; what was offered and left out after it, dimmed. */
	if (st->features_set)
		add_bits(l, width, "Features acked", st->features_acked, dev, s.dialect, false,
		         VS_C_NORMAL);
	else
		vs_lines_add(l, VS_C_DIM, "Features acked: not yet (no SET_FEATURES)");
	if (st->features_seen &&
	    (st->features_offered & ~(st->features_set ? st->features_acked : 0)))
		add_bits(l, width, st->features_set ? "Offered, not acked" : "Features offered",
		         st->features_offered & ~(st->features_set ? st->features_acked : 0), dev,
		         s.dialect, false, VS_C_DIM);
	if (st->protocol_set)
		add_bits(l, width, "Protocol features acked", st->protocol_acked, dev, s.dialect,
		         true, VS_C_NORMAL);
	else
		vs_lines_add(l, VS_C_DIM, "Protocol features acked: not yet");
	if (st->protocol_seen &&
	    (st->protocol_offered & ~(st->protocol_set ? st->protocol_acked : 0)))
		add_bits(l, width,
		         st->protocol_set ? "Offered, not acked" : "Protocol features offered",
		         st->protocol_offered & ~(st->protocol_set ? st->protocol_acked : 0), dev,
		         s.dialect, true, VS_C_DIM);
	add_memory(l, width, st);
	add_vrings(l, st);
	add_rings(l, &s);
	add_notify(l, &s);
	add_extras(l, st);
	add_pending(l, st);
	vs_lines_add(l, VS_C_DIM, "Messages %llu  malformed %llu  findings %llu",
	             (unsigned long long)st->messages, (unsigned long long)st->malformed,
	             (unsigned long long)st->findings);
	add_facts(l, width, &s);
	vs_store_session_clear(&s);
}

void vs_pane_state_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused)
{
	struct vs_rect body = vs_draw_pane_title(r, "Session state", focused);
	int64_t index = vs_tui_selected(ui);

	if (index < 0) {
		vs_draw_text(&body, 0, 2, VS_C_DIM, "(no session yet)");
		return;
	}
	state_build(ui, body.w, (uint64_t)index);
	vs_lines_draw(&ui->state_lines, &body, focused);
}
