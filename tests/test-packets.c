/*
 * --packets: the ring walker (vscore/packet-walk.c) through the pipeline
 * (vscore/pipeline.c), over hand-made rings in a memfd as guest memory. The
 * records go through the pipeline in the caller's thread (no
 * vs_pipeline_start): the rings are walked at GET_VRING_BASE, its reply and
 * the session's end, and the test writes guest memory between them, as a
 * guest and a back-end would. Split and packed rings: entries seen made
 * available with their readable bytes, then used with their written bytes
 * cut by the snap length and the time between the two walks; entries reused
 * before a walk saw them are counted as missed.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dissector/vu-payload.h"
#include "tests/ring-setup.h"
#include "vscore/pipeline.h"
#include "vscore/ring-watch.h"

/* One region of REGION bytes at guest address 0, mapped by the front-end at
 * USER_BASE; ring 0's parts in it; buffers from BUF_AT on. */
#define REGION    0x10000u
#define USER_BASE 0x7f0000000000ull
#define NUM       8u
#define DESC_AT   0x1000u
#define AVAIL_AT  0x2000u
#define USED_AT   0x3000u
#define BUF_AT    0x4000u
#define SNAPLEN   16u

struct entry {
	struct vu_payload e;
	guint64 ts_ns;
	guint64 frame, request_frame; /* the record's, its request's (0: none) */
	guint8 out[64], in[64];
};

struct seen {
	struct vs_sink sink;
	GMutex lock;      /* the pipeline's thread writes, the test reads (live) */
	GArray *entries;  /* struct entry */
	GArray *frames;   /* guint64: every record's frame, in order (NULL: not kept) */
	char *end_missed; /* the session end's facts.missed */
};

static void seen_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                       const struct vu_session *state)
{
	struct seen *s = sink->data;
	struct entry x = {0};

	(void)d;
	(void)state;
	/* the records numbered: not the ring snapshots of --rings */
	if (s->frames != NULL && r->kind != VU_RECORD_RING)
		g_array_append_val(s->frames, r->frame);
	if (r->kind == VU_RECORD_SESSION_END) {
		g_free(s->end_missed);
		s->end_missed = g_strdup(r->facts.missed);
	}
	if (r->kind != VU_RECORD_DATA)
		return;
	g_assert_true(vu_payload_parse(r->bytes, r->len, &x.e));
	g_assert_cmpuint(x.e.out_kept, <=, sizeof(x.out));
	g_assert_cmpuint(x.e.in_kept, <=, sizeof(x.in));
	memcpy(x.out, x.e.out, x.e.out_kept);
	memcpy(x.in, x.e.in, x.e.in_kept);
	x.e.out = x.e.in = NULL;
	x.ts_ns = r->ts_ns;
	x.frame = r->frame;
	if (r->payload != NULL && r->payload->has_request)
		x.request_frame = r->payload->request.frame;
	g_mutex_lock(&s->lock);
	g_array_append_val(s->entries, x);
	g_mutex_unlock(&s->lock);
}

static void seen_close(struct vs_sink *sink)
{
	(void)sink;
}

static void mem_le(int mem, guint64 at, guint64 v, gsize width)
{
	guint8 b[8];

	ring_put_le(b, 0, v, width);
	g_assert_cmpint(pwrite(mem, b, width, (off_t)at), ==, (ssize_t)width);
}

/* Ring 0 set up in mem and started (its kick); split or packed, num
 * entries, more features acked. */
static void set_up_features(struct vs_pipeline *p, int mem, gboolean packed, guint32 num,
                            guint64 more)
{
	const struct ring_layout l = {.features = 1ull << VU_F_VERSION_1 |
	                                          (packed ? 1ull << VU_F_RING_PACKED : 0) | more,
	                              .region_size = REGION,
	                              .user_base = USER_BASE,
	                              .mem = mem,
	                              .vring = 0,
	                              .num = num,
	                              .desc_at = DESC_AT,
	                              .avail_at = AVAIL_AT,
	                              .used_at = USED_AT,
	                              .kick = TRUE};
	struct ring_pipeline_front f = {.p = p, .frame = 1};

	ring_setup_session(&l, ring_pipeline_send, &f);
}

