/*
 * Unit tests of the UI's data side: the compact store fed through the UI's
 * sink by the real pipeline, the re-decode on demand, the state replay, the
 * display filter and the view. Expected values are computed here from the
 * records' own bytes (test-tui-gen.c builds them field by field), never by
 * the code under test.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "dissector/vu-notify.h"
#include "tests/test-tui-gen.h"
#include "tui/tui-internal.h"
#include "vscore/pipeline.h"
#include "vscore/ring-watch.h"

/* What the pipeline handed the sinks, kept for comparison. */
struct seen {
	GPtrArray *records; /* struct vs_record * copies (bytes and fds, no facts) */
	GPtrArray *states;  /* struct vu_session * after each record */
	GPtrArray *decoded; /* struct vu_decoded * of each message, NULL for events */
};

static void *copy_of(const void *p, size_t n)
{
	void *q = g_malloc(n);

	memcpy(q, p, n);
	return q;
}

static void seen_write(struct vs_sink *sink, const struct vs_record *r, const struct vu_decoded *d,
                       const struct vu_session *state)
{
	struct seen *s = sink->data;
	struct vs_record *copy = vs_record_new();

	*copy = *r;
	copy->bytes = r->bytes ? copy_of(r->bytes, r->len) : NULL;
	memset(&copy->facts, 0, sizeof(copy->facts));
	g_ptr_array_add(s->records, copy);
	g_ptr_array_add(s->states, copy_of(state, sizeof(*state)));
	g_ptr_array_add(s->decoded, d ? copy_of(d, sizeof(*d)) : NULL);
}

static void seen_close(struct vs_sink *sink)
{
	g_free(sink);
}

struct fixture {
	struct vs_tui *ui;
	struct vs_store *st;
	struct seen seen;
	struct vs_pipeline *pipeline;
};

static void submit(struct vs_record *r, void *data)
{
	vs_pipeline_submit(data, r);
}

/* As a run with two ports: odd sessions came through vm1-net0, even ones through vm1-blk. */
static const char *port_of_session(uint32_t session)
{
	return g_intern_static_string(session % 2 ? "vm1-net0" : "vm1-blk");
}

static void submit_labelled(struct vs_record *r, void *data)
{
	r->port = port_of_session(r->session);
	vs_pipeline_submit(data, r);
}

static void fixture_fill_with(struct fixture *f, unsigned sessions, bool faults, unsigned iotlb,
                              void (*fn)(struct vs_record *r, void *data))
{
	struct vs_sink *seen = g_new0(struct vs_sink, 1);
	struct vs_tui_gen g;

	f->ui = vs_tui_new(&(struct vs_tui_options){.title = "test"});
	f->st = f->ui->store;
	f->seen.records = g_ptr_array_new_with_free_func((GDestroyNotify)vs_record_free);
	f->seen.states = g_ptr_array_new_with_free_func(g_free);
	f->seen.decoded = g_ptr_array_new_with_free_func(g_free);
	seen->name = "seen";
	seen->write = seen_write;
	seen->close = seen_close;
	seen->data = &f->seen;
	/* Offline: the pipeline runs in this thread, like -r. */
	f->pipeline = vs_pipeline_new(1u << 20, VU_DEVICE_UNKNOWN);
	vs_pipeline_add_sink(f->pipeline, vs_tui_sink_new(f->ui));
	vs_pipeline_add_sink(f->pipeline, seen);
	vs_tui_gen_init(&g, 1700000000000000000ull, fn, f->pipeline);
	for (unsigned i = 0; i < sessions; i++)
		vs_tui_gen_blk_session(&g, faults, iotlb);
	vs_pipeline_finish(f->pipeline);
}

static void fixture_fill(struct fixture *f, unsigned sessions, bool faults, unsigned iotlb)
{
	fixture_fill_with(f, sessions, faults, iotlb, submit);
}

static void fixture_clear(struct fixture *f)
{
	vs_pipeline_free(f->pipeline);
	vs_tui_free(f->ui);
	g_ptr_array_unref(f->seen.records);
	g_ptr_array_unref(f->seen.states);
	g_ptr_array_unref(f->seen.decoded);
}

