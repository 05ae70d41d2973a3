/*
 * Text lines in tcpdump's spirit, one per message:
 *
 *   12:00:01.000123 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 num=256
 *   12:00:01.000200 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: ...
 * (latency 77.0us)
 *
 * With several ports (or a labelled one) the port's label comes after the
 * time: 12:00:01.000123 vm1-net0 s1 main front>back ...
 *
 * Dense and greppable by default; -v adds the field tree and fd facts, -vv a
 * hex dump. Findings follow the line after "!!".
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "sniffer/options.h"
#include "dissector/vu-payload.h"
#include "sniffer/sinks.h"
#include "dissector/vu-notify.h"
#include "vscore/ring-watch.h"

/* Command lines are long; a line shows their start. */
#define CMDLINE_SHOWN 72

struct text_sink {
	struct vs_line_sink ls; /* first: the line sink frees the text sink */
	int verbose;
	gboolean numbers;
};

static void put_time(struct vu_str *s, uint64_t ts_ns)
{
	time_t secs = (time_t)(ts_ns / 1000000000u);
	struct tm tm;

	localtime_r(&secs, &tm);
	vu_str_printf(s, "%02d:%02d:%02d.%06u", tm.tm_hour, tm.tm_min, tm.tm_sec,
	              (unsigned)(ts_ns % 1000000000u / 1000u));
}

static void put_prefix(struct text_sink *t, const struct vs_record *r)
{
	if (t->numbers)
		vu_str_printf(&t->ls.line, "%" PRIu64 " ", r->frame);
	put_time(&t->ls.line, r->ts_ns);
	/* the port before the session, as tcpdump -i any puts the interface */
	if (r->port != NULL)
		vu_str_printf(&t->ls.line, " %s", r->port);
	vu_str_printf(&t->ls.line, " s%" PRIu32 " ", r->session);
}

static void put_peer(struct vu_str *s, const char *side, const char *path, uint8_t role, pid_t pid,
                     const char *cmdline)
{
	vu_str_printf(s, " %s %s (%s", side, path ? path : "?", vs_role_name(role));
	if (pid > 0)
		vu_str_printf(s, ", pid %ld", (long)pid);
	if (cmdline != NULL && *cmdline != '\0') {
		size_t len = strlen(cmdline);
		vu_str_append(s, ": ");
		vu_str_appendn(s, cmdline, MIN(len, (size_t)CMDLINE_SHOWN));
		if (len > CMDLINE_SHOWN)
			vu_str_append(s, "...");
	}
	vu_str_append(s, ")");
}

static void put_findings(struct vu_str *s, const struct vu_decoded *d);

/* "; device blk (features, config); dialect qemu": what the bits were named for. */
static void put_identity(struct vu_str *s, const struct vu_session *state)
{
	vu_str_printf(s, "; device %s", vu_device_type_name(state->device));
	if (state->device_evidence != 0) {
		vu_str_append(s, " (");
		vu_render_evidence(state->device_evidence, ", ", s);
		vu_str_append(s, ")");
	}
	vu_str_printf(s, "; dialect %s", vu_dialect_name(state->dialect));
	if (state->dialect_evidence != 0) {
		vu_str_append(s, " (");
		vu_render_evidence(state->dialect_evidence, ", ", s);
		vu_str_append(s, ")");
	}
}

/* --packets: entries missed after a ring's last record, said at the end. */
static void put_missed(struct vu_str *s, const struct vs_session_facts *f)
{
	const char *at = f->missed;
	guint vring;
	guint64 count;
	gboolean first = TRUE;

	while (vs_session_facts_missed_next(&at, &vring, &count)) {
		vu_str_printf(s, "%s vring %u %" G_GUINT64_FORMAT,
		              first ? "; missed after the last entry:" : ",", vring, count);
		first = FALSE;
	}
}

