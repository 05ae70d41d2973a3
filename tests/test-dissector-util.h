/*
 * Helpers shared by the dissector unit tests.
 *
 * Messages are built here byte by byte from the protocol reference's layouts
 * (little-endian puts at payload offsets), never by an encoder of the code
 * under test, so a test checks the decoder against an independent reading of
 * the reference.
 */
#ifndef VU_TEST_DISSECTOR_UTIL_H
#define VU_TEST_DISSECTOR_UTIL_H

#include <glib.h>

#include "dissector/vu-dissector.h"

/* Big enough for the largest legal message and some bytes beyond it. */
#define TEST_MSG_CAP 4096u

/* One message under construction: header + payload bytes as they would cross the socket. */
struct test_msg {
	uint8_t b[TEST_MSG_CAP];
	size_t len;
};

/* Write the 12-byte header; len becomes 12 + size (the payload is zeros until put). */
void test_msg_init(struct test_msg *m, uint32_t request, uint32_t flags, uint32_t size);
/* Little-endian puts at a payload offset (message offset 12 + off). */
void test_put_u8(struct test_msg *m, size_t off, uint8_t v);
void test_put_u16(struct test_msg *m, size_t off, uint16_t v);
void test_put_u32(struct test_msg *m, size_t off, uint32_t v);
void test_put_u64(struct test_msg *m, size_t off, uint64_t v);
void test_put_bytes(struct test_msg *m, size_t off, const void *p, size_t n);
/* Little-endian put at an absolute message offset (for headers). */
void test_put_u32_at(uint8_t *b, size_t off, uint32_t v);

/* Decode the message's first len bytes (the caller may cut it short). */
struct vu_decoded *test_decode_bytes(enum vu_channel channel, enum vu_direction from,
                                     const uint8_t *bytes, size_t len, unsigned nfds,
                                     const struct vu_decode_context *ctx);
struct vu_decoded *test_decode(enum vu_channel channel, enum vu_direction from,
                               const struct test_msg *m, unsigned nfds,
                               const struct vu_decode_context *ctx);

/* The n-th (0-based) field with this id, or NULL. */
const struct vu_field *test_field(const struct vu_decoded *d, enum vu_field_id id, unsigned n);
unsigned test_field_count(const struct vu_decoded *d, enum vu_field_id id);

/*
 * Assert that the n-th field id exists at payload offset poff (message offset
 * 12 + poff) with length len and value value.
 */
#define test_check_field(d, id, n, poff, len, value)                                               \
	test_check_field_at(__FILE__, __LINE__, (d), (id), #id, (n), VU_HDR_SIZE + (poff), (len),  \
	                    (value))
void test_check_field_at(const char *file, int line, const struct vu_decoded *d,
                         enum vu_field_id id, const char *idname, unsigned n, size_t offset,
                         size_t len, uint64_t value);

/* Whether a finding with this code is attached. */
bool test_has_finding(const struct vu_decoded *d, enum vu_finding_code code);

/* Assert that every field lies inside the bytes that were present. */
void test_check_fields_inside(const struct vu_decoded *d, size_t len);

/* Heap copy of exactly n bytes so that ASan/valgrind see any read past them. */
uint8_t *test_exact_copy(const uint8_t *p, size_t n);

/* ---- a session fed message by message ---------------------------------- */

struct test_sess {
	struct vu_session s;
	uint64_t frame, ts;
	struct vu_decoded d;
};

#define TEST_SESS_MS 1000000ull

/* Feed m on ch (its size finished from the bytes put), an exact copy of it,
 * with nfds fds described by fds (NULL: none described), at the next frame
 * and 1 ms after the last; every field inside the message. */
struct vu_decoded *test_sess_feed(struct test_sess *t, enum vu_channel ch, struct test_msg *m,
                                  unsigned nfds, const struct vu_fd_info *fds);

/* ---- decoding cases as data -------------------------------------------- */
/*
 * A case is one row: the message (channel, sender, request by name, flags,
 * payload, fds), and what its decoding must give (fields by JSON key,
 * findings by key, malformed or not). Fields and findings are named by the
 * keys of vu-fields.def and vu-findings.def, found through vu_field_defs()
 * and vu_finding_defs(), so that a row reads like the JSON output.
 *
 * Every decoding is also checked against the header it was given: the
 * header fields (only those whose bytes are there when it is short), the
 * request's row, the channel, the sender and the fds.
 */

/* One number or string put into the payload, little-endian, at a payload offset. */
struct test_put {
	uint16_t offset;
	uint8_t width; /* 1, 2, 4 or 8; 0 for the bytes of .bytes; 0 without .bytes ends a list */
	uint64_t value;
	const char *bytes;
	uint16_t nbytes;
};

#define U8_AT(o, v)                                                                                \
	{                                                                                          \
		.offset = (o), .width = 1, .value = (v)                                            \
	}
#define U16_AT(o, v)                                                                               \
	{                                                                                          \
		.offset = (o), .width = 2, .value = (v)                                            \
	}
#define U32_AT(o, v)                                                                               \
	{                                                                                          \
		.offset = (o), .width = 4, .value = (v)                                            \
	}
