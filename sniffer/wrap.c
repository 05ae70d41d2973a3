/*
 * --wrap and --unwrap: moving a peer's listening socket file aside and back
 * (wrap.h says how and why it is atomic).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sniffer/relay-int.h"
#include "sniffer/wrap.h"
#include "vscore/log.h"

#define WRAP_ERROR_FAILED G_FILE_ERROR_FAILED

static gboolean wrap_fail(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean wrap_fail(GError **error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_autofree char *text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, G_FILE_ERROR, WRAP_ERROR_FAILED, text);
	return FALSE;
}

char *vs_wrap_aside_path(const char *path)
{
	return g_strconcat(path, VS_WRAP_SUFFIX, NULL);
}

void vs_wrap_free(struct vs_wrap *w)
{
	if (w == NULL)
		return;
	g_free(w->path);
	g_free(w->aside);
	g_free(w);
}

/* "pid 42 (qemu-storage-daemon)", or "an unknown process" */
static char *listener_name(const struct vs_listening_socket *l)
{
	const struct vs_socket_process *p;

	if (l->owners->len == 0)
		return g_strdup("a process vhostsniff cannot see");
	p = l->owners->pdata[0];
	return g_strdup_printf("pid %d (%s)", p->pid, p->name);
}

static gboolean held_by_vhostsniff(const struct vs_listening_socket *l)
{
	return l->owners->len > 0 &&
	       strcmp(((struct vs_socket_process *)l->owners->pdata[0])->name, "vhostsniff") == 0;
}

struct vs_wrap *vs_wrap_new(const char *path, GError **error)
{
	g_autofree char *aside = vs_wrap_aside_path(path);
	g_autofree char *who = NULL;
	struct vs_socket_scan *scan;
	const struct vs_listening_socket *l;
	struct vs_socket_verdict verdict;
	struct vs_wrap *w;
	struct stat st;

	if (lstat(path, &st) != 0) {
		wrap_fail(error, "cannot wrap %s: %s", path, g_strerror(errno));
		return NULL;
	}
	if (!S_ISSOCK(st.st_mode)) {
		wrap_fail(error, "cannot wrap %s: it is not a socket", path);
		return NULL;
	}
	if (strlen(aside) >= sizeof(((struct sockaddr_un *)NULL)->sun_path)) {
		wrap_fail(error,
		          "cannot wrap %s: its path is too long to add %s (unix sockets take "
		          "at most %zu bytes)",
		          path, VS_WRAP_SUFFIX, sizeof(((struct sockaddr_un *)NULL)->sun_path) - 1);
		return NULL;
	}
	if (access(aside, F_OK) == 0) {
		wrap_fail(error,
		          "%s is wrapped already: %s exists (another vhostsniff sits on it, or "
		          "one was killed: vhostsniff --unwrap %s)",
		          path, aside, path);
		return NULL;
	}
	scan = vs_socket_scan_new(error);
	if (scan == NULL)
		return NULL;
	l = vs_socket_scan_find_file(scan, path);
	if (l == NULL) {
		wrap_fail(error,
		          "cannot wrap %s: nothing listens on it (a socket left by a peer "
		          "that is gone?)",
		          path);
		vs_socket_scan_free(scan);
		return NULL;
	}
	who = listener_name(l);
	if (held_by_vhostsniff(l)) {
		wrap_fail(error, "cannot wrap %s: vhostsniff itself listens on it, %s", path, who);
		vs_socket_scan_free(scan);
		return NULL;
	}
	vs_socket_judge(l, &verdict);
	vs_socket_scan_free(scan);
	if (verdict.end == VS_END_UNKNOWN) {
		wrap_fail(error,
		          "cannot wrap %s: cannot tell which end of vhost-user listens on it "
		          "(%s%s%s); vhostsniff -D tells what it knows; sit on it with -l and "
		          "-c or --front-connect and --back-listen instead",
		          path, who, verdict.why != NULL ? ": " : "",
		          verdict.why != NULL ? verdict.why : "");
		g_free(verdict.why);
		return NULL;
	}
	w = g_new0(struct vs_wrap, 1);
	w->path = g_strdup(path);
	w->aside = g_steal_pointer(&aside);
	w->end = verdict.end;
	w->uid = st.st_uid;
	w->gid = st.st_gid;
	w->mode = st.st_mode & 0777;
	w->original = st.st_ino;
	vs_info("wrapping %s: the %s-end listens there, %s (%s)", path,
	        w->end == VS_END_BACK ? "back" : "front", who,
	        verdict.why != NULL ? verdict.why : "");
	g_free(verdict.why);
	return w;
}

