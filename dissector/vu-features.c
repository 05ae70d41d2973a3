/*
 * Feature bit names: protocol features (reference §5), virtio transport bits
 * (§6.1) and the device-specific bits of each device type (§6.2-6.5).
 * Names drop the VIRTIO_<DEV>_F_ prefix. Bits marked unverified are the ones
 * the reference could not check and that Debian's linux-libc-dev headers do
 * not define; tests/ compares the rest with those headers.
 */
#include <string.h>
#include <strings.h>

#include "dissector/vu-dissector.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
/* clang-format off */
#define BIT_TABLE(id, bits) {id, bits, N_ELEMENTS(bits)}

static const struct vu_bit_name protocol_bits[] = {
	{0, "MQ", false},
	{1, "LOG_SHMFD", false},
	{2, "RARP", false},
	{3, "REPLY_ACK", false},
	{4, "NET_MTU", false},
	{5, "BACKEND_REQ", false},
	{6, "CROSS_ENDIAN", false},
	{7, "CRYPTO_SESSION", false},
	{8, "PAGEFAULT", false},
	{9, "CONFIG", false},
	{10, "BACKEND_SEND_FD", false},
	{11, "HOST_NOTIFIER", false},
	{12, "INFLIGHT_SHMFD", false},
	{13, "RESET_DEVICE", false},
	{14, "INBAND_NOTIFICATIONS", false},
	{15, "CONFIGURE_MEM_SLOTS", false},
	{16, "STATUS", false},
	{17, "XEN_MMAP", false},
	{18, "SHARED_OBJECT", false},
	{19, "DEVICE_STATE", false},
	{20, "GET_VRING_BASE_INFLIGHT", false},
	{21, "GPA_ADDRESSES", false},
	{22, "SHMEM", false},
	{23, "GET_VRING_BASE_SKIP_DRAIN", false},
};

static const struct vu_bit_name transport_bits[] = {
	{24, "NOTIFY_ON_EMPTY", false},
	{26, "LOG_ALL", false},
	{27, "ANY_LAYOUT", false},
	{28, "INDIRECT_DESC", false},
	{29, "EVENT_IDX", false},
	{30, "PROTOCOL_FEATURES", false},
	{32, "VERSION_1", false},
	{33, "ACCESS_PLATFORM", false},
	{34, "RING_PACKED", false},
	{35, "IN_ORDER", false},
	{36, "ORDER_PLATFORM", false},
	{37, "SR_IOV", false},
	{38, "NOTIFICATION_DATA", true},
	{39, "NOTIF_CONFIG_DATA", true},
	{40, "RING_RESET", false},
	{41, "ADMIN_VQ", true},
};

static const struct vu_bit_name net_bits[] = {
	{0, "CSUM", false},
	{1, "GUEST_CSUM", false},
	{2, "CTRL_GUEST_OFFLOADS", false},
	{3, "MTU", false},
	{5, "MAC", false},
	{6, "GSO", false},
	{7, "GUEST_TSO4", false},
	{8, "GUEST_TSO6", false},
	{9, "GUEST_ECN", false},
	{10, "GUEST_UFO", false},
	{11, "HOST_TSO4", false},
	{12, "HOST_TSO6", false},
	{13, "HOST_ECN", false},
	{14, "HOST_UFO", false},
	{15, "MRG_RXBUF", false},
	{16, "STATUS", false},
	{17, "CTRL_VQ", false},
	{18, "CTRL_RX", false},
	{19, "CTRL_VLAN", false},
	{20, "CTRL_RX_EXTRA", false},
	{21, "GUEST_ANNOUNCE", false},
	{22, "MQ", false},
	{23, "CTRL_MAC_ADDR", false},
	{50, "DEVICE_STATS", true},
	{52, "VQ_NOTF_COAL", true},
	{53, "NOTF_COAL", false},
	{54, "GUEST_USO4", true},
	{55, "GUEST_USO6", true},
	{56, "HOST_USO", true},
	{57, "HASH_REPORT", false},
	{59, "GUEST_HDRLEN", true},
	{60, "RSS", false},
	{61, "RSC_EXT", false},
	{62, "STANDBY", false},
	{63, "SPEED_DUPLEX", false},
};

static const struct vu_bit_name blk_bits[] = {
	{0, "BARRIER", false},
	{1, "SIZE_MAX", false},
	{2, "SEG_MAX", false},
	{4, "GEOMETRY", false},
	{5, "RO", false},
	{6, "BLK_SIZE", false},
	{7, "SCSI", false},
	{9, "FLUSH", false},
	{10, "TOPOLOGY", false},
	{11, "CONFIG_WCE", false},
	{12, "MQ", false},
	{13, "DISCARD", false},
	{14, "WRITE_ZEROES", false},
	{15, "LIFETIME", true},
	{16, "SECURE_ERASE", false},
	{17, "ZONED", true},
};

