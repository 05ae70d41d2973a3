/* Helpers shared by the dissector unit tests (see test-dissector-util.h). */
#include <stdlib.h>
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

struct vu_decoded *test_sess_feed(struct test_sess *t, enum vu_channel ch, struct test_msg *m,
                                  unsigned nfds, const struct vu_fd_info *fds)
{
	bool reply = (m->b[4] & VU_FLAG_REPLY) != 0;
	bool front = (ch == VU_CHANNEL_MAIN) != reply;
	g_autofree uint8_t *copy = NULL;

	test_put_u32_at(m->b, 8, (uint32_t)(m->len - VU_HDR_SIZE));
	copy = test_exact_copy(m->b, m->len);
	struct vu_message msg = {
	    .channel = ch,
	    .from = front ? VU_FROM_FRONT : VU_FROM_BACK,
	    .bytes = copy,
	    .len = m->len,
	    .nfds = nfds,
	    .fds = fds,
	};
	t->frame++;
	t->ts += TEST_SESS_MS;
	vu_session_process(&t->s, &msg, t->ts, t->frame, &t->d);
	test_check_fields_inside(&t->d, m->len);
	return &t->d;
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

/* ---- decoding cases as data ----------------------------------------------- */

unsigned test_field_id(const char *key)
{
	size_t n = 0;
	const struct vu_field_def *defs = vu_field_defs(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(defs[i].key, key) == 0)
			return (unsigned)i;
	g_error("no field has the key \"%s\"", key);
}

unsigned test_finding_code(const char *key)
{
	size_t n = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(defs[i].key, key) == 0)
			return (unsigned)i;
	g_error("no finding has the key \"%s\"", key);
}

static const char *field_key(unsigned id)
{
	size_t n = 0;
	const struct vu_field_def *defs = vu_field_defs(&n);

	return id < n ? defs[id].key : "?";
}

static const char *finding_key(unsigned code)
{
	size_t n = 0;
	const struct vu_finding_def *defs = vu_finding_defs(&n);

	return code < n ? defs[code].key : "?";
}

static uint32_t case_number(const struct test_case *c)
{
	const struct vu_request_info *info;

	if (c->raw_request)
		return c->number;
	if (c->request == NULL)
		g_error("%s: the case names no request", c->path);
	info = vu_request_by_name(c->channel, c->request);
	if (info == NULL)
		g_error("%s: no request %s on the %s channel", c->path, c->request,
		        vu_channel_name(c->channel));
	if (c->number != 0 && info->number != c->number)
		g_error("%s: %s is request %u, expected %u", c->path, c->request, info->number,
		        c->number);
	return info->number;
}

static enum vu_direction case_from(const struct test_case *c)
{
	bool reply = (c->flags & VU_FLAG_REPLY) != 0;

	if (c->from == TEST_FROM_FRONT)
		return VU_FROM_FRONT;
	if (c->from == TEST_FROM_BACK)
		return VU_FROM_BACK;
	/* Requests go front to back on the main channel, back to front on the others (§1.1, §3). */
	return (c->channel == VU_CHANNEL_MAIN) != reply ? VU_FROM_FRONT : VU_FROM_BACK;
}

static void case_build(const struct test_case *c, struct test_msg *m)
{
	test_msg_init(m, case_number(c), c->flags, 0);
	if (c->zeros)
		test_put_u8(m, c->zeros - 1, 0);
	for (size_t i = c->pattern.from; i < c->pattern.to; i++)
		test_put_u8(m, i, (uint8_t)(c->pattern.start + c->pattern.step * i));
	if (c->build)
		c->build(m);
	for (const struct test_put *p = c->payload; p && (p->width || p->bytes); p++) {
		switch (p->width) {
		case 0:
			test_put_bytes(m, p->offset, p->bytes, p->nbytes);
			break;
		case 1:
			test_put_u8(m, p->offset, (uint8_t)p->value);
			break;
		case 2:
			test_put_u16(m, p->offset, (uint16_t)p->value);
			break;
		case 4:
			test_put_u32(m, p->offset, (uint32_t)p->value);
			break;
		case 8:
			test_put_u64(m, p->offset, p->value);
			break;
		default:
			g_error("%s: a put of %u bytes", c->path, p->width);
		}
	}
	test_put_u32_at(m->b, 8, c->size_set ? c->size : (uint32_t)(m->len - VU_HDR_SIZE));
}

static GString *fields_text(const struct vu_decoded *d)
{
	GString *s = g_string_new(NULL);

	for (size_t i = 0; i < d->nfields; i++)
		g_string_append_printf(s, " %s@%u+%u=0x%" G_GINT64_MODIFIER "x",
		                       field_key(d->fields[i].id), d->fields[i].offset,
		                       d->fields[i].length, d->fields[i].value);
	return s;
}

