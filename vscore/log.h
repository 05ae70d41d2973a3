/*
 * Logging, shared by the program, the UI and the tests: one logging function
 * and one fatal(), in the spirit of tmux's log.c: no error handling invented
 * per call site.
 */
#ifndef VS_LOG_H
#define VS_LOG_H

#include <glib.h>

#include "config.h"

/* Messages on stderr below this level are shown; -v raises it. */
enum vs_log_level {
	VS_LOG_ERROR = 0, /* always shown */
	VS_LOG_WARN = 0,  /* always shown */
	VS_LOG_INFO = 1,  /* -v: sessions, connects, listeners */
	VS_LOG_DEBUG = 2, /* -vv: every retry, every pause of a direction */
};

void vs_log_set_level(int level);
int vs_log_level(void);

/* "vhostsniff: " + the sentence on stderr, when level <= the set level. */
void vs_log(int level, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
#define vs_warn(...)  vs_log(VS_LOG_WARN, __VA_ARGS__)
#define vs_info(...)  vs_log(VS_LOG_INFO, __VA_ARGS__)
#define vs_debug(...) vs_log(VS_LOG_DEBUG, __VA_ARGS__)

/* Print the sentence and exit(1). For start-up errors only: never on the relay path. */
G_NORETURN void vs_fatal(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Nanoseconds since the epoch (CLOCK_REALTIME), the time base of every record. */
guint64 vs_now_ns(void);

#endif