static const struct vs_record *record_at(struct fixture *f, guint i)
{
	return g_ptr_array_index(f->seen.records, i);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- the store -------------------------------------------------------------- */

static void test_store_append(void)
{
	struct fixture f;

	fixture_fill(&f, 3, true, 5);
	g_assert_cmpuint(vs_store_count(f.st), ==, f.seen.records->len);
	g_assert_true(atomic_load(&f.st->input_ended));
	for (guint i = 0; i < f.seen.records->len; i++) {
		const struct vs_record *r = record_at(&f, i);
		const struct vs_entry *e = vs_store_entry(f.st, i);

		g_assert_cmpuint(e->frame, ==, r->frame);
		g_assert_cmpuint(e->ts_ns, ==, r->ts_ns);
		g_assert_cmpuint(e->session, ==, r->session);
		g_assert_cmpuint(e->kind, ==, r->kind);
		if (r->kind != VU_RECORD_MESSAGE)
			continue;
		g_assert_cmpuint(vs_entry_channel(e), ==, r->channel);
		g_assert_cmpuint(vs_entry_from(e), ==, r->from);
		g_assert_cmpuint(e->len, ==, r->len);
		g_assert_cmpuint(e->stored, ==, r->len);
		g_assert_cmpmem(vs_store_bytes(f.st, e), e->stored, r->bytes, r->len);
		g_assert_cmpuint(e->request, ==, le32(r->bytes));
		g_assert_cmpuint(!!(e->flags & VS_ENTRY_REPLY), ==,
		                 !!(le32(r->bytes + 4) & VU_FLAG_REPLY));
		g_assert_cmpuint(e->fds_total, ==, r->fds_total);
	}
	g_assert_cmpuint(vs_store_session_count(f.st), ==, 3);
	fixture_clear(&f);
}

static void test_store_fds_findings(void)
{
	struct fixture f;
	unsigned with_findings = 0;

	fixture_fill(&f, 2, true, 0);
	for (guint i = 0; i < f.seen.records->len; i++) {
		const struct vs_record *r = record_at(&f, i);
		const struct vu_decoded *d = g_ptr_array_index(f.seen.decoded, i);
		const struct vs_entry *e = vs_store_entry(f.st, i);
		struct vu_fd_info fds[VU_MAX_FDS];
		struct vs_stored_finding found[VU_MAX_FINDINGS + 1];
		unsigned n = vs_store_fds(f.st, e, fds);

		g_assert_cmpuint(n, ==, r->nfds);
		for (unsigned k = 0; k < n; k++) {
			g_assert_cmpuint(fds[k].kind, ==, r->fds[k].kind);
			g_assert_cmpuint(fds[k].size, ==, r->fds[k].size);
			g_assert_cmpuint(fds[k].inode, ==, r->fds[k].inode);
			g_assert_cmpstr(fds[k].name, ==, r->fds[k].name);
		}
		n = vs_store_findings(f.st, e, found, G_N_ELEMENTS(found));
		if (!d) {
			g_assert_cmpuint(n, ==, 0);
			continue;
		}
		/* Every finding the pipeline reported, with its text, in order. */
		g_assert_cmpuint(n, ==, d->nfindings);
		for (unsigned k = 0; k < n; k++) {
			g_assert_cmpuint(found[k].code, ==, d->findings[k].code);
			g_assert_cmpstr(found[k].text, ==, d->findings[k].text);
		}
		with_findings += n > 0;
		g_assert_cmpuint(!!(e->flags & VS_ENTRY_MALFORMED), ==, d->malformed);
	}
	/* Per session: a reply nobody asked for, a truncated message, an unknown request. */
	g_assert_cmpuint(with_findings, ==, 6);
	g_assert_cmpuint(vs_store_finding_entries(f.st), ==, 6);
	g_assert_cmpuint(atomic_load(&f.st->malformed), ==, 4);
	fixture_clear(&f);
}

/* Replies are joined to their request, both ways, with the pipeline's latency. */
static void test_store_reply_link(void)
{
	struct fixture f;
	unsigned linked = 0;

	fixture_fill(&f, 2, true, 3);
	for (guint i = 0; i < f.seen.records->len; i++) {
		const struct vu_decoded *d = g_ptr_array_index(f.seen.decoded, i);
		const struct vs_entry *e = vs_store_entry(f.st, i);
		uint32_t peer = vs_entry_peer(e);

		if (!d || !d->reply) {
			if (peer) {
				const struct vs_entry *reply = vs_store_entry(f.st, peer - 1);

				g_assert_cmpuint(vs_entry_peer(reply), ==, i + 1);
				g_assert_cmpuint(reply->request, ==, e->request);
			}
			continue;
		}
		if (!d->latency_ns) {
			g_assert_cmpuint(peer, ==, 0); /* the reply nobody asked for */
			continue;
		}
		g_assert_cmpuint(peer, !=, 0);
		g_assert_cmpuint(e->ts_ns - vs_store_entry(f.st, peer - 1)->ts_ns, ==,
		                 d->latency_ns);
		linked++;
	}
	/* 10 replies in the handshake and device starts, 3 IOTLB replies, per session */
	g_assert_cmpuint(linked, ==, 2 * (10 + 3));
	fixture_clear(&f);
}

/* Decoding again from the store gives the fields the pipeline decoded. */
static void test_store_redecode(void)
{
	struct fixture f;
	struct vu_decoded *again = g_new0(struct vu_decoded, 1);

	fixture_fill(&f, 2, true, 2);
	for (guint i = 0; i < f.seen.records->len; i++) {
		const struct vu_decoded *d = g_ptr_array_index(f.seen.decoded, i);

		/* Session events carry findings, not a message to decode. */
		if (!d || record_at(&f, i)->kind != VU_RECORD_MESSAGE)
			continue;
		vs_store_decode(f.st, i, again);
		g_assert_cmpuint(again->request, ==, d->request);
		g_assert_cmpuint(again->payload_kind, ==, d->payload_kind);
		g_assert_cmpuint(again->malformed, ==, d->malformed);
		g_assert_cmpuint(again->nfields, ==, d->nfields);
		g_assert_cmpmem(again->fields, again->nfields * sizeof(again->fields[0]), d->fields,
		                d->nfields * sizeof(d->fields[0]));
		g_assert_cmpuint(again->latency_ns, ==, d->latency_ns);
	}
	g_free(again);
	fixture_clear(&f);
}

/* The store knows each session's device and dialect and why, as the pipeline's
 * state names them (the state pane shows them), from the session start on:
 * the generated sessions' peers are QEMU's vhost-user-blk-pci and
 * qemu-storage-daemon's vhost-user-blk export. */
static void test_store_identity(void)
{
	struct fixture f;
	struct vs_store_session info;

	fixture_fill(&f, 2, false, 0);
	for (uint32_t id = 1; id <= 2; id++) {
		g_assert_true(vs_store_session_get(f.st, id, &info));
		g_assert_cmpint(info.device, ==, VU_DEVICE_BLK);
		g_assert_cmphex(info.device_evidence & VU_EVIDENCE_CMDLINE, ==,
		                VU_EVIDENCE_CMDLINE);
		g_assert_cmpint(info.initial_device, ==, VU_DEVICE_BLK);
		g_assert_cmphex(info.initial_device_evidence, ==, VU_EVIDENCE_CMDLINE);
		g_assert_cmpint(info.dialect, ==, VU_DIALECT_QEMU);
		g_assert_cmphex(info.dialect_evidence, ==, 0);
		vs_store_session_clear(&info);
	}
	fixture_clear(&f);
}

/* The state replayed from the store equals the pipeline's state after every record. */
static void test_replay_equals_pipeline(void)
{
	struct fixture f;
	struct vs_replay *replay = vs_replay_new();
	struct vu_session *state = g_new0(struct vu_session, 1);

	fixture_fill(&f, 3, true, 4);
	/* Forward, then backward, then jumping between sessions. */
	for (int pass = 0; pass < 3; pass++) {
		for (guint k = 0; k < f.seen.records->len; k++) {
			guint n = f.seen.records->len;
			guint i = pass == 0 ? k : pass == 1 ? n - 1 - k : (k * 37) % n;
			const struct vu_session *want = g_ptr_array_index(f.seen.states, i);

			if (record_at(&f, i)->kind == VU_RECORD_SESSION_END)
				continue; /* the pipeline forgets the session there */
			g_assert_true(vs_replay_state_after(replay, f.st, i, state));
			g_assert_cmpuint(state->messages, ==, want->messages);
			g_assert_cmpuint(state->features_acked, ==, want->features_acked);
			g_assert_cmpuint(state->protocol_acked, ==, want->protocol_acked);
			g_assert_cmpuint(state->nregions, ==, want->nregions);
			g_assert_cmpmem(state, sizeof(*state), want, sizeof(*want));
		}
	}
	g_free(state);
	vs_replay_free(replay);
	fixture_clear(&f);
}

/* Many messages in one session: checkpoints keep the replay exact. */
static void test_replay_checkpoints(void)
{
	struct fixture f;
	struct vs_replay *replay = vs_replay_new();
	struct vu_session *state = g_new0(struct vu_session, 1);
	gint n;

	fixture_fill(&f, 1, false, 6000); /* 12000 IOTLB messages */
	n = (gint)f.seen.records->len;
	for (gint i = n - 2; i > 10; i -= 997) {
		const struct vu_session *want = g_ptr_array_index(f.seen.states, i);

		g_assert_true(vs_replay_state_after(replay, f.st, (uint64_t)i, state));
		g_assert_cmpmem(state, sizeof(*state), want, sizeof(*want));
	}
	g_free(state);
	vs_replay_free(replay);
	fixture_clear(&f);
}

/* ---- the filter ----------------------------------------------------------------- */

/* Count the store's entries a filter takes, through a view. */
static uint64_t view_count(struct fixture *f, const char *text)
{
	g_autoptr(GError) error = NULL;
	struct vs_filter *flt = vs_filter_parse(text, &error);
	struct vs_view v;
	uint64_t n;

	g_assert_no_error(error);
	g_assert_nonnull(flt);
	vs_view_init(&v);
	vs_view_set_filter(&v, flt);
	/* In small steps, as the UI does while a big capture loads. */
	while (vs_view_update(&v, f->st, vs_store_count(f->st), 7) ||
	       v.scanned < vs_store_count(f->st))
		;
	n = vs_view_count(&v);
	vs_view_clear(&v);
	return n;
}

/* The same count computed from the records' bytes. */
static uint64_t count_records(struct fixture *f, gboolean (*pred)(const struct vs_record *r))
{
	uint64_t n = 0;

	for (guint i = 0; i < f->seen.records->len; i++)
		n += pred(record_at(f, i));
	return n;
}

static bool is_msg(const struct vs_record *r)
{
	return r->kind == VU_RECORD_MESSAGE && r->len >= VU_HDR_SIZE;
}

static gboolean p_vring(const struct vs_record *r)
{
	static const unsigned vring[] = {8, 9, 10, 11, 12, 13, 14, 18};

	if (!is_msg(r))
		return FALSE;
	for (size_t i = 0; i < G_N_ELEMENTS(vring); i++)
		if (le32(r->bytes) == vring[i])
			return TRUE;
	return FALSE;
}

static gboolean p_vring_s2(const struct vs_record *r)
{
	return p_vring(r) && r->session == 2;
}

static gboolean p_13(const struct vs_record *r)
{
	return is_msg(r) && le32(r->bytes) == 13;
}

static gboolean p_reply(const struct vs_record *r)
{
	return is_msg(r) && (le32(r->bytes + 4) & VU_FLAG_REPLY);
}

static gboolean p_from_back_not_reply(const struct vs_record *r)
{
	return is_msg(r) && r->from == VU_FROM_BACK && !(le32(r->bytes + 4) & VU_FLAG_REPLY);
}

static gboolean p_fds(const struct vs_record *r)
{
	return is_msg(r) && r->fds_total > 0;
}

static gboolean p_event(const struct vs_record *r)
{
	return r->kind != VU_RECORD_MESSAGE;
}

static gboolean p_size_gt_8(const struct vs_record *r)
{
	return is_msg(r) && le32(r->bytes + 8) > 8;
}

static gboolean p_get_features(const struct vs_record *r)
{
	return is_msg(r) && le32(r->bytes) == 1;
}

static void test_filter_terms(void)
{
	struct fixture f;

	fixture_fill(&f, 3, true, 2);
	g_assert_cmpuint(view_count(&f, ""), ==, f.seen.records->len);
	g_assert_cmpuint(view_count(&f, "VRING"), ==, count_records(&f, p_vring));
	g_assert_cmpuint(view_count(&f, "name~vring"), ==, count_records(&f, p_vring));
	g_assert_cmpuint(view_count(&f, "name~VRING && session==2"), ==,
	                 count_records(&f, p_vring_s2));
	g_assert_cmpuint(view_count(&f, "VRING s==2"), ==, count_records(&f, p_vring_s2));
	g_assert_cmpuint(view_count(&f, "13"), ==, count_records(&f, p_13));
	g_assert_cmpuint(view_count(&f, "req==13"), ==, count_records(&f, p_13));
	g_assert_cmpuint(view_count(&f, "name==SET_VRING_CALL"), ==, count_records(&f, p_13));
	g_assert_cmpuint(view_count(&f, "name==vhost_user_set_vring_call"), ==,
	                 count_records(&f, p_13));
	g_assert_cmpuint(view_count(&f, "name==GET_FEATURES"), ==,
	                 count_records(&f, p_get_features));
	g_assert_cmpuint(view_count(&f, "reply"), ==, count_records(&f, p_reply));
	g_assert_cmpuint(view_count(&f, "!reply && !event"), ==,
	                 f.seen.records->len - count_records(&f, p_reply) -
	                     count_records(&f, p_event));
	g_assert_cmpuint(view_count(&f, "from==back !reply"), ==,
	                 count_records(&f, p_from_back_not_reply));
	g_assert_cmpuint(view_count(&f, "fds"), ==, count_records(&f, p_fds));
	g_assert_cmpuint(view_count(&f, "fds>0"), ==, count_records(&f, p_fds));
	g_assert_cmpuint(view_count(&f, "event"), ==, count_records(&f, p_event));
	g_assert_cmpuint(view_count(&f, "size>8"), ==, count_records(&f, p_size_gt_8));
	g_assert_cmpuint(view_count(&f, "malformed"), ==, 6);
	g_assert_cmpuint(view_count(&f, "findings"), ==, 9);
	g_assert_cmpuint(view_count(&f, "error"), ==, 6);
	g_assert_cmpuint(view_count(&f, "warn && !error"), ==, 3);
	g_assert_cmpuint(view_count(&f, "malformed || findings"), ==, 9);
	g_assert_cmpuint(view_count(&f, "(VRING || FEATURES) && session==1 && ch==main"), >, 0);
	g_assert_cmpuint(view_count(&f, "ch==backend"), ==, 0);
	g_assert_cmpuint(view_count(&f, "ch==main && !event"), ==,
	                 f.seen.records->len - count_records(&f, p_event));
	g_assert_cmpuint(view_count(&f, "latency>1s"), ==, 0);
	g_assert_cmpuint(view_count(&f, "latency>1ns reply"), ==, view_count(&f, "reply") - 3);
	g_assert_cmpuint(view_count(&f, "SET_SLAVE_REQ_FD"), ==, view_count(&f, "BACKEND_REQ_FD"));
	fixture_clear(&f);
}

static gboolean p_odd_session(const struct vs_record *r)
{
	return r->session % 2 == 1;
}

static gboolean p_vring_odd_session(const struct vs_record *r)
{
	return p_vring(r) && p_odd_session(r);
}

/* port==LABEL: the port each session came through, as its records said. */
static void test_filter_port(void)
{
	struct fixture f;
	uint64_t odd;

	fixture_fill_with(&f, 3, true, 2, submit_labelled);
	odd = count_records(&f, p_odd_session);
	g_assert_cmpuint(odd, >, 0);
	g_assert_cmpuint(odd, <, f.seen.records->len);
	/* every record the pipeline handed on, its own findings records too */
	for (guint i = 0; i < f.seen.records->len; i++)
		g_assert_true(record_at(&f, i)->port == port_of_session(record_at(&f, i)->session));
	g_assert_true(atomic_load(&f.st->has_ports));
	g_assert_cmpstr(vs_store_session_port(f.st, 1), ==, "vm1-net0");
	g_assert_cmpstr(vs_store_session_port(f.st, 2), ==, "vm1-blk");
	g_assert_cmpuint(view_count(&f, "port==vm1-net0"), ==, odd);
	g_assert_cmpuint(view_count(&f, "port=vm1-net0"), ==, odd);
	g_assert_cmpuint(view_count(&f, "port!=vm1-net0"), ==, f.seen.records->len - odd);
	g_assert_cmpuint(view_count(&f, "port==vm1-blk"), ==, f.seen.records->len - odd);
	g_assert_cmpuint(view_count(&f, "port~net"), ==, odd);
	g_assert_cmpuint(view_count(&f, "port!~net"), ==, f.seen.records->len - odd);
	g_assert_cmpuint(view_count(&f, "port~vm1"), ==, f.seen.records->len);
	g_assert_cmpuint(view_count(&f, "port==vm1"), ==, 0);
	g_assert_cmpuint(view_count(&f, "port==VM1-NET0"), ==, 0); /* labels as given */
	g_assert_cmpuint(view_count(&f, "port==vm1-net0 && VRING"), ==,
	                 count_records(&f, p_vring_odd_session));
	fixture_clear(&f);

	/* a run without ports: no session has one */
	fixture_fill(&f, 2, false, 0);
	g_assert_false(atomic_load(&f.st->has_ports));
	g_assert_null(vs_store_session_port(f.st, 1));
	g_assert_cmpuint(view_count(&f, "port==vm1-net0"), ==, 0);
	g_assert_cmpuint(view_count(&f, "port!=vm1-net0"), ==, f.seen.records->len);
	fixture_clear(&f);
}

/* A request without payload, decoded by s and kept in st as frame n. */
static void append_request(struct vs_store *st, struct vu_session *s, uint32_t session,
                           uint64_t frame, enum vu_channel channel, uint32_t request)
{
	struct vs_record *r = vs_record_new();
	struct vu_decoded *d = g_new0(struct vu_decoded, 1);
	uint8_t hdr[VU_HDR_SIZE] = {0};
	struct vu_message m = {
	    .channel = channel, .from = VU_FROM_FRONT, .bytes = hdr, .len = sizeof(hdr)};

	memcpy(hdr, &request, 4);
	hdr[4] = 0x1;
	vu_session_process(s, &m, frame * 1000000u, frame, d);
	r->frame = frame;
	r->session = session;
	r->kind = VU_RECORD_MESSAGE;
	r->channel = (uint8_t)channel;
	r->from = VU_FROM_FRONT;
	r->len = sizeof(hdr);
	r->bytes = g_memdup2(hdr, sizeof(hdr));
	vs_store_append(st, r, d, s);
	vs_record_free(r);
	g_free(d);
}

/* Names are matched as the list names the request: in the numbering of the
 * session it came in. Session 1 speaks upstream's, session 2 crosvm's (its
 * request 1000 told it); 42 is SET_DEVICE_STATE_FD in one, SLEEP in the
 * other, and the back-end's 8 SHARED_OBJECT_LOOKUP or FS_MAP. */
static void test_filter_dialect(void)
{
	struct fixture f = {.st = vs_store_new()};
	struct vu_session *up = g_new0(struct vu_session, 1);
	struct vu_session *cros = g_new0(struct vu_session, 1);
	struct vs_filter *flt;
	g_autoptr(GError) error = NULL;
	uint8_t hdr[VU_HDR_SIZE] = {VU_REQ_SET_DEVICE_STATE_FD, 0, 0, 0, 0x1};
	struct vs_filter_message m = {
	    .frame = 1, .session = 1, .channel = VU_CHANNEL_MAIN, .bytes = hdr, .len = sizeof(hdr)};

	vu_session_init(up, VU_DEVICE_UNKNOWN);
	vu_session_init(cros, VU_DEVICE_UNKNOWN);
	append_request(f.st, up, 1, 1, VU_CHANNEL_MAIN, VU_REQ_SET_DEVICE_STATE_FD);
	append_request(f.st, up, 1, 2, VU_CHANNEL_BACKEND, VU_BREQ_SHARED_OBJECT_LOOKUP);
	append_request(f.st, cros, 2, 3, VU_CHANNEL_MAIN, VU_CROSVM_REQ_SLEEP_1000);
	g_assert_cmpint(cros->dialect, ==, VU_DIALECT_CROSVM);
	append_request(f.st, cros, 2, 4, VU_CHANNEL_MAIN, VU_CROSVM_REQ_SLEEP);
	append_request(f.st, cros, 2, 5, VU_CHANNEL_BACKEND, VU_CROSVM_BREQ_FS_MAP);
	append_request(f.st, cros, 2, 6, VU_CHANNEL_MAIN, VU_REQ_GET_FEATURES);
	g_assert_cmpuint(view_count(&f, "SLEEP"), ==, 2);
	g_assert_cmpuint(view_count(&f, "name==VHOST_USER_SLEEP && s==2"), ==, 2);
	g_assert_cmpuint(view_count(&f, "SET_DEVICE_STATE_FD"), ==, 1);
	g_assert_cmpuint(view_count(&f, "SET_DEVICE_STATE_FD s==1"), ==, 1);
	g_assert_cmpuint(view_count(&f, "req==42"), ==, 2);
	g_assert_cmpuint(view_count(&f, "name==BACKEND_FS_MAP"), ==, 1);
	g_assert_cmpuint(view_count(&f, "SHARED_OBJECT_LOOKUP"), ==, 1);
	g_assert_cmpuint(view_count(&f, "UNKNOWN"), ==, 0);
	/* crosvm's dialect names the other numbers as upstream does */
	g_assert_cmpuint(view_count(&f, "GET_FEATURES"), ==, 1);
	g_assert_cmpuint(view_count(&f, "!SLEEP"), ==, 4);

	/* A message crossing the relay, in the dialect its session is known to speak. */
	flt = vs_filter_parse("SLEEP", &error);
	g_assert_no_error(error);
	g_assert_false(vs_filter_match_message(flt, &m));
	m.dialect = VU_DIALECT_CROSVM;
	g_assert_true(vs_filter_match_message(flt, &m));
	vs_filter_free(flt);
	flt = vs_filter_parse("SET_DEVICE_STATE_FD", &error);
	g_assert_no_error(error);
	g_assert_false(vs_filter_match_message(flt, &m));
	m.dialect = VU_DIALECT_QEMU;
	g_assert_true(vs_filter_match_message(flt, &m));
	vs_filter_free(flt);

	g_free(up);
	g_free(cros);
	vs_store_free(f.st);
}

static void test_filter_errors(void)
{
	static const char *const bad[] = {
	    "name~",  "(VRING", "VRING)",      "ch==foo", "size>abc",       "latency>5parsecs",
	    "&&",     "a ||",   "colour==red", "name<3",  "from==sideways", "\"open",
	    "s==2 $", "port>3", "port==",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		struct vs_filter *f = vs_filter_parse(bad[i], &error);

		if (f)
			g_error("filter '%s' parsed; it should not", bad[i]);
		g_assert_error(error, VS_FILTER_ERROR, 0);
		g_assert_nonnull(strstr(error->message, "column"));
	}
}

/* The view maps rows to entries and back. */
static void test_view_rows(void)
{
	struct fixture f;
	struct vs_view v;
	g_autoptr(GError) error = NULL;

	fixture_fill(&f, 2, false, 0);
	vs_view_init(&v);
	vs_view_set_filter(&v, vs_filter_parse("reply", &error));
	vs_view_update(&v, f.st, vs_store_count(f.st), UINT64_MAX);
	for (uint64_t row = 0; row < vs_view_count(&v); row++) {
		uint64_t index = vs_view_entry(&v, row);

		g_assert_true(vs_store_entry(f.st, index)->flags & VS_ENTRY_REPLY);
		g_assert_cmpint(vs_view_row_of(&v, index, true), ==, (int64_t)row);
		/* the entry before a reply is its request: not in the view */
		g_assert_cmpint(vs_view_row_of(&v, index - 1, true), ==, -1);
		g_assert_cmpint(vs_view_row_of(&v, index - 1, false), ==, (int64_t)row - 1);
	}
	vs_view_clear(&v);
	fixture_clear(&f);
}

/* Joined, every reply the pipeline matched leaves the view; the rest stay. */
static void test_view_join(void)
{
	struct fixture f;
	struct vs_view v;
	uint64_t matched = 0;

	fixture_fill(&f, 2, true, 3);
	for (guint i = 0; i < f.seen.decoded->len; i++) {
		const struct vu_decoded *d = g_ptr_array_index(f.seen.decoded, i);

		matched += d && d->reply && d->latency_ns;
	}
	vs_view_init(&v);
	vs_view_set_join(&v, true);
	vs_view_update(&v, f.st, vs_store_count(f.st), UINT64_MAX);
	g_assert_cmpuint(vs_view_count(&v), ==, f.seen.records->len - matched);
	for (uint64_t row = 0; row < vs_view_count(&v); row++) {
		const struct vu_decoded *d =
		    g_ptr_array_index(f.seen.decoded, vs_view_entry(&v, row));

		g_assert_false(d && d->reply && d->latency_ns);
	}
	/* A filter keeps the join. */
	vs_view_set_filter(&v, vs_filter_parse("reply", NULL));
	g_assert_true(v.join);
	vs_view_update(&v, f.st, vs_store_count(f.st), UINT64_MAX);
	g_assert_cmpuint(vs_view_count(&v), ==, 2); /* the replies nobody asked for */
	vs_view_clear(&v);
	fixture_clear(&f);
}

/* The sink only appends: closing it marks the input ended, the UI may outlive it. */
/* --rings: ring records through the UI's sink are entries (event rows named
 * RING, their findings counted, selected by the filter `ring`), and the session
 * keeps each ring's latest snapshot, and when its used index last moved. A
 * reply after a ring entry (which has no frame) still finds its request. */
static void test_sink_rings(void)
{
	struct vs_tui *ui = vs_tui_new(&(struct vs_tui_options){0});
	struct vs_sink *sink = vs_tui_sink_new(ui);
	struct vs_record start = {
	    .ts_ns = 1, .frame = 1, .session = 1, .kind = VU_RECORD_SESSION_START};
	struct vs_record_ring ring = {.snap = {.status = VU_RING_OK, .vring = 1, .num = 256}};
	struct vs_record r = {.session = 1, .kind = VU_RECORD_RING, .ring = &ring};
	g_autofree struct vu_decoded *found = g_new0(struct vu_decoded, 1);
	g_autofree struct vu_ring_record *rec = g_new0(struct vu_ring_record, 1);
	/* ts, avail, used, stalled: the used index moves at 20, then stands still */
	static const uint16_t steps[][4] = {
	    {10, 3, 1, 0}, {20, 5, 4, 0}, {30, 9, 4, 0}, {40, 9, 4, 1}};
	struct vs_store_session s;
	struct vs_stored_finding f[VU_MAX_FINDINGS + 1];
	g_autoptr(GError) error = NULL;
	struct vs_filter *filter;
	g_autofree char *line = NULL;
	unsigned selected = 0;
	char name[32];

	sink->write(sink, &start, NULL, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
		r.ts_ns = steps[i][0];
		ring.snap.avail_idx = steps[i][1];
		ring.snap.used_idx = steps[i][2];
		ring.snap.inflight = (uint16_t)(steps[i][1] - steps[i][2]);
		ring.stalled = steps[i][3];
		ring.stalled_ns = ring.stalled ? 2000000000u : 0;
		ring.completed = steps[i][2];
		vu_decoded_reset(found);
		if (ring.stalled)
			vu_decoded_add_findingf(found, VU_FIND_RING_STALLED, 0, 0, "vring 1");
		sink->write(sink, &r, found, NULL);
	}
	g_assert_cmpuint(vs_store_count(ui->store), ==, 1 + G_N_ELEMENTS(steps));
	g_assert_true(vs_store_session_get(ui->store, 1, &s));
	g_assert_true(s.has_rings);
	g_assert_false(s.rings[0].seen);
	g_assert_true(s.rings[1].seen && s.rings[1].ok);
	g_assert_cmpuint(s.rings[1].num, ==, 256);
	g_assert_cmpuint(s.rings[1].avail, ==, 9);
	g_assert_cmpuint(s.rings[1].used, ==, 4);
	g_assert_cmpuint(s.rings[1].inflight, ==, 5);
	g_assert_cmpuint(s.rings[1].progress_ns, ==, 20);
	g_assert_cmpuint(s.rings[1].ts_ns, ==, 40);
	g_assert_true(s.rings[1].stalled);
	g_assert_cmpuint(s.rings[1].stalled_ns, ==, 2000000000u);
	g_assert_cmpuint(s.rings[1].completed, ==, 4);
	vs_store_session_clear(&s);

	/* The entries: named RING, the snapshot kept, the last one's finding
	 * in the findings pane and the status bar's count. */
	for (uint64_t i = 1; i < vs_store_count(ui->store); i++) {
		const struct vs_entry *e = vs_store_entry(ui->store, i);

		g_assert_cmpuint(e->kind, ==, VU_RECORD_RING);
		g_assert_cmpstr(vs_entry_name(e, name, sizeof(name)), ==, "RING");
		g_assert_true(vs_store_ring(ui->store, e, rec));
		g_assert_cmpuint(rec->snap.vring, ==, 1);
		g_assert_cmpuint(rec->snap.avail_idx, ==, steps[i - 1][1]);
		g_assert_cmpuint(rec->snap.used_idx, ==, steps[i - 1][2]);
		g_assert_cmpuint(vs_entry_nfindings(e), ==, i == 4 ? 1 : 0);
	}
	g_assert_cmpuint(vs_store_finding_entries(ui->store), ==, 1);
	g_assert_cmpuint(vs_store_finding_entry(ui->store, 0), ==, 4);
	g_assert_cmpuint(vs_store_findings(ui->store, vs_store_entry(ui->store, 4), f, 9), ==, 1);
	g_assert_cmpuint(f[0].code, ==, VU_FIND_RING_STALLED);
	g_assert_cmpuint(f[0].severity, ==, VU_SEV_WARN);
	g_assert_cmpuint(atomic_load(&ui->store->finding_count), ==, 1);
	line = vs_format_ring(ui->store, vs_store_entry(ui->store, 4));
	g_assert_cmpstr(line, ==, "ring 1 (interval): avail 9 used 4, 5 in flight, stalled 2.0s");

	/* `ring` selects them (and `name~VRING` does not). */
	filter = vs_filter_parse("ring", &error);
	g_assert_no_error(error);
	for (uint64_t i = 0; i < vs_store_count(ui->store); i++)
		selected += vs_filter_match(filter, ui->store, i) ? 1u : 0u;
	g_assert_cmpuint(selected, ==, G_N_ELEMENTS(steps));
	vs_filter_free(filter);
	filter = vs_filter_parse("name~VRING", &error);
	g_assert_no_error(error);
	for (uint64_t i = 0; i < vs_store_count(ui->store); i++)
		g_assert_false(vs_filter_match(filter, ui->store, i));
	vs_filter_free(filter);

	/* Frames before and after entries without one are still found, also
	 * beyond the last few entries (the binary search). */
	vu_decoded_reset(found);
	for (unsigned i = 0; i < 40; i++)
		sink->write(sink, &r, found, NULL);
	start.frame = 2;
	start.kind = VU_RECORD_SESSION_END;
	sink->write(sink, &start, NULL, NULL);
	for (unsigned i = 0; i < 40; i++)
		sink->write(sink, &r, found, NULL);
	g_assert_cmpint(vs_store_find_frame(ui->store, 1), ==, 0);
	g_assert_cmpint(vs_store_find_frame(ui->store, 2), ==, 1 + G_N_ELEMENTS(steps) + 40);
	g_assert_cmpint(vs_store_find_frame(ui->store, 3), ==, -1);
	sink->close(sink);
	vs_tui_free(ui);
}

/* --rings: an inflight queue and a dirty-log count through the UI's sink are
 * event rows (INFLIGHT, LOG) showing the text line, live (from the record)
 * and read from a capture (from its body) the same; the name filter finds them. */
static void test_sink_areas(void)
{
	struct vs_tui *ui = vs_tui_new(&(struct vs_tui_options){0});
	struct vs_sink *sink = vs_tui_sink_new(ui);
	struct vs_record_ring in = {
	    .cause = VU_REQ_SET_VRING_KICK,
	    .frame = 9,
	    .inflight = {.status = VU_INFLIGHT_OK,
	                 .queue = 0,
	                 .version = 1,
	                 .desc_num = 8,
	                 .last_batch_head = 3,
	                 .used_idx = 1,
	                 .ring_used_known = true,
	                 .ring_used_idx = 2,
	                 .batch_done = true,
	                 .ninflight = 2,
	                 .nkept = 2,
	                 .kept = {{.index = 4, .counter = 10}, {.index = 6, .counter = 12}}}};
	struct vs_record_ring log = {
	    .cause = VU_RING_CAUSE_INTERVAL, .log_pages = 512, .log_dirty = 3};
	struct vs_record r = {.session = 1, .kind = VU_RECORD_INFLIGHT, .ring = &in};
	struct vs_record back = {.session = 1, .kind = VU_RECORD_DIRTY_LOG};
	static const char *const lines[] = {
	    "inflight 0 (SET_VRING_KICK): version 1, 8 descs, last batch head 3, used 1 (ring "
	    "2: batch done); resubmits 2: 4 6",
	    "log (interval): 3 of 512 pages dirty",
	    "log (interval): 3 of 512 pages dirty",
	};
	g_autoptr(GError) error = NULL;
	struct vs_filter *filter;
	gsize len = 0;
	char name[32];

	g_assert_true(sink->takes_areas);
	sink->write(sink, &r, NULL, NULL);
	r.kind = VU_RECORD_DIRTY_LOG;
	r.ring = &log;
	sink->write(sink, &r, NULL, NULL);
	/* read from a capture: the body, which the reader decoded too */
	back.bytes = vs_area_record_encode(&r, &len);
	back.len = (uint32_t)len;
	back.ring = g_new0(struct vs_record_ring, 1);
	g_assert_true(vs_area_record_decode(&back));
	sink->write(sink, &back, NULL, NULL);
	g_assert_cmpuint(vs_store_count(ui->store), ==, G_N_ELEMENTS(lines));
	for (uint64_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		const struct vs_entry *e = vs_store_entry(ui->store, i);
		g_autofree char *line = vs_format_area(ui->store, e);

		g_assert_cmpstr(vs_entry_name(e, name, sizeof(name)), ==,
		                i == 0 ? "INFLIGHT" : "LOG");
		g_assert_cmpstr(line, ==, lines[i]);
	}
	filter = vs_filter_parse("name == INFLIGHT", &error);
	g_assert_no_error(error);
	g_assert_true(vs_filter_match(filter, ui->store, 0));
	g_assert_false(vs_filter_match(filter, ui->store, 1));
	vs_filter_free(filter);
	g_free(back.bytes);
	g_free(back.ring);
	sink->close(sink);
	vs_tui_free(ui);
}

/* --kicks: notifications count in the state pane (the ring's latest
 * totals) and are no entries of the list. */
static void test_sink_notify(void)
{
	struct vs_tui *ui = vs_tui_new(&(struct vs_tui_options){0});
	struct vs_sink *sink = vs_tui_sink_new(ui);
	struct vs_record start = {
	    .ts_ns = 1, .frame = 1, .session = 1, .kind = VU_RECORD_SESSION_START};
	struct vu_notify n = {.signal = VU_NOTIFY_CALL, .vring = 2};
	uint8_t body[VU_NOTIFY_BODY_SIZE];
	struct vs_record r = {
	    .session = 1, .kind = VU_RECORD_NOTIFY, .bytes = body, .len = sizeof(body)};
	struct vs_store_session s;

	g_assert_true(sink->takes_notify);
	sink->write(sink, &start, NULL, NULL);
	for (unsigned i = 1; i <= 3; i++) {
		n.count = i;
		n.signals += i;
		n.reads++;
		g_assert_cmpuint(vu_notify_serialize(&n, body, sizeof(body)), ==, sizeof(body));
		r.ts_ns = 10 * i;
		sink->write(sink, &r, NULL, NULL);
	}
	g_assert_cmpuint(vs_store_count(ui->store), ==, 1);
	g_assert_true(vs_store_session_get(ui->store, 1, &s));
	g_assert_true(s.has_notify);
	g_assert_cmpuint(s.rings[2].signals[VU_NOTIFY_CALL - 1], ==, 6);
	g_assert_cmpuint(s.rings[2].reads[VU_NOTIFY_CALL - 1], ==, 3);
	g_assert_cmpuint(s.rings[2].signals[VU_NOTIFY_KICK - 1], ==, 0);
	vs_store_session_clear(&s);
	sink->close(sink);
	vs_tui_free(ui);
}

static void test_sink_lifetime(void)
{
	struct vs_tui *ui = vs_tui_new(&(struct vs_tui_options){0});
	struct vs_sink *sink = vs_tui_sink_new(ui);
	struct vs_record r = {
	    .ts_ns = 1, .frame = 1, .session = 1, .kind = VU_RECORD_SESSION_START};
	struct vs_tui_feed *feed = ui->feed;

	g_assert_false(atomic_load(&ui->store->input_ended));
	sink->write(sink, &r, NULL, NULL);
	g_assert_cmpuint(vs_store_count(ui->store), ==, 1);
	g_assert_cmpint(atomic_load(&feed->refs), ==, 2);
	sink->close(sink);
	g_assert_true(atomic_load(&ui->store->input_ended));
	g_assert_cmpint(atomic_load(&feed->refs), ==, 1);
	vs_tui_free(ui);

	/* The other order: the UI goes first, the sink still appends safely. */
	ui = vs_tui_new(&(struct vs_tui_options){0});
	sink = vs_tui_sink_new(ui);
	vs_tui_free(ui);
	sink->write(sink, &r, NULL, NULL);
	sink->close(sink);
}

/* ---- the filter on data-plane entries (--packets) ----------------------------- */

static void put_le(GByteArray *b, guint64 v, guint width)
{
	for (guint i = 0; i < width; i++) {
		guint8 c = i < 8 ? (guint8)(v >> (8 * i)) : 0; /* wider than v: zeros */

		g_byte_array_append(b, &c, 1);
	}
}

/* A kind-8 body (doc/capture-format.md) with out and in bytes kept. */
static GByteArray *data_body(guint8 phase, guint8 device, guint16 vring, guint16 head,
                             const GByteArray *out, guint32 out_total, const GByteArray *in,
                             guint32 in_total, guint32 used_len)
{
	GByteArray *b = g_byte_array_new();

	put_le(b, 1, 1);
	put_le(b, phase, 1);
	put_le(b, device, 1);
	put_le(b, 0, 1);
	put_le(b, vring, 2);
	put_le(b, head, 2);
	put_le(b, out_total, 4);
	put_le(b, in_total, 4);
	put_le(b, used_len, 4);
	put_le(b, out ? out->len : 0, 4);
	put_le(b, in ? in->len : 0, 4);
	put_le(b, phase == 2 ? 1 : 0, 4);       /* missed */
	put_le(b, phase == 2 ? 2000000 : 0, 8); /* latency_ns */
	if (out)
		g_byte_array_append(b, out->data, out->len);
	if (in)
		g_byte_array_append(b, in->data, in->len);
	return b;
}

/* The samples: blk IN and its OK completion, blk OUT and its IOERR one, FUSE
 * LOOKUP "missing" and its ENOENT reply, FUSE READ and its ok reply, a vsock
 * REQUEST, a net frame on tx0 (legacy 10-byte header: no features known). */
static GPtrArray *data_samples(void)
{
	GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
	g_autoptr(GByteArray) o = g_byte_array_new(), i = g_byte_array_new();

#define RESET()                                                                                    \
	do {                                                                                       \
		g_byte_array_set_size(o, 0);                                                       \
		g_byte_array_set_size(i, 0);                                                       \
	} while (0)
	/* blk: outhdr type, ioprio, sector */
	put_le(o, 0, 4), put_le(o, 0, 4), put_le(o, 2048, 8);
	g_ptr_array_add(all, data_body(1, VU_DEVICE_BLK, 0, 0, o, 16, NULL, 513, 0));
	RESET();
	put_le(o, 0, 4), put_le(o, 0, 4), put_le(o, 2048, 8);
	for (int k = 0; k < 512; k++)
		put_le(i, 0, 1);
	put_le(i, 0, 1); /* OK */
	g_ptr_array_add(all, data_body(2, VU_DEVICE_BLK, 0, 0, o, 16, i, 513, 513));
	RESET();
	put_le(o, 1, 4), put_le(o, 0, 4), put_le(o, 16, 8);
	g_ptr_array_add(all, data_body(1, VU_DEVICE_BLK, 0, 1, o, 528, NULL, 1, 0));
	put_le(i, 1, 1); /* IOERR */
	g_ptr_array_add(all, data_body(2, VU_DEVICE_BLK, 0, 1, o, 528, i, 1, 1));
	RESET();
	/* FUSE: fuse_in_header len, opcode, unique, nodeid, uid, gid, pid, extlen+pad */
	put_le(o, 48, 4), put_le(o, 1, 4), put_le(o, 12, 8), put_le(o, 1, 8);
	put_le(o, 0, 16);
	g_byte_array_append(o, (const guint8 *)"missing", 8);
	g_ptr_array_add(all, data_body(1, VU_DEVICE_FS, 1, 0, o, 48, NULL, 144, 0));
	put_le(i, 16, 4), put_le(i, (guint32)-2, 4), put_le(i, 12, 8);
	g_ptr_array_add(all, data_body(2, VU_DEVICE_FS, 1, 0, o, 48, i, 144, 16));
	RESET();
	put_le(o, 80, 4), put_le(o, 15, 4), put_le(o, 14, 8), put_le(o, 7, 8);
	put_le(o, 0, 16);
	put_le(o, 1, 8), put_le(o, 0, 8), put_le(o, 4096, 4), put_le(o, 0, 20);
	g_ptr_array_add(all, data_body(1, VU_DEVICE_FS, 1, 1, o, 80, NULL, 4112, 0));
	put_le(i, 16, 4), put_le(i, 0, 4), put_le(i, 14, 8);
	g_ptr_array_add(all, data_body(2, VU_DEVICE_FS, 1, 1, o, 80, i, 4112, 16));
	RESET();
	/* vsock: src/dst cid, src/dst port, len, type STREAM, op REQUEST, ... */
	put_le(o, 3, 8), put_le(o, 2, 8), put_le(o, 1234, 4), put_le(o, 5000, 4);
	put_le(o, 0, 4), put_le(o, 1, 2), put_le(o, 1, 2), put_le(o, 0, 12);
	g_ptr_array_add(all, data_body(1, VU_DEVICE_VSOCK, 1, 0, o, 44, NULL, 0, 0));
	RESET();
	/* net: a 10-byte header and 60 bytes of frame */
	put_le(o, 0, 10);
	for (int k = 0; k < 60; k++)
		put_le(o, 0xff, 1);
	g_ptr_array_add(all, data_body(1, VU_DEVICE_NET, 1, 0, o, 70, NULL, 0, 0));
#undef RESET
	return all;
}

/* Which samples a filter takes, as a string of sample numbers: "1 3 ". */
static char *data_matches_direct(const char *text)
{
	g_autoptr(GError) error = NULL;
	struct vs_filter *flt = vs_filter_parse(text, &error);
	g_autoptr(GPtrArray) all = data_samples();
	GString *got = g_string_new(NULL);

	g_assert_no_error(error);
	for (guint k = 0; k < all->len; k++) {
		GByteArray *b = g_ptr_array_index(all, k);
		struct vu_payload p;
		struct vs_filter_payload m = {.frame = k + 1, .session = 1, .p = &p};

		g_assert_true(vu_payload_parse(b->data, b->len, &p));
		if (vs_filter_match_payload(flt, &m))
			g_string_append_printf(got, "%u ", k);
	}
	vs_filter_free(flt);
	return g_string_free(got, FALSE);
}

/* The same through a store, as the UI filters its list. */
static char *data_matches_store(const char *text)
{
	g_autoptr(GError) error = NULL;
	struct vs_filter *flt = vs_filter_parse(text, &error);
	g_autoptr(GPtrArray) all = data_samples();
	struct vs_store *st = vs_store_new();
	GString *got = g_string_new(NULL);

	g_assert_no_error(error);
	for (guint k = 0; k < all->len; k++) {
		GByteArray *b = g_ptr_array_index(all, k);
		struct vs_record *r = vs_record_new();

		r->frame = k + 1;
		r->session = 1;
		r->kind = VU_RECORD_DATA;
		r->len = b->len;
		r->bytes = g_memdup2(b->data, b->len);
		vs_store_append(st, r, NULL, NULL);
		vs_record_free(r);
	}
	for (guint k = 0; k < all->len; k++)
		if (vs_filter_match(flt, st, k))
			g_string_append_printf(got, "%u ", k);
	vs_store_free(st);
	vs_filter_free(flt);
	return g_string_free(got, FALSE);
}

static void test_filter_data(void)
{
	static const struct {
		const char *filter;
		const char *want; /* sample numbers (data_samples) */
	} cases[] = {
	    {"data", "0 1 2 3 4 5 6 7 8 9 "},
	    {"blk", "0 1 2 3 "},
	    {"fuse", "4 5 6 7 "},
	    {"fs", "4 5 6 7 "},
	    {"vsock", "8 "},
	    {"net", "9 "},
	    {"blk.status!=0", "3 "},
	    {"blk.status==0", "1 "},
	    {"blk.status==IOERR", "3 "},
	    {"blk.status~err", "3 "},
	    {"blk.type==IN", "0 1 "},
	    {"blk.type==out", "2 3 "},
	    {"blk.type==1 && blk.status!=OK", "3 "},
	    {"blk.sector>=2048", "0 1 "},
	    {"blk.len==512", "0 1 2 3 "},
	    {"fuse.error!=0", "5 "},
	    {"fuse.error==-2", "5 "},
	    {"fuse.error==ENOENT", "5 "},
	    {"fuse.error<0", "5 "},
	    {"fuse.error==0", "7 "},
	    {"fuse.opcode==LOOKUP", "4 5 "},
	    {"fuse.opcode==15", "6 7 "},
	    {"fuse.name==missing", "4 5 "},
	    {"fuse.name~miss", "4 5 "},
	    {"fuse.name!=missing", ""}, /* READ has no name: no comparison holds */
	    {"fuse.nodeid==7", "6 7 "},
	    {"fuse.unique==12", "4 5 "},
	    {"vsock.dst_port==5000 && vsock.op==REQUEST", "8 "},
	    {"vsock.src_cid==3", "8 "},
	    {"net.queue==tx0", "9 "},
	    {"net.len==60", "9 "},
	    {"phase==used", "1 3 5 7 "},
	    {"phase==avail && blk", "0 2 "},
	    {"missed>0", "1 3 5 7 "},
	    {"latency_ns>1000000", "1 3 5 7 "},
	    {"vring==1 !fuse", "8 9 "},
	    {"head==1", "2 3 6 7 "},
	    {"from==back", "1 3 5 7 "},
	    {"session==1 && blk.status!=0 || fuse.error!=0", "3 5 "},
	    {"event", "0 1 2 3 4 5 6 7 8 9 "},
	    {"reply", ""},
	    {"VRING", ""},
	};

	for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
		g_autofree char *direct = data_matches_direct(cases[k].filter);
		g_autofree char *stored = data_matches_store(cases[k].filter);

		if (strcmp(direct, cases[k].want) != 0)
			g_error("filter '%s' takes \"%s\", not \"%s\"", cases[k].filter, direct,
			        cases[k].want);
		/* from==back is the record's direction: the store's samples come from the front */
		if (strcmp(cases[k].filter, "from==back") != 0 &&
		    strcmp(stored, cases[k].want) != 0)
			g_error("filter '%s' on the store takes \"%s\", not \"%s\"",
			        cases[k].filter, stored, cases[k].want);
	}
}

