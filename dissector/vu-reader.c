/* The one bounds-checked reader for message bytes. */
#include "dissector/vu-dissector.h"

void vu_reader_init(struct vu_reader *r, const uint8_t *data, size_t len)
{
	r->data = data;
	r->len = data != NULL ? len : 0;
	r->overrun = false;
}

bool vu_reader_has(const struct vu_reader *r, size_t offset, size_t n)
{
	/* Written so that offset + n cannot overflow. */
	return offset <= r->len && n <= r->len - offset;
}

const uint8_t *vu_reader_bytes(struct vu_reader *r, size_t offset, size_t n)
{
	if (!vu_reader_has(r, offset, n)) {
		r->overrun = true;
		return NULL;
	}
	return r->data + offset;
}

/* Little-endian n-byte number at offset; the wire is the host's order, and
 * every peer we know runs little-endian (reference §1.2). */
static bool read_le(struct vu_reader *r, size_t offset, size_t n, uint64_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, n);
	uint64_t v = 0;

	if (p == NULL) {
		*out = 0;
		return false;
	}
	for (size_t i = n; i > 0; i--)
		v = (v << 8) | p[i - 1];
	*out = v;
	return true;
}

static bool read_be(struct vu_reader *r, size_t offset, size_t n, uint64_t *out)
{
	const uint8_t *p = vu_reader_bytes(r, offset, n);
	uint64_t v = 0;

	if (p == NULL) {
		*out = 0;
		return false;
	}
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	*out = v;
	return true;
}

bool vu_reader_u8(struct vu_reader *r, size_t offset, uint8_t *out)
{
	uint64_t v;
	bool ok = read_le(r, offset, 1, &v);

	*out = (uint8_t)v;
	return ok;
}

bool vu_reader_u16(struct vu_reader *r, size_t offset, uint16_t *out)
{
	uint64_t v;
	bool ok = read_le(r, offset, 2, &v);

	*out = (uint16_t)v;
	return ok;
}

bool vu_reader_u32(struct vu_reader *r, size_t offset, uint32_t *out)
{
	uint64_t v;
	bool ok = read_le(r, offset, 4, &v);

	*out = (uint32_t)v;
	return ok;
}

bool vu_reader_u64(struct vu_reader *r, size_t offset, uint64_t *out)
{
	return read_le(r, offset, 8, out);
}

bool vu_reader_be16(struct vu_reader *r, size_t offset, uint16_t *out)
{
	uint64_t v;
	bool ok = read_be(r, offset, 2, &v);

	*out = (uint16_t)v;
	return ok;
}

bool vu_reader_be32(struct vu_reader *r, size_t offset, uint32_t *out)
{
	uint64_t v;
	bool ok = read_be(r, offset, 4, &v);

	*out = (uint32_t)v;
	return ok;
}
