/*
 * The display filter (language in tui-filter.h): a tokenizer, a recursive
 * descent parser into a small tree, and an evaluator that reads only the
 * store's index (and a message's header for "size"), so filtering a million
 * messages takes milliseconds. Name terms are resolved once, at parse time,
 * into a table of matching request numbers per channel.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-filter-data.h"
#include "tui/tui-filter.h"

GQuark vs_filter_error_quark(void)
{
	return g_quark_from_static_string("vs-filter-error-quark");
}

const char *const vs_filter_help[] = {
    "Filter (/): terms side by side must all hold; && || ! ( ) and, or, not combine them.",
    "  WORD           request name contains WORD, any case: VRING, mem_reg, GET_",
    "  NUMBER         request number: 13",
    "  name==N ~ !=   exact name (with or without VHOST_USER_, old names too), ~ contains",
    "  ch==main|backend|gpu     from==front|back     session==2 (also s, <, >, !=)",
    "  port==vm1-net0 (also !=, ~ contains): the port a session came through",
    "  req==N size>N len>N fds>0 frame>N latency>1ms (ns us ms s)",
    "  malformed findings error warn reply need_reply fds truncated event",
    "  ring           the ring snapshots of --rings (name~VRING: the vring requests)",
    "  data blk fuse net vsock: the data-plane entries of --packets, of one device",
    "  blk.status!=0 fuse.error==ENOENT fuse.opcode==LOOKUP blk.type==IN net.queue==tx0",
    "    fuse.name~conf vsock.dst_port==5000 latency_ns>1000000 missed>0 (JSON keys)",
    "  Examples: name~VRING && session==2   ch==backend   malformed || findings   !reply",
    NULL,
};

enum field {
	F_NAME,
	F_REQUEST,
	F_CHANNEL,
	F_FROM,
	F_SESSION,
	F_PORT,
	F_SIZE,
	F_LEN,
	F_FDS,
	F_FRAME,
	F_LATENCY,
	/* flags: no operator */
	F_MALFORMED,
	F_FINDINGS,
	F_ERROR,
	F_WARN,
	F_REPLY,
	F_NEED_REPLY,
	F_HAS_FDS,
	F_TRUNCATED,
	F_EVENT,
	F_RING,
	/* data-plane entries (--packets): a device word, a field of tui-filter-data.c */
	F_DEVICE,
	F_DATA,
};

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_HAS, OP_HASNT, OP_FLAG };

enum node_kind { N_AND, N_OR, N_NOT, N_TERM };

struct node {
	enum node_kind kind;
	struct node *a, *b;
	enum field field;
	enum op op;
	uint64_t number;
	char *text;                       /* names: upper case, without VHOST_USER_ */
	const struct vs_data_field *data; /* F_DATA: the field */
	bool has_text;                    /* F_DATA: a name or text, not a number */
	bool *names[VU_CHANNEL_COUNT];    /* names: request number -> matches */
	size_t nnames[VU_CHANNEL_COUNT];
	/* names: a dialect's own rows (vu_request_dialect_table) -> matches */
	bool *dialect_names[VU_DIALECT_COUNT];
};

struct vs_filter {
	char *text;
	struct node *root; /* NULL: everything */
};

/* ---- tokens -------------------------------------------------------------- */

enum tok_kind { T_END, T_LPAREN, T_RPAREN, T_NOT, T_AND, T_OR, T_OP, T_WORD };

struct tok {
	enum tok_kind kind;
	enum op op;
	char *word;
	size_t pos;
};

struct parser {
	GPtrArray *toks; /* struct tok * */
	size_t at;
	const char *text;
};

static void tok_free(gpointer p)
{
	struct tok *t = p;

	g_free(t->word);
	g_free(t);
}

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == ':';
}

