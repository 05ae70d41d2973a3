/*
 * --rings: memory table and ring snapshots per session (vscore/ring-watch.h).
 *
 * A ring is stalled (ring.stalled) when it is started and enabled, holds
 * requests in flight, and its used index has not moved since the last
 * snapshot that saw it move or saw nothing in flight, for the stall timeout
 * or longer; it resumes (ring.resumed) at the first snapshot where the used
 * index moved again. Each is said once per stall.
 *
 * A SET_VRING_BASE is judged against the ring at the address it will run
 * at. QEMU and DPDK virtio-user send it before SET_VRING_ADDR when they set a
 * ring up (vhost_virtqueue_start: NUM, BASE, ADDR, KICK), so at that moment
 * the address is the previous setup's, or none: the base waits for the
 * ring's next SET_VRING_ADDR and is judged on that message's snapshot (the
 * finding names the SET_VRING_BASE's frame). It is judged at once only when
 * the address was set since the ring last stopped (GET_VRING_BASE).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "vscore/guest-mem.h"
#include "vscore/ring-watch.h"

/* One ring as the watch last saw it. */
struct ring_track {
	struct vu_ring_snapshot prev;
	gboolean have;       /* prev holds the ring's last snapshot */
	guint64 progress_ns; /* the used index moved, or nothing was in flight */
	gboolean stalled;
	/* where the ring was at prev: a new address starts a new count */
	guint64 desc, avail, used;
	/* A look since the ring's last stop (GET_VRING_BASE reply), at its
	 * address, found a word of it set: reading all 0 later, it was reset. */
	gboolean seen_set;
	guint64 completed;
	guint32 most_inflight;
	guint64 longest_still_ns;
	/* SET_VRING_ADDR came since the ring last stopped: its address is current. */
	gboolean addr_current;
	/* A SET_VRING_BASE waiting for the ring's address (base_frame 0: none). */
	guint32 base;
	guint64 base_frame;
};

struct vs_ring_watch {
	guint32 session;
	const char *port; /* interned, or NULL */
	guint64 stall_ns; /* 0: never stalled */
	struct vs_guest_mem *mem;
	struct vu_guest_memory read;
	struct ring_track *rings[VU_MAX_VRINGS];
	/* The inflight area: a duplicate of its fd (-1: none), read with pread. */
	int inflight_fd;
	guint64 inflight_offset;
	/* The dirty log: a duplicate of its fd (-1: none), its last count. */
	int log_fd;
	guint64 log_offset, log_size;
	guint64 log_dirty;
	gboolean log_counted;
	guint8 *log_buf; /* LOG_CHUNK bytes, while there is a log */
	/* The snapshot the last message took, until vs_ring_watch_emit. */
	struct vs_record *pending;
	/* The inflight queues and the dirty log the last message showed, until
	 * vs_ring_watch_emit. */
	GPtrArray *pending_areas;
	struct vu_decoded *decoded; /* a ring record's findings: big, allocated once */
};

const char *vs_ring_cause_name(guint32 cause)
{
	return vu_ring_cause_name(cause);
}

void vs_record_ring_free(struct vs_record_ring *ring)
{
	if (ring == NULL)
		return;
	for (guint i = 0; i < ring->nfds; i++)
		if (ring->fds[i] >= 0)
			close(ring->fds[i]);
	g_free(ring);
}

guint8 *vs_ring_record_encode(const struct vs_record *r, const struct vu_decoded *d, gsize *len)
{
	const struct vs_record_ring *ring = r->ring;
	struct vu_ring_record rec = {
	    .snap = ring->snap,
	    .cause = ring->cause,
	    .cause_frame = ring->frame,
	    .stalled = ring->stalled,
	    .stalled_ns = ring->stalled_ns,
	    .completed = ring->completed,
	    .most_inflight = ring->most_inflight,
	    .longest_still_ns = ring->longest_still_ns,
	    .nmessage_findings =
	        (guint8)MIN(ring->nmessage_findings, G_N_ELEMENTS(ring->message_findings)),
	};
	gsize size;

	memcpy(rec.message_findings, ring->message_findings, sizeof(rec.message_findings));
	size = vu_ring_record_size(&rec, d);
	guint8 *body = g_malloc(size);

	*len = vu_ring_record_encode(&rec, d, body, size);
	return body;
}

