/*
 * The analyzer, tested from outside: crafted sessions replayed through the
 * real vhostsniff (-T json) between a fake front-end and back-end
 * (tests/relay-harness.c). Each session is data: a script of the messages
 * both peers send (side, channel, request, flags, payload, fds), pauses and
 * closes, and the finding ids each message must draw. Every finding
 * vhostsniff reports must be one the script expects, whatever its severity,
 * so a clean negotiation proves that it draws none, and a crafted fault
 * proves that it draws its finding and nothing else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "dissector/vu-dissector.h"
#include "tests/json-mini.h"
#include "tests/relay-harness.h"

/* ---- the protocol, as far as the scripts use it --------------------------- */

/* Requests and bits by the names of dissector/vu-requests.def and
 * vu-features.def; feature sets the scripts use: */
/* virtio-net: MAC; virtio-blk: SEG_MAX, BLK_SIZE; both VERSION_1 and PROTOCOL_FEATURES. */
/* MAC alone is blk's RO too; with MTU it is crypto's MAC and AKCIPHER modes;
 * with MRG_RXBUF as well only net defines them all. */
#define FEAT_NET                                                                                   \
	(VU_BIT(VU_NET_F_MAC) | VU_BIT(VU_NET_F_MTU) | VU_BIT(VU_NET_F_MRG_RXBUF) |                \
	 VU_BIT(VU_F_PROTOCOL_FEATURES) | VU_BIT(VU_F_VERSION_1))
/* SEG_MAX and BLK_SIZE alone read as net's CTRL_GUEST_OFFLOADS and GSO too;
 * FLUSH (net's GUEST_ECN, which needs TSO) makes the offer blk's alone. */
#define FEAT_BLK                                                                                   \
	(VU_BIT(VU_BLK_F_SEG_MAX) | VU_BIT(VU_BLK_F_BLK_SIZE) | VU_BIT(VU_BLK_F_FLUSH) |           \
	 VU_BIT(VU_F_PROTOCOL_FEATURES) | VU_BIT(VU_F_VERSION_1))
/* Protocol features: MQ, LOG_SHMFD, REPLY_ACK, BACKEND_REQ, CONFIG, CONFIGURE_MEM_SLOTS. */
#define PF_MQ        VU_BIT(VU_PF_MQ)
#define PF_LOG_SHMFD VU_BIT(VU_PF_LOG_SHMFD)
#define PF_REPLY_ACK VU_BIT(VU_PF_REPLY_ACK)
#define PF_BACKEND   VU_BIT(VU_PF_BACKEND_REQ)
#define PF_CONFIG    VU_BIT(VU_PF_CONFIG)
#define PF_MEM_SLOTS VU_BIT(VU_PF_CONFIGURE_MEM_SLOTS)
#define PF_ALL       (PF_MQ | PF_LOG_SHMFD | PF_REPLY_ACK | PF_BACKEND | PF_CONFIG | PF_MEM_SLOTS)

/* One GiB of guest memory at guest address 0, mapped at USER in the front-end. */
#define USER       0x7f0000000000ull
#define GUEST_SIZE 0x40000000ull
static const struct region {
	uint64_t guest, size, user, offset;
} table1[] = {{0, GUEST_SIZE, USER, 0}};
/* The same and one more GiB above 4 GiB, mapped right after it. */
static const struct region table2[] = {{0, GUEST_SIZE, USER, 0},
                                       {0x100000000ull, GUEST_SIZE, USER + GUEST_SIZE, 0}};
/* Rings inside that region. */
#define DESC  (USER + 0x10000)
#define AVAIL (USER + 0x11000)
#define USED  (USER + 0x12000)
/* The dirty log for table1: one bit per 4 KiB page, in 64-bit words. */
#define LOG_NEEDED ((GUEST_SIZE - 1) / 262144 + 1) * 8

/* ---- scripts -------------------------------------------------------------- */

enum op { OP_END, OP_SEND, OP_PAUSE, OP_SHUT };
enum side { FRONT_SIDE, BACK_SIDE };
enum chan { CH_MAIN, CH_BACKEND, CH_COUNT };
/* Payload layouts (vhost-user-protocol.md). */
enum layout {
	L_NONE,
	L_U64,    /* u64 */
	L_STATE,  /* u32 index, u32 num */
	L_ADDR,   /* u32 index, u32 flags, u64 desc, used, avail, log */
	L_MEM,    /* u32 nregions, u32 padding, regions of u64 guest, size, user, offset */
	L_REGION, /* u64 padding, one region */
	L_LOG,    /* u64 mmap_size, u64 mmap_offset */
	L_CONFIG, /* u32 offset, u32 size, u32 flags, size bytes */
	L_IOTLB,  /* u64 iova, size, uaddr, u8 perm, u8 type, 6 bytes padding */
};

struct step {
	enum op op;
	enum side from;
	enum chan chan;
	uint32_t request;
	bool reply, need_reply;
	uint32_t raw_flags; /* when nonzero, the header's flags as they are (version included) */
	enum layout layout;
	uint64_t v[6]; /* the layout's numbers in order; L_MEM: v[0] is the padding */
	const struct region *regions;
	unsigned nregions;
	bool resize; /* size: the header's size, the payload cut or padded with zeros */
	uint32_t size;
	unsigned eventfds, memfds;
	bool channel_fd; /* the fd is a new back-end channel (a socketpair end) */
	unsigned ms;     /* OP_PAUSE */
	/* Findings about this message: "id" on its own line, "id@timed" in a
	 * findings event (--reply-timeout), "id@end" at the session's end. */
	const char *expect[3];
};

#define FRONT(req, ...)                                                                            \
	{                                                                                          \
		.op = OP_SEND, .from = FRONT_SIDE, .request = (req), __VA_ARGS__                   \
	}
#define BACK_REPLY(req, ...)                                                                       \
	{                                                                                          \
		.op = OP_SEND, .from = BACK_SIDE, .reply = true, .request = (req), __VA_ARGS__     \
	}
#define BACK_STRAY(req, ...) BACK_REPLY(req, __VA_ARGS__)
/* The back-end channel: requests from the back-end, replies from the front-end. */
#define BACK_REQ(req, ...)                                                                         \
	{                                                                                          \
		.op = OP_SEND, .from = BACK_SIDE, .chan = CH_BACKEND, .request = (req),            \
		__VA_ARGS__                                                                        \
	}
#define FRONT_REPLY_B(req, ...)                                                                    \
	{                                                                                          \
		.op = OP_SEND, .from = FRONT_SIDE, .chan = CH_BACKEND, .reply = true,              \
		.request = (req), __VA_ARGS__                                                      \
	}
#define PAUSE(n)                                                                                   \
	{                                                                                          \
		.op = OP_PAUSE, .ms = (n)                                                          \
	}
#define SHUT(side, ch)                                                                             \
	{                                                                                          \
		.op = OP_SHUT, .from = (side), .chan = (ch)                                        \
	}

