/*
 * bench/packet-bench: how many 64-byte frames per second the --packets
 * walker records on one core, with and without a capture (-w).
 *
 * One net session, built from real messages (SET_FEATURES with VERSION_1,
 * SET_MEM_TABLE with a memfd as guest memory, SET_VRING_NUM / ADDR / KICK of
 * vring 1, the guest's transmit queue, split, 256 descriptors). This program
 * plays the guest and the back-end through its own writable mapping of the
 * memfd: each round it makes BATCH frames available (a 12-byte virtio-net
 * header and a 64-byte Ethernet frame in one descriptor) and marks them used,
 * then the walker (vscore/packet-walk.c) walks the ring as the pipeline does
 * when it polls: each frame is two DATA records (made available, used), each
 * given to the session's table of requests (vu_session_payload) and to the
 * sink, as the pipeline's thread does; with --write FILE the sink is the
 * capture writer (the DATA records and the frames as Ethernet PDUs), else a
 * sink that only counts. Only the walks and the sink are timed, in CPU time
 * of this thread (CLOCK_THREAD_CPUTIME_ID): the guest's side is not vhostsniff's.
 *
 * usage: bench/packet-bench [--frames N] [--write FILE]
 * prints: packet-bench: N frames, X frames/s (Y ns per frame), with|without -w
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "dissector/vu-payload.h"
#include "tests/ring-setup.h"
#include "vscore/capture.h"
#include "vscore/packet-walk.h"
#include "vscore/ring-watch.h"

#define NUM       256u
#define BATCH     128u /* frames per walk: half the ring */
#define VRING     1u   /* virtio-net: 2k + 1 is transmit queue k */
#define DESC_AT   0x0u
#define AVAIL_AT  0x1000u
#define USED_AT   0x2000u
#define BUFS_AT   0x10000u
#define BUF_SIZE  0x100u
#define REGION    0x40000u
#define USER_BASE 0x7f0000000000ull
#define NET_HDR   12u /* VERSION_1 */
#define FRAME     64u

struct bench {
	struct vu_session *s;
	struct vs_ring_watch *w;
	struct vu_decoded *d;
	struct vs_sink *sink;
	guint64 frame;
	guint64 records;
};

static void noop_emit(gpointer data, const struct vs_record *r, const struct vu_decoded *d)
{
	(void)data;
	(void)r;
	(void)d;
}

/* A front-end message, through the session and the ring watch as the
 * pipeline's thread takes it, then to the sink. */
static void feed(guint32 request, const guint8 *payload, guint32 size, const int *fds, guint nfds,
                 gpointer data)
{
	struct bench *b = data;
	struct vs_record *r = vs_record_new();
	struct vu_message m;

	ring_message_fill(r, ++b->frame, VU_FROM_FRONT, request, payload, size, fds, nfds);
	vs_record_message(r, &m);
	vu_session_process(b->s, &m, r->ts_ns, r->frame, b->d);
	vs_ring_watch_message(b->w, b->s, r, b->d);
	vs_ring_watch_emit(b->w, b->s, noop_emit, NULL);
	if (b->sink->write != NULL)
		b->sink->write(b->sink, r, b->d, b->s);
	vs_record_free(r);
}

/* What the pipeline's thread does with a DATA record (vscore/pipeline.c data_write). */
static void data_emit(gpointer data, const struct vs_record *r)
{
	struct bench *b = data;
	struct vs_record *w = (struct vs_record *)r;
	struct vu_payload e;
	struct vu_payload_context ctx;
	struct vu_payload_info info;
	gboolean decoded;

	if (!vu_payload_parse(r->bytes, r->len, &e))
		abort();
	decoded = vu_session_payload_decode(b->s, &e, r->ts_ns, r->frame, &ctx, &info);
	w->payload = &ctx;
	w->entry = &e;
	w->info = decoded ? &info : NULL;
	if (b->sink->write != NULL)
		b->sink->write(b->sink, r, NULL, b->s);
	w->payload = NULL;
	w->entry = NULL;
	w->info = NULL;
	b->records++;
}

static void count_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                        const struct vu_session *state)
{
	(void)r;
	(void)d;
	(void)state;
	sink->data = (gpointer)((guintptr)sink->data + 1);
}

