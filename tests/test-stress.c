/*
 * Transparency under garbage: a fake front-end and back-end send each other
 * a long random stream through vhostsniff, both ways at once. Valid
 * messages, malformed ones (bad version, unknown request, wrong sizes),
 * oversized ones (beyond 2056 bytes, and a few beyond the relay's 1 MiB
 * streaming cap), written whole, split at random byte boundaries or several
 * in one write, each with 0-8 fds of random kinds (memfd, eventfd, pipe,
 * socket). Each side must receive exactly the bytes the other sent, and the
 * same open files (st_dev/st_ino; an eventfd's counter as well, since every
 * eventfd shares one anonymous inode) with the same message, in order; the
 * capture (-w, read back with vhostsniff -r) must hold every message with
 * its request, size and fds, oversized ones marked, streamed ones truncated.
 *
 * Everything random comes from one seed, printed: VHOSTSNIFF_STRESS_SEED=N
 * replays a run, VHOSTSNIFF_STRESS_MESSAGES=N sets the messages per direction.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "tests/relay-harness.h"

#define DEFAULT_SEED     20261126u
#define DEFAULT_MESSAGES 100000u /* per direction */
#define MAX_MSG_FDS      8u
#define LEGAL_MAX        2056u      /* the largest legal payload */
#define STREAM_CAP       (1u << 20) /* the relay's VS_PAYLOAD_HARD_CAP */
#define HUGE_PER_DIR     3u         /* messages beyond STREAM_CAP per direction */
/* A capture frame is at most MAX_FRAME bytes (doc/capture-format.md): tags and
 * the pseudo-header, 64 bytes per fd, then the message, cut if need be. */
#define MAX_FRAME      262144u
#define FRAME_OVERHEAD (20u + 24u)

enum fd_kind { FD_MEMFD, FD_EVENTFD, FD_PIPE, FD_SOCKET, FD_KINDS };

/* One message of a direction's stream. */
struct msg {
	size_t offset; /* of its first byte in the stream */
	uint32_t len;  /* header + payload */
	uint8_t nfds;
	uint8_t kinds[MAX_MSG_FDS];
	/* Filled by the sender just before the fds go, published by `sent`. */
	dev_t dev[MAX_MSG_FDS];
	ino_t ino[MAX_MSG_FDS];
	uint64_t counter[MAX_MSG_FDS]; /* eventfds: the value it holds */
	gint sent;
};

/* One write of the stream; fds_of >= 0: the fds of that message go with it. */
struct piece {
	size_t offset, len;
	gint64 fds_of;
};

struct direction {
	const char *name; /* "front" (front-end to back-end) or "back" */
	unsigned index;
	GByteArray *stream;
	GArray *msgs;   /* struct msg */
	GArray *pieces; /* struct piece */
	int tx, rx;     /* the sending peer's socket, the receiving peer's */
	guint64 fds_sent, fds_checked;
	unsigned huge, oversized;
	unsigned interposed; /* handed-over sockets vhostsniff sat on */
};

/* ---- the random stream ------------------------------------------------------ */

/* Requests a peer really sends, with the payload size that goes with them. */
static const struct {
	uint32_t request, size;
} valid[] = {
    {VU_REQ_GET_FEATURES, 0},
    {VU_REQ_SET_FEATURES, 8},
    {VU_REQ_SET_OWNER, 0},
    {VU_REQ_SET_MEM_TABLE, 8 + 2 * 32},
    {VU_REQ_SET_VRING_NUM, 8},
    {VU_REQ_SET_VRING_ADDR, 40},
    {VU_REQ_SET_VRING_BASE, 8},
    {VU_REQ_GET_VRING_BASE, 8},
    {VU_REQ_SET_VRING_KICK, 8},
    {VU_REQ_SET_VRING_CALL, 8},
    {VU_REQ_SET_VRING_ERR, 8},
    {VU_REQ_GET_PROTOCOL_FEATURES, 0},
    {VU_REQ_SET_PROTOCOL_FEATURES, 8},
    {VU_REQ_GET_QUEUE_NUM, 0},
    {VU_REQ_SET_VRING_ENABLE, 8},
    {VU_REQ_GET_CONFIG, 12 + 8},
    {VU_REQ_ADD_MEM_REG, 40},
    {VU_REQ_REM_MEM_REG, 40},
    {VU_REQ_RESET_OWNER, 0},
    {VU_REQ_NET_SET_MTU, 16},
};

