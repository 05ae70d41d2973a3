/*
 * The display filter's data-plane fields (tui-filter-data.c): what the
 * filter language (tui-filter.h) reads of a data-plane entry (kind 8,
 * --packets), by the keys its JSON lines use: blk.status, fuse.error,
 * fuse.opcode, net.queue, vsock.dst_port, latency_ns, ... One row per field;
 * the parser (tui-filter.c) looks a key up here, the evaluator asks the row
 * for the entry's value. Not part of the UI's API.
 */
#ifndef VS_TUI_FILTER_DATA_H
#define VS_TUI_FILTER_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "dissector/vu-payload.h"

/* How a field's value is compared. */
enum vs_data_kind {
	VS_DATA_NUMBER, /* unsigned; names too when the row has them (blk.type == IN) */
	VS_DATA_SIGNED, /* fuse.error == -2, or its name: fuse.error == ENOENT */
	VS_DATA_TEXT,   /* fuse.name, net.queue: == != ~ !~ */
};

/* An entry decoded once for all the terms of a filter. */
struct vs_data_entry {
	const struct vu_payload *p;
	struct vu_payload_info info;
};

/* The value of a field in an entry: absent, or a number or text. */
struct vs_data_value {
	int64_t number;
	const char *text; /* VS_DATA_TEXT: text bytes, not NUL-terminated */
	size_t text_len;
	char buf[16]; /* room for a made text (net.queue) */
};

struct vs_data_field;

/* The row of a key ("blk.status"), NULL when none has it. */
const struct vs_data_field *vs_data_field_lookup(const char *key);
enum vs_data_kind vs_data_field_kind(const struct vs_data_field *f);
/* The keys, for the help line and error messages: "blk.type blk.sector ...". */
const char *vs_data_field_keys(void);
/* A device word of the filter ("blk", "fuse", "net", "vsock", "data"): the
 * device it means (VU_DEVICE_UNKNOWN for "data": any entry); false when the
 * word is not one. */
bool vs_data_device_word(const char *word, uint8_t *device);

/* The value of f in e; false when e has none (another device, a header not
 * kept, a completion whose request is unknown). */
bool vs_data_field_value(const struct vs_data_field *f, const struct vs_data_entry *e,
                         struct vs_data_value *out);
/* Whether f's values have names (blk.type, fuse.opcode, fuse.error, ...). */
bool vs_data_field_has_names(const struct vs_data_field *f);
/* The name of a value of f (blk.type 1 -> "OUT", fuse.error -2 -> "ENOENT"), NULL when none. */
const char *vs_data_field_name(const struct vs_data_field *f, int64_t value);

#endif
