/*
 * The feed between a capture file and libpcap (vscore/pcapng-feed.h): the
 * block framing of pcapng (byte order, lengths), the link type of each
 * interface and the port label in its if_name, the interface and the
 * epb_packetid of each enhanced packet block, and the record framing of classic pcap. Everything
 * inside a frame and its timestamp is libpcap's to read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vscore/capture.h"
#include "vscore/pcapng-feed.h"
#include "vscore/pcapng.h"

#define PCAP_MAGIC_US           0xA1B2C3D4u
#define PCAP_MAGIC_NS           0xA1B23C4Du
#define PCAP_FILE_HEADER_SIZE   24u
#define PCAP_RECORD_HEADER_SIZE 16u

/* An interface of another link type: its packets are skipped. */
#define IFACE_SKIPPED G_MAXUINT32

enum feed_state {
	FEED_READING,
	FEED_END,     /* the file ended after a whole block */
	FEED_CUT,     /* the file ended inside a block */
	FEED_DAMAGED, /* a block the feed cannot frame, or a read error: damage */
};

struct packet_id {
	gboolean has_id;
	guint64 id;
	const char *port; /* of its interface: interned, or NULL */
};

struct vs_pcapng_feed {
	const char *name;
	FILE *in;
	FILE *stream; /* what libpcap reads */
	gboolean pcapng;
	gboolean swap; /* the section's (or pcap file's) byte order is not ours */
	enum feed_state state;
	GError *damage;     /* FEED_DAMAGED */
	guint64 offset;     /* bytes read from in, for messages */
	guint8 pushback[4]; /* the magic, read to tell pcapng from pcap */
	gsize npushback;
	GByteArray *block; /* the block being read, then handed to the stream */
	gsize handed;      /* bytes of block already in the stream */
	gboolean drained;  /* the stream said end of file */
	GArray *ifaces; /* guint32 per interface of the section: id for libpcap or IFACE_SKIPPED */
	GPtrArray *iface_ports; /* per interface of the section: the port its if_name names */
	guint32 passed_ifaces;  /* interfaces of this section that pass */
	guint64 headers_passed; /* interfaces (or the pcap file header) passed, in all */
	GArray *ids;            /* struct packet_id of the EPBs passed, in order */
	guint ids_next;         /* the next one libpcap's frames have not taken */
};

static guint16 rd16(const struct vs_pcapng_feed *feed, const guint8 *p)
{
	guint16 v;

	memcpy(&v, p, 2);
	return feed->swap ? GUINT16_SWAP_LE_BE(v) : v;
}

static guint32 rd32(const struct vs_pcapng_feed *feed, const guint8 *p)
{
	guint32 v;

	memcpy(&v, p, 4);
	return feed->swap ? GUINT32_SWAP_LE_BE(v) : v;
}

static guint64 rd64(const struct vs_pcapng_feed *feed, const guint8 *p)
{
	guint64 v;

	memcpy(&v, p, 8);
	return feed->swap ? GUINT64_SWAP_LE_BE(v) : v;
}

static void wr32(const struct vs_pcapng_feed *feed, guint8 *p, guint32 v)
{
	if (feed->swap)
		v = GUINT32_SWAP_LE_BE(v);
	memcpy(p, &v, 4);
}

static void feed_damaged(struct vs_pcapng_feed *feed, const char *what)
{
	feed->state = FEED_DAMAGED;
	g_set_error(&feed->damage, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT,
	            "%s: damaged capture at byte %" G_GUINT64_FORMAT ": %s", feed->name,
	            feed->offset, what);
}

/* Read exactly n bytes to buf. 0 = clean end of file before the first byte
 * (at_boundary), 1 = done, -1 = the file ended (FEED_CUT) or failed. */
static int feed_fill(struct vs_pcapng_feed *feed, void *buf, gsize n, gboolean at_boundary)
{
	gsize got = MIN(n, feed->npushback);

	if (n == 0)
		return 1; /* a packet of no bytes: buf may be NULL */
	memcpy(buf, feed->pushback, got);
	feed->npushback -= got;
	memmove(feed->pushback, feed->pushback + got, feed->npushback);
	if (got < n)
		got += fread((guint8 *)buf + got, 1, n - got, feed->in);
	feed->offset += got;
	if (got == n)
		return 1;
	if (ferror(feed->in)) {
		feed->state = FEED_DAMAGED;
		g_set_error(&feed->damage, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_IO,
		            "%s: read failed: %s", feed->name, g_strerror(errno));
		return -1;
	}
	if (got == 0 && at_boundary) {
		feed->state = FEED_END;
		return 0;
	}
	feed->state = FEED_CUT;
	return -1;
}

