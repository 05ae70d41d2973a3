/*
 * The eventfd interposer (--kicks, sniffer/kick.h): one thread, one epoll
 * set, a pair of eventfds per ring and signal.
 *
 * A pair reads one eventfd and writes the other: a kick reads the
 * front-end's eventfd and writes ours, whose other copy the back-end holds;
 * a call or error reads ours (the back-end writes it) and writes the
 * front-end's. Only we read the eventfds we read: the back-end no longer has
 * the front-end's kick eventfd, and nobody else has ours. The front-end
 * might still read its own kick eventfd (QEMU drains its host notifier when
 * it stops the device), so that one is made non-blocking: a read that finds
 * nothing must not hold the thread. The eventfd we make for the back-end
 * has the blocking mode of the front-end's, as the back-end would have had
 * it; where it is blocking we read it only after poll says it holds a count.
 *
 * The relay thread adds and removes pairs while the thread forwards. The
 * epoll events carry a pair's id, not a pointer: a pair removed between
 * epoll_wait and the lock is simply not found. The thread forwards with the
 * lock held, and a session's pairs are removed with it, so a session's last
 * notification records are submitted before its end.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "dissector/vu-dissector.h"
#include "sniffer/kick.h"
#include "vscore/log.h"

#define SIGNALS                  3 /* kick, call, err: index = signal - 1 */
#define MAX_EVENTS               64
#define CONTROL_ID               0 /* the epoll id of the thread's wake-up eventfd */
#define RING_KEY(session, vring) (((guint64)(session) << 16) | (guint64)(vring))

struct kick_pair {
	guint64 id;
	struct kick_ring *ring;
	enum vu_notify_signal signal;
	int from, to;        /* read from, write to */
	gboolean poll_first; /* from is blocking: read only what poll says is there */
	gboolean armed;      /* in the epoll set (vs_kicks_arm) */
};

struct kick_ring {
	guint32 session;
	const char *port;
	guint vring;
	guint8 flags; /* VU_NOTIFY_F_*: what the relay has forwarded */
	struct kick_pair *pair[SIGNALS];
	/* Over every pair the ring had in the session: signals forwarded, reads. */
	guint64 signals[SIGNALS], reads[SIGNALS];
};

struct vs_kicks {
	struct vs_pipeline *pipeline;
	GThread *thread;
	int epoll_fd;
	int control_fd; /* wakes the thread to stop */
	GMutex lock;
	gboolean stopping;
	guint64 next_id;
	GHashTable *pairs; /* id -> struct kick_pair * */
	GHashTable *rings; /* RING_KEY -> struct kick_ring * */
	vs_kicks_hook_fn hook;
	gpointer hook_data;
};

/* ---- forwarding (the thread, or the relay thread at a close) ---- */

static void submit_record(struct vs_kicks *k, struct kick_pair *pr, guint64 count, guint64 ts_ns,
                          guint8 flags)
{
	struct vu_notify n = {
	    .signal = (uint8_t)pr->signal,
	    .flags = (uint8_t)(pr->ring->flags | flags),
	    .vring = (uint16_t)pr->ring->vring,
	    .count = count,
	    .signals = pr->ring->signals[pr->signal - 1],
	    .reads = pr->ring->reads[pr->signal - 1],
	};
	struct vs_record *r;

	if (k->pipeline == NULL)
		return;
	r = vs_record_new();
	r->kind = VU_RECORD_NOTIFY;
	r->ts_ns = ts_ns;
	r->session = pr->ring->session;
	r->port = pr->ring->port;
	r->channel = VU_CHANNEL_MAIN;
	r->from = pr->signal == VU_NOTIFY_KICK ? VU_FROM_FRONT : VU_FROM_BACK;
	r->len = (uint32_t)vu_notify_serialize(&n, vs_record_reserve(r, VU_NOTIFY_BODY_SIZE),
	                                       VU_NOTIFY_BODY_SIZE);
	vs_pipeline_submit_other(k->pipeline, r);
}

/* One read, forwarded whole; FALSE when there was nothing to read. flags:
 * VU_NOTIFY_F_* of this read beside the ring's. */