#define U64(x)               .layout = L_U64, .v = {(x)}
#define STATE(i, n)          .layout = L_STATE, .v = {(i), (n)}
#define ADDR(i, fl, d, u, a) .layout = L_ADDR, .v = {(i), (fl), (d), (u), (a), 0}
#define MEM_NO_FD(t, pad)    .layout = L_MEM, .regions = (t), .nregions = G_N_ELEMENTS(t), .v = {(pad)}
#define MEM(t, pad)          MEM_NO_FD(t, pad), .memfds = G_N_ELEMENTS(t)
#define REGION(t)            .layout = L_REGION, .regions = (t), .nregions = 1, .memfds = 1
#define LOG(size)            .layout = L_LOG, .v = {(size), 0}, .memfds = 1
#define CONFIG(off, n)       .layout = L_CONFIG, .v = {(off), (n), 0}
/* Read/write access to size bytes at iova (struct vhost_iotlb_msg). */
#define IOTLB(type, iova, size, uaddr) .layout = L_IOTLB, .v = {(iova), (size), (uaddr), 3, (type)}
#define NEED_REPLY                     .need_reply = true
#define FDS(n)                         .eventfds = (n)
#define SIZE(n)                        .resize = true, .size = (n)
#define FLAGS(f)                       .raw_flags = (f)
#define EXPECT(...)                    .expect = {__VA_ARGS__}
#define ACK                            U64(0)

/* Features and protocol features, offered by the back-end and acked. */
#define HELLO(feat, pf_offered, pf_acked)                                                          \
	FRONT(VU_REQ_GET_FEATURES), BACK_REPLY(VU_REQ_GET_FEATURES, U64(feat)),                    \
	    FRONT(VU_REQ_GET_PROTOCOL_FEATURES),                                                   \
	    BACK_REPLY(VU_REQ_GET_PROTOCOL_FEATURES, U64(pf_offered)),                             \
	    FRONT(VU_REQ_SET_PROTOCOL_FEATURES, U64(pf_acked))
/* With MQ acked: how many queues (queue pairs for net) the back-end has. */
#define QUEUES(n)   FRONT(VU_REQ_GET_QUEUE_NUM), BACK_REPLY(VU_REQ_GET_QUEUE_NUM, U64(n))
#define OWNER(feat) FRONT(VU_REQ_SET_OWNER), FRONT(VU_REQ_SET_FEATURES, U64(feat))
#define MEMORY      FRONT(VU_REQ_SET_MEM_TABLE, MEM(table1, 0))
/* Ring i set up and started, as QEMU does it. */
#define RING(i)                                                                                    \
	FRONT(VU_REQ_SET_VRING_NUM, STATE((i), 256)),                                              \
	    FRONT(VU_REQ_SET_VRING_ADDR,                                                           \
	          ADDR((i), 0, DESC + (i)*0x4000, USED + (i)*0x4000, AVAIL + (i)*0x4000)),         \
	    FRONT(VU_REQ_SET_VRING_BASE, STATE((i), 0)),                                           \
	    FRONT(VU_REQ_SET_VRING_CALL, U64(i), FDS(1)),                                          \
	    FRONT(VU_REQ_SET_VRING_KICK, U64(i), FDS(1)),                                          \
	    FRONT(VU_REQ_SET_VRING_ENABLE, STATE((i), 1))
/* Ring 0 of a packed net device set up at base b and started; more: the
 * SET_VRING_BASE step's expectations. */
#define FEAT_NET_PACKED (FEAT_NET | VU_BIT(VU_F_RING_PACKED))
#define PACKED_RING_AT(b, ...)                                                                     \
	FRONT(VU_REQ_SET_VRING_NUM, STATE(0, 256)),                                                \
	    FRONT(VU_REQ_SET_VRING_ADDR, ADDR(0, 0, DESC, USED, AVAIL)),                           \
	    FRONT(VU_REQ_SET_VRING_BASE, STATE(0, (b)), __VA_ARGS__),                              \
	    FRONT(VU_REQ_SET_VRING_CALL, U64(0), FDS(1)),                                          \
	    FRONT(VU_REQ_SET_VRING_KICK, U64(0), FDS(1)),                                          \
	    FRONT(VU_REQ_SET_VRING_ENABLE, STATE(0, 1))
/* A whole clean net negotiation up to a running ring 0. */
#define NET_UP HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET), MEMORY, RING(0)

struct crafted {
	const char *name;
	const char *reply_timeout; /* --reply-timeout; NULL: 5 (the default) */
	enum side closes_first;    /* who ends the session (closes the main channel) */
	const char *end_text[3];   /* each in the message of the session.incomplete finding */
	struct step steps[48];
};

/* ---- running a script ----------------------------------------------------- */

struct run {
	struct sniff *s;
	struct pair p;
	int fd[CH_COUNT][2]; /* [channel][side]: the peers' ends */
};

static size_t payload_build(const struct step *st, uint8_t *buf, size_t cap)
{
	size_t len = 0;

#define PUT(v, n)                                                                                  \
	do {                                                                                       \
		uint64_t value_ = (v);                                                             \
		g_assert_cmpuint(len + (n), <=, cap);                                              \
		memcpy(buf + len, &value_, (n)); /* little-endian, as on x86 and the wire here */  \
		len += (n);                                                                        \
	} while (0)

	switch (st->layout) {
	case L_NONE:
		break;
	case L_U64:
		PUT(st->v[0], 8);
		break;
	case L_STATE:
		PUT(st->v[0], 4);
		PUT(st->v[1], 4);
		break;
	case L_ADDR:
		PUT(st->v[0], 4);
		PUT(st->v[1], 4);
		for (int i = 2; i < 6; i++)
			PUT(st->v[i], 8);
		break;
	case L_MEM:
	case L_REGION:
		if (st->layout == L_MEM) {
			PUT(st->nregions, 4);
			PUT(st->v[0], 4);
		} else {
			PUT(0, 8);
		}
		for (unsigned i = 0; i < st->nregions; i++) {
			PUT(st->regions[i].guest, 8);
			PUT(st->regions[i].size, 8);
			PUT(st->regions[i].user, 8);
			PUT(st->regions[i].offset, 8);
		}
		break;
	case L_LOG:
		PUT(st->v[0], 8);
		PUT(st->v[1], 8);
		break;
	case L_CONFIG:
		PUT(st->v[0], 4);
		PUT(st->v[1], 4);
		PUT(st->v[2], 4);
		for (uint64_t i = 0; i < st->v[1]; i++)
			PUT(0x40 + i, 1);
		break;
	case L_IOTLB:
		PUT(st->v[0], 8);
		PUT(st->v[1], 8);
		PUT(st->v[2], 8);
		PUT(st->v[3], 1);
		PUT(st->v[4], 1);
		PUT(0, 6);
		break;
	}
#undef PUT
	if (st->resize) {
		g_assert_cmpuint(st->size, <=, cap);
		if (st->size > len)
			memset(buf + len, 0, st->size - len);
		len = st->size;
	}
	return len;
}

/* vhostsniff -T json between the two peers, with extra (NULL-terminated) after
 * the usual arguments; a later -T overrides. */
static void run_open(struct run *r, const struct crafted *c, const char *const *extra)
{
	const char *args[16];
	int n = 0;

	r->s = sniff_new();
	r->p.back_listen = peer_listen(r->s->back);
	args[n++] = "-l";
	args[n++] = r->s->front;
	args[n++] = "-c";
	args[n++] = r->s->back;
	args[n++] = "--sessions=1";
	args[n++] = "--reply-timeout";
	args[n++] = c->reply_timeout != NULL ? c->reply_timeout : "5";
	for (; extra != NULL && *extra != NULL; extra++) {
		g_assert_cmpint(n, <, (int)G_N_ELEMENTS(args) - 1);
		args[n++] = *extra;
	}
	args[n] = NULL;
	sniff_startv(r->s, args);
	sniff_wait_path(r->s, r->s->front);
	r->p.front = peer_connect(r->s->front);
	r->p.back = peer_accept(r->p.back_listen);
	r->fd[CH_MAIN][FRONT_SIDE] = r->p.front;
	r->fd[CH_MAIN][BACK_SIDE] = r->p.back;
	r->fd[CH_BACKEND][FRONT_SIDE] = r->fd[CH_BACKEND][BACK_SIDE] = -1;
}

