/*
 * The UI object and its loop: layout, drawing, the wait for keys and
 * records, and the glue between the list selection and the other panes.
 *
 * The loop sleeps in poll() on the terminal and the feed's wake-up pipe.
 * New records make it examine them (a bounded number per turn, so keys stay
 * responsive while a big capture loads) and redraw, at most every
 * REDRAW_NS; keys redraw at once. The sink never waits for any of this.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "tui/tui-internal.h"

#define REDRAW_NS   40000000ull /* at most 25 data-driven redraws a second */
#define VIEW_BUDGET 200000u     /* entries examined per turn of the loop */
#define TICK_MS     500         /* status bar refresh (rate, input state) */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct vs_tui *vs_tui_new(const struct vs_tui_options *opts)
{
	struct vs_tui *ui = g_new0(struct vs_tui, 1);
	struct vs_tui_feed *feed = g_new0(struct vs_tui_feed, 1);

	if (pipe2(feed->wake, O_CLOEXEC | O_NONBLOCK) < 0)
		g_error("vhostsniff: pipe for the UI: %s", g_strerror(errno));
	feed->store = vs_store_new();
	atomic_init(&feed->refs, 1);
	atomic_init(&feed->wake_armed, false);
	ui->feed = feed;
	ui->store = feed->store;
	ui->title = g_strdup(opts && opts->title ? opts->title : "");
	ui->live = opts && opts->live;
	ui->monochrome = opts && opts->monochrome;
	ui->follow = ui->live;
	vs_view_init(&ui->view);
	ui->detail_index = -1;
	ui->state_index = -1;
	ui->reselect = -1;
	ui->lower = VS_PANE_DETAIL;
	ui->decoded = g_new0(struct vu_decoded, 1);
	ui->decoded_row = g_new0(struct vu_decoded, 1);
	ui->state = g_new0(struct vu_session, 1);
	ui->replay = vs_replay_new();
	vs_lines_init(&ui->detail);
	vs_lines_init(&ui->state_lines);
	vs_lines_init(&ui->findings);
	vs_lines_init(&ui->help_lines);
	ui->edit = g_string_new(NULL);
	ui->history = g_ptr_array_new_with_free_func(g_free);
	if (opts && opts->filter && *opts->filter && !vs_tui_apply_filter(ui, opts->filter))
		g_printerr("vhostsniff: %s\n", ui->message);
	return ui;
}

void vs_tui_free(struct vs_tui *ui)
{
	if (!ui)
		return;
	vs_view_clear(&ui->view);
	vs_lines_free(&ui->detail);
	vs_lines_free(&ui->state_lines);
	vs_lines_free(&ui->findings);
	vs_lines_free(&ui->help_lines);
	vs_replay_free(ui->replay);
	g_free(ui->decoded);
	g_free(ui->decoded_row);
	g_free(ui->state);
	g_string_free(ui->edit, TRUE);
	g_ptr_array_unref(ui->history);
	g_free(ui->message);
	g_free(ui->title);
	vs_tui_feed_unref(ui->feed);
	g_free(ui);
}

void vs_tui_quit(struct vs_tui *ui)
{
	ui->quit = 1;
	atomic_store(&ui->feed->wake_armed, true);
	vs_tui_feed_wake(ui->feed);
}

