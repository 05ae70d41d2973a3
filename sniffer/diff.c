/*
 * --diff A B: each capture is read through the pipeline, as -r reads it
 * (same decoder, same session machine, same device and dialect evidence),
 * into a sink that keeps, per session, one line per message and event and
 * the session's last state. The two are then compared: the negotiated bits
 * by name, the lines as a unified diff, the vrings, the memory layout, the
 * findings by key.
 *
 * A line is what the text output says of a message without what differs
 * between two runs of the same scenario: no time, no frame, no latency, no
 * port, no pid or path, no fd identity (the count of fds stays), no address
 * (a vring's ring addresses, a region's guest and user addresses and mmap
 * offset, an IOTLB entry's iova and uaddr; sizes stay), and the base of a
 * GET_VRING_BASE reply, which counts the requests the guest's driver made
 * and so follows the guest's I/O, not the protocol (such bases are listed
 * when they differ, as not compared). Nor the close of a back-end channel
 * right before the session's end: which of two sockets closed in one
 * teardown is seen first is a race. Findings are named by key, not by
 * their sentence (which holds values).
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "sniffer/diff.h"
#include "vscore/capture.h"
#include "vscore/log.h"
#include "vscore/pipeline.h"

/* Lines of context around a change, as diff -u. */
#define DIFF_CONTEXT 3
/* The changed middle of two sequences is aligned line by line (LCS) up to
 * this many cells; beyond it, it is shown as removed then added whole. */
#define DIFF_LCS_CELLS (16u << 20)

struct diff_line {
	char *text;
	guint64 frame;
	guint message; /* its number among the session's messages, 1-based; 0 for an event */
	/* For the first difference: a features or protocol features payload. */
	enum vu_payload_kind kind;
	guint64 number;
	/* A GET_VRING_BASE reply: its base, left out of the text, listed when
	 * it differs beside an otherwise equal line. */
	gboolean has_uncompared;
	guint64 uncompared;
	gboolean channel_end; /* a channel other than the main one closed */
	/* A message: who sent it and what it is (--replay names the live
	 * peer's messages that differ) */
	enum vu_direction from;
	gboolean reply;
	char name[64];
};

struct diff_session {
	guint32 number;
	GArray *lines; /* struct diff_line */
	guint messages;
	gboolean has_state;
	struct vu_session state;
	/* Per vring: its base was last given by a GET_VRING_BASE reply. */
	gboolean base_from_reply[VU_MAX_VRINGS];
	GHashTable *findings; /* key -> guint count */
};

/* One side of a comparison: a capture's sessions, or those of a live run
 * (--replay), filled by the same sink. */
struct vs_diff_side {
	char *path;
	guint32 wanted;      /* the session of FILE#N, 0 = all */
	GPtrArray *sessions; /* struct diff_session *, in order of appearance */
};

static void line_clear(gpointer p)
{
	g_free(((struct diff_line *)p)->text);
}

static struct diff_session *session_new(guint32 number)
{
	struct diff_session *s = g_new0(struct diff_session, 1);

	s->number = number;
	s->lines = g_array_new(FALSE, TRUE, sizeof(struct diff_line));
	g_array_set_clear_func(s->lines, line_clear);
	s->findings = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
	return s;
}

static void session_free(gpointer p)
{
	struct diff_session *s = p;

	g_array_free(s->lines, TRUE);
	g_hash_table_destroy(s->findings);
	g_free(s);
}

static struct diff_session *capture_session(struct vs_diff_side *c, guint32 number)
{
	for (guint i = c->sessions->len; i > 0; i--) {
		struct diff_session *s = g_ptr_array_index(c->sessions, i - 1);

		if (s->number == number)
			return s;
	}
	g_ptr_array_add(c->sessions, session_new(number));
	return g_ptr_array_index(c->sessions, c->sessions->len - 1);
}

/* ---- lines -------------------------------------------------------------- */

/* The payload without its addresses, for the kinds that carry some. */
static gboolean put_summary_without_addresses(struct vu_str *s, const struct vu_decoded *d)
{
	const struct vu_values *v = &d->values;

	switch (d->payload_kind) {
	case VU_PAYLOAD_VRING_ADDR:
		vu_str_printf(s, "index=%" PRIu64 " addr_flags=0x%" PRIx64, v->vring_index,
		              v->vring_addr.flags);
		return TRUE;
	case VU_PAYLOAD_MEM_TABLE:
	case VU_PAYLOAD_MEM_REGION:
		vu_str_printf(s, "regions=%zu sizes=", v->nregions);
		for (size_t i = 0; i < v->nregions; i++)
			vu_str_printf(s, "%s0x%" PRIx64, i > 0 ? "," : "", v->regions[i].size);
		return TRUE;
	case VU_PAYLOAD_IOTLB:
		vu_str_printf(s, "type=%" PRIu64 " size=0x%" PRIx64 " perm=%" PRIu64, v->iotlb.type,
		              v->iotlb.size, v->iotlb.perm);
		return TRUE;
	default:
		break;
	}
	/* GET_VRING_BASE's reply: where the guest's driver had got to. */
	if (d->reply && d->info != NULL && d->info->reply_field == VU_FIELD_VRING_BASE &&
	    (v->has & VU_HAS_VRING_INDEX)) {
		vu_str_printf(s, "index=%" PRIu64 " base=(not compared)", v->vring_index);
		return TRUE;
	}
	return FALSE;
}

static void put_finding_keys(struct vu_str *s, const struct vu_decoded *d, struct diff_session *ds)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);

	for (size_t i = 0; i < d->nfindings; i++) {
		const char *key;

		if (d->findings[i].code >= count)
			continue;
		key = defs[d->findings[i].code].key;

		vu_str_printf(s, " !! %s", key);
		g_hash_table_insert(
		    ds->findings, (gpointer)key,
		    GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(ds->findings, key)) + 1));
	}
}

static void put_message(struct vu_str *s, const struct vs_record *r, const struct vu_decoded *d,
                        enum vu_device_type device)
{
	char name[64];
	size_t mark;

