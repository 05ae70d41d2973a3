/*
 * test-capture-gen --data OUT.pcapng EXPECTED: the data-plane samples
 * instead (test-capture-data.c).
 *
 * test-capture-gen OUT.pcapng [EXPECTED]: write the sample records
 * (test-capture-samples.c) through the pcapng sink, for the tshark, capinfos
 * and libpcap tests. EXPECTED gets one line per frame, built from the
 * records' own bytes: "request<TAB>reply<TAB>session<TAB>channel", request
 * and reply empty where the message has no such field, reply 1 or 0, which is
 * what `tshark -T fields -e vhostuser.request -e vhostuser.flags.reply
 * -e vhostuser.session -e vhostuser.channel` prints.
 */
#include <stdio.h>
#include <string.h>

#include "tests/test-capture-data.h"
#include "tests/test-capture-samples.h"
#include "vscore/capture.h"

static guint32 le32(const guint8 *p)
{
	return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

int main(int argc, char **argv)
{
	g_autoptr(GPtrArray) records = test_capture_samples();
	g_autoptr(GError) error = NULL;
	struct vs_sink *sink;
	FILE *expected = NULL;

	if (argc == 4 && strcmp(argv[1], "--data") == 0)
		return test_capture_write_data(argv[2], argv[3]) ? 0 : 1;
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s OUT.pcapng [EXPECTED] | --data OUT.pcapng EXPECTED\n",
		        argv[0]);
		return 2;
	}
	sink = vs_pcapng_sink_new(argv[1], &error);
	if (sink == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	if (argc == 3 && (expected = fopen(argv[2], "w")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	for (guint i = 0; i < records->len; i++) {
		const struct vs_record *r = g_ptr_array_index(records, i);

		sink->write(sink, r, NULL, NULL);
		if (expected == NULL)
			continue;
		if (r->kind != VU_RECORD_MESSAGE)
			fprintf(expected, "\t\t%u\t%u\n", r->session, r->channel);
		else if (r->len >= 8)
			fprintf(expected, "%u\t%u\t%u\t%u\n", le32(r->bytes),
			        (le32(r->bytes + 4) & VU_FLAG_REPLY) ? 1 : 0, r->session,
			        r->channel);
		else if (r->len >= 4)
			fprintf(expected, "%u\t\t%u\t%u\n", le32(r->bytes), r->session, r->channel);
		else
			fprintf(expected, "\t\t%u\t%u\n", r->session, r->channel);
	}
	sink->close(sink);
	if (expected != NULL && fclose(expected) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
