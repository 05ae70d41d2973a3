/*
 * The UI's compact message store (see tui-store.h for the layout).
 *
 * Publication: the writer fills an entry and its arena bytes, then bumps the
 * entry count with a release store; the reader loads the count with acquire
 * and may then read every entry below it, and the arena bytes they point to,
 * without a lock. Directories are sized once (untouched pages of them cost
 * no resident memory), so neither entries nor bytes ever move.
 */
#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dissector/vu-notify.h"
#include "tui/tui-store.h"
#include "vscore/ring-watch.h"

/* Entries and arena bytes come in 2 MiB chunks the kernel may back with one
 * huge page each: a million messages then cost tens of page faults, not
 * twenty thousand (a fault is slow under nested virtualization). */
#define HUGE_CHUNK         (2u << 20)
#define ENTRY_CHUNK        (HUGE_CHUNK / sizeof(struct vs_entry))
#define ENTRY_MAX_CHUNKS   6200u /* 270 million entries */
#define FINDING_CHUNK      16384u
#define FINDING_MAX_CHUNKS 16384u
#define ARENA_SHIFT        21
#define ARENA_CHUNK        (1u << ARENA_SHIFT)
#define ARENA_MAX_CHUNKS   32768u /* 64 GiB of message bytes */
/* Data-plane requests waiting for their completion, to link the two: a few
 * rings of 256 to 1024 entries per session fit. */
#define DATA_PENDING_BITS  14
#define DATA_PENDING_SLOTS (1u << DATA_PENDING_BITS)

/* A chunk of memory; 2 MiB ones are aligned and offered to transparent huge pages. */
static void *chunk_alloc(size_t size)
{
	void *p = NULL;

	if (size < HUGE_CHUNK)
		return g_malloc(size);
	if (posix_memalign(&p, HUGE_CHUNK, size) != 0)
		g_error("vhostsniff: out of memory for the UI's store");
	madvise(p, size, MADV_HUGEPAGE);
	return p;
}

static void chunk_free(void *p, size_t size)
{
	if (size < HUGE_CHUNK)
		g_free(p);
	else
		free(p);
}

static void chunked_init(struct vs_chunked *c, size_t elem_size, size_t per_chunk,
                         size_t max_chunks)
{
	c->elem_size = elem_size;
	c->per_chunk = per_chunk;
	c->max_chunks = max_chunks;
	c->chunks = g_new0(void *, max_chunks);
	atomic_init(&c->count, 0);
}

static void chunked_clear(struct vs_chunked *c)
{
	for (size_t i = 0; i < c->max_chunks && c->chunks[i]; i++)
		chunk_free(c->chunks[i], c->per_chunk * c->elem_size);
	g_free(c->chunks);
}

static void *chunked_at(const struct vs_chunked *c, uint64_t i)
{
	size_t per = c->per_chunk;
	uint8_t *chunk = c->chunks[i / per];

	return chunk + (i % per) * c->elem_size;
}

/* Slot for the next element (not yet published), or NULL when the directory is full. */
static void *chunked_reserve(struct vs_chunked *c)
{
	uint64_t n = atomic_load_explicit(&c->count, memory_order_relaxed);
	size_t per = c->per_chunk;

	if (n / per >= c->max_chunks)
		return NULL;
	if (!c->chunks[n / per])
		c->chunks[n / per] = chunk_alloc(per * c->elem_size);
	return chunked_at(c, n);
}

static void chunked_publish(struct vs_chunked *c)
{
	atomic_fetch_add_explicit(&c->count, 1, memory_order_release);
}

struct vs_store *vs_store_new(void)
{
	struct vs_store *st = g_new0(struct vs_store, 1);

	chunked_init(&st->entries, sizeof(struct vs_entry), ENTRY_CHUNK, ENTRY_MAX_CHUNKS);
	chunked_init(&st->findings, sizeof(uint32_t), FINDING_CHUNK, FINDING_MAX_CHUNKS);
	st->arena_max_chunks = ARENA_MAX_CHUNKS;
	st->arena = g_new0(uint8_t *, ARENA_MAX_CHUNKS);
	st->arena_used = ARENA_CHUNK; /* the first append opens chunk 0 */
	st->arena_chunk = (size_t)-1;
	pthread_mutex_init(&st->lock, NULL);
	st->data_max_entries = VS_STORE_DATA_ENTRIES;
	st->data_max_bytes = VS_STORE_DATA_BYTES;
	st->data_pending = g_new0(struct vs_data_pending, DATA_PENDING_SLOTS);
	return st;
}

