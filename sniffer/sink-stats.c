/*
 * --stats: count every message of each session and, when the session ends
 * (or the run does, for sessions still open), print what it amounted to:
 * messages per request, reply latency, findings by id, what was negotiated;
 * with --rings, per ring the totals its last snapshot carried; with
 * --kicks, per ring the kicks, calls and errors forwarded (and those that
 * came in-band, over the back-end channel, and the host notifiers set up); with
 * --packets, per queue the entries its walker saw (requests, bytes, latency
 * median and tail, missed entries).
 * When records name their port (several ports, or a labelled one), each
 * report names it too, and the end of the run adds one report per port over
 * all its sessions.
 */
#include <inttypes.h>
#include <string.h>

#include "dissector/vu-payload.h"
#include "sniffer/sinks.h"
#include "dissector/vu-notify.h"
#include "vscore/ring-watch.h"

struct ring_totals {
	guint vring;
	guint64 completed;
	guint32 most_inflight;
	guint64 longest_still_ns;
};

/* --kicks, per ring: [signal - 1] kick, call, err. */
struct notify_totals {
	guint vring;
	guint64 signals[3], reads[3];
	gboolean nofd[3];                /* the last SET_VRING_KICK/CALL/ERR said NOFD */
	guint64 inband_call, inband_err; /* BACKEND_VRING_CALL / _ERR messages */
	guint64 host_notifiers;          /* BACKEND_VRING_HOST_NOTIFIER_MSG messages */
	/* From the first kick after a call (or the ring's start) to the next
	 * call: how long the back-end took to answer the guest, notifications
	 * included. Not across a ring's stop and start: a firmware's kicks are
	 * not answered by the calls its successor asks for. */
	guint64 kick_pending_ns; /* that kick's time; 0 = none since the last call */
	GArray *kick_to_call_ns; /* guint64 */
	/* With --packets too. Kick to used: from a kick that came while the
	 * walker knew requests waiting on the ring (seen available, not yet
	 * used) to its next sight of used progress (an upper bound: a walk sees
	 * progress after it was made; a back-end that polls its rings may have
	 * answered before the kick, which is then not timed). Used to call: from
	 * the walker's last sight of used progress since a kick to the next call
	 * (a lower bound: the back-end made it before); a call with no kick
	 * since the last call, or with no progress seen since that kick, is not
	 * timed (what a walk sees after a call may be that call's progress).
	 * Neither crosses a ring's start or stop. */
	guint64 kick_wait_ns;    /* that kick's time; 0 = none */
	GArray *kick_to_used_ns; /* guint64 */
	gboolean kicked;         /* a kick since the last call */
	guint64 used_wait_ns;    /* the last sight since that kick; 0 = none */
	GArray *used_to_call_ns; /* guint64 */
};

/* One queue's entries (--packets). */
struct queue_totals {
	guint8 device;
	guint64 requests;  /* seen made available */
	guint64 completed; /* seen used */
	guint64 bytes_out; /* readable bytes of the requests */
	guint64 bytes_in;  /* bytes the device wrote (used lengths) */
	guint64 missed;
	GArray *latency_ns; /* guint64 per completion whose latency is known */
};

struct session_stats {
	struct vu_stats counts;
	const struct vu_session *state; /* the pipeline's; valid until the session ends */
	const char *port;               /* interned, or NULL */
	GArray *rings;                  /* struct ring_totals, by vring; NULL without --rings */
	GArray *notify;      /* struct notify_totals, by vring; NULL before the first of them */
	gboolean had_notify; /* a notification record came (a --kicks run, or its capture) */
	struct queue_totals *queues[VU_MAX_VRINGS]; /* --packets; NULL: no entry seen */
};

/* A port's totals over its sessions. */
struct port_stats {
	struct vu_stats counts;
	guint sessions;
};

struct stats_sink {
	struct vs_sink sink;
	FILE *out;
	gboolean json;
	gboolean kicks; /* --kicks: notifications per ring in each report */
	gboolean failed;
	GHashTable *sessions; /* id -> struct session_stats * */
	GHashTable *ports;    /* label (interned) -> struct port_stats * */
	struct vu_str text;
};

