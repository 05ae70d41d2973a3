/*
 * The display filter: a small expression language over the store's index.
 *
 *   expr  := term | expr && expr | expr || expr | ! expr | ( expr )
 *            (terms side by side mean &&; "and", "or", "not" work too)
 *   term  := WORD                 request name contains WORD (any case)
 *          | NUMBER               request number
 *          | FLAG                 malformed findings error warn reply need_reply
 *                                 fds truncated event
 *          | data | blk | fuse | net | vsock   data-plane entries (--packets)
 *          | FIELD OP VALUE
 *   FIELD := name request(req) channel(ch) from(dir) session(s) port size len
 *            fds frame latency
 *          | a data-plane entry's JSON key (tui-filter-data.c): blk.type blk.sector
 *            blk.len blk.status fuse.opcode fuse.unique fuse.nodeid fuse.len
 *            fuse.error fuse.name net.len net.flags net.gso_type net.queue
 *            vsock.src_cid vsock.dst_cid vsock.src_port vsock.dst_port vsock.op
 *            vsock.len vring head phase latency_ns missed; VALUE a number or a
 *            value's name (blk.type==IN, fuse.error==ENOENT); an entry without
 *            the field matches no comparison
 *   OP    := == = != ~ !~ < <= > >=   (~ = contains, for names)
 *
 * A request's name is the one the list shows: in the numbering (dialect) its
 * session was known to speak when it came, so "SLEEP" takes crosvm's 42 and
 * 1000, and "SET_DEVICE_STATE_FD" upstream's 42 alone.
 *
 * Examples: "VRING", "name~VRING && session==2", "ch==backend", "from==back
 * !reply", "malformed || findings", "latency>1ms", "13 14", "port==vm1-net0",
 * "blk.status!=0", "fuse.error!=0", "fuse && fuse.opcode==LOOKUP".
 */
#ifndef VS_TUI_FILTER_H
#define VS_TUI_FILTER_H

#include <glib.h>
#include <stdbool.h>

#include "dissector/vu-payload.h"
#include "tui/tui-store.h"

struct vs_filter;

/* NULL with error set when text does not parse; an empty text is the filter that takes all. */
struct vs_filter *vs_filter_parse(const char *text, GError **error);
void vs_filter_free(struct vs_filter *f);
bool vs_filter_match(const struct vs_filter *f, struct vs_store *st, uint64_t index);
/*
 * A message as it crosses the relay (--inject), before any decode: terms
 * about what only the analyzer knows (findings, malformed, latency) do not
 * hold for it.
 */
struct vs_filter_message {
	uint64_t frame; /* 0: not numbered yet */
	uint32_t session;
	const char *port; /* NULL: the run names no ports */
	enum vu_channel channel;
	enum vu_direction from;
	const uint8_t *bytes; /* header + payload */
	size_t len;
	unsigned fds;
	enum vu_dialect dialect; /* the numbering that names its request (0: upstream's) */
};
bool vs_filter_match_message(const struct vs_filter *f, const struct vs_filter_message *m);
/*
 * A data-plane entry (--packets, kind 8) as the live sinks and -r see it,
 * with the context its session gives it (vu_session_payload; NULL: none,
 * so a completion is not named by its request). An entry of the store is
 * matched by vs_filter_match, which parses the body the store kept.
 */
struct vs_filter_payload {
	uint64_t frame;
	uint32_t session;
	const char *port; /* NULL: the run names no ports */
	const struct vu_payload *p;
	const struct vu_payload_context *ctx; /* may be NULL */
};
bool vs_filter_match_payload(const struct vs_filter *f, const struct vs_filter_payload *m);
const char *vs_filter_text(const struct vs_filter *f);
/* True for the empty filter. */
bool vs_filter_takes_all(const struct vs_filter *f);

#define VS_FILTER_ERROR (vs_filter_error_quark())
GQuark vs_filter_error_quark(void);

/* The lines the help screen shows about the filter language, NULL-terminated. */
extern const char *const vs_filter_help[];

#endif
