/*
 * libFuzzer harness for the dissector: decoder, session state machine, every
 * renderer and the capture pseudo-header, under ASan and UBSan.
 *
 * Input: a sequence of records, each
 *     byte 0   control: bits 0-1 channel (0 main, 1 back-end channel, 2 gpu,
 *              3 main again), bit 2 sent by the back-end, bits 3-6 fd count
 *              (0-15, so more than the 8 allowed), bit 7 decode with the
 *              packed-ring and Xen-region context
 *     then     one message: 12 + size bytes when the header says so and they
 *              are there, else every byte left (a truncated last message)
 * One record is what tools/strace-to-corpus.py writes per captured message;
 * its *-session files hold whole sessions. Each message is copied into a
 * buffer of exactly its length, so a read past it is an ASan error, and goes
 * through vu_decode and vu_session_process (a session kept across inputs and
 * reset every SESSION_INPUTS inputs, so sequences span inputs), then every
 * renderer. The whole input is also tried as a pseudo-header followed by a
 * message, the way the Wireshark plugin reads a capture frame. Between
 * messages time passes (overdue replies are looked for), a record's control
 * bits may close the back-end channel, and each session ends with its
 * end-of-session findings and its --stats report in text and JSON.
 * Invariants the library promises are checked; a broken one aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissector/vu-dissector.h"

#define SESSION_INPUTS 64
#define MAX_FDS        15

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum vu_device_type devices[] = {
    VU_DEVICE_UNKNOWN, VU_DEVICE_NET,   VU_DEVICE_BLK,   VU_DEVICE_FS,
    VU_DEVICE_GPU,     VU_DEVICE_SCSI,  VU_DEVICE_VSOCK, VU_DEVICE_CRYPTO,
    VU_DEVICE_SOUND,   VU_DEVICE_INPUT, VU_DEVICE_I2C,   VU_DEVICE_GPIO,
};

static struct vu_session session;
static struct vu_stats stats;
static unsigned long inputs;
static struct vu_decoded decoded;
static struct vu_str out;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-decode: invariant broken: %s\n", what);
		abort();
	}
}

static void check_str(const struct vu_str *s)
{
	if (s->data != NULL)
		check(strlen(s->data) == s->len, "vu_str length matches its text");
	check(!s->failed, "vu_str allocation");
}

static void check_decoded(const struct vu_decoded *d, size_t len, unsigned nfds)
{
	size_t nf = 0;

	vu_finding_defs(&nf);

	check(d->nfields <= VU_MAX_FIELDS, "nfields bounded");
	check(d->nfindings <= VU_MAX_FINDINGS, "nfindings bounded");
	check(d->has_header == (len >= VU_HDR_SIZE), "has_header iff 12 bytes");
	check(d->nfds == nfds, "nfds kept");
	check(d->payload_kind < VU_PAYLOAD_KIND_COUNT, "payload kind in range");
	for (size_t i = 0; i < d->nfields; i++) {
		const struct vu_field *f = &d->fields[i];
		check(f->id < VU_FIELD_COUNT, "field id in range");
		check((size_t)f->offset + f->length <= len, "field inside the message");
	}
	for (size_t i = 0; i < d->nfindings; i++) {
		check(d->findings[i].code < nf, "finding code in range");
		check(memchr(d->findings[i].text, 0, VU_FINDING_TEXT) != NULL,
		      "finding text terminated");
	}
	check(memchr(d->malformed_reason, 0, VU_FINDING_TEXT) != NULL, "reason terminated");
	if (d->malformed)
		check(d->malformed_reason[0] != 0, "malformed has a reason");
	if (!d->has_header)
		check(d->malformed, "a short message is malformed");
	if (d->has_header && d->size > VU_MAX_PAYLOAD)
		check(d->malformed, "an oversized message is malformed");
	if (d->info != NULL)
		check(d->info == vu_request_lookup_dialect(d->dialect, d->channel, d->request),
		      "info matches");
}

/* What a session event carries: findings only, each about a frame seen. */
static void check_event(const struct vu_decoded *d)
{
	size_t nf = 0;

	vu_finding_defs(&nf);
	check(!d->has_header && d->nfields == 0 && !d->malformed, "an event decodes no message");
	check(d->nfindings <= VU_MAX_FINDINGS, "nfindings bounded");
	for (size_t i = 0; i < d->nfindings; i++) {
		check(d->findings[i].code < nf, "finding code in range");
		check(d->findings[i].frame <= inputs, "a finding is about a frame seen");
		check(memchr(d->findings[i].text, 0, VU_FINDING_TEXT) != NULL,
		      "finding text terminated");
	}
}