static void port_stats_free(gpointer data)
{
	struct port_stats *ps = data;

	vu_stats_free(&ps->counts);
	g_free(ps);
}

static void session_stats_free(gpointer data)
{
	struct session_stats *ss = data;

	vu_stats_free(&ss->counts);
	if (ss->rings != NULL)
		g_array_unref(ss->rings);
	if (ss->notify != NULL) {
		for (guint i = 0; i < ss->notify->len; i++) {
			struct notify_totals *t =
			    &g_array_index(ss->notify, struct notify_totals, i);

			if (t->kick_to_call_ns != NULL)
				g_array_unref(t->kick_to_call_ns);
			if (t->kick_to_used_ns != NULL)
				g_array_unref(t->kick_to_used_ns);
			if (t->used_to_call_ns != NULL)
				g_array_unref(t->used_to_call_ns);
		}
		g_array_unref(ss->notify);
	}
	for (guint i = 0; i < VU_MAX_VRINGS; i++) {
		if (ss->queues[i] != NULL)
			g_array_unref(ss->queues[i]->latency_ns);
		g_free(ss->queues[i]);
	}
	g_free(ss);
}

/* ---- queues (--packets) ---- */

/* vring < VU_MAX_VRINGS */
static struct queue_totals *queue_of(struct session_stats *ss, guint vring)
{
	struct queue_totals *q = ss->queues[vring];

	if (q == NULL) {
		q = ss->queues[vring] = g_new0(struct queue_totals, 1);
		q->latency_ns = g_array_new(FALSE, FALSE, sizeof(guint64));
	}
	return q;
}

/* With --kicks too: the used index moved (below, with the notifications). */
static void note_used_progress(struct session_stats *ss, guint vring, guint64 ts_ns);

/* A ring entry, as the pipeline parsed it for all the sinks. */
static void note_data(struct session_stats *ss, const struct vs_record *r)
{
	const struct vu_payload *e = r->entry;
	struct queue_totals *q;

	if (e == NULL || e->vring >= VU_MAX_VRINGS)
		return;
	q = queue_of(ss, e->vring);
	q->device = e->device;
	q->missed += e->missed;
	if (e->phase == VU_PAYLOAD_AVAIL) {
		q->requests++;
		q->bytes_out += e->out_total;
		return;
	}
	q->completed++;
	note_used_progress(ss, e->vring, r->ts_ns);
	q->bytes_in += MIN(e->used_len, e->in_total);
	if (e->latency_ns != 0)
		g_array_append_val(q->latency_ns, e->latency_ns);
}

/* The entries missed after each ring's last record, which the session's end says. */
static void note_missed_at_end(struct session_stats *ss, const struct vs_session_facts *f,
                               const struct vu_session *state)
{
	const char *at = f->missed;
	guint vring;
	guint64 count;

	while (vs_session_facts_missed_next(&at, &vring, &count)) {
		struct queue_totals *q = queue_of(ss, vring);

		if (q->requests == 0 && q->completed == 0 && state != NULL)
			q->device = (guint8)state->device;
		q->missed += count;
	}
}

static gint compare_u64(gconstpointer a, gconstpointer b)
{
	guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;

	return x < y ? -1 : x > y;
}

/* The latency at quantile q (0.5 median, 0.99 tail) of the sorted times. */
static guint64 quantile(GArray *sorted, double q)
{
	guint i = (guint)((double)(sorted->len - 1) * q + 0.5);

	return g_array_index(sorted, guint64, MIN(i, sorted->len - 1));
}

static gboolean has_queues(const struct session_stats *ss)
{
	for (guint i = 0; i < VU_MAX_VRINGS; i++)
		if (ss->queues[i] != NULL)
			return TRUE;
	return FALSE;
}

