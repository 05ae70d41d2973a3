/*
 * The command line, with GOptionContext (which gives --help). Names follow
 * the issue (-l/--front-listen, -c/--back-connect, ...) and tcpdump where a
 * user of tcpdump would look (-w, -r, -q, -v, -#, -V, --count since -c is the
 * back-end socket).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sniffer/inject.h"
#include "sniffer/options.h"
#include "sniffer/wrap.h"
#include "vscore/log.h"
#include "vscore/packet-walk.h"

#define DEFAULT_CONNECT_TIMEOUT_S 30.0
#define DEFAULT_QUEUE             65536
/* QEMU waits for a reply without a limit; a back-end silent this long is stuck. */
#define DEFAULT_REPLY_TIMEOUT_S 5.0
/* --rings without a value: ten looks a second (issue 15). */
#define DEFAULT_RINGS_MS        100u
#define DEFAULT_STALL_TIMEOUT_S 2.0

/* What GOptionContext fills before it is checked and copied into vs_options. */
struct parse_state {
	struct vs_options *opts;
	char *front_listen, *front_connect, *back_connect, *back_listen;
	char *format;
	char *socket_mode;
	char *device;
	char *dialect;
	char *replay_as;
	gint64 replay_session;
	double connect_timeout_s;
	double reply_timeout_s;
	double stall_timeout_s;
	gboolean stall_timeout_given;
	gboolean version;
};

static gboolean usage_error(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean on_verbose(const char *name, const char *value, gpointer data, GError **error)
{
	struct parse_state *st = data;

	(void)name;
	(void)value;
	(void)error;
	st->opts->verbose++;
	return TRUE;
}

/* --rings or --rings=MS (GLib takes an optional value only after '='). */
static gboolean on_rings(const char *name, const char *value, gpointer data, GError **error)
{
	struct parse_state *st = data;
	guint64 ms;

	(void)name;
	if (value == NULL) {
		st->opts->rings_ms = DEFAULT_RINGS_MS;
		return TRUE;
	}
	if (!g_ascii_string_to_unsigned(value, 10, 1, 3600000, &ms, NULL))
		return usage_error(
		    error, "--rings=MS wants milliseconds between 1 and 3600000, not '%s'", value);
	st->opts->rings_ms = (guint)ms;
	return TRUE;
}

static gboolean on_inject(const char *name, const char *value, gpointer data, GError **error)
{
	struct parse_state *st = data;

	(void)name;
	return vs_inject_add(&st->opts->inject, value, error);
}

static gboolean on_stall_timeout(const char *name, const char *value, gpointer data, GError **error)
{
	struct parse_state *st = data;
	char *end = NULL;
	double s;

	(void)name;
	s = g_ascii_strtod(value, &end);
	if (end == value || *end != '\0' || !(s >= 0 && s <= 86400))
		return usage_error(
		    error, "--stall-timeout wants seconds between 0 (never) and 86400, not '%s'",
		    value);
	st->stall_timeout_s = s;
	st->stall_timeout_given = TRUE;
	return TRUE;
}

const char *vs_role_name(enum vs_role role)
{
	return role == VS_ROLE_CONNECT ? "connect" : "listen";
}

static gboolean usage_error(GError **error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, text);
	return FALSE;
}

/* Device types a user may name with --device: those of the bit tables. */
static gboolean parse_device(const char *name, enum vu_device_type *out, GError **error)
{
	g_autoptr(GString) names = g_string_new(NULL);
	size_t count;
	const enum vu_device_type *types = vu_device_types(&count);

	if (vu_device_type_by_name(name, out))
		return TRUE;
	for (size_t i = 0; i < count; i++)
		g_string_append_printf(names, "%s%s", i ? ", " : "", vu_device_type_name(types[i]));
	return usage_error(error, "unknown device type '%s' for --device (one of: %s)", name,
	                   names->str);
}

/* --dialect auto (the default) leaves it to each session's evidence. */
static gboolean parse_dialect(const char *name, struct vs_options *o, GError **error)
{
	if (g_ascii_strcasecmp(name, "auto") == 0)
		return TRUE;
	if (!vu_dialect_by_name(name, &o->dialect))
		return usage_error(error,
		                   "unknown dialect '%s' for --dialect (one of: qemu, "
		                   "crosvm, auto)",
		                   name);
	o->dialect_given = TRUE;
	return TRUE;
}

