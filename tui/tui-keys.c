/*
 * Keys: one table maps keys to commands (adding a key is adding a row);
 * movement commands act on the focused pane. While the filter line is being
 * edited, keys go to the line editor instead; while help shows, any key
 * closes it.
 */
#include "config.h"

#include "tui/tui-internal.h"

#define CTRL(c) ((c)&0x1f)

/* ---- movement in the focused pane ----------------------------------------- */

static struct vs_lines *focused_lines(struct vs_tui *ui)
{
	switch (ui->focus) {
	case VS_PANE_DETAIL:
		return &ui->detail;
	case VS_PANE_STATE:
		return &ui->state_lines;
	case VS_PANE_FINDINGS:
		return &ui->findings;
	default:
		return NULL;
	}
}

static int page_rows(struct vs_tui *ui)
{
	int h = ui->rect[ui->focus].h - (ui->focus == VS_PANE_LIST ? 2 : 1);

	return MAX(h - 1, 1);
}

/* Move by delta rows; INT64_MIN / INT64_MAX go to the first / last. */
static void move_by(struct vs_tui *ui, int64_t delta)
{
	struct vs_lines *l = focused_lines(ui);

	if (ui->help) {
		return;
	}
	if (ui->focus == VS_PANE_LIST) {
		int64_t n = (int64_t)vs_view_count(&ui->view);
		int64_t row;

		if (delta == INT64_MAX) {
			row = n - 1;
			ui->follow = true; /* G: go to the end and stay there, like tail -f */
		} else {
			row = delta == INT64_MIN ? 0 : (int64_t)ui->sel + delta;
			ui->follow = false;
		}
		vs_tui_select_row(ui, row);
	} else if (ui->focus == VS_PANE_HEX) {
		if (delta == INT64_MIN)
			ui->hex_top = 0;
		else if (delta == INT64_MAX)
			ui->hex_top = 1 << 20; /* clamped when drawn */
		else
			ui->hex_top = (int)MAX((int64_t)ui->hex_top + delta, 0);
	} else if (l) {
		if (delta == INT64_MIN)
			l->cursor = 0;
		else if (delta == INT64_MAX)
			vs_lines_move(l, (int64_t)vs_lines_count(l));
		else
			vs_lines_move(l, delta);
	}
}

static void cmd_down(struct vs_tui *ui)
{
	move_by(ui, 1);
}

static void cmd_up(struct vs_tui *ui)
{
	move_by(ui, -1);
}

static void cmd_page_down(struct vs_tui *ui)
{
	move_by(ui, page_rows(ui));
}

static void cmd_page_up(struct vs_tui *ui)
{
	move_by(ui, -page_rows(ui));
}

static void cmd_first(struct vs_tui *ui)
{
	move_by(ui, INT64_MIN);
}

static void cmd_last(struct vs_tui *ui)
{
	move_by(ui, INT64_MAX);
}

/* ---- panes ------------------------------------------------------------------ */

static void focus(struct vs_tui *ui, enum vs_pane p)
{
	ui->focus = p;
	if (p != VS_PANE_LIST)
		ui->lower = p;
}

static void cmd_next_pane(struct vs_tui *ui)
{
	focus(ui, (enum vs_pane)((ui->focus + 1) % VS_PANE_COUNT));
}

static void cmd_prev_pane(struct vs_tui *ui)
{
	focus(ui, (enum vs_pane)((ui->focus + VS_PANE_COUNT - 1) % VS_PANE_COUNT));
}

static void cmd_pane_1(struct vs_tui *ui)
{
	focus(ui, VS_PANE_LIST);
}

static void cmd_pane_2(struct vs_tui *ui)
{
	focus(ui, VS_PANE_DETAIL);
}

static void cmd_pane_3(struct vs_tui *ui)
{
	focus(ui, VS_PANE_HEX);
}

static void cmd_pane_4(struct vs_tui *ui)
{
	focus(ui, VS_PANE_STATE);
}

