/* Helpers shared by the dissector unit tests (see test-dissector-util.h). */
#include <string.h>

#include "tests/test-dissector-util.h"

void test_put_u32_at(uint8_t *b, size_t off, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

void test_msg_init(struct test_msg *m, uint32_t request, uint32_t flags, uint32_t size)
{
	memset(m->b, 0, sizeof(m->b));
	test_put_u32_at(m->b, 0, request);
	test_put_u32_at(m->b, 4, flags);
	test_put_u32_at(m->b, 8, size);
	/* A header may claim more than the buffer holds; those cases cut len themselves. */
	m->len = VU_HDR_SIZE + (size < TEST_MSG_CAP - VU_HDR_SIZE ? size : 0);
}

static void grow(struct test_msg *m, size_t off, size_t n)
{
	g_assert_cmpuint(VU_HDR_SIZE + off + n, <=, TEST_MSG_CAP);
	if (m->len < VU_HDR_SIZE + off + n)
		m->len = VU_HDR_SIZE + off + n;
}

void test_put_u8(struct test_msg *m, size_t off, uint8_t v)
{
	grow(m, off, 1);
	m->b[VU_HDR_SIZE + off] = v;
}

void test_put_u16(struct test_msg *m, size_t off, uint16_t v)
{
	grow(m, off, 2);
	for (unsigned i = 0; i < 2; i++)
		m->b[VU_HDR_SIZE + off + i] = (uint8_t)(v >> (8 * i));
}

void test_put_u32(struct test_msg *m, size_t off, uint32_t v)
{
	grow(m, off, 4);
	test_put_u32_at(m->b, VU_HDR_SIZE + off, v);
}

void test_put_u64(struct test_msg *m, size_t off, uint64_t v)
{
	grow(m, off, 8);
	for (unsigned i = 0; i < 8; i++)
		m->b[VU_HDR_SIZE + off + i] = (uint8_t)(v >> (8 * i));
}

void test_put_bytes(struct test_msg *m, size_t off, const void *p, size_t n)
{
	grow(m, off, n);
	memcpy(m->b + VU_HDR_SIZE + off, p, n);
}

uint8_t *test_exact_copy(const uint8_t *p, size_t n)
{
	/* malloc(0) may return NULL; keep one byte so the pointer is valid but read nothing. */
	uint8_t *c = g_malloc(n ? n : 1);
	if (n)
		memcpy(c, p, n);
	return c;
}

struct vu_decoded *test_decode_bytes(enum vu_channel channel, enum vu_direction from,
                                     const uint8_t *bytes, size_t len, unsigned nfds,
                                     const struct vu_decode_context *ctx)
{
	struct vu_decoded *d = g_new0(struct vu_decoded, 1);
	g_autofree uint8_t *copy = test_exact_copy(bytes, len);
	struct vu_fd_info fds[16];
	memset(fds, 0, sizeof(fds));
	for (unsigned i = 0; i < G_N_ELEMENTS(fds); i++) {
		fds[i].kind = VU_FD_MEMFD;
		fds[i].size = 0x1000u * (i + 1);
		fds[i].inode = 100 + i;
		g_snprintf(fds[i].name, sizeof(fds[i].name), "test-fd-%u", i);
	}
	g_assert_cmpuint(nfds, <=, G_N_ELEMENTS(fds));
	struct vu_message m = {
	    .channel = channel,
	    .from = from,
	    .bytes = copy,
	    .len = len,
	    .nfds = nfds,
	    .fds = nfds ? fds : NULL,
	};
	/* Poison the output so that a field the decoder forgets to set shows. */
	memset(d, 0xa5, sizeof(*d));
	vu_decode(ctx, &m, d);
	g_assert_cmpuint(d->nfields, <=, VU_MAX_FIELDS);
	g_assert_cmpuint(d->nfindings, <=, VU_MAX_FINDINGS);
	test_check_fields_inside(d, len);
	return d;
}

struct vu_decoded *test_decode(enum vu_channel channel, enum vu_direction from,
                               const struct test_msg *m, unsigned nfds,
                               const struct vu_decode_context *ctx)
{
	return test_decode_bytes(channel, from, m->b, m->len, nfds, ctx);
}

const struct vu_field *test_field(const struct vu_decoded *d, enum vu_field_id id, unsigned n)
{
	for (size_t i = 0; i < d->nfields; i++) {
		if (d->fields[i].id != id)
			continue;
		if (n == 0)
			return &d->fields[i];
		n--;
	}
	return NULL;
}

unsigned test_field_count(const struct vu_decoded *d, enum vu_field_id id)
{
	unsigned n = 0;
	for (size_t i = 0; i < d->nfields; i++)
		n += d->fields[i].id == id;
	return n;
}

void test_check_field_at(const char *file, int line, const struct vu_decoded *d,
                         enum vu_field_id id, const char *idname, unsigned n, size_t offset,
                         size_t len, uint64_t value)
{
	const struct vu_field *f = test_field(d, id, n);
	if (!f) {
		g_autoptr(GString) have = g_string_new(NULL);
		for (size_t i = 0; i < d->nfields; i++)
			g_string_append_printf(have, " %s", vu_field_def(d->fields[i].id)->key);
		g_error("%s:%d: field %s (%s) #%u missing; fields:%s", file, line, idname,
		        id < VU_FIELD_COUNT ? vu_field_def(id)->key : "?", n, have->str);
	}
	if (f->offset != offset || f->length != len || f->value != value)
		g_error("%s:%d: field %s (%s) #%u: offset %u length %u value 0x%" G_GINT64_MODIFIER
		        "x, expected offset %zu length %zu value 0x%" G_GINT64_MODIFIER "x",
		        file, line, idname, vu_field_def(id)->key, n, f->offset, f->length,
		        f->value, offset, len, value);
}

bool test_has_finding(const struct vu_decoded *d, enum vu_finding_code code)
{
	for (size_t i = 0; i < d->nfindings; i++)
		if (d->findings[i].code == code)
			return true;
	return false;
}

static GString *findings_text(const struct vu_decoded *d)
{
	size_t n = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&n);
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < d->nfindings; i++) {
		unsigned c = d->findings[i].code;
		g_string_append_printf(s, " [%s: %.*s]", c < n ? defs[c].key : "?", VU_FINDING_TEXT,
		                       d->findings[i].text);
	}
	return s;
}

