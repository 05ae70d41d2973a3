/*
 * The pipeline thread: take the records that gathered, decode each with its
 * session's state, give it to every sink, flush the sinks after each batch.
 *
 * The relay never wakes the thread for a record while the thread is busy or
 * resting between batches: it only appends under a lock. Waking a thread
 * costs a context switch on each side, and one per record was most of what
 * -w added to a round trip (make bench). So once it has had work, the thread
 * rests GATHER_NS and then takes everything that came meanwhile; only when a
 * rest found nothing does it sleep until the next record wakes it. A line or
 * a frame is thus at most GATHER_NS late, and a burst costs one wake-up.
 *
 * Per record the thread takes no lock: the sinks are looked at once per
 * batch (a sink added meanwhile sees the next one, all of whose records came
 * after it), and the last session's state is kept at hand. Records it is
 * done with go back to the submitter through the same hand-over
 * (vs_pipeline_record_new), with the buffer of their last message
 * (vs_record_recycle), so a message costs no malloc for its record or bytes.
 *
 * Offline, a vring message that --rings judged (the base checks) waits for
 * the record after it: live the ring watch added its findings to the message
 * before the sinks saw it, but a capture holds them in the snapshot the
 * message took, which comes next (doc/capture-format.md, section 7).
 */
#include <string.h>

#include "dissector/vu-notify.h"
#include "dissector/vu-payload.h"
#include "vscore/log.h"
#include "vscore/packet-walk.h"
#include "vscore/pipeline.h"
#include "vscore/ring-watch.h"

/* Bytes of waiting records beyond which messages are dropped, whatever their count. */
#define MAX_QUEUED_BYTES (128u << 20)
/* How often every session is checked for overdue replies. */
#define SWEEP_INTERVAL_NS (100u * 1000u * 1000u)
/* How long records gather between two batches while traffic goes on. */
#define GATHER_NS (2u * 1000u * 1000u)
/* Waiting records that cut a rest short: a burst is not held back. */
#define GATHER_WAKE_RECORDS 4096u
/* --packets: a session with an entry this recently (longer than the gaps
 * of a guest's pings) is walked every VS_PACKETS_POLL_NS: peers that
 * suppress notifications (DPDK's net_vhost sets VRING_USED_F_NO_NOTIFY, so
 * its guest never kicks the TX queue; NOFD rings) are seen by polling, and
 * reading two indexes costs little. */
#define PACKETS_ACTIVE_NS (2000ull * 1000u * 1000u)
/* Records kept for reuse on each side of the hand-over; more are freed. As
 * many as a batch may hold (GATHER_WAKE_RECORDS): with fewer, a flood freed
 * and allocated again the records of each batch beyond them. At most
 * 4096 * (sizeof(struct vs_record) + VS_RECORD_KEEP_BYTES), about 5 MiB, per
 * side stays allocated after a burst. */
#define SPARE_RECORDS GATHER_WAKE_RECORDS

enum thread_state {
	THREAD_BUSY = 0, /* processing a batch: the relay just appends */
	THREAD_RESTING,  /* between batches, for GATHER_NS */
	THREAD_IDLE,     /* nothing came during a rest: the next record wakes it */
};

/*
 * Records in an array of their own, pushed and popped at its end: the
 * records of the relay's hand-over, the thread's batch and the spare records
 * going back. GPtrArray's add and steal cost a call into GLib each, about a
 * tenth of the pipeline's instructions per record of a round trip.
 */
struct record_stack {
	struct vs_record **at;
	guint len, size;
};

static inline void stack_push(struct record_stack *s, struct vs_record *r)
{
	if (s->len == s->size) {
		s->size = MAX(64u, 2 * s->size);
		s->at = g_renew(struct vs_record *, s->at, s->size);
	}
	s->at[s->len++] = r;
}

static inline struct vs_record *stack_pop(struct record_stack *s)
{
	return s->at[--s->len];
}

static void stack_swap(struct record_stack *a, struct record_stack *b)
{
	struct record_stack t = *a;

	*a = *b;
	*b = t;
}

static void stack_free(struct record_stack *s)
{
	for (guint i = 0; i < s->len; i++)
		vs_record_free(s->at[i]);
	g_free(s->at);
	memset(s, 0, sizeof(*s));
}

struct vs_pipeline {
	GThread *thread;
	gboolean live; /* the thread was started: records are processed there */
	guint max_queued;
	enum vu_device_type device; /* --device: wins over every other evidence */
	enum vu_dialect dialect;    /* --dialect, when dialect_forced */
	gboolean dialect_forced;
	guint64 reply_timeout_ns;
	guint64 rings_interval_ns; /* --rings: 0 = off */
	guint64 stall_ns;
	gboolean packets; /* --packets */
	guint32 snaplen;

	/* The hand-over between the relay and the thread, under lock. */
	GMutex lock;
	GCond wake;
	struct record_stack waiting; /* in submit order */
	guint64 waiting_bytes;
	guint64 dropped;
	enum thread_state state;
	gboolean stopping;
	GArray *walk_now; /* struct walk_request: rings to walk at once (--packets) */
	guint nsinks;     /* 0: nobody reads records (-q without -w) */
	/* Sinks that read the decode; 0: the analyzer does not run (-w -q).
	 * Changed under sinks_lock. */
	guint ndecoding;
	struct record_stack returned; /* spare records for the submitter */

	GMutex sinks_lock;  /* a sink may be added while the thread runs */
	GPtrArray *sinks;   /* struct vs_sink *, in call order */
	gint sinks_changes; /* atomic: sinks added or removed so far */

