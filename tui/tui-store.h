/*
 * The UI's message store: a compact, append-only index of every record the
 * sink was given, with the raw message bytes in an arena. One writer (the
 * pipeline thread, through the sink) appends; one reader (the UI thread)
 * reads every entry below the published count without a lock. Nothing is
 * ever moved or freed while the store lives, so an entry the reader saw
 * stays valid.
 *
 * An entry costs 48 bytes; the arena holds the message bytes (most are
 * 12-64), the fd facts of the few messages that carry fds and the findings
 * of the few messages that have some; a data-plane entry's arena bytes are
 * its capture body (cut, see VS_STORE_DATA_KEEP) and the context its session
 * gave it. Decoded fields are not kept: the UI decodes the messages it
 * shows, when it shows them.
 */
#ifndef VS_TUI_STORE_H
#define VS_TUI_STORE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>

#include "dissector/vu-dissector.h"
#include "dissector/vu-payload.h"
#include "dissector/vu-ring.h"
#include "vscore/record.h"

/* Entry flags. */
enum {
	VS_ENTRY_REPLY = 1u << 0,
	VS_ENTRY_NEED_REPLY = 1u << 1,
	VS_ENTRY_MALFORMED = 1u << 2,
	VS_ENTRY_TRUNCATED = 1u << 3,   /* the relay could not keep every byte */
	VS_ENTRY_CLIPPED = 1u << 4,     /* the store kept only VS_STORE_MAX_BYTES */
	VS_ENTRY_RING_PACKED = 1u << 5, /* decode context at the time of the message */
	VS_ENTRY_XEN_MMAP = 1u << 6,
	VS_ENTRY_HAS_HEADER = 1u << 7,
};

/* Bytes of one message the store keeps; longer messages are clipped (and marked).
 * Must fit an arena chunk (2 MiB). */
#define VS_STORE_MAX_BYTES 65535u

/*
 * Data-plane entries (--packets) come far faster than messages (a million a
 * second from a busy ring), so the store bounds them apart: of each entry it
 * keeps at most VS_STORE_DATA_KEEP bytes of the readable part and as many of
 * the written part (the last written byte, a virtio-blk status, stays: the
 * body is cut again as the walker cuts it, VU_PAYLOAD_F_*_CUT and _IN_TAIL),
 * and it keeps no more than VS_STORE_DATA_ENTRIES entries and
 * VS_STORE_DATA_BYTES arena bytes of them: the entries past either cap are
 * counted (data_dropped, on the status bar) and not kept. Messages are never
 * dropped for them. The capture (-w) keeps every entry whole.
 */
#define VS_STORE_DATA_KEEP    2048u
#define VS_STORE_DATA_ENTRIES 1000000u
#define VS_STORE_DATA_BYTES   (256u << 20)

struct vs_entry {
	uint64_t ts_ns;
	uint64_t frame;
	uint64_t data; /* arena position of the bytes, fd facts and findings */
	uint32_t session;
	uint32_t len;     /* bytes of the message as it crossed */
	uint32_t request; /* header request number (0 without a header) */
	/* 1 + index of the other half: a reply's request, a request's reply; 0 = none.
	 * Written once, by the writer, possibly after the entry was published. */
	_Atomic uint32_t peer;
	uint16_t stored; /* bytes of the message kept in the arena */
	uint8_t kind;    /* enum vu_record_kind */
	/* channel in bits 0-1, direction (vu_direction) in bit 2, bit 3 set when
	 * the message was named in crosvm's dialect */
	uint8_t chan_dir;
	uint8_t flags;     /* VS_ENTRY_* */
	uint8_t nfds;      /* fd facts kept (<= VU_MAX_FDS) */
	uint8_t fds_total; /* fds that crossed with the message */
	uint8_t
	    findings; /* count in bits 0-4 (malformed reason included), worst severity + 1 in 5-6 */
};

static inline enum vu_channel vs_entry_channel(const struct vs_entry *e)
{
	return (enum vu_channel)(e->chan_dir & 3u);
}

static inline enum vu_direction vs_entry_from(const struct vs_entry *e)
{
	return (enum vu_direction)((e->chan_dir >> 2) & 1u);
}

