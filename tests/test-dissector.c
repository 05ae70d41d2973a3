/*
 * Unit tests of the dissector library, one binary, one topic per file:
 * request and name tables, the reader, decoding of every request of every
 * channel, the payload layouts in detail, malformed input, replies as real
 * peers send them, the session state machine, rendering, the capture
 * pseudo-header, the feature names against the Linux uapi headers, and ring
 * snapshots over guest memory.
 *
 * Each test runs in a subprocess (test_add) and the run keeps going after a
 * failure, so one report lists every failing case.
 */
#include "tests/test-dissector-util.h"

int main(int argc, char **argv)
{
	/* --keep-going first, so that a failed case does not end the run. */
	g_autofree char **args = g_new0(char *, (size_t)argc + 2);

	args[0] = argv[0];
	args[1] = (char *)"--keep-going";
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	argc++;
	argv = args;
	g_test_init(&argc, &argv, NULL);
	test_requests_register();
	test_reader_register();
	test_uapi_register();
	test_pseudo_register();
	test_decode_register();
	test_layouts_register();
	test_malformed_register();
	test_replies_register();
	test_session_register();
	test_render_register();
	test_ring_register();
	test_identify_register();
	test_payload_register();
	test_payload_decode_register();
	return g_test_run();
}
