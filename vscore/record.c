/* Records: allocation, fd facts from a live fd, the dissector's view. */
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "vscore/direct-sys.h"
#include "vscore/record.h"
#include "vscore/ring-watch.h"

struct vs_record *vs_record_new(void)
{
	return g_new0(struct vs_record, 1);
}

void vs_session_facts_clear(struct vs_session_facts *f)
{
	g_free(f->front_path);
	g_free(f->back_path);
	g_free(f->front_cmdline);
	g_free(f->back_cmdline);
	g_free(f->reason);
	g_free(f->device);
	g_free(f->device_evidence);
	g_free(f->dialect);
	g_free(f->dialect_evidence);
	g_free(f->missed);
	memset(f, 0, sizeof(*f));
}

gboolean vs_session_facts_missed_next(const char **at, guint *vring, guint64 *count)
{
	const char *p = *at;

	while (p != NULL && *p != '\0') {
		char *end;
		guint64 v = g_ascii_strtoull(p, &end, 10), n = 0;
		gboolean ok = end != p && *end == ':';

		if (ok) {
			const char *c = end + 1;

			n = g_ascii_strtoull(c, &end, 10);
			ok = end != c && (*end == ',' || *end == '\0');
		}
		/* the next ring after a comma; one that is not "V:N" is skipped */
		p = strchr(end, ',');
		p = p != NULL ? p + 1 : NULL;
		if (ok && v < VU_MAX_VRINGS) {
			*at = p;
			*vring = (guint)v;
			*count = n;
			return TRUE;
		}
	}
	*at = NULL;
	return FALSE;
}

void vs_session_facts_copy(struct vs_session_facts *dst, const struct vs_session_facts *src)
{
	dst->front_path = g_strdup(src->front_path);
	dst->back_path = g_strdup(src->back_path);
	dst->front_role = src->front_role;
	dst->back_role = src->back_role;
	dst->front_pid = src->front_pid;
	dst->back_pid = src->back_pid;
	dst->front_cmdline = g_strdup(src->front_cmdline);
	dst->back_cmdline = g_strdup(src->back_cmdline);
	dst->reason = g_strdup(src->reason);
	dst->device = g_strdup(src->device);
	dst->device_evidence = g_strdup(src->device_evidence);
	dst->dialect = g_strdup(src->dialect);
	dst->dialect_evidence = g_strdup(src->dialect_evidence);
	dst->missed = g_strdup(src->missed);
}

static gboolean facts_empty(const struct vs_session_facts *f)
{
	return f->front_path == NULL && f->back_path == NULL && f->front_cmdline == NULL &&
	       f->back_cmdline == NULL && f->reason == NULL && f->device == NULL &&
	       f->device_evidence == NULL && f->dialect == NULL && f->dialect_evidence == NULL &&
	       f->missed == NULL && f->front_pid == 0 && f->back_pid == 0 && f->front_role == 0 &&
	       f->back_role == 0;
}

G_STATIC_ASSERT(offsetof(struct vs_record, fds) ==
                offsetof(struct vs_record, facts) + sizeof(struct vs_session_facts));
G_STATIC_ASSERT(sizeof(struct vs_record) ==
                offsetof(struct vs_record, fds) + VU_MAX_FDS * sizeof(struct vu_fd_info));

/* The one place that knows what a record owns (vs_record_free too). Most
 * records have neither facts nor fds: what they do not use is zero already
 * and is not written again (three quarters of the record). */
void vs_record_clear(struct vs_record *r)
{
	unsigned nfds = MIN(r->nfds, VU_MAX_FDS);

	/* Most of these are NULL for a message (its bytes kept by
	 * vs_record_recycle): tested here, not by a call each. */
	if (r->bytes != NULL)
		g_free(r->bytes);
	/* Only a session's start and end carry facts: a message's record does
	 * not touch their two cache lines (one miss in three per message in a
	 * flood was there, callgrind --cache-sim). */
	if ((r->kind == VU_RECORD_SESSION_START || r->kind == VU_RECORD_SESSION_END) &&
	    !facts_empty(&r->facts))
		vs_session_facts_clear(&r->facts);
	if (r->ring != NULL)
		vs_record_ring_free(r->ring);
	if (r->inject_note != NULL)
		g_free(r->inject_note);
	memset(r, 0, offsetof(struct vs_record, facts));
	memset(r->fds, 0, nfds * sizeof(r->fds[0]));
}

void vs_record_recycle(struct vs_record *r)
{
	uint8_t *keep = NULL;
	uint32_t size = r->bytes_size;

	if (size > 0 && size <= VS_RECORD_KEEP_BYTES)
		keep = g_steal_pointer(&r->bytes);
	vs_record_clear(r);
	if (keep != NULL) {
		r->bytes = keep;
		r->bytes_size = size;
	}
}