gboolean vs_ring_record_decode(struct vs_record *r, struct vu_decoded *findings)
{
	struct vu_ring_record rec;
	struct vs_record_ring *ring;

	if (r->bytes == NULL || !vu_ring_record_decode(r->bytes, r->len, &rec, findings))
		return FALSE;
	if (r->ring == NULL)
		r->ring = g_new0(struct vs_record_ring, 1);
	ring = r->ring;
	ring->snap = rec.snap;
	ring->cause = rec.cause;
	ring->frame = rec.cause_frame;
	ring->stalled = rec.stalled;
	ring->stalled_ns = rec.stalled_ns;
	ring->completed = rec.completed;
	ring->most_inflight = rec.most_inflight;
	ring->longest_still_ns = rec.longest_still_ns;
	ring->nmessage_findings = rec.nmessage_findings;
	memcpy(ring->message_findings, rec.message_findings, sizeof(ring->message_findings));
	return TRUE;
}

guint8 *vs_area_record_encode(const struct vs_record *r, gsize *len)
{
	const struct vs_record_ring *ring = r->ring;
	guint8 *body = g_malloc(MAX(VU_INFLIGHT_RECORD_MAX, VU_LOG_RECORD_SIZE));

	if (r->kind == VU_RECORD_INFLIGHT) {
		struct vu_inflight_record rec = {
		    .queue = ring->inflight, .cause = ring->cause, .cause_frame = ring->frame};

		*len = vu_inflight_record_encode(&rec, body, VU_INFLIGHT_RECORD_MAX);
	} else {
		struct vu_log_record rec = {
		    .pages = ring->log_pages,
		    .dirty = ring->log_dirty,
		    .unreadable = ring->log_unreadable,
		    .cause = ring->cause,
		    .cause_frame = ring->frame,
		};

		*len = vu_log_record_encode(&rec, body, VU_LOG_RECORD_SIZE);
	}
	return body;
}

gboolean vs_area_record_decode(struct vs_record *r)
{
	struct vu_inflight_record in;
	struct vu_log_record log;

	if (r->bytes == NULL)
		return FALSE;
	if (r->kind == VU_RECORD_INFLIGHT) {
		if (!vu_inflight_record_decode(r->bytes, r->len, &in))
			return FALSE;
		if (r->ring == NULL)
			r->ring = g_new0(struct vs_record_ring, 1);
		r->ring->inflight = in.queue;
		r->ring->cause = in.cause;
		r->ring->frame = in.cause_frame;
		return TRUE;
	}
	if (r->kind != VU_RECORD_DIRTY_LOG || !vu_log_record_decode(r->bytes, r->len, &log))
		return FALSE;
	if (r->ring == NULL)
		r->ring = g_new0(struct vs_record_ring, 1);
	r->ring->log_pages = log.pages;
	r->ring->log_dirty = log.dirty;
	r->ring->log_unreadable = log.unreadable;
	r->ring->cause = log.cause;
	r->ring->frame = log.cause_frame;
	return TRUE;
}

void vs_ring_keep_fds(struct vs_record *r, const int *fds, guint n)
{
	guint32 request;

	if (n == 0 || r->kind != VU_RECORD_MESSAGE || r->channel != VU_CHANNEL_MAIN ||
	    r->len < VU_HDR_SIZE || r->ring != NULL)
		return;
	memcpy(&request, r->bytes, sizeof(request));
	request = GUINT32_FROM_LE(request);
	if (r->from == VU_FROM_BACK && request != VU_REQ_GET_INFLIGHT_FD)
		return;
	if (r->from == VU_FROM_BACK)
		request =
		    VU_REQ_SET_INFLIGHT_FD; /* its reply: the area, as SET_INFLIGHT_FD hands it */
	if (request != VU_REQ_SET_MEM_TABLE && request != VU_REQ_ADD_MEM_REG &&
	    request != VU_REQ_SET_INFLIGHT_FD && request != VU_REQ_SET_LOG_BASE)
		return;
	r->ring = g_new0(struct vs_record_ring, 1);
	for (guint i = 0; i < n && i < VU_MAX_FDS; i++) {
		int fd = fcntl(fds[i], F_DUPFD_CLOEXEC, 0);

		/* A region without its fd is read as unreadable: keep the order. */
		r->ring->fds[r->ring->nfds++] = fd;
	}
}

