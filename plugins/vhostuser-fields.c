/*
 * Fields, subtrees and expert infos of the vhost-user plugin, generated from
 * the dissector library's tables: every decoder field becomes "vhostuser." +
 * its key, every request of every channel a value name of vhostuser.request,
 * every feature/status bit a named boolean, every finding an expert info
 * "vhostuser.finding." + its key. Adding a row to a table adds it here.
 */
#define WS_BUILD_DLL
#include "config.h"

#include <string.h>

#include "plugins/vhostuser.h"

struct vhostuser_hf vhostuser_hf;
struct vhostuser_ett vhostuser_ett;
expert_field vhostuser_ei_finding[VU_FIND_COUNT];
expert_field vhostuser_ei_bad_pseudo = EI_INIT;
expert_field vhostuser_ei_relay_truncated = EI_INIT;

static int hf_field[VU_FIELD_COUNT];

/* Per-bit booleans: lists of hf pointers, NULL-terminated. */
#define MAX_DEVICE_TYPES 64
static int **virtio_bits[MAX_DEVICE_TYPES];   /* transport + the device's own bits */
static int **protocol_bits[VU_DIALECT_COUNT]; /* per dialect */
static int **status_bits;

/* Registrations are collected here, then handed to Wireshark at once. */
static GArray *hf_array; /* hf_register_info */

static const value_string channel_names[] = {
    {VU_CHANNEL_MAIN, "main"},
    {VU_CHANNEL_BACKEND, "backend"},
    {VU_CHANNEL_GPU, "gpu"},
    {0, NULL},
};

static const value_string direction_names[] = {
    {VU_FROM_FRONT, "front-end to back-end"},
    {VU_FROM_BACK, "back-end to front-end"},
    {0, NULL},
};

static const value_string event_names[] = {
    {VU_RECORD_MESSAGE, "message"},
    {VU_RECORD_SESSION_START, "session start"},
    {VU_RECORD_SESSION_END, "session end"},
    {VU_RECORD_CHANNEL_END, "channel end"},
    {VU_RECORD_RING, "ring"},
    {VU_RECORD_DATA, "data"},
    {VU_RECORD_NOTIFY, "notification"},
    {0, NULL},
};

static const value_string notify_signal_names[] = {
    {VU_NOTIFY_KICK, "kick"},
    {VU_NOTIFY_CALL, "call"},
    {VU_NOTIFY_ERR, "err"},
    {0, NULL},
};

static const value_string inflight_status_names[] = {
    {VU_INFLIGHT_OK, "ok"},
    {VU_INFLIGHT_UNSET, "not set up"},
    {VU_INFLIGHT_BAD_LAYOUT, "bad layout"},
    {VU_INFLIGHT_UNREADABLE, "unreadable"},
    {0, NULL},
};

static const value_string ring_status_names[] = {
    {VU_RING_OK, "ok"},
    {VU_RING_NO_ADDRESS, "no address"},
    {VU_RING_UNKNOWN_SPACE, "unknown address space"},
    {VU_RING_UNMAPPED, "unmapped"},
    {VU_RING_UNREADABLE, "unreadable"},
    {0, NULL},
};

static const value_string ring_part_names[] = {
    {VU_RING_PART_NONE, "none"},
    {VU_RING_PART_DESC, "desc"},
    {VU_RING_PART_AVAIL, "avail"},
    {VU_RING_PART_USED, "used"},
    {0, NULL},
};

static const value_string fd_kind_names[] = {
    {VU_FD_UNKNOWN, "unknown"}, {VU_FD_MEMFD, "memfd"},
    {VU_FD_EVENTFD, "eventfd"}, {VU_FD_SOCKET, "socket"},
    {VU_FD_PIPE, "pipe"},       {VU_FD_FILE, "file"},
    {VU_FD_OTHER, "other"},     {0, NULL},
};

static void add_hf(int *id, const char *name, const char *abbrev, enum ftenum type, int display,
                   const void *strings, guint64 bitmask, const char *blurb)
{
	hf_register_info hf = {id, {name, abbrev, type, display, strings, bitmask, blurb, HFILL}};

	*id = -1;
	g_array_append_val(hf_array, hf);
}

/* A field of a table of rows: no bitmask, no description. */
struct hf_row {
	int *id;
	const char *name, *abbrev;
	enum ftenum type;
	int display;
	const void *strings;
};

