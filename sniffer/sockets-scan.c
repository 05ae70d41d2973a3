/*
 * What the kernel says about the UNIX sockets of this host, for -D.
 *
 * /proc/net/unix lists every UNIX socket of this network namespace with its
 * inode, state and bound path: a listening stream socket has __SO_ACCEPTCON in
 * its flags, and the connections it accepted carry its path too. Who holds a
 * socket is only known from /proc/PID/fd, whose links read "socket:[INODE]".
 * Who is at the other end of an accepted connection is known only from
 * sock_diag (UNIX_DIAG_PEER); without it (no unix_diag in the kernel) the
 * peers are left out and the scan says so.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sniffer/proc.h"
#include "sniffer/sock-diag.h"
#include "sniffer/sockets.h"
#include "sniffer/wrap.h"

/* /proc/net/unix: Flags (__SO_ACCEPTCON), Type (SOCK_STREAM), St (SS_CONNECTED) */
#define UNIX_FLAG_ACCEPTCON  0x10000u
#define UNIX_TYPE_STREAM     1u
#define UNIX_STATE_CONNECTED 3u

struct unix_entry {
	guint64 inode;
	gboolean listening;
	gboolean connected;
	char *path; /* NULL when unbound or abstract */
};

static void process_free(gpointer data)
{
	struct vs_socket_process *p = data;

	g_free(p->name);
	g_strfreev(p->argv);
	g_free(p->cmdline);
	g_free(p);
}

static void listening_free(gpointer data)
{
	struct vs_listening_socket *l = data;

	g_free(l->path);
	g_free(l->file);
	g_ptr_array_unref(l->owners);
	g_ptr_array_unref(l->peers);
	g_free(l);
}

void vs_socket_scan_free(struct vs_socket_scan *scan)
{
	if (scan == NULL)
		return;
	g_ptr_array_unref(scan->listening);
	g_hash_table_unref(scan->processes);
	g_free(scan->peers_why);
	g_free(scan);
}

/* One line of /proc/net/unix:
 * "Num: RefCount Protocol Flags Type St Inode [Path]" */
static gboolean unix_entry_parse(const char *line, struct unix_entry *e)
{
	unsigned refcount, protocol, flags, type, state;
	unsigned long long inode;
	int path_at = -1;

	if (sscanf(line, "%*[0-9a-fA-F]: %x %x %x %x %x %llu %n", &refcount, &protocol, &flags,
	           &type, &state, &inode, &path_at) < 6)
		return FALSE;
	e->inode = inode;
	e->listening = (flags & UNIX_FLAG_ACCEPTCON) != 0 && type == UNIX_TYPE_STREAM;
	e->connected = state == UNIX_STATE_CONNECTED && type == UNIX_TYPE_STREAM;
	e->path = NULL;
	/* '@' starts an abstract name: no file to sit on. */
	if (path_at > 0 && line[path_at] != '\0' && line[path_at] != '@')
		e->path = g_strchomp(g_strdup(line + path_at));
	return TRUE;
}

/* The command line of pid, or NULL when it is gone. */
static struct vs_socket_process *process_read(int pid)
{
	char **argv = vs_proc_argv(pid);
	struct vs_socket_process *p;

	if (argv == NULL)
		return NULL;
	p = g_new0(struct vs_socket_process, 1);
	p->pid = pid;
	p->argv = argv;
	p->cmdline = vs_proc_cmdline_of(argv);
	if (p->argv[0] != NULL && p->argv[0][0] != '\0') {
		p->name = g_path_get_basename(p->argv[0]);
	} else {
		g_autofree char *comm_path = g_strdup_printf("/proc/%d/comm", pid);
		char *comm = NULL;

		if (g_file_get_contents(comm_path, &comm, NULL, NULL))
			p->name = g_strchomp(comm);
		else
			p->name = g_strdup("?");
	}
	return p;
}