/* The first piece of a block read at once; each later piece is as long as
 * what has arrived, so the buffer at most doubles per read. */
#define READ_STEP (64u * 1024)

/* Read a whole block (or pcap record) of total bytes into feed->block, the
 * first have of which are in head. The buffer grows with the bytes that
 * arrive, never up front to the length the header claims: a short or damaged
 * file claiming a 64 MiB block costs what it holds, not 64 MiB, and is found
 * cut as soon as it ends. */
static gboolean feed_fill_block(struct vs_pcapng_feed *feed, const guint8 *head, gsize have,
                                gsize total)
{
	g_byte_array_set_size(feed->block, 0);
	if (have > 0)
		g_byte_array_append(feed->block, head, (guint)have);
	while (have < total) {
		gsize n = MIN(total - have, MAX(have, READ_STEP));

		g_byte_array_set_size(feed->block, (guint)(have + n));
		if (feed_fill(feed, feed->block->data + have, n, FALSE) < 0)
			return FALSE;
		have += n;
	}
	return TRUE;
}

/* ---- pcapng ----------------------------------------------------------------- */

/* An option of a block: its code and its value of len bytes. */
struct option {
	guint16 code, len;
	const guint8 *value;
};

/* The option at *p among the options in [*p, end) into o, and *p past it
 * (its value padded to 32 bits); FALSE at opt_endofopt, or where no whole
 * option is left. */
static gboolean next_option(const struct vs_pcapng_feed *feed, const guint8 **p, const guint8 *end,
                            struct option *o)
{
	if (end - *p < 4)
		return FALSE;
	o->code = rd16(feed, *p);
	o->len = rd16(feed, *p + 2);
	o->value = *p + 4;
	if (o->code == VS_PCAPNG_OPT_END || o->len > end - o->value)
		return FALSE;
	*p = o->value + ((o->len + 3u) & ~3u);
	return TRUE;
}

/* The epb_packetid among the options in [p, end), if there is one. */
static struct packet_id epb_packet_id(const struct vs_pcapng_feed *feed, const guint8 *p,
                                      const guint8 *end)
{
	struct packet_id id = {0};
	struct option o;

	while (next_option(feed, &p, end, &o)) {
		if (o.code == VS_PCAPNG_OPT_EPB_PACKETID && o.len >= 8) {
			id.has_id = TRUE;
			id.id = rd64(feed, o.value);
		}
	}
	return id;
}

/* The port label in an IDB's if_name, among the options in [p, end). */
static const char *idb_port(const struct vs_pcapng_feed *feed, const guint8 *p, const guint8 *end)
{
	struct option o;

	while (next_option(feed, &p, end, &o))
		if (o.code == VS_PCAPNG_OPT_IF_NAME)
			return vs_pcapng_iface_port((const char *)o.value, o.len);
	return NULL;
}

/* Whether the whole block in feed->block goes to libpcap: an interface of
 * ours (renumbered among those that pass) or a packet on one; FALSE for the
 * rest, and when it is damaged (then feed->state says so). */
