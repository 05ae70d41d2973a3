/*
 * Writing lines to a stream without ever holding up the pipeline thread or
 * taking the program down.
 *
 * The pipeline thread feeds the capture as well as the lines, so it must
 * never wait for a stream: a pipe or a terminal nobody reads would stop the
 * capture too (records are dropped once the pipeline's queue is full). The
 * lines therefore go to a bounded buffer that a writer thread empties with
 * blocking writes. Live, on a pipe, a terminal or a socket (a reader that
 * may stall), a line that does not fit is dropped and counted, and the count
 * is said on stderr when the program exits, after the last line went out (an
 * exit waits for the stream, as a plain write would). A regular file does not
 * stall, and reading a capture (-r) loses nothing: there a full buffer waits.
 *
 * A reader that went away (vhostsniff ... | head) must not break the session
 * vhostsniff relays, so SIGPIPE is ignored (main) and a failed stream is
 * reported once and then left alone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sniffer/sinks.h"
#include "vscore/log.h"

/* During a long burst the writer starts before the pipeline asks for a flush. */
#define PENDING_WAKE (64u << 10)

struct line_writer {
	FILE *out;
	int fd;
	GThread *thread;
	GMutex lock;
	GCond wake;          /* for the writer: lines to write, or closing */
	GCond space;         /* for the pipeline: the writer took the buffer */
	GByteArray *pending; /* filled by the pipeline thread, under lock */
	gboolean flush_asked;
	gboolean closing;
	gboolean failed;   /* the stream failed: no more lines */
	gboolean lossless; /* a regular file: wait rather than drop */
	guint64 dropped;   /* lines that did not fit */
};

/* The program has one line stream (standard output). */
static GMutex writers_lock;
static GSList *writers;
static gint never_wait; /* live relaying: drop rather than wait */

void vs_sink_output_never_wait(void)
{
	g_atomic_int_set(&never_wait, 1);
}

static void output_failed(struct line_writer *w, int err)
{
	g_mutex_lock(&w->lock);
	w->failed = TRUE;
	g_byte_array_set_size(w->pending, 0);
	g_cond_broadcast(&w->space);
	g_mutex_unlock(&w->lock);
	vs_warn("cannot write the output any more (%s); no more lines, the relay goes on",
	        g_strerror(err));
}

static gboolean write_all(struct line_writer *w, const guint8 *data, gsize len)
{
	while (len > 0) {
		ssize_t n = write(w->fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			output_failed(w, n < 0 ? errno : EIO);
			return FALSE;
		}
		data += n;
		len -= (gsize)n;
	}
	return TRUE;
}

static gpointer writer_thread(gpointer data)
{
	struct line_writer *w = data;
	GByteArray *batch = g_byte_array_new();

	g_mutex_lock(&w->lock);
	for (;;) {
		GByteArray *swap;

		while (
		    !w->failed && !w->closing &&
		    !(w->pending->len > 0 && (w->flush_asked || w->pending->len >= PENDING_WAKE)))
			g_cond_wait(&w->wake, &w->lock);
		if (w->failed || (w->closing && w->pending->len == 0))
			break;
		/* take the whole buffer; the pipeline fills a fresh one meanwhile */
		swap = w->pending;
		w->pending = batch;
		batch = swap;
		w->flush_asked = FALSE;
		g_cond_broadcast(&w->space);
		g_mutex_unlock(&w->lock);
		write_all(w, batch->data, batch->len);
		g_byte_array_set_size(batch, 0);
		g_mutex_lock(&w->lock);
	}
	g_mutex_unlock(&w->lock);
	g_byte_array_free(batch, TRUE);
	return NULL;
}

