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

/*
 * The parts of --diff that --replay uses: a side is the sessions one
 * pipeline saw, each as lines without what differs between two runs (see
 * diff.c), read from a capture or collected live by its sink.
 */
struct vs_diff_side;
struct vs_sink;

/* wanted: the one session to keep (as printed, s1 = 1), 0 = all */
struct vs_diff_side *vs_diff_side_new(const char *path, guint32 wanted);
void vs_diff_side_free(struct vs_diff_side *side);
/* Read the side's capture through a pipeline as -r would (options o). */
gboolean vs_diff_side_load(struct vs_diff_side *side, const struct vs_diff_options *o,
                           GError **error);
/* A sink that fills the side from a running pipeline; read the side after
 * vs_pipeline_finish. The pipeline frees the sink, not the side. */
struct vs_sink *vs_diff_side_sink_new(struct vs_diff_side *side);
guint vs_diff_side_sessions(const struct vs_diff_side *side);

struct vs_diff_report {
	gboolean json;
	/* B is a replay of A: values a replay cannot reproduce are "not
	 * comparable", and the messages of the live peer (those from
	 * live_from) that differ are listed one by one */
	gboolean replay;
	enum vu_direction live_from;
};

/* Compare the sessions of a and b in order; *report (g_free it) is what
 * --diff prints (name_a, name_b: what they are called in it). */
enum vs_diff_status vs_diff_compare(const struct vs_diff_side *a, const char *name_a,
                                    const struct vs_diff_side *b, const char *name_b,
                                    const struct vs_diff_report *how, char **report);

#endif
