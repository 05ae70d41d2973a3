/*
 * bench/ring-bench: what --rings costs the pipeline per ring snapshot.
 *
 * One session, built from real messages (SET_FEATURES, SET_MEM_TABLE with a
 * memfd as guest memory, then SET_VRING_NUM / ADDR / KICK per ring), with
 * RINGS split rings of 256 descriptors; each ring holds INFLIGHT requests
 * made available and not used (chains of 2 descriptors: a header and a
 * device-writable buffer). The ring watch (vscore/ring-watch.c) then looks at
 * every started ring TICKS times, as the pipeline does every --rings
 * interval; nothing changes between looks, so no record goes out: the figure
 * is the reading and judging of a snapshot (pread of the ring's parts, the
 * chain walks, the comparison with the previous one). CPU time of this
 * thread (CLOCK_THREAD_CPUTIME_ID), nothing timed against the wall.
 *
 * usage: bench/ring-bench [--inflight N] [--rings N] [--ticks N]
 * prints: ring-bench: inflight N: X ns per snapshot (M snapshots)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "tests/ring-setup.h"
#include "vscore/ring-watch.h"

#define NUM        256u
#define RING_BLOCK 0x4000u /* per ring: desc table, avail ring, used ring */
#define AVAIL_OFF  0x1000u
#define USED_OFF   0x2000u
#define BUFS_AT    0x100000u /* buffers after the rings */
#define REGION     0x400000u
#define USER_BASE  0x7f0000000000ull

static void pput(int fd, off_t at, guint64 v, gsize width)
{
	guint8 b[8];

	ring_put_le(b, 0, v, width);
	if (pwrite(fd, b, width, at) != (ssize_t)width) {
		perror("pwrite");
		exit(1);
	}
}

static void noop_emit(gpointer data, const struct vs_record *r, const struct vu_decoded *d)
{
	(void)r;
	(void)d;
	(*(guint *)data)++;
}

struct feeder {
	struct vu_session *s;
	struct vs_ring_watch *w;
	struct vu_decoded *d;
	guint64 frame;
	guint emitted;
};

/* A front-end message, through the session and the ring watch as the
 * pipeline's thread takes it. */
static void feed(guint32 request, const guint8 *payload, guint32 size, const int *fds, guint nfds,
                 gpointer data)
{
	struct feeder *f = data;
	struct vs_record *r = vs_record_new();
	struct vu_message m;

	ring_message_fill(r, ++f->frame, VU_FROM_FRONT, request, payload, size, fds, nfds);
	vs_record_message(r, &m);
	vu_session_process(f->s, &m, r->ts_ns, r->frame, f->d);
	vs_ring_watch_message(f->w, f->s, r, f->d);
	vs_ring_watch_emit(f->w, f->s, noop_emit, &f->emitted);
	vs_record_free(r);
}

/* Ring i: `inflight` chains made available, none used. */
static void fill_ring(int mem, guint i, guint inflight)
{
	off_t ring = (off_t)i * RING_BLOCK;

	for (guint k = 0; k < inflight; k++) {
		off_t head = ring + 16 * (2 * k);
		guint64 buf = BUFS_AT + (guint64)(i * NUM + k) * 1024;

		pput(mem, head, buf, 8); /* header: 16 bytes the device reads */
		pput(mem, head + 8, 16, 4);
		pput(mem, head + 12, 0x1 /* NEXT */, 2);
		pput(mem, head + 14, 2 * k + 1, 2);
		pput(mem, head + 16, buf + 16, 8); /* then 512 bytes it writes */
		pput(mem, head + 24, 512, 4);
		pput(mem, head + 28, 0x2 /* WRITE */, 2);
		pput(mem, ring + AVAIL_OFF + 4 + 2 * k, 2 * k, 2);
	}
	pput(mem, ring + AVAIL_OFF + 2, inflight, 2);
}

int main(int argc, char **argv)
{
	guint inflight = 0, rings = 4, ticks = 20000;
	struct feeder f = {0};
	struct timespec t0, t1;
	int mem;
	double ns;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--inflight") == 0)
			inflight = (guint)atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--rings") == 0)
			rings = (guint)atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--ticks") == 0)
			ticks = (guint)atoi(argv[i + 1]);
	}
	if (inflight > NUM / 2 || rings == 0 || rings > 64 || ticks == 0) {
		fprintf(stderr,
		        "usage: ring-bench [--inflight 0..128] [--rings 1..64] [--ticks N]\n");
		return 2;
	}
	mem = memfd_create("ring-bench", MFD_CLOEXEC);
	if (mem < 0 || ftruncate(mem, REGION) != 0) {
		perror("memfd");
		return 1;
	}
	for (guint i = 0; i < rings; i++)
		fill_ring(mem, i, inflight);

	f.s = g_new0(struct vu_session, 1);
	f.d = g_new0(struct vu_decoded, 1);
	vu_session_init(f.s, VU_DEVICE_BLK);
	f.w = vs_ring_watch_new(1, NULL, 2000000000ull);
	ring_setup_features(VU_BIT(VU_F_VERSION_1), feed, &f);
	ring_setup_mem_table(REGION, USER_BASE, mem, feed, &f);
	for (guint i = 0; i < rings; i++) {
		const struct ring_layout l = {.user_base = USER_BASE,
		                              .vring = i,
		                              .num = NUM,
		                              .desc_at = (guint64)i * RING_BLOCK,
		                              .avail_at = (guint64)i * RING_BLOCK + AVAIL_OFF,
		                              .used_at = (guint64)i * RING_BLOCK + USED_OFF,
		                              .kick = TRUE};

		ring_setup_ring(&l, feed, &f);
	}
	f.emitted = 0;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	for (guint t = 0; t < ticks; t++)
		vs_ring_watch_tick(f.w, f.s, 1000000000ull + (guint64)t * 1000, noop_emit,
		                   &f.emitted);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
	printf(
	    "ring-bench: inflight %u: %.0f ns per snapshot (%u snapshots of %u rings, %u records "
	    "out)\n",
	    inflight, ns / ((double)ticks * rings), ticks * rings, rings, f.emitted);
	vs_ring_watch_free(f.w);
	close(mem);
	g_free(f.s);
	g_free(f.d);
	return 0;
}