static bool tokenize(struct parser *p, const char *s, GError **error)
{
	size_t i = 0;

	while (s[i]) {
		struct tok *t;

		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		t = g_new0(struct tok, 1);
		t->pos = i;
		g_ptr_array_add(p->toks, t);
		if (s[i] == '(' || s[i] == ')') {
			t->kind = s[i] == '(' ? T_LPAREN : T_RPAREN;
			i++;
		} else if (!strncmp(s + i, "&&", 2) || !strncmp(s + i, "||", 2)) {
			t->kind = s[i] == '&' ? T_AND : T_OR;
			i += 2;
		} else if (!strncmp(s + i, "==", 2) || !strncmp(s + i, "!=", 2) ||
		           !strncmp(s + i, "!~", 2) || !strncmp(s + i, "<=", 2) ||
		           !strncmp(s + i, ">=", 2)) {
			t->kind = T_OP;
			t->op = s[i] == '='       ? OP_EQ
			        : s[i] == '<'     ? OP_LE
			        : s[i] == '>'     ? OP_GE
			        : s[i + 1] == '=' ? OP_NE
			                          : OP_HASNT;
			i += 2;
		} else if (strchr("=~<>", s[i])) {
			t->kind = T_OP;
			t->op = s[i] == '='   ? OP_EQ
			        : s[i] == '~' ? OP_HAS
			        : s[i] == '<' ? OP_LT
			                      : OP_GT;
			i++;
		} else if (s[i] == '!') {
			t->kind = T_NOT;
			i++;
		} else if (s[i] == '"') {
			const char *end = strchr(s + i + 1, '"');

			if (!end) {
				g_set_error(error, VS_FILTER_ERROR, 0,
				            "unterminated quote at column %zu", i + 1);
				return false;
			}
			t->kind = T_WORD;
			t->word = g_strndup(s + i + 1, (size_t)(end - s - i - 1));
			i = (size_t)(end - s) + 1;
		} else if (is_word_char(s[i])) {
			size_t j = i;

			while (is_word_char(s[j]))
				j++;
			t->kind = T_WORD;
			t->word = g_strndup(s + i, j - i);
			if (!g_ascii_strcasecmp(t->word, "and"))
				t->kind = T_AND;
			else if (!g_ascii_strcasecmp(t->word, "or"))
				t->kind = T_OR;
			else if (!g_ascii_strcasecmp(t->word, "not"))
				t->kind = T_NOT;
			i = j;
		} else {
			g_set_error(error, VS_FILTER_ERROR, 0, "unexpected '%c' at column %zu",
			            s[i], i + 1);
			return false;
		}
	}
	struct tok *end = g_new0(struct tok, 1);
	end->kind = T_END;
	end->pos = i;
	g_ptr_array_add(p->toks, end);
	return true;
}

static struct tok *peek(struct parser *p)
{
	return g_ptr_array_index(p->toks, p->at);
}

static struct tok *next(struct parser *p)
{
	struct tok *t = peek(p);

	if (t->kind != T_END)
		p->at++;
	return t;
}

/* ---- the tree ------------------------------------------------------------ */

static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	g_free(n->text);
	for (unsigned c = 0; c < VU_CHANNEL_COUNT; c++)
		g_free(n->names[c]);
	for (unsigned i = 0; i < VU_DIALECT_COUNT; i++)
		g_free(n->dialect_names[i]);
	g_free(n);
}

static struct node *node_new(enum node_kind kind, struct node *a, struct node *b)
{
	struct node *n = g_new0(struct node, 1);

	n->kind = kind;
	n->a = a;
	n->b = b;
	return n;
}

static const struct {
	const char *word;
	enum field field;
} field_words[] = {
    {"name", F_NAME},       {"request", F_REQUEST}, {"req", F_REQUEST},     {"channel", F_CHANNEL},
    {"ch", F_CHANNEL},      {"from", F_FROM},       {"dir", F_FROM},        {"direction", F_FROM},
    {"session", F_SESSION}, {"s", F_SESSION},       {"size", F_SIZE},       {"len", F_LEN},
    {"fds", F_FDS},         {"frame", F_FRAME},     {"latency", F_LATENCY}, {"port", F_PORT},
};

