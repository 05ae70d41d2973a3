/*
 * --diff A B: compare the sessions of two captures (or one session of each,
 * A#N B#M) as the analyzer sees them, and say where they first part.
 */
#ifndef VS_DIFF_H
#define VS_DIFF_H

#include <stdio.h>

#include <glib.h>

#include "dissector/vu-dissector.h"

/* diff(1)'s convention. */
enum vs_diff_status {
	VS_DIFF_EQUAL = 0,
	VS_DIFF_DIFFERENT = 1,
	VS_DIFF_TROUBLE = 2, /* a bad argument or an unreadable capture */
};

struct vs_diff_options {
	const char *a, *b; /* "FILE" or "FILE#N" (N: a session number as printed, s1 = 1) */
	gboolean json;     /* one JSON document instead of text */
	/* What -r would decode with: --device, --dialect (given), --reply-timeout. */
	enum vu_device_type device;
	gboolean dialect_given;
	enum vu_dialect dialect;
	guint64 reply_timeout_ns;
};

/* Read both captures, compare, print the report on out. Errors (one
 * sentence) go to stderr before anything is printed. */
enum vs_diff_status vs_diff_run(const struct vs_diff_options *o, FILE *out);

#endif
