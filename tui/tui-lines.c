/*
 * Line panes (detail, state, findings, help): a list of text lines with a
 * cursor and a scroll position; a line may name a decoded field (the hex
 * pane highlights its bytes) or an entry Enter jumps to.
 */
#include "config.h"

#include <stdarg.h>

#include "tui/tui-internal.h"

static void line_clear(gpointer p)
{
	g_free(((struct vs_line *)p)->text);
}

void vs_lines_init(struct vs_lines *l)
{
	memset(l, 0, sizeof(*l));
	l->lines = g_array_new(FALSE, TRUE, sizeof(struct vs_line));
	g_array_set_clear_func(l->lines, line_clear);
}

void vs_lines_clear(struct vs_lines *l)
{
	g_array_set_size(l->lines, 0);
}

void vs_lines_free(struct vs_lines *l)
{
	if (l->lines)
		g_array_free(l->lines, TRUE);
	l->lines = NULL;
}

static struct vs_line *lines_add_text(struct vs_lines *l, enum vs_color c, char *text)
{
	struct vs_line line = {.text = text, .color = c, .field = -1, .jump = -1};

	g_array_append_val(l->lines, line);
	return &g_array_index(l->lines, struct vs_line, l->lines->len - 1);
}

struct vs_line *vs_lines_add(struct vs_lines *l, enum vs_color c, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return lines_add_text(l, c, text);
}

void vs_lines_add_wrapped(struct vs_lines *l, enum vs_color c, const char *text, int width,
                          int indent)
{
	size_t len = strlen(text);
	size_t at = 0;
	bool first = true;

	if (width < indent + 10)
		width = indent + 10;
	while (at < len || first) {
		size_t room = (size_t)(first ? width : width - indent);
		size_t take = MIN(room, len - at);

		/* Break at the last space that fits, when there is one. */
		if (at + take < len) {
			size_t sp = take;

			while (sp > 0 && text[at + sp] != ' ')
				sp--;
			if (sp > 0)
				take = sp;
		}
		lines_add_text(
		    l, c, g_strdup_printf("%*s%.*s", first ? 0 : indent, "", (int)take, text + at));
		at += take;
		while (at < len && text[at] == ' ')
			at++;
		first = false;
	}
}

size_t vs_lines_count(const struct vs_lines *l)
{
	return l->lines->len;
}

struct vs_line *vs_lines_at(const struct vs_lines *l, size_t i)
{
	return &g_array_index(l->lines, struct vs_line, i);
}

/* Keep the cursor on screen (when it shows) and the screen within the lines. */
static void lines_clamp(struct vs_lines *l, int rows, bool cursor)
{
	size_t n = vs_lines_count(l);

	if (l->cursor >= n)
		l->cursor = n ? n - 1 : 0;
	if (rows <= 0)
		return;
	if (!cursor)
		goto clamp_top;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + (size_t)rows)
		l->top = l->cursor - (size_t)rows + 1;
clamp_top:
	if (l->top + (size_t)rows > n)
		l->top = n > (size_t)rows ? n - (size_t)rows : 0;
}

void vs_lines_draw(struct vs_lines *l, const struct vs_rect *r, bool focused)
{
	lines_clamp(l, r->h, focused);
	for (int row = 0; row < r->h; row++) {
		size_t i = l->top + (size_t)row;

		if (i >= vs_lines_count(l))
			break;
		struct vs_line *line = vs_lines_at(l, i);
		bool cur = focused && i == l->cursor;

		if (cur)
			vs_draw_fill(r, row, VS_C_CURSOR);
		vs_draw_text(r, row, 0, cur ? VS_C_CURSOR : line->color, line->text);
	}
}

void vs_lines_move(struct vs_lines *l, int64_t delta)
{
	int64_t n = (int64_t)vs_lines_count(l);
	int64_t c = (int64_t)l->cursor + delta;

	if (c >= n)
		c = n - 1;
	if (c < 0)
		c = 0;
	l->cursor = (size_t)c;
}