	vu_str_printf(s, "%s %s>%s %s", vu_channel_name((enum vu_channel)r->channel),
	              vu_direction_name((enum vu_direction)r->from),
	              vu_direction_name(r->from == VU_FROM_FRONT ? VU_FROM_BACK : VU_FROM_FRONT),
	              vu_decoded_name(d, name, sizeof(name)));
	if (!d->has_header) {
		vu_str_printf(s, " [no header: %u bytes]", (unsigned)r->len);
		return;
	}
	vu_str_printf(s, " [0x%" PRIx32 "%s%s] size %" PRIu32 " fds %u", d->flags,
	              d->reply ? " reply" : "", d->need_reply ? " need_reply" : "", d->size,
	              (unsigned)r->fds_total);
	mark = s->len;
	vu_str_append(s, ": ");
	if (!put_summary_without_addresses(s, d))
		vu_render_summary(d, r->bytes, r->len, device, s);
	if (s->len == mark + 2) {
		s->len = mark;
		s->data[mark] = '\0';
	}
	if (r->flags & VU_PSEUDO_F_TRUNCATED)
		vu_str_append(s, " [truncated by the relay]");
}

static void note_vring_base(struct diff_session *ds, const struct vu_decoded *d)
{
	const struct vu_values *v = &d->values;

	if (d->info == NULL || !(v->has & VU_HAS_VRING_INDEX) || v->vring_index >= VU_MAX_VRINGS)
		return;
	if (d->reply && d->info->reply_field == VU_FIELD_VRING_BASE)
		ds->base_from_reply[v->vring_index] = TRUE;
	else if (!d->reply && d->info->request_field == VU_FIELD_VRING_BASE)
		ds->base_from_reply[v->vring_index] = FALSE;
}

static void collect_write(struct vs_sink *sink, const struct vs_record *r,
                          const struct vu_decoded *d, const struct vu_session *state)
{
	struct vs_diff_side *c = sink->data;
	struct diff_session *ds;
	struct diff_line line = {.frame = r->frame};
	struct vu_str s;

	if (c->wanted != 0 && r->session != c->wanted)
		return;
	if (r->kind == VU_RECORD_SESSION_START || r->kind == VU_RECORD_RING)
		return;
	ds = capture_session(c, r->session);
	vu_str_init(&s);
	switch (r->kind) {
	case VU_RECORD_MESSAGE:
		if (d == NULL)
			break;
		line.message = ++ds->messages;
		line.kind = d->payload_kind;
		line.number = d->values.number;
		line.from = (enum vu_direction)r->from;
		line.reply = d->reply;
		{
			char name[sizeof(line.name)];

			g_strlcpy(line.name, vu_decoded_name(d, name, sizeof(name)),
			          sizeof(line.name));
		}
		put_message(&s, r, d, state != NULL ? state->device : VU_DEVICE_UNKNOWN);
		note_vring_base(ds, d);
		if (d->reply && d->info != NULL && d->info->reply_field == VU_FIELD_VRING_BASE) {
			line.has_uncompared = TRUE;
			line.uncompared = d->values.vring_num;
		}
		break;
	case VU_RECORD_SESSION_END:
		/* A channel that closed with nothing after it but the session's
		 * end closed in the teardown: whether its close is seen before
		 * the main socket's is a race between two sockets (QEMU closes
		 * both), not the protocol. Its findings still count. */
		while (ds->lines->len > 0 &&
		       g_array_index(ds->lines, struct diff_line, ds->lines->len - 1).channel_end)
			g_array_set_size(ds->lines, ds->lines->len - 1);
		vu_str_printf(&s, "session end: %s", r->facts.reason ? r->facts.reason : "ended");
		break;
	case VU_RECORD_CHANNEL_END:
		line.channel_end = TRUE;
		vu_str_printf(&s, "%s channel closed by the %s-end",
		              vu_channel_name((enum vu_channel)r->channel),
		              vu_direction_name((enum vu_direction)r->from));
		break;
	default:
		vu_str_append(&s, "as time passed:");
		break;
	}
	if (d != NULL)
		put_finding_keys(&s, d, ds);
	if (s.data != NULL) {
		line.text = g_strndup(s.data, s.len);
		g_array_append_val(ds->lines, line);
	}
	vu_str_free(&s);
	if (state != NULL) {
		ds->state = *state;
		ds->has_state = TRUE;
	}
}

static void collect_close(struct vs_sink *sink)
{
	g_free(sink);
}

static void on_record(struct vs_record *r, gpointer data)
{
	vs_pipeline_submit(data, r);
}

struct vs_diff_side *vs_diff_side_new(const char *path, guint32 wanted)
{
	struct vs_diff_side *c = g_new0(struct vs_diff_side, 1);

	c->path = g_strdup(path);
	c->wanted = wanted;
	c->sessions = g_ptr_array_new_with_free_func(session_free);
	return c;
}

void vs_diff_side_free(struct vs_diff_side *c)
{
	if (c == NULL)
		return;
	g_free(c->path);
	g_ptr_array_free(c->sessions, TRUE);
	g_free(c);
}

guint vs_diff_side_sessions(const struct vs_diff_side *c)
{
	return c->sessions->len;
}

struct vs_sink *vs_diff_side_sink_new(struct vs_diff_side *c)
{
	struct vs_sink *sink = g_new0(struct vs_sink, 1);

	sink->name = "diff";
	sink->write = collect_write;
	sink->close = collect_close;
	sink->data = c;
	return sink;
}

/* "FILE" or "FILE#N": a file that exists by the whole name is that file. */
static struct vs_diff_side *parse_operand(const char *arg, GError **error)
{
	const char *hash = strrchr(arg, '#');
	g_autofree char *path = NULL;
	guint64 n;

	if (hash == NULL || access(arg, F_OK) == 0)
		return vs_diff_side_new(arg, 0);
	if (!g_ascii_string_to_unsigned(hash + 1, 10, 1, G_MAXUINT32, &n, NULL)) {
		g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_OPEN,
		            "%s: after '#' comes a session number as vhostsniff prints it "
		            "(s1 is #1)",
		            arg);
		return NULL;
	}
	path = g_strndup(arg, (gsize)(hash - arg));
	return vs_diff_side_new(path, (guint32)n);
}