void vs_store_set_data_caps(struct vs_store *st, uint64_t max_entries, uint64_t max_bytes)
{
	st->data_max_entries = max_entries;
	st->data_max_bytes = max_bytes;
}

void vs_store_session_clear(struct vs_store_session *s)
{
	vs_session_facts_clear(&s->facts);
}

void vs_store_free(struct vs_store *st)
{
	if (!st)
		return;
	chunked_clear(&st->entries);
	chunked_clear(&st->findings);
	for (size_t i = 0; i < st->arena_max_chunks && st->arena[i]; i++)
		chunk_free(st->arena[i], ARENA_CHUNK);
	g_free(st->arena);
	for (size_t i = 0; i < st->nsessions; i++) {
		if (st->sessions[i]) {
			vs_store_session_clear(st->sessions[i]);
			g_free(st->sessions[i]);
		}
	}
	g_free(st->sessions);
	g_free(st->data_pending);
	pthread_mutex_destroy(&st->lock);
	g_free(st);
}

/* Room for n bytes in the arena; returns the position and a pointer, or NULL. */
static uint8_t *arena_reserve(struct vs_store *st, size_t n, uint64_t *pos)
{
	if (st->arena_used + n > ARENA_CHUNK) {
		size_t next = st->arena_chunk + 1;

		if (next >= st->arena_max_chunks)
			return NULL;
		/* Not zeroed: pages are touched only as bytes are written. */
		st->arena[next] = chunk_alloc(ARENA_CHUNK);
		st->arena_chunk = next;
		st->arena_used = 0;
	}
	*pos = ((uint64_t)st->arena_chunk << ARENA_SHIFT) | st->arena_used;
	uint8_t *p = st->arena[st->arena_chunk] + st->arena_used;
	st->arena_used += n;
	st->arena_bytes += n;
	return p;
}

static const uint8_t *arena_at(const struct vs_store *st, uint64_t pos)
{
	return st->arena[pos >> ARENA_SHIFT] + (pos & (ARENA_CHUNK - 1));
}

/* Serialized sizes in the arena. */
static size_t fd_size(const struct vu_fd_info *fd)
{
	return 1 + 8 + 8 + 1 + strnlen(fd->name, sizeof(fd->name));
}

static size_t finding_size(const char *text)
{
	return 2 + 2 + 2 + 1 + 1 + strnlen(text, VU_FINDING_TEXT - 1);
}

static uint8_t *put(uint8_t *p, const void *v, size_t n)
{
	if (n > 0) /* v is NULL for a record without bytes: memcpy's is never */
		memcpy(p, v, n);
	return p + n;
}

static uint8_t *put_fd(uint8_t *p, const struct vu_fd_info *fd)
{
	uint8_t namelen = (uint8_t)strnlen(fd->name, sizeof(fd->name));

	p = put(p, &fd->kind, 1);
	p = put(p, &fd->size, 8);
	p = put(p, &fd->inode, 8);
	p = put(p, &namelen, 1);
	return put(p, fd->name, namelen);
}

static uint8_t *put_finding(uint8_t *p, uint16_t code, uint16_t offset, uint16_t length,
                            enum vu_severity sev, const char *text)
{
	uint8_t textlen = (uint8_t)strnlen(text, VU_FINDING_TEXT - 1);
	uint8_t s = (uint8_t)sev;

	p = put(p, &code, 2);
	p = put(p, &offset, 2);
	p = put(p, &length, 2);
	p = put(p, &s, 1);
	p = put(p, &textlen, 1);
	return put(p, text, textlen);
}

static enum vu_severity finding_severity(uint16_t code)
{
	size_t n;
	const struct vu_finding_def *defs = vu_finding_defs(&n);

	return code < n ? defs[code].severity : VU_SEV_ERROR;
}

/* The malformed reason is the text of one of the findings, unless they overflowed. */
static bool reason_is_new(const struct vu_decoded *d)
{
	for (size_t i = 0; i < d->nfindings && i < VU_MAX_FINDINGS; i++)
		if (!strcmp(d->findings[i].text, d->malformed_reason))
			return false;
	return true;
}

