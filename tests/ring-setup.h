/*
 * A front-end's messages that give a session one region of guest memory and
 * split rings laid out in it, for the tests and benches that put rings in a
 * memfd and play the guest and the back-end through it (tests/test-packets,
 * tests/test-pipeline-rings, bench/packet-bench, bench/ring-bench). Each of
 * them hands the messages on its own way (through the pipeline, or to the
 * session and the ring watch directly): the messages go to a send function.
 * The bytes are built here by hand from the protocol reference, not by code
 * under test.
 */
#ifndef VS_TESTS_RING_SETUP_H
#define VS_TESTS_RING_SETUP_H

#include <glib.h>

#include "vscore/pipeline.h"
#include "vscore/record.h"

/* How a caller hands a front-end message on: request, payload of size
 * bytes, and the fds it carries. */
typedef void (*RingSetupSendFunc)(guint32 request, const guint8 *payload, guint32 size,
                                  const int *fds, guint nfds, gpointer data);

/* One region at guest address 0, and one split ring's parts in it. */
struct ring_layout {
	guint64 features;    /* acked with SET_FEATURES */
	guint64 region_size; /* the region's size, from its mmap offset 0 */
	guint64 user_base;   /* the front-end's address of guest address 0 */
	int mem;             /* the region's fd; < 0: SET_MEM_TABLE carries none */
	guint32 vring;
	guint32 num;
	guint64 desc_at, avail_at, used_at; /* the ring's parts, guest addresses */
	gboolean kick; /* a SET_VRING_KICK without fd last: the ring runs, polled */
};

/* v into b[at], little-endian, in width bytes (at most 8). */
void ring_put_le(guint8 *b, gsize at, guint64 v, gsize width);

/* r (a record as vs_record_new or vs_pipeline_record_new gives it) made the
 * message request from `from` on session 1's main channel at frame, its time
 * frame * 1000 ns; a reply when from the back-end; its fds kept as the relay
 * keeps them with --rings. */
void ring_message_fill(struct vs_record *r, guint64 frame, guint8 from, guint32 request,
                       const guint8 *payload, guint32 size, const int *fds, guint nfds);

/* A front-end's messages submitted to pipeline p as records at frame,
 * frame + 1...: the data of ring_pipeline_send. */
struct ring_pipeline_front {
	struct vs_pipeline *p;
	guint64 frame; /* the next message's */
};

/* A RingSetupSendFunc: the message from the front-end as a record of the
 * pipeline of data (a struct ring_pipeline_front), submitted. */
void ring_pipeline_send(guint32 request, const guint8 *payload, guint32 size, const int *fds,
                        guint nfds, gpointer data);

/* SET_FEATURES with features. */
void ring_setup_features(guint64 features, RingSetupSendFunc send, gpointer data);
/* SET_MEM_TABLE of one region: guest address 0, size bytes mapped by the
 * front-end at user_base, mmap offset 0; with mem's fd unless mem < 0. */
void ring_setup_mem_table(guint64 size, guint64 user_base, int mem, RingSetupSendFunc send,
                          gpointer data);
/* SET_VRING_NUM. */
void ring_setup_num(guint32 vring, guint32 num, RingSetupSendFunc send, gpointer data);
/* SET_VRING_ADDR with the front-end's addresses of the parts (user
 * addresses, or IOVAs with ACCESS_PLATFORM). */
void ring_setup_addr(guint32 vring, guint64 desc, guint64 used, guint64 avail,
                     RingSetupSendFunc send, gpointer data);
/* SET_VRING_KICK without fd (VHOST_USER_VRING_NOFD_MASK): the ring is polled. */
void ring_setup_kick_polled(guint32 vring, RingSetupSendFunc send, gpointer data);

/* l's ring: SET_VRING_NUM, SET_VRING_ADDR at l->user_base + the parts'
 * guest addresses, and with l->kick a SET_VRING_KICK without fd. */
void ring_setup_ring(const struct ring_layout *l, RingSetupSendFunc send, gpointer data);
/* The whole set-up of l: SET_FEATURES, SET_MEM_TABLE, then its ring. */
void ring_setup_session(const struct ring_layout *l, RingSetupSendFunc send, gpointer data);

#endif