static const struct {
	const char *word;
	enum field field;
} flag_words[] = {
    {"malformed", F_MALFORMED},
    {"findings", F_FINDINGS},
    {"has-findings", F_FINDINGS},
    {"finding", F_FINDINGS},
    {"error", F_ERROR},
    {"errors", F_ERROR},
    {"warn", F_WARN},
    {"warning", F_WARN},
    {"reply", F_REPLY},
    {"replies", F_REPLY},
    {"need_reply", F_NEED_REPLY},
    {"fds", F_HAS_FDS},
    {"truncated", F_TRUNCATED},
    {"event", F_EVENT},
    {"events", F_EVENT},
    {"ring", F_RING},
    {"rings", F_RING},
};

static const char *strip_prefix(const char *name)
{
	return g_ascii_strncasecmp(name, "VHOST_USER_", 11) ? name : name + 11;
}

static bool name_matches(const char *name, const struct node *n)
{
	g_autofree char *up = NULL;

	if (!name)
		return false;
	up = g_ascii_strup(strip_prefix(name), -1);
	if (n->op == OP_HAS || n->op == OP_HASNT)
		return strstr(up, n->text) != NULL;
	return !strcmp(up, n->text);
}

static bool row_matches(const struct vu_request_info *row, const struct node *n)
{
	return row->name && (name_matches(row->name, n) || name_matches(row->old_name, n));
}

/* Resolve a name term into per-channel tables of matching request numbers,
 * and the rows each dialect numbers its own way. */
static void name_resolve(struct node *n)
{
	for (unsigned c = 0; c < VU_CHANNEL_COUNT; c++) {
		size_t count;
		const struct vu_request_info *table = vu_request_table(c, &count);

		n->nnames[c] = table ? count : 0;
		n->names[c] = g_new0(bool, MAX(n->nnames[c], 1));
		for (size_t r = 0; r < n->nnames[c]; r++)
			n->names[c][r] = row_matches(&table[r], n);
	}
	for (unsigned i = 0; i < VU_DIALECT_COUNT; i++) {
		size_t count;
		const struct vu_request_info *rows = vu_request_dialect_table(i, &count);

		n->dialect_names[i] = g_new0(bool, MAX(count, 1));
		for (size_t r = 0; r < count; r++)
			n->dialect_names[i][r] = row_matches(&rows[r], n);
	}
}

/* Whether the name term takes the entry's request (a number above 0), named
 * as the list names it: in the numbering the message was named in, its
 * dialect's own row first (vu_request_lookup_dialect), else upstream's. */
static bool request_name_hit(const struct node *n, const struct vs_entry *e, enum vu_channel c)
{
	enum vu_dialect dialect = vs_entry_dialect(e);
	size_t count;
	const struct vu_request_info *rows = vu_request_dialect_table(dialect, &count);

	for (size_t r = 0; r < count; r++)
		if (rows[r].channel == c && rows[r].number == e->request)
			return n->dialect_names[dialect][r];
	if (e->request < n->nnames[c])
		return n->names[c][e->request];
	return name_matches("UNKNOWN", n);
}

/* "10", "0x1f", "1ms", "250us": false when text is not a number (with unit for latency). */
static bool parse_number(const char *text, enum field field, uint64_t *out)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = g_ascii_strtoull(text, &end, 0);
	if (errno || end == text)
		return false;
	if (field == F_LATENCY) {
		if (!*end || !strcmp(end, "ns"))
			*out = v;
		else if (!strcmp(end, "us"))
			*out = v * 1000;
		else if (!strcmp(end, "ms"))
			*out = v * 1000000;
		else if (!strcmp(end, "s"))
			*out = v * 1000000000;
		else
			return false;
		return true;
	}
	*out = v;
	return *end == '\0';
}

static struct node *parse_or(struct parser *p, GError **error);

static struct node *term_error(struct parser *p, struct tok *t, GError **error, const char *what)
{
	(void)p;
	g_set_error(error, VS_FILTER_ERROR, 0, "%s at column %zu", what, t->pos + 1);
	return NULL;
}