static gboolean feed_block_passes(struct vs_pcapng_feed *feed, guint32 type)
{
	guint8 *body = feed->block->data + 8;
	gsize len = feed->block->len - 12;

	if (type == VS_PCAPNG_BT_IDB) {
		guint32 id = IFACE_SKIPPED;

		if (len < 8) {
			feed_damaged(feed, "interface description block too short");
			return FALSE;
		}
		if (rd16(feed, body) == VS_LINKTYPE_WIRESHARK_UPPER_PDU)
			id = feed->passed_ifaces++;
		g_array_append_val(feed->ifaces, id);
		g_ptr_array_add(feed->iface_ports,
		                id != IFACE_SKIPPED ? (gpointer)idb_port(feed, body + 8, body + len)
		                                    : NULL);
		feed->headers_passed += id != IFACE_SKIPPED;
		return id != IFACE_SKIPPED;
	}
	if (type == VS_PCAPNG_BT_EPB) {
		guint32 iface, caplen;
		struct packet_id id;
		const char *port;

		if (len < 20) {
			feed_damaged(feed, "enhanced packet block too short");
			return FALSE;
		}
		iface = rd32(feed, body);
		caplen = rd32(feed, body + 12);
		if (iface >= feed->ifaces->len) {
			feed_damaged(feed, "packet on an interface that was not described");
			return FALSE;
		}
		if (caplen > len - 20) {
			feed_damaged(feed, "packet longer than its block");
			return FALSE;
		}
		port = g_ptr_array_index(feed->iface_ports, iface);
		iface = g_array_index(feed->ifaces, guint32, iface);
		if (iface == IFACE_SKIPPED)
			return FALSE;
		wr32(feed, body, iface);
		id = epb_packet_id(feed, body + 20 + ((caplen + 3u) & ~3u), body + len);
		id.port = port;
		g_array_append_val(feed->ids, id);
		return TRUE;
	}
	return FALSE;
}

/* The next block to hand to libpcap into feed->block; FALSE when there is
 * none (feed->state says why). */
static gboolean feed_next_pcapng(struct vs_pcapng_feed *feed)
{
	for (;;) {
		guint8 head[12];
		guint32 type, total;
		gsize have = 8;

		if (feed_fill(feed, head, 8, TRUE) <= 0)
			return FALSE;
		memcpy(&type, head, 4); /* a palindrome for SHB; for others, in section order */
		if (type == VS_PCAPNG_BT_SHB) {
			guint32 bom;

			if (feed_fill(feed, head + 8, 4, FALSE) < 0)
				return FALSE;
			have = 12;
			memcpy(&bom, head + 8, 4);
			if (bom == VS_PCAPNG_BYTE_ORDER_MAGIC) {
				feed->swap = FALSE;
			} else if (bom == GUINT32_SWAP_LE_BE(VS_PCAPNG_BYTE_ORDER_MAGIC)) {
				feed->swap = TRUE;
			} else {
				feed_damaged(feed, "section header with a bad byte-order magic");
				return FALSE;
			}
			g_array_set_size(feed->ifaces, 0);
			g_ptr_array_set_size(feed->iface_ports, 0);
			feed->passed_ifaces = 0;
		}
		type = rd32(feed, head);
		total = rd32(feed, head + 4);
		if (total < 12 || total % 4 || total > VS_PCAPNG_MAX_BLOCK || total < have + 4) {
			feed_damaged(feed, "block with an impossible length");
			return FALSE;
		}
		if (!feed_fill_block(feed, head, have, total))
			return FALSE;
		if (rd32(feed, feed->block->data + total - 4) != total) {
			feed_damaged(feed, "block lengths at start and end differ");
			return FALSE;
		}
		if (type == VS_PCAPNG_BT_SHB || feed_block_passes(feed, type))
			return TRUE;
		if (feed->state != FEED_READING)
			return FALSE;
	}
}

/* ---- classic pcap ----------------------------------------------------------- */

static gboolean feed_next_pcap(struct vs_pcapng_feed *feed)
{
	guint8 head[PCAP_RECORD_HEADER_SIZE];
	guint32 caplen;

	if (feed_fill(feed, head, sizeof(head), TRUE) <= 0)
		return FALSE;
	caplen = rd32(feed, head + 8);
	if (caplen > VS_PCAPNG_MAX_BLOCK) {
		feed_damaged(feed, "packet with an impossible length");
		return FALSE;
	}
	return feed_fill_block(feed, head, sizeof(head), sizeof(head) + caplen);
}

/* ---- the stream ------------------------------------------------------------- */

static ssize_t feed_stream_read(void *cookie, char *buf, size_t size)
{
	struct vs_pcapng_feed *feed = cookie;
	gsize n;

	while (feed->handed == feed->block->len) {
		gboolean more = feed->state == FEED_READING &&
		                (feed->pcapng ? feed_next_pcapng(feed) : feed_next_pcap(feed));

		feed->handed = 0;
		if (!more) {
			g_byte_array_set_size(feed->block, 0);
			feed->drained = TRUE;
			return 0;
		}
	}
	n = MIN(size, feed->block->len - feed->handed);
	memcpy(buf, feed->block->data + feed->handed, n);
	feed->handed += n;
	return (ssize_t)n;
}

