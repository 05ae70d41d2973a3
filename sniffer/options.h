/*
 * The command line: what vhostsniff was asked to do, parsed once by
 * GOptionContext and read by main, the relay and the sinks.
 */
#ifndef VS_OPTIONS_H
#define VS_OPTIONS_H

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "vscore/record.h"

struct vs_wrap;
struct vs_inject;

enum vs_output_format {
	VS_OUTPUT_TEXT = 0,
	VS_OUTPUT_JSON = 1,
};

/* The longest port label (--map LABEL:..., --wrap LABEL:PATH). */
#define VS_PORT_LABEL_MAX 32

/*
 * One port: a front-end socket and a back-end socket vhostsniff sits between.
 * -l/-c (or --front-connect/--back-listen) make one, each --map and --wrap
 * another; one vhostsniff relays them all, and their sessions are numbered
 * in one sequence.
 */
struct vs_port {
	char *label;       /* given, or "portN" (N: its place among the ports, from 1) */
	gboolean labelled; /* the user gave the label */
	char *front_path;
	enum vs_role front_role;
	char *back_path;
	enum vs_role back_role;
	/* --wrap PATH: sit on a peer's listening socket (main sets the paths and
	 * roles above from it) */
	char *wrap_path;
	struct vs_wrap *wrap;
};

struct vs_options {
	/* live: the ports, in command-line order (that of -l/-c first) */
	GPtrArray *ports; /* struct vs_port * */
	/* Records carry their port's label: more than one port, or a label given.
	 * With one unlabelled port the output is that of a single-port run. */
	gboolean show_ports;
	guint socket_mode;        /* of the sockets vhostsniff listens on */
	guint connect_timeout_ms; /* how long a connect is retried before giving up */

	/* -D: list the vhost-user sockets of this host instead of relaying */
	gboolean list_sockets;
	/* --unwrap PATH: put one back after a SIGKILL */
	char *unwrap_path;

	/* --diff A B: compare two captures (or sessions, FILE#N) instead of relaying */
	char *diff_a, *diff_b;

	/* --replay FILE: play one peer of a recorded session against a live
	 * other peer and compare (sniffer/replay.h); the player's side of the
	 * port is its socket */
	char *replay_path;
	gboolean replay_back; /* --replay-as back-end (the default: front-end) */
	guint replay_session; /* --replay-session N; 0 = the capture's first */

	/* offline: read a capture instead of relaying */
	char *read_path;
	/* record a pcapng capture */
	char *write_path;
	gint64 rotate_mb;    /* -C: a new file past this many million bytes; 0 = never */
	gint rotate_seconds; /* -G: a new file every this many seconds; 0 = never */

	gboolean ui;     /* --ui: the curses UI instead of lines */
	char *ui_filter; /* --filter: the UI's first display filter */

	enum vs_output_format format;
	gboolean quiet;             /* no lines on stdout */
	int verbose;                /* -v count: field tree, then hex dump */
	gboolean numbers;           /* -#: prefix each text line with the frame number */
	enum vu_device_type device; /* names device feature bits; unknown = from the session */
	/* --dialect qemu|crosvm: the numbering of requests and protocol bits;
	 * dialect_given FALSE (auto) = from each session's evidence */
	enum vu_dialect dialect;
	gboolean dialect_given;

	gint sessions; /* exit after this many sessions ended; 0 = never */
	gint64 count;  /* exit after this many messages; 0 = never */
	gint queue;    /* records the pipeline may hold before it drops */

	gboolean stats;           /* --stats: a report at the end of each session */
	guint64 reply_timeout_ns; /* a request unanswered this long is a finding; 0 = never */

	/* --rings[=MS]: read the guest's rings every rings_ms while started; 0 = off
	 * (then nothing of the data plane runs: no fd kept, no guest memory read) */
	guint rings_ms;
	guint64 stall_timeout_ns; /* --stall-timeout: a ring still this long is stalled */
	/* --packets (sets rings_ms when not given): every ring entry recorded;
	 * -s/--snaplen: bytes kept of each buffer part; --packets-file: the net
	 * frames alone, as an Ethernet pcapng */
	gboolean packets;
	gint64 snaplen;
	gchar *packets_file;

	/* --kicks: the kick, call and error eventfds are interposed (sniffer/kick.h);
	 * FALSE: they pass unchanged and nothing of it runs */
	gboolean kicks;

	/* --inject RULE, repeatable (sniffer/inject.h); NULL: none, and nothing of it runs */
	struct vs_inject *inject;
};

/*
 * Parse argv into opts. On a usage error returns FALSE with a sentence in
 * *error (the caller prints it and exits 2). --help and --version print and
 * exit 0 from inside.
 */
gboolean vs_options_parse(struct vs_options *opts, int *argc, char ***argv, GError **error);
void vs_options_clear(struct vs_options *opts);

const char *vs_role_name(enum vs_role role); /* "listen", "connect" */

static inline struct vs_port *vs_options_port(const struct vs_options *opts, guint i)
{
	return g_ptr_array_index(opts->ports, i);
}

/* TRUE for a label a port may have: letters, digits, '.', '_', '-', at most
 * VS_PORT_LABEL_MAX, not "listen" or "connect" (the role prefixes of --map). */
gboolean vs_port_label_valid(const char *label);

#endif