static const struct vu_bit_name gpu_bits[] = {
	{0, "VIRGL", false},
	{1, "EDID", false},
	{2, "RESOURCE_UUID", false},
	{3, "RESOURCE_BLOB", false},
	{4, "CONTEXT_INIT", false},
};

static const struct vu_bit_name scsi_bits[] = {
	{0, "INOUT", false},
	{1, "HOTPLUG", false},
	{2, "CHANGE", false},
	{3, "T10_PI", false},
};

static const struct vu_bit_name fs_bits[] = {
	{0, "NOTIFICATION", true},
};

static const struct vu_bit_name vsock_bits[] = {
	{0, "STREAM", true},
	{1, "SEQPACKET", false},
	{2, "NO_IMPLIED_STREAM", true},
};

static const struct vu_bit_name crypto_bits[] = {
	{0, "REVISION_1", true},
	{1, "CIPHER_STATELESS_MODE", true},
	{2, "HASH_STATELESS_MODE", true},
	{3, "MAC_STATELESS_MODE", true},
	{4, "AEAD_STATELESS_MODE", true},
	{5, "AKCIPHER_STATELESS_MODE", true},
};

static const struct vu_bit_name i2c_bits[] = {
	{0, "ZERO_LENGTH_REQUEST", false},
};

static const struct vu_bit_name gpio_bits[] = {
	{0, "IRQ", false},
};

static const struct vu_bit_name sound_bits[] = {
	{0, "CTLS", true},
};

/* Devices without feature bits of their own still get a (empty) table, so
 * that a device type is always known by name. */
static const struct vu_bit_name no_bits[] = {{0, NULL, false}};

static const struct vu_bit_name status_bits[] = {
	{0, "ACKNOWLEDGE", false},
	{1, "DRIVER", false},
	{2, "DRIVER_OK", false},
	{3, "FEATURES_OK", false},
	{6, "NEEDS_RESET", false},
	{7, "FAILED", false},
};

static const struct vu_bit_table protocol_table = BIT_TABLE("protocol", protocol_bits);
static const struct vu_bit_table transport_table = BIT_TABLE("transport", transport_bits);
static const struct vu_bit_table status_table = BIT_TABLE("status", status_bits);

static const struct {
	enum vu_device_type type;
	struct vu_bit_table table;
} device_tables[] = {
	{VU_DEVICE_NET, BIT_TABLE("net", net_bits)},
	{VU_DEVICE_BLK, BIT_TABLE("blk", blk_bits)},
	{VU_DEVICE_FS, BIT_TABLE("fs", fs_bits)},
	{VU_DEVICE_GPU, BIT_TABLE("gpu", gpu_bits)},
	{VU_DEVICE_SCSI, BIT_TABLE("scsi", scsi_bits)},
	{VU_DEVICE_VSOCK, BIT_TABLE("vsock", vsock_bits)},
	{VU_DEVICE_INPUT, {"input", no_bits, 0}},
	{VU_DEVICE_CRYPTO, BIT_TABLE("crypto", crypto_bits)},
	{VU_DEVICE_I2C, BIT_TABLE("i2c", i2c_bits)},
	{VU_DEVICE_GPIO, BIT_TABLE("gpio", gpio_bits)},
	{VU_DEVICE_RNG, {"rng", no_bits, 0}},
	{VU_DEVICE_SOUND, BIT_TABLE("sound", sound_bits)},
	{VU_DEVICE_CONSOLE, {"console", no_bits, 0}},
};

/* clang-format on */

const struct vu_bit_table *vu_protocol_feature_table(void)
{
	return &protocol_table;
}

const struct vu_bit_table *vu_transport_feature_table(void)
{
	return &transport_table;
}

const struct vu_bit_table *vu_status_bit_table(void)
{
	return &status_table;
}

const struct vu_bit_table *vu_device_feature_table(enum vu_device_type type)
{
	for (size_t i = 0; i < N_ELEMENTS(device_tables); i++)
		if (device_tables[i].type == type)
			return &device_tables[i].table;
	return NULL;
}

const struct vu_bit_table *vu_device_feature_table_by_id(const char *id)
{
	for (size_t i = 0; i < N_ELEMENTS(device_tables); i++)
		if (strcasecmp(device_tables[i].table.id, id) == 0)
			return &device_tables[i].table;
	return NULL;
}

const char *vu_device_type_name(enum vu_device_type type)
{
	const struct vu_bit_table *t = vu_device_feature_table(type);

	return t != NULL ? t->id : "unknown";
}

const char *vu_bit_table_lookup(const struct vu_bit_table *t, unsigned bit)
{
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < t->count; i++)
		if (t->bits[i].bit == bit)
			return t->bits[i].name;
	return NULL;
}

const char *vu_feature_bit_name(enum vu_device_type type, unsigned bit)
{
	const char *name = vu_bit_table_lookup(&transport_table, bit);

	if (name == NULL && (bit < 24 || bit > 41))
		name = vu_bit_table_lookup(vu_device_feature_table(type), bit);
	return name;
}