/* blk.status!=0, fuse.error==ENOENT, fuse.name~conf: a data-plane field
 * (tui-filter-data.c) against a number, a value's name, or a text. */
static struct node *parse_data_comparison(struct parser *p, struct tok *word, struct tok *op,
                                          struct tok *value, GError **error)
{
	const struct vs_data_field *f = vs_data_field_lookup(word->word);
	enum vs_data_kind kind = vs_data_field_kind(f);
	bool names = op->op == OP_EQ || op->op == OP_NE || op->op == OP_HAS || op->op == OP_HASNT;
	struct node *n;
	char *end;

	if (value->kind != T_WORD)
		return term_error(p, value, error, "a value is missing");
	n = node_new(N_TERM, NULL, NULL);
	n->field = F_DATA;
	n->op = op->op;
	n->data = f;
	if (kind == VS_DATA_TEXT) {
		if (!names) {
			node_free(n);
			return term_error(p, op, error,
			                  "this operator does not apply to that field");
		}
		n->text = g_strdup(value->word);
		n->has_text = true;
		return n;
	}
	errno = 0;
	n->number = kind == VS_DATA_SIGNED ? (uint64_t)g_ascii_strtoll(value->word, &end, 0)
	                                   : g_ascii_strtoull(value->word, &end, 0);
	if (errno == 0 && end != value->word && *end == '\0' &&
	    (kind == VS_DATA_SIGNED || value->word[0] != '-'))
		return n;
	/* not a number: a value's name (IN, ENOENT, LOOKUP), any case */
	if (!names || !vs_data_field_has_names(f)) {
		node_free(n);
		return term_error(p, value, error,
		                  vs_data_field_has_names(f)
		                      ? "a name compares with == != ~ !~ only"
		                      : "a number is expected");
	}
	n->text = g_ascii_strup(value->word, -1);
	n->has_text = true;
	return n;
}

static struct node *parse_comparison(struct parser *p, struct tok *word, GError **error)
{
	enum field field = F_NAME;
	bool known = false;
	struct tok *op = next(p);
	struct tok *value = next(p);
	struct node *n;

	for (size_t i = 0; i < G_N_ELEMENTS(field_words); i++) {
		if (!g_ascii_strcasecmp(word->word, field_words[i].word)) {
			field = field_words[i].field;
			known = true;
		}
	}
	if (!known && vs_data_field_lookup(word->word) != NULL)
		return parse_data_comparison(p, word, op, value, error);
	if (!known)
		return term_error(p, word, error,
		                  "unknown field (name req ch from session port size len fds frame "
		                  "latency, or a data-plane key: blk.status fuse.error ...)");
	if (value->kind != T_WORD)
		return term_error(p, value, error, "a value is missing");

	n = node_new(N_TERM, NULL, NULL);
	n->field = field;
	n->op = op->op;
	switch (field) {
	case F_NAME:
		if (n->op != OP_EQ && n->op != OP_NE && n->op != OP_HAS && n->op != OP_HASNT)
			goto bad_op;
		n->text = g_ascii_strup(strip_prefix(value->word), -1);
		name_resolve(n);
		return n;
	case F_PORT:
		/* labels as given: case counts */
		if (n->op != OP_EQ && n->op != OP_NE && n->op != OP_HAS && n->op != OP_HASNT)
			goto bad_op;
		n->text = g_strdup(value->word);
		return n;
	case F_CHANNEL:
	case F_FROM: {
		static const char *const channels[] = {"main", "backend", "gpu"};
		static const char *const froms[] = {"front", "back"};
		const char *const *names = field == F_CHANNEL ? channels : froms;
		size_t count = field == F_CHANNEL ? 3 : 2;

		if (n->op != OP_EQ && n->op != OP_NE)
			goto bad_op;
		for (size_t i = 0; i < count; i++) {
			if (!g_ascii_strcasecmp(value->word, names[i]) ||
			    (value->word[0] && !value->word[1] &&
			     g_ascii_tolower(value->word[0]) == names[i][0] && field == F_FROM)) {
				n->number = i;
				return n;
			}
		}
		node_free(n);
		return term_error(p, value, error,
		                  field == F_CHANNEL ? "channel is main, backend or gpu"
		                                     : "from is front or back");
	}
	default:
		if (n->op == OP_HAS || n->op == OP_HASNT)
			goto bad_op;
		if (!parse_number(value->word, field, &n->number)) {
			node_free(n);
			return term_error(p, value, error,
			                  field == F_LATENCY
			                      ? "latency wants a number and ns, us, ms or s"
			                      : "a number is expected");
		}
		return n;
	}
bad_op:
	node_free(n);
	return term_error(p, op, error, "this operator does not apply to that field");
}