static void add_hf_rows(const struct hf_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add_hf(rows[i].id, rows[i].name, rows[i].abbrev, rows[i].type, rows[i].display,
		       rows[i].strings, 0, NULL);
}

/* ---- the fixed fields ------------------------------------------------------- */

static void register_fixed(void)
{
	struct vhostuser_hf *h = &vhostuser_hf;

	add_hf(&h->pseudo, "Capture pseudo-header", "vhostuser.pseudo", FT_NONE, BASE_NONE, NULL, 0,
	       "vhostsniff's header before each message (doc/capture-format.md)");
	add_hf(&h->pseudo_version, "Version", "vhostuser.pseudo.version", FT_UINT8, BASE_DEC, NULL,
	       0, NULL);
	add_hf(&h->pseudo_flags, "Flags", "vhostuser.pseudo.flags", FT_UINT8, BASE_HEX, NULL, 0,
	       NULL);
	add_hf(&h->pseudo_truncated, "Truncated by the relay", "vhostuser.pseudo.truncated",
	       FT_BOOLEAN, 8, NULL, VU_PSEUDO_F_TRUNCATED, NULL);
	add_hf(&h->event, "Record", "vhostuser.event", FT_UINT8, BASE_DEC, VALS(event_names), 0,
	       NULL);
	add_hf(&h->session, "Session", "vhostuser.session", FT_UINT32, BASE_DEC, NULL, 0,
	       "One front-end connection and its back-end connection");
	add_hf(&h->channel, "Channel", "vhostuser.channel", FT_UINT8, BASE_DEC, VALS(channel_names),
	       0, NULL);
	add_hf(&h->direction, "Direction", "vhostuser.direction", FT_UINT8, BASE_DEC,
	       VALS(direction_names), 0, NULL);
	add_hf(&h->fds, "File descriptors", "vhostuser.fds", FT_UINT8, BASE_DEC, NULL, 0,
	       "Fds that crossed with the message (SCM_RIGHTS)");
	add_hf(&h->fds_described, "Fds described", "vhostuser.fds.described", FT_UINT8, BASE_DEC,
	       NULL, 0, NULL);
	add_hf(&h->msg_len, "Message length", "vhostuser.msg_len", FT_UINT32, BASE_DEC, NULL, 0,
	       "Bytes of the message as it crossed the socket");
	add_hf(&h->fd, "File descriptor", "vhostuser.fd", FT_NONE, BASE_NONE, NULL, 0, NULL);
	add_hf(&h->fd_kind, "Kind", "vhostuser.fd.kind", FT_UINT8, BASE_DEC, VALS(fd_kind_names), 0,
	       NULL);
	add_hf(&h->fd_size, "Size", "vhostuser.fd.size", FT_UINT64, BASE_DEC, NULL, 0,
	       "st_size when the fd crossed");
	add_hf(&h->fd_inode, "Inode", "vhostuser.fd.inode", FT_UINT64, BASE_DEC, NULL, 0, NULL);
	add_hf(&h->fd_interposed, "Interposed", "vhostuser.fd.interposed", FT_BOOLEAN, 8, NULL,
	       VU_FD_F_INTERPOSED,
	       "vhostsniff's own fd, handed over in place of the sender's (--kicks)");
	add_hf(&h->fd_eventfd_id, "Eventfd id", "vhostuser.fd.eventfd_id", FT_UINT32, BASE_DEC,
	       NULL, 0, "eventfd-id of /proc/PID/fdinfo (0: unknown or not an eventfd)");
	add_hf(&h->fd_name, "Name", "vhostuser.fd.name", FT_STRINGZPAD, BASE_NONE, NULL, 0,
	       "memfd name or link target");
	add_hf(&h->front_path, "Front-end socket", "vhostuser.front.path", FT_STRING, BASE_NONE,
	       NULL, 0, NULL);
	add_hf(&h->front_role, "Front-end role", "vhostuser.front.role", FT_STRING, BASE_NONE, NULL,
	       0, "What vhostsniff did on the front-end socket: listen or connect");
	add_hf(&h->front_pid, "Front-end pid", "vhostuser.front.pid", FT_UINT32, BASE_DEC, NULL, 0,
	       NULL);
	add_hf(&h->front_cmdline, "Front-end command line", "vhostuser.front.cmdline", FT_STRING,
	       BASE_NONE, NULL, 0, NULL);
	add_hf(&h->back_path, "Back-end socket", "vhostuser.back.path", FT_STRING, BASE_NONE, NULL,
	       0, NULL);
	add_hf(&h->back_role, "Back-end role", "vhostuser.back.role", FT_STRING, BASE_NONE, NULL, 0,
	       "What vhostsniff did on the back-end socket: listen or connect");
	add_hf(&h->back_pid, "Back-end pid", "vhostuser.back.pid", FT_UINT32, BASE_DEC, NULL, 0,
	       NULL);
	add_hf(&h->back_cmdline, "Back-end command line", "vhostuser.back.cmdline", FT_STRING,
	       BASE_NONE, NULL, 0, NULL);
	add_hf(&h->reason, "End reason", "vhostuser.reason", FT_STRING, BASE_NONE, NULL, 0, NULL);
	add_hf(&h->fact, "Session fact", "vhostuser.fact", FT_STRING, BASE_NONE, NULL, 0, NULL);
	add_hf(&h->response_in, "Response in", "vhostuser.response_in", FT_FRAMENUM, BASE_NONE,
	       FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0,
	       "The reply to this request is in this frame");
	add_hf(&h->response_to, "Request in", "vhostuser.response_to", FT_FRAMENUM, BASE_NONE,
	       FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
	       "This is a reply to the request in this frame");
	add_hf(&h->time, "Time", "vhostuser.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
	       "Time between the request and its reply");
	add_hf(&h->malformed, "Malformed", "vhostuser.malformed", FT_BOOLEAN, BASE_NONE, NULL, 0,
	       "The message does not decode as valid vhost-user");
}