struct vs_pcapng_feed *vs_pcapng_feed_new(FILE *in, const char *name, GError **error)
{
	struct vs_pcapng_feed *feed = g_new0(struct vs_pcapng_feed, 1);
	cookie_io_functions_t io = {.read = feed_stream_read};
	guint32 magic;
	int got;

	feed->name = name;
	feed->in = in;
	feed->block = g_byte_array_new();
	feed->ifaces = g_array_new(FALSE, FALSE, sizeof(guint32));
	feed->iface_ports = g_ptr_array_new();
	feed->ids = g_array_new(FALSE, FALSE, sizeof(struct packet_id));
	got = feed_fill(feed, feed->pushback, 4, TRUE);
	memcpy(&magic, feed->pushback, 4);
	if (got == 0) {
		feed_damaged(feed, "the file is empty");
	} else if (got > 0 && magic == VS_PCAPNG_BT_SHB) {
		/* The magic is the first block's type: give it back (stdin cannot seek). */
		feed->npushback = 4;
		feed->offset = 0;
		feed->pcapng = TRUE;
	} else if (got > 0 && (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS ||
	                       magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_US) ||
	                       magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NS))) {
		/* The file header passes whole, like a record. */
		feed->swap = magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_US) ||
		             magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NS);
		if (feed_fill_block(feed, feed->pushback, 4, PCAP_FILE_HEADER_SIZE))
			feed->headers_passed = 1;
		else
			g_byte_array_set_size(feed->block, 0);
	} else if (got > 0) {
		feed_damaged(feed, "neither pcapng nor pcap");
	}
	/* else 1 to 3 bytes (FEED_CUT), or a read error (FEED_DAMAGED) */
	if (feed->state == FEED_DAMAGED) {
		g_propagate_error(error, g_steal_pointer(&feed->damage));
		vs_pcapng_feed_free(feed);
		return NULL;
	}
	feed->stream = fopencookie(feed, "r", io);
	if (feed->stream == NULL) {
		g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_IO, "%s: %s", name,
		            g_strerror(errno));
		vs_pcapng_feed_free(feed);
		return NULL;
	}
	return feed;
}

void vs_pcapng_feed_free(struct vs_pcapng_feed *feed)
{
	g_clear_error(&feed->damage);
	g_byte_array_free(feed->block, TRUE);
	g_array_free(feed->ifaces, TRUE);
	g_ptr_array_free(feed->iface_ports, TRUE);
	g_array_free(feed->ids, TRUE);
	g_free(feed);
}

FILE *vs_pcapng_feed_stream(struct vs_pcapng_feed *feed)
{
	return feed->stream;
}

gboolean vs_pcapng_feed_packet_id(struct vs_pcapng_feed *feed, guint64 *id, const char **port)
{
	struct packet_id p;

	*port = NULL;
	if (feed->ids_next >= feed->ids->len)
		return FALSE; /* classic pcap */
	p = g_array_index(feed->ids, struct packet_id, feed->ids_next);
	if (++feed->ids_next == feed->ids->len) {
		g_array_set_size(feed->ids, 0); /* may clear what it drops (G_DEBUG=gc-friendly) */
		feed->ids_next = 0;
	}
	*id = p.id;
	*port = p.port;
	return p.has_id;
}

gboolean vs_pcapng_feed_end(struct vs_pcapng_feed *feed, gboolean opened, const char *pcap_error,
                            guint64 records, GError **error)
{
	/* libpcap found fault with a whole block, unless it only missed what
	 * never came: no interface of ours before the file ended. */
	if (pcap_error != NULL && (opened || !feed->drained || feed->headers_passed > 0)) {
		g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT,
		            "%s: damaged capture: %s", feed->name, pcap_error);
		return FALSE;
	}
	switch (feed->state) {
	case FEED_READING: /* libpcap stopped without an error before the end */
	case FEED_END:
		return TRUE;
	case FEED_CUT:
		g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED,
		            "%s: cut short in the middle of a block after %" G_GUINT64_FORMAT
		            " complete records (was the writer killed?)",
		            feed->name, records);
		return FALSE;
	case FEED_DAMAGED:
		g_propagate_error(error, g_steal_pointer(&feed->damage));
		return FALSE;
	}
	g_assert_not_reached();
}