static struct node *parse_term(struct parser *p, GError **error)
{
	struct tok *t = next(p);
	struct node *n;

	switch (t->kind) {
	case T_NOT: {
		struct node *a = parse_term(p, error);

		return a ? node_new(N_NOT, a, NULL) : NULL;
	}
	case T_LPAREN:
		n = parse_or(p, error);
		if (!n)
			return NULL;
		if (next(p)->kind != T_RPAREN) {
			node_free(n);
			return term_error(p, t, error, "')' missing for the '(' opened");
		}
		return n;
	case T_WORD:
		break;
	default:
		return term_error(p, t, error,
		                  t->kind == T_END ? "the filter ends too early"
		                                   : "a term is expected");
	}

	if (peek(p)->kind == T_OP)
		return parse_comparison(p, t, error);

	n = node_new(N_TERM, NULL, NULL);
	uint8_t device;

	if (vs_data_device_word(t->word, &device)) {
		n->field = F_DEVICE;
		n->op = OP_FLAG;
		n->number = device;
		return n;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(flag_words); i++) {
		if (!g_ascii_strcasecmp(t->word, flag_words[i].word)) {
			n->field = flag_words[i].field;
			n->op = OP_FLAG;
			return n;
		}
	}
	if (parse_number(t->word, F_REQUEST, &n->number)) {
		n->field = F_REQUEST;
		n->op = OP_EQ;
		return n;
	}
	n->field = F_NAME;
	n->op = OP_HAS;
	n->text = g_ascii_strup(strip_prefix(t->word), -1);
	name_resolve(n);
	return n;
}

static bool starts_term(enum tok_kind k)
{
	return k == T_WORD || k == T_NOT || k == T_LPAREN;
}

static struct node *parse_and(struct parser *p, GError **error)
{
	struct node *n = parse_term(p, error);

	while (n && (peek(p)->kind == T_AND || starts_term(peek(p)->kind))) {
		struct node *b;

		if (peek(p)->kind == T_AND)
			next(p);
		b = parse_term(p, error);
		if (!b) {
			node_free(n);
			return NULL;
		}
		n = node_new(N_AND, n, b);
	}
	return n;
}

static struct node *parse_or(struct parser *p, GError **error)
{
	struct node *n = parse_and(p, error);

	while (n && peek(p)->kind == T_OR) {
		struct node *b;

		next(p);
		b = parse_and(p, error);
		if (!b) {
			node_free(n);
			return NULL;
		}
		n = node_new(N_OR, n, b);
	}
	return n;
}

struct vs_filter *vs_filter_parse(const char *text, GError **error)
{
	struct parser p = {.toks = g_ptr_array_new_with_free_func(tok_free), .text = text};
	struct vs_filter *f = NULL;
	struct node *root = NULL;

	if (!tokenize(&p, text ? text : "", error))
		goto out;
	if (peek(&p)->kind != T_END) {
		root = parse_or(&p, error);
		if (!root)
			goto out;
		if (peek(&p)->kind != T_END) {
			term_error(&p, peek(&p), error, "unexpected text");
			node_free(root);
			goto out;
		}
	}
	f = g_new0(struct vs_filter, 1);
	f->text = g_strdup(text ? text : "");
	f->root = root;
out:
	g_ptr_array_unref(p.toks);
	return f;
}