int vs_wrap_listen(struct vs_wrap *w, ino_t *inode, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(w->path);
	g_autofree char *temp = g_strdup_printf("%s/.vhostsniff-%ld.sock", dir, (long)getpid());
	struct stat st;
	ino_t ours;
	int fd;

	/* Never looser than the original at any moment: its mode from the bind on. */
	fd = vs_socket_listen(temp, w->mode, &ours, error);
	if (fd < 0)
		return -1;
	if (chown(temp, w->uid, w->gid) != 0) {
		int err = errno;

		unlink(temp);
		close(fd);
		wrap_fail(error, "cannot give the socket for %s the original's owner %ld:%ld: %s%s",
		          w->path, (long)w->uid, (long)w->gid, g_strerror(err),
		          err == EPERM ? " (run as root or as the original's owner)" : "");
		return -1;
	}
	/* The original keeps a name while ours takes PATH: its listener never
	 * notices, and a connect to PATH finds one of the two. */
	if (lstat(w->path, &st) != 0 || st.st_ino != w->original) {
		unlink(temp);
		close(fd);
		wrap_fail(error, "cannot wrap %s: it changed while vhostsniff started", w->path);
		return -1;
	}
	if (link(w->path, w->aside) != 0) {
		int err = errno;

		unlink(temp);
		close(fd);
		wrap_fail(error, "cannot give %s a second name %s: %s", w->path, w->aside,
		          g_strerror(err));
		return -1;
	}
	if (rename(temp, w->path) != 0) {
		int err = errno;

		unlink(w->aside);
		unlink(temp);
		close(fd);
		wrap_fail(error, "cannot put vhostsniff's socket at %s: %s", w->path,
		          g_strerror(err));
		return -1;
	}
	w->swapped = TRUE;
	*inode = ours;
	vs_info("wrapped %s: the original listens at %s, vhostsniff at %s", w->path, w->aside,
	        w->path);
	return fd;
}

void vs_wrap_restore(struct vs_wrap *w, ino_t inode)
{
	struct stat st;

	if (w == NULL || !w->swapped)
		return;
	w->swapped = FALSE;
	if (lstat(w->aside, &st) != 0 || st.st_ino != w->original) {
		vs_warn("cannot put %s back: %s is gone or replaced", w->path, w->aside);
		vs_socket_unlink_if(w->path, inode);
		return;
	}
	/* A peer that removes its socket file when it stops (DPDK vhost does)
	 * removed ours by its name: it meant its own, so that goes too. */
	if (lstat(w->path, &st) != 0 && errno == ENOENT) {
		vs_info("%s was removed while wrapped (by the peer stopping?): removing %s too",
		        w->path, w->aside);
		unlink(w->aside);
		return;
	}
	/* One rename puts the original back over ours: no moment without it. */
	if (st.st_ino != inode) {
		vs_warn("%s was replaced while wrapped; the original stays at %s", w->path,
		        w->aside);
		return;
	}
	if (rename(w->aside, w->path) != 0) {
		vs_warn("cannot put %s back from %s: %s", w->path, w->aside, g_strerror(errno));
		return;
	}
	vs_info("unwrapped %s: the original listens there again", w->path);
}

gboolean vs_unwrap(const char *path, GError **error)
{
	g_autofree char *aside = vs_wrap_aside_path(path);
	struct vs_socket_scan *scan;
	const struct vs_listening_socket *l;
	struct stat st;

	if (lstat(aside, &st) != 0)
		return wrap_fail(error, "%s is not wrapped: %s: %s", path, aside,
		                 g_strerror(errno));
	if (!S_ISSOCK(st.st_mode))
		return wrap_fail(error, "cannot unwrap %s: %s is not a socket", path, aside);
	scan = vs_socket_scan_new(error);
	if (scan == NULL)
		return FALSE;
	if (vs_socket_scan_find_file(scan, aside) == NULL) {
		vs_socket_scan_free(scan);
		return wrap_fail(error,
		                 "cannot unwrap %s: nothing listens on %s any more (the "
		                 "original listener is gone); remove %s yourself",
		                 path, aside, aside);
	}
	l = vs_socket_scan_find_file(scan, path);
	if (l != NULL) {
		g_autofree char *who = listener_name(l);

		vs_socket_scan_free(scan);
		return wrap_fail(error,
		                 "cannot unwrap %s: %s still listens on it (a vhostsniff "
		                 "that is running puts the original back when it stops)",
		                 path, who);
	}
	vs_socket_scan_free(scan);
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode))
		return wrap_fail(
		    error, "cannot unwrap %s: it is not a socket now; not replacing it", path);
	if (rename(aside, path) != 0)
		return wrap_fail(error, "cannot put %s back from %s: %s", path, aside,
		                 g_strerror(errno));
	return TRUE;
}