/* A completion named by its request: the session's context (vu_session_payload). */
static void test_filter_data_request(void)
{
	g_autoptr(GPtrArray) all = data_samples();
	g_autoptr(GError) error = NULL;
	struct vs_filter *flt = vs_filter_parse("fuse.opcode==LOOKUP && fuse.error!=0", &error);
	GByteArray *reply = g_ptr_array_index(all, 5);
	struct vu_payload p;
	struct vu_payload_context ctx = {.has_request = true,
	                                 .request = {.known = true, .kind = 1, .a = 1, .b = 12}};
	struct vs_filter_payload m = {.frame = 6, .session = 1, .p = &p, .ctx = &ctx};
	/* Its readable bytes not kept again: only the context names it. */
	struct vu_payload bare;

	g_assert_no_error(error);
	g_assert_true(vu_payload_parse(reply->data, reply->len, &p));
	g_assert_true(vs_filter_match_payload(flt, &m));
	bare = p;
	bare.out_kept = 0;
	m.p = &bare;
	g_assert_true(vs_filter_match_payload(flt, &m));
	m.ctx = NULL;
	g_assert_false(vs_filter_match_payload(flt, &m));
	vs_filter_free(flt);
}

static void test_filter_data_errors(void)
{
	static const char *const bad[] = {
	    "blk.sector==IN", /* no names for a sector */
	    "fuse.name>3",    /* a text compares with == != ~ !~ */
	    "blk.type>IN",    /* a name compares with == != ~ !~ */
	    "blk.status!=",   /* a value is missing */
	    "fuse.nosuch==1", /* unknown field */
	};

	for (size_t k = 0; k < G_N_ELEMENTS(bad); k++) {
		g_autoptr(GError) error = NULL;
		struct vs_filter *f = vs_filter_parse(bad[k], &error);

		if (f != NULL)
			g_error("filter '%s' parsed; it should not", bad[k]);
		g_assert_nonnull(error);
	}
}

