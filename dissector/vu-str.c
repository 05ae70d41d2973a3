/* The growable string that every renderer writes into. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dissector/vu-dissector.h"

void vu_str_init(struct vu_str *s)
{
	s->data = NULL;
	s->len = 0;
	s->cap = 0;
	s->failed = false;
}

void vu_str_free(struct vu_str *s)
{
	free(s->data);
	vu_str_init(s);
}

void vu_str_clear(struct vu_str *s)
{
	s->len = 0;
	if (s->data != NULL)
		s->data[0] = '\0';
}

/* Room for n more bytes plus the terminator; false if memory ran out. */
static bool str_reserve(struct vu_str *s, size_t n)
{
	size_t want, cap;
	char *data;

	if (s->failed)
		return false;
	if (n > SIZE_MAX / 2 - s->len) {
		s->failed = true;
		return false;
	}
	want = s->len + n + 1;
	if (want <= s->cap)
		return true;
	cap = s->cap != 0 ? s->cap : 128;
	while (cap < want)
		cap *= 2;
	data = realloc(s->data, cap);
	if (data == NULL) {
		s->failed = true;
		return false;
	}
	s->data = data;
	s->cap = cap;
	return true;
}

void vu_str_appendn(struct vu_str *s, const char *text, size_t n)
{
	if (!str_reserve(s, n))
		return;
	memcpy(s->data + s->len, text, n);
	s->len += n;
	s->data[s->len] = '\0';
}

void vu_str_append(struct vu_str *s, const char *text)
{
	vu_str_appendn(s, text, strlen(text));
}

void vu_str_printf(struct vu_str *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* Format straight into the free space; only a line that does not fit
	 * is formatted twice. */
	if (!str_reserve(s, 64))
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->data + s->len, s->cap - s->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		s->data[s->len] = '\0';
		return;
	}
	if ((size_t)n >= s->cap - s->len) {
		if (!str_reserve(s, (size_t)n)) {
			s->data[s->len] = '\0';
			return;
		}
		va_start(ap, fmt);
		vsnprintf(s->data + s->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	s->len += (size_t)n;
}

void vu_str_hex(struct vu_str *s, const uint8_t *bytes, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	if (n > SIZE_MAX / 4 || !str_reserve(s, 2 * n))
		return;
	for (size_t i = 0; i < n; i++) {
		s->data[s->len++] = digits[bytes[i] >> 4];
		s->data[s->len++] = digits[bytes[i] & 15];
	}
	s->data[s->len] = '\0';
}

void vu_str_u64(struct vu_str *s, uint64_t v, bool hex)
{
	static const char digits[] = "0123456789abcdef";
	char buf[24];
	size_t i = sizeof(buf);
	unsigned base = hex ? 16 : 10;

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (hex) {
		buf[--i] = 'x';
		buf[--i] = '0';
	}
	vu_str_appendn(s, buf + i, sizeof(buf) - i);
}

void vu_str_json_string(struct vu_str *s, const char *text)
{
	vu_str_append(s, "\"");
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			vu_str_append(s, "\\\"");
			break;
		case '\\':
			vu_str_append(s, "\\\\");
			break;
		case '\n':
			vu_str_append(s, "\\n");
			break;
		case '\r':
			vu_str_append(s, "\\r");
			break;
		case '\t':
			vu_str_append(s, "\\t");
			break;
		default:
			if (*p < 0x20 || *p >= 0x7f)
				vu_str_printf(s, "\\u%04x", *p);
			else
				vu_str_appendn(s, (const char *)p, 1);
		}
	}
	vu_str_append(s, "\"");
}
