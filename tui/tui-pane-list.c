/*
 * The message list: one row per message of the view, in the spirit of
 * tcpdump's one line. Only the rows on screen are decoded, each time they
 * are drawn, from the bytes in the store.
 */
#include "config.h"

#include <stdio.h>

#include "tui/tui-internal.h"

/* Columns; the summary takes what is left. */
#define W_NO      8
#define W_TIME    16
#define W_DELTA   11
#define W_SESSION 4
#define W_PORT    11 /* only when sessions name their ports */
#define W_CHANNEL 8
#define W_DIR     4
#define W_MARK    2
#define W_NAME    28
#define W_SIZE    6
#define W_FDS     4
#define W_REPLY   16

static void list_header(const struct vs_rect *r, int row, bool ports)
{
	int col;

	vs_draw_fill(r, row, VS_C_LABEL);
	col = vs_draw_textf(r, row, 0, VS_C_LABEL, "%*s %-*s%-*s", W_NO - 1, "No.", W_TIME, "Time",
	                    W_DELTA, "Delta");
	if (ports)
		col = vs_draw_textf(r, row, col, VS_C_LABEL, "%-*s", W_PORT, "Port");
	vs_draw_textf(r, row, col, VS_C_LABEL, "%*s %-*s%-*s%-*s%-*s%*s %*s %-*s%s", W_SESSION - 1,
	              "S", W_CHANNEL, "Chan", W_DIR, "Dir", W_MARK, "!", W_NAME, "Name", W_SIZE - 1,
	              "Size", W_FDS - 1, "Fds", W_REPLY, "Reply", "Decoded");
}

static enum vs_color severity_color(int sev)
{
	return sev >= VU_SEV_ERROR ? VS_C_ERROR : sev == VU_SEV_WARN ? VS_C_WARN : VS_C_NOTE;
}

static void event_row(struct vs_tui *ui, const struct vs_rect *r, int row, const struct vs_entry *e,
                      enum vs_color c)
{
	struct vs_store_session s;
	g_autofree char *text = NULL;
	char ts[32];

	vs_format_time(e->ts_ns, ts, sizeof(ts));
	vs_store_session_get(ui->store, e->session, &s);
	if (e->kind == VU_RECORD_SESSION_START) {
		const struct vs_session_facts *f = &s.facts;

		text = g_strdup_printf(
		    "== session %u start: front %s %s (pid %d %s)  back %s %s (pid %d %s)",
		    e->session, f->front_role == VS_ROLE_CONNECT ? "connect" : "listen",
		    f->front_path ? f->front_path : "?", (int)f->front_pid,
		    f->front_cmdline ? f->front_cmdline : "?",
		    f->back_role == VS_ROLE_LISTEN ? "listen" : "connect",
		    f->back_path ? f->back_path : "?", (int)f->back_pid,
		    f->back_cmdline ? f->back_cmdline : "?");
	} else if (e->kind == VU_RECORD_SESSION_END) {
		text = g_strdup_printf("== session %u end: %s", e->session,
		                       s.facts.reason ? s.facts.reason : "closed");
	} else if (e->kind == VU_RECORD_CHANNEL_END) {
		text = g_strdup_printf("== session %u: %s channel closed by the %s-end", e->session,
		                       vu_channel_name(vs_entry_channel(e)),
		                       vu_direction_name(vs_entry_from(e)));
	} else if (e->kind == VU_RECORD_RING) {
		struct vs_stored_finding f[VU_MAX_FINDINGS + 1];
		unsigned n = vs_store_findings(ui->store, e, f, G_N_ELEMENTS(f));
		g_autofree char *ring = vs_format_ring(ui->store, e);

		text =
		    g_strdup_printf("== session %u %s%s%s%s", e->session, ring, n > 0 ? " !! " : "",
		                    n > 0 ? f[0].text : "", n > 1 ? " (and more: Enter)" : "");
	} else if (e->kind == VU_RECORD_INFLIGHT || e->kind == VU_RECORD_DIRTY_LOG) {
		g_autofree char *area = vs_format_area(ui->store, e);

		text = g_strdup_printf("== session %u %s", e->session, area);
	} else {
		struct vs_stored_finding f[VU_MAX_FINDINGS + 1];
		unsigned n = vs_store_findings(ui->store, e, f, G_N_ELEMENTS(f));

		text = g_strdup_printf("== session %u: %s%s", e->session,
		                       n > 0 ? f[0].text : "findings as time passed",
		                       n > 1 ? " (and more: Enter)" : "");
	}
	/* A record the pipeline made (a ring snapshot) has no frame of its own. */
	if (e->frame == 0)
		vs_draw_textf(r, row, 0, c, "%*s %-*s%*s%s%s%s", W_NO - 1, "", W_TIME, ts, W_DELTA,
		              "", s.port ? s.port : "", s.port ? " " : "", text);
	else
		vs_draw_textf(r, row, 0, c, "%*llu %-*s%*s%s%s%s", W_NO - 1,
		              (unsigned long long)e->frame, W_TIME, ts, W_DELTA, "",
		              s.port ? s.port : "", s.port ? " " : "", text);
	vs_store_session_clear(&s);
}

