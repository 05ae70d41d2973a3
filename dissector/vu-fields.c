/* The declared fields and findings (vu-fields.def, vu-findings.def) as tables. */
#include "dissector/vu-dissector.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const vu_endian_names[] = {"little-endian", "big-endian", NULL};
static const char *const vu_iotlb_perm_names[] = {"none", "read-only", "write-only", "read-write",
                                                  NULL};
static const char *const vu_iotlb_type_names[] = {
    "none", "miss", "update", "invalidate", "access-fail", "batch-begin", "batch-end", NULL};
static const char *const vu_config_flag_names[] = {"frontend", "migration", NULL};
static const char *const vu_transfer_direction_names[] = {"save", "load", NULL};
static const char *const vu_transfer_phase_names[] = {"stopped", NULL};

static const struct vu_field_def field_defs[VU_FIELD_COUNT] = {
#define VU_FIELD(id, key, label, type, base, bits, mask, values)                                   \
	[VU_FIELD_##id] = {key, label, type, base, bits, mask, values},
#include "dissector/vu-fields.def"
#undef VU_FIELD
};

static const struct vu_finding_def finding_defs[VU_FIND_COUNT] = {
#define VU_FINDING(id, key, severity, text) [VU_FIND_##id] = {key, severity, text},
#include "dissector/vu-findings.def"
#undef VU_FINDING
};

const struct vu_field_def *vu_field_defs(size_t *count)
{
	*count = N_ELEMENTS(field_defs);
	return field_defs;
}

const struct vu_field_def *vu_field_def(enum vu_field_id id)
{
	return (size_t)id < N_ELEMENTS(field_defs) ? &field_defs[id] : NULL;
}

const struct vu_finding_def *vu_finding_defs(size_t *count)
{
	*count = N_ELEMENTS(finding_defs);
	return finding_defs;
}

const char *vu_severity_name(enum vu_severity severity)
{
	switch (severity) {
	case VU_SEV_NOTE:
		return "note";
	case VU_SEV_WARN:
		return "warn";
	case VU_SEV_ERROR:
		return "error";
	}
	return "?";
}
