/* Sample records for the capture tests (see test-capture-samples.h). */
#include <string.h>

#include "tests/test-capture-samples.h"

#define TS0 G_GUINT64_CONSTANT(1700000000123456789)

struct builder {
	GPtrArray *records;
	guint64 frame;
};

static struct vs_record *add(struct builder *b, guint32 session, guint8 kind)
{
	struct vs_record *r = vs_record_new();

	r->frame = ++b->frame;
	/* Frames 1 us apart, plus an odd nanosecond count to catch rounding. */
	r->ts_ns = TS0 + b->frame * 1000u + (b->frame % 7);
	r->session = session;
	r->kind = kind;
	g_ptr_array_add(b->records, r);
	return r;
}

static void put_le(guint8 *p, guint64 v, gsize n)
{
	for (gsize i = 0; i < n; i++, v >>= 8)
		p[i] = (guint8)v;
}

/* A message with a header (request, flags, size) and len bytes in all, the
 * payload taken from payload (zeros where it is shorter). */
static struct vs_record *msg_raw(struct builder *b, guint32 session, guint8 channel, guint8 from,
                                 guint32 request, guint32 flags, guint32 size, gsize len,
                                 const void *payload, gsize payload_len)
{
	struct vs_record *r = add(b, session, VU_RECORD_MESSAGE);
	guint8 hdr[12];

	r->channel = channel;
	r->from = from;
	r->len = (guint32)len;
	r->bytes = g_malloc0(MAX(len, 1));
	put_le(hdr, request, 4);
	put_le(hdr + 4, flags, 4);
	put_le(hdr + 8, size, 4);
	memcpy(r->bytes, hdr, MIN(len, sizeof(hdr)));
	if (len > 12 && payload)
		memcpy(r->bytes + 12, payload, MIN(payload_len, len - 12));
	return r;
}

static struct vs_record *msg(struct builder *b, guint32 session, guint8 channel, guint8 from,
                             guint32 request, guint32 flags, const void *payload, gsize plen)
{
	return msg_raw(b, session, channel, from, request, flags, (guint32)plen, 12 + plen, payload,
	               plen);
}

static struct vs_record *msg_u64(struct builder *b, guint32 session, guint8 channel, guint8 from,
                                 guint32 request, guint32 flags, guint64 value)
{
	guint8 p[8];

	put_le(p, value, 8);
	return msg(b, session, channel, from, request, flags, p, 8);
}

static void add_fd(struct vs_record *r, guint8 kind, guint64 size, guint64 inode, const char *name)
{
	struct vu_fd_info *fd = &r->fds[r->nfds++];

	fd->kind = kind;
	fd->size = size;
	fd->inode = inode;
	g_strlcpy(fd->name, name, sizeof(fd->name));
	r->fds_total++;
}

static void session_start(struct builder *b, guint32 session, const char *front_cmdline)
{
	struct vs_record *r = add(b, session, VU_RECORD_SESSION_START);

	r->facts.front_path = g_strdup("/tmp/vhostsniff-test/a.sock");
	r->facts.back_path = g_strdup("/tmp/vhostsniff-test/b.sock");
	r->facts.front_role = VS_ROLE_LISTEN;
	r->facts.back_role = VS_ROLE_CONNECT;
	r->facts.front_pid = 4711;
	r->facts.back_pid = session == 1 ? 4702 : 0; /* unknown for the others */
	r->facts.front_cmdline = g_strdup(front_cmdline);
	r->facts.back_cmdline = session == 1 ? g_strdup("qemu-storage-daemon --export "
	                                                "type=vhost-user-blk,id=e0")
	                                     : NULL;
}

static void session_end(struct builder *b, guint32 session, const char *reason)
{
	struct vs_record *r = add(b, session, VU_RECORD_SESSION_END);

	r->facts.front_path = g_strdup("/tmp/vhostsniff-test/a.sock");
	r->facts.back_path = g_strdup("/tmp/vhostsniff-test/b.sock");
	r->facts.back_role = VS_ROLE_CONNECT;
	r->facts.reason = g_strdup(reason);
	/* What the analyzer writes at the end; START has them only by option. */
	if (session == 1) {
		r->facts.device = g_strdup("blk");
		r->facts.device_evidence = g_strdup("cmdline,features");
		r->facts.dialect = g_strdup("qemu");
	}
}