	/* Only the submitter touches this. */
	struct record_stack spare; /* cleared, for vs_pipeline_record_new */

	/* Only the thread (or the offline caller) touches these. */
	struct record_stack batch; /* the records being processed, swapped with waiting */
	struct record_stack done;  /* cleared, to go back to the submitter */
	GPtrArray *view;           /* struct vs_sink *: the sinks, taken when they changed */
	guint view_decoding;       /* ndecoding when view was taken */
	gint view_changes;         /* sinks_changes when view was taken; -1: never */
	GHashTable *sessions;      /* session id -> struct vu_session * */
	GHashTable *ports; /* session id -> its port label (interned), for the records made here */
	guint32 last_id;   /* the session of the last record, 0 = none */
	struct vu_session *last;    /* its state */
	struct vu_decoded *decoded; /* one message at a time: big, allocated once */
	guint64 last_sweep_ns;
	GHashTable *watches; /* --rings: session id -> struct vs_ring_watch * */
	guint64 last_ring_tick_ns;
	/* Offline: a vring message and its decode, until the next record
	 * (message_hold); NULL when none waits. */
	struct vs_record *held;
	struct vu_decoded *held_decoded;
	GHashTable *walkers; /* --packets: session id -> struct vs_packet_walk * */
	GArray *walking;     /* struct walk_request: taken from walk_now */
	gint64 next_poll_us; /* g_get_monotonic_time() of the next walk (--packets) */
	gboolean numbering;  /* vs_pipeline_number_records */
	guint64 last_frame;  /* the last number given */
	/* The DATA record going out: its context, body parsed, and decoded */
	struct vu_payload_context payload_ctx;
	struct vu_payload payload_entry;
	struct vu_payload_info payload_info;
	gboolean finished;
};

static guint64 record_cost(const struct vs_record *r)
{
	return sizeof(*r) + r->len;
}

struct walk_request {
	guint32 session;
	guint vring;
};

struct vs_pipeline *vs_pipeline_new(guint max_queued, enum vu_device_type device)
{
	struct vs_pipeline *p = g_new0(struct vs_pipeline, 1);

	g_mutex_init(&p->lock);
	g_cond_init(&p->wake);
	p->view = g_ptr_array_new();
	p->view_changes = -1;
	p->max_queued = max_queued > 0 ? max_queued : 1;
	p->device = device;
	g_mutex_init(&p->sinks_lock);
	p->sinks = g_ptr_array_new();
	p->sessions = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	p->ports = g_hash_table_new(g_direct_hash, g_direct_equal);
	p->decoded = g_new0(struct vu_decoded, 1);
	p->held_decoded = g_new0(struct vu_decoded, 1);
	p->watches = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                   (GDestroyNotify)vs_ring_watch_free);
	p->walkers = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                   (GDestroyNotify)vs_packet_walk_free);
	p->walk_now = g_array_new(FALSE, FALSE, sizeof(struct walk_request));
	p->walking = g_array_new(FALSE, FALSE, sizeof(struct walk_request));
	return p;
}

void vs_pipeline_set_dialect(struct vs_pipeline *p, enum vu_dialect dialect)
{
	p->dialect = dialect;
	p->dialect_forced = TRUE;
}

void vs_pipeline_set_reply_timeout(struct vs_pipeline *p, guint64 timeout_ns)
{
	p->reply_timeout_ns = timeout_ns;
}

void vs_pipeline_set_rings(struct vs_pipeline *p, guint64 interval_ns, guint64 stall_ns)
{
	p->rings_interval_ns = interval_ns;
	p->stall_ns = stall_ns;
}

void vs_pipeline_set_packets(struct vs_pipeline *p, guint32 snaplen)
{
	p->packets = TRUE;
	p->snaplen = snaplen;
}

void vs_pipeline_number_records(struct vs_pipeline *p)
{
	p->numbering = TRUE;
}

void vs_pipeline_walk_ring(struct vs_pipeline *p, guint32 session, guint vring)
{
	struct walk_request req = {.session = session, .vring = vring};

	if (!p->packets)
		return;
	g_mutex_lock(&p->lock);
	/* A ring asked for again before its walk is walked once: the list
	 * stays as short as the rings that are busy, however often they kick. */
	for (guint i = 0; i < p->walk_now->len; i++) {
		const struct walk_request *have =
		    &g_array_index(p->walk_now, struct walk_request, i);

		if (have->session == session && have->vring == vring) {
			g_mutex_unlock(&p->lock);
			return;
		}
	}
	g_array_append_val(p->walk_now, req);
	if (p->state != THREAD_BUSY)
		g_cond_signal(&p->wake);
	g_mutex_unlock(&p->lock);
}

void vs_pipeline_add_sink(struct vs_pipeline *p, struct vs_sink *sink)
{
	g_mutex_lock(&p->sinks_lock);
	g_ptr_array_add(p->sinks, sink);
	if (!sink->records_only)
		p->ndecoding++;
	g_atomic_int_inc(&p->sinks_changes);
	g_mutex_unlock(&p->sinks_lock);
	g_mutex_lock(&p->lock);
	p->nsinks++;
	g_mutex_unlock(&p->lock);
}

/* ---- records, sinks and sessions as the thread sees them ------------------- */

/* What the session start says of the device, the dialect and the peers:
 * the device and dialect it carries were given by option when the capture
 * was made, and win over all other evidence, as they did then. The options
 * of this run win over them. */