uint8_t *vs_record_reserve(struct vs_record *r, size_t size)
{
	if (r->bytes == NULL || r->bytes_size < size) {
		g_free(r->bytes);
		r->bytes = g_malloc(MAX(size, 1));
		r->bytes_size = (uint32_t)size;
	}
	return r->bytes;
}

void vs_record_set_bytes(struct vs_record *r, uint8_t *bytes, size_t len)
{
	if (r->bytes != bytes)
		g_free(r->bytes);
	r->bytes = bytes;
	r->len = (uint32_t)len;
	r->bytes_size = (uint32_t)len;
}

void vs_record_free(struct vs_record *r)
{
	if (r == NULL)
		return;
	vs_record_clear(r);
	g_free(r);
}

/* The device of anonymous pipes (pipefs), learnt from a pipe of our own;
 * (dev_t)-1 if it could not be. */
static dev_t pipefs_dev(void)
{
	static gsize once;
	static dev_t dev = (dev_t)-1;

	if (g_once_init_enter(&once)) {
		int fds[2];
		struct stat st;

		if (pipe2(fds, O_CLOEXEC) == 0) {
			if (fstat(fds[0], &st) == 0)
				dev = st.st_dev;
			close(fds[0]);
			close(fds[1]);
		}
		g_once_init_leave(&once, 1);
	}
	return dev;
}

static gint proc_forked; /* set in a forked child: the directories below are the parent's */

static void proc_child(void)
{
	g_atomic_int_set(&proc_forked, 1);
}

/* /proc/self/fd or /proc/self/fdinfo, opened once (O_PATH): a readlinkat or
 * openat of "N" in it does not walk the path again for each fd (a quarter
 * to a third less than a readlink of the whole path, measured on an
 * eventfd). -1 when it cannot be used; a forked child does not use them, as
 * they name the parent's fds. */
static int proc_dir(gsize *once, int *dir, const char *path)
{
	if (g_once_init_enter(once)) {
		*dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*dir >= 0 && pthread_atfork(NULL, NULL, proc_child) != 0) {
			close(*dir);
			*dir = -1;
		}
		g_once_init_leave(once, 1);
	}
	return g_atomic_int_get(&proc_forked) ? -1 : *dir;
}

static int proc_fd_dir(void)
{
	static gsize once;
	static int dir = -1;

	return proc_dir(&once, &dir, "/proc/self/fd");
}

static int proc_fdinfo_dir(void)
{
	static gsize once;
	static int dir = -1;

	return proc_dir(&once, &dir, "/proc/self/fdinfo");
}

void vs_fd_describe_prepare(void)
{
	proc_fd_dir();
	proc_fdinfo_dir();
}

/* fd in decimal: the name of its entry in /proc/self/fd and fdinfo.
 * snprintf took a third of what describing an eventfd cost in user space. */
static const char *fd_entry(int fd, char buf[16])
{
	char *at = buf + 15;
	unsigned v = (unsigned)fd;

	*at = '\0';
	do
		*--at = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return at;
}

/* What the link of /proc/self/fd/N reads: its length, or -1. */
static ssize_t fd_link(int fd, char *target, size_t size)
{
	char path[64];
	int dir = proc_fd_dir();

	if (dir >= 0)
		return readlinkat(dir, fd_entry(fd, path), target, size);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return readlink(path, target, size);
}

/*
 * What the link of /proc/self/fd/N reads when fstat alone says it for
 * certain: "socket:[INODE]" for every socket, "pipe:[INODE]" for every pipe
 * on pipefs (a named FIFO reads as its path). NULL when only the link says
 * it: an fd whose type is not certain costs a readlink, one that is not.
 */
static gboolean link_from_stat(const struct stat *st, char *target, size_t size)
{
	if (S_ISSOCK(st->st_mode))
		snprintf(target, size, "socket:[%llu]", (unsigned long long)st->st_ino);
	else if (S_ISFIFO(st->st_mode) && st->st_dev == pipefs_dev())
		snprintf(target, size, "pipe:[%llu]", (unsigned long long)st->st_ino);
	else
		return FALSE;
	return TRUE;
}

