/*
 * The vhost-user Wireshark plugin: what its two files share. The fields,
 * subtrees and expert infos are generated from the dissector library's
 * tables (vhostuser-fields.c); the dissection itself is in vhostuser.c.
 */
#ifndef VHOSTUSER_PLUGIN_H
#define VHOSTUSER_PLUGIN_H

#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>

#include "dissector/vu-dissector.h"
#include "dissector/vu-inflight.h"
#include "dissector/vu-notify.h"
#include "dissector/vu-ring.h"

/* Fixed fields of the plugin (pseudo-header, events, matching). */
struct vhostuser_hf {
	int pseudo, pseudo_version, pseudo_flags, pseudo_truncated, event, session, channel,
	    direction, fds, fds_described, msg_len;
	int fd, fd_kind, fd_size, fd_inode, fd_name, fd_interposed, fd_eventfd_id;
	int front_path, front_role, front_pid, front_cmdline;
	int back_path, back_role, back_pid, back_cmdline, reason, fact;
	int request[VU_CHANNEL_COUNT];
	int response_in, response_to, time, malformed;
	/* a ring snapshot (--rings): vhostuser.ring.* */
	int ring, ring_vring, ring_cause, ring_cause_frame, ring_status, ring_part, ring_num,
	    ring_packed, ring_event_idx, ring_settled, ring_avail_idx, ring_used_idx, ring_inflight,
	    ring_avail_flags, ring_used_flags, ring_used_event, ring_avail_event, ring_avail_pos,
	    ring_avail_wrap, ring_used_pos, ring_used_wrap, ring_driver_event_flags,
	    ring_device_event_flags, ring_stalled, ring_stalled_ns, ring_chain, ring_chain_head,
	    ring_chain_id, ring_chain_descs, ring_chain_readable, ring_chain_writable,
	    ring_chain_status;
	/* the inflight area and the dirty log (--rings): vhostuser.inflight.*, vhostuser.log.* */
	int inflight_queue, inflight_status, inflight_version, inflight_desc_num, inflight_count,
	    inflight_desc, log_pages, log_dirty, log_unreadable;
	/* a notification (--kicks): vhostuser.notify.* */
	int notify, notify_signal, notify_vring, notify_count, notify_signals, notify_reads,
	    notify_coalesced, notify_enabled, notify_stopped, notify_pending;
};

struct vhostuser_ett {
	gint top, pseudo, fd, facts, field[VU_FIELD_COUNT], bits, findings, ring, chain, notify;
};

extern struct vhostuser_hf vhostuser_hf;
extern struct vhostuser_ett vhostuser_ett;
extern expert_field vhostuser_ei_finding[VU_FIND_COUNT];
extern expert_field vhostuser_ei_bad_pseudo;
extern expert_field vhostuser_ei_relay_truncated;

/* Register every field, subtree and expert info of protocol proto. */
void vhostuser_register_fields(int proto);

/* The hf of a decoder field (-1 for VU_FIELD_REQUEST: use vhostuser_hf.request). */
int vhostuser_field_hf(enum vu_field_id id);

/* NULL-terminated list of the per-bit booleans of a bitmask field
 * ("virtio" bits of the device, "protocol", "status"), or NULL. */
int *const *vhostuser_bit_fields(const struct vu_field_def *def, enum vu_device_type device,
                                 enum vu_dialect dialect);

/* The session of a capture's session id, made on first use (vhostuser.c). */
struct vu_session *vhostuser_session(guint32 id);

/* Data-plane entries, kind VU_RECORD_DATA (vhostuser-data.c): register their
 * fields, subtrees and expert infos; dissect one frame's body. */
void vhostuser_register_data(int proto);
void vhostuser_dissect_data(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                            const struct vu_pseudo *p, proto_item *top);

#endif
