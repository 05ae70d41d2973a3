/*
 * Text rendering of a decoded message: the value of one field, the one-line
 * summary of the payload, and the indented field tree (-v). Every renderer
 * walks the same field tree; the JSON renderer is in vu-render-json.c.
 */
#include <stdio.h>
#include <string.h>

#include "dissector/vu-dissector.h"

bool vu_field_is_header(const struct vu_field *f)
{
	return f->id <= VU_FIELD_SIZE;
}

size_t vu_payload_first_field(const struct vu_decoded *d)
{
	size_t i = 0;

	while (i < d->nfields && vu_field_is_header(&d->fields[i]))
		i++;
	return i;
}

/* Index just past the subtree of fields[i]. */
size_t vu_field_subtree_end(const struct vu_decoded *d, size_t i)
{
	size_t j = i + 1;

	while (j < d->nfields && d->fields[j].depth > d->fields[i].depth)
		j++;
	return j;
}

const char *vu_field_short_key(const struct vu_field_def *def)
{
	const char *dot = strrchr(def->key, '.');

	return dot != NULL ? dot + 1 : def->key;
}

const char *vu_field_bit_name(const struct vu_field_def *def, enum vu_device_type device,
                              enum vu_dialect dialect, unsigned bit)
{
	if (strcmp(def->bits, "virtio") == 0)
		return vu_feature_bit_name(device, bit);
	if (strcmp(def->bits, "protocol") == 0)
		return vu_protocol_bit_name(dialect, bit);
	if (strcmp(def->bits, "status") == 0)
		return vu_bit_table_lookup(vu_status_bit_table(), bit);
	return NULL;
}

const char *vu_field_value_name(const struct vu_field_def *def, uint64_t value)
{
	if (def->values == NULL)
		return NULL;
	for (uint64_t i = 0; def->values[i] != NULL; i++)
		if (i == value)
			return def->values[i];
	return NULL;
}

/* The set bits of a bitmask field by name, joined by sep. */
void vu_render_bit_names(const struct vu_field_def *def, uint64_t value, enum vu_device_type device,
                         enum vu_dialect dialect, const char *sep, struct vu_str *out)
{
	bool first = true;

	for (unsigned bit = 0; bit < 64; bit++) {
		const char *name;

		if (!(value & VU_BIT(bit)))
			continue;
		if (!first)
			vu_str_append(out, sep);
		first = false;
		name = vu_field_bit_name(def, device, dialect, bit);
		if (name != NULL)
			vu_str_append(out, name);
		else
			vu_str_printf(out, "bit%u", bit);
	}
}

static void render_hex_bytes(const uint8_t *p, size_t n, size_t max, struct vu_str *out)
{
	vu_str_hex(out, p, n < max ? n : max);
	if (n > max)
		vu_str_printf(out, "...(%zu bytes)", n);
}

void vu_render_field_bytes(const struct vu_field *f, const uint8_t *bytes, size_t len, size_t max,
                           struct vu_str *out)
{
	const struct vu_field_def *def = vu_field_def(f->id);
	struct vu_reader r;
	const uint8_t *p;

	vu_reader_init(&r, bytes, len);
	p = vu_reader_bytes(&r, f->offset, f->length);
	if (p == NULL) {
		vu_str_append(out, "<missing>");
		return;
	}
	if (def->type == VU_FT_MAC && f->length == 6) {
		vu_str_printf(out, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4],
		              p[5]);
	} else if (def->type == VU_FT_UUID && f->length == 16) {
		for (size_t i = 0; i < 16; i++)
			vu_str_printf(out, "%s%02x",
			              i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", p[i]);
	} else {
		render_hex_bytes(p, f->length, max, out);
	}
}

/* The number alone, in the field's base. */
void vu_render_field_number(const struct vu_field *f, struct vu_str *out)
{
	const struct vu_field_def *def = vu_field_def(f->id);

	switch (def->type) {
	case VU_FT_BOOL:
		vu_str_append(out, f->value ? "true" : "false");
		break;
	case VU_FT_I64:
		vu_str_printf(out, "%lld", (long long)(int64_t)f->value);
		break;
	default:
		vu_str_u64(out, f->value, def->base == VU_BASE_HEX);
	}
}

void vu_render_field_value(const struct vu_decoded *d, const struct vu_field *f,
                           const uint8_t *bytes, size_t len, enum vu_device_type device,
                           struct vu_str *out)
{
	const struct vu_field_def *def = vu_field_def(f->id);
	const char *name;

