/*
 * JSON lines: one object per record.
 *
 * A message: {"ts":1700000000.000123,"frame":5,"session":1,"channel":"main",
 *   "from":"front","request":1,"name":"VHOST_USER_GET_FEATURES","flags":1,
 *   "reply":false,"need_reply":false,"size":0,"fds":0,"payload":{},
 *   "malformed":false,"findings":[]} plus "latency_us" and "reply_to" (the
 *   request's frame) on a matched reply, "fd_info" when fds crossed and
 *   "truncated" when the relay could not keep every byte.
 * A session event: {"event":"session_start"|"session_end","ts":..,"frame":..,
 *   "session":1,"front_path":..,"back_path":..,"front_role":"listen",
 *   "back_role":"connect","front_pid":..,"back_pid":..,"front_cmdline":..,
 *   "back_cmdline":..} and "reason" and "findings" at the end.
 * A channel closing: {"event":"channel_end","ts":..,"frame":..,"session":1,
 *   "channel":"backend","by":"front","findings":[]}.
 * Findings made as time passed: {"event":"findings","ts":..,"session":1,
 *   "findings":[{"id":"sequence.no_reply",...,"frame":<the request>}]}.
 * A ring snapshot (--rings): {"event":"ring","ts":..,"session":1,"vring":0,
 *   "cause":"SET_VRING_KICK"|"interval"|"end","cause_frame":<the message>,
 *   "status":"ok","num":256,"packed":false,"avail_idx":..,"used_idx":..,
 *   "inflight":..,"avail_flags":..,"used_flags":..,"settled":true,
 *   "stalled":false,"chains":[{"head":..,"descs":..,"readable":..,
 *   "writable":..,"status":"ok"}],"findings":[]}, with "used_event" and
 *   "avail_event" under EVENT_IDX, the packed ring's positions, and "part"
 *   instead of the indexes when the ring could not be read.
 * A finding: {"id":..,"severity":"note"|"warn"|"error","message":..} and
 *   "frame" when it is about another message than the line's own.
 * With several ports (or a labelled one) every object has "port":"LABEL"
 *   after "session".
 */
#include <inttypes.h>
#include <string.h>

#include "sniffer/options.h"
#include "dissector/vu-payload.h"
#include "sniffer/sinks.h"
#include "dissector/vu-notify.h"
#include "vscore/ring-watch.h"

/* Seconds since the epoch with exactly microsecond digits, without a double's rounding. */
static void put_ts(struct vu_str *s, uint64_t ts_ns)
{
	vu_str_printf(s, "\"ts\":%" PRIu64 ".%06" PRIu64, ts_ns / 1000000000u,
	              ts_ns % 1000000000u / 1000u);
}

static void put_string(struct vu_str *s, const char *key, const char *value)
{
	vu_str_printf(s, ",\"%s\":", key);
	if (value != NULL)
		vu_str_json_string(s, value);
	else
		vu_str_append(s, "null");
}

static const char *event_name(enum vu_record_kind kind)
{
	switch (kind) {
	case VU_RECORD_SESSION_START:
		return "session_start";
	case VU_RECORD_SESSION_END:
		return "session_end";
	case VU_RECORD_CHANNEL_END:
		return "channel_end";
	default:
		return "findings";
	}
}

/* Who the two peers of a session are. */
static void put_facts(struct vu_str *s, const struct vs_session_facts *f)
{
	put_string(s, "front_path", f->front_path);
	put_string(s, "back_path", f->back_path);
	put_string(s, "front_role", vs_role_name(f->front_role));
	put_string(s, "back_role", vs_role_name(f->back_role));
	vu_str_printf(s, ",\"front_pid\":%ld,\"back_pid\":%ld", (long)f->front_pid,
	              (long)f->back_pid);
	put_string(s, "front_cmdline", f->front_cmdline);
	put_string(s, "back_cmdline", f->back_cmdline);
}

/* --packets: entries missed after a ring's last record, said at the end:
 * "missed_after_last":[{"vring":V,"missed":N},...] (none: no key). */