GPtrArray *test_capture_samples(void)
{
	struct builder b = {g_ptr_array_new_with_free_func((GDestroyNotify)vs_record_free), 0};
	const guint64 features = VU_BIT(VU_F_VERSION_1) | VU_BIT(VU_F_PROTOCOL_FEATURES) |
	                         VU_BIT(VU_F_INDIRECT_DESC) | VU_BIT(VU_BLK_F_FLUSH) |
	                         VU_BIT(VU_BLK_F_BLK_SIZE) | VU_BIT(VU_BLK_F_SEG_MAX) |
	                         VU_BIT(VU_BLK_F_SIZE_MAX);
	const guint64 protocol = VU_BIT(VU_PF_MQ) | VU_BIT(VU_PF_REPLY_ACK) |
	                         VU_BIT(VU_PF_BACKEND_REQ) | VU_BIT(VU_PF_CONFIG) |
	                         VU_BIT(VU_PF_CONFIGURE_MEM_SLOTS);
	guint8 mem[8 + 32], addr[40], state[8], config[12 + 8];
	struct vs_record *r;
	const guint8 F = VU_FROM_FRONT, B = VU_FROM_BACK, MAIN = VU_CHANNEL_MAIN;

	/* session 1: a command line with a newline, a backslash and a tab */
	session_start(&b, 1, "qemu-system-x86_64 -m 256M -name \"vm\\1\"\n\t-nodefaults");
	msg(&b, 1, MAIN, F, VU_REQ_GET_FEATURES, 0x1, NULL, 0);
	msg_u64(&b, 1, MAIN, B, VU_REQ_GET_FEATURES, 0x5, features); /* its reply */
	msg(&b, 1, MAIN, F, VU_REQ_GET_PROTOCOL_FEATURES, 0x1, NULL, 0);
	msg_u64(&b, 1, MAIN, B, VU_REQ_GET_PROTOCOL_FEATURES, 0x5, protocol);
	msg_u64(&b, 1, MAIN, F, VU_REQ_SET_PROTOCOL_FEATURES, 0x1, protocol);
	msg_u64(&b, 1, MAIN, F, VU_REQ_SET_FEATURES, 0x1, features);
	msg(&b, 1, MAIN, F, VU_REQ_SET_OWNER, 0x1, NULL, 0);
	r = msg(&b, 1, MAIN, F, VU_REQ_SET_BACKEND_REQ_FD, 0x9, NULL, 0);
	add_fd(r, VU_FD_SOCKET, 0, 90001, "socket:[90001]");
	msg_u64(&b, 1, MAIN, B, VU_REQ_SET_BACKEND_REQ_FD, 0x5, 0); /* REPLY_ACK */
	memset(mem, 0, sizeof(mem));
	put_le(mem, 1, 4);                                       /* nregions */
	put_le(mem + 8, 0, 8);                                   /* guest_addr */
	put_le(mem + 16, 256u << 20, 8);                         /* size */
	put_le(mem + 24, G_GUINT64_CONSTANT(0x7f0000000000), 8); /* user_addr */
	put_le(mem + 32, 0, 8);                                  /* mmap_offset */
	r = msg(&b, 1, MAIN, F, VU_REQ_SET_MEM_TABLE, 0x9, mem, sizeof(mem));
	add_fd(r, VU_FD_MEMFD, 256u << 20, 4242, "pc.ram");
	msg_u64(&b, 1, MAIN, B, VU_REQ_SET_MEM_TABLE, 0x5, 0);
	put_le(state, 0, 4);
	put_le(state + 4, 256, 4);
	msg(&b, 1, MAIN, F, VU_REQ_SET_VRING_NUM, 0x1, state, 8); /* ring 0, 256 entries */
	memset(addr, 0, sizeof(addr));
	put_le(addr + 8, G_GUINT64_CONSTANT(0x7f0000100000), 8);
	put_le(addr + 16, G_GUINT64_CONSTANT(0x7f0000101000), 8);
	put_le(addr + 24, G_GUINT64_CONSTANT(0x7f0000102000), 8);
	msg(&b, 1, MAIN, F, VU_REQ_SET_VRING_ADDR, 0x1, addr, sizeof(addr));
	put_le(state + 4, 0, 4);
	msg(&b, 1, MAIN, F, VU_REQ_SET_VRING_BASE, 0x1, state, 8); /* ring 0 at 0 */
	r = msg_u64(&b, 1, MAIN, F, VU_REQ_SET_VRING_KICK, 0x1, 0);
	add_fd(r, VU_FD_EVENTFD, 0, 7001, "anon_inode:[eventfd]");
	r = msg_u64(&b, 1, MAIN, F, VU_REQ_SET_VRING_CALL, 0x1, 0);
	add_fd(r, VU_FD_EVENTFD, 0, 7002, "anon_inode:[eventfd]");
	/* the back-end channel: CONFIG_CHANGE_MSG with NEED_REPLY and its ack */
	msg(&b, 1, VU_CHANNEL_BACKEND, B, VU_BREQ_CONFIG_CHANGE_MSG, 0x9, NULL, 0);
	msg_u64(&b, 1, VU_CHANNEL_BACKEND, F, VU_BREQ_CONFIG_CHANGE_MSG, 0x5, 0);
	memset(config, 0, sizeof(config));
	put_le(config + 4, 8, 4);
	msg(&b, 1, MAIN, F, VU_REQ_GET_CONFIG, 0x1, config, sizeof(config)); /* 8 bytes */
	memcpy(config + 12, "\x00\x00\x20\x00\x00\x00\x00\x00", 8);
	msg(&b, 1, MAIN, B, VU_REQ_GET_CONFIG, 0x5, config, sizeof(config));
	put_le(state + 4, 0, 4);
	msg(&b, 1, MAIN, F, VU_REQ_GET_VRING_BASE, 0x1, state, 8);
	put_le(state + 4, 42, 4);
	msg(&b, 1, MAIN, B, VU_REQ_GET_VRING_BASE, 0x5, state, 8);
	/* malformed ones, recorded as they came */
	msg_raw(&b, 1, MAIN, F, VU_REQ_GET_FEATURES, 0, 0, 5, NULL, 0); /* 5 bytes: short header */
	msg_raw(&b, 1, MAIN, F, VU_REQ_SET_VRING_NUM, 0x1, 8, 16, state,
	        8);                                             /* size 8, 4 bytes there */
	msg(&b, 1, MAIN, F, 77, 0x1, NULL, 0);                  /* unknown request */
	msg(&b, 1, MAIN, F, VU_REQ_GET_FEATURES, 0x2, NULL, 0); /* flags version 2 */
	r = msg_raw(&b, 1, MAIN, F, VU_REQ_SET_MEM_TABLE, 0x1, 5000, 28, mem, 16); /* oversize */
	r->flags = VU_PSEUDO_F_TRUNCATED;
	r = msg(&b, 1, MAIN, F, VU_REQ_SET_MEM_TABLE, 0x1, mem,
	        sizeof(mem)); /* 9 fds, 8 described */
	for (int i = 0; i < 8; i++)
		add_fd(r, VU_FD_FILE, 4096u * (guint64)(i + 1), 100u + (guint64)i,
		       "/dev/hugepages/rtemap_0123456789012345678");
	r->fds_total = 9;
	session_end(&b, 1, "front closed");

	/* session 2: a reconnect */
	session_start(&b, 2, "qemu-system-x86_64 -m 256M");
	msg(&b, 2, MAIN, F, VU_REQ_GET_FEATURES, 0x1, NULL, 0);
	msg_u64(&b, 2, MAIN, B, VU_REQ_GET_FEATURES, 0x5, features);
	session_end(&b, 2, "back closed");

	/* session 3: numbers that crosvm's dialect names its own way, and no
	 * evidence of the dialect: protocol bit 17, request 43 */
	session_start(&b, 3, "vmm --vhost-user-socket /tmp/vhostsniff-test/a.sock");
	msg_u64(&b, 3, MAIN, F, VU_REQ_SET_PROTOCOL_FEATURES, 0x1,
	        VU_BIT(VU_PF_MQ) | VU_BIT(VU_CROSVM_PF_SHARED_MEMORY_REGIONS));
	msg(&b, 3, MAIN, F, VU_CROSVM_REQ_WAKE, 0x1, NULL, 0);
	msg_u64(&b, 3, MAIN, B, VU_CROSVM_REQ_WAKE, 0x5, 0);
	session_end(&b, 3, "front closed");

	/* session 4: an id only crosvm uses tells the dialect */
	session_start(&b, 4, "vmm --vhost-user-socket /tmp/vhostsniff-test/a.sock");
	msg(&b, 4, MAIN, F, VU_CROSVM_REQ_SLEEP_1000, 0x1, NULL, 0);
	msg(&b, 4, MAIN, B, VU_CROSVM_REQ_SLEEP_1000, 0x5, "\001", 1);
	session_end(&b, 4, "front closed");

	/* session 5: protocol bit 31, which only crosvm numbers (its
	 * SHARED_MEMORY_REGIONS from 6795b3edf), offered: the offer tells the dialect */
	session_start(&b, 5, "vmm --vhost-user-socket /tmp/vhostsniff-test/a.sock");
	msg(&b, 5, MAIN, F, VU_REQ_GET_PROTOCOL_FEATURES, 0x1, NULL, 0);
	msg_u64(&b, 5, MAIN, B, VU_REQ_GET_PROTOCOL_FEATURES, 0x5,
	        VU_BIT(VU_PF_MQ) | VU_BIT(VU_PF_REPLY_ACK) |
	            VU_BIT(VU_CROSVM_PF_SHARED_MEMORY_REGIONS_31));
	session_end(&b, 5, "front closed");
	return b.records;
}