static void set_up_num(struct vs_pipeline *p, int mem, gboolean packed, guint32 num)
{
	set_up_features(p, mem, packed, num, 0);
}

static void set_up(struct vs_pipeline *p, int mem, gboolean packed)
{
	set_up_num(p, mem, packed, NUM);
}

/* A walk: GET_VRING_BASE of ring 0 at frame (the ring still runs then). */
static void walk_at(struct vs_pipeline *p, guint64 frame)
{
	struct ring_pipeline_front f = {.p = p, .frame = frame};
	guint8 b[8] = {0};

	ring_pipeline_send(VU_REQ_GET_VRING_BASE, b, 8, NULL, 0, &f);
}

/* SET_VRING_KICK of ring 0 (no fd): the ring runs again after a GET_VRING_BASE. */
static void kick(struct vs_pipeline *p, guint64 frame)
{
	struct ring_pipeline_front f = {.p = p, .frame = frame};

	ring_setup_kick_polled(0, ring_pipeline_send, &f);
}

static void end_session(struct vs_pipeline *p, guint64 frame)
{
	struct vs_record *r = vs_pipeline_record_new(p);

	r->ts_ns = frame * 1000;
	r->frame = frame;
	r->session = 1;
	r->kind = VU_RECORD_SESSION_END;
	vs_pipeline_submit(p, r);
}

/* Descriptor i of a split table: a buffer of len bytes at BUF_AT + 0x100 * i. */
static void split_desc(int mem, guint i, guint32 len, guint16 flags, guint16 next)
{
	guint64 at = DESC_AT + 16ull * i;

	mem_le(mem, at, BUF_AT + 0x100ull * i, 8);
	mem_le(mem, at + 8, len, 4);
	mem_le(mem, at + 12, flags, 2);
	mem_le(mem, at + 14, next, 2);
}

static void fill(int mem, guint i, guint8 first, gsize len)
{
	guint8 b[256];

	for (gsize k = 0; k < len; k++)
		b[k] = (guint8)(first + k);
	g_assert_cmpint(pwrite(mem, b, len, (off_t)(BUF_AT + 0x100ull * i)), ==, (ssize_t)len);
}

static struct vs_pipeline *pipeline_new(struct seen *seen, int *mem)
{
	struct vs_pipeline *p = vs_pipeline_new(1024, VU_DEVICE_BLK);

	seen->sink = (struct vs_sink){.name = "seen",
	                              .records_only = TRUE,
	                              .takes_data = TRUE,
	                              .write = seen_write,
	                              .close = seen_close,
	                              .data = seen};
	seen->entries = g_array_new(FALSE, TRUE, sizeof(struct entry));
	seen->frames = NULL;
	seen->end_missed = NULL;
	g_mutex_init(&seen->lock);
	*mem = memfd_create("vhostsniff-packets-test", MFD_CLOEXEC);
	g_assert_cmpint(*mem, >=, 0);
	g_assert_cmpint(ftruncate(*mem, REGION), ==, 0);
	vs_pipeline_set_rings(p, 100 * 1000000ull, 0);
	vs_pipeline_set_packets(p, SNAPLEN);
	vs_pipeline_add_sink(p, &seen->sink);
	return p;
}

static const struct entry *nth(const struct seen *seen, guint i)
{
	g_assert_cmpuint(i, <, seen->entries->len);
	return &g_array_index(seen->entries, struct entry, i);
}

/* A blk-like request: a 12-byte readable header (desc 0 -> 1) and a 40-byte
 * writable buffer; seen available at one walk, used at a later one. */