/* Every renderer on one decoded message (the tree renders every field's value). */
static void render_all(const struct vu_decoded *d, const uint8_t *bytes, size_t len,
                       enum vu_device_type device)
{
	char name[32];

	vu_str_clear(&out);
	vu_render_summary(d, bytes, len, device, &out);
	check_str(&out);
	vu_str_clear(&out);
	vu_render_tree(d, bytes, len, device, "  ", &out);
	check_str(&out);
	vu_str_clear(&out);
	vu_render_json_payload(d, bytes, len, device, &out);
	check_str(&out);
	check(out.data != NULL && out.data[0] == '{' && out.data[out.len - 1] == '}',
	      "JSON payload is an object");
	vu_str_clear(&out);
	vu_render_json_findings(d, &out);
	check_str(&out);
	check(out.data != NULL && out.data[0] == '[' && out.data[out.len - 1] == ']',
	      "JSON findings is an array");
	check(vu_decoded_name(d, name, sizeof(name)) != NULL, "a name");
}

static void fill_fds(struct vu_fd_info *fds, unsigned n, uint8_t seed)
{
	for (unsigned i = 0; i < n; i++) {
		memset(&fds[i], 0, sizeof(fds[i]));
		fds[i].kind =
		    (uint8_t)((seed + i) % (VU_FD_OTHER + 2)); /* one kind past the last */
		fds[i].size = (uint64_t)seed << (i % 40);
		fds[i].inode = i;
		snprintf(fds[i].name, sizeof(fds[i].name), "memfd:fuzz-%u-%u", seed, i);
	}
}

/* One message: decode alone, then through the session, rendering both. */
static void one_message(uint8_t ctl, const uint8_t *msg, size_t len)
{
	struct vu_fd_info fds[MAX_FDS];
	struct vu_decode_context ctx;
	enum vu_device_type device = devices[inputs % (sizeof(devices) / sizeof(devices[0]))];
	unsigned nfds = (ctl >> 3) & 15;
	uint8_t *copy = malloc(len ? len : 1);
	uint32_t request = 0;

	check(copy != NULL, "malloc");
	if (len)
		memcpy(copy, msg, len);
	fill_fds(fds, nfds, ctl);
	if (len >= 4)
		request = (uint32_t)msg[0] | (uint32_t)msg[1] << 8 | (uint32_t)msg[2] << 16 |
		          (uint32_t)msg[3] << 24;

	struct vu_message m = {
	    .channel = (enum vu_channel)((ctl & 3) == 3 ? 0 : ctl & 3),
	    .from = (ctl & 4) ? VU_FROM_BACK : VU_FROM_FRONT,
	    .bytes = copy,
	    .len = len,
	    .nfds = nfds,
	    .fds = nfds ? fds : NULL,
	};
	memset(&ctx, 0, sizeof(ctx));
	ctx.ring_packed = (ctl & 0x80) != 0;
	ctx.xen_mmap = (ctl & 0x80) != 0;
	ctx.device = device;
	ctx.dialect = (inputs >> 1) & 1 ? VU_DIALECT_CROSVM : VU_DIALECT_QEMU;
	ctx.answered_request = request;
	ctx.answered_need_reply = (ctl & 0x40) != 0;
	ctx.answered_size = (uint32_t)len;

	vu_decode((ctl & 0x80) ? &ctx : NULL, &m, &decoded);
	check_decoded(&decoded, len, nfds);
	render_all(&decoded, copy, len, device);

	vu_session_process(&session, &m, inputs * 1000 + len, inputs, &decoded);
	check_decoded(&decoded, len, nfds);
	check(session.nregions <= sizeof(session.regions) / sizeof(session.regions[0]),
	      "regions bounded");
	for (size_t c = 0; c < VU_CHANNEL_COUNT; c++)
		check(session.npending[c] <= VU_MAX_PENDING, "pending bounded");
	/* The session's decode differs by context and findings: render those parts again. */
	vu_str_clear(&out);
	vu_render_summary(&decoded, copy, len, session.device, &out);
	check_str(&out);
	vu_str_clear(&out);
	vu_render_json_findings(&decoded, &out);
	check_str(&out);
	vu_stats_add(&stats, &decoded);
	free(copy);

	/* Time passes: a short or a long timeout by the control byte. */
	vu_session_expire(&session, inputs * 1000 + len + 1, (ctl & 0x40) ? 1 : 1000000000u,
	                  &decoded);
	check_event(&decoded);
	vu_stats_add(&stats, &decoded);
	if ((ctl & 0x23) == 0x21)
		vu_session_channel_closed(&session, VU_CHANNEL_BACKEND,
		                          (ctl & 4) ? VU_FROM_BACK : VU_FROM_FRONT);
}

