/* Names of small enumerations: channels, directions, fd kinds, payload kinds. */
#include "dissector/vu-dissector.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_or_unknown(const char *const *names, size_t count, unsigned value)
{
	return value < count && names[value] != NULL ? names[value] : "unknown";
}

const char *vu_channel_name(enum vu_channel channel)
{
	static const char *const names[] = {"main", "backend", "gpu"};

	return name_or_unknown(names, N_ELEMENTS(names), channel);
}

const char *vu_direction_name(enum vu_direction from)
{
	static const char *const names[] = {"front", "back"};

	return name_or_unknown(names, N_ELEMENTS(names), from);
}

const char *vu_fd_kind_name(enum vu_fd_kind kind)
{
	static const char *const names[] = {"unknown", "memfd", "eventfd", "socket",
	                                    "pipe",    "file",  "other"};

	return name_or_unknown(names, N_ELEMENTS(names), kind);
}

const char *vu_payload_kind_name(enum vu_payload_kind kind)
{
	static const char *const names[VU_PAYLOAD_KIND_COUNT] = {
	    [VU_PAYLOAD_NONE] = "none",
	    [VU_PAYLOAD_U64] = "u64",
	    [VU_PAYLOAD_FEATURES] = "features",
	    [VU_PAYLOAD_PROTOCOL_FEATURES] = "protocol features",
	    [VU_PAYLOAD_VRING_STATE] = "vring state",
	    [VU_PAYLOAD_VRING_ADDR] = "vring address",
	    [VU_PAYLOAD_VRING_FILE] = "vring fd",
	    [VU_PAYLOAD_MEM_TABLE] = "memory table",
	    [VU_PAYLOAD_MEM_REGION] = "memory region",
	    [VU_PAYLOAD_LOG] = "log",
	    [VU_PAYLOAD_IOTLB] = "IOTLB",
	    [VU_PAYLOAD_CONFIG] = "device config",
	    [VU_PAYLOAD_VRING_AREA] = "vring area",
	    [VU_PAYLOAD_INFLIGHT] = "inflight",
	    [VU_PAYLOAD_STATUS] = "status",
	    [VU_PAYLOAD_SHARED] = "shared object",
	    [VU_PAYLOAD_DEVICE_STATE] = "device-state transfer",
	    [VU_PAYLOAD_DEVICE_STATE_RESULT] = "device-state result",
	    [VU_PAYLOAD_CRYPTO_SESSION] = "crypto session",
	    [VU_PAYLOAD_MMAP] = "shmem map",
	    [VU_PAYLOAD_SHMEM_CONFIG] = "shmem config",
	    [VU_PAYLOAD_MAC] = "MAC",
	    [VU_PAYLOAD_ACK] = "reply-ack",
	    [VU_PAYLOAD_RAW] = "raw",
	};

	return name_or_unknown(names, N_ELEMENTS(names), kind);
}