static void test_split(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const struct entry *x;

	split_desc(mem, 0, 12, VU_DESC_F_NEXT, 1);
	split_desc(mem, 1, 40, VU_DESC_F_WRITE, 0);
	fill(mem, 0, 0xa0, 12);
	mem_le(mem, AVAIL_AT + 4, 0, 2); /* avail ring [0] = head 0 */
	mem_le(mem, AVAIL_AT + 2, 1, 2); /* avail idx 1 */
	set_up(p, mem, FALSE);
	walk_at(p, 10);
	g_assert_cmpuint(seen.entries->len, ==, 1);
	x = nth(&seen, 0);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_AVAIL);
	g_assert_cmpuint(x->e.device, ==, VU_DEVICE_BLK);
	g_assert_cmpuint(x->e.vring, ==, 0);
	g_assert_cmpuint(x->e.head, ==, 0);
	g_assert_cmpuint(x->e.out_total, ==, 12);
	g_assert_cmpuint(x->e.in_total, ==, 40);
	g_assert_cmpuint(x->e.out_kept, ==, 12);
	g_assert_cmpuint(x->e.in_kept, ==, 0);
	g_assert_cmpuint(x->out[0], ==, 0xa0);
	g_assert_cmpuint(x->out[11], ==, 0xab);
	g_assert_cmpuint(x->e.flags, ==, 0);
	g_assert_cmpuint(x->ts_ns, ==, 10000);

	/* The device wrote 30 bytes and used it: the walk at the session's end
	 * keeps SNAPLEN of them. */
	fill(mem, 1, 0x10, 30);
	mem_le(mem, USED_AT + 4, 0, 4);  /* used ring [0]: id 0 */
	mem_le(mem, USED_AT + 8, 30, 4); /* len 30 */
	mem_le(mem, USED_AT + 2, 1, 2);  /* used idx 1 */
	end_session(p, 50);
	vs_pipeline_finish(p);
	g_assert_cmpuint(seen.entries->len, ==, 2);
	x = nth(&seen, 1);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(x->e.head, ==, 0);
	g_assert_cmpuint(x->e.used_len, ==, 30);
	g_assert_cmpuint(x->e.in_kept, ==, SNAPLEN);
	g_assert_cmpuint(x->e.out_kept, ==, 0);
	g_assert_cmpuint(x->e.flags, ==, VU_PAYLOAD_F_IN_CUT);
	g_assert_cmpuint(x->in[0], ==, 0x10);
	g_assert_cmpuint(x->in[SNAPLEN - 1], ==, 0x10 + SNAPLEN - 1);
	g_assert_cmpuint(x->e.latency_ns, ==, 40000); /* the walks at frames 10 and 50 */
	g_assert_cmpuint(x->e.missed, ==, 0);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

/* The guest made 11 entries available between two walks on a ring of 8:
 * the 3 whose avail slots were written over are missed, the last 8 seen. A
 * used id no walk saw made available is missed too, never made up. */
