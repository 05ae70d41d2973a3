/*
 * Feature bit names: protocol features (reference §5), virtio transport bits
 * (§6.1), the device-specific bits of each device type (§6.2-6.5) and the
 * status bits, as tables generated from vu-features.def. Names drop the
 * VIRTIO_<DEV>_F_ prefix. Bits marked unverified are the ones the reference
 * could not check and that Debian's linux-libc-dev headers do not define;
 * tests/ compares the rest with those headers.
 */
#include <string.h>
#include <strings.h>

#include "dissector/vu-dissector.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
/* clang-format off */
#define BIT_TABLE(id, bits) {id, bits, N_ELEMENTS(bits)}

/* The bit tables protocol_bits, transport_bits, net_bits, ..., status_bits. */
#define VU_FEATURE_TABLE(stem, type) static const struct vu_bit_name stem##_bits[] = {
#define VU_FEATURE(prefix, name_, ...) {.name = #name_, .bit = __VA_ARGS__},
#define VU_FEATURE_AS(prefix, id, name_, ...) {.name = #name_, .bit = __VA_ARGS__},
#define VU_FEATURE_TABLE_END };
#include "dissector/vu-features.def"
#undef VU_FEATURE_TABLE
#undef VU_FEATURE
#undef VU_FEATURE_AS
#undef VU_FEATURE_TABLE_END

/* Devices without feature bits of their own still get a (empty) table, so
 * that a device type is always known by name. */
static const struct vu_bit_name no_bits[] = {{0, NULL, false, 0}};

static const struct vu_bit_table protocol_table = BIT_TABLE("protocol", protocol_bits);
static const struct vu_bit_table transport_table = BIT_TABLE("transport", transport_bits);
static const struct vu_bit_table status_table = BIT_TABLE("status", status_bits);
static const struct vu_bit_table crosvm_protocol_table =
	BIT_TABLE("crosvm_protocol", crosvm_protocol_bits);

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

const struct vu_bit_table *vu_dialect_protocol_table(enum vu_dialect dialect)
{
	return dialect == VU_DIALECT_CROSVM ? &crosvm_protocol_table : NULL;
}

const char *vu_protocol_bit_name(enum vu_dialect dialect, unsigned bit)
{
	const char *name = NULL;

	if (dialect == VU_DIALECT_CROSVM)
		name = vu_bit_table_lookup(&crosvm_protocol_table, bit);
	return name != NULL ? name : vu_bit_table_lookup(&protocol_table, bit);
}

uint64_t vu_protocol_bits_upstream(enum vu_dialect dialect, uint64_t bits)
{
	const struct vu_bit_table *own = vu_dialect_protocol_table(dialect);
	uint64_t out = bits;

	if (own == NULL)
		return bits;
	for (size_t i = 0; i < own->count; i++)
		if (bits & VU_BIT(own->bits[i].bit))
			out &= ~VU_BIT(own->bits[i].bit);
	for (size_t i = 0; i < own->count; i++)
		if (bits & VU_BIT(own->bits[i].bit))
			out |= own->bits[i].means;
	return out;
}

bool vu_protocol_bit_dialect_only(enum vu_dialect dialect, unsigned bit)
{
	const struct vu_bit_table *own = vu_dialect_protocol_table(dialect);

	return own != NULL && vu_bit_table_lookup(own, bit) != NULL &&
	       vu_bit_table_lookup(&protocol_table, bit) == NULL;
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

bool vu_device_type_by_name(const char *name, enum vu_device_type *out)
{
	for (size_t i = 0; i < N_ELEMENTS(device_tables); i++)
		if (strcasecmp(device_tables[i].table.id, name) == 0) {
			*out = device_tables[i].type;
			return true;
		}
	return false;
}

const enum vu_device_type *vu_device_types(size_t *count)
{
	static const enum vu_device_type types[] = {
	    VU_DEVICE_NET,   VU_DEVICE_BLK,   VU_DEVICE_FS,      VU_DEVICE_GPU, VU_DEVICE_SCSI,
	    VU_DEVICE_VSOCK, VU_DEVICE_INPUT, VU_DEVICE_CRYPTO,  VU_DEVICE_I2C, VU_DEVICE_GPIO,
	    VU_DEVICE_RNG,   VU_DEVICE_SOUND, VU_DEVICE_CONSOLE,
	};

	*count = N_ELEMENTS(types);
	return types;
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

	if (name == NULL && (bit < VU_F_NOTIFY_ON_EMPTY || bit > VU_F_ADMIN_VQ))
		name = vu_bit_table_lookup(vu_device_feature_table(type), bit);
	return name;
}
