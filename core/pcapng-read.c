/*
 * The capture reader (-r): pcapng (any byte order, several sections, IDBs
 * anywhere) and classic pcap of link type 252. Each of our frames becomes
 * the record the relay made (doc/capture-format.md); frames naming another
 * dissector, other link types and unknown blocks are skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/capture.h"
#include "core/pcapng.h"

#define PCAP_MAGIC_US 0xA1B2C3D4u
#define PCAP_MAGIC_NS 0xA1B23C4Du

struct iface {
	guint16 linktype;
	guint8 tsresol; /* if_tsresol: 10^-n, or 2^-n with bit 7 set */
	gint64 tsoffset_s;
};

struct reader {
	const char *path;
	FILE *f;
	gboolean swap;   /* the section's byte order is not ours */
	GArray *ifaces;  /* struct iface, index = interface id */
	guint64 records; /* records handed out */
	guint64 offset;  /* bytes consumed, for messages */
	GByteArray *block;
	guint8 pushback[4]; /* the magic, read to tell pcapng from pcap */
	gsize npushback;
	vs_record_fn fn;
	gpointer user_data;
};

static guint16 rd16(const struct reader *rd, const guint8 *p)
{
	guint16 v;

	memcpy(&v, p, 2);
	return rd->swap ? GUINT16_SWAP_LE_BE(v) : v;
}

static guint32 rd32(const struct reader *rd, const guint8 *p)
{
	guint32 v;

	memcpy(&v, p, 4);
	return rd->swap ? GUINT32_SWAP_LE_BE(v) : v;
}

static guint64 rd64(const struct reader *rd, const guint8 *p)
{
	guint64 v;

	memcpy(&v, p, 8);
	return rd->swap ? GUINT64_SWAP_LE_BE(v) : v;
}

/* Read exactly n bytes. 0 = clean end of file before the first byte,
 * 1 = done, -1 = cut short or read error (error set). */
static int reader_fill(struct reader *rd, void *buf, gsize n, gboolean at_boundary, GError **error)
{
	gsize got = MIN(n, rd->npushback);

	if (n == 0)
		return 1; /* a packet of no bytes: buf may be NULL */
	memcpy(buf, rd->pushback, got);
	rd->npushback -= got;
	memmove(rd->pushback, rd->pushback + got, rd->npushback);
	if (got < n)
		got += fread((guint8 *)buf + got, 1, n - got, rd->f);
	rd->offset += got;
	if (got == n)
		return 1;
	if (ferror(rd->f)) {
		g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_IO, "%s: read failed: %s",
		            rd->path, g_strerror(errno));
		return -1;
	}
	if (got == 0 && at_boundary)
		return 0;
	g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED,
	            "%s: cut short in the middle of a block after %" G_GUINT64_FORMAT
	            " complete records (was the writer killed?)",
	            rd->path, rd->records);
	return -1;
}

/* The first piece of a block read at once; each later piece is as long as
 * what has arrived, so the buffer at most doubles per read. */
#define READ_STEP (64u * 1024)

/* Read a whole block (or pcap packet) of total bytes into rd->block, the first
 * have of which the caller has already read into head. The buffer grows with
 * the bytes that arrive, at most doubling each time, never up front to the
 * length the header claims: a short or damaged file claiming a 64 MiB block
 * costs what it holds, not 64 MiB, and fails as soon as it ends. FALSE (error
 * set, as reader_fill) if the file ends or fails first. */
static gboolean reader_fill_block(struct reader *rd, const guint8 *head, gsize have, gsize total,
                                  GError **error)
{
	g_byte_array_set_size(rd->block, 0);
	if (have > 0)
		g_byte_array_append(rd->block, head, (guint)have);
	while (have < total) {
		gsize n = MIN(total - have, MAX(have, READ_STEP));

		g_byte_array_set_size(rd->block, (guint)(have + n));
		if (reader_fill(rd, rd->block->data + have, n, FALSE, error) < 0)
			return FALSE;
		have += n;
	}
	return TRUE;
}

static gboolean format_error(const struct reader *rd, GError **error, const char *what)
{
	g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT,
	            "%s: damaged capture at byte %" G_GUINT64_FORMAT ": %s", rd->path, rd->offset,
	            what);
	return FALSE;
}

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
                         gboolean has_id, guint64 packet_id)
{
	gsize pos = frame_skip_tags(data, len);
	struct vu_pseudo p;
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
	r->kind = p.kind;
	r->channel = p.channel;
	r->from = p.from;
	r->flags = p.flags;
	r->fds_total = p.fds_total;
	r->nfds = p.nfds;
	memcpy(r->fds, p.fds, sizeof(r->fds));
	if (p.kind == VU_RECORD_MESSAGE) {
		r->len = p.msg_len;
		r->bytes = g_malloc(MAX(p.msg_len, 1));
		memcpy(r->bytes, data + pos, p.msg_len);
	} else {
		vs_pcapng_facts_decode((const char *)data + pos, p.msg_len, &r->facts);
	}
	rd->fn(r, rd->user_data);
}