static void session_apply_facts(struct vs_pipeline *p, struct vu_session *s,
                                const struct vs_session_facts *f)
{
	enum vu_device_type device;
	enum vu_dialect dialect;

	if (f != NULL) {
		if (f->device != NULL && vu_device_type_by_name(f->device, &device))
			vu_session_force_device(s, device);
		if (f->dialect != NULL && vu_dialect_by_name(f->dialect, &dialect))
			vu_session_force_dialect(s, dialect);
		vu_session_note_cmdline(s, VU_FROM_FRONT, f->front_cmdline);
		vu_session_note_cmdline(s, VU_FROM_BACK, f->back_cmdline);
	}
	vu_session_force_device(s, p->device);
	if (p->dialect_forced)
		vu_session_force_dialect(s, p->dialect);
}

struct vs_record *vs_pipeline_record_new(struct vs_pipeline *p)
{
	if (p->spare.len > 0)
		return stack_pop(&p->spare);
	return vs_record_new();
}

/* The submitter's side: kept for its next records, or freed. */
static void spare_keep(struct vs_pipeline *p, struct vs_record *r)
{
	if (p->spare.len >= SPARE_RECORDS) {
		vs_record_free(r);
		return;
	}
	vs_record_recycle(r);
	stack_push(&p->spare, r);
}

/* The thread's side: goes back to the submitter with the next hand-over. */
static void record_done(struct vs_pipeline *p, struct vs_record *r)
{
	if (!p->live) {
		spare_keep(p, r);
		return;
	}
	if (p->done.len >= SPARE_RECORDS) {
		vs_record_free(r);
		return;
	}
	vs_record_recycle(r);
	stack_push(&p->done, r);
}

/* Under lock: the thread's done records go where the submitter takes them. */
static void done_hand_back(struct vs_pipeline *p)
{
	while (p->done.len > 0 && p->returned.len < SPARE_RECORDS)
		stack_push(&p->returned, stack_pop(&p->done));
}

/* The sinks as they are now, for the records that follow. */
static void view_take(struct vs_pipeline *p)
{
	/* The sinks change a few times a run: the lock is taken only then. */
	if (g_atomic_int_get(&p->sinks_changes) == p->view_changes)
		return;
	g_mutex_lock(&p->sinks_lock);
	p->view_changes = g_atomic_int_get(&p->sinks_changes);
	g_ptr_array_set_size(p->view, 0);
	for (guint i = 0; i < p->sinks->len; i++)
		g_ptr_array_add(p->view, g_ptr_array_index(p->sinks, i));
	p->view_decoding = p->ndecoding;
	g_mutex_unlock(&p->sinks_lock);
}

static void session_forget(struct vs_pipeline *p, guint32 id)
{
	if (p->last_id == id) {
		p->last_id = 0;
		p->last = NULL;
	}
	g_hash_table_remove(p->sessions, GUINT_TO_POINTER(id));
	g_hash_table_remove(p->ports, GUINT_TO_POINTER(id));
	g_hash_table_remove(p->watches, GUINT_TO_POINTER(id));
	g_hash_table_remove(p->walkers, GUINT_TO_POINTER(id));
}

static struct vu_session *session_find(struct vs_pipeline *p, guint32 id)
{
	if (id != 0 && id == p->last_id)
		return p->last;
	return g_hash_table_lookup(p->sessions, GUINT_TO_POINTER(id));
}

static struct vu_session *session_state_from(struct vs_pipeline *p, guint32 id, const char *port,
                                             const struct vs_session_facts *facts)
{
	struct vu_session *s = session_find(p, id);

	/* A capture may begin in the middle of a session: start its state at the
	 * first message seen. */
	if (s == NULL) {
		s = g_new0(struct vu_session, 1);
		vu_session_init(s, VU_DEVICE_UNKNOWN);
		session_apply_facts(p, s, facts);
		g_hash_table_insert(p->sessions, GUINT_TO_POINTER(id), s);
		if (port != NULL)
			g_hash_table_insert(p->ports, GUINT_TO_POINTER(id), (gpointer)port);
	}
	p->last_id = id;
	p->last = s;
	return s;
}

static struct vu_session *session_state(struct vs_pipeline *p, guint32 id, const char *port)
{
	return session_state_from(p, id, port, NULL);
}

/* The session end carries what the analyzer settled on, for the capture
 * and for whoever reads the record. */
static void facts_from_session(struct vs_session_facts *f, const struct vu_session *s)
{
	struct vu_str evidence;

	g_free(f->device);
	g_free(f->device_evidence);
	g_free(f->dialect);
	g_free(f->dialect_evidence);
	f->device = g_strdup(vu_device_type_name(s->device));
	f->dialect = g_strdup(vu_dialect_name(s->dialect));
	vu_str_init(&evidence);
	vu_render_evidence(s->device_evidence, ",", &evidence);
	f->device_evidence = evidence.len > 0 ? g_strdup(evidence.data) : NULL;
	vu_str_clear(&evidence);
	vu_render_evidence(s->dialect_evidence, ",", &evidence);
	f->dialect_evidence = evidence.len > 0 ? g_strdup(evidence.data) : NULL;
	vu_str_free(&evidence);
}

static void sinks_write(struct vs_pipeline *p, const struct vs_record *r,
                        const struct vu_decoded *d, const struct vu_session *s)
{
	for (guint i = 0; i < p->view->len; i++) {
		struct vs_sink *sink = g_ptr_array_index(p->view, i);

		if ((r->kind == VU_RECORD_INFLIGHT || r->kind == VU_RECORD_DIRTY_LOG) &&
		    !sink->takes_areas)
			continue;
		if (r->kind == VU_RECORD_NOTIFY && !sink->takes_areas && !sink->takes_notify)
			continue;
		if (r->kind == VU_RECORD_DATA && !sink->takes_data)
			continue;
		sink->write(sink, r, d, s);
	}
}

