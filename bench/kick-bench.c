/*
 * bench/kick-bench: what the eventfd interposer (--kicks, sniffer/kick.h)
 * adds to a kick and to a call, against a direct eventfd.
 *
 * Two threads, as a front-end's vCPU and a back-end's worker: the writer
 * takes the time and writes 1 into an eventfd, the reader is blocked in a
 * read of the eventfd on the other side and takes the time when the read
 * returns; then it acks over a third eventfd and the writer goes again. The
 * one-way time is the reader's time minus the writer's (one clock, one
 * machine). Modes:
 *   direct  the writer and the reader share one eventfd (no vhostsniff)
 *   kick    the writer writes the front-end's kick eventfd; the reader reads
 *           the eventfd the interposer handed the back-end for it
 *   call    the writer writes the back-end's call eventfd (the interposer's);
 *           the reader reads the front-end's
 * The interposer runs as in vhostsniff --kicks: its own thread, and each
 * read goes to a live pipeline as a notification record (one sink that
 * takes them and does nothing), so the forward pays what it pays there.
 *
 * Usage: kick-bench MODE N    prints "MODE median_ns min_ns max_ns" of N signals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "sniffer/kick.h"

struct run {
	int write_fd, read_fd, ack_fd;
	guint n;
	gint64 t0; /* written by the writer before each write, read after the read */
	guint64 *ns;
};

static gint64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void must(gboolean ok, const char *what)
{
	if (!ok) {
		perror(what);
		exit(1);
	}
}

static gpointer reader(gpointer data)
{
	struct run *r = data;
	guint64 v, one = 1;

	for (guint i = 0; i < r->n; i++) {
		must(read(r->read_fd, &v, sizeof(v)) == (ssize_t)sizeof(v), "read");
		r->ns[i] = (guint64)(now_ns() - __atomic_load_n(&r->t0, __ATOMIC_ACQUIRE));
		must(write(r->ack_fd, &one, sizeof(one)) == (ssize_t)sizeof(one), "write ack");
	}
	return NULL;
}

static void sink_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                       const struct vu_session *state)
{
	(void)sink;
	(void)r;
	(void)d;
	(void)state;
}

static int compare(const void *a, const void *b)
{
	guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;

	return x < y ? -1 : x > y;
}

/* Hand an eventfd over as SET_VRING_KICK / SET_VRING_CALL would: the one for the back-end. */
static int interpose(struct vs_kicks *k, uint32_t request, int theirs)
{
	uint8_t msg[VU_HDR_SIZE + 8] = {0};
	uint32_t flags = 1, size = 8;
	int fds[1] = {theirs};
	guint64 arm = 0;

	memcpy(msg, &request, 4);
	memcpy(msg + 4, &flags, 4);
	memcpy(msg + 8, &size, 4);
	must(vs_kicks_message(k, 1, NULL, msg, sizeof(msg), fds, 1, &arm), "vs_kicks_message");
	vs_kicks_arm(k, arm);
	return fds[0];
}

int main(int argc, char **argv)
{
	struct vs_pipeline *p = vs_pipeline_new(65536, VU_DEVICE_UNKNOWN);
	struct vs_sink sink = {.name = "null", .records_only = TRUE, .takes_notify = TRUE};
	struct vs_kicks *k;
	struct run r = {0};
	const char *mode;
	GThread *t;
	guint64 one = 1, v;
	int front, back;

	if (argc != 3) {
		fprintf(stderr, "usage: kick-bench direct|kick|call N\n");
		return 2;
	}
	mode = argv[1];
	r.n = (guint)strtoul(argv[2], NULL, 10);
	r.ns = g_new0(guint64, r.n);
	sink.write = sink_write;
	vs_pipeline_add_sink(p, &sink);
	vs_pipeline_start(p);
	k = vs_kicks_new(p, NULL);
	must(k != NULL, "vs_kicks_new");
	r.ack_fd = eventfd(0, EFD_CLOEXEC);
	front = eventfd(0, EFD_CLOEXEC);
	if (strcmp(mode, "direct") == 0) {
		r.write_fd = r.read_fd = front;
	} else if (strcmp(mode, "kick") == 0) {
		back = interpose(k, VU_REQ_SET_VRING_KICK, front);
		r.write_fd = front;
		r.read_fd = back;
	} else if (strcmp(mode, "call") == 0) {
		back = interpose(k, VU_REQ_SET_VRING_CALL, front);
		r.write_fd = back;
		r.read_fd = front;
	} else {
		fprintf(stderr, "kick-bench: unknown mode %s\n", mode);
		return 2;
	}
	t = g_thread_new("reader", reader, &r);
	for (guint i = 0; i < r.n; i++) {
		__atomic_store_n(&r.t0, now_ns(), __ATOMIC_RELEASE);
		must(write(r.write_fd, &one, sizeof(one)) == (ssize_t)sizeof(one), "write");
		must(read(r.ack_fd, &v, sizeof(v)) == (ssize_t)sizeof(v), "read ack");
	}
	g_thread_join(t);
	qsort(r.ns, r.n, sizeof(*r.ns), compare);
	printf("%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n", mode,
	       r.ns[r.n / 2], r.ns[0], r.ns[r.n - 1]);
	vs_kicks_free(k);
	vs_pipeline_finish(p);
	return 0;
}
