/*
 * Records of realistic vhost-user sessions for the UI's driver and memory
 * benchmark: the QEMU <-> qemu-storage-daemon handshake in the order the lab
 * observed it (tests/lab/README.md), with the payloads, fds and timing such a
 * session has, optionally a few faults (a malformed message, an unknown
 * request, a reply nobody asked for), and vIOMMU IOTLB traffic.
 */
#ifndef VS_TEST_TUI_GEN_H
#define VS_TEST_TUI_GEN_H

#include <stdbool.h>

#include "vscore/record.h"

typedef void (*vs_tui_gen_emit)(struct vs_record *r, void *data);

struct vs_tui_gen {
	uint64_t ts_ns;
	uint64_t frame;
	uint32_t session;
	uint32_t rng;
	vs_tui_gen_emit emit;
	void *data;
};

void vs_tui_gen_init(struct vs_tui_gen *g, uint64_t start_ts_ns, vs_tui_gen_emit emit, void *data);

/* One whole session (start, handshake, device start twice, end); returns its id. With
 * iotlb > 0, that many IOTLB_MSG updates (and their replies) follow the handshake. */
uint32_t vs_tui_gen_blk_session(struct vs_tui_gen *g, bool faults, unsigned iotlb);

#endif