static void cmd_pane_5(struct vs_tui *ui)
{
	focus(ui, VS_PANE_FINDINGS);
}

static void cmd_zoom(struct vs_tui *ui)
{
	ui->zoom = !ui->zoom;
}

static void cmd_enter(struct vs_tui *ui)
{
	struct vs_lines *l = focused_lines(ui);
	struct vs_line *line;

	if (ui->focus == VS_PANE_LIST) {
		focus(ui, VS_PANE_DETAIL);
		return;
	}
	if (!l || !vs_lines_count(l))
		return;
	line = vs_lines_at(l, l->cursor);
	if (line->jump < 0)
		return;
	if (!vs_tui_select_entry(ui, (uint64_t)line->jump))
		vs_tui_set_message(ui, "that message is hidden by the filter (\\ clears it)");
	else if (ui->focus == VS_PANE_FINDINGS)
		focus(ui, VS_PANE_LIST);
}

static void cmd_escape(struct vs_tui *ui)
{
	if (ui->zoom)
		ui->zoom = false;
	else
		focus(ui, VS_PANE_LIST);
}

/* ---- modes -------------------------------------------------------------------- */

static void cmd_quit(struct vs_tui *ui)
{
	ui->quit = 1;
}

static void cmd_help(struct vs_tui *ui)
{
	ui->help = true;
}

static void cmd_follow(struct vs_tui *ui)
{
	ui->follow = !ui->follow;
	if (ui->follow && ui->paused)
		ui->paused = false;
	vs_tui_set_message(ui,
	                   ui->follow ? "follow: the newest message stays selected" : "follow off");
}

static void cmd_pause(struct vs_tui *ui)
{
	ui->paused = !ui->paused;
	ui->pause_limit = vs_store_count(ui->store);
	vs_tui_set_message(ui, ui->paused ? "paused: the list holds still, the capture goes on"
	                                  : "resumed");
}

static void cmd_join(struct vs_tui *ui)
{
	vs_tui_set_join(ui, !ui->view.join);
	vs_tui_set_message(ui, ui->view.join
	                           ? "joined: a request's row shows its reply's payload and latency"
	                           : "split: requests and replies on rows of their own");
}

static void cmd_plane(struct vs_tui *ui)
{
	static const char *const says[VS_PLANE_COUNT] = {
	    [VS_PLANE_ALL] = "all: messages and data-plane entries in one timeline",
	    [VS_PLANE_DATA] = "data plane: the ring entries of --packets (d: control plane)",
	    [VS_PLANE_CONTROL] = "control plane: messages and events, no data-plane entry",
	};
	enum vs_plane next = (enum vs_plane)((ui->view.plane + 1) % VS_PLANE_COUNT);

	vs_tui_set_plane(ui, next);
	vs_tui_set_message(ui, "%s", says[next]);
}

static void cmd_filter(struct vs_tui *ui)
{
	ui->editing = true;
	g_string_assign(ui->edit, vs_filter_text(ui->view.filter));
	ui->edit_cursor = ui->edit->len;
	ui->history_pos = ui->history->len;
}

static void cmd_clear_filter(struct vs_tui *ui)
{
	vs_tui_apply_filter(ui, "");
	vs_tui_set_message(ui, "filter cleared");
}

static void cmd_next_finding(struct vs_tui *ui)
{
	vs_tui_next_finding(ui, 1);
}

static void cmd_prev_finding(struct vs_tui *ui)
{
	vs_tui_next_finding(ui, -1);
}

static void cmd_redraw(struct vs_tui *ui)
{
	(void)ui;
	clearok(curscr, TRUE);
}

static void cmd_resize(struct vs_tui *ui)
{
	(void)ui;
	/* ncurses has resized stdscr; the next draw lays the panes out again. */
	clearok(curscr, TRUE);
}