static void fill_random(GRand *rng, uint8_t *p, size_t len)
{
	size_t i = 0;

	for (; i + 4 <= len; i += 4) {
		guint32 v = g_rand_int(rng);
		memcpy(p + i, &v, 4);
	}
	for (; i < len; i++)
		p[i] = (uint8_t)g_rand_int(rng);
}

static void add_message(struct direction *d, GRand *rng, gboolean huge)
{
	struct msg m = {0};
	uint32_t hdr[3];
	int pick = g_rand_int_range(rng, 0, 100);
	uint32_t reply = d->index == 1 ? 0x4 : 0;

	if (huge) {
		hdr[0] = (uint32_t)g_rand_int(rng);
		hdr[1] = 1 | reply;
		hdr[2] = STREAM_CAP + (uint32_t)g_rand_int_range(rng, 1, 300000);
	} else if (pick < 55) { /* valid */
		unsigned v = (unsigned)g_rand_int_range(rng, 0, G_N_ELEMENTS(valid));
		hdr[0] = valid[v].request;
		hdr[1] = 1 | reply | (g_rand_boolean(rng) ? 0x8 : 0);
		hdr[2] = valid[v].size;
	} else if (pick < 70) { /* bad version, reserved flags */
		hdr[0] = (uint32_t)g_rand_int_range(rng, 1, 60);
		hdr[1] = g_rand_int(rng) & ~1u;
		hdr[2] = (uint32_t)g_rand_int_range(rng, 0, 64);
	} else if (pick < 80) { /* unknown request */
		hdr[0] = g_rand_boolean(rng) ? (uint32_t)g_rand_int_range(rng, 60, 1000)
		                             : g_rand_int(rng);
		hdr[1] = 1 | reply;
		hdr[2] = (uint32_t)g_rand_int_range(rng, 0, 128);
	} else if (pick < 92) { /* a known request with a wrong size */
		unsigned v = (unsigned)g_rand_int_range(rng, 0, G_N_ELEMENTS(valid));
		hdr[0] = valid[v].request;
		hdr[1] = 1 | reply;
		hdr[2] = (uint32_t)g_rand_int_range(rng, 0, 300);
	} else if (pick < 99) { /* beyond the legal maximum, under the streaming cap */
		hdr[0] = valid[g_rand_int_range(rng, 0, G_N_ELEMENTS(valid))].request;
		hdr[1] = 1 | reply;
		hdr[2] = (uint32_t)g_rand_int_range(rng, LEGAL_MAX + 1, LEGAL_MAX + 6000);
		/* now and then far beyond: kept whole by the relay, cut in the capture */
		if (g_rand_int_range(rng, 0, 300) == 0)
			hdr[2] = (uint32_t)g_rand_int_range(rng, 8192, STREAM_CAP + 1);
	} else { /* exactly the legal maximum */
		hdr[0] = 24;
		hdr[1] = 1 | reply;
		hdr[2] = LEGAL_MAX;
	}
	if (hdr[2] > LEGAL_MAX)
		d->oversized++;
	if (hdr[2] > STREAM_CAP)
		d->huge++;

	m.offset = d->stream->len;
	m.len = HDR + hdr[2];
	g_byte_array_set_size(d->stream, d->stream->len + m.len);
	memcpy(d->stream->data + m.offset, hdr, HDR);
	fill_random(rng, d->stream->data + m.offset + HDR, hdr[2]);
	if (g_rand_boolean(rng)) {
		m.nfds = (uint8_t)g_rand_int_range(rng, 1, MAX_MSG_FDS + 1);
		for (unsigned k = 0; k < m.nfds; k++)
			m.kinds[k] = (uint8_t)g_rand_int_range(rng, 0, FD_KINDS);
	}
	g_array_append_val(d->msgs, m);
}