/* The session slot for id, created on first sight; called with the lock held. */
/* What the pipeline started a session with: the state pane's replay starts there. */
static void session_initial(struct vs_store_session *s, const struct vu_session *state)
{
	s->initial_device = state ? state->device : VU_DEVICE_UNKNOWN;
	s->initial_device_evidence = state ? state->device_evidence : 0;
	s->initial_dialect = state ? state->dialect : VU_DIALECT_QEMU;
	s->initial_dialect_evidence = state ? state->dialect_evidence : 0;
	if (state)
		s->initial_identity = state->identity;
	else
		memset(&s->initial_identity, 0, sizeof(s->initial_identity));
}

static struct vs_store_session *session_slot(struct vs_store *st, uint32_t id, uint64_t index,
                                             const struct vu_session *state)
{
	if (id == 0)
		return NULL;
	if (id > st->nsessions) {
		size_t n = MAX((size_t)id, st->nsessions * 2);

		st->sessions = g_renew(struct vs_store_session *, st->sessions, n);
		memset(st->sessions + st->nsessions, 0,
		       (n - st->nsessions) * sizeof(*st->sessions));
		st->nsessions = n;
	}
	struct vs_store_session *s = st->sessions[id - 1];
	if (!s) {
		s = g_new0(struct vs_store_session, 1);
		s->id = id;
		s->first_index = index;
		session_initial(s, state);
		st->sessions[id - 1] = s;
	}
	return s;
}

static void session_note(struct vs_store *st, const struct vs_record *r,
                         const struct vu_session *state, uint64_t index)
{
	bool device_changed = false;

	/* The common case, a message of a known session on the same device, takes no lock. */
	if ((r->kind == VU_RECORD_MESSAGE || r->kind == VU_RECORD_DATA) &&
	    r->session <= st->nsessions && st->sessions[r->session - 1]) {
		enum vu_device_type dev = state ? state->device : VU_DEVICE_UNKNOWN;

		device_changed =
		    st->sessions[r->session - 1]->device != dev ||
		    (state != NULL &&
		     (st->sessions[r->session - 1]->dialect != state->dialect ||
		      st->sessions[r->session - 1]->device_evidence != state->device_evidence ||
		      st->sessions[r->session - 1]->dialect_evidence != state->dialect_evidence));
		if (!device_changed)
			return;
	}
	pthread_mutex_lock(&st->lock);
	struct vs_store_session *s = session_slot(st, r->session, index, state);
	if (s) {
		if (state) {
			s->device = state->device;
			s->device_evidence = state->device_evidence;
			s->dialect = state->dialect;
			s->dialect_evidence = state->dialect_evidence;
		}
		if (r->port != NULL && (s->port == NULL || r->kind == VU_RECORD_SESSION_START)) {
			s->port = r->port;
			atomic_store(&st->has_ports, true);
		}
		if (r->kind == VU_RECORD_SESSION_START) {
			/* An id seen before (two captures read into one run): the
			 * pipeline starts a fresh session state, so do we. */
			s->first_index = index;
			s->ended = false;
			session_initial(s, state);
			vs_session_facts_clear(&s->facts);
			vs_session_facts_copy(&s->facts, &r->facts);
			s->started = true;
			s->start_ts_ns = r->ts_ns;
		} else if (r->kind == VU_RECORD_SESSION_END) {
			g_free(s->facts.reason);
			s->facts.reason = g_strdup(r->facts.reason);
			s->ended = true;
			s->end_ts_ns = r->ts_ns;
		}
		if (!s->started && !s->start_ts_ns)
			s->start_ts_ns = r->ts_ns;
	}
	pthread_mutex_unlock(&st->lock);
}

/* Join a matched reply to its request (both directions of the link). */
static void link_reply(struct vs_store *st, struct vs_entry *reply, uint64_t reply_index,
                       uint64_t request_frame)
{
	int64_t req = vs_store_find_frame(st, request_frame);

	if (req < 0)
		return;
	struct vs_entry *q = chunked_at(&st->entries, (uint64_t)req);
	if (q->session != reply->session || vs_entry_peer(q) != 0)
		return;
	atomic_store_explicit(&reply->peer, (uint32_t)req + 1, memory_order_relaxed);
	atomic_store_explicit(&q->peer, (uint32_t)reply_index + 1, memory_order_release);
}

