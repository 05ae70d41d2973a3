/*
 * Internals of the curses UI shared by its files: the UI object, the feed
 * shared with the sink, the filtered view, the panes and the drawing helpers.
 */
#ifndef VS_TUI_INTERNAL_H
#define VS_TUI_INTERNAL_H

#include <curses.h>
#include <signal.h>
#include <stdatomic.h>

#include "tui/tui-filter.h"
#include "tui/tui-store.h"
#include "tui/tui.h"

/* ---- the feed: what the sink and the UI share ---------------------------- */

struct vs_tui_feed {
	struct vs_store *store;
	int wake[2];             /* pipe: the sink wakes the UI's poll */
	_Atomic bool wake_armed; /* the UI sleeps and wants a byte */
	_Atomic int refs;        /* the UI and each open sink */
};

void vs_tui_feed_unref(struct vs_tui_feed *feed);
/* Wake the UI thread if it sleeps; async-signal-safe. */
void vs_tui_feed_wake(struct vs_tui_feed *feed);

/* ---- the view: the store's entries that pass the filter ----------------- */

/* Which plane the list shows (d cycles): one timeline of everything, as a
 * capture reads in Wireshark, or the data-plane entries (--packets) alone,
 * or the control plane alone (messages and events, no data-plane entry). */
enum vs_plane { VS_PLANE_ALL, VS_PLANE_DATA, VS_PLANE_CONTROL, VS_PLANE_COUNT };

struct vs_view {
	struct vs_filter *filter; /* NULL: every entry, rows[] unused */
	uint32_t *rows;           /* entry indices, increasing */
	uint64_t n, cap;
	uint64_t scanned;    /* entries examined so far */
	bool join;           /* matched replies are shown on their request's row */
	enum vs_plane plane; /* the entries of one plane only */
};

void vs_view_init(struct vs_view *v);
void vs_view_clear(struct vs_view *v);
/* Replace the filter (v takes it) and start over. */
void vs_view_set_filter(struct vs_view *v, struct vs_filter *f);
/* Show matched replies on their request's row (or not), and start over. */
void vs_view_set_join(struct vs_view *v, bool join);
/* Show one plane (or all), and start over. */
void vs_view_set_plane(struct vs_view *v, enum vs_plane plane);
/* "Messages", "Data plane", "Control plane": the list's title. */
const char *vs_plane_title(enum vs_plane plane);
/* Examine up to budget new entries (below limit); returns true if rows were added. */
bool vs_view_update(struct vs_view *v, struct vs_store *st, uint64_t limit, uint64_t budget);
uint64_t vs_view_count(const struct vs_view *v);
uint64_t vs_view_entry(const struct vs_view *v, uint64_t row);
/* The row showing entry index, or the nearest row before it (-1 if none) when exact is false. */
int64_t vs_view_row_of(const struct vs_view *v, uint64_t index, bool exact);

/* ---- session state replay (the state pane) ------------------------------ */

struct vs_replay;

struct vs_replay *vs_replay_new(void);
void vs_replay_free(struct vs_replay *r);
/* The state of entry index's session right after that entry. */
bool vs_replay_state_after(struct vs_replay *r, struct vs_store *st, uint64_t index,
                           struct vu_session *out);

/* ---- drawing -------------------------------------------------------------- */

enum vs_color {
	VS_C_NORMAL,
	VS_C_FRONT, /* sent by the front-end */
	VS_C_BACK,  /* sent by the back-end */
	VS_C_EVENT, /* session start/end */
	VS_C_ERROR,
	VS_C_WARN,
	VS_C_NOTE,
	VS_C_BAR,    /* title, status and key lines */
	VS_C_PANE,   /* a pane's title line */
	VS_C_FOCUS,  /* the focused pane's title line */
	VS_C_CURSOR, /* the selected row */
	VS_C_HILITE, /* bytes of the selected field */
	VS_C_LABEL,  /* section headings inside panes */
	VS_C_DIM,
	VS_C_COUNT
};

void vs_colors_init(bool monochrome);
attr_t vs_color_attr(enum vs_color c);

struct vs_rect {
	int y, x, h, w;
};