static const struct key_binding {
	int key;
	bool function; /* a KEY_* code rather than a character */
	void (*run)(struct vs_tui *ui);
} bindings[] = {
    {'q', false, cmd_quit},
    {'Q', false, cmd_quit},
    {'?', false, cmd_help},
    {KEY_F(1), true, cmd_help},
    {'j', false, cmd_down},
    {KEY_DOWN, true, cmd_down},
    {'k', false, cmd_up},
    {KEY_UP, true, cmd_up},
    {KEY_NPAGE, true, cmd_page_down},
    {' ', false, cmd_page_down},
    {CTRL('f'), false, cmd_page_down},
    {CTRL('d'), false, cmd_page_down},
    {KEY_PPAGE, true, cmd_page_up},
    {'b', false, cmd_page_up},
    {CTRL('b'), false, cmd_page_up},
    {CTRL('u'), false, cmd_page_up},
    {'g', false, cmd_first},
    {KEY_HOME, true, cmd_first},
    {'<', false, cmd_first},
    {'G', false, cmd_last},
    {KEY_END, true, cmd_last},
    {'>', false, cmd_last},
    {'\t', false, cmd_next_pane},
    {KEY_BTAB, true, cmd_prev_pane},
    {'1', false, cmd_pane_1},
    {'2', false, cmd_pane_2},
    {'3', false, cmd_pane_3},
    {'4', false, cmd_pane_4},
    {'5', false, cmd_pane_5},
    {'z', false, cmd_zoom},
    {'\r', false, cmd_enter},
    {'\n', false, cmd_enter},
    {KEY_ENTER, true, cmd_enter},
    {'l', false, cmd_enter},
    {KEY_RIGHT, true, cmd_enter},
    {27, false, cmd_escape},
    {'h', false, cmd_escape},
    {KEY_LEFT, true, cmd_escape},
    {'f', false, cmd_follow},
    {'F', false, cmd_follow},
    {'p', false, cmd_pause},
    {'J', false, cmd_join},
    {'d', false, cmd_plane},
    {'/', false, cmd_filter},
    {'\\', false, cmd_clear_filter},
    {'n', false, cmd_next_finding},
    {'N', false, cmd_prev_finding},
    {CTRL('l'), false, cmd_redraw},
    {KEY_RESIZE, true, cmd_resize},
};

/* ---- help: moving keys scroll it, any other key closes it -------------------------- */

static void help_key(struct vs_tui *ui, int key, bool function)
{
	struct vs_lines *l = &ui->help_lines;
	int page = MAX(LINES - 5, 1);
	size_t n = vs_lines_count(l);

	if (key == 'j' || (function && key == KEY_DOWN))
		l->top++;
	else if ((key == 'k' || (function && key == KEY_UP)) && l->top > 0)
		l->top--;
	else if (key == ' ' || (function && key == KEY_NPAGE))
		l->top += (size_t)page;
	else if (key == 'b' || (function && key == KEY_PPAGE))
		l->top = l->top > (size_t)page ? l->top - (size_t)page : 0;
	else
		ui->help = false;
	if (n && l->top >= n)
		l->top = n - 1;
}

/* ---- the filter line editor ------------------------------------------------------ */

static void edit_recall(struct vs_tui *ui, int dir)
{
	if (!ui->history->len)
		return;
	if (dir < 0 && ui->history_pos > 0)
		ui->history_pos--;
	else if (dir > 0 && ui->history_pos < ui->history->len)
		ui->history_pos++;
	g_string_assign(ui->edit, ui->history_pos < ui->history->len
	                              ? g_ptr_array_index(ui->history, ui->history_pos)
	                              : "");
	ui->edit_cursor = ui->edit->len;
}