void vs_filter_free(struct vs_filter *f)
{
	if (!f)
		return;
	node_free(f->root);
	g_free(f->text);
	g_free(f);
}

const char *vs_filter_text(const struct vs_filter *f)
{
	return f ? f->text : "";
}

bool vs_filter_takes_all(const struct vs_filter *f)
{
	return !f || !f->root;
}

/* ---- evaluation ---------------------------------------------------------- */

static bool compare(uint64_t v, enum op op, uint64_t x)
{
	switch (op) {
	case OP_EQ:
		return v == x;
	case OP_NE:
		return v != x;
	case OP_LT:
		return v < x;
	case OP_LE:
		return v <= x;
	case OP_GT:
		return v > x;
	case OP_GE:
		return v >= x;
	default:
		return false;
	}
}

static bool match_name(const struct node *n, const struct vs_entry *e)
{
	bool hit;
	enum vu_channel c = vs_entry_channel(e);

	if (e->kind == VU_RECORD_SESSION_START)
		hit = name_matches("SESSION_START", n);
	else if (e->kind == VU_RECORD_SESSION_END)
		hit = name_matches("SESSION_END", n);
	else if (e->kind == VU_RECORD_CHANNEL_END)
		hit = name_matches("CHANNEL_END", n);
	else if (e->kind == VU_RECORD_FINDINGS)
		hit = name_matches("FINDINGS", n);
	else if (e->kind == VU_RECORD_RING)
		hit = name_matches("RING", n);
	else if (e->kind == VU_RECORD_INFLIGHT)
		hit = name_matches("INFLIGHT", n);
	else if (e->kind == VU_RECORD_DIRTY_LOG)
		hit = name_matches("LOG", n);
	else if (e->kind == VU_RECORD_DATA)
		hit = name_matches("DATA", n);
	else if (c < VU_CHANNEL_COUNT && e->request > 0)
		hit = request_name_hit(n, e, c);
	else
		hit = name_matches("UNKNOWN", n);
	return (n->op == OP_NE || n->op == OP_HASNT) ? !hit : hit;
}

/* What a term is matched against beyond the entry: a store (the UI), or
 * the bytes and port of a message crossing the relay (--inject). */
struct match_ctx {
	struct vs_store *st; /* NULL: no store (no latency) */
	const uint8_t *bytes;
	const char *port;
	/* a data-plane entry: given (vs_filter_match_payload), or read from the
	 * store (its body and its session's context) at its first data term */
	const struct vu_payload *payload;
	const struct vu_payload_context *payload_ctx;
	struct vu_payload parsed;
	struct vu_payload_context parsed_ctx;
	struct vs_data_entry data;
	int data_state; /* 0 not looked at, 1 decoded, -1 none */
};

/* The entry decoded, once per entry; NULL when it is not a data-plane entry
 * or its bytes do not parse (kept short by the store). */
static const struct vs_data_entry *ctx_data(struct match_ctx *ctx, const struct vs_entry *e)
{
	if (ctx->data_state == 0) {
		const struct vu_payload *p = ctx->payload;

		ctx->data_state = -1;
		if (p == NULL && ctx->st != NULL &&
		    vs_store_data(ctx->st, e, &ctx->parsed, &ctx->parsed_ctx)) {
			p = &ctx->parsed;
			ctx->payload_ctx = &ctx->parsed_ctx;
		}
		if (p != NULL) {
			ctx->data.p = p;
			vu_payload_decode(p, ctx->payload_ctx, &ctx->data.info);
			ctx->data_state = 1;
		}
	}
	return ctx->data_state == 1 ? &ctx->data : NULL;
}

