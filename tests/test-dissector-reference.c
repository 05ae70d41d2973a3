/*
 * The request tables of the protocol reference, typed in from
 * /work/shared/protocol/vhost-user-protocol.md §2 (front-end requests), §3
 * (back-end channel) and Appendix A (vhost-user-gpu socket), §7.3 (always
 * replied) and §7.4 (per-device requests). Independent of
 * dissector/vu-requests.c on purpose.
 */
#include "tests/test-dissector-reference.h"

#define NONE   VU_PAYLOAD_NONE
#define U64    VU_PAYLOAD_U64
#define FEAT   VU_PAYLOAD_FEATURES
#define PFEAT  VU_PAYLOAD_PROTOCOL_FEATURES
#define STATE  VU_PAYLOAD_VRING_STATE
#define ADDR   VU_PAYLOAD_VRING_ADDR
#define FILE_  VU_PAYLOAD_VRING_FILE
#define MEMT   VU_PAYLOAD_MEM_TABLE
#define MEMR   VU_PAYLOAD_MEM_REGION
#define LOG    VU_PAYLOAD_LOG
#define IOTLB  VU_PAYLOAD_IOTLB
#define CONF   VU_PAYLOAD_CONFIG
#define AREA   VU_PAYLOAD_VRING_AREA
#define INFL   VU_PAYLOAD_INFLIGHT
#define STAT   VU_PAYLOAD_STATUS
#define SHARED VU_PAYLOAD_SHARED
#define DSTATE VU_PAYLOAD_DEVICE_STATE
#define DRES   VU_PAYLOAD_DEVICE_STATE_RESULT
#define CRYPTO VU_PAYLOAD_CRYPTO_SESSION
#define MMAP   VU_PAYLOAD_MMAP
#define SHMC   VU_PAYLOAD_SHMEM_CONFIG
#define MAC    VU_PAYLOAD_MAC
#define ACK    VU_PAYLOAD_ACK
#define RAW    VU_PAYLOAD_RAW
#define NOF    VU_FIELD_COUNT /* no value field */