static gboolean parse_mode(const char *text, guint *out, GError **error)
{
	char *end = NULL;
	unsigned long mode;

	errno = 0;
	mode = strtoul(text, &end, 8);
	if (errno != 0 || end == text || *end != '\0' || mode > 0777)
		return usage_error(
		    error, "--socket-mode wants an octal mode such as 0600, not '%s'", text);
	*out = (guint)mode;
	return TRUE;
}

/* Exactly one of the two paths of a side; sets path and role. */
static gboolean pick_side(const char *side, const char *listen_opt, char *listen_path,
                          const char *connect_opt, char *connect_path, char **path,
                          enum vs_role *role, GError **error)
{
	if (listen_path != NULL && connect_path != NULL)
		return usage_error(error, "give either %s or %s for the %s, not both", listen_opt,
		                   connect_opt, side);
	if (listen_path == NULL && connect_path == NULL)
		return usage_error(error, "the %s socket is missing: give %s PATH or %s PATH", side,
		                   listen_opt, connect_opt);
	*path = g_strdup(listen_path != NULL ? listen_path : connect_path);
	*role = listen_path != NULL ? VS_ROLE_LISTEN : VS_ROLE_CONNECT;
	if (**path == '\0')
		return usage_error(error, "the %s socket path is empty", side);
	return TRUE;
}

/* ---- ports: -l/-c, --map, --wrap ------------------------------------------------ */

static void port_free(gpointer data)
{
	struct vs_port *p = data;

	g_free(p->label);
	g_free(p->front_path);
	g_free(p->back_path);
	g_free(p->wrap_path);
	vs_wrap_free(p->wrap);
	g_free(p);
}

gboolean vs_port_label_valid(const char *label)
{
	size_t len = strlen(label);

	if (len == 0 || len > VS_PORT_LABEL_MAX)
		return FALSE;
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isalnum(label[i]) && label[i] != '.' && label[i] != '_' &&
		    label[i] != '-')
			return FALSE;
	return strcmp(label, "listen") != 0 && strcmp(label, "connect") != 0;
}

/* "LABEL:REST": the label, when what comes before the first ':' is one (a
 * path with a ':' before its first '/' needs a "./" in front); else NULL. */
static char *split_label(const char *text, const char **rest)
{
	const char *colon = strchr(text, ':');

	*rest = text;
	if (colon != NULL) {
		g_autofree char *head = g_strndup(text, (gsize)(colon - text));

		if (vs_port_label_valid(head)) {
			*rest = colon + 1;
			return g_steal_pointer(&head);
		}
	}
	return NULL;
}

/* One side of --map: [listen:|connect:]PATH, role_default without a prefix. */
static gboolean parse_map_side(const char *text, const char *side, enum vs_role role_default,
                               char **path, enum vs_role *role, GError **error)
{
	*role = role_default;
	if (g_str_has_prefix(text, "listen:")) {
		*role = VS_ROLE_LISTEN;
		text += strlen("listen:");
	} else if (g_str_has_prefix(text, "connect:")) {
		*role = VS_ROLE_CONNECT;
		text += strlen("connect:");
	}
	if (*text == '\0')
		return usage_error(error, "--map: the %s socket path is empty", side);
	*path = g_strdup(text);
	return TRUE;
}

/* --map [LABEL:]FRONT=BACK, each side [listen:|connect:]PATH; the front
 * listens and the back connects unless they say otherwise (as -l and -c). */
static gboolean on_map(const char *name, const char *value, gpointer data, GError **error)
{
	struct parse_state *st = data;
	struct vs_port *p = g_new0(struct vs_port, 1);
	const char *rest, *eq;
	g_autofree char *front = NULL;

	(void)name;
	g_ptr_array_add(st->opts->ports, p);
	p->label = split_label(value, &rest);
	p->labelled = p->label != NULL;
	eq = strchr(rest, '=');
	if (eq == NULL)
		return usage_error(error,
		                   "--map wants [LABEL:]FRONT=BACK, each side "
		                   "[listen:|connect:]PATH, not '%s'",
		                   value);
	front = g_strndup(rest, (gsize)(eq - rest));
	return parse_map_side(front, "front-end", VS_ROLE_LISTEN, &p->front_path, &p->front_role,
	                      error) &&
	       parse_map_side(eq + 1, "back-end", VS_ROLE_CONNECT, &p->back_path, &p->back_role,
	                      error);
}

