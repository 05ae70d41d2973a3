/*
 * read-pcap FILE: read a vhostsniff capture with libpcap alone, the way any
 * libpcap-based tool would, and parse each frame from doc/capture-format.md
 * (independently of vhostsniff's own reader). One line per frame:
 *
 *   SECONDS.NANOSECONDS SESSION CHANNEL FROM WHAT REPLY FDS LEN
 *
 * WHAT is the request number, "start"/"end" for session events, "ring" for
 * a ring snapshot, "inflight" and "log" for the inflight area and the dirty
 * log (--rings) or "notify" for a notification (--kicks); REPLY is
 * 1/0 ("-" without flags); CHANNEL 0 main, 1 backend; FROM 0 front, 1 back;
 * LEN the message bytes. A last line "frames N" follows. Exit status: 0 the
 * whole file was read; 1 it cannot be opened or is not link type 252; 2
 * libpcap stopped with an error (printed on stderr, e.g. a cut-off file)
 * after the frames printed; 3 a frame does not follow the format.
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Returns the offset of the pseudo-header, or 0 if the tags do not name vhostuser. */
static size_t skip_tags(const uint8_t *d, size_t len)
{
	size_t pos = 0;
	int ours = 0;

	while (pos + 4 <= len) {
		unsigned tag = (unsigned)d[pos] << 8 | d[pos + 1];
		unsigned tlen = (unsigned)d[pos + 2] << 8 | d[pos + 3];

		pos += 4;
		if (tag == 0)
			return ours ? pos : 0;
		if (tlen > len - pos)
			return 0;
		if (tag == 12) {
			size_t n = tlen;

			while (n > 0 && d[pos + n - 1] == 0)
				n--;
			ours = n == 9 && memcmp(d + pos, "vhostuser", 9) == 0;
		}
		pos += tlen;
	}
	return 0;
}

static int print_frame(const struct pcap_pkthdr *h, const uint8_t *d)
{
	size_t len = h->caplen, p = skip_tags(d, len), nfds;
	uint32_t msg_len;
	const uint8_t *m;

	if (p == 0 || len - p < 24 || d[p] != 'V' || d[p + 1] != 'U' || d[p + 2] != 1) {
		fprintf(stderr, "read-pcap: frame without a vhostuser pseudo-header\n");
		return 3;
	}
	nfds = d[p + 6];
	msg_len = le32(d + p + 12);
	if (nfds > 8 || len - p - 24 < nfds * 64 || len - p - 24 - nfds * 64 < msg_len) {
		fprintf(stderr, "read-pcap: frame shorter than its pseudo-header says\n");
		return 3;
	}
	m = d + p + 24 + nfds * 64;
	printf("%ld.%09ld %" PRIu32 " %u %u ", (long)h->ts.tv_sec, (long)h->ts.tv_usec,
	       le32(d + p + 8), d[p + 4], d[p + 5]);
	if (d[p + 3] == 1)
		printf("start - ");
	else if (d[p + 3] == 2)
		printf("end - ");
	else if (d[p + 3] == 5)
		printf("ring - ");
	else if (d[p + 3] == 6)
		printf("inflight - ");
	else if (d[p + 3] == 7)
		printf("log - ");
	else if (d[p + 3] == 9)
		printf("notify - ");
	else if (msg_len >= 8)
		printf("%" PRIu32 " %d ", le32(m), (le32(m + 4) & 0x4) ? 1 : 0);
	else if (msg_len >= 4)
		printf("%" PRIu32 " - ", le32(m));
	else
		printf("- - ");
	printf("%u %" PRIu32 "\n", d[p + 16], msg_len);
	return 0;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long frames = 0;
	pcap_t *pc;
	int rc, status = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: read-pcap FILE\n");
		return 1;
	}
	pc = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
	if (pc == NULL) {
		fprintf(stderr, "read-pcap: %s\n", err);
		return 1;
	}
	if (pcap_datalink(pc) != 252) {
		fprintf(stderr, "read-pcap: link type %d, not 252\n", pcap_datalink(pc));
		pcap_close(pc);
		return 1;
	}
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		frames++;
		status = print_frame(h, data);
		if (status != 0)
			break;
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "read-pcap: %s\n", pcap_geterr(pc));
		status = 2;
	}
	printf("frames %lu\n", frames);
	pcap_close(pc);
	return status;
}