/* The queue of a data-plane entry: net's rx0/tx0/ctrl, else the vring. */
static void data_queue(const struct vu_payload *p, const struct vu_payload_info *info, char *buf,
                       size_t cap)
{
	if (p->device == VU_DEVICE_NET && info->net.ctrl)
		snprintf(buf, cap, "ctrl");
	else if (p->device == VU_DEVICE_NET && (info->net.rx || info->net.tx))
		snprintf(buf, cap, "%s%u", info->net.rx ? "rx" : "tx", info->net.pair);
	else
		snprintf(buf, cap, "vq%u", p->vring);
}

/* A data-plane entry's row, in the message columns: Chan is the queue, Dir
 * F>B the request (made available by the driver), B>F the completion (used
 * by the device), Name the device and the phase, Size the readable bytes
 * (written ones for a completion), Reply the other half and the latency the
 * walker measured, Decoded vhostsniff -v's line. */
static void data_row(struct vs_tui *ui, const struct vs_rect *r, int row, const struct vs_entry *e,
                     const struct vs_entry *prev, bool selected)
{
	char ts[32], delta[32] = "", queue[16], reply[48] = "", dur[24];
	struct vu_payload p;
	struct vu_payload_context ctx;
	struct vu_payload_info info;
	uint32_t peer = vs_entry_peer(e);
	enum vs_color c = selected ? VS_C_CURSOR : VS_C_EVENT;
	g_autofree char *name = NULL, *text = NULL;
	bool bad;
	int col;

	vs_format_time(e->ts_ns, ts, sizeof(ts));
	if (prev && e->ts_ns >= prev->ts_ns)
		snprintf(delta, sizeof(delta), "+%.6f", (double)(e->ts_ns - prev->ts_ns) / 1e9);
	/* Live, the walker's entries have no frame number (a capture read back numbers them). */
	if (e->frame)
		col = vs_draw_textf(r, row, 0, c, "%*llu %-*s%*s ", W_NO - 1,
		                    (unsigned long long)e->frame, W_TIME, ts, W_DELTA - 1, delta);
	else
		col = vs_draw_textf(r, row, 0, c, "%*s %-*s%*s ", W_NO - 1, "", W_TIME, ts,
		                    W_DELTA - 1, delta);
	if (atomic_load(&ui->store->has_ports)) {
		const char *port = vs_store_session_port(ui->store, e->session);

		col = vs_draw_textf(r, row, col, c, "%-*.*s", W_PORT, W_PORT - 1, port ? port : "");
	}
	if (!vs_store_data(ui->store, e, &p, &ctx)) {
		vs_draw_textf(r, row, col, c, "%*u data-plane entry (not kept)", W_SESSION - 1,
		              e->session);
		return;
	}
	vu_payload_decode(&p, &ctx, &info);
	data_queue(&p, &info, queue, sizeof(queue));
	if (!selected)
		c = p.phase == VU_PAYLOAD_AVAIL ? VS_C_FRONT : VS_C_BACK;
	if (p.phase == VU_PAYLOAD_USED && (p.latency_ns || peer)) {
		const struct vs_entry *q = peer ? vs_store_entry(ui->store, peer - 1) : NULL;
		uint64_t lat = p.latency_ns;

		/* 0: the walker saw it made available and used at once (unknown). */
		if (!lat && q)
			lat = e->ts_ns - MIN(e->ts_ns, q->ts_ns);
		if (lat)
			vs_format_duration(lat, dur, sizeof(dur));
		else
			dur[0] = '\0';
		/* Live, the request has no frame number to name it by. */
		if (q && q->frame)
			snprintf(reply, sizeof(reply), "<#%llu %s", (unsigned long long)q->frame,
			         dur);
		else
			snprintf(reply, sizeof(reply), "< %s", dur);
	} else if (peer && vs_store_entry(ui->store, peer - 1)->frame) {
		snprintf(reply, sizeof(reply), ">#%llu",
		         (unsigned long long)vs_store_entry(ui->store, peer - 1)->frame);
	}
	/* The mark: a completion that failed, entries the walker missed. */
	bad = (info.blk.has_status && info.blk.status != 0) ||
	      (info.fuse.reply == VU_PAYLOAD_READ_OK && info.fuse.error != 0);
	col = vs_draw_textf(r, row, col, c, "%*u %-*s%-*s", W_SESSION - 1, e->session, W_CHANNEL,
	                    queue, W_DIR, p.phase == VU_PAYLOAD_AVAIL ? "F>B" : "B>F");
	col = vs_draw_text(r, row, col,
	                   selected   ? c
	                   : bad      ? VS_C_ERROR
	                   : p.missed ? VS_C_WARN
	                              : c,
	                   bad        ? "E "
	                   : p.missed ? "W "
	                              : "  ");
	name = g_strdup_printf("%s %s", vu_payload_event_name(&p), vu_payload_phase_name(p.phase));
	col = vs_draw_textf(r, row, col, c, "%-*.*s", W_NAME, W_NAME - 1, name);
	col = vs_draw_textf(r, row, col, c, "%*u %*s %-*s", W_SIZE - 1,
	                    p.phase == VU_PAYLOAD_USED ? p.used_len : p.out_total, W_FDS - 1, "",
	                    W_REPLY, reply);
	text = vs_format_data(ui->store, e, 0);
	vs_draw_text(r, row, col, c, text);
}

