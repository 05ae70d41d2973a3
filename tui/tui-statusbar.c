/*
 * The three bars: the title line at the top, the status bar (counts, rate,
 * modes) and the bottom line (the keys, the filter being edited, or a
 * one-shot message).
 */
#include "config.h"

#include <stdio.h>

#include "tui/tui-internal.h"

static void title_draw(struct vs_tui *ui)
{
	struct vs_rect r = {0, 0, 1, COLS};

	vs_draw_fill(&r, 0, VS_C_BAR);
	vs_draw_textf(&r, 0, 1, VS_C_BAR, "vhostsniff  %s", ui->title ? ui->title : "");
	if (COLS > 20)
		vs_draw_text(&r, 0, COLS - 10, VS_C_BAR, "? = help");
}

static void status_draw(struct vs_tui *ui)
{
	struct vs_rect r = {LINES - 2, 0, 1, COLS};
	struct vs_store *st = ui->store;
	uint64_t total = vs_store_count(st);
	uint64_t behind = total - ui->view.scanned;
	bool ended = atomic_load(&st->input_ended);
	size_t nsessions = vs_store_session_count(st);
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, " %llu msgs  %zu session%s  %llu malformed  %llu findings",
	                       (unsigned long long)atomic_load(&st->messages), nsessions,
	                       nsessions == 1 ? "" : "s",
	                       (unsigned long long)atomic_load(&st->malformed),
	                       (unsigned long long)atomic_load(&st->finding_count));
	/* --packets: the data-plane entries, and those past the store's caps. */
	uint64_t data = atomic_load(&st->data_entries), dropped = atomic_load(&st->data_dropped);

	if (data || dropped)
		g_string_append_printf(s, " | %llu data", (unsigned long long)data);
	if (dropped)
		g_string_append_printf(s, " (%llu not kept: cap)", (unsigned long long)dropped);
	if (ui->view.plane != VS_PLANE_ALL)
		g_string_append_printf(s, " | %s",
		                       ui->view.plane == VS_PLANE_DATA ? "DATA" : "CONTROL");
	if (ui->view.filter)
		g_string_append_printf(s, " | shown %llu",
		                       (unsigned long long)vs_view_count(&ui->view));
	g_string_append_printf(s, " | %.1f msg/s", ui->rate);
	if (ui->view.join)
		g_string_append(s, " | JOINED");
	if (ui->follow)
		g_string_append(s, " | FOLLOW");
	if (ui->paused)
		g_string_append_printf(s, " | PAUSED +%llu", (unsigned long long)behind);
	else if (behind)
		g_string_append_printf(s, " | catching up %llu", (unsigned long long)behind);
	g_string_append_printf(s, " | %s", ended ? "input ended" : ui->live ? "live" : "reading");

	vs_draw_fill(&r, 0, VS_C_BAR);
	vs_draw_text(&r, 0, 0, VS_C_BAR, s->str);
	g_string_free(s, TRUE);
}

static void bottom_draw(struct vs_tui *ui)
{
	struct vs_rect r = {LINES - 1, 0, 1, COLS};

	vs_draw_fill(&r, 0, VS_C_NORMAL);
	if (ui->editing) {
		int col = vs_draw_text(&r, 0, 0, VS_C_LABEL, "/");

		vs_draw_text(&r, 0, col, VS_C_NORMAL, ui->edit->str);
		move(LINES - 1, MIN(col + (int)ui->edit_cursor, COLS - 1));
		return;
	}
	if (ui->message) {
		vs_draw_text(&r, 0, 0, VS_C_WARN, ui->message);
		return;
	}
	static const struct {
		const char *key, *what;
	} keys[] = {
	    {"?", "Help"},   {"/", "Filter"},   {"f", "Follow"}, {"p", "Pause"}, {"n/N", "Finding"},
	    {"Tab", "Pane"}, {"Enter", "Open"}, {"z", "Zoom"},   {"q", "Quit"},
	};
	int col = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		col = vs_draw_text(&r, 0, col, VS_C_LABEL, keys[i].key);
		col = vs_draw_text(&r, 0, col, VS_C_BAR, keys[i].what);
		col = vs_draw_text(&r, 0, col, VS_C_NORMAL, " ");
	}
}

void vs_statusbar_draw(struct vs_tui *ui)
{
	title_draw(ui);
	status_draw(ui);
	bottom_draw(ui);
}
