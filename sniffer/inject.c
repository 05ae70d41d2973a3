/*
 * --inject: parse the rules, match them against the messages that cross the
 * relay, and do what they say (inject.h). Only links of a run with --inject
 * get here (vs_link.inject is NULL otherwise).
 *
 * A delayed message waits in its link's queue for its direction, and every
 * message read after it from the same side queues behind it, so the order
 * on the wire is kept; one timer per direction releases the head when it is
 * due. A stalled side is not polled (vs_conn.stalled) until its timer ends.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "dissector/vu-dissector.h"
#include "sniffer/inject.h"
#include "sniffer/options.h"
#include "sniffer/relay-int.h"
#include "tui/tui-filter.h"
#include "vscore/log.h"

/* Fields one message may have rewritten (by as many rules); more are a usage error. */
#define INJECT_MAX_CORRUPT     8
#define INJECT_MAX_DURATION_NS (3600ull * G_TIME_SPAN_SECOND * 1000u)

enum close_side {
	CLOSE_NONE = 0,
	CLOSE_FRONT,
	CLOSE_BACK,
	CLOSE_BOTH,
};

struct rule {
	char *text;
	struct vs_filter *filter;
	guint64 nth;     /* 0: every match */
	guint64 matches; /* so far, over the whole run */
	gboolean drop, strip_fds, reply, close_after;
	enum close_side close;
	guint64 delay_ns, stall_ns;
	guint64 reply_value;
	enum vu_field_id corrupt_field;
	const char *corrupt_key; /* NULL: no corrupt */
	guint64 corrupt_value;
	gboolean corrupt_missed; /* said once that a message lacked the field */
};

struct vs_inject {
	GPtrArray *rules;           /* struct rule * */
	struct vu_decoded *decoded; /* scratch for corrupt, relay thread only */
};

/* What the rules due on one message say, merged. */
struct plan {
	gboolean drop, strip_fds, reply, close_after;
	enum close_side close;
	guint64 delay_ns, stall_ns, reply_value;
	struct rule *corrupt[INJECT_MAX_CORRUPT];
	unsigned ncorrupt;
};

struct delayed {
	struct vs_frame *frame;
	gint64 due_us; /* monotonic; 0: goes as soon as those before it went */
	enum close_side close_after;
};

/* One direction of a link, by its sender. */
struct inject_dir {
	struct vs_inject_link *il;
	enum vu_direction from;
	GQueue delayed; /* struct delayed *, oldest first */
	GSource *delay_timer;
	GSource *stall_timer;
};

struct vs_inject_link {
	struct vs_inject *set;
	struct vs_link *link;
	struct inject_dir dir[2]; /* [sender's vu_direction] */
	GSource *close_timer;
	enum close_side close_pending;
	enum vu_direction close_from; /* the sender of the message closed after */
};

/* ---- parsing -------------------------------------------------------------- */

static void rule_free(gpointer p)
{
	struct rule *r = p;

	g_free(r->text);
	vs_filter_free(r->filter);
	g_free(r);
}

static gboolean rule_error(GError **error, const char *text, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static gboolean rule_error(GError **error, const char *text, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_autofree char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--inject '%s': %s", text,
	            what);
	return FALSE;
}

/* "3s", "250ms", "1.5s", "100us", "20ns"; a bare number is seconds. */
static gboolean parse_duration(const char *s, guint64 *ns)
{
	static const struct {
		const char *unit;
		double ns;
	} units[] = {
	    {.unit = "ns", .ns = 1},  {.unit = "us", .ns = 1e3}, {.unit = "ms", .ns = 1e6},
	    {.unit = "s", .ns = 1e9}, {.unit = "", .ns = 1e9},
	};
	char *end = NULL;
	double v = g_ascii_strtod(s, &end);

	if (end == s || !(v >= 0))
		return FALSE;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (strcmp(end, units[i].unit) == 0) {
			double total = v * units[i].ns;

			if (total > (double)INJECT_MAX_DURATION_NS)
				return FALSE;
			*ns = (guint64)total;
			return TRUE;
		}
	}
	return FALSE;
}