gboolean vs_diff_side_load(struct vs_diff_side *c, const struct vs_diff_options *o, GError **error)
{
	struct vs_pipeline *p;
	GError *read_error = NULL;
	gboolean ok;

	p = vs_pipeline_new(1, o->device);
	vs_pipeline_set_reply_timeout(p, o->reply_timeout_ns);
	if (o->dialect_given)
		vs_pipeline_set_dialect(p, o->dialect);
	vs_pipeline_add_sink(p, vs_diff_side_sink_new(c));
	ok = vs_capture_read(c->path, on_record, p, &read_error);
	vs_pipeline_finish(p);
	vs_pipeline_free(p);
	if (!ok && g_error_matches(read_error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_TRUNCATED)) {
		/* a capture cut by SIGKILL: its complete records are compared */
		vs_warn("%s", read_error->message);
		g_clear_error(&read_error);
		ok = TRUE;
	}
	if (!ok) {
		g_propagate_error(error, read_error);
		return FALSE;
	}
	if (c->wanted != 0 && c->sessions->len == 0) {
		g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_FORMAT,
		            "%s has no session %" PRIu32 " (#N is a session number as "
		            "vhostsniff -r prints it: s1 is #1)",
		            c->path, c->wanted);
		return FALSE;
	}
	return TRUE;
}

static struct vs_diff_side *capture_load(const struct vs_diff_options *o, const char *arg,
                                         GError **error)
{
	struct vs_diff_side *c = parse_operand(arg, error);

	if (c != NULL && !vs_diff_side_load(c, o, error)) {
		vs_diff_side_free(c);
		return NULL;
	}
	return c;
}

/* ---- aligning the lines -------------------------------------------------- */

enum edit_op { EDIT_SAME, EDIT_DEL, EDIT_ADD };

struct edit {
	enum edit_op op;
	guint a, b; /* line indexes: a for SAME/DEL, b for SAME/ADD */
};

static gboolean same_line(const GArray *la, guint i, const GArray *lb, guint j)
{
	return strcmp(g_array_index(la, struct diff_line, i).text,
	              g_array_index(lb, struct diff_line, j).text) == 0;
}

static void push_edit(GArray *script, enum edit_op op, guint a, guint b)
{
	struct edit e = {.op = op, .a = a, .b = b};

	g_array_append_val(script, e);
}

/* The edit script from a to b: the common start and end as they are, the
 * middle by a longest common subsequence (or whole, when too big). */
static GArray *align(const GArray *la, const GArray *lb)
{
	GArray *script = g_array_new(FALSE, FALSE, sizeof(struct edit));
	guint n = la->len, m = lb->len, pre = 0, suf = 0;

	while (pre < n && pre < m && same_line(la, pre, lb, pre))
		pre++;
	while (suf < n - pre && suf < m - pre && same_line(la, n - 1 - suf, lb, m - 1 - suf))
		suf++;
	for (guint i = 0; i < pre; i++)
		push_edit(script, EDIT_SAME, i, i);
	{
		guint an = n - pre - suf, bn = m - pre - suf;
		guint64 cells = (guint64)(an + 1) * (bn + 1);

		if (an > 0 && bn > 0 && cells <= DIFF_LCS_CELLS) {
			/* lcs[i][j]: the longest common subsequence of a[i..] and b[j..] */
			guint32 *lcs = g_new0(guint32, cells);
			guint i = 0, j = 0;

#define LCS(i, j) lcs[(guint64)(i) * (bn + 1) + (j)]
			for (guint ii = an; ii > 0; ii--)
				for (guint jj = bn; jj > 0; jj--)
					LCS(ii - 1, jj - 1) =
					    same_line(la, pre + ii - 1, lb, pre + jj - 1)
					        ? LCS(ii, jj) + 1
					        : MAX(LCS(ii, jj - 1), LCS(ii - 1, jj));
			while (i < an && j < bn) {
				if (same_line(la, pre + i, lb, pre + j)) {
					push_edit(script, EDIT_SAME, pre + i, pre + j);
					i++, j++;
				} else if (LCS(i + 1, j) >= LCS(i, j + 1)) {
					push_edit(script, EDIT_DEL, pre + i++, 0);
				} else {
					push_edit(script, EDIT_ADD, 0, pre + j++);
				}
			}
#undef LCS
			for (; i < an; i++)
				push_edit(script, EDIT_DEL, pre + i, 0);
			for (; j < bn; j++)
				push_edit(script, EDIT_ADD, 0, pre + j);
			g_free(lcs);
		} else {
			for (guint i = 0; i < an; i++)
				push_edit(script, EDIT_DEL, pre + i, 0);
			for (guint j = 0; j < bn; j++)
				push_edit(script, EDIT_ADD, 0, pre + j);
		}
	}
	for (guint k = 0; k < suf; k++)
		push_edit(script, EDIT_SAME, n - suf + k, m - suf + k);
	return script;
}

/* ---- the report ------------------------------------------------------ */

struct report {
	gboolean json;
	gboolean replay;             /* B is a replay of A (--replay) */
	enum vu_direction live_from; /* --replay: the live peer's side */
	struct vu_str out;
	gboolean first_section; /* JSON: no comma before the next member */
};

static void json_key(struct report *rp, const char *key)
{
	if (!rp->first_section)
		vu_str_append(&rp->out, ",");
	rp->first_section = FALSE;
	vu_str_json_string(&rp->out, key);
	vu_str_append(&rp->out, ":");
}

static const struct diff_line *line_at(const struct diff_session *s, guint i)
{
	return &g_array_index(s->lines, struct diff_line, i);
}

