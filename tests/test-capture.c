/*
 * Unit tests of the capture writer and reader (vscore/pcapng-*.c): what is
 * written reads back as the same records, the bytes on disk follow
 * doc/capture-format.md (checked here by hand, not by the reader), libpcap
 * reads the files, a file cut anywhere yields every whole record, a block
 * claiming far more than the file holds is refused without allocating the
 * claim, and write failures stop the sink without stopping its caller.
 */
#include "config.h"

#include <fcntl.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tests/test-capture-samples.h"
#include "vscore/capture.h"
#include "vscore/pcapng.h"

/* ---- helpers --------------------------------------------------------------- */

static char *tmp_dir;

static char *tmp_path(const char *name)
{
	return g_build_filename(tmp_dir, name, NULL);
}

static void collect(struct vs_record *r, gpointer user_data)
{
	g_ptr_array_add(user_data, r);
}

static GPtrArray *new_record_array(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)vs_record_free);
}

static void write_records(const char *path, GPtrArray *records)
{
	g_autoptr(GError) error = NULL;
	struct vs_sink *sink = vs_pcapng_sink_new(path, &error);

	g_assert_no_error(error);
	g_assert_nonnull(sink);
	for (guint i = 0; i < records->len; i++)
		sink->write(sink, g_ptr_array_index(records, i), NULL, NULL);
	sink->close(sink);
}

static void assert_same_records(GPtrArray *want, GPtrArray *got)
{
	g_assert_cmpuint(got->len, ==, want->len);
	for (guint i = 0; i < want->len; i++) {
		g_autofree char *why = NULL;

		if (!test_capture_record_equal(g_ptr_array_index(want, i),
		                               g_ptr_array_index(got, i), &why))
			g_error("record %u: %s", i, why);
	}
}

