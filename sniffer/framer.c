/*
 * The vhost-user stream framer (framer.h): a header, then exactly the payload
 * it announces, read whole up to the cap and passed through in pieces beyond.
 */
#include <string.h>

#include "sniffer/framer.h"

void vs_framer_init(struct vs_framer *fr, size_t cap, size_t chunk)
{
	g_return_if_fail(chunk >= 1);
	memset(fr, 0, sizeof(*fr));
	fr->cap = cap;
	fr->chunk = chunk;
}

/* Back to reading a header; whatever was held has been handed over or freed. */
static void framer_restart(struct vs_framer *fr)
{
	fr->state = VS_FRAMER_HEADER;
	fr->have = 0;
	fr->msg = NULL;
	fr->msg_len = 0;
	fr->got = 0;
	fr->stream_left = 0;
	fr->piece = NULL;
	fr->piece_len = 0;
	fr->buffered = 0;
}

void vs_framer_set_alloc(struct vs_framer *fr, uint8_t *(*alloc)(gpointer data, size_t len),
                         gpointer data)
{
	fr->alloc = alloc;
	fr->alloc_data = data;
}

void vs_framer_clear(struct vs_framer *fr)
{
	/* a buffer from alloc is its giver's */
	if (fr->alloc == NULL)
		g_free(fr->msg);
	g_free(fr->piece);
	framer_restart(fr);
}

uint8_t *vs_framer_buffer(struct vs_framer *fr, size_t *len)
{
	switch (fr->state) {
	case VS_FRAMER_HEADER:
		*len = VU_HDR_SIZE - fr->have;
		return fr->header + fr->have;
	case VS_FRAMER_PAYLOAD:
		*len = fr->msg_len - VU_HDR_SIZE - fr->got;
		return fr->msg + VU_HDR_SIZE + fr->got;
	case VS_FRAMER_STREAM:
	default:
		/* A fresh buffer per piece: it leaves with the event, and stays
		 * for the next call when nothing arrived. */
		if (fr->piece == NULL) {
			fr->piece_len = (size_t)MIN(fr->stream_left, (uint64_t)fr->chunk);
			fr->piece = g_malloc(fr->piece_len);
			fr->buffered += fr->piece_len;
		}
		*len = fr->piece_len;
		return fr->piece;
	}
}

static enum vs_framer_event header_complete(struct vs_framer *fr, struct vs_framer_out *out)
{
	uint32_t size;

	memcpy(&size, fr->header + 8, sizeof(size)); /* native byte order, as on the wire */
	fr->have = 0;
	if (size > fr->cap) {
		out->bytes = g_memdup2(fr->header, VU_HDR_SIZE);
		out->len = VU_HDR_SIZE;
		out->stream_size = size;
		fr->stream_left = size;
		fr->state = VS_FRAMER_STREAM;
		return VS_FRAMER_STREAM_HEADER;
	}
	fr->msg_len = VU_HDR_SIZE + (size_t)size;
	fr->msg =
	    fr->alloc != NULL ? fr->alloc(fr->alloc_data, fr->msg_len) : g_malloc(fr->msg_len);
	fr->buffered = fr->msg_len;
	memcpy(fr->msg, fr->header, VU_HDR_SIZE);
	fr->got = 0;
	fr->state = VS_FRAMER_PAYLOAD;
	if (size > 0)
		return VS_FRAMER_MORE;
	out->bytes = fr->msg;
	out->len = fr->msg_len;
	framer_restart(fr);
	return VS_FRAMER_MESSAGE;
}

enum vs_framer_event vs_framer_arrived(struct vs_framer *fr, size_t n, struct vs_framer_out *out)
{
	memset(out, 0, sizeof(*out));
	g_return_val_if_fail(n >= 1, VS_FRAMER_MORE);

	switch (fr->state) {
	case VS_FRAMER_HEADER:
		g_return_val_if_fail(n <= VU_HDR_SIZE - fr->have, VS_FRAMER_MORE);
		fr->have += n;
		if (fr->have < VU_HDR_SIZE)
			return VS_FRAMER_MORE;
		return header_complete(fr, out);
	case VS_FRAMER_PAYLOAD:
		g_return_val_if_fail(n <= fr->msg_len - VU_HDR_SIZE - fr->got, VS_FRAMER_MORE);
		fr->got += n;
		if (VU_HDR_SIZE + fr->got < fr->msg_len)
			return VS_FRAMER_MORE;
		out->bytes = fr->msg;
		out->len = fr->msg_len;
		framer_restart(fr);
		return VS_FRAMER_MESSAGE;
	case VS_FRAMER_STREAM:
	default:
		g_return_val_if_fail(fr->piece != NULL && n <= fr->piece_len, VS_FRAMER_MORE);
		out->bytes = fr->piece;
		out->len = n;
		/* A short read keeps no more than twice what it carries. */
		if (n < fr->piece_len / 2)
			out->bytes = g_realloc(out->bytes, n);
		fr->piece = NULL;
		fr->buffered -= fr->piece_len;
		fr->piece_len = 0;
		fr->stream_left -= n;
		out->end = fr->stream_left == 0;
		if (out->end)
			framer_restart(fr);
		return VS_FRAMER_STREAM_CHUNK;
	}
}

size_t vs_framer_left(const struct vs_framer *fr)
{
	switch (fr->state) {
	case VS_FRAMER_HEADER:
		return fr->have == 0 ? 0 : (size_t)-1;
	case VS_FRAMER_PAYLOAD:
		return fr->msg_len - VU_HDR_SIZE - fr->got;
	case VS_FRAMER_STREAM:
	default:
		return (size_t)MIN(fr->stream_left, (uint64_t)SIZE_MAX - 1);
	}
}

enum vs_framer_cut vs_framer_cut(struct vs_framer *fr, struct vs_framer_out *out)
{
	enum vs_framer_cut cut;

	memset(out, 0, sizeof(*out));
	switch (fr->state) {
	case VS_FRAMER_HEADER:
		if (fr->have == 0)
			return VS_FRAMER_CUT_NOTHING;
		out->bytes = g_memdup2(fr->header, fr->have);
		out->len = fr->have;
		cut = VS_FRAMER_CUT_BYTES;
		break;
	case VS_FRAMER_PAYLOAD:
		out->bytes = fr->msg;
		out->len = VU_HDR_SIZE + fr->got;
		fr->msg = NULL;
		cut = VS_FRAMER_CUT_BYTES;
		break;
	case VS_FRAMER_STREAM:
	default:
		out->stream_size = fr->stream_left;
		cut = VS_FRAMER_CUT_STREAM;
		break;
	}
	vs_framer_clear(fr);
	return cut;
}
