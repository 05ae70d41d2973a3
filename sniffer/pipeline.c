/*
 * The pipeline thread: pop a record, decode it with its session's state,
 * give it to every sink, flush the sinks when nothing else waits.
 */
#include <stdatomic.h>
#include <string.h>

#include "sniffer/pipeline.h"
#include "sniffer/vhostsniff.h"

/* Bytes of waiting records beyond which messages are dropped, whatever their count. */
#define MAX_QUEUED_BYTES (128u << 20)
/* How often every session is checked for overdue replies. */
#define SWEEP_INTERVAL_NS (100u * 1000u * 1000u)

struct vs_pipeline {
	GAsyncQueue *queue;
	GThread *thread;
	guint max_queued;
	enum vu_device_type device;
	guint64 reply_timeout_ns;

	_Atomic guint queued; /* records in the queue */
	_Atomic guint64 queued_bytes;
	_Atomic guint64 dropped;
	_Atomic guint nsinks; /* 0: nobody reads records (-q without -w) */

	GMutex sinks_lock; /* a sink may be added while the thread runs */
	GPtrArray *sinks;  /* struct vs_sink *, in call order */

	/* Only the thread (or the offline caller) touches these. */
	GHashTable *sessions;       /* session id -> struct vu_session * */
	struct vu_decoded *decoded; /* one message at a time: big, allocated once */
	guint64 last_sweep_ns;
	gboolean finished;
};

/* Pushed by finish to wake the thread and tell it to stop. */
static struct vs_record stop_marker;

static guint64 record_cost(const struct vs_record *r)
{
	return sizeof(*r) + r->len;
}

struct vs_pipeline *vs_pipeline_new(guint max_queued, enum vu_device_type device)
{
	struct vs_pipeline *p = g_new0(struct vs_pipeline, 1);

	p->queue = g_async_queue_new();
	p->max_queued = max_queued > 0 ? max_queued : 1;
	p->device = device;
	g_mutex_init(&p->sinks_lock);
	p->sinks = g_ptr_array_new();
	p->sessions = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	p->decoded = g_new0(struct vu_decoded, 1);
	return p;
}

void vs_pipeline_set_reply_timeout(struct vs_pipeline *p, guint64 timeout_ns)
{
	p->reply_timeout_ns = timeout_ns;
}

void vs_pipeline_add_sink(struct vs_pipeline *p, struct vs_sink *sink)
{
	g_mutex_lock(&p->sinks_lock);
	g_ptr_array_add(p->sinks, sink);
	atomic_store(&p->nsinks, p->sinks->len);
	g_mutex_unlock(&p->sinks_lock);
}

static struct vu_session *session_state(struct vs_pipeline *p, guint32 id)
{
	struct vu_session *s = g_hash_table_lookup(p->sessions, GUINT_TO_POINTER(id));

	/* A capture may begin in the middle of a session: start its state at the
	 * first message seen. */
	if (s == NULL) {
		s = g_new0(struct vu_session, 1);
		vu_session_init(s, p->device);
		g_hash_table_insert(p->sessions, GUINT_TO_POINTER(id), s);
	}
	return s;
}