/* A ring snapshot (doc/capture-format.md, the ring record). */
static void register_ring(void)
{
	struct vhostuser_hf *h = &vhostuser_hf;
	const struct hf_row rows[] = {
	    {&h->ring, "Ring snapshot", "vhostuser.ring", FT_NONE, BASE_NONE, NULL},
	    {&h->ring_vring, "Vring", "vhostuser.ring.vring", FT_UINT16, BASE_DEC, NULL},
	    {&h->ring_cause, "Taken at", "vhostuser.ring.cause", FT_STRING, BASE_NONE, NULL},
	    {&h->ring_cause_frame, "Taken for frame", "vhostuser.ring.cause_frame", FT_UINT64,
	     BASE_DEC, NULL},
	    {&h->ring_status, "Status", "vhostuser.ring.status", FT_UINT8, BASE_DEC,
	     VALS(ring_status_names)},
	    {&h->ring_part, "Part", "vhostuser.ring.part", FT_UINT8, BASE_DEC,
	     VALS(ring_part_names)},
	    {&h->ring_num, "Size", "vhostuser.ring.num", FT_UINT16, BASE_DEC, NULL},
	    {&h->ring_packed, "Packed", "vhostuser.ring.packed", FT_BOOLEAN, BASE_NONE, NULL},
	    {&h->ring_event_idx, "Event index", "vhostuser.ring.event_idx", FT_BOOLEAN, BASE_NONE,
	     NULL},
	    {&h->ring_settled, "Settled", "vhostuser.ring.settled", FT_BOOLEAN, BASE_NONE, NULL},
	    {&h->ring_avail_idx, "Avail index", "vhostuser.ring.avail_idx", FT_UINT16, BASE_DEC,
	     NULL},
	    {&h->ring_used_idx, "Used index", "vhostuser.ring.used_idx", FT_UINT16, BASE_DEC, NULL},
	    {&h->ring_inflight, "In flight", "vhostuser.ring.inflight", FT_UINT32, BASE_DEC, NULL},
	    {&h->ring_avail_flags, "Avail flags", "vhostuser.ring.avail_flags", FT_UINT16, BASE_HEX,
	     NULL},
	    {&h->ring_used_flags, "Used flags", "vhostuser.ring.used_flags", FT_UINT16, BASE_HEX,
	     NULL},
	    {&h->ring_used_event, "Used event", "vhostuser.ring.used_event", FT_UINT16, BASE_DEC,
	     NULL},
	    {&h->ring_avail_event, "Avail event", "vhostuser.ring.avail_event", FT_UINT16, BASE_DEC,
	     NULL},
	    {&h->ring_avail_pos, "Avail position", "vhostuser.ring.avail_pos", FT_UINT16, BASE_DEC,
	     NULL},
	    {&h->ring_avail_wrap, "Avail wrap counter", "vhostuser.ring.avail_wrap", FT_BOOLEAN,
	     BASE_NONE, NULL},
	    {&h->ring_used_pos, "Used position", "vhostuser.ring.used_pos", FT_UINT16, BASE_DEC,
	     NULL},
	    {&h->ring_used_wrap, "Used wrap counter", "vhostuser.ring.used_wrap", FT_BOOLEAN,
	     BASE_NONE, NULL},
	    {&h->ring_driver_event_flags, "Driver event flags", "vhostuser.ring.driver_event_flags",
	     FT_UINT16, BASE_HEX, NULL},
	    {&h->ring_device_event_flags, "Device event flags", "vhostuser.ring.device_event_flags",
	     FT_UINT16, BASE_HEX, NULL},
	    {&h->ring_stalled, "Stalled", "vhostuser.ring.stalled", FT_BOOLEAN, BASE_NONE, NULL},
	    {&h->ring_stalled_ns, "Stalled for (ns)", "vhostuser.ring.stalled_ns", FT_UINT64,
	     BASE_DEC, NULL},
	    {&h->ring_chain, "In-flight chain", "vhostuser.ring.chain", FT_NONE, BASE_NONE, NULL},
	    {&h->ring_chain_head, "Head", "vhostuser.ring.chain.head", FT_UINT16, BASE_DEC, NULL},
	    {&h->ring_chain_id, "Buffer id", "vhostuser.ring.chain.id", FT_UINT16, BASE_DEC, NULL},
	    {&h->ring_chain_descs, "Descriptors", "vhostuser.ring.chain.descs", FT_UINT32, BASE_DEC,
	     NULL},
	    {&h->ring_chain_readable, "Readable bytes", "vhostuser.ring.chain.readable", FT_UINT64,
	     BASE_DEC, NULL},
	    {&h->ring_chain_writable, "Writable bytes", "vhostuser.ring.chain.writable", FT_UINT64,
	     BASE_DEC, NULL},
	    {&h->ring_chain_status, "Chain status", "vhostuser.ring.chain.status", FT_STRING,
	     BASE_NONE, NULL},
	};

	add_hf_rows(rows, G_N_ELEMENTS(rows));
}