/*
 * A data-plane body cut to VS_STORE_DATA_KEEP bytes of each part, the way
 * the walker cuts by the snap length: the written part keeps its last byte
 * apart (VU_PAYLOAD_F_IN_TAIL). NULL when the body is within the bounds (or
 * is no body: it is kept as it came, and shown as not a data-plane entry).
 */
static guint8 *data_cut(const uint8_t *body, size_t len, size_t *cut_len)
{
	struct vu_payload p, q;
	uint8_t in[VS_STORE_DATA_KEEP];
	guint8 *out;

	if (!vu_payload_parse(body, len, &p) ||
	    (p.out_kept <= VS_STORE_DATA_KEEP && p.in_kept <= VS_STORE_DATA_KEEP))
		return NULL;
	q = p;
	if (p.out_kept > VS_STORE_DATA_KEEP) {
		q.out_kept = VS_STORE_DATA_KEEP;
		q.flags |= VU_PAYLOAD_F_OUT_CUT;
	}
	if (p.in_kept > VS_STORE_DATA_KEEP) {
		/* The first bytes, then the chain's last written byte. */
		memcpy(in, p.in, VS_STORE_DATA_KEEP - 1);
		in[VS_STORE_DATA_KEEP - 1] = p.in[p.in_kept - 1];
		if (!(p.flags & VU_PAYLOAD_F_IN_TAIL) && p.in_kept < p.in_total)
			in[VS_STORE_DATA_KEEP - 1] = p.in[VS_STORE_DATA_KEEP - 1];
		else
			q.flags |= VU_PAYLOAD_F_IN_TAIL;
		q.in = in;
		q.in_kept = VS_STORE_DATA_KEEP;
		q.flags |= VU_PAYLOAD_F_IN_CUT;
	}
	*cut_len = vu_payload_serialize(&q, NULL, 0);
	out = g_malloc(*cut_len);
	vu_payload_serialize(&q, out, *cut_len);
	return out;
}

/* A request is kept waiting for its completion, which is linked to it
 * (both ways) when it comes: by session, vring and head, as the session
 * pairs them (vu_session_payload). */
static void data_link(struct vs_store *st, struct vs_entry *e, uint64_t index, const uint8_t *body,
                      size_t len)
{
	struct vu_payload p;
	uint64_t key;
	struct vs_data_pending *slot;

	if (!vu_payload_parse(body, len, &p))
		return;
	key = (uint64_t)e->session << 32 | (uint64_t)p.vring << 16 | p.head;
	/* Fibonacci hashing: sessions, vrings and heads all spread over the slots. */
	slot = &st->data_pending[(key * 0x9e3779b97f4a7c15ull) >> (64 - DATA_PENDING_BITS)];
	if (p.phase == VU_PAYLOAD_AVAIL) {
		slot->key = key;
		slot->index = (uint32_t)index;
		return;
	}
	if (slot->key != key)
		return;
	slot->key = 0;
	struct vs_entry *q = chunked_at(&st->entries, slot->index);
	if (vs_entry_peer(q) != 0)
		return;
	atomic_store_explicit(&e->peer, slot->index + 1, memory_order_relaxed);
	atomic_store_explicit(&q->peer, (uint32_t)index + 1, memory_order_release);
}

/* Whether the caps let one more data-plane entry of need arena bytes in. */
static bool data_fits(struct vs_store *st, size_t need)
{
	if (atomic_load_explicit(&st->data_entries, memory_order_relaxed) < st->data_max_entries &&
	    st->data_bytes + need <= st->data_max_bytes)
		return true;
	atomic_fetch_add_explicit(&st->data_dropped, 1, memory_order_relaxed);
	return false;
}