void vs_tui_set_message(struct vs_tui *ui, const char *fmt, ...)
{
	va_list ap;

	g_free(ui->message);
	va_start(ap, fmt);
	ui->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

/* ---- selection ------------------------------------------------------------ */

int64_t vs_tui_selected(struct vs_tui *ui)
{
	uint64_t n = vs_view_count(&ui->view);

	if (n == 0)
		return -1;
	if (ui->sel >= n)
		ui->sel = n - 1;
	return (int64_t)vs_view_entry(&ui->view, ui->sel);
}

void vs_tui_select_row(struct vs_tui *ui, int64_t row)
{
	int64_t n = (int64_t)vs_view_count(&ui->view);

	if (row >= n)
		row = n - 1;
	if (row < 0)
		row = 0;
	ui->sel = (uint64_t)row;
}

bool vs_tui_select_entry(struct vs_tui *ui, uint64_t index)
{
	int64_t row = vs_view_row_of(&ui->view, index, true);
	uint32_t peer =
	    index < vs_store_count(ui->store) ? vs_entry_peer(vs_store_entry(ui->store, index)) : 0;

	/* Joined, a matched reply lives on its request's row. */
	if (row < 0 && ui->view.join && peer &&
	    (vs_store_entry(ui->store, index)->flags & VS_ENTRY_REPLY))
		row = vs_view_row_of(&ui->view, peer - 1, true);

	if (row < 0)
		return false;
	ui->follow = false;
	vs_tui_select_row(ui, row);
	return true;
}

bool vs_tui_apply_filter(struct vs_tui *ui, const char *text)
{
	g_autoptr(GError) error = NULL;
	struct vs_filter *f = vs_filter_parse(text, &error);
	int64_t keep = vs_tui_selected(ui);

	if (!f) {
		vs_tui_set_message(ui, "filter: %s", error->message);
		return false;
	}
	vs_view_set_filter(&ui->view, f);
	vs_tui_findings_reset(ui);
	ui->sel = 0;
	ui->top = 0;
	ui->reselect = keep;
	if (*text && (!ui->history->len ||
	              strcmp(g_ptr_array_index(ui->history, ui->history->len - 1), text)))
		g_ptr_array_add(ui->history, g_strdup(text));
	return true;
}

void vs_tui_set_join(struct vs_tui *ui, bool join)
{
	int64_t keep = vs_tui_selected(ui);

	if (keep >= 0 && join) {
		const struct vs_entry *e = vs_store_entry(ui->store, (uint64_t)keep);

		if ((e->flags & VS_ENTRY_REPLY) && vs_entry_peer(e))
			keep = vs_entry_peer(e) - 1;
	}
	vs_view_set_join(&ui->view, join);
	vs_tui_findings_reset(ui);
	ui->sel = 0;
	ui->top = 0;
	ui->reselect = keep;
}

void vs_tui_set_plane(struct vs_tui *ui, enum vs_plane plane)
{
	int64_t keep = vs_tui_selected(ui);

	vs_view_set_plane(&ui->view, plane);
	vs_tui_findings_reset(ui);
	ui->sel = 0;
	ui->top = 0;
	/* The nearest row at or before the entry that was selected. */
	ui->reselect = keep;
}

void vs_tui_next_finding(struct vs_tui *ui, int dir)
{
	int64_t cur = vs_tui_selected(ui);
	uint64_t n = vs_store_finding_entries(ui->store);
	uint64_t lo = 0, hi = n;

	if (cur < 0)
		return;
	/* First finding entry after the selection. */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (vs_store_finding_entry(ui->store, mid) <= (uint64_t)cur)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (dir > 0) {
		for (uint64_t i = lo; i < n; i++) {
			if (vs_tui_select_entry(ui, vs_store_finding_entry(ui->store, i)))
				return;
		}
	} else {
		for (uint64_t i = lo; i-- > 0;) {
			uint32_t index = vs_store_finding_entry(ui->store, i);

			if (index < (uint64_t)cur && vs_tui_select_entry(ui, index))
				return;
		}
	}
	vs_tui_set_message(ui, dir > 0 ? "no later message with findings"
	                               : "no earlier message with findings");
}

/* ---- layout and drawing --------------------------------------------------- */

static void layout(struct vs_tui *ui)
{
	int area_y = 1, area_h = LINES - 3;
	struct vs_rect none = {0, 0, 0, 0};

	for (int p = 0; p < VS_PANE_COUNT; p++) {
		ui->rect[p] = none;
		ui->shown[p] = false;
	}
	if (area_h < 2 || COLS < 20)
		return;
	if (ui->zoom || area_h < 12) {
		enum vs_pane p = ui->zoom ? ui->focus : VS_PANE_LIST;

		ui->rect[p] = (struct vs_rect){area_y, 0, area_h, COLS};
		ui->shown[p] = true;
		return;
	}
	int list_h = MAX(5, area_h * 45 / 100);
	int low_y = area_y + list_h, low_h = area_h - list_h;

	ui->rect[VS_PANE_LIST] = (struct vs_rect){area_y, 0, list_h, COLS};
	ui->shown[VS_PANE_LIST] = true;
	if (COLS >= 110) {
		int left_w = COLS * 55 / 100, right_x = left_w + 1, right_w = COLS - right_x;
		int detail_h = MAX(3, low_h * 60 / 100), state_h = MAX(3, low_h * 65 / 100);

		ui->rect[VS_PANE_DETAIL] = (struct vs_rect){low_y, 0, detail_h, left_w};
		ui->rect[VS_PANE_HEX] =
		    (struct vs_rect){low_y + detail_h, 0, low_h - detail_h, left_w};
		ui->rect[VS_PANE_STATE] = (struct vs_rect){low_y, right_x, state_h, right_w};
		ui->rect[VS_PANE_FINDINGS] =
		    (struct vs_rect){low_y + state_h, right_x, low_h - state_h, right_w};
		for (int p = VS_PANE_DETAIL; p < VS_PANE_COUNT; p++)
			ui->shown[p] = ui->rect[p].h >= 2;
	} else {
		/* Narrow: the lower half shows one pane, the last one focused there. */
		enum vs_pane p = ui->focus == VS_PANE_LIST ? ui->lower : ui->focus;

		ui->rect[p] = (struct vs_rect){low_y, 0, low_h, COLS};
		ui->shown[p] = true;
	}
}

static void draw(struct vs_tui *ui)
{
	erase();
	layout(ui);
	if (ui->help) {
		struct vs_rect r = {1, 0, LINES - 3, COLS};

		vs_pane_help_draw(ui, &r);
	} else {
		for (int p = 0; p < VS_PANE_COUNT; p++) {
			const struct vs_rect *r = &ui->rect[p];
			bool focused = ui->focus == (enum vs_pane)p;

			if (!ui->shown[p])
				continue;
			switch (p) {
			case VS_PANE_LIST:
				vs_pane_list_draw(ui, r, focused);
				break;
			case VS_PANE_DETAIL:
				vs_pane_detail_draw(ui, r, focused);
				break;
			case VS_PANE_HEX:
				vs_pane_hex_draw(ui, r, focused);
				break;
			case VS_PANE_STATE:
				vs_pane_state_draw(ui, r, focused);
				break;
			case VS_PANE_FINDINGS:
				vs_pane_findings_draw(ui, r, focused);
				break;
			}
		}
		/* The column between the left and right halves. */
		if (ui->shown[VS_PANE_STATE] && ui->shown[VS_PANE_DETAIL] &&
		    ui->rect[VS_PANE_STATE].x > ui->rect[VS_PANE_DETAIL].x) {
			const struct vs_rect *s = &ui->rect[VS_PANE_STATE];

			mvvline(s->y, s->x - 1, ACS_VLINE | vs_color_attr(VS_C_DIM),
			        LINES - 2 - s->y);
		}
	}
	curs_set(ui->editing ? 1 : 0);
	vs_statusbar_draw(ui); /* last: it leaves the cursor in the filter line */
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- the loop --------------------------------------------------------------- */

/* Examine new entries and keep the selection where the user expects it. */
static bool tick(struct vs_tui *ui)
{
	uint64_t total = vs_store_count(ui->store);
	uint64_t limit = ui->paused ? MIN(total, ui->pause_limit) : total;
	uint64_t before = vs_view_count(&ui->view);
	bool changed = vs_view_update(&ui->view, ui->store, limit, VIEW_BUDGET);

	if (ui->reselect >= 0) {
		/* After a new filter: back to the message that was selected, or the one before. */
		if (ui->view.scanned > (uint64_t)ui->reselect || ui->view.scanned == limit) {
			int64_t row = vs_view_row_of(&ui->view, (uint64_t)ui->reselect, false);

			vs_tui_select_row(ui, row < 0 ? 0 : row);
			ui->reselect = -1;
			changed = true;
		}
	}
	if (ui->follow && vs_view_count(&ui->view) > 0)
		ui->sel = vs_view_count(&ui->view) - 1;
	return changed || before != vs_view_count(&ui->view);
}

static void rate_update(struct vs_tui *ui, uint64_t now)
{
	uint64_t count = atomic_load(&ui->store->messages);

	if (!ui->rate_ts_ns) {
		ui->rate_ts_ns = now;
		ui->rate_count = count;
		return;
	}
	if (now - ui->rate_ts_ns >= 1000000000ull) {
		ui->rate = (double)(count - ui->rate_count) * 1e9 / (double)(now - ui->rate_ts_ns);
		ui->rate_ts_ns = now;
		ui->rate_count = count;
	}
}

static struct vs_tui *signal_ui;

static void on_signal(int sig)
{
	(void)sig;
	if (signal_ui)
		vs_tui_quit(signal_ui);
}

static void drain(int fd)
{
	char buf[256];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static void read_keys(struct vs_tui *ui)
{
	wint_t ch;
	int rc;

	while ((rc = get_wch(&ch)) != ERR) {
		ui->key_seen = true;
		if (rc == KEY_CODE_YES && ch == KEY_MOUSE)
			vs_tui_mouse(ui);
		else
			vs_tui_key(ui, (int)ch, rc == KEY_CODE_YES);
		if (ui->quit)
			return;
	}
}

static FILE *open_tty(const char *mode)
{
	return fopen("/dev/tty", mode);
}

int vs_tui_run(struct vs_tui *ui)
{
	FILE *in = stdin, *out = stdout;
	bool own_files = false;
	SCREEN *screen;
	struct sigaction sa = {0}, old_int, old_term, old_hup;
	uint64_t last_draw = 0, last_tick = 0;
	bool dirty = true;
	bool ended = false;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		/* Outputs may go to a pipe or a file; the UI still wants the terminal. */
		in = open_tty("r");
		out = open_tty("w");
		own_files = true;
		if (!in || !out) {
			g_printerr("vhostsniff: --ui needs a terminal: /dev/tty: %s\n",
			           g_strerror(errno));
			if (in)
				fclose(in);
			if (out)
				fclose(out);
			return 1;
		}
	}
	setlocale(LC_ALL, "");
	screen = newterm(NULL, out, in);
	if (!screen) {
		g_printerr("vhostsniff: --ui: cannot use terminal type '%s'\n",
		           g_getenv("TERM") ? g_getenv("TERM") : "(unset)");
		if (own_files) {
			fclose(in);
			fclose(out);
		}
		return 1;
	}
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
	          NULL);
	vs_colors_init(ui->monochrome);

	signal_ui = ui;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	while (!ui->quit) {
		uint64_t now = now_ns();
		struct pollfd pfd[2] = {
		    {.fd = fileno(in), .events = POLLIN},
		    {.fd = ui->feed->wake[0], .events = POLLIN},
		};
		int timeout = TICK_MS;
		bool input_ended = atomic_load(&ui->store->input_ended);

		dirty |= tick(ui);
		dirty |= input_ended != ended;
		ended = input_ended;
		rate_update(ui, now);
		if (now - last_tick >= (uint64_t)TICK_MS * 1000000ull) {
			dirty = true;
			last_tick = now;
		}
		if (dirty && now - last_draw >= REDRAW_NS) {
			draw(ui);
			last_draw = now;
			dirty = false;
		} else if (dirty) {
			timeout = (int)((REDRAW_NS - (now - last_draw)) / 1000000ull) + 1;
		}

		/* Sleep unless entries are waiting to be examined. */
		atomic_store(&ui->feed->wake_armed, true);
		if (ui->view.scanned < (ui->paused ? MIN(ui->pause_limit, vs_store_count(ui->store))
		                                   : vs_store_count(ui->store)))
			timeout = 0;
		if (poll(pfd, 2, timeout) > 0) {
			if (pfd[1].revents)
				drain(ui->feed->wake[0]);
		}
		if (ui->quit)
			break;
		/* Keys (and KEY_RESIZE, which ncurses queues on SIGWINCH) redraw at once. */
		read_keys(ui);
		if (ui->key_seen) {
			ui->key_seen = false;
			tick(ui);
			draw(ui);
			last_draw = now_ns();
			dirty = false;
		}
	}

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	signal_ui = NULL;
	endwin();
	delscreen(screen);
	if (own_files) {
		fclose(in);
		fclose(out);
	}
	return 0;
}

int vs_tui_main(const struct vs_tui_options *opts)
{
	struct vs_tui *ui = vs_tui_new(opts);
	int rc;

	if (opts->start) {
		g_autoptr(GError) error = NULL;

		struct vs_sink *sink = vs_tui_sink_new(ui);

		if (!opts->start(sink, opts->data, &error)) {
			sink->close(sink);
			g_printerr("vhostsniff: %s\n", error ? error->message : "cannot start");
			vs_tui_free(ui);
			return 1;
		}
	}
	rc = vs_tui_run(ui);
	if (opts->stop)
		opts->stop(opts->data);
	vs_tui_free(ui);
	return rc;
}
