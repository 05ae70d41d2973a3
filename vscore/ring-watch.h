/*
 * --rings: the guest's virtqueues watched from the pipeline thread.
 *
 * The relay only duplicates the fds of the memory table messages into their
 * record (vs_ring_keep_fds: one fcntl per fd, nothing else on its thread).
 * The pipeline gives every session a watch: the guest memory table
 * (vscore/guest-mem.h) follows SET_MEM_TABLE / ADD_MEM_REG / REM_MEM_REG,
 * and a ring is read (dissector/vu-ring.h) at each of its vring messages,
 * every interval while it is started, and at the session's end. A snapshot
 * that differs from the ring's previous one goes out as a VU_RECORD_RING
 * record with what vu_ring_check finds; a snapshot taken for a message goes
 * out whatever it shows. Nothing of this exists without --rings: no watch,
 * no table, no fd kept.
 */
#ifndef VS_RING_WATCH_H
#define VS_RING_WATCH_H

#include <glib.h>

#include "dissector/vu-inflight.h"
#include "dissector/vu-ring.h"
#include "vscore/record.h"

/* What a record carries for the rings (vs_record.ring, owned). */
struct vs_record_ring {
	/* A memory table message: duplicates of its fds, closed with the record. */
	guint nfds;
	int fds[VU_MAX_FDS];
	/* A VU_RECORD_RING record: the snapshot, and what took it. */
	struct vu_ring_snapshot snap;
	guint32 cause;      /* the request whose message took it, or one of below */
	guint64 frame;      /* that message's frame */
	gboolean stalled;   /* the ring is stalled (ring.stalled said so) */
	guint64 stalled_ns; /* since when the used index has not moved */
	/* The ring's totals so far in the session, for --stats: requests
	 * completed (split rings: the used index's advance, over every address
	 * the ring had), the most in flight, the longest the used index stood
	 * still with requests in flight. */
	guint64 completed;
	guint32 most_inflight;
	guint64 longest_still_ns;
	/* What the snapshot found about the message that took it (the base
	 * checks): live they are on that message's decode, which the sinks had
	 * before this record; a capture keeps them here, and -r gives them back
	 * to the message (vs_pipeline). */
	guint nmessage_findings;
	struct vu_finding message_findings[VU_RING_RECORD_MESSAGE_FINDINGS];
	/* A VU_RECORD_INFLIGHT record: one queue of the inflight area, at the
	 * message cause (frame). */
	struct vu_inflight_queue inflight;
	/* A VU_RECORD_DIRTY_LOG record: pages the log covers, and how many of
	 * them are marked dirty now; unreadable: the log could not be read. */
	guint64 log_pages, log_dirty;
	gboolean log_unreadable;
};

/* cause of a snapshot no message took. */
#define VS_RING_CAUSE_INTERVAL VU_RING_CAUSE_INTERVAL
#define VS_RING_CAUSE_END      VU_RING_CAUSE_END

/* "interval", "end", or the request's name without its VHOST_USER_ prefix. */
const char *vs_ring_cause_name(guint32 cause);

void vs_record_ring_free(struct vs_record_ring *ring);

/* The body of a VU_RECORD_RING record in a capture (struct vu_ring_record,
 * doc/capture-format.md): r->ring (with the findings about its message) and
 * the findings of d (NULL: none); g_malloc'd, *len bytes. */
guint8 *vs_ring_record_encode(const struct vs_record *r, const struct vu_decoded *d, gsize *len);
/* A ring record read from a capture: its body (r->bytes) into r->ring (with
 * the findings about its message), and its own findings into findings (NULL:
 * not wanted). FALSE when the body is not one this build reads. */
gboolean vs_ring_record_decode(struct vs_record *r, struct vu_decoded *findings);
/* The body of a VU_RECORD_INFLIGHT or VU_RECORD_DIRTY_LOG record in a capture
 * (struct vu_inflight_record, struct vu_log_record): from r->ring; g_malloc'd,
 * *len bytes. */
guint8 *vs_area_record_encode(const struct vs_record *r, gsize *len);
/* Such a record read from a capture: its body (r->bytes) into r->ring. FALSE
 * when the body is not one this build reads. */
gboolean vs_area_record_decode(struct vs_record *r);

/*
 * Relay thread, --rings only: when r is a memory table message from the
 * front-end on the main channel (SET_MEM_TABLE, ADD_MEM_REG), keep a
 * duplicate of its fds in r->ring for the pipeline's guest memory table;
 * the same for the inflight area's fd (SET_INFLIGHT_FD, and the back-end's
 * GET_INFLIGHT_FD reply) and the dirty log's (SET_LOG_BASE). The relay's own
 * copies go on as before.
 */
void vs_ring_keep_fds(struct vs_record *r, const int *fds, guint n);

struct vs_ring_watch;

/* Sinks get each ring record as it is made. */
typedef void (*vs_ring_emit_fn)(gpointer data, const struct vs_record *r,
                                const struct vu_decoded *d);

/* port: the session's port label (interned) for its ring records, or NULL. */
struct vs_ring_watch *vs_ring_watch_new(guint32 session, const char *port, guint64 stall_ns);
/* Closes every fd the table keeps. NULL is fine. */
void vs_ring_watch_free(struct vs_ring_watch *w);

/* The session's guest memory as the watch keeps it (--packets walks the
 * rings through it); valid while w lives. */
const struct vu_guest_memory *vs_ring_watch_memory(const struct vs_ring_watch *w);

/*
 * A message record, after vu_session_process decoded it into d: the memory
 * table follows it, and a vring message's ring is read now; the base checks
 * (ring.base_skips_inflight, ring.base_mismatch) go into d, on the message
 * itself. A SET_VRING_BASE sent before its ring's address (after a stop, or
 * at the first setup) is judged on the SET_VRING_ADDR that follows.
 * SET_INFLIGHT_FD and the GET_INFLIGHT_FD reply hand over the inflight area:
 * each queue goes out (VU_RECORD_INFLIGHT) with what a restarted back-end
 * resubmits, and a ring's own again at its SET_VRING_KICK, where the
 * back-end works it out, with the ring's used index. SET_LOG_BASE hands over
 * the dirty log (migration): its dirty pages are counted then, at every
 * interval when the count changed, and at the end (VU_RECORD_DIRTY_LOG).
 * What the message took goes out with vs_ring_watch_emit, after the message.
 */
void vs_ring_watch_message(struct vs_ring_watch *w, const struct vu_session *s,
                           const struct vs_record *r, struct vu_decoded *d);
void vs_ring_watch_emit(struct vs_ring_watch *w, const struct vu_session *s, vs_ring_emit_fn emit,
                        gpointer data);

/* Every interval: the started rings are read; those that changed, stalled or
 * resumed go out; the dirty log is counted, and goes out when it changed. */
void vs_ring_watch_tick(struct vs_ring_watch *w, const struct vu_session *s, guint64 now_ns,
                        vs_ring_emit_fn emit, gpointer data);

/* The session ends: every ring with an address is read a last time. */
void vs_ring_watch_end(struct vs_ring_watch *w, const struct vu_session *s, guint64 now_ns,
                       vs_ring_emit_fn emit, gpointer data);

#endif
