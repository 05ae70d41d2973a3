/*
 * vhostsniff dissector: the vhost-user protocol as data and a decoder.
 *
 * libc only: no I/O, no mutable globals, and every allocation is freed by the
 * function that owns it (vu_str_free, vu_session_free). The CLI, the UI, the
 * Wireshark plugin and the fuzzers all link this same code.
 */
#ifndef VU_DISSECTOR_H
#define VU_DISSECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- wire constants (protocol reference §1) ---------------------------- */

#define VU_HDR_SIZE          12u
#define VU_FLAG_VERSION_MASK 0x3u
#define VU_FLAG_VERSION      0x1u
#define VU_FLAG_REPLY        0x4u
#define VU_FLAG_NEED_REPLY   0x8u
/* The largest legal payload: VhostUserShMemConfig, 8 + 256 * 8. */
#define VU_MAX_PAYLOAD     2056u
#define VU_MAX_FDS         8u
#define VU_MAX_REGIONS     8u
#define VU_MAX_CONFIG_SIZE 256u
#define VU_VRING_IDX_MASK  0xffull
#define VU_VRING_NOFD_MASK 0x100ull

enum vu_channel {
	VU_CHANNEL_MAIN = 0,    /* front-end <-> back-end socket */
	VU_CHANNEL_BACKEND = 1, /* socket from SET_BACKEND_REQ_FD */
	VU_CHANNEL_GPU = 2,     /* socket from GPU_SET_SOCKET */
	VU_CHANNEL_COUNT
};

enum vu_direction {
	VU_FROM_FRONT = 0,
	VU_FROM_BACK = 1,
};

const char *vu_channel_name(enum vu_channel channel);  /* "main", "backend", "gpu" */
const char *vu_direction_name(enum vu_direction from); /* "front", "back" */

/* ---- the bounds-checked reader ----------------------------------------- */

/*
 * Every read of message bytes goes through this. A read past the end
 * returns false, leaves *out at 0 and sets r->overrun; nothing is read
 * beyond r->len. Numbers are little-endian (x86/Arm hosts; reference §1.2).
 */
struct vu_reader {
	const uint8_t *data;
	size_t len;
	bool overrun;
};

/*
 * Defined here, static inline: a decoder reads a message field by field, and
 * a call per field was a fifth of the --packets walker's time (make bench);
 * inlined, a read at a constant offset is a compare and a load.
 */
static inline void vu_reader_init(struct vu_reader *r, const uint8_t *data, size_t len)
{
	r->data = data;
	r->len = data != NULL ? len : 0;
	r->overrun = false;
}

static inline bool vu_reader_has(const struct vu_reader *r, size_t offset, size_t n)
{
	/* Written so that offset + n cannot overflow. */
	return offset <= r->len && n <= r->len - offset;
}

/* Pointer to n bytes at offset, or NULL (and overrun) when they are not all there. */
static inline const uint8_t *vu_reader_bytes(struct vu_reader *r, size_t offset, size_t n)
{
	if (!vu_reader_has(r, offset, n)) {
		r->overrun = true;
		return NULL;
	}
	return r->data + offset;
}

/* Numbers at p, little-endian (the wire is the host's order, and every
 * peer we know runs little-endian: reference §1.2) or big-endian. Written
 * out byte by byte, so that the compiler makes each one load; only for
 * bytes the reader has checked. */
static inline uint16_t vu_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t vu_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t vu_get_le64(const uint8_t *p)
{
	return (uint64_t)vu_get_le32(p) | (uint64_t)vu_get_le32(p + 4) << 32;
}

static inline uint16_t vu_get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t vu_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* v at p, little-endian, in n bytes (at most 8), as the records vhostsniff
 * writes store their numbers; where the next field goes. */
static inline uint8_t *vu_put_le(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
	return p + n;
}

static inline bool vu_reader_u8(struct vu_reader *r, size_t offset, uint8_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, 1);

	*out = p != NULL ? p[0] : 0;
	return p != NULL;
}

static inline bool vu_reader_u16(struct vu_reader *r, size_t offset, uint16_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, 2);

	*out = p != NULL ? vu_get_le16(p) : 0;
	return p != NULL;
}

static inline bool vu_reader_u32(struct vu_reader *r, size_t offset, uint32_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, 4);

	*out = p != NULL ? vu_get_le32(p) : 0;
	return p != NULL;
}

static inline bool vu_reader_u64(struct vu_reader *r, size_t offset, uint64_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, 8);

	*out = p != NULL ? vu_get_le64(p) : 0;
	return p != NULL;
}

static inline bool vu_reader_be16(struct vu_reader *r, size_t offset, uint16_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, 2);

	*out = p != NULL ? vu_get_be16(p) : 0;
	return p != NULL;
}

static inline bool vu_reader_be32(struct vu_reader *r, size_t offset, uint32_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, 4);

	*out = p != NULL ? vu_get_be32(p) : 0;
	return p != NULL;
}

/* ---- name tables --------------------------------------------------------- */

struct vu_bit_name {
	unsigned bit;
	const char *name;
	bool unverified; /* the reference marks it unverified / not in Linux uapi */
	/* A dialect's bit: the upstream bits (VU_BIT(VU_PF_*)) it stands for, 0 none. */
	uint64_t means;
};

struct vu_bit_table {
	const char *id; /* "protocol", "transport", "net", "blk", ... */
	const struct vu_bit_name *bits;
	size_t count;
};

enum vu_device_type {
	VU_DEVICE_UNKNOWN = 0,
	VU_DEVICE_NET = 1,
	VU_DEVICE_BLK = 2,
	VU_DEVICE_CONSOLE = 3,
	VU_DEVICE_RNG = 4,
	VU_DEVICE_SCSI = 8,
	VU_DEVICE_GPU = 16,
	VU_DEVICE_INPUT = 18,
	VU_DEVICE_VSOCK = 19,
	VU_DEVICE_CRYPTO = 20,
	VU_DEVICE_FS = 26,
	VU_DEVICE_SOUND = 25,
	VU_DEVICE_I2C = 34,
	VU_DEVICE_GPIO = 41,
};

/*
 * Dialects: numberings of requests and protocol bits that differ from
 * QEMU's docs/interop/vhost-user.rst. VU_DIALECT_QEMU is that upstream
 * numbering (and what a session without other evidence speaks);
 * VU_DIALECT_CROSVM adds the rows of vu-requests.def and vu-features.def
 * that crosvm numbered its own way (third_party/vmm_vhost/src/message.rs).
 */
