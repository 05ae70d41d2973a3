/*
 * The vhost-user stream framer: cuts a byte stream into messages, a 12-byte
 * header and the payload its size field announces. No sockets, no fds, no
 * records: the relay (relay-conn.c) and the fuzz harness (tests/fuzz-framer.c)
 * drive the same code.
 *
 * The caller asks where the next bytes go and how many at most
 * (vs_framer_buffer), puts up to that many there, and says how many arrived
 * (vs_framer_arrived). The relay either copies them from bytes it read ahead
 * or, when fds came among those bytes, reads exactly that many from the
 * socket: asking for exactly the rest of the header, then exactly the
 * payload, is what keeps SCM_RIGHTS fds with their message (relay-conn.c).
 *
 * A payload larger than the cap is not held whole: its header comes out at
 * once (STREAM_HEADER) and the payload in pieces of at most `chunk` bytes as
 * they arrive (STREAM_CHUNK, the last one with end set), so at most
 * max(header + cap, chunk) bytes are ever buffered.
 */
#ifndef VS_FRAMER_H
#define VS_FRAMER_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "dissector/vu-dissector.h"

enum vs_framer_state {
	VS_FRAMER_HEADER = 0, /* reading the header */
	VS_FRAMER_PAYLOAD,    /* reading a payload up to the cap, into the message */
	VS_FRAMER_STREAM,     /* passing a payload beyond the cap through */
};

enum vs_framer_event {
	VS_FRAMER_MORE = 0,      /* nothing complete yet */
	VS_FRAMER_MESSAGE,       /* a whole message, header and payload */
	VS_FRAMER_STREAM_HEADER, /* the header of a payload beyond the cap */
	VS_FRAMER_STREAM_CHUNK,  /* the next bytes of that payload */
};

/* What an event or a cut hands over. bytes are the caller's (g_free them, or
 * they came from the framer's alloc). */
struct vs_framer_out {
	uint8_t *bytes;
	size_t len;
	uint64_t stream_size; /* STREAM_HEADER: the payload size the header announces */
	gboolean end;         /* STREAM_CHUNK: the payload's last bytes */
};

struct vs_framer {
	size_t cap;   /* largest payload read whole */
	size_t chunk; /* largest piece of a streamed payload */
	enum vs_framer_state state;
	uint8_t header[VU_HDR_SIZE];
	size_t have;          /* HEADER: header bytes read */
	uint8_t *msg;         /* PAYLOAD: header + payload */
	size_t msg_len;       /* PAYLOAD: VU_HDR_SIZE + payload size */
	size_t got;           /* PAYLOAD: payload bytes read */
	uint64_t stream_left; /* STREAM: payload bytes still to pass through */
	uint8_t *piece;       /* STREAM: where the next piece is read */
	size_t piece_len;     /* its size */
	size_t buffered;      /* bytes the framer holds allocated (msg + piece) */
	/* Where a message's buffer comes from (vs_framer_set_alloc); NULL: g_malloc. */
	uint8_t *(*alloc)(gpointer data, size_t len);
	gpointer alloc_data;
};

/* A framer at the start of a stream. cap and chunk: see above (chunk >= 1). */
void vs_framer_init(struct vs_framer *fr, size_t cap, size_t chunk);
/* Messages (header and payload up to the cap) are read into alloc(data,
 * len), which is handed over with the message or the cut; the buffer stays
 * the giver's, and one the framer gives up (vs_framer_clear) is not freed.
 * Without, g_malloc and g_free. The relay reads them straight into the
 * bytes of their records. */
void vs_framer_set_alloc(struct vs_framer *fr, uint8_t *(*alloc)(gpointer data, size_t len),
                         gpointer data);
/* Free what it holds; the framer is at the start of a stream again. */
void vs_framer_clear(struct vs_framer *fr);

/* Where the next bytes go, and *len the most that may be read now (>= 1). */
uint8_t *vs_framer_buffer(struct vs_framer *fr, size_t *len);
/* n bytes (1 <= n <= the length vs_framer_buffer gave) were written where it
 * said. At most one event comes of it, filled into *out. */
enum vs_framer_event vs_framer_arrived(struct vs_framer *fr, size_t n, struct vs_framer_out *out);

/* Bytes to the end of the message being read, 0 at a message boundary;
 * (size_t)-1 inside a header begun but not whole (its size is not known yet). */
size_t vs_framer_left(const struct vs_framer *fr);

enum vs_framer_cut {
	VS_FRAMER_CUT_NOTHING = 0, /* at a message boundary */
	VS_FRAMER_CUT_BYTES,       /* out: the bytes of the message read so far (header or
	                              header + part of the payload), never handed out before */
	VS_FRAMER_CUT_STREAM,      /* inside a streamed payload: all its bytes went out
	                              already; out->stream_size: the bytes that never came */
};
/* The stream ends here: hand over what is left of the message being read;
 * the framer is at the start of a stream again. */
enum vs_framer_cut vs_framer_cut(struct vs_framer *fr, struct vs_framer_out *out);

#endif