static void sinks_write(struct vs_pipeline *p, const struct vs_record *r,
                        const struct vu_decoded *d, const struct vu_session *s)
{
	g_mutex_lock(&p->sinks_lock);
	for (guint i = 0; i < p->sinks->len; i++) {
		struct vs_sink *sink = g_ptr_array_index(p->sinks, i);
		sink->write(sink, r, d, s);
	}
	g_mutex_unlock(&p->sinks_lock);
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

static void process_record(struct vs_pipeline *p, struct vs_record *r)
{
	struct vu_session *s;

	/* Time has passed for every session, and exactly up to this record for its own. */
	sweep(p, r->ts_ns);
	if (p->reply_timeout_ns != 0 &&
	    g_hash_table_contains(p->sessions, GUINT_TO_POINTER(r->session)))
		expire_session(p, r->session, session_state(p, r->session), r->ts_ns);

	switch (r->kind) {
	case VU_RECORD_SESSION_START:
		/* A new session with an id seen before (a second capture read into
		 * one run) starts from a clean state. */
		g_hash_table_remove(p->sessions, GUINT_TO_POINTER(r->session));
		sinks_write(p, r, NULL, session_state(p, r->session));
		break;
	case VU_RECORD_SESSION_END:
		s = session_state(p, r->session);
		vu_session_end(s, r->facts.reason, p->decoded);
		sinks_write(p, r, p->decoded, s);
		g_hash_table_remove(p->sessions, GUINT_TO_POINTER(r->session));
		break;
	case VU_RECORD_CHANNEL_END:
		s = session_state(p, r->session);
		vu_session_channel_closed(s, (enum vu_channel)r->channel, (enum vu_direction)r->from);
		sinks_write(p, r, NULL, s);
		break;
	case VU_RECORD_MESSAGE: {
		struct vu_message m;

		s = session_state(p, r->session);
		vs_record_message(r, &m);
		vu_session_process(s, &m, r->ts_ns, r->frame, p->decoded);
		sinks_write(p, r, p->decoded, s);
		break;
	}
	default:
		break; /* nothing else comes in: findings records are made here */
	}
	vs_record_free(r);
}

static gpointer pipeline_thread(gpointer data)
{
	struct vs_pipeline *p = data;

	for (;;) {
		struct vs_record *r = g_async_queue_timeout_pop(p->queue, SWEEP_INTERVAL_NS / 1000);

		if (r == NULL) {
			/* Nothing came: a request may be waiting for a reply that never will. */
			if (sweep(p, vs_now_ns()))
				sinks_flush(p);
			continue;
		}
		if (r == &stop_marker)
			break;
		atomic_fetch_sub(&p->queued, 1);
		atomic_fetch_sub(&p->queued_bytes, record_cost(r));
		process_record(p, r);
		/* Lines reach a pipe promptly, but a burst is written in one go. */
		if (g_async_queue_length(p->queue) <= 0)
			sinks_flush(p);
	}
	return NULL;
}

void vs_pipeline_start(struct vs_pipeline *p)
{
	g_return_if_fail(p->thread == NULL);
	p->thread = g_thread_new("vhostsniff-pipeline", pipeline_thread, p);
}

gboolean vs_pipeline_submit(struct vs_pipeline *p, struct vs_record *r)
{
	if (p->thread == NULL) {
		process_record(p, r);
		return TRUE;
	}
	/* Nothing would see it: do not wake the thread for it. A sink added
	 * later starts from the records after (a session's state is rebuilt
	 * from the messages it sees, as for a capture that starts late). */
	if (atomic_load(&p->nsinks) == 0) {
		vs_record_free(r);
		return TRUE;
	}
	/* Session events carry what the sinks need to make sense of the rest;
	 * they are few, so they always pass. */
	if (r->kind == VU_RECORD_MESSAGE &&
	    (atomic_load(&p->queued) >= p->max_queued ||
	     atomic_load(&p->queued_bytes) + record_cost(r) > MAX_QUEUED_BYTES)) {
		atomic_fetch_add(&p->dropped, 1);
		vs_record_free(r);
		return FALSE;
	}
	atomic_fetch_add(&p->queued, 1);
	atomic_fetch_add(&p->queued_bytes, record_cost(r));
	g_async_queue_push(p->queue, r);
	return TRUE;
}

guint64 vs_pipeline_dropped(struct vs_pipeline *p)
{
	return atomic_load(&p->dropped);
}

guint64 vs_pipeline_finish(struct vs_pipeline *p)
{
	if (p->finished)
		return vs_pipeline_dropped(p);
	p->finished = TRUE;
	if (p->thread != NULL) {
		g_async_queue_push(p->queue, &stop_marker);
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
	atomic_store(&p->nsinks, 0);
	g_mutex_unlock(&p->sinks_lock);
	return vs_pipeline_dropped(p);
}

void vs_pipeline_free(struct vs_pipeline *p)
{
	struct vs_record *r;

	if (p == NULL)
		return;
	vs_pipeline_finish(p);
	while ((r = g_async_queue_try_pop(p->queue)) != NULL)
		if (r != &stop_marker)
			vs_record_free(r);
	g_async_queue_unref(p->queue);
	g_ptr_array_free(p->sinks, TRUE);
	g_hash_table_destroy(p->sessions);
	g_free(p->decoded);
	g_mutex_clear(&p->sinks_lock);
	g_free(p);
}