static guint32 le32(const guint8 *p)
{
	return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static guint64 le64(const guint8 *p)
{
	return (guint64)le32(p) | (guint64)le32(p + 4) << 32;
}

/* Byte offsets where each block of a little-endian pcapng file ends. */
static GArray *block_ends(const guint8 *data, gsize len)
{
	GArray *ends = g_array_new(FALSE, FALSE, sizeof(gsize));
	gsize pos = 0;

	while (pos + 8 <= len) {
		pos += le32(data + pos + 4);
		g_array_append_val(ends, pos);
	}
	g_assert_cmpuint(pos, ==, len);
	return ends;
}

/* ---- round trip ----------------------------------------------------------- */

static void test_roundtrip(void)
{
	g_autoptr(GPtrArray) want = test_capture_samples();
	g_autoptr(GPtrArray) got = new_record_array();
	g_autofree char *path = tmp_path("roundtrip.pcapng");
	g_autoptr(GError) error = NULL;

	write_records(path, want);
	g_assert_true(vs_capture_read(path, collect, got, &error));
	g_assert_no_error(error);
	assert_same_records(want, got);
}

/* Records of two ports: odd sessions vm1-net0, even ones vm1-blk. Each
 * interface is named after its port, and the labels come back with every
 * record; a label the if_name does not hold is none. */
static void test_ports(void)
{
	g_autoptr(GPtrArray) want = test_capture_samples();
	g_autoptr(GPtrArray) got = new_record_array();
	g_autofree char *path = tmp_path("ports.pcapng");
	g_autofree char *data = NULL;
	g_autoptr(GError) error = NULL;
	const char *net = g_intern_static_string("vm1-net0");
	const char *blk = g_intern_static_string("vm1-blk");
	gsize len;

	for (guint i = 0; i < want->len; i++) {
		struct vs_record *r = g_ptr_array_index(want, i);

		r->port = r->session % 2 ? net : blk;
	}
	write_records(path, want);
	g_assert_true(vs_capture_read(path, collect, got, &error));
	g_assert_no_error(error);
	assert_same_records(want, got);
	for (guint i = 0; i < got->len; i++) {
		const struct vs_record *r = g_ptr_array_index(got, i);

		g_assert_true(r->port == (r->session % 2 ? net : blk));
	}
	g_assert_true(g_file_get_contents(path, &data, &len, NULL));
	g_assert_nonnull(memmem(data, len, "vm1-net0 session 1 main", 23));

	g_assert_true(vs_pcapng_iface_port("vm1-net0 session 12 main", 24) == net);
	g_assert_null(vs_pcapng_iface_port("session 12 main", 15));
	g_assert_null(vs_pcapng_iface_port("a b session 1 main", 18));
	g_assert_null(vs_pcapng_iface_port("eth0", 4));
	/* len bounds the name: what follows is not read */
	g_assert_null(vs_pcapng_iface_port("vm1-net0 session 1 main", 8));
	{
		g_autofree char *name = vs_pcapng_iface_name(net, 3, "backend");

		g_assert_cmpstr(name, ==, "vm1-net0 session 3 backend");
	}
	{
		g_autofree char *name = vs_pcapng_iface_name(NULL, 3, "main");

		g_assert_cmpstr(name, ==, "session 3 main");
	}
}

/* The layout of doc/capture-format.md, checked byte by byte. */
static void test_layout(void)
{
	g_autoptr(GPtrArray) records = test_capture_samples();
	g_autofree char *path = tmp_path("layout.pcapng");
	g_autofree guint8 *data = NULL;
	g_autoptr(GArray) ends = NULL;
	gsize len, pos;
	const struct vs_record *first = g_ptr_array_index(records, 0);
	const struct vs_record *get_features = g_ptr_array_index(records, 1);
	static const guint8 tags[20] = {0,   12,  0,   12, 'v', 'h', 'o', 's', 't', 'u',
	                                's', 'e', 'r', 0,  0,   0,   0,   0,   0,   0};
	const guint8 *epb, *pkt;
	guint32 caplen;
	guint64 ts;

	write_records(path, records);
	g_assert_true(g_file_get_contents(path, (char **)&data, &len, NULL));
	ends = block_ends(data, len);
	/* SHB, byte-order magic, version 1.0, section length -1 */
	g_assert_cmphex(le32(data), ==, 0x0A0D0D0A);
	g_assert_cmphex(le32(data + 8), ==, 0x1A2B3C4D);
	g_assert_cmpuint(data[12] | data[13] << 8, ==, 1);
	g_assert_cmpuint(data[14] | data[15] << 8, ==, 0);
	g_assert_cmphex(le64(data + 16), ==, G_MAXUINT64);
	g_assert_nonnull(memmem(data, g_array_index(ends, gsize, 0), "vhostsniff " PACKAGE_VERSION,
	                        strlen("vhostsniff " PACKAGE_VERSION)));
	/* IDB: link type 252, snaplen 0, if_name, if_tsresol 9 */
	pos = g_array_index(ends, gsize, 0);
	g_assert_cmphex(le32(data + pos), ==, 1);
	g_assert_cmpuint(data[pos + 8] | data[pos + 9] << 8, ==, 252);
	g_assert_cmpuint(le32(data + pos + 12), ==, 0);
	g_assert_nonnull(
	    memmem(data + pos, g_array_index(ends, gsize, 1) - pos, "session 1 main", 14));
	g_assert_nonnull(
	    memmem(data + pos, g_array_index(ends, gsize, 1) - pos, "\x09\x00\x01\x00\x09", 5));
	/* EPB of the session start: facts as key=value lines */
	epb = data + g_array_index(ends, gsize, 1);
	g_assert_cmphex(le32(epb), ==, 6);
	pkt = epb + 28;
	g_assert_cmpmem(pkt, 20, tags, 20);
	g_assert_cmpmem(pkt + 20, 2, "VU", 2);
	g_assert_cmpuint(pkt[22], ==, 1);                       /* version */
	g_assert_cmpuint(pkt[23], ==, VU_RECORD_SESSION_START); /* kind */
	g_assert_cmpuint(le32(pkt + 28), ==, first->session);
	g_assert_nonnull(
	    memmem(pkt + 44, le32(pkt + 32), "front.path=/tmp/vhostsniff-test/a.sock\n", 39));
	g_assert_nonnull(memmem(pkt + 44, le32(pkt + 32), "front.pid=4711\n", 15));
	g_assert_nonnull(memmem(pkt + 44, le32(pkt + 32), "\\n\\x09-nodefaults", 17));
	/* EPB of GET_FEATURES: ns timestamp, lengths, the message after 20 + 24 bytes */
	epb = data + g_array_index(ends, gsize, 2);
	g_assert_cmphex(le32(epb), ==, 6);
	g_assert_cmpuint(le32(epb + 8), ==, 0); /* interface 0 */
	ts = (guint64)le32(epb + 12) << 32 | le32(epb + 16);
	g_assert_cmpuint(ts, ==, get_features->ts_ns);
	caplen = le32(epb + 20);
	g_assert_cmpuint(caplen, ==, 20 + 24 + 12);
	g_assert_cmpuint(le32(epb + 24), ==, caplen);
	pkt = epb + 28;
	g_assert_cmpuint(pkt[23], ==, VU_RECORD_MESSAGE);
	g_assert_cmpuint(pkt[24], ==, VU_CHANNEL_MAIN);
	g_assert_cmpuint(pkt[25], ==, VU_FROM_FRONT);
	g_assert_cmpuint(le32(pkt + 32), ==, 12);
	g_assert_cmpmem(pkt + 44, 12, get_features->bytes, 12);
	/* epb_packetid = the frame number */
	g_assert_cmpuint(epb[28 + 56] | epb[28 + 57] << 8, ==, 5);
	g_assert_cmpuint(le64(epb + 28 + 60), ==, get_features->frame);
}

/* A message with fds: 64-byte entries after the fixed 24 bytes. */
static void test_layout_fds(void)
{
	g_autoptr(GPtrArray) records = test_capture_samples();
	g_autofree char *path = tmp_path("fds.pcapng");
	g_autofree guint8 *data = NULL;
	gsize len;
	const guint8 *p;

	write_records(path, records);
	g_assert_true(g_file_get_contents(path, (char **)&data, &len, NULL));
	/* The memfd of SET_MEM_TABLE: kind 1, size 256 MiB, inode 4242, "pc.ram". */
	p = memmem(data, len, "pc.ram", 6);
	g_assert_nonnull(p);
	p -= 24;
	g_assert_cmpuint(p[0], ==, VU_FD_MEMFD);
	g_assert_cmpuint(le64(p + 8), ==, 256u << 20);
	g_assert_cmpuint(le64(p + 16), ==, 4242);
	g_assert_cmpuint(p[-24 + 6], ==, 1);  /* nfds */
	g_assert_cmpuint(p[-24 + 16], ==, 1); /* fds_total */
}

/* ---- libpcap --------------------------------------------------------------- */

/* libpcap reads every frame; its classic pcap copy reads back the same. */
static void test_libpcap(void)
{
	g_autoptr(GPtrArray) want = test_capture_samples();
	g_autoptr(GPtrArray) got = new_record_array();
	g_autofree char *path = tmp_path("libpcap.pcapng");
	g_autofree char *classic = tmp_path("classic.pcap");
	g_autoptr(GError) error = NULL;
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_dumper_t *dumper;
	pcap_t *pc;
	guint n = 0;
	int rc;

	write_records(path, want);
	pc = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
	g_assert_nonnull(pc);
	g_assert_cmpint(pcap_datalink(pc), ==, 252);
	dumper = pcap_dump_open(pc, classic);
	g_assert_nonnull(dumper);
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		const struct vs_record *r = g_ptr_array_index(want, n);

		g_assert_cmpuint((guint64)h->ts.tv_sec * 1000000000u + (guint64)h->ts.tv_usec, ==,
		                 r->ts_ns);
		g_assert_cmpmem(data + 20, 2, "VU", 2);
		pcap_dump((u_char *)dumper, h, data);
		n++;
	}
	g_assert_cmpint(rc, ==, PCAP_ERROR_BREAK);
	g_assert_cmpuint(n, ==, want->len);
	pcap_dump_close(dumper);
	pcap_close(pc);

	g_assert_true(vs_capture_read(classic, collect, got, &error));
	g_assert_no_error(error);
	assert_same_records(want, got);
}

