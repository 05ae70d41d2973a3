/*
 * The protocol reference's request tables (§2, §3, Appendix A), typed in
 * again for the tests, so that the library's table is checked against a
 * second reading of the reference rather than against itself.
 */
#ifndef VU_TEST_DISSECTOR_REFERENCE_H
#define VU_TEST_DISSECTOR_REFERENCE_H

#include "dissector/vu-dissector.h"

struct test_ref_request {
	unsigned number;
	const char *name;     /* without the VHOST_USER_ prefix */
	const char *old_name; /* without the prefix, or NULL */
	const char *path;     /* test path component: "set-mem-table" */
	enum vu_payload_kind request;
	enum vu_payload_kind reply; /* VU_PAYLOAD_ACK: only a REPLY_ACK when NEED_REPLY */
	unsigned fds_min, fds_max, reply_fds;
	bool always_replied;
	int gate;        /* protocol feature (VU_PF_*), or VU_GATE_NONE */
	int gate_virtio; /* virtio feature (VU_F_*), or VU_GATE_NONE */
	bool per_device;
	bool deprecated;
	/* The field that carries the number of a vring state or plain u64 payload. */
	enum vu_field_id request_value;
	enum vu_field_id reply_value;
};

extern const struct test_ref_request test_ref_main[];
extern const size_t test_ref_main_count;
extern const struct test_ref_request test_ref_backend[];
extern const size_t test_ref_backend_count;
extern const struct test_ref_request test_ref_gpu[];
extern const size_t test_ref_gpu_count;

/* The reference table of a channel. */
const struct test_ref_request *test_ref_table(enum vu_channel channel, size_t *count);

#endif