/* The one-line decode of an entry, appended to out. */
static void entry_summary(struct vs_tui *ui, uint64_t index, struct vu_str *out)
{
	const struct vs_entry *e = vs_store_entry(ui->store, index);

	vs_store_decode(ui->store, index, ui->decoded_row);
	vu_render_summary(ui->decoded_row, vs_store_bytes(ui->store, e), e->stored,
	                  vs_store_session_device(ui->store, e->session), out);
}

static void message_row(struct vs_tui *ui, const struct vs_rect *r, int row, uint64_t index,
                        const struct vs_entry *e, const struct vs_entry *prev, bool selected)
{
	char ts[32], delta[32] = "", name_buf[32], reply[48] = "", dur[24];
	const char *name = vs_entry_name(e, name_buf, sizeof(name_buf));
	uint32_t peer = vs_entry_peer(e);
	int sev = vs_entry_severity(e);

	/* Joined, the row stands for the reply too: its worst finding shows. */
	if (ui->view.join && peer && !(e->flags & VS_ENTRY_REPLY))
		sev = MAX(sev, vs_entry_severity(vs_store_entry(ui->store, peer - 1)));
	enum vs_color c = vs_entry_from(e) == VU_FROM_FRONT ? VS_C_FRONT : VS_C_BACK;
	struct vu_str summary;
	int col;

	if (selected)
		c = VS_C_CURSOR;
	else if (e->flags & VS_ENTRY_MALFORMED)
		c = VS_C_ERROR;
	vs_format_time(e->ts_ns, ts, sizeof(ts));
	if (prev && e->ts_ns >= prev->ts_ns) {
		snprintf(delta, sizeof(delta), "+%.6f", (double)(e->ts_ns - prev->ts_ns) / 1e9);
	}
	if (peer) {
		const struct vs_entry *q = vs_store_entry(ui->store, peer - 1);
		uint64_t lat = e->ts_ns > q->ts_ns ? e->ts_ns - q->ts_ns : q->ts_ns - e->ts_ns;

		vs_format_duration(lat, dur, sizeof(dur));
		snprintf(reply, sizeof(reply), "%s#%llu %s",
		         (e->flags & VS_ENTRY_REPLY) ? "<" : ">", (unsigned long long)q->frame,
		         dur);
	} else if (!(e->flags & VS_ENTRY_REPLY) && (e->flags & VS_ENTRY_NEED_REPLY)) {
		snprintf(reply, sizeof(reply), "(no ack yet)");
	}

	col = vs_draw_textf(r, row, 0, c, "%*llu %-*s%*s ", W_NO - 1, (unsigned long long)e->frame,
	                    W_TIME, ts, W_DELTA - 1, delta);
	if (atomic_load(&ui->store->has_ports)) {
		const char *port = vs_store_session_port(ui->store, e->session);

		col = vs_draw_textf(r, row, col, c, "%-*.*s", W_PORT, W_PORT - 1, port ? port : "");
	}
	col = vs_draw_textf(r, row, col, c, "%*u %-*s%-*s", W_SESSION - 1, e->session, W_CHANNEL,
	                    vu_channel_name(vs_entry_channel(e)), W_DIR,
	                    vs_entry_from(e) == VU_FROM_FRONT ? "F>B" : "B>F");
	/* The mark column: severity as a letter, so it reads without colour. */
	col = vs_draw_text(r, row, col,
	                   selected   ? c
	                   : sev >= 0 ? severity_color(sev)
	                              : c,
	                   sev >= VU_SEV_ERROR  ? "E "
	                   : sev == VU_SEV_WARN ? "W "
	                   : sev == 0           ? "N "
	                                        : "  ");
	{
		g_autofree char *nm =
		    g_strdup_printf("%s%s", name, (e->flags & VS_ENTRY_REPLY) ? " reply" : "");

		col = vs_draw_textf(r, row, col, c, "%-*.*s", W_NAME, W_NAME - 1, nm);
	}
	col = vs_draw_textf(r, row, col, c, "%*u %*u %-*s", W_SIZE - 1,
	                    e->len >= VU_HDR_SIZE ? e->len - VU_HDR_SIZE : e->len, W_FDS - 1,
	                    e->fds_total, W_REPLY, reply);

	vu_str_init(&summary);
	entry_summary(ui, index, &summary);
	/* Joined: the reply's payload follows the request's. */
	if (ui->view.join && peer && !(e->flags & VS_ENTRY_REPLY)) {
		size_t before = summary.len;

		vu_str_append(&summary, summary.len ? "  => " : "=> ");
		entry_summary(ui, peer - 1, &summary);
		if (summary.len == before + 5 || summary.len == before + 3)
			vu_str_append(&summary, "(reply without payload)");
	}
	if (summary.data)
		vs_draw_text(r, row, col, c, summary.data);
	vu_str_free(&summary);
}