/* One message from one peer, received whole by the other: vhostsniff relays
 * it unchanged, with as many fds. */
static void run_send(struct run *r, const struct step *st)
{
	uint8_t payload[512];
	size_t size = payload_build(st, payload, sizeof(payload));
	uint32_t flags = st->raw_flags != 0
	                     ? st->raw_flags
	                     : 1u | (st->reply ? 4u : 0u) | (st->need_reply ? 8u : 0u);
	int from = r->fd[st->chan][st->from], to = r->fd[st->chan][!st->from];
	int fds[RH_MAX_FDS], pair[2] = {-1, -1};
	unsigned nfds = 0;
	struct rx m;

	g_assert_cmpint(from, >=, 0);
	g_assert_cmpint(to, >=, 0);
	if (st->channel_fd) {
		g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), ==, 0);
		fds[nfds++] = pair[1];
	}
	for (unsigned i = 0; i < st->eventfds; i++)
		fds[nfds++] = eventfd(0, EFD_CLOEXEC);
	for (unsigned i = 0; i < st->memfds; i++)
		fds[nfds++] = memfd_sized("crafted-region", 4096);
	peer_send_msg(from, st->request, flags, payload, (uint32_t)size, fds, nfds);
	for (unsigned i = 0; i < nfds; i++)
		close(fds[i]);

	peer_recv_msg(to, &m);
	g_assert_cmpuint(m.request, ==, st->request);
	g_assert_cmpuint(m.flags, ==, flags);
	g_assert_cmpmem(m.payload, m.size, payload, size);
	g_assert_cmpuint(m.hdr_nfds + m.payload_nfds, ==, nfds);
	if (st->channel_fd) {
		/* the front-end keeps its end; the back-end uses the one it got */
		g_assert_cmpuint(m.hdr_nfds, ==, 1);
		r->fd[CH_BACKEND][FRONT_SIDE] = pair[0];
		r->fd[CH_BACKEND][BACK_SIDE] = m.hdr_fds[0];
		m.hdr_nfds = 0;
	}
	rx_close_fds(&m);
}

/* A half-close: this side sends no more on the channel; the other side reads
 * the EOF (vhostsniff passes it on) and may still send. */
static void run_shut(struct run *r, const struct step *st)
{
	int fd = r->fd[st->chan][st->from], other = r->fd[st->chan][!st->from];

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(shutdown(fd, SHUT_WR), ==, 0);
	peer_expect_eof(other);
}

static void run_close(struct run *r, enum side first)
{
	int *main_first = &r->fd[CH_MAIN][first], *main_second = &r->fd[CH_MAIN][!first];

	close(*main_first);
	*main_first = -1;
	/* the session is over for vhostsniff: the other peer sees its connection end */
	peer_expect_eof(*main_second);
	close(*main_second);
	*main_second = -1;
	for (int side = 0; side < 2; side++)
		if (r->fd[CH_BACKEND][side] >= 0)
			close(r->fd[CH_BACKEND][side]);
	close(r->p.back_listen);
	r->p.front = r->p.back = r->p.back_listen = -1;
}

/* ---- what vhostsniff said ------------------------------------------------- */

struct seen {
	char *id, *severity, *message;
	char *where;   /* "message", or the event of the line: "findings", "session_end" */
	guint64 about; /* the frame the finding is about */
	bool matched;
};

struct outcome {
	GPtrArray *lines;     /* struct jm_value *, every line */
	GArray *msg_frames;   /* guint64: the frame of each message line, in order */
	GPtrArray *msg_lines; /* const struct jm_value *: the message lines */
	GArray *findings;     /* struct seen */
	const struct jm_value *stats;
};

static void outcome_free(struct outcome *o)
{
	for (guint i = 0; i < o->findings->len; i++) {
		struct seen *f = &g_array_index(o->findings, struct seen, i);
		g_free(f->id);
		g_free(f->severity);
		g_free(f->message);
		g_free(f->where);
	}
	g_array_free(o->findings, TRUE);
	g_array_free(o->msg_frames, TRUE);
	g_ptr_array_free(o->msg_lines, TRUE);
	g_ptr_array_free(o->lines, TRUE);
	g_free(o);
}

static struct outcome *outcome_read(struct sniff *s)
{
	struct outcome *o = g_new0(struct outcome, 1);

	o->lines = g_ptr_array_new_with_free_func((GDestroyNotify)jm_free);
	o->msg_frames = g_array_new(FALSE, FALSE, sizeof(guint64));
	o->msg_lines = g_ptr_array_new();
	o->findings = g_array_new(FALSE, TRUE, sizeof(struct seen));
	for (int i = 0; s->lines[i] != NULL; i++) {
		struct jm_value *line;
		const char *event;
		const struct jm_value *list;
		guint64 frame;

		if (s->lines[i][0] == '\0')
			continue;
		line = jm_parse(s->lines[i]);
		if (line == NULL)
			g_error("vhostsniff printed a line that is not JSON: %s", s->lines[i]);
		g_ptr_array_add(o->lines, line);
		event = jm_get_string(line, "event");
		frame = (guint64)jm_get_number(line, "frame", 0);
		if (event == NULL) {
			g_array_append_val(o->msg_frames, frame);
			g_ptr_array_add(o->msg_lines, line);
		} else if (strcmp(event, "stats") == 0) {
			o->stats = jm_get(line, "stats");
		}
		list = jm_get(line, "findings");
		for (guint j = 0; j < jm_length(list); j++) {
			const struct jm_value *f = jm_item(list, j);
			struct seen seen = {
			    .id = g_strdup(jm_get_string(f, "id")),
			    .severity = g_strdup(jm_get_string(f, "severity")),
			    .message = g_strdup(jm_get_string(f, "message")),
			    .where = g_strdup(event != NULL ? event : "message"),
			    .about = (guint64)jm_get_number(f, "frame", (double)frame),
			};
			g_assert_nonnull(seen.id);
			g_assert_nonnull(seen.severity);
			g_array_append_val(o->findings, seen);
		}
	}
	return o;
}

static char *findings_dump(const struct outcome *o)
{
	GString *text = g_string_new(NULL);

	for (guint i = 0; i < o->findings->len; i++) {
		const struct seen *f = &g_array_index(o->findings, struct seen, i);
		g_string_append_printf(
		    text, "\n  %s (%s) about frame %" G_GUINT64_FORMAT " in %s: %s", f->id,
		    f->severity, f->about, f->where, f->message != NULL ? f->message : "");
	}
	if (text->len == 0)
		g_string_append(text, " none");
	return g_string_free(text, FALSE);
}

/* The finding that expectation `want` names about frame, unmatched yet. */
static struct seen *finding_take(struct outcome *o, const char *want, guint64 frame)
{
	g_autofree char *id = g_strdup(want);
	char *at = strchr(id, '@');
	const char *where = "message";

