/*
 * The gate: a listener for front-ends that is there only while the back-end's
 * is (-l with -c, and --wrap of a back-end's socket).
 *
 * Without vhostsniff a front-end that connects while the back-end is down is
 * refused by the kernel: ENOENT when the back-end's socket file is gone,
 * ECONNREFUSED when the file is there and nobody listens on it. QEMU's
 * reconnect= retries those quietly. A listener that accepted and then reset
 * the connection would make it start a handshake that fails ("Failed to read
 * msg header") and treat the back-end as broken. So the front path mirrors
 * the back-end's: a listening socket while the back-end listens, a socket
 * file nobody listens on while the back-end's file is there without a
 * listener, no file while it has none (--wrap keeps its file: the original
 * goes back over it at exit).
 *
 * Whether the back-end listens is asked of the kernel (sock_diag, by the
 * socket file's inode), not by connecting: a probe connection would be a
 * client that the back-end accepts, logs and sees leave. Only when sock_diag
 * does not find a listener (another network namespace may hold it) does a
 * connect decide; once that connected, the gate trusts sessions instead of
 * polling while it is open.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "sniffer/relay-int.h"
#include "sniffer/sock-diag.h"
#include "vscore/log.h"

/* What the back-end's path shows a connect, and what ours shows. */
enum gate_state {
	GATE_LISTENING = 0,
	GATE_REFUSING, /* a socket file nobody listens on: ECONNREFUSED */
	GATE_ABSENT,   /* no file: ENOENT */
};

/* What sock_diag says of one socket file. */
enum diag_answer {
	DIAG_LISTENING,
	DIAG_NOT_LISTENING,
	DIAG_UNKNOWN, /* sock_diag did not answer */
};

struct vs_gate {
	struct vs_relay *relay;
	struct vs_relay_port *rport; /* whose front listener this is */
	const char *path;            /* ours, where front-ends connect */
	const char *back_path;       /* the back-end's */
	gboolean keep_file;          /* --wrap: our file stays while the back-end is down */
	enum gate_state state;       /* what our path shows now */
	ino_t inode;                 /* our socket file at path; 0 when there is none */
	mode_t mode;                 /* our file's mode, owner and group, for the next one */
	uid_t uid;
	gid_t gid;
	gboolean diag_blind; /* a connect found a listener sock_diag did not */
	gboolean ever_open;  /* the back-end accepted once since the start */
	gboolean warned;     /* the start-up warning was given */
	guint64 warn_at_ns;  /* when a back-end absent since the start is warned about */
	int last_errno;      /* of the last state, for the messages */
	GSource *timer;
};

/* ---- asking the kernel ----------------------------------------------------- */

struct listener_search {
	const struct stat *file;
	gboolean found;
};

static void match_listener(const struct vs_sock_diag_entry *entry, gpointer user_data)
{
	struct listener_search *search = user_data;

	if (vs_sock_diag_is_file(entry, search->file))
		search->found = TRUE;
}

static enum diag_answer diag_listening(const struct stat *file)
{
	struct listener_search search = {.file = file};

	if (!vs_sock_diag_unix(VS_SOCK_DIAG_LISTENING, match_listener, &search, NULL))
		return DIAG_UNKNOWN;
	return search.found ? DIAG_LISTENING : DIAG_NOT_LISTENING;
}

/* A connect that decides; a listener that accepts sees it open and close. */
static int connect_probe(const char *path)
{
	int fd, err;

	switch (vs_socket_connect(path, &fd, &err)) {
	case VS_CONNECT_OK:
		close(fd);
		return 0;
	case VS_CONNECT_RETRY:
		return err == EAGAIN ? 0 : err; /* a full backlog: someone listens */
	default:
		return err;
	}
}

/* What a front-end connecting to the back-end's path would get now. */
static enum gate_state back_state(struct vs_gate *g)
{
	struct stat st;
	int err;

	if (stat(g->back_path, &st) != 0) {
		g->last_errno = errno;
		return errno == ENOENT ? GATE_ABSENT : GATE_REFUSING;
	}
	g->last_errno = ECONNREFUSED;
	if (!S_ISSOCK(st.st_mode))
		return GATE_REFUSING;
	switch (diag_listening(&st)) {
	case DIAG_LISTENING:
		g->last_errno = 0;
		return GATE_LISTENING;
	case DIAG_NOT_LISTENING:
		/* Blind while open: a connect each time would be a client each time. */
		if (g->diag_blind && g->state == GATE_LISTENING)
			return GATE_LISTENING;
		break;
	case DIAG_UNKNOWN:
		g->diag_blind = TRUE;
		if (g->state == GATE_LISTENING)
			return GATE_LISTENING;
		break;
	}
	err = connect_probe(g->back_path);
	if (err != 0) {
		g->last_errno = err;
		return err == ENOENT ? GATE_ABSENT : GATE_REFUSING;
	}
	g->diag_blind = TRUE;
	g->last_errno = 0;
	return GATE_LISTENING;
}

/* ---- our file -------------------------------------------------------------- */

/* A socket file at our path, listening or not, put there in one rename so that
 * the path never shows nothing in between. Returns the listening fd, or -1
 * (also when not listening, then *ok says whether the file is there). */
