/*
 * libFuzzer harness for data-plane entries (dissector/vu-payload*.c): the
 * body parser and serializer, the session's table of requests in flight,
 * and every device's decoder and renderer over any bytes, under ASan and
 * UBSan. The bytes are what the guest and the back-end put in guest memory,
 * cut anywhere by the snap length: nothing in them may crash or overrun a
 * decoder.
 *
 * Input:
 *     byte 0   negotiated features: bit 0 VERSION_1, 1 MRG_RXBUF, 2 CTRL_VQ,
 *              3 HASH_REPORT
 *     byte 1   vrings the session set up (0..63)
 *     then     a kind-8 body (doc/capture-format.md). When it does not parse,
 *              its bytes are decoded anyway as one entry of each phase, split
 *              into readable and writable parts at the byte the first one
 *              names.
 * Each entry is decoded as every device (net, blk, fs, vsock, none) from
 * exactly-sized heap copies, rendered as text at each verbosity and as
 * JSON, and matched through a session. Invariants checked: a parsed body
 * serializes to the same bytes; the JSON members nest and their strings end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissector/vu-payload.h"

#define HEADER 2u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-payload: invariant broken: %s\n", what);
		abort();
	}
}

static void check_json(const struct vu_str *s)
{
	int depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < s->len; i++) {
		char c = s->data[i];

		check((unsigned char)c >= 0x20, "a raw control character in the JSON");
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{') {
			depth++;
		} else if (c == '}') {
			check(--depth >= 0, "a } without its {");
		}
	}
	check(!in_string && depth == 0, "the JSON members do not nest");
}

static struct vu_session session;

static void render_all(const struct vu_payload *p, uint64_t features, uint16_t nvrings)
{
	static const uint8_t devices[] = {VU_DEVICE_NET, VU_DEVICE_BLK, VU_DEVICE_FS,
	                                  VU_DEVICE_VSOCK, VU_DEVICE_UNKNOWN};
	static uint64_t frame;
	struct vu_str s;

	vu_str_init(&s);
	for (size_t d = 0; d < sizeof(devices); d++) {
		struct vu_payload e = *p;
		struct vu_payload_context ctx;
		struct vu_payload_info info;

		e.device = devices[d];
		frame++;
		vu_session_payload(&session, &e, frame, frame, &ctx);
		ctx.acked_features = features;
		ctx.nvrings = nvrings;
		vu_payload_decode(&e, &ctx, &info);
		for (int verbose = 0; verbose <= 2; verbose++) {
			vu_str_clear(&s);
			vu_payload_render_text(&e, &ctx, &info, verbose, "  ", &s);
			check(s.len > 0, "an entry rendered as nothing");
		}
		vu_str_clear(&s);
		vu_payload_render_json(&e, &ctx, &info, &s);
		check_json(&s);
		/* Without a context too, as the plugin may decode a lone frame. */
		vu_str_clear(&s);
		vu_payload_render_text(&e, NULL, NULL, 1, "", &s);
	}
	vu_str_free(&s);
}

static uint8_t *copy(const uint8_t *p, size_t n)
{
	uint8_t *c = malloc(n > 0 ? n : 1);

	check(c != NULL, "out of memory");
	if (n > 0)
		memcpy(c, p, n);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vu_payload p;
	uint64_t features = 0;
	uint16_t nvrings;

	if (size < HEADER)
		return 0;
	static bool started;

	if (!started) {
		vu_session_init(&session, VU_DEVICE_UNKNOWN);
		started = true;
	}
	if (data[0] & 1)
		features |= VU_BIT(VU_F_VERSION_1);
	if (data[0] & 2)
		features |= VU_BIT(VU_NET_F_MRG_RXBUF);
	if (data[0] & 4)
		features |= VU_BIT(VU_NET_F_CTRL_VQ);
	if (data[0] & 8)
		features |= VU_BIT(VU_NET_F_HASH_REPORT);
	nvrings = data[1] & 63u;
	data += HEADER;
	size -= HEADER;

	uint8_t *body = copy(data, size);

	if (vu_payload_parse(body, size, &p)) {
		uint8_t *again = malloc(size > 0 ? size : 1);
		struct vu_payload c = p;

		check(again != NULL, "out of memory");
		check(vu_payload_serialize(&p, again, size) == size, "serialize: another size");
		check(memcmp(again, body, size) == 0, "serialize: other bytes");
		free(again);
		/* The kept parts as exact copies: a read past them is an overrun. */
		c.out = copy(p.out, p.out_kept);
		c.in = copy(p.in, p.in_kept);
		render_all(&c, features, nvrings);
		free((void *)c.out);
		free((void *)c.in);
	} else {
		size_t split = size > 0 ? data[0] % (size + 1) : 0;
		struct vu_payload e = {.vring = (uint16_t)(size > 1 ? data[1] % 8u : 0),
		                       .head = 1,
		                       .out_kept = (uint32_t)split,
		                       .out_total = (uint32_t)split + 7u,
		                       .in_kept = 0,
		                       .in_total = (uint32_t)(size - split)};

		e.out = copy(data, split);
		e.in = copy(data + split, size - split);
		e.phase = VU_PAYLOAD_AVAIL;
		render_all(&e, features, nvrings);
		e.phase = VU_PAYLOAD_USED;
		e.in_kept = (uint32_t)(size - split);
		e.used_len = e.in_kept;
		render_all(&e, features, nvrings);
		free((void *)e.out);
		free((void *)e.in);
	}
	free(body);
	return 0;
}
