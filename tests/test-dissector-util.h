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
/* The same with an offset from the message start (header fields). */
#define test_check_hdr_field(d, id, off, len, value)                                               \
	test_check_field_at(__FILE__, __LINE__, (d), (id), #id, 0, (off), (len), (value))
void test_check_field_at(const char *file, int line, const struct vu_decoded *d,
                         enum vu_field_id id, const char *idname, unsigned n, size_t offset,
                         size_t len, uint64_t value);

/* Whether a finding with this code is attached. */
bool test_has_finding(const struct vu_decoded *d, enum vu_finding_code code);

/* Assert well-formed: no malformed flag and no finding of severity error. */
#define test_check_clean(d) test_check_clean_at(__FILE__, __LINE__, (d))
void test_check_clean_at(const char *file, int line, const struct vu_decoded *d);

/* Assert malformed with a non-empty reason and the given finding. */
#define test_check_malformed(d, code)                                                              \
	test_check_malformed_at(__FILE__, __LINE__, (d), (code), #code)
void test_check_malformed_at(const char *file, int line, const struct vu_decoded *d,
                             enum vu_finding_code code, const char *codename);

/* Assert that every field lies inside the bytes that were present. */
void test_check_fields_inside(const struct vu_decoded *d, size_t len);

/* Heap copy of exactly n bytes so that ASan/valgrind see any read past them. */
uint8_t *test_exact_copy(const uint8_t *p, size_t n);

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
void test_session_register(void);
void test_render_register(void);
void test_pseudo_register(void);
void test_uapi_register(void);
void test_reader_register(void);

#endif