static gboolean pair_forward(struct vs_kicks *k, struct kick_pair *pr, guint8 flags)
{
	struct pollfd pfd = {.fd = pr->from, .events = POLLIN};
	guint64 count;
	ssize_t n;

	if (pr->poll_first && poll(&pfd, 1, 0) != 1)
		return FALSE;
	do
		n = read(pr->from, &count, sizeof(count));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(count) || count == 0)
		return FALSE;
	/* Forward first. An eventfd write fails only when the counter would
	 * pass 2^64 - 2, which no reader of it lets happen; say so if it did. */
	do
		n = write(pr->to, &count, sizeof(count));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(count))
		vs_warn("session %u vring %u: a %s of %" G_GUINT64_FORMAT
		        " signals could not be passed on: %s",
		        pr->ring->session, pr->ring->vring, vu_notify_signal_name(pr->signal),
		        count, n < 0 ? g_strerror(errno) : "short write");
	pr->ring->signals[pr->signal - 1] += count;
	pr->ring->reads[pr->signal - 1]++;
	submit_record(k, pr, count, vs_now_ns(), flags);
	if (k->hook != NULL)
		k->hook(k->hook_data, pr->ring->session, pr->ring->vring, pr->signal, count);
	return TRUE;
}

static gpointer kicks_thread(gpointer data)
{
	struct vs_kicks *k = data;
	struct epoll_event ev[MAX_EVENTS];

	for (;;) {
		int n = epoll_wait(k->epoll_fd, ev, MAX_EVENTS, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			vs_warn("--kicks: epoll_wait: %s; signals are no longer forwarded",
			        g_strerror(errno));
			return NULL;
		}
		g_mutex_lock(&k->lock);
		if (k->stopping) {
			g_mutex_unlock(&k->lock);
			return NULL;
		}
		for (int i = 0; i < n; i++) {
			struct kick_pair *pr;

			if (ev[i].data.u64 == CONTROL_ID)
				continue;
			pr = g_hash_table_lookup(k->pairs, &ev[i].data.u64);
			if (pr != NULL)
				pair_forward(k, pr, 0);
		}
		g_mutex_unlock(&k->lock);
	}
}

/* ---- pairs and rings (lock held) ---- */

/* What the eventfd still holds goes on, then both of ours are closed. */
static void pair_close(struct vs_kicks *k, struct kick_pair *pr)
{
	struct kick_ring *ring = pr->ring;

	if (pr->armed)
		epoll_ctl(k->epoll_fd, EPOLL_CTL_DEL, pr->from, NULL);
	pr->poll_first = TRUE; /* a drain: never wait */
	pair_forward(k, pr, 0);
	close(pr->from);
	close(pr->to);
	ring->pair[pr->signal - 1] = NULL;
	g_hash_table_remove(k->pairs, &pr->id);
}

static struct kick_ring *ring_get(struct vs_kicks *k, guint32 session, const char *port,
                                  guint vring)
{
	guint64 key = RING_KEY(session, vring);
	struct kick_ring *ring = g_hash_table_lookup(k->rings, &key);
	guint64 *kp;

	if (ring != NULL)
		return ring;
	ring = g_new0(struct kick_ring, 1);
	ring->session = session;
	ring->port = port;
	ring->vring = vring;
	kp = g_new(guint64, 1);
	*kp = key;
	g_hash_table_insert(k->rings, kp, ring);
	return ring;
}

static gboolean fd_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl >= 0 && (fl & O_NONBLOCK);
}

/* A pair for theirs (the front-end's eventfd); returns the eventfd for the
 * back-end, or -1 (then nothing changed). */
static int pair_open(struct vs_kicks *k, struct kick_ring *ring, enum vu_notify_signal signal,
                     int theirs)
{
	gboolean nonblock = fd_nonblocking(theirs);
	struct kick_pair *pr;
	int ours, for_back;

	ours = eventfd(0, EFD_CLOEXEC | (nonblock ? EFD_NONBLOCK : 0));
	if (ours < 0)
		return -1;
	for_back = fcntl(ours, F_DUPFD_CLOEXEC, 0);
	if (for_back < 0) {
		close(ours);
		return -1;
	}
	pr = g_new0(struct kick_pair, 1);
	pr->id = ++k->next_id;
	pr->ring = ring;
	pr->signal = signal;
	if (signal == VU_NOTIFY_KICK) {
		pr->from = theirs;
		pr->to = ours;
		/* See the top of the file: the front-end may read it too. */
		if (!nonblock)
			fcntl(theirs, F_SETFL, fcntl(theirs, F_GETFL) | O_NONBLOCK);
	} else {
		pr->from = ours;
		pr->to = theirs;
		pr->poll_first = !nonblock;
	}
	g_hash_table_insert(k->pairs, &pr->id, pr);
	ring->pair[signal - 1] = pr;
	return for_back;
}