static void sinks_flush(struct vs_pipeline *p)
{
	g_mutex_lock(&p->sinks_lock);
	for (guint i = 0; i < p->sinks->len; i++) {
		struct vs_sink *sink = g_ptr_array_index(p->sinks, i);
		if (sink->flush != NULL)
			sink->flush(sink);
	}
	g_mutex_unlock(&p->sinks_lock);
}

/* ---- --rings ---- */

struct ring_emit {
	struct vs_pipeline *p;
	const struct vu_session *s;
	gboolean emitted;
};

static void ring_emit(gpointer data, const struct vs_record *r, const struct vu_decoded *d)
{
	struct ring_emit *e = data;

	sinks_write(e->p, r, d, e->s);
	e->emitted = TRUE;
}

/* The session's watch, made at its first message (only with --rings). */
static struct vs_ring_watch *ring_watch(struct vs_pipeline *p, guint32 id, const char *port)
{
	struct vs_ring_watch *w;

	if (p->rings_interval_ns == 0)
		return NULL;
	w = g_hash_table_lookup(p->watches, GUINT_TO_POINTER(id));
	if (w == NULL) {
		w = vs_ring_watch_new(id, port, p->stall_ns);
		g_hash_table_insert(p->watches, GUINT_TO_POINTER(id), w);
	}
	return w;
}

/* Every interval, the started rings of every session. Returns whether a record went out. */
static gboolean rings_tick(struct vs_pipeline *p, guint64 now_ns)
{
	GHashTableIter iter;
	gpointer key, value;
	struct ring_emit e = {.p = p};

	if (p->rings_interval_ns == 0 || now_ns - p->last_ring_tick_ns < p->rings_interval_ns)
		return FALSE;
	p->last_ring_tick_ns = now_ns;
	g_hash_table_iter_init(&iter, p->watches);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		e.s = g_hash_table_lookup(p->sessions, key);
		if (e.s != NULL)
			vs_ring_watch_tick(value, e.s, now_ns, ring_emit, &e);
	}
	return e.emitted;
}

/* ---- --packets ---- */

/* A DATA record (walked now, or read from a capture): the session's table of
 * requests in flight follows it, and the sinks get it with what the session
 * knew. */
static void data_write(struct vs_pipeline *p, struct vs_record *r, struct vu_session *s)
{
	struct vu_payload *e = &p->payload_entry;
	gboolean decoded;

	memset(&p->payload_ctx, 0, sizeof(p->payload_ctx));
	if (r->bytes == NULL || !vu_payload_parse(r->bytes, r->len, e)) {
		/* A body this build does not read (another version, or damaged
		 * in a capture) goes on as it is, with no entry: a capture
		 * written from it keeps it, text and JSON say so. */
		sinks_write(p, r, NULL, s);
		return;
	}
	decoded =
	    vu_session_payload_decode(s, e, r->ts_ns, r->frame, &p->payload_ctx, &p->payload_info);
	r->payload = &p->payload_ctx;
	r->entry = e;
	r->info = decoded ? &p->payload_info : NULL;
	sinks_write(p, r, NULL, s);
	r->payload = NULL;
	r->entry = NULL;
	r->info = NULL;
}

struct data_emit {
	struct vs_pipeline *p;
	struct vu_session *s;
};

static void data_emit(gpointer data, const struct vs_record *r)
{
	struct data_emit *e = data;
	struct vs_record *entry = (struct vs_record *)r; /* the walker's, lent for the call */

	if (e->p->numbering)
		entry->frame = ++e->p->last_frame;
	data_write(e->p, entry, e->s);
}

/* Walk ring vring of a session (-1: all of its rings) now; returns the
 * entries that went out. */
static guint packets_walk(struct vs_pipeline *p, guint32 id, gint vring, guint64 ts_ns)
{
	struct vs_ring_watch *w = g_hash_table_lookup(p->watches, GUINT_TO_POINTER(id));
	struct vu_session *s = g_hash_table_lookup(p->sessions, GUINT_TO_POINTER(id));
	struct data_emit e = {.p = p, .s = s};
	struct vs_packet_walk *pw;

	if (!p->packets || w == NULL || s == NULL)
		return 0;
	pw = g_hash_table_lookup(p->walkers, GUINT_TO_POINTER(id));
	if (pw == NULL) {
		pw = vs_packet_walk_new(id, g_hash_table_lookup(p->ports, GUINT_TO_POINTER(id)),
		                        p->snaplen);
		g_hash_table_insert(p->walkers, GUINT_TO_POINTER(id), pw);
	}
	if (vring >= 0)
		return vs_packet_walk_ring(pw, s, vs_ring_watch_memory(w), (guint)vring, ts_ns,
		                           data_emit, &e);
	return vs_packet_walk_all(pw, s, vs_ring_watch_memory(w), ts_ns, data_emit, &e);
}

/* The rings asked for (vs_pipeline_walk_ring), then, when the poll is due,
 * every session's rings; the next poll comes soon while a session has
 * entries, else at the rings interval. Returns whether a record went out. */