void test_check_clean_at(const char *file, int line, const struct vu_decoded *d)
{
	size_t n = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&n);
	g_autoptr(GString) f = findings_text(d);
	if (d->malformed)
		g_error("%s:%d: unexpectedly malformed: %.*s;%s", file, line, VU_FINDING_TEXT,
		        d->malformed_reason, f->str);
	for (size_t i = 0; i < d->nfindings; i++)
		if (d->findings[i].code < n && defs[d->findings[i].code].severity == VU_SEV_ERROR)
			g_error("%s:%d: unexpected error finding:%s", file, line, f->str);
}

void test_check_malformed_at(const char *file, int line, const struct vu_decoded *d,
                             enum vu_finding_code code, const char *codename)
{
	g_autoptr(GString) f = findings_text(d);
	if (!d->malformed)
		g_error("%s:%d: expected malformed (%s), findings:%s", file, line, codename,
		        f->str);
	if (memchr(d->malformed_reason, 0, sizeof(d->malformed_reason)) == NULL ||
	    d->malformed_reason[0] == 0)
		g_error("%s:%d: malformed without a terminated reason", file, line);
	if (!test_has_finding(d, code))
		g_error("%s:%d: finding %s missing; reason \"%s\", findings:%s", file, line,
		        codename, d->malformed_reason, f->str);
}

void test_check_fields_inside(const struct vu_decoded *d, size_t len)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct vu_field *f = &d->fields[i];
		g_assert_cmpuint(f->id, <, VU_FIELD_COUNT);
		if ((size_t)f->offset + f->length > len)
			g_error("field %s at %u+%u lies beyond the %zu bytes present",
			        vu_field_def(f->id)->key, f->offset, f->length, len);
	}
	for (size_t i = 0; i < d->nfindings; i++) {
		g_assert_cmpuint(d->findings[i].code, <, VU_FIND_COUNT);
		g_assert_nonnull(memchr(d->findings[i].text, 0, VU_FINDING_TEXT));
	}
}

struct test_entry {
	GTestFunc func;
	GTestDataFunc data_func;
	gconstpointer data;
};

static void run_entry(gconstpointer p)
{
	const struct test_entry *e = p;

	if (e->func)
		e->func();
	else
		e->data_func(e->data);
}

static void run_isolated(gconstpointer p)
{
	if (g_test_subprocess() || g_strcmp0(g_getenv("VU_TEST_INPROCESS"), "1") == 0) {
		run_entry(p);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
	if (!g_test_trap_has_passed())
		g_test_fail();
}

/* Entries live as long as the program: GTest keeps pointers to them. */
static struct test_entry *new_entry(void)
{
	static GPtrArray *entries;

	if (entries == NULL)
		entries = g_ptr_array_new_with_free_func(g_free);
	struct test_entry *e = g_new0(struct test_entry, 1);
	g_ptr_array_add(entries, e);
	return e;
}

void test_add(const char *path, GTestFunc func)
{
	struct test_entry *e = new_entry();

	e->func = func;
	g_test_add_data_func(path, e, run_isolated);
}

void test_add_data(const char *path, gconstpointer data, GTestDataFunc func)
{
	struct test_entry *e = new_entry();

	e->data_func = func;
	e->data = data;
	g_test_add_data_func(path, e, run_isolated);
}