enum vu_dialect { VU_DIALECT_QEMU = 0, VU_DIALECT_CROSVM = 1, VU_DIALECT_COUNT };

const char *vu_dialect_name(enum vu_dialect dialect); /* "qemu", "crosvm" */
/* By name, any case; false for a name no dialect has. */
bool vu_dialect_by_name(const char *name, enum vu_dialect *out);

const struct vu_bit_table *vu_protocol_feature_table(void);
/* A dialect's own protocol bits (those it numbers unlike upstream), or NULL. */
const struct vu_bit_table *vu_dialect_protocol_table(enum vu_dialect dialect);
/* The protocol bits of a dialect: its own rows first, then upstream's. */
const char *vu_protocol_bit_name(enum vu_dialect dialect, unsigned bit);
/* Protocol bits in a dialect's numbering as upstream's features they stand
 * for: the dialect's own bits give way to their .means (crosvm's SHMEM_MAP at
 * 20 or 21 is upstream's SHMEM, its SHARED_MEMORY_REGIONS none of upstream's).
 * What a request's gate, the ring's addresses and a layout go by. */
uint64_t vu_protocol_bits_upstream(enum vu_dialect dialect, uint64_t bits);
/* A bit only the dialect numbers (none of upstream's rows has it), so that a
 * peer offering it speaks that dialect: crosvm's bit 31. */
bool vu_protocol_bit_dialect_only(enum vu_dialect dialect, unsigned bit);
const struct vu_bit_table *vu_transport_feature_table(void);
/* Device-specific feature bits (0-23 and 50-63); NULL for an unknown type. */
const struct vu_bit_table *vu_device_feature_table(enum vu_device_type type);
const struct vu_bit_table *vu_device_feature_table_by_id(const char *id);
const char *vu_device_type_name(enum vu_device_type type);
/* By the name vu_device_type_name gives, any case; false when none has it. */
bool vu_device_type_by_name(const char *name, enum vu_device_type *out);
/* Every device type that has a name, in a fixed order; *count set. */
const enum vu_device_type *vu_device_types(size_t *count);
/* Name of one virtio feature bit: transport first, then the device table. */
const char *vu_feature_bit_name(enum vu_device_type type, unsigned bit);
const char *vu_bit_table_lookup(const struct vu_bit_table *t, unsigned bit);

/* virtio device status bits (reference §4.11) */
const struct vu_bit_table *vu_status_bit_table(void);

/* Every feature and status bit by name (vu-features.def): VU_PF_MQ = 0,
 * VU_F_VERSION_1 = 32, VU_NET_F_MAC = 5, VU_STATUS_DRIVER_OK = 2, ...: bit
 * numbers; VU_BIT(VU_PF_REPLY_ACK) is the mask. */
#define VU_BIT(bit) (1ull << (bit))

/* clang-format off */
#define VU_FEATURE_TABLE(stem, type)  enum type {
#define VU_FEATURE(prefix, name, ...) VU_##prefix##_##name = VU_FEATURE_BIT_(__VA_ARGS__, 0),
#define VU_FEATURE_AS(prefix, id, name, ...) VU_##prefix##_##id = VU_FEATURE_BIT_(__VA_ARGS__, 0),
#define VU_FEATURE_BIT_(bit, ...)     bit
#define VU_FEATURE_TABLE_END          };
#include "dissector/vu-features.def"
#undef VU_FEATURE_TABLE
#undef VU_FEATURE
#undef VU_FEATURE_AS
#undef VU_FEATURE_TABLE_END
/* clang-format on */

/* ---- the request table --------------------------------------------------- */

/* Identifiers of every field, index into vu_field_defs(). */
enum vu_field_id {
#define VU_FIELD(id, key, label, type, base, bits, mask, values) VU_FIELD_##id,
#include "dissector/vu-fields.def"
#undef VU_FIELD
	VU_FIELD_COUNT
};

enum vu_payload_kind {
	VU_PAYLOAD_NONE = 0, /* no payload */
	VU_PAYLOAD_U64,      /* plain number */
	VU_PAYLOAD_FEATURES, /* virtio feature bits */
	VU_PAYLOAD_PROTOCOL_FEATURES,
	VU_PAYLOAD_VRING_STATE, /* index, num */
	VU_PAYLOAD_VRING_ADDR,
	VU_PAYLOAD_VRING_FILE, /* u64: index bits 0-7, NOFD bit 8 */
	VU_PAYLOAD_MEM_TABLE,
	VU_PAYLOAD_MEM_REGION, /* ADD/REM_MEM_REG */
	VU_PAYLOAD_LOG,
	VU_PAYLOAD_IOTLB,
	VU_PAYLOAD_CONFIG,
	VU_PAYLOAD_VRING_AREA,
	VU_PAYLOAD_INFLIGHT,
	VU_PAYLOAD_STATUS,
	VU_PAYLOAD_SHARED,              /* UUID */
	VU_PAYLOAD_DEVICE_STATE,        /* transfer direction, phase */
	VU_PAYLOAD_DEVICE_STATE_RESULT, /* u64: error bits 0-7, invalid-fd bit 8 */
	VU_PAYLOAD_CRYPTO_SESSION,
	VU_PAYLOAD_MMAP, /* SHMEM_MAP/UNMAP */
	VU_PAYLOAD_SHMEM_CONFIG,
	VU_PAYLOAD_MAC, /* SEND_RARP: u64, first 6 bytes MAC */
	VU_PAYLOAD_ACK, /* REPLY_ACK u64: 0 = success */
	VU_PAYLOAD_RAW, /* bytes without a known layout (GPU socket) */
	VU_PAYLOAD_KIND_COUNT
};

const char *vu_payload_kind_name(enum vu_payload_kind kind);