static gboolean packets_poll(struct vs_pipeline *p)
{
	GHashTableIter iter;
	gpointer key, value;
	guint64 now_ns = vs_now_ns();
	gint64 now_us = g_get_monotonic_time();
	gboolean active = FALSE;
	guint emitted = 0;

	if (!p->packets)
		return FALSE;
	g_mutex_lock(&p->lock);
	g_array_append_vals(p->walking, p->walk_now->data, p->walk_now->len);
	g_array_set_size(p->walk_now, 0);
	g_mutex_unlock(&p->lock);
	for (guint i = 0; i < p->walking->len; i++) {
		struct walk_request *req = &g_array_index(p->walking, struct walk_request, i);

		emitted += packets_walk(p, req->session, (gint)req->vring, now_ns);
	}
	g_array_set_size(p->walking, 0);
	/* Entries came: the sessions are polled soon from now on. */
	if (emitted > 0)
		p->next_poll_us =
		    MIN(p->next_poll_us, now_us + (gint64)(VS_PACKETS_POLL_NS / 1000u));
	if (now_us < p->next_poll_us)
		return emitted > 0;
	g_hash_table_iter_init(&iter, p->watches);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		struct vs_packet_walk *pw;

		emitted += packets_walk(p, GPOINTER_TO_UINT(key), -1, now_ns);
		pw = g_hash_table_lookup(p->walkers, key);
		active |= pw != NULL && vs_packet_walk_last_active(pw) + PACKETS_ACTIVE_NS > now_ns;
	}
	p->next_poll_us =
	    now_us + (gint64)((active ? VS_PACKETS_POLL_NS : p->rings_interval_ns) / 1000u);
	return emitted > 0;
}

/* The session's end (live, --packets): what its rings' walkers counted as
 * missed after their last records goes with it, so that no missed entry goes
 * unsaid. */
static void packets_missed_at_end(struct vs_pipeline *p, struct vs_record *r)
{
	struct vs_packet_walk *pw = g_hash_table_lookup(p->walkers, GUINT_TO_POINTER(r->session));
	GString *missed;

	if (pw == NULL)
		return;
	missed = g_string_new(NULL);
	for (guint i = 0; i < VU_MAX_VRINGS; i++) {
		guint32 n = vs_packet_walk_take_missed(pw, i);

		if (n > 0)
			g_string_append_printf(missed, "%s%u:%" G_GUINT32_FORMAT,
			                       missed->len > 0 ? "," : "", i, n);
	}
	g_free(r->facts.missed);
	r->facts.missed = NULL;
	if (missed->len > 0)
		r->facts.missed = g_string_free(missed, FALSE);
	else
		g_string_free(missed, TRUE);
}

/* GET_VRING_BASE and its reply (r, not yet decoded): walk its ring, while it
 * still runs and once more when the back-end has stopped it. */
static void packets_walk_stopping(struct vs_pipeline *p, const struct vs_record *r,
                                  const struct vu_session *s)
{
	guint32 request, index;

	(void)s;
	if (r->len < VU_HDR_SIZE + 8)
		return;
	memcpy(&request, r->bytes, sizeof(request));
	request = GUINT32_FROM_LE(request);
	if (request != VU_REQ_GET_VRING_BASE && request != VU_REQ_GET_VRING_BASE_SKIP_DRAIN)
		return;
	memcpy(&index, r->bytes + VU_HDR_SIZE, sizeof(index));
	index = GUINT32_FROM_LE(index);
	if (index < VU_MAX_VRINGS)
		packets_walk(p, r->session, (gint)index, r->ts_ns);
}

/* Overdue replies of one session become a findings record of their own. */
static gboolean expire_session(struct vs_pipeline *p, guint32 id, struct vu_session *s,
                               guint64 now_ns)
{
	struct vs_record *event;

	if (vu_session_expire(s, now_ns, p->reply_timeout_ns, p->decoded) == 0)
		return FALSE;
	event = vs_record_new();
	event->kind = VU_RECORD_FINDINGS;
	event->session = id;
	event->port = g_hash_table_lookup(p->ports, GUINT_TO_POINTER(id));
	event->ts_ns = now_ns;
	sinks_write(p, event, p->decoded, s);
	vs_record_free(event);
	return TRUE;
}

/* Returns whether any finding was made. */
static gboolean sweep(struct vs_pipeline *p, guint64 now_ns)
{
	GHashTableIter iter;
	gpointer key, value;
	gboolean found = FALSE;

	if (p->reply_timeout_ns == 0 || now_ns - p->last_sweep_ns < SWEEP_INTERVAL_NS)
		return FALSE;
	p->last_sweep_ns = now_ns;
	g_hash_table_iter_init(&iter, p->sessions);
	while (g_hash_table_iter_next(&iter, &key, &value))
		found |= expire_session(p, GPOINTER_TO_UINT(key), value, now_ns);
	return found;
}

/* The device and dialect given by option are facts of the session: a
 * capture written of it says so (as the relay's start records do live). */
static void facts_from_options(struct vs_pipeline *p, struct vs_session_facts *f)
{
	if (p->device != VU_DEVICE_UNKNOWN) {
		g_free(f->device);
		f->device = g_strdup(vu_device_type_name(p->device));
	}
	if (p->dialect_forced) {
		g_free(f->dialect);
		f->dialect = g_strdup(vu_dialect_name(p->dialect));
	}
}

/* A message whose base --rings checked when the capture was made: the
 * request (SET_VRING_BASE, SET_VRING_ADDR for a base sent before it) or the
 * reply (GET_VRING_BASE) that a snapshot was judged on. */
