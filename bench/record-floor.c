/*
 * The recording floor (bench/bare-relay --exact --record FILE): the least any
 * recorder on the exact floor pays to keep every message, so that make bench
 * can tell what recording costs by itself from what vhostsniff's records,
 * decode and capture format add to it.
 *
 * What it keeps is what a capture needs at the least: each message's bytes,
 * its direction and one timestamp per read, as pcapng Enhanced Packet Blocks
 * (one interface per direction, LINKTYPE_USER0). What it does for that is
 * what vhostsniff does, stripped to the bone: the relay thread appends the
 * blocks of one read to a buffer under a lock, never waits for the disk, and
 * a writer thread takes the buffer every GATHER_NS (sooner when it is half
 * full) and writes it with one write(2). The writer is woken only when it
 * went idle, as vhostsniff's pipeline thread is. When the buffer is full the
 * blocks are dropped and counted, as vhostsniff drops records.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/record-floor.h"
#include "dissector/vu-dissector.h"
#include "vscore/pcapng.h"

#define BUFFER_BYTES   (4u << 20)
#define GATHER_NS      (2u * 1000u * 1000u)
#define IDLE_NS        (100u * 1000u * 1000u)
#define LINKTYPE_USER0 147u

struct record_floor {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	uint8_t *filling; /* the relay's, under lock */
	size_t filled;
	uint8_t *writing; /* the writer's */
	int writer_idle;  /* the next block wakes it */
	int stopping;
	unsigned long long dropped;
};

static void write_all(int fd, const uint8_t *bytes, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, bytes, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("record-floor: write");
			exit(1);
		}
		bytes += n;
		len -= (size_t)n;
	}
}

/* Section header, then one interface per direction with nanosecond times. */
static void write_head(int fd)
{
	uint8_t head[28 + 2 * 32];
	uint8_t *idb = head + 28;

	memset(head, 0, sizeof(head));
	vu_put_le(head, VS_PCAPNG_BT_SHB, 4);
	vu_put_le(head + 4, 28, 4);
	vu_put_le(head + 8, VS_PCAPNG_BYTE_ORDER_MAGIC, 4);
	vu_put_le(head + 12, 1, 2);
	vu_put_le(head + 16, 0xffffffffu, 4); /* section length unknown */
	vu_put_le(head + 20, 0xffffffffu, 4);
	vu_put_le(head + 24, 28, 4);
	for (int i = 0; i < 2; i++, idb += 32) {
		vu_put_le(idb, VS_PCAPNG_BT_IDB, 4);
		vu_put_le(idb + 4, 32, 4);
		vu_put_le(idb + 8, LINKTYPE_USER0, 2);
		vu_put_le(idb + 12, 0, 4); /* no snap length */
		vu_put_le(idb + 16, VS_PCAPNG_OPT_IF_TSRESOL, 2);
		vu_put_le(idb + 18, 1, 2);
		idb[20] = 9;                /* 10^-9 s */
		vu_put_le(idb + 28, 32, 4); /* VS_PCAPNG_OPT_END (idb + 24) is zero */
	}
	write_all(fd, head, sizeof(head));
}

/* Under lock: wait until ns from now, or a signal. */
static void wait_for(struct record_floor *rf, unsigned ns)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += ns;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(&rf->wake, &rf->lock, &until);
}

static void *writer_thread(void *data)
{
	struct record_floor *rf = data;

	pthread_mutex_lock(&rf->lock);
	for (;;) {
		uint8_t *bytes;
		size_t len;

		/* Idle until the next block; then rest while blocks gather. */
		while (rf->filled == 0 && !rf->stopping) {
			rf->writer_idle = 1;
			wait_for(rf, IDLE_NS);
		}
		rf->writer_idle = 0;
		if (rf->filled == 0)
			break;
		if (!rf->stopping && rf->filled < BUFFER_BYTES / 2)
			wait_for(rf, GATHER_NS);
		bytes = rf->filling;
		len = rf->filled;
		rf->filling = rf->writing;
		rf->writing = bytes;
		rf->filled = 0;
		pthread_mutex_unlock(&rf->lock);
		write_all(rf->fd, bytes, len);
		pthread_mutex_lock(&rf->lock);
	}
	pthread_mutex_unlock(&rf->lock);
	return NULL;
}

struct record_floor *record_floor_open(const char *path)
{
	struct record_floor *rf = calloc(1, sizeof(*rf));

	if (rf == NULL)
		abort();
	rf->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (rf->fd < 0) {
		perror(path);
		exit(1);
	}
	write_head(rf->fd);
	rf->filling = malloc(BUFFER_BYTES);
	rf->writing = malloc(BUFFER_BYTES);
	if (rf->filling == NULL || rf->writing == NULL)
		abort();
	pthread_mutex_init(&rf->lock, NULL);
	pthread_cond_init(&rf->wake, NULL);
	if (pthread_create(&rf->thread, NULL, writer_thread, rf) != 0)
		abort();
	return rf;
}

void record_floor_add(struct record_floor *rf, int from, const struct record_floor_message *m,
                      size_t count)
{
	struct timespec now;
	uint64_t ts;

	clock_gettime(CLOCK_REALTIME, &now);
	ts = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	pthread_mutex_lock(&rf->lock);
	for (size_t i = 0; i < count; i++) {
		uint32_t padded = (uint32_t)((m[i].len + 3u) & ~(size_t)3u);
		uint32_t total = 32u + padded;
		uint8_t *epb;

		if (rf->filled + total > BUFFER_BYTES) {
			rf->dropped++;
			continue;
		}
		epb = rf->filling + rf->filled;
		vu_put_le(epb, VS_PCAPNG_BT_EPB, 4);
		vu_put_le(epb + 4, total, 4);
		vu_put_le(epb + 8, (uint32_t)from, 4);
		vu_put_le(epb + 12, (uint32_t)(ts >> 32), 4);
		vu_put_le(epb + 16, (uint32_t)ts, 4);
		vu_put_le(epb + 20, (uint32_t)m[i].len, 4);
		vu_put_le(epb + 24, (uint32_t)m[i].len, 4);
		memcpy(epb + 28, m[i].bytes, m[i].len);
		memset(epb + 28 + m[i].len, 0, padded - m[i].len);
		vu_put_le(epb + 28 + padded, total, 4);
		rf->filled += total;
	}
	if (rf->writer_idle || rf->filled >= BUFFER_BYTES / 2) {
		rf->writer_idle = 0;
		pthread_cond_signal(&rf->wake);
	}
	pthread_mutex_unlock(&rf->lock);
}

void record_floor_close(struct record_floor *rf)
{
	if (rf == NULL)
		return;
	pthread_mutex_lock(&rf->lock);
	rf->stopping = 1;
	pthread_cond_signal(&rf->wake);
	pthread_mutex_unlock(&rf->lock);
	pthread_join(rf->thread, NULL);
	if (rf->dropped > 0)
		fprintf(stderr, "record-floor: %llu messages not recorded (buffer full)\n",
		        rf->dropped);
	close(rf->fd);
	pthread_mutex_destroy(&rf->lock);
	pthread_cond_destroy(&rf->wake);
	free(rf->filling);
	free(rf->writing);
	free(rf);
}