struct vu_request_info {
	unsigned number;
	enum vu_channel channel;
	const char *name;     /* current: "VHOST_USER_SET_BACKEND_REQ_FD" */
	const char *old_name; /* "VHOST_USER_SET_SLAVE_REQ_FD" or NULL */
	const char *key;      /* short lower-case key: "set_backend_req_fd" */
	enum vu_payload_kind request_payload;
	enum vu_payload_kind reply_payload; /* VU_PAYLOAD_ACK: only a REPLY_ACK */
	uint8_t request_fds_min;
	uint8_t request_fds_max;
	uint8_t reply_fds_max;
	bool always_replied; /* a reply follows whether or not NEED_REPLY is set */
	/* Always replied too once this protocol feature (VU_PF_*) is acked, or VU_GATE_NONE. */
	int always_replied_with;
	int gate;        /* protocol feature (VU_PF_*) that gates it, or VU_GATE_NONE */
	int gate_virtio; /* virtio feature (VU_F_*) that gates it, or VU_GATE_NONE */
	bool deprecated;
	bool per_device; /* QEMU sends it once per device (reference §7.4) */
	/* The field a plain u64 payload, or the second word of a vring state,
	 * is in the request and in the reply (VU_FIELD_VRING_BASE, _MTU, ...). */
	enum vu_field_id request_field;
	enum vu_field_id reply_field;
	bool request_num_reserved; /* the request's vring num is unused and must be 0 */
	/* Real front-ends accept a reply of any size (the short source, quoted by
	 * reply.size_tolerated), or NULL: the reply must fit its layout. */
	const char *reply_tolerance;
	/* For a dialect's row (vu_request_dialect_table): that dialect, and
	 * whether no other numbering gives the number a meaning, so that seeing
	 * it tells the dialect. */
	enum vu_dialect dialect;
	bool dialect_only;
};

#define VU_GATE_NONE (-1)

/* Every request by name (vu-requests.def): VU_REQ_SET_VRING_ADDR = 9 on the
 * main socket, VU_BREQ_IOTLB_MSG = 1 on the back-end channel, VU_GPU_UPDATE
 * = 8 on the GPU socket; *_COUNT is the size of the channel's table. */
#define VU_REQUEST(channel, name, number, ...) VU_REQUEST_ENUM_##channel(name, number)
#define VU_REQUEST_ENUM_MAIN(name, number)     VU_REQ_##name = number,
#define VU_REQUEST_ENUM_BACKEND(name, number)
#define VU_REQUEST_ENUM_GPU(name, number)
#define VU_REQUEST_ENUM_CROSVM_MAIN(name, number)
#define VU_REQUEST_ENUM_CROSVM_BACKEND(name, number)
enum vu_request_main {
#include "dissector/vu-requests.def"
	VU_REQ_COUNT
};
#undef VU_REQUEST_ENUM_MAIN
#undef VU_REQUEST_ENUM_BACKEND
#define VU_REQUEST_ENUM_MAIN(name, number)
#define VU_REQUEST_ENUM_BACKEND(name, number) VU_BREQ_##name = number,
enum vu_request_backend {
#include "dissector/vu-requests.def"
	VU_BREQ_COUNT
};
#undef VU_REQUEST_ENUM_BACKEND
#undef VU_REQUEST_ENUM_GPU
#define VU_REQUEST_ENUM_BACKEND(name, number)
#define VU_REQUEST_ENUM_GPU(name, number) VU_GPU_##name = number,
enum vu_request_gpu {
#include "dissector/vu-requests.def"
	VU_GPU_COUNT
};
#undef VU_REQUEST_ENUM_GPU
#undef VU_REQUEST_ENUM_CROSVM_MAIN
#define VU_REQUEST_ENUM_GPU(name, number)
/* crosvm's own numbers (VU_DIALECT_CROSVM): VU_CROSVM_REQ_SLEEP = 42 on the
 * main socket, VU_CROSVM_BREQ_GPU_MAP = 12 on the back-end channel. */
#define VU_REQUEST_ENUM_CROSVM_MAIN(name, number) VU_CROSVM_REQ_##name = number,
enum vu_request_crosvm_main {
#include "dissector/vu-requests.def"
};
#undef VU_REQUEST_ENUM_CROSVM_MAIN
#undef VU_REQUEST_ENUM_CROSVM_BACKEND
#define VU_REQUEST_ENUM_CROSVM_MAIN(name, number)
#define VU_REQUEST_ENUM_CROSVM_BACKEND(name, number) VU_CROSVM_BREQ_##name = number,
enum vu_request_crosvm_backend {
#include "dissector/vu-requests.def"
};
#undef VU_REQUEST
#undef VU_REQUEST_ENUM_MAIN
#undef VU_REQUEST_ENUM_BACKEND
#undef VU_REQUEST_ENUM_GPU
#undef VU_REQUEST_ENUM_CROSVM_MAIN
#undef VU_REQUEST_ENUM_CROSVM_BACKEND

/* NULL for a number outside the channel's table. */
const struct vu_request_info *vu_request_lookup(enum vu_channel channel, uint32_t request);
/* Table of a channel (index == request number; entry 0 is NONE). */
const struct vu_request_info *vu_request_table(enum vu_channel channel, size_t *count);
/* Lookup by current or old name, with or without the "VHOST_USER_" prefix, any case. */
const struct vu_request_info *vu_request_by_name(enum vu_channel channel, const char *name);
/* The request of a dialect: its own row for the number, else upstream's. */
const struct vu_request_info *vu_request_lookup_dialect(enum vu_dialect dialect,
                                                        enum vu_channel channel, uint32_t request);
/* A dialect's own rows (crosvm's), in table order; *count set. */
const struct vu_request_info *vu_request_dialect_table(enum vu_dialect dialect, size_t *count);

/* ---- fds a message carries ---------------------------------------------- */

enum vu_fd_kind {
	VU_FD_UNKNOWN = 0,
	VU_FD_MEMFD,
	VU_FD_EVENTFD,
	VU_FD_SOCKET,
	VU_FD_PIPE,
	VU_FD_FILE,
	VU_FD_OTHER,
};

const char *vu_fd_kind_name(enum vu_fd_kind kind);

/* The fd vhostsniff handed over is its own, put in place of the one the
 * sender sent (--kicks: an eventfd of the interposer, sniffer/kick.h). */
#define VU_FD_F_INTERPOSED 0x1u

struct vu_fd_info {
	uint8_t kind;  /* enum vu_fd_kind */
	uint8_t flags; /* VU_FD_F_* */
	/* An eventfd's "eventfd-id" (/proc/PID/fdinfo, Linux 6.0+; 0 unknown):
	 * every eventfd has the same inode, this tells them apart. */
	uint32_t eventfd_id;
	uint64_t size;  /* st_size */
	uint64_t inode; /* st_ino */
	char name[40];  /* memfd name or link target, "" if none */
};

/* ---- the field tree ---------------------------------------------------- */

enum vu_field_type {
	VU_FT_NONE = 0, /* subtree label, no value */
	VU_FT_U8,
	VU_FT_U16,
	VU_FT_U32,
	VU_FT_U64,
	VU_FT_I64,
	VU_FT_BOOL,
	VU_FT_BYTES, /* raw bytes at offset/length */
	VU_FT_MAC,   /* 6 bytes */
	VU_FT_UUID,  /* 16 bytes */
};