static void put_queues_json(struct vu_str *s, struct session_stats *ss)
{
	gboolean first = TRUE;

	vu_str_append(s, ",\"queues\":[");
	for (guint i = 0; i < VU_MAX_VRINGS; i++) {
		struct queue_totals *q = ss->queues[i];

		if (q == NULL)
			continue;
		g_array_sort(q->latency_ns, compare_u64);
		vu_str_printf(s,
		              "%s{\"vring\":%u,\"device\":\"%s\",\"requests\":%" PRIu64
		              ",\"completed\":%" PRIu64 ",\"bytes_out\":%" PRIu64
		              ",\"bytes_in\":%" PRIu64 ",\"missed\":%" PRIu64 ",\"timed\":%u",
		              first ? "" : ",", i,
		              vu_device_type_name((enum vu_device_type)q->device), q->requests,
		              q->completed, q->bytes_out, q->bytes_in, q->missed,
		              q->latency_ns->len);
		if (q->latency_ns->len > 0)
			vu_str_printf(s,
			              ",\"latency_median_ns\":%" PRIu64
			              ",\"latency_p99_ns\":%" PRIu64 ",\"latency_max_ns\":%" PRIu64,
			              quantile(q->latency_ns, 0.5), quantile(q->latency_ns, 0.99),
			              quantile(q->latency_ns, 1.0));
		vu_str_append(s, "}");
		first = FALSE;
	}
	vu_str_append(s, "]");
}

static void put_queues_text(struct vu_str *s, struct session_stats *ss)
{
	vu_str_append(s, "  queues (--packets):\n");
	for (guint i = 0; i < VU_MAX_VRINGS; i++) {
		struct queue_totals *q = ss->queues[i];

		if (q == NULL)
			continue;
		g_array_sort(q->latency_ns, compare_u64);
		vu_str_printf(s,
		              "    vring %u (%s): %" PRIu64 " requests, %" PRIu64
		              " completed, %" PRIu64 " bytes out, %" PRIu64 " bytes in",
		              i, vu_device_type_name((enum vu_device_type)q->device), q->requests,
		              q->completed, q->bytes_out, q->bytes_in);
		if (q->latency_ns->len > 0)
			vu_str_printf(
			    s, ", latency median %.1f us, p99 %.1f us, max %.1f us (%u timed)",
			    (double)quantile(q->latency_ns, 0.5) / 1e3,
			    (double)quantile(q->latency_ns, 0.99) / 1e3,
			    (double)quantile(q->latency_ns, 1.0) / 1e3, q->latency_ns->len);
		vu_str_printf(s, ", %" PRIu64 " missed\n", q->missed);
	}
}

static void put_rings_json(struct vu_str *s, GArray *rings)
{
	vu_str_append(s, ",\"rings\":[");
	for (guint i = 0; i < rings->len; i++) {
		const struct ring_totals *t = &g_array_index(rings, struct ring_totals, i);

		vu_str_printf(s,
		              "%s{\"vring\":%u,\"completed\":%" PRIu64 ",\"most_inflight\":%" PRIu32
		              ",\"longest_still_ms\":%" PRIu64 "}",
		              i ? "," : "", t->vring, t->completed, t->most_inflight,
		              t->longest_still_ns / 1000000u);
	}
	vu_str_append(s, "]");
}

static void put_rings_text(struct vu_str *s, GArray *rings)
{
	vu_str_append(s, "  rings (--rings):\n");
	for (guint i = 0; i < rings->len; i++) {
		const struct ring_totals *t = &g_array_index(rings, struct ring_totals, i);

		vu_str_printf(s,
		              "    vring %u: %" PRIu64 " requests completed, at most %" PRIu32
		              " in flight, used index still with requests in flight for %.3f s at "
		              "most\n",
		              t->vring, t->completed, t->most_inflight,
		              (double)t->longest_still_ns / 1e9);
	}
}

static struct notify_totals *notify_of(struct session_stats *ss, guint vring)
{
	struct notify_totals t = {.vring = vring};
	guint i;

	if (ss->notify == NULL)
		ss->notify = g_array_new(FALSE, FALSE, sizeof(struct notify_totals));
	for (i = 0; i < ss->notify->len; i++) {
		struct notify_totals *have = &g_array_index(ss->notify, struct notify_totals, i);

		if (have->vring == vring)
			return have;
		if (have->vring > vring)
			break;
	}
	g_array_insert_val(ss->notify, i, t);
	return &g_array_index(ss->notify, struct notify_totals, i);
}

