/*
 * One entry of a ring as the walker saw it (--packets, issue 20): the body
 * of a capture record of kind VU_RECORD_DATA, and its decoders device by
 * device (virtio-net header, virtio-blk request, FUSE over virtio-fs,
 * virtio-vsock header).
 *
 * The body is a fixed little-endian head followed by the bytes the walker
 * kept of the chain (doc/capture-format.md, "Data-plane entries (kind 8)").
 * Nothing in it is trusted: the bytes are what the guest and the back-end
 * put in guest memory, cut by the snap length anywhere. Every decoder reads
 * through the bounds-checked reader and says "short" where a header stops,
 * never reads past it.
 *
 * A request (phase 1, avail) and its completion (phase 2, used) are two
 * entries with the same vring and head; the session keeps a small table of
 * the requests in flight (vu_session_payload) so that a completion can name
 * what it completes (the FUSE opcode, the blk type) and its frame.
 */
#ifndef VU_PAYLOAD_H
#define VU_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dissector/vu-dissector.h"

/* ---- the body of a kind-8 record ----------------------------------------- */

#define VU_PAYLOAD_VERSION 1u
#define VU_PAYLOAD_FIXED   40u /* bytes before out_kept + in_kept bytes */

enum vu_payload_phase { VU_PAYLOAD_AVAIL = 1, VU_PAYLOAD_USED = 2 };

#define VU_PAYLOAD_F_PACKED  0x1u /* a packed ring: head is the buffer id */
#define VU_PAYLOAD_F_OUT_CUT 0x2u /* out_kept < out_total: cut by the snap length */
#define VU_PAYLOAD_F_IN_CUT  0x4u /* in_kept < what the device wrote: cut by the snap length */
/* The last in byte kept is the chain's last writable byte (at in_total - 1),
 * kept apart from the in_kept - 1 bytes before it (from the start): a cut
 * written part still says its last byte, e.g. the virtio-blk status. */
#define VU_PAYLOAD_F_IN_TAIL 0x8u
#define VU_PAYLOAD_F_ALL     0xfu

struct vu_payload {
	uint8_t phase;  /* enum vu_payload_phase */
	uint8_t device; /* enum vu_device_type: 1 net, 2 blk, 19 vsock, 26 fs, 0 unknown */
	uint8_t flags;  /* VU_PAYLOAD_F_* */
	uint16_t vring, head;
	uint32_t out_total, in_total, used_len, out_kept, in_kept, missed;
	uint64_t latency_ns; /* phase 2: from seen available to seen used; 0 unknown */
	const uint8_t *out;  /* out_kept bytes: the device-readable part, in chain order */
	const uint8_t *in;   /* in_kept bytes: the device-written part (phase 2) */
};

/*
 * Body of a kind-8 record -> struct (out and in point into body); false when
 * it is not one (another version, a phase or flag out of range, kept counts
 * that run past len or exceed the totals, in bytes in phase 1). Bounds-checked:
 * any bytes may be given.
 */
bool vu_payload_parse(const uint8_t *body, size_t len, struct vu_payload *p);
/* Struct -> body; returns the bytes it needs (VU_PAYLOAD_FIXED + out_kept +
 * in_kept) and writes only when cap is enough. */
size_t vu_payload_serialize(const struct vu_payload *p, uint8_t *dst, size_t cap);

const char *vu_payload_phase_name(uint8_t phase); /* "avail", "used", "unknown" */

/* ---- what the session knows around an entry --------------------------------- */

/* struct vu_payload_request: vu-dissector.h (the session keeps them). */

/*
 * What decoding an entry needs beyond its bytes. acked_features: the
 * session's virtio features (SET_FEATURES), e.g. for the virtio-net header
 * size; nvrings: how many vrings the session set up (0 unknown), the net
 * control queue being the last one with CTRL_VQ; request: for a completion,
 * the request of the same vring and head seen before it.
 */
struct vu_payload_context {
	uint64_t acked_features;
	uint16_t nvrings;
	bool has_request; /* request holds the matched request */
	struct vu_payload_request request;
	/* net, a receive buffer used: it continues the frame of an earlier one
	 * (MRG_RXBUF, num_buffers > 1): no virtio-net header in it */
	bool continuation;
};

/*
 * The context the session gives p, and the session's table of requests in
 * flight updated by it: a phase-1 entry is kept under (vring, head), a
 * phase-2 entry takes its request out of the table into ctx->request. Call it
 * once per entry, in the order of the records (the live sinks and -r both
 * see the records through the pipeline, which calls it).
 */
void vu_session_payload(struct vu_session *s, const struct vu_payload *p, uint64_t ts_ns,
                        uint64_t frame, struct vu_payload_context *ctx);

struct vu_payload_info;
/*
 * vu_session_payload, and p decoded with the context it gives (what
 * vu_payload_decode(p, ctx, info) gives) when following the session needed
 * that decoding: returns whether info was filled, so that the caller need
 * not decode the entry again.
 */
bool vu_session_payload_decode(struct vu_session *s, const struct vu_payload *p, uint64_t ts_ns,
                               uint64_t frame, struct vu_payload_context *ctx,
                               struct vu_payload_info *info);

/* ---- decoding ------------------------------------------------------------- */

/* How far a device header could be read. */
enum vu_payload_read {
	VU_PAYLOAD_READ_NONE = 0, /* nothing to read for this device or phase */
	VU_PAYLOAD_READ_OK,       /* the header was read whole */
	VU_PAYLOAD_READ_SHORT, /* the bytes stop inside the header (snap length or a bad chain) */
};

