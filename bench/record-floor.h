/*
 * The recording floor (record-floor.c): the exact floor that also keeps every
 * message in a pcapng file, with the least work a recorder can do.
 */
#ifndef VS_BENCH_RECORD_FLOOR_H
#define VS_BENCH_RECORD_FLOOR_H

#include <stddef.h>
#include <stdint.h>

struct record_floor;

struct record_floor_message {
	const uint8_t *bytes;
	size_t len;
};

/* Creates path (0600) and starts the writer thread; exits on failure. */
struct record_floor *record_floor_open(const char *path);
/* The messages of one read from side `from` (0 or 1), stamped now; never
 * waits for the disk. */
void record_floor_add(struct record_floor *rf, int from, const struct record_floor_message *m,
                      size_t count);
/* Writes what is left, stops the writer and closes the file. */
void record_floor_close(struct record_floor *rf);

#endif
