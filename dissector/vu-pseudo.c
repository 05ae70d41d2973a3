/* The capture pseudo-header that precedes each message in a pcapng frame. */
#include <string.h>

#include "dissector/vu-dissector.h"

size_t vu_pseudo_size(unsigned nfds)
{
	if (nfds > VU_MAX_FDS)
		nfds = VU_MAX_FDS;
	return VU_PSEUDO_FIXED + (size_t)nfds * VU_PSEUDO_FD_SIZE;
}

size_t vu_pseudo_encode(const struct vu_pseudo *p, uint8_t *buf, size_t cap)
{
	size_t need = vu_pseudo_size(p->nfds);
	unsigned nfds = p->nfds > VU_MAX_FDS ? VU_MAX_FDS : p->nfds;

	if (cap < need)
		return 0;
	/* Every byte of the fixed part is stored below, the reserved ones as 0;
	 * only the fd entries are cleared first (a call per message saved). */
	if (nfds > 0)
		memset(buf + VU_PSEUDO_FIXED, 0, need - VU_PSEUDO_FIXED);
	buf[0] = 'V';
	buf[1] = 'U';
	buf[2] = VU_PSEUDO_VERSION;
	buf[3] = p->kind;
	buf[4] = p->channel;
	buf[5] = p->from;
	buf[6] = (uint8_t)nfds;
	buf[7] = p->flags;
	vu_put_le(buf + 8, p->session, 4);
	vu_put_le(buf + 12, p->msg_len, 4);
	buf[16] = p->fds_total;
	buf[17] = 0;
	vu_put_le(buf + 18, p->inject, 2);
	vu_put_le(buf + 20, 0, 4);
	for (unsigned i = 0; i < nfds; i++) {
		uint8_t *e = buf + VU_PSEUDO_FIXED + (size_t)i * VU_PSEUDO_FD_SIZE;
		size_t name_len = strnlen(p->fds[i].name, sizeof(p->fds[i].name));

		e[0] = p->fds[i].kind;
		e[1] = p->fds[i].flags;
		vu_put_le(e + 4, p->fds[i].eventfd_id, 4);
		vu_put_le(e + 8, p->fds[i].size, 8);
		vu_put_le(e + 16, p->fds[i].inode, 8);
		memcpy(e + 24, p->fds[i].name, name_len);
	}
	return need;
}

size_t vu_pseudo_decode(const uint8_t *buf, size_t len, struct vu_pseudo *p)
{
	struct vu_reader r;
	uint8_t nfds;
	size_t need;

	memset(p, 0, sizeof(*p));
	vu_reader_init(&r, buf, len);
	if (!vu_reader_has(&r, 0, VU_PSEUDO_FIXED) || buf[0] != 'V' || buf[1] != 'U')
		return 0;
	vu_reader_u8(&r, 2, &p->version);
	if (p->version != VU_PSEUDO_VERSION)
		return 0;
	vu_reader_u8(&r, 3, &p->kind);
	vu_reader_u8(&r, 4, &p->channel);
	vu_reader_u8(&r, 5, &p->from);
	vu_reader_u8(&r, 6, &nfds);
	vu_reader_u8(&r, 7, &p->flags);
	vu_reader_u32(&r, 8, &p->session);
	vu_reader_u32(&r, 12, &p->msg_len);
	vu_reader_u8(&r, 16, &p->fds_total);
	vu_reader_u16(&r, 18, &p->inject);
	/* Findings records are never written; a ring record is (--rings), its
	 * inflight and dirty-log records, a data-plane entry (--packets) and a
	 * notification (--kicks). */
	if (nfds > VU_MAX_FDS || p->kind == VU_RECORD_FINDINGS ||
	    (p->kind > VU_RECORD_DIRTY_LOG && p->kind != VU_RECORD_DATA &&
	     p->kind != VU_RECORD_NOTIFY) ||
	    p->channel >= VU_CHANNEL_COUNT || p->from > VU_FROM_BACK)
		return 0;
	need = vu_pseudo_size(nfds);
	if (!vu_reader_has(&r, 0, need))
		return 0;
	p->nfds = nfds;
	for (unsigned i = 0; i < nfds; i++) {
		size_t e = VU_PSEUDO_FIXED + (size_t)i * VU_PSEUDO_FD_SIZE;
		const uint8_t *name;

		vu_reader_u8(&r, e, &p->fds[i].kind);
		vu_reader_u8(&r, e + 1, &p->fds[i].flags);
		vu_reader_u32(&r, e + 4, &p->fds[i].eventfd_id);
		vu_reader_u64(&r, e + 8, &p->fds[i].size);
		vu_reader_u64(&r, e + 16, &p->fds[i].inode);
		name = vu_reader_bytes(&r, e + 24, sizeof(p->fds[i].name));
		memcpy(p->fds[i].name, name, sizeof(p->fds[i].name) - 1);
		p->fds[i].name[sizeof(p->fds[i].name) - 1] = '\0';
	}
	return need;
}