static void put_missed(struct vu_str *s, const struct vs_session_facts *f)
{
	const char *at = f->missed;
	guint vring;
	guint64 count;
	gboolean first = TRUE;

	while (vs_session_facts_missed_next(&at, &vring, &count)) {
		vu_str_printf(s, "%s{\"vring\":%u,\"missed\":%" G_GUINT64_FORMAT "}",
		              first ? ",\"missed_after_last\":[" : ",", vring, count);
		first = FALSE;
	}
	if (!first)
		vu_str_append(s, "]");
}

/* What the session's bits are named for, and why. */
static void put_evidence(struct vu_str *s, const char *key, unsigned evidence)
{
	vu_str_printf(s, ",\"%s\":[", key);
	if (evidence != 0) {
		vu_str_append(s, "\"");
		vu_render_evidence(evidence, "\",\"", s);
		vu_str_append(s, "\"");
	}
	vu_str_append(s, "]");
}

static void put_identity(struct vu_str *s, const struct vu_session *state)
{
	put_string(s, "device", vu_device_type_name(state->device));
	put_evidence(s, "device_evidence", state->device_evidence);
	put_string(s, "dialect", vu_dialect_name(state->dialect));
	put_evidence(s, "dialect_evidence", state->dialect_evidence);
}

static void put_event(struct vu_str *s, const struct vs_record *r, const struct vu_decoded *d,
                      const struct vu_session *state)
{
	vu_str_printf(s, "{\"event\":\"%s\",", event_name((enum vu_record_kind)r->kind));
	put_ts(s, r->ts_ns);
	if (r->frame != 0)
		vu_str_printf(s, ",\"frame\":%" PRIu64, r->frame);
	vu_str_printf(s, ",\"session\":%" PRIu32, r->session);
	if (r->port != NULL)
		put_string(s, "port", r->port);
	if (r->kind == VU_RECORD_CHANNEL_END) {
		put_string(s, "channel", vu_channel_name((enum vu_channel)r->channel));
		put_string(s, "by", vu_direction_name((enum vu_direction)r->from));
	}
	if (r->kind == VU_RECORD_SESSION_START || r->kind == VU_RECORD_SESSION_END)
		put_facts(s, &r->facts);
	if (r->kind == VU_RECORD_SESSION_END) {
		put_string(s, "reason", r->facts.reason);
		put_missed(s, &r->facts);
	}
	if ((r->kind == VU_RECORD_SESSION_START || r->kind == VU_RECORD_SESSION_END) &&
	    state != NULL)
		put_identity(s, state);
	/* Every event but the start has findings, if only none. */
	if (r->kind != VU_RECORD_SESSION_START) {
		vu_str_append(s, ",\"findings\":");
		if (d != NULL)
			vu_render_json_findings(d, s);
		else
			vu_str_append(s, "[]");
	}
	vu_str_append(s, "}\n");
}

static const char *part_name(enum vu_ring_part part)
{
	switch (part) {
	case VU_RING_PART_DESC:
		return "desc";
	case VU_RING_PART_AVAIL:
		return "avail";
	case VU_RING_PART_USED:
		return "used";
	default:
		return "none";
	}
}

/* The start of a data-plane line (--rings, --kicks): what it is, when, which
 * session, port and vring (vring < 0: none), and what took it (ring records). */
static void put_data_plane_head(struct vu_str *s, const char *event, const struct vs_record *r,
                                int vring)
{
	vu_str_printf(s, "{\"event\":\"%s\",", event);
	put_ts(s, r->ts_ns);
	if (r->frame !=
	    0) /* a ring entry (--packets); ring snapshots and notifications have none */
		vu_str_printf(s, ",\"frame\":%" PRIu64, r->frame);
	vu_str_printf(s, ",\"session\":%" PRIu32, r->session);
	if (r->port != NULL)
		put_string(s, "port", r->port);
	if (vring >= 0)
		vu_str_printf(s, ",\"vring\":%d", vring);
	if (r->ring == NULL)
		return; /* a ring entry or a notification: no message took it */
	put_string(s, "cause", vs_ring_cause_name(r->ring->cause));
	if (r->ring->frame != 0)
		vu_str_printf(s, ",\"cause_frame\":%" PRIu64, r->ring->frame);
}

