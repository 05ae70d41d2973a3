/* The body of a notification record (--kicks): see vu-notify.h. */
#include <string.h>

#include "dissector/vu-dissector.h"
#include "dissector/vu-notify.h"

const char *vu_notify_signal_name(enum vu_notify_signal signal)
{
	switch (signal) {
	case VU_NOTIFY_KICK:
		return "kick";
	case VU_NOTIFY_CALL:
		return "call";
	case VU_NOTIFY_ERR:
		return "err";
	}
	return "unknown";
}

size_t vu_notify_serialize(const struct vu_notify *n, uint8_t *dst, size_t cap)
{
	if (cap < VU_NOTIFY_BODY_SIZE)
		return 0;
	memset(dst, 0, VU_NOTIFY_BODY_SIZE);
	dst[0] = VU_NOTIFY_VERSION;
	dst[1] = n->signal;
	dst[2] = n->flags;
	vu_put_le(dst + 4, n->vring, 2);
	vu_put_le(dst + 8, n->count, 8);
	vu_put_le(dst + 16, n->signals, 8);
	vu_put_le(dst + 24, n->reads, 8);
	return VU_NOTIFY_BODY_SIZE;
}

bool vu_notify_parse(const uint8_t *body, size_t len, struct vu_notify *n)
{
	struct vu_reader r;
	uint8_t version;

	memset(n, 0, sizeof(*n));
	vu_reader_init(&r, body, len);
	if (!vu_reader_has(&r, 0, VU_NOTIFY_BODY_SIZE))
		return false;
	vu_reader_u8(&r, 0, &version);
	vu_reader_u8(&r, 1, &n->signal);
	vu_reader_u8(&r, 2, &n->flags);
	vu_reader_u16(&r, 4, &n->vring);
	vu_reader_u64(&r, 8, &n->count);
	vu_reader_u64(&r, 16, &n->signals);
	vu_reader_u64(&r, 24, &n->reads);
	return version == VU_NOTIFY_VERSION && n->signal >= VU_NOTIFY_KICK &&
	       n->signal <= VU_NOTIFY_ERR && (n->flags & ~VU_NOTIFY_F_ALL) == 0 && n->count > 0 &&
	       n->reads > 0 && n->signals >= n->reads && n->signals >= n->count;
}