/* A data-plane term: false when the entry has no such value. */
static bool match_data(const struct node *n, const struct vs_data_entry *d)
{
	struct vs_data_value v;
	bool hit;

	if (d == NULL || !vs_data_field_value(n->data, d, &v))
		return false;
	if (vs_data_field_kind(n->data) == VS_DATA_TEXT) {
		g_autofree char *t = g_strndup(v.text, v.text_len);

		hit = n->op == OP_HAS || n->op == OP_HASNT ? strstr(t, n->text) != NULL
		                                           : strcmp(t, n->text) == 0;
		return (n->op == OP_NE || n->op == OP_HASNT) ? !hit : hit;
	}
	if (n->has_text) {
		const char *name = vs_data_field_name(n->data, v.number);
		g_autofree char *up = name != NULL ? g_ascii_strup(name, -1) : NULL;

		hit = up != NULL &&
		      (n->op == OP_HAS || n->op == OP_HASNT ? strstr(up, n->text) != NULL
		                                            : strcmp(up, n->text) == 0);
		return (n->op == OP_NE || n->op == OP_HASNT) ? !hit : hit;
	}
	switch (n->op) {
	case OP_EQ:
		return v.number == (int64_t)n->number;
	case OP_NE:
		return v.number != (int64_t)n->number;
	case OP_LT:
		return v.number < (int64_t)n->number;
	case OP_LE:
		return v.number <= (int64_t)n->number;
	case OP_GT:
		return v.number > (int64_t)n->number;
	case OP_GE:
		return v.number >= (int64_t)n->number;
	default:
		return false;
	}
}

static const char *ctx_port(const struct match_ctx *ctx, const struct vs_entry *e)
{
	return ctx->st != NULL ? vs_store_session_port(ctx->st, e->session) : ctx->port;
}

static const uint8_t *ctx_bytes(const struct match_ctx *ctx, const struct vs_entry *e)
{
	return ctx->st != NULL ? vs_store_bytes(ctx->st, e) : ctx->bytes;
}

static bool match_term(const struct node *n, struct match_ctx *ctx, const struct vs_entry *e)
{
	bool msg = e->kind == VU_RECORD_MESSAGE;
	int sev = vs_entry_severity(e);

	switch (n->field) {
	case F_NAME:
		return match_name(n, e);
	case F_REQUEST:
		return msg && (e->flags & VS_ENTRY_HAS_HEADER) &&
		       compare(e->request, n->op, n->number);
	case F_CHANNEL:
		return compare(vs_entry_channel(e), n->op, n->number);
	case F_FROM:
		/* a data-plane entry too: the request goes front to back, its completion back */
		return (msg || e->kind == VU_RECORD_DATA) &&
		       compare(vs_entry_from(e), n->op, n->number);
	case F_SESSION:
		return compare(e->session, n->op, n->number);
	case F_PORT: {
		/* a capture or run without ports names none: only != and !~ hold */
		const char *port = ctx_port(ctx, e);
		bool hit = port != NULL &&
		           (n->op == OP_HAS || n->op == OP_HASNT ? strstr(port, n->text) != NULL
		                                                 : strcmp(port, n->text) == 0);

		return (n->op == OP_NE || n->op == OP_HASNT) ? !hit : hit;
	}
	case F_SIZE: {
		uint32_t size = 0;

		if (!msg || e->stored < VU_HDR_SIZE)
			return false;
		memcpy(&size, ctx_bytes(ctx, e) + 8, 4);
		return compare(size, n->op, n->number);
	}
	case F_LEN:
		return msg && compare(e->len, n->op, n->number);
	case F_FDS:
		return msg && compare(e->fds_total, n->op, n->number);
	case F_FRAME:
		return compare(e->frame, n->op, n->number);
	case F_LATENCY: {
		uint32_t peer = vs_entry_peer(e);
		const struct vs_entry *q;

		if (!peer || ctx->st == NULL)
			return false;
		q = vs_store_entry(ctx->st, peer - 1);
		return compare(e->ts_ns > q->ts_ns ? e->ts_ns - q->ts_ns : q->ts_ns - e->ts_ns,
		               n->op, n->number);
	}
	case F_MALFORMED:
		return e->flags & VS_ENTRY_MALFORMED;
	case F_FINDINGS:
		return vs_entry_nfindings(e) > 0;
	case F_ERROR:
		return sev >= VU_SEV_ERROR;
	case F_WARN:
		return sev >= VU_SEV_WARN;
	case F_REPLY:
		return msg && (e->flags & VS_ENTRY_REPLY);
	case F_NEED_REPLY:
		return msg && (e->flags & VS_ENTRY_NEED_REPLY);
	case F_HAS_FDS:
		return msg && e->fds_total > 0;
	case F_TRUNCATED:
		return e->flags & (VS_ENTRY_TRUNCATED | VS_ENTRY_CLIPPED);
	case F_EVENT:
		return !msg;
	case F_RING:
		return e->kind == VU_RECORD_RING;
	case F_DEVICE: {
		const struct vs_data_entry *d = ctx_data(ctx, e);

		return d != NULL && (n->number == VU_DEVICE_UNKNOWN || d->p->device == n->number);
	}
	case F_DATA:
		return match_data(n, ctx_data(ctx, e));
	}
	return false;
}

