/*
 * vhostsniff: sit between a vhost-user front-end and back-end, relay every
 * message and fd unchanged, and show each message decoded; or read a capture
 * back (-r) through the same pipeline and sinks.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sniffer/diff.h"
#include "sniffer/options.h"
#include "sniffer/relay.h"
#include "sniffer/replay.h"
#include "sniffer/sinks.h"
#include "sniffer/sockets.h"
#include "sniffer/wrap.h"
#include "tui/tui.h"
#include "vscore/capture.h"
#include "vscore/log.h"
#include "vscore/pipeline.h"

static void add_line_sinks(struct vs_pipeline *p, const struct vs_options *o)
{
	/* After the lines of its session, on the same stream; standard error when
	 * standard output holds a capture (-w -) or the terminal holds the UI. */
	gboolean stdout_taken = o->ui || (o->write_path != NULL && strcmp(o->write_path, "-") == 0);

	if (o->quiet) {
		if (o->stats)
			vs_pipeline_add_sink(p, vs_stats_sink_new(stdout_taken ? stderr : stdout,
			                                          o->format == VS_OUTPUT_JSON,
			                                          o->kicks));
		return;
	}
	/* Lines are flushed by the pipeline when it has caught up: prompt on a
	 * pipe, one write per burst. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (o->format == VS_OUTPUT_JSON)
		vs_pipeline_add_sink(p, vs_json_sink_new(stdout));
	else
		vs_pipeline_add_sink(p, vs_text_sink_new(stdout, o->verbose, o->numbers));
	if (o->stats)
		vs_pipeline_add_sink(
		    p, vs_stats_sink_new(stdout, o->format == VS_OUTPUT_JSON, o->kicks));
}

static void on_capture_record(struct vs_record *r, gpointer data)
{
	vs_pipeline_submit(data, r);
}

static int run_offline(struct vs_pipeline *p, const struct vs_options *o, vs_record_fn fn,
                       gpointer data)
{
	g_autoptr(GError) error = NULL;
	gboolean ok = vs_capture_read(o->read_path, fn, data, &error);

	vs_pipeline_finish(p);
	if (ok)
		return 0;
	if (g_error_matches(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED)) {
		/* a capture cut by SIGKILL: everything complete was shown */
		vs_warn("%s", error->message);
		return 0;
	}
	vs_warn("%s", error->message);
	return 1;
}

/* The relay or the capture reader runs on its own thread while the UI owns
 * the main one: the UI never slows the relay, it only reads what the
 * pipeline's sink appended. */
struct ui_producer {
	const struct vs_options *opts;
	struct vs_pipeline *pipeline;
	struct vs_relay *relay;
	GThread *thread;
	gint quitting; /* the UI is gone: the reader drops what is left */
	int status;
};

static void ui_on_capture_record(struct vs_record *r, gpointer data)
{
	struct ui_producer *up = data;

	if (g_atomic_int_get(&up->quitting))
		vs_record_free(r);
	else
		vs_pipeline_submit(up->pipeline, r);
}

static gpointer ui_relay_thread(gpointer data)
{
	struct ui_producer *up = data;

	up->status = vs_relay_run(up->relay);
	return NULL;
}

static gpointer ui_reader_thread(gpointer data)
{
	struct ui_producer *up = data;

	up->status = run_offline(up->pipeline, up->opts, ui_on_capture_record, up);
	return NULL;
}

