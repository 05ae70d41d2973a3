/*
 * libFuzzer harness for the capture reader (what -r reads: libpcap reading
 * the stream that vscore/pcapng-feed.c makes of the file, and
 * vscore/pcapng-read.c turning frames into records), under ASan and UBSan
 * (libpcap itself is the system's, not instrumented).
 *
 * Input: a file, as `vhostsniff -r` would open it (pcapng, classic pcap or
 * anything else), read from memory with fmemopen. Seeds: captures of real
 * sessions written by vhostsniff -w (tests/corpus-pcapng).
 *
 * Checked: the reader returns TRUE with no error, or FALSE with an error of
 * its domain and a message; every record it hands out is one the pseudo-header
 * allows (kind, channel, direction, fd facts within their bounds), its message
 * bytes fit in the file, its session facts are strings; it hands out no
 * more records than the file could hold frames. Every record is freed by the
 * harness (a leak is an ASan error).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vscore/capture.h"
#include "vscore/pcapng.h"
#include "vscore/ring-watch.h"

/* The smallest frame of ours: a classic pcap record header, the dissector
 * name tag with "vhostuser" unpadded, the end tag and the fixed pseudo-header. */
#define MIN_FRAME_BYTES (16u + 4u + 9u + 4u + 24u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t file_size;
	size_t records;
	uint64_t sum; /* every byte handed out is read */
};

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-pcapng: invariant broken: %s\n", what);
		abort();
	}
}

static void check_string(const char *s, struct seen *seen)
{
	if (s != NULL)
		seen->sum += strlen(s);
}

static void on_record(struct vs_record *r, gpointer user_data)
{
	struct seen *seen = user_data;

	seen->records++;
	check(r->kind <= VU_RECORD_CHANNEL_END ||
	          (r->kind >= VU_RECORD_RING && r->kind <= VU_RECORD_NOTIFY),
	      "record kind in range (findings records are never read)");
	check(r->channel <= VU_CHANNEL_GPU, "channel in range");
	check(r->from <= VU_FROM_BACK, "direction in range");
	check(r->nfds <= VU_MAX_FDS, "fd facts bounded");
	for (unsigned i = 0; i < r->nfds; i++)
		check(memchr(r->fds[i].name, '\0', sizeof(r->fds[i].name)) != NULL,
		      "an fd name is a string");
	if (r->kind == VU_RECORD_RING) {
		/* A ring record comes with its snapshot, bounded, or not at all. */
		check(r->ring != NULL && r->bytes != NULL, "a ring record has its snapshot");
		check(r->ring->snap.nchains <= VU_RING_MAX_CHAINS, "chains bounded");
		check(r->ring->snap.vring < VU_MAX_VRINGS, "vring in range");
		for (size_t i = 0; i < r->ring->snap.nchains; i++)
			check(r->ring->snap.chains[i].nkept <= VU_RING_MAX_DESCS,
			      "descriptors bounded");
		for (uint32_t i = 0; i < r->len; i++)
			seen->sum += r->bytes[i];
	} else if (r->kind == VU_RECORD_INFLIGHT || r->kind == VU_RECORD_DIRTY_LOG) {
		/* What was shown of the inflight area or the dirty log, bounded. */
		check(r->ring != NULL && r->bytes != NULL, "an area record has what it showed");
		check(r->ring->inflight.nkept <= VU_INFLIGHT_MAX_KEPT &&
		          r->ring->inflight.nkept <= r->ring->inflight.ninflight,
		      "resubmitted descriptors bounded");
		for (uint32_t i = 0; i < r->len; i++)
			seen->sum += r->bytes[i];
	} else if (r->kind == VU_RECORD_DATA || r->kind == VU_RECORD_NOTIFY) {
		check(r->bytes != NULL, "a data-plane record has its body");
		for (uint32_t i = 0; i < r->len; i++)
			seen->sum += r->bytes[i];
	} else if (r->kind == VU_RECORD_MESSAGE) {
		check(r->bytes != NULL, "a message has its bytes");
		check(r->len <= seen->file_size, "a message fits in the file");
		for (uint32_t i = 0; i < r->len; i++)
			seen->sum += r->bytes[i];
	} else {
		check(r->len == 0, "an event has no message bytes");
		check_string(r->facts.front_path, seen);
		check_string(r->facts.back_path, seen);
		check_string(r->facts.front_cmdline, seen);
		check_string(r->facts.back_cmdline, seen);
		check_string(r->facts.reason, seen);
	}
	vs_record_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen seen = {.file_size = size};
	GError *error = NULL;
	FILE *f;
	gboolean ok;

	if (size == 0)
		return 0; /* fmemopen needs a byte; an empty file is a unit test's case */
	f = fmemopen((void *)data, size, "rb");
	check(f != NULL, "fmemopen");
	ok = vs_capture_read_stream(f, "fuzz", on_record, &seen, &error);
	fclose(f);
	if (ok) {
		check(error == NULL, "no error on success");
	} else {
		check(error != NULL && error->domain == VS_CAPTURE_ERROR, "an error of its domain");
		check(error->code >= VS_CAPTURE_ERROR_OPEN &&
		          error->code <= VS_CAPTURE_ERROR_TRUNCATED,
		      "an error code in range");
		check(error->message != NULL && strncmp(error->message, "fuzz", 4) == 0,
		      "the message names the file");
		g_error_free(error);
	}
	check(seen.records <= size / MIN_FRAME_BYTES, "no more records than frames fit");
	return 0;
}