enum vu_field_base {
	VU_BASE_DEC = 0,
	VU_BASE_HEX,
};

/* One declared field: its filter key is "vhostuser." + key in Wireshark. */
struct vu_field_def {
	const char *key;   /* "vring.index", "mem.region.guest_addr", "features" */
	const char *label; /* "Vring index" */
	enum vu_field_type type;
	enum vu_field_base base;
	const char *bits; /* bit-name table id for bitmask fields ("protocol", "virtio", "status",
	                     ...) or NULL */
	uint64_t mask;    /* for FT_BOOL flags carved out of a bigger field: the bit(s); else 0 */
	const char *const *values; /* names of values 0, 1, ..., NULL-terminated, or NULL */
};

const struct vu_field_def *vu_field_defs(size_t *count);
const struct vu_field_def *vu_field_def(enum vu_field_id id);

struct vu_field {
	uint16_t id;   /* enum vu_field_id */
	uint8_t depth; /* 0 = top level of the payload */
	uint8_t pad;
	uint16_t offset; /* from the first byte of the message header */
	uint16_t length;
	uint64_t value; /* numbers; for BYTES/MAC/UUID the bytes are at offset */
};

/* ---- findings (like Wireshark's expert info) ---------------------------- */

enum vu_severity {
	VU_SEV_NOTE = 0,
	VU_SEV_WARN = 1,
	VU_SEV_ERROR = 2,
};

enum vu_finding_code {
#define VU_FINDING(id, key, severity, text) VU_FIND_##id,
#include "dissector/vu-findings.def"
#undef VU_FINDING
	VU_FIND_COUNT
};

struct vu_finding_def {
	const char *key; /* "malformed.truncated" -> vhostuser.finding.<key> */
	enum vu_severity severity;
	const char *text; /* sentence template */
};

const struct vu_finding_def *vu_finding_defs(size_t *count);

#define VU_MAX_FINDINGS 8
#define VU_FINDING_TEXT 160

struct vu_finding {
	uint16_t code;   /* enum vu_finding_code */
	uint16_t offset; /* bytes the finding is about */
	uint16_t length;
	/* The message the finding is about when it is not the one carrying it
	 * (a request that was never answered); the caller's frame number, 0 = this. */
	uint64_t frame;
	char text[VU_FINDING_TEXT]; /* the sentence with this message's values */
};

const char *vu_severity_name(enum vu_severity severity); /* "note", "warn", "error" */

/* ---- decoding one message ----------------------------------------------- */

/* State the decoder needs that only the session knows. */
struct vu_decode_context {
	bool ring_packed;           /* VIRTIO_F_RING_PACKED acked */
	bool xen_mmap;              /* PF_XEN_MMAP negotiated: 40-byte regions */
	enum vu_device_type device; /* for naming device feature bits */
	enum vu_dialect dialect;    /* for naming requests and protocol bits */
	/* For a reply: the request it answers (0 = unknown), and whether that
	 * request had NEED_REPLY set. */
	uint32_t answered_request;
	bool answered_need_reply;
	/* For a reply to GET_CONFIG the request's size; 0 = unknown. */
	uint32_t answered_size;
};

struct vu_message {
	enum vu_channel channel;
	enum vu_direction from;
	const uint8_t *bytes; /* header + payload as it crossed the socket */
	size_t len;
	unsigned nfds;
	const struct vu_fd_info *fds; /* may be NULL */
	uint16_t inject;              /* VU_INJECT_*: what --inject did to it */
};

/* Enough for the largest layout: 256 shared-memory regions of 3 fields. */
#define VU_MAX_FIELDS 800

/*
 * The values of a payload, typed, beside the field tree (which is for
 * display): what the session reads. vu_decode fills the part of the view
 * that the payload's layout has; a value is there when its VU_HAS_* bit is
 * set, and a value a short or malformed message does not carry stays 0.
 * Numbers are kept as uint64_t whatever their width on the wire.
 */
enum vu_has {
	VU_HAS_NUMBER = 1u << 0, /* a plain u64: features, status, ack, result, MTU, ... */
	VU_HAS_VRING_INDEX = 1u << 1,
	VU_HAS_VRING_NUM = 1u << 2, /* a vring state's second word */
	VU_HAS_VRING_NOFD = 1u << 3,
	VU_HAS_VRING_ADDR_FLAGS = 1u << 4,
	VU_HAS_VRING_DESC = 1u << 5,
	VU_HAS_VRING_USED = 1u << 6,
	VU_HAS_VRING_AVAIL = 1u << 7,
	VU_HAS_VRING_LOG = 1u << 8,
	VU_HAS_LOG_SIZE = 1u << 9,
	VU_HAS_LOG_OFFSET = 1u << 10,
	VU_HAS_CONFIG_OFFSET = 1u << 11,
	VU_HAS_CONFIG_SIZE = 1u << 12,
	VU_HAS_CONFIG_FLAGS = 1u << 13,
	VU_HAS_CONFIG_DATA = 1u << 14,
	VU_HAS_INFLIGHT_MMAP_SIZE = 1u << 15,
	VU_HAS_INFLIGHT_MMAP_OFFSET = 1u << 16,
	VU_HAS_INFLIGHT_NUM_QUEUES = 1u << 17,
	VU_HAS_INFLIGHT_QUEUE_SIZE = 1u << 18,
	VU_HAS_DEVICE_STATE_DIRECTION = 1u << 19,
	VU_HAS_DEVICE_STATE_PHASE = 1u << 20,
	VU_HAS_DEVICE_STATE_RESULT = 1u << 21,
	VU_HAS_IOTLB_IOVA = 1u << 22,
	VU_HAS_IOTLB_SIZE = 1u << 23,
	VU_HAS_IOTLB_UADDR = 1u << 24,
	VU_HAS_IOTLB_PERM = 1u << 25,
	VU_HAS_IOTLB_TYPE = 1u << 26,
};

struct vu_region_values {
	uint64_t guest_addr, size, user_addr, mmap_offset;
};

