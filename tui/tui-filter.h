/*
 * The display filter: a small expression language over the store's index.
 *
 *   expr  := term | expr && expr | expr || expr | ! expr | ( expr )
 *            (terms side by side mean &&; "and", "or", "not" work too)
 *   term  := WORD                 request name contains WORD (any case)
 *          | NUMBER               request number
 *          | FLAG                 malformed findings error warn reply need_reply
 *                                 fds truncated event
 *          | FIELD OP VALUE
 *   FIELD := name request(req) channel(ch) from(dir) session(s) port size len
 *            fds frame latency
 *   OP    := == = != ~ !~ < <= > >=   (~ = contains, for names)
 *
 * Examples: "VRING", "name~VRING && session==2", "ch==backend", "from==back
 * !reply", "malformed || findings", "latency>1ms", "13 14", "port==vm1-net0".
 */
#ifndef VS_TUI_FILTER_H
#define VS_TUI_FILTER_H

#include <glib.h>
#include <stdbool.h>

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
};
bool vs_filter_match_message(const struct vs_filter *f, const struct vs_filter_message *m);
const char *vs_filter_text(const struct vs_filter *f);
/* True for the empty filter. */
bool vs_filter_takes_all(const struct vs_filter *f);

#define VS_FILTER_ERROR (vs_filter_error_quark())
GQuark vs_filter_error_quark(void);

/* The lines the help screen shows about the filter language, NULL-terminated. */
extern const char *const vs_filter_help[];

#endif