void vs_store_append(struct vs_store *st, const struct vs_record *r, const struct vu_decoded *d,
                     const struct vu_session *state)
{
	uint64_t index = atomic_load_explicit(&st->entries.count, memory_order_relaxed);
	bool is_data = r->kind == VU_RECORD_DATA;
	g_autofree guint8 *data_body = NULL;
	size_t data_len = r->len;
	struct vu_payload_context data_ctx;

	/* A data-plane entry: cut, and kept only within the caps. */
	if (is_data) {
		if (r->bytes != NULL)
			data_body = data_cut(r->bytes, r->len, &data_len);
		if (!data_fits(st, MIN(data_len, VS_STORE_MAX_BYTES) + sizeof(data_ctx)))
			return;
		memset(&data_ctx, 0, sizeof(data_ctx));
		if (r->payload != NULL)
			data_ctx = *r->payload;
	}
	struct vs_entry *e = chunked_reserve(&st->entries);

	if (!e || index >= UINT32_MAX - 1)
		return; /* 268 million entries: the store is full, the capture keeps going */
	session_note(st, r, state, index);

	memset(e, 0, sizeof(*e));
	e->ts_ns = r->ts_ns;
	e->frame = r->frame;
	e->session = r->session;
	e->len = r->len;
	e->kind = r->kind;
	e->chan_dir = (uint8_t)((r->channel & 3u) | ((r->from & 1u) << 2) |
	                        ((d != NULL && d->dialect == VU_DIALECT_CROSVM) ? 1u << 3 : 0u));
	e->fds_total = r->fds_total;
	if (r->flags & VU_PSEUDO_F_TRUNCATED)
		e->flags |= VS_ENTRY_TRUNCATED;

	/* A ring snapshot keeps its capture body (vu_ring_record) as its bytes,
	 * an inflight queue or a dirty-log count theirs: the list and the detail
	 * show them from there. */
	g_autofree guint8 *ring_body = NULL;
	const uint8_t *bytes = r->bytes;
	gsize ring_len = 0;
	bool area = r->kind == VU_RECORD_INFLIGHT || r->kind == VU_RECORD_DIRTY_LOG;

	if (r->kind == VU_RECORD_RING && r->ring != NULL && r->bytes == NULL) {
		ring_body = vs_ring_record_encode(r, d, &ring_len);
		bytes = ring_body;
		e->len = (uint32_t)ring_len;
	} else if (area && r->ring != NULL && r->bytes == NULL) {
		ring_body = vs_area_record_encode(r, &ring_len);
		bytes = ring_body;
		e->len = (uint32_t)ring_len;
	}
	if (data_body != NULL) {
		bytes = data_body;
		e->len = (uint32_t)data_len;
	}

	/* What to keep: bytes, fd facts, findings (the malformed reason first). */
	/* A data-plane entry (--packets) keeps its capture body (dissector/vu-payload.h). */
	size_t stored = (r->kind == VU_RECORD_MESSAGE || r->kind == VU_RECORD_RING ||
	                 r->kind == VU_RECORD_DATA || area) &&
	                        bytes
	                    ? e->len
	                    : 0;
	if (stored > VS_STORE_MAX_BYTES) {
		stored = VS_STORE_MAX_BYTES;
		e->flags |= VS_ENTRY_CLIPPED;
	}
	unsigned nfds = MIN(r->nfds, VU_MAX_FDS);
	unsigned nfind = 0;
	int worst = -1;
	size_t need = stored;

	for (unsigned i = 0; i < nfds; i++)
		need += fd_size(&r->fds[i]);
	/* A data-plane entry: its session's context follows its body. */
	if (is_data)
		need += sizeof(data_ctx);
	bool keep_reason = d && d->malformed && reason_is_new(d);
	if (keep_reason) {
		need += finding_size(d->malformed_reason);
		nfind++;
	}
	for (size_t i = 0; d && i < d->nfindings && i < VU_MAX_FINDINGS; i++) {
		need += finding_size(d->findings[i].text);
		nfind++;
		worst = MAX(worst, (int)finding_severity(d->findings[i].code));
	}
	if (d && d->malformed)
		worst = VU_SEV_ERROR;

	uint8_t *p = need ? arena_reserve(st, need, &e->data) : NULL;
	if (p) {
		p = put(p, bytes, stored);
		if (is_data)
			p = put(p, &data_ctx, sizeof(data_ctx));
		for (unsigned i = 0; i < nfds; i++)
			p = put_fd(p, &r->fds[i]);
		if (keep_reason)
			p = put_finding(p, VU_FIND_COUNT, 0, (uint16_t)MIN(r->len, 0xffffu),
			                VU_SEV_ERROR, d->malformed_reason);
		for (size_t i = 0; d && i < d->nfindings && i < VU_MAX_FINDINGS; i++) {
			const struct vu_finding *f = &d->findings[i];

			p = put_finding(p, f->code, f->offset, f->length, finding_severity(f->code),
			                f->text);
		}
		e->stored = (uint16_t)stored;
		e->nfds = (uint8_t)nfds;
		e->findings = (uint8_t)(nfind | (unsigned)((worst + 1) << 5));
	} else if (need) {
		e->flags |= VS_ENTRY_CLIPPED; /* arena full: the index entry still counts */
	}

	if (d) {
		e->request = d->request;
		if (d->has_header)
			e->flags |= VS_ENTRY_HAS_HEADER;
		if (d->reply)
			e->flags |= VS_ENTRY_REPLY;
		if (d->need_reply)
			e->flags |= VS_ENTRY_NEED_REPLY;
		if (d->malformed)
			e->flags |= VS_ENTRY_MALFORMED;
	}
	if (state) {
		if (state->features_acked & VU_BIT(VU_F_RING_PACKED))
			e->flags |= VS_ENTRY_RING_PACKED;
		/* As the decoder reads it: crosvm's bit 17 is not Xen's layout. */
		if (vu_protocol_bits_upstream(state->dialect, state->protocol_acked) &
		    VU_BIT(VU_PF_XEN_MMAP))
			e->flags |= VS_ENTRY_XEN_MMAP;
		if (d && d->reply && d->latency_ns && state->last_frame_matched)
			link_reply(st, e, index, state->last_frame_matched);
	}
	/* A completion and the request it completes point at each other. */
	if (is_data && p != NULL)
		data_link(st, e, index, bytes, stored);
	if (is_data) {
		atomic_fetch_add_explicit(&st->data_entries, 1, memory_order_relaxed);
		st->data_bytes += need;
	}

	if (r->kind == VU_RECORD_MESSAGE) {
		atomic_fetch_add_explicit(&st->messages, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&st->bytes, r->len, memory_order_relaxed);
		if (d && d->malformed)
			atomic_fetch_add_explicit(&st->malformed, 1, memory_order_relaxed);
	}
	/* The status bar counts the findings of the messages and of the rings. */
	if (nfind && (r->kind == VU_RECORD_MESSAGE || r->kind == VU_RECORD_RING))
		atomic_fetch_add_explicit(&st->finding_count, nfind, memory_order_relaxed);
	chunked_publish(&st->entries);

	if (nfind) {
		uint32_t *slot = chunked_reserve(&st->findings);

		if (slot) {
			*slot = (uint32_t)index;
			chunked_publish(&st->findings);
		}
	}
}