/* The list's line and the detail's lines of a data-plane entry. */
static void test_format_data(void)
{
	g_autoptr(GPtrArray) all = data_samples();
	struct vs_store *st = vs_store_new();
	GByteArray *b = g_ptr_array_index(all, 3);
	struct vs_record *r = vs_record_new();
	g_autofree char *line = NULL, *detail = NULL;

	r->frame = 4;
	r->session = 1;
	r->kind = VU_RECORD_DATA;
	r->len = b->len;
	r->bytes = g_memdup2(b->data, b->len);
	vs_store_append(st, r, NULL, NULL);
	vs_record_free(r);
	line = vs_format_data(st, vs_store_entry(st, 0), 0);
	g_assert_cmpstr(
	    line, ==,
	    "vring 0 used head 1: blk OUT sector 16 len 512 status IOERR, 2.0ms, 1 missed");
	detail = vs_format_data(st, vs_store_entry(st, 0), 2);
	g_assert_nonnull(strstr(detail, "\n  type OUT (1), ioprio 0, sector 16"));
	g_assert_nonnull(strstr(detail, "\n  in 0x0000: 01"));
	vs_store_free(st);
}

/* ---- data-plane entries in the UI (--packets) --------------------------------- */

/* A DATA record of a sample, as the capture reader makes it. */
static struct vs_record *data_record(const GByteArray *b, uint64_t frame, uint32_t session)
{
	struct vs_record *r = vs_record_new();

