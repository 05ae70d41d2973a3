/*
 * The line sinks: text (tcpdump's spirit) and JSON lines, both on a stdio
 * stream (normally standard output, which may be a pipe). They run on the
 * pipeline thread and never wait for the stream (sink-output.c). When the
 * stream fails (a closed pipe, a full disk) they say so once on stderr and
 * stop writing; the relay goes on.
 */
#ifndef VS_SINKS_H
#define VS_SINKS_H

#include <stdio.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "vscore/record.h"

/* verbose: 0 one line per message, 1 + the field tree and fd facts, 2 + a hex dump.
 * numbers: start each line with the frame number. */
struct vs_sink *vs_text_sink_new(FILE *out, int verbose, gboolean numbers);

/* One JSON object per line per record. */
struct vs_sink *vs_json_sink_new(FILE *out);

/* --stats: a report per session when it ends, and at close for those still
 * open; text, or one JSON line {"event":"stats",...}. kicks: the run
 * interposes the eventfds (--kicks): each report shows the notifications
 * per ring. */
struct vs_sink *vs_stats_sink_new(FILE *out, gboolean json, gboolean kicks);

/* The text and JSON sinks: each record's line built in line, then written
 * whole to out; once out failed, nothing more. sink comes first: sink.data
 * is the line sink, or the struct of which it is the first member, which
 * the close frees. */
struct vs_line_sink {
	struct vs_sink sink;
	FILE *out;
	gboolean failed;
	struct vu_str line;
};

/* ls (in a zeroed struct of which it is the first member) named name,
 * writing with write, flushed and closed as a line sink. */
void vs_line_sink_init(struct vs_line_sink *ls, FILE *out, const char *name,
                       void (*write)(struct vs_sink *sink, const struct vs_record *r,
                                     const struct vu_decoded *d, const struct vu_session *state));
/* ls->line to the stream, if a record put anything in it. */
void vs_line_sink_output(struct vs_line_sink *ls);

/* Shared by the sinks: write a whole line, or remember that the stream failed. */
gboolean vs_sink_output(FILE *out, const char *text, size_t len, gboolean *failed);
void vs_sink_output_flush(FILE *out, gboolean *failed);
/* Live relaying: lines that do not fit the output's buffer are dropped and
 * counted instead of waited for (the pipeline also feeds the capture),
 * unless the output is a regular file. */
void vs_sink_output_never_wait(void);
/* Bytes of lines waiting for a slow reader, beyond which a line is dropped.
 * The writer thread may hold as many again, blocked in a write, so a stream
 * that takes nothing absorbs up to twice this before the first drop. */
#define VS_SINK_OUTPUT_PENDING_MAX (4u << 20)

#endif