static void put_event(struct text_sink *t, const struct vs_record *r, const struct vu_decoded *d,
                      const struct vu_session *state)
{
	const struct vs_session_facts *f = &r->facts;

	switch (r->kind) {
	case VU_RECORD_SESSION_START:
		vu_str_append(&t->ls.line, "session start:");
		put_peer(&t->ls.line, "front", f->front_path, f->front_role, f->front_pid,
		         f->front_cmdline);
		put_peer(&t->ls.line, "back", f->back_path, f->back_role, f->back_pid,
		         f->back_cmdline);
		break;
	case VU_RECORD_SESSION_END:
		vu_str_printf(&t->ls.line, "session end: %s", f->reason ? f->reason : "ended");
		if (state != NULL)
			put_identity(&t->ls.line, state);
		put_missed(&t->ls.line, f);
		break;
	case VU_RECORD_CHANNEL_END:
		vu_str_printf(&t->ls.line, "%s channel closed by the %s-end",
		              vu_channel_name((enum vu_channel)r->channel),
		              vu_direction_name((enum vu_direction)r->from));
		break;
	default:
		vu_str_append(&t->ls.line, "as time passed:");
		break;
	}
	if (d != NULL)
		put_findings(&t->ls.line, d);
	vu_str_append(&t->ls.line, "\n");
}

/* A ring snapshot (--rings): "ring 0 (interval): avail 12 used 10, 2 in flight, ...". */
static void put_ring(struct text_sink *t, const struct vs_record *r, const struct vu_decoded *d)
{
	const struct vs_record_ring *ring = r->ring;
	const struct vu_ring_snapshot *snap = &ring->snap;

	vu_str_printf(&t->ls.line, "ring %u (%s):", snap->vring, vs_ring_cause_name(ring->cause));
	if (snap->status != VU_RING_OK)
		vu_str_printf(&t->ls.line, " %s",
		              vu_ring_status_name((enum vu_ring_status)snap->status));
	else if (!snap->packed)
		vu_str_printf(&t->ls.line,
		              " avail %u used %u, %" PRIu32
		              " in flight, flags avail 0x%x used 0x%x",
		              snap->avail_idx, snap->used_idx, snap->inflight, snap->avail_flags,
		              snap->used_flags);
	else
		vu_str_printf(&t->ls.line, " packed avail %u%s used %u%s, %" PRIu32 " in flight",
		              snap->avail_pos, snap->avail_wrap ? "w" : "", snap->used_pos,
		              snap->used_wrap ? "w" : "", snap->inflight);
	if (ring->stalled)
		vu_str_printf(&t->ls.line, ", stalled %.1fs", (double)ring->stalled_ns / 1e9);
	if (d != NULL)
		put_findings(&t->ls.line, d);
	vu_str_append(&t->ls.line, "\n");
}

/* A queue of the inflight area (--rings):
 * "inflight 0 (SET_VRING_KICK): version 1, 128 descs, last batch head 3, used 7
 * (ring 8: batch done); resubmits 2: 6 4". */
static void put_inflight(struct text_sink *t, const struct vs_record *r)
{
	const struct vs_record_ring *ring = r->ring;
	const struct vu_inflight_queue *q = &ring->inflight;

	vu_str_printf(&t->ls.line, "inflight %u (%s):", q->queue, vs_ring_cause_name(ring->cause));
	if (q->status != VU_INFLIGHT_OK && q->status != VU_INFLIGHT_UNSET) {
		vu_str_printf(&t->ls.line, " %s\n",
		              vu_inflight_status_name((enum vu_inflight_status)q->status));
		return;
	}
	vu_str_printf(&t->ls.line, " version %u, %u descs", q->version, q->desc_num);
	if (q->status == VU_INFLIGHT_UNSET) {
		vu_str_append(&t->ls.line, ", not set up\n");
		return;
	}
	if (q->packed)
		vu_str_printf(&t->ls.line, ", free head %u (was %u), used %u%s (was %u%s)",
		              q->free_head, q->old_free_head, q->used_idx, q->used_wrap ? "w" : "",
		              q->old_used_idx, q->old_used_wrap ? "w" : "");
	else
		vu_str_printf(&t->ls.line, ", last batch head %u, used %u", q->last_batch_head,
		              q->used_idx);
	if (q->ring_used_known)
		vu_str_printf(&t->ls.line, " (ring %u%s)", q->ring_used_idx,
		              q->batch_done ? ": batch done" : "");
	vu_str_printf(&t->ls.line, "; resubmits %" PRIu32 "%s", q->ninflight, q->nkept ? ":" : "");
	for (size_t i = 0; i < q->nkept; i++)
		vu_str_printf(&t->ls.line, " %u", q->kept[i].index);
	if (q->ninflight > q->nkept)
		vu_str_append(&t->ls.line, " ...");
	vu_str_append(&t->ls.line, "\n");
}