	r->ts_ns = 1700000000000000000ull + frame * 1000000ull;
	r->frame = frame;
	r->session = session;
	r->kind = VU_RECORD_DATA;
	r->len = b->len;
	r->bytes = g_memdup2(b->data, b->len);
	return r;
}

/*
 * Through the pipeline into the UI's sink, as -r of a --packets capture
 * (and live: the same pipeline calls the same sink): the sink takes the
 * entries, a completion keeps what its session knew (its request), is
 * linked to its request both ways, and the filter and the list's line name
 * a completion by its request even when its readable bytes were not kept.
 */
static void test_sink_data(void)
{
	g_autoptr(GPtrArray) all = data_samples();
	struct vs_tui *ui = vs_tui_new(&(struct vs_tui_options){0});
	struct vs_sink *sink = vs_tui_sink_new(ui);
	struct vs_pipeline *pl = vs_pipeline_new(1u << 20, VU_DEVICE_UNKNOWN);
	struct vs_record *start = vs_record_new();
	struct vs_store *st = ui->store;
	g_autoptr(GError) error = NULL;
	struct vs_filter *flt;
	g_autofree char *line = NULL;
	struct vu_payload p;
	struct vu_payload_context ctx;

	g_assert_true(sink->takes_data);
	vs_pipeline_add_sink(pl, sink);
	start->ts_ns = 1700000000000000000ull;
	start->frame = 1;
	start->session = 1;
	start->kind = VU_RECORD_SESSION_START;
	vs_pipeline_submit(pl, start);
	for (guint k = 0; k < 8; k++) {
		GByteArray *b = g_ptr_array_index(all, k);
		g_autoptr(GByteArray) bare = NULL;

		/* The LOOKUP's reply without its readable part: only its request names it. */
		if (k == 5) {
			g_assert_true(vu_payload_parse(b->data, b->len, &p));
			p.out_kept = 0;
			p.flags |= VU_PAYLOAD_F_OUT_CUT;
			bare = g_byte_array_sized_new(VU_PAYLOAD_FIXED + p.in_kept);
			g_byte_array_set_size(bare, (guint)vu_payload_serialize(&p, NULL, 0));
			vu_payload_serialize(&p, bare->data, bare->len);
			b = bare;
		}
		vs_pipeline_submit(pl, data_record(b, 2 + k, 1));
	}
	vs_pipeline_finish(pl);
	g_assert_cmpuint(vs_store_count(st), ==, 9);
	g_assert_cmpuint(atomic_load(&st->data_entries), ==, 8);
	g_assert_cmpuint(atomic_load(&st->data_dropped), ==, 0);
	g_assert_cmpuint(atomic_load(&st->messages), ==, 0);

	/* Entry 6 (frame 7) completes entry 5 (frame 6): linked both ways. */
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 6)), ==, 5 + 1);
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 5)), ==, 6 + 1);
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 4)), ==, 3 + 1);
	g_assert_true(vs_store_data(st, vs_store_entry(st, 6), &p, &ctx));
	g_assert_cmpuint(p.out_kept, ==, 0);
	g_assert_true(ctx.has_request);
	g_assert_cmpuint(ctx.request.frame, ==, 6);
	g_assert_false(vs_store_data(st, vs_store_entry(st, 0), &p, &ctx));

	flt = vs_filter_parse("fuse.opcode==LOOKUP && fuse.error!=0", &error);
	g_assert_no_error(error);
	for (uint64_t i = 0; i < vs_store_count(st); i++)
		g_assert_cmpint(vs_filter_match(flt, st, i), ==, i == 6);
	vs_filter_free(flt);
	flt = vs_filter_parse("blk.status!=0", &error);
	g_assert_no_error(error);
	for (uint64_t i = 0; i < vs_store_count(st); i++)
		g_assert_cmpint(vs_filter_match(flt, st, i), ==, i == 4);
	vs_filter_free(flt);

	line = vs_format_data(st, vs_store_entry(st, 6), 0);
	if (strstr(line, "LOOKUP") == NULL || strstr(line, "ENOENT") == NULL)
		g_error("the completion's line names neither its request nor its error: %s", line);
	vs_pipeline_free(pl);
	vs_tui_free(ui);
}