static void add_piece(struct direction *d, size_t from, size_t to, gint64 fds_of)
{
	struct piece p = {.offset = from, .len = to - from, .fds_of = fds_of};

	g_assert_cmpuint(to, >, from);
	g_array_append_val(d->pieces, p);
}

/*
 * Cut the stream into writes. A message's fds go with a write that begins
 * inside it (at its first byte, or later: a peer may send them with the
 * payload), as every peer does; otherwise the cuts are random: a message
 * alone, glued to the one before, or split anywhere, also across the
 * boundary with the next one.
 */
static void plan_writes(struct direction *d, GRand *rng)
{
	size_t start = 0; /* of the write being built */
	gint64 fds_of = -1;

	for (guint i = 0; i < d->msgs->len; i++) {
		struct msg *m = &g_array_index(d->msgs, struct msg, i);
		int how = g_rand_int_range(rng, 0, 100);
		gboolean cut_at_start = m->nfds > 0 || how < 50;
		unsigned inner = how >= 75 ? (unsigned)g_rand_int_range(rng, 1, 5) : 0;
		size_t cuts[5];
		unsigned ncuts = 0;

		if (cut_at_start && m->offset > start) {
			add_piece(d, start, m->offset, fds_of);
			start = m->offset;
			fds_of = -1;
		}
		/* interior cuts, increasing */
		for (unsigned k = 0; k < inner && m->len > 1; k++) {
			size_t c = m->offset + (size_t)g_rand_int_range(rng, 1, (gint32)m->len);
			if (ncuts == 0 || c > cuts[ncuts - 1])
				cuts[ncuts++] = c;
		}
		if (m->nfds > 0) {
			/* the fds with the first byte, or with a later write inside */
			unsigned with = ncuts > 0 && g_rand_int_range(rng, 0, 4) == 0
			                    ? (unsigned)g_rand_int_range(rng, 1, (gint32)ncuts + 1)
			                    : 0;
			if (with == 0)
				fds_of = i;
			for (unsigned k = 0; k < ncuts; k++) {
				add_piece(d, start, cuts[k], fds_of);
				start = cuts[k];
				fds_of = k + 1 == with ? (gint64)i : -1;
			}
		} else {
			for (unsigned k = 0; k < ncuts; k++) {
				add_piece(d, start, cuts[k], fds_of);
				start = cuts[k];
				fds_of = -1;
			}
		}
	}
	if (d->stream->len > start)
		add_piece(d, start, d->stream->len, fds_of);
}

static void direction_init(struct direction *d, unsigned index, unsigned count, GRand *rng)
{
	guint huge_at[HUGE_PER_DIR];

	memset(d, 0, sizeof(*d));
	d->index = index;
	d->name = index == 0 ? "front" : "back";
	d->stream = g_byte_array_new();
	d->msgs = g_array_sized_new(FALSE, TRUE, sizeof(struct msg), count);
	d->pieces = g_array_new(FALSE, FALSE, sizeof(struct piece));
	for (unsigned k = 0; k < HUGE_PER_DIR; k++)
		huge_at[k] = (guint)g_rand_int_range(rng, 0, (gint32)count);
	for (unsigned i = 0; i < count; i++) {
		gboolean huge = FALSE;
		for (unsigned k = 0; k < HUGE_PER_DIR; k++)
			huge = huge || huge_at[k] == i;
		add_message(d, rng, huge);
	}
	plan_writes(d, rng);
}

static void direction_clear(struct direction *d)
{
	g_byte_array_free(d->stream, TRUE);
	g_array_free(d->msgs, TRUE);
	g_array_free(d->pieces, TRUE);
}

/* ---- sending ---------------------------------------------------------------- */

/* A new open file of the kind; the fd to send, and a value that tells it apart. */
static int make_fd(enum fd_kind kind, uint64_t tag, uint64_t *counter)
{
	int fd = -1, pair[2];

	*counter = 0;
	switch (kind) {
	case FD_MEMFD:
		fd = memfd_create("stress", MFD_CLOEXEC);
		break;
	case FD_EVENTFD:
		/* every eventfd has the same inode: its counter tells them apart */
		*counter = tag;
		fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		g_assert_cmpint(fd, >=, 0);
		g_assert_cmpint(write(fd, &tag, sizeof(tag)), ==, sizeof(tag));
		break;
	case FD_PIPE:
		g_assert_cmpint(pipe2(pair, O_CLOEXEC), ==, 0);
		close(pair[1]);
		fd = pair[0];
		break;
	case FD_SOCKET:
		g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), ==, 0);
		close(pair[1]);
		fd = pair[0];
		break;
	default:
		g_assert_not_reached();
	}
	g_assert_cmpint(fd, >=, 0);
	return fd;
}

