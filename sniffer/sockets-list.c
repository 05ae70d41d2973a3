/*
 * -D/--list-sockets: which listening sockets of this host speak vhost-user,
 * judged from the programs that hold them and are connected to them.
 *
 * Nothing on a UNIX socket says what protocol it carries, so the judgement
 * rests on the peers people run (the table below): a socket is "vhost-user"
 * when a program that speaks it names the path in a vhost-user argument of
 * its command line (qemu-storage-daemon's --export type=vhost-user-blk,
 * QEMU's -chardev used by a vhost-user device, testpmd's net_vhost vdev), or
 * when the program speaks nothing else (virtiofsd, vhost-user-*); "likely"
 * when such a program holds it without naming it (OVS creates its ports'
 * sockets from its database); "unknown" otherwise, including a QEMU
 * -chardev that no vhost-user device uses (a QMP monitor).
 */
#include <string.h>
#include <unistd.h>

#include "dissector/vu-dissector.h"
#include "sniffer/sockets.h"
#include "sniffer/wrap.h"

static const char *const confidence_names[] = {
    [VS_VU_UNKNOWN] = "unknown",
    [VS_VU_LIKELY] = "likely",
    [VS_VU_SURE] = "yes",
};

/* The end of a vhost-user socket a program plays. */
enum peer_role {
	ROLE_UNKNOWN = VS_END_UNKNOWN,
	ROLE_FRONT = VS_END_FRONT,
	ROLE_BACK = VS_END_BACK,
	ROLE_BY_ARGS, /* the vhost-user argument tells (testpmd: net_vhost or virtio_user) */
};

/* A program people run at either end of a vhost-user socket. */
struct known_program {
	const char *name; /* basename of argv[0], or its start when prefix */
	gboolean prefix;
	enum peer_role role; /* the end of a vhost-user socket it plays */
	/* it speaks vhost-user only: any socket path it names is vhost-user */
	gboolean only_vhost_user;
};

/* clang-format off */
static const struct known_program known_programs[] = {
	{.name = "qemu-system-", .prefix = TRUE, .role = ROLE_FRONT},
	{.name = "qemu-storage-daemon", .role = ROLE_BACK},
	{.name = "virtiofsd", .role = ROLE_BACK, .only_vhost_user = TRUE},
	{.name = "vhost-user-", .prefix = TRUE, .role = ROLE_BACK, .only_vhost_user = TRUE},
	{.name = "vhost-device-", .prefix = TRUE, .role = ROLE_BACK, .only_vhost_user = TRUE},
	{.name = "dpdk-testpmd", .role = ROLE_BY_ARGS},
	{.name = "testpmd", .role = ROLE_BY_ARGS},
	{.name = "ovs-vswitchd", .role = ROLE_BACK},
	{.name = "spdk_tgt", .role = ROLE_BACK},
	{.name = "vhost", .role = ROLE_BACK}, /* SPDK's vhost target */
	{.name = "cloud-hypervisor", .role = ROLE_FRONT},
	{.name = "crosvm", .role = ROLE_BY_ARGS},
	{.name = "vhostsniff", .role = ROLE_BY_ARGS, .only_vhost_user = TRUE},
};
/* clang-format on */

/* Words of a command line argument that make it a vhost-user one. */
static const char *const vhost_user_words[] = {
    "vhost-user", "vhost_user", "vhostuser", "net_vhost", "virtio_user", "vhost-device",
};

static const struct known_program *known_program(const struct vs_socket_process *p)
{
	for (gsize i = 0; i < G_N_ELEMENTS(known_programs); i++) {
		const struct known_program *k = &known_programs[i];

		if (k->prefix ? g_str_has_prefix(p->name, k->name) : strcmp(p->name, k->name) == 0)
			return k;
	}
	return NULL;
}

static gboolean has_vhost_user_word(const char *arg)
{
	for (gsize i = 0; i < G_N_ELEMENTS(vhost_user_words); i++)
		if (strstr(arg, vhost_user_words[i]) != NULL)
			return TRUE;
	return FALSE;
}

/* The value of key= in a comma-separated argument ("id" in "socket,id=c0,path=P"). */
static char *option_value(const char *arg, const char *key)
{
	g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
	gsize klen = strlen(key);

	for (gsize i = 0; parts[i] != NULL; i++)
		if (strncmp(parts[i], key, klen) == 0 && parts[i][klen] == '=')
			return g_strdup(parts[i] + klen + 1);
	return NULL;
}