#define U64_AT(o, v)                                                                               \
	{                                                                                          \
		.offset = (o), .width = 8, .value = (v)                                            \
	}
/* A string literal's bytes, without its terminating zero. */
#define BYTES_AT(o, s)                                                                             \
	{                                                                                          \
		.offset = (o), .bytes = (s), .nbytes = sizeof(s) - 1                               \
	}
#define PAYLOAD(...) ((const struct test_put[]){__VA_ARGS__, {.width = 0}})

/* Payload bytes [from, to) hold (uint8_t)(start + step * offset), so that they are not zeros. */
struct test_pattern {
	uint16_t from, to;
	uint8_t start, step;
};

/*
 * A field the decoding must hold: the one with this key ("mem.region.size",
 * or "mem.region.size[2]" for the third of them) has this value, and when
 * length is not 0 it lies at offset (from the payload's first byte) for
 * length bytes.
 */
struct test_field_expect {
	const char *key;
	uint64_t value;
	uint16_t offset;
	uint16_t length;
};
#define FIELDS(...) ((const struct test_field_expect[]){__VA_ARGS__, {NULL, 0, 0, 0}})

/* A field one level below another (both keys as in test_field_expect). */
struct test_child_expect {
	const char *key;
	const char *parent;
};
#define CHILDREN(...) ((const struct test_child_expect[]){__VA_ARGS__, {NULL, NULL}})

/* How many fields of a key the decoding holds: at least min, at most max. */
struct test_count_expect {
	const char *key;
	unsigned min, max;
};
#define COUNTS(...) ((const struct test_count_expect[]){__VA_ARGS__, {.key = NULL}})
#define COUNT(key, n)                                                                              \
	{                                                                                          \
		(key), (n), (n)                                                                    \
	}
#define AT_MOST(key, n)                                                                            \
	{                                                                                          \
		(key), 0, (n)                                                                      \
	}

/* A NULL-terminated list of keys. */
#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Who sends the message: by default the side that sends a request (or reply) of this channel. */
enum test_from {
	TEST_FROM_SENDER = 0,
	TEST_FROM_FRONT,
	TEST_FROM_BACK,
};

struct test_case {
	const char *path; /* the GTest path */
	enum vu_channel channel;
	enum test_from from;
	const char *request; /* its name, as vu_request_by_name() takes it */
	bool raw_request;    /* no name: .number as it is (unknown requests) */
	uint32_t number;     /* with a name: when not 0, the number the name must have */
	uint32_t flags;
	/* The payload: zeros up to .zeros bytes, .pattern, .build, then .payload's puts. */
	const struct test_put *payload;
	size_t zeros;
	struct test_pattern pattern;
	void (*build)(struct test_msg *m);
	bool size_set; /* the header's size; otherwise the payload bytes put */
	uint32_t size;
	bool cut_set; /* decode only the message's first .cut bytes */
	size_t cut;
	bool cut_everywhere; /* decode it cut at every length from the header to its end */
	bool no_bytes;       /* the message has no bytes at all (a NULL pointer) */
	unsigned nfds;
	const struct vu_decode_context *ctx;
	/* What the decoding must give. */
	const char *name; /* vu_decoded_name(), or NULL */
	const char *kind; /* vu_payload_kind_name() of what the payload was decoded as, or NULL */
	bool malformed;
	const char *const *findings; /* every finding drawn, and no other... */
	bool more_findings;          /* ...unless this is set */
	const struct test_field_expect *fields;
	const struct test_field_expect *more_fields; /* a second list (generated cases) */
	const struct test_child_expect *children;
	const char *const *absent; /* keys of fields that must not be there */
	const struct test_count_expect *counts;
	bool header_only; /* no field beyond the header */
};

#define SIZE(n)                        .size_set = true, .size = (n)
#define CUT(n)                         .cut_set = true, .cut = (n)
#define RAW_REQUEST(n)                 .raw_request = true, .number = (n)
#define PATTERN(from, to, start, step) .pattern = {(from), (to), (start), (step)}

/* Build, decode and check one case (a GTestDataFunc). */
void test_case_run(gconstpointer data);
/* Register each case of a table under its path; the table must outlive the run. */
void test_cases_add(const struct test_case *cases, size_t n);

/* The id of a field or finding key; a key that names none ends the test. */
unsigned test_field_id(const char *key);
unsigned test_finding_code(const char *key);

/*
 * Register a test that runs in a subprocess of its own, so that one failing
 * (aborting) case does not hide the results of the others. VU_TEST_INPROCESS=1
 * runs everything in one process (for valgrind or a debugger).
 */
void test_add(const char *path, GTestFunc func);
void test_add_data(const char *path, gconstpointer data, GTestDataFunc func);

/* Registration of each topic file's tests. */
void test_requests_register(void);
void test_decode_register(void);
void test_layouts_register(void);
void test_malformed_register(void);
void test_replies_register(void);
void test_session_register(void);
void test_render_register(void);
void test_identify_register(void);
void test_pseudo_register(void);
void test_uapi_register(void);
void test_reader_register(void);
void test_ring_register(void);
void test_payload_register(void);
void test_payload_decode_register(void);

#endif