/* Text at (row, col) of r, clipped to r; returns the column after it. */
int vs_draw_text(const struct vs_rect *r, int row, int col, enum vs_color c, const char *text);
int vs_draw_textf(const struct vs_rect *r, int row, int col, enum vs_color c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Fill a row of r with spaces in colour c. */
void vs_draw_fill(const struct vs_rect *r, int row, enum vs_color c);
/* A pane's title line (row 0 of r) and the rectangle below it. */
struct vs_rect vs_draw_pane_title(const struct vs_rect *r, const char *title, bool focused);

/* ---- formatting ----------------------------------------------------------- */

/* "16:20:01.123456" (local time) */
void vs_format_time(uint64_t ts_ns, char *buf, size_t cap);
/* "45us", "1.25ms", "2.5s" */
void vs_format_duration(uint64_t ns, char *buf, size_t cap);
/* "256 MiB", "4 KiB", "69 B" */
void vs_format_size(uint64_t bytes, char *buf, size_t cap);
/* Request name without the VHOST_USER_ prefix, "SESSION_START", or "UNKNOWN(77)". */
const char *vs_entry_name(const struct vs_entry *e, char *buf, size_t cap);
/* A ring entry's line, as vhostsniff's text: "ring 0 (interval): avail 2 used 0,
 * 2 in flight, stalled 0.3s"; newly allocated. */
char *vs_format_ring(struct vs_store *st, const struct vs_entry *e);
/* An inflight or dirty-log entry's line, as vhostsniff's text: "inflight 0
 * (SET_VRING_KICK): version 1, 8 descs, last batch head 3, used 1 (ring 2:
 * batch done); resubmits 2: 4 6", "log (interval): 3 of 512 pages dirty";
 * newly allocated. */
char *vs_format_area(struct vs_store *st, const struct vs_entry *e);
/* A data-plane entry (--packets) as vhostsniff -v prints it (verbose 0: one line). */
char *vs_format_data(struct vs_store *st, const struct vs_entry *e, int verbose);

/* ---- line panes: detail, state, findings, help ----------------------------- */

struct vs_line {
	char *text;
	enum vs_color color;
	int field;    /* detail: index into the decoded fields, -1 = none */
	int64_t jump; /* entry index Enter jumps to, -1 = none */
};

struct vs_lines {
	GArray *lines; /* struct vs_line */
	size_t cursor, top;
};

void vs_lines_init(struct vs_lines *l);
void vs_lines_clear(struct vs_lines *l); /* drop the lines, keep the position */
void vs_lines_free(struct vs_lines *l);
struct vs_line *vs_lines_add(struct vs_lines *l, enum vs_color c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Add text wrapped at width, continuation lines indented by indent spaces. */
void vs_lines_add_wrapped(struct vs_lines *l, enum vs_color c, const char *text, int width,
                          int indent);
size_t vs_lines_count(const struct vs_lines *l);
struct vs_line *vs_lines_at(const struct vs_lines *l, size_t i);
void vs_lines_draw(struct vs_lines *l, const struct vs_rect *r, bool focused);
/* Move the cursor by delta (clamped); the view follows it. */
void vs_lines_move(struct vs_lines *l, int64_t delta);

/* ---- the UI ---------------------------------------------------------------- */

enum vs_pane {
	VS_PANE_LIST,
	VS_PANE_DETAIL,
	VS_PANE_HEX,
	VS_PANE_STATE,
	VS_PANE_FINDINGS,
	VS_PANE_COUNT
};

struct vs_tui {
	char *title;
	bool live;
	bool monochrome;
	struct vs_tui_feed *feed;
	struct vs_store *store; /* == feed->store */
	volatile sig_atomic_t quit;

	/* the message list */
	struct vs_view view;
	uint64_t sel;         /* selected row of the view */
	uint64_t top;         /* first row shown */
	bool follow;          /* keep the newest row selected */
	bool paused;          /* the list does not grow */
	uint64_t pause_limit; /* entries the view may examine while paused */
	int64_t reselect;     /* after a new filter: the entry to select again, -1 = none */

	/* panes */
	enum vs_pane focus;
	enum vs_pane lower; /* narrow terminals: the pane the lower half shows */
	bool zoom;
	bool help;
	bool key_seen; /* a key was handled this turn: redraw now */
	struct vs_rect rect[VS_PANE_COUNT];
	bool shown[VS_PANE_COUNT];
	int list_rows; /* rows of the list pane's body at the last draw */

	/* the selected message, decoded */
	int64_t detail_index; /* entry the detail lines were built for, -1 = none */
	struct vu_decoded *decoded;
	struct vu_decoded *decoded_row; /* scratch for the list's rows */
	struct vs_lines detail;
	int hex_top;
	/* state after the selected message */
	struct vs_replay *replay;
	struct vu_session *state;
	int64_t state_index;
	struct vs_lines state_lines;
	/* findings (of the messages in the view) */
	struct vs_lines findings;
	uint64_t findings_seen;   /* store finding entries turned into lines */
	uint64_t findings_view_n; /* view rows when the lines were built */
	struct vs_lines help_lines;

	/* the bottom line: filter editing or a message */
	bool editing;
	GString *edit;
	size_t edit_cursor;
	char *message;      /* one-shot message (filter error, "no more findings") */
	GPtrArray *history; /* filters applied, newest last */
	guint history_pos;

	/* the status bar's rate */
	uint64_t rate_count, rate_ts_ns;
	double rate;
};

/* Panes (tui-pane-*.c). */
void vs_pane_list_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused);
void vs_pane_detail_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused);
void vs_pane_hex_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused);
void vs_pane_state_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused);
void vs_pane_findings_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused);
void vs_pane_help_draw(struct vs_tui *ui, const struct vs_rect *r);
void vs_statusbar_draw(struct vs_tui *ui);

/* The selected entry, or -1 when the view is empty. */
int64_t vs_tui_selected(struct vs_tui *ui);
/* Select the row showing entry index (a message hidden by the filter clears nothing: false). */
bool vs_tui_select_entry(struct vs_tui *ui, uint64_t index);
void vs_tui_select_row(struct vs_tui *ui, int64_t row);
/* Rebuild the detail lines if the selection changed. */
void vs_tui_detail_update(struct vs_tui *ui);
void vs_tui_set_message(struct vs_tui *ui, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Apply a filter text; false (and a message) when it does not parse. */
bool vs_tui_apply_filter(struct vs_tui *ui, const char *text);
/* Show each matched reply on its request's row (J), keeping the selection. */
void vs_tui_set_join(struct vs_tui *ui, bool join);
/* Show one plane in the list (d), keeping the selection where it can. */
void vs_tui_set_plane(struct vs_tui *ui, enum vs_plane plane);
/* Jump to the next (dir 1) or previous (dir -1) message with findings in the view. */
void vs_tui_next_finding(struct vs_tui *ui, int dir);

void vs_tui_findings_reset(struct vs_tui *ui);

/* Keys (tui-keys.c): handle one key; the loop redraws afterwards. */
void vs_tui_key(struct vs_tui *ui, int key, bool is_function_key);
void vs_tui_mouse(struct vs_tui *ui);

#endif