/* "message 3 (frame 3)", or "session end (frame 40)" for an event. */
static void put_place(struct vu_str *o, const struct diff_session *s, guint i, gboolean json)
{
	if (i >= s->lines->len) {
		vu_str_append(o, json ? "null" : "the end of the session");
		return;
	}
	if (json) {
		const struct diff_line *l = line_at(s, i);

		vu_str_printf(o, "{\"message\":%u,\"frame\":%" PRIu64 ",\"line\":", l->message,
		              l->frame);
		vu_str_json_string(o, l->text);
		vu_str_append(o, "}");
	} else if (line_at(s, i)->message != 0) {
		vu_str_printf(o, "message %u (frame %" PRIu64 ")", line_at(s, i)->message,
		              line_at(s, i)->frame);
	} else {
		vu_str_printf(o, "%s (frame %" PRIu64 ")", line_at(s, i)->text,
		              line_at(s, i)->frame);
	}
}

typedef const char *(*bit_name_fn)(const struct diff_session *s, unsigned bit);

static const char *feature_name(const struct diff_session *s, unsigned bit)
{
	return vu_feature_bit_name(s->state.device, bit);
}

static const char *protocol_name(const struct diff_session *s, unsigned bit)
{
	return vu_protocol_bit_name(s->state.dialect, bit);
}

/* The bits set in only one of two words, by name: "-RO" (in A only), "+RO"
 * (in B only). Returns whether there were any. */
static gboolean put_bits(struct report *rp, const struct diff_session *sa, guint64 a,
                         const struct diff_session *sb, guint64 b, bit_name_fn name)
{
	guint64 differ = a ^ b;
	gboolean first = TRUE;

	if (differ == 0)
		return FALSE;
	if (rp->json)
		vu_str_append(&rp->out, "{\"a_only\":[");
	for (int side = 0; side < 2; side++) {
		guint64 bits = side == 0 ? differ & a : differ & b;
		const struct diff_session *s = side == 0 ? sa : sb;

		if (rp->json && side == 1) {
			vu_str_append(&rp->out, "],\"b_only\":[");
			first = TRUE;
		}
		for (unsigned bit = 0; bit < 64; bit++) {
			const char *n;
			char buf[16];

			if (!(bits & VU_BIT(bit)))
				continue;
			n = name(s, bit);
			if (n == NULL) {
				g_snprintf(buf, sizeof(buf), "bit%u", bit);
				n = buf;
			}
			if (rp->json) {
				vu_str_append(&rp->out, first ? "" : ",");
				vu_str_json_string(&rp->out, n);
			} else {
				vu_str_printf(&rp->out, " %c%s", side == 0 ? '-' : '+', n);
			}
			first = FALSE;
		}
	}
	if (rp->json)
		vu_str_append(&rp->out, "]}");
	return TRUE;
}

/* The first difference: where the scripts first leave SAME. */
static gboolean put_first_difference(struct report *rp, const struct diff_session *sa,
                                     const struct diff_session *sb, const GArray *script)
{
	guint ia = sa->lines->len, ib = sb->lines->len, k;
	const struct edit *e = NULL;
	const struct diff_line *la = NULL, *lb = NULL;

	for (k = 0; k < script->len; k++) {
		e = &g_array_index(script, struct edit, k);
		if (e->op != EDIT_SAME)
			break;
	}
	if (k == script->len)
		return FALSE;
	/* Where each side stands at that point: the line it has there, or the
	 * one that follows the lines the other side has instead. */
	for (guint j = k; j < script->len; j++) {
		const struct edit *f = &g_array_index(script, struct edit, j);

		if (f->op != EDIT_ADD && ia == sa->lines->len)
			ia = f->a;
		if (f->op != EDIT_DEL && ib == sb->lines->len)
			ib = f->b;
		if (ia != sa->lines->len && ib != sb->lines->len)
			break;
	}
	if (ia < sa->lines->len)
		la = line_at(sa, ia);
	if (ib < sb->lines->len)
		lb = line_at(sb, ib);
	if (rp->json) {
		json_key(rp, "first_difference");
		vu_str_append(&rp->out, "{\"a\":");
		put_place(&rp->out, sa, ia, TRUE);
		vu_str_append(&rp->out, ",\"b\":");
		put_place(&rp->out, sb, ib, TRUE);
	} else {
		vu_str_append(&rp->out, "first difference: A ");
		put_place(&rp->out, sa, ia, FALSE);
		vu_str_append(&rp->out, ", B ");
		put_place(&rp->out, sb, ib, FALSE);
		vu_str_append(&rp->out, "\n");
		if (la != NULL)
			vu_str_printf(&rp->out, "  A: %s\n", la->text);
		if (lb != NULL)
			vu_str_printf(&rp->out, "  B: %s\n", lb->text);
	}
	/* The same negotiation message with other bits: say which, by name. */
	if (la != NULL && lb != NULL && la->kind == lb->kind &&
	    (la->kind == VU_PAYLOAD_FEATURES || la->kind == VU_PAYLOAD_PROTOCOL_FEATURES)) {
		bit_name_fn name = la->kind == VU_PAYLOAD_FEATURES ? feature_name : protocol_name;

		if (rp->json)
			vu_str_append(&rp->out, ",\"bits\":");
		else
			vu_str_printf(&rp->out, "  %s:",
			              la->kind == VU_PAYLOAD_FEATURES ? "features"
			                                              : "protocol features");
		if (!put_bits(rp, sa, la->number, sb, lb->number, name) && rp->json)
			vu_str_append(&rp->out, "null");
		if (!rp->json)
			vu_str_append(&rp->out, "\n");
	}
	if (rp->json)
		vu_str_append(&rp->out, "}");
	return TRUE;
}

/* One negotiated word: "features offered: -FLUSH +RO". */
static gboolean put_negotiated(struct report *rp, const char *what, const char *key,
                               const struct diff_session *sa, guint64 a,
                               const struct diff_session *sb, guint64 b, bit_name_fn name)
{
	gboolean differ;

	if (a == b)
		return FALSE;
	if (rp->json)
		json_key(rp, key);
	else
		vu_str_printf(&rp->out, "%s:", what);
	differ = put_bits(rp, sa, a, sb, b, name);
	if (!rp->json)
		vu_str_append(&rp->out, "\n");
	return differ;
}

