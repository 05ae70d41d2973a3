/*
 * test-tui-driver: the UI fed by the real pipeline on its own thread, with
 * generated sessions (test-tui-gen.c), for the tmux tests of the UI's store,
 * sink and panes without peers or captures.
 *
 *   test-tui-driver [--sessions N] [--faults] [--iotlb N] [--delay-us N]
 *                   [--live] [--filter F] [--monochrome] [--title T]
 *   test-tui-driver --read CAPTURE [UI options]    the records of a capture instead
 *   test-tui-driver --write CAPTURE [session options]  write the sessions, no UI
 *
 * With --delay-us the records trickle in like a live session; the UI quits
 * on q, and the producer stops then. --read goes the way of vhostsniff -r:
 * vs_capture_read -> pipeline -> the UI's sink.
 */
#include "config.h"

#include <glib.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "tests/test-tui-gen.h"
#include "tui/tui.h"
#include "vscore/capture.h"
#include "vscore/pipeline.h"

static gint sessions = 2;
static gboolean with_faults;
static gint iotlb;
static gint delay_us;
static gboolean live;
static gchar *filter;
static gboolean monochrome;
static gchar *title;
static gchar *read_path;
static gchar *write_path;

static const GOptionEntry entries[] = {
    {"sessions", 0, 0, G_OPTION_ARG_INT, &sessions, "sessions to generate", "N"},
    {"faults", 0, 0, G_OPTION_ARG_NONE, &with_faults, "add malformed and unexpected messages",
     NULL},
    {"iotlb", 0, 0, G_OPTION_ARG_INT, &iotlb, "IOTLB updates per session", "N"},
    {"delay-us", 0, 0, G_OPTION_ARG_INT, &delay_us, "pause between records", "US"},
    {"live", 0, 0, G_OPTION_ARG_NONE, &live, "start in follow mode", NULL},
    {"filter", 0, 0, G_OPTION_ARG_STRING, &filter, "initial display filter", "F"},
    {"monochrome", 0, 0, G_OPTION_ARG_NONE, &monochrome, "no colours", NULL},
    {"title", 0, 0, G_OPTION_ARG_STRING, &title, "title line", "T"},
    {"read", 0, 0, G_OPTION_ARG_FILENAME, &read_path, "show the records of a capture", "FILE"},
    {"write", 0, 0, G_OPTION_ARG_FILENAME, &write_path, "write the sessions as pcapng, no UI",
     "FILE"},
    {NULL},
};

struct producer {
	struct vs_pipeline *pipeline;
	GThread *thread;
	_Atomic bool stop;
};

static void submit(struct vs_record *r, void *data)
{
	struct producer *p = data;

	if (atomic_load(&p->stop)) {
		vs_record_free(r);
		return;
	}
	vs_pipeline_submit(p->pipeline, r);
	if (delay_us > 0)
		g_usleep((gulong)delay_us);
}

static void on_capture_record(struct vs_record *r, gpointer data)
{
	submit(r, data);
}

static gpointer produce(gpointer data)
{
	struct producer *p = data;
	struct vs_tui_gen g;
	struct timespec now;

	if (read_path) {
		g_autoptr(GError) error = NULL;

		if (!vs_capture_read(read_path, on_capture_record, p, &error))
			g_printerr("%s\n", error->message); /* shown after the UI ends */
		vs_pipeline_finish(p->pipeline);
		return NULL;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	vs_tui_gen_init(&g, (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec, submit,
	                p);
	for (gint i = 0; i < sessions && !atomic_load(&p->stop); i++)
		vs_tui_gen_blk_session(&g, with_faults, (unsigned)iotlb);
	vs_pipeline_finish(p->pipeline);
	return NULL;
}

/* --write: the generated sessions through the pipeline into the pcapng sink. */
static int write_capture(void)
{
	g_autoptr(GError) error = NULL;
	struct vs_sink *sink = vs_pcapng_sink_new(write_path, &error);
	struct producer p = {0};
	struct vs_tui_gen g;

	if (!sink) {
		g_printerr("%s\n", error->message);
		return 1;
	}
	p.pipeline = vs_pipeline_new(1u << 24, VU_DEVICE_UNKNOWN);
	vs_pipeline_add_sink(p.pipeline, sink);
	vs_tui_gen_init(&g, 1700000000000000000ull, submit, &p);
	for (gint i = 0; i < sessions; i++)
		vs_tui_gen_blk_session(&g, with_faults, (unsigned)iotlb);
	vs_pipeline_finish(p.pipeline);
	vs_pipeline_free(p.pipeline);
	return 0;
}

static bool start(struct vs_sink *sink, void *data, GError **error)
{
	struct producer *p = data;

	(void)error;
	/* Generous queue: the driver must never drop, it stands for a capture. */
	p->pipeline = vs_pipeline_new(1u << 24, VU_DEVICE_UNKNOWN);
	vs_pipeline_add_sink(p->pipeline, sink);
	/* Live, the pipeline has its own thread; reading a capture, it runs in the
	 * reader's thread, as in vhostsniff -r. */
	if (!read_path)
		vs_pipeline_start(p->pipeline);
	p->thread = g_thread_new("producer", produce, p);
	return true;
}

static void stop(void *data)
{
	struct producer *p = data;

	atomic_store(&p->stop, true);
	g_thread_join(p->thread);
	vs_pipeline_free(p->pipeline);
}

int main(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("- the vhostsniff UI on generated sessions");
	g_autoptr(GError) error = NULL;
	struct producer p = {0};
	struct vs_tui_options opts = {0};

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 2;
	}
	if (write_path)
		return write_capture();
	opts.title = title ? title : read_path ? read_path : "generated sessions (test-tui-driver)";
	opts.filter = filter;
	opts.live = live;
	opts.monochrome = monochrome;
	opts.start = start;
	opts.stop = stop;
	opts.data = &p;
	return vs_tui_main(&opts);
}