	if (at != NULL) {
		*at = '\0';
		where = strcmp(at + 1, "timed") == 0 ? "findings" : "session_end";
	}
	for (guint i = 0; i < o->findings->len; i++) {
		struct seen *f = &g_array_index(o->findings, struct seen, i);

		if (!f->matched && f->about == frame && strcmp(f->id, id) == 0 &&
		    strcmp(f->where, where) == 0) {
			f->matched = true;
			return f;
		}
	}
	return NULL;
}

/* Run the script through vhostsniff; every message relayed, then the findings
 * checked against the script's expectations, both ways. */
/* The script played through vhostsniff, which has exited: its output in s->lines. */
static struct sniff *crafted_play(const struct crafted *c, const char *const *extra)
{
	struct run r;

	run_open(&r, c, extra);
	for (const struct step *st = c->steps; st->op != OP_END; st++) {
		switch (st->op) {
		case OP_SEND:
			run_send(&r, st);
			break;
		case OP_PAUSE:
			g_usleep(st->ms * 1000ul);
			break;
		case OP_SHUT:
			run_shut(&r, st);
			break;
		case OP_END:
			break;
		}
	}
	run_close(&r, c->closes_first);
	g_assert_cmpint(sniff_wait(r.s), ==, 0);
	return r.s;
}

static struct outcome *crafted_run(const struct crafted *c, const char *const *extra)
{
	struct sniff *s = crafted_play(c, extra);
	struct outcome *o = outcome_read(s);
	guint sends = 0;

	for (const struct step *st = c->steps; st->op != OP_END; st++) {
		const struct jm_value *line;
		guint64 frame;

		if (st->op != OP_SEND)
			continue;
		g_assert_cmpuint(sends, <, o->msg_frames->len);
		frame = g_array_index(o->msg_frames, guint64, sends);
		line = g_ptr_array_index(o->msg_lines, sends);
		sends++;
		/* the line is this step's message */
		g_assert_cmpfloat(jm_get_number(line, "request", -1), ==, st->request);
		g_assert_cmpstr(jm_get_string(line, "from"), ==,
		                st->from == FRONT_SIDE ? "front" : "back");
		g_assert_cmpstr(jm_get_string(line, "channel"), ==,
		                st->chan == CH_MAIN ? "main" : "backend");
		for (int i = 0; i < 3 && st->expect[i] != NULL; i++) {
			struct seen *f = finding_take(o, st->expect[i], frame);
			if (f == NULL) {
				g_autofree char *all = findings_dump(o);
				g_error("%s: no %s about frame %" G_GUINT64_FORMAT
				        " (request %u); vhostsniff reported:%s",
				        c->name, st->expect[i], frame, st->request, all);
			}
			for (int j = 0; j < 3 && c->end_text[j] != NULL; j++)
				if (strcmp(f->id, "session.incomplete") == 0 &&
				    strstr(f->message, c->end_text[j]) == NULL)
					g_error(
					    "%s: session.incomplete says \"%s\", without \"%s\"",
					    c->name, f->message, c->end_text[j]);
		}
	}
	g_assert_cmpuint(sends, ==, o->msg_frames->len);
	for (guint i = 0; i < o->findings->len; i++) {
		const struct seen *f = &g_array_index(o->findings, struct seen, i);
		if (!f->matched) {
			g_autofree char *all = findings_dump(o);
			g_error("%s: unexpected %s (%s) about frame %" G_GUINT64_FORMAT
			        "; vhostsniff reported:%s",
			        c->name, f->id, f->severity, f->about, all);
		}
	}
	sniff_free(s);
	return o;
}

/* ---- the crafted sessions ------------------------------------------------- */