/* A queue of the inflight area and the dirty log's count (doc/capture-format.md,
 * the area records). */
static void register_areas(void)
{
	struct vhostuser_hf *h = &vhostuser_hf;
	const struct hf_row rows[] = {
	    {&h->inflight_queue, "Queue", "vhostuser.inflight.queue", FT_UINT16, BASE_DEC, NULL},
	    {&h->inflight_status, "Status", "vhostuser.inflight.status", FT_UINT8, BASE_DEC,
	     VALS(inflight_status_names)},
	    {&h->inflight_version, "Version", "vhostuser.inflight.version", FT_UINT16, BASE_DEC,
	     NULL},
	    {&h->inflight_desc_num, "Descriptors", "vhostuser.inflight.desc_num", FT_UINT16,
	     BASE_DEC, NULL},
	    {&h->inflight_count, "Resubmitted", "vhostuser.inflight.inflight", FT_UINT32, BASE_DEC,
	     NULL},
	    {&h->inflight_desc, "Resubmitted descriptor", "vhostuser.inflight.desc", FT_UINT16,
	     BASE_DEC, NULL},
	    {&h->log_pages, "Pages", "vhostuser.log.pages", FT_UINT64, BASE_DEC, NULL},
	    {&h->log_dirty, "Dirty pages", "vhostuser.log.dirty", FT_UINT64, BASE_DEC, NULL},
	    {&h->log_unreadable, "Unreadable", "vhostuser.log.unreadable", FT_BOOLEAN, BASE_NONE,
	     NULL},
	};

	add_hf_rows(rows, G_N_ELEMENTS(rows));
}