struct vs_ring_watch *vs_ring_watch_new(guint32 session, const char *port, guint64 stall_ns)
{
	struct vs_ring_watch *w = g_new0(struct vs_ring_watch, 1);

	w->session = session;
	w->port = port;
	w->stall_ns = stall_ns;
	w->mem = vs_guest_mem_new();
	vs_guest_mem_interface(w->mem, &w->read);
	w->decoded = g_new0(struct vu_decoded, 1);
	w->inflight_fd = -1;
	w->log_fd = -1;
	w->pending_areas = g_ptr_array_new_with_free_func((GDestroyNotify)vs_record_free);
	return w;
}

void vs_ring_watch_free(struct vs_ring_watch *w)
{
	if (w == NULL)
		return;
	vs_guest_mem_free(w->mem);
	for (guint i = 0; i < VU_MAX_VRINGS; i++)
		g_free(w->rings[i]);
	vs_record_free(w->pending);
	g_ptr_array_unref(w->pending_areas);
	if (w->inflight_fd >= 0)
		close(w->inflight_fd);
	if (w->log_fd >= 0)
		close(w->log_fd);
	g_free(w->log_buf);
	g_free(w->decoded);
	g_free(w);
}

const struct vu_guest_memory *vs_ring_watch_memory(const struct vs_ring_watch *w)
{
	return &w->read;
}

/* ---- the memory table --------------------------------------------------- */

static void follow_table(struct vs_ring_watch *w, const struct vs_record *r,
                         const struct vu_decoded *d)
{
	const struct vu_values *v = &d->values;
	int fds[VU_MAX_REGIONS];
	guint nfds = r->ring != NULL ? r->ring->nfds : 0;

	for (guint i = 0; i < VU_MAX_REGIONS; i++)
		fds[i] = i < nfds ? r->ring->fds[i] : -1;
	switch (d->request) {
	case VU_REQ_SET_MEM_TABLE:
		vs_guest_mem_set_table(w->mem, v->regions, fds, v->nregions);
		break;
	case VU_REQ_ADD_MEM_REG:
		if (v->nregions == 1)
			vs_guest_mem_add(w->mem, &v->regions[0], fds[0]);
		break;
	case VU_REQ_REM_MEM_REG:
		if (v->nregions == 1)
			vs_guest_mem_remove(w->mem, v->regions[0].guest_addr, v->regions[0].size);
		break;
	default:
		break;
	}
}

/* ---- snapshots ------------------------------------------------------------ */

/* The indexes a stall is about: split, the rings' own; packed, slot and wrap. */
static guint32 used_of(const struct vu_ring_snapshot *s)
{
	return s->packed ? (guint32)s->used_pos | (guint32)s->used_wrap << 15 : s->used_idx;
}

static guint32 avail_of(const struct vu_ring_snapshot *s)
{
	return s->packed ? (guint32)s->avail_pos | (guint32)s->avail_wrap << 15 : s->avail_idx;
}

/* What a line shows changed (the chains follow the indexes). */
static gboolean snapshot_changed(const struct vu_ring_snapshot *a, const struct vu_ring_snapshot *b)
{
	return a->status != b->status || a->part != b->part || a->packed != b->packed ||
	       a->num != b->num || a->avail_flags != b->avail_flags ||
	       a->avail_idx != b->avail_idx || a->used_flags != b->used_flags ||
	       a->used_idx != b->used_idx || a->used_event != b->used_event ||
	       a->avail_event != b->avail_event || a->avail_pos != b->avail_pos ||
	       a->used_pos != b->used_pos || a->avail_wrap != b->avail_wrap ||
	       a->used_wrap != b->used_wrap ||
	       a->driver_event_off_wrap != b->driver_event_off_wrap ||
	       a->driver_event_flags != b->driver_event_flags ||
	       a->device_event_off_wrap != b->device_event_off_wrap ||
	       a->device_event_flags != b->device_event_flags || a->inflight != b->inflight;
}