/* Live, the walker's entries have no frame number: a completion is linked to
 * its request by session, vring and head, as the session pairs them, and an
 * entry of another session or head is not. */
static void test_store_data_link_live(void)
{
	g_autoptr(GPtrArray) all = data_samples();
	struct vs_store *st = vs_store_new();
	/* blk IN avail (s1), the same in s2, blk OUT avail (s1), IN used (s1), OUT used (s2) */
	static const struct {
		guint sample;
		uint32_t session;
	} order[] = {{0, 1}, {0, 2}, {2, 1}, {1, 1}, {3, 2}};

	for (guint k = 0; k < G_N_ELEMENTS(order); k++) {
		struct vs_record *r =
		    data_record(g_ptr_array_index(all, order[k].sample), 0, order[k].session);

		vs_store_append(st, r, NULL, NULL);
		vs_record_free(r);
	}
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 3)), ==, 0 + 1);
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 0)), ==, 3 + 1);
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 1)), ==, 0);
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 2)), ==, 0);
	g_assert_cmpuint(vs_entry_peer(vs_store_entry(st, 4)), ==, 0);
	vs_store_free(st);
}

/* The caps: past them data-plane entries are counted, not kept; messages
 * and events still are. */
static void test_store_data_caps(void)
{
	g_autoptr(GPtrArray) all = data_samples();
	struct vs_store *st = vs_store_new();
	struct vs_record ev = {.ts_ns = 1, .frame = 1, .session = 1, .kind = VU_RECORD_SESSION_END};
	GByteArray *blk = g_ptr_array_index(all, 1);

	vs_store_set_data_caps(st, 3, 1u << 20);
	for (guint k = 0; k < 5; k++) {
		struct vs_record *r = data_record(g_ptr_array_index(all, k), 10 + k, 1);

		vs_store_append(st, r, NULL, NULL);
		vs_record_free(r);
	}
	vs_store_append(st, &ev, NULL, NULL);
	g_assert_cmpuint(vs_store_count(st), ==, 4);
	g_assert_cmpuint(atomic_load(&st->data_entries), ==, 3);
	g_assert_cmpuint(atomic_load(&st->data_dropped), ==, 2);
	g_assert_cmpuint(vs_store_entry(st, 3)->kind, ==, VU_RECORD_SESSION_END);
	vs_store_free(st);

	/* The byte cap: the blk completion (513 written bytes) fits twice in 1.5 of it. */
	st = vs_store_new();
	vs_store_set_data_caps(st, 100, (blk->len + sizeof(struct vu_payload_context)) * 3 / 2);
	for (guint k = 0; k < 3; k++) {
		struct vs_record *r = data_record(blk, 10 + k, 1);

		vs_store_append(st, r, NULL, NULL);
		vs_record_free(r);
	}
	g_assert_cmpuint(atomic_load(&st->data_entries), ==, 1);
	g_assert_cmpuint(atomic_load(&st->data_dropped), ==, 2);
	g_assert_cmpuint(vs_store_footprint(st), <=,
	                 sizeof(struct vs_entry) + blk->len + sizeof(struct vu_payload_context));
	vs_store_free(st);
}

