/*
 * Diagnostics on stderr: one short line each, prefixed with the program name.
 * Lines are written whole with one write so that the relay thread and the
 * pipeline thread never interleave inside a line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vscore/log.h"

static int log_level = VS_LOG_WARN;

void vs_log_set_level(int level)
{
	log_level = level;
}

int vs_log_level(void)
{
	return log_level;
}

G_GNUC_PRINTF(1, 0) static void log_write(const char *fmt, va_list ap)
{
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	g_autofree char *line = g_strdup_printf("%s: %s\n", PACKAGE_NAME, text);
	size_t len = strlen(line);
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(STDERR_FILENO, line + done, len - done);
		if (n <= 0)
			return;
		done += (size_t)n;
	}
}

void vs_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	log_write(fmt, ap);
	va_end(ap);
}

void vs_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write(fmt, ap);
	va_end(ap);
	exit(1);
}

guint64 vs_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (guint64)ts.tv_sec * 1000000000ull + (guint64)ts.tv_nsec;
}
