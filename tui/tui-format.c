/*
 * Formatting helpers shared by the panes: times, durations, sizes, names.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "dissector/vu-inflight.h"
#include "tui/tui-internal.h"

void vs_format_time(uint64_t ts_ns, char *buf, size_t cap)
{
	time_t secs = (time_t)(ts_ns / 1000000000u);
	struct tm tm;

	localtime_r(&secs, &tm);
	snprintf(buf, cap, "%02d:%02d:%02d.%06u", tm.tm_hour, tm.tm_min, tm.tm_sec,
	         (unsigned)(ts_ns % 1000000000u / 1000u));
}

void vs_format_duration(uint64_t ns, char *buf, size_t cap)
{
	if (ns < 1000)
		snprintf(buf, cap, "%uns", (unsigned)ns);
	else if (ns < 1000000)
		snprintf(buf, cap, "%.0fus", (double)ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, cap, "%.2fms", (double)ns / 1e6);
	else
		snprintf(buf, cap, "%.2fs", (double)ns / 1e9);
}

void vs_format_size(uint64_t bytes, char *buf, size_t cap)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	unsigned u = 0;
	uint64_t v = bytes;

	while (v >= 1024 && v % 1024 == 0 && u + 1 < G_N_ELEMENTS(units)) {
		v /= 1024;
		u++;
	}
	snprintf(buf, cap, "%llu %s", (unsigned long long)v, units[u]);
}

char *vs_format_ring(struct vs_store *st, const struct vs_entry *e)
{
	g_autofree struct vu_ring_record *rec = g_new0(struct vu_ring_record, 1);
	const struct vu_ring_snapshot *snap = &rec->snap;
	GString *line = g_string_new(NULL);

	if (!vs_store_ring(st, e, rec)) {
		g_string_append(line, "ring snapshot (not kept)");
		return g_string_free(line, FALSE);
	}
	g_string_append_printf(line, "ring %u (%s):", snap->vring, vu_ring_cause_name(rec->cause));
	if (snap->status != VU_RING_OK)
		g_string_append_printf(line, " %s",
		                       vu_ring_status_name((enum vu_ring_status)snap->status));
	else if (snap->packed)
		g_string_append_printf(line, " avail %u%s used %u%s, %u in flight", snap->avail_pos,
		                       snap->avail_wrap ? "w" : "", snap->used_pos,
		                       snap->used_wrap ? "w" : "", snap->inflight);
	else
		g_string_append_printf(line, " avail %u used %u, %u in flight", snap->avail_idx,
		                       snap->used_idx, snap->inflight);
	if (rec->stalled)
		g_string_append_printf(line, ", stalled %.1fs", (double)rec->stalled_ns / 1e9);
	return g_string_free(line, FALSE);
}

static void format_inflight(GString *line, const struct vu_inflight_record *rec)
{
	const struct vu_inflight_queue *q = &rec->queue;

	g_string_append_printf(line, "inflight %u (%s):", q->queue, vu_ring_cause_name(rec->cause));
	if (q->status != VU_INFLIGHT_OK && q->status != VU_INFLIGHT_UNSET) {
		g_string_append_printf(line, " %s",
		                       vu_inflight_status_name((enum vu_inflight_status)q->status));
		return;
	}
	g_string_append_printf(line, " version %u, %u descs", q->version, q->desc_num);
	if (q->status == VU_INFLIGHT_UNSET) {
		g_string_append(line, ", not set up");
		return;
	}
	if (q->packed)
		g_string_append_printf(line, ", free head %u (was %u), used %u%s (was %u%s)",
		                       q->free_head, q->old_free_head, q->used_idx,
		                       q->used_wrap ? "w" : "", q->old_used_idx,
		                       q->old_used_wrap ? "w" : "");
	else
		g_string_append_printf(line, ", last batch head %u, used %u", q->last_batch_head,
		                       q->used_idx);
	if (q->ring_used_known)
		g_string_append_printf(line, " (ring %u%s)", q->ring_used_idx,
		                       q->batch_done ? ": batch done" : "");
	g_string_append_printf(line, "; resubmits %u%s", q->ninflight, q->nkept ? ":" : "");
	for (size_t i = 0; i < q->nkept; i++)
		g_string_append_printf(line, " %u", q->kept[i].index);
	if (q->ninflight > q->nkept)
		g_string_append(line, " ...");
}

char *vs_format_area(struct vs_store *st, const struct vs_entry *e)
{
	const uint8_t *body = e->stored > 0 ? vs_store_bytes(st, e) : NULL;
	GString *line = g_string_new(NULL);
	struct vu_inflight_record in;
	struct vu_log_record count;

	if (e->kind == VU_RECORD_INFLIGHT && body != NULL &&
	    vu_inflight_record_decode(body, e->stored, &in)) {
		format_inflight(line, &in);
	} else if (e->kind == VU_RECORD_DIRTY_LOG && body != NULL &&
	           vu_log_record_decode(body, e->stored, &count)) {
		g_string_append_printf(line, "log (%s): ", vu_ring_cause_name(count.cause));
		if (count.unreadable)
			g_string_append_printf(line, "unreadable (%" G_GUINT64_FORMAT " pages)",
			                       count.pages);
		else
			g_string_append_printf(
			    line, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " pages dirty",
			    count.dirty, count.pages);
	} else {
		g_string_append(line, e->kind == VU_RECORD_INFLIGHT ? "inflight (not kept)"
		                                                    : "log (not kept)");
	}
	return g_string_free(line, FALSE);
}

char *vs_format_data(struct vs_store *st, const struct vs_entry *e, int verbose)
{
	struct vu_payload p;
	struct vu_payload_context ctx;
	struct vu_str s;
	char *text;

	if (!vs_store_data(st, e, &p, &ctx))
		return g_strdup("data-plane entry (not kept)");
	vu_str_init(&s);
	vu_payload_render_text(&p, &ctx, NULL, verbose, "  ", &s);
	text = g_strdup(s.data != NULL ? s.data : "");
	vu_str_free(&s);
	return text;
}

const char *vs_entry_name(const struct vs_entry *e, char *buf, size_t cap)
{
	const struct vu_request_info *info;

	if (e->kind == VU_RECORD_SESSION_START)
		return "SESSION_START";
	if (e->kind == VU_RECORD_SESSION_END)
		return "SESSION_END";
	if (e->kind == VU_RECORD_CHANNEL_END)
		return "CHANNEL_END";
	if (e->kind == VU_RECORD_FINDINGS)
		return "FINDINGS";
	if (e->kind == VU_RECORD_RING)
		return "RING";
	if (e->kind == VU_RECORD_INFLIGHT)
		return "INFLIGHT";
	if (e->kind == VU_RECORD_DIRTY_LOG)
		return "LOG";
	if (e->kind == VU_RECORD_DATA)
		return "DATA";
	if (!(e->flags & VS_ENTRY_HAS_HEADER))
		return "(no header)";
	info = vu_request_lookup_dialect(vs_entry_dialect(e), vs_entry_channel(e), e->request);
	if (info && info->name && e->request)
		return g_str_has_prefix(info->name, "VHOST_USER_") ? info->name + 11 : info->name;
	snprintf(buf, cap, "UNKNOWN(%u)", e->request);
	return buf;
}