/* --wrap [LABEL:]PATH */
static gboolean on_wrap(const char *name, const char *value, gpointer data, GError **error)
{
	struct parse_state *st = data;
	struct vs_port *p = g_new0(struct vs_port, 1);
	const char *path;

	(void)name;
	g_ptr_array_add(st->opts->ports, p);
	p->label = split_label(value, &path);
	p->labelled = p->label != NULL;
	if (*path == '\0')
		return usage_error(error, "the --wrap socket path is empty");
	p->wrap_path = g_strdup(path);
	return TRUE;
}

/* A path vhostsniff takes (listens on, or wraps) belongs to one port only, and
 * no port connects to one; labels are unique, the missing ones portN. */
static gboolean check_ports(struct vs_options *o, GError **error)
{
	g_autoptr(GHashTable) labels = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) taken = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < o->ports->len; i++) {
		struct vs_port *p = vs_options_port(o, i);
		const char *paths[3] = {p->wrap_path,
		                        p->front_role == VS_ROLE_LISTEN ? p->front_path : NULL,
		                        p->back_role == VS_ROLE_LISTEN ? p->back_path : NULL};
		struct vs_port *other;

		if (p->label == NULL)
			p->label = g_strdup_printf("port%u", i + 1);
		if ((other = g_hash_table_lookup(labels, p->label)) != NULL)
			return usage_error(error, "two ports are labelled '%s'", p->label);
		g_hash_table_insert(labels, p->label, p);
		if (p->wrap_path == NULL && strcmp(p->front_path, p->back_path) == 0)
			return usage_error(error,
			                   "the front-end and back-end sockets are the same "
			                   "path: vhostsniff needs two sockets to sit between "
			                   "the peers");
		for (int k = 0; k < 3; k++) {
			if (paths[k] == NULL)
				continue;
			if ((other = g_hash_table_lookup(taken, paths[k])) != NULL)
				return usage_error(error, "ports %s and %s both want %s",
				                   other->label, p->label, paths[k]);
			g_hash_table_insert(taken, (gpointer)paths[k], p);
		}
		o->show_ports |= p->labelled;
	}
	/* A port that connects where another listens would relay to vhostsniff itself. */
	for (guint i = 0; i < o->ports->len; i++) {
		struct vs_port *p = vs_options_port(o, i);
		const char *paths[2] = {p->front_role == VS_ROLE_CONNECT ? p->front_path : NULL,
		                        p->back_role == VS_ROLE_CONNECT ? p->back_path : NULL};
		struct vs_port *other;

		for (int k = 0; k < 2; k++)
			if (paths[k] != NULL &&
			    (other = g_hash_table_lookup(taken, paths[k])) != NULL)
				return usage_error(error,
				                   "port %s connects to %s, where port %s listens: "
				                   "vhostsniff would relay to itself",
				                   p->label, paths[k], other->label);
	}
	o->show_ports |= o->ports->len > 1;
	return TRUE;
}