static void test_split_missed(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	guint avail = 0, used = 0, missed = 0;

	for (guint i = 0; i < NUM; i++) {
		split_desc(mem, i, 8, 0, 0);
		mem_le(mem, AVAIL_AT + 4 + 2ull * i, i, 2);
	}
	set_up(p, mem, FALSE);
	walk_at(p, 10); /* nothing yet */
	g_assert_cmpuint(seen.entries->len, ==, 0);
	mem_le(mem, AVAIL_AT + 2, 11, 2);
	/* used before the walk saw anything: ids 5 and 7 */
	mem_le(mem, USED_AT + 4, 5, 4);
	mem_le(mem, USED_AT + 12, 7, 4);
	mem_le(mem, USED_AT + 2, 2, 2);
	end_session(p, 20);
	vs_pipeline_finish(p);
	for (guint i = 0; i < seen.entries->len; i++) {
		const struct entry *x = nth(&seen, i);

		avail += x->e.phase == VU_PAYLOAD_AVAIL;
		used += x->e.phase == VU_PAYLOAD_USED;
		missed += x->e.missed;
	}
	g_assert_cmpuint(avail, ==, NUM);
	/* ids 5 and 7 are among the 8 seen in this walk: both used, no latency */
	g_assert_cmpuint(used, ==, 2);
	g_assert_cmpuint(missed, ==, 3);
	g_assert_cmpuint(nth(&seen, seen.entries->len - 1)->e.latency_ns, ==, 0);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

/* Entries missed after a ring's last record (used ids no walk saw made
 * available, and nothing after them): no record carries them, the
 * session's end says them, ring by ring. */
static void test_missed_at_end(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const char *at;
	guint vring;
	guint64 count;

	split_desc(mem, 0, 4, 0, 0);
	mem_le(mem, AVAIL_AT + 4, 0, 2);
	mem_le(mem, AVAIL_AT + 2, 1, 2);
	set_up(p, mem, FALSE);
	walk_at(p, 10); /* head 0 seen; then used, and 5 and 7 that no walk saw */
	kick(p, 11);
	mem_le(mem, USED_AT + 4, 0, 4);
	mem_le(mem, USED_AT + 12, 5, 4);
	mem_le(mem, USED_AT + 20, 7, 4);
	mem_le(mem, USED_AT + 2, 3, 2);
	end_session(p, 20);
	vs_pipeline_finish(p);
	g_assert_cmpuint(seen.entries->len, ==, 2);
	g_assert_cmpuint(nth(&seen, 1)->e.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(nth(&seen, 1)->e.missed, ==, 0);
	g_assert_cmpstr(seen.end_missed, ==, "0:2");
	at = "0:2,x:1,3:5,9";
	g_assert_true(vs_session_facts_missed_next(&at, &vring, &count));
	g_assert_cmpuint(vring, ==, 0);
	g_assert_cmpuint(count, ==, 2);
	g_assert_true(vs_session_facts_missed_next(&at, &vring, &count));
	g_assert_cmpuint(vring, ==, 3);
	g_assert_cmpuint(count, ==, 5);
	g_assert_false(vs_session_facts_missed_next(&at, &vring, &count));
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
	g_free(seen.end_missed);
}

/* One descriptor used for every request, one at a time (Linux virtio-fs
 * does this): three entries of head 0 made available and two used between
 * two walks. The first two were reused before a walk saw them: missed, and
 * their used elements not paired with the third, which is seen available
 * and, at the next walk, used. */
static void test_split_head_reused(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const struct entry *x;

	split_desc(mem, 0, 4, 0, 0);
	set_up(p, mem, FALSE);
	walk_at(p, 10);
	kick(p, 11);
	g_assert_cmpuint(seen.entries->len, ==, 0);
	for (guint i = 0; i < 3; i++)
		mem_le(mem, AVAIL_AT + 4 + 2ull * i, 0, 2);
	mem_le(mem, AVAIL_AT + 2, 3, 2);
	mem_le(mem, USED_AT + 4, 0, 4);
	mem_le(mem, USED_AT + 12, 0, 4);
	mem_le(mem, USED_AT + 2, 2, 2);
	walk_at(p, 20);
	g_assert_cmpuint(seen.entries->len, ==, 1);
	x = nth(&seen, 0);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_AVAIL);
	g_assert_cmpuint(x->e.missed, ==, 2);
	kick(p, 21);
	mem_le(mem, USED_AT + 20, 0, 4);
	mem_le(mem, USED_AT + 2, 3, 2);
	end_session(p, 30);
	vs_pipeline_finish(p);
	g_assert_cmpuint(seen.entries->len, ==, 2);
	x = nth(&seen, 1);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(x->e.latency_ns, ==, 10000);
	g_assert_cmpuint(x->e.missed, ==, 0);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

/* On a ring of 16, a chain of 8 readable descriptors and a writable one, the
 * last of the chain (where virtio-blk puts its status byte): past the
 * descriptors a chain walk keeps (VU_RING_MAX_DESCS, 8), its byte is still
 * read. */
static void test_split_long_chain(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const struct entry *x;

	for (guint i = 0; i < 8; i++) {
		split_desc(mem, i, 1, VU_DESC_F_NEXT, (guint16)(i + 1));
		fill(mem, i, (guint8)(0x40 + i), 1);
	}
	split_desc(mem, 8, 1, VU_DESC_F_WRITE, 0);
	mem_le(mem, AVAIL_AT + 4, 0, 2);
	mem_le(mem, AVAIL_AT + 2, 1, 2);
	set_up_num(p, mem, FALSE, 2 * NUM);
	walk_at(p, 10);
	g_assert_cmpuint(seen.entries->len, ==, 1);
	x = nth(&seen, 0);
	g_assert_cmpuint(x->e.out_total, ==, 8);
	g_assert_cmpuint(x->e.out_kept, ==, 8);
	g_assert_cmpuint(x->out[7], ==, 0x47);
	g_assert_cmpuint(x->e.in_total, ==, 1);
	fill(mem, 8, 0x99, 1);
	mem_le(mem, USED_AT + 4, 0, 4);
	mem_le(mem, USED_AT + 8, 1, 4);
	mem_le(mem, USED_AT + 2, 1, 2);
	end_session(p, 20);
	vs_pipeline_finish(p);
	g_assert_cmpuint(seen.entries->len, ==, 2);
	x = nth(&seen, 1);
	g_assert_cmpuint(x->e.in_kept, ==, 1);
	g_assert_cmpuint(x->in[0], ==, 0x99);
	g_assert_cmpuint(x->e.flags, ==, 0);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

/* A blk read cut by the snap length: a 16-byte header, 40 bytes of data and
 * the status byte, each its own descriptor, all written (used length 41).
 * The completion keeps SNAPLEN - 1 bytes of the data and, apart, the
 * chain's last writable byte, the status (flag bit 3). */
static void test_split_in_tail(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const struct entry *x;

	split_desc(mem, 0, 16, VU_DESC_F_NEXT, 1);
	split_desc(mem, 1, 40, VU_DESC_F_WRITE | VU_DESC_F_NEXT, 2);
	split_desc(mem, 2, 1, VU_DESC_F_WRITE, 0);
	mem_le(mem, AVAIL_AT + 4, 0, 2);
	mem_le(mem, AVAIL_AT + 2, 1, 2);
	set_up(p, mem, FALSE);
	walk_at(p, 10);
	fill(mem, 1, 0x20, 40);
	fill(mem, 2, 0x02, 1); /* VIRTIO_BLK_S_UNSUPP, say */
	mem_le(mem, USED_AT + 4, 0, 4);
	mem_le(mem, USED_AT + 8, 41, 4);
	mem_le(mem, USED_AT + 2, 1, 2);
	end_session(p, 20);
	vs_pipeline_finish(p);
	g_assert_cmpuint(seen.entries->len, ==, 2);
	x = nth(&seen, 1);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(x->e.in_total, ==, 41);
	g_assert_cmpuint(x->e.in_kept, ==, SNAPLEN);
	g_assert_cmpuint(x->e.flags, ==, VU_PAYLOAD_F_IN_CUT | VU_PAYLOAD_F_IN_TAIL);
	for (guint i = 0; i < SNAPLEN - 1; i++)
		g_assert_cmpuint(x->in[i], ==, 0x20 + i);
	g_assert_cmpuint(x->in[SNAPLEN - 1], ==, 0x02);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

/* vs_pipeline_number_records (what the relay asks for live): the messages
 * and the session's end are numbered in the order they go out with the
 * walker's entries between them, whatever frame they came with, and the
 * completion names its request by that number. */
static void test_numbered(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const struct entry *x;

	seen.frames = g_array_new(FALSE, FALSE, sizeof(guint64));
	vs_pipeline_number_records(p);
	split_desc(mem, 0, 4, 0, 0);
	mem_le(mem, AVAIL_AT + 4, 0, 2);
	mem_le(mem, AVAIL_AT + 2, 1, 2);
	set_up(p, mem, FALSE); /* 5 messages */
	walk_at(p, 100);       /* the entry, before its message */
	mem_le(mem, USED_AT + 4, 0, 4);
	mem_le(mem, USED_AT + 2, 1, 2);
	end_session(p, 200); /* its completion, before the end */
	vs_pipeline_finish(p);
	g_assert_cmpuint(seen.frames->len, ==, 9);
	for (guint i = 0; i < seen.frames->len; i++)
		g_assert_cmpuint(g_array_index(seen.frames, guint64, i), ==, i + 1);
	g_assert_cmpuint(seen.entries->len, ==, 2);
	x = nth(&seen, 0);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_AVAIL);
	g_assert_cmpuint(x->frame, ==, 6);
	x = nth(&seen, 1);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(x->frame, ==, 8);
	g_assert_cmpuint(x->request_frame, ==, 6);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
	g_array_unref(seen.frames);
}

/* Packed: descriptor slot i, AVAIL/USED bits as given. */
static void packed_desc(int mem, guint slot, guint64 addr, guint32 len, guint16 id, guint16 flags)
{
	guint64 at = DESC_AT + 16ull * slot;

	mem_le(mem, at, addr, 8);
	mem_le(mem, at + 8, len, 4);
	mem_le(mem, at + 12, id, 2);
	mem_le(mem, at + 14, flags, 2);
}

/* A packed ring: a chain of 2 (buffer id 7) and one of 1 (id 3) made
 * available in the first lap; the device uses id 7 (one used descriptor for
 * the chain, its slots skipped), then id 3. */
static void test_packed(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const guint16 avail1 = VU_DESC_F_AVAIL; /* first lap: AVAIL 1, USED 0 */
	const guint16 used1 = VU_DESC_F_AVAIL | VU_DESC_F_USED;
	const struct entry *x;

	fill(mem, 0, 0x30, 10);
	packed_desc(mem, 0, BUF_AT, 10, 7, avail1 | VU_DESC_F_NEXT);
	packed_desc(mem, 1, BUF_AT + 0x100, 20, 7, avail1 | VU_DESC_F_WRITE);
	packed_desc(mem, 2, BUF_AT + 0x200, 5, 3, avail1);
	set_up(p, mem, TRUE);
	walk_at(p, 10);
	g_assert_cmpuint(seen.entries->len, ==, 2);
	x = nth(&seen, 0);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_AVAIL);
	g_assert_cmpuint(x->e.head, ==, 7);
	g_assert_cmpuint(x->e.flags, ==, VU_PAYLOAD_F_PACKED);
	g_assert_cmpuint(x->e.out_total, ==, 10);
	g_assert_cmpuint(x->e.in_total, ==, 20);
	g_assert_cmpuint(x->out[9], ==, 0x39);
	g_assert_cmpuint(nth(&seen, 1)->e.head, ==, 3);

	fill(mem, 1, 0x50, 20);
	packed_desc(mem, 0, BUF_AT, 6, 7, used1); /* id 7 used, 6 bytes written */
	packed_desc(mem, 2, BUF_AT + 0x200, 0, 3, used1);
	end_session(p, 30);
	vs_pipeline_finish(p);
	g_assert_cmpuint(seen.entries->len, ==, 4);
	x = nth(&seen, 2);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(x->e.head, ==, 7);
	g_assert_cmpuint(x->e.used_len, ==, 6);
	g_assert_cmpuint(x->e.in_kept, ==, 6);
	g_assert_cmpuint(x->in[0], ==, 0x50);
	g_assert_cmpuint(x->e.latency_ns, ==, 20000);
	x = nth(&seen, 3);
	g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_USED);
	g_assert_cmpuint(x->e.head, ==, 3);
	g_assert_cmpuint(x->e.missed, ==, 0);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

static guint seen_count(struct seen *seen)
{
	guint n;

	g_mutex_lock(&seen->lock);
	n = seen->entries->len;
	g_mutex_unlock(&seen->lock);
	return n;
}

/* Live (the pipeline's thread): until n entries were seen, 10 s at most
 * (a bound so that a failure does not hang; no time is asserted). */
static guint wait_entries(struct seen *seen, guint n)
{
	for (int i = 0; i < 1000 && seen_count(seen) < n; i++)
		g_usleep(10000);
	return seen_count(seen);
}

/*
 * The pipeline's thread, with a rings interval of an hour: after its first
 * look, an idle session is walked only when asked. vs_pipeline_walk_ring
 * from this thread (as the kick interposer will) makes it walk at once; the
 * session then counts as active and is polled without being asked, so an
 * entry made available without any notification is seen too.
 */
static void test_live_walk_now(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = vs_pipeline_new(1024, VU_DEVICE_BLK);

	seen.sink = (struct vs_sink){.name = "seen",
	                             .records_only = TRUE,
	                             .takes_data = TRUE,
	                             .write = seen_write,
	                             .close = seen_close,
	                             .data = &seen};
	seen.entries = g_array_new(FALSE, TRUE, sizeof(struct entry));
	seen.frames = NULL;
	seen.end_missed = NULL;
	g_mutex_init(&seen.lock);
	mem = memfd_create("vhostsniff-packets-test", MFD_CLOEXEC);
	g_assert_cmpint(mem, >=, 0);
	g_assert_cmpint(ftruncate(mem, REGION), ==, 0);
	vs_pipeline_set_rings(p, 3600ull * 1000000000ull, 0);
	vs_pipeline_set_packets(p, SNAPLEN);
	vs_pipeline_add_sink(p, &seen.sink);
	vs_pipeline_start(p);
	for (guint i = 0; i < NUM; i++) {
		split_desc(mem, i, 4, 0, 0);
		mem_le(mem, AVAIL_AT + 4 + 2ull * i, i, 2);
	}
	set_up(p, mem, FALSE);
	/* The setup reached the thread, and its first look found the ring empty. */
	vs_pipeline_walk_ring(p, 1, 0);
	g_usleep(100000);
	g_assert_cmpuint(seen_count(&seen), ==, 0);

	mem_le(mem, AVAIL_AT + 2, 1, 2);
	vs_pipeline_walk_ring(p, 1, 0);
	g_assert_cmpuint(wait_entries(&seen, 1), ==, 1);

	/* No one asks now: the active session is polled. */
	mem_le(mem, AVAIL_AT + 2, 3, 2);
	g_assert_cmpuint(wait_entries(&seen, 3), ==, 3);
	vs_pipeline_finish(p);
	for (guint i = 0; i < 3; i++) {
		g_assert_cmpuint(nth(&seen, i)->e.phase, ==, VU_PAYLOAD_AVAIL);
		g_assert_cmpuint(nth(&seen, i)->e.head, ==, i);
	}
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

/* VIRTIO_F_IN_ORDER on a packed ring: one used descriptor, at the first
 * slot of the batch, with the last buffer's id, uses the three buffers made
 * available. The read-only ones are used (nothing to write); the one with a
 * writable part, whose length the device did not write, is missed; the last
 * has the length written. */
static void test_packed_in_order(void)
{
	struct seen seen;
	int mem;
	struct vs_pipeline *p = pipeline_new(&seen, &mem);
	const guint16 avail1 = VU_DESC_F_AVAIL;
	const guint16 used1 = VU_DESC_F_AVAIL | VU_DESC_F_USED;
	guint used = 0, missed = 0;

	packed_desc(mem, 0, BUF_AT, 8, 0, avail1);
	packed_desc(mem, 1, BUF_AT + 0x100, 8, 1, avail1 | VU_DESC_F_WRITE);
	packed_desc(mem, 2, BUF_AT + 0x200, 8, 2, avail1);
	set_up_features(p, mem, TRUE, NUM, 1ull << VU_F_IN_ORDER);
	walk_at(p, 10);
	g_assert_cmpuint(seen.entries->len, ==, 3);
	packed_desc(mem, 0, BUF_AT, 0, 2, used1); /* the batch: ids 0, 1, 2 */
	end_session(p, 20);
	vs_pipeline_finish(p);
	for (guint i = 3; i < seen.entries->len; i++) {
		const struct entry *x = nth(&seen, i);

		g_assert_cmpuint(x->e.phase, ==, VU_PAYLOAD_USED);
		g_assert_cmpuint(x->e.head, !=, 1);
		used++;
		missed += x->e.missed;
	}
	g_assert_cmpuint(used, ==, 2);
	g_assert_cmpuint(missed, ==, 1);
	vs_pipeline_free(p);
	close(mem);
	g_array_unref(seen.entries);
}

/* What a sink saw of DATA records: how many, and how many with an entry. */
struct data_count {
	struct vs_sink sink;
	guint data, parsed;
};

static void count_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                        const struct vu_session *state)
{
	struct data_count *c = sink->data;

	(void)d;
	(void)state;
	if (r->kind != VU_RECORD_DATA)
		return;
	c->data++;
	if (r->entry != NULL)
		c->parsed++;
}

/* A DATA record whose body this build does not read (another version of
 * the entry, or damaged in a capture) still reaches every sink, without an
 * entry: -r with -w loses nothing, text and JSON say what it is. */
static void test_unreadable_entry(void)
{
	static const guint8 body[8] = {0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee};
	struct vs_pipeline *p = vs_pipeline_new(1024, VU_DEVICE_BLK);
	struct data_count c = {0};
	struct vs_record *r;

	c.sink = (struct vs_sink){.name = "count",
	                          .takes_data = TRUE,
	                          .write = count_write,
	                          .close = seen_close,
	                          .data = &c};
	vs_pipeline_add_sink(p, &c.sink);
	r = vs_pipeline_record_new(p);
	r->kind = VU_RECORD_SESSION_START;
	r->session = 1;
	r->frame = 1;
	r->ts_ns = 1000;
	vs_pipeline_submit(p, r);
	r = vs_pipeline_record_new(p);
	r->kind = VU_RECORD_DATA;
	r->session = 1;
	r->frame = 2;
	r->ts_ns = 2000;
	vs_record_set_bytes(r, g_memdup2(body, sizeof(body)), sizeof(body));
	vs_pipeline_submit(p, r);
	vs_pipeline_finish(p);
	g_assert_cmpuint(c.data, ==, 1);
	g_assert_cmpuint(c.parsed, ==, 0);
	vs_pipeline_free(p);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/packets/split", test_split);
	g_test_add_func("/packets/split-missed", test_split_missed);
	g_test_add_func("/packets/split-long-chain", test_split_long_chain);
	g_test_add_func("/packets/split-in-tail", test_split_in_tail);
	g_test_add_func("/packets/split-head-reused", test_split_head_reused);
	g_test_add_func("/packets/numbered", test_numbered);
	g_test_add_func("/packets/missed-at-end", test_missed_at_end);
	g_test_add_func("/packets/packed", test_packed);
	g_test_add_func("/packets/packed-in-order", test_packed_in_order);
	g_test_add_func("/packets/live-walk-now", test_live_walk_now);
	g_test_add_func("/packets/unreadable-entry", test_unreadable_entry);
	return g_test_run();
}