static bool match_node(const struct node *n, struct match_ctx *ctx, const struct vs_entry *e)
{
	switch (n->kind) {
	case N_AND:
		return match_node(n->a, ctx, e) && match_node(n->b, ctx, e);
	case N_OR:
		return match_node(n->a, ctx, e) || match_node(n->b, ctx, e);
	case N_NOT:
		return !match_node(n->a, ctx, e);
	case N_TERM:
		return match_term(n, ctx, e);
	}
	return false;
}

bool vs_filter_match(const struct vs_filter *f, struct vs_store *st, uint64_t index)
{
	struct match_ctx ctx = {.st = st};

	if (!f || !f->root)
		return true;
	return match_node(f->root, &ctx, vs_store_entry(st, index));
}

bool vs_filter_match_message(const struct vs_filter *f, const struct vs_filter_message *m)
{
	struct match_ctx ctx = {.bytes = m->bytes, .port = m->port};
	struct vs_entry e = {
	    .frame = m->frame,
	    .session = m->session,
	    .len = (uint32_t)MIN(m->len, UINT32_MAX),
	    .stored = (uint16_t)MIN(m->len, UINT16_MAX),
	    .kind = VU_RECORD_MESSAGE,
	    .chan_dir = (uint8_t)((m->channel & 3u) | ((m->from & 1u) << 2) |
	                          (m->dialect == VU_DIALECT_CROSVM ? 1u << 3 : 0u)),
	    .fds_total = (uint8_t)MIN(m->fds, 255u),
	};

	if (!f || !f->root)
		return true;
	if (m->len >= VU_HDR_SIZE) {
		uint32_t flags;

		memcpy(&e.request, m->bytes, sizeof(e.request));
		memcpy(&flags, m->bytes + 4, sizeof(flags));
		e.flags |= VS_ENTRY_HAS_HEADER;
		if (flags & VU_FLAG_REPLY)
			e.flags |= VS_ENTRY_REPLY;
		if (flags & VU_FLAG_NEED_REPLY)
			e.flags |= VS_ENTRY_NEED_REPLY;
	}
	return match_node(f->root, &ctx, &e);
}

bool vs_filter_match_payload(const struct vs_filter *f, const struct vs_filter_payload *m)
{
	struct match_ctx ctx = {.port = m->port, .payload = m->p, .payload_ctx = m->ctx};
	struct vs_entry e = {
	    .frame = m->frame,
	    .session = m->session,
	    .kind = VU_RECORD_DATA,
	    /* the request goes to the device, the completion comes back */
	    .chan_dir =
	        (uint8_t)((m->p->phase == VU_PAYLOAD_USED ? VU_FROM_BACK : VU_FROM_FRONT) << 2),
	};

	if (!f || !f->root)
		return true;
	return match_node(f->root, &ctx, &e);
}