static gboolean parse_u64(const char *s, guint64 *out)
{
	char *end = NULL;

	if (*s == '\0' || *s == '-')
		return FALSE;
	errno = 0;
	*out = g_ascii_strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

static gboolean field_lookup(const char *key, enum vu_field_id *id)
{
	size_t count;
	const struct vu_field_def *defs = vu_field_defs(&count);

	for (size_t i = 0; i < count; i++) {
		if (strcmp(defs[i].key, key) != 0)
			continue;
		switch (defs[i].type) {
		case VU_FT_U8:
		case VU_FT_U16:
		case VU_FT_U32:
		case VU_FT_U64:
		case VU_FT_I64:
			*id = (enum vu_field_id)i;
			return TRUE;
		default:
			return FALSE;
		}
	}
	return FALSE;
}

static gboolean parse_action(struct rule *r, const char *text, const char *a, GError **error)
{
	const char *eq = strchr(a, '=');
	g_autofree char *name = eq ? g_strndup(a, (gsize)(eq - a)) : g_strdup(a);
	const char *value = eq ? eq + 1 : NULL;

	if (strcmp(name, "drop") == 0 && !value) {
		r->drop = TRUE;
	} else if (strcmp(name, "strip-fds") == 0 && !value) {
		r->strip_fds = TRUE;
	} else if (strcmp(name, "after") == 0 && !value) {
		r->close_after = TRUE;
	} else if (strcmp(name, "delay") == 0 || strcmp(name, "stall") == 0) {
		guint64 *ns = name[0] == 'd' ? &r->delay_ns : &r->stall_ns;

		if (!value || !parse_duration(value, ns) || *ns == 0)
			return rule_error(
			    error, text,
			    "%s wants a duration up to 1h (3s, 250ms, 100us), not '%s'", name,
			    value ? value : "");
	} else if (strcmp(name, "close") == 0) {
		if (value && strcmp(value, "front") == 0)
			r->close = CLOSE_FRONT;
		else if (value && strcmp(value, "back") == 0)
			r->close = CLOSE_BACK;
		else if (value && strcmp(value, "both") == 0)
			r->close = CLOSE_BOTH;
		else
			return rule_error(error, text, "close wants front, back or both, not '%s'",
			                  value ? value : "");
	} else if (strcmp(name, "reply") == 0) {
		if (!value || !parse_u64(value, &r->reply_value))
			return rule_error(error, text, "reply wants a u64 (0, 0x1f), not '%s'",
			                  value ? value : "");
		r->reply = TRUE;
	} else if (strcmp(name, "corrupt") == 0) {
		const char *eq2 = value ? strchr(value, '=') : NULL;
		g_autofree char *key = eq2 ? g_strndup(value, (gsize)(eq2 - value)) : NULL;

		if (!eq2)
			return rule_error(error, text, "corrupt wants FIELD=VALUE (vring.num=0)");
		if (!field_lookup(key, &r->corrupt_field))
			return rule_error(error, text,
			                  "corrupt: no numeric field '%s' (JSON keys: vring.num, "
			                  "features, u64, ...)",
			                  key);
		if (!parse_u64(eq2 + 1, &r->corrupt_value))
			return rule_error(error, text, "corrupt: '%s' is not a number", eq2 + 1);
		r->corrupt_key = vu_field_def(r->corrupt_field)->key;
	} else {
		return rule_error(error, text,
		                  "unknown action '%s' (drop, delay=, close=, corrupt=, strip-fds, "
		                  "stall=, reply=)",
		                  a);
	}
	return TRUE;
}

/* A trailing "#N" on the filter: only its Nth match. */
static gboolean split_nth(char *filter, guint64 *nth)
{
	char *hash = strrchr(filter, '#');

	*nth = 0;
	if (hash == NULL)
		return TRUE;
	if (!g_ascii_string_to_unsigned(g_strstrip(hash + 1), 10, 1, G_MAXUINT64, nth, NULL))
		return FALSE;
	*hash = '\0';
	return TRUE;
}

gboolean vs_inject_add(struct vs_inject **set, const char *text, GError **error)
{
	const char *colon = strrchr(text, ':');
	g_autofree char *filter = NULL;
	g_auto(GStrv) actions = NULL;
	g_autoptr(GError) ferr = NULL;
	struct rule *r;
	unsigned stops;

	if (colon == NULL || colon[1] == '\0')
		return rule_error(error, text, "wants FILTER:ACTION[,ACTION...]");
	filter = g_strndup(text, (gsize)(colon - text));
	r = g_new0(struct rule, 1);
	r->text = g_strdup(text);
	if (!split_nth(filter, &r->nth)) {
		rule_free(r);
		return rule_error(error, text, "#N wants a number from 1");
	}
	g_strstrip(filter);
	if (filter[0] == '\0') {
		rule_free(r);
		return rule_error(error, text,
		                  "the filter is empty (SET_FEATURES, from==back, ...)");
	}
	r->filter = vs_filter_parse(filter, &ferr);
	if (r->filter == NULL) {
		rule_free(r);
		return rule_error(error, text, "%s", ferr->message);
	}
	actions = g_strsplit(colon + 1, ",", -1);
	for (char **a = actions; *a != NULL; a++) {
		g_strstrip(*a);
		if (!parse_action(r, text, *a, error)) {
			rule_free(r);
			return FALSE;
		}
	}
	stops = (r->drop ? 1 : 0) + (r->reply ? 1 : 0) + (r->close && !r->close_after ? 1 : 0);
	if (stops > 1) {
		rule_free(r);
		return rule_error(error, text,
		                  "drop, reply and close (before) each keep the message from "
		                  "crossing: one of them");
	}
	if (r->close_after && !r->close) {
		rule_free(r);
		return rule_error(error, text, "after goes with close=front|back|both");
	}
	if (r->corrupt_key != NULL && *set != NULL) {
		unsigned n = 1;

		for (guint i = 0; i < (*set)->rules->len; i++)
			n += ((struct rule *)g_ptr_array_index((*set)->rules, i))->corrupt_key !=
			     NULL;
		if (n > INJECT_MAX_CORRUPT) {
			rule_free(r);
			return rule_error(error, text, "at most %u rules may corrupt",
			                  INJECT_MAX_CORRUPT);
		}
	}
	if (*set == NULL) {
		*set = g_new0(struct vs_inject, 1);
		(*set)->rules = g_ptr_array_new_with_free_func(rule_free);
	}
	g_ptr_array_add((*set)->rules, r);
	return TRUE;
}

void vs_inject_free(struct vs_inject *set)
{
	if (set == NULL)
		return;
	g_ptr_array_free(set->rules, TRUE);
	g_free(set->decoded);
	g_free(set);
}

/* ---- the relay's side ----------------------------------------------------- */

struct vs_inject_link *vs_inject_link_new(struct vs_inject *set, struct vs_link *link)
{
	struct vs_inject_link *il;

	if (set == NULL)
		return NULL;
	il = g_new0(struct vs_inject_link, 1);
	il->set = set;
	il->link = link;
	for (int i = 0; i < 2; i++) {
		il->dir[i].il = il;
		il->dir[i].from = (enum vu_direction)i;
		g_queue_init(&il->dir[i].delayed);
	}
	return il;
}

static void timer_clear(GSource **t)
{
	if (*t == NULL)
		return;
	g_source_destroy(*t);
	g_source_unref(*t);
	*t = NULL;
}

/* Record what will never be sent now (the link closed). */
static void finish_delayed(struct inject_dir *dir)
{
	struct delayed *d;

	while ((d = g_queue_pop_head(&dir->delayed)) != NULL) {
		vs_frame_finish(d->frame, dir->il->link->session);
		g_free(d);
	}
}

void vs_inject_link_closed(struct vs_inject_link *il)
{
	if (il == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		timer_clear(&il->dir[i].delay_timer);
		timer_clear(&il->dir[i].stall_timer);
		finish_delayed(&il->dir[i]);
	}
	timer_clear(&il->close_timer);
}

void vs_inject_link_free(struct vs_inject_link *il)
{
	vs_inject_link_closed(il);
	g_free(il);
}

static const char *close_name(enum close_side side)
{
	return side == CLOSE_FRONT ? "front" : side == CLOSE_BACK ? "back" : "both";
}

static void do_close(struct vs_inject_link *il, enum close_side side)
{
	struct vs_link *link = il->link;
	g_autofree char *reason =
	    g_strdup_printf("closed by --inject (close=%s)", close_name(side));

	if (link->closing)
		return;
	vs_info("session %u: %s: %s", link->session->id, vu_channel_name(link->channel), reason);
	if (side == CLOSE_BOTH) {
		/* neither side gets what waits for it */
		vs_conn_close(&link->conn[VU_FROM_FRONT]);
		vs_link_fail(link, &link->conn[VU_FROM_BACK], reason);
	} else {
		vs_link_fail(link, &link->conn[side == CLOSE_FRONT ? VU_FROM_FRONT : VU_FROM_BACK],
		             reason);
	}
}

/* close=...,after: once the message went out of our queue. */
static gboolean close_later(gpointer data)
{
	struct vs_inject_link *il = data;
	struct vs_link *link = il->link;
	struct vs_conn *to =
	    &link->conn[il->close_from == VU_FROM_FRONT ? VU_FROM_BACK : VU_FROM_FRONT];

	if (!link->closing && to->fd >= 0 && !vs_frame_queue_is_empty(&to->outq))
		return G_SOURCE_CONTINUE; /* the socket has not taken it yet */
	g_source_unref(il->close_timer);
	il->close_timer = NULL;
	do_close(il, il->close_pending);
	return G_SOURCE_REMOVE;
}

static void schedule_close(struct vs_inject_link *il, enum vu_direction from, enum close_side side)
{
	if (il->close_timer != NULL)
		return;
	il->close_pending = side;
	il->close_from = from;
	il->close_timer = vs_relay_add_timeout(il->link->session->relay, 1, close_later, il);
}

static void forward(struct vs_inject_link *il, enum vu_direction from, struct vs_frame *f,
                    enum close_side close_after)
{
	struct vs_link *link = il->link;

	vs_conn_push(vs_conn_other(&link->conn[from]), f);
	if (close_after != CLOSE_NONE)
		schedule_close(il, from, close_after);
}

static gboolean release_delayed(gpointer data);

static void arm_delay(struct inject_dir *dir)
{
	struct delayed *d = g_queue_peek_head(&dir->delayed);
	gint64 left;

	timer_clear(&dir->delay_timer);
	if (d == NULL)
		return;
	left = d->due_us - g_get_monotonic_time();
	dir->delay_timer =
	    vs_relay_add_timeout(dir->il->link->session->relay,
	                         left > 0 ? (guint)((left + 999) / 1000) : 0, release_delayed, dir);
}

static gboolean release_delayed(gpointer data)
{
	struct inject_dir *dir = data;
	struct vs_inject_link *il = dir->il;
	gint64 now = g_get_monotonic_time();
	struct delayed *d;

	g_source_unref(dir->delay_timer);
	dir->delay_timer = NULL;
	while (!il->link->closing && (d = g_queue_peek_head(&dir->delayed)) != NULL &&
	       d->due_us <= now) {
		g_queue_pop_head(&dir->delayed);
		forward(il, dir->from, d->frame, d->close_after);
		g_free(d);
	}
	if (il->link->closing)
		finish_delayed(dir);
	else
		arm_delay(dir);
	return G_SOURCE_REMOVE;
}

static gboolean stall_over(gpointer data)
{
	struct inject_dir *dir = data;
	struct vs_conn *c = &dir->il->link->conn[dir->from];

	g_source_unref(dir->stall_timer);
	dir->stall_timer = NULL;
	c->stalled = FALSE;
	vs_conn_update(c);
	return G_SOURCE_REMOVE;
}

/* Merge what every rule due on this message says; FALSE when none is. */
static gboolean plan_for(struct vs_inject *set, const struct vs_link *link, const struct vs_conn *c,
                         const struct vs_frame *f, struct plan *p)
{
	const struct vs_session *s = link->session;
	const struct vs_options *opts = vs_relay_options(s->relay);
	struct vs_filter_message m = {
	    .session = s->id,
	    .port = opts->show_ports && s->port != NULL ? s->port->label : NULL,
	    .channel = link->channel,
	    .from = c->from,
	    .bytes = f->bytes,
	    .len = f->len,
	    .fds = f->nfds,
	    .dialect = s->dialect,
	};
	gboolean any = FALSE;

	memset(p, 0, sizeof(*p));
	for (guint i = 0; i < set->rules->len; i++) {
		struct rule *r = g_ptr_array_index(set->rules, i);

		if (!vs_filter_match_message(r->filter, &m))
			continue;
		r->matches++;
		if (r->nth != 0 && r->matches != r->nth)
			continue;
		any = TRUE;
		p->drop |= r->drop;
		p->strip_fds |= r->strip_fds;
		if (r->reply) {
			p->reply = TRUE;
			p->reply_value = r->reply_value;
		}
		if (r->close != CLOSE_NONE) {
			p->close = r->close;
			p->close_after = r->close_after;
		}
		p->delay_ns = MAX(p->delay_ns, r->delay_ns);
		p->stall_ns = MAX(p->stall_ns, r->stall_ns);
		if (r->corrupt_key != NULL && p->ncorrupt < INJECT_MAX_CORRUPT)
			p->corrupt[p->ncorrupt++] = r;
	}
	return any;
}

/* Rewrite the field in place (the record's bytes are the frame's: the
 * capture holds what was sent); FALSE when the message has no such field. */
static gboolean corrupt(struct vs_inject *set, const struct vs_link *link, const struct vs_conn *c,
                        struct vs_frame *f, struct rule *r)
{
	struct vu_message m = {
	    .channel = link->channel, .from = c->from, .bytes = f->bytes, .len = f->len};
	struct vu_decoded *d;

	if (set->decoded == NULL)
		set->decoded = g_new(struct vu_decoded, 1);
	d = set->decoded;
	vu_decode(NULL, &m, d);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct vu_field *fl = &d->fields[i];
		guint64 v = r->corrupt_value;

		if (fl->id != r->corrupt_field)
			continue;
		if (fl->length == 0 || fl->length > 8 || (size_t)fl->offset + fl->length > f->len)
			return FALSE;
		for (unsigned b = 0; b < fl->length; b++, v >>= 8)
			f->bytes[fl->offset + b] = (uint8_t)v;
		g_autofree char *note = g_strdup_printf(
		    "--inject '%s': %s was %" G_GUINT64_FORMAT " (0x%" G_GINT64_MODIFIER
		    "x), sent as %" G_GUINT64_FORMAT,
		    r->text, r->corrupt_key, fl->value, fl->value, r->corrupt_value);
		char *old = f->record->inject_note;

		vs_info("session %u: %s", link->session->id, note);
		f->record->inject_note = old ? g_strconcat(old, "; ", note, NULL) : g_strdup(note);
		g_free(old);
		return TRUE;
	}
	if (!r->corrupt_missed) {
		g_autoptr(GString) has = g_string_new(NULL);

		r->corrupt_missed = TRUE;
		for (size_t i = 0; i < d->nfields; i++) {
			const struct vu_field_def *def =
			    vu_field_def((enum vu_field_id)d->fields[i].id);

			if (d->fields[i].offset >= VU_HDR_SIZE && def->type >= VU_FT_U8 &&
			    def->type <= VU_FT_I64)
				g_string_append_printf(has, "%s%s", has->len ? ", " : "", def->key);
		}
		vs_warn("session %u: --inject '%s': a message without the field %s (it has: %s) "
		        "goes on unchanged",
		        link->session->id, r->text, r->corrupt_key, has->len ? has->str : "none");
	}
	return FALSE;
}