/* /proc/self/fdinfo/N into buf (NUL-terminated): FALSE when unreadable. */
static gboolean fd_info(int fd, char *buf, size_t size)
{
	char path[64];
	int dir = proc_fdinfo_dir(), info;
	ssize_t n;

	if (dir >= 0) {
		info = vs_sys_openat(dir, fd_entry(fd, path), O_RDONLY | O_CLOEXEC);
	} else {
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
		info = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (info < 0)
		return FALSE;
	n = vs_sys_read(info, buf, size - 1);
	vs_sys_close(info);
	if (n <= 0)
		return FALSE;
	buf[n] = '\0';
	return TRUE;
}

/*
 * An fd on an anonymous inode (no file type in its mode) that is an
 * eventfd: its fdinfo says so ("eventfd-count:", Linux 3.8+) and carries
 * its "eventfd-id:" (6.0+; 0 when there is none). The fdinfo is read
 * anyway for the id, and an eventfd then costs no readlink: every eventfd
 * reads "anon_inode:[eventfd]". FALSE for other anonymous fds (timerfd,
 * signalfd...), named by their link.
 */
static gboolean anon_eventfd(int fd, struct vu_fd_info *out)
{
	static const char name[] = "anon_inode:[eventfd]";
	char buf[512];
	gboolean eventfd = FALSE;
	guint32 id = 0;

	if (!fd_info(fd, buf, sizeof(buf)))
		return FALSE;
	/* One pass over its "key:\tvalue" lines (strstr twice cost more). */
	for (const char *line = buf; *line != '\0';) {
		const char *end = strchr(line, '\n');

		if (line[0] != 'e') {
			/* pos, flags, mnt_id, ino: not ours */
		} else if (strncmp(line, "eventfd-count:", strlen("eventfd-count:")) == 0) {
			eventfd = TRUE;
		} else if (strncmp(line, "eventfd-id:", strlen("eventfd-id:")) == 0) {
			const char *digit = line + strlen("eventfd-id:");

			while (*digit == ' ' || *digit == '\t')
				digit++;
			for (; g_ascii_isdigit(*digit); digit++)
				id = id * 10 + (guint32)(*digit - '0');
		}
		if (end == NULL)
			break;
		line = end + 1;
	}
	if (!eventfd)
		return FALSE;
	out->kind = VU_FD_EVENTFD;
	out->eventfd_id = id;
	G_STATIC_ASSERT(sizeof(name) <= sizeof(out->name));
	memcpy(out->name, name, sizeof(name));
	return TRUE;
}

/* /proc/self/fd/N of a memfd reads "/memfd:NAME (deleted)"; of an eventfd
 * "anon_inode:[eventfd]". The link is the only place the kernel names them. */
void vs_fd_describe(int fd, struct vu_fd_info *out)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;

	memset(out, 0, sizeof(*out));
	if (fstat(fd, &st) != 0) {
		out->kind = VU_FD_UNKNOWN;
		return;
	}
	out->size = (uint64_t)st.st_size;
	out->inode = (uint64_t)st.st_ino;
	if (link_from_stat(&st, target, sizeof(target))) {
		out->kind = S_ISSOCK(st.st_mode) ? VU_FD_SOCKET : VU_FD_PIPE;
		g_strlcpy(out->name, target, sizeof(out->name));
		return;
	}
	if ((st.st_mode & S_IFMT) == 0 && anon_eventfd(fd, out))
		return;
	n = fd_link(fd, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	if (S_ISSOCK(st.st_mode))
		out->kind = VU_FD_SOCKET;
	else if (S_ISFIFO(st.st_mode))
		out->kind = VU_FD_PIPE;
	else if (g_str_has_prefix(target, "/memfd:"))
		out->kind = VU_FD_MEMFD;
	else if (strcmp(target, "anon_inode:[eventfd]") == 0)
		out->kind = VU_FD_EVENTFD; /* its fdinfo could not be read */
	else if (S_ISREG(st.st_mode))
		out->kind = VU_FD_FILE;
	else
		out->kind = VU_FD_OTHER;
	if (out->kind == VU_FD_MEMFD) {
		const char *name = target + strlen("/memfd:");
		const char *end = g_strrstr(name, " (deleted)");
		size_t len = end != NULL ? (size_t)(end - name) : strlen(name);

		if (len >= sizeof(out->name))
			len = sizeof(out->name) - 1;
		memcpy(out->name, name, len);
	} else {
		g_strlcpy(out->name, target, sizeof(out->name));
	}
}

void vs_record_message(const struct vs_record *r, struct vu_message *m)
{
	m->channel = (enum vu_channel)r->channel;
	m->from = (enum vu_direction)r->from;
	m->bytes = r->bytes;
	m->len = r->len;
	m->nfds = r->fds_total;
	/* fds[] describes at most VU_MAX_FDS; past that the count is all we know. */
	m->fds = r->fds_total <= r->nfds ? r->fds : NULL;
	m->inject = r->inject;
}
