/*
 * The pcapng sink (-w): every record becomes one Enhanced Packet Block on the
 * interface of its session channel (doc/capture-format.md). Blocks are built
 * in memory and gathered: they go to the kernel in one write() when the
 * pipeline has caught up (its flush, after every record when messages come
 * one at a time) or when OUT_MAX bytes are waiting (a burst). One write() per
 * block was a third of vhostsniff's CPU time in a flood of small messages
 * (make bench). Only whole blocks are ever written, so a vhostsniff killed
 * with SIGKILL leaves a file that every reader takes up to its last whole
 * frame; what it loses is what was not yet written, as with the records
 * still waiting in the pipeline's queue.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "dissector/vu-payload.h"
#include "vscore/capture.h"
#include "vscore/pcapng.h"
#include "vscore/ring-watch.h"

G_DEFINE_QUARK(vs - capture - error - quark, vs_capture_error)

/* libpcap, tshark and capinfos refuse a frame longer than 262144 bytes (their
 * largest snapshot length) and stop reading the file there. The relay keeps
 * messages up to 1 MiB whole (garbage, GPU frame updates), so a longer frame
 * is written cut to this length and marked TRUNCATED, with its original length. */
#define MAX_CAPLEN 262144u
/* Bytes of whole blocks gathered before they are written without a flush. */
#define OUT_MAX (64u << 10)

struct session_info {
	char *description; /* if_description of the main channel */
	char *comment;     /* opt_comment of the main channel's IDB */
};

/* Interfaces by key, the one found last kept at hand: the records of one
 * channel, or the frames of one queue, that follow find it without hashing. */
struct iface_table {
	GHashTable *ids; /* key -> interface id + 1 */
	gpointer last_key;
	guint32 last; /* its id + 1; 0: none (forgotten with any interface) */
};

/* The interface id of key, or FALSE when the table has none. */
static gboolean iface_table_find(struct iface_table *t, gpointer key, guint32 *id)
{
	gpointer known;

	if (t->last == 0 || t->last_key != key) {
		known = g_hash_table_lookup(t->ids, key);
		if (known == NULL)
			return FALSE;
		t->last_key = key;
		t->last = GPOINTER_TO_UINT(known);
	}
	*id = t->last - 1;
	return TRUE;
}

static void iface_table_forget(struct iface_table *t, gpointer key)
{
	g_hash_table_remove(t->ids, key);
	t->last = 0;
}

static void iface_table_clear(struct iface_table *t)
{
	g_hash_table_remove_all(t->ids);
	t->last = 0;
}

/* The blocks gathered for the next write(). Not a GByteArray: growing one
 * by a block is a call that checks and zeroes, a tenth of a small message's
 * cost on the pipeline thread (make bench, section 11). */
struct out_buffer {
	guint8 *data;
	gsize len;
	gsize cap;
};

struct pcapng_writer {
	/* --packets-file: only the net frames, on Ethernet interfaces (link
	 * type 1) for tcpdump; else every record on exported-PDU interfaces */
	gboolean frames_only;
	char *template; /* the path as given ("-" = stdout) */
	struct vs_capture_rotation rotation;
	char *path; /* the file being written */
	int fd;     /* -1 once recording stopped */
	gboolean to_stdout;
	gboolean seekable;
	guint64 written;           /* bytes in the current file, gathered ones included */
	guint64 flushed;           /* bytes of it the kernel has */
	guint64 shb_size;          /* bytes of its SHB */
	gint64 opened_us;          /* g_get_monotonic_time() when it was opened */
	guint file_count;          /* -C: files opened since the last -G rotation */
	struct iface_table ifaces; /* session<<2|channel (iface_key) */
	struct iface_table queues; /* session<<16|vring (queue_key): net frames */
	guint32 next_iface;
	GHashTable *sessions; /* session id -> struct session_info */
	GByteArray *block;
	struct out_buffer out; /* whole blocks not yet written */
};

/* ---- building blocks ------------------------------------------------------ */

static void put_u16(GByteArray *b, guint16 v)
{
	g_byte_array_append(b, (const guint8 *)&v, 2);
}

static void put_u32(GByteArray *b, guint32 v)
{
	g_byte_array_append(b, (const guint8 *)&v, 4);
}

