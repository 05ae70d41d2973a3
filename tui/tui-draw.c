/*
 * Drawing helpers: colours with a monochrome fallback, clipped text in a
 * rectangle, pane title lines. Everything on screen goes through
 * vs_draw_text, which shows only printable ASCII: names, paths and command
 * lines come from the peers and must not move the cursor or the columns.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tui/tui-internal.h"

static attr_t color_attrs[VS_C_COUNT];

void vs_colors_init(bool monochrome)
{
	const char *no_color = getenv("NO_COLOR");
	bool color = !monochrome && !(no_color && *no_color) && has_colors();

	/* Without colour, attributes still carry meaning: bold errors, reverse bars. */
	color_attrs[VS_C_NORMAL] = A_NORMAL;
	color_attrs[VS_C_FRONT] = A_NORMAL;
	color_attrs[VS_C_BACK] = A_NORMAL;
	color_attrs[VS_C_EVENT] = A_BOLD;
	color_attrs[VS_C_ERROR] = A_BOLD | A_UNDERLINE;
	color_attrs[VS_C_WARN] = A_UNDERLINE;
	color_attrs[VS_C_NOTE] = A_NORMAL;
	color_attrs[VS_C_BAR] = A_REVERSE;
	color_attrs[VS_C_PANE] = A_REVERSE;
	color_attrs[VS_C_FOCUS] = A_REVERSE | A_BOLD;
	color_attrs[VS_C_CURSOR] = A_REVERSE;
	color_attrs[VS_C_HILITE] = A_REVERSE | A_BOLD;
	color_attrs[VS_C_LABEL] = A_BOLD;
	color_attrs[VS_C_DIM] = A_DIM;
	if (!color)
		return;

	start_color();
	use_default_colors();
	static const struct {
		enum vs_color c;
		short fg, bg;
		attr_t extra;
	} pairs[] = {
	    {VS_C_FRONT, COLOR_CYAN, -1, A_NORMAL},
	    {VS_C_BACK, COLOR_GREEN, -1, A_NORMAL},
	    {VS_C_EVENT, COLOR_MAGENTA, -1, A_BOLD},
	    {VS_C_ERROR, COLOR_RED, -1, A_BOLD},
	    {VS_C_WARN, COLOR_YELLOW, -1, A_NORMAL},
	    {VS_C_NOTE, COLOR_BLUE, -1, A_NORMAL},
	    {VS_C_BAR, COLOR_BLACK, COLOR_CYAN, A_NORMAL},
	    {VS_C_PANE, COLOR_WHITE, COLOR_BLUE, A_NORMAL},
	    {VS_C_FOCUS, COLOR_BLACK, COLOR_YELLOW, A_BOLD},
	    {VS_C_HILITE, COLOR_BLACK, COLOR_YELLOW, A_NORMAL},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
		short pair = (short)(i + 1);

		if (pair >= COLOR_PAIRS)
			break;
		init_pair(pair, pairs[i].fg, pairs[i].bg);
		color_attrs[pairs[i].c] = COLOR_PAIR(pair) | pairs[i].extra;
	}
}

attr_t vs_color_attr(enum vs_color c)
{
	return color_attrs[c];
}

int vs_draw_text(const struct vs_rect *r, int row, int col, enum vs_color c, const char *text)
{
	attr_t a = color_attrs[c];

	if (row < 0 || row >= r->h || col >= r->w)
		return col;
	move(r->y + row, r->x + col);
	for (const char *p = text; *p && col < r->w; p++, col++) {
		unsigned char ch = (unsigned char)*p;

		addch((ch >= 0x20 && ch < 0x7f ? ch : (ch == '\t' ? ' ' : '?')) | a);
	}
	return col;
}

int vs_draw_textf(const struct vs_rect *r, int row, int col, enum vs_color c, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *text = NULL;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return vs_draw_text(r, row, col, c, text);
}

void vs_draw_fill(const struct vs_rect *r, int row, enum vs_color c)
{
	attr_t a = color_attrs[c];

	if (row < 0 || row >= r->h)
		return;
	move(r->y + row, r->x);
	for (int i = 0; i < r->w; i++)
		addch(' ' | a);
}

struct vs_rect vs_draw_pane_title(const struct vs_rect *r, const char *title, bool focused)
{
	enum vs_color c = focused ? VS_C_FOCUS : VS_C_PANE;
	struct vs_rect body = {r->y + 1, r->x, r->h - 1, r->w};

	vs_draw_fill(r, 0, c);
	/* The marker shows focus on a monochrome terminal too. */
	vs_draw_textf(r, 0, 0, c, "%s%s", focused ? "> " : "  ", title);
	return body;
}