/* inode -> pid of every process holding a socket (the first one found). */
static GHashTable *socket_owners(void)
{
	GHashTable *owners = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	DIR *proc = opendir("/proc");
	struct dirent *de;

	if (proc == NULL)
		return owners;
	while ((de = readdir(proc)) != NULL) {
		g_autofree char *fd_dir = NULL;
		struct dirent *fe;
		DIR *fds;
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end != '\0' || pid <= 0)
			continue;
		fd_dir = g_strdup_printf("/proc/%ld/fd", pid);
		fds = opendir(fd_dir);
		if (fds == NULL)
			continue; /* gone, or not ours to read */
		while ((fe = readdir(fds)) != NULL) {
			char target[64];
			unsigned long long inode;
			ssize_t n;

			if (fe->d_name[0] == '.')
				continue;
			n = readlinkat(dirfd(fds), fe->d_name, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (sscanf(target, "socket:[%llu]", &inode) != 1)
				continue;
			if (!g_hash_table_contains(owners, &(gint64){(gint64)inode})) {
				gint64 *key = g_new(gint64, 1);

				*key = (gint64)inode;
				g_hash_table_insert(owners, key, GINT_TO_POINTER((int)pid));
			}
		}
		closedir(fds);
	}
	closedir(proc);
	return owners;
}

static void keep_entry(const struct vs_sock_diag_entry *entry, gpointer user_data)
{
	g_hash_table_insert(user_data, g_memdup2(&entry->inode, sizeof(entry->inode)),
	                    g_memdup2(entry, sizeof(*entry)));
}

/* inode -> struct vs_sock_diag_entry of every UNIX socket. */
static GHashTable *socket_diag(char **why)
{
	GHashTable *facts = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);

	vs_sock_diag_unix(VS_SOCK_DIAG_ANY_STATE, keep_entry, facts, why);
	return facts;
}

/* A socket file's identity: its inode and device, as sock_diag reports them. */
struct file_id {
	guint64 inode;
	guint major, minor;
};

/* The identity of the socket file at path; FALSE when there is none. */
static gboolean file_id_of(const char *path, struct file_id *id)
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return FALSE;
	id->inode = (guint64)st.st_ino;
	id->major = major(st.st_dev);
	id->minor = minor(st.st_dev);
	return TRUE;
}

static gboolean is_file(const struct vs_listening_socket *l, const struct file_id *id)
{
	return l->file_inode != 0 && id->inode == l->file_inode && id->major == l->file_major &&
	       id->minor == l->file_minor;
}

static gboolean is_file_of(const struct vs_listening_socket *l, const char *path)
{
	struct file_id id;

	return l->file_inode != 0 && file_id_of(path, &id) && is_file(l, &id);
}

/* A socket's file may have been renamed since bind: where --wrap puts the
 * original (PATH.vhostsniff-wrapped), or a path its owner names (vhostsniff
 * --wrap PATH, whose socket was bound at a temporary name). */
static void find_file(struct vs_listening_socket *l)
{
	g_autofree char *bound = g_strdup(l->path);
	g_autofree char *aside = NULL;

	/* A relative path was bound from the owner's working directory (as far
	 * as it has not changed since). */
	if (l->path[0] != '/' && l->owners->len > 0) {
		const struct vs_socket_process *p = l->owners->pdata[0];
		g_autofree char *link = g_strdup_printf("/proc/%d/cwd", p->pid);
		g_autofree char *cwd = g_file_read_link(link, NULL);

		if (cwd != NULL) {
			g_free(bound);
			bound = g_build_filename(cwd, l->path, NULL);
		}
	}
	aside = vs_wrap_aside_path(bound);
	if (l->file_inode == 0 || is_file_of(l, bound)) {
		l->file = g_steal_pointer(&bound);
		return;
	}
	if (is_file_of(l, aside)) {
		l->file = g_steal_pointer(&aside);
		return;
	}
	for (guint i = 0; i < l->owners->len; i++) {
		const struct vs_socket_process *p = l->owners->pdata[i];

		for (gsize a = 0; p->argv[a] != NULL; a++)
			if (p->argv[a][0] == '/' && is_file_of(l, p->argv[a])) {
				l->file = g_strdup(p->argv[a]);
				return;
			}
	}
}

static gint by_path(gconstpointer a, gconstpointer b)
{
	const struct vs_listening_socket *x = *(struct vs_listening_socket *const *)a;
	const struct vs_listening_socket *y = *(struct vs_listening_socket *const *)b;

	return strcmp(x->file != NULL ? x->file : x->path, y->file != NULL ? y->file : y->path);
}