static void print_version(void)
{
	printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	printf("GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
}

/* --replay: the player takes one side of the one port, the live peer the
 * other (-c or --back-listen for a back-end, -l or --front-connect for a
 * front-end). The player's side gets its socket from sniffer/replay.c. */
static gboolean check_replay(struct parse_state *st, GError **error)
{
	struct vs_options *o = st->opts;
	gboolean front_given = st->front_listen != NULL || st->front_connect != NULL;
	gboolean back_given = st->back_connect != NULL || st->back_listen != NULL;

	if (st->replay_as == NULL || strcmp(st->replay_as, "front-end") == 0)
		o->replay_back = FALSE;
	else if (strcmp(st->replay_as, "back-end") == 0)
		o->replay_back = TRUE;
	else
		return usage_error(error, "--replay-as wants front-end or back-end, not '%s'",
		                   st->replay_as);
	if (st->replay_session < 0 || st->replay_session > G_MAXUINT32)
		return usage_error(error, "--replay-session wants a session number as vhostsniff "
		                          "-r prints it (s1 is 1)");
	o->replay_session = (guint)st->replay_session;
	if (o->ports->len > 0 || o->read_path != NULL || o->diff_a != NULL || o->list_sockets ||
	    o->unwrap_path != NULL || o->ui || o->sessions != 0)
		return usage_error(error, "--replay plays one session against one live peer: "
		                          "no --map, --wrap, -r, --diff, -D, --unwrap, --ui or "
		                          "--sessions with it");
	if (!o->replay_back && (front_given || !back_given))
		return usage_error(error, "--replay FILE plays the front-end: give the live "
		                          "back-end with -c PATH or --back-listen PATH, and no "
		                          "front-end socket");
	if (o->replay_back && (back_given || !front_given))
		return usage_error(error, "--replay FILE --replay-as back-end plays the back-end: "
		                          "give the live front-end with -l PATH or "
		                          "--front-connect PATH, and no back-end socket");
	/* the player's side, until replay.c gives it its socket */
	if (o->replay_back)
		st->back_connect = g_strdup("(replay)");
	else
		st->front_connect = g_strdup("(replay)");
	o->sessions = 1;
	return TRUE;
}

static gboolean check_options(struct parse_state *st, GError **error)
{
	struct vs_options *o = st->opts;
	gboolean single, live;
	gboolean all_wrapped = TRUE;

	if (st->replay_as != NULL && o->replay_path == NULL)
		return usage_error(error, "--replay-as says which peer --replay FILE plays: add "
		                          "--replay FILE");
	if (st->replay_session != 0 && o->replay_path == NULL)
		return usage_error(error, "--replay-session picks the session of --replay FILE: "
		                          "add --replay FILE");
	if (o->replay_path != NULL && !check_replay(st, error))
		return FALSE;
	single = st->front_listen || st->front_connect || st->back_connect || st->back_listen;
	live = single || o->ports->len > 0;

	if (st->format == NULL || strcmp(st->format, "text") == 0)
		o->format = VS_OUTPUT_TEXT;
	else if (strcmp(st->format, "json") == 0)
		o->format = VS_OUTPUT_JSON;
	else
		return usage_error(error, "-T wants text or json, not '%s'", st->format);

	if (st->socket_mode != NULL && !parse_mode(st->socket_mode, &o->socket_mode, error))
		return FALSE;
	if (st->device != NULL && !parse_device(st->device, &o->device, error))
		return FALSE;
	if (st->dialect != NULL && !parse_dialect(st->dialect, o, error))
		return FALSE;
	if (!(st->connect_timeout_s > 0 && st->connect_timeout_s <= 86400))
		return usage_error(error, "--connect-timeout wants seconds between 0 and 86400");
	o->connect_timeout_ms = (guint)(st->connect_timeout_s * 1000.0);
	if (!(st->reply_timeout_s >= 0 && st->reply_timeout_s <= 86400))
		return usage_error(error,
		                   "--reply-timeout wants seconds between 0 (never) and 86400");
	o->reply_timeout_ns = (guint64)(st->reply_timeout_s * 1e9);
	o->stall_timeout_ns = (guint64)(st->stall_timeout_s * 1e9);
	if (o->packets && o->rings_ms == 0)
		o->rings_ms = DEFAULT_RINGS_MS; /* --packets walks the rings --rings reads */
	if (st->stall_timeout_given && o->rings_ms == 0)
		return usage_error(error, "--stall-timeout is about the rings: add --rings");
	if (o->snaplen < 0)
		o->snaplen = VS_SNAPLEN_DEFAULT;
	else if (!o->packets)
		return usage_error(error, "-s/--snaplen is about the ring entries: add --packets");
	else if (o->snaplen == 0 || o->snaplen > VS_SNAPLEN_MAX)
		o->snaplen = VS_SNAPLEN_MAX; /* tcpdump: 0 means the most there is */
	if (o->packets_file != NULL && !o->packets)
		return usage_error(error, "--packets-file holds the frames --packets records: "
		                          "add --packets");
	if (o->inject != NULL && !live)
		return usage_error(error, "--inject acts on the messages vhostsniff relays: add -l "
		                          "and -c (or --map, --wrap)");
	if (o->kicks && !live)
		return usage_error(error, "--kicks sits on the eventfds of the sessions vhostsniff "
		                          "relays: add -l and -c (or --map, --wrap)");
	if (o->count < 0)
		return usage_error(error, "--count wants a positive number of messages");
	if (o->rotate_mb < 0 || o->rotate_seconds < 0)
		return usage_error(error, "-C and -G want a positive number");
	if ((o->rotate_mb > 0 || o->rotate_seconds > 0) &&
	    (o->write_path == NULL || strcmp(o->write_path, "-") == 0))
		return usage_error(error, "-C and -G rotate the file of -w FILE");
	if (o->sessions < 0)
		return usage_error(error, "--sessions wants a positive number of sessions");
	if (o->queue < 1)
		return usage_error(error, "--queue wants at least 1");

	if (o->diff_a != NULL) {
		if (live || o->read_path != NULL || o->write_path != NULL || o->list_sockets ||
		    o->unwrap_path != NULL || o->ui || o->stats || o->rings_ms != 0 || o->quiet)
			return usage_error(error, "--diff A B compares two captures; it takes no "
			                          "socket, capture, UI or --stats option (only -T, "
			                          "--device, --dialect and --reply-timeout)");
		return TRUE;
	}
	if (o->unwrap_path != NULL) {
		if (live || o->read_path != NULL || o->list_sockets)
			return usage_error(error, "--unwrap PATH puts a wrapped socket back; it "
			                          "takes no other socket or capture option");
		return TRUE;
	}
	if (o->list_sockets) {
		if (live || o->read_path != NULL || o->write_path != NULL || o->ui || o->stats)
			return usage_error(error, "-D lists the sockets of this host; it takes no "
			                          "socket, capture or UI options (only -T and -v)");
		return TRUE;
	}
	if (o->read_path != NULL) {
		if (live)
			return usage_error(error, "-r reads a capture; it takes no socket options");
		if (o->sessions != 0)
			return usage_error(error, "--sessions applies to live relaying, not to -r");
		if (o->packets)
			return usage_error(error,
			                   "--packets reads the guest memory of a live session; "
			                   "a capture holds only the entries -w recorded, and -r "
			                   "shows them (not with -r)");
		if (o->rings_ms != 0)
			return usage_error(error,
			                   "--rings reads the guest memory of a live session; "
			                   "a capture holds none, only the snapshots -w recorded "
			                   "(not with -r)");
	} else {
		if (!live)
			return usage_error(error, "nothing to do: give a front-end and a back-end "
			                          "socket (-l PATH -c PATH), --map FRONT=BACK, "
			                          "--wrap PATH, -r FILE, or -D");
		if (single) {
			/* the port of the single-port options comes first */
			struct vs_port *p = g_new0(struct vs_port, 1);

			g_ptr_array_insert(o->ports, 0, p);
			if (!pick_side("front-end", "-l/--front-listen", st->front_listen,
			               "--front-connect", st->front_connect, &p->front_path,
			               &p->front_role, error))
				return FALSE;
			if (!pick_side("back-end", "--back-listen", st->back_listen,
			               "-c/--back-connect", st->back_connect, &p->back_path,
			               &p->back_role, error))
				return FALSE;
		}
		if (!check_ports(o, error))
			return FALSE;
		for (guint i = 0; i < o->ports->len; i++)
			all_wrapped &= vs_options_port(o, i)->wrap_path != NULL;
		if (st->socket_mode != NULL && all_wrapped)
			return usage_error(error, "--wrap gives its socket the original's mode; "
			                          "--socket-mode does not apply");
	}

	/* -w - owns standard output, as in tcpdump. */
	if (o->write_path != NULL && strcmp(o->write_path, "-") == 0) {
		if (o->ui)
			return usage_error(error, "--ui and -w - both want the terminal's output");
		o->quiet = TRUE;
	}
	/* The UI owns the terminal: no lines under it. */
	if (o->ui)
		o->quiet = TRUE;
	if (o->ui_filter != NULL && !o->ui)
		return usage_error(error, "--filter is the UI's display filter: add --ui");
	return TRUE;
}

gboolean vs_options_parse(struct vs_options *opts, int *argc, char ***argv, GError **error)
{
	struct parse_state st = {
	    .opts = opts,
	    .connect_timeout_s = DEFAULT_CONNECT_TIMEOUT_S,
	    .reply_timeout_s = DEFAULT_REPLY_TIMEOUT_S,
	    .stall_timeout_s = DEFAULT_STALL_TIMEOUT_S,
	};
	const GOptionEntry entries[] = {
	    {"front-listen", 'l', 0, G_OPTION_ARG_FILENAME, &st.front_listen,
	     "Listen on PATH; the front-end connects here (QEMU client, DPDK virtio-user)", "PATH"},
	    {"front-connect", 0, 0, G_OPTION_ARG_FILENAME, &st.front_connect,
	     "Connect to a front-end that listens on PATH (QEMU server=on, virtio-user server=1)",
	     "PATH"},
	    {"back-connect", 'c', 0, G_OPTION_ARG_FILENAME, &st.back_connect,
	     "Connect to the back-end's socket PATH", "PATH"},
	    {"back-listen", 0, 0, G_OPTION_ARG_FILENAME, &st.back_listen,
	     "Listen on PATH; the back-end connects here (DPDK vhost client=1)", "PATH"},
	    {"socket-mode", 0, 0, G_OPTION_ARG_STRING, &st.socket_mode,
	     "Permissions of the sockets vhostsniff listens on (default 0600)", "OCTAL"},
	    {"connect-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &st.connect_timeout_s,
	     "Retry a connect for this long before giving up (default 30)", "SECONDS"},
	    {"list-sockets", 'D', 0, G_OPTION_ARG_NONE, &opts->list_sockets,
	     "List the vhost-user sockets of this host that vhostsniff could sit on, with the "
	     "programs that hold them (-v: every listening UNIX socket)",
	     NULL},
	    {"map", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (void *)on_map,
	     "One more port, FRONT=BACK, each side [listen:|connect:]PATH (the front listens "
	     "and the back connects by default, as -l and -c); repeat it for more ports, "
	     "LABEL: names the port in the output",
	     "[LABEL:]FRONT=BACK"},
	    {"wrap", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (void *)on_wrap,
	     "Sit on PATH, a socket a peer listens on, without changing either peer: its file "
	     "moves aside while vhostsniff runs and comes back when it stops; repeat it for "
	     "more ports, LABEL: names the port in the output",
	     "[LABEL:]PATH"},
	    {"unwrap", 0, 0, G_OPTION_ARG_FILENAME, &opts->unwrap_path,
	     "Put back the socket a killed vhostsniff --wrap PATH left aside", "PATH"},
	    {"read", 'r', 0, G_OPTION_ARG_FILENAME, &opts->read_path,
	     "Read messages from a pcapng capture instead of relaying", "FILE"},
	    {"diff", 0, 0, G_OPTION_ARG_FILENAME, &opts->diff_a,
	     "Compare capture A with capture B, the argument after it (FILE#N: only session "
	     "N): where they part, negotiated bits by name, requests as a unified diff, "
	     "vrings, memory, findings; exit 0 when equal, 1 when they differ, 2 on trouble",
	     "A"},
	    {"replay", 0, 0, G_OPTION_ARG_FILENAME, &opts->replay_path,
	     "Play the front-end of a session of capture FILE against the live back-end of -c "
	     "(or --back-listen) with fresh memfds and eventfds, print the live session, and "
	     "report the replies that differ from the recording; exit 0 when the session "
	     "compares equal to it, 1 when it differs, 2 on trouble. Example: --replay good.pcapng "
	     "-c /run/qsd.sock",
	     "FILE"},
	    {"replay-as", 0, 0, G_OPTION_ARG_STRING, &st.replay_as,
	     "The peer --replay plays: front-end (default), or back-end: answer the live "
	     "front-end of -l (or --front-connect) with the recorded replies and report where "
	     "its requests part from the recording. Example: --replay dpdk.pcapng --replay-as "
	     "back-end -l /tmp/vhost.sock",
	     "front-end|back-end"},
	    {"replay-session", 0, 0, G_OPTION_ARG_INT64, &st.replay_session,
	     "The session of --replay FILE to play, as -r numbers it (default: the first). "
	     "Example: --replay two.pcapng --replay-session 2 -c /run/qsd.sock",
	     "N"},
	    {"write", 'w', 0, G_OPTION_ARG_FILENAME, &opts->write_path,
	     "Record every session as pcapng to FILE ('-' = standard output)", "FILE"},
	    {"file-size", 'C', 0, G_OPTION_ARG_INT64, &opts->rotate_mb,
	     "With -w: start a new file (FILE1, FILE2, ...) before one grows past N million "
	     "bytes, as tcpdump -C",
	     "N"},
	    {"rotate-seconds", 'G', 0, G_OPTION_ARG_INT, &opts->rotate_seconds,
	     "With -w: start a new file every N seconds (FILE may hold strftime "
	     "conversions), as tcpdump -G",
	     "N"},
	    {"output", 'T', 0, G_OPTION_ARG_STRING, &st.format,
	     "One line per message on standard output: text (default) or json", "text|json"},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &opts->quiet, "Print no lines", NULL},
	    {"ui", 'U', 0, G_OPTION_ARG_NONE, &opts->ui,
	     "Watch the session (or browse the capture of -r) in the curses UI", NULL},
	    {"filter", 0, 0, G_OPTION_ARG_STRING, &opts->ui_filter,
	     "First display filter of the UI (the language of its '/' key)", "EXPR"},
	    {"verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (void *)on_verbose,
	     "More detail: -v the field tree, -vv a hex dump too", NULL},
	    {"number", '#', 0, G_OPTION_ARG_NONE, &opts->numbers,
	     "Print the frame number at the start of each text line", NULL},
	    {"device", 0, 0, G_OPTION_ARG_STRING, &st.device,
	     "Name device feature bits for this virtio device type (net, blk, fs, ...), whatever "
	     "the session shows (default: from the evidence of each session)",
	     "TYPE"},
	    {"dialect", 0, 0, G_OPTION_ARG_STRING, &st.dialect,
	     "Numbering of requests and protocol bits: qemu (upstream), crosvm, or auto "
	     "(default: from the evidence of each session)",
	     "qemu|crosvm|auto"},
	    {"sessions", 0, 0, G_OPTION_ARG_INT, &opts->sessions,
	     "Exit 0 after N sessions have ended (default: until SIGINT/SIGTERM)", "N"},
	    {"count", 0, 0, G_OPTION_ARG_INT64, &opts->count, "Exit after N messages", "N"},
	    {"queue", 0, 0, G_OPTION_ARG_INT, &opts->queue,
	     "Records waiting for decode and output before new ones are dropped "
	     "(default 65536; the relay never waits)",
	     "N"},
	    {"stats", 0, 0, G_OPTION_ARG_NONE, &opts->stats,
	     "At the end of each session (and of -r): messages per request, reply latency "
	     "(count, min, median, max), findings by id, what was negotiated",
	     NULL},
	    {"reply-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &st.reply_timeout_s,
	     "A request still unanswered after this long is a finding (default 5; 0 = never)",
	     "SECONDS"},
	    {"rings", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (void *)on_rings,
	     "Read the guest's virtqueues through the memory the session hands over (read "
	     "only): a ring line at each vring message and, while a ring runs, every MS "
	     "milliseconds when it changed (default 100)",
	     "MS"},
	    {"kicks", 0, 0, G_OPTION_ARG_NONE, &opts->kicks,
	     "Sit between the peers on every kick, call and error eventfd too: hand the "
	     "back-end eventfds of vhostsniff's, forward every signal, and show each as a "
	     "kick or call line with the ring's counts",
	     NULL},
	    {"packets", 0, 0, G_OPTION_ARG_NONE, &opts->packets,
	     "Record the data plane (implies --rings): every entry of every started ring, "
	     "made available and used, with the bytes of its buffers up to the snap length; "
	     "net frames also as Ethernet frames in the capture",
	     NULL},
	    {"snaplen", 's', 0, G_OPTION_ARG_INT64, &opts->snaplen,
	     "With --packets: bytes kept of each buffer, read and written part each, as "
	     "tcpdump's -s (default 65535; 0 = the most, 261120)",
	     "N"},
	    {"packets-file", 0, 0, G_OPTION_ARG_FILENAME, &opts->packets_file,
	     "With --packets: also write the net frames alone to FILE, a pcapng of "
	     "Ethernet frames (link type 1) for tcpdump",
	     "FILE"},
	    {"stall-timeout", 0, 0, G_OPTION_ARG_CALLBACK, (void *)on_stall_timeout,
	     "With --rings: a started ring with requests in flight whose used index stands "
	     "still this long is stalled (default 2; 0 = never)",
	     "SECONDS"},
	    {"inject", 0, 0, G_OPTION_ARG_CALLBACK, (void *)on_inject,
	     "Put a fault into the session where FILTER (the UI's filter language, #N: its "
	     "Nth match) matches; ACTIONs: drop, delay=DURATION, close=front|back|both[,after], "
	     "corrupt=FIELD=VALUE, strip-fds, stall=DURATION, reply=VALUE. Repeatable. Example: "
	     "--inject 'SET_FEATURES:close=back,after'",
	     "FILTER:ACTION[,...]"},
	    {"version", 'V', 0, G_OPTION_ARG_NONE, &st.version, "Print the version and exit", NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- watch a vhost-user session");
	GOptionGroup *group = g_option_group_new(PACKAGE_NAME, "vhostsniff options",
	                                         "Show vhostsniff options", &st, NULL);
	gboolean ok;

	memset(opts, 0, sizeof(*opts));
	opts->ports = g_ptr_array_new_with_free_func(port_free);
	opts->socket_mode = 0600;
	opts->queue = DEFAULT_QUEUE;
	opts->snaplen = -1; /* not given */
	g_option_group_add_entries(group, entries);
	g_option_context_set_main_group(ctx, group);
	g_option_context_set_summary(
	    ctx,
	    "Sit between a vhost-user front-end and back-end, relay every message and fd\n"
	    "unchanged, and print each message decoded.\n\n"
	    "  vhostsniff -l /tmp/front.sock -c /tmp/back.sock      # QEMU -> here -> back-end\n"
	    "  vhostsniff --front-connect A --back-listen B         # both peers listen/connect "
	    "the other way\n"
	    "  vhostsniff -l A -c B -w session.pcapng               # record for Wireshark\n"
	    "  vhostsniff -r session.pcapng -T json                 # read a capture back\n"
	    "  vhostsniff --diff good.pcapng bad.pcapng             # where two captures part\n"
	    "  vhostsniff --replay good.pcapng -c /run/qsd.sock     # replay its front-end\n"
	    "  vhostsniff -l A -c B --ui                            # watch it in the curses UI\n"
	    "  vhostsniff -D                                        # the vhost-user sockets "
	    "of this host\n"
	    "  vhostsniff --wrap blk:/run/qsd.sock --map "
	    "net0:connect:/run/q.sock=listen:/run/d.sock\n"
	    "                                                       # two ports, labelled");
	g_option_context_set_description(
	    ctx, "A port is a front-end socket and a back-end socket: one front-end option (-l or\n"
	         "--front-connect) and one back-end option (-c or --back-listen), or --map, or\n"
	         "--wrap; --map and --wrap may be repeated, and one vhostsniff relays every port.\n"
	         "A port without a LABEL is named portN (N: its place, that of -l/-c first); the\n"
	         "output names ports when there are several or one was labelled. Each front-end\n"
	         "connection is a new session; vhostsniff waits for the next one when a session\n"
	         "ends. See vhostsniff(1).");

	ok = g_option_context_parse(ctx, argc, argv, error);
	if (ok && st.version) {
		print_version();
		exit(0);
	}
	/* --diff A B: B is the one argument left */
	if (ok && opts->diff_a != NULL) {
		if (*argc != 2)
			ok = usage_error(error, "--diff wants two captures: --diff A B");
		else
			opts->diff_b = g_strdup((*argv)[1]);
	} else if (ok && *argc > 1) {
		ok = usage_error(error, "unexpected argument '%s'", (*argv)[1]);
	}
	if (ok)
		ok = check_options(&st, error);

	g_free(st.front_listen);
	g_free(st.front_connect);
	g_free(st.back_connect);
	g_free(st.back_listen);
	g_free(st.format);
	g_free(st.socket_mode);
	g_free(st.device);
	g_free(st.dialect);
	g_free(st.replay_as);
	return ok;
}

void vs_options_clear(struct vs_options *opts)
{
	if (opts->ports != NULL)
		g_ptr_array_free(opts->ports, TRUE);
	g_free(opts->read_path);
	g_free(opts->write_path);
	g_free(opts->unwrap_path);
	g_free(opts->diff_a);
	g_free(opts->diff_b);
	g_free(opts->replay_path);
	g_free(opts->ui_filter);
	g_free(opts->packets_file);
	vs_inject_free(opts->inject);
	memset(opts, 0, sizeof(*opts));
}