/* ---- the relay's side ---- */

void vs_kicks_arm(struct vs_kicks *k, guint64 arm)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = arm};
	struct kick_pair *pr;

	g_mutex_lock(&k->lock);
	pr = g_hash_table_lookup(k->pairs, &arm);
	if (pr != NULL && !pr->armed) {
		gboolean poll_first = pr->poll_first;

		/* What a kick eventfd holds already was signalled before we watched
		 * it: said so. (A call eventfd is ours and new: what it holds came
		 * from the back-end after the handover, like any call.) */
		pr->poll_first = TRUE;
		pair_forward(k, pr, pr->signal == VU_NOTIFY_KICK ? VU_NOTIFY_F_PENDING : 0);
		pr->poll_first = poll_first;
		if (epoll_ctl(k->epoll_fd, EPOLL_CTL_ADD, pr->from, &ev) == 0)
			pr->armed = TRUE;
		else
			vs_warn(
			    "session %u vring %u: cannot watch the %s eventfd (%s); its signals "
			    "are not forwarded",
			    pr->ring->session, pr->ring->vring, vu_notify_signal_name(pr->signal),
			    g_strerror(errno));
	}
	g_mutex_unlock(&k->lock);
}

static gboolean read_u64(const uint8_t *msg, size_t len, size_t off, guint64 *v)
{
	if (len < off + sizeof(*v))
		return FALSE;
	memcpy(v, msg + off, sizeof(*v));
	return TRUE;
}

static gboolean read_u32(const uint8_t *msg, size_t len, size_t off, guint32 *v)
{
	if (len < off + sizeof(*v))
		return FALSE;
	memcpy(v, msg + off, sizeof(*v));
	return TRUE;
}

static enum vu_notify_signal signal_of(uint32_t request)
{
	switch (request) {
	case VU_REQ_SET_VRING_KICK:
		return VU_NOTIFY_KICK;
	case VU_REQ_SET_VRING_CALL:
		return VU_NOTIFY_CALL;
	case VU_REQ_SET_VRING_ERR:
		return VU_NOTIFY_ERR;
	default:
		return 0;
	}
}

gboolean vs_kicks_message(struct vs_kicks *k, guint32 session, const char *port, const uint8_t *msg,
                          size_t len, int *fds, unsigned nfds, guint64 *arm)
{
	uint32_t request, flags, index, num;
	enum vu_notify_signal signal;
	struct kick_ring *ring;
	guint64 file;
	gboolean replaced = FALSE;

	if (len < VU_HDR_SIZE)
		return FALSE;
	memcpy(&request, msg, sizeof(request));
	memcpy(&flags, msg + 4, sizeof(flags));
	if (flags & VU_FLAG_REPLY)
		return FALSE;
	g_mutex_lock(&k->lock);
	switch (request) {
	case VU_REQ_SET_VRING_ENABLE:
		if (read_u32(msg, len, VU_HDR_SIZE, &index) &&
		    read_u32(msg, len, VU_HDR_SIZE + 4, &num) && index < VU_MAX_VRINGS) {
			ring = ring_get(k, session, port, index);
			if (num != 0)
				ring->flags |= VU_NOTIFY_F_ENABLED;
			else
				ring->flags &= (guint8)~VU_NOTIFY_F_ENABLED;
		}
		break;
	case VU_REQ_GET_VRING_BASE:
	case VU_REQ_GET_VRING_BASE_SKIP_DRAIN:
		if (read_u32(msg, len, VU_HDR_SIZE, &index) && index < VU_MAX_VRINGS)
			ring_get(k, session, port, index)->flags |= VU_NOTIFY_F_STOPPED;
		break;
	case VU_REQ_SET_VRING_KICK:
	case VU_REQ_SET_VRING_CALL:
	case VU_REQ_SET_VRING_ERR:
		signal = signal_of(request);
		if (!read_u64(msg, len, VU_HDR_SIZE, &file) ||
		    (file & VU_VRING_IDX_MASK) >= VU_MAX_VRINGS)
			break;
		ring = ring_get(k, session, port, (guint)(file & VU_VRING_IDX_MASK));
		if (signal == VU_NOTIFY_KICK)
			ring->flags &= (guint8)~VU_NOTIFY_F_STOPPED;
		/* The old pair goes, whatever comes instead: an fd, or none (NOFD). */
		if (ring->pair[signal - 1] != NULL)
			pair_close(k, ring->pair[signal - 1]);
		if (nfds >= 1 && !(file & VU_VRING_NOFD_MASK)) {
			int ours = pair_open(k, ring, signal, fds[0]);

			if (ours >= 0) {
				fds[0] = ours;
				*arm = ring->pair[signal - 1]->id;
				replaced = TRUE;
			}
		}
		break;
	default:
		break;
	}
	g_mutex_unlock(&k->lock);
	return replaced;
}