/* Does arg name path as a whole value (not a prefix of a longer path)? */
static gboolean names_path(const char *arg, const char *path)
{
	gsize plen = strlen(path);

	for (const char *at = strstr(arg, path); at != NULL; at = strstr(at + 1, path)) {
		char before = at == arg ? '\0' : at[-1];
		char after = at[plen];

		if ((before == '\0' || before == '=' || before == ',' || before == ':') &&
		    (after == '\0' || after == ','))
			return TRUE;
	}
	return FALSE;
}

/* QEMU: a -chardev naming path whose id a vhost-user device or netdev uses. */
static const char *qemu_chardev_user(const struct vs_socket_process *p, const char *arg)
{
	g_autofree char *id = option_value(arg, "id");

	if (id == NULL)
		return NULL;
	for (gsize i = 0; p->argv[i] != NULL; i++) {
		g_autofree char *used = option_value(p->argv[i], "chardev");

		if (used != NULL && strcmp(used, id) == 0 && has_vhost_user_word(p->argv[i]))
			return p->argv[i];
	}
	return NULL;
}

static enum peer_role role_by_args(const struct vs_socket_process *p, const char *arg)
{
	/* testpmd: net_vhost is the back-end, net_virtio_user the front-end;
	 * client=1 / server=1 say who listens, but the listener is what we see. */
	if (strstr(arg, "virtio_user") != NULL)
		return ROLE_FRONT;
	if (strstr(arg, "net_vhost") != NULL)
		return ROLE_BACK;
	/* crosvm device serves a back-end; crosvm run is the front-end */
	if (strcmp(p->name, "crosvm") == 0)
		return p->argv[0] != NULL && p->argv[1] != NULL && strcmp(p->argv[1], "device") == 0
		           ? ROLE_BACK
		           : ROLE_FRONT;
	/* vhostsniff: already sitting on it */
	return ROLE_UNKNOWN;
}

/* What p's command line says of path, as the one that listens on it. */
static struct vs_socket_verdict judge_path(const struct vs_socket_process *p, const char *path)
{
	const struct known_program *k = known_program(p);
	struct vs_socket_verdict j = {.confidence = VS_VU_UNKNOWN};
	const char *named = NULL;

	for (gsize i = 0; p->argv[i] != NULL; i++) {
		const char *arg = p->argv[i];
		const char *user;

		if (!names_path(arg, path))
			continue;
		named = arg;
		if (has_vhost_user_word(arg)) {
			j.confidence = VS_VU_SURE;
			j.why = g_strdup_printf("%s names it in '%s'", p->name, arg);
		} else if (i > 0 && has_vhost_user_word(p->argv[i - 1])) {
			j.confidence = VS_VU_SURE;
			j.why = g_strdup_printf("%s names it after '%s'", p->name, p->argv[i - 1]);
		} else if ((user = qemu_chardev_user(p, arg)) != NULL) {
			j.confidence = VS_VU_SURE;
			j.why = g_strdup_printf("%s's '%s' is used by '%s'", p->name, arg, user);
		} else if (k != NULL && k->only_vhost_user) {
			j.confidence = VS_VU_SURE;
			j.why =
			    g_strdup_printf("%s, which speaks vhost-user only, names it", p->name);
		}
		if (j.confidence == VS_VU_SURE) {
			enum peer_role role = k != NULL ? k->role : ROLE_UNKNOWN;

			if (role == ROLE_BY_ARGS)
				role = role_by_args(p, arg);
			j.end = (enum vs_listening_end)role;
			return j;
		}
	}
	if (k == NULL)
		return j;
	if (named != NULL) {
		/* a known peer names it, but not for vhost-user: a monitor, an API socket */
		j.why = g_strdup_printf("%s names it in '%s', not for a vhost-user device", p->name,
		                        named);
		return j;
	}
	j.confidence = VS_VU_LIKELY;
	j.end = k->role == ROLE_BY_ARGS ? VS_END_UNKNOWN : (enum vs_listening_end)k->role;
	j.why = g_strdup_printf("held by %s, a vhost-user peer, without naming it", p->name);
	return j;
}

/* Command lines name the path a socket was bound to, or where its file is now
 * (vhostsniff --wrap names the latter). */
