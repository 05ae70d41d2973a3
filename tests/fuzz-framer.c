/*
 * libFuzzer harness for the relay's stream framer (sniffer/framer.c), under
 * ASan and UBSan.
 *
 * Input:
 *     byte 0     flags: bit 0 the relay's cap (VS_PAYLOAD_HARD_CAP) instead
 *                of bytes 1-2, bit 1 the relay's piece size (VS_STREAM_CHUNK)
 *                instead of byte 3, bit 2 every read takes all the framer
 *                asks for (a fast socket), bit 3 the stream is cut once at a
 *                random point (a peer gone) and starts again there
 *     bytes 1-2  cap: largest payload read whole, 0-4095 (little-endian, 12 bits)
 *     byte 3     piece size of a streamed payload, minus one (1-256)
 *     bytes 4-7  seed of the read sizes (each read 1..what the framer asks for)
 *     then       the byte stream, as one side of a socket would send it
 * tools/capture-to-seeds.py writes such inputs from real captures: every
 * message one side sent in a session, back to back.
 *
 * The framer is fed the stream in those reads, each written exactly where and
 * at most as much as it asks (ASan catches a buffer smaller than it said).
 * A walk of the same bytes by the headers checks every event: the bytes
 * handed out, concatenated, are the input; a message ends exactly where its
 * header says, and the framer never asks for a byte past it; a payload up to
 * the cap comes whole, a larger one as its header then pieces of at most the
 * piece size; never more than max(header + cap, piece) bytes are held; a cut
 * hands over exactly the bytes not yet handed out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sniffer/framer.h"
#include "sniffer/relay-int.h"

#define PREAMBLE 8u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-framer: invariant broken: %s\n", what);
		abort();
	}
}

static uint32_t rng_next(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/* What the bytes say, walked independently of the framer. */
struct model {
	const uint8_t *in;
	size_t len;
	size_t cap, chunk;
	size_t fed;       /* bytes given to the framer */
	size_t out;       /* bytes handed out by it, in order */
	size_t msg_start; /* where the message being read starts */
	int streaming;
	uint64_t stream_left;
};

static uint32_t size_at(const struct model *m, size_t at)
{
	uint32_t v;

	memcpy(&v, m->in + at + 8, sizeof(v));
	return v;
}

/* out bytes are the next ones of the input, and end exactly at what was fed. */
static void take(struct model *m, const struct vs_framer_out *o)
{
	check(o->bytes != NULL || o->len == 0, "bytes handed out");
	check(o->len <= m->fed - m->out, "no more handed out than fed");
	check(o->len == 0 || memcmp(o->bytes, m->in + m->out, o->len) == 0,
	      "handed-out bytes are the input's, in order");
	m->out += o->len;
	check(m->out == m->fed, "an event comes at the byte that completes it, no later");
}

static void on_event(struct model *m, enum vs_framer_event ev, struct vs_framer_out *o)
{
	uint32_t size;

	switch (ev) {
	case VS_FRAMER_MORE:
		check(o->bytes == NULL && o->len == 0, "nothing handed out without an event");
		return;
	case VS_FRAMER_MESSAGE:
		check(!m->streaming, "no message inside a streamed payload");
		check(m->out == m->msg_start, "a message starts where the last one ended");
		size = size_at(m, m->msg_start);
		check(size <= m->cap, "a payload up to the cap comes whole");
		check(o->len == VU_HDR_SIZE + (size_t)size,
		      "a message is as long as its header says");
		take(m, o);
		m->msg_start = m->out;
		break;
	case VS_FRAMER_STREAM_HEADER:
		check(!m->streaming, "no stream inside a stream");
		check(m->out == m->msg_start, "a streamed message starts where the last one ended");
		size = size_at(m, m->msg_start);
		check(size > m->cap, "only a payload beyond the cap streams");
		check(o->len == VU_HDR_SIZE && o->stream_size == size, "the stream's header");
		take(m, o);
		m->streaming = 1;
		m->stream_left = size;
		break;
	case VS_FRAMER_STREAM_CHUNK:
		check(m->streaming, "a piece belongs to a stream");
		check(o->len >= 1 && o->len <= m->chunk, "a piece is at most the piece size");
		check(o->len <= m->stream_left, "a piece stays inside its payload");
		take(m, o);
		m->stream_left -= o->len;
		check(o->end == (m->stream_left == 0),
		      "the last piece, and only it, ends the stream");
		if (o->end) {
			m->streaming = 0;
			m->msg_start = m->out;
		}
		break;
	default:
		check(0, "event in range");
	}
	g_free(o->bytes);
}

