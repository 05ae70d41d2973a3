/*
 * bench/tui-memory: what holding messages costs the UI. Feeds realistic
 * sessions (tests/test-tui-gen.c: the QEMU <-> qemu-storage-daemon handshake
 * and device starts, plus vIOMMU IOTLB updates and their replies) through
 * the real pipeline into the UI's sink, and reports the resident memory per
 * held message from VmRSS in /proc/self/status before and after, then what
 * a display filter's view and the state pane's replay add, and what the
 * sink costs the pipeline per message.
 *
 *   bench/tui-memory [--messages N] [--iotlb N] [--filter F]
 *
 * Measured, not asserted: the budget (issue 6) is 200 bytes per message.
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/test-tui-gen.h"
#include "tui/tui-internal.h"
#include "vscore/pipeline.h"

static gint64 messages = 1000000;
static gint iotlb = 40;
static gchar *filter_text = "name~VRING";

static const GOptionEntry entries[] = {
    {"messages", 0, 0, G_OPTION_ARG_INT64, &messages, "messages to hold (default 1000000)", "N"},
    {"iotlb", 0, 0, G_OPTION_ARG_INT, &iotlb, "IOTLB updates per session (default 40)", "N"},
    {"filter", 0, 0, G_OPTION_ARG_STRING, &filter_text, "display filter for the view step", "F"},
    {NULL},
};

/* VmRSS in bytes. */
static uint64_t rss_bytes(void)
{
	g_autofree char *status = NULL;
	const char *p;

	if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
		return 0;
	p = strstr(status, "VmRSS:");
	return p ? g_ascii_strtoull(p + 6, NULL, 10) * 1024 : 0;
}

static double now_s(void)
{
	struct timespec ts;

	/* CPU time of this thread (the offline pipeline runs in it): the machine is shared. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct feed {
	struct vs_pipeline *pipeline;
	uint64_t messages, bytes;
};

static void submit(struct vs_record *r, void *data)
{
	struct feed *f = data;

	if (r->kind == VU_RECORD_MESSAGE) {
		f->messages++;
		f->bytes += r->len;
	}
	vs_pipeline_submit(f->pipeline, r);
}

/* Run the sessions through a pipeline, with the UI's sink when ui is set; returns seconds. */
static double feed_sessions(struct vs_tui *ui, struct feed *f, unsigned *sessions)
{
	struct vs_tui_gen g;
	double t0 = now_s();

	f->pipeline = vs_pipeline_new(1u << 20, VU_DEVICE_UNKNOWN);
	if (ui)
		vs_pipeline_add_sink(f->pipeline, vs_tui_sink_new(ui));
	vs_tui_gen_init(&g, 1700000000000000000ull, submit, f);
	*sessions = 0;
	while (f->messages < (uint64_t)messages) {
		vs_tui_gen_blk_session(&g, *sessions % 50 == 49, (unsigned)iotlb);
		(*sessions)++;
	}
	vs_pipeline_finish(f->pipeline);
	vs_pipeline_free(f->pipeline);
	return now_s() - t0;
}

int main(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("- memory the UI holds per message");
	g_autoptr(GError) error = NULL;
	struct feed with_ui = {0}, without_ui = {0};
	unsigned sessions;
	uint64_t rss0, rss1, rss2, rss3, n;
	double t_ui, t_plain;
	struct vs_tui *ui;
	struct vs_view view;
	struct vs_replay *replay;
	struct vu_session *state = g_new0(struct vu_session, 1);

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 2;
	}

	/* The pipeline alone first: its time is the baseline the sink adds to. */
	t_plain = feed_sessions(NULL, &without_ui, &sessions);

	ui = vs_tui_new(&(struct vs_tui_options){.title = "bench"});
	rss0 = rss_bytes();
	t_ui = feed_sessions(ui, &with_ui, &sessions);
	rss1 = rss_bytes();
	n = vs_store_count(ui->store);

	printf("tui-memory: %" G_GUINT64_FORMAT
	       " messages in %u sessions (%u with faults, %d IOTLB "
	       "updates each), %" G_GUINT64_FORMAT " store entries with session events\n",
	       with_ui.messages, sessions, sessions / 50, iotlb, n);
	printf("  average message %.1f bytes (header included)\n",
	       (double)with_ui.bytes / (double)with_ui.messages);
	printf(
	    "  VmRSS before %.1f MiB, after %.1f MiB: %.1f bytes per held message (budget 200)\n",
	    (double)rss0 / 1048576.0, (double)rss1 / 1048576.0,
	    (double)(rss1 - rss0) / (double)with_ui.messages);
	printf("  store: %zu-byte index entry + %.1f arena bytes per entry\n",
	       sizeof(struct vs_entry), (double)ui->store->arena_bytes / (double)n);

	/* A display filter's view: 4 bytes per row it shows. */
	vs_view_init(&view);
	vs_view_set_filter(&view, vs_filter_parse(filter_text, &error));
	g_assert_no_error(error);
	vs_view_update(&view, ui->store, n, UINT64_MAX);
	rss2 = rss_bytes();
	printf("  filter \"%s\" shows %" G_GUINT64_FORMAT " rows: +%.1f MiB (%.1f bytes per held "
	       "message)\n",
	       filter_text, vs_view_count(&view), (double)(rss2 - rss1) / 1048576.0,
	       (double)(rss2 - rss1) / (double)with_ui.messages);

	/* The state pane on the newest message (replay of its session). */
	replay = vs_replay_new();
	vs_replay_state_after(replay, ui->store, n - 2, state);
	rss3 = rss_bytes();
	printf("  state pane replay of the last session: +%.1f KiB\n",
	       (double)(rss3 > rss2 ? rss3 - rss2 : 0) / 1024.0);
	printf("  pipeline alone %.2f s CPU, with the UI's sink %.2f s: the sink adds %.0f ns per "
	       "message\n",
	       t_plain, t_ui, (t_ui - t_plain) * 1e9 / (double)with_ui.messages);
	printf("  total: %.1f bytes per held message with the filter view and the replay\n",
	       (double)(rss3 - rss0) / (double)with_ui.messages);

	vs_replay_free(replay);
	vs_view_clear(&view);
	vs_tui_free(ui);
	g_free(state);
	return 0;
}
