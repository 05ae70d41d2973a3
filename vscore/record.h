/*
 * The record: one message (or session event) as it crossed the relay. One
 * record type travels the whole way, live and offline (-r): relay or capture
 * reader -> pipeline (decode + session state) -> sinks (text, JSON, pcapng, UI).
 */
#ifndef VS_RECORD_H
#define VS_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>

#include "dissector/vu-dissector.h"

struct vu_payload;
struct vu_payload_context;
struct vu_payload_info;

enum vs_role {
	VS_ROLE_LISTEN = 0,
	VS_ROLE_CONNECT = 1,
};

/* Facts about one session, carried by its SESSION_START record. */
struct vs_session_facts {
	char *front_path; /* socket paths as given on the command line */
	char *back_path;
	uint8_t front_role; /* enum vs_role: what vhostsniff does on that side */
	uint8_t back_role;
	pid_t front_pid; /* SO_PEERCRED; 0 = unknown */
	pid_t back_pid;
	char *front_cmdline; /* /proc/PID/cmdline, NULs as spaces; NULL = unknown */
	char *back_cmdline;
	char *reason; /* SESSION_END: why it ended ("front closed", ...) or NULL */
	/* The device and dialect ("blk", "crosvm"; NULL = not known): on
	 * SESSION_START only when given by option (they then win over all other
	 * evidence when the capture is read); on SESSION_END what the analyzer
	 * settled on, with its evidence ("features,config"). */
	char *device;
	char *device_evidence;
	char *dialect;
	char *dialect_evidence;
	/* SESSION_END with --packets: entries the walker counted as missed
	 * after each ring's last DATA record, which no record carries: "V:N"
	 * per such ring, comma-separated ("0:3,2:1"); NULL = none. */
	char *missed;
};

struct vs_record_ring;

struct vs_record {
	uint64_t ts_ns;   /* CLOCK_REALTIME when the message was complete */
	uint64_t frame;   /* 1-based sequence number over the whole run */
	uint32_t session; /* 1-based */
	/* The label of the port the session came through (g_intern_string: never
	 * freed, copied as a pointer); NULL when the run shows no ports (one
	 * unlabelled port), or the capture named none. */
	const char *port;
	uint8_t kind;      /* enum vu_record_kind */
	uint8_t channel;   /* enum vu_channel */
	uint8_t from;      /* enum vu_direction */
	uint8_t flags;     /* VU_PSEUDO_F_* */
	uint8_t fds_total; /* fds that crossed with the message */
	uint8_t nfds;      /* entries in fds[] (<= VU_MAX_FDS) */
	uint16_t inject;   /* VU_INJECT_*: what --inject did to it */
	/* --inject corrupt: the field's value before it was rewritten, for the
	 * capture's packet comment; owned, NULL otherwise */
	char *inject_note;
	uint32_t len;   /* bytes of the message (header + payload) */
	uint8_t *bytes; /* owned */
	/* The room bytes has (vs_record_reserve, vs_record_set_bytes); 0 when
	 * unknown. A pool record keeps a small buffer for its next message. */
	uint32_t bytes_size;
	/* --rings only: kept region fds, or a ring snapshot (vscore/ring-watch.h); owned */
	struct vs_record_ring *ring;
	/* VU_RECORD_DATA on its way to the sinks: what its session knew around
	 * the entry (the pipeline's, valid during the sink's call; not owned) */
	const struct vu_payload_context *payload;
	/* ... its body as vu_payload_parse gives it, and, when following the
	 * session decoded it, what vu_payload_decode(entry, payload) gives
	 * (NULL: not decoded); the pipeline's, valid as payload, not owned. A
	 * DATA record parsed and decoded once for all the sinks. */
	const struct vu_payload *entry;
	const struct vu_payload_info *info;
	/* Last, and in this order: a record is cleared for its next message
	 * (vs_record_clear) up to here, its facts only when it has some and
	 * its fd entries up to nfds, so a message touches few cache lines. */
	struct vs_session_facts facts; /* SESSION_START / SESSION_END only; owned */
	struct vu_fd_info fds[VU_MAX_FDS];
};

struct vs_record *vs_record_new(void);
/* Deep copy (dst is overwritten, not freed) and free of session facts. */
void vs_session_facts_copy(struct vs_session_facts *dst, const struct vs_session_facts *src);
void vs_session_facts_clear(struct vs_session_facts *f);
/* The rings of facts->missed one at a time: *at starts at the string (NULL
 * is fine); TRUE with the next ring and its count. */
gboolean vs_session_facts_missed_next(const char **at, guint *vring, guint64 *count);
void vs_record_free(struct vs_record *r);
/* Free what the record owns and zero it, to be used again. */
void vs_record_clear(struct vs_record *r);
/* Buffers up to this are kept by vs_record_recycle. */
#define VS_RECORD_KEEP_BYTES 512u
/* As vs_record_clear, but a buffer of known size up to VS_RECORD_KEEP_BYTES
 * stays for the record's next message (r->len is 0 again). */
void vs_record_recycle(struct vs_record *r);
/* r->bytes with room for size bytes: kept if it has it, else replaced
 * (contents not kept). r->len is not changed. */
uint8_t *vs_record_reserve(struct vs_record *r, size_t size);
/* r->bytes becomes bytes (len of them, owned from now on); what it had is freed. */
void vs_record_set_bytes(struct vs_record *r, uint8_t *bytes, size_t len);
/* Fill fd facts from a live fd (fstat, memfd name). */
void vs_fd_describe(int fd, struct vu_fd_info *out);
/* Opens once what vs_fd_describe keeps open for good (/proc/self/fd and
 * /proc/self/fdinfo): a
 * program that counts its fds calls it before it starts counting. */
void vs_fd_describe_prepare(void);
/* The vu_message view of a record, for the dissector. */
void vs_record_message(const struct vs_record *r, struct vu_message *m);

/*
 * A sink consumes records with their decode. Sinks run on the pipeline
 * thread, never on the relay's; each is called in record order.
 */
struct vs_sink {
	const char *name;
	/* It reads the records alone (d and state are NULL for it): when every
	 * sink does, the analyzer does not run at all (-w -q). */
	gboolean records_only;
	/* It takes VU_RECORD_INFLIGHT and VU_RECORD_DIRTY_LOG records (--rings:
	 * text, JSON, captures, the UI); the others (--stats) never see them. */
	gboolean takes_areas;
	/* It takes VU_RECORD_NOTIFY records (--kicks); so does a sink that
	 * takes_areas. */
	gboolean takes_notify;
	/* It takes VU_RECORD_DATA records (--packets); the others never see them. */
	gboolean takes_data;
	/* d is NULL for session events. */
	void (*write)(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
	              const struct vu_session *state);
	void (*flush)(struct vs_sink *sink);
	void (*close)(struct vs_sink *sink);
	void *data;
};

#endif