/* The numbering the message was named in when it came. */
static inline enum vu_dialect vs_entry_dialect(const struct vs_entry *e)
{
	return (e->chan_dir >> 3) & 1u ? VU_DIALECT_CROSVM : VU_DIALECT_QEMU;
}

static inline unsigned vs_entry_nfindings(const struct vs_entry *e)
{
	return e->findings & 0x1fu;
}

/* Worst severity of the entry's findings, or -1 when it has none. */
static inline int vs_entry_severity(const struct vs_entry *e)
{
	return (int)((e->findings >> 5) & 3u) - 1;
}

static inline uint32_t vs_entry_peer(const struct vs_entry *e)
{
	return atomic_load_explicit(&e->peer, memory_order_acquire);
}

/* One finding as the pipeline reported it; code VU_FIND_COUNT = the malformed reason. */
struct vs_stored_finding {
	uint16_t code;
	uint16_t offset;
	uint16_t length;
	enum vu_severity severity;
	char text[VU_FINDING_TEXT];
};

/* A ring as its latest snapshot showed it (--rings). */
struct vs_store_ring {
	bool seen;
	bool ok; /* the indexes could be read; else status says why not */
	bool packed;
	bool stalled;
	uint8_t status; /* enum vu_ring_status */
	uint16_t num, avail, used;
	uint32_t inflight;
	uint64_t ts_ns;       /* of the latest snapshot */
	uint64_t progress_ns; /* the latest snapshot where the used index had moved */
	uint64_t stalled_ns;  /* how long, when stalled */
	uint64_t completed;   /* requests completed so far */
	/* --kicks: [0] kicks, [1] calls, [2] errors so far, and eventfd reads */
	uint64_t signals[3], reads[3];
};

/* What the store knows about a session. */
struct vs_store_session {
	uint32_t id;
	bool started; /* a SESSION_START record was seen */
	bool ended;
	uint64_t start_ts_ns, end_ts_ns;
	uint64_t first_index;       /* first entry of the session */
	enum vu_device_type device; /* as the session state names it now */
	unsigned device_evidence;   /* enum vu_evidence bits */
	enum vu_dialect dialect;    /* as the session state names it now */
	unsigned dialect_evidence;
	enum vu_device_type initial_device; /* what the pipeline started it with */
	/* The rest of what the pipeline started it with (options, facts). */
	unsigned initial_device_evidence;
	enum vu_dialect initial_dialect;
	unsigned initial_dialect_evidence;
	struct vu_identity initial_identity;
	struct vs_session_facts facts; /* copies; owned */
	const char *port;              /* its port's label (interned), or NULL */
	bool has_rings;                /* a ring snapshot came (--rings) */
	bool has_notify;               /* a notification came (--kicks) */
	struct vs_store_ring rings[VU_MAX_VRINGS];
};

/* A chunked, append-only array whose elements never move. */
struct vs_chunked {
	size_t elem_size;
	size_t per_chunk;
	void **chunks; /* directory, sized once */
	size_t max_chunks;
	_Atomic uint64_t count; /* published elements */
};

struct vs_store {
	struct vs_chunked entries;  /* struct vs_entry */
	struct vs_chunked findings; /* uint32_t indices of entries with findings */
	/* the arena: 1 MiB chunks, a message never straddles two */
	uint8_t **arena;
	size_t arena_max_chunks;
	size_t arena_chunk;   /* chunk being filled */
	size_t arena_used;    /* bytes used in it */
	uint64_t arena_bytes; /* bytes used in all chunks, for the statistics */
	/* sessions: guarded by lock (the writer adds and ends, the reader copies) */
	pthread_mutex_t lock;
	struct vs_store_session **sessions; /* index = id - 1; NULL = never seen */
	size_t nsessions;
	_Atomic uint64_t messages; /* message records appended */
	_Atomic uint64_t bytes;    /* message bytes appended */
	_Atomic uint64_t malformed;
	_Atomic uint64_t finding_count; /* findings over all messages */
	_Atomic bool input_ended;       /* the sink was closed: no more records */
	_Atomic bool has_ports;         /* a session named its port: the list shows them */
	/* data-plane entries (--packets): kept, not kept past the caps, and
	 * their arena bytes; the caps (VS_STORE_DATA_*, smaller in tests) */
	_Atomic uint64_t data_entries;
	_Atomic uint64_t data_dropped;
	uint64_t data_bytes;
	uint64_t data_max_entries, data_max_bytes;
	/* the writer's: requests kept and not yet completed, by session, vring
	 * and head (live entries have no frame to link by); a direct-mapped
	 * table, a collision loses a link, never memory */
	struct vs_data_pending {
		uint64_t key; /* session << 32 | vring << 16 | head; 0 = free */
		uint32_t index;
	} * data_pending;
};