/* --kicks: one eventfd read, forwarded: {"event":"kick"|"call"|"err",...}. */
static void put_notify(struct vu_str *s, const struct vs_record *r, const struct vu_decoded *d)
{
	struct vu_notify n;

	if (!vu_notify_parse(r->bytes, r->len, &n))
		return;
	put_data_plane_head(s, vu_notify_signal_name((enum vu_notify_signal)n.signal), r,
	                    (int)n.vring);
	vu_str_printf(s,
	              ",\"count\":%" PRIu64 ",\"signals\":%" PRIu64 ",\"reads\":%" PRIu64
	              ",\"coalesced\":%" PRIu64,
	              n.count, n.signals, n.reads, n.signals - n.reads);
	if (n.signal == VU_NOTIFY_KICK)
		vu_str_printf(s, ",\"enabled\":%s,\"stopped\":%s,\"pending\":%s",
		              (n.flags & VU_NOTIFY_F_ENABLED) ? "true" : "false",
		              (n.flags & VU_NOTIFY_F_STOPPED) ? "true" : "false",
		              (n.flags & VU_NOTIFY_F_PENDING) ? "true" : "false");
	if (d != NULL && d->nfindings > 0) {
		vu_str_append(s, ",\"findings\":");
		vu_render_json_findings(d, s);
	}
	vu_str_append(s, "}\n");
}

/* A ring entry (--packets): {"event":"blk",...,"vring":0,"phase":"avail",...};
 * as the pipeline parsed (and maybe decoded) it for all the sinks. */
static void put_data(struct vu_str *s, const struct vs_record *r)
{
	const struct vu_payload *e = r->entry;

	if (e == NULL) {
		/* its body is not one this build reads: said, not skipped */
		put_data_plane_head(s, "data", r, -1);
		vu_str_printf(s, ",\"unreadable\":true,\"size\":%" PRIu32 "}\n", r->len);
		return;
	}
	put_data_plane_head(s, vu_payload_event_name(e), r, (int)e->vring);
	vu_payload_render_json(e, r->payload, r->info, s);
	vu_str_append(s, "}\n");
}

static void put_ring(struct vu_str *s, const struct vs_record *r, const struct vu_decoded *d)
{
	const struct vs_record_ring *ring = r->ring;
	const struct vu_ring_snapshot *snap = &ring->snap;

	put_data_plane_head(s, "ring", r, (int)snap->vring);
	put_string(s, "status", vu_ring_status_name((enum vu_ring_status)snap->status));
	vu_str_printf(s, ",\"num\":%u,\"packed\":%s", snap->num, snap->packed ? "true" : "false");
	if (snap->status != VU_RING_OK) {
		put_string(s, "part", part_name((enum vu_ring_part)snap->part));
	} else if (!snap->packed) {
		vu_str_printf(s,
		              ",\"avail_idx\":%u,\"used_idx\":%u,\"inflight\":%" PRIu32
		              ",\"avail_flags\":%u,\"used_flags\":%u",
		              snap->avail_idx, snap->used_idx, snap->inflight, snap->avail_flags,
		              snap->used_flags);
		if (snap->event_idx)
			vu_str_printf(s, ",\"used_event\":%u,\"avail_event\":%u", snap->used_event,
			              snap->avail_event);
	} else {
		vu_str_printf(s,
		              ",\"avail_pos\":%u,\"avail_wrap\":%s,\"used_pos\":%u,"
		              "\"used_wrap\":%s,\"inflight\":%" PRIu32
		              ",\"driver_event_flags\":%u,\"driver_event_off_wrap\":%u"
		              ",\"device_event_flags\":%u,\"device_event_off_wrap\":%u",
		              snap->avail_pos, snap->avail_wrap ? "true" : "false", snap->used_pos,
		              snap->used_wrap ? "true" : "false", snap->inflight,
		              snap->driver_event_flags, snap->driver_event_off_wrap,
		              snap->device_event_flags, snap->device_event_off_wrap);
	}
	if (snap->status == VU_RING_OK) {
		vu_str_printf(s, ",\"settled\":%s,\"stalled\":%s", snap->settled ? "true" : "false",
		              ring->stalled ? "true" : "false");
		if (ring->stalled)
			vu_str_printf(s, ",\"stalled_ms\":%" PRIu64, ring->stalled_ns / 1000000u);
		vu_str_append(s, ",\"chains\":[");
		for (size_t i = 0; i < snap->nchains; i++) {
			const struct vu_ring_chain *c = &snap->chains[i];

			vu_str_printf(s,
			              "%s{\"head\":%u,\"id\":%u,\"descs\":%" PRIu32
			              ",\"readable\":%" PRIu64 ",\"writable\":%" PRIu64,
			              i ? "," : "", c->head, c->id, c->ndescs, c->readable,
			              c->writable);
			put_string(s, "status",
			           vu_chain_status_name((enum vu_chain_status)c->status));
			vu_str_append(s, "}");
		}
		vu_str_append(s, "]");
	}
	vu_str_append(s, ",\"findings\":");
	if (d != NULL)
		vu_render_json_findings(d, s);
	else
		vu_str_append(s, "[]");
	vu_str_append(s, "}\n");
}