	switch (def->type) {
	case VU_FT_NONE:
		return;
	case VU_FT_BYTES:
	case VU_FT_MAC:
	case VU_FT_UUID:
		vu_render_field_bytes(f, bytes, len, 64, out);
		return;
	default:
		break;
	}
	vu_render_field_number(f, out);
	name = vu_field_value_name(def, f->value);
	if (name != NULL) {
		vu_str_append(out, " (");
		vu_str_append(out, name);
		vu_str_append(out, ")");
	}
	if (def->bits != NULL && f->value != 0) {
		vu_str_append(out, " <");
		vu_render_bit_names(def, f->value, device, d->dialect, ",", out);
		vu_str_append(out, ">");
	}
}

/* Padding carries nothing worth a place on the one line. */
static bool summary_skips(const struct vu_field *f)
{
	switch (f->id) {
	case VU_FIELD_MEM_PADDING:
	case VU_FIELD_INFLIGHT_PADDING:
	case VU_FIELD_MMAP_PADDING:
	case VU_FIELD_SHMEM_PADDING:
	case VU_FIELD_VRING_FILE:
		return true;
	default:
		return false;
	}
}

static void summary_range(const struct vu_decoded *d, size_t begin, size_t end,
                          const uint8_t *bytes, size_t len, enum vu_device_type device,
                          struct vu_str *out, bool *first)
{
	for (size_t i = begin; i < end; i++) {
		const struct vu_field *f = &d->fields[i];
		const struct vu_field_def *def = vu_field_def(f->id);

		if (summary_skips(f))
			continue;
		if (def->type == VU_FT_BOOL && def->mask != 0) {
			/* A flag bit: named only when set. */
			if (f->value) {
				vu_str_append(out, *first ? "" : " ");
				vu_str_append(out, vu_field_short_key(def));
				*first = false;
			}
			continue;
		}
		vu_str_append(out, *first ? "" : " ");
		*first = false;
		if (def->type == VU_FT_NONE) {
			size_t sub_end = vu_field_subtree_end(d, i);
			bool inner_first = true;

			vu_str_append(out, vu_field_short_key(def));
			vu_str_append(out, "[");
			summary_range(d, i + 1, sub_end, bytes, len, device, out, &inner_first);
			vu_str_append(out, "]");
			i = sub_end - 1;
			continue;
		}
		vu_str_append(out, vu_field_short_key(def));
		vu_str_append(out, "=");
		if (def->type == VU_FT_BYTES)
			vu_render_field_bytes(f, bytes, len, 16, out);
		else
			vu_render_field_value(d, f, bytes, len, device, out);
	}
}

void vu_render_summary(const struct vu_decoded *d, const uint8_t *bytes, size_t len,
                       enum vu_device_type device, struct vu_str *out)
{
	bool first = true;

	summary_range(d, vu_payload_first_field(d), d->nfields, bytes, len, device, out, &first);
}

void vu_render_tree(const struct vu_decoded *d, const uint8_t *bytes, size_t len,
                    enum vu_device_type device, const char *indent, struct vu_str *out)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct vu_field *f = &d->fields[i];
		const struct vu_field_def *def = vu_field_def(f->id);

		vu_str_append(out, indent);
		for (unsigned k = 0; k < f->depth; k++)
			vu_str_append(out, "    ");
		vu_str_append(out, def->label);
		if (def->type != VU_FT_NONE) {
			vu_str_append(out, ": ");
			vu_render_field_value(d, f, bytes, len, device, out);
		}
		vu_str_printf(out, "  [%u+%u]\n", f->offset, f->length);
		if (def->bits == NULL)
			continue;
		for (unsigned bit = 0; bit < 64; bit++) {
			const char *name;

			if (!(f->value & VU_BIT(bit)))
				continue;
			name = vu_field_bit_name(def, device, d->dialect, bit);
			vu_str_append(out, indent);
			for (unsigned k = 0; k <= f->depth; k++)
				vu_str_append(out, "    ");
			vu_str_printf(out, "bit %2u: %s\n", bit, name != NULL ? name : "(unknown)");
		}
	}
	size_t ndefs;
	const struct vu_finding_def *defs = vu_finding_defs(&ndefs);

	for (size_t i = 0; i < d->nfindings; i++)
		vu_str_printf(out, "%s[%s] %s\n", indent, defs[d->findings[i].code].key,
		              d->findings[i].text);
}