static const struct crafted cases[] = {
    /* clean: no finding at all */
    {"clean/net", .steps = {NET_UP}},
    {"clean/blk", .steps = {HELLO(FEAT_BLK, PF_ALL, PF_ALL), QUEUES(2), OWNER(FEAT_BLK), MEMORY,
                            RING(0), RING(1)}},
    {"clean/backend-channel",
     .steps = {NET_UP, FRONT(VU_REQ_SET_BACKEND_REQ_FD, .channel_fd = true, NEED_REPLY),
               BACK_REPLY(VU_REQ_SET_BACKEND_REQ_FD, ACK),
               BACK_REQ(VU_BREQ_CONFIG_CHANGE_MSG, NEED_REPLY),
               FRONT_REPLY_B(VU_BREQ_CONFIG_CHANGE_MSG, ACK)}},
    /* DPDK vhost_user_set_log_base replies with size 0: no finding. */
    {"clean/log", .steps = {NET_UP, FRONT(VU_REQ_SET_LOG_BASE, LOG(LOG_NEEDED)),
                            BACK_REPLY(VU_REQ_SET_LOG_BASE)}},
    /* libvhost-user replies with 8 bytes (the log size), rust-vmm with the
     * 16-byte log echoed; QEMU reads only the request code: a note. */
    {"reply.size_tolerated/set-log-base-libvhost-user",
     .steps = {NET_UP, FRONT(VU_REQ_SET_LOG_BASE, LOG(LOG_NEEDED)),
               BACK_REPLY(VU_REQ_SET_LOG_BASE, U64(LOG_NEEDED), EXPECT("reply.size_tolerated"))}},
    {"reply.size_tolerated/set-log-base-rust-vmm",
     .steps = {NET_UP, FRONT(VU_REQ_SET_LOG_BASE, LOG(LOG_NEEDED)),
               BACK_REPLY(VU_REQ_SET_LOG_BASE, .layout = L_LOG, .v = {LOG_NEEDED, 0},
                          EXPECT("reply.size_tolerated"))}},
    /* What a real front-end refuses stays an error: a GET_FEATURES reply
     * that is not 8 bytes (QEMU vhost_user_get_u64: "Received bad msg size"). */
    {"malformed.payload_size/get-features-reply-0",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES),
               BACK_REPLY(VU_REQ_GET_FEATURES, EXPECT("malformed.payload_size"))}},
    /* rust-vmm/vhost #290: SET_PROTOCOL_FEATURES with no GET_PROTOCOL_FEATURES. */
    {"sequence.set_protocol_without_get",
     .steps = {FRONT(VU_REQ_GET_FEATURES), BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET)),
               FRONT(VU_REQ_SET_PROTOCOL_FEATURES, U64(PF_ALL),
                     EXPECT("sequence.set_protocol_without_get")),
               QUEUES(1), OWNER(FEAT_NET), MEMORY, RING(0)}},
    /* cloud-hypervisor #1565: bits no spec assigns, offered. */
    {"features.unassigned/protocol",
     .steps = {FRONT(VU_REQ_GET_FEATURES), BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET)),
               FRONT(VU_REQ_GET_PROTOCOL_FEATURES),
               BACK_REPLY(VU_REQ_GET_PROTOCOL_FEATURES, U64(PF_ALL | VU_BIT(40)),
                          EXPECT("features.unassigned")),
               FRONT(VU_REQ_SET_PROTOCOL_FEATURES, U64(PF_ALL)), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               RING(0)}},
    {"features.unassigned/virtio-reserved",
     .steps = {FRONT(VU_REQ_GET_FEATURES),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET | VU_BIT(VU_F_ADMIN_VQ + 1)),
                          EXPECT("features.unassigned")),
               FRONT(VU_REQ_GET_PROTOCOL_FEATURES),
               BACK_REPLY(VU_REQ_GET_PROTOCOL_FEATURES, U64(PF_ALL)),
               FRONT(VU_REQ_SET_PROTOCOL_FEATURES, U64(PF_ALL)), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               RING(0)}},
    /* An IOTLB miss no IOTLB_MSG update answers within --reply-timeout. */
    {"iotlb.miss_unanswered/timeout", .reply_timeout = "0.3",
     .steps = {NET_UP, FRONT(VU_REQ_SET_BACKEND_REQ_FD, .channel_fd = true, NEED_REPLY),
               BACK_REPLY(VU_REQ_SET_BACKEND_REQ_FD, ACK),
               BACK_REQ(VU_BREQ_IOTLB_MSG, IOTLB(VU_IOTLB_MISS, 0x7000, 0, 0),
                        EXPECT("iotlb.miss_unanswered@timed")),
               PAUSE(1500)}},
    {"clean/iotlb-miss-answered", .reply_timeout = "0.3",
     .steps = {NET_UP, FRONT(VU_REQ_SET_BACKEND_REQ_FD, .channel_fd = true, NEED_REPLY),
               BACK_REPLY(VU_REQ_SET_BACKEND_REQ_FD, ACK),
               BACK_REQ(VU_BREQ_IOTLB_MSG, IOTLB(VU_IOTLB_MISS, 0x7000, 0, 0)),
               FRONT(VU_REQ_IOTLB_MSG, IOTLB(VU_IOTLB_UPDATE, 0x6000, 0x2000, 0x1000), NEED_REPLY),
               BACK_REPLY(VU_REQ_IOTLB_MSG, ACK), PAUSE(1000)}},
    /* A ring that never ran gives back another base than it was set to. */
    {"vring.base_mismatch/never-started",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_NUM, STATE(1, 256)),
               FRONT(VU_REQ_SET_VRING_BASE, STATE(1, 5)), FRONT(VU_REQ_GET_VRING_BASE, STATE(1, 0)),
               BACK_REPLY(VU_REQ_GET_VRING_BASE, STATE(1, 7), EXPECT("vring.base_mismatch"))}},
    /* A packed ring's base in DPDK's form, without its used half: virtio-user
     * sets 1 << 15 alone, DPDK's vhost library replies bits 0-15 alone. */
    {"vring.base_no_used_half/dpdk",
     .steps = {HELLO(FEAT_NET_PACKED, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET_PACKED), MEMORY,
               PACKED_RING_AT(0x8000, EXPECT("vring.base_no_used_half")),
               FRONT(VU_REQ_GET_VRING_BASE, STATE(0, 0)),
               BACK_REPLY(VU_REQ_GET_VRING_BASE, STATE(0, 0x8123),
                          EXPECT("vring.base_no_used_half"))}},
    /* QEMU's form, the spec's: both halves, each with its wrap counter. */
    {"clean/packed-base-both-halves",
     .steps = {HELLO(FEAT_NET_PACKED, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET_PACKED), MEMORY,
               PACKED_RING_AT(0x80008000), FRONT(VU_REQ_GET_VRING_BASE, STATE(0, 0)),
               BACK_REPLY(VU_REQ_GET_VRING_BASE, STATE(0, 0x81238123))}},
    {"clean/legacy", /* no PROTOCOL_FEATURES: rings run once kicked, no VU_REQ_SET_VRING_ENABLE */
     .steps = {FRONT(VU_REQ_GET_FEATURES),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET & ~VU_BIT(VU_F_PROTOCOL_FEATURES))),
               OWNER(FEAT_NET & ~VU_BIT(VU_F_PROTOCOL_FEATURES)), MEMORY,
               FRONT(VU_REQ_SET_VRING_NUM, STATE(0, 256)),
               FRONT(VU_REQ_SET_VRING_ADDR, ADDR(0, 0, DESC, USED, AVAIL)),
               FRONT(VU_REQ_SET_VRING_BASE, STATE(0, 0)),
               FRONT(VU_REQ_SET_VRING_CALL, U64(0), FDS(1)),
               FRONT(VU_REQ_SET_VRING_KICK, U64(0), FDS(1))}},
    {"clean/new-mem-table-while-running", /* memory hot-plug: another table */
     .steps = {NET_UP, FRONT(VU_REQ_SET_MEM_TABLE, MEM(table2, 0))}},
    {"clean/same-mem-table-before-start", .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1),
                                                    OWNER(FEAT_NET), MEMORY, MEMORY, RING(0)}},
    {"clean/set-owner-after-reset-owner", .steps = {NET_UP, FRONT(VU_REQ_RESET_OWNER), NET_UP}},
    {"clean/late-reply-in-time", .reply_timeout = "5",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES), PAUSE(300),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET))}},

    /* 1: a reply to another request than the oldest outstanding one */
    {"sequence.reply_mismatch/out-of-order",
     .steps = {FRONT(VU_REQ_GET_FEATURES), FRONT(VU_REQ_GET_PROTOCOL_FEATURES),
               BACK_REPLY(VU_REQ_GET_PROTOCOL_FEATURES, U64(PF_ALL),
                          EXPECT("sequence.reply_mismatch")),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET)),
               FRONT(VU_REQ_SET_PROTOCOL_FEATURES, U64(PF_ALL)), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               RING(0)}},
    {"sequence.reply_mismatch/nothing-of-that-kind",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES, EXPECT("sequence.no_reply@end")),
               BACK_REPLY(VU_REQ_GET_QUEUE_NUM, U64(1), EXPECT("sequence.reply_mismatch"))}},
    /* 2: a reply late (a warning: it may still come), none at the session's
     * end, a reply nobody asked for */
    {"sequence.reply_late/reply", .reply_timeout = "0.3",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES, EXPECT("sequence.reply_late@timed")), PAUSE(1500),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET))}},
    {"sequence.reply_late/never", .reply_timeout = "0.3",
     .steps = {NET_UP,
               FRONT(VU_REQ_GET_FEATURES,
                     EXPECT("sequence.reply_late@timed", "sequence.no_reply@end")),
               PAUSE(1500)}},
    {"sequence.no_reply/session-end",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES, EXPECT("sequence.no_reply@end"))}},
    {"sequence.unexpected_reply/stray",
     .steps = {NET_UP, BACK_STRAY(VU_REQ_GET_FEATURES, U64(FEAT_NET),
                                  EXPECT("sequence.unexpected_reply"))}},
    /* 3: NEED_REPLY without REPLY_ACK; REPLY_ACK and no ack */
    {"sequence.need_reply_without_reply_ack/enable",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL & ~PF_REPLY_ACK), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               RING(0),
               FRONT(VU_REQ_SET_VRING_ENABLE, STATE(0, 0), NEED_REPLY,
                     EXPECT("sequence.need_reply_without_reply_ack")),
               BACK_REPLY(VU_REQ_SET_VRING_ENABLE, ACK)}},
    {"sequence.need_reply_without_reply_ack/no-ack-owed", /* and none comes */
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL & ~PF_REPLY_ACK), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               RING(0),
               FRONT(VU_REQ_SET_VRING_ENABLE, STATE(0, 0), NEED_REPLY,
                     EXPECT("sequence.need_reply_without_reply_ack"))}},
    {"sequence.need_reply_without_reply_ack/legacy", /* no PROTOCOL_FEATURES at all */
     .steps = {FRONT(VU_REQ_GET_FEATURES),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET & ~VU_BIT(VU_F_PROTOCOL_FEATURES))),
               OWNER(FEAT_NET & ~VU_BIT(VU_F_PROTOCOL_FEATURES)),
               FRONT(VU_REQ_SET_MEM_TABLE, MEM(table1, 0), NEED_REPLY,
                     EXPECT("sequence.need_reply_without_reply_ack")),
               BACK_REPLY(VU_REQ_SET_MEM_TABLE, ACK), FRONT(VU_REQ_SET_VRING_NUM, STATE(0, 256)),
               FRONT(VU_REQ_SET_VRING_ADDR, ADDR(0, 0, DESC, USED, AVAIL)),
               FRONT(VU_REQ_SET_VRING_BASE, STATE(0, 0)),
               FRONT(VU_REQ_SET_VRING_CALL, U64(0), FDS(1)),
               FRONT(VU_REQ_SET_VRING_KICK, U64(0), FDS(1))}},
    {"sequence.reply_late/ack", .reply_timeout = "0.3",
     .steps = {NET_UP,
               FRONT(VU_REQ_SET_VRING_ENABLE, STATE(0, 0), NEED_REPLY,
                     EXPECT("sequence.reply_late@timed")),
               PAUSE(1500), BACK_REPLY(VU_REQ_SET_VRING_ENABLE, ACK)}},
    {"sequence.no_ack/session-end",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_ENABLE, STATE(0, 0), NEED_REPLY,
                             EXPECT("sequence.no_ack@end"))}},
    /* 4: a request gated by a protocol feature not negotiated */
    {"sequence.not_negotiated/get-config",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL & ~PF_CONFIG), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               RING(0), FRONT(VU_REQ_GET_CONFIG, CONFIG(0, 8), EXPECT("sequence.not_negotiated")),
               BACK_REPLY(VU_REQ_GET_CONFIG, CONFIG(0, 8))}},
    {"sequence.not_negotiated/get-queue-num",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL & ~PF_MQ),
               FRONT(VU_REQ_GET_QUEUE_NUM, EXPECT("sequence.not_negotiated")),
               BACK_REPLY(VU_REQ_GET_QUEUE_NUM, U64(1)), OWNER(FEAT_NET), MEMORY, RING(0)}},
    {"sequence.not_negotiated/protocol-features-not-offered",
     .steps = {FRONT(VU_REQ_GET_FEATURES),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET & ~VU_BIT(VU_F_PROTOCOL_FEATURES))),
               FRONT(VU_REQ_GET_PROTOCOL_FEATURES, EXPECT("sequence.not_negotiated")),
               BACK_REPLY(VU_REQ_GET_PROTOCOL_FEATURES, U64(0)),
               OWNER(FEAT_NET & ~VU_BIT(VU_F_PROTOCOL_FEATURES)), MEMORY,
               FRONT(VU_REQ_SET_VRING_NUM, STATE(0, 256)),
               FRONT(VU_REQ_SET_VRING_ADDR, ADDR(0, 0, DESC, USED, AVAIL)),
               FRONT(VU_REQ_SET_VRING_BASE, STATE(0, 0)),
               FRONT(VU_REQ_SET_VRING_CALL, U64(0), FDS(1)),
               FRONT(VU_REQ_SET_VRING_KICK, U64(0), FDS(1))}},
    /* 5: bits acked that the back-end did not offer */
    {"sequence.not_offered/features",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), FRONT(VU_REQ_SET_OWNER),
               FRONT(VU_REQ_SET_FEATURES, U64(FEAT_NET | VU_BIT(VU_NET_F_GUEST_TSO4)),
                     EXPECT("sequence.not_offered")),
               MEMORY, RING(0)}},
    {"sequence.not_offered/protocol-features",
     .steps = {FRONT(VU_REQ_GET_FEATURES), BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET)),
               FRONT(VU_REQ_GET_PROTOCOL_FEATURES),
               BACK_REPLY(VU_REQ_GET_PROTOCOL_FEATURES, U64(PF_ALL & ~PF_CONFIG)),
               FRONT(VU_REQ_SET_PROTOCOL_FEATURES, U64(PF_ALL), EXPECT("sequence.not_offered")),
               QUEUES(1), OWNER(FEAT_NET), MEMORY, RING(0)}},
    /* 6: a payload size that does not fit the layout */
    {"malformed.payload_size/vring-num-short",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_NUM, STATE(0, 256), SIZE(4),
                             EXPECT("malformed.payload_size"))}},
    {"malformed.payload_size/features-long",
     .steps = {NET_UP, FRONT(VU_REQ_SET_FEATURES, U64(FEAT_NET), SIZE(12),
                             EXPECT("malformed.payload_size"))}},
    /* 7: the wrong number of fds */
    {"fds.count/kick-nofd-with-fd",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_KICK, U64(0x100), FDS(1), EXPECT("fds.count"))}},
    {"fds.count/call-no-fd-no-nofd",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_CALL, U64(0), EXPECT("fds.count"))}},
    {"fds.count/kick-no-fd-no-nofd",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_KICK, U64(0), EXPECT("fds.count"))}},
    {"fds.count/mem-table-fd-missing",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET),
               FRONT(VU_REQ_SET_MEM_TABLE, MEM_NO_FD(table1, 0), EXPECT("fds.count")), RING(0)}},
    /* 8: a ring outside every memory region */
    {"vring.addr_unmapped/desc",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               FRONT(VU_REQ_SET_VRING_NUM, STATE(0, 256)),
               FRONT(VU_REQ_SET_VRING_ADDR, ADDR(0, 0, USER + GUEST_SIZE, USED, AVAIL),
                     EXPECT("vring.addr_unmapped")),
               FRONT(VU_REQ_SET_VRING_BASE, STATE(0, 0)),
               FRONT(VU_REQ_SET_VRING_CALL, U64(0), FDS(1)),
               FRONT(VU_REQ_SET_VRING_KICK, U64(0), FDS(1))}},
    /* 9: a ring beyond the queues VU_REQ_GET_QUEUE_NUM reported */
    {"vring.index_range/net",
     .steps = {NET_UP, RING(1), /* 1 queue pair: rings 0 and 1 */
               FRONT(VU_REQ_SET_VRING_NUM, STATE(2, 256), EXPECT("vring.index_range"))}},
    {"vring.index_range/blk",
     .steps = {HELLO(FEAT_BLK, PF_ALL, PF_ALL), QUEUES(2), OWNER(FEAT_BLK), MEMORY, RING(0),
               RING(1), /* 2 queues; net would allow 4 rings */
               FRONT(VU_REQ_SET_VRING_NUM, STATE(2, 256), EXPECT("vring.index_range"))}},
    {"vring.index_range/unknown-device", /* read as net: 2 rings per queue */
     .steps = {HELLO(VU_BIT(VU_F_PROTOCOL_FEATURES) | VU_BIT(VU_F_VERSION_1), PF_ALL, PF_ALL),
               QUEUES(1), OWNER(VU_BIT(VU_F_PROTOCOL_FEATURES) | VU_BIT(VU_F_VERSION_1)), MEMORY,
               RING(0), RING(1),
               FRONT(VU_REQ_SET_VRING_NUM, STATE(2, 256), EXPECT("vring.index_range"))}},
    /* 10: reserved fields, version, flag bits */
    {"protocol.reserved_nonzero/mem-table-padding",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET),
               FRONT(VU_REQ_SET_MEM_TABLE, MEM(table1, 1), EXPECT("protocol.reserved_nonzero")),
               RING(0)}},
    {"protocol.reserved_nonzero/kick-high-bits",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_KICK, U64(VU_VRING_NOFD_MASK << 1), FDS(1),
                             EXPECT("protocol.reserved_nonzero"))}},
    {"protocol.reserved_ignored/get-vring-base-num",
     .steps = {NET_UP,
               FRONT(VU_REQ_GET_VRING_BASE, STATE(0, 7), EXPECT("protocol.reserved_ignored")),
               BACK_REPLY(VU_REQ_GET_VRING_BASE, STATE(0, 0))}},
    {"protocol.reserved_nonzero/vring-addr-flags",
     .steps = {NET_UP, FRONT(VU_REQ_SET_VRING_ADDR, ADDR(0, 2, DESC, USED, AVAIL),
                             EXPECT("protocol.reserved_nonzero"))}},
    {"malformed.version/two",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES, FLAGS(2), EXPECT("malformed.version")),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET))}},
    {"malformed.reserved_flags/bit-4",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES, FLAGS(0x11), EXPECT("malformed.reserved_flags")),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET))}},
    /* beyond the list: the decoder's own findings, through the relay */
    {"malformed.unknown_request/99",
     .steps = {NET_UP, FRONT(99, U64(0), EXPECT("malformed.unknown_request"))}},
    {"sequence.direction/back-end-asks-on-main",
     .steps = {NET_UP,
               {.op = OP_SEND,
                .from = BACK_SIDE,
                .request = VU_REQ_GET_FEATURES,
                /* the front-end does not serve requests: nothing is pending */
                EXPECT("sequence.direction")}}},
    {"sequence.reply_flags/need-reply-bit-in-reply",
     .steps = {NET_UP, FRONT(VU_REQ_GET_FEATURES),
               BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET), FLAGS(0xd),
                          EXPECT("sequence.reply_flags"))}},
    {"reply.failure/set-mem-table-nack",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET),
               FRONT(VU_REQ_SET_MEM_TABLE, MEM(table1, 0), NEED_REPLY),
               BACK_REPLY(VU_REQ_SET_MEM_TABLE, U64(1), EXPECT("reply.failure")), RING(0)}},
    /* 11: the back-end channel used after one side closed it */
    {"sequence.after_close/backend-channel",
     .steps = {NET_UP, FRONT(VU_REQ_SET_BACKEND_REQ_FD, .channel_fd = true, NEED_REPLY),
               BACK_REPLY(VU_REQ_SET_BACKEND_REQ_FD, ACK), SHUT(FRONT_SIDE, CH_BACKEND),
               BACK_REQ(VU_BREQ_CONFIG_CHANGE_MSG, EXPECT("sequence.after_close"))}},
    {"sequence.after_close/reply-after-back-end-closed",
     .steps = {NET_UP, FRONT(VU_REQ_SET_BACKEND_REQ_FD, .channel_fd = true, NEED_REPLY),
               BACK_REPLY(VU_REQ_SET_BACKEND_REQ_FD, ACK),
               BACK_REQ(VU_BREQ_CONFIG_CHANGE_MSG, NEED_REPLY), SHUT(BACK_SIDE, CH_BACKEND),
               FRONT_REPLY_B(VU_BREQ_CONFIG_CHANGE_MSG, ACK, EXPECT("sequence.after_close"))}},
    /* 12: a session that ends before any ring started */
    {"session.incomplete/front-closed",
     .end_text = {"last request VHOST_USER_GET_PROTOCOL_FEATURES", "front closed",
                  "pending: GET_PROTOCOL_FEATURES"},
     .steps = {FRONT(VU_REQ_GET_FEATURES), BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET)),
               FRONT(VU_REQ_GET_PROTOCOL_FEATURES,
                     EXPECT("session.incomplete@end", "sequence.no_reply@end"))}},
    {"session.incomplete/back-closed", .closes_first = BACK_SIDE,
     .end_text = {"last request VHOST_USER_SET_MEM_TABLE", "back closed", "nothing pending"},
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET),
               FRONT(VU_REQ_SET_MEM_TABLE, MEM(table1, 0), EXPECT("session.incomplete@end"))}},
    /* 13: one-time requests repeated */
    {"sequence.one_time_repeated/set-owner",
     .steps = {NET_UP, FRONT(VU_REQ_SET_OWNER, EXPECT("sequence.one_time_repeated"))}},
    {"sequence.one_time_repeated/get-queue-num",
     .steps = {NET_UP, FRONT(VU_REQ_GET_QUEUE_NUM, EXPECT("sequence.one_time_repeated")),
               BACK_REPLY(VU_REQ_GET_QUEUE_NUM, U64(1))}},
    {"sequence.one_time_repeated/mem-table-while-running",
     .steps = {NET_UP,
               FRONT(VU_REQ_SET_MEM_TABLE, MEM(table1, 0), EXPECT("sequence.one_time_repeated"))}},
    {"sequence.one_time_repeated/add-mem-reg",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET),
               FRONT(VU_REQ_ADD_MEM_REG, REGION(table1)), RING(0),
               FRONT(VU_REQ_ADD_MEM_REG, REGION(table1), EXPECT("sequence.one_time_repeated"))}},
    /* 14: the dirty log */
    {"log.without_shmfd/set-log-base",
     .steps = {HELLO(FEAT_NET, PF_ALL, PF_ALL & ~PF_LOG_SHMFD), QUEUES(1), OWNER(FEAT_NET), MEMORY,
               RING(0), FRONT(VU_REQ_SET_LOG_BASE, LOG(LOG_NEEDED), EXPECT("log.without_shmfd"))}},
    {"log.too_small/set-log-base",
     .steps = {NET_UP, FRONT(VU_REQ_SET_LOG_BASE, LOG(LOG_NEEDED - 8), EXPECT("log.too_small")),
               BACK_REPLY(VU_REQ_SET_LOG_BASE)}},
};

