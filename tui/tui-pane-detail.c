/*
 * The detail pane: the selected message decoded again from its bytes, as
 * the dissector's field tree (one line per field, indented by depth), with
 * the fds it carried, its request/reply link and its findings. The line
 * under the cursor names a field; the hex pane highlights that field's bytes.
 */
#include "config.h"

#include <stdio.h>

#include "tui/tui-internal.h"

static void add_header_lines(struct vs_tui *ui, uint64_t index, const struct vs_entry *e)
{
	const struct vu_decoded *d = ui->decoded;
	char ts[32], name_buf[48], dur[24];
	const char *name = vu_decoded_name(d, name_buf, sizeof(name_buf));
	uint32_t peer = vs_entry_peer(e);

	vs_format_time(e->ts_ns, ts, sizeof(ts));
	vs_lines_add(&ui->detail, VS_C_LABEL, "#%llu  %s  session %u  %s  %s -> %s",
	             (unsigned long long)e->frame, ts, e->session,
	             vu_channel_name(vs_entry_channel(e)),
	             vs_entry_from(e) == VU_FROM_FRONT ? "front" : "back",
	             vs_entry_from(e) == VU_FROM_FRONT ? "back" : "front");
	vs_lines_add(&ui->detail, vs_entry_from(e) == VU_FROM_FRONT ? VS_C_FRONT : VS_C_BACK,
	             "%s (%u)%s  flags 0x%x%s  size %u  (%u bytes in all)%s%s", name, d->request,
	             d->reply ? " reply" : "", d->flags, d->need_reply ? " NEED_REPLY" : "",
	             d->size, e->len,
	             (e->flags & VS_ENTRY_TRUNCATED) ? "  TRUNCATED by the relay" : "",
	             (e->flags & VS_ENTRY_CLIPPED) ? "  (store kept the first 64 KiB)" : "");
	if (peer) {
		const struct vs_entry *q = vs_store_entry(ui->store, peer - 1);
		uint64_t lat = e->ts_ns > q->ts_ns ? e->ts_ns - q->ts_ns : q->ts_ns - e->ts_ns;
		struct vs_line *l;

		vs_format_duration(lat, dur, sizeof(dur));
		if (e->flags & VS_ENTRY_REPLY)
			l = vs_lines_add(&ui->detail, VS_C_NORMAL,
			                 "Answers request #%llu after %s  (Enter: go there)",
			                 (unsigned long long)q->frame, dur);
		else
			l = vs_lines_add(&ui->detail, VS_C_NORMAL,
			                 "Reply is #%llu, %s later  (Enter: go there)",
			                 (unsigned long long)q->frame, dur);
		l->jump = peer - 1;
	} else if (!(e->flags & VS_ENTRY_REPLY) && d->info &&
	           (d->info->always_replied || d->need_reply)) {
		vs_lines_add(&ui->detail, VS_C_WARN, "No reply seen (yet)");
	}
	(void)index;
}

static void add_fd_lines(struct vs_tui *ui, const struct vs_entry *e)
{
	struct vu_fd_info fds[VU_MAX_FDS];
	unsigned n = vs_store_fds(ui->store, e, fds);

	if (!e->fds_total)
		return;
	vs_lines_add(&ui->detail, VS_C_LABEL, "Fds: %u crossed%s", e->fds_total,
	             n < e->fds_total ? " (facts of the first ones kept)" : "");
	for (unsigned i = 0; i < n; i++) {
		char size[32];

		vs_format_size(fds[i].size, size, sizeof(size));
		vs_lines_add(&ui->detail, VS_C_NORMAL, "  fd %u: %s%s%s%s  size %s  inode %llu", i,
		             vu_fd_kind_name(fds[i].kind), fds[i].name[0] ? " \"" : "", fds[i].name,
		             fds[i].name[0] ? "\"" : "", size, (unsigned long long)fds[i].inode);
	}
}

static void add_field_lines(struct vs_tui *ui, const struct vs_entry *e, enum vu_device_type dev)
{
	const struct vu_decoded *d = ui->decoded;
	const uint8_t *bytes = vs_store_bytes(ui->store, e);
	struct vu_str value;

	vs_lines_add(&ui->detail, VS_C_LABEL,
	             "Fields (%s):", vu_payload_kind_name(d->payload_kind));
	vu_str_init(&value);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct vu_field *f = &d->fields[i];
		const struct vu_field_def *def = vu_field_def(f->id);
		struct vs_line *l;

		vu_str_clear(&value);
		if (def && def->type != VU_FT_NONE)
			vu_render_field_value(d, f, bytes, e->stored, dev, &value);
		l = vs_lines_add(&ui->detail, VS_C_NORMAL, "%*s%s%s%s", 2 + 2 * f->depth, "",
		                 def ? def->label : "?", value.len ? ": " : "",
		                 value.data && value.len ? value.data : "");
		l->field = (int)i;
	}
	vu_str_free(&value);
}

