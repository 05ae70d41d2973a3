/*
 * The feed: what libpcap reads of a capture (vscore/pcapng-read.c).
 *
 * libpcap reads the frames and their timestamps (pcapng and classic pcap,
 * either byte order, if_tsresol and if_tsoffset), but it does not give an
 * EPB's options, it refuses a pcapng file whose interfaces have different
 * link types, and it says a file cut mid-block is "truncated" only in the
 * words of an error message. So libpcap does not read the file itself: it
 * reads a stream that the feed makes of it, block by whole block:
 *  - a block reaches the stream only once all of it has been read, so libpcap
 *    never meets a cut block; when the file ends inside one the feed knows
 *    it, and how far it got (vs_pcapng_feed_end);
 *  - only the section headers, the interfaces of link type 252 (renumbered)
 *    and the enhanced packet blocks on them pass: other interfaces, their
 *    packets and every other block are skipped, as the format allows;
 *  - each enhanced packet block's epb_packetid, and the port label its
 *    interface's if_name holds, are noted, in order, for the frame libpcap
 *    will hand out for it (vs_pcapng_feed_packet_id).
 * Classic pcap passes whole, record by whole record.
 */
#ifndef VS_PCAPNG_FEED_H
#define VS_PCAPNG_FEED_H

#include <stdio.h>

#include <glib.h>

struct vs_pcapng_feed;

/* Start feeding from in (which stays the caller's; name is what messages
 * call it). NULL and *error when in is empty, unreadable or not a capture. */
struct vs_pcapng_feed *vs_pcapng_feed_new(FILE *in, const char *name, GError **error);
void vs_pcapng_feed_free(struct vs_pcapng_feed *feed);

/* The stream for pcap_fopen_offline(); pcap_close() closes it. */
FILE *vs_pcapng_feed_stream(struct vs_pcapng_feed *feed);

/* The epb_packetid of the frame libpcap just handed out, if it had one, and
 * the port label of its interface (interned, NULL if none). Call once per
 * frame, in order. */
gboolean vs_pcapng_feed_packet_id(struct vs_pcapng_feed *feed, guint64 *id, const char **port);

/*
 * After libpcap stopped, with its error message (NULL at the end of the
 * stream) and opened telling whether pcap_fopen_offline succeeded: TRUE when
 * the capture was read to its end, else FALSE and *error: libpcap's
 * complaint about a whole block, or what the feed found at its end (the file
 * cut inside a block after records complete records, a damaged block, a
 * read error).
 */
gboolean vs_pcapng_feed_end(struct vs_pcapng_feed *feed, gboolean opened, const char *pcap_error,
                            guint64 records, GError **error);

#endif
