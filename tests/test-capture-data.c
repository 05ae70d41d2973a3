/*
 * Data-plane samples (records of kind 8, vhostsniff --packets) for the
 * tshark test: a capture written here block by block from the pcapng spec and
 * doc/capture-format.md, not by the code under test (neither vscore's
 * writer nor vu_payload_serialize). Four sessions:
 *   1 blk:   SET_FEATURES (VERSION_1), IN at sector 2048 and OUT at sector 16
 *            holding a token, then their completions: OK and IOERR
 *   2 fs:    LOOKUP "missing" and READ, then their replies: ENOENT and ok
 *   3 vsock: a REQUEST on the tx queue
 *   4 net:   SET_FEATURES (VERSION_1), an ICMP echo request on tx0
 *   1 again: an IN whose completion was cut at 64 bytes, its status kept
 *            apart (VU_PAYLOAD_F_IN_TAIL)
 * EXPECTED gets one line per data frame, what
 *   tshark -2 -Y 'vhostuser.event == 8' -T fields -e frame.number
 *   -e vhostuser.data.phase -e vhostuser.data.vring -e vhostuser.data.head
 *   -e vhostuser.blk.type -e vhostuser.blk.sector -e vhostuser.blk.status
 *   -e vhostuser.fuse.opcode -e vhostuser.fuse.error -e vhostuser.fuse.name
 *   -e vhostuser.vsock.op -e vhostuser.net.queue -e vhostuser.net.len
 *   -e vhostuser.data.request_in -e vhostuser.data.response_in
 * prints (tests/test-capture-tshark.sh).
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "tests/test-capture-data.h"

struct buf {
	guint8 b[4096];
	gsize n;
};

static void put(struct buf *s, guint64 v, gsize width)
{
	g_assert(s->n + width <= sizeof(s->b));
	for (gsize i = 0; i < width; i++)
		s->b[s->n++] = (guint8)(v >> (8 * i));
}

static void put_be(struct buf *s, guint64 v, gsize width)
{
	for (gsize i = width; i > 0; i--)
		put(s, (v >> (8 * (i - 1))) & 0xff, 1);
}

static void put_raw(struct buf *s, const void *p, gsize n)
{
	g_assert(s->n + n <= sizeof(s->b));
	memcpy(s->b + s->n, p, n);
	s->n += n;
}

static void put_zeros(struct buf *s, gsize n)
{
	g_assert(s->n + n <= sizeof(s->b));
	memset(s->b + s->n, 0, n);
	s->n += n;
}

/* ---- pcapng blocks (pcapng spec: SHB, IDB, EPB; little-endian) -------------------- */

static void write_block(FILE *f, guint32 type, const struct buf *body)
{
	struct buf b = {.n = 0};
	gsize pad = (4 - body->n % 4) % 4;
	guint32 total = (guint32)(12 + body->n + pad);

	put(&b, type, 4);
	put(&b, total, 4);
	put_raw(&b, body->b, body->n);
	put_zeros(&b, pad);
	put(&b, total, 4);
	fwrite(b.b, 1, b.n, f);
}

static void write_headers(FILE *f)
{
	struct buf shb = {.n = 0}, idb = {.n = 0};

	put(&shb, 0x1A2B3C4D, 4); /* byte-order magic */
	put(&shb, 1, 2);          /* major */
	put(&shb, 0, 2);          /* minor */
	put(&shb, ~0ull, 8);      /* section length unknown */
	write_block(f, 0x0A0D0D0A, &shb);
	put(&idb, 252, 2); /* LINKTYPE_WIRESHARK_UPPER_PDU */
	put(&idb, 0, 2);
	put(&idb, 0, 4); /* snaplen */
	put(&idb, 9, 2); /* if_tsresol */
	put(&idb, 1, 2);
	put(&idb, 9, 1); /* nanoseconds */
	put_zeros(&idb, 3);
	put(&idb, 0, 4); /* opt_endofopt */
	write_block(f, 0x00000001, &idb);
}