const struct vs_entry *vs_store_entry(struct vs_store *st, uint64_t index)
{
	return chunked_at(&st->entries, index);
}

const uint8_t *vs_store_bytes(struct vs_store *st, const struct vs_entry *e)
{
	static const uint8_t none[1];

	return e->stored ? arena_at(st, e->data) : none;
}

/* Position of the fd facts (right after the bytes). */
static const uint8_t *entry_extras(struct vs_store *st, const struct vs_entry *e)
{
	return arena_at(st, e->data) + e->stored;
}

static const uint8_t *get_fd(const uint8_t *p, struct vu_fd_info *fd)
{
	uint8_t namelen;

	memset(fd, 0, sizeof(*fd));
	memcpy(&fd->kind, p, 1);
	memcpy(&fd->size, p + 1, 8);
	memcpy(&fd->inode, p + 9, 8);
	memcpy(&namelen, p + 17, 1);
	namelen = MIN(namelen, (uint8_t)(sizeof(fd->name) - 1));
	memcpy(fd->name, p + 18, namelen);
	return p + 18 + namelen;
}

unsigned vs_store_fds(struct vs_store *st, const struct vs_entry *e, struct vu_fd_info *fds)
{
	const uint8_t *p;

	if (!e->nfds)
		return 0;
	p = entry_extras(st, e);
	for (unsigned i = 0; i < e->nfds; i++)
		p = get_fd(p, &fds[i]);
	return e->nfds;
}

unsigned vs_store_findings(struct vs_store *st, const struct vs_entry *e,
                           struct vs_stored_finding *out, unsigned cap)
{
	unsigned n = vs_entry_nfindings(e);
	const uint8_t *p;
	struct vu_fd_info skip;

	if (!n)
		return 0;
	p = entry_extras(st, e);
	for (unsigned i = 0; i < e->nfds; i++)
		p = get_fd(p, &skip);
	for (unsigned i = 0; i < n && i < cap; i++) {
		uint8_t sev, textlen;

		memcpy(&out[i].code, p, 2);
		memcpy(&out[i].offset, p + 2, 2);
		memcpy(&out[i].length, p + 4, 2);
		memcpy(&sev, p + 6, 1);
		memcpy(&textlen, p + 7, 1);
		out[i].severity = (enum vu_severity)sev;
		memcpy(out[i].text, p + 8, textlen);
		out[i].text[textlen] = '\0';
		p += 8 + textlen;
	}
	return MIN(n, cap);
}

