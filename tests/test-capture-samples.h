/*
 * A fixed set of records for the capture tests: two sessions with the usual
 * handshake, fds of every kind, the back-end channel, replies, and malformed
 * messages. The bytes are built here by hand from the protocol reference,
 * not by code under test.
 */
#ifndef TEST_CAPTURE_SAMPLES_H
#define TEST_CAPTURE_SAMPLES_H

#include <glib.h>

#include "vscore/record.h"

/* The records in order (owned by the array; free with g_ptr_array_unref). */
GPtrArray *test_capture_samples(void);

/* Compare two records field by field; on a difference return FALSE and say
 * which field in *why (g_free it). */
gboolean test_capture_record_equal(const struct vs_record *a, const struct vs_record *b,
                                   char **why);

#endif