static void test_crafted(gconstpointer data)
{
	outcome_free(crafted_run(data, NULL));
}

/* ---- --stats -------------------------------------------------------------- */

static const struct jm_value *stats_request(const struct jm_value *stats, const char *name)
{
	const struct jm_value *list = jm_get(stats, "requests");

	for (guint i = 0; i < jm_length(list); i++) {
		const struct jm_value *r = jm_item(list, i);
		if (g_strcmp0(jm_get_string(r, "request"), name) == 0 &&
		    g_strcmp0(jm_get_string(r, "channel"), "main") == 0)
			return r;
	}
	g_error("no stats entry for %s", name);
	return NULL;
}

static void assert_request_stats(const struct jm_value *stats, const char *name, double sent,
                                 double replies, double findings)
{
	const struct jm_value *r = stats_request(stats, name);
	const struct jm_value *latency = jm_get(r, "latency_us");

	g_assert_cmpfloat(jm_get_number(r, "sent", -1), ==, sent);
	g_assert_cmpfloat(jm_get_number(r, "replies", -1), ==, replies);
	g_assert_cmpfloat(jm_get_number(r, "findings", -1), ==, findings);
	if (replies == 0) {
		g_assert_null(latency);
		return;
	}
	g_assert_cmpfloat(jm_get_number(latency, "count", -1), ==, replies);
	g_assert_cmpfloat(jm_get_number(latency, "min", -1), >, 0);
	g_assert_cmpfloat(jm_get_number(latency, "min", -1), <=,
	                  jm_get_number(latency, "median", -1));
	g_assert_cmpfloat(jm_get_number(latency, "median", -1), <=,
	                  jm_get_number(latency, "max", -1));
}