static struct ring_track *track_of(struct vs_ring_watch *w, guint vring)
{
	if (w->rings[vring] == NULL)
		w->rings[vring] = g_new0(struct ring_track, 1);
	return w->rings[vring];
}

/* ring.stalled / ring.resumed for snap, taken at now_ns, into d. */
static void judge_progress(struct vs_ring_watch *w, const struct vu_session *s,
                           struct ring_track *t, const struct vu_ring_snapshot *snap,
                           guint64 now_ns, struct vu_decoded *d)
{
	const struct vu_vring_state *v = &s->vrings[snap->vring];
	gboolean ok = snap->status == VU_RING_OK;
	gboolean busy = ok && v->started && v->enabled && snap->inflight > 0;
	gboolean moved =
	    ok && t->have && t->prev.status == VU_RING_OK && used_of(&t->prev) != used_of(snap);

	/* How long the used index stood still with requests in flight, up to now. */
	if (t->have && t->prev.status == VU_RING_OK && t->prev.inflight > 0 &&
	    now_ns > t->progress_ns)
		t->longest_still_ns = MAX(t->longest_still_ns, now_ns - t->progress_ns);
	if (t->stalled && moved) {
		vu_decoded_add_findingf(d, VU_FIND_RING_RESUMED, 0, 0,
		                        "vring %u: used index %u -> %u after %.1f s", snap->vring,
		                        used_of(&t->prev), used_of(snap),
		                        (double)(now_ns - t->progress_ns) / 1e9);
		t->stalled = FALSE;
	}
	if (!busy || moved || !t->have || now_ns < t->progress_ns) {
		/* A ring that stopped or emptied is no longer stalled, nor resumed. */
		t->stalled = t->stalled && busy;
		t->progress_ns = now_ns;
		return;
	}
	if (!t->stalled && w->stall_ns > 0 && now_ns - t->progress_ns >= w->stall_ns) {
		vu_decoded_add_findingf(d, VU_FIND_RING_STALLED, 0, 0,
		                        "vring %u: avail index %u, used index %u, %u in flight, "
		                        "used index still for %.1f s",
		                        snap->vring, avail_of(snap), used_of(snap), snap->inflight,
		                        (double)(now_ns - t->progress_ns) / 1e9);
		t->stalled = TRUE;
		/* The device said it polls: if it stopped polling, no kick wakes
		 * it (a lost wake-up), whatever the driver makes available. */
		if (snap->packed ? snap->device_event_flags == VU_RING_EVENT_FLAGS_DISABLE
		                 : (snap->used_flags & VU_VIRTQ_USED_F_NO_NOTIFY) != 0)
			vu_decoded_add_findingf(
			    d, VU_FIND_RING_STALLED_NO_NOTIFY, 0, 0, "vring %u, %s", snap->vring,
			    snap->packed ? "device event flags DISABLE" : "used flags NO_NOTIFY");
	}
}

/* A ring that reads as set up afresh, or reset: split, its words all 0;
 * packed, as its descriptors all 0 read (both positions at slot 0 of the
 * first lap, nothing in flight), its event areas 0. */
static gboolean ring_blank(const struct vu_ring_snapshot *snap)
{
	if (snap->status != VU_RING_OK)
		return FALSE;
	if (snap->packed)
		return snap->avail_pos == 0 && snap->avail_wrap && snap->used_pos == 0 &&
		       snap->used_wrap && snap->inflight == 0 && snap->driver_event_off_wrap == 0 &&
		       snap->driver_event_flags == 0 && snap->device_event_off_wrap == 0 &&
		       snap->device_event_flags == 0;
	return snap->avail_idx == 0 && snap->used_idx == 0 && snap->avail_flags == 0 &&
	       snap->used_flags == 0;
}

/* The --stats totals: what the used index advanced since prev, at the same address. */
static void count_totals(struct ring_track *t, const struct vu_vring_state *v,
                         const struct vu_ring_snapshot *snap)
{
	gboolean same_place = v->desc == t->desc && v->avail == t->avail && v->used == t->used;

	if (snap->status != VU_RING_OK)
		return;
	/* A ring that ran and reads all 0 was reset by the front-end (DPDK
	 * virtio-user at its stop): its index starting again is no progress. */
	if (t->have && t->prev.status == VU_RING_OK && same_place && !snap->packed &&
	    !(ring_blank(snap) && !ring_blank(&t->prev)))
		t->completed += (guint16)(snap->used_idx - t->prev.used_idx);
	t->most_inflight = MAX(t->most_inflight, snap->inflight);
	t->desc = v->desc;
	t->avail = v->avail;
	t->used = v->used;
}