/* An entry with more kept bytes than the store keeps is cut as the walker
 * cuts: VS_STORE_DATA_KEEP of each part, the written part's last byte (the
 * blk status) kept apart, and the cut body still decodes. */
static void test_store_data_cut(void)
{
	g_autoptr(GByteArray) o = g_byte_array_new(), i = g_byte_array_new(), b = NULL;
	struct vs_store *st = vs_store_new();
	struct vs_record *r;
	struct vu_payload p;
	struct vu_payload_context ctx;
	struct vu_payload_info info;
	g_autoptr(GError) error = NULL;
	struct vs_filter *flt = vs_filter_parse("blk.status==IOERR && blk.len==8192", &error);

	g_assert_no_error(error);
	put_le(o, 1, 4), put_le(o, 0, 4), put_le(o, 64, 8); /* OUT, sector 64 */
	for (int k = 0; k < 8192; k++)
		put_le(o, k & 0xff, 1);
	put_le(i, 1, 1); /* IOERR */
	b = data_body(2, VU_DEVICE_BLK, 0, 3, o, o->len, i, 1, 1);
	r = data_record(b, 5, 1);
	vs_store_append(st, r, NULL, NULL);
	vs_record_free(r);
	g_byte_array_set_size(o, 0);
	g_byte_array_set_size(i, 0);
	put_le(o, 0, 4), put_le(o, 0, 4), put_le(o, 128, 8); /* IN, sector 128 */
	for (int k = 0; k < 4096; k++)
		put_le(i, 0xab, 1);
	put_le(i, 0, 1); /* OK */
	g_byte_array_unref(b);
	b = data_body(2, VU_DEVICE_BLK, 0, 4, o, 16, i, i->len, i->len);
	r = data_record(b, 6, 1);
	vs_store_append(st, r, NULL, NULL);
	vs_record_free(r);

	g_assert_true(vs_store_data(st, vs_store_entry(st, 0), &p, &ctx));
	g_assert_cmpuint(p.out_kept, ==, VS_STORE_DATA_KEEP);
	g_assert_cmpuint(p.out_total, ==, 16 + 8192);
	g_assert_true(p.flags & VU_PAYLOAD_F_OUT_CUT);
	g_assert_cmpuint(p.in_kept, ==, 1);
	g_assert_true(vs_filter_match(flt, st, 0));

	g_assert_true(vs_store_data(st, vs_store_entry(st, 1), &p, &ctx));
	g_assert_cmpuint(p.in_kept, ==, VS_STORE_DATA_KEEP);
	g_assert_cmpuint(p.flags & (VU_PAYLOAD_F_IN_CUT | VU_PAYLOAD_F_IN_TAIL), ==,
	                 VU_PAYLOAD_F_IN_CUT | VU_PAYLOAD_F_IN_TAIL);
	g_assert_cmpuint(p.in[0], ==, 0xab);
	vu_payload_decode(&p, &ctx, &info);
	g_assert_true(info.blk.has_status);
	g_assert_cmpuint(info.blk.status, ==, 0);
	g_assert_false(vs_filter_match(flt, st, 1));
	vs_filter_free(flt);
	vs_store_free(st);
}