static int run_ui(struct vs_pipeline *p, const struct vs_options *o)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *title = NULL;
	struct ui_producer up = {.opts = o, .pipeline = p};
	struct vs_tui_options topts = {0};
	struct vs_tui *ui;
	int status;

	if (o->read_path != NULL) {
		title = g_strdup(o->read_path);
	} else if (o->ports->len == 1) {
		const struct vs_port *port = vs_options_port(o, 0);

		title = g_strdup_printf(
		    "%s%s%s %s %s %s", o->show_ports ? port->label : "", o->show_ports ? ": " : "",
		    port->front_role == VS_ROLE_LISTEN ? "-l" : "--front-connect", port->front_path,
		    port->back_role == VS_ROLE_LISTEN ? "--back-listen" : "-c", port->back_path);
	} else {
		GString *t = g_string_new(NULL);

		g_string_printf(t, "%u ports:", o->ports->len);
		for (guint i = 0; i < o->ports->len; i++)
			g_string_append_printf(t, " %s", vs_options_port(o, i)->label);
		title = g_string_free(t, FALSE);
	}
	topts.title = title;
	topts.filter = o->ui_filter;
	topts.live = o->read_path == NULL;
	ui = vs_tui_new(&topts);
	vs_pipeline_add_sink(p, vs_tui_sink_new(ui));
	if (o->read_path != NULL) {
		up.thread = g_thread_new("reader", ui_reader_thread, &up);
	} else {
		up.relay = vs_relay_new(o, p, &error);
		if (up.relay == NULL) {
			vs_warn("%s", error->message);
			vs_pipeline_finish(p);
			vs_tui_free(ui);
			return 1;
		}
		vs_pipeline_start(p);
		up.thread = g_thread_new("relay", ui_relay_thread, &up);
	}
	status = vs_tui_run(ui);
	g_atomic_int_set(&up.quitting, 1);
	if (up.relay != NULL)
		vs_relay_stop(up.relay);
	g_thread_join(up.thread);
	if (up.relay != NULL) {
		vs_pipeline_finish(p);
		vs_relay_free(up.relay);
	}
	vs_tui_free(ui);
	return status != 0 ? status : up.status;
}

static int run_live(struct vs_pipeline *p, const struct vs_options *o)
{
	g_autoptr(GError) error = NULL;
	struct vs_relay *relay;
	guint64 dropped;
	int status;

	relay = vs_relay_new_interruptible(o, p, &error);
	if (relay == NULL) {
		vs_warn("%s", error->message);
		vs_pipeline_finish(p);
		return 1;
	}
	vs_sink_output_never_wait();
	vs_pipeline_start(p);
	status = vs_relay_run(relay);
	dropped = vs_pipeline_finish(p);
	if (dropped > 0)
		vs_warn("%" G_GUINT64_FORMAT " messages were relayed but not decoded or output: "
		        "the output was too slow (--queue sets how many may wait)",
		        dropped);
	vs_relay_free(relay);
	return status;
}

/* --wrap PATH: vhostsniff takes the listener's place at PATH and connects to
 * the original, now aside; which end listens decides which side is which. */
static gboolean wrap_port(struct vs_port *o, GError **error)
{
	struct vs_wrap *w = vs_wrap_new(o->wrap_path, error);

	if (w == NULL)
		return FALSE;
	o->wrap = w;
	if (w->end == VS_END_BACK) {
		o->front_path = g_strdup(w->path);
		o->front_role = VS_ROLE_LISTEN;
		o->back_path = g_strdup(w->aside);
		o->back_role = VS_ROLE_CONNECT;
	} else {
		o->front_path = g_strdup(w->aside);
		o->front_role = VS_ROLE_CONNECT;
		o->back_path = g_strdup(w->path);
		o->back_role = VS_ROLE_LISTEN;
	}
	return TRUE;
}