static gboolean str_equal0(const char *a, const char *b)
{
	return g_strcmp0(a, b) == 0;
}

gboolean test_capture_record_equal(const struct vs_record *a, const struct vs_record *b, char **why)
{
#define DIFF(cond, what)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			*why = g_strdup_printf("frame %" G_GUINT64_FORMAT ": %s differs",          \
			                       a->frame, what);                                    \
			return FALSE;                                                              \
		}                                                                                  \
	} while (0)
	DIFF(a->ts_ns == b->ts_ns, "ts_ns");
	DIFF(a->frame == b->frame, "frame");
	DIFF(a->session == b->session, "session");
	DIFF(a->kind == b->kind, "kind");
	DIFF(a->channel == b->channel, "channel");
	DIFF(a->from == b->from, "from");
	DIFF(a->flags == b->flags, "flags");
	DIFF(a->fds_total == b->fds_total, "fds_total");
	DIFF(a->nfds == b->nfds, "nfds");
	for (unsigned i = 0; i < a->nfds; i++) {
		DIFF(a->fds[i].kind == b->fds[i].kind, "fd kind");
		DIFF(a->fds[i].size == b->fds[i].size, "fd size");
		DIFF(a->fds[i].inode == b->fds[i].inode, "fd inode");
		DIFF(strcmp(a->fds[i].name, b->fds[i].name) == 0, "fd name");
	}
	DIFF(a->len == b->len, "len");
	DIFF(a->len == 0 || memcmp(a->bytes, b->bytes, a->len) == 0, "bytes");
	DIFF(str_equal0(a->facts.front_path, b->facts.front_path), "front_path");
	DIFF(str_equal0(a->facts.back_path, b->facts.back_path), "back_path");
	DIFF(a->facts.front_role == b->facts.front_role, "front_role");
	DIFF(a->facts.back_role == b->facts.back_role, "back_role");
	DIFF(a->facts.front_pid == b->facts.front_pid, "front_pid");
	DIFF(a->facts.back_pid == b->facts.back_pid, "back_pid");
	DIFF(str_equal0(a->facts.front_cmdline, b->facts.front_cmdline), "front_cmdline");
	DIFF(str_equal0(a->facts.back_cmdline, b->facts.back_cmdline), "back_cmdline");
	DIFF(str_equal0(a->facts.reason, b->facts.reason), "reason");
	DIFF(str_equal0(a->facts.device, b->facts.device), "device");
	DIFF(str_equal0(a->facts.device_evidence, b->facts.device_evidence), "device evidence");
	DIFF(str_equal0(a->facts.dialect, b->facts.dialect), "dialect");
	DIFF(str_equal0(a->facts.dialect_evidence, b->facts.dialect_evidence), "dialect evidence");
#undef DIFF
	return TRUE;
}
