/*
 * The UI's sink: runs on the pipeline thread, appends each record to the
 * store and wakes the UI thread. It takes no lock the UI holds for long and
 * makes no blocking call: the wake-up is a non-blocking write to a pipe, and
 * only when the UI is asleep waiting for one, so a burst costs one syscall.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "tui/tui-internal.h"

void vs_tui_feed_wake(struct vs_tui_feed *feed)
{
	if (atomic_exchange_explicit(&feed->wake_armed, false, memory_order_acq_rel)) {
		ssize_t n = write(feed->wake[1], "", 1);

		(void)n; /* a full pipe already holds a wake-up */
	}
}

void vs_tui_feed_unref(struct vs_tui_feed *feed)
{
	if (atomic_fetch_sub_explicit(&feed->refs, 1, memory_order_acq_rel) != 1)
		return;
	close(feed->wake[0]);
	close(feed->wake[1]);
	vs_store_free(feed->store);
	g_free(feed);
}

static void sink_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                       const struct vu_session *state)
{
	struct vs_tui_feed *feed = sink->data;

	/* A ring snapshot (--rings) is an entry of the list (an event row), and
	 * its ring's latest state for the state pane. */
	if (r->kind == VU_RECORD_RING)
		vs_store_note_ring(feed->store, r);
	/* A notification (--kicks) counts in the state pane only. A data-plane
	 * entry (--packets) is an entry, bounded apart (VS_STORE_DATA_*). */
	if (r->kind == VU_RECORD_NOTIFY) {
		vs_store_note_notify(feed->store, r);
		return;
	}
	/* An inflight queue or a dirty-log count (--rings) is an event row too. */
	vs_store_append(feed->store, r, d, state);
	vs_tui_feed_wake(feed);
}

static void sink_flush(struct vs_sink *sink)
{
	vs_tui_feed_wake(sink->data);
}

static void sink_close(struct vs_sink *sink)
{
	struct vs_tui_feed *feed = sink->data;

	atomic_store_explicit(&feed->store->input_ended, true, memory_order_release);
	atomic_store_explicit(&feed->wake_armed, true, memory_order_release);
	vs_tui_feed_wake(feed);
	vs_tui_feed_unref(feed);
	g_free(sink);
}

struct vs_sink *vs_tui_sink_new(struct vs_tui *ui)
{
	struct vs_sink *sink = g_new0(struct vs_sink, 1);

	atomic_fetch_add_explicit(&ui->feed->refs, 1, memory_order_acq_rel);
	atomic_store_explicit(&ui->feed->store->input_ended, false, memory_order_release);
	sink->name = "ui";
	sink->takes_areas = TRUE;
	sink->write = sink_write;
	sink->takes_notify = TRUE;
	sink->takes_data = TRUE;
	sink->flush = sink_flush;
	sink->close = sink_close;
	sink->data = ui->feed;
	return sink;
}