static const char *const signal_keys[3] = {"kicks", "calls", "errors"};

static void times_add(GArray **l, guint64 ns)
{
	if (*l == NULL)
		*l = g_array_new(FALSE, FALSE, sizeof(guint64));
	g_array_append_val(*l, ns);
}

/* The times kept per ring, in the order they are reported. */
static const struct notify_times {
	const char *key;   /* JSON */
	const char *label; /* text */
	gsize member;      /* its GArray * of guint64 in struct notify_totals */
} notify_times[] = {
    {.key = "kick_to_call",
     .label = "kick to call",
     .member = G_STRUCT_OFFSET(struct notify_totals, kick_to_call_ns)},
    {.key = "kick_to_used",
     .label = "kick to used",
     .member = G_STRUCT_OFFSET(struct notify_totals, kick_to_used_ns)},
    {.key = "used_to_call",
     .label = "used to call",
     .member = G_STRUCT_OFFSET(struct notify_totals, used_to_call_ns)},
};

/* A ring's times (kick to call, ...): how many, median and largest (sorts
 * them); nothing for those none was timed. */
static void put_notify_times(struct vu_str *s, const struct notify_totals *t, gboolean json)
{
	for (guint i = 0; i < G_N_ELEMENTS(notify_times); i++) {
		const struct notify_times *nt = &notify_times[i];
		GArray *l = G_STRUCT_MEMBER(GArray *, t, nt->member);
		double median_us, max_us;

		if (l == NULL || l->len == 0)
			continue;
		g_array_sort(l, compare_u64);
		median_us = (double)quantile(l, 0.5) / 1e3;
		max_us = (double)quantile(l, 1.0) / 1e3;
		if (json)
			vu_str_printf(s,
			              ",\"%s\":{\"count\":%u,\"median_us\":%.1f,\"max_us\":%.1f}",
			              nt->key, l->len, median_us, max_us);
		else
			vu_str_printf(s, "; %s: %u times, median %.1f us, max %.1f us", nt->label,
			              l->len, median_us, max_us);
	}
}

static void put_notify_json(struct vu_str *s, GArray *notify)
{
	vu_str_append(s, ",\"notifications\":[");
	for (guint i = 0; i < notify->len; i++) {
		const struct notify_totals *t = &g_array_index(notify, struct notify_totals, i);

		vu_str_printf(s, "%s{\"vring\":%u", i ? "," : "", t->vring);
		for (int k = 0; k < 3; k++)
			vu_str_printf(s, ",\"%s\":%" PRIu64 ",\"%s_coalesced\":%" PRIu64 "%s",
			              signal_keys[k], t->signals[k], signal_keys[k],
			              t->signals[k] - t->reads[k],
			              t->nofd[k] ? (k == 0   ? ",\"kick_nofd\":true"
			                            : k == 1 ? ",\"call_nofd\":true"
			                                     : ",\"err_nofd\":true")
			                         : "");
		vu_str_printf(s,
		              ",\"inband_calls\":%" PRIu64 ",\"inband_errors\":%" PRIu64
		              ",\"host_notifiers\":%" PRIu64,
		              t->inband_call, t->inband_err, t->host_notifiers);
		put_notify_times(s, t, TRUE);
		vu_str_append(s, "}");
	}
	vu_str_append(s, "]");
}

static void put_notify_text(struct vu_str *s, GArray *notify)
{
	vu_str_append(s, "  notifications (--kicks):\n");
	for (guint i = 0; i < notify->len; i++) {
		const struct notify_totals *t = &g_array_index(notify, struct notify_totals, i);

		vu_str_printf(s, "    vring %u:", t->vring);
		for (int k = 0; k < 3; k++) {
			vu_str_printf(s, "%s %" PRIu64 " %s (%" PRIu64 " coalesced)", k ? "," : "",
			              t->signals[k], signal_keys[k], t->signals[k] - t->reads[k]);
			if (t->nofd[k])
				vu_str_append(s, " NOFD");
		}
		if (t->inband_call || t->inband_err)
			vu_str_printf(s, ", in-band %" PRIu64 " calls %" PRIu64 " errors",
			              t->inband_call, t->inband_err);
		if (t->host_notifiers)
			vu_str_printf(s, ", %" PRIu64 " host notifier messages", t->host_notifiers);
		put_notify_times(s, t, FALSE);
		vu_str_append(s, "\n");
	}
}