/* What the looks since the ring's last stop saw (t->seen_set): a look at
 * another address than the last one sees another ring. */
static void note_seen_set(struct ring_track *t, const struct vu_vring_state *v,
                          const struct vu_ring_snapshot *snap)
{
	if (snap->status != VU_RING_OK)
		return;
	if (v->desc != t->desc || v->avail != t->avail || v->used != t->used)
		t->seen_set = FALSE;
	if (!ring_blank(snap))
		t->seen_set = TRUE;
}

/* The base checks of a vring message d (frame) on the snapshot it took, into d. */
static void check_base(struct vs_ring_watch *w, const struct vu_session *s, struct ring_track *t,
                       const struct vu_ring_snapshot *snap, struct vu_decoded *d, guint64 frame)
{
	switch (d->request) {
	case VU_REQ_GET_VRING_BASE:
	case VU_REQ_GET_VRING_BASE_SKIP_DRAIN:
		/* The ring stops: its next setup may move it. */
		t->addr_current = FALSE;
		t->base_frame = 0;
		if (!d->reply)
			break;
		/* The ring is read after the reply went on to the front-end, and
		 * the looks the messages before it took may come as late (the
		 * pipeline runs behind the relay): the front-end may have reset
		 * it already. DPDK virtio-user frees its rings right after the
		 * last reply (virtio_ethdev.c virtio_dev_close: virtio_reset
		 * sends the GET_VRING_BASEs, then virtio_free_queues), and
		 * DPDK's allocator clears what it frees (malloc_elem_free). A
		 * ring seen set since its last stop that reads all 0 now says
		 * nothing of the base; the previous look alone cannot tell, it
		 * may be as late. */
		if (!(ring_blank(snap) && t->seen_set) && (d->values.has & VU_HAS_VRING_NUM))
			vu_ring_check_base_reply(s, &w->read, snap, d->request,
			                         (uint32_t)d->values.vring_num, d);
		t->seen_set = FALSE;
		break;
	case VU_REQ_SET_VRING_BASE:
		if (!(d->values.has & VU_HAS_VRING_NUM))
			break;
		if (t->addr_current) {
			vu_ring_check_base_set(s, snap, (uint32_t)d->values.vring_num, d);
			break;
		}
		t->base = (guint32)d->values.vring_num;
		t->base_frame = frame;
		break;
	case VU_REQ_SET_VRING_ADDR: {
		size_t before = d->nfindings;

		t->addr_current = TRUE;
		if (t->base_frame == 0)
			break;
		vu_ring_check_base_set(s, snap, t->base, d);
		for (size_t i = before; i < d->nfindings; i++) {
			struct vu_finding *f = &d->findings[i];
			size_t used = strlen(f->text);
			g_autofree char *note =
			    g_strdup_printf("; set at frame %" G_GUINT64_FORMAT ")", t->base_frame);

			f->frame = t->base_frame;
			/* "sentence (detail; set at frame N)", when it fits: a frame
			 * number cut short would name another message (f->frame
			 * names it anyway). */
			if (used > 0 && f->text[used - 1] == ')' &&
			    used - 1 + strlen(note) < sizeof(f->text))
				g_strlcpy(f->text + used - 1, note, sizeof(f->text) - (used - 1));
		}
		t->base_frame = 0;
		break;
	}
	default:
		break;
	}
}

/*
 * Read ring vring now; a record when it should go out (always when force,
 * else when it changed or drew findings), with its findings in w->decoded.
 * message: the vring message that took it (NULL for none), for the base checks.
 */
static struct vs_record *observe(struct vs_ring_watch *w, const struct vu_session *s, guint vring,
                                 guint64 now_ns, guint32 cause, guint64 frame, gboolean force,
                                 struct vu_decoded *message)
{
	struct ring_track *t = track_of(w, vring);
	struct vs_record *r = vs_record_new();
	struct vu_ring_snapshot *snap;
	gboolean changed;