/* The stream stops at m->fed: the framer gives back exactly what it still held. */
static void cut_here(struct model *m, struct vs_framer *fr)
{
	struct vs_framer_out o;
	size_t want;

	switch (vs_framer_cut(fr, &o)) {
	case VS_FRAMER_CUT_NOTHING:
		check(!m->streaming && m->out == m->fed, "nothing held at a message boundary");
		check(o.bytes == NULL, "nothing handed out");
		break;
	case VS_FRAMER_CUT_BYTES:
		check(!m->streaming && m->out == m->msg_start, "a cut message from its start");
		take(m, &o);
		check(o.len >= 1, "a cut message has bytes");
		check(o.len < VU_HDR_SIZE || o.len < VU_HDR_SIZE + (size_t)size_at(m, m->msg_start),
		      "a cut message is shorter than its header says");
		g_free(o.bytes);
		break;
	case VS_FRAMER_CUT_STREAM:
		check(m->streaming && m->out == m->fed, "a cut stream handed everything out");
		check(o.stream_size == m->stream_left, "a cut stream says what never came");
		break;
	default:
		check(0, "cut in range");
	}
	check(fr->buffered == 0, "nothing held after a cut");
	vs_framer_buffer(fr, &want);
	check(want == VU_HDR_SIZE, "after a cut, a header");
	m->streaming = 0;
	m->stream_left = 0;
	m->msg_start = m->out = m->fed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vs_framer fr;
	struct model m = {0};
	uint8_t flags;
	uint32_t seed;
	size_t cut_at = SIZE_MAX;

	if (size < PREAMBLE)
		return 0;
	flags = data[0];
	m.cap =
	    (flags & 1) ? VS_PAYLOAD_HARD_CAP : ((size_t)data[1] | (size_t)data[2] << 8) & 0xfff;
	m.chunk = (flags & 2) ? VS_STREAM_CHUNK : 1u + data[3];
	memcpy(&seed, data + 4, sizeof(seed));
	seed |= 1; /* xorshift stays at 0 */
	m.in = data + PREAMBLE;
	m.len = size - PREAMBLE;
	if (flags & 8)
		cut_at = rng_next(&seed) % (m.len + 1);

	vs_framer_init(&fr, m.cap, m.chunk);
	while (m.fed < m.len) {
		struct vs_framer_out o;
		size_t want, n;
		uint8_t *buf;

		if (m.fed >= cut_at) {
			cut_here(&m, &fr);
			cut_at = SIZE_MAX;
		}
		buf = vs_framer_buffer(&fr, &want);
		check(buf != NULL && want >= 1, "the framer always asks for a byte");
		check(want <= MAX(VU_HDR_SIZE + m.cap, m.chunk),
		      "never asks for more than it may hold");
		if (m.streaming)
			check(want <= m.stream_left, "never asks past a streamed payload");
		else if (m.fed - m.msg_start < VU_HDR_SIZE)
			check(m.fed + want == m.msg_start + VU_HDR_SIZE,
			      "the rest of the header, exactly");
		else
			check(m.fed + want == m.msg_start + VU_HDR_SIZE + size_at(&m, m.msg_start),
			      "the rest of the payload, exactly");
		n = (flags & 4) ? want : 1 + rng_next(&seed) % want;
		n = MIN(n, m.len - m.fed);
		memcpy(buf, m.in + m.fed, n);
		m.fed += n;
		on_event(&m, vs_framer_arrived(&fr, n, &o), &o);
		check(fr.buffered <= MAX(VU_HDR_SIZE + m.cap, m.chunk),
		      "held bytes within the cap");
	}
	cut_here(&m, &fr);
	check(m.out == m.len, "everything fed was handed out");
	vs_framer_clear(&fr);
	return 0;
}