struct vu_values {
	uint32_t has; /* enum vu_has bits */
	uint64_t number;
	/* vring state, address, file (SET_VRING_KICK/CALL/ERR) and area */
	uint64_t vring_index;
	uint64_t vring_num; /* state: num, size, base, enable or endian, as the row says */
	uint64_t vring_nofd;
	struct {
		uint64_t flags, desc, used, avail, log;
	} vring_addr;
	/* SET_MEM_TABLE, ADD/REM_MEM_REG: the regions present, each whole, in order */
	size_t nregions;
	struct vu_region_values regions[VU_MAX_REGIONS];
	struct {
		uint64_t size, offset;
	} log;
	struct {
		uint64_t offset, size, flags;
		uint16_t data_offset, data_length; /* the bytes, in the message */
	} config;
	struct {
		uint64_t mmap_size, mmap_offset, num_queues, queue_size;
	} inflight;
	struct {
		uint64_t direction, phase;
		uint64_t result; /* the reply's u64: error in bits 0-7, invalid fd bit 8 */
	} device_state;
	struct {
		uint64_t iova, size, uaddr, perm, type;
	} iotlb;
};

struct vu_decoded {
	bool has_header; /* at least 12 bytes */
	uint32_t request;
	uint32_t flags;
	uint32_t size; /* as the header says */
	bool reply;
	bool need_reply;
	enum vu_channel channel;
	enum vu_direction from;
	unsigned nfds;
	const struct vu_request_info *info; /* NULL when unknown */
	enum vu_dialect dialect;            /* the numbering info and the bit names come from */
	enum vu_payload_kind payload_kind;  /* what the payload was decoded as */
	bool malformed;
	char malformed_reason[VU_FINDING_TEXT];
	struct vu_values values; /* the payload's values, typed */
	size_t nfields;
	struct vu_field fields[VU_MAX_FIELDS];
	size_t nfindings;
	struct vu_finding findings[VU_MAX_FINDINGS];
	/* Set by the session: the matching request of a reply and its latency. */
	uint64_t latency_ns; /* 0 = not a matched reply */
};

/* Decode one message. ctx may be NULL. Never reads outside m->bytes[0..len). */
void vu_decode(const struct vu_decode_context *ctx, const struct vu_message *m,
               struct vu_decoded *out);

/* Add a finding (the text is formatted by the caller; NULL takes the table text). */
void vu_decoded_add_finding(struct vu_decoded *d, enum vu_finding_code code, uint16_t offset,
                            uint16_t length, const char *text);
/* Add a finding whose text is the table's sentence followed by " (detail)";
 * an empty detail leaves the sentence alone. Returns the finding or NULL when full. */
