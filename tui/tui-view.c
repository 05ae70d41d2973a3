/*
 * The view: which of the store's entries the list shows. Without a filter it
 * is every entry (no memory); with one it is an increasing array of entry
 * indices, grown as new entries are examined, a bounded number per call so
 * that filtering a million messages never freezes the keyboard. Joined, a
 * reply that was matched to its request is left out: its request's row
 * carries it. A plane (d) keeps the data-plane entries only, or leaves them
 * out: the same filter then applies within it.
 */
#include "config.h"

#include "tui/tui-internal.h"

void vs_view_init(struct vs_view *v)
{
	memset(v, 0, sizeof(*v));
}

void vs_view_clear(struct vs_view *v)
{
	vs_filter_free(v->filter);
	g_free(v->rows);
	memset(v, 0, sizeof(*v));
}

/* With rows (a filter, joined replies, a plane), or every entry. */
static bool uses_rows(const struct vs_view *v)
{
	return v->filter || v->join || v->plane != VS_PLANE_ALL;
}

static void restart(struct vs_view *v)
{
	g_free(v->rows);
	v->rows = NULL;
	v->n = v->cap = v->scanned = 0;
}

void vs_view_set_join(struct vs_view *v, bool join)
{
	restart(v);
	v->join = join;
}

void vs_view_set_plane(struct vs_view *v, enum vs_plane plane)
{
	restart(v);
	v->plane = plane;
}

const char *vs_plane_title(enum vs_plane plane)
{
	switch (plane) {
	case VS_PLANE_DATA:
		return "Data plane";
	case VS_PLANE_CONTROL:
		return "Control plane";
	default:
		return "Messages";
	}
}

void vs_view_set_filter(struct vs_view *v, struct vs_filter *f)
{
	bool join = v->join;
	enum vs_plane plane = v->plane;

	vs_view_clear(v);
	v->join = join;
	v->plane = plane;
	/* The filter that takes everything needs no rows. */
	if (f && !vs_filter_takes_all(f))
		v->filter = f;
	else
		vs_filter_free(f);
}

bool vs_view_update(struct vs_view *v, struct vs_store *st, uint64_t limit, uint64_t budget)
{
	uint64_t end = MIN(limit, v->scanned + budget);
	bool added = false;

	if (!uses_rows(v)) {
		added = end > v->scanned;
		v->scanned = MAX(v->scanned, end);
		return added;
	}
	for (; v->scanned < end; v->scanned++) {
		if (v->plane != VS_PLANE_ALL) {
			bool data = vs_store_entry(st, v->scanned)->kind == VU_RECORD_DATA;

			if (data != (v->plane == VS_PLANE_DATA))
				continue;
		}
		if (v->filter && !vs_filter_match(v->filter, st, v->scanned))
			continue;
		if (v->join) {
			const struct vs_entry *e = vs_store_entry(st, v->scanned);

			if ((e->flags & VS_ENTRY_REPLY) && vs_entry_peer(e))
				continue;
		}
		if (v->n == v->cap) {
			v->cap = MAX(v->cap * 2, 4096);
			v->rows = g_renew(uint32_t, v->rows, v->cap);
		}
		v->rows[v->n++] = (uint32_t)v->scanned;
		added = true;
	}
	return added;
}

uint64_t vs_view_count(const struct vs_view *v)
{
	return uses_rows(v) ? v->n : v->scanned;
}

uint64_t vs_view_entry(const struct vs_view *v, uint64_t row)
{
	return uses_rows(v) ? v->rows[row] : row;
}

int64_t vs_view_row_of(const struct vs_view *v, uint64_t index, bool exact)
{
	uint64_t lo = 0, hi = vs_view_count(v);

	if (!uses_rows(v)) {
		if (index < v->scanned)
			return (int64_t)index;
		return exact || v->scanned == 0 ? -1 : (int64_t)v->scanned - 1;
	}
	/* The last row whose entry <= index. */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (v->rows[mid] <= index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	if (exact && v->rows[lo - 1] != index)
		return -1;
	return (int64_t)lo - 1;
}