static const struct crafted stats_session = {
    "stats", .steps = {FRONT(VU_REQ_GET_FEATURES), BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET)),
                       FRONT(VU_REQ_GET_FEATURES), BACK_REPLY(VU_REQ_GET_FEATURES, U64(FEAT_NET)),
                       HELLO(FEAT_NET, PF_ALL, PF_ALL), QUEUES(1), OWNER(FEAT_NET), MEMORY, RING(0),
                       FRONT(VU_REQ_SET_OWNER, EXPECT("sequence.one_time_repeated")),
                       FRONT(VU_REQ_SET_VRING_ENABLE, STATE(0, 1), NEED_REPLY),
                       BACK_REPLY(VU_REQ_SET_VRING_ENABLE, ACK)}};

/* The counts, the latency entries and the findings match the session. */
static void test_stats(void)
{
	static const char *const extra[] = {"--stats", NULL};
	struct outcome *o = crafted_run(&stats_session, extra);
	const struct jm_value *st = o->stats, *findings, *names;
	guint messages = 0;
	gboolean version_1 = FALSE;
	g_autofree char *acked = NULL;

	for (const struct step *s = stats_session.steps; s->op != OP_END; s++)
		messages += s->op == OP_SEND;
	g_assert_nonnull(st);
	g_assert_cmpfloat(jm_get_number(st, "messages", -1), ==, messages);
	assert_request_stats(st, "GET_FEATURES", 3, 3, 0);
	assert_request_stats(st, "GET_PROTOCOL_FEATURES", 1, 1, 0);
	assert_request_stats(st, "GET_QUEUE_NUM", 1, 1, 0);
	assert_request_stats(st, "SET_OWNER", 2, 0, 1);
	assert_request_stats(st, "SET_VRING_ENABLE", 2, 1, 0);
	assert_request_stats(st, "SET_VRING_KICK", 1, 0, 0);
	findings = jm_get(st, "findings");
	g_assert_nonnull(findings);
	g_assert_cmpuint(findings->keys->len, ==, 1);
	g_assert_cmpfloat(jm_get_number(findings, "sequence.one_time_repeated", -1), ==, 1);
	g_assert_cmpstr(jm_get_string(st, "device"), ==, "net");
	g_assert_cmpuint(jm_length(jm_get(st, "device_evidence")), ==, 1);
	g_assert_cmpstr(jm_item(jm_get(st, "device_evidence"), 0)->string, ==, "features");
	acked = g_strdup_printf("0x%llx", (unsigned long long)FEAT_NET);
	g_assert_cmpstr(jm_get_string(st, "features_acked"), ==, acked);
	names = jm_get(st, "features_acked.names");
	for (guint i = 0; i < jm_length(names); i++)
		version_1 |= g_strcmp0(jm_item(names, i)->string, "VERSION_1") == 0;
	g_assert_true(version_1);
	outcome_free(o);
}