/* A queue of the inflight area (--rings): what a restarted back-end resubmits. */
static void put_inflight(struct vu_str *s, const struct vs_record *r)
{
	const struct vs_record_ring *ring = r->ring;
	const struct vu_inflight_queue *q = &ring->inflight;

	put_data_plane_head(s, "inflight", r, (int)q->queue);
	put_string(s, "status", vu_inflight_status_name((enum vu_inflight_status)q->status));
	vu_str_printf(s, ",\"packed\":%s,\"version\":%u,\"desc_num\":%u",
	              q->packed ? "true" : "false", q->version, q->desc_num);
	if (q->packed)
		vu_str_printf(s,
		              ",\"free_head\":%u,\"old_free_head\":%u,\"used_idx\":%u,"
		              "\"old_used_idx\":%u,\"used_wrap\":%s,\"old_used_wrap\":%s",
		              q->free_head, q->old_free_head, q->used_idx, q->old_used_idx,
		              q->used_wrap ? "true" : "false", q->old_used_wrap ? "true" : "false");
	else
		vu_str_printf(s, ",\"last_batch_head\":%u,\"used_idx\":%u", q->last_batch_head,
		              q->used_idx);
	if (q->ring_used_known)
		vu_str_printf(s, ",\"ring_used_idx\":%u,\"batch_done\":%s", q->ring_used_idx,
		              q->batch_done ? "true" : "false");
	if (q->status == VU_INFLIGHT_OK) {
		vu_str_printf(s, ",\"inflight\":%" PRIu32 ",\"resubmit\":[", q->ninflight);
		for (size_t i = 0; i < q->nkept; i++)
			vu_str_printf(s, "%s{\"desc\":%u,\"counter\":%" PRIu64 "}", i ? "," : "",
			              q->kept[i].index, q->kept[i].counter);
		vu_str_append(s, "]");
	}
	vu_str_append(s, "}\n");
}

/* The dirty log (--rings, SET_LOG_BASE): how many of its pages are dirty. */
static void put_dirty_log(struct vu_str *s, const struct vs_record *r)
{
	const struct vs_record_ring *ring = r->ring;

	put_data_plane_head(s, "log", r, -1);
	vu_str_printf(s, ",\"pages\":%" PRIu64, ring->log_pages);
	if (ring->log_unreadable)
		put_string(s, "status", "unreadable");
	else
		vu_str_printf(s, ",\"status\":\"ok\",\"dirty\":%" PRIu64, ring->log_dirty);
	vu_str_append(s, "}\n");
}