int main(int argc, char **argv)
{
	guint64 frames = 2000000;
	const char *write_path = NULL;
	struct bench b = {0};
	struct vs_sink counter = {.name = "count", .write = count_write, .takes_data = TRUE};
	struct ring_layout layout = {.features = VU_BIT(VU_F_VERSION_1),
	                             .region_size = REGION,
	                             .user_base = USER_BASE,
	                             .vring = VRING,
	                             .num = NUM,
	                             .desc_at = DESC_AT,
	                             .avail_at = AVAIL_AT,
	                             .used_at = USED_AT,
	                             .kick = TRUE};
	struct vs_packet_walk *pw;
	guint8 *g;
	guint16 idx = 0;
	guint64 cpu_ns = 0, done = 0, now = 1000000000ull;
	int mem;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--frames") == 0)
			frames = g_ascii_strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--write") == 0)
			write_path = argv[i + 1];
	}
	if (frames == 0) {
		fprintf(stderr, "usage: packet-bench [--frames N] [--write FILE]\n");
		return 2;
	}
	mem = memfd_create("packet-bench", MFD_CLOEXEC);
	if (mem < 0 || ftruncate(mem, REGION) != 0) {
		perror("memfd");
		return 1;
	}
	layout.mem = mem;
	g = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED, mem, 0);
	if (g == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* One descriptor per frame slot, each its own buffer: header + frame. */
	for (guint i = 0; i < NUM; i++) {
		guint8 *buf = g + BUFS_AT + (gsize)i * BUF_SIZE;

		ring_put_le(g, DESC_AT + 16 * i, BUFS_AT + (guint64)i * BUF_SIZE, 8);
		ring_put_le(g, DESC_AT + 16 * i + 8, NET_HDR + FRAME, 4);
		memset(buf, 0, NET_HDR);
		for (guint k = 0; k < FRAME; k++)
			buf[NET_HDR + k] = (guint8)(i + k);
		memset(buf + NET_HDR, 0xff, 6);            /* broadcast */
		ring_put_le(buf, NET_HDR + 12, 0x0008, 2); /* IPv4, big-endian on the wire */
	}

	if (write_path != NULL) {
		g_autoptr(GError) error = NULL;

		b.sink = vs_pcapng_sink_new(write_path, &error);
		if (b.sink == NULL) {
			fprintf(stderr, "packet-bench: %s\n", error->message);
			return 1;
		}
	} else {
		b.sink = &counter;
	}
	b.s = g_new0(struct vu_session, 1);
	b.d = g_new0(struct vu_decoded, 1);
	vu_session_init(b.s, VU_DEVICE_NET);
	b.w = vs_ring_watch_new(1, NULL, 0);
	ring_setup_session(&layout, feed, &b);

	pw = vs_packet_walk_new(1, NULL, VS_SNAPLEN_DEFAULT);
	/* The first look, at the empty ring, as the pipeline's at the kick. */
	vs_packet_walk_ring(pw, b.s, vs_ring_watch_memory(b.w), VRING, now, data_emit, &b);
	while (done < frames) {
		struct timespec t0, t1;

		/* the guest makes BATCH frames available, the back-end uses them */
		for (guint i = 0; i < BATCH; i++) {
			guint16 slot = (guint16)((idx + i) % NUM);

			ring_put_le(g, AVAIL_AT + 4 + 2 * slot, slot, 2);
			ring_put_le(g, USED_AT + 4 + 8 * slot, slot, 4);
			ring_put_le(g, USED_AT + 8 + 8 * slot, 0, 4);
		}
		idx = (guint16)(idx + BATCH);
		ring_put_le(g, AVAIL_AT + 2, idx, 2);
		ring_put_le(g, USED_AT + 2, idx, 2);
		now += 100000;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		vs_packet_walk_ring(pw, b.s, vs_ring_watch_memory(b.w), VRING, now, data_emit, &b);
		if (b.sink->flush != NULL)
			b.sink->flush(b.sink);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
		cpu_ns +=
		    (guint64)((t1.tv_sec - t0.tv_sec) * 1000000000ll + (t1.tv_nsec - t0.tv_nsec));
		done += BATCH;
	}
	if (b.records != 2 * done) {
		fprintf(stderr,
		        "packet-bench: %" G_GUINT64_FORMAT " records for %" G_GUINT64_FORMAT
		        " frames, not 2 each\n",
		        b.records, done);
		return 1;
	}
	printf("packet-bench: %" G_GUINT64_FORMAT " frames, %.0f frames/s (%.0f ns per frame), "
	       "%s -w\n",
	       done, (double)done * 1e9 / (double)cpu_ns, (double)cpu_ns / (double)done,
	       write_path != NULL ? "with" : "without");
	if (b.sink->close != NULL)
		b.sink->close(b.sink);
	vs_packet_walk_free(pw);
	vs_ring_watch_free(b.w);
	munmap(g, REGION);
	close(mem);
	g_free(b.s);
	g_free(b.d);
	return 0;
}