/* The dirty log (--rings): "log (interval): 12 of 262144 pages dirty". */
static void put_dirty_log(struct text_sink *t, const struct vs_record *r)
{
	const struct vs_record_ring *ring = r->ring;

	vu_str_printf(&t->ls.line, "log (%s): ", vs_ring_cause_name(ring->cause));
	if (ring->log_unreadable)
		vu_str_printf(&t->ls.line, "unreadable (%" PRIu64 " pages)\n", ring->log_pages);
	else
		vu_str_printf(&t->ls.line, "%" PRIu64 " of %" PRIu64 " pages dirty\n",
		              ring->log_dirty, ring->log_pages);
}

/* --kicks: "kick vring 0: 1 (signals 12, 1 coalesced)". */
static void put_notify(struct text_sink *t, const struct vs_record *r, const struct vu_decoded *d)
{
	struct vu_notify n;

	if (!vu_notify_parse(r->bytes, r->len, &n))
		return;
	vu_str_printf(&t->ls.line,
	              "%s vring %u: %" PRIu64 " (signals %" PRIu64 ", %" PRIu64 " coalesced)",
	              vu_notify_signal_name((enum vu_notify_signal)n.signal), n.vring, n.count,
	              n.signals, n.signals - n.reads);
	if (d != NULL)
		put_findings(&t->ls.line, d);
	vu_str_append(&t->ls.line, "\n");
}

static void put_latency(struct vu_str *s, uint64_t ns)
{
	if (ns < 10000000u)
		vu_str_printf(s, " (latency %.1fus)", (double)ns / 1000.0);
	else
		vu_str_printf(s, " (latency %.3fms)", (double)ns / 1000000.0);
}

static void put_findings(struct vu_str *s, const struct vu_decoded *d)
{
	if (d->malformed)
		vu_str_printf(s, " !! malformed: %s", d->malformed_reason);
	for (size_t i = 0; i < d->nfindings; i++) {
		/* The malformed reason is usually also a finding; say it once. */
		if (d->malformed && strcmp(d->findings[i].text, d->malformed_reason) == 0)
			continue;
		vu_str_printf(s, " !! %s", d->findings[i].text);
	}
}

static void put_fd_facts(struct vu_str *s, const struct vs_record *r)
{
	for (unsigned i = 0; i < r->nfds; i++) {
		const struct vu_fd_info *fd = &r->fds[i];
		vu_str_printf(s, "    fd %u: %s inode %" PRIu64 " size %" PRIu64, i,
		              vu_fd_kind_name((enum vu_fd_kind)fd->kind), fd->inode, fd->size);
		if (fd->eventfd_id != 0)
			vu_str_printf(s, " eventfd-id %" PRIu32, fd->eventfd_id);
		if (fd->flags & VU_FD_F_INTERPOSED)
			vu_str_append(s, " (vhostsniff's, in place of the front-end's)");
		if (fd->name[0] != '\0')
			vu_str_printf(s, " name \"%s\"", fd->name);
		vu_str_append(s, "\n");
	}
	if (r->fds_total > r->nfds)
		vu_str_printf(s, "    (%u more fds not described)\n",
		              (unsigned)(r->fds_total - r->nfds));
}

static void put_hex(struct vu_str *s, const uint8_t *bytes, size_t len)
{
	for (size_t off = 0; off < len; off += 16) {
		size_t n = MIN(len - off, (size_t)16);

		vu_str_printf(s, "    0x%04zx: ", off);
		for (size_t i = 0; i < 16; i++) {
			if (i < n)
				vu_str_printf(s, "%02x", bytes[off + i]);
			else
				vu_str_append(s, "  ");
			if (i % 2 == 1)
				vu_str_append(s, " ");
		}
		vu_str_append(s, " ");
		for (size_t i = 0; i < n; i++) {
			uint8_t c = bytes[off + i];
			vu_str_appendn(s, c >= 0x20 && c < 0x7f ? (const char *)&c : ".", 1);
		}
		vu_str_append(s, "\n");
	}
}

static void put_message(struct text_sink *t, const struct vs_record *r, const struct vu_decoded *d,
                        enum vu_device_type device)
{
	struct vu_str *s = &t->ls.line;
	char name[64];
	size_t mark;