/* vhostuser.notify.*: a notification record (--kicks, dissector/vu-notify.h). */
static void register_notify(void)
{
	struct vhostuser_hf *h = &vhostuser_hf;

	add_hf(&h->notify, "Notification", "vhostuser.notify", FT_NONE, BASE_NONE, NULL, 0,
	       "One read of a kick, call or error eventfd, forwarded whole (--kicks)");
	add_hf(&h->notify_signal, "Signal", "vhostuser.notify.signal", FT_UINT8, BASE_DEC,
	       VALS(notify_signal_names), 0, NULL);
	add_hf(&h->notify_vring, "Vring", "vhostuser.notify.vring", FT_UINT16, BASE_DEC, NULL, 0,
	       NULL);
	add_hf(&h->notify_count, "Count", "vhostuser.notify.count", FT_UINT64, BASE_DEC, NULL, 0,
	       "What this eventfd read returned: signals forwarded together");
	add_hf(&h->notify_signals, "Signals so far", "vhostuser.notify.signals", FT_UINT64,
	       BASE_DEC, NULL, 0, "The ring's signals of this kind so far in the session");
	add_hf(&h->notify_reads, "Reads so far", "vhostuser.notify.reads", FT_UINT64, BASE_DEC,
	       NULL, 0, NULL);
	add_hf(&h->notify_coalesced, "Coalesced so far", "vhostuser.notify.coalesced", FT_UINT64,
	       BASE_DEC, NULL, 0, "Signals read together with another: signals - reads");
	add_hf(&h->notify_enabled, "Ring enabled", "vhostuser.notify.enabled", FT_BOOLEAN, 8, NULL,
	       VU_NOTIFY_F_ENABLED, "SET_VRING_ENABLE 1 had been forwarded");
	add_hf(&h->notify_stopped, "Ring stopped", "vhostuser.notify.stopped", FT_BOOLEAN, 8, NULL,
	       VU_NOTIFY_F_STOPPED, "GET_VRING_BASE had been forwarded, no SET_VRING_KICK since");
	add_hf(&h->notify_pending, "Pending at the handover", "vhostuser.notify.pending",
	       FT_BOOLEAN, 8, NULL, VU_NOTIFY_F_PENDING,
	       "In the front-end's kick eventfd when vhostsniff began to watch it");
}

/* vhostuser.request: one field per channel under the same filter name, each
 * with its channel's names (the number spaces overlap). */
static void register_requests(void)
{
	for (unsigned ch = 0; ch < VU_CHANNEL_COUNT; ch++) {
		size_t count;
		const struct vu_request_info *t = vu_request_table((enum vu_channel)ch, &count);
		value_string *vs = g_new0(value_string, count + 1);
		size_t n = 0;

		for (size_t i = 0; t != NULL && i < count; i++) {
			if (t[i].name == NULL || t[i].number == 0)
				continue;
			vs[n].value = t[i].number;
			vs[n].strptr = t[i].name;
			n++;
		}
		add_hf(&vhostuser_hf.request[ch], "Request", "vhostuser.request", FT_UINT32,
		       BASE_DEC, VALS(vs), 0,
		       g_strdup_printf("Request code (%s channel)", vu_channel_name(ch)));
	}
}

/* ---- fields of the decoder ------------------------------------------------- */

static enum ftenum field_ftype(enum vu_field_type t)
{
	switch (t) {
	case VU_FT_U8:
		return FT_UINT8;
	case VU_FT_U16:
		return FT_UINT16;
	case VU_FT_U32:
		return FT_UINT32;
	case VU_FT_U64:
		return FT_UINT64;
	case VU_FT_I64:
		return FT_INT64;
	case VU_FT_BOOL:
		return FT_BOOLEAN;
	case VU_FT_BYTES:
		return FT_BYTES;
	case VU_FT_MAC:
		return FT_ETHER;
	case VU_FT_UUID:
		return FT_GUID;
	case VU_FT_NONE:
	default:
		return FT_NONE;
	}
}

static void register_field(enum vu_field_id id, const struct vu_field_def *def)
{
	enum ftenum type = field_ftype(def->type);
	int display = BASE_NONE;
	const void *strings = NULL;
	guint64 mask = def->mask;

	if (type == FT_BOOLEAN) {
		/* add_boolean takes 32 bits; a wider flag would be a table change. */
		if (mask > G_MAXUINT32)
			mask = 0;
		display = mask ? 32 : BASE_NONE;
	} else if (IS_FT_UINT(type) || IS_FT_INT(type)) {
		display = def->base == VU_BASE_HEX ? BASE_HEX : BASE_DEC;
	}
	if (def->values && (type == FT_UINT8 || type == FT_UINT16 || type == FT_UINT32)) {
		size_t n = 0;
		value_string *vs;

		while (def->values[n])
			n++;
		vs = g_new0(value_string, n + 1);
		for (size_t i = 0; i < n; i++) {
			vs[i].value = (guint32)i;
			vs[i].strptr = def->values[i];
		}
		strings = VALS(vs);
		display = BASE_DEC;
	}
	add_hf(&hf_field[id], def->label, g_strconcat("vhostuser.", def->key, NULL), type, display,
	       strings, mask, NULL);
}