static void put_u64(GByteArray *b, guint64 v)
{
	g_byte_array_append(b, (const guint8 *)&v, 8);
}

static void pad4(GByteArray *b)
{
	static const guint8 zeros[4];

	g_byte_array_append(b, zeros, (4 - b->len % 4) % 4);
}

static void put_option(GByteArray *b, guint16 code, const void *value, gsize len)
{
	len = MIN(len, G_MAXUINT16 & ~3u);
	put_u16(b, code);
	put_u16(b, (guint16)len);
	g_byte_array_append(b, value, (guint)len);
	pad4(b);
}

static void put_option_string(GByteArray *b, guint16 code, const char *s)
{
	if (s && *s)
		put_option(b, code, s, strlen(s));
}

static void block_begin(GByteArray *b, guint32 type)
{
	g_byte_array_set_size(b, 0);
	put_u32(b, type);
	put_u32(b, 0); /* total length, set by block_end */
}

static void block_end(GByteArray *b)
{
	guint32 total;

	put_u16(b, VS_PCAPNG_OPT_END);
	put_u16(b, 0);
	total = b->len + 4;
	memcpy(b->data + 4, &total, 4);
	put_u32(b, total);
}

/* ---- writing -------------------------------------------------------------- */

/* Stop recording for good: say why once, and keep the file readable. */
static void writer_fail(struct pcapng_writer *w, const char *what, int err)
{
	g_printerr("vhostsniff: capture %s: %s: %s; recording stopped, the relay goes on\n",
	           w->path, what, g_strerror(err));
	if (!w->to_stdout)
		close(w->fd);
	w->fd = -1;
}

/* Bytes of the whole blocks at the start of out that fit in done bytes. */
static gsize whole_blocks(const struct out_buffer *out, gsize done)
{
	gsize end = 0;

	while (end + 8 <= out->len) {
		guint32 total;

		memcpy(&total, out->data + end + 4, 4);
		if (end + total > done)
			break;
		end += total;
	}
	return end;
}

/* Write the gathered blocks; a short write is undone down to its last whole
 * block, so no half block stays (a full disk keeps every block that fitted). */
static gboolean writer_flush_out(struct pcapng_writer *w)
{
	struct out_buffer *out = &w->out;
	gsize done = 0;

	if (w->fd < 0) {
		out->len = 0;
		return FALSE;
	}
	while (done < out->len) {
		ssize_t n = write(w->fd, out->data + done, out->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : ENOSPC;
			gsize keep = whole_blocks(out, done);

			if (done > keep && w->seekable &&
			    ftruncate(w->fd, (off_t)(w->flushed + keep)) == 0)
				lseek(w->fd, (off_t)(w->flushed + keep), SEEK_SET);
			w->flushed += keep;
			w->written = w->flushed;
			out->len = 0;
			writer_fail(w, "write failed", err);
			return FALSE;
		}
		done += (gsize)n;
	}
	w->flushed += out->len;
	out->len = 0;
	return TRUE;
}

/* Room for a block of len bytes at the end of the gathered ones, filled by
 * the caller and then counted by writer_put_reserved. */
static guint8 *out_reserve(struct pcapng_writer *w, gsize len)
{
	struct out_buffer *out = &w->out;
	gsize at = out->len;

	if (G_UNLIKELY(at + len > out->cap)) {
		out->cap = MAX(out->cap * 2, at + len);
		out->data = g_realloc(out->data, out->cap);
	}
	out->len = at + len;
	return out->data + at;
}

static void writer_put_reserved(struct pcapng_writer *w, gsize len)
{
	w->written += len;
	if (w->out.len >= OUT_MAX)
		writer_flush_out(w);
}

/* One whole block, gathered; written once enough wait. */
static gboolean writer_put_block(struct pcapng_writer *w, const GByteArray *b)
{
	if (w->fd < 0)
		return FALSE;
	memcpy(out_reserve(w, b->len), b->data, b->len);
	writer_put_reserved(w, b->len);
	return w->fd >= 0;
}

static guint8 *put_at(guint8 *at, const void *v, gsize len)
{
	memcpy(at, v, len);
	return at + len;
}

static guint8 *put_at_u16(guint8 *at, guint16 v)
{
	return put_at(at, &v, 2);
}

static guint8 *put_at_u32(guint8 *at, guint32 v)
{
	return put_at(at, &v, 4);
}