/* ---- cut files (a writer killed mid-write) --------------------------------- */

static void test_cut_anywhere(void)
{
	g_autoptr(GPtrArray) want = test_capture_samples();
	g_autofree char *path = tmp_path("whole.pcapng");
	g_autofree char *cut = tmp_path("cut.pcapng");
	g_autofree guint8 *data = NULL;
	g_autoptr(GArray) ends = NULL;
	gsize len;

	write_records(path, want);
	g_assert_true(g_file_get_contents(path, (char **)&data, &len, NULL));
	ends = block_ends(data, len);
	for (gsize at = 1; at < len; at++) {
		g_autoptr(GPtrArray) got = new_record_array();
		g_autoptr(GError) error = NULL;
		guint whole_epbs = 0;
		gboolean at_boundary = FALSE;
		gboolean ok;

		/* block 0 is the SHB, 1 the first IDB; EPBs and a later IDB follow */
		for (guint b = 0; b < ends->len; b++) {
			gsize end = g_array_index(ends, gsize, b);

			if (end <= at &&
			    le32(data + (b ? g_array_index(ends, gsize, b - 1) : 0)) == 6)
				whole_epbs++;
			if (end == at)
				at_boundary = TRUE;
		}
		g_assert_true(g_file_set_contents(cut, (const char *)data, (gssize)at, NULL));
		ok = vs_capture_read(cut, collect, got, &error);
		g_assert_cmpuint(got->len, ==, whole_epbs);
		if (at_boundary) {
			g_assert_no_error(error);
			g_assert_true(ok);
		} else {
			g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED);
			g_assert_false(ok);
		}
		for (guint i = 0; i < got->len; i++) {
			g_autofree char *why = NULL;

			g_assert_true(test_capture_record_equal(g_ptr_array_index(want, i),
			                                        g_ptr_array_index(got, i), &why));
		}
	}
}

/* ---- hand-made files: other link types, other dissectors, big-endian ---- */

static void put16(GByteArray *b, guint16 v, gboolean be)
{
	guint8 x[2] = {be ? v >> 8 : v & 0xff, be ? v & 0xff : v >> 8};

	g_byte_array_append(b, x, 2);
}

static void put32(GByteArray *b, guint32 v, gboolean be)
{
	put16(b, be ? v >> 16 : v & 0xffff, be);
	put16(b, be ? v & 0xffff : v >> 16, be);
}

