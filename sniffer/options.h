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

enum vs_output_format {
	VS_OUTPUT_TEXT = 0,
	VS_OUTPUT_JSON = 1,
};

struct vs_options {
	/* live: exactly one front and one back socket */
	char *front_path;
	enum vs_role front_role;
	char *back_path;
	enum vs_role back_role;
	guint socket_mode;        /* of the sockets vhostsniff listens on */
	guint connect_timeout_ms; /* how long a connect is retried before giving up */

	/* -D: list the vhost-user sockets of this host instead of relaying */
	gboolean list_sockets;
	/* --wrap PATH: sit on a peer's listening socket (main sets the paths and
	 * roles above from it); --unwrap PATH: put one back after a SIGKILL */
	char *wrap_path;
	struct vs_wrap *wrap;
	char *unwrap_path;

	/* offline: read a capture instead of relaying */
	char *read_path;
	/* record a pcapng capture */
	char *write_path;
	gint64 rotate_mb;      /* -C: a new file past this many million bytes; 0 = never */
	gint rotate_seconds;   /* -G: a new file every this many seconds; 0 = never */

	gboolean ui;     /* --ui: the curses UI instead of lines */
	char *ui_filter; /* --filter: the UI's first display filter */

	enum vs_output_format format;
	gboolean quiet;             /* no lines on stdout */
	int verbose;                /* -v count: field tree, then hex dump */
	gboolean numbers;           /* -#: prefix each text line with the frame number */
	enum vu_device_type device; /* names device feature bits; unknown = from the session */

	gint sessions; /* exit after this many sessions ended; 0 = never */
	gint64 count;  /* exit after this many messages; 0 = never */
	gint queue;    /* records the pipeline may hold before it drops */

	gboolean stats;          /* --stats: a report at the end of each session */
	guint64 reply_timeout_ns; /* a request unanswered this long is a finding; 0 = never */

	/* --rings[=MS]: read the guest's rings every rings_ms while started; 0 = off
	 * (then nothing of the data plane runs: no fd kept, no guest memory read) */
	guint rings_ms;
	guint64 stall_timeout_ns; /* --stall-timeout: a ring still this long is stalled */
};

/*
 * Parse argv into opts. On a usage error returns FALSE with a sentence in
 * *error (the caller prints it and exits 2). --help and --version print and
 * exit 0 from inside.
 */
gboolean vs_options_parse(struct vs_options *opts, int *argc, char ***argv, GError **error);
void vs_options_clear(struct vs_options *opts);

const char *vs_role_name(enum vs_role role); /* "listen", "connect" */

#endif
