/*
 * bench/capture-gen: a big capture for the offline decode benchmark. Writes
 * realistic sessions (tests/test-tui-gen.c: the QEMU <-> qemu-storage-daemon
 * handshake, device starts, vIOMMU IOTLB updates and their replies, a few
 * faults) through the pcapng sink of -w until N messages are in the file.
 *
 *   bench/capture-gen OUT.pcapng N
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tests/test-tui-gen.h"
#include "vscore/capture.h"

struct out {
	struct vs_sink *sink;
	uint64_t messages;
};

static void emit(struct vs_record *r, void *data)
{
	struct out *o = data;

	if (r->kind == VU_RECORD_MESSAGE)
		o->messages++;
	o->sink->write(o->sink, r, NULL, NULL);
	vs_record_free(r);
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	struct out o = {0};
	struct vs_tui_gen g;
	uint64_t want;
	unsigned sessions = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OUT.pcapng MESSAGES\n", argv[0]);
		return 2;
	}
	want = g_ascii_strtoull(argv[2], NULL, 10);
	o.sink = vs_pcapng_sink_new(argv[1], &error);
	if (o.sink == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	vs_tui_gen_init(&g, 1700000000000000000ull, emit, &o);
	while (o.messages < want) {
		/* as bench/tui-memory: 40 IOTLB updates, one session in 50 with faults */
		vs_tui_gen_blk_session(&g, sessions % 50 == 49, 40);
		sessions++;
	}
	o.sink->close(o.sink);
	printf("%" G_GUINT64_FORMAT " messages in %u sessions\n", o.messages, sessions);
	return 0;
}
