/*
 * Writing lines to a stdio stream without ever taking the program down: a
 * reader that went away (vhostsniff ... | head) must not break the session
 * vhostsniff relays, so SIGPIPE is ignored (main) and a failed stream is
 * reported once and then left alone.
 */
#include <errno.h>
#include <string.h>

#include "sniffer/sinks.h"
#include "sniffer/vhostsniff.h"

static void output_failed(gboolean *failed, int err)
{
	if (*failed)
		return;
	*failed = TRUE;
	vs_warn("cannot write the output any more (%s); no more lines, the relay goes on",
	        g_strerror(err));
}

gboolean vs_sink_output(FILE *out, const char *text, size_t len, gboolean *failed)
{
	if (*failed)
		return FALSE;
	if (fwrite(text, 1, len, out) != len) {
		output_failed(failed, errno);
		return FALSE;
	}
	return TRUE;
}

void vs_sink_output_flush(FILE *out, gboolean *failed)
{
	if (*failed)
		return;
	if (fflush(out) != 0)
		output_failed(failed, errno);
}