static void add_finding_lines(struct vs_tui *ui, const struct vs_entry *e, int width)
{
	struct vs_stored_finding f[VU_MAX_FINDINGS + 1];
	unsigned n = vs_store_findings(ui->store, e, f, G_N_ELEMENTS(f));
	size_t ndefs;
	const struct vu_finding_def *defs = vu_finding_defs(&ndefs);

	if (!n)
		return;
	vs_lines_add(&ui->detail, VS_C_LABEL, "Findings:");
	for (unsigned i = 0; i < n; i++) {
		enum vs_color c = f[i].severity >= VU_SEV_ERROR  ? VS_C_ERROR
		                  : f[i].severity == VU_SEV_WARN ? VS_C_WARN
		                                                 : VS_C_NOTE;
		const char *key = f[i].code < ndefs ? defs[f[i].code].key : "malformed";

		g_autofree char *text =
		    g_strdup_printf("  %s [%s] %s (bytes %u-%u)",
		                    f[i].severity >= VU_SEV_ERROR  ? "E"
		                    : f[i].severity == VU_SEV_WARN ? "W"
		                                                   : "N",
		                    key, f[i].text, f[i].offset,
		                    f[i].length ? f[i].offset + f[i].length - 1 : f[i].offset);

		vs_lines_add_wrapped(&ui->detail, c, text, width, 6);
	}
}

void vs_tui_detail_update(struct vs_tui *ui)
{
	int64_t index = vs_tui_selected(ui);
	const struct vs_entry *e;

	if (index == ui->detail_index)
		return;
	ui->detail_index = index;
	vs_lines_clear(&ui->detail);
	ui->detail.cursor = 0;
	ui->detail.top = 0;
	ui->hex_top = 0;
	if (index < 0)
		return;
	e = vs_store_entry(ui->store, (uint64_t)index);
	if (e->kind != VU_RECORD_MESSAGE) {
		char name[32];

		memset(ui->decoded, 0, sizeof(*ui->decoded));
		if (e->kind == VU_RECORD_RING) {
			g_autofree char *ring = vs_format_ring(ui->store, e);

			vs_lines_add(&ui->detail, VS_C_EVENT,
			             "Session %u %s; the state pane shows the rings", e->session,
			             ring);
		} else if (e->kind == VU_RECORD_INFLIGHT || e->kind == VU_RECORD_DIRTY_LOG) {
			g_autofree char *area = vs_format_area(ui->store, e);

			vs_lines_add(&ui->detail, VS_C_EVENT, "Session %u %s", e->session, area);
		} else if (e->kind == VU_RECORD_DATA) {
			g_autofree char *data = vs_format_data(ui->store, e, 2);
			g_auto(GStrv) lines = g_strsplit(data, "\n", -1);

			uint32_t peer = vs_entry_peer(e);
			const char *port = vs_store_session_port(ui->store, e->session);
			char ts[32], no[32] = "";

			vs_format_time(e->ts_ns, ts, sizeof(ts));
			/* Live, the walker's entries have no frame number. */
			if (e->frame)
				snprintf(no, sizeof(no), "#%llu  ", (unsigned long long)e->frame);
			vs_lines_add(&ui->detail, VS_C_LABEL, "%s%s  session %u%s%s  data plane",
			             no, ts, e->session, port ? "  " : "", port ? port : "");
			if (peer) {
				const struct vs_entry *q = vs_store_entry(ui->store, peer - 1);
				bool completes = peer - 1 < (uint64_t)index;
				char at[48], qts[32];
				struct vs_line *l;

				/* An entry of a capture written before entries were
				 * numbered has no number: its time names it. */
				vs_format_time(q->ts_ns, qts, sizeof(qts));
				if (q->frame)
					snprintf(at, sizeof(at), "#%llu",
					         (unsigned long long)q->frame);
				else
					snprintf(at, sizeof(at), "at %s", qts);
				l = vs_lines_add(
				    &ui->detail, VS_C_NORMAL, "%s %s  (Enter: go there)",
				    completes ? "Completes the request" : "Completed by", at);
				l->jump = peer - 1;
			}
			for (size_t i = 0; lines[i] != NULL; i++)
				vs_lines_add(&ui->detail, VS_C_NORMAL, "%s", lines[i]);
		} else {
			vs_lines_add(&ui->detail, VS_C_EVENT,
			             "Session %u %s (#%llu); the state pane shows its facts",
			             e->session, vs_entry_name(e, name, sizeof(name)),
			             (unsigned long long)e->frame);
		}
		/* What the session left pending, what was never answered. */
		add_finding_lines(
		    ui, e, ui->rect[VS_PANE_DETAIL].w > 0 ? ui->rect[VS_PANE_DETAIL].w : COLS);
		return;
	}
	vs_store_decode(ui->store, (uint64_t)index, ui->decoded);
	add_header_lines(ui, (uint64_t)index, e);
	add_fd_lines(ui, e);
	add_finding_lines(ui, e,
	                  ui->rect[VS_PANE_DETAIL].w > 0 ? ui->rect[VS_PANE_DETAIL].w : COLS);
	add_field_lines(ui, e, vs_store_session_device(ui->store, e->session));
	/* Start on the first field, so the hex pane shows where it is. */
	for (size_t i = 0; i < vs_lines_count(&ui->detail); i++) {
		if (vs_lines_at(&ui->detail, i)->field >= 0) {
			ui->detail.cursor = i;
			break;
		}
	}
}

void vs_pane_detail_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused)
{
	struct vs_rect body = vs_draw_pane_title(r, "Detail (decoded fields)", focused);

	vs_tui_detail_update(ui);
	if (ui->detail_index < 0) {
		vs_draw_text(&body, 0, 2, VS_C_DIM, "(no message selected)");
		return;
	}
	/* The cursor line is shown even without focus: it picks the hex highlight. */
	vs_lines_draw(&ui->detail, &body, true);
	(void)focused;
}