/* A whole block: type, length, body (padded), length. */
static void put_block(GByteArray *b, guint32 type, const guint8 *body, gsize len, gboolean be)
{
	static const guint8 zeros[4];
	gsize padded = (len + 3) & ~(gsize)3;

	put32(b, type, be);
	put32(b, (guint32)(12 + padded), be);
	g_byte_array_append(b, body, (guint)len);
	g_byte_array_append(b, zeros, (guint)(padded - len));
	put32(b, (guint32)(12 + padded), be);
}

static void put_shb(GByteArray *b, gboolean be)
{
	GByteArray *body = g_byte_array_new();

	put32(body, 0x1A2B3C4D, be);
	put16(body, 1, be);
	put16(body, 0, be);
	put32(body, 0xffffffff, be);
	put32(body, 0xffffffff, be);
	put_block(b, 0x0A0D0D0A, body->data, body->len, be);
	g_byte_array_unref(body);
}

static void put_idb(GByteArray *b, guint16 linktype, gboolean be)
{
	GByteArray *body = g_byte_array_new();

	put16(body, linktype, be);
	put16(body, 0, be);
	put32(body, 0, be);
	/* if_tsresol 6 (microseconds) explicitly, to test the scaling */
	put16(body, 9, be);
	put16(body, 1, be);
	put32(body, be ? 0x06000000 : 0x00000006, be);
	put32(body, 0, be);
	put_block(b, 1, body->data, body->len, be);
	g_byte_array_unref(body);
}

static void put_epb(GByteArray *b, guint32 iface, guint64 ts_us, const guint8 *pkt, gsize len,
                    gboolean be)
{
	GByteArray *body = g_byte_array_new();

	put32(body, iface, be);
	put32(body, (guint32)(ts_us >> 32), be);
	put32(body, (guint32)ts_us, be);
	put32(body, (guint32)len, be);
	put32(body, (guint32)len, be);
	g_byte_array_append(body, pkt, (guint)len);
	put_block(b, 6, body->data, body->len, be);
	g_byte_array_unref(body);
}

/* Our frame for a 12-byte SET_OWNER of session 7 from the front-end. */
static gsize our_frame(guint8 *out, const char *dissector)
{
	gsize n = strlen(dissector), pos = 0;

	out[pos++] = 0, out[pos++] = 12, out[pos++] = 0, out[pos++] = (guint8)n;
	memcpy(out + pos, dissector, n), pos += n;
	memset(out + pos, 0, 4), pos += 4;
	memset(out + pos, 0, 24);
	out[pos] = 'V', out[pos + 1] = 'U', out[pos + 2] = 1, out[pos + 8] = 7, out[pos + 12] = 12;
	pos += 24;
	memcpy(out + pos, "\x03\0\0\0\x01\0\0\0\0\0\0\0", 12);
	return pos + 12;
}

static void test_foreign_and_big_endian(void)
{
	for (int be = 0; be <= 1; be++) {
		g_autoptr(GByteArray) f = g_byte_array_new();
		g_autoptr(GPtrArray) got = new_record_array();
		g_autoptr(GError) error = NULL;
		g_autofree char *path = tmp_path("handmade.pcapng");
		guint8 pkt[128];
		const struct vs_record *r;
		gsize n;

		put_shb(f, be);
		put_idb(f, 1, be); /* Ethernet: skipped */
		put_epb(f, 0, 5, (const guint8 *)"\xff\xff\xff\xff\xff\xff", 6, be);
		put_idb(f, 252, be);
		n = our_frame(pkt, "eth_withoutfcs"); /* another dissector: skipped */
		put_epb(f, 1, 6, pkt, n, be);
		put_block(f, 0x00000005, (const guint8 *)"\0\0\0\0", 4, be); /* ISB: skipped */
		n = our_frame(pkt, "vhostuser");
		put_epb(f, 1, G_GUINT64_CONSTANT(1700000000000001), pkt, n, be);
		g_assert_true(g_file_set_contents(path, (const char *)f->data, f->len, NULL));
		g_assert_true(vs_capture_read(path, collect, got, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(got->len, ==, 1);
		r = g_ptr_array_index(got, 0);
		g_assert_cmpuint(r->session, ==, 7);
		g_assert_cmpuint(r->ts_ns, ==, G_GUINT64_CONSTANT(1700000000000001000));
		g_assert_cmpuint(r->frame, ==, 1); /* no epb_packetid: position */
		g_assert_cmpuint(r->len, ==, 12);
		g_assert_cmpuint(r->bytes[0], ==, 3);
	}
}

static void test_read_errors(void)
{
	g_autoptr(GPtrArray) got = new_record_array();
	g_autofree char *missing = tmp_path("does-not-exist.pcapng");
	g_autofree char *garbage = tmp_path("garbage.pcapng");
	g_autofree char *empty = tmp_path("empty.pcapng");
	g_autofree char *bad_len = tmp_path("bad-length.pcapng");
	g_autoptr(GByteArray) f = g_byte_array_new();
	GError *error = NULL;

	g_assert_false(vs_capture_read(missing, collect, got, &error));
	g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_OPEN);
	g_assert_nonnull(strstr(error->message, missing));
	g_clear_error(&error);

	g_assert_true(g_file_set_contents(garbage, "this is not a capture file", -1, NULL));
	g_assert_false(vs_capture_read(garbage, collect, got, &error));
	g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT);
	g_clear_error(&error);

	g_assert_true(g_file_set_contents(empty, "", 0, NULL));
	g_assert_false(vs_capture_read(empty, collect, got, &error));
	g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT);
	g_clear_error(&error);

	/* trailing length differs from the leading one */
	put_shb(f, FALSE);
	f->data[f->len - 1] ^= 1;
	g_assert_true(g_file_set_contents(bad_len, (const char *)f->data, f->len, NULL));
	g_assert_false(vs_capture_read(bad_len, collect, got, &error));
	g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT);
	g_clear_error(&error);
	g_assert_cmpuint(got->len, ==, 0);
}