/* What a message says of a ring's notifications: NOFD kick/call/err
 * eventfds, in-band calls and errors, host notifiers. */
static void note_notify_message(struct session_stats *ss, const struct vs_record *r,
                                const struct vu_decoded *d)
{
	const char *key;
	guint vring;

	if (d == NULL || d->info == NULL || d->reply || !(d->values.has & VU_HAS_VRING_INDEX))
		return;
	key = d->info->key;
	vring = (guint)d->values.vring_index;
	if (r->channel == VU_CHANNEL_MAIN) {
		int k = strcmp(key, "set_vring_kick") == 0   ? 0
		        : strcmp(key, "set_vring_call") == 0 ? 1
		        : strcmp(key, "set_vring_err") == 0  ? 2
		                                             : -1;

		if (k >= 0 && (d->values.has & VU_HAS_VRING_NOFD))
			notify_of(ss, vring)->nofd[k] = d->values.vring_nofd != 0;
		/* The ring starts or stops: what its driver did before (a
		 * firmware that asked for no calls) is not timed against what
		 * comes after. */
		if (ss->notify != NULL && (k == 0 || strcmp(key, "get_vring_base") == 0 ||
		                           strcmp(key, "get_vring_base_skip_drain") == 0)) {
			struct notify_totals *t = notify_of(ss, vring);

			t->kick_pending_ns = t->kick_wait_ns = t->used_wait_ns = 0;
			t->kicked = FALSE;
		}
	} else if (r->channel == VU_CHANNEL_BACKEND) {
		if (strcmp(key, "backend_vring_call") == 0)
			notify_of(ss, vring)->inband_call++;
		else if (strcmp(key, "backend_vring_err") == 0)
			notify_of(ss, vring)->inband_err++;
		else if (strcmp(key, "backend_vring_host_notifier_msg") == 0)
			notify_of(ss, vring)->host_notifiers++;
	}
}

/* Requests of the ring the walker saw made available and not yet used (the
 * session's table of them, vu_session_payload). */
static gboolean requests_waiting(const struct vu_session *s, guint vring)
{
	for (guint i = 0; s != NULL && i < VU_MAX_DATA_PENDING; i++)
		if (s->data_pending[i].used && s->data_pending[i].vring == vring)
			return TRUE;
	return FALSE;
}

/* A notification record carries its ring's totals so far. */
static void note_notify(struct session_stats *ss, const struct vs_record *r)
{
	struct vu_notify n;
	struct notify_totals *t;

	if (!vu_notify_parse(r->bytes, r->len, &n))
		return;
	t = notify_of(ss, n.vring);
	t->signals[n.signal - 1] = n.signals;
	t->reads[n.signal - 1] = n.reads;
	if (n.signal == VU_NOTIFY_KICK && t->kick_pending_ns == 0) {
		t->kick_pending_ns = r->ts_ns;
	} else if (n.signal == VU_NOTIFY_CALL && t->kick_pending_ns != 0) {
		times_add(&t->kick_to_call_ns,
		          r->ts_ns >= t->kick_pending_ns ? r->ts_ns - t->kick_pending_ns : 0);
		t->kick_pending_ns = 0;
	}
	if (n.signal == VU_NOTIFY_KICK) {
		if (t->kick_wait_ns == 0 && requests_waiting(ss->state, n.vring))
			t->kick_wait_ns = r->ts_ns;
		t->kicked = TRUE;
		t->used_wait_ns = 0;
	} else if (n.signal == VU_NOTIFY_CALL) {
		if (t->kicked && t->used_wait_ns != 0)
			times_add(&t->used_to_call_ns,
			          r->ts_ns >= t->used_wait_ns ? r->ts_ns - t->used_wait_ns : 0);
		t->kicked = FALSE;
		t->used_wait_ns = 0;
	}
}