struct vu_finding *vu_decoded_add_findingf(struct vu_decoded *d, enum vu_finding_code code,
                                           uint16_t offset, uint16_t length, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* An empty decode (no header, no fields, no findings): what a session event carries. */
void vu_decoded_reset(struct vu_decoded *d);

/* Printable name: "VHOST_USER_GET_FEATURES", or "UNKNOWN(77)" into buf. */
const char *vu_decoded_name(const struct vu_decoded *d, char *buf, size_t cap);

/* ---- the session state machine ------------------------------------------ */

#define VU_MAX_VRINGS  64
#define VU_MAX_PENDING 64

struct vu_vring_state {
	bool seen;
	uint32_t num;
	uint32_t base;
	uint64_t desc, used, avail, log;
	uint32_t addr_flags;
	bool kick_fd, call_fd, err_fd; /* an fd was attached */
	bool enabled;
	bool started;
	/* SET_VRING_BASE set base, and the ring has not run since: no kick, no
	 * enable (what GET_VRING_BASE must then give back). */
	bool base_set;
	bool ran_since_base;
};

/* IOTLB message types (struct vhost_iotlb_msg's type; reference §4.8). */
enum vu_iotlb_type {
	VU_IOTLB_MISS = 1,
	VU_IOTLB_UPDATE = 2,
	VU_IOTLB_INVALIDATE = 3,
	VU_IOTLB_ACCESS_FAIL = 4,
};

/* An IOTLB miss the back-end reported, until an update covers it. */
struct vu_iotlb_miss {
	uint64_t iova;
	uint64_t ts_ns;
	uint64_t frame;
	bool reported; /* already found unanswered */
};

#define VU_MAX_IOTLB_MISSES 16

/* IOTLB permissions (struct vhost_iotlb_msg's perm; uapi VHOST_ACCESS_*). */
enum vu_iotlb_perm {
	VU_IOTLB_PERM_NONE = 0,
	VU_IOTLB_PERM_RO = 1,
	VU_IOTLB_PERM_WO = 2,
	VU_IOTLB_PERM_RW = 3,
};

/* An IOTLB entry the front-end gave (VU_IOTLB_UPDATE), until an
 * invalidation that overlaps it: IOVAs [iova, iova + size) are the
 * front-end's virtual addresses from uaddr on. */
struct vu_iotlb_entry {
	uint64_t iova, size, uaddr;
	uint8_t perm; /* enum vu_iotlb_perm */
};

/* Entries kept; past it the oldest goes (its IOVAs read as unknown again).
 * A back-end asks for what it touches, so this is its working set: rings
 * and the buffers in flight (DPDK's vhost library caches 2048). */
#define VU_MAX_IOTLB_ENTRIES 256

struct vu_mem_region_state {
	uint64_t guest_addr, size, user_addr, mmap_offset;
	struct vu_fd_info fd;
};

struct vu_pending {
	uint32_t request;
	uint32_t size;
	bool need_reply;
	bool optional; /* NEED_REPLY without REPLY_ACK: an ack may come, none is owed */
	bool reported; /* already found overdue */
	uint64_t ts_ns;
	uint64_t frame;          /* caller's sequence number of the request */
	enum vu_dialect dialect; /* the numbering the request was named in */
};

/* The dirty log (SET_LOG_BASE), the inflight area (GET/SET_INFLIGHT_FD),
 * the config space last read or written, the device-state transfer. */
struct vu_log_state {
	bool set;
	uint64_t size, offset;
	struct vu_fd_info fd;
};

struct vu_inflight_state {
	bool set;
	uint64_t mmap_size, mmap_offset;
	uint16_t num_queues, queue_size;
	struct vu_fd_info fd;
};

#define VU_MAX_CONFIG 256

struct vu_config_state {
	bool seen;
	bool written; /* SET_CONFIG, else a GET_CONFIG reply */
	uint32_t offset, size, flags;
	uint8_t data[VU_MAX_CONFIG];
};

enum vu_transfer_phase {
	VU_TRANSFER_NONE = 0,
	VU_TRANSFER_STARTED,  /* SET_DEVICE_STATE_FD sent */
	VU_TRANSFER_RUNNING,  /* the back-end accepted it */
	VU_TRANSFER_CHECKING, /* CHECK_DEVICE_STATE sent */
	VU_TRANSFER_DONE,     /* CHECK_DEVICE_STATE answered */
	VU_TRANSFER_FAILED,
};

struct vu_transfer_state {
	enum vu_transfer_phase phase;
	uint32_t direction; /* 0 save, 1 load */
	uint32_t migration_phase;
	uint64_t result;
};

struct vu_str;

/*
 * Where a session's device and dialect were learnt (bits of evidence). The
 * rules (vu-identify.c): an option or the capture's fact of it always wins;
 * otherwise every source that says something must agree, or the device stays
 * unknown and its bits are named "bitN".
 */
enum vu_evidence {
	VU_EVIDENCE_OPTION = 1u << 0,   /* --device / --dialect, or a capture's fact of them */
	VU_EVIDENCE_CMDLINE = 1u << 1,  /* a peer's command line (SO_PEERCRED, /proc) */
	VU_EVIDENCE_FEATURES = 1u << 2, /* the offered feature bits, taken together */
	VU_EVIDENCE_CONFIG = 1u << 3,   /* a GET_CONFIG reply's size and contents */
	VU_EVIDENCE_REQUEST = 1u << 4,  /* a request only that device or dialect sends */
};
#define VU_EVIDENCE_SOURCES 5
/* A source that said two different devices. */
#define VU_VOTE_CONFLICT 0xffu

/* "option", "cmdline", "features", "config", "request" */
const char *vu_evidence_name(enum vu_evidence source);
/* The evidence bits by name, joined by sep ("" when none). */
void vu_render_evidence(unsigned evidence, const char *sep, struct vu_str *out);

struct vu_identity {
	bool device_forced, dialect_forced;
	/* What each source says, by source bit index: a device type,
	 * VU_DEVICE_UNKNOWN (nothing yet) or VU_VOTE_CONFLICT. */
	uint8_t device_vote[VU_EVIDENCE_SOURCES];
	/* Sources that showed the crosvm dialect (enum vu_evidence bits). */
	unsigned crosvm_evidence;
	/* Device types each peer's command line names, as bits; [0] front, [1] back. */
	uint64_t cmdline_mask[2];
	bool back_rust_vmm;      /* the back-end is a rust-vmm vhost-device-* program */
	bool shmem_bit_reported; /* the finding about bit 21 was made */
};

/* What a data-plane request said (dissector/vu-payload.h), kept until its
 * completion to name it. */
struct vu_payload_request {
	uint64_t frame; /* the request's frame (the caller's numbering), 0 unknown */
	uint64_t ts_ns; /* when it was recorded */
	uint8_t device;
	bool known;    /* the device header was read: kind and the rest say something */
	uint32_t kind; /* blk: type; fs: FUSE opcode; vsock: op; net: 0 */
	uint64_t a;    /* blk: sector; fs: nodeid */
	uint64_t b;    /* blk: data length asked for; fs: unique */
};

/* Data-plane requests in flight a session keeps, by (vring, head). */
#define VU_MAX_DATA_PENDING 256
struct vu_data_pending {
	bool used; /* the slot holds a request */
	uint16_t vring, head;
	struct vu_payload_request req;
};

struct vu_session {
	uint64_t features_offered; /* back-end's GET_FEATURES reply */
	uint64_t features_acked;   /* SET_FEATURES */
	uint64_t protocol_offered;
	uint64_t protocol_acked;
	bool features_set, protocol_set, features_seen, protocol_seen;
	/* Negotiated more than once: the last value is in force. */
	uint32_t features_set_count, protocol_set_count;
	bool owner_set;
	bool protocol_asked;  /* GET_PROTOCOL_FEATURES was sent */
	bool backend_channel; /* SET_BACKEND_REQ_FD gave the back-end its channel */
	bool started;         /* a ring was kicked: negotiation reached the data path */
	/* One side closed the channel (which: closed_by); later messages are flagged. */
	bool closed[VU_CHANNEL_COUNT];
	enum vu_direction closed_by[VU_CHANNEL_COUNT];
	uint64_t once_seen; /* per-device requests seen, by request number */
	struct vu_log_state log;
	struct vu_inflight_state inflight;
	struct vu_config_state config;
	struct vu_transfer_state transfer;
	/* The last request seen, for a session that ends mid-way. */
	uint32_t last_request;
	enum vu_channel last_channel;
	uint64_t last_frame;
	uint64_t status;
	uint64_t queue_num;
	uint64_t max_mem_slots;
	/* The device bits are named for, and the evidence for it (0: unknown). */
	enum vu_device_type device;
	unsigned device_evidence; /* enum vu_evidence bits */
	/* The numbering requests and protocol bits are named in. */
	enum vu_dialect dialect;
	unsigned dialect_evidence; /* enum vu_evidence bits; 0 = upstream by default */
	struct vu_identity identity;
	size_t nregions;
	struct vu_mem_region_state regions[VU_MAX_REGIONS * 4];
	struct vu_vring_state vrings[VU_MAX_VRINGS];
	/* 1 + the highest index of vrings[] seen, 0 none: the vrings set up,
	 * kept as they are set up rather than counted per ring entry. */
	uint16_t vrings_seen;
	/* Outstanding requests awaiting a reply, per channel, oldest first. */
	size_t npending[VU_CHANNEL_COUNT];
	struct vu_pending pending[VU_CHANNEL_COUNT][VU_MAX_PENDING];
	/* Per channel, the earliest ts_ns of the pending requests that could
	 * still be found overdue (owed, not yet reported), UINT64_MAX when none:
	 * vu_session_expire skips a channel where even that one is not due. */
	uint64_t oldest_owed_ns[VU_CHANNEL_COUNT];
	/* IOTLB misses of the back-end channel no update answered yet, oldest first. */
	size_t niotlb_misses;
	struct vu_iotlb_miss iotlb_misses[VU_MAX_IOTLB_MISSES];
	/* IOTLB entries in force (ring addresses with ACCESS_PLATFORM), oldest first. */
	size_t niotlb;
	struct vu_iotlb_entry iotlb[VU_MAX_IOTLB_ENTRIES];
	uint64_t messages;
	uint64_t malformed;
	uint64_t findings;
	uint64_t last_frame_matched; /* set by vu_session_process for a reply */
	/* Data-plane requests in flight (vu_session_payload), and how many were
	 * pushed out of the table before their completion came. */
	struct vu_data_pending data_pending[VU_MAX_DATA_PENDING];
	uint64_t data_evicted;
	/* net, per vring: receive buffers still to come of a frame that spans
	 * several (MRG_RXBUF num_buffers), in used-ring order */
	uint16_t net_rx_pending[VU_MAX_VRINGS];
};

/* device: VU_DEVICE_UNKNOWN, or a device given by option (which then always wins). */
void vu_session_init(struct vu_session *s, enum vu_device_type device);

/* The device or dialect given by option or by a capture's fact: it wins
 * over every other evidence. */
void vu_session_force_device(struct vu_session *s, enum vu_device_type device);
void vu_session_force_dialect(struct vu_session *s, enum vu_dialect dialect);
/* Whether the peers acked upstream's protocol feature bit (VU_PF_*), read
 * in the session's dialect (vu_protocol_bits_upstream); inline, as the
 * decode context asks it for every message. */
static inline bool vu_session_acked_upstream(const struct vu_session *s,
                                             enum vu_protocol_feature bit)
{
	uint64_t acked = s->dialect == VU_DIALECT_QEMU
	                     ? s->protocol_acked
	                     : vu_protocol_bits_upstream(s->dialect, s->protocol_acked);

	return (acked & VU_BIT(bit)) != 0;
}
/* A peer's command line (NULL = unknown), as evidence of device and dialect. */
void vu_session_note_cmdline(struct vu_session *s, enum vu_direction side, const char *cmdline);
/* The dialect a peer's command line says it speaks (its program is crosvm):
 * false when it says none. What vu_session_note_cmdline takes as evidence. */
bool vu_dialect_of_cmdline(const char *cmdline, enum vu_dialect *out);

/* What m shows before it is decoded: a request number only one dialect uses
 * names the dialect m is decoded in. vu_session_process does it first; a
 * caller that takes vu_session_context for m before processing it calls it
 * before that (doing it twice changes nothing). */
void vu_session_prepare(struct vu_session *s, const struct vu_message *m);

/* The decode context the session gives m (what vu_session_process decodes
 * with), for a caller that decodes the same message again later. */
void vu_session_context(const struct vu_session *s, const struct vu_message *m,
                        struct vu_decode_context *ctx);

/*
 * Decode m in the light of the session, update the session, and attach the
 * findings (violations, unexpected replies) to out. frame is the caller's
 * sequence number of this message, ts_ns its time; a matched reply gets
 * out->latency_ns and s->last_frame_matched.
 */
void vu_session_process(struct vu_session *s, const struct vu_message *m, uint64_t ts_ns,
                        uint64_t frame, struct vu_decoded *out);

/*
 * Requests still unanswered timeout_ns after they were sent, and IOTLB
 * misses no update answered in that time, as of now_ns: one finding each
 * (referring to the request's or the miss's frame), each reported once.
 * out is reset first. Returns the number of findings.
 */
size_t vu_session_expire(struct vu_session *s, uint64_t now_ns, uint64_t timeout_ns,
                         struct vu_decoded *out);

/* One side closed channel ch; messages seen on it afterwards are flagged. */
void vu_session_channel_closed(struct vu_session *s, enum vu_channel ch, enum vu_direction by);

/*
 * The session ended (reason: "front closed", ... or NULL). out is reset and
 * gets what was left pending (requests, IOTLB misses) and, when it ended neither with rings running
 * nor idle after the handshake (SET_OWNER, the device never started), a
 * finding that says where the negotiation stopped.
 */
void vu_session_end(struct vu_session *s, const char *reason, struct vu_decoded *out);

struct vu_notify;
/*
 * --kicks: one read of a ring's kick, call or error eventfd (vu-notify.h),
 * at ts_ns. out is reset and gets what it shows: a kick on a ring the
 * front-end had not enabled (with PROTOCOL_FEATURES acked; without it a
 * ring is enabled when it starts) or had stopped (GET_VRING_BASE).
 */
void vu_session_notify(struct vu_session *s, const struct vu_notify *n, uint64_t ts_ns,
                       struct vu_decoded *out);

/* ---- statistics (--stats) --------------------------------------------- */

struct vu_str;

#define VU_STATS_REQUESTS 64 /* request numbers tracked per channel */

struct vu_request_stats {
	uint64_t requests, replies, findings;
	uint64_t lat_min_ns, lat_max_ns, lat_sum_ns;
	size_t nlat, cap_lat;
	uint64_t *lat_ns; /* every matched reply's latency, for the median */
};

struct vu_stats {
	uint64_t messages, malformed, unknown;
	uint64_t findings[VU_FIND_COUNT];
	struct vu_request_stats by[VU_CHANNEL_COUNT][VU_STATS_REQUESTS];
};

void vu_stats_init(struct vu_stats *st);
void vu_stats_free(struct vu_stats *st); /* frees the latency arrays; st can be reused after init */
/* Count one decoded message (or session event: only its findings count). */
void vu_stats_add(struct vu_stats *st, const struct vu_decoded *d);
/* Median of the matched replies' latencies (sorts them); 0 when none. */
uint64_t vu_request_stats_median(struct vu_request_stats *rs);
/* The --stats report: counts per request, the latency table, findings by
 * id, and what the session negotiated, by name (left out when s is NULL). */
void vu_render_stats(struct vu_stats *st, const struct vu_session *s, struct vu_str *out);
void vu_render_json_stats(struct vu_stats *st, const struct vu_session *s, struct vu_str *out);

/* ---- rendering --------------------------------------------------------- */

/* A growable string; the only allocation of the library. */
struct vu_str {
	char *data;
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed; data holds what fitted */
};

void vu_str_init(struct vu_str *s);
void vu_str_free(struct vu_str *s);
void vu_str_clear(struct vu_str *s);
void vu_str_append(struct vu_str *s, const char *text);
void vu_str_appendn(struct vu_str *s, const char *text, size_t n);
void vu_str_printf(struct vu_str *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vu_str_json_string(struct vu_str *s, const char *text);       /* quoted, escaped */
void vu_str_hex(struct vu_str *s, const uint8_t *bytes, size_t n); /* "0a1b..." */
void vu_str_u64(struct vu_str *s, uint64_t v, bool hex);           /* "42" or "0x2a" */

/* The value of one field as text ("0x1000", "3", "ab:cd:..", "VERSION_1|...").
 * bytes = the message the field was decoded from. */
void vu_render_field_value(const struct vu_decoded *d, const struct vu_field *f,
                           const uint8_t *bytes, size_t len, enum vu_device_type device,
                           struct vu_str *out);

/* The one-line summary of the payload: "index=0 num=256", "features=0x.. <VERSION_1,..>" */
void vu_render_summary(const struct vu_decoded *d, const uint8_t *bytes, size_t len,
                       enum vu_device_type device, struct vu_str *out);

/* The indented field tree (-v), one field per line, each line prefixed by indent. */
void vu_render_tree(const struct vu_decoded *d, const uint8_t *bytes, size_t len,
                    enum vu_device_type device, const char *indent, struct vu_str *out);

/* The JSON object of decoded payload fields: {"index":0,"num":256} */
void vu_render_json_payload(const struct vu_decoded *d, const uint8_t *bytes, size_t len,
                            enum vu_device_type device, struct vu_str *out);

/* JSON array of findings, the malformed reason first:
 * [{"id":"sequence.reply_mismatch","severity":"error","message":"...","frame":N}]
 * frame (the message it refers to) only when it is not this message. */
void vu_render_json_findings(const struct vu_decoded *d, struct vu_str *out);

/* Pieces of rendering the UI and the Wireshark plugin use too. */
bool vu_field_is_header(const struct vu_field *f);
size_t vu_payload_first_field(const struct vu_decoded *d);
size_t vu_field_subtree_end(const struct vu_decoded *d, size_t i);
const char *vu_field_short_key(const struct vu_field_def *def);
const char *vu_field_bit_name(const struct vu_field_def *def, enum vu_device_type device,
                              enum vu_dialect dialect, unsigned bit);
const char *vu_field_value_name(const struct vu_field_def *def, uint64_t value);
void vu_render_bit_names(const struct vu_field_def *def, uint64_t value, enum vu_device_type device,
                         enum vu_dialect dialect, const char *sep, struct vu_str *out);
void vu_render_field_bytes(const struct vu_field *f, const uint8_t *bytes, size_t len, size_t max,
                           struct vu_str *out);
void vu_render_field_number(const struct vu_field *f, struct vu_str *out);

/* ---- the capture pseudo-header (doc/capture-format.md) ------------------ */

#define VU_PSEUDO_MAGIC   0x5655u /* "VU" */
#define VU_PSEUDO_VERSION 1u
#define VU_PSEUDO_FIXED   24u
#define VU_PSEUDO_FD_SIZE 64u

enum vu_record_kind {
	VU_RECORD_MESSAGE = 0,
	VU_RECORD_SESSION_START = 1,
	VU_RECORD_SESSION_END = 2,
	/* A channel other than the main one closed; from = the side that closed it. */
	VU_RECORD_CHANNEL_END = 3,
	/* Findings the analyzer made as time passed (a request never answered).
	 * Made again from the timestamps when a capture is read: never written. */
	VU_RECORD_FINDINGS = 4,
	/* A ring snapshot (--rings, vscore/ring-watch.h); in a capture its body
	 * is a struct vu_ring_record (dissector/vu-ring.h). */
	VU_RECORD_RING = 5,
	/* A queue of the inflight area (--rings, vscore/ring-watch.h); in a
	 * capture its body is a struct vu_inflight_record (dissector/vu-inflight.h).
	 * Only sinks that take it get it (not --stats). */
	VU_RECORD_INFLIGHT = 6,
	/* The dirty log's count of dirty pages (--rings), the same way; its body
	 * a struct vu_log_record. */
	VU_RECORD_DIRTY_LOG = 7,
	/* One ring entry the walker saw (--packets); in a capture its body is a
	 * struct vu_payload (dissector/vu-payload.h). */
	VU_RECORD_DATA = 8,
	/* One read of a kick, call or error eventfd and its forwarding (--kicks,
	 * dissector/vu-notify.h); in a capture its body is that of vu-notify.h. */
	VU_RECORD_NOTIFY = 9,
};

/*
 * Layout (little-endian): 0 "VU", 2 version u8, 3 kind u8, 4 channel u8,
 * 5 from u8, 6 nfds u8, 7 flags u8, 8 session u32, 12 msg_len u32,
 * 16 fds_total u8 (fds that crossed, may exceed nfds recorded), 17 zero,
 * 18 inject u16 (VU_INJECT_*), 20..23 zero,
 * then nfds entries of 64 bytes: kind u8, flags u8 (VU_FD_F_*), 2 zero,
 * eventfd id u32, size u64, inode u64, name[40].
 */
struct vu_pseudo {
	uint8_t version;
	uint8_t kind;      /* enum vu_record_kind */
	uint8_t channel;   /* enum vu_channel */
	uint8_t from;      /* enum vu_direction */
	uint8_t nfds;      /* fd entries that follow (<= VU_MAX_FDS) */
	uint8_t flags;     /* VU_PSEUDO_F_* */
	uint8_t fds_total; /* fds the message carried */
	uint32_t session;
	uint32_t msg_len; /* bytes of the message that follow the pseudo-header */
	uint16_t inject;  /* VU_INJECT_* */
	struct vu_fd_info fds[VU_MAX_FDS];
};

#define VU_PSEUDO_F_TRUNCATED 0x1u /* the relay could not keep every byte */

/*
 * What vhostsniff --inject did to a message (pseudo-header bytes 18-19), so
 * that a capture never passes an injected fault off as the peer's: each bit
 * set is an inject.* finding on the message.
 */
enum vu_inject {
	VU_INJECT_DROP = 1u << 0,      /* recorded, not forwarded */
	VU_INJECT_DELAY = 1u << 1,     /* forwarded late */
	VU_INJECT_CLOSE = 1u << 2,     /* the relay closed a side at it */
	VU_INJECT_CORRUPT = 1u << 3,   /* a field rewritten: the bytes are those sent */
	VU_INJECT_STRIP_FDS = 1u << 4, /* forwarded without its fds */
	VU_INJECT_STALL = 1u << 5,     /* its sender was not read for a while after it */
	VU_INJECT_REPLY = 1u << 6,     /* answered by vhostsniff / made by vhostsniff */
};

/* Bytes the pseudo-header takes for nfds fds. */
size_t vu_pseudo_size(unsigned nfds);
/* Encode into buf (cap >= vu_pseudo_size(p->nfds)); returns bytes written or 0. */
size_t vu_pseudo_encode(const struct vu_pseudo *p, uint8_t *buf, size_t cap);
/* Decode; returns bytes consumed or 0 if buf does not hold a valid pseudo-header. */
size_t vu_pseudo_decode(const uint8_t *buf, size_t len, struct vu_pseudo *p);

#endif
