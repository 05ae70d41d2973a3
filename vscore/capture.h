/*
 * Captures: the pcapng sink (-w) and the capture reader (-r). The format is
 * doc/capture-format.md; reading a capture gives back the records the relay
 * produced, so every other sink works the same live and offline.
 */
#ifndef VS_CAPTURE_H
#define VS_CAPTURE_H

#include <stdio.h>

#include <glib.h>

#include "vscore/record.h"

#define VS_CAPTURE_ERROR (vs_capture_error_quark())
GQuark vs_capture_error_quark(void);

enum vs_capture_error {
	VS_CAPTURE_ERROR_OPEN,      /* the file cannot be opened or created */
	VS_CAPTURE_ERROR_IO,        /* read or write failed */
	VS_CAPTURE_ERROR_FORMAT,    /* not pcapng/pcap, or a damaged block */
	VS_CAPTURE_ERROR_TRUNCATED, /* the file ends inside a block (writer killed) */
};

/* tcpdump-style rotation; zero fields mean "never". */
struct vs_capture_rotation {
	guint64 max_bytes; /* -C: start the next file before one grows past this */
	guint seconds;     /* -G: start the next file every this many seconds */
};

/*
 * The pcapng sink. path "-" writes to standard output. Fails (NULL and
 * *error) only when the first file cannot be opened; a later write error is
 * reported once on stderr, recording stops, and the sink keeps accepting
 * records so the relay goes on. sink->close closes the file and frees the sink.
 */
struct vs_sink *vs_pcapng_sink_new(const char *path, GError **error);
/* --packets-file: the net frames of the DATA records alone (without the
 * virtio-net header), one Ethernet interface (link type 1) per session and
 * queue, for tcpdump and libpcap; nothing else of the records. */
struct vs_sink *vs_pcapng_frames_sink_new(const char *path, GError **error);
struct vs_sink *vs_pcapng_sink_new_rotating(const char *path,
                                            const struct vs_capture_rotation *rotation,
                                            GError **error);

/*
 * Read a capture ("-" = standard input) and hand every record of ours to fn,
 * in file order. fn owns the record (vs_record_free it). Frames naming another
 * dissector are skipped. Returns FALSE with *error when the file cannot be
 * read or is damaged; when it ends inside a block (a writer killed mid-write)
 * every complete record has been delivered and the error is
 * VS_CAPTURE_ERROR_TRUNCATED, which a caller may treat as a warning.
 */
typedef void (*vs_record_fn)(struct vs_record *r, gpointer user_data);
gboolean vs_capture_read(const char *path, vs_record_fn fn, gpointer user_data, GError **error);
/* The same from an open stream (name is what messages call it); f stays open. */
gboolean vs_capture_read_stream(FILE *f, const char *name, vs_record_fn fn, gpointer user_data,
                                GError **error);

#endif