/* The processes of a table of pids, read once each. */
static struct vs_socket_process *process_of(GHashTable *processes, int pid)
{
	struct vs_socket_process *p = g_hash_table_lookup(processes, GINT_TO_POINTER(pid));

	if (p == NULL && pid > 0) {
		p = process_read(pid);
		if (p != NULL)
			g_hash_table_insert(processes, GINT_TO_POINTER(pid), p);
	}
	return p;
}

static void add_process(GPtrArray *list, struct vs_socket_process *p)
{
	if (p == NULL)
		return;
	for (guint i = 0; i < list->len; i++)
		if (((struct vs_socket_process *)list->pdata[i])->pid == p->pid)
			return;
	g_ptr_array_add(list, p);
}

struct vs_socket_scan *vs_socket_scan_new(GError **error)
{
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GHashTable) owners = NULL, diag = NULL, by_path_table = NULL;
	GHashTable *processes;
	g_autoptr(GArray) connected = g_array_new(FALSE, FALSE, sizeof(struct unix_entry));
	struct vs_socket_scan *scan;

	if (!g_file_get_contents("/proc/net/unix", &text, NULL, error))
		return NULL;
	scan = g_new0(struct vs_socket_scan, 1);
	scan->listening = g_ptr_array_new_with_free_func(listening_free);
	owners = socket_owners();
	diag = socket_diag(&scan->peers_why);
	scan->peers_known = scan->peers_why == NULL;
	/* Processes are shared by the lists of every socket: freed with the scan. */
	processes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, process_free);
	scan->processes = processes;
	by_path_table = g_hash_table_new(g_str_hash, g_str_equal);

	lines = g_strsplit(text, "\n", -1);
	for (guint i = 1; lines[i] != NULL; i++) {
		struct unix_entry e;
		struct vs_listening_socket *l;
		const struct vs_sock_diag_entry *facts;
		gpointer pid;

		if (!unix_entry_parse(lines[i], &e) || e.path == NULL)
			continue;
		if (!e.listening) {
			if (e.connected)
				g_array_append_val(connected, e);
			else
				g_free(e.path);
			continue;
		}
		l = g_new0(struct vs_listening_socket, 1);
		l->path = e.path;
		l->inode = e.inode;
		l->owners = g_ptr_array_new();
		l->peers = g_ptr_array_new();
		facts = g_hash_table_lookup(diag, &(gint64){(gint64)e.inode});
		if (facts != NULL) {
			l->file_inode = facts->file_inode;
			l->file_major = facts->file_major;
			l->file_minor = facts->file_minor;
		}
		pid = g_hash_table_lookup(owners, &(gint64){(gint64)e.inode});
		add_process(l->owners, process_of(processes, GPOINTER_TO_INT(pid)));
		g_ptr_array_add(scan->listening, l);
		g_hash_table_insert(by_path_table, l->path, l);
	}
	/* An accepted connection carries the listener's path; its peer is the
	 * socket of whoever connected. */
	for (guint i = 0; i < connected->len; i++) {
		struct unix_entry *e = &g_array_index(connected, struct unix_entry, i);
		struct vs_listening_socket *l = g_hash_table_lookup(by_path_table, e->path);
		const struct vs_sock_diag_entry *facts;

		if (l != NULL) {
			l->connections++;
			facts = g_hash_table_lookup(diag, &(gint64){(gint64)e->inode});
			if (facts != NULL && facts->peer != 0)
				add_process(
				    l->peers,
				    process_of(processes,
				               GPOINTER_TO_INT(g_hash_table_lookup(
				                   owners, &(gint64){(gint64)facts->peer}))));
		}
		g_free(e->path);
	}
	for (guint i = 0; i < scan->listening->len; i++)
		find_file(scan->listening->pdata[i]);
	g_ptr_array_sort(scan->listening, by_path);
	return scan;
}

const struct vs_listening_socket *vs_socket_scan_find_file(const struct vs_socket_scan *scan,
                                                           const char *path)
{
	struct file_id id;

	if (!file_id_of(path, &id))
		return NULL;
	for (guint i = 0; i < scan->listening->len; i++) {
		const struct vs_listening_socket *l = scan->listening->pdata[i];

		if (is_file(l, &id))
			return l;
	}
	return NULL;
}