/* A used entry the walker saw (--packets): the used index moved. */
static void note_used_progress(struct session_stats *ss, guint vring, guint64 ts_ns)
{
	struct notify_totals *t;

	if (!ss->had_notify)
		return; /* no kicks or calls to time it against */
	t = notify_of(ss, vring);
	if (t->kick_wait_ns != 0) {
		times_add(&t->kick_to_used_ns,
		          ts_ns >= t->kick_wait_ns ? ts_ns - t->kick_wait_ns : 0);
		t->kick_wait_ns = 0;
	}
	if (t->kicked)
		t->used_wait_ns = ts_ns;
}

/* A ring record carries its ring's totals so far: keep the last, in vring order. */
static void note_ring(struct session_stats *ss, const struct vs_record_ring *ring)
{
	struct ring_totals t = {
	    .vring = ring->snap.vring,
	    .completed = ring->completed,
	    .most_inflight = ring->most_inflight,
	    .longest_still_ns = ring->longest_still_ns,
	};
	guint i;

	if (ss->rings == NULL)
		ss->rings = g_array_new(FALSE, FALSE, sizeof(struct ring_totals));
	for (i = 0; i < ss->rings->len; i++) {
		struct ring_totals *have = &g_array_index(ss->rings, struct ring_totals, i);

		if (have->vring == t.vring) {
			*have = t;
			return;
		}
		if (have->vring > t.vring)
			break;
	}
	g_array_insert_val(ss->rings, i, t);
}

static void report(struct stats_sink *k, guint32 id, struct session_stats *ss, const char *how)
{
	struct vu_str *s = &k->text;

	vu_str_clear(s);
	if (k->json) {
		vu_str_printf(s, "{\"event\":\"stats\",\"session\":%" PRIu32, id);
		if (ss->port != NULL) {
			vu_str_append(s, ",\"port\":");
			vu_str_json_string(s, ss->port);
		}
		vu_str_append(s, ",\"stats\":");
		vu_render_json_stats(&ss->counts, ss->state, s);
		if (ss->rings != NULL)
			put_rings_json(s, ss->rings);
		if (ss->notify != NULL && (k->kicks || ss->had_notify))
			put_notify_json(s, ss->notify);
		if (has_queues(ss))
			put_queues_json(s, ss);
		vu_str_append(s, "}\n");
	} else {
		if (ss->port != NULL)
			vu_str_printf(s, "port %s ", ss->port);
		vu_str_printf(s, "session %" PRIu32 " statistics (%s):\n", id, how);
		vu_render_stats(&ss->counts, ss->state, s);
		if (ss->rings != NULL)
			put_rings_text(s, ss->rings);
		if (ss->notify != NULL && (k->kicks || ss->had_notify))
			put_notify_text(s, ss->notify);
		if (has_queues(ss))
			put_queues_text(s, ss);
	}
	if (s->data != NULL)
		vs_sink_output(k->out, s->data, s->len, &k->failed);
}

static struct port_stats *port_of(struct stats_sink *k, const char *label)
{
	struct port_stats *ps = g_hash_table_lookup(k->ports, label);

	if (ps == NULL) {
		ps = g_new0(struct port_stats, 1);
		vu_stats_init(&ps->counts);
		g_hash_table_insert(k->ports, (gpointer)label, ps);
	}
	return ps;
}

/* A port over all its sessions: no one session's state to show. */
static void report_port(struct stats_sink *k, const char *label, struct port_stats *ps)
{
	struct vu_str *s = &k->text;

	vu_str_clear(s);
	if (k->json) {
		vu_str_append(s, "{\"event\":\"port_stats\",\"port\":");
		vu_str_json_string(s, label);
		vu_str_printf(s, ",\"sessions\":%u,\"stats\":", ps->sessions);
		vu_render_json_stats(&ps->counts, NULL, s);
		vu_str_append(s, "}\n");
	} else {
		vu_str_printf(s, "port %s statistics (%u session%s):\n", label, ps->sessions,
		              ps->sessions == 1 ? "" : "s");
		vu_render_stats(&ps->counts, NULL, s);
	}
	if (s->data != NULL)
		vs_sink_output(k->out, s->data, s->len, &k->failed);
}