/* ---- pcapng ----------------------------------------------------------------- */

/* Walk the options in [p, end); calls back for each until opt_endofopt. */
typedef void (*option_fn)(struct reader *rd, guint16 code, const guint8 *v, guint16 len,
                          gpointer data);

static void reader_options(struct reader *rd, const guint8 *p, const guint8 *end, option_fn fn,
                           gpointer data)
{
	while (end - p >= 4) {
		guint16 code = rd16(rd, p);
		guint16 len = rd16(rd, p + 2);

		p += 4;
		if (code == VS_PCAPNG_OPT_END || len > end - p)
			return;
		fn(rd, code, p, len, data);
		p += (len + 3u) & ~3u;
	}
}

static void idb_option(struct reader *rd, guint16 code, const guint8 *v, guint16 len, gpointer data)
{
	struct iface *i = data;

	if (code == VS_PCAPNG_OPT_IF_TSRESOL && len >= 1)
		i->tsresol = v[0];
	else if (code == VS_PCAPNG_OPT_IF_TSOFFSET && len >= 8)
		i->tsoffset_s = (gint64)rd64(rd, v);
}

struct epb_options {
	gboolean has_id;
	guint64 id;
};

static void epb_option(struct reader *rd, guint16 code, const guint8 *v, guint16 len, gpointer data)
{
	struct epb_options *o = data;

	if (code == VS_PCAPNG_OPT_EPB_PACKETID && len >= 8) {
		o->has_id = TRUE;
		o->id = rd64(rd, v);
	}
}

static guint64 pow10_u64(unsigned n)
{
	guint64 v = 1;

	while (n--)
		v *= 10;
	return v;
}

/* Ticks of an interface's resolution to nanoseconds since the epoch. */
static guint64 ticks_to_ns(const struct iface *i, guint64 ticks)
{
	guint64 ns;

	if (i->tsresol & 0x80) {
		unsigned n = i->tsresol & 0x7f;
		guint64 sec, frac;

		if (n > 63)
			return 0;
		sec = n ? ticks >> n : ticks;
		frac = n ? ticks & ((G_GUINT64_CONSTANT(1) << n) - 1) : 0;
		/* Keep frac * 1e9 below 2^64: 1e9 < 2^30. */
		if (n > 34)
			frac >>= n - 34, n = 34;
		ns = sec * G_GUINT64_CONSTANT(1000000000) + ((frac * 1000000000u) >> n);
	} else if (i->tsresol <= 9) {
		ns = ticks * pow10_u64(9u - i->tsresol);
	} else if (i->tsresol <= 19) {
		ns = ticks / pow10_u64(i->tsresol - 9u);
	} else {
		ns = 0;
	}
	/* Unsigned: a negative offset subtracts, an absurd one wraps (never UB). */
	return ns + (guint64)i->tsoffset_s * G_GUINT64_CONSTANT(1000000000);
}

static gboolean reader_block(struct reader *rd, guint32 type, const guint8 *body, gsize len,
                             GError **error)
{
	if (type == VS_PCAPNG_BT_IDB) {
		struct iface i = {.tsresol = 6};

		if (len < 8)
			return format_error(rd, error, "interface description block too short");
		i.linktype = rd16(rd, body);
		reader_options(rd, body + 8, body + len, idb_option, &i);
		g_array_append_val(rd->ifaces, i);
	} else if (type == VS_PCAPNG_BT_EPB) {
		guint32 id, caplen;
		struct epb_options o = {0};
		const struct iface *i;

		if (len < 20)
			return format_error(rd, error, "enhanced packet block too short");
		id = rd32(rd, body);
		caplen = rd32(rd, body + 12);
		if (id >= rd->ifaces->len)
			return format_error(rd, error,
			                    "packet on an interface that was not described");
		if (caplen > len - 20)
			return format_error(rd, error, "packet longer than its block");
		i = &g_array_index(rd->ifaces, struct iface, id);
		if (i->linktype != VS_LINKTYPE_WIRESHARK_UPPER_PDU)
			return TRUE;
		reader_options(rd, body + 20 + ((caplen + 3u) & ~3u), body + len, epb_option, &o);
		reader_frame(rd, body + 20, caplen,
		             ticks_to_ns(i, (guint64)rd32(rd, body + 4) << 32 | rd32(rd, body + 8)),
		             o.has_id, o.id);
	}
	return TRUE;
}

