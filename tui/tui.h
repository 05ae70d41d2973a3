/*
 * The curses UI (--ui): watch a live session or browse a capture.
 *
 * Records reach the UI through a sink like every other output: the pipeline
 * thread calls the sink, which only appends to the UI's compact store and
 * wakes the UI thread (it never blocks on the UI, never drops a record, and a
 * UI that falls behind catches up). The curses loop runs on the thread that
 * calls vs_tui_run (the main thread).
 *
 * Two ways to use it:
 *
 *   vs_tui_main(&opts);             // opts.start/stop run the producer
 *
 * or, step by step,
 *
 *   struct vs_tui *ui = vs_tui_new(&opts);
 *   add vs_tui_sink_new(ui) to the pipeline's sinks, start the pipeline thread
 *   vs_tui_run(ui);                 // until the user quits (q)
 *   stop the pipeline (it closes the sink)
 *   vs_tui_free(ui);
 *
 * The store outlives whichever of the UI and the sink goes last, so the
 * order of vs_tui_free and the sink's close does not matter.
 */
#ifndef VS_TUI_H
#define VS_TUI_H

#include <glib.h>
#include <stdbool.h>

#include "vscore/record.h"

struct vs_tui;

struct vs_tui_options {
	/* What is being watched, for the title line: "capture.pcapng" or
	 * "-l /tmp/a.sock -c /tmp/b.sock". May be NULL. */
	const char *title;
	/* Initial display filter (the language of '/'); NULL = everything. */
	const char *filter;
	/* Live input: start in follow mode (tail the newest message). */
	bool live;
	/* No colours even on a colour terminal (NO_COLOR in the environment does the same). */
	bool monochrome;
	/* For vs_tui_main: start the producer feeding sink (return promptly: run it
	 * on its own thread), and stop it after the user quit (the producer then
	 * closes the sink). When start fails it must not keep the sink:
	 * vs_tui_main closes it. */
	bool (*start)(struct vs_sink *sink, void *data, GError **error);
	void (*stop)(void *data);
	void *data;
};

struct vs_tui *vs_tui_new(const struct vs_tui_options *opts);
void vs_tui_free(struct vs_tui *ui);

/* A sink that feeds ui; call once per producer. Its write never blocks. */
struct vs_sink *vs_tui_sink_new(struct vs_tui *ui);

/*
 * Run the curses loop until the user quits, SIGINT/SIGTERM/SIGHUP arrive, or
 * vs_tui_quit is called. Uses the controlling terminal (/dev/tty) when stdin
 * or stdout is not one. Returns 0, or 1 with a message on stderr when no
 * terminal can be used.
 */
int vs_tui_run(struct vs_tui *ui);

/* Ask the loop to end; safe from any thread and from a signal handler. */
void vs_tui_quit(struct vs_tui *ui);

/* new + sink + opts->start + run + opts->stop + free; returns vs_tui_run's result. */
int vs_tui_main(const struct vs_tui_options *opts);

#endif