static gboolean put_identity(struct report *rp, const struct diff_session *sa,
                             const struct diff_session *sb)
{
	gboolean differ = FALSE;

	if (sa->state.device != sb->state.device) {
		differ = TRUE;
		if (rp->json) {
			json_key(rp, "device");
			vu_str_printf(&rp->out, "{\"a\":\"%s\",\"b\":\"%s\"}",
			              vu_device_type_name(sa->state.device),
			              vu_device_type_name(sb->state.device));
		} else {
			vu_str_printf(&rp->out,
			              "device: %s, %s (feature bits are named for each)\n",
			              vu_device_type_name(sa->state.device),
			              vu_device_type_name(sb->state.device));
		}
	}
	if (sa->state.dialect != sb->state.dialect) {
		differ = TRUE;
		if (rp->json) {
			json_key(rp, "dialect");
			vu_str_printf(&rp->out, "{\"a\":\"%s\",\"b\":\"%s\"}",
			              vu_dialect_name(sa->state.dialect),
			              vu_dialect_name(sb->state.dialect));
		} else {
			vu_str_printf(&rp->out, "dialect: %s, %s\n",
			              vu_dialect_name(sa->state.dialect),
			              vu_dialect_name(sb->state.dialect));
		}
	}
	return differ;
}

static gboolean put_features(struct report *rp, const struct diff_session *sa,
                             const struct diff_session *sb)
{
	const struct vu_session *a = &sa->state, *b = &sb->state;
	gboolean differ = FALSE;

	differ |= put_negotiated(rp, "features offered", "features_offered", sa,
	                         a->features_offered, sb, b->features_offered, feature_name);
	differ |= put_negotiated(rp, "features acked", "features_acked", sa, a->features_acked, sb,
	                         b->features_acked, feature_name);
	differ |= put_negotiated(rp, "protocol features offered", "protocol_features_offered", sa,
	                         a->protocol_offered, sb, b->protocol_offered, protocol_name);
	differ |= put_negotiated(rp, "protocol features acked", "protocol_features_acked", sa,
	                         a->protocol_acked, sb, b->protocol_acked, protocol_name);
	return differ;
}

static void put_hunk_line(struct report *rp, char mark, const char *text, gboolean *first)
{
	if (rp->json) {
		char prefix[2] = {mark, '\0'};
		g_autofree char *l = g_strconcat(prefix, text, NULL);

		vu_str_append(&rp->out, *first ? "" : ",");
		vu_str_json_string(&rp->out, l);
	} else {
		vu_str_printf(&rp->out, "%c%s\n", mark, text);
	}
	*first = FALSE;
}

/* The index of the first line of one side at or after script[k] (the edits
 * that are not `other`), or len when there is none. */
static guint next_line(const GArray *script, guint k, enum edit_op other, guint len)
{
	for (; k < script->len; k++) {
		const struct edit *e = &g_array_index(script, struct edit, k);

		if (e->op != other)
			return other == EDIT_ADD ? e->a : e->b;
	}
	return len;
}

/* The script as diff -u hunks (line numbers count the lines of each
 * session, messages and events). */
static gboolean put_requests(struct report *rp, const struct diff_session *sa,
                             const struct diff_session *sb, const GArray *script)
{
	gboolean any = FALSE, first = TRUE;
	guint k = 0;

	while (k < script->len) {
		guint start, end, last_change, a0 = 0, b0 = 0, an = 0, bn = 0;

		while (k < script->len && g_array_index(script, struct edit, k).op == EDIT_SAME)
			k++;
		if (k == script->len)
			break;
		start = k >= DIFF_CONTEXT ? k - DIFF_CONTEXT : 0;
		/* the hunk goes on while changes are closer than twice the context */
		last_change = k;
		end = k;
		while (end < script->len) {
			if (g_array_index(script, struct edit, end).op != EDIT_SAME)
				last_change = end;
			else if (end - last_change > 2 * DIFF_CONTEXT)
				break;
			end++;
		}
		end = MIN(end, last_change + 1 + DIFF_CONTEXT);
		end = MIN(end, script->len);
		if (!any) {
			if (rp->json) {
				json_key(rp, "requests");
				vu_str_append(&rp->out, "[");
			} else {
				vu_str_append(&rp->out, "requests:\n");
			}
			any = TRUE;
		}
		for (guint j = start; j < end; j++) {
			const struct edit *e = &g_array_index(script, struct edit, j);

			if (e->op != EDIT_ADD && an++ == 0)
				a0 = e->a + 1;
			if (e->op != EDIT_DEL && bn++ == 0)
				b0 = e->b + 1;
		}
		/* a side with no line in the hunk: the line it comes after, as diff -u */
		if (an == 0)
			a0 = next_line(script, start, EDIT_ADD, sa->lines->len);
		if (bn == 0)
			b0 = next_line(script, start, EDIT_DEL, sb->lines->len);
		{
			g_autofree char *head =
			    g_strdup_printf("@@ -%u,%u +%u,%u @@", a0, an, b0, bn);

			if (rp->json) {
				vu_str_append(&rp->out, first ? "" : ",");
				vu_str_json_string(&rp->out, head);
			} else {
				vu_str_printf(&rp->out, "%s\n", head);
			}
			first = FALSE;
		}
		for (guint j = start; j < end; j++) {
			const struct edit *e = &g_array_index(script, struct edit, j);

			if (e->op == EDIT_SAME)
				put_hunk_line(rp, ' ', line_at(sa, e->a)->text, &first);
			else if (e->op == EDIT_DEL)
				put_hunk_line(rp, '-', line_at(sa, e->a)->text, &first);
			else
				put_hunk_line(rp, '+', line_at(sb, e->b)->text, &first);
		}
		k = end;
	}
	if (any && rp->json)
		vu_str_append(&rp->out, "]");
	return any;
}