static void edit_key(struct vs_tui *ui, int key, bool function)
{
	GString *e = ui->edit;

	if (!function && (key == '\r' || key == '\n')) {
		if (vs_tui_apply_filter(ui, e->str)) {
			ui->editing = false;
			vs_tui_set_message(ui, e->len ? "filter: %s" : "filter cleared", e->str);
		}
	} else if (function && key == KEY_ENTER) {
		edit_key(ui, '\r', false);
	} else if (!function && key == 27) {
		ui->editing = false;
	} else if ((function && key == KEY_BACKSPACE) || (!function && (key == 127 || key == 8))) {
		if (ui->edit_cursor > 0) {
			g_string_erase(e, (gssize)ui->edit_cursor - 1, 1);
			ui->edit_cursor--;
		} else if (!e->len) {
			ui->editing = false;
		}
	} else if (function && key == KEY_DC) {
		if (ui->edit_cursor < e->len)
			g_string_erase(e, (gssize)ui->edit_cursor, 1);
	} else if (function && key == KEY_LEFT) {
		if (ui->edit_cursor > 0)
			ui->edit_cursor--;
	} else if (function && key == KEY_RIGHT) {
		if (ui->edit_cursor < e->len)
			ui->edit_cursor++;
	} else if ((function && key == KEY_HOME) || (!function && key == CTRL('a'))) {
		ui->edit_cursor = 0;
	} else if ((function && key == KEY_END) || (!function && key == CTRL('e'))) {
		ui->edit_cursor = e->len;
	} else if (!function && key == CTRL('u')) {
		g_string_erase(e, 0, (gssize)ui->edit_cursor);
		ui->edit_cursor = 0;
	} else if (!function && key == CTRL('w')) {
		size_t at = ui->edit_cursor;

		while (at > 0 && e->str[at - 1] == ' ')
			at--;
		while (at > 0 && e->str[at - 1] != ' ')
			at--;
		g_string_erase(e, (gssize)at, (gssize)(ui->edit_cursor - at));
		ui->edit_cursor = at;
	} else if (function && key == KEY_UP) {
		edit_recall(ui, -1);
	} else if (function && key == KEY_DOWN) {
		edit_recall(ui, 1);
	} else if (!function && key >= 0x20 && key < 0x7f) {
		g_string_insert_c(e, (gssize)ui->edit_cursor, (char)key);
		ui->edit_cursor++;
	}
}

void vs_tui_key(struct vs_tui *ui, int key, bool function)
{
	if (function && key == KEY_RESIZE) {
		cmd_resize(ui);
		return;
	}
	if (ui->editing) {
		edit_key(ui, key, function);
		return;
	}
	g_clear_pointer(&ui->message, g_free);
	if (ui->help) {
		help_key(ui, key, function);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bindings); i++) {
		if (bindings[i].key == key && bindings[i].function == function) {
			bindings[i].run(ui);
			return;
		}
	}
}

void vs_tui_mouse(struct vs_tui *ui)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || ui->help || ui->editing)
		return;
	for (int p = 0; p < VS_PANE_COUNT; p++) {
		const struct vs_rect *r = &ui->rect[p];

		if (!ui->shown[p] || ev.y < r->y || ev.y >= r->y + r->h || ev.x < r->x ||
		    ev.x >= r->x + r->w)
			continue;
		focus(ui, (enum vs_pane)p);
		if (ev.bstate & BUTTON4_PRESSED) {
			move_by(ui, -3);
		} else if (ev.bstate & BUTTON5_PRESSED) {
			move_by(ui, 3);
		} else if (p == VS_PANE_LIST && ev.y >= r->y + 2) {
			ui->follow = false;
			vs_tui_select_row(ui, (int64_t)ui->top + (ev.y - r->y - 2));
			if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
				cmd_enter(ui);
		} else if (p != VS_PANE_LIST && p != VS_PANE_HEX && ev.y >= r->y + 1) {
			struct vs_lines *l = focused_lines(ui);

			if (l)
				vs_lines_move(l, (int64_t)(l->top + (size_t)(ev.y - r->y - 1)) -
				                     (int64_t)l->cursor);
			if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
				cmd_enter(ui);
		}
		return;
	}
}
