/*
 * What vu-payload.c asks of the decoders of each device (vu-payload-*.c);
 * not part of the library's API. One row per device: adding a device is
 * adding a file and a row.
 */
#ifndef VU_PAYLOAD_INT_H
#define VU_PAYLOAD_INT_H

#include "dissector/vu-payload.h"

struct vu_payload_device {
	uint8_t device;    /* enum vu_device_type */
	const char *event; /* the JSON event and the UI's filter word */
	/* Fill the device's part of info (info is zeroed, its device set). */
	void (*decode)(const struct vu_payload *p, const struct vu_payload_context *ctx,
	               struct vu_payload_info *info);
	/* What a request says, kept until its completion (vu_session_payload). */
	void (*request)(const struct vu_payload_info *info, struct vu_payload_request *req);
	/* The summary after "vring 1 avail head 3: " (no newline). */
	void (*text)(const struct vu_payload *p, const struct vu_payload_context *ctx,
	             const struct vu_payload_info *info, struct vu_str *out);
	/* The -v lines, each starting with indent and ending with a newline. */
	void (*tree)(const struct vu_payload *p, const struct vu_payload_context *ctx,
	             const struct vu_payload_info *info, const char *indent, struct vu_str *out);
	/* The device's JSON member: ,"blk":{...} */
	void (*json)(const struct vu_payload *p, const struct vu_payload_context *ctx,
	             const struct vu_payload_info *info, struct vu_str *out);
};

extern const struct vu_payload_device vu_payload_device_net;
extern const struct vu_payload_device vu_payload_device_blk;
extern const struct vu_payload_device vu_payload_device_fs;
extern const struct vu_payload_device vu_payload_device_vsock;

/* A row of vu-fuse.def (its comment says what the fields mean). */
struct vu_fuse_op {
	const char *name;
	uint32_t opcode;
	uint8_t names, name_at;
	bool setxattr, io, open_flags, no_reply, newer;
};
const struct vu_fuse_op *vu_fuse_ops(size_t *count);

/* The row of a device, NULL when none decodes it. */
const struct vu_payload_device *vu_payload_device_of(uint8_t device);

/* A value and its name: the tables of the decoders (tcpdump's struct tok). */
struct vu_payload_name {
	uint32_t value;
	const char *name;
};
/* The name of value in the n rows of table, NULL when none has it. */
const char *vu_payload_name_of(const struct vu_payload_name *table, size_t n, uint32_t value);
#define VU_PAYLOAD_NAME_OF(table, value)                                                           \
	vu_payload_name_of((table), sizeof(table) / sizeof((table)[0]), (value))
/* name, or "unknown (N)" in buf when NULL. */
const char *vu_payload_name_or_number(const char *name, uint32_t value, char *buf, size_t cap);

/* What the request p (decoded as info) says, to keep until its completion. */
void vu_payload_request_of(const struct vu_payload *p, const struct vu_payload_info *info,
                           struct vu_payload_request *req);

/* "12345 ns" as text: " 12.3us", as tcpdump-like short units. */
void vu_payload_put_latency(uint64_t ns, struct vu_str *out);
/* Bytes as printable text: a name that may hold anything ("a\x01b"). */
void vu_payload_put_name(const uint8_t *bytes, size_t n, struct vu_str *out);
/* The same as a JSON string. */
void vu_payload_put_json_name(const uint8_t *bytes, size_t n, struct vu_str *out);

#endif