/* Lines removed in one place and added in another: a reorder. */
static gboolean put_moves(struct report *rp, const struct diff_session *sa,
                          const struct diff_session *sb, const GArray *script)
{
	gboolean any = FALSE;
	g_autofree gboolean *taken = g_new0(gboolean, script->len);

	for (guint i = 0; i < script->len; i++) {
		const struct edit *d = &g_array_index(script, struct edit, i);

		if (d->op != EDIT_DEL)
			continue;
		for (guint j = 0; j < script->len; j++) {
			const struct edit *a = &g_array_index(script, struct edit, j);

			if (a->op != EDIT_ADD || taken[j] ||
			    strcmp(line_at(sa, d->a)->text, line_at(sb, a->b)->text) != 0)
				continue;
			taken[j] = TRUE;
			if (!any) {
				if (rp->json) {
					json_key(rp, "moved");
					vu_str_append(&rp->out, "[");
				} else {
					vu_str_append(&rp->out, "moved:\n");
				}
			}
			if (rp->json) {
				vu_str_append(&rp->out, any ? ",{\"a\":" : "{\"a\":");
				put_place(&rp->out, sa, d->a, TRUE);
				vu_str_append(&rp->out, ",\"b\":");
				put_place(&rp->out, sb, a->b, TRUE);
				vu_str_append(&rp->out, "}");
			} else {
				vu_str_printf(&rp->out, "  %s: A ", line_at(sa, d->a)->text);
				put_place(&rp->out, sa, d->a, FALSE);
				vu_str_append(&rp->out, ", B ");
				put_place(&rp->out, sb, a->b, FALSE);
				vu_str_append(&rp->out, "\n");
			}
			any = TRUE;
			break;
		}
	}
	if (any && rp->json)
		vu_str_append(&rp->out, "]");
	return any;
}

static void put_vring_field(struct report *rp, gboolean *any, unsigned index, const char *field,
                            guint64 a, guint64 b)
{
	if (a == b)
		return;
	if (rp->json) {
		if (!*any) {
			json_key(rp, "vrings");
			vu_str_append(&rp->out, "[");
		}
		vu_str_printf(&rp->out,
		              "%s{\"index\":%u,\"field\":\"%s\",\"a\":%" PRIu64 ",\"b\":%" PRIu64
		              "}",
		              *any ? "," : "", index, field, a, b);
	} else {
		if (!*any)
			vu_str_append(&rp->out, "vrings:\n");
		vu_str_printf(&rp->out, "  %u %s: %" PRIu64 ", %" PRIu64 "\n", index, field, a, b);
	}
	*any = TRUE;
}

static gboolean put_vrings(struct report *rp, const struct diff_session *sa,
                           const struct diff_session *sb)
{
	gboolean any = FALSE;

	for (unsigned i = 0; i < VU_MAX_VRINGS; i++) {
		const struct vu_vring_state *a = &sa->state.vrings[i], *b = &sb->state.vrings[i];

		if (!a->seen && !b->seen)
			continue;
		put_vring_field(rp, &any, i, "seen", a->seen, b->seen);
		put_vring_field(rp, &any, i, "num", a->num, b->num);
		/* a base a GET_VRING_BASE reply gave is where the guest had got to */
		if (!sa->base_from_reply[i] && !sb->base_from_reply[i])
			put_vring_field(rp, &any, i, "base", a->base, b->base);
		put_vring_field(rp, &any, i, "addr_flags", a->addr_flags, b->addr_flags);
		put_vring_field(rp, &any, i, "enabled", a->enabled, b->enabled);
		put_vring_field(rp, &any, i, "started", a->started, b->started);
	}
	if (any && rp->json)
		vu_str_append(&rp->out, "]");
	return any;
}

static void put_region_sizes(struct vu_str *o, const struct vu_session *s, gboolean json)
{
	if (!json && s->nregions == 0) {
		vu_str_append(o, "none");
		return;
	}
	vu_str_append(o, json ? "[" : "");
	for (size_t i = 0; i < s->nregions; i++)
		vu_str_printf(o, json ? "%s%" PRIu64 : "%s0x%" PRIx64, i > 0 ? "," : "",
		              s->regions[i].size);
	vu_str_append(o, json ? "]" : "");
}

static gboolean put_memory(struct report *rp, const struct diff_session *sa,
                           const struct diff_session *sb)
{
	const struct vu_session *a = &sa->state, *b = &sb->state;
	gboolean differ = a->nregions != b->nregions;

	for (size_t i = 0; !differ && i < a->nregions; i++)
		differ = a->regions[i].size != b->regions[i].size;
	if (!differ)
		return FALSE;
	if (rp->json) {
		json_key(rp, "memory");
		vu_str_append(&rp->out, "{\"a\":");
		put_region_sizes(&rp->out, a, TRUE);
		vu_str_append(&rp->out, ",\"b\":");
		put_region_sizes(&rp->out, b, TRUE);
		vu_str_append(&rp->out, "}");
	} else {
		vu_str_printf(&rp->out, "memory: %zu regions (sizes: ", a->nregions);
		put_region_sizes(&rp->out, a, FALSE);
		vu_str_printf(&rp->out, "), %zu regions (sizes: ", b->nregions);
		put_region_sizes(&rp->out, b, FALSE);
		vu_str_append(&rp->out, ")\n");
	}
	return TRUE;
}

