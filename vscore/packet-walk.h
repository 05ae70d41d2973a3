/*
 * --packets: the entries of every started ring, walked as they come.
 *
 * A walk reads a ring's indexes (split) or ownership bits (packed) from guest
 * memory, and for each entry made available since the last walk follows its
 * descriptor chain (dissector/vu-ring.h: the one chain walker) and makes a
 * VU_RECORD_DATA record, phase 1, with its readable bytes up to the snap
 * length; for each entry used since, a phase-2 record with its written bytes
 * up to min(used length, snap length) and the time between the two walks
 * that saw it. An entry reused before a walk saw it (the guest went more
 * than a ring's worth ahead, or a used id no walk saw made available) is
 * counted in the next record's `missed`, never made up.
 *
 * The walker belongs to one session and runs on the pipeline thread, with the
 * session's guest memory (vscore/ring-watch.h); nothing here writes guest
 * memory or keeps an fd. Not thread-safe: vs_pipeline_walk_ring
 * (vscore/pipeline.h) is the way in from other threads.
 */
#ifndef VS_PACKET_WALK_H
#define VS_PACKET_WALK_H

#include <glib.h>

#include "dissector/vu-ring.h"
#include "vscore/record.h"

/* Bytes kept of each buffer's readable and written parts unless -s says
 * otherwise: a whole 64 KiB GSO frame, and a record below the capture's
 * largest frame (262144 bytes). */
#define VS_SNAPLEN_DEFAULT 65535u
/* The most -s keeps: a record still whole in a capture frame (262144 bytes,
 * what libpcap and tshark read) with its headers. */
#define VS_SNAPLEN_MAX 261120u

struct vs_packet_walk;

/* r is the walker's own, valid during the call only (sinks copy what they keep). */
typedef void (*vs_packet_emit_fn)(gpointer data, const struct vs_record *r);

/* port: the session's port label (interned) for its records, or NULL;
 * snaplen: bytes kept per buffer part (0: none, only the totals). */
struct vs_packet_walk *vs_packet_walk_new(guint32 session, const char *port, guint32 snaplen);
void vs_packet_walk_free(struct vs_packet_walk *pw);

/*
 * Walk ring vring of session s now (mem: the session's guest memory): its
 * new available entries, then its new used entries, each emitted as it is
 * made, stamped ts_ns. A ring that is not started, or has no address, or got
 * a new address or size, starts afresh at its next walk (its entries in
 * flight then are seen as made available). Returns the entries emitted.
 */
guint vs_packet_walk_ring(struct vs_packet_walk *pw, const struct vu_session *s,
                          const struct vu_guest_memory *mem, guint vring, guint64 ts_ns,
                          vs_packet_emit_fn emit, gpointer data);

/* Every started ring; returns the entries emitted. */
guint vs_packet_walk_all(struct vs_packet_walk *pw, const struct vu_session *s,
                         const struct vu_guest_memory *mem, guint64 ts_ns, vs_packet_emit_fn emit,
                         gpointer data);

/* The entries of ring vring counted as missed since its last record, which
 * only a later record would carry: taken (the count starts again at 0). The
 * session's end says them (vs_session_facts.missed). */
guint32 vs_packet_walk_take_missed(struct vs_packet_walk *pw, guint vring);

/* When a ring of the session last had an entry (0: never): the pipeline
 * polls a session often while this is recent. */
guint64 vs_packet_walk_last_active(const struct vs_packet_walk *pw);

#endif