/* The reply vhostsniff sends in the back-end's place: a u64 payload. */
static void answer(struct vs_link *link, struct vs_conn *c, uint32_t request, guint64 value)
{
	struct vs_record *r = vs_relay_record_new(link->session->relay);
	uint32_t flags = VU_FLAG_VERSION | VU_FLAG_REPLY, size = sizeof(value);

	r->kind = VU_RECORD_MESSAGE;
	r->channel = (uint8_t)link->channel;
	r->from = (uint8_t)vs_conn_other(c)->from;
	r->inject = VU_INJECT_REPLY;
	r->len = VU_HDR_SIZE + sizeof(value);
	vs_record_reserve(r, r->len);
	memcpy(r->bytes, &request, 4);
	memcpy(r->bytes + 4, &flags, 4);
	memcpy(r->bytes + 8, &size, 4);
	memcpy(r->bytes + VU_HDR_SIZE, &value, sizeof(value));
	r->ts_ns = vs_now_ns();
	vs_conn_push(c, vs_frame_new(link->session->relay, r, r->bytes, r->len, FALSE));
}

static void strip_fds(struct vs_frame *f)
{
	vs_frame_describe(f); /* the record says which fds came */
	for (unsigned i = 0; i < f->nfds; i++)
		close(f->fds[i]);
	f->nfds = 0;
}