/* ---- blocks longer than one read, and claims longer than the file ------------ */

/* Bytes of options that make a block span several of the reader's pieces. */
#define LONG_OPTIONS (5u * 60000u)

/* An EPB of interface 1 with our frame, LONG_OPTIONS of comments and, last,
 * an epb_packetid: the id arrives only if the whole block was put together. */
static void put_long_epb(GByteArray *b, guint64 packet_id)
{
	g_autoptr(GByteArray) body = g_byte_array_new();
	g_autofree guint8 *comment = g_malloc(60000);
	guint8 pkt[128];
	gsize n = our_frame(pkt, "vhostuser");
	static const guint8 zeros[4];

	put32(body, 1, FALSE);
	put32(body, 0, FALSE);
	put32(body, 1, FALSE);
	put32(body, (guint32)n, FALSE);
	put32(body, (guint32)n, FALSE);
	g_byte_array_append(body, pkt, (guint)n);
	g_byte_array_append(body, zeros, (guint)(((n + 3) & ~(gsize)3) - n));
	memset(comment, 'x', 60000);
	for (guint i = 0; i < LONG_OPTIONS / 60000; i++) {
		put16(body, 1, FALSE); /* opt_comment */
		put16(body, 60000, FALSE);
		g_byte_array_append(body, comment, 60000);
	}
	put16(body, 5, FALSE); /* epb_packetid */
	put16(body, 8, FALSE);
	put32(body, (guint32)packet_id, FALSE);
	put32(body, (guint32)(packet_id >> 32), FALSE);
	put32(body, 0, FALSE); /* opt_endofopt */
	put_block(b, 6, body->data, body->len, FALSE);
}