	r->kind = VU_RECORD_RING;
	r->session = w->session;
	r->port = w->port;
	r->ts_ns = now_ns;
	r->ring = g_new0(struct vs_record_ring, 1);
	r->ring->cause = cause;
	r->ring->frame = frame;
	snap = &r->ring->snap;
	vu_ring_snapshot(s, &w->read, vring, snap);
	note_seen_set(t, &s->vrings[vring], snap);

	if (message != NULL) {
		size_t before = message->nfindings;

		check_base(w, s, t, snap, message, frame);
		/* Kept with the snapshot too, for the capture (vs_ring_record_encode). */
		for (size_t i = before;
		     i < message->nfindings &&
		     r->ring->nmessage_findings < G_N_ELEMENTS(r->ring->message_findings);
		     i++)
			r->ring->message_findings[r->ring->nmessage_findings++] =
			    message->findings[i];
	}

	vu_decoded_reset(w->decoded);
	/* A ring with no address yet has nothing to show until it gets one. */
	if (snap->status == VU_RING_NO_ADDRESS &&
	    (!t->have || t->prev.status == VU_RING_NO_ADDRESS)) {
		vs_record_free(r);
		return NULL;
	}
	changed = !t->have || snapshot_changed(&t->prev, snap);
	if (changed)
		vu_ring_check(s, &w->read, t->have ? &t->prev : NULL, snap, w->decoded);
	judge_progress(w, s, t, snap, now_ns, w->decoded);
	count_totals(t, &s->vrings[vring], snap);
	r->ring->stalled = t->stalled;
	r->ring->stalled_ns = t->stalled ? now_ns - t->progress_ns : 0;
	r->ring->completed = t->completed;
	r->ring->most_inflight = t->most_inflight;
	r->ring->longest_still_ns = t->longest_still_ns;
	t->prev = *snap;
	t->have = TRUE;
	if (!force && !changed && w->decoded->nfindings == 0) {
		vs_record_free(r);
		return NULL;
	}
	return r;
}

/* ---- the inflight area ------------------------------------------------------ */

static bool inflight_pread(void *opaque, uint64_t offset, void *buf, size_t len)
{
	struct vs_ring_watch *w = opaque;
	guint64 at = w->inflight_offset + offset;

	if (w->inflight_fd < 0 || at < offset || at > (guint64)G_MAXINT64 - len)
		return false;
	return pread(w->inflight_fd, buf, len, (off_t)at) == (ssize_t)len;
}

/* SET_INFLIGHT_FD or the GET_INFLIGHT_FD reply: keep the area's fd. */
static void follow_inflight(struct vs_ring_watch *w, const struct vu_session *s,
                            const struct vs_record *r)
{
	if (w->inflight_fd >= 0)
		close(w->inflight_fd);
	w->inflight_fd = -1;
	if (r->ring != NULL && r->ring->nfds >= 1) {
		/* The record keeps its own copy until it is freed. */
		w->inflight_fd = fcntl(r->ring->fds[0], F_DUPFD_CLOEXEC, 0);
	}
	w->inflight_offset = s->inflight.mmap_offset;
}

/* A record for queue `queue` of the inflight area, read now. */
static void observe_inflight(struct vs_ring_watch *w, const struct vu_session *s,
                             const struct vs_record *cause, guint32 request, guint queue,
                             gint32 ring_used_idx)
{
	struct vu_inflight_area area = {.read = inflight_pread, .opaque = w};
	struct vs_record *r = vs_record_new();

	r->kind = VU_RECORD_INFLIGHT;
	r->session = w->session;
	r->port = w->port;
	r->ts_ns = cause->ts_ns;
	r->ring = g_new0(struct vs_record_ring, 1);
	r->ring->cause = request;
	r->ring->frame = cause->frame;
	vu_inflight_read(s, &area, queue, ring_used_idx, &r->ring->inflight);
	g_ptr_array_add(w->pending_areas, r);
}

static gboolean inflight_kept(const struct vu_session *s)
{
	return s->inflight.set && (s->protocol_acked & VU_BIT(VU_PF_INFLIGHT_SHMFD));
}

