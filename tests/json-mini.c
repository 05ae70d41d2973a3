/*
 * Recursive descent over one JSON document (RFC 8259), building a tree.
 * Depth is bounded so that a broken line cannot overflow the stack.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/json-mini.h"

#define JM_MAX_DEPTH 64

struct jm_parser {
	const char *p;
	int depth;
};

static struct jm_value *parse_value(struct jm_parser *ps);

static void skip_space(struct jm_parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static struct jm_value *value_new(enum jm_type type)
{
	struct jm_value *v = g_new0(struct jm_value, 1);

	v->type = type;
	return v;
}

void jm_free(struct jm_value *v)
{
	if (v == NULL)
		return;
	g_free(v->string);
	if (v->items != NULL)
		g_ptr_array_free(v->items, TRUE);
	if (v->keys != NULL)
		g_ptr_array_free(v->keys, TRUE);
	g_free(v);
}

static int hex4(const char *s)
{
	int n = 0;

	for (int i = 0; i < 4; i++) {
		int d = g_ascii_xdigit_value(s[i]);
		if (d < 0)
			return -1;
		n = n * 16 + d;
	}
	return n;
}

/* A string at ps->p (on its opening quote); NULL if it is broken. */
static char *parse_string(struct jm_parser *ps)
{
	GString *out = g_string_new(NULL);

	ps->p++;
	while (*ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (c == '\0' || c < 0x20)
			goto broken;
		if (c != '\\') {
			g_string_append_c(out, (char)c);
			ps->p++;
			continue;
		}
		ps->p++;
		switch (*ps->p) {
		case '"':
		case '\\':
		case '/':
			g_string_append_c(out, *ps->p);
			break;
		case 'b':
			g_string_append_c(out, '\b');
			break;
		case 'f':
			g_string_append_c(out, '\f');
			break;
		case 'n':
			g_string_append_c(out, '\n');
			break;
		case 'r':
			g_string_append_c(out, '\r');
			break;
		case 't':
			g_string_append_c(out, '\t');
			break;
		case 'u': {
			int u = hex4(ps->p + 1);
			if (u < 0)
				goto broken;
			ps->p += 4;
			/* a surrogate pair is one character */
			if (u >= 0xd800 && u < 0xdc00 && ps->p[1] == '\\' && ps->p[2] == 'u') {
				int low = hex4(ps->p + 3);
				if (low >= 0xdc00 && low < 0xe000) {
					u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
					ps->p += 6;
				}
			}
			g_string_append_unichar(out, (gunichar)u);
			break;
		}
		default:
			goto broken;
		}
		ps->p++;
	}
	ps->p++;
	return g_string_free(out, FALSE);
broken:
	g_string_free(out, TRUE);
	return NULL;
}

static struct jm_value *parse_container(struct jm_parser *ps, gboolean object)
{
	struct jm_value *v = value_new(object ? JM_OBJECT : JM_ARRAY);
	char close = object ? '}' : ']';

	v->items = g_ptr_array_new_with_free_func((GDestroyNotify)jm_free);
	if (object)
		v->keys = g_ptr_array_new_with_free_func(g_free);
	if (++ps->depth > JM_MAX_DEPTH)
		goto broken;
	ps->p++;
	skip_space(ps);
	if (*ps->p == close) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		struct jm_value *item;

		skip_space(ps);
		if (object) {
			char *key;

			if (*ps->p != '"' || (key = parse_string(ps)) == NULL)
				goto broken;
			g_ptr_array_add(v->keys, key);
			skip_space(ps);
			if (*ps->p != ':')
				goto broken;
			ps->p++;
		}
		item = parse_value(ps);
		if (item == NULL)
			goto broken;
		g_ptr_array_add(v->items, item);
		skip_space(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p != close)
			goto broken;
		ps->p++;
		ps->depth--;
		return v;
	}
broken:
	jm_free(v);
	return NULL;
}

static struct jm_value *parse_value(struct jm_parser *ps)
{
	struct jm_value *v;
	char *end;

	skip_space(ps);
	switch (*ps->p) {
	case '{':
		return parse_container(ps, TRUE);
	case '[':
		return parse_container(ps, FALSE);
	case '"': {
		char *s = parse_string(ps);
		if (s == NULL)
			return NULL;
		v = value_new(JM_STRING);
		v->string = s;
		return v;
	}
	case 't':
	case 'f':
	case 'n': {
		static const struct {
			const char *word;
			enum jm_type type;
			gboolean value;
		} words[] = {
		    {"true", JM_BOOL, TRUE}, {"false", JM_BOOL, FALSE}, {"null", JM_NULL, FALSE}};
		for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
			if (strncmp(ps->p, words[i].word, strlen(words[i].word)) == 0) {
				ps->p += strlen(words[i].word);
				v = value_new(words[i].type);
				v->boolean = words[i].value;
				return v;
			}
		return NULL;
	}
	default:
		if (*ps->p != '-' && !g_ascii_isdigit(*ps->p))
			return NULL;
		v = value_new(JM_NUMBER);
		v->number = g_ascii_strtod(ps->p, &end);
		if (end == ps->p) {
			jm_free(v);
			return NULL;
		}
		ps->p = end;
		return v;
	}
}

struct jm_value *jm_parse(const char *text)
{
	struct jm_parser ps = {text, 0};
	struct jm_value *v = parse_value(&ps);

	if (v == NULL)
		return NULL;
	skip_space(&ps);
	if (*ps.p != '\0') {
		jm_free(v);
		return NULL;
	}
	return v;
}

const struct jm_value *jm_get(const struct jm_value *obj, const char *key)
{
	if (obj == NULL || obj->type != JM_OBJECT)
		return NULL;
	for (guint i = 0; i < obj->keys->len; i++)
		if (strcmp(g_ptr_array_index(obj->keys, i), key) == 0)
			return g_ptr_array_index(obj->items, i);
	return NULL;
}

const char *jm_get_string(const struct jm_value *obj, const char *key)
{
	const struct jm_value *v = jm_get(obj, key);

	return v != NULL && v->type == JM_STRING ? v->string : NULL;
}

double jm_get_number(const struct jm_value *obj, const char *key, double fallback)
{
	const struct jm_value *v = jm_get(obj, key);

	return v != NULL && v->type == JM_NUMBER ? v->number : fallback;
}

guint jm_length(const struct jm_value *array)
{
	return array != NULL && array->type == JM_ARRAY ? array->items->len : 0;
}

const struct jm_value *jm_item(const struct jm_value *array, guint i)
{
	return i < jm_length(array) ? g_ptr_array_index(array->items, i) : NULL;
}