/* At exit: the last lines go out, then how many did not. */
static void writers_finish(void)
{
	g_mutex_lock(&writers_lock);
	for (GSList *l = writers; l != NULL; l = l->next) {
		struct line_writer *w = l->data;

		g_mutex_lock(&w->lock);
		w->closing = TRUE;
		g_cond_signal(&w->wake);
		g_mutex_unlock(&w->lock);
		g_thread_join(w->thread);
		if (w->dropped > 0)
			vs_warn("%" G_GUINT64_FORMAT " lines were dropped: the output did not keep "
			        "up, and the relay does not wait for it",
			        w->dropped);
		g_byte_array_free(w->pending, TRUE);
		g_mutex_clear(&w->lock);
		g_cond_clear(&w->wake);
		g_cond_clear(&w->space);
		g_free(w);
	}
	g_slist_free(writers);
	writers = NULL;
	g_mutex_unlock(&writers_lock);
}

static struct line_writer *writer_for(FILE *out)
{
	struct line_writer *w = NULL;
	struct stat st;

	g_mutex_lock(&writers_lock);
	for (GSList *l = writers; l != NULL && w == NULL; l = l->next)
		if (((struct line_writer *)l->data)->out == out)
			w = l->data;
	if (w == NULL) {
		w = g_new0(struct line_writer, 1);
		w->out = out;
		/* whatever stdio holds goes first; from now on the writer owns the fd */
		fflush(out);
		w->fd = fileno(out);
		w->lossless = fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode);
		w->pending = g_byte_array_sized_new(PENDING_WAKE);
		g_mutex_init(&w->lock);
		g_cond_init(&w->wake);
		g_cond_init(&w->space);
		w->thread = g_thread_new("vhostsniff-output", writer_thread, w);
		if (writers == NULL)
			atexit(writers_finish);
		writers = g_slist_prepend(writers, w);
	}
	g_mutex_unlock(&writers_lock);
	return w;
}

gboolean vs_sink_output(FILE *out, const char *text, size_t len, gboolean *failed)
{
	struct line_writer *w;
	gboolean queued = FALSE;

	if (*failed)
		return FALSE;
	w = writer_for(out);
	g_mutex_lock(&w->lock);
	while (!w->failed && w->pending->len > 0 &&
	       w->pending->len + len > VS_SINK_OUTPUT_PENDING_MAX &&
	       (w->lossless || !g_atomic_int_get(&never_wait))) {
		g_cond_signal(&w->wake);
		g_cond_wait(&w->space, &w->lock);
	}
	if (w->failed) {
		*failed = TRUE;
	} else if (w->pending->len + len > VS_SINK_OUTPUT_PENDING_MAX) {
		w->dropped++;
	} else {
		g_byte_array_append(w->pending, (const guint8 *)text, (guint)len);
		queued = TRUE;
		if (w->pending->len >= PENDING_WAKE)
			g_cond_signal(&w->wake);
	}
	g_mutex_unlock(&w->lock);
	return queued;
}

void vs_sink_output_flush(FILE *out, gboolean *failed)
{
	struct line_writer *w;

	if (*failed)
		return;
	w = writer_for(out);
	g_mutex_lock(&w->lock);
	if (w->failed)
		*failed = TRUE;
	w->flush_asked = TRUE;
	g_cond_signal(&w->wake);
	g_mutex_unlock(&w->lock);
}

void vs_line_sink_output(struct vs_line_sink *ls)
{
	if (ls->line.data != NULL)
		vs_sink_output(ls->out, ls->line.data, ls->line.len, &ls->failed);
}

static void line_sink_flush(struct vs_sink *sink)
{
	struct vs_line_sink *ls = sink->data;

	vs_sink_output_flush(ls->out, &ls->failed);
}

static void line_sink_close(struct vs_sink *sink)
{
	struct vs_line_sink *ls = sink->data;

	vs_sink_output_flush(ls->out, &ls->failed);
	vu_str_free(&ls->line);
	g_free(ls);
}

void vs_line_sink_init(struct vs_line_sink *ls, FILE *out, const char *name,
                       void (*write)(struct vs_sink *sink, const struct vs_record *r,
                                     const struct vu_decoded *d, const struct vu_session *state))
{
	ls->out = out;
	vu_str_init(&ls->line);
	ls->sink.name = name;
	ls->sink.write = write;
	ls->sink.flush = line_sink_flush;
	ls->sink.close = line_sink_close;
	ls->sink.data = ls;
}