/* clang-format off */
const struct test_ref_request test_ref_main[] = {
	/* number, name, old name, path, request, reply, fds min/max, reply fds, always, gate, gate virtio, per-device, deprecated, value fields */
	{VU_REQ_NONE, "NONE", NULL, "none", NONE, NONE, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_REQ_GET_FEATURES, "GET_FEATURES", NULL, "get-features", NONE, FEAT, 0, 0, 0, true, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_FEATURES},
	{VU_REQ_SET_FEATURES, "SET_FEATURES", NULL, "set-features", FEAT, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, VU_FIELD_FEATURES, VU_FIELD_ACK},
	{VU_REQ_SET_OWNER, "SET_OWNER", NULL, "set-owner", NONE, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, true, false, NOF, VU_FIELD_ACK},
	{VU_REQ_RESET_OWNER, "RESET_OWNER", NULL, "reset-owner", NONE, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, true, true, NOF, VU_FIELD_ACK},
	/* §2: one fd per region, up to 8; an empty table carries none. */
	{VU_REQ_SET_MEM_TABLE, "SET_MEM_TABLE", NULL, "set-mem-table", MEMT, ACK, 0, 8, 0, false, VU_GATE_NONE, VU_GATE_NONE, true, false, NOF, VU_FIELD_ACK},
	/* §2: the reply is required with LOG_SHMFD (so not always), a u64 result (0 = ok). */
	/* vhost-user.rst (p-b-o/qemu-ci b82b5c8c547f): "reply payload: N/A", and
	 * the reply that comes with LOG_SHMFD is read by QEMU for its request
	 * code only (hw/virtio/vhost-user.c vhost_user_set_log_base). The
	 * reference's u64 was our own reading. */
	{VU_REQ_SET_LOG_BASE, "SET_LOG_BASE", NULL, "set-log-base", LOG, NONE, 0, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, true, false, NOF, NOF},
	{VU_REQ_SET_LOG_FD, "SET_LOG_FD", NULL, "set-log-fd", NONE, ACK, 1, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_SET_VRING_NUM, "SET_VRING_NUM", NULL, "set-vring-num", STATE, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, VU_FIELD_VRING_SIZE, VU_FIELD_ACK},
	{VU_REQ_SET_VRING_ADDR, "SET_VRING_ADDR", NULL, "set-vring-addr", ADDR, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_SET_VRING_BASE, "SET_VRING_BASE", NULL, "set-vring-base", STATE, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, VU_FIELD_VRING_BASE, VU_FIELD_ACK},
	{VU_REQ_GET_VRING_BASE, "GET_VRING_BASE", NULL, "get-vring-base", STATE, STATE, 0, 0, 0, true, VU_GATE_NONE, VU_GATE_NONE, false, false, VU_FIELD_VRING_NUM, VU_FIELD_VRING_BASE},
	{VU_REQ_SET_VRING_KICK, "SET_VRING_KICK", NULL, "set-vring-kick", FILE_, ACK, 0, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_SET_VRING_CALL, "SET_VRING_CALL", NULL, "set-vring-call", FILE_, ACK, 0, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_SET_VRING_ERR, "SET_VRING_ERR", NULL, "set-vring-err", FILE_, ACK, 0, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	/* §2: legal once the back-end offered bit 30 (F_PROTOCOL_FEATURES). */
	{VU_REQ_GET_PROTOCOL_FEATURES, "GET_PROTOCOL_FEATURES", NULL, "get-protocol-features", NONE, PFEAT, 0, 0, 0, true, VU_GATE_NONE, VU_F_PROTOCOL_FEATURES, false, false, NOF, VU_FIELD_PROTOCOL_FEATURES},
	{VU_REQ_SET_PROTOCOL_FEATURES, "SET_PROTOCOL_FEATURES", NULL, "set-protocol-features", PFEAT, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_F_PROTOCOL_FEATURES, false, false, VU_FIELD_PROTOCOL_FEATURES, VU_FIELD_ACK},
	{VU_REQ_GET_QUEUE_NUM, "GET_QUEUE_NUM", NULL, "get-queue-num", NONE, U64, 0, 0, 0, true, VU_PF_MQ, VU_GATE_NONE, true, false, NOF, VU_FIELD_QUEUE_NUM},
	{VU_REQ_SET_VRING_ENABLE, "SET_VRING_ENABLE", NULL, "set-vring-enable", STATE, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_F_PROTOCOL_FEATURES, false, false, VU_FIELD_VRING_ENABLE, VU_FIELD_ACK},
	{VU_REQ_SEND_RARP, "SEND_RARP", NULL, "send-rarp", MAC, ACK, 0, 0, 0, false, VU_PF_RARP, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_NET_SET_MTU, "NET_SET_MTU", NULL, "net-set-mtu", U64, ACK, 0, 0, 0, false, VU_PF_NET_MTU, VU_GATE_NONE, true, false, VU_FIELD_MTU, VU_FIELD_ACK},
	{VU_REQ_SET_BACKEND_REQ_FD, "SET_BACKEND_REQ_FD", "SET_SLAVE_REQ_FD", "set-backend-req-fd", NONE, ACK, 1, 1, 0, false, VU_PF_BACKEND_REQ, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_IOTLB_MSG, "IOTLB_MSG", NULL, "iotlb-msg", IOTLB, U64, 0, 0, 0, true, VU_GATE_NONE, VU_F_ACCESS_PLATFORM, false, false, NOF, VU_FIELD_RESULT},
	{VU_REQ_SET_VRING_ENDIAN, "SET_VRING_ENDIAN", NULL, "set-vring-endian", STATE, ACK, 0, 0, 0, false, VU_PF_CROSS_ENDIAN, VU_GATE_NONE, false, false, VU_FIELD_VRING_ENDIAN, VU_FIELD_ACK},
	{VU_REQ_GET_CONFIG, "GET_CONFIG", NULL, "get-config", CONF, CONF, 0, 0, 0, true, VU_PF_CONFIG, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_REQ_SET_CONFIG, "SET_CONFIG", NULL, "set-config", CONF, ACK, 0, 0, 0, false, VU_PF_CONFIG, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_CREATE_CRYPTO_SESSION, "CREATE_CRYPTO_SESSION", NULL, "create-crypto-session", CRYPTO, CRYPTO, 0, 0, 0, true, VU_PF_CRYPTO_SESSION, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_REQ_CLOSE_CRYPTO_SESSION, "CLOSE_CRYPTO_SESSION", NULL, "close-crypto-session", U64, ACK, 0, 0, 0, false, VU_PF_CRYPTO_SESSION, VU_GATE_NONE, false, false, VU_FIELD_CRYPTO_SESSION_ID, VU_FIELD_ACK},
	/* §2: the reply carries the userfaultfd and no payload of its own. */
	{VU_REQ_POSTCOPY_ADVISE, "POSTCOPY_ADVISE", NULL, "postcopy-advise", NONE, NONE, 0, 0, 1, true, VU_PF_PAGEFAULT, VU_GATE_NONE, false, false, NOF, NOF},
	/* QEMU vhost_user_postcopy_listen always sets NEED_REPLY and waits. */
	{VU_REQ_POSTCOPY_LISTEN, "POSTCOPY_LISTEN", NULL, "postcopy-listen", NONE, ACK, 0, 0, 0, true, VU_PF_PAGEFAULT, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_POSTCOPY_END, "POSTCOPY_END", NULL, "postcopy-end", NONE, U64, 0, 0, 0, true, VU_PF_PAGEFAULT, VU_GATE_NONE, false, false, NOF, VU_FIELD_RESULT},
	{VU_REQ_GET_INFLIGHT_FD, "GET_INFLIGHT_FD", NULL, "get-inflight-fd", INFL, INFL, 0, 0, 1, true, VU_PF_INFLIGHT_SHMFD, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_REQ_SET_INFLIGHT_FD, "SET_INFLIGHT_FD", NULL, "set-inflight-fd", INFL, ACK, 1, 1, 0, false, VU_PF_INFLIGHT_SHMFD, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_GPU_SET_SOCKET, "GPU_SET_SOCKET", NULL, "gpu-set-socket", NONE, ACK, 1, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_REQ_RESET_DEVICE, "RESET_DEVICE", NULL, "reset-device", NONE, ACK, 0, 0, 0, false, VU_PF_RESET_DEVICE, VU_GATE_NONE, true, false, NOF, VU_FIELD_ACK},
	{VU_REQ_VRING_KICK, "VRING_KICK", NULL, "vring-kick", STATE, ACK, 0, 0, 0, false, VU_PF_INBAND_NOTIFICATIONS, VU_GATE_NONE, false, false, VU_FIELD_VRING_NUM, VU_FIELD_ACK},
	{VU_REQ_GET_MAX_MEM_SLOTS, "GET_MAX_MEM_SLOTS", NULL, "get-max-mem-slots", NONE, U64, 0, 0, 0, true, VU_PF_CONFIGURE_MEM_SLOTS, VU_GATE_NONE, false, false, NOF, VU_FIELD_MAX_MEM_SLOTS},
	{VU_REQ_ADD_MEM_REG, "ADD_MEM_REG", NULL, "add-mem-reg", MEMR, ACK, 1, 1, 0, false, VU_PF_CONFIGURE_MEM_SLOTS, VU_GATE_NONE, true, false, NOF, VU_FIELD_ACK},
	/* §2: 0 fds; the back-end MAY accept 1. */
	{VU_REQ_REM_MEM_REG, "REM_MEM_REG", NULL, "rem-mem-reg", MEMR, ACK, 0, 1, 0, false, VU_PF_CONFIGURE_MEM_SLOTS, VU_GATE_NONE, true, false, NOF, VU_FIELD_ACK},
	{VU_REQ_SET_STATUS, "SET_STATUS", NULL, "set-status", STAT, ACK, 0, 0, 0, false, VU_PF_STATUS, VU_GATE_NONE, false, false, VU_FIELD_STATUS, VU_FIELD_ACK},
	{VU_REQ_GET_STATUS, "GET_STATUS", NULL, "get-status", NONE, STAT, 0, 0, 0, true, VU_PF_STATUS, VU_GATE_NONE, false, false, NOF, VU_FIELD_STATUS},
	/* vhost-user.rst: "reply payload: dmabuf fd", nothing else. */
	{VU_REQ_GET_SHARED_OBJECT, "GET_SHARED_OBJECT", NULL, "get-shared-object", SHARED, NONE, 0, 0, 1, true, VU_PF_SHARED_OBJECT, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_REQ_SET_DEVICE_STATE_FD, "SET_DEVICE_STATE_FD", NULL, "set-device-state-fd", DSTATE, DRES, 1, 1, 1, true, VU_PF_DEVICE_STATE, VU_GATE_NONE, false, false, NOF, VU_FIELD_DEVSTATE_RESULT},
	{VU_REQ_CHECK_DEVICE_STATE, "CHECK_DEVICE_STATE", NULL, "check-device-state", NONE, U64, 0, 0, 0, true, VU_PF_DEVICE_STATE, VU_GATE_NONE, false, false, NOF, VU_FIELD_RESULT},
	{VU_REQ_GET_SHMEM_CONFIG, "GET_SHMEM_CONFIG", NULL, "get-shmem-config", NONE, SHMC, 0, 0, 0, true, VU_PF_SHMEM, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_REQ_GET_VRING_BASE_SKIP_DRAIN, "GET_VRING_BASE_SKIP_DRAIN", NULL, "get-vring-base-skip-drain", STATE, STATE, 0, 0, 0, true, VU_PF_GET_VRING_BASE_SKIP_DRAIN, VU_GATE_NONE, false, false, VU_FIELD_VRING_NUM, VU_FIELD_VRING_BASE},
};
const size_t test_ref_main_count = sizeof(test_ref_main) / sizeof(test_ref_main[0]);

const struct test_ref_request test_ref_backend[] = {
	{VU_BREQ_NONE, "BACKEND_NONE", "SLAVE_NONE", "none", NONE, NONE, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_BREQ_IOTLB_MSG, "BACKEND_IOTLB_MSG", "SLAVE_IOTLB_MSG", "iotlb-msg", IOTLB, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_F_ACCESS_PLATFORM, false, false, NOF, VU_FIELD_ACK},
	{VU_BREQ_CONFIG_CHANGE_MSG, "BACKEND_CONFIG_CHANGE_MSG", "SLAVE_CONFIG_CHANGE_MSG", "config-change-msg", NONE, ACK, 0, 0, 0, false, VU_PF_CONFIG, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_BREQ_VRING_HOST_NOTIFIER_MSG, "BACKEND_VRING_HOST_NOTIFIER_MSG", "SLAVE_VRING_HOST_NOTIFIER_MSG", "vring-host-notifier-msg", AREA, ACK, 0, 1, 0, false, VU_PF_HOST_NOTIFIER, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_BREQ_VRING_CALL, "BACKEND_VRING_CALL", "SLAVE_VRING_CALL", "vring-call", STATE, ACK, 0, 0, 0, false, VU_PF_INBAND_NOTIFICATIONS, VU_GATE_NONE, false, false, VU_FIELD_VRING_NUM, VU_FIELD_ACK},
	{VU_BREQ_VRING_ERR, "BACKEND_VRING_ERR", "SLAVE_VRING_ERR", "vring-err", STATE, ACK, 0, 0, 0, false, VU_PF_INBAND_NOTIFICATIONS, VU_GATE_NONE, false, false, VU_FIELD_VRING_NUM, VU_FIELD_ACK},
	{VU_BREQ_SHARED_OBJECT_ADD, "BACKEND_SHARED_OBJECT_ADD", NULL, "shared-object-add", SHARED, ACK, 0, 0, 0, false, VU_PF_SHARED_OBJECT, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_BREQ_SHARED_OBJECT_REMOVE, "BACKEND_SHARED_OBJECT_REMOVE", NULL, "shared-object-remove", SHARED, ACK, 0, 0, 0, false, VU_PF_SHARED_OBJECT, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_BREQ_SHARED_OBJECT_LOOKUP, "BACKEND_SHARED_OBJECT_LOOKUP", NULL, "shared-object-lookup", SHARED, U64, 0, 0, 1, true, VU_PF_SHARED_OBJECT, VU_GATE_NONE, false, false, NOF, VU_FIELD_RESULT},
	{VU_BREQ_SHMEM_MAP, "BACKEND_SHMEM_MAP", NULL, "shmem-map", MMAP, ACK, 1, 1, 0, false, VU_PF_SHMEM, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_BREQ_SHMEM_UNMAP, "BACKEND_SHMEM_UNMAP", NULL, "shmem-unmap", MMAP, ACK, 0, 0, 0, false, VU_PF_SHMEM, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
};
const size_t test_ref_backend_count = sizeof(test_ref_backend) / sizeof(test_ref_backend[0]);

/*
 * Appendix A (unverified in the reference), checked against QEMU's
 * docs/interop/vhost-user-gpu.rst: payload layouts are not decoded (raw
 * bytes); replies only where the rst gives one.
 */
const struct test_ref_request test_ref_gpu[] = {
	{VU_GPU_NONE, "GPU_NONE", NULL, "none", NONE, NONE, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_GPU_GET_PROTOCOL_FEATURES, "GPU_GET_PROTOCOL_FEATURES", NULL, "get-protocol-features", NONE, U64, 0, 0, 0, true, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_U64},
	{VU_GPU_SET_PROTOCOL_FEATURES, "GPU_SET_PROTOCOL_FEATURES", NULL, "set-protocol-features", U64, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, VU_FIELD_U64, VU_FIELD_ACK},
	{VU_GPU_GET_DISPLAY_INFO, "GPU_GET_DISPLAY_INFO", NULL, "get-display-info", NONE, RAW, 0, 0, 0, true, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_GPU_CURSOR_POS, "GPU_CURSOR_POS", NULL, "cursor-pos", RAW, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_GPU_CURSOR_POS_HIDE, "GPU_CURSOR_POS_HIDE", NULL, "cursor-pos-hide", RAW, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_GPU_CURSOR_UPDATE, "GPU_CURSOR_UPDATE", NULL, "cursor-update", RAW, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_GPU_SCANOUT, "GPU_SCANOUT", NULL, "scanout", RAW, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	{VU_GPU_UPDATE, "GPU_UPDATE", NULL, "update", RAW, ACK, 0, 0, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	/* Appendix A: DMABUF_SCANOUT carries an fd. */
	{VU_GPU_DMABUF_SCANOUT, "GPU_DMABUF_SCANOUT", NULL, "dmabuf-scanout", RAW, ACK, 0, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
	/* vhost-user-gpu.rst: "reply payload: empty payload", sent every time (it paces the updates). */
	{VU_GPU_DMABUF_UPDATE, "GPU_DMABUF_UPDATE", NULL, "dmabuf-update", RAW, NONE, 0, 0, 0, true, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_GPU_GET_EDID, "GPU_GET_EDID", NULL, "get-edid", RAW, RAW, 0, 0, 0, true, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, NOF},
	{VU_GPU_DMABUF_SCANOUT2, "GPU_DMABUF_SCANOUT2", NULL, "dmabuf-scanout2", RAW, ACK, 0, 1, 0, false, VU_GATE_NONE, VU_GATE_NONE, false, false, NOF, VU_FIELD_ACK},
};
const size_t test_ref_gpu_count = sizeof(test_ref_gpu) / sizeof(test_ref_gpu[0]);
/* clang-format on */

const struct test_ref_request *test_ref_table(enum vu_channel channel, size_t *count)
{
	switch (channel) {
	case VU_CHANNEL_MAIN:
		*count = test_ref_main_count;
		return test_ref_main;
	case VU_CHANNEL_BACKEND:
		*count = test_ref_backend_count;
		return test_ref_backend;
	case VU_CHANNEL_GPU:
		*count = test_ref_gpu_count;
		return test_ref_gpu;
	default:
		*count = 0;
		return NULL;
	}
}