	vu_str_printf(s, "%s %s>%s %s", vu_channel_name((enum vu_channel)r->channel),
	              r->from == VU_FROM_FRONT ? "front" : "back",
	              r->from == VU_FROM_FRONT ? "back" : "front",
	              vu_decoded_name(d, name, sizeof(name)));
	if (d->has_header) {
		vu_str_printf(s, " [0x%" PRIx32 "%s%s]", d->flags, d->reply ? " reply" : "",
		              d->need_reply ? " need_reply" : "");
		vu_str_printf(s, " size %" PRIu32, d->size);
		if ((uint64_t)r->len != (uint64_t)VU_HDR_SIZE + d->size)
			vu_str_printf(s, " (%u bytes kept)", (unsigned)(r->len - VU_HDR_SIZE));
	} else {
		vu_str_printf(s, " [no header: %u bytes]", (unsigned)r->len);
	}
	vu_str_printf(s, " fds %u", (unsigned)r->fds_total);

	mark = s->len;
	vu_str_append(s, ": ");
	vu_render_summary(d, r->bytes, r->len, device, s);
	if (s->len == mark + 2) {
		/* nothing to summarise: no ": " either */
		s->len = mark;
		s->data[mark] = '\0';
	}
	if (d->latency_ns > 0)
		put_latency(s, d->latency_ns);
	if (r->flags & VU_PSEUDO_F_TRUNCATED)
		vu_str_append(s, " [truncated by the relay]");
	put_findings(s, d);
	vu_str_append(s, "\n");

	if (t->verbose >= 1) {
		vu_render_tree(d, r->bytes, r->len, device, "    ", s);
		put_fd_facts(s, r);
	}
	if (t->verbose >= 2)
		put_hex(s, r->bytes, r->len);
}

/* A ring entry (--packets): "data vring 1 avail head 3: blk IN sector 2048 ...";
 * -vv adds its decoded header, -vvv its bytes. As the pipeline parsed (and
 * maybe decoded) it for all the sinks. */
static void put_data(struct text_sink *t, const struct vs_record *r)
{
	if (r->entry == NULL) {
		vu_str_append(&t->ls.line, "data: not a ring entry this build reads\n");
		return;
	}
	vu_str_append(&t->ls.line, "data ");
	vu_payload_render_text(r->entry, r->payload, r->info, t->verbose - 1, "    ", &t->ls.line);
	vu_str_append(&t->ls.line, "\n");
}

static void text_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                       const struct vu_session *state)
{
	struct text_sink *t = sink->data;

	if (t->ls.failed)
		return;
	vu_str_clear(&t->ls.line);
	/* Ring snapshots only with -v, but their findings always; the inflight
	 * area and the dirty log only with -v. */
	if (r->kind == VU_RECORD_RING &&
	    (r->ring == NULL || (t->verbose < 1 && (d == NULL || d->nfindings == 0))))
		return;
	if ((r->kind == VU_RECORD_INFLIGHT || r->kind == VU_RECORD_DIRTY_LOG) &&
	    (r->ring == NULL || t->verbose < 1))
		return;
	/* Kicks and calls (--kicks) only with -v, but their findings always;
	 * ring entries (--packets) with -v, like the snapshots. */
	if ((r->kind == VU_RECORD_NOTIFY && t->verbose < 1 && (d == NULL || d->nfindings == 0)) ||
	    (r->kind == VU_RECORD_DATA && t->verbose < 1))
		return;
	put_prefix(t, r);
	if (r->kind == VU_RECORD_DATA)
		put_data(t, r);
	else if (r->kind == VU_RECORD_RING)
		put_ring(t, r, d);
	else if (r->kind == VU_RECORD_INFLIGHT)
		put_inflight(t, r);
	else if (r->kind == VU_RECORD_DIRTY_LOG)
		put_dirty_log(t, r);
	else if (r->kind == VU_RECORD_NOTIFY)
		put_notify(t, r, d);
	else if (r->kind != VU_RECORD_MESSAGE)
		put_event(t, r, d, state);
	else if (d != NULL)
		put_message(t, r, d, state != NULL ? state->device : VU_DEVICE_UNKNOWN);
	vs_line_sink_output(&t->ls);
}

struct vs_sink *vs_text_sink_new(FILE *out, int verbose, gboolean numbers)
{
	struct text_sink *t = g_new0(struct text_sink, 1);

	vs_line_sink_init(&t->ls, out, "text", text_write);
	t->verbose = verbose;
	t->numbers = numbers;
	t->ls.sink.takes_areas = TRUE;
	t->ls.sink.takes_data = TRUE;
	return &t->ls.sink;
}