static void writer_put_shb(struct pcapng_writer *w)
{
	GByteArray *b = w->block;
	struct utsname u;
	g_autofree char *os = NULL;

	block_begin(b, VS_PCAPNG_BT_SHB);
	put_u32(b, VS_PCAPNG_BYTE_ORDER_MAGIC);
	put_u16(b, 1);
	put_u16(b, 0);
	put_u64(b, G_MAXUINT64); /* section length: not given */
	if (uname(&u) == 0) {
		os = g_strdup_printf("%s %s", u.sysname, u.release);
		put_option_string(b, VS_PCAPNG_OPT_SHB_HARDWARE, u.machine);
		put_option_string(b, VS_PCAPNG_OPT_SHB_OS, os);
	}
	put_option_string(b, VS_PCAPNG_OPT_SHB_USERAPPL, PACKAGE_NAME " " PACKAGE_VERSION);
	put_option_string(b, VS_PCAPNG_OPT_COMMENT,
	                  "vhost-user capture, format: vhostsniff capture format 1 "
	                  "(doc/capture-format.md)");
	block_end(b);
	writer_put_block(w, b);
	/* a file that cannot take even this says so now */
	writer_flush_out(w);
	w->shb_size = w->written;
}

/* The name of the next file: strftime with -G, a number with -C (tcpdump's way). */
static char *writer_next_path(struct pcapng_writer *w)
{
	g_autofree char *base = NULL;

	if (w->rotation.seconds) {
		char buf[4096];
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		/* The template is the user's -w FILE, as with tcpdump -G. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (strftime(buf, sizeof(buf), w->template, &tm) > 0)
			base = g_strdup(buf);
#pragma GCC diagnostic pop
	}
	if (!base)
		base = g_strdup(w->template);
	if (w->rotation.max_bytes && w->file_count > 0)
		return g_strdup_printf("%s%u", base, w->file_count);
	return g_steal_pointer(&base);
}

static gboolean writer_open(struct pcapng_writer *w, GError **error)
{
	struct stat st;

	g_free(w->path);
	if (strcmp(w->template, "-") == 0) {
		w->path = g_strdup("(standard output)");
		w->fd = STDOUT_FILENO;
		w->to_stdout = TRUE;
	} else {
		w->path = writer_next_path(w);
		w->fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (w->fd < 0) {
			int err = errno;

			g_set_error(error, VS_CAPTURE_ERROR, VS_CAPTURE_ERROR_OPEN,
			            "cannot create capture file %s: %s", w->path, g_strerror(err));
			return FALSE;
		}
	}
	w->seekable = fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode);
	w->written = 0;
	w->flushed = 0;
	w->opened_us = g_get_monotonic_time();
	w->file_count++;
	iface_table_clear(&w->ifaces);
	iface_table_clear(&w->queues);
	w->next_iface = 0;
	/* A failure here is reported like any later one: the sink lives on. */
	writer_put_shb(w);
	return TRUE;
}

/* -C/-G: close the current file and open the next before this record. */
static void writer_rotate_if_due(struct pcapng_writer *w, gsize next_bytes)
{
	gboolean by_time = w->rotation.seconds && g_get_monotonic_time() - w->opened_us >=
	                                              (gint64)w->rotation.seconds * G_USEC_PER_SEC;
	gboolean by_size = w->rotation.max_bytes && w->written > w->shb_size &&
	                   w->written + next_bytes > w->rotation.max_bytes;
	g_autoptr(GError) error = NULL;

	if (w->fd < 0 || w->to_stdout || (!by_time && !by_size))
		return;
	if (!writer_flush_out(w))
		return;
	close(w->fd);
	w->fd = -1;
	if (by_time)
		w->file_count = 0;
	if (!writer_open(w, &error)) {
		g_printerr("vhostsniff: %s; recording stopped, the relay goes on\n",
		           error->message);
		w->fd = -1;
	}
}

/* Without -C and -G (most captures) no clock is read per record. */
static inline void writer_maybe_rotate(struct pcapng_writer *w, gsize next_bytes)
{
	if (w->rotation.seconds != 0 || w->rotation.max_bytes != 0)
		writer_rotate_if_due(w, next_bytes);
}

static void session_info_free(gpointer p)
{
	struct session_info *s = p;

	g_free(s->description);
	g_free(s->comment);
	g_free(s);
}

static void writer_remember_session(struct pcapng_writer *w, const struct vs_record *r)
{
	const struct vs_session_facts *f = &r->facts;
	struct session_info *s = g_new0(struct session_info, 1);
	GString *comment = g_string_new(NULL);

	s->description = g_strdup_printf(
	    "vhost-user front-end %s (vhostsniff %ss) <-> back-end %s (vhostsniff %ss)",
	    f->front_path ? f->front_path : "?", vs_pcapng_role_name(f->front_role),
	    f->back_path ? f->back_path : "?", vs_pcapng_role_name(f->back_role));
	if (f->front_pid > 0)
		g_string_append_printf(comment, "front-end: pid %ld: %s\n", (long)f->front_pid,
		                       f->front_cmdline ? f->front_cmdline : "?");
	if (f->back_pid > 0)
		g_string_append_printf(comment, "back-end: pid %ld: %s\n", (long)f->back_pid,
		                       f->back_cmdline ? f->back_cmdline : "?");
	if (comment->len)
		g_string_truncate(comment, comment->len - 1);
	s->comment = g_string_free(comment, FALSE);
	g_hash_table_replace(w->sessions, GUINT_TO_POINTER(r->session), s);
}

static gpointer iface_key(guint32 session, guint8 channel)
{
	return GSIZE_TO_POINTER(((gsize)session << 2) | (channel & 3u));
}

/* The interface of a session channel, written first if this file lacks it. */
/* A new interface for key: its IDB (comment: NULL for none), its id. */
static guint32 writer_add_iface(struct pcapng_writer *w, struct iface_table *t, gpointer key,
                                guint16 linktype, const char *name, const char *description,
                                const char *comment)
{
	GByteArray *b = w->block;
	guint8 tsresol = 9;

	block_begin(b, VS_PCAPNG_BT_IDB);
	put_u16(b, linktype);
	put_u16(b, 0);
	put_u32(b, 0); /* snaplen: no limit */
	put_option_string(b, VS_PCAPNG_OPT_IF_NAME, name);
	put_option_string(b, VS_PCAPNG_OPT_IF_DESCRIPTION, description);
	put_option(b, VS_PCAPNG_OPT_IF_TSRESOL, &tsresol, 1);
	if (comment != NULL)
		put_option_string(b, VS_PCAPNG_OPT_COMMENT, comment);
	block_end(b);
	writer_put_block(w, b);
	g_hash_table_insert(t->ids, key, GUINT_TO_POINTER(w->next_iface + 1));
	return w->next_iface++;
}

static guint32 writer_iface(struct pcapng_writer *w, guint32 session, guint8 channel,
                            const char *port)
{
	gpointer key = iface_key(session, channel);
	const struct session_info *s;
	g_autofree char *name = NULL;
	g_autofree char *description = NULL;
	guint32 id;

	if (iface_table_find(&w->ifaces, key, &id))
		return id;
	s = g_hash_table_lookup(w->sessions, GUINT_TO_POINTER(session));
	name = vs_pcapng_iface_name(port, session, vu_channel_name(channel));
	if (channel == VU_CHANNEL_MAIN && s)
		description = port != NULL ? g_strdup_printf("port %s: %s", port, s->description)
		                           : g_strdup(s->description);
	else if (channel == VU_CHANNEL_BACKEND)
		description = g_strdup_printf("vhost-user back-end channel of session %u", session);
	else if (channel == VU_CHANNEL_GPU)
		description = g_strdup_printf("vhost-user GPU socket of session %u", session);
	else
		description = g_strdup_printf("vhost-user session %u", session);
	return writer_add_iface(w, &w->ifaces, key, VS_LINKTYPE_WIRESHARK_UPPER_PDU, name,
	                        description, channel == VU_CHANNEL_MAIN && s ? s->comment : NULL);
}

static void writer_put_epb(struct pcapng_writer *w, const struct vs_record *r,
                           const struct vu_decoded *d, guint32 iface)
{
	static const guint8 tags[VS_EXP_PDU_TAGS_SIZE] = {0,   VS_EXP_PDU_TAG_DISSECTOR_NAME,
	                                                  0,   12,
	                                                  'v', 'h',
	                                                  'o', 's',
	                                                  't', 'u',
	                                                  's', 'e',
	                                                  'r', 0,
	                                                  0,   0,
	                                                  0,   VS_EXP_PDU_TAG_END,
	                                                  0,   0};
	G_STATIC_ASSERT(sizeof(VS_DISSECTOR_NAME) - 1 == 9);
	static const guint8 zeros[4];
	g_autoptr(GString) facts = NULL;
	g_autoptr(GString) comment = NULL;
	g_autofree guint8 *ring_body = NULL;
	const guint8 *body = NULL;
	gsize body_len = 0;
	struct vu_pseudo p;
	guint8 pseudo[VU_PSEUDO_FIXED + VU_MAX_FDS * VU_PSEUDO_FD_SIZE];
	gsize pseudo_len, comment_len = 0, data_pad, total;
	guint32 caplen, origlen;
	guint8 *at;

	if (r->kind == VU_RECORD_MESSAGE) {
		/* the message as it is: no copy before the block's */
		body = r->bytes;
		body_len = r->bytes ? r->len : 0;
		if (r->inject_note != NULL)
			comment = g_string_new(r->inject_note);
	} else if (r->kind == VU_RECORD_RING) {
		/* A snapshot read back from a capture is written as it came. */
		if (r->bytes != NULL) {
			body = r->bytes;
			body_len = r->len;
		} else {
			ring_body = vs_ring_record_encode(r, d, &body_len);
			body = ring_body;
		}
	} else if (r->kind == VU_RECORD_INFLIGHT || r->kind == VU_RECORD_DIRTY_LOG) {
		/* The same way: as it came, or what was shown live. */
		if (r->bytes != NULL) {
			body = r->bytes;
			body_len = r->len;
		} else {
			ring_body = vs_area_record_encode(r, &body_len);
			body = ring_body;
		}
	} else if (r->kind == VU_RECORD_NOTIFY || r->kind == VU_RECORD_DATA) {
		body = r->bytes;
		body_len = r->bytes ? r->len : 0;
	} else if (r->kind == VU_RECORD_CHANNEL_END) {
		comment = g_string_new(NULL);
		g_string_append_printf(comment, "session %u: %s channel closed by the %s-end",
		                       r->session, vu_channel_name((enum vu_channel)r->channel),
		                       vu_direction_name((enum vu_direction)r->from));
	} else {
		facts = g_string_new(NULL);
		vs_pcapng_facts_encode(&r->facts, facts);
		body = (const guint8 *)facts->str;
		body_len = facts->len;
		comment = g_string_new(NULL);
		g_string_append_printf(comment, "session %u %s: ", r->session,
		                       r->kind == VU_RECORD_SESSION_START ? "start" : "end");
		if (r->kind == VU_RECORD_SESSION_START)
			vs_pcapng_facts_describe(&r->facts, comment);
		else
			g_string_append(comment, r->facts.reason ? r->facts.reason : "ended");
	}
	/* The fixed fields; of the fd entries only the nfds the encoder reads
	 * (a whole struct's worth was a fifth of a small record's cost). */
	memset(&p, 0, offsetof(struct vu_pseudo, fds));
	p.version = VU_PSEUDO_VERSION;
	p.kind = r->kind;
	p.channel = r->channel;
	p.from = r->from;
	p.nfds = MIN(r->nfds, VU_MAX_FDS);
	p.flags = r->flags;
	p.fds_total = r->fds_total;
	p.inject = r->inject;
	p.session = r->session;
	p.msg_len = (guint32)body_len;
	memcpy(p.fds, r->fds, p.nfds * sizeof(p.fds[0]));
	pseudo_len = vu_pseudo_encode(&p, pseudo, sizeof(pseudo));
	origlen = (guint32)(VS_EXP_PDU_TAGS_SIZE + pseudo_len + body_len);
	if (origlen > MAX_CAPLEN) {
		p.msg_len = (guint32)(MAX_CAPLEN - VS_EXP_PDU_TAGS_SIZE - pseudo_len);
		p.flags |= VU_PSEUDO_F_TRUNCATED;
		pseudo_len = vu_pseudo_encode(&p, pseudo, sizeof(pseudo));
	}
	caplen = (guint32)(VS_EXP_PDU_TAGS_SIZE + pseudo_len + p.msg_len);
	if (comment && comment->len > 0)
		comment_len = MIN(comment->len, G_MAXUINT16 & ~3u);

	/* Built where it is written from (a message's bytes are copied once,
	 * from the record): what block_begin, put_* and block_end make. */
	data_pad = (4 - caplen % 4) % 4;
	total = 28 + caplen + data_pad + 4 + 8 +
	        (comment_len > 0 ? 4 + comment_len + (4 - comment_len % 4) % 4 : 0) + 4 + 4;
	at = out_reserve(w, total);
	at = put_at_u32(at, VS_PCAPNG_BT_EPB);
	at = put_at_u32(at, (guint32)total);
	at = put_at_u32(at, iface);
	at = put_at_u32(at, (guint32)(r->ts_ns >> 32));
	at = put_at_u32(at, (guint32)r->ts_ns);
	at = put_at_u32(at, caplen);
	at = put_at_u32(at, origlen);
	at = put_at(at, tags, sizeof(tags));
	at = put_at(at, pseudo, pseudo_len);
	if (p.msg_len > 0)
		at = put_at(at, body, p.msg_len);
	at = put_at(at, zeros, data_pad);
	at = put_at_u16(at, VS_PCAPNG_OPT_EPB_PACKETID);
	at = put_at_u16(at, 8);
	at = put_at(at, &r->frame, 8);
	if (comment_len > 0) {
		at = put_at_u16(at, VS_PCAPNG_OPT_COMMENT);
		at = put_at_u16(at, (guint16)comment_len);
		at = put_at(at, comment->str, comment_len);
		at = put_at(at, zeros, (4 - comment_len % 4) % 4);
	}
	at = put_at_u16(at, VS_PCAPNG_OPT_END);
	at = put_at_u16(at, 0);
	put_at_u32(at, (guint32)total);
	writer_put_reserved(w, total);
}

/* ---- net frames (--packets) ------------------------------------------------ */

/* Wireshark's Ethernet dissector for frames without a frame check sequence
 * (packet-eth.c registers "eth_withoutfcs"). */
#define ETH_DISSECTOR_NAME "eth_withoutfcs"
/* Tag 12 with the name NUL-padded to 16 bytes, then the end tag. */
#define ETH_TAGS_SIZE     24u
#define LINKTYPE_ETHERNET 1u
/* A frame shorter than an Ethernet header is not one. */
#define ETH_HEADER 14u

static gpointer queue_key(guint32 session, guint16 vring)
{
	return GSIZE_TO_POINTER(((gsize)session << 16) | vring);
}

/* The interface of one queue of a net session ("session 1 net tx0"). */
static guint32 writer_queue_iface(struct pcapng_writer *w, const struct vs_record *r, guint16 vring,
                                  const struct vu_payload_net *net)
{
	gpointer key = queue_key(r->session, vring);
	g_autofree char *queue = NULL;
	g_autofree char *name = NULL;
	g_autofree char *description = NULL;
	guint32 id;

	if (iface_table_find(&w->queues, key, &id))
		return id;
	queue = g_strdup_printf("net %s%u", net->rx ? "rx" : "tx", net->pair);
	name = vs_pcapng_iface_name(r->port, r->session, queue);
	description =
	    g_strdup_printf("virtio-net %s queue %u (vring %u) of vhost-user session %u, "
	                    "frames without the virtio-net header",
	                    net->rx ? "receive" : "transmit", net->pair, vring, r->session);
	return writer_add_iface(w, &w->queues, key,
	                        w->frames_only ? LINKTYPE_ETHERNET
	                                       : VS_LINKTYPE_WIRESHARK_UPPER_PDU,
	                        name, description, NULL);
}

/*
 * A net entry that carries a frame (a transmit buffer made available, a
 * receive buffer used): the frame after the virtio-net header, as an
 * exported PDU for Wireshark's Ethernet dissector, or (frames_only) as an
 * Ethernet frame. origlen is the frame's whole length, caplen what was kept.
 */
static void writer_put_frame(struct pcapng_writer *w, const struct vs_record *r)
{
	static const guint8 tags[ETH_TAGS_SIZE] = {0,   VS_EXP_PDU_TAG_DISSECTOR_NAME,
	                                           0,   16,
	                                           'e', 't',
	                                           'h', '_',
	                                           'w', 'i',
	                                           't', 'h',
	                                           'o', 'u',
	                                           't', 'f',
	                                           'c', 's',
	                                           0,   0,
	                                           0,   0,
	                                           0,   0};
	static const guint8 zeros[4];
	G_STATIC_ASSERT(sizeof(ETH_DISSECTOR_NAME) - 1 == 14);
	struct vu_payload parsed;
	struct vu_payload_info decoded;
	const struct vu_payload *e = r->entry;
	const struct vu_payload_info *info = r->info;
	const guint8 *bytes;
	guint32 kept, whole, caplen, origlen, tags_len;
	gsize total, data_pad;
	guint8 *at;

	/* Parsed and decoded once for every sink by the pipeline, when it could. */
	if (e == NULL) {
		if (r->bytes == NULL || !vu_payload_parse(r->bytes, r->len, &parsed))
			return;
		e = &parsed;
	}
	if (e->device != VU_DEVICE_NET)
		return;
	/* Only a transmit buffer made available or a receive buffer used holds
	 * a frame (virtio-net: vring 2k receives, 2k+1 transmits); the
	 * decoder says which the entry is, and the header's size. */
	if ((e->vring % 2u == 1u) != (e->phase == VU_PAYLOAD_AVAIL))
		return;
	if (info == NULL) {
		vu_payload_decode(e, r->payload, &decoded);
		info = &decoded;
	}
	if (info->net.read != VU_PAYLOAD_READ_OK || info->net.ctrl)
		return;
	if (info->net.tx && e->phase == VU_PAYLOAD_AVAIL) {
		bytes = e->out;
		kept = e->out_kept;
		whole = e->out_total;
	} else if (info->net.rx && e->phase == VU_PAYLOAD_USED) {
		bytes = e->in;
		kept = e->in_kept;
		whole = MIN(e->used_len, e->in_total);
	} else {
		return;
	}
	if (kept < info->net.hdr_size + ETH_HEADER || whole < kept)
		return;
	bytes += info->net.hdr_size;
	kept -= info->net.hdr_size;
	whole -= info->net.hdr_size;
	tags_len = w->frames_only ? 0 : ETH_TAGS_SIZE;
	caplen = tags_len + kept;
	origlen = tags_len + whole;
	data_pad = (4 - caplen % 4) % 4;
	total = 28 + caplen + data_pad + 4 + 4;
	{
		guint32 iface = writer_queue_iface(w, r, e->vring, &info->net);

		at = out_reserve(w, total);
		at = put_at_u32(at, VS_PCAPNG_BT_EPB);
		at = put_at_u32(at, (guint32)total);
		at = put_at_u32(at, iface);
	}
	at = put_at_u32(at, (guint32)(r->ts_ns >> 32));
	at = put_at_u32(at, (guint32)r->ts_ns);
	at = put_at_u32(at, caplen);
	at = put_at_u32(at, origlen);
	at = put_at(at, tags, tags_len);
	at = put_at(at, bytes, kept);
	at = put_at(at, zeros, data_pad);
	at = put_at_u16(at, VS_PCAPNG_OPT_END);
	at = put_at_u16(at, 0);
	put_at_u32(at, (guint32)total);
	writer_put_reserved(w, total);
}

/* ---- the sink ------------------------------------------------------------- */

/* A session ended: its queues' interfaces are not used again (a session
 * with the same id, in a second capture read into one run, gets new ones). */
static void forget_queues(struct pcapng_writer *w, guint32 session)
{
	for (guint v = 0; v < VU_MAX_VRINGS; v++)
		iface_table_forget(&w->queues, queue_key(session, (guint16)v));
}

static void pcapng_sink_write(struct vs_sink *sink, const struct vs_record *r,
                              const struct vu_decoded *d, const struct vu_session *state)
{
	struct pcapng_writer *w = sink->data;
	guint32 iface;

	(void)state;
	/* Made again from the timestamps by whoever reads the capture. */
	if (r->kind == VU_RECORD_FINDINGS ||
	    ((r->kind == VU_RECORD_RING || r->kind == VU_RECORD_INFLIGHT ||
	      r->kind == VU_RECORD_DIRTY_LOG) &&
	     r->ring == NULL && r->bytes == NULL))
		return;
	if (w->frames_only) {
		if (r->kind == VU_RECORD_DATA) {
			writer_maybe_rotate(w, 4096 + r->len);
			if (w->fd >= 0)
				writer_put_frame(w, r);
		}
		if (r->kind == VU_RECORD_SESSION_END)
			forget_queues(w, r->session);
		return;
	}
	if (r->kind == VU_RECORD_SESSION_START)
		writer_remember_session(w, r);
	/* IDB (< 4 KiB with a long command line) + EPB. */
	writer_maybe_rotate(w, 4096 + (r->kind == VU_RECORD_MESSAGE ? r->len : VU_RING_RECORD_MAX) +
	                           VU_PSEUDO_FIXED + VU_MAX_FDS * VU_PSEUDO_FD_SIZE);
	if (w->fd >= 0) {
		iface = writer_iface(w, r->session, r->channel, r->port);
		writer_put_epb(w, r, d, iface);
		/* A net frame also goes out as Ethernet, after its record. */
		if (r->kind == VU_RECORD_DATA)
			writer_put_frame(w, r);
	}
	if (r->kind == VU_RECORD_SESSION_END) {
		forget_queues(w, r->session);
		g_hash_table_remove(w->sessions, GUINT_TO_POINTER(r->session));
		for (guint8 ch = 0; ch < VU_CHANNEL_COUNT; ch++)
			iface_table_forget(&w->ifaces, iface_key(r->session, ch));
	}
}

static void pcapng_sink_flush(struct vs_sink *sink)
{
	struct pcapng_writer *w = sink->data;

	if (w->out.len > 0)
		writer_flush_out(w);
}

static void pcapng_sink_close(struct vs_sink *sink)
{
	struct pcapng_writer *w = sink->data;

	if (w->out.len > 0)
		writer_flush_out(w);
	if (w->fd >= 0 && !w->to_stdout && close(w->fd) != 0)
		g_printerr("vhostsniff: capture %s: close failed: %s\n", w->path,
		           g_strerror(errno));
	g_hash_table_destroy(w->ifaces.ids);
	g_hash_table_destroy(w->queues.ids);
	g_hash_table_destroy(w->sessions);
	g_byte_array_free(w->block, TRUE);
	g_free(w->out.data);
	g_free(w->template);
	g_free(w->path);
	g_free(w);
	g_free(sink);
}

static struct vs_sink *sink_new(const char *path, const struct vs_capture_rotation *rotation,
                                gboolean frames_only, GError **error)
{
	struct pcapng_writer *w = g_new0(struct pcapng_writer, 1);
	struct vs_sink *sink;

	w->frames_only = frames_only;
	w->template = g_strdup(path);
	if (rotation)
		w->rotation = *rotation;
	w->fd = -1;
	w->ifaces.ids = g_hash_table_new(g_direct_hash, g_direct_equal);
	w->queues.ids = g_hash_table_new(g_direct_hash, g_direct_equal);
	w->sessions = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, session_info_free);
	w->block = g_byte_array_sized_new(4096);
	w->out.cap = OUT_MAX + 4096;
	w->out.data = g_malloc(w->out.cap);
	if (!writer_open(w, error)) {
		sink = g_new0(struct vs_sink, 1);
		sink->data = w;
		pcapng_sink_close(sink);
		return NULL;
	}
	sink = g_new0(struct vs_sink, 1);
	sink->name = frames_only ? "pcapng-frames" : "pcapng";
	sink->records_only = TRUE;
	sink->takes_areas = TRUE; /* --rings: the inflight and dirty-log records too */
	sink->takes_notify = TRUE;
	sink->takes_data = TRUE;
	sink->write = pcapng_sink_write;
	sink->flush = pcapng_sink_flush;
	sink->close = pcapng_sink_close;
	sink->data = w;
	return sink;
}

struct vs_sink *vs_pcapng_sink_new_rotating(const char *path,
                                            const struct vs_capture_rotation *rotation,
                                            GError **error)
{
	return sink_new(path, rotation, FALSE, error);
}

struct vs_sink *vs_pcapng_frames_sink_new(const char *path, GError **error)
{
	return sink_new(path, NULL, TRUE, error);
}

struct vs_sink *vs_pcapng_sink_new(const char *path, GError **error)
{
	return vs_pcapng_sink_new_rotating(path, NULL, error);
}
