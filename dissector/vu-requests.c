/*
 * The request tables, one per channel, generated from vu-requests.def (which
 * says what each column means): the table index is the request number.
 * Source: protocol reference §2, §3 and Appendix A (GPU socket, unverified).
 */
#include <string.h>
#include <strings.h>

#include "dissector/vu-dissector.h"

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * One row: the defaults of the columns a row may leave out, then the row's
 * own columns, which override them (C11 6.7.9: the last initializer of a
 * member wins). GCC and clang warn about such overrides under -Wextra; here
 * they are the point, so the warning is off for these tables only.
 */
#define ROW_DEFAULTS(channel_, prefix, name_, number_)                                             \
	.number = number_, .channel = VU_CHANNEL_##channel_, .name = prefix #name_,                \
	.gate = VU_GATE_NONE, .gate_virtio = VU_GATE_NONE, .always_replied_with = VU_GATE_NONE,    \
	.request_field = VU_FIELD_U64, .reply_field = VU_FIELD_U64
#define ROW(channel_, prefix, name_, number_, ...)                                                 \
	[number_] = {ROW_DEFAULTS(channel_, prefix, name_, number_), __VA_ARGS__},
#define VU_REQUEST(channel, name, number, ...) ROW_##channel(name, number, __VA_ARGS__)

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

#define ROW_MAIN(name, number, ...) ROW(MAIN, "VHOST_USER_", name, number, __VA_ARGS__)
#define ROW_BACKEND(name, number, ...)
#define ROW_GPU(name, number, ...)
#define ROW_CROSVM_MAIN(name, number, ...)
#define ROW_CROSVM_BACKEND(name, number, ...)
static const struct vu_request_info main_requests[] = {
#include "dissector/vu-requests.def"
};
#undef ROW_MAIN
#undef ROW_BACKEND
#define ROW_MAIN(name, number, ...)
#define ROW_BACKEND(name, number, ...)                                                             \
	ROW(BACKEND, "VHOST_USER_BACKEND_", name, number, __VA_ARGS__)
static const struct vu_request_info backend_requests[] = {
#include "dissector/vu-requests.def"
};
#undef ROW_BACKEND
#undef ROW_GPU
#define ROW_BACKEND(name, number, ...)
#define ROW_GPU(name, number, ...) ROW(GPU, "VHOST_USER_GPU_", name, number, __VA_ARGS__)
static const struct vu_request_info gpu_requests[] = {
#include "dissector/vu-requests.def"
};

#undef ROW_GPU
#define ROW_GPU(name, number, ...)

/* A dialect's rows: few and far apart (1000 and up), so searched, not indexed. */
#define DIALECT_ROW(dialect_, channel_, prefix, name_, number_, ...)                               \
	{ROW_DEFAULTS(channel_, prefix, name_, number_), .dialect = VU_DIALECT_##dialect_,         \
	 __VA_ARGS__},
#undef ROW_CROSVM_MAIN
#undef ROW_CROSVM_BACKEND
#define ROW_CROSVM_MAIN(name, number, ...)                                                         \
	DIALECT_ROW(CROSVM, MAIN, "VHOST_USER_", name, number, __VA_ARGS__)
#define ROW_CROSVM_BACKEND(name, number, ...)                                                      \
	DIALECT_ROW(CROSVM, BACKEND, "VHOST_USER_BACKEND_", name, number, __VA_ARGS__)
static const struct vu_request_info crosvm_requests[] = {
#include "dissector/vu-requests.def"
};

#pragma GCC diagnostic pop

/* The enums size the tables that are indexed by request (vu-session.c). */
_Static_assert(N_ELEMENTS(main_requests) == VU_REQ_COUNT, "main requests numbered 0..count-1");
_Static_assert(N_ELEMENTS(backend_requests) == VU_BREQ_COUNT,
               "back-end requests numbered 0..count-1");
_Static_assert(N_ELEMENTS(gpu_requests) == VU_GPU_COUNT, "GPU requests numbered 0..count-1");

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
	if (table == NULL || request == VU_REQ_NONE || request >= count)
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

static const char *const dialect_names[VU_DIALECT_COUNT] = {
    [VU_DIALECT_QEMU] = "qemu",
    [VU_DIALECT_CROSVM] = "crosvm",
};

const char *vu_dialect_name(enum vu_dialect dialect)
{
	return (size_t)dialect < VU_DIALECT_COUNT ? dialect_names[dialect] : "unknown";
}

bool vu_dialect_by_name(const char *name, enum vu_dialect *out)
{
	for (size_t i = 0; i < VU_DIALECT_COUNT; i++)
		if (strcasecmp(dialect_names[i], name) == 0) {
			*out = (enum vu_dialect)i;
			return true;
		}
	return false;
}

const struct vu_request_info *vu_request_dialect_table(enum vu_dialect dialect, size_t *count)
{
	if (dialect == VU_DIALECT_CROSVM) {
		*count = N_ELEMENTS(crosvm_requests);
		return crosvm_requests;
	}
	*count = 0;
	return NULL;
}

const struct vu_request_info *vu_request_lookup_dialect(enum vu_dialect dialect,
                                                        enum vu_channel channel, uint32_t request)
{
	size_t count;
	const struct vu_request_info *rows = vu_request_dialect_table(dialect, &count);

	for (size_t i = 0; i < count; i++)
		if (rows[i].channel == channel && rows[i].number == request)
			return &rows[i];
	return vu_request_lookup(channel, request);
}