static gpointer sender(gpointer data)
{
	struct direction *d = data;

	for (guint i = 0; i < d->pieces->len; i++) {
		const struct piece *p = &g_array_index(d->pieces, struct piece, i);
		int fds[MAX_MSG_FDS];
		unsigned nfds = 0;

		if (p->fds_of >= 0) {
			struct msg *m = &g_array_index(d->msgs, struct msg, p->fds_of);
			for (unsigned k = 0; k < m->nfds; k++) {
				uint64_t tag =
				    ((uint64_t)d->index << 40 | (uint64_t)p->fds_of << 4 | k) + 1;
				struct stat st;

				fds[k] = make_fd((enum fd_kind)m->kinds[k], tag, &m->counter[k]);
				g_assert_cmpint(fstat(fds[k], &st), ==, 0);
				m->dev[k] = st.st_dev;
				m->ino[k] = st.st_ino;
			}
			nfds = m->nfds;
			g_atomic_int_set(&m->sent, 1);
		}
		peer_send(d->tx, d->stream->data + p->offset, p->len, fds, nfds);
		/* in flight, the kernel holds them: our copies may go */
		for (unsigned k = 0; k < nfds; k++)
			close(fds[k]);
		d->fds_sent += nfds;
	}
	return NULL;
}

/* ---- receiving -------------------------------------------------------------- */

/* What a failure needs to be understood: the messages and writes around message i. */
static void explain(struct direction *d, guint i)
{
	guint from = i >= 3 ? i - 3 : 0;
	const struct msg *first = &g_array_index(d->msgs, struct msg, from);
	size_t end;

	i = MIN(i + 1, d->msgs->len - 1);
	end = g_array_index(d->msgs, struct msg, i).offset +
	      g_array_index(d->msgs, struct msg, i).len;
	for (guint k = from; k <= i; k++) {
		const struct msg *m = &g_array_index(d->msgs, struct msg, k);
		uint32_t hdr[3];
		memcpy(hdr, d->stream->data + m->offset, HDR);
		g_printerr("%s message %u: bytes %zu-%zu request %u flags %#x size %u, %u fds\n",
		           d->name, k, m->offset, m->offset + m->len, hdr[0], hdr[1], hdr[2],
		           m->nfds);
	}
	for (guint k = 0; k < d->pieces->len; k++) {
		const struct piece *p = &g_array_index(d->pieces, struct piece, k);
		if (p->offset + p->len > first->offset && p->offset < end)
			g_printerr("%s write %u: bytes %zu-%zu, fds of message %" G_GINT64_FORMAT
			           "\n",
			           d->name, k, p->offset, p->offset + p->len, p->fds_of);
	}
}

/* SET_BACKEND_REQ_FD and GPU_SET_SOCKET from the front-end hand over a
 * socket: vhostsniff passes its own socket on in its place, to watch the
 * channel (the capture names the socket the front-end sent). */
static gboolean interposed(const struct direction *d, const struct msg *m)
{
	uint32_t hdr[3];

	memcpy(hdr, d->stream->data + m->offset, HDR);
	return d->index == 0 && (hdr[0] == 21 || hdr[0] == 33) && !(hdr[1] & 0x4) && m->nfds > 0 &&
	       m->kinds[0] == FD_SOCKET;
}