static void test_long_block(void)
{
	g_autoptr(GByteArray) f = g_byte_array_new();
	g_autoptr(GPtrArray) got = new_record_array();
	g_autoptr(GError) error = NULL;
	g_autofree char *path = tmp_path("long-block.pcapng");
	const struct vs_record *r;

	put_shb(f, FALSE);
	put_idb(f, 1, FALSE);
	put_idb(f, 252, FALSE);
	put_long_epb(f, G_GUINT64_CONSTANT(0x100000042));
	put_long_epb(f, 43);
	g_assert_cmpuint(f->len, >, 2 * LONG_OPTIONS);
	g_assert_true(g_file_set_contents(path, (const char *)f->data, f->len, NULL));
	g_assert_true(vs_capture_read(path, collect, got, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(got->len, ==, 2);
	r = g_ptr_array_index(got, 0);
	g_assert_cmpuint(r->frame, ==, G_GUINT64_CONSTANT(0x100000042));
	g_assert_cmpuint(r->len, ==, 12);
	g_assert_cmpuint(r->bytes[0], ==, 3);
	r = g_ptr_array_index(got, 1);
	g_assert_cmpuint(r->frame, ==, 43);
	g_assert_cmpuint(r->session, ==, 7);
}

/* Data memory the process has mapped (VmData), in bytes. */
static rlim_t data_in_use(void)
{
	g_autofree char *status = NULL;
	const char *line;

	g_assert_true(g_file_get_contents("/proc/self/status", &status, NULL, NULL));
	line = strstr(status, "\nVmData:");
	g_assert_nonnull(line);
	return (rlim_t)g_ascii_strtoull(g_strchug((char *)line + 8), NULL, 10) * 1024;
}

/* A file whose last block (or pcap packet) claims 64 MiB and holds 300 KB is
 * refused as cut short, with the records before it, while the process may map
 * only 16 MiB more data (RLIMIT_DATA): the reader must not allocate what a
 * header claims before the bytes are there (a 64 MiB allocation aborts). */
static void test_claim_beyond_file(void)
{
	g_autofree char *ng = tmp_path("claim.pcapng");
	g_autofree char *classic = tmp_path("claim.pcap");

	if (g_test_subprocess()) {
		g_autoptr(GByteArray) f = g_byte_array_new();
		g_autoptr(GByteArray) p = g_byte_array_new();
		g_autoptr(GPtrArray) got = new_record_array();
		g_autofree guint8 *tail = g_malloc0(LONG_OPTIONS);
		GError *error = NULL;
		struct rlimit lim;
		guint8 pkt[128];
		gsize n = our_frame(pkt, "vhostuser");

		put_shb(f, FALSE);
		put_idb(f, 252, FALSE);
		put_epb(f, 0, 1, pkt, n, FALSE);
		put32(f, 6, FALSE);
		put32(f, VS_PCAPNG_MAX_BLOCK, FALSE);
		g_byte_array_append(f, tail, LONG_OPTIONS);
		g_assert_true(g_file_set_contents(ng, (const char *)f->data, f->len, NULL));

		put32(p, 0xA1B2C3D4, FALSE); /* pcap, microseconds */
		put16(p, 2, FALSE);
		put16(p, 4, FALSE);
		put32(p, 0, FALSE);
		put32(p, 0, FALSE);
		put32(p, 0xffff, FALSE);
		put32(p, 252, FALSE);
		put32(p, 1, FALSE);
		put32(p, 0, FALSE);
		put32(p, VS_PCAPNG_MAX_BLOCK, FALSE);
		put32(p, VS_PCAPNG_MAX_BLOCK, FALSE);
		g_byte_array_append(p, tail, LONG_OPTIONS);
		g_assert_true(g_file_set_contents(classic, (const char *)p->data, p->len, NULL));

		g_assert_cmpint(getrlimit(RLIMIT_DATA, &lim), ==, 0);
		lim.rlim_cur = data_in_use() + 16u * 1024 * 1024;
		g_assert_cmpint(setrlimit(RLIMIT_DATA, &lim), ==, 0);

		g_assert_false(vs_capture_read(ng, collect, got, &error));
		g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED);
		g_assert_nonnull(strstr(error->message, "after 1 complete records"));
		g_clear_error(&error);
		g_assert_cmpuint(got->len, ==, 1);

		g_assert_false(vs_capture_read(classic, collect, got, &error));
		g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED);
		g_assert_nonnull(strstr(error->message, "after 0 complete records"));
		g_clear_error(&error);
		g_assert_cmpuint(got->len, ==, 1);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
}

/* ---- standard input and output ------------------------------------------------ */

static void test_stdio(void)
{
	g_autoptr(GPtrArray) want = test_capture_samples();
	g_autofree char *path = tmp_path("stdout.pcapng");

	if (g_test_subprocess()) {
		g_autoptr(GPtrArray) got = new_record_array();
		g_autoptr(GError) error = NULL;
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		/* -w - : the sink writes to fd 1 */
		g_assert_cmpint(dup2(fd, STDOUT_FILENO), ==, STDOUT_FILENO);
		close(fd);
		write_records("-", want);
		fflush(stdout);
		/* -r - : the reader reads fd 0 */
		fd = open(path, O_RDONLY);
		g_assert_cmpint(dup2(fd, STDIN_FILENO), ==, STDIN_FILENO);
		close(fd);
		g_assert_true(vs_capture_read("-", collect, got, &error));
		g_assert_no_error(error);
		assert_same_records(want, got);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
}

/* ---- write failures: clear error, and the caller goes on ---------------------- */

static void test_unwritable(void)
{
	g_autofree char *path = tmp_path("no-such-dir/x.pcapng");
	GError *error = NULL;

	g_assert_null(vs_pcapng_sink_new(path, &error));
	g_assert_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_OPEN);
	g_assert_nonnull(strstr(error->message, path));
	g_assert_nonnull(strstr(error->message, "No such file or directory"));
	g_clear_error(&error);
}

static void test_full_disk(void)
{
	if (g_test_subprocess()) {
		g_autoptr(GPtrArray) records = test_capture_samples();

		/* /dev/full: opening works, every write fails with ENOSPC */
		write_records("/dev/full", records);
		g_print("caller still running\n");
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stdout("*caller still running*");
	g_test_trap_assert_stderr("*capture /dev/full: write failed: No space left on device; "
	                          "recording stopped, the relay goes on*");
	/* said once, not once per record */
	g_test_trap_assert_stderr_unmatched("*recording stopped*recording stopped*");
}

/* A write cut short (here by RLIMIT_FSIZE) is undone: no half block stays. */
static void test_short_write(void)
{
	g_autofree char *path = tmp_path("short.pcapng");

	if (g_test_subprocess()) {
		g_autoptr(GPtrArray) records = test_capture_samples();
		struct rlimit lim = {3000, 3000};

		signal(SIGXFSZ, SIG_IGN);
		g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
		write_records(path, records);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr("*write failed: File too large; recording stopped*");
	{
		g_autoptr(GPtrArray) want = test_capture_samples();
		g_autoptr(GPtrArray) got = new_record_array();
		g_autoptr(GError) error = NULL;
		GStatBuf st;

		g_assert_cmpint(g_stat(path, &st), ==, 0);
		g_assert_cmpint(st.st_size, <=, 3000);
		g_assert_true(vs_capture_read(path, collect, got, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(got->len, >, 5);
		g_assert_cmpuint(got->len, <, want->len);
		g_ptr_array_set_size(want, got->len);
		assert_same_records(want, got);
	}
}

/* ---- rotation ---------------------------------------------------------------- */

static void test_rotate_size(void)
{
	g_autoptr(GPtrArray) want = test_capture_samples();
	g_autoptr(GPtrArray) got = new_record_array();
	g_autofree char *path = tmp_path("rot.pcapng");
	struct vs_capture_rotation rot = {.max_bytes = 1500};
	g_autoptr(GError) error = NULL;
	struct vs_sink *sink = vs_pcapng_sink_new_rotating(path, &rot, &error);
	guint files = 0;

	g_assert_no_error(error);
	for (guint i = 0; i < want->len; i++)
		sink->write(sink, g_ptr_array_index(want, i), NULL, NULL);
	sink->close(sink);
	/* FILE, FILE1, FILE2, ...: each a whole capture no bigger than the limit
	 * (unless a single record is), read in order they give every record. */
	for (;; files++) {
		g_autofree char *name =
		    files ? g_strdup_printf("%s%u", path, files) : g_strdup(path);
		GStatBuf st;

		if (g_stat(name, &st) != 0)
			break;
		g_assert_cmpint(st.st_size, <=, 1500);
		g_assert_true(vs_capture_read(name, collect, got, &error));
		g_assert_no_error(error);
	}
	g_assert_cmpuint(files, >=, 3);
	assert_same_records(want, got);
}

static void test_rotate_time(void)
{
	g_autoptr(GPtrArray) want = test_capture_samples();
	g_autofree char *tmpl = tmp_path("time-%s.pcapng");
	struct vs_capture_rotation rot = {.seconds = 1};
	g_autoptr(GError) error = NULL;
	struct vs_sink *sink = vs_pcapng_sink_new_rotating(tmpl, &rot, &error);
	g_autoptr(GDir) dir = NULL;
	const char *name;
	guint files = 0, records = 0;

	g_assert_no_error(error);
	sink->write(sink, g_ptr_array_index(want, 0), NULL, NULL);
	sink->write(sink, g_ptr_array_index(want, 1), NULL, NULL);
	g_usleep(1100 * 1000);
	sink->write(sink, g_ptr_array_index(want, 2), NULL, NULL);
	sink->close(sink);
	dir = g_dir_open(tmp_dir, 0, NULL);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autoptr(GPtrArray) got = new_record_array();
		g_autofree char *full = NULL;

		if (!g_str_has_prefix(name, "time-"))
			continue;
		full = g_build_filename(tmp_dir, name, NULL);
		g_assert_true(vs_capture_read(full, collect, got, &error));
		g_assert_no_error(error);
		records += got->len;
		files++;
	}
	g_assert_cmpuint(files, ==, 2);
	g_assert_cmpuint(records, ==, 3);
}

/* The "eventfd-id:" of fd as /proc/self/fdinfo says it, read here the
 * plain way; 0 when the kernel has none (before 6.0). */
static guint32 fdinfo_eventfd_id(int fd)
{
	g_autofree char *path = g_strdup_printf("/proc/self/fdinfo/%d", fd);
	g_autofree char *text = NULL;
	const char *line;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_nonnull(strstr(text, "eventfd-count:"));
	line = strstr(text, "eventfd-id:");
	return line != NULL ? (guint32)g_ascii_strtoull(line + strlen("eventfd-id:"), NULL, 10) : 0;
}

/* What a live fd's facts say, for each kind of fd the relay sees: an
 * eventfd is told apart by its fdinfo (no readlink), other anonymous fds
 * by their link, sockets and pipes by fstat alone. */
static void test_fd_facts(void)
{
	g_autofree char *file = g_build_filename(tmp_dir, "facts.bin", NULL);
	struct vu_fd_info info;
	struct stat st;
	int ev[2], memfd, timer, pipes[2], socks[2], reg;

	vs_fd_describe_prepare();
	for (int i = 0; i < 2; i++) {
		ev[i] = eventfd(0, EFD_CLOEXEC);
		g_assert_cmpint(ev[i], >=, 0);
		vs_fd_describe(ev[i], &info);
		g_assert_cmpuint(info.kind, ==, VU_FD_EVENTFD);
		g_assert_cmpstr(info.name, ==, "anon_inode:[eventfd]");
		g_assert_cmpuint(info.eventfd_id, ==, fdinfo_eventfd_id(ev[i]));
		g_assert_cmpint(fstat(ev[i], &st), ==, 0);
		g_assert_cmpuint(info.inode, ==, st.st_ino);
	}
	/* every eventfd has the same inode: the id tells them apart */
	if (fdinfo_eventfd_id(ev[0]) != 0)
		g_assert_cmpuint(fdinfo_eventfd_id(ev[0]), !=, fdinfo_eventfd_id(ev[1]));

	memfd = memfd_create("guest-ram", MFD_CLOEXEC);
	g_assert_cmpint(memfd, >=, 0);
	g_assert_cmpint(ftruncate(memfd, 1 << 20), ==, 0);
	vs_fd_describe(memfd, &info);
	g_assert_cmpuint(info.kind, ==, VU_FD_MEMFD);
	g_assert_cmpstr(info.name, ==, "guest-ram");
	g_assert_cmpuint(info.size, ==, 1 << 20);
	g_assert_cmpuint(info.eventfd_id, ==, 0);

	timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	g_assert_cmpint(timer, >=, 0);
	vs_fd_describe(timer, &info);
	g_assert_cmpuint(info.kind, ==, VU_FD_OTHER);
	g_assert_cmpstr(info.name, ==, "anon_inode:[timerfd]");

	g_assert_cmpint(pipe2(pipes, O_CLOEXEC), ==, 0);
	g_assert_cmpint(fstat(pipes[0], &st), ==, 0);
	vs_fd_describe(pipes[0], &info);
	g_assert_cmpuint(info.kind, ==, VU_FD_PIPE);
	{
		g_autofree char *name =
		    g_strdup_printf("pipe:[%llu]", (unsigned long long)st.st_ino);
		g_assert_cmpstr(info.name, ==, name);
	}

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, socks), ==, 0);
	g_assert_cmpint(fstat(socks[1], &st), ==, 0);
	vs_fd_describe(socks[1], &info);
	g_assert_cmpuint(info.kind, ==, VU_FD_SOCKET);
	{
		g_autofree char *name =
		    g_strdup_printf("socket:[%llu]", (unsigned long long)st.st_ino);
		g_assert_cmpstr(info.name, ==, name);
	}

	g_assert_true(g_file_set_contents(file, "12345", 5, NULL));
	reg = open(file, O_RDONLY | O_CLOEXEC);
	g_assert_cmpint(reg, >=, 0);
	vs_fd_describe(reg, &info);
	g_assert_cmpuint(info.kind, ==, VU_FD_FILE);
	g_assert_cmpuint(info.size, ==, 5);
	g_assert_true(g_str_has_suffix(info.name, "facts.bin"));

	vs_fd_describe(1000000, &info); /* not open */
	g_assert_cmpuint(info.kind, ==, VU_FD_UNKNOWN);

	close(ev[0]);
	close(ev[1]);
	close(memfd);
	close(timer);
	close(pipes[0]);
	close(pipes[1]);
	close(socks[0]);
	close(socks[1]);
	close(reg);
	g_unlink(file);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	/* Subprocesses of g_test_trap_subprocess share the parent's directory. */
	if (g_test_subprocess()) {
		tmp_dir = g_strdup(g_getenv("TEST_CAPTURE_DIR"));
	} else {
		tmp_dir = g_dir_make_tmp("test-capture-XXXXXX", NULL);
		g_setenv("TEST_CAPTURE_DIR", tmp_dir, TRUE);
	}
	g_assert_nonnull(tmp_dir);
	g_test_add_func("/capture/roundtrip", test_roundtrip);
	g_test_add_func("/capture/fd-facts", test_fd_facts);
	g_test_add_func("/capture/ports", test_ports);
	g_test_add_func("/capture/layout/blocks", test_layout);
	g_test_add_func("/capture/layout/fds", test_layout_fds);
	g_test_add_func("/capture/libpcap", test_libpcap);
	g_test_add_func("/capture/read/cut-anywhere", test_cut_anywhere);
	g_test_add_func("/capture/read/foreign-and-big-endian", test_foreign_and_big_endian);
	g_test_add_func("/capture/read/errors", test_read_errors);
	g_test_add_func("/capture/read/long-block", test_long_block);
	g_test_add_func("/capture/read/claim-beyond-file", test_claim_beyond_file);
	g_test_add_func("/capture/stdio", test_stdio);
	g_test_add_func("/capture/write/unwritable", test_unwritable);
	g_test_add_func("/capture/write/full-disk", test_full_disk);
	g_test_add_func("/capture/write/short-write", test_short_write);
	g_test_add_func("/capture/write/rotate-size", test_rotate_size);
	g_test_add_func("/capture/write/rotate-time", test_rotate_time);
	rc = g_test_run();
	if (rc == 0 && !g_test_subprocess()) {
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);

		if (system(cmd) != 0)
			g_printerr("could not remove %s\n", tmp_dir);
	}
	g_free(tmp_dir);
	return rc;
}