static gboolean message_base_checked(const struct vs_record *r, const struct vu_decoded *d)
{
	if (r->channel != VU_CHANNEL_MAIN || !d->has_header)
		return FALSE;
	switch (d->request) {
	case VU_REQ_GET_VRING_BASE:
	case VU_REQ_GET_VRING_BASE_SKIP_DRAIN:
		return d->reply;
	case VU_REQ_SET_VRING_BASE:
	case VU_REQ_SET_VRING_ADDR:
		return !d->reply;
	default:
		return FALSE;
	}
}

/* Offline: r waits with its decode (p->decoded, swapped out) for the next record. */
static void message_hold(struct vs_pipeline *p, struct vs_record *r)
{
	struct vu_decoded *d = p->decoded;

	p->decoded = p->held_decoded;
	p->held_decoded = d;
	p->held = r;
}

/* The held message goes out, before next (NULL: the end of the input). When
 * next is the snapshot it took, the findings that snapshot made about it
 * are its own again, as they were live. */
static void message_release(struct vs_pipeline *p, const struct vs_record *next)
{
	struct vs_record *m = p->held;
	struct vu_decoded *d = p->held_decoded;

	p->held = NULL;
	if (next != NULL && next->kind == VU_RECORD_RING && next->ring != NULL &&
	    next->session == m->session && next->ring->frame == m->frame) {
		for (guint i = 0;
		     i < next->ring->nmessage_findings && d->nfindings < VU_MAX_FINDINGS; i++)
			d->findings[d->nfindings++] = next->ring->message_findings[i];
	}
	sinks_write(p, m, d, session_find(p, m->session));
	record_done(p, m);
}

/* vs_pipeline_number_records: the relay's record (a message or a session
 * event; not a notification) takes the next number as it goes out, after
 * the entries a walk for it made. */
static void number(struct vs_pipeline *p, struct vs_record *r)
{
	if (p->numbering && r->kind != VU_RECORD_NOTIFY)
		r->frame = ++p->last_frame;
}

/* With the sinks of view_take. */
static void process_record(struct vs_pipeline *p, struct vs_record *r)
{
	struct vu_session *s;
	struct vs_ring_watch *w;

	if (p->held != NULL)
		message_release(p, r);
	if (r->kind == VU_RECORD_SESSION_START)
		facts_from_options(p, &r->facts);

	/* Nobody reads the decode: the records go out as they are. A sink that
	 * wants it later rebuilds each session's state from the messages it
	 * sees, as for a capture that starts in the middle of a session. With
	 * --rings the analyzer runs anyway: the ring watch follows the sessions'
	 * memory tables and vring messages, and its ring records go to every
	 * sink (-q -w FILE --rings). */
	if (p->view_decoding == 0 && p->rings_interval_ns == 0) {
		number(p, r);
		if (r->kind != VU_RECORD_FINDINGS)
			sinks_write(p, r, NULL, NULL);
		if (r->kind == VU_RECORD_SESSION_END || r->kind == VU_RECORD_SESSION_START)
			session_forget(p, r->session);
		record_done(p, r);
		return;
	}

	/* Time has passed for every session, and exactly up to this record for its own. */
	sweep(p, r->ts_ns);
	if (p->rings_interval_ns != 0)
		rings_tick(p, vs_now_ns());
	if (p->reply_timeout_ns != 0 && (s = session_find(p, r->session)) != NULL)
		expire_session(p, r->session, s, r->ts_ns);

	switch (r->kind) {
	case VU_RECORD_SESSION_START:
		/* A new session with an id seen before (a second capture read into
		 * one run) starts from a clean state. */
		session_forget(p, r->session);
		number(p, r);
		sinks_write(p, r, NULL, session_state_from(p, r->session, r->port, &r->facts));
		break;
	case VU_RECORD_SESSION_END:
		s = session_state(p, r->session, r->port);
		w = g_hash_table_lookup(p->watches, GUINT_TO_POINTER(r->session));
		/* The entries the rings took last, before the session's end. */
		packets_walk(p, r->session, -1, r->ts_ns);
		packets_missed_at_end(p, r);
		if (w != NULL) {
			struct ring_emit e = {.p = p, .s = s};

			/* The last look at the rings, before the session's end line. */
			vs_ring_watch_end(w, s, r->ts_ns, ring_emit, &e);
		}
		number(p, r); /* after the entries walked last */
		vu_session_end(s, r->facts.reason, p->decoded);
		facts_from_session(&r->facts, s);
		sinks_write(p, r, p->decoded, s);
		session_forget(p, r->session);
		break;
	case VU_RECORD_CHANNEL_END:
		s = session_state(p, r->session, r->port);
		number(p, r);
		vu_session_channel_closed(s, (enum vu_channel)r->channel,
		                          (enum vu_direction)r->from);
		sinks_write(p, r, NULL, s);
		break;
	case VU_RECORD_MESSAGE: {
		struct vu_message m;

		s = session_state(p, r->session, r->port);
		vs_record_message(r, &m);
		/* A ring stops at GET_VRING_BASE: what it took last is walked
		 * before the front-end may reset it. */
		if (p->packets && r->channel == VU_CHANNEL_MAIN)
			packets_walk_stopping(p, r, s);
		number(p, r); /* after the entries walked before it */
		vu_session_process(s, &m, r->ts_ns, r->frame, p->decoded);
		w = ring_watch(p, r->session, r->port);
		if (w == NULL && !p->live && message_base_checked(r, p->decoded)) {
			message_hold(p, r);
			return;
		}
		if (w != NULL)
			vs_ring_watch_message(w, s, r, p->decoded);
		sinks_write(p, r, p->decoded, s);
		if (w != NULL) {
			struct ring_emit e = {.p = p, .s = s};

			vs_ring_watch_emit(w, s, ring_emit, &e);
		}
		break;
	}
	case VU_RECORD_DATA:
		/* An entry read from a capture (live ones are made here). */
		data_write(p, r, session_state(p, r->session, r->port));
		break;
	case VU_RECORD_RING:
		/* A snapshot read from a capture (live ones are made here): its
		 * findings as they were made live. */
		if (r->bytes != NULL && vs_ring_record_decode(r, p->decoded))
			sinks_write(p, r, p->decoded, session_state(p, r->session, r->port));
		break;
	case VU_RECORD_INFLIGHT:
	case VU_RECORD_DIRTY_LOG:
		/* The same from a capture: what was shown, decoded when read. */
		if (r->ring != NULL)
			sinks_write(p, r, NULL, session_state(p, r->session, r->port));
		break;
	case VU_RECORD_NOTIFY: {
		struct vu_notify n;

		/* A session the pipeline no longer knows has ended: its state is
		 * not made again for a late notification. */
		s = session_find(p, r->session);
		if (s != NULL && vu_notify_parse(r->bytes, r->len, &n)) {
			vu_session_notify(s, &n, r->ts_ns, p->decoded);
			sinks_write(p, r, p->decoded, s);
		}
		break;
	}
	default:
		break; /* nothing else comes in: findings records are made here */
	}
	record_done(p, r);
}