/* What the message shows of the inflight area: every queue when it hands the
 * area over, the ring's own at its SET_VRING_KICK. */
static void inflight_message(struct vs_ring_watch *w, const struct vu_session *s,
                             const struct vs_record *r, const struct vu_decoded *d)
{
	gboolean handed =
	    (d->request == VU_REQ_SET_INFLIGHT_FD && !d->reply && r->from == VU_FROM_FRONT) ||
	    (d->request == VU_REQ_GET_INFLIGHT_FD && d->reply);

	if (handed) {
		follow_inflight(w, s, r);
		for (guint q = 0; q < s->inflight.num_queues && q < VU_MAX_VRINGS; q++)
			observe_inflight(w, s, r, d->request, q, -1);
		return;
	}
	if (d->request == VU_REQ_SET_VRING_KICK && !d->reply && inflight_kept(s) &&
	    (d->values.has & VU_HAS_VRING_INDEX) && d->values.vring_index < VU_MAX_VRINGS &&
	    d->values.vring_index < s->inflight.num_queues) {
		guint vring = (guint)d->values.vring_index;
		const struct ring_track *t = w->rings[vring];
		gint32 used = -1;

		/* The ring's used index, from the snapshot this KICK just took. */
		if (t != NULL && t->have && t->prev.status == VU_RING_OK && !t->prev.packed)
			used = t->prev.used_idx;
		observe_inflight(w, s, r, d->request, vring, used);
	}
}

/* ---- the dirty log ----------------------------------------------------------- */

/* One bit per page of guest memory (vhost-user.rst "Migration": VHOST_LOG_PAGE,
 * 0x1000 bytes), set by the back-end when it writes the page. */
#define LOG_CHUNK 65536u

/* SET_LOG_BASE: keep the log's fd. */
static void follow_log(struct vs_ring_watch *w, const struct vu_session *s,
                       const struct vs_record *r)
{
	if (w->log_fd >= 0)
		close(w->log_fd);
	w->log_fd = -1;
	if (r->ring != NULL && r->ring->nfds >= 1)
		w->log_fd = fcntl(r->ring->fds[0], F_DUPFD_CLOEXEC, 0);
	w->log_offset = s->log.offset;
	w->log_size = s->log.size;
	w->log_counted = FALSE;
	if (w->log_buf == NULL)
		w->log_buf = g_malloc(LOG_CHUNK);
}

/* A record of the log's dirty pages now; NULL when it did not change and
 * force is not set. */
static struct vs_record *count_log(struct vs_ring_watch *w, guint64 now_ns, guint32 cause,
                                   guint64 frame, gboolean force)
{
	guint8 *buf = w->log_buf;
	guint64 dirty = 0;
	gboolean readable = w->log_fd >= 0;
	struct vs_record *r;

	for (guint64 at = 0; readable && at < w->log_size; at += LOG_CHUNK) {
		size_t len = (size_t)MIN((guint64)LOG_CHUNK, w->log_size - at);
		size_t i = 0;

		if (w->log_offset + at > (guint64)G_MAXINT64 - len ||
		    pread(w->log_fd, buf, len, (off_t)(w->log_offset + at)) != (ssize_t)len) {
			readable = FALSE;
			break;
		}
		for (; i + 8 <= len; i += 8) {
			guint64 word;

			memcpy(&word, buf + i, 8);
			dirty += (guint64)__builtin_popcountll(word);
		}
		for (; i < len; i++)
			dirty += (guint64)__builtin_popcount(buf[i]);
	}
	if (!readable)
		dirty = G_MAXUINT64;
	if (!force && w->log_counted && dirty == w->log_dirty)
		return NULL;
	w->log_counted = TRUE;
	w->log_dirty = dirty;
	r = vs_record_new();
	r->kind = VU_RECORD_DIRTY_LOG;
	r->session = w->session;
	r->port = w->port;
	r->ts_ns = now_ns;
	r->ring = g_new0(struct vs_record_ring, 1);
	r->ring->cause = cause;
	r->ring->frame = frame;
	r->ring->log_pages = w->log_size * 8;
	r->ring->log_unreadable = !readable;
	r->ring->log_dirty = readable ? dirty : 0;
	return r;
}