uint64_t vs_store_finding_entries(struct vs_store *st)
{
	return atomic_load_explicit(&st->findings.count, memory_order_acquire);
}

uint32_t vs_store_finding_entry(struct vs_store *st, uint64_t i)
{
	return *(const uint32_t *)chunked_at(&st->findings, i);
}

int64_t vs_store_find_frame(struct vs_store *st, uint64_t frame)
{
	/* Called by the writer too: its own count is the relaxed one. */
	uint64_t lo = 0, hi = atomic_load_explicit(&st->entries.count, memory_order_acquire);

	/* A reply's request is nearly always among the last few entries. Records
	 * the pipeline made (ring snapshots, findings as time passed) have no
	 * frame of their own (0): they are stepped over. */
	for (uint64_t i = hi; i > 0 && hi - i < 32; i--) {
		const struct vs_entry *e = vs_store_entry(st, i - 1);

		if (e->frame == frame)
			return (int64_t)(i - 1);
		if (e->frame != 0 && e->frame < frame)
			return -1;
	}
	/* Frames grow with the index: binary search, on the entry at or after
	 * mid that has a frame. */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2, at = mid;
		const struct vs_entry *e = vs_store_entry(st, at);

		while (e->frame == 0 && at + 1 < hi)
			e = vs_store_entry(st, ++at);
		if (e->frame == 0) {
			hi = mid; /* nothing with a frame in [mid, hi) */
			continue;
		}
		if (e->frame == frame)
			return (int64_t)at;
		if (e->frame < frame)
			lo = at + 1;
		else
			hi = mid;
	}
	return -1;
}

void vs_store_note_ring(struct vs_store *st, const struct vs_record *r)
{
	const struct vu_ring_snapshot *snap;
	struct vs_store_session *s;
	struct vs_store_ring *ring;

	if (r->kind != VU_RECORD_RING || r->ring == NULL || r->ring->snap.vring >= VU_MAX_VRINGS)
		return;
	snap = &r->ring->snap;
	pthread_mutex_lock(&st->lock);
	s = session_slot(st, r->session, vs_store_count(st), NULL);
	if (s != NULL) {
		ring = &s->rings[snap->vring];
		s->has_rings = true;
		if (snap->status == VU_RING_OK) {
			uint16_t used = snap->packed ? snap->used_pos : snap->used_idx;

			if (!ring->seen || !ring->ok || used != ring->used || snap->inflight == 0)
				ring->progress_ns = r->ts_ns;
			ring->avail = snap->packed ? snap->avail_pos : snap->avail_idx;
			ring->used = used;
			ring->inflight = snap->inflight;
		}
		ring->seen = true;
		ring->ok = snap->status == VU_RING_OK;
		ring->status = snap->status;
		ring->packed = snap->packed;
		ring->num = snap->num;
		ring->ts_ns = r->ts_ns;
		ring->stalled = r->ring->stalled;
		ring->stalled_ns = r->ring->stalled_ns;
		ring->completed = r->ring->completed;
	}
	pthread_mutex_unlock(&st->lock);
}

void vs_store_note_notify(struct vs_store *st, const struct vs_record *r)
{
	struct vs_store_session *s;
	struct vu_notify n;

	if (r->kind != VU_RECORD_NOTIFY || !vu_notify_parse(r->bytes, r->len, &n) ||
	    n.vring >= VU_MAX_VRINGS)
		return;
	pthread_mutex_lock(&st->lock);
	s = session_slot(st, r->session, vs_store_count(st), NULL);
	if (s != NULL) {
		s->has_notify = true;
		s->rings[n.vring].signals[n.signal - 1] = n.signals;
		s->rings[n.vring].reads[n.signal - 1] = n.reads;
	}
	pthread_mutex_unlock(&st->lock);
}

bool vs_store_session_get(struct vs_store *st, uint32_t id, struct vs_store_session *out)
{
	bool found = false;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&st->lock);
	if (id >= 1 && id <= st->nsessions && st->sessions[id - 1]) {
		*out = *st->sessions[id - 1];
		vs_session_facts_copy(&out->facts, &st->sessions[id - 1]->facts);
		found = true;
	}
	pthread_mutex_unlock(&st->lock);
	return found;
}