/* How long an idle thread sleeps before it looks at the clock again. */
static gint64 idle_wait_us(const struct vs_pipeline *p)
{
	guint64 ns = SWEEP_INTERVAL_NS;

	if (p->rings_interval_ns != 0 && p->rings_interval_ns < ns)
		ns = p->rings_interval_ns;
	return (gint64)(ns / 1000u);
}

/* Lock held: the lock is let go while the rings are walked (--packets). */
static void packets_poll_unlocked(struct vs_pipeline *p)
{
	guint64 now_ns = vs_now_ns();

	g_mutex_unlock(&p->lock);
	view_take(p);
	/* The sweep and the rings interval come due between polls too. */
	if (packets_poll(p) | sweep(p, now_ns) | rings_tick(p, now_ns))
		sinks_flush(p);
	g_mutex_lock(&p->lock);
}

/* When the thread must look again by itself: the end of its rest (resting),
 * or the next sweep or interval (idle); with --packets, the next poll. */
static gint64 wake_at(const struct vs_pipeline *p, gint64 rest_until)
{
	gint64 at =
	    p->state == THREAD_RESTING ? rest_until : g_get_monotonic_time() + idle_wait_us(p);

	return p->packets ? MIN(at, p->next_poll_us) : at;
}

/* Wait for records (lock held); FALSE once stopping and nothing is left. */
static gboolean wait_for_records(struct vs_pipeline *p)
{
	gint64 rest_until = g_get_monotonic_time() + GATHER_NS / 1000;

	p->state = THREAD_RESTING;
	while (p->waiting.len == 0 && !p->stopping) {
		gint64 until = wake_at(p, rest_until);
		gboolean woken;

		/* Asked while the last batch went out: walked before any wait. */
		if (p->packets && p->walk_now->len > 0) {
			packets_poll_unlocked(p);
			continue;
		}
		woken = g_cond_wait_until(&p->wake, &p->lock, until);

		/* A ring to walk now, or the poll is due (nothing waits: the
		 * entries come after every record taken). */
		if (p->packets && p->waiting.len == 0 &&
		    (p->walk_now->len > 0 || g_get_monotonic_time() >= p->next_poll_us)) {
			packets_poll_unlocked(p);
			continue;
		}
		if (woken)
			continue;
		if (p->state == THREAD_RESTING) {
			if (g_get_monotonic_time() >= rest_until)
				p->state = p->waiting.len > 0 ? THREAD_RESTING : THREAD_IDLE;
			continue;
		}
		/* Nothing came: a request may be waiting for a reply that never
		 * will, and the rings (--rings) are read every interval. */
		if (g_get_monotonic_time() >= until) {
			g_mutex_unlock(&p->lock);
			view_take(p);
			if (sweep(p, vs_now_ns()) | rings_tick(p, vs_now_ns()))
				sinks_flush(p);
			g_mutex_lock(&p->lock);
		}
	}
	/* A rest is not cut short by a few records, only by a burst or a stop
	 * (with --packets, by the next poll or a ring to walk now: the records
	 * go out first, the kick's or call's among them, then the walk). */
	while (p->state == THREAD_RESTING && !p->stopping && p->waiting.len < GATHER_WAKE_RECORDS &&
	       p->walk_now->len == 0 &&
	       g_cond_wait_until(&p->wake, &p->lock, wake_at(p, rest_until)))
		;
	p->state = THREAD_BUSY;
	return p->waiting.len > 0 || !p->stopping;
}

static gpointer pipeline_thread(gpointer data)
{
	struct vs_pipeline *p = data;

	g_mutex_lock(&p->lock);
	while (wait_for_records(p)) {
		stack_swap(&p->waiting, &p->batch);
		p->waiting_bytes = 0;
		g_mutex_unlock(&p->lock);

		view_take(p);
		for (guint i = 0; i < p->batch.len; i++)
			process_record(p, p->batch.at[i]);
		p->batch.len = 0;
		/* Lines reach a pipe promptly, but a batch is written in one go. */
		sinks_flush(p);
		g_mutex_lock(&p->lock);
		done_hand_back(p);
	}
	g_mutex_unlock(&p->lock);
	return NULL;
}

