/*
 * The request table: every message of every channel, one row each. It drives
 * the decoder, the names, the JSON keys, the Wireshark value strings and the
 * tests. Columns: number, channel, name, old name, key, request payload,
 * reply payload (ACK = only a REPLY_ACK when NEED_REPLY was set), fds on the
 * request (min, max), fds on the reply (max), always replied, gating protocol
 * feature bit, gating virtio feature bit, deprecated, per-device.
 * Source: protocol reference §2, §3 and Appendix A (GPU socket, unverified).
 */
#include <string.h>
#include <strings.h>

#include "dissector/vu-dissector.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off */
static const struct vu_request_info main_requests[] = {
	{0, VU_CHANNEL_MAIN, "VHOST_USER_NONE", NULL, "none", VU_PAYLOAD_NONE, VU_PAYLOAD_NONE, 0, 0, 0, false, -1, -1, false, false},
	{1, VU_CHANNEL_MAIN, "VHOST_USER_GET_FEATURES", NULL, "get_features", VU_PAYLOAD_NONE, VU_PAYLOAD_FEATURES, 0, 0, 0, true, -1, -1, false, false},
	{2, VU_CHANNEL_MAIN, "VHOST_USER_SET_FEATURES", NULL, "set_features", VU_PAYLOAD_FEATURES, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{3, VU_CHANNEL_MAIN, "VHOST_USER_SET_OWNER", NULL, "set_owner", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, true},
	{4, VU_CHANNEL_MAIN, "VHOST_USER_RESET_OWNER", NULL, "reset_owner", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, true, true},
	{5, VU_CHANNEL_MAIN, "VHOST_USER_SET_MEM_TABLE", NULL, "set_mem_table", VU_PAYLOAD_MEM_TABLE, VU_PAYLOAD_ACK, 0, 8, 0, false, -1, -1, false, true},
	{6, VU_CHANNEL_MAIN, "VHOST_USER_SET_LOG_BASE", NULL, "set_log_base", VU_PAYLOAD_LOG, VU_PAYLOAD_U64, 0, 1, 0, false, -1, -1, false, true},
	{7, VU_CHANNEL_MAIN, "VHOST_USER_SET_LOG_FD", NULL, "set_log_fd", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 1, 1, 0, false, -1, -1, false, false},
	{8, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_NUM", NULL, "set_vring_num", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{9, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_ADDR", NULL, "set_vring_addr", VU_PAYLOAD_VRING_ADDR, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{10, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_BASE", NULL, "set_vring_base", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{11, VU_CHANNEL_MAIN, "VHOST_USER_GET_VRING_BASE", NULL, "get_vring_base", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_VRING_STATE, 0, 0, 0, true, -1, -1, false, false},
	{12, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_KICK", NULL, "set_vring_kick", VU_PAYLOAD_VRING_FILE, VU_PAYLOAD_ACK, 0, 1, 0, false, -1, -1, false, false},
	{13, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_CALL", NULL, "set_vring_call", VU_PAYLOAD_VRING_FILE, VU_PAYLOAD_ACK, 0, 1, 0, false, -1, -1, false, false},
	{14, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_ERR", NULL, "set_vring_err", VU_PAYLOAD_VRING_FILE, VU_PAYLOAD_ACK, 0, 1, 0, false, -1, -1, false, false},
	{15, VU_CHANNEL_MAIN, "VHOST_USER_GET_PROTOCOL_FEATURES", NULL, "get_protocol_features", VU_PAYLOAD_NONE, VU_PAYLOAD_PROTOCOL_FEATURES, 0, 0, 0, true, -1, 30, false, false},
	{16, VU_CHANNEL_MAIN, "VHOST_USER_SET_PROTOCOL_FEATURES", NULL, "set_protocol_features", VU_PAYLOAD_PROTOCOL_FEATURES, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, 30, false, false},
	{17, VU_CHANNEL_MAIN, "VHOST_USER_GET_QUEUE_NUM", NULL, "get_queue_num", VU_PAYLOAD_NONE, VU_PAYLOAD_U64, 0, 0, 0, true, 0, -1, false, true},
	{18, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_ENABLE", NULL, "set_vring_enable", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, 30, false, false},
	{19, VU_CHANNEL_MAIN, "VHOST_USER_SEND_RARP", NULL, "send_rarp", VU_PAYLOAD_MAC, VU_PAYLOAD_ACK, 0, 0, 0, false, 2, -1, false, false},
	{20, VU_CHANNEL_MAIN, "VHOST_USER_NET_SET_MTU", NULL, "net_set_mtu", VU_PAYLOAD_U64, VU_PAYLOAD_ACK, 0, 0, 0, false, 4, -1, false, true},
	{21, VU_CHANNEL_MAIN, "VHOST_USER_SET_BACKEND_REQ_FD", "VHOST_USER_SET_SLAVE_REQ_FD", "set_backend_req_fd", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 1, 1, 0, false, 5, -1, false, false},
	{22, VU_CHANNEL_MAIN, "VHOST_USER_IOTLB_MSG", NULL, "iotlb_msg", VU_PAYLOAD_IOTLB, VU_PAYLOAD_U64, 0, 0, 0, true, -1, 33, false, false},
	{23, VU_CHANNEL_MAIN, "VHOST_USER_SET_VRING_ENDIAN", NULL, "set_vring_endian", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_ACK, 0, 0, 0, false, 6, -1, false, false},
	{24, VU_CHANNEL_MAIN, "VHOST_USER_GET_CONFIG", NULL, "get_config", VU_PAYLOAD_CONFIG, VU_PAYLOAD_CONFIG, 0, 0, 0, true, 9, -1, false, false},
	{25, VU_CHANNEL_MAIN, "VHOST_USER_SET_CONFIG", NULL, "set_config", VU_PAYLOAD_CONFIG, VU_PAYLOAD_ACK, 0, 0, 0, false, 9, -1, false, false},
	{26, VU_CHANNEL_MAIN, "VHOST_USER_CREATE_CRYPTO_SESSION", NULL, "create_crypto_session", VU_PAYLOAD_CRYPTO_SESSION, VU_PAYLOAD_CRYPTO_SESSION, 0, 0, 0, true, 7, -1, false, false},
	{27, VU_CHANNEL_MAIN, "VHOST_USER_CLOSE_CRYPTO_SESSION", NULL, "close_crypto_session", VU_PAYLOAD_U64, VU_PAYLOAD_ACK, 0, 0, 0, false, 7, -1, false, false},
	{28, VU_CHANNEL_MAIN, "VHOST_USER_POSTCOPY_ADVISE", NULL, "postcopy_advise", VU_PAYLOAD_NONE, VU_PAYLOAD_NONE, 0, 0, 1, true, 8, -1, false, false},
	{29, VU_CHANNEL_MAIN, "VHOST_USER_POSTCOPY_LISTEN", NULL, "postcopy_listen", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 0, 0, 0, false, 8, -1, false, false},
	{30, VU_CHANNEL_MAIN, "VHOST_USER_POSTCOPY_END", NULL, "postcopy_end", VU_PAYLOAD_NONE, VU_PAYLOAD_U64, 0, 0, 0, true, 8, -1, false, false},
	{31, VU_CHANNEL_MAIN, "VHOST_USER_GET_INFLIGHT_FD", NULL, "get_inflight_fd", VU_PAYLOAD_INFLIGHT, VU_PAYLOAD_INFLIGHT, 0, 0, 1, true, 12, -1, false, false},
	{32, VU_CHANNEL_MAIN, "VHOST_USER_SET_INFLIGHT_FD", NULL, "set_inflight_fd", VU_PAYLOAD_INFLIGHT, VU_PAYLOAD_ACK, 1, 1, 0, false, 12, -1, false, false},
	{33, VU_CHANNEL_MAIN, "VHOST_USER_GPU_SET_SOCKET", NULL, "gpu_set_socket", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 1, 1, 0, false, -1, -1, false, false},
	{34, VU_CHANNEL_MAIN, "VHOST_USER_RESET_DEVICE", NULL, "reset_device", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 0, 0, 0, false, 13, -1, false, true},
	{35, VU_CHANNEL_MAIN, "VHOST_USER_VRING_KICK", NULL, "vring_kick", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_ACK, 0, 0, 0, false, 14, -1, false, false},
	{36, VU_CHANNEL_MAIN, "VHOST_USER_GET_MAX_MEM_SLOTS", NULL, "get_max_mem_slots", VU_PAYLOAD_NONE, VU_PAYLOAD_U64, 0, 0, 0, true, 15, -1, false, false},
	{37, VU_CHANNEL_MAIN, "VHOST_USER_ADD_MEM_REG", NULL, "add_mem_reg", VU_PAYLOAD_MEM_REGION, VU_PAYLOAD_ACK, 1, 1, 0, false, 15, -1, false, true},
	{38, VU_CHANNEL_MAIN, "VHOST_USER_REM_MEM_REG", NULL, "rem_mem_reg", VU_PAYLOAD_MEM_REGION, VU_PAYLOAD_ACK, 0, 1, 0, false, 15, -1, false, true},
	{39, VU_CHANNEL_MAIN, "VHOST_USER_SET_STATUS", NULL, "set_status", VU_PAYLOAD_STATUS, VU_PAYLOAD_ACK, 0, 0, 0, false, 16, -1, false, false},
	{40, VU_CHANNEL_MAIN, "VHOST_USER_GET_STATUS", NULL, "get_status", VU_PAYLOAD_NONE, VU_PAYLOAD_STATUS, 0, 0, 0, true, 16, -1, false, false},
	{41, VU_CHANNEL_MAIN, "VHOST_USER_GET_SHARED_OBJECT", NULL, "get_shared_object", VU_PAYLOAD_SHARED, VU_PAYLOAD_U64, 0, 0, 1, true, 18, -1, false, false},
	{42, VU_CHANNEL_MAIN, "VHOST_USER_SET_DEVICE_STATE_FD", NULL, "set_device_state_fd", VU_PAYLOAD_DEVICE_STATE, VU_PAYLOAD_DEVICE_STATE_RESULT, 1, 1, 1, true, 19, -1, false, false},
	{43, VU_CHANNEL_MAIN, "VHOST_USER_CHECK_DEVICE_STATE", NULL, "check_device_state", VU_PAYLOAD_NONE, VU_PAYLOAD_U64, 0, 0, 0, true, 19, -1, false, false},
	{44, VU_CHANNEL_MAIN, "VHOST_USER_GET_SHMEM_CONFIG", NULL, "get_shmem_config", VU_PAYLOAD_NONE, VU_PAYLOAD_SHMEM_CONFIG, 0, 0, 0, true, 22, -1, false, false},
	{45, VU_CHANNEL_MAIN, "VHOST_USER_GET_VRING_BASE_SKIP_DRAIN", NULL, "get_vring_base_skip_drain", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_VRING_STATE, 0, 0, 0, true, 23, -1, false, false},
};

static const struct vu_request_info backend_requests[] = {
	{0, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_NONE", "VHOST_USER_SLAVE_NONE", "backend_none", VU_PAYLOAD_NONE, VU_PAYLOAD_NONE, 0, 0, 0, false, -1, -1, false, false},
	{1, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_IOTLB_MSG", "VHOST_USER_SLAVE_IOTLB_MSG", "backend_iotlb_msg", VU_PAYLOAD_IOTLB, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, 33, false, false},
	{2, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_CONFIG_CHANGE_MSG", "VHOST_USER_SLAVE_CONFIG_CHANGE_MSG", "backend_config_change_msg", VU_PAYLOAD_NONE, VU_PAYLOAD_ACK, 0, 0, 0, false, 9, -1, false, false},
	{3, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_VRING_HOST_NOTIFIER_MSG", "VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG", "backend_vring_host_notifier_msg", VU_PAYLOAD_VRING_AREA, VU_PAYLOAD_ACK, 0, 1, 0, false, 11, -1, false, false},
	{4, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_VRING_CALL", "VHOST_USER_SLAVE_VRING_CALL", "backend_vring_call", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_ACK, 0, 0, 0, false, 14, -1, false, false},
	{5, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_VRING_ERR", "VHOST_USER_SLAVE_VRING_ERR", "backend_vring_err", VU_PAYLOAD_VRING_STATE, VU_PAYLOAD_ACK, 0, 0, 0, false, 14, -1, false, false},
	{6, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_SHARED_OBJECT_ADD", NULL, "backend_shared_object_add", VU_PAYLOAD_SHARED, VU_PAYLOAD_ACK, 0, 0, 0, false, 18, -1, false, false},
	{7, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_SHARED_OBJECT_REMOVE", NULL, "backend_shared_object_remove", VU_PAYLOAD_SHARED, VU_PAYLOAD_ACK, 0, 0, 0, false, 18, -1, false, false},
	{8, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_SHARED_OBJECT_LOOKUP", NULL, "backend_shared_object_lookup", VU_PAYLOAD_SHARED, VU_PAYLOAD_U64, 0, 0, 1, true, 18, -1, false, false},
	{9, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_SHMEM_MAP", NULL, "backend_shmem_map", VU_PAYLOAD_MMAP, VU_PAYLOAD_ACK, 1, 1, 0, false, 22, -1, false, false},
	{10, VU_CHANNEL_BACKEND, "VHOST_USER_BACKEND_SHMEM_UNMAP", NULL, "backend_shmem_unmap", VU_PAYLOAD_MMAP, VU_PAYLOAD_ACK, 0, 0, 0, false, 22, -1, false, false},
};

static const struct vu_request_info gpu_requests[] = {
	{0, VU_CHANNEL_GPU, "VHOST_USER_GPU_NONE", NULL, "gpu_none", VU_PAYLOAD_NONE, VU_PAYLOAD_NONE, 0, 0, 0, false, -1, -1, false, false},
	{1, VU_CHANNEL_GPU, "VHOST_USER_GPU_GET_PROTOCOL_FEATURES", NULL, "gpu_get_protocol_features", VU_PAYLOAD_NONE, VU_PAYLOAD_U64, 0, 0, 0, true, -1, -1, false, false},
	{2, VU_CHANNEL_GPU, "VHOST_USER_GPU_SET_PROTOCOL_FEATURES", NULL, "gpu_set_protocol_features", VU_PAYLOAD_U64, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{3, VU_CHANNEL_GPU, "VHOST_USER_GPU_GET_DISPLAY_INFO", NULL, "gpu_get_display_info", VU_PAYLOAD_NONE, VU_PAYLOAD_RAW, 0, 0, 0, true, -1, -1, false, false},
	{4, VU_CHANNEL_GPU, "VHOST_USER_GPU_CURSOR_POS", NULL, "gpu_cursor_pos", VU_PAYLOAD_RAW, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{5, VU_CHANNEL_GPU, "VHOST_USER_GPU_CURSOR_POS_HIDE", NULL, "gpu_cursor_pos_hide", VU_PAYLOAD_RAW, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{6, VU_CHANNEL_GPU, "VHOST_USER_GPU_CURSOR_UPDATE", NULL, "gpu_cursor_update", VU_PAYLOAD_RAW, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{7, VU_CHANNEL_GPU, "VHOST_USER_GPU_SCANOUT", NULL, "gpu_scanout", VU_PAYLOAD_RAW, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{8, VU_CHANNEL_GPU, "VHOST_USER_GPU_UPDATE", NULL, "gpu_update", VU_PAYLOAD_RAW, VU_PAYLOAD_ACK, 0, 0, 0, false, -1, -1, false, false},
	{9, VU_CHANNEL_GPU, "VHOST_USER_GPU_DMABUF_SCANOUT", NULL, "gpu_dmabuf_scanout", VU_PAYLOAD_RAW, VU_PAYLOAD_ACK, 0, 1, 0, false, -1, -1, false, false},
	{10, VU_CHANNEL_GPU, "VHOST_USER_GPU_DMABUF_UPDATE", NULL, "gpu_dmabuf_update", VU_PAYLOAD_RAW, VU_PAYLOAD_NONE, 0, 0, 0, true, -1, -1, false, false},
	{11, VU_CHANNEL_GPU, "VHOST_USER_GPU_GET_EDID", NULL, "gpu_get_edid", VU_PAYLOAD_RAW, VU_PAYLOAD_RAW, 0, 0, 0, true, -1, -1, false, false},
	{12, VU_CHANNEL_GPU, "VHOST_USER_GPU_DMABUF_SCANOUT2", NULL, "gpu_dmabuf_scanout2", VU_PAYLOAD_RAW, VU_PAYLOAD_ACK, 0, 1, 0, false, -1, -1, false, false},
};

/* clang-format on */

const struct vu_request_info *vu_request_table(enum vu_channel channel, size_t *count)
{
	switch (channel) {
	case VU_CHANNEL_MAIN:
		*count = N_ELEMENTS(main_requests);
		return main_requests;
	case VU_CHANNEL_BACKEND:
		*count = N_ELEMENTS(backend_requests);
		return backend_requests;
	case VU_CHANNEL_GPU:
		*count = N_ELEMENTS(gpu_requests);
		return gpu_requests;
	default:
		*count = 0;
		return NULL;
	}
}

const struct vu_request_info *vu_request_lookup(enum vu_channel channel, uint32_t request)
{
	size_t count;
	const struct vu_request_info *table = vu_request_table(channel, &count);

	/* Entry 0 (NONE) is invalid on the wire: it has a name but no message. */
	if (table == NULL || request == 0 || request >= count)
		return NULL;
	return &table[request];
}

/* name equals full ("VHOST_USER_X") with or without the prefix, any case. */
static bool name_matches(const char *full, const char *name)
{
	static const char prefix[] = "VHOST_USER_";

	if (full == NULL)
		return false;
	if (strcasecmp(full, name) == 0)
		return true;
	return strcasecmp(full + sizeof(prefix) - 1, name) == 0;
}

const struct vu_request_info *vu_request_by_name(enum vu_channel channel, const char *name)
{
	size_t count;
	const struct vu_request_info *table = vu_request_table(channel, &count);

	for (size_t i = 1; i < count; i++)
		if (name_matches(table[i].name, name) || name_matches(table[i].old_name, name))
			return &table[i];
	return NULL;
}
