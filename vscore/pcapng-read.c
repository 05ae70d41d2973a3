/*
 * The capture reader (-r): libpcap reads the frames and their timestamps
 * (pcapng in either byte order, several sections, interfaces anywhere,
 * if_tsresol and if_tsoffset; classic pcap), from the stream the feed makes
 * of the file (vscore/pcapng-feed.h: whole blocks only, the interfaces of our
 * link type only, and each frame's epb_packetid, which libpcap does not
 * give). Each of our frames becomes the record the relay made
 * (doc/capture-format.md); frames naming another dissector are skipped.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "dissector/vu-notify.h"
#include "vscore/capture.h"
#include "vscore/pcapng-feed.h"
#include "vscore/pcapng.h"
#include "vscore/ring-watch.h"

struct reader {
	guint64 records; /* records handed out */
	vs_record_fn fn;
	gpointer user_data;
};

/* ---- one frame of ours ---------------------------------------------------- */

/* Skip the exported-PDU tags; the offset of what follows them if tag 12 names
 * our dissector, else 0. */
static gsize frame_skip_tags(const guint8 *data, gsize len)
{
	gsize pos = 0;
	gboolean ours = FALSE;

	while (pos + 4 <= len) {
		guint16 tag = (guint16)(data[pos] << 8 | data[pos + 1]);
		guint16 tlen = (guint16)(data[pos + 2] << 8 | data[pos + 3]);

		pos += 4;
		if (tag == VS_EXP_PDU_TAG_END)
			return ours ? pos : 0;
		if (tlen > len - pos)
			return 0;
		if (tag == VS_EXP_PDU_TAG_DISSECTOR_NAME) {
			gsize n = tlen;

			while (n > 0 && data[pos + n - 1] == '\0')
				n--;
			ours = n == strlen(VS_DISSECTOR_NAME) &&
			       memcmp(data + pos, VS_DISSECTOR_NAME, n) == 0;
		}
		pos += tlen;
	}
	return 0;
}

/* Hand one frame (packet data of a 252 interface) to fn if it is ours. */
static void reader_frame(struct reader *rd, const guint8 *data, gsize len, guint64 ts_ns,
                         gboolean has_id, guint64 packet_id, const char *port)
{
	gsize pos = frame_skip_tags(data, len);
	struct vu_pseudo p;
	struct vu_notify notify;
	gsize plen;
	struct vs_record *r;

	if (pos == 0)
		return;
	plen = vu_pseudo_decode(data + pos, len - pos, &p);
	if (plen == 0 || p.msg_len > len - pos - plen)
		return;
	pos += plen;

	r = vs_record_new();
	rd->records++;
	r->ts_ns = ts_ns;
	r->frame = has_id ? packet_id : rd->records;
	r->session = p.session;
	r->port = port;
	r->kind = p.kind;
	r->channel = p.channel;
	r->from = p.from;
	r->flags = p.flags;
	r->fds_total = p.fds_total;
	r->inject = p.inject;
	r->nfds = p.nfds;
	memcpy(r->fds, p.fds, sizeof(r->fds));
	if (p.kind == VU_RECORD_MESSAGE || p.kind == VU_RECORD_RING ||
	    p.kind == VU_RECORD_INFLIGHT || p.kind == VU_RECORD_DIRTY_LOG ||
	    p.kind == VU_RECORD_NOTIFY || p.kind == VU_RECORD_DATA) {
		r->len = p.msg_len;
		memcpy(vs_record_reserve(r, p.msg_len), data + pos, p.msg_len);
		/* A data-plane record this build cannot read is skipped, as a
		 * frame whose pseudo-header it cannot read. */
		if ((p.kind == VU_RECORD_RING && !vs_ring_record_decode(r, NULL)) ||
		    ((p.kind == VU_RECORD_INFLIGHT || p.kind == VU_RECORD_DIRTY_LOG) &&
		     !vs_area_record_decode(r)) ||
		    (p.kind == VU_RECORD_NOTIFY && !vu_notify_parse(r->bytes, r->len, &notify))) {
			rd->records--;
			vs_record_free(r);
			return;
		}
	} else if (p.kind == VU_RECORD_SESSION_START || p.kind == VU_RECORD_SESSION_END) {
		/* Only these carry facts (vs_record_clear frees no others). */
		vs_pcapng_facts_decode((const char *)data + pos, p.msg_len, &r->facts);
	}
	rd->fn(r, rd->user_data);
}

/* ---- entry point ------------------------------------------------------------ */

gboolean vs_capture_read_stream(FILE *f, const char *name, vs_record_fn fn, gpointer user_data,
                                GError **error)
{
	struct reader rd = {.fn = fn, .user_data = user_data};
	struct vs_pcapng_feed *feed = vs_pcapng_feed_new(f, name, error);
	char pcap_error[PCAP_ERRBUF_SIZE] = "";
	struct pcap_pkthdr *h;
	const u_char *data;
	gboolean ok, ours;
	pcap_t *pc;
	int rc = PCAP_ERROR_BREAK;

	if (feed == NULL)
		return FALSE;
	pc = pcap_fopen_offline_with_tstamp_precision(vs_pcapng_feed_stream(feed),
	                                              PCAP_TSTAMP_PRECISION_NANO, pcap_error);
	if (pc == NULL) {
		fclose(vs_pcapng_feed_stream(feed));
		ok = vs_pcapng_feed_end(feed, FALSE, pcap_error, 0, error);
		vs_pcapng_feed_free(feed);
		return ok;
	}
	/* pcapng passes only interfaces of ours; a classic pcap file has one */
	ours = pcap_datalink(pc) == (int)VS_LINKTYPE_WIRESHARK_UPPER_PDU;
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		guint64 id = 0;
		const char *port = NULL;
		gboolean has_id = vs_pcapng_feed_packet_id(feed, &id, &port);
		/* Unsigned: a timestamp before 1970 or past 2554 wraps (never UB). */
		guint64 ns =
		    (guint64)h->ts.tv_sec * G_GUINT64_CONSTANT(1000000000) + (guint64)h->ts.tv_usec;

		if (ours)
			reader_frame(&rd, data, h->caplen, ns, has_id, id, port);
	}
	ok = vs_pcapng_feed_end(feed, TRUE, rc == PCAP_ERROR ? pcap_geterr(pc) : NULL, rd.records,
	                        error);
	pcap_close(pc); /* closes the feed's stream */
	vs_pcapng_feed_free(feed);
	return ok;
}

gboolean vs_capture_read(const char *path, vs_record_fn fn, gpointer user_data, GError **error)
{
	gboolean to_close = strcmp(path, "-") != 0;
	FILE *f = to_close ? fopen(path, "rbe") : stdin;
	gboolean ok;

	if (!f) {
		int err = errno;

		g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_OPEN, "cannot open %s: %s",
		            path, g_strerror(err));
		return FALSE;
	}
	ok = vs_capture_read_stream(f, to_close ? path : "(standard input)", fn, user_data, error);
	if (to_close)
		fclose(f);
	return ok;
}
