/*
 * Session state at any message, for the state pane. The store keeps every
 * message's bytes and fd facts, so the state after message N is the
 * dissector's own session machine fed the session's messages up to N again,
 * exactly as the pipeline fed them. Moving forward continues from the last
 * answer; moving back restarts from a checkpoint taken every
 * CHECKPOINT_EVERY messages of a session (a few bytes per message), so no
 * answer replays more than that many messages.
 */
#include "config.h"

#include "tui/tui-internal.h"

#define CHECKPOINT_EVERY 4096u

struct checkpoint {
	uint64_t pos; /* next entry to apply */
	struct vu_session *state;
};

struct vs_replay {
	GHashTable *checkpoints; /* session id -> GArray of struct checkpoint, by pos */
	bool valid;
	uint32_t session;
	uint64_t pos;   /* next entry to apply to cur */
	uint64_t first; /* the session's first entry when cur started */
	uint64_t since_checkpoint;
	struct vu_session *cur;
	struct vu_decoded *scratch;
};

static void checkpoints_free(gpointer p)
{
	GArray *a = p;

	for (guint i = 0; i < a->len; i++)
		g_free(g_array_index(a, struct checkpoint, i).state);
	g_array_free(a, TRUE);
}

struct vs_replay *vs_replay_new(void)
{
	struct vs_replay *r = g_new0(struct vs_replay, 1);

	r->checkpoints = g_hash_table_new_full(NULL, NULL, NULL, checkpoints_free);
	r->cur = g_new0(struct vu_session, 1);
	r->scratch = g_new0(struct vu_decoded, 1);
	return r;
}

void vs_replay_free(struct vs_replay *r)
{
	if (!r)
		return;
	g_hash_table_destroy(r->checkpoints);
	g_free(r->cur);
	g_free(r->scratch);
	g_free(r);
}

static GArray *session_checkpoints(struct vs_replay *r, uint32_t session)
{
	GArray *a = g_hash_table_lookup(r->checkpoints, GUINT_TO_POINTER(session));

	if (!a) {
		a = g_array_new(FALSE, FALSE, sizeof(struct checkpoint));
		g_hash_table_insert(r->checkpoints, GUINT_TO_POINTER(session), a);
	}
	return a;
}

/* Start cur at the best checkpoint at or before index, or at the session's start. */
static void replay_restart(struct vs_replay *r, struct vs_store *st, uint32_t session,
                           uint64_t index)
{
	GArray *a = session_checkpoints(r, session);
	struct vs_store_session info;
	uint64_t first = 0;

	vu_session_init(r->cur, VU_DEVICE_UNKNOWN);
	if (vs_store_session_get(st, session, &info)) {
		first = info.first_index;
		/* The device and dialect as the session started: by option, by
		 * the capture's facts, by the peers' command lines. */
		r->cur->device = info.initial_device;
		r->cur->device_evidence = info.initial_device_evidence;
		r->cur->dialect = info.initial_dialect;
		r->cur->dialect_evidence = info.initial_dialect_evidence;
		r->cur->identity = info.initial_identity;
		vs_store_session_clear(&info);
	}
	r->pos = first;
	for (guint i = a->len; i-- > 0;) {
		struct checkpoint *cp = &g_array_index(a, struct checkpoint, i);

		/* Checkpoints before the session's (latest) start belong to an older one. */
		if (cp->pos <= index && cp->pos > first) {
			*r->cur = *cp->state;
			r->pos = cp->pos;
			break;
		}
	}
	r->session = session;
	r->first = first;
	r->since_checkpoint = 0;
	r->valid = true;
}

static void replay_checkpoint(struct vs_replay *r)
{
	GArray *a = session_checkpoints(r, r->session);
	struct checkpoint cp;

	if (a->len && g_array_index(a, struct checkpoint, a->len - 1).pos >= r->pos)
		return;
	cp.pos = r->pos;
	cp.state = g_new(struct vu_session, 1);
	*cp.state = *r->cur;
	g_array_append_val(a, cp);
}

bool vs_replay_state_after(struct vs_replay *r, struct vs_store *st, uint64_t index,
                           struct vu_session *out)
{
	const struct vs_entry *target;

	if (index >= vs_store_count(st))
		return false;
	target = vs_store_entry(st, index);
	if (!r->valid || r->session != target->session || r->pos > index + 1 ||
	    r->first != vs_store_session_first(st, target->session))
		replay_restart(r, st, target->session, index);

	for (; r->pos <= index; r->pos++) {
		const struct vs_entry *e = vs_store_entry(st, r->pos);
		struct vu_fd_info fds[VU_MAX_FDS];
		struct vu_message m;

		if (e->session != r->session || e->kind != VU_RECORD_MESSAGE)
			continue;
		vs_store_message(st, e, fds, &m);
		vu_session_process(r->cur, &m, e->ts_ns, e->frame, r->scratch);
		if (++r->since_checkpoint >= CHECKPOINT_EVERY) {
			r->pos++;
			replay_checkpoint(r);
			r->pos--;
			r->since_checkpoint = 0;
		}
	}
	*out = *r->cur;
	return true;
}
