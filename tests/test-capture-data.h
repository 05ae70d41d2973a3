/*
 * Data-plane samples for the capture tests (test-capture-data.c): a capture
 * of kind-8 records written block by block, and the fields tshark must show.
 */
#ifndef TEST_CAPTURE_DATA_H
#define TEST_CAPTURE_DATA_H

#include <glib.h>

/* Write the capture to path and the expected tshark fields to expected_path. */
gboolean test_capture_write_data(const char *path, const char *expected_path);

#endif
