/*
 * The pipeline: records in, decoded records out to every sink, in order.
 *
 * Live, the relay submits each record it forwarded; a thread of the pipeline
 * decodes it in the light of its session (one struct vu_session per session
 * id) and calls the sinks, so a slow sink never stalls the relay: when too
 * many records wait, new messages are dropped and counted (session events are
 * never dropped). Offline (-r), the same pipeline runs in the caller's thread
 * and drops nothing.
 */
#ifndef VS_PIPELINE_H
#define VS_PIPELINE_H

#include <glib.h>

#include "vscore/record.h"

struct vs_pipeline;

/* max_queued: records that may wait for the thread before messages are dropped. */
struct vs_pipeline *vs_pipeline_new(guint max_queued, enum vu_device_type device);

/* --dialect: name requests and protocol bits in this numbering, whatever
 * the sessions show (without it, each session's evidence decides). */
void vs_pipeline_set_dialect(struct vs_pipeline *p, enum vu_dialect dialect);

/* A request unanswered this long is a finding (0 = never). Live, a timer
 * finds it even when nothing else happens; offline, the timestamps do. */
void vs_pipeline_set_reply_timeout(struct vs_pipeline *p, guint64 timeout_ns);

/* --rings: read the rings of every session at its vring messages and every
 * interval_ns while a ring is started; a ring whose used index stands still
 * for stall_ns with requests in flight is stalled (0 = never). Without this
 * call nothing of the data plane runs. Call before vs_pipeline_start. */
void vs_pipeline_set_rings(struct vs_pipeline *p, guint64 interval_ns, guint64 stall_ns);

/* --packets (with --rings): walk the entries of every started ring
 * (vscore/packet-walk.h), keeping snaplen bytes of each buffer part; a
 * session with entries lately is walked every VS_PACKETS_POLL_NS, the others
 * at the rings interval. Call before vs_pipeline_start. */
#define VS_PACKETS_POLL_NS (100u * 1000u)
void vs_pipeline_set_packets(struct vs_pipeline *p, guint32 snaplen);
/*
 * Walk ring vring of session `session` now (a kick or a call was seen on
 * it). Safe from any thread: the pipeline thread walks it at once if idle,
 * else right after the records it is busy with. Nothing without --packets.
 */
void vs_pipeline_walk_ring(struct vs_pipeline *p, guint32 session, guint vring);
/*
 * Live: the pipeline numbers the records in the order they go to the sinks
 * (a record's frame, the capture's epb_packetid: its sequence number in the
 * run): the relay's (messages and session events) and, with --packets, the
 * walker's entries. Notifications and ring snapshots stay 0. A message
 * dropped for a slow sink takes no number. Without this call, records keep
 * the frame they came with (a capture read back). The relay calls it,
 * before vs_pipeline_start.
 */
void vs_pipeline_number_records(struct vs_pipeline *p);
/* Sinks are called in the order they were added. The pipeline owns the sink
 * and calls its close at vs_pipeline_finish. Safe while the thread runs (a
 * UI may attach itself late); the sink sees the records submitted after. */
void vs_pipeline_add_sink(struct vs_pipeline *p, struct vs_sink *sink);

/* Start the thread (live). Without it, submit processes in the caller's thread. */
void vs_pipeline_start(struct vs_pipeline *p);

/*
 * A record for vs_pipeline_submit, all zero: one the pipeline is done with
 * if it has one (no malloc), else a new one. Only from the thread that
 * submits.
 */
struct vs_record *vs_pipeline_record_new(struct vs_pipeline *p);

/*
 * Hand over one record; the pipeline owns it from here. Live it never waits:
 * returns FALSE when the record was dropped because too many were waiting.
 */
gboolean vs_pipeline_submit(struct vs_pipeline *p, struct vs_record *r);

/*
 * The same from another thread than the one that submits the messages (the
 * eventfd interposer, --kicks): r is vs_record_new's, and is freed when
 * dropped. A VU_RECORD_NOTIFY is dropped like a message when too many
 * records wait (counted in vs_pipeline_dropped).
 */
gboolean vs_pipeline_submit_other(struct vs_pipeline *p, struct vs_record *r);

/* Messages dropped so far (live only). */
guint64 vs_pipeline_dropped(struct vs_pipeline *p);

/* Process every record submitted so far, stop the thread, flush and close the
 * sinks. Returns the number of dropped messages. */
guint64 vs_pipeline_finish(struct vs_pipeline *p);

void vs_pipeline_free(struct vs_pipeline *p);

#endif