/* "VERSION_1" -> "version_1": filter names take lower case, digits, '_' and '.'. */
static char *filter_name(const char *name)
{
	char *s = g_ascii_strdown(name, -1);

	for (char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '_')
			*p = '_';
	return s;
}

/* Append the booleans of table t under prefix to list (hf ids in ids). */
static void register_bits(GPtrArray *list, const struct vu_bit_table *t, const char *prefix,
                          const char *what)
{
	for (size_t i = 0; t != NULL && i < t->count; i++) {
		const struct vu_bit_name *b = &t->bits[i];
		g_autofree char *key = NULL;
		int *id;

		if (b->name == NULL || b->bit > 63)
			continue;
		key = filter_name(b->name);
		id = g_new(int, 1);
		add_hf(id, b->name, g_strdup_printf("%s.%s", prefix, key), FT_BOOLEAN, 64, NULL,
		       G_GUINT64_CONSTANT(1) << b->bit,
		       g_strdup_printf("%s bit %u%s", what, b->bit,
		                       b->unverified ? " (name not verified)" : ""));
		g_ptr_array_add(list, id);
	}
}

static int **finish_list(GPtrArray *list)
{
	g_ptr_array_add(list, NULL);
	return (int **)g_ptr_array_free(list, FALSE);
}

static void register_all_bits(void)
{
	GPtrArray *transport = g_ptr_array_new();
	GPtrArray *list;

	register_bits(transport, vu_transport_feature_table(), "vhostuser.features",
	              "virtio transport feature");
	for (unsigned type = 0; type < MAX_DEVICE_TYPES; type++) {
		const struct vu_bit_table *t = vu_device_feature_table((enum vu_device_type)type);
		g_autofree char *prefix = NULL;

		list = g_ptr_array_new();
		for (guint i = 0; i < transport->len; i++)
			g_ptr_array_add(list, g_ptr_array_index(transport, i));
		if (t != NULL) {
			prefix = g_strdup_printf("vhostuser.features.%s", t->id);
			register_bits(list, t, prefix, "virtio device feature");
		}
		virtio_bits[type] = finish_list(list);
	}
	g_ptr_array_free(transport, TRUE);

	list = g_ptr_array_new();
	register_bits(list, vu_protocol_feature_table(), "vhostuser.protocol_features",
	              "vhost-user protocol feature");
	/* A dialect's list: its own bits, then upstream's at the other numbers. */
	for (unsigned dialect = 0; dialect < VU_DIALECT_COUNT; dialect++) {
		const struct vu_bit_table *own =
		    vu_dialect_protocol_table((enum vu_dialect)dialect);
		const struct vu_bit_table *upstream = vu_protocol_feature_table();
		GPtrArray *dl = g_ptr_array_new();
		g_autofree char *prefix = g_strdup_printf(
		    "vhostuser.protocol_features.%s", vu_dialect_name((enum vu_dialect)dialect));

		if (own != NULL)
			register_bits(dl, own, prefix, "vhost-user protocol feature");
		/* list holds upstream's ids in table order (every row has a name). */
		for (size_t i = 0; i < upstream->count && i < list->len; i++)
			if (vu_bit_table_lookup(own, upstream->bits[i].bit) == NULL)
				g_ptr_array_add(dl, g_ptr_array_index(list, i));
		protocol_bits[dialect] = finish_list(dl);
	}
	g_ptr_array_free(list, TRUE);
	list = g_ptr_array_new();
	register_bits(list, vu_status_bit_table(), "vhostuser.status", "virtio device status");
	status_bits = finish_list(list);
}

int *const *vhostuser_bit_fields(const struct vu_field_def *def, enum vu_device_type device,
                                 enum vu_dialect dialect)
{
	if (def->bits == NULL)
		return NULL;
	if (strcmp(def->bits, "virtio") == 0)
		return (int *const *)virtio_bits[(unsigned)device < MAX_DEVICE_TYPES ? device : 0];
	if (strcmp(def->bits, "protocol") == 0)
		return (
		    int *const *)protocol_bits[(unsigned)dialect < VU_DIALECT_COUNT ? dialect : 0];
	if (strcmp(def->bits, "status") == 0)
		return (int *const *)status_bits;
	return NULL;
}