static void stats_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                        const struct vu_session *state)
{
	struct stats_sink *k = sink->data;
	gpointer key = GUINT_TO_POINTER(r->session);
	struct session_stats *ss = g_hash_table_lookup(k->sessions, key);

	/* The same id again (two captures read in one run): the first is over. */
	if (ss != NULL && r->kind == VU_RECORD_SESSION_START) {
		ss->state = NULL; /* the pipeline has already let it go */
		report(k, r->session, ss, "its id was used again");
		g_hash_table_remove(k->sessions, key);
		ss = NULL;
	}
	if (ss == NULL) {
		ss = g_new0(struct session_stats, 1);
		vu_stats_init(&ss->counts);
		ss->port = r->port;
		g_hash_table_insert(k->sessions, key, ss);
		if (r->port != NULL)
			port_of(k, r->port)->sessions++;
	}
	ss->state = state;
	if (r->kind == VU_RECORD_NOTIFY) {
		ss->had_notify = TRUE;
		note_notify(ss, r);
		return; /* its findings are counted by the sinks that show them */
	}
	if (r->kind == VU_RECORD_MESSAGE)
		note_notify_message(ss, r, d);
	if (d != NULL) {
		vu_stats_add(&ss->counts, d);
		if (ss->port != NULL)
			vu_stats_add(&port_of(k, ss->port)->counts, d);
	}
	if (r->kind == VU_RECORD_RING && r->ring != NULL)
		note_ring(ss, r->ring);
	if (r->kind == VU_RECORD_DATA)
		note_data(ss, r);
	if (r->kind == VU_RECORD_SESSION_END)
		note_missed_at_end(ss, &r->facts, state);
	if (r->kind == VU_RECORD_SESSION_END) {
		report(k, r->session, ss, r->facts.reason != NULL ? r->facts.reason : "ended");
		g_hash_table_remove(k->sessions, key);
	}
}

static void stats_flush(struct vs_sink *sink)
{
	struct stats_sink *k = sink->data;

	vs_sink_output_flush(k->out, &k->failed);
}

static gint compare_ids(gconstpointer a, gconstpointer b)
{
	guint x = GPOINTER_TO_UINT(a), y = GPOINTER_TO_UINT(b);

	return x < y ? -1 : x > y;
}

/* Sessions still open when the run ends (a capture cut short, SIGINT). */
static void stats_close(struct vs_sink *sink)
{
	struct stats_sink *k = sink->data;
	GList *ids = g_list_sort(g_hash_table_get_keys(k->sessions), compare_ids);

	for (GList *l = ids; l != NULL; l = l->next)
		report(k, GPOINTER_TO_UINT(l->data), g_hash_table_lookup(k->sessions, l->data),
		       "still open when the run ended");
	g_list_free(ids);
	ids = g_list_sort(g_hash_table_get_keys(k->ports), (GCompareFunc)strcmp);
	for (GList *l = ids; l != NULL; l = l->next)
		report_port(k, l->data, g_hash_table_lookup(k->ports, l->data));
	g_list_free(ids);
	vs_sink_output_flush(k->out, &k->failed);
	g_hash_table_destroy(k->sessions);
	g_hash_table_destroy(k->ports);
	vu_str_free(&k->text);
	g_free(k);
}

struct vs_sink *vs_stats_sink_new(FILE *out, gboolean json, gboolean kicks)
{
	struct stats_sink *k = g_new0(struct stats_sink, 1);

	k->kicks = kicks;
	k->out = out;
	k->json = json;
	k->sessions =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, session_stats_free);
	k->ports = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, port_stats_free);
	vu_str_init(&k->text);
	k->sink.name = "stats";
	k->sink.takes_data = TRUE;
	k->sink.write = stats_write;
	k->sink.takes_notify = TRUE;
	k->sink.flush = stats_flush;
	k->sink.close = stats_close;
	k->sink.data = k;
	return &k->sink;
}