/* One frame: exported-PDU tag 12 "vhostuser", the pseudo-header of
 * doc/capture-format.md, then the record's bytes. */
static void write_frame(FILE *f, guint64 ts_ns, guint8 kind, guint8 from, guint32 session,
                        const struct buf *msg)
{
	struct buf pkt = {.n = 0}, epb = {.n = 0};

	put_be(&pkt, 12, 2);
	put_be(&pkt, 9, 2);
	put_raw(&pkt, "vhostuser", 9);
	put_be(&pkt, 0, 2);
	put_be(&pkt, 0, 2);
	put_raw(&pkt, "VU", 2);
	put(&pkt, 1, 1);    /* version */
	put(&pkt, kind, 1); /* 0 message, 8 data */
	put(&pkt, 0, 1);    /* channel: main */
	put(&pkt, from, 1); /* 0 front, 1 back */
	put(&pkt, 0, 1);    /* nfds */
	put(&pkt, 0, 1);    /* flags */
	put(&pkt, session, 4);
	put(&pkt, msg->n, 4);
	put_zeros(&pkt, 8); /* fds_total, zero, inject, zeros */
	put_raw(&pkt, msg->b, msg->n);

	put(&epb, 0, 4); /* interface */
	put(&epb, ts_ns >> 32, 4);
	put(&epb, ts_ns & 0xffffffffu, 4);
	put(&epb, pkt.n, 4);
	put(&epb, pkt.n, 4);
	put_raw(&epb, pkt.b, pkt.n);
	put_zeros(&epb, (4 - pkt.n % 4) % 4);
	put(&epb, 0, 4); /* opt_endofopt */
	write_block(f, 0x00000006, &epb);
}

/* ---- the records ------------------------------------------------------------------ */

/* VHOST_USER_SET_FEATURES (2) with VIRTIO_F_VERSION_1 (bit 32), version 1 flags. */
static struct buf set_features(void)
{
	struct buf m = {.n = 0};

	put(&m, 2, 4);
	put(&m, 0x1, 4);
	put(&m, 8, 4);
	put(&m, 1ull << 32, 8);
	return m;
}

/* A kind-8 body: 40 fixed bytes, then out and in. */
static struct buf entry_flags(guint8 phase, guint8 device, guint8 flags, guint16 vring,
                              guint16 head, const struct buf *out, guint32 out_total,
                              const struct buf *in, guint32 in_total, guint32 used_len,
                              guint64 latency_ns)
{
	struct buf b = {.n = 0};

	put(&b, 1, 1);
	put(&b, phase, 1);
	put(&b, device, 1);
	put(&b, flags, 1);
	put(&b, vring, 2);
	put(&b, head, 2);
	put(&b, out_total, 4);
	put(&b, in_total, 4);
	put(&b, used_len, 4);
	put(&b, out != NULL ? out->n : 0, 4);
	put(&b, in != NULL ? in->n : 0, 4);
	put(&b, 0, 4); /* missed */
	put(&b, latency_ns, 8);
	if (out != NULL)
		put_raw(&b, out->b, out->n);
	if (in != NULL)
		put_raw(&b, in->b, in->n);
	return b;
}

static struct buf entry(guint8 phase, guint8 device, guint16 vring, guint16 head,
                        const struct buf *out, guint32 out_total, const struct buf *in,
                        guint32 in_total, guint32 used_len, guint64 latency_ns)
{
	return entry_flags(phase, device, 0, vring, head, out, out_total, in, in_total, used_len,
	                   latency_ns);
}

static struct buf blk_outhdr(guint32 type, guint64 sector)
{
	struct buf b = {.n = 0};

	put(&b, type, 4);
	put(&b, 0, 4);
	put(&b, sector, 8);
	return b;
}