void vs_kicks_session_end(struct vs_kicks *k, guint32 session)
{
	GHashTableIter iter;
	gpointer value;

	g_mutex_lock(&k->lock);
	g_hash_table_iter_init(&iter, k->rings);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		struct kick_ring *ring = value;

		if (ring->session != session)
			continue;
		for (int i = 0; i < SIGNALS; i++)
			if (ring->pair[i] != NULL)
				pair_close(k, ring->pair[i]);
		g_hash_table_iter_remove(&iter);
	}
	g_mutex_unlock(&k->lock);
}

gboolean vs_kicks_totals(struct vs_kicks *k, guint32 session, guint vring,
                         enum vu_notify_signal signal, guint64 *signals, guint64 *reads)
{
	guint64 key = RING_KEY(session, vring);
	struct kick_ring *ring;
	gboolean found = FALSE;

	if (signal < VU_NOTIFY_KICK || signal > VU_NOTIFY_ERR)
		return FALSE;
	g_mutex_lock(&k->lock);
	ring = g_hash_table_lookup(k->rings, &key);
	if (ring != NULL) {
		*signals = ring->signals[signal - 1];
		*reads = ring->reads[signal - 1];
		found = TRUE;
	}
	g_mutex_unlock(&k->lock);
	return found;
}

void vs_kicks_set_hook(struct vs_kicks *k, vs_kicks_hook_fn fn, gpointer data)
{
	g_mutex_lock(&k->lock);
	k->hook = fn;
	k->hook_data = data;
	g_mutex_unlock(&k->lock);
}

struct vs_kicks *vs_kicks_new(struct vs_pipeline *p, GError **error)
{
	struct vs_kicks *k = g_new0(struct vs_kicks, 1);
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = CONTROL_ID};

	k->pipeline = p;
	k->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	k->control_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (k->epoll_fd < 0 || k->control_fd < 0 ||
	    epoll_ctl(k->epoll_fd, EPOLL_CTL_ADD, k->control_fd, &ev) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "--kicks: cannot set up the eventfd interposer: %s", g_strerror(errno));
		if (k->epoll_fd >= 0)
			close(k->epoll_fd);
		if (k->control_fd >= 0)
			close(k->control_fd);
		g_free(k);
		return NULL;
	}
	g_mutex_init(&k->lock);
	k->pairs = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
	k->rings = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	k->next_id = CONTROL_ID;
	k->thread = g_thread_new("vhostsniff-kicks", kicks_thread, k);
	return k;
}

void vs_kicks_free(struct vs_kicks *k)
{
	GHashTableIter iter;
	gpointer value;
	guint64 one = 1;

	if (k == NULL)
		return;
	g_mutex_lock(&k->lock);
	k->stopping = TRUE;
	g_mutex_unlock(&k->lock);
	if (write(k->control_fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		vs_warn("--kicks: cannot wake the interposer's thread: %s", g_strerror(errno));
	g_thread_join(k->thread);
	g_hash_table_iter_init(&iter, k->rings);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		struct kick_ring *ring = value;

		for (int i = 0; i < SIGNALS; i++)
			if (ring->pair[i] != NULL)
				pair_close(k, ring->pair[i]);
	}
	g_hash_table_destroy(k->rings);
	g_hash_table_destroy(k->pairs);
	close(k->control_fd);
	close(k->epoll_fd);
	g_mutex_clear(&k->lock);
	g_free(k);
}