static struct vs_socket_verdict judge_process(const struct vs_socket_process *p,
                                              const struct vs_listening_socket *l)
{
	struct vs_socket_verdict j = judge_path(p, l->path);

	if (j.confidence < VS_VU_SURE && l->file != NULL && strcmp(l->file, l->path) != 0) {
		struct vs_socket_verdict moved = judge_path(p, l->file);

		if (moved.confidence > j.confidence) {
			g_free(j.why);
			return moved;
		}
		g_free(moved.why);
	}
	return j;
}

static enum vs_listening_end opposite(enum vs_listening_end end)
{
	return end == VS_END_FRONT  ? VS_END_BACK
	       : end == VS_END_BACK ? VS_END_FRONT
	                            : VS_END_UNKNOWN;
}

/* The listener's own command line first, then its peers': the surest wins. */
void vs_socket_judge(const struct vs_listening_socket *l, struct vs_socket_verdict *verdict)
{
	struct vs_socket_verdict best = {.confidence = VS_VU_UNKNOWN};

	for (guint i = 0; i < l->owners->len; i++) {
		struct vs_socket_verdict j = judge_process(l->owners->pdata[i], l);

		if (best.why == NULL || j.confidence > best.confidence) {
			g_free(best.why);
			best = j;
		} else {
			g_free(j.why);
		}
	}
	for (guint i = 0; i < l->peers->len; i++) {
		/* a peer that connects plays the other role than the one it would listen as */
		struct vs_socket_verdict j = judge_process(l->peers->pdata[i], l);

		j.end = opposite(j.end);
		if (j.confidence > best.confidence) {
			g_free(best.why);
			best = j;
		} else {
			g_free(j.why);
		}
	}
	*verdict = best;
}

/* How vhostsniff sits on it: the new path is the caller's to choose. */
/* How to sit on it: in place with --wrap (neither peer changes), or beside it
 * (the peer that connects is pointed at a new socket). */
static char *suggestion(const char *path, enum vs_listening_end end)
{
	if (end == VS_END_BACK)
		return g_strdup_printf("vhostsniff --wrap %s  (in place), or\n"
		                       "                vhostsniff -l NEW.sock -c %s  (front-ends "
		                       "then connect to NEW.sock)",
		                       path, path);
	if (end == VS_END_FRONT)
		return g_strdup_printf(
		    "vhostsniff --wrap %s  (in place), or\n"
		    "                vhostsniff --front-connect %s --back-listen "
		    "NEW.sock  (the back-end then connects to NEW.sock)",
		    path, path);
	return NULL;
}

static const char *end_name(enum vs_listening_end end)
{
	return end == VS_END_FRONT ? "front-end" : end == VS_END_BACK ? "back-end" : NULL;
}

/* Command lines can be long and hold anything: the first 160 bytes, with
 * control characters escaped so that an entry stays on its lines. */