/* The planes (d): data-plane entries alone, or everything else, with the
 * filter applied within. */
static void test_view_planes(void)
{
	g_autoptr(GPtrArray) all = data_samples();
	struct fixture f;
	struct vs_view v;
	uint64_t n, data = 0;

	fixture_fill(&f, 1, false, 0);
	n = vs_store_count(f.st);
	for (guint k = 0; k < all->len; k++) {
		struct vs_record *r = data_record(g_ptr_array_index(all, k), 1000 + k, 1);

		vs_store_append(f.st, r, NULL, NULL);
		vs_record_free(r);
	}
	vs_view_init(&v);
	vs_view_set_plane(&v, VS_PLANE_DATA);
	vs_view_update(&v, f.st, vs_store_count(f.st), UINT64_MAX);
	g_assert_cmpuint(vs_view_count(&v), ==, all->len);
	for (uint64_t row = 0; row < vs_view_count(&v); row++)
		g_assert_cmpuint(vs_view_entry(&v, row), ==, n + row);
	vs_view_set_filter(&v, vs_filter_parse("blk.status!=0 || fuse.error!=0", NULL));
	vs_view_update(&v, f.st, vs_store_count(f.st), UINT64_MAX);
	g_assert_cmpuint(v.plane, ==, VS_PLANE_DATA);
	g_assert_cmpuint(vs_view_count(&v), ==, 2);
	g_assert_cmpuint(vs_view_entry(&v, 0), ==, n + 3);
	g_assert_cmpuint(vs_view_entry(&v, 1), ==, n + 5);
	vs_view_set_filter(&v, NULL);
	vs_view_set_plane(&v, VS_PLANE_CONTROL);
	vs_view_update(&v, f.st, vs_store_count(f.st), UINT64_MAX);
	g_assert_cmpuint(vs_view_count(&v), ==, n);
	vs_view_set_plane(&v, VS_PLANE_ALL);
	vs_view_update(&v, f.st, vs_store_count(f.st), UINT64_MAX);
	g_assert_cmpuint(vs_view_count(&v), ==, n + all->len);
	for (uint64_t i = 0; i < vs_store_count(f.st); i++)
		data += vs_store_entry(f.st, i)->kind == VU_RECORD_DATA;
	g_assert_cmpuint(data, ==, all->len);
	vs_view_clear(&v);
	fixture_clear(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tui/store/append", test_store_append);
	g_test_add_func("/tui/store/fds-findings", test_store_fds_findings);
	g_test_add_func("/tui/store/reply-link", test_store_reply_link);
	g_test_add_func("/tui/store/redecode", test_store_redecode);
	g_test_add_func("/tui/store/identity", test_store_identity);
	g_test_add_func("/tui/replay/equals-pipeline", test_replay_equals_pipeline);
	g_test_add_func("/tui/replay/checkpoints", test_replay_checkpoints);
	g_test_add_func("/tui/filter/terms", test_filter_terms);
	g_test_add_func("/tui/filter/port", test_filter_port);
	g_test_add_func("/tui/filter/errors", test_filter_errors);
	g_test_add_func("/tui/filter/dialect", test_filter_dialect);
	g_test_add_func("/tui/filter/data", test_filter_data);
	g_test_add_func("/tui/filter/data-request", test_filter_data_request);
	g_test_add_func("/tui/filter/data-errors", test_filter_data_errors);
	g_test_add_func("/tui/format/data", test_format_data);
	g_test_add_func("/tui/sink/data", test_sink_data);
	g_test_add_func("/tui/store/data-caps", test_store_data_caps);
	g_test_add_func("/tui/store/data-link-live", test_store_data_link_live);
	g_test_add_func("/tui/store/data-cut", test_store_data_cut);
	g_test_add_func("/tui/view/planes", test_view_planes);
	g_test_add_func("/tui/view/rows", test_view_rows);
	g_test_add_func("/tui/view/join", test_view_join);
	g_test_add_func("/tui/sink/lifetime", test_sink_lifetime);
	g_test_add_func("/tui/sink/rings", test_sink_rings);
	g_test_add_func("/tui/sink/areas", test_sink_areas);
	g_test_add_func("/tui/sink/notify", test_sink_notify);
	return g_test_run();
}