static void enqueue(struct inject_dir *dir, struct vs_frame *f, gint64 due_us,
                    enum close_side close_after)
{
	struct delayed *d = g_new0(struct delayed, 1);

	d->frame = f;
	d->due_us = due_us;
	d->close_after = close_after;
	g_queue_push_tail(&dir->delayed, d);
	if (dir->delay_timer == NULL)
		arm_delay(dir);
}

/*
 * A message that does not cross (drop, reply, close before): its record goes
 * to the pipeline after those that crossed before it. When frames still wait
 * before it, it takes its place among them with nothing to send (the writer
 * records it when its turn comes).
 */
static void keep_back(struct inject_dir *dir, struct vs_conn *c, struct vs_frame *f)
{
	struct vs_conn *to = vs_conn_other(c);
	struct vs_session *s = c->link->session;
	gboolean failed;

	strip_fds(f);
	f->len = 0; /* the record keeps the bytes */
	if (!g_queue_is_empty(&dir->delayed)) {
		enqueue(dir, f, 0, CLOSE_NONE);
		return;
	}
	if (to->fd >= 0 && !vs_frame_queue_is_empty(&to->outq))
		vs_conn_write_now(to, &failed); /* a failure shows at its next write */
	if (to->fd >= 0 && !vs_frame_queue_is_empty(&to->outq))
		vs_conn_push(to, f);
	else
		vs_frame_finish(f, s);
}

