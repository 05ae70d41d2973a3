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

#include "sniffer/options.h"
#include "sniffer/wrap.h"
#include "vscore/log.h"

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

/* Device types a user may name with --device. */
static const enum vu_device_type known_devices[] = {
    VU_DEVICE_NET,   VU_DEVICE_BLK,   VU_DEVICE_CONSOLE, VU_DEVICE_RNG,    VU_DEVICE_SCSI,
    VU_DEVICE_GPU,   VU_DEVICE_INPUT, VU_DEVICE_VSOCK,   VU_DEVICE_CRYPTO, VU_DEVICE_FS,
    VU_DEVICE_SOUND, VU_DEVICE_I2C,   VU_DEVICE_GPIO,
};

static gboolean parse_device(const char *name, enum vu_device_type *out, GError **error)
{
	g_autoptr(GString) names = g_string_new(NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(known_devices); i++) {
		const char *n = vu_device_type_name(known_devices[i]);
		if (n != NULL && g_ascii_strcasecmp(n, name) == 0) {
			*out = known_devices[i];
			return TRUE;
		}
		g_string_append_printf(names, "%s%s", i ? ", " : "", n ? n : "?");
	}
	return usage_error(error, "unknown device type '%s' for --device (one of: %s)", name,
	                   names->str);
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

static void print_version(void)
{
	printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	printf("GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
}

static gboolean check_options(struct parse_state *st, GError **error)
{
	struct vs_options *o = st->opts;
	gboolean live =
	    st->front_listen || st->front_connect || st->back_connect || st->back_listen;

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
	if (!(st->connect_timeout_s > 0 && st->connect_timeout_s <= 86400))
		return usage_error(error, "--connect-timeout wants seconds between 0 and 86400");
	o->connect_timeout_ms = (guint)(st->connect_timeout_s * 1000.0);
	if (!(st->reply_timeout_s >= 0 && st->reply_timeout_s <= 86400))
		return usage_error(error, "--reply-timeout wants seconds between 0 (never) and 86400");
	o->reply_timeout_ns = (guint64)(st->reply_timeout_s * 1e9);
	o->stall_timeout_ns = (guint64)(st->stall_timeout_s * 1e9);
	if (st->stall_timeout_given && o->rings_ms == 0)
		return usage_error(error, "--stall-timeout is about the rings: add --rings");
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

	if (o->unwrap_path != NULL) {
		if (live || o->wrap_path != NULL || o->read_path != NULL || o->list_sockets)
			return usage_error(error, "--unwrap PATH puts a wrapped socket back; it "
			                          "takes no other socket or capture option");
		return TRUE;
	}
	if (o->wrap_path != NULL) {
		if (live || o->read_path != NULL || o->list_sockets)
			return usage_error(error, "--wrap PATH is both sockets at once: no -l, -c, "
			                          "--front-connect, --back-listen, -r or -D with it");
		if (*o->wrap_path == '\0')
			return usage_error(error, "the --wrap socket path is empty");
		if (st->socket_mode != NULL)
			return usage_error(error, "--wrap gives its socket the original's mode; "
			                          "--socket-mode does not apply");
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
		if (o->rings_ms != 0)
			return usage_error(error,
			                   "--rings reads the guest memory of a live session; "
			                   "a capture holds none (not with -r)");
	} else if (o->wrap_path == NULL) {
		if (!live)
			return usage_error(error, "nothing to do: give a front-end and a back-end "
			                          "socket (-l PATH -c PATH), --wrap PATH, -r FILE, "
			                          "or -D");
		if (!pick_side("front-end", "-l/--front-listen", st->front_listen,
		               "--front-connect", st->front_connect, &o->front_path, &o->front_role,
		               error))
			return FALSE;
		if (!pick_side("back-end", "--back-listen", st->back_listen, "-c/--back-connect",
		               st->back_connect, &o->back_path, &o->back_role, error))
			return FALSE;
		if (strcmp(o->front_path, o->back_path) == 0)
			return usage_error(error,
			                   "the front-end and back-end sockets are the same "
			                   "path: vhostsniff needs two sockets to sit between "
			                   "the peers");
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
	    {"wrap", 0, 0, G_OPTION_ARG_FILENAME, &opts->wrap_path,
	     "Sit on PATH, a socket a peer listens on, without changing either peer: its file "
	     "moves aside while vhostsniff runs and comes back when it stops",
	     "PATH"},
	    {"unwrap", 0, 0, G_OPTION_ARG_FILENAME, &opts->unwrap_path,
	     "Put back the socket a killed vhostsniff --wrap PATH left aside", "PATH"},
	    {"read", 'r', 0, G_OPTION_ARG_FILENAME, &opts->read_path,
	     "Read messages from a pcapng capture instead of relaying", "FILE"},
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
	     "Name device feature bits for this virtio device type (net, blk, fs, ...)", "TYPE"},
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
	    {"stall-timeout", 0, 0, G_OPTION_ARG_CALLBACK, (void *)on_stall_timeout,
	     "With --rings: a started ring with requests in flight whose used index stands "
	     "still this long is stalled (default 2; 0 = never)",
	     "SECONDS"},
	    {"version", 'V', 0, G_OPTION_ARG_NONE, &st.version, "Print the version and exit", NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- watch a vhost-user session");
	GOptionGroup *group = g_option_group_new(PACKAGE_NAME, "vhostsniff options",
	                                         "Show vhostsniff options", &st, NULL);
	gboolean ok;

	memset(opts, 0, sizeof(*opts));
	opts->socket_mode = 0600;
	opts->queue = DEFAULT_QUEUE;
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
	    "  vhostsniff -l A -c B --ui                            # watch it in the curses UI\n"
	    "  vhostsniff -D                                        # the vhost-user sockets "
	    "of this host");
	g_option_context_set_description(
	    ctx, "Exactly one front-end option (-l or --front-connect) and one back-end option\n"
	         "(-c or --back-listen). Each front-end connection is a new session; vhostsniff\n"
	         "waits for the next one when a session ends. See vhostsniff(1).");

	ok = g_option_context_parse(ctx, argc, argv, error);
	if (ok && st.version) {
		print_version();
		exit(0);
	}
	if (ok && *argc > 1)
		ok = usage_error(error, "unexpected argument '%s'", (*argv)[1]);
	if (ok)
		ok = check_options(&st, error);

	g_free(st.front_listen);
	g_free(st.front_connect);
	g_free(st.back_connect);
	g_free(st.back_listen);
	g_free(st.format);
	g_free(st.socket_mode);
	g_free(st.device);
	return ok;
}

void vs_options_clear(struct vs_options *opts)
{
	g_free(opts->front_path);
	g_free(opts->back_path);
	g_free(opts->read_path);
	g_free(opts->write_path);
	g_free(opts->wrap_path);
	g_free(opts->unwrap_path);
	vs_wrap_free(opts->wrap);
	g_free(opts->ui_filter);
	memset(opts, 0, sizeof(*opts));
}