struct vs_store *vs_store_new(void);
void vs_store_free(struct vs_store *st);

/* Writer side: append one record with the pipeline's decode and session state. */
void vs_store_append(struct vs_store *st, const struct vs_record *r, const struct vu_decoded *d,
                     const struct vu_session *state);

/* Writer side, --rings: a ring snapshot record updates its ring in the session
 * (the rings section of the state pane shows the latest); vs_store_append
 * makes it an entry too, its bytes the capture body (struct vu_ring_record). */
void vs_store_note_ring(struct vs_store *st, const struct vs_record *r);
/* A notification (--kicks): its ring's counts for the state pane. It is not
 * an entry of the list (one per signal would flood it). */
void vs_store_note_notify(struct vs_store *st, const struct vs_record *r);
/* Caps on the data-plane entries kept (before the first append; tests, bench). */
void vs_store_set_data_caps(struct vs_store *st, uint64_t max_entries, uint64_t max_bytes);

/* Reader side. */
static inline uint64_t vs_store_count(struct vs_store *st)
{
	return atomic_load_explicit(&st->entries.count, memory_order_acquire);
}

const struct vs_entry *vs_store_entry(struct vs_store *st, uint64_t index);
/* The kept message bytes of an entry (e->stored of them). */
const uint8_t *vs_store_bytes(struct vs_store *st, const struct vs_entry *e);
/* The kept fd facts of an entry into fds[VU_MAX_FDS]; returns how many. */
unsigned vs_store_fds(struct vs_store *st, const struct vs_entry *e, struct vu_fd_info *fds);
/* The findings of an entry into out[cap]; returns how many. */
unsigned vs_store_findings(struct vs_store *st, const struct vs_entry *e,
                           struct vs_stored_finding *out, unsigned cap);
/* Entries with findings: how many, and the index of the i-th. */
uint64_t vs_store_finding_entries(struct vs_store *st);
uint32_t vs_store_finding_entry(struct vs_store *st, uint64_t i);
/* The entry whose frame is frame, or -1. */
int64_t vs_store_find_frame(struct vs_store *st, uint64_t frame);

/* A copy of a session's facts (free with vs_store_session_clear), false if unknown. */
bool vs_store_session_get(struct vs_store *st, uint32_t id, struct vs_store_session *out);
void vs_store_session_clear(struct vs_store_session *s);
size_t vs_store_session_count(struct vs_store *st);
/* The first entry of a session's latest start, 0 if unknown. */
uint64_t vs_store_session_first(struct vs_store *st, uint32_t id);
/* The label of the port a session came through (interned: valid for ever), NULL if none. */
const char *vs_store_session_port(struct vs_store *st, uint32_t id);
/* The device type the pipeline's session state names for a session. */
enum vu_device_type vs_store_session_device(struct vs_store *st, uint32_t id);

/* The snapshot of a ring entry (kind VU_RECORD_RING), false when it has none. */
bool vs_store_ring(struct vs_store *st, const struct vs_entry *e, struct vu_ring_record *out);

/* A data-plane entry (kind VU_RECORD_DATA): its body parsed (pointers into
 * the store) and the context its session gave it when it came (the
 * negotiated features, a completion's request); false when it has none. */
bool vs_store_data(struct vs_store *st, const struct vs_entry *e, struct vu_payload *p,
                   struct vu_payload_context *ctx);

/* The message view of an entry (bytes and fds point into the store / fds). */
void vs_store_message(struct vs_store *st, const struct vs_entry *e, struct vu_fd_info *fds,
                      struct vu_message *m);
/* Decode an entry alone (no session), with the context recorded at the time. */
void vs_store_decode(struct vs_store *st, uint64_t index, struct vu_decoded *out);

/* Resident-memory estimate of the store's own structures, in bytes. */
uint64_t vs_store_footprint(struct vs_store *st);

#endif