static void check_fds(struct direction *d, guint i, const int *fds, unsigned nfds)
{
	struct msg *m = &g_array_index(d->msgs, struct msg, i);
	gboolean theirs = interposed(d, m);

	if (nfds != m->nfds) {
		explain(d, i);
		g_error("%s message %u: %u fds arrived, %u were sent", d->name, i, nfds, m->nfds);
	}
	if (nfds == 0)
		return;
	g_assert_cmpint(g_atomic_int_get(&m->sent), ==, 1);
	for (unsigned k = 0; k < nfds; k++) {
		struct stat st;

		g_assert_cmpint(fstat(fds[k], &st), ==, 0);
		if (k == 0 && theirs) {
			g_assert_true(S_ISSOCK(st.st_mode));
			g_assert_cmpuint(st.st_ino, !=, m->ino[0]);
			d->interposed++;
		} else if (st.st_dev != m->dev[k] || st.st_ino != m->ino[k]) {
			explain(d, i);
			g_error("%s message %u fd %u: another file arrived (inode %ju, sent %ju)",
			        d->name, i, k, (uintmax_t)st.st_ino, (uintmax_t)m->ino[k]);
		}
		if (m->kinds[k] == FD_EVENTFD) {
			uint64_t v = 0;
			g_assert_cmpint(read(fds[k], &v, sizeof(v)), ==, sizeof(v));
			if (v != m->counter[k])
				g_error("%s message %u fd %u: another eventfd arrived", d->name, i,
				        k);
		}
		close(fds[k]);
		d->fds_checked++;
	}
}

static gpointer receiver(gpointer data)
{
	struct direction *d = data;
	g_autofree uint8_t *buf = g_malloc(STREAM_CAP + 300000 + HDR);

	for (guint i = 0; i < d->msgs->len; i++) {
		const struct msg *m = &g_array_index(d->msgs, struct msg, i);
		const uint8_t *want = d->stream->data + m->offset;
		int fds[RH_MAX_FDS];
		unsigned nfds = 0;

		if (!peer_recv(d->rx, buf, HDR, fds, &nfds))
			g_error("%s message %u: the connection closed", d->name, i);
		if (memcmp(buf, want, HDR) != 0)
			g_error("%s message %u: another header arrived", d->name, i);
		if (m->len > HDR && !peer_recv(d->rx, buf + HDR, m->len - HDR, fds, &nfds))
			g_error("%s message %u: the connection closed in the payload", d->name, i);
		if (memcmp(buf, want, m->len) != 0)
			g_error("%s message %u: other bytes arrived", d->name, i);
		check_fds(d, i, fds, nfds);
	}
	return NULL;
}

/* ---- the capture ------------------------------------------------------------ */

static gboolean json_u64(const char *line, const char *key, guint64 *out)
{
	const char *p = strstr(line, key);

	if (p == NULL)
		return FALSE;
	*out = g_ascii_strtoull(p + strlen(key), NULL, 10);
	return TRUE;
}

/* Each message record against the message sent, in order per direction. */
static void check_record(struct direction *d, guint i, const char *line)
{
	const struct msg *m = &g_array_index(d->msgs, struct msg, i);
	uint32_t hdr[3];
	guint64 request = 0, size = 0, nfds = 0;
	const char *info;

	memcpy(hdr, d->stream->data + m->offset, HDR);
	g_assert_true(json_u64(line, "\"request\":", &request));
	g_assert_true(json_u64(line, "\"size\":", &size));
	g_assert_true(json_u64(line, "\"fds\":", &nfds));
	if (request != hdr[0] || size != hdr[2] || nfds != m->nfds)
		g_error("capture, %s message %u: request %" G_GUINT64_FORMAT
		        " size %" G_GUINT64_FORMAT " fds %" G_GUINT64_FORMAT ", sent %u %u %u: %s",
		        d->name, i, request, size, nfds, hdr[0], hdr[2], m->nfds, line);
	if (hdr[2] > LEGAL_MAX && strstr(line, "\"malformed\":true") == NULL)
		g_error("capture, %s message %u: oversized, not marked: %.200s", d->name, i, line);
	if ((hdr[2] > STREAM_CAP || FRAME_OVERHEAD + 64u * m->nfds + HDR + hdr[2] > MAX_FRAME) !=
	    (strstr(line, "\"truncated\":true") != NULL))
		g_error("capture, %s message %u (size %u): truncated mark wrong: %.200s", d->name,
		        i, hdr[2], line);
	/* the fd facts name the very files sent */
	info = strstr(line, "\"fd_info\":[");
	g_assert_true((info != NULL) == (m->nfds > 0));
	for (unsigned k = 0; k < m->nfds; k++) {
		guint64 ino = 0;
		g_assert_true(json_u64(info, "\"inode\":", &ino));
		if (ino != (guint64)m->ino[k])
			g_error("capture, %s message %u fd %u: inode %" G_GUINT64_FORMAT
			        ", sent %ju",
			        d->name, i, k, ino, (uintmax_t)m->ino[k]);
		info = strstr(info, "\"inode\":") + 1;
	}
}

