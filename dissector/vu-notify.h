/*
 * --kicks: the notifications of a ring as vhostsniff forwarded them.
 *
 * A kick, call or error eventfd (SET_VRING_KICK, SET_VRING_CALL,
 * SET_VRING_ERR) is a counter: each write adds to it, a read returns the sum
 * of the writes since the last read and resets it (eventfd(2)). With --kicks
 * vhostsniff keeps the front-end's eventfd, hands the back-end one of its own
 * and forwards what it reads from one to the other (sniffer/kick.h). Each
 * read is one notification record (kind VU_RECORD_NOTIFY): the count read,
 * which is forwarded whole, and the ring's totals so far, so that a reader
 * that misses records (a slow output drops them) still has the right sums.
 *
 * Body of a notification record, little-endian, VU_NOTIFY_BODY_SIZE bytes:
 *   0  u8  version 1
 *   1  u8  signal: 1 kick, 2 call, 3 err (enum vu_notify_signal)
 *   2  u8  flags (VU_NOTIFY_F_*)
 *   3  u8  zero
 *   4  u16 vring
 *   6  u16 zero
 *   8  u64 count: what this read returned (signals forwarded together)
 *   16 u64 signals: the sum of the counts of this signal on this ring so far
 *   24 u64 reads: reads of this signal on this ring so far (coalesced
 *          signals = signals - reads)
 * Libc only.
 */
#ifndef VU_NOTIFY_H
#define VU_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vu_notify_signal {
	VU_NOTIFY_KICK = 1, /* front-end -> back-end: requests are available */
	VU_NOTIFY_CALL = 2, /* back-end -> front-end: requests are used */
	VU_NOTIFY_ERR = 3,  /* back-end -> front-end: the ring failed */
};

/* The relay had forwarded SET_VRING_ENABLE 1 for the ring (and no 0 after)
 * when the signal was read. */
#define VU_NOTIFY_F_ENABLED 0x1u
/* The relay had forwarded GET_VRING_BASE for the ring (it is stopped) and
 * no SET_VRING_KICK since. */
#define VU_NOTIFY_F_STOPPED 0x2u
/* A kick that was in the front-end's eventfd when vhostsniff began to watch
 * it, right after forwarding the SET_VRING_KICK that handed it over:
 * signalled before the handover (QEMU's host notifier keeps the guest's
 * kicks while the device is stopped) or while it went on. */
#define VU_NOTIFY_F_PENDING 0x4u
#define VU_NOTIFY_F_ALL     0x7u

#define VU_NOTIFY_VERSION   1u
#define VU_NOTIFY_BODY_SIZE 32u

struct vu_notify {
	uint8_t signal; /* enum vu_notify_signal */
	uint8_t flags;  /* VU_NOTIFY_F_* */
	uint16_t vring;
	uint64_t count;
	uint64_t signals;
	uint64_t reads;
};

/* "kick", "call", "err"; "unknown" for anything else. */
const char *vu_notify_signal_name(enum vu_notify_signal signal);

/* n -> body; returns VU_NOTIFY_BODY_SIZE, or 0 (nothing written) when cap is smaller. */
size_t vu_notify_serialize(const struct vu_notify *n, uint8_t *dst, size_t cap);
/* body -> n; false when it is not a body of this version (bounds-checked). */
bool vu_notify_parse(const uint8_t *body, size_t len, struct vu_notify *n);

#endif