int vhostuser_field_hf(enum vu_field_id id)
{
	return id == VU_FIELD_REQUEST || (unsigned)id >= VU_FIELD_COUNT ? -1 : hf_field[id];
}

/* ---- expert infos ---------------------------------------------------------- */

static int finding_group(const char *key)
{
	if (g_str_has_prefix(key, "malformed."))
		return PI_MALFORMED;
	if (g_str_has_prefix(key, "sequence."))
		return PI_SEQUENCE;
	if (g_str_has_prefix(key, "reply."))
		return PI_RESPONSE_CODE;
	return PI_PROTOCOL;
}

static int finding_severity(enum vu_severity s)
{
	return s == VU_SEV_ERROR ? PI_ERROR : s == VU_SEV_WARN ? PI_WARN : PI_NOTE;
}

static void register_experts(int proto)
{
	size_t count;
	const struct vu_finding_def *defs = vu_finding_defs(&count);
	ei_register_info *ei = g_new0(ei_register_info, count + 2);

	for (size_t i = 0; i < count && i < VU_FIND_COUNT; i++) {
		ei_register_info e = {&vhostuser_ei_finding[i],
		                      {g_strconcat("vhostuser.finding.", defs[i].key, NULL),
		                       finding_group(defs[i].key),
		                       finding_severity(defs[i].severity), defs[i].text, EXPFILL}};

		vhostuser_ei_finding[i] = (expert_field)EI_INIT;
		ei[i] = e;
	}
	ei[count] =
	    (ei_register_info){&vhostuser_ei_bad_pseudo,
	                       {"vhostuser.pseudo.invalid", PI_MALFORMED, PI_ERROR,
	                        "Capture pseudo-header invalid or of an unknown version", EXPFILL}};
	ei[count + 1] =
	    (ei_register_info){&vhostuser_ei_relay_truncated,
	                       {"vhostuser.pseudo.truncated.expert", PI_UNDECODED, PI_WARN,
	                        "The relay could not record every byte of this message", EXPFILL}};
	expert_register_field_array(expert_register_protocol(proto), ei, (int)count + 2);
}

/* ---- all of it --------------------------------------------------------------- */

void vhostuser_register_fields(int proto)
{
	size_t count;
	const struct vu_field_def *defs = vu_field_defs(&count);
	gint *ett[4 + VU_FIELD_COUNT + 5];
	size_t nett = 0;

	hf_array = g_array_new(FALSE, TRUE, sizeof(hf_register_info));
	register_fixed();
	register_ring();
	register_areas();
	register_notify();
	register_requests();
	for (size_t i = 0; i < count && i < VU_FIELD_COUNT; i++)
		if (i != VU_FIELD_REQUEST)
			register_field((enum vu_field_id)i, &defs[i]);
	hf_field[VU_FIELD_REQUEST] = -1;
	register_all_bits();
	/* Wireshark keeps pointers into the array: it must live as long as the program. */
	proto_register_field_array(proto, (hf_register_info *)(void *)hf_array->data,
	                           (int)hf_array->len);
	g_array_free(hf_array, FALSE);
	hf_array = NULL;

	ett[nett++] = &vhostuser_ett.top;
	ett[nett++] = &vhostuser_ett.pseudo;
	ett[nett++] = &vhostuser_ett.fd;
	ett[nett++] = &vhostuser_ett.facts;
	for (size_t i = 0; i < VU_FIELD_COUNT; i++) {
		vhostuser_ett.field[i] = -1;
		ett[nett++] = &vhostuser_ett.field[i];
	}
	ett[nett++] = &vhostuser_ett.bits;
	ett[nett++] = &vhostuser_ett.findings;
	ett[nett++] = &vhostuser_ett.ring;
	ett[nett++] = &vhostuser_ett.chain;
	ett[nett++] = &vhostuser_ett.notify;
	vhostuser_ett.ring = vhostuser_ett.chain = vhostuser_ett.notify = -1;
	vhostuser_ett.top = vhostuser_ett.pseudo = vhostuser_ett.fd = vhostuser_ett.facts = -1;
	vhostuser_ett.bits = vhostuser_ett.findings = -1;
	proto_register_subtree_array(ett, (int)nett);
	register_experts(proto);
}