/* Linux uapi virtio_net.h: struct virtio_net_hdr(_mrg_rxbuf); VIRTIO spec 5.1.6. */
struct vu_payload_net {
	uint8_t read;      /* enum vu_payload_read of the header */
	uint8_t hdr_size;  /* 10, or 12 with VERSION_1 or MRG_RXBUF */
	bool rx, tx, ctrl; /* the queue: vring 2k rx k, 2k+1 tx k, the last with CTRL_VQ */
	uint16_t pair;     /* queue pair index k */
	uint8_t flags;     /* VU_NET_HDR_F_* */
	uint8_t gso_type;
	uint16_t hdr_len, gso_size, csum_start, csum_offset;
	bool has_num_buffers;
	uint16_t num_buffers;
	uint32_t frame_len; /* bytes of the frame after the header (out or used part) */
	bool continuation;  /* a receive buffer continuing a frame: no header (MRG_RXBUF) */
	/* ctrl queue: virtio_net_ctrl_hdr class, command; ack in the used entry */
	uint8_t ctrl_class, ctrl_cmd, ctrl_ack;
	bool has_ctrl_ack;
};

/* Linux uapi virtio_blk.h: struct virtio_blk_outhdr, status byte; VIRTIO spec 5.2.6. */
struct vu_payload_blk {
	uint8_t read; /* enum vu_payload_read of the request header */
	uint32_t type;
	uint32_t ioprio;
	uint64_t sector;
	uint32_t
	    data_len; /* bytes of data: readable minus the header, or writable minus the status */
	bool has_status; /* the status byte was kept (phase 2) */
	uint8_t status;
};

/* Linux uapi fuse.h: struct fuse_in_header, fuse_out_header. */
struct vu_payload_fuse {
	uint8_t read;  /* enum vu_payload_read of fuse_in_header */
	uint8_t reply; /* enum vu_payload_read of fuse_out_header (phase 2) */
	uint32_t len, opcode, uid, gid, pid;
	uint64_t unique, nodeid;
	/* the name(s) of LOOKUP, MKDIR, CREATE, RENAME, ... as kept (not NUL-terminated) */
	const uint8_t *name, *name2;
	size_t name_len, name2_len;
	bool name_short; /* the name runs past the bytes kept */
	bool has_io;     /* READ/WRITE: offset and size */
	uint64_t offset;
	uint32_t size;
	bool has_open_flags; /* OPEN/CREATE: flags */
	uint32_t open_flags;
	uint32_t out_len;
	int32_t error; /* negative errno, 0 */
	uint64_t out_unique;
};

/* Linux uapi virtio_vsock.h: struct virtio_vsock_hdr; VIRTIO spec 5.10.6. */
struct vu_payload_vsock {
	uint8_t read;
	uint64_t src_cid, dst_cid;
	uint32_t src_port, dst_port, len;
	uint16_t type, op;
	uint32_t flags, buf_alloc, fwd_cnt;
};

/* An entry decoded: typed values for the renderers, the UI's filter and the plugin. */
struct vu_payload_info {
	uint8_t device; /* enum vu_device_type of the entry */
	/* VU_PAYLOAD_F_IN_TAIL: the chain's last writable byte, kept apart (the
	 * device decoders see the in_kept - 1 bytes before it as the written part) */
	bool has_in_tail;
	uint8_t in_tail;
	bool request; /* the entry's bytes describe a request (phase 1, or fs/blk phase 2 read back)
	               */
	struct vu_payload_net net;
	struct vu_payload_blk blk;
	struct vu_payload_fuse fuse;
	struct vu_payload_vsock vsock;
};

/* Decode p (ctx may be NULL: nothing negotiated known, no request). */
void vu_payload_decode(const struct vu_payload *p, const struct vu_payload_context *ctx,
                       struct vu_payload_info *out);

/* "net", "blk", "fuse", "vsock" or "data": the JSON event of an entry. */
const char *vu_payload_event_name(const struct vu_payload *p);

/* Names from the tables, NULL when the value has none. */
const char *vu_blk_type_name(uint32_t type);
const char *vu_blk_status_name(uint8_t status);
const char *vu_fuse_opcode_name(uint32_t opcode);
const char *vu_errno_name(int32_t negative_errno); /* -2 -> "ENOENT" */
const char *vu_vsock_op_name(uint16_t op);
const char *vu_vsock_type_name(uint16_t type);
const char *vu_net_gso_name(uint8_t gso_type);

/* ---- rendering ------------------------------------------------------------ */

/*
 * The text of an entry, in the style of vu_render_summary / vu_render_tree:
 * verbose 0 one line without a newline ("vring 1 avail head 3: blk IN
 * sector 2048 len 4096"), verbose 1 adds the decoded header fields on lines
 * prefixed by indent, verbose 2 also the kept bytes in hex. info is what
 * vu_payload_decode(p, ctx) gives when the caller has it already (the
 * pipeline decodes an entry once for all its sinks), NULL to decode here.
 */
void vu_payload_render_text(const struct vu_payload *p, const struct vu_payload_context *ctx,
                            const struct vu_payload_info *info, int verbose, const char *indent,
                            struct vu_str *out);

/*
 * The JSON members of an entry after the common head (put_data_plane_head):
 * ,"phase":"used","head":3,"out_total":..,"latency_ns":..,"missed":..,
 * "blk":{"type":"IN","sector":2048,"len":4096,"status":0},"request_frame":N
 * Keys as the UI's filter fields: blk.type is "blk":{"type":..}. info as
 * for vu_payload_render_text.
 */
void vu_payload_render_json(const struct vu_payload *p, const struct vu_payload_context *ctx,
                            const struct vu_payload_info *info, struct vu_str *out);

#endif