int main(int argc, char **argv)
{
	struct vs_options opts;
	g_autoptr(GError) error = NULL;
	struct vs_pipeline *pipeline;
	struct vs_player *replay = NULL;
	int status;

	/* A reader that goes away (vhostsniff ... | head) must not end the
	 * sessions vhostsniff relays: writes fail with EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);

	if (!vs_options_parse(&opts, &argc, &argv, &error)) {
		fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", PACKAGE_NAME,
		        error->message, PACKAGE_NAME);
		vs_options_clear(&opts);
		return 2;
	}
	vs_log_set_level(opts.verbose);
	if (opts.list_sockets) {
		status = vs_sockets_list(stdout, opts.format == VS_OUTPUT_JSON, opts.verbose);
		vs_options_clear(&opts);
		return status;
	}
	if (opts.diff_a != NULL) {
		struct vs_diff_options d = {
		    .a = opts.diff_a,
		    .b = opts.diff_b,
		    .json = opts.format == VS_OUTPUT_JSON,
		    .device = opts.device,
		    .dialect_given = opts.dialect_given,
		    .dialect = opts.dialect,
		    .reply_timeout_ns = opts.reply_timeout_ns,
		};

		status = (int)vs_diff_run(&d, stdout);
		vs_options_clear(&opts);
		return status;
	}
	if (opts.unwrap_path != NULL) {
		status = vs_unwrap(opts.unwrap_path, &error) ? 0 : 1;
		if (status == 0)
			printf("%s: the original listener is back at %s\n", PACKAGE_NAME,
			       opts.unwrap_path);
		else
			vs_warn("%s", error->message);
		vs_options_clear(&opts);
		return status;
	}
	/* The capture is read, and the player's socket made, before any
	 * socket of the relay: an unreadable one is a usage error (2). */
	if (opts.replay_path != NULL && (replay = vs_player_new(&opts, &error)) == NULL) {
		vs_warn("%s", error->message);
		vs_options_clear(&opts);
		return 2;
	}
	for (guint i = 0; i < opts.ports->len; i++) {
		struct vs_port *port = vs_options_port(&opts, i);

		if (port->wrap_path != NULL && !wrap_port(port, &error)) {
			vs_warn("%s", error->message);
			vs_options_clear(&opts);
			return 1;
		}
	}

	pipeline = vs_pipeline_new((guint)opts.queue, opts.device);
	vs_pipeline_set_reply_timeout(pipeline, opts.reply_timeout_ns);
	if (opts.dialect_given)
		vs_pipeline_set_dialect(pipeline, opts.dialect);
	if (opts.rings_ms != 0)
		vs_pipeline_set_rings(pipeline, (guint64)opts.rings_ms * 1000000u,
		                      opts.stall_timeout_ns);
	if (opts.packets)
		vs_pipeline_set_packets(pipeline, (guint32)opts.snaplen);
	add_line_sinks(pipeline, &opts);
	if (opts.packets_file != NULL) {
		struct vs_sink *frames = vs_pcapng_frames_sink_new(opts.packets_file, &error);

		if (frames == NULL) {
			vs_warn("%s", error->message);
			vs_pipeline_free(pipeline);
			vs_options_clear(&opts);
			return 1;
		}
		vs_pipeline_add_sink(pipeline, frames);
	}
	if (opts.write_path != NULL) {
		struct vs_capture_rotation rotation = {
		    .max_bytes = (guint64)opts.rotate_mb * 1000000u,
		    .seconds = (guint)opts.rotate_seconds,
		};
		struct vs_sink *pcapng =
		    vs_pcapng_sink_new_rotating(opts.write_path, &rotation, &error);
		if (pcapng == NULL) {
			vs_warn("%s", error->message);
			vs_pipeline_free(pipeline);
			vs_player_free(replay);
			vs_options_clear(&opts);
			return 1;
		}
		/* The ring snapshots (--rings) come from the analyzer: it runs
		 * for the capture too. */
		if (opts.rings_ms != 0)
			pcapng->records_only = FALSE;
		vs_pipeline_add_sink(pipeline, pcapng);
	}

	if (replay != NULL)
		/* the report after the live lines, where -w - leaves room for it */
		status = vs_player_run(
		    replay, pipeline,
		    opts.write_path != NULL && strcmp(opts.write_path, "-") == 0 ? stderr : stdout);
	else if (opts.ui)
		status = run_ui(pipeline, &opts);
	else if (opts.read_path != NULL)
		status = run_offline(pipeline, &opts, on_capture_record, pipeline);
	else
		status = run_live(pipeline, &opts);

	vs_pipeline_free(pipeline);
	vs_player_free(replay);
	vs_options_clear(&opts);
	return status;
}