/* The end of a session: what it left undone, and its report. */
static void session_end(void)
{
	vu_session_end(&session, (inputs & 1) ? "front closed" : NULL, &decoded);
	check_event(&decoded);
	vu_stats_add(&stats, &decoded);
	vu_str_clear(&out);
	vu_render_json_findings(&decoded, &out);
	check_str(&out);
	vu_str_clear(&out);
	vu_render_stats(&stats, (inputs & 2) ? NULL : &session, &out);
	check_str(&out);
	vu_str_clear(&out);
	vu_render_json_stats(&stats, (inputs & 2) ? NULL : &session, &out);
	check_str(&out);
	check(out.data != NULL && out.data[0] == '{' && out.data[out.len - 1] == '}',
	      "JSON stats is an object");
	vu_stats_free(&stats);
	vu_stats_init(&stats);
}

/* The Wireshark plugin's view: pseudo-header, then the message it describes. */
static void pseudo_frame(const uint8_t *data, size_t size)
{
	struct vu_pseudo p, q;
	uint8_t buf[VU_PSEUDO_FIXED + VU_MAX_FDS * VU_PSEUDO_FD_SIZE];
	size_t n = vu_pseudo_decode(data, size, &p);

	if (n == 0)
		return;
	check(n == vu_pseudo_size(p.nfds) && n <= size, "pseudo-header size");
	check(p.nfds <= VU_MAX_FDS && p.channel < VU_CHANNEL_COUNT, "pseudo-header ranges");
	/* Encoding what was decoded gives a header that decodes the same. */
	check(vu_pseudo_encode(&p, buf, sizeof(buf)) == n, "pseudo encode size");
	check(vu_pseudo_decode(buf, n, &q) == n, "pseudo re-decode");
	check(p.version == q.version && p.kind == q.kind && p.channel == q.channel &&
	          p.from == q.from && p.nfds == q.nfds && p.flags == q.flags &&
	          p.fds_total == q.fds_total && p.session == q.session && p.msg_len == q.msg_len,
	      "pseudo round trip");
	for (unsigned i = 0; i < p.nfds; i++)
		check(p.fds[i].kind == q.fds[i].kind && p.fds[i].size == q.fds[i].size &&
		          p.fds[i].inode == q.fds[i].inode &&
		          strcmp(p.fds[i].name, q.fds[i].name) == 0,
		      "pseudo fd round trip");
	if (p.kind != VU_RECORD_MESSAGE)
		return;

	size_t len = size - n;
	uint8_t *copy = malloc(len ? len : 1);
	check(copy != NULL, "malloc");
	if (len)
		memcpy(copy, data + n, len);
	struct vu_message m = {
	    .channel = (enum vu_channel)p.channel,
	    .from = (enum vu_direction)p.from,
	    .bytes = copy,
	    .len = len,
	    .nfds = p.nfds,
	    .fds = p.fds,
	};
	vu_decode(NULL, &m, &decoded);
	check_decoded(&decoded, len, p.nfds);
	render_all(&decoded, copy, len, VU_DEVICE_NET);
	free(copy);
}

/* Names typed by a user (filters, the CLI): any bytes, as a C string. */
static void name_lookup(const uint8_t *data, size_t size)
{
	char name[64];
	size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;

	memcpy(name, data, n);
	name[n] = 0;
	for (int c = 0; c < VU_CHANNEL_COUNT; c++) {
		const struct vu_request_info *info = vu_request_by_name((enum vu_channel)c, name);
		if (info != NULL)
			check(vu_request_lookup((enum vu_channel)c, info->number) == info,
			      "by-name result is in the table");
	}
	vu_device_feature_table_by_id(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;

	if (inputs % SESSION_INPUTS == 0) {
		if (inputs > 0)
			session_end();
		vu_session_init(
		    &session,
		    devices[(inputs / SESSION_INPUTS) % (sizeof(devices) / sizeof(devices[0]))]);
		vu_str_free(&out);
		vu_str_init(&out);
	}
	inputs++;

	while (off < size) {
		uint8_t ctl = data[off++];
		size_t rest = size - off;
		size_t len = rest;

		if (rest >= VU_HDR_SIZE) {
			uint32_t msg_size = (uint32_t)data[off + 8] | (uint32_t)data[off + 9] << 8 |
			                    (uint32_t)data[off + 10] << 16 |
			                    (uint32_t)data[off + 11] << 24;
			if ((uint64_t)VU_HDR_SIZE + msg_size <= rest)
				len = VU_HDR_SIZE + msg_size;
		}
		one_message(ctl, data + off, len);
		off += len;
	}
	pseudo_frame(data, size);
	name_lookup(data, size);
	return 0;
}
