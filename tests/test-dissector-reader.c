/* The bounds-checked reader: values, edges, and offsets that would overflow. */
#include <string.h>

#include "tests/test-dissector-util.h"

static const uint8_t bytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};

static void test_values(void)
{
	g_autofree uint8_t *b = test_exact_copy(bytes, sizeof(bytes));
	struct vu_reader r;
	uint8_t u8 = 0;
	uint16_t u16 = 0;
	uint32_t u32 = 0;
	uint64_t u64 = 0;

	vu_reader_init(&r, b, sizeof(bytes));
	g_assert_true(vu_reader_u8(&r, 9, &u8));
	g_assert_cmpuint(u8, ==, 0x0a);
	g_assert_true(vu_reader_u16(&r, 1, &u16));
	g_assert_cmphex(u16, ==, 0x0302);
	g_assert_true(vu_reader_u32(&r, 6, &u32));
	g_assert_cmphex(u32, ==, 0x0a090807);
	g_assert_true(vu_reader_u64(&r, 2, &u64));
	g_assert_cmphex(u64, ==, 0x0a09080706050403ull);
	g_assert_true(vu_reader_be16(&r, 0, &u16));
	g_assert_cmphex(u16, ==, 0x0102);
	g_assert_true(vu_reader_be32(&r, 6, &u32));
	g_assert_cmphex(u32, ==, 0x0708090a);
	g_assert_true(vu_reader_bytes(&r, 10, 0) == b + 10);
	g_assert_true(vu_reader_bytes(&r, 0, 10) == b);
	g_assert_false(r.overrun);
}

static void test_past_end(void)
{
	g_autofree uint8_t *b = test_exact_copy(bytes, sizeof(bytes));
	struct vu_reader r;
	uint8_t u8 = 0xff;
	uint16_t u16 = 0xffff;
	uint32_t u32 = 0xffffffff;
	uint64_t u64 = UINT64_MAX;

	vu_reader_init(&r, b, sizeof(bytes));
	g_assert_false(vu_reader_u8(&r, 10, &u8));
	g_assert_cmpuint(u8, ==, 0);
	g_assert_true(r.overrun);

	vu_reader_init(&r, b, sizeof(bytes));
	g_assert_false(vu_reader_u16(&r, 9, &u16));
	g_assert_cmpuint(u16, ==, 0);
	g_assert_false(vu_reader_u32(&r, 7, &u32));
	g_assert_cmpuint(u32, ==, 0);
	g_assert_false(vu_reader_u64(&r, 3, &u64));
	g_assert_cmpuint(u64, ==, 0);
	g_assert_false(vu_reader_be32(&r, 8, &u32));
	g_assert_false(vu_reader_be16(&r, 9, &u16));
	g_assert_null(vu_reader_bytes(&r, 11, 0));
	g_assert_null(vu_reader_bytes(&r, 5, 6));
	g_assert_true(r.overrun);
}

static void test_overflow(void)
{
	g_autofree uint8_t *b = test_exact_copy(bytes, sizeof(bytes));
	struct vu_reader r;
	uint64_t u64 = 1;

	vu_reader_init(&r, b, sizeof(bytes));
	/* offset + n wraps around: must still be refused. */
	g_assert_false(vu_reader_has(&r, SIZE_MAX, 2));
	g_assert_false(vu_reader_has(&r, 2, SIZE_MAX));
	g_assert_false(vu_reader_has(&r, SIZE_MAX - 3, 8));
	g_assert_null(vu_reader_bytes(&r, 4, SIZE_MAX - 3));
	g_assert_false(vu_reader_u64(&r, SIZE_MAX - 7, &u64));
	g_assert_cmpuint(u64, ==, 0);
	g_assert_true(vu_reader_has(&r, 0, sizeof(bytes)));
	g_assert_true(vu_reader_has(&r, sizeof(bytes), 0));
	g_assert_false(vu_reader_has(&r, sizeof(bytes) + 1, 0));
}

static void test_null(void)
{
	struct vu_reader r;
	uint32_t u32 = 7;

	/* No data: nothing is readable whatever len says. */
	vu_reader_init(&r, NULL, 100);
	g_assert_false(vu_reader_has(&r, 0, 1));
	g_assert_false(vu_reader_u32(&r, 0, &u32));
	g_assert_cmpuint(u32, ==, 0);
	g_assert_true(r.overrun);
	vu_reader_init(&r, bytes, 0);
	g_assert_false(r.overrun);
	g_assert_false(vu_reader_has(&r, 0, 1));
}

void test_reader_register(void)
{
	test_add("/dissector/reader/values", test_values);
	test_add("/dissector/reader/past-end", test_past_end);
	test_add("/dissector/reader/overflow", test_overflow);
	test_add("/dissector/reader/null", test_null);
}
