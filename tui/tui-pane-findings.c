/*
 * The findings pane: every message of the view that has findings (protocol
 * violations, malformed messages), newest last, one line each with its
 * first finding. Enter selects that message in the list; n/N step through
 * the same messages from the list.
 */
#include "config.h"

#include <stdio.h>

#include "tui/tui-internal.h"

/* Turn the store's new finding entries (those the view has examined) into lines. */
static void findings_update(struct vs_tui *ui)
{
	uint64_t n = vs_store_finding_entries(ui->store);

	for (; ui->findings_seen < n; ui->findings_seen++) {
		uint32_t index = vs_store_finding_entry(ui->store, ui->findings_seen);
		const struct vs_entry *e;
		struct vs_stored_finding f[VU_MAX_FINDINGS + 1];
		unsigned nf;
		char name_buf[32], more[24] = "";
		struct vs_line *l;
		enum vs_color c;

		if (index >= ui->view.scanned)
			break; /* the view has not got there yet */
		if (ui->view.filter && !vs_filter_match(ui->view.filter, ui->store, index))
			continue;
		e = vs_store_entry(ui->store, index);
		nf = vs_store_findings(ui->store, e, f, G_N_ELEMENTS(f));
		if (!nf)
			continue;
		c = vs_entry_severity(e) >= VU_SEV_ERROR  ? VS_C_ERROR
		    : vs_entry_severity(e) == VU_SEV_WARN ? VS_C_WARN
		                                          : VS_C_NOTE;
		if (nf > 1)
			snprintf(more, sizeof(more), " (+%u more)", nf - 1);
		l = vs_lines_add(&ui->findings, c, "#%-7llu %s %-22s %s%s",
		                 (unsigned long long)e->frame,
		                 c == VS_C_ERROR  ? "E"
		                 : c == VS_C_WARN ? "W"
		                                  : "N",
		                 vs_entry_name(e, name_buf, sizeof(name_buf)), f[0].text, more);
		l->jump = index;
	}
}

void vs_tui_findings_reset(struct vs_tui *ui)
{
	vs_lines_clear(&ui->findings);
	ui->findings.cursor = ui->findings.top = 0;
	ui->findings_seen = 0;
}

void vs_pane_findings_draw(struct vs_tui *ui, const struct vs_rect *r, bool focused)
{
	g_autofree char *title = NULL;
	struct vs_rect body;

	findings_update(ui);
	title = g_strdup_printf("Findings  %zu message%s", vs_lines_count(&ui->findings),
	                        vs_lines_count(&ui->findings) == 1 ? "" : "s");
	body = vs_draw_pane_title(r, title, focused);
	if (!vs_lines_count(&ui->findings)) {
		vs_draw_text(
		    &body, 0, 2, VS_C_DIM,
		    ui->view.filter
		        ? "(no findings among the messages shown)"
		        : "(no findings: every message so far is well-formed and in order)");
		return;
	}
	vs_lines_draw(&ui->findings, &body, focused);
}