void vs_pipeline_start(struct vs_pipeline *p)
{
	g_return_if_fail(p->thread == NULL);
	p->live = TRUE;
	/* --packets: the first poll of every ring comes one rings interval
	 * from now, as every later one does while no entry came. At 0 it came
	 * at the thread's first idle moment, which under load could fall after
	 * a session's set-up and a guest's first entry but before the kick that
	 * announced it: the entry then went out before the kick's line. */
	p->next_poll_us = g_get_monotonic_time() + (gint64)(p->rings_interval_ns / 1000u);
	p->thread = g_thread_new("vhostsniff-pipeline", pipeline_thread, p);
}

/* Under lock: r joins the waiting records, or, when too many wait and it
 * may be dropped, is counted dropped (FALSE; the caller disposes of it). */
static gboolean admit_locked(struct vs_pipeline *p, struct vs_record *r, gboolean droppable)
{
	if (droppable && (p->waiting.len >= p->max_queued ||
	                  p->waiting_bytes + record_cost(r) > MAX_QUEUED_BYTES)) {
		p->dropped++;
		return FALSE;
	}
	stack_push(&p->waiting, r);
	p->waiting_bytes += record_cost(r);
	if (p->state == THREAD_IDLE ||
	    (p->state == THREAD_RESTING && p->waiting.len == GATHER_WAKE_RECORDS))
		g_cond_signal(&p->wake);
	return TRUE;
}

gboolean vs_pipeline_submit(struct vs_pipeline *p, struct vs_record *r)
{
	gboolean kept = TRUE;

	if (p->thread == NULL) {
		view_take(p);
		process_record(p, r);
		return TRUE;
	}
	g_mutex_lock(&p->lock);
	/* The records the thread is done with, for the next messages. */
	if (p->spare.len == 0 && p->returned.len > 0)
		stack_swap(&p->spare, &p->returned);
	if (p->nsinks == 0) {
		/* Nothing would see it. A sink added later starts from the records
		 * after (a session's state is rebuilt from the messages it sees, as
		 * for a capture that starts late). */
		spare_keep(p, r);
	} else if (!admit_locked(p, r, r->kind == VU_RECORD_MESSAGE)) {
		/* Session events carry what the sinks need to make sense of the
		 * rest; they are few, so they always pass. */
		spare_keep(p, r);
		kept = FALSE;
	}
	g_mutex_unlock(&p->lock);
	return kept;
}

gboolean vs_pipeline_submit_other(struct vs_pipeline *p, struct vs_record *r)
{
	gboolean kept = TRUE;

	if (p->thread == NULL) {
		/* Offline there is no other thread; live before the start, the
		 * records would race with the submitter's. */
		vs_record_free(r);
		return FALSE;
	}
	g_mutex_lock(&p->lock);
	if (p->nsinks == 0 || p->stopping) {
		vs_record_free(r);
	} else if (!admit_locked(p, r, TRUE)) {
		vs_record_free(r);
		kept = FALSE;
	}
	g_mutex_unlock(&p->lock);
	return kept;
}

guint64 vs_pipeline_dropped(struct vs_pipeline *p)
{
	guint64 dropped;

	g_mutex_lock(&p->lock);
	dropped = p->dropped;
	g_mutex_unlock(&p->lock);
	return dropped;
}

guint64 vs_pipeline_finish(struct vs_pipeline *p)
{
	if (p->finished)
		return vs_pipeline_dropped(p);
	p->finished = TRUE;
	if (p->held != NULL)
		message_release(p, NULL);
	if (p->thread != NULL) {
		g_mutex_lock(&p->lock);
		p->stopping = TRUE;
		g_cond_signal(&p->wake);
		g_mutex_unlock(&p->lock);
		g_thread_join(p->thread);
		p->thread = NULL;
	}
	sinks_flush(p);
	g_mutex_lock(&p->sinks_lock);
	for (guint i = 0; i < p->sinks->len; i++) {
		struct vs_sink *sink = g_ptr_array_index(p->sinks, i);
		if (sink->close != NULL)
			sink->close(sink);
	}
	g_ptr_array_set_size(p->sinks, 0);
	p->ndecoding = 0;
	g_atomic_int_inc(&p->sinks_changes);
	g_mutex_unlock(&p->sinks_lock);
	g_mutex_lock(&p->lock);
	p->nsinks = 0;
	g_mutex_unlock(&p->lock);
	return vs_pipeline_dropped(p);
}

void vs_pipeline_free(struct vs_pipeline *p)
{
	if (p == NULL)
		return;
	vs_pipeline_finish(p);
	/* The thread took everything; records submitted after finish wait here. */
	stack_free(&p->waiting);
	stack_free(&p->batch);
	stack_free(&p->returned);
	stack_free(&p->spare);
	stack_free(&p->done);
	g_ptr_array_free(p->view, TRUE);
	g_cond_clear(&p->wake);
	g_mutex_clear(&p->lock);
	g_ptr_array_free(p->sinks, TRUE);
	g_hash_table_destroy(p->walkers);
	g_hash_table_destroy(p->watches);
	g_array_free(p->walk_now, TRUE);
	g_array_free(p->walking, TRUE);
	g_hash_table_destroy(p->sessions);
	g_hash_table_destroy(p->ports);
	g_free(p->decoded);
	g_free(p->held_decoded);
	g_mutex_clear(&p->sinks_lock);
	g_free(p);
}