/* The nth field with this key: it must be there, at offset (from the message start) for length. */
static const struct vu_field *case_field(const char *what, const struct vu_decoded *d,
                                         const char *key, unsigned nth)
{
	const struct vu_field *f = test_field(d, test_field_id(key), nth);

	if (f == NULL) {
		g_autoptr(GString) have = fields_text(d);
		g_error("%s: field %s #%u missing; fields:%s", what, key, nth, have->str);
	}
	return f;
}

static void check_field(const char *what, const struct vu_decoded *d, const char *key, unsigned nth,
                        size_t offset, size_t length, uint64_t value)
{
	const struct vu_field *f = case_field(what, d, key, nth);

	if ((length && (f->offset != offset || f->length != length)) || f->value != value)
		g_error("%s: field %s #%u: offset %u length %u value 0x%" G_GINT64_MODIFIER
		        "x, expected offset %zu length %zu value 0x%" G_GINT64_MODIFIER "x",
		        what, key, nth, f->offset, f->length, f->value, offset, length, value);
}

/* What any decoding must say of the header it was given, whole or in part. */
static void check_header(const char *what, const struct test_case *c, const struct vu_decoded *d,
                         const struct test_msg *m, size_t len)
{
	uint32_t number = case_number(c);
	uint32_t size = (uint32_t)m->b[8] | (uint32_t)m->b[9] << 8 | (uint32_t)m->b[10] << 16 |
	                (uint32_t)m->b[11] << 24;

	if (d->channel != c->channel || d->from != case_from(c) || d->nfds != c->nfds)
		g_error("%s: channel %d from %d with %u fds, expected %d from %d with %u", what,
		        d->channel, d->from, d->nfds, c->channel, case_from(c), c->nfds);
	if (len < VU_HDR_SIZE) {
		/* Only the header fields whose bytes are there, and nothing else. */
		g_assert_false(d->has_header);
		g_assert_null(d->info);
		if (len >= 4)
			check_field(what, d, "request", 0, 0, 4, number);
		else
			g_assert_null(test_field(d, test_field_id("request"), 0));
		if (len >= 8)
			check_field(what, d, "flags", 0, 4, 4, c->flags);
		else
			g_assert_null(test_field(d, test_field_id("flags"), 0));
		g_assert_null(test_field(d, test_field_id("size"), 0));
		/* request; flags with version, reply and need_reply */
		g_assert_cmpuint(d->nfields, ==, (len >= 4) + 4u * (len >= 8));
		return;
	}
	if (!d->has_header || d->request != number || d->flags != c->flags || d->size != size)
		g_error(
		    "%s: header %d request %u flags 0x%x size %u, expected request %u flags 0x%x "
		    "size %u",
		    what, d->has_header, d->request, d->flags, d->size, number, c->flags, size);
	g_assert_cmpint(d->reply, ==, (c->flags & VU_FLAG_REPLY) != 0);
	g_assert_cmpint(d->need_reply, ==, (c->flags & VU_FLAG_NEED_REPLY) != 0);
	g_assert_cmpuint(d->latency_ns, ==, 0);
	g_assert_true(d->info == vu_request_lookup(c->channel, number));
	/* The header fields come first, in wire order. */
	g_assert_cmpuint(d->nfields, >=, 6);
	g_assert_cmpstr(field_key(d->fields[0].id), ==, "request");
	g_assert_cmpuint(d->fields[0].depth, ==, 0);
	check_field(what, d, "request", 0, 0, 4, number);
	check_field(what, d, "flags", 0, 4, 4, c->flags);
	check_field(what, d, "flags.version", 0, 4, 4, c->flags & VU_FLAG_VERSION_MASK);
	check_field(what, d, "flags.reply", 0, 4, 4, (c->flags & VU_FLAG_REPLY) != 0);
	check_field(what, d, "flags.need_reply", 0, 4, 4, (c->flags & VU_FLAG_NEED_REPLY) != 0);
	check_field(what, d, "size", 0, 8, 4, size);
}

static void check_findings(const char *what, const struct test_case *c, const struct vu_decoded *d)
{
	g_autoptr(GString) have = findings_text(d);

	if (d->malformed != c->malformed)
		g_error("%s: %smalformed (%.*s), expected %smalformed; findings:%s", what,
		        d->malformed ? "" : "not ", VU_FINDING_TEXT, d->malformed_reason,
		        c->malformed ? "" : "not ", have->str);
	if (d->malformed && (memchr(d->malformed_reason, 0, sizeof(d->malformed_reason)) == NULL ||
	                     d->malformed_reason[0] == 0))
		g_error("%s: malformed without a terminated reason", what);
	for (const char *const *k = c->findings; k && *k; k++)
		if (!test_has_finding(d, test_finding_code(*k)))
			g_error("%s: finding %s missing; findings:%s", what, *k, have->str);
	if (c->more_findings)
		return;
	for (size_t i = 0; i < d->nfindings; i++) {
		const char *key = finding_key(d->findings[i].code);
		bool listed = false;

		for (const char *const *k = c->findings; k && *k && !listed; k++)
			listed = strcmp(*k, key) == 0;
		if (!listed)
			g_error("%s: unexpected finding %s; findings:%s", what, key, have->str);
	}
}