static gboolean reader_pcapng(struct reader *rd, GError **error)
{
	guint8 head[12];

	for (;;) {
		guint32 type, total;
		gsize have = 8;
		int got = reader_fill(rd, head, 8, TRUE, error);

		if (got <= 0)
			return got == 0;
		memcpy(&type, head, 4); /* a palindrome for SHB; for others, in section order */
		if (type == VS_PCAPNG_BT_SHB) {
			guint32 bom;

			if (reader_fill(rd, head + 8, 4, FALSE, error) < 0)
				return FALSE;
			have = 12;
			memcpy(&bom, head + 8, 4);
			if (bom == VS_PCAPNG_BYTE_ORDER_MAGIC)
				rd->swap = FALSE;
			else if (bom == GUINT32_SWAP_LE_BE(VS_PCAPNG_BYTE_ORDER_MAGIC))
				rd->swap = TRUE;
			else
				return format_error(rd, error,
				                    "section header with a bad byte-order magic");
			g_array_set_size(rd->ifaces, 0);
		}
		type = rd32(rd, head);
		total = rd32(rd, head + 4);
		if (total < 12 || total % 4 || total > VS_PCAPNG_MAX_BLOCK || total < have + 4)
			return format_error(rd, error, "block with an impossible length");
		if (!reader_fill_block(rd, head, have, total, error))
			return FALSE;
		if (rd32(rd, rd->block->data + total - 4) != total)
			return format_error(rd, error, "block lengths at start and end differ");
		if (type != VS_PCAPNG_BT_SHB &&
		    !reader_block(rd, type, rd->block->data + 8, total - 12, error))
			return FALSE;
	}
}

/* ---- classic pcap ----------------------------------------------------------- */

static gboolean reader_pcap(struct reader *rd, const guint8 *magic_bytes, GError **error)
{
	guint8 head[24];
	guint32 magic;
	gboolean nano;
	struct iface i = {0};

	memcpy(head, magic_bytes, 4);
	if (reader_fill(rd, head + 4, 20, FALSE, error) < 0)
		return FALSE;
	memcpy(&magic, head, 4);
	rd->swap = magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_US) ||
	           magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NS);
	nano = rd32(rd, head) == PCAP_MAGIC_NS;
	i.linktype = (guint16)(rd32(rd, head + 20) & 0xffff);
	for (;;) {
		guint8 rec[16];
		guint32 caplen;
		guint64 ns;
		int got = reader_fill(rd, rec, 16, TRUE, error);

		if (got <= 0)
			return got == 0;
		caplen = rd32(rd, rec + 8);
		if (caplen > VS_PCAPNG_MAX_BLOCK)
			return format_error(rd, error, "packet with an impossible length");
		if (!reader_fill_block(rd, NULL, 0, caplen, error))
			return FALSE;
		if (i.linktype != VS_LINKTYPE_WIRESHARK_UPPER_PDU)
			continue;
		ns = (guint64)rd32(rd, rec) * 1000000000u +
		     (guint64)rd32(rd, rec + 4) * (nano ? 1u : 1000u);
		reader_frame(rd, rd->block->data, caplen, ns, FALSE, 0);
	}
}

/* ---- entry point ------------------------------------------------------------ */

gboolean vs_capture_read_stream(FILE *f, const char *name, vs_record_fn fn, gpointer user_data,
                                GError **error)
{
	struct reader rd = {.path = name, .f = f, .fn = fn, .user_data = user_data};
	guint8 magic[4];
	guint32 m;
	gboolean ok;
	int got;

	rd.ifaces = g_array_new(FALSE, FALSE, sizeof(struct iface));
	rd.block = g_byte_array_new();
	got = reader_fill(&rd, magic, 4, TRUE, error);
	memcpy(&m, magic, 4);
	if (got < 0) {
		ok = FALSE;
	} else if (got == 0) {
		ok = format_error(&rd, error, "the file is empty");
	} else if (m == VS_PCAPNG_BT_SHB) {
		/* The magic is the first block's type: give it back (stdin cannot seek). */
		memcpy(rd.pushback, magic, 4);
		rd.npushback = 4;
		rd.offset = 0;
		ok = reader_pcapng(&rd, error);
	} else if (m == PCAP_MAGIC_US || m == PCAP_MAGIC_NS ||
	           m == GUINT32_SWAP_LE_BE(PCAP_MAGIC_US) ||
	           m == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NS)) {
		ok = reader_pcap(&rd, magic, error);
	} else {
		ok = format_error(&rd, error, "neither pcapng nor pcap");
	}
	g_array_free(rd.ifaces, TRUE);
	g_byte_array_free(rd.block, TRUE);
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