/* Checks every record of vhostsniff -r's JSON, read as it comes (it is
 * hundreds of MB); returns how many there are. */
static guint check_capture(const char *capture, struct direction *dirs)
{
	const char *argv[] = {sniff_binary(), "-r", capture, "-T", "json", NULL};
	guint seen[2] = {0, 0}, events = 0, channels = 0, records = 0;
	GError *error = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	GPid pid;
	int out, status;
	FILE *f;

	g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
	                                       NULL, NULL, &pid, NULL, &out, NULL, &error));
	g_assert_no_error(error);
	f = fdopen(out, "r");
	g_assert_nonnull(f);
	while ((len = getline(&line, &cap, f)) > 0) {
		unsigned dir;

		g_assert_cmpint(line[len - 1], ==, '\n');
		line[len - 1] = '\0';
		records++;
		if (g_str_has_prefix(line, "{\"event\":\"session_")) {
			events++;
			continue;
		}
		if (g_str_has_prefix(line, "{\"event\":\"channel_end\"")) {
			channels++;
			continue;
		}
		if (g_str_has_prefix(line, "{\"event\":")) /* the analyzer's findings */
			continue;
		g_assert_nonnull(strstr(line, "\"channel\":\"main\""));
		dir = strstr(line, "\"from\":\"front\"") != NULL ? 0 : 1;
		if (dir == 1)
			g_assert_nonnull(strstr(line, "\"from\":\"back\""));
		if (seen[dir] >= dirs[dir].msgs->len)
			g_error("capture: more %s messages than were sent", dirs[dir].name);
		check_record(&dirs[dir], seen[dir], line);
		seen[dir]++;
	}
	free(line);
	fclose(f);
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	g_spawn_close_pid(pid);
	g_assert_cmpuint(events, ==, 2);
	/* every back-end channel vhostsniff sat on closed, and is recorded so */
	g_assert_cmpuint(channels, ==, dirs[0].interposed);
	for (unsigned dir = 0; dir < 2; dir++)
		if (seen[dir] != dirs[dir].msgs->len)
			g_error("capture: %u of %u %s messages", seen[dir], dirs[dir].msgs->len,
			        dirs[dir].name);
	g_print("# capture: %u + %u messages, every one as sent, 2 session events, %u channel "
	        "ends\n",
	        seen[0], seen[1], channels);
	return records;
}

/* libpcap alone (tests/read-pcap) counts the same frames. */
static void check_read_pcap(const char *capture, guint frames)
{
	const char *builddir = g_getenv("top_builddir");
	g_autofree char *tool =
	    g_build_filename(builddir ? builddir : ".", "tests", "read-pcap", NULL);
	const char *argv[] = {tool, capture, NULL};
	g_autofree char *out = NULL;
	g_autofree char *want = g_strdup_printf("\nframes %u\n", frames);
	GError *error = NULL;
	int status;

	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
	                           NULL, &status, &error));
	g_assert_no_error(error);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	g_assert_true(g_str_has_suffix(out, want));
}

/* Wireshark's capinfos reads every frame too (it stops at a frame it refuses). */
static void check_capinfos(const char *capture, guint frames)
{
	g_autofree char *tool = g_find_program_in_path("capinfos");
	const char *argv[] = {"capinfos", "-c", "-M", capture, NULL};
	g_autofree char *out = NULL;
	const char *count;
	int status;

	if (tool == NULL) {
		/* CI installs every tool: there a missing one is a failure */
		g_assert_null(g_getenv("CI"));
		g_print("# capinfos not installed: not checked with Wireshark's reader\n");
		return;
	}
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
	                           NULL, &status, NULL));
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	count = strstr(out, "Number of packets:");
	if (count == NULL ||
	    g_ascii_strtoull(count + strlen("Number of packets:"), NULL, 10) != frames)
		g_error("capinfos does not count %u frames: %s", frames, out);
}