/* The ring a vring message names, or -1 when it names none. */
static gint vring_of_message(const struct vs_record *r, const struct vu_decoded *d)
{
	if (r->channel != VU_CHANNEL_MAIN || !d->has_header ||
	    !(d->values.has & VU_HAS_VRING_INDEX) || d->values.vring_index >= VU_MAX_VRINGS)
		return -1;
	switch (d->request) {
	case VU_REQ_GET_VRING_BASE:
	case VU_REQ_GET_VRING_BASE_SKIP_DRAIN:
		return (gint)d->values.vring_index; /* the request and its reply */
	case VU_REQ_SET_VRING_BASE:
	case VU_REQ_SET_VRING_ADDR:
	case VU_REQ_SET_VRING_ENABLE:
	case VU_REQ_SET_VRING_KICK:
		return d->reply ? -1 : (gint)d->values.vring_index;
	default:
		return -1;
	}
}

void vs_ring_watch_message(struct vs_ring_watch *w, const struct vu_session *s,
                           const struct vs_record *r, struct vu_decoded *d)
{
	gint vring;

	vs_record_free(w->pending);
	w->pending = NULL;
	g_ptr_array_set_size(w->pending_areas, 0);
	if (r->kind != VU_RECORD_MESSAGE || d == NULL || !d->has_header)
		return;
	if (r->channel == VU_CHANNEL_MAIN && r->from == VU_FROM_FRONT && !d->reply)
		follow_table(w, r, d);
	vring = vring_of_message(r, d);
	if (vring >= 0)
		w->pending = observe(w, s, (guint)vring, r->ts_ns, d->request, r->frame, TRUE, d);
	if (r->channel == VU_CHANNEL_MAIN)
		inflight_message(w, s, r, d);
	if (r->channel == VU_CHANNEL_MAIN && d->request == VU_REQ_SET_LOG_BASE && !d->reply &&
	    r->from == VU_FROM_FRONT) {
		follow_log(w, s, r);
		g_ptr_array_add(w->pending_areas,
		                count_log(w, r->ts_ns, d->request, r->frame, TRUE));
	}
}

void vs_ring_watch_emit(struct vs_ring_watch *w, const struct vu_session *s, vs_ring_emit_fn emit,
                        gpointer data)
{
	(void)s;
	if (w->pending != NULL) {
		emit(data, w->pending, w->decoded);
		vs_record_free(w->pending);
		w->pending = NULL;
	}
	for (guint i = 0; i < w->pending_areas->len; i++)
		emit(data, g_ptr_array_index(w->pending_areas, i), NULL);
	g_ptr_array_set_size(w->pending_areas, 0);
}

void vs_ring_watch_tick(struct vs_ring_watch *w, const struct vu_session *s, guint64 now_ns,
                        vs_ring_emit_fn emit, gpointer data)
{
	struct vs_record *log =
	    w->log_fd >= 0 ? count_log(w, now_ns, VS_RING_CAUSE_INTERVAL, 0, FALSE) : NULL;

	if (log != NULL) {
		emit(data, log, NULL);
		vs_record_free(log);
	}
	for (guint i = 0; i < VU_MAX_VRINGS; i++) {
		struct vs_record *r;

		if (!s->vrings[i].started)
			continue;
		r = observe(w, s, i, now_ns, VS_RING_CAUSE_INTERVAL, 0, FALSE, NULL);
		if (r != NULL) {
			emit(data, r, w->decoded);
			vs_record_free(r);
		}
	}
}

void vs_ring_watch_end(struct vs_ring_watch *w, const struct vu_session *s, guint64 now_ns,
                       vs_ring_emit_fn emit, gpointer data)
{
	for (guint i = 0; i < VU_MAX_VRINGS; i++) {
		struct vs_record *r;

		if (w->rings[i] == NULL || !w->rings[i]->have)
			continue;
		r = observe(w, s, i, now_ns, VS_RING_CAUSE_END, 0, TRUE, NULL);
		if (r != NULL) {
			emit(data, r, w->decoded);
			vs_record_free(r);
		}
	}
	if (w->log_fd >= 0) {
		struct vs_record *log = count_log(w, now_ns, VS_RING_CAUSE_END, 0, TRUE);

		emit(data, log, NULL);
		vs_record_free(log);
	}
}