/* A key as the cases write it: "mem.region.size" or "mem.region.size[2]" (the third one). */
static const struct vu_field *case_field_spec(const char *what, const struct vu_decoded *d,
                                              const char *spec, unsigned *nth)
{
	const char *open = strchr(spec, '[');
	g_autofree char *key = g_strndup(spec, open ? (size_t)(open - spec) : strlen(spec));
	char *end = NULL;

	*nth = 0;
	if (open) {
		*nth = (unsigned)strtoul(open + 1, &end, 10);
		if (end == open + 1 || strcmp(end, "]") != 0)
			g_error("%s: field key %s: expected key[n]", what, spec);
	}
	return case_field(what, d, key, *nth);
}

static void check_fields(const char *what, const struct vu_decoded *d,
                         const struct test_field_expect *e)
{
	for (; e && e->key; e++) {
		unsigned nth;
		const struct vu_field *f = case_field_spec(what, d, e->key, &nth);

		if ((e->length &&
		     (f->offset != VU_HDR_SIZE + e->offset || f->length != e->length)) ||
		    f->value != e->value)
			g_error("%s: field %s: offset %u length %u value 0x%" G_GINT64_MODIFIER
			        "x, expected offset %u length %u value 0x%" G_GINT64_MODIFIER "x",
			        what, e->key, f->offset, f->length, f->value,
			        VU_HDR_SIZE + e->offset, e->length, e->value);
	}
}

static void check_children(const char *what, const struct vu_decoded *d,
                           const struct test_child_expect *e)
{
	for (; e && e->key; e++) {
		unsigned nth;
		const struct vu_field *f = case_field_spec(what, d, e->key, &nth);
		const struct vu_field *p = case_field_spec(what, d, e->parent, &nth);

		if (f->depth != p->depth + 1)
			g_error("%s: field %s at depth %u, its parent %s at %u", what, e->key,
			        f->depth, e->parent, p->depth);
	}
}

/* Everything the case says of one decoding of its message's first len bytes. */
static void case_check(const char *what, const struct test_case *c, const struct vu_decoded *d,
                       const struct test_msg *m, size_t len)
{
	char buf[32];

	check_header(what, c, d, m, len);
	check_findings(what, c, d);
	if (c->name)
		g_assert_cmpstr(vu_decoded_name(d, buf, sizeof(buf)), ==, c->name);
	if (c->kind && strcmp(vu_payload_kind_name(d->payload_kind), c->kind) != 0)
		g_error("%s: decoded as %s, expected %s", what,
		        vu_payload_kind_name(d->payload_kind), c->kind);
	check_fields(what, d, c->fields);
	check_fields(what, d, c->more_fields);
	check_children(what, d, c->children);
	for (const char *const *k = c->absent; k && *k; k++)
		if (test_field(d, test_field_id(*k), 0)) {
			g_autoptr(GString) have = fields_text(d);
			g_error("%s: field %s decoded; fields:%s", what, *k, have->str);
		}
	for (const struct test_count_expect *n = c->counts; n && n->key; n++) {
		unsigned count = test_field_count(d, test_field_id(n->key));

		if (count < n->min || count > n->max)
			g_error("%s: %u fields %s, expected %u to %u", what, count, n->key, n->min,
			        n->max);
	}
	if (c->header_only)
		for (size_t i = 0; i < d->nfields; i++)
			if (d->fields[i].offset >= VU_HDR_SIZE)
				g_error("%s: field %s beyond the header", what,
				        field_key(d->fields[i].id));
}

void test_case_run(gconstpointer data)
{
	const struct test_case *c = data;
	struct test_msg m;

	case_build(c, &m);
	if (c->no_bytes) {
		/* Not even a pointer, whatever the length says. */
		struct vu_message none = {
		    .channel = c->channel, .from = case_from(c), .bytes = NULL, .len = m.len};
		g_autofree struct vu_decoded *d = g_new0(struct vu_decoded, 1);

		memset(d, 0xa5, sizeof(*d));
		vu_decode(c->ctx, &none, d);
		test_check_fields_inside(d, 0);
		case_check(c->path, c, d, &m, 0);
		return;
	}
	if (c->cut_everywhere) {
		for (size_t len = VU_HDR_SIZE; len < m.len; len++) {
			g_autofree char *what =
			    g_strdup_printf("%s cut to %zu of %zu bytes", c->path, len, m.len);
			g_autofree struct vu_decoded *d =
			    test_decode_bytes(c->channel, case_from(c), m.b, len, c->nfds, c->ctx);
			case_check(what, c, d, &m, len);
		}
		return;
	}
	size_t len = c->cut_set ? c->cut : m.len;
	g_autofree struct vu_decoded *d =
	    test_decode_bytes(c->channel, case_from(c), m.b, len, c->nfds, c->ctx);
	case_check(c->path, c, d, &m, len);
}

void test_cases_add(const struct test_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		test_add_data(cases[i].path, &cases[i], test_case_run);
}
