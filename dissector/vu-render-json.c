/*
 * JSON rendering of a decoded payload. Keys are the field keys (the Wireshark
 * filter names without "vhostuser."); a bitmask field adds "<key>.names", an
 * enumeration "<key>.name"; a subtree (a memory region) becomes an array of
 * objects under its key, one per occurrence.
 */
#include <string.h>

#include "dissector/vu-dissector.h"

static void json_key(struct vu_str *out, bool *first, const char *key, const char *suffix)
{
	vu_str_append(out, *first ? "\"" : ",\"");
	*first = false;
	vu_str_append(out, key);
	vu_str_append(out, suffix);
	vu_str_append(out, "\":");
}

static void json_scalar(const struct vu_field *f, const uint8_t *bytes, size_t len,
                        enum vu_device_type device, enum vu_dialect dialect, struct vu_str *out,
                        bool *first)
{
	const struct vu_field_def *def = vu_field_def(f->id);
	const char *name;

	json_key(out, first, def->key, "");
	switch (def->type) {
	case VU_FT_BYTES:
	case VU_FT_MAC:
	case VU_FT_UUID:
		vu_str_append(out, "\"");
		/* Garbage can be a megabyte; the largest legal payload is whole. */
		vu_render_field_bytes(f, bytes, len, VU_MAX_PAYLOAD, out);
		vu_str_append(out, "\"");
		return;
	case VU_FT_BOOL:
		vu_str_append(out, f->value ? "true" : "false");
		return;
	case VU_FT_I64:
		vu_str_printf(out, "%lld", (long long)(int64_t)f->value);
		return;
	default:
		vu_str_u64(out, f->value, false);
	}
	name = vu_field_value_name(def, f->value);
	if (name != NULL) {
		json_key(out, first, def->key, ".name");
		vu_str_json_string(out, name);
	}
	if (def->bits != NULL) {
		struct vu_str names;

		vu_str_init(&names);
		vu_render_bit_names(def, f->value, device, dialect, "\",\"", &names);
		json_key(out, first, def->key, ".names");
		vu_str_append(out, names.len > 0 ? "[\"" : "[");
		if (names.len > 0)
			vu_str_append(out, names.data);
		vu_str_append(out, names.len > 0 ? "\"]" : "]");
		vu_str_free(&names);
	}
}

static void json_object(const struct vu_decoded *d, size_t begin, size_t end, const uint8_t *bytes,
                        size_t len, enum vu_device_type device, struct vu_str *out)
{
	bool first = true;
	size_t i = begin;

	vu_str_append(out, "{");
	while (i < end) {
		const struct vu_field *f = &d->fields[i];
		const struct vu_field_def *def = vu_field_def(f->id);

		if (def->type != VU_FT_NONE) {
			json_scalar(f, bytes, len, device, d->dialect, out, &first);
			i++;
			continue;
		}
		/* Consecutive subtrees of one kind form one array. */
		json_key(out, &first, def->key, "");
		vu_str_append(out, "[");
		while (i < end && d->fields[i].id == f->id && d->fields[i].depth == f->depth) {
			size_t sub_end = vu_field_subtree_end(d, i);

			if (d->fields[i].offset != f->offset)
				vu_str_append(out, ",");
			json_object(d, i + 1, sub_end, bytes, len, device, out);
			i = sub_end;
		}
		vu_str_append(out, "]");
	}
	vu_str_append(out, "}");
}

void vu_render_json_payload(const struct vu_decoded *d, const uint8_t *bytes, size_t len,
                            enum vu_device_type device, struct vu_str *out)
{
	json_object(d, vu_payload_first_field(d), d->nfields, bytes, len, device, out);
}

static void json_finding(const struct vu_finding *f, struct vu_str *out)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	const struct vu_finding_def *def = &defs[f->code < count ? f->code : 0];

	vu_str_append(out, "{\"id\":");
	vu_str_json_string(out, def->key);
	vu_str_append(out, ",\"severity\":\"");
	vu_str_append(out, vu_severity_name(def->severity));
	vu_str_append(out, "\",\"message\":");
	vu_str_json_string(out, f->text);
	if (f->frame != 0) {
		vu_str_append(out, ",\"frame\":");
		vu_str_u64(out, f->frame, false);
	}
	vu_str_append(out, "}");
}

/* The malformed reason leads: it is why the message could not be trusted. */
void vu_render_json_findings(const struct vu_decoded *d, struct vu_str *out)
{
	size_t lead = d->nfindings;
	bool first = true;

	for (size_t i = 0; i < d->nfindings && d->malformed; i++)
		if (strcmp(d->findings[i].text, d->malformed_reason) == 0) {
			lead = i;
			break;
		}
	vu_str_append(out, "[");
	if (lead < d->nfindings) {
		json_finding(&d->findings[lead], out);
		first = false;
	}
	for (size_t i = 0; i < d->nfindings; i++) {
		if (i == lead)
			continue;
		if (!first)
			vu_str_append(out, ",");
		first = false;
		json_finding(&d->findings[i], out);
	}
	vu_str_append(out, "]");
}