gboolean vs_inject_message(struct vs_inject_link *il, struct vs_conn *c, struct vs_frame *f)
{
	struct vs_link *link = il->link;
	struct vs_session *s = link->session;
	struct inject_dir *dir = &il->dir[c->from];
	GQueue *q = &dir->delayed;
	struct vs_record *rec = f->record;
	struct plan p;

	if (!plan_for(il->set, link, c, f, &p) || rec == NULL) {
		if (g_queue_is_empty(q))
			return FALSE;
		enqueue(dir, f, 0, CLOSE_NONE); /* behind a delayed one: keep the order */
		return TRUE;
	}
	for (unsigned i = 0; i < p.ncorrupt; i++)
		if (corrupt(il->set, link, c, f, p.corrupt[i]))
			rec->inject |= VU_INJECT_CORRUPT;
	if (p.strip_fds && f->nfds > 0) {
		strip_fds(f);
		rec->inject |= VU_INJECT_STRIP_FDS;
	}
	if (p.stall_ns > 0 && dir->stall_timer == NULL) {
		rec->inject |= VU_INJECT_STALL;
		c->stalled = TRUE;
		vs_conn_update(c);
		dir->stall_timer = vs_relay_add_timeout(
		    s->relay, (guint)MAX(p.stall_ns / 1000000u, 1u), stall_over, dir);
	}
	if (p.drop) {
		rec->inject |= VU_INJECT_DROP;
		keep_back(dir, c, f);
		return TRUE;
	}
	if (p.reply && f->len >= VU_HDR_SIZE) {
		uint32_t request;

		memcpy(&request, f->bytes, sizeof(request));
		rec->inject |= VU_INJECT_REPLY;
		keep_back(dir, c, f); /* the request is recorded before its answer */
		answer(link, c, request, p.reply_value);
		return TRUE;
	}
	if (p.close != CLOSE_NONE) {
		rec->inject |= VU_INJECT_CLOSE;
		if (!p.close_after) {
			keep_back(dir, c, f);
			do_close(il, p.close);
			return TRUE;
		}
	}
	if (p.delay_ns > 0 || !g_queue_is_empty(q)) {
		gint64 due = 0;

		if (p.delay_ns > 0) {
			rec->inject |= VU_INJECT_DELAY;
			due = g_get_monotonic_time() + (gint64)(p.delay_ns / 1000u);
		}
		enqueue(dir, f, due, p.close_after ? p.close : CLOSE_NONE);
		return TRUE;
	}
	forward(il, c->from, f, p.close_after ? p.close : CLOSE_NONE);
	return TRUE;
}
