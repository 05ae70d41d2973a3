/*
 * vhostsniff: sit between a vhost-user front-end and back-end, relay every
 * message and fd unchanged, and show each message decoded; or read a capture
 * back (-r) through the same pipeline and sinks.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sniffer/capture.h"
#include "sniffer/options.h"
#include "sniffer/pipeline.h"
#include "sniffer/relay.h"
#include "sniffer/sinks.h"
#include "sniffer/vhostsniff.h"

static void add_line_sink(struct vs_pipeline *p, const struct vs_options *o)
{
	if (o->quiet)
		return;
	/* Lines are flushed by the pipeline when it has caught up: prompt on a
	 * pipe, one write per burst. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (o->format == VS_OUTPUT_JSON)
		vs_pipeline_add_sink(p, vs_json_sink_new(stdout));
	else
		vs_pipeline_add_sink(p, vs_text_sink_new(stdout, o->verbose, o->numbers));
}

static void on_capture_record(struct vs_record *r, gpointer data)
{
	vs_pipeline_submit(data, r);
}

static int run_offline(struct vs_pipeline *p, const struct vs_options *o)
{
	g_autoptr(GError) error = NULL;
	gboolean ok = vs_capture_read(o->read_path, on_capture_record, p, &error);

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

static int run_live(struct vs_pipeline *p, const struct vs_options *o)
{
	g_autoptr(GError) error = NULL;
	struct vs_relay *relay;
	sigset_t stop_signals, old_mask;
	guint64 dropped;
	int status;

	/* A peer may signal vhostsniff as soon as its socket exists: hold
	 * SIGINT/SIGTERM until they end the sessions cleanly. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
	relay = vs_relay_new(o, p, &error);
	if (relay != NULL)
		vs_relay_handle_signals(relay);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	if (relay == NULL) {
		vs_warn("%s", error->message);
		vs_pipeline_finish(p);
		return 1;
	}
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

int main(int argc, char **argv)
{
	struct vs_options opts;
	g_autoptr(GError) error = NULL;
	struct vs_pipeline *pipeline;
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

	pipeline = vs_pipeline_new((guint)opts.queue, opts.device);
	add_line_sink(pipeline, &opts);
	if (opts.write_path != NULL) {
		struct vs_sink *pcapng = vs_pcapng_sink_new(opts.write_path, &error);
		if (pcapng == NULL) {
			vs_warn("%s", error->message);
			vs_pipeline_free(pipeline);
			vs_options_clear(&opts);
			return 1;
		}
		vs_pipeline_add_sink(pipeline, pcapng);
	}

	if (opts.read_path != NULL)
		status = run_offline(pipeline, &opts);
	else
		status = run_live(pipeline, &opts);

	vs_pipeline_free(pipeline);
	vs_options_clear(&opts);
	return status;
}