static gint compare_keys(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Findings by key whose count differs, in key order. */
static gboolean put_findings(struct report *rp, const struct diff_session *sa,
                             const struct diff_session *sb)
{
	g_autoptr(GPtrArray) keys = g_ptr_array_new();
	gboolean any = FALSE;
	GHashTableIter it;
	gpointer key;

	g_hash_table_iter_init(&it, sa->findings);
	while (g_hash_table_iter_next(&it, &key, NULL))
		g_ptr_array_add(keys, key);
	g_hash_table_iter_init(&it, sb->findings);
	while (g_hash_table_iter_next(&it, &key, NULL))
		if (!g_hash_table_contains(sa->findings, key))
			g_ptr_array_add(keys, key);
	g_ptr_array_sort(keys, compare_keys);
	for (guint i = 0; i < keys->len; i++) {
		const char *k = g_ptr_array_index(keys, i);
		guint ca = GPOINTER_TO_UINT(g_hash_table_lookup(sa->findings, k));
		guint cb = GPOINTER_TO_UINT(g_hash_table_lookup(sb->findings, k));

		if (ca == cb)
			continue;
		if (rp->json) {
			if (!any) {
				json_key(rp, "findings");
				vu_str_append(&rp->out, "[");
			}
			vu_str_printf(&rp->out, "%s{\"key\":", any ? "," : "");
			vu_str_json_string(&rp->out, k);
			vu_str_printf(&rp->out, ",\"a\":%u,\"b\":%u}", ca, cb);
		} else {
			if (!any)
				vu_str_append(&rp->out, "findings:\n");
			vu_str_printf(&rp->out, "  %s: %u in A, %u in B%s\n", k, ca, cb,
			              ca == 0   ? " (B only)"
			              : cb == 0 ? " (A only)"
			                        : "");
		}
		any = TRUE;
	}
	if (any && rp->json)
		vu_str_append(&rp->out, "]");
	return any;
}

/* Values left out of the comparison that differ on lines otherwise the
 * same: listed, never a difference (the exit status does not see them). */
static void put_uncompared(struct report *rp, const struct diff_session *sa,
                           const struct diff_session *sb, const GArray *script)
{
	gboolean any = FALSE;

	for (guint k = 0; k < script->len; k++) {
		const struct edit *e = &g_array_index(script, struct edit, k);
		const struct diff_line *la, *lb;

		if (e->op != EDIT_SAME)
			continue;
		la = line_at(sa, e->a);
		lb = line_at(sb, e->b);
		if (!la->has_uncompared || la->uncompared == lb->uncompared)
			continue;
		if (rp->json) {
			vu_str_append(&rp->out, any ? "," : "");
			if (!any) {
				json_key(rp, "not_compared");
				vu_str_append(&rp->out, "[");
			}
			vu_str_append(&rp->out, "{\"a\":");
			put_place(&rp->out, sa, e->a, TRUE);
			vu_str_append(&rp->out, ",\"b\":");
			put_place(&rp->out, sb, e->b, TRUE);
			vu_str_printf(&rp->out, ",\"base\":[%" PRIu64 ",%" PRIu64 "]}",
			              la->uncompared, lb->uncompared);
		} else {
			if (!any)
				vu_str_append(&rp->out,
				              rp->replay
				                  ? "not comparable (data-plane progress, which "
				                    "a replay does not reproduce):\n"
				                  : "not compared (the guest's progress):\n");
			vu_str_printf(&rp->out,
			              "  GET_VRING_BASE reply base %" PRIu64 ", %" PRIu64 ": A ",
			              la->uncompared, lb->uncompared);
			put_place(&rp->out, sa, e->a, FALSE);
			vu_str_append(&rp->out, ", B ");
			put_place(&rp->out, sb, e->b, FALSE);
			vu_str_append(&rp->out, "\n");
		}
		any = TRUE;
	}
	if (any && rp->json)
		vu_str_append(&rp->out, "]");
}

static gboolean is_live_message(const struct report *rp, const struct diff_line *l)
{
	return l->message != 0 && l->from == rp->live_from;
}

static void put_live_one(struct report *rp, const struct diff_session *sa, guint ia,
                         const struct diff_session *sb, guint ib, gboolean *any)
{
	const struct diff_line *l = ia != G_MAXUINT ? line_at(sa, ia) : line_at(sb, ib);

	if (rp->json) {
		if (!*any) {
			json_key(rp, "live_differs");
			vu_str_append(&rp->out, "[");
		}
		vu_str_append(&rp->out, *any ? ",{\"a\":" : "{\"a\":");
		if (ia != G_MAXUINT)
			put_place(&rp->out, sa, ia, TRUE);
		else
			vu_str_append(&rp->out, "null");
		vu_str_append(&rp->out, ",\"b\":");
		if (ib != G_MAXUINT)
			put_place(&rp->out, sb, ib, TRUE);
		else
			vu_str_append(&rp->out, "null");
		vu_str_append(&rp->out, "}");
	} else {
		if (!*any)
			vu_str_printf(&rp->out, "%s that differ from the recording:\n",
			              rp->live_from == VU_FROM_BACK
			                  ? "the live back-end's messages"
			                  : "the live front-end's requests");
		vu_str_printf(&rp->out, "  %s%s: ", l->name, l->reply ? " reply" : "");
		if (ia != G_MAXUINT) {
			vu_str_append(&rp->out, "recorded ");
			put_place(&rp->out, sa, ia, FALSE);
		} else {
			vu_str_append(&rp->out, "not recorded");
		}
		if (ib != G_MAXUINT) {
			vu_str_append(&rp->out, ", live ");
			put_place(&rp->out, sb, ib, FALSE);
		} else {
			vu_str_append(&rp->out, ", not in the live session");
		}
		vu_str_append(&rp->out, "\n");
	}
	*any = TRUE;
}

/* --replay: each message of the live peer that is not as recorded, paired
 * with the recorded one of the same request in the same change (A's line
 * and B's line), or alone when one side has none. */
static void put_live_differs(struct report *rp, const struct diff_session *sa,
                             const struct diff_session *sb, const GArray *script)
{
	gboolean any = FALSE;
	guint k = 0;

	while (k < script->len) {
		guint start, end;

		while (k < script->len && g_array_index(script, struct edit, k).op == EDIT_SAME)
			k++;
		start = k;
		while (k < script->len && g_array_index(script, struct edit, k).op != EDIT_SAME)
			k++;
		end = k;
		if (start == end)
			break;
		{
			g_autofree gboolean *paired = g_new0(gboolean, end - start);

			for (guint i = start; i < end; i++) {
				const struct edit *d = &g_array_index(script, struct edit, i);
				guint match = G_MAXUINT;

				if (d->op != EDIT_DEL || !is_live_message(rp, line_at(sa, d->a)))
					continue;
				for (guint j = start; j < end && match == G_MAXUINT; j++) {
					const struct edit *a =
					    &g_array_index(script, struct edit, j);

					if (a->op == EDIT_ADD && !paired[j - start] &&
					    is_live_message(rp, line_at(sb, a->b)) &&
					    line_at(sb, a->b)->reply == line_at(sa, d->a)->reply &&
					    strcmp(line_at(sb, a->b)->name,
					           line_at(sa, d->a)->name) == 0)
						match = j;
				}
				if (match != G_MAXUINT)
					paired[match - start] = TRUE;
				put_live_one(rp, sa, d->a, sb,
				             match != G_MAXUINT
				                 ? g_array_index(script, struct edit, match).b
				                 : G_MAXUINT,
				             &any);
			}
			for (guint j = start; j < end; j++) {
				const struct edit *a = &g_array_index(script, struct edit, j);

				if (a->op == EDIT_ADD && !paired[j - start] &&
				    is_live_message(rp, line_at(sb, a->b)))
					put_live_one(rp, sa, G_MAXUINT, sb, a->b, &any);
			}
		}
	}
	if (any && rp->json)
		vu_str_append(&rp->out, "]");
}

/* One pair of sessions; TRUE when they differ. */
static gboolean compare_sessions(struct report *rp, const struct diff_session *sa,
                                 const struct diff_session *sb)
{
	g_autoptr(GArray) script = align(sa->lines, sb->lines);
	gboolean differ = FALSE;
	size_t header;

	if (rp->json) {
		vu_str_printf(&rp->out, "{\"a\":%" PRIu32 ",\"b\":%" PRIu32, sa->number,
		              sb->number);
		rp->first_section = FALSE;
	} else {
		vu_str_printf(&rp->out,
		              "--- A s%" PRIu32 " (%u messages)\n+++ B s%" PRIu32
		              " (%u messages)\n",
		              sa->number, sa->messages, sb->number, sb->messages);
	}
	header = rp->out.len;
	differ |= put_first_difference(rp, sa, sb, script);
	if (rp->replay)
		put_live_differs(rp, sa, sb, script);
	differ |= put_identity(rp, sa, sb);
	differ |= put_features(rp, sa, sb);
	differ |= put_requests(rp, sa, sb, script);
	differ |= put_moves(rp, sa, sb, script);
	differ |= put_vrings(rp, sa, sb);
	differ |= put_memory(rp, sa, sb);
	differ |= put_findings(rp, sa, sb);
	if (rp->json)
		vu_str_printf(&rp->out, ",\"equal\":%s", differ ? "false" : "true");
	else if (rp->out.len == header)
		vu_str_append(&rp->out, "equal\n");
	put_uncompared(rp, sa, sb, script);
	if (rp->json)
		vu_str_append(&rp->out, "}");
	return differ;
}

static void put_lone_session(struct report *rp, const struct diff_session *s, char side,
                             gboolean *first)
{
	if (rp->json) {
		vu_str_printf(&rp->out, "%s{\"%c\":%" PRIu32 ",\"%c\":null,\"equal\":false}",
		              *first ? "" : ",", side == 'A' ? 'a' : 'b', s->number,
		              side == 'A' ? 'b' : 'a');
	} else {
		vu_str_printf(&rp->out, "only in %c: s%" PRIu32 " (%u messages)", side, s->number,
		              s->messages);
		if (s->lines->len > 0)
			vu_str_printf(&rp->out, ", first: %s", line_at(s, 0)->text);
		vu_str_append(&rp->out, "\n");
	}
	*first = FALSE;
}

enum vs_diff_status vs_diff_compare(const struct vs_diff_side *a, const char *name_a,
                                    const struct vs_diff_side *b, const char *name_b,
                                    const struct vs_diff_report *how, char **report)
{
	struct report rp = {.json = how->json, .replay = how->replay, .live_from = how->live_from};
	gboolean differ = FALSE, first = TRUE;
	guint pairs;

	vu_str_init(&rp.out);
	if (rp.json) {
		vu_str_append(&rp.out, "{\"a\":");
		vu_str_json_string(&rp.out, name_a);
		vu_str_append(&rp.out, ",\"b\":");
		vu_str_json_string(&rp.out, name_b);
		vu_str_append(&rp.out, ",\"sessions\":[");
	}
	pairs = MIN(a->sessions->len, b->sessions->len);
	for (guint i = 0; i < pairs; i++) {
		if (rp.json && i > 0)
			vu_str_append(&rp.out, ",");
		differ |= compare_sessions(&rp, g_ptr_array_index(a->sessions, i),
		                           g_ptr_array_index(b->sessions, i));
		first = FALSE;
	}
	for (guint i = pairs; i < a->sessions->len; i++, differ = TRUE)
		put_lone_session(&rp, g_ptr_array_index(a->sessions, i), 'A', &first);
	for (guint i = pairs; i < b->sessions->len; i++, differ = TRUE)
		put_lone_session(&rp, g_ptr_array_index(b->sessions, i), 'B', &first);
	if (rp.json)
		vu_str_printf(&rp.out, "],\"equal\":%s}\n", differ ? "false" : "true");
	else
		vu_str_printf(&rp.out, "%s and %s %s\n", name_a, name_b,
		              differ ? "differ" : "are equal");
	*report = g_strndup(rp.out.data, rp.out.len);
	vu_str_free(&rp.out);
	return differ ? VS_DIFF_DIFFERENT : VS_DIFF_EQUAL;
}

enum vs_diff_status vs_diff_run(const struct vs_diff_options *o, FILE *out)
{
	struct vs_diff_report how = {.json = o->json};
	struct vs_diff_side *a = NULL, *b = NULL;
	g_autofree char *report = NULL;
	g_autoptr(GError) error = NULL;
	enum vs_diff_status status;

	if ((a = capture_load(o, o->a, &error)) == NULL ||
	    (b = capture_load(o, o->b, &error)) == NULL) {
		vs_warn("--diff: %s", error->message);
		vs_diff_side_free(a);
		return VS_DIFF_TROUBLE;
	}
	status = vs_diff_compare(a, o->a, b, o->b, &how, &report);
	fputs(report, out);
	fflush(out);
	vs_diff_side_free(a);
	vs_diff_side_free(b);
	return status;
}
