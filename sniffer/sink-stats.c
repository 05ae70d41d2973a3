/*
 * --stats: count every message of each session and, when the session ends
 * (or the run does, for sessions still open), print what it amounted to:
 * messages per request, reply latency, findings by id, what was negotiated.
 * When records name their port (several ports, or a labelled one), each
 * report names it too, and the end of the run adds one report per port over
 * all its sessions.
 */
#include <inttypes.h>

#include "sniffer/sinks.h"

struct session_stats {
	struct vu_stats counts;
	const struct vu_session *state; /* the pipeline's; valid until the session ends */
	const char *port;               /* interned, or NULL */
};

/* A port's totals over its sessions. */
struct port_stats {
	struct vu_stats counts;
	guint sessions;
};

struct stats_sink {
	struct vs_sink sink;
	FILE *out;
	gboolean json;
	gboolean failed;
	GHashTable *sessions; /* id -> struct session_stats * */
	GHashTable *ports;    /* label (interned) -> struct port_stats * */
	struct vu_str text;
};

static void port_stats_free(gpointer data)
{
	struct port_stats *ps = data;

	vu_stats_free(&ps->counts);
	g_free(ps);
}

static void session_stats_free(gpointer data)
{
	struct session_stats *ss = data;

	vu_stats_free(&ss->counts);
	g_free(ss);
}

static void report(struct stats_sink *k, guint32 id, struct session_stats *ss, const char *how)
{
	struct vu_str *s = &k->text;

	vu_str_clear(s);
	if (k->json) {
		vu_str_printf(s, "{\"event\":\"stats\",\"session\":%" PRIu32, id);
		if (ss->port != NULL) {
			vu_str_append(s, ",\"port\":");
			vu_str_json_string(s, ss->port);
		}
		vu_str_append(s, ",\"stats\":");
		vu_render_json_stats(&ss->counts, ss->state, s);
		vu_str_append(s, "}\n");
	} else {
		if (ss->port != NULL)
			vu_str_printf(s, "port %s ", ss->port);
		vu_str_printf(s, "session %" PRIu32 " statistics (%s):\n", id, how);
		vu_render_stats(&ss->counts, ss->state, s);
	}
	if (s->data != NULL)
		vs_sink_output(k->out, s->data, s->len, &k->failed);
}

static struct port_stats *port_of(struct stats_sink *k, const char *label)
{
	struct port_stats *ps = g_hash_table_lookup(k->ports, label);

	if (ps == NULL) {
		ps = g_new0(struct port_stats, 1);
		vu_stats_init(&ps->counts);
		g_hash_table_insert(k->ports, (gpointer)label, ps);
	}
	return ps;
}

/* A port over all its sessions: no one session's state to show. */
static void report_port(struct stats_sink *k, const char *label, struct port_stats *ps)
{
	struct vu_str *s = &k->text;

	vu_str_clear(s);
	if (k->json) {
		vu_str_append(s, "{\"event\":\"port_stats\",\"port\":");
		vu_str_json_string(s, label);
		vu_str_printf(s, ",\"sessions\":%u,\"stats\":", ps->sessions);
		vu_render_json_stats(&ps->counts, NULL, s);
		vu_str_append(s, "}\n");
	} else {
		vu_str_printf(s, "port %s statistics (%u session%s):\n", label, ps->sessions,
		              ps->sessions == 1 ? "" : "s");
		vu_render_stats(&ps->counts, NULL, s);
	}
	if (s->data != NULL)
		vs_sink_output(k->out, s->data, s->len, &k->failed);
}

static void stats_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                        const struct vu_session *state)
{
	struct stats_sink *k = sink->data;
	gpointer key = GUINT_TO_POINTER(r->session);
	struct session_stats *ss = g_hash_table_lookup(k->sessions, key);

	/* The same id again (two captures read in one run): the first is over. */
	if (ss != NULL && r->kind == VU_RECORD_SESSION_START) {
		ss->state = NULL; /* the pipeline has already let it go */
		report(k, r->session, ss, "its id was used again");
		g_hash_table_remove(k->sessions, key);
		ss = NULL;
	}
	if (ss == NULL) {
		ss = g_new0(struct session_stats, 1);
		vu_stats_init(&ss->counts);
		ss->port = r->port;
		g_hash_table_insert(k->sessions, key, ss);
		if (r->port != NULL)
			port_of(k, r->port)->sessions++;
	}
	ss->state = state;
	if (d != NULL) {
		vu_stats_add(&ss->counts, d);
		if (ss->port != NULL)
			vu_stats_add(&port_of(k, ss->port)->counts, d);
	}
	if (r->kind == VU_RECORD_SESSION_END) {
		report(k, r->session, ss, r->facts.reason != NULL ? r->facts.reason : "ended");
		g_hash_table_remove(k->sessions, key);
	}
}

static void stats_flush(struct vs_sink *sink)
{
	struct stats_sink *k = sink->data;

	vs_sink_output_flush(k->out, &k->failed);
}

static gint compare_ids(gconstpointer a, gconstpointer b)
{
	guint x = GPOINTER_TO_UINT(a), y = GPOINTER_TO_UINT(b);

	return x < y ? -1 : x > y;
}

/* Sessions still open when the run ends (a capture cut short, SIGINT). */
static void stats_close(struct vs_sink *sink)
{
	struct stats_sink *k = sink->data;
	GList *ids = g_list_sort(g_hash_table_get_keys(k->sessions), compare_ids);

	for (GList *l = ids; l != NULL; l = l->next)
		report(k, GPOINTER_TO_UINT(l->data), g_hash_table_lookup(k->sessions, l->data),
		       "still open when the run ended");
	g_list_free(ids);
	ids = g_list_sort(g_hash_table_get_keys(k->ports), (GCompareFunc)strcmp);
	for (GList *l = ids; l != NULL; l = l->next)
		report_port(k, l->data, g_hash_table_lookup(k->ports, l->data));
	g_list_free(ids);
	vs_sink_output_flush(k->out, &k->failed);
	g_hash_table_destroy(k->sessions);
	g_hash_table_destroy(k->ports);
	vu_str_free(&k->text);
	g_free(k);
}

struct vs_sink *vs_stats_sink_new(FILE *out, gboolean json)
{
	struct stats_sink *k = g_new0(struct stats_sink, 1);

	k->out = out;
	k->json = json;
	k->sessions =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, session_stats_free);
	k->ports = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, port_stats_free);
	vu_str_init(&k->text);
	k->sink.name = "stats";
	k->sink.write = stats_write;
	k->sink.flush = stats_flush;
	k->sink.close = stats_close;
	k->sink.data = k;
	return &k->sink;
}