static struct buf fuse_in(guint32 len, guint32 opcode, guint64 unique, guint64 nodeid)
{
	struct buf b = {.n = 0};

	put(&b, len, 4);
	put(&b, opcode, 4);
	put(&b, unique, 8);
	put(&b, nodeid, 8);
	put(&b, 0, 4);
	put(&b, 0, 4);
	put(&b, 77, 4);
	put(&b, 0, 4);
	return b;
}

static struct buf fuse_out(guint32 len, gint32 error, guint64 unique)
{
	struct buf b = {.n = 0};

	put(&b, len, 4);
	put(&b, (guint32)error, 4);
	put(&b, unique, 8);
	return b;
}

gboolean test_capture_write_data(const char *path, const char *expected_path)
{
	FILE *f = fopen(path, "wb");
	FILE *e = fopen(expected_path, "w");
	guint64 ts = 1700000000000000000ull;
	struct buf m, out, in, body;
	guint frame = 0;

	if (f == NULL || e == NULL) {
		perror(f == NULL ? path : expected_path);
		return FALSE;
	}
	write_headers(f);
#define FRAME(kind, from, session, b)                                                              \
	do {                                                                                       \
		ts += 1000000;                                                                     \
		write_frame(f, ts, (kind), (from), (session), (b));                                \
		frame++;                                                                           \
	} while (0)

	/* session 1: blk */
	m = set_features();
	FRAME(0, 0, 1, &m);
	out = blk_outhdr(0 /* IN */, 2048);
	body = entry(1, 2, 0, 0, &out, 16, NULL, 513, 0, 0);
	FRAME(8, 0, 1, &body);
	fprintf(e, "%u\t1\t0\t0\t0\t2048\t\t\t\t\t\t\t\t\t%u\n", frame, frame + 2);
	out = blk_outhdr(1 /* OUT */, 16);
	put_raw(&out, "TOKEN-5678", 10);
	put_zeros(&out, 502);
	body = entry(1, 2, 0, 1, &out, 528, NULL, 1, 0, 0);
	FRAME(8, 0, 1, &body);
	fprintf(e, "%u\t1\t0\t1\t1\t16\t\t\t\t\t\t\t\t\t%u\n", frame, frame + 2);
	in = (struct buf){.n = 0};
	put_zeros(&in, 512);
	put(&in, 0, 1); /* OK */
	body = entry(2, 2, 0, 0, NULL, 16, &in, 513, 513, 40000);
	FRAME(8, 1, 1, &body);
	fprintf(e, "%u\t2\t0\t0\t0\t2048\t0\t\t\t\t\t\t\t%u\t\n", frame, frame - 2);
	in = (struct buf){.n = 0};
	put(&in, 1, 1); /* IOERR */
	body = entry(2, 2, 0, 1, NULL, 528, &in, 1, 1, 50000);
	FRAME(8, 1, 1, &body);
	fprintf(e, "%u\t2\t0\t1\t1\t16\t1\t\t\t\t\t\t\t%u\t\n", frame, frame - 2);

	/* session 2: FUSE */
	out = fuse_in(48, 1 /* LOOKUP */, 12, 1);
	put_raw(&out, "missing", 8);
	body = entry(1, 26, 1, 0, &out, 48, NULL, 144, 0, 0);
	FRAME(8, 0, 2, &body);
	fprintf(e, "%u\t1\t1\t0\t\t\t\t1\t\tmissing\t\t\t\t\t%u\n", frame, frame + 2);
	out = fuse_in(80, 15 /* READ */, 14, 7);
	put(&out, 1, 8);    /* fh */
	put(&out, 0, 8);    /* offset */
	put(&out, 4096, 4); /* size */
	put_zeros(&out, 20);
	body = entry(1, 26, 1, 1, &out, 80, NULL, 16 + 4096, 0, 0);
	FRAME(8, 0, 2, &body);
	fprintf(e, "%u\t1\t1\t1\t\t\t\t15\t\t\t\t\t\t\t%u\n", frame, frame + 2);
	in = fuse_out(16, -2 /* ENOENT */, 12);
	body = entry(2, 26, 1, 0, NULL, 48, &in, 144, 16, 30000);
	FRAME(8, 1, 2, &body);
	fprintf(e, "%u\t2\t1\t0\t\t\t\t1\t-2\t\t\t\t\t%u\t\n", frame, frame - 2);
	in = fuse_out(21, 0, 14);
	put_raw(&in, "hello", 5);
	body = entry(2, 26, 1, 1, NULL, 80, &in, 16 + 4096, 21, 30000);
	FRAME(8, 1, 2, &body);
	fprintf(e, "%u\t2\t1\t1\t\t\t\t15\t0\t\t\t\t\t%u\t\n", frame, frame - 2);

	/* session 3: vsock */
	out = (struct buf){.n = 0};
	put(&out, 3, 8);
	put(&out, 2, 8);
	put(&out, 1234, 4);
	put(&out, 5000, 4);
	put(&out, 0, 4);
	put(&out, 1, 2); /* STREAM */
	put(&out, 1, 2); /* REQUEST */
	put(&out, 0, 4);
	put(&out, 65536, 4);
	put(&out, 0, 4);
	body = entry(1, 19, 1, 0, &out, 44, NULL, 0, 0, 0);
	FRAME(8, 0, 3, &body);
	fprintf(e, "%u\t1\t1\t0\t\t\t\t\t\t\t1\t\t\t\t\n", frame);

	/* session 4: net, an ICMP echo request on tx0 behind a 12-byte header */
	m = set_features();
	FRAME(0, 0, 4, &m);
	out = (struct buf){.n = 0};
	put_zeros(&out, 10);
	put(&out, 0, 2); /* num_buffers */
	put_raw(&out, (const guint8[]){2, 0, 0, 0, 0, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x56}, 12);
	put_be(&out, 0x0800, 2);
	put_be(&out, 0x45000054, 4);
	put_zeros(&out, 5);
	put(&out, 1, 1); /* ICMP */
	put_zeros(&out, 2);
	put_be(&out, 0x0a000001, 4);
	put_be(&out, 0x0a000002, 4);
	put(&out, 8, 1); /* echo request */
	put_zeros(&out, 63);
	body = entry(1, 1, 1, 0, &out, (guint32)out.n, NULL, 0, 0, 0);
	FRAME(8, 0, 4, &body);
	fprintf(e, "%u\t1\t1\t0\t\t\t\t\t\t\t\ttx0\t%u\t\t\n", frame, (guint)out.n - 12);

	/* session 1 again: a 4 KiB read cut at 64 bytes, its status kept apart
	 * (flags: in cut 0x4, in tail 0x8) */
	out = blk_outhdr(0 /* IN */, 4096);
	body = entry(1, 2, 0, 2, &out, 16, NULL, 4097, 0, 0);
	FRAME(8, 0, 1, &body);
	fprintf(e, "%u\t1\t0\t2\t0\t4096\t\t\t\t\t\t\t\t\t%u\n", frame, frame + 1);
	in = (struct buf){.n = 0};
	put_raw(&in, "VHLAB-SECTOR-8-MARKER", 21);
	put_zeros(&in, 64 - 21);
	put(&in, 0, 1); /* the status, OK, the chain's last writable byte */
	body = entry_flags(2, 2, 0x4 | 0x8, 0, 2, NULL, 16, &in, 4097, 4097, 20000);
	FRAME(8, 1, 1, &body);
	fprintf(e, "%u\t2\t0\t2\t0\t4096\t0\t\t\t\t\t\t\t%u\t\n", frame, frame - 1);
#undef FRAME
	if (fclose(f) != 0 || fclose(e) != 0) {
		perror(path);
		return FALSE;
	}
	return TRUE;
}