/* ---- the test ---------------------------------------------------------------- */

static guint64 env_number(const char *name, guint64 fallback)
{
	const char *v = g_getenv(name);

	return v != NULL && *v != '\0' ? g_ascii_strtoull(v, NULL, 0) : fallback;
}

static void test_garbage_both_ways(void)
{
	guint32 seed = (guint32)env_number("VHOSTSNIFF_STRESS_SEED", DEFAULT_SEED);
	unsigned count = (unsigned)env_number("VHOSTSNIFF_STRESS_MESSAGES", DEFAULT_MESSAGES);
	g_autoptr(GRand) rng = g_rand_new_with_seed(seed);
	struct sniff *s = sniff_new();
	g_autofree char *capture = g_build_filename(s->dir, "stress.pcapng", NULL);
	g_autofree char *err = NULL;
	struct direction dirs[2];
	GThread *threads[4];
	struct pair p;
	gint64 t0, t1;
	guint records;

	g_print("# seed %u, %u messages each way (VHOSTSNIFF_STRESS_SEED=%u replays this run)\n",
	        seed, count, seed);
	g_assert_cmpuint(count, >=, 10);
	direction_init(&dirs[0], 0, count, rng);
	direction_init(&dirs[1], 1, count, rng);

	p.back_listen = peer_listen(s->back);
	sniff_start(s, "-q", "-w", capture, "-l", s->front, "-c", s->back, "--sessions", "1", NULL);
	sniff_wait_path(s, s->front);
	p.front = peer_connect(s->front);
	p.back = peer_accept(p.back_listen);
	dirs[0].tx = dirs[1].rx = p.front;
	dirs[0].rx = dirs[1].tx = p.back;

	t0 = now_ms();
	threads[0] = g_thread_new("front-tx", sender, &dirs[0]);
	threads[1] = g_thread_new("back-rx", receiver, &dirs[0]);
	threads[2] = g_thread_new("back-tx", sender, &dirs[1]);
	threads[3] = g_thread_new("front-rx", receiver, &dirs[1]);
	for (int i = 0; i < 4; i++)
		g_thread_join(threads[i]);
	t1 = now_ms();
	pair_close(&p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
	err = sniff_stderr(s);
	/* nothing dropped: the capture keeps up with the relay */
	g_assert_null(strstr(err, "not decoded"));

	for (unsigned i = 0; i < 2; i++) {
		g_assert_cmpuint(dirs[i].fds_checked, ==, dirs[i].fds_sent);
		g_print("# %s to %s: %u messages (%u oversized, %u streamed) in %u writes, %u "
		        "bytes, %" G_GUINT64_FORMAT " fds: all arrived as sent\n",
		        dirs[i].name, i == 0 ? "back" : "front", dirs[i].msgs->len,
		        dirs[i].oversized, dirs[i].huge, dirs[i].pieces->len, dirs[i].stream->len,
		        dirs[i].fds_sent);
	}
	g_print("# %u handed-over sockets interposed by vhostsniff\n", dirs[0].interposed);
	g_print("# relayed in %" G_GINT64_FORMAT " ms\n", t1 - t0);
	records = check_capture(capture, dirs);
	check_read_pcap(capture, records);
	check_capinfos(capture, records);
	unlink(capture);
	direction_clear(&dirs[0]);
	direction_clear(&dirs[1]);
	sniff_free(s);
}

int main(int argc, char **argv)
{
	struct rlimit lim;

	g_test_init(&argc, &argv, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* fds in flight count against the sender's limit (for users without CAP_SYS_RESOURCE) */
	if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
		lim.rlim_cur = lim.rlim_max;
		setrlimit(RLIMIT_NOFILE, &lim);
	}
	g_test_add_func("/stress/garbage/both-ways", test_garbage_both_ways);
	return g_test_run();
}
