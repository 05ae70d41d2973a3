/*
 * The hex pane: the selected message's bytes exactly as they crossed the
 * socket, 16 (or 8 on a narrow pane) to a row, with the bytes of the field
 * under the detail cursor highlighted, in the hex and the ASCII column.
 */
#include "config.h"

#include <stdio.h>

#include "tui/tui-internal.h"

/* The byte range of the field under the detail cursor, false when none. */
static bool selected_range(struct vs_tui *ui, size_t *off, size_t *len)
{
	struct vs_line *l;

	if (ui->detail_index < 0 || vs_lines_count(&ui->detail) == 0)
		return false;
	l = vs_lines_at(&ui->detail, ui->detail.cursor);
	if (l->field < 0 || (size_t)l->field >= ui->decoded->nfields)
		return false;
	*off = ui->decoded->fields[l->field].offset;
	*len = ui->decoded->fields[l->field].length;
	return *len > 0;
}

void vs_pane_hex_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused)
{
	const struct vs_entry *e;
	const uint8_t *bytes;
	size_t off = 0, len = 0, n;
	bool hl;
	int per_row, rows, nrows;
	g_autofree char *title = NULL;
	struct vs_rect body;

	vs_tui_detail_update(ui);
	if (ui->detail_index < 0) {
		body = vs_draw_pane_title(r, "Hex", focused);
		return;
	}
	e = vs_store_entry(ui->store, (uint64_t)ui->detail_index);
	bytes = vs_store_bytes(ui->store, e);
	n = e->stored;
	hl = selected_range(ui, &off, &len);
	title = hl ? g_strdup_printf("Hex  %u bytes  field at %zu, %zu bytes", e->len, off, len)
	           : g_strdup_printf("Hex  %u bytes", e->len);
	body = vs_draw_pane_title(r, title, focused);
	per_row = body.w >= 6 + 16 * 3 + 2 + 16 ? 16 : 8;
	rows = body.h;
	nrows = (int)((n + (size_t)per_row - 1) / (size_t)per_row);
	if (rows <= 0)
		return;

	/* Keep the highlighted field on screen unless the user scrolled this pane. */
	if (hl && !focused) {
		int first = (int)(off / (size_t)per_row);
		int last = (int)((off + len - 1) / (size_t)per_row);

		if (first < ui->hex_top || last >= ui->hex_top + rows)
			ui->hex_top = first;
	}
	if (ui->hex_top > nrows - rows)
		ui->hex_top = nrows - rows;
	if (ui->hex_top < 0)
		ui->hex_top = 0;

	for (int row = 0; row < rows; row++) {
		size_t base = (size_t)(ui->hex_top + row) * (size_t)per_row;
		int col;

		if (base >= n)
			break;
		col = vs_draw_textf(&body, row, 0, VS_C_DIM, "%04zx  ", base);
		for (int i = 0; i < per_row; i++) {
			size_t at = base + (size_t)i;
			bool in = hl && at >= off && at < off + len;
			enum vs_color c = in                 ? VS_C_HILITE
			                  : at < VU_HDR_SIZE ? VS_C_LABEL
			                                     : VS_C_NORMAL;

			if (at < n)
				vs_draw_textf(&body, row, col, c, "%02x", bytes[at]);
			col += 3;
			if (i == 7)
				col++;
		}
		col++;
		for (int i = 0; i < per_row && base + (size_t)i < n; i++) {
			size_t at = base + (size_t)i;
			bool in = hl && at >= off && at < off + len;
			char ch[2] = {bytes[at] >= 0x20 && bytes[at] < 0x7f ? (char)bytes[at] : '.',
			              0};

			col = vs_draw_text(&body, row, col, in ? VS_C_HILITE : VS_C_DIM, ch);
		}
	}
	if (n < e->len)
		vs_draw_textf(&body, MIN(rows - 1, nrows), 0, VS_C_WARN, "(%u more bytes not kept)",
		              (unsigned)(e->len - n));
}