/* Live with --device and --dialect and -w; the capture read back without
 * them names every bit and request the same (the session start carries them). */
static const struct crafted identity_session = {
    "identity",
    .steps = {FRONT(VU_REQ_GET_FEATURES),
              /* bit 5 alone: blk's RO or net's MAC, only the option tells */
              BACK_REPLY(VU_REQ_GET_FEATURES, U64(VU_BIT(VU_BLK_F_RO) | VU_BIT(VU_F_VERSION_1))),
              FRONT(VU_CROSVM_REQ_SLEEP), BACK_REPLY(VU_CROSVM_REQ_SLEEP, U64(1))}};

static void test_identity_recorded(void)
{
	g_autofree char *dir = g_dir_make_tmp("vhostsniff-identity.XXXXXX", NULL);
	g_autofree char *cap = g_build_filename(dir, "live.pcapng", NULL);
	const char *const extra[] = {"--device", "blk", "--dialect", "crosvm", "-w", cap, NULL};
	struct sniff *live = crafted_play(&identity_session, extra);
	struct sniff *back = sniff_new();
	int i;

	sniff_start(back, "-r", cap, NULL);
	g_assert_cmpint(sniff_wait(back), ==, 0);
	for (i = 0; live->lines[i] != NULL && back->lines[i] != NULL; i++)
		g_assert_cmpstr(back->lines[i], ==, live->lines[i]);
	g_assert_null(live->lines[i]);
	g_assert_null(back->lines[i]);
	g_assert_cmpint(find_line(back, 0, "\"features.names\":[\"RO\",\"VERSION_1\"]", NULL), >=,
	                0);
	g_assert_cmpint(find_line(back, 0, "\"name\":\"VHOST_USER_SLEEP\"", NULL), >=, 0);
	g_assert_cmpint(find_line(back, 0, "\"event\":\"session_start\"", "\"device\":\"blk\"",
	                          "\"device_evidence\":[\"option\"]", "\"dialect\":\"crosvm\"",
	                          NULL),
	                >=, 0);
	sniff_free(live);
	sniff_free(back);
	g_unlink(cap);
	g_rmdir(dir);
}

/* A line of the text output matches pattern (a whole-line regex). */
static gboolean text_has_line(struct sniff *s, const char *pattern)
{
	g_autoptr(GRegex) re = g_regex_new(pattern, 0, 0, NULL);

	g_assert_nonnull(re);
	for (int i = 0; s->lines[i] != NULL; i++)
		if (g_regex_match(re, s->lines[i], 0, NULL))
			return TRUE;
	return FALSE;
}

/* The readable block of -T text --stats says the same. */
static void test_stats_text(void)
{
	static const char *const extra[] = {"--stats", "-T", "text", NULL};
	static const char *const expected[] = {
	    "^session 1 statistics \\(front closed\\):$",
	    "^ +main +GET_FEATURES +3 +3 +[0-9.]+ +[0-9.]+ +[0-9.]+$",
	    "^ +main +SET_OWNER +2 +0$",
	    "^ +main +SET_VRING_ENABLE +2 +1 +[0-9.]+ +[0-9.]+ +[0-9.]+$",
	    "^ +1 +warn +sequence\\.one_time_repeated ",
	    "^ +features acked +0x140008028 +MTU,MAC,MRG_RXBUF,PROTOCOL_FEATURES,VERSION_1$",
	    "^ +negotiated \\(device net from features; dialect qemu\\):$",
	};
	struct sniff *s = crafted_play(&stats_session, extra);
	guint messages = 0;
	g_autofree char *count = NULL;

	for (const struct step *st = stats_session.steps; st->op != OP_END; st++)
		messages += st->op == OP_SEND;
	count = g_strdup_printf("^ +%u messages, 0 malformed, 0 unknown$", messages);
	g_assert_true(text_has_line(s, count));
	for (size_t i = 0; i < G_N_ELEMENTS(expected); i++)
		if (!text_has_line(s, expected[i]))
			g_error("no line matches %s in the text output", expected[i]);
	g_assert_false(text_has_line(s, "^ +[0-9]+ +error "));
	sniff_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *path = g_strdup_printf("/analyzer/%s", cases[i].name);
		g_test_add_data_func(path, &cases[i], test_crafted);
	}
	g_test_add_func("/analyzer/stats/json", test_stats);
	g_test_add_func("/analyzer/stats/text", test_stats_text);
	g_test_add_func("/analyzer/identity/recorded", test_identity_recorded);
	return g_test_run();
}