static int gate_make_file(struct vs_gate *g, gboolean listening, gboolean *ok)
{
	g_autofree char *dir = g_path_get_dirname(g->path);
	g_autofree char *temp =
	    g_strdup_printf("%s/.vhostsniff-%ld-gate.sock", dir, (long)getpid());
	g_autoptr(GError) error = NULL;
	struct stat st;
	ino_t inode;
	int fd;

	*ok = FALSE;
	/* Another socket took our path while ours was gone: it is not ours to replace. */
	if (lstat(g->path, &st) == 0 && st.st_ino != g->inode) {
		vs_warn("%s is not vhostsniff's socket any more; not listening there", g->path);
		return -1;
	}
	fd = vs_socket_listen(temp, g->mode, &inode, &error);
	if (fd < 0) {
		vs_warn("cannot listen on %s again: %s", g->path, error->message);
		return -1;
	}
	if ((g->uid != geteuid() || g->gid != getegid()) && chown(temp, g->uid, g->gid) != 0)
		vs_debug("cannot give %s the owner %ld:%ld: %s", temp, (long)g->uid, (long)g->gid,
		         g_strerror(errno));
	if (!listening) {
		/* bound and closed: connects to the file are refused */
		close(fd);
		fd = -1;
	}
	if (rename(temp, g->path) != 0) {
		vs_warn("cannot put a socket at %s: %s", g->path, g_strerror(errno));
		unlink(temp);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	g->inode = inode;
	*ok = TRUE;
	return fd;
}

/* Make our path show what the back-end's shows. */
static void gate_mirror(struct vs_gate *g, enum gate_state want)
{
	gboolean ok = TRUE;
	int fd = -1;

	if (want == GATE_ABSENT && g->keep_file)
		want = GATE_REFUSING;
	if (want == g->state)
		return;
	switch (want) {
	case GATE_LISTENING:
		fd = gate_make_file(g, TRUE, &ok);
		if (!ok)
			return;
		vs_relay_port_front_listener(g->rport, fd, g->inode);
		vs_info("the back-end accepts connections at %s: listening on %s", g->back_path,
		        g->path);
		break;
	case GATE_REFUSING:
		vs_relay_port_front_listener(g->rport, -1, g->inode);
		if (g->inode == 0) {
			gate_make_file(g, FALSE, &ok);
			if (!ok)
				return;
			vs_relay_port_front_listener(g->rport, -1, g->inode);
		}
		vs_info("the back-end does not accept connections at %s (%s): %s refuses them too",
		        g->back_path, g_strerror(g->last_errno), g->path);
		break;
	case GATE_ABSENT:
		vs_relay_port_front_listener(g->rport, -1, 0);
		vs_socket_unlink_if(g->path, g->inode);
		g->inode = 0;
		vs_info("the back-end's socket %s is gone: %s is gone too until it is back",
		        g->back_path, g->path);
		break;
	}
	g->state = want;
}

/* ---- when to look ----------------------------------------------------------- */

void vs_gate_check(struct vs_gate *g)
{
	enum gate_state back = back_state(g);

	gate_mirror(g, back);
	if (g->state == GATE_LISTENING) {
		g->ever_open = TRUE;
		return;
	}
	/* A back-end that never came: say so once, as a connect that timed out did. */
	if (!g->ever_open && !g->warned && vs_now_ns() >= g->warn_at_ns) {
		g_autofree char *msg =
		    vs_socket_connect_message(g->back_path, g->last_errno, "back-end");
		vs_warn("%s; %s accepts front-ends once it does", msg, g->path);
		g->warned = TRUE;
	}
}

static gboolean on_gate_timer(gpointer data)
{
	struct vs_gate *g = data;

	if (!vs_relay_stopping(g->relay))
		vs_gate_check(g);
	return G_SOURCE_CONTINUE;
}

struct vs_gate *vs_gate_new(struct vs_relay *relay, struct vs_relay_port *rport, const char *path,
                            const char *back_path, gboolean keep_file, ino_t inode)
{
	const struct vs_options *o = vs_relay_options(relay);
	struct vs_gate *g = g_new0(struct vs_gate, 1);
	struct stat st;

	g->relay = relay;
	g->rport = rport;
	g->path = path;
	g->back_path = back_path;
	g->keep_file = keep_file;
	g->state = GATE_LISTENING;
	g->inode = inode;
	g->mode = o->socket_mode;
	g->uid = geteuid();
	g->gid = getegid();
	if (lstat(path, &st) == 0 && st.st_ino == inode) {
		g->mode = st.st_mode & 07777;
		g->uid = st.st_uid;
		g->gid = st.st_gid;
	}
	g->warn_at_ns = vs_now_ns() + (guint64)o->connect_timeout_ms * 1000000u;
	vs_gate_check(g);
	g->timer = vs_relay_add_timeout(relay, VS_CONNECT_RETRY_MS, on_gate_timer, g);
	return g;
}

ino_t vs_gate_free(struct vs_gate *g)
{
	ino_t inode;

	if (g == NULL)
		return 0;
	inode = g->inode;
	if (g->timer != NULL) {
		g_source_destroy(g->timer);
		g_source_unref(g->timer);
	}
	g_free(g);
	return inode;
}
