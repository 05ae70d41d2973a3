/*
 * The help screen (? or F1): the keys, the filter language and what the
 * colours and columns mean. Any key closes it.
 */
#include "config.h"

#include "tui/tui-internal.h"

static const char *const help_keys[] = {
    "vhostsniff UI: keys (less/htop/mutt habits)",
    "",
    "  j, Down / k, Up        move in the focused pane",
    "  PgDn, Space / PgUp, b  page down / up",
    "  g, Home / G, End       first / last (G in the list also follows new messages)",
    "  Enter                  list: open the detail; detail, findings: go to the linked message",
    "  Tab / Shift-Tab        next / previous pane     1-5: list detail hex state findings",
    "  z                      zoom the focused pane (z or Esc: back)",
    "  /                      edit the display filter: Enter applies (empty clears), Esc cancels,",
    "                         Up/Down recall earlier filters    \\  clears the filter",
    "  n / N                  next / previous message with findings",
    "  f                      follow: keep the newest message selected (tail)",
    "  p                      pause the list (the capture and outputs go on); p again catches up",
    "  J                      join: a request's row also shows its reply's payload (=> ...);",
    "                         J again puts replies on rows of their own",
    "  d                      plane: all / data plane only (--packets ring entries) / control",
    "                         plane only; the filter applies within it",
    "  Ctrl-L                 redraw the screen",
    "  ? , F1                 this help (j/k, Space/b scroll it, any other key closes it)",
    "  q                      quit",
    "",
    NULL,
};

static const char *const help_screen[] = {
    "",
    "Panes: Messages (one row each: No. = frame number, Delta = time since the row above,",
    "  S = session, Dir F>B = front-end to back-end, ! = worst finding E/W/N, Reply = the other",
    "  half of a request/reply pair and the latency); Detail = the decoded field tree of the",
    "  selected message; Hex = its bytes, the field under the detail cursor highlighted;",
    "  Session state = features by name, protocol features, memory, vrings after that message;",
    "  Findings = messages with protocol violations or malformed bytes.",
    "Data-plane rows (--packets): Chan = the queue (rx0, tx0, vq1), Dir F>B = a request made",
    "  available, B>F = its completion (used), Reply = the other half and the latency from",
    "  available to used; the store keeps 2 KiB of each part of an entry and at most 1M",
    "  entries or 256 MiB of them, the rest is counted as \"not kept\" (the capture has all).",
    "Colours: front-end messages cyan, back-end green, errors red, warnings yellow. Without",
    "  colour (NO_COLOR set, or a monochrome terminal) the ! column and bold/underline say it.",
    NULL,
};

void vs_pane_help_draw(struct vs_tui *ui, const struct vs_rect *r)
{
	struct vs_lines *l = &ui->help_lines;
	struct vs_rect body;

	vs_lines_clear(l);
	for (size_t i = 0; help_keys[i]; i++)
		vs_lines_add(l, i == 0 ? VS_C_LABEL : VS_C_NORMAL, "%s", help_keys[i]);
	for (size_t i = 0; vs_filter_help[i]; i++)
		vs_lines_add(l, i == 0 ? VS_C_LABEL : VS_C_NORMAL, "%s", vs_filter_help[i]);
	for (size_t i = 0; help_screen[i]; i++)
		vs_lines_add(l, VS_C_NORMAL, "%s", help_screen[i]);

	for (int row = 0; row < r->h; row++)
		vs_draw_fill(r, row, VS_C_NORMAL);
	body = vs_draw_pane_title(r, "Help  (j/k scroll, q or any other key closes)", true);
	vs_lines_draw(l, &body, false);
}