static void put_fd_info(struct vu_str *s, const struct vs_record *r)
{
	vu_str_append(s, ",\"fd_info\":[");
	for (unsigned i = 0; i < r->nfds; i++) {
		const struct vu_fd_info *fd = &r->fds[i];
		vu_str_printf(s, "%s{\"kind\":\"%s\",\"inode\":%" PRIu64 ",\"size\":%" PRIu64,
		              i ? "," : "", vu_fd_kind_name((enum vu_fd_kind)fd->kind), fd->inode,
		              fd->size);
		if (fd->eventfd_id != 0)
			vu_str_printf(s, ",\"eventfd_id\":%" PRIu32, fd->eventfd_id);
		if (fd->flags & VU_FD_F_INTERPOSED)
			vu_str_append(s, ",\"interposed\":true");
		if (fd->name[0] != '\0')
			put_string(s, "name", fd->name);
		vu_str_append(s, "}");
	}
	vu_str_append(s, "]");
}

static void put_message(struct vu_str *s, const struct vs_record *r, const struct vu_decoded *d,
                        const struct vu_session *state)
{
	enum vu_device_type device = state != NULL ? state->device : VU_DEVICE_UNKNOWN;
	char name[64];

	vu_str_append(s, "{");
	put_ts(s, r->ts_ns);
	vu_str_printf(s, ",\"frame\":%" PRIu64 ",\"session\":%" PRIu32, r->frame, r->session);
	if (r->port != NULL)
		put_string(s, "port", r->port);
	put_string(s, "channel", vu_channel_name((enum vu_channel)r->channel));
	put_string(s, "from", vu_direction_name((enum vu_direction)r->from));
	vu_str_printf(s, ",\"request\":%" PRIu32, d->request);
	put_string(s, "name", vu_decoded_name(d, name, sizeof(name)));
	vu_str_printf(s, ",\"flags\":%" PRIu32 ",\"reply\":%s,\"need_reply\":%s", d->flags,
	              d->reply ? "true" : "false", d->need_reply ? "true" : "false");
	vu_str_printf(s, ",\"size\":%" PRIu32 ",\"fds\":%u", d->size, (unsigned)r->fds_total);
	if (r->nfds > 0)
		put_fd_info(s, r);
	vu_str_append(s, ",\"payload\":");
	vu_render_json_payload(d, r->bytes, r->len, device, s);
	vu_str_printf(s, ",\"malformed\":%s", d->malformed ? "true" : "false");
	if (r->flags & VU_PSEUDO_F_TRUNCATED)
		vu_str_append(s, ",\"truncated\":true");
	vu_str_append(s, ",\"findings\":");
	vu_render_json_findings(d, s);
	if (d->latency_ns > 0 && state != NULL)
		vu_str_printf(s, ",\"reply_to\":%" PRIu64 ",\"latency_us\":%" PRIu64 ".%03u",
		              state->last_frame_matched, d->latency_ns / 1000u,
		              (unsigned)(d->latency_ns % 1000u));
	vu_str_append(s, "}\n");
}

static void json_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                       const struct vu_session *state)
{
	struct vs_line_sink *j = sink->data;

	if (j->failed)
		return;
	vu_str_clear(&j->line);
	if (r->kind == VU_RECORD_DATA)
		put_data(&j->line, r);
	else if (r->kind == VU_RECORD_RING && r->ring != NULL)
		put_ring(&j->line, r, d);
	else if (r->kind == VU_RECORD_INFLIGHT && r->ring != NULL)
		put_inflight(&j->line, r);
	else if (r->kind == VU_RECORD_DIRTY_LOG && r->ring != NULL)
		put_dirty_log(&j->line, r);
	else if (r->kind == VU_RECORD_NOTIFY)
		put_notify(&j->line, r, d);
	else if (r->kind != VU_RECORD_MESSAGE)
		put_event(&j->line, r, d, state);
	else if (d != NULL)
		put_message(&j->line, r, d, state);
	vs_line_sink_output(j);
}

struct vs_sink *vs_json_sink_new(FILE *out)
{
	struct vs_line_sink *j = g_new0(struct vs_line_sink, 1);

	vs_line_sink_init(j, out, "json", json_write);
	j->sink.takes_areas = TRUE;
	j->sink.takes_data = TRUE;
	return &j->sink;
}