size_t vs_store_session_count(struct vs_store *st)
{
	size_t n = 0;

	pthread_mutex_lock(&st->lock);
	for (size_t i = 0; i < st->nsessions; i++)
		n += st->sessions[i] != NULL;
	pthread_mutex_unlock(&st->lock);
	return n;
}

uint64_t vs_store_session_first(struct vs_store *st, uint32_t id)
{
	uint64_t first = 0;

	pthread_mutex_lock(&st->lock);
	if (id >= 1 && id <= st->nsessions && st->sessions[id - 1])
		first = st->sessions[id - 1]->first_index;
	pthread_mutex_unlock(&st->lock);
	return first;
}

const char *vs_store_session_port(struct vs_store *st, uint32_t id)
{
	const char *port = NULL;

	pthread_mutex_lock(&st->lock);
	if (id >= 1 && id <= st->nsessions && st->sessions[id - 1])
		port = st->sessions[id - 1]->port;
	pthread_mutex_unlock(&st->lock);
	return port;
}

enum vu_device_type vs_store_session_device(struct vs_store *st, uint32_t id)
{
	enum vu_device_type dev = VU_DEVICE_UNKNOWN;

	pthread_mutex_lock(&st->lock);
	if (id >= 1 && id <= st->nsessions && st->sessions[id - 1])
		dev = st->sessions[id - 1]->device;
	pthread_mutex_unlock(&st->lock);
	return dev;
}

bool vs_store_ring(struct vs_store *st, const struct vs_entry *e, struct vu_ring_record *out)
{
	if (e->kind != VU_RECORD_RING || e->stored == 0)
		return false;
	return vu_ring_record_decode(vs_store_bytes(st, e), e->stored, out, NULL);
}

bool vs_store_data(struct vs_store *st, const struct vs_entry *e, struct vu_payload *p,
                   struct vu_payload_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	if (e->kind != VU_RECORD_DATA || e->stored == 0 ||
	    !vu_payload_parse(vs_store_bytes(st, e), e->stored, p))
		return false;
	memcpy(ctx, entry_extras(st, e), sizeof(*ctx));
	return true;
}

void vs_store_message(struct vs_store *st, const struct vs_entry *e, struct vu_fd_info *fds,
                      struct vu_message *m)
{
	memset(m, 0, sizeof(*m));
	m->channel = vs_entry_channel(e);
	m->from = vs_entry_from(e);
	m->bytes = vs_store_bytes(st, e);
	m->len = e->stored;
	m->nfds = e->fds_total;
	m->fds = fds;
	vs_store_fds(st, e, fds);
}

void vs_store_decode(struct vs_store *st, uint64_t index, struct vu_decoded *out)
{
	const struct vs_entry *e = vs_store_entry(st, index);
	struct vu_fd_info fds[VU_MAX_FDS];
	struct vu_decode_context ctx = {0};
	struct vu_message m;
	uint32_t peer = vs_entry_peer(e);

	ctx.ring_packed = e->flags & VS_ENTRY_RING_PACKED;
	ctx.xen_mmap = e->flags & VS_ENTRY_XEN_MMAP;
	ctx.device = vs_store_session_device(st, e->session);
	ctx.dialect = vs_entry_dialect(e);
	if ((e->flags & VS_ENTRY_REPLY) && peer) {
		const struct vs_entry *q = vs_store_entry(st, peer - 1);
		const uint8_t *qb = vs_store_bytes(st, q);

		ctx.answered_request = q->request;
		ctx.answered_need_reply = q->flags & VS_ENTRY_NEED_REPLY;
		/* The request's payload size, as the session machine passes it (GET_CONFIG). */
		if (q->stored >= VU_HDR_SIZE) {
			uint32_t size;

			memcpy(&size, qb + 8, 4);
			ctx.answered_size = size;
		}
	}
	vs_store_message(st, e, fds, &m);
	vu_decode(&ctx, &m, out);
	if ((e->flags & VS_ENTRY_REPLY) && peer)
		out->latency_ns = e->ts_ns - vs_store_entry(st, peer - 1)->ts_ns;
}

uint64_t vs_store_footprint(struct vs_store *st)
{
	uint64_t n = vs_store_count(st);

	return n * sizeof(struct vs_entry) + st->arena_bytes +
	       vs_store_finding_entries(st) * sizeof(uint32_t);
}