static void text_process(FILE *out, const char *label, const struct vs_socket_process *p)
{
	gsize len = strlen(p->cmdline);

	fprintf(out, "     %s: pid %d ", label, p->pid);
	for (gsize i = 0; i < len && i < 160; i++) {
		unsigned char c = (unsigned char)p->cmdline[i];

		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fprintf(out, "%s\n", len > 160 ? " ..." : "");
}

/* "/home/u/a.sock" is where "a.sock", bound from /home/u, is. */
static gboolean relative_of(const char *file, const char *bound)
{
	gsize flen = strlen(file), blen = strlen(bound);

	return bound[0] != '/' && flen > blen && strcmp(file + flen - blen, bound) == 0 &&
	       file[flen - blen - 1] == '/';
}

static void text_entry(FILE *out, guint n, const struct vs_listening_socket *l,
                       const struct vs_socket_verdict *j)
{
	const char *role = end_name(j->end);
	const char *file = l->file != NULL ? l->file : l->path;
	gboolean wrapped = g_str_has_suffix(file, VS_WRAP_SUFFIX);
	g_autofree char *how = wrapped ? NULL : suggestion(file, j->end);

	fprintf(out, "%u. %s  %s%s%s\n", n, file,
	        j->confidence == VS_VU_SURE     ? "vhost-user"
	        : j->confidence == VS_VU_LIKELY ? "probably vhost-user"
	                                        : "not known to be vhost-user",
	        role != NULL ? " " : "", role != NULL ? role : "");
	if (j->why != NULL)
		fprintf(out, "     why: %s\n", j->why);
	if (l->file == NULL)
		fprintf(out, "     its file is gone from %s (removed or moved since bind)\n",
		        l->path);
	else if (wrapped)
		fprintf(out, "     wrapped: vhostsniff sits at %s in its place\n", l->path);
	else if (strcmp(l->file, l->path) != 0 && !relative_of(l->file, l->path))
		fprintf(out, "     bound as %s, renamed since\n", l->path);
	for (guint i = 0; i < l->owners->len; i++)
		text_process(out, "listener", l->owners->pdata[i]);
	if (l->owners->len == 0)
		fprintf(out, "     listener: not known (a process of another user or namespace)\n");
	for (guint i = 0; i < l->peers->len; i++)
		text_process(out, "connected", l->peers->pdata[i]);
	if (how != NULL && j->confidence > VS_VU_UNKNOWN)
		fprintf(out, "     sit on it: %s\n", how);
}

static void json_process(struct vu_str *s, const struct vs_socket_process *p)
{
	vu_str_printf(s, "{\"pid\":%d,\"name\":", p->pid);
	vu_str_json_string(s, p->name);
	vu_str_append(s, ",\"cmdline\":");
	vu_str_json_string(s, p->cmdline);
	vu_str_append(s, "}");
}

static void json_entry(FILE *out, const struct vs_listening_socket *l,
                       const struct vs_socket_verdict *j)
{
	struct vu_str s;
	const char *role = end_name(j->end);

	vu_str_init(&s);
	vu_str_append(&s, "{\"path\":");
	vu_str_json_string(&s, l->file != NULL ? l->file : l->path);
	vu_str_append(&s, ",\"bound\":");
	vu_str_json_string(&s, l->path);
	vu_str_printf(&s, ",\"vhost_user\":\"%s\",\"role\":", confidence_names[j->confidence]);
	if (role != NULL)
		vu_str_json_string(&s, role);
	else
		vu_str_append(&s, "null");
	vu_str_append(&s, ",\"why\":");
	if (j->why != NULL)
		vu_str_json_string(&s, j->why);
	else
		vu_str_append(&s, "null");
	vu_str_printf(&s, ",\"inode\":%" G_GUINT64_FORMAT ",\"listener\":", l->inode);
	if (l->owners->len > 0)
		json_process(&s, l->owners->pdata[0]);
	else
		vu_str_append(&s, "null");
	vu_str_printf(&s, ",\"connections\":%u,\"peers\":[", l->connections);
	for (guint i = 0; i < l->peers->len; i++) {
		if (i > 0)
			vu_str_append(&s, ",");
		json_process(&s, l->peers->pdata[i]);
	}
	vu_str_append(&s, "]}\n");
	fputs(s.data, out);
	vu_str_free(&s);
}

int vs_sockets_list(FILE *out, gboolean json, int verbose)
{
	g_autoptr(GError) error = NULL;
	struct vs_socket_scan *scan = vs_socket_scan_new(&error);
	guint shown = 0, others = 0;

	if (scan == NULL) {
		fprintf(stderr, "vhostsniff: cannot list sockets: %s\n", error->message);
		return 1;
	}
	/* The surest first, then by path (the scan's order). */
	for (int level = VS_VU_SURE; level >= VS_VU_UNKNOWN; level--) {
		for (guint i = 0; i < scan->listening->len; i++) {
			const struct vs_listening_socket *l = scan->listening->pdata[i];
			struct vs_socket_verdict j;

			vs_socket_judge(l, &j);

			if ((int)j.confidence == level) {
				if (j.confidence == VS_VU_UNKNOWN && !verbose)
					others++;
				else if (json)
					json_entry(out, l, &j);
				else
					text_entry(out, ++shown, l, &j);
			}
			g_free(j.why);
		}
	}
	if (!json) {
		if (shown == 0 && others == 0)
			fprintf(out, "no listening UNIX socket in this network namespace\n");
		else if (others > 0)
			fprintf(out,
			        "%s%u other listening UNIX socket%s not known to be vhost-user "
			        "(-D -v lists them)\n",
			        shown > 0 ? "and " : "", others, others == 1 ? "" : "s");
		if (!scan->peers_known)
			fprintf(out, "connected peers not shown: %s\n", scan->peers_why);
	}
	vs_socket_scan_free(scan);
	return 0;
}