void vs_pane_list_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused)
{
	g_autofree char *title = NULL;
	uint64_t n = vs_view_count(&ui->view);
	struct vs_rect body;
	int rows;

	title = g_strdup_printf("%s  %llu shown%s%s", vs_plane_title(ui->view.plane),
	                        (unsigned long long)n, ui->view.filter ? "  filter: " : "",
	                        ui->view.filter ? vs_filter_text(ui->view.filter) : "");
	body = vs_draw_pane_title(r, title, focused);
	list_header(&body, 0, atomic_load(&ui->store->has_ports));
	body.y++;
	body.h--;
	rows = body.h;
	ui->list_rows = rows;
	if (rows <= 0)
		return;

	/* Keep the selection on screen. */
	if (ui->sel < ui->top)
		ui->top = ui->sel;
	if (ui->sel >= ui->top + (uint64_t)rows)
		ui->top = ui->sel - (uint64_t)rows + 1;
	if (n == 0) {
		vs_draw_text(&body, 0, 2, VS_C_DIM,
		             ui->view.filter ? "(no entry matches the filter)"
		             : ui->view.plane == VS_PLANE_DATA
		                 ? "(no data-plane entries: --packets)"
		                 : "(no messages yet)");
		return;
	}

	for (int row = 0; row < rows; row++) {
		uint64_t vr = ui->top + (uint64_t)row;
		uint64_t index;
		const struct vs_entry *e, *prev = NULL;
		bool selected = vr == ui->sel;

		if (vr >= n)
			break;
		index = vs_view_entry(&ui->view, vr);
		e = vs_store_entry(ui->store, index);
		if (vr > 0)
			prev = vs_store_entry(ui->store, vs_view_entry(&ui->view, vr - 1));
		if (selected)
			vs_draw_fill(&body, row, VS_C_CURSOR);
		if (e->kind == VU_RECORD_DATA)
			data_row(ui, &body, row, e, prev, selected);
		else if (e->kind != VU_RECORD_MESSAGE)
			event_row(ui, &body, row, e, selected ? VS_C_CURSOR : VS_C_EVENT);
		else
			message_row(ui, &body, row, index, e, prev, selected);
	}
}
