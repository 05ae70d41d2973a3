/*
 * Session facts in a capture: the "key=value\n" body of SESSION_START/END
 * frames (doc/capture-format.md section 6) and their one-line description.
 */
#include <stdlib.h>
#include <string.h>

#include "vscore/pcapng.h"

const char *vs_pcapng_role_name(unsigned role)
{
	return role == VS_ROLE_CONNECT ? "connect" : "listen";
}

static void append_escaped(GString *out, const char *value)
{
	for (const char *p = value; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\\')
			g_string_append(out, "\\\\");
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c < 0x20)
			g_string_append_printf(out, "\\x%02x", c);
		else
			g_string_append_c(out, (char)c);
	}
}

static void append_fact(GString *out, const char *key, const char *value)
{
	if (!value)
		return;
	g_string_append_printf(out, "%s=", key);
	append_escaped(out, value);
	g_string_append_c(out, '\n');
}

static void append_pid(GString *out, const char *key, pid_t pid)
{
	if (pid > 0)
		g_string_append_printf(out, "%s=%ld\n", key, (long)pid);
}

void vs_pcapng_facts_encode(const struct vs_session_facts *f, GString *out)
{
	append_fact(out, "front.path", f->front_path);
	append_fact(out, "front.role", vs_pcapng_role_name(f->front_role));
	append_pid(out, "front.pid", f->front_pid);
	append_fact(out, "front.cmdline", f->front_cmdline);
	append_fact(out, "back.path", f->back_path);
	append_fact(out, "back.role", vs_pcapng_role_name(f->back_role));
	append_pid(out, "back.pid", f->back_pid);
	append_fact(out, "back.cmdline", f->back_cmdline);
	append_fact(out, "reason", f->reason);
	append_fact(out, "device", f->device);
	append_fact(out, "device.evidence", f->device_evidence);
	append_fact(out, "dialect", f->dialect);
	append_fact(out, "dialect.evidence", f->dialect_evidence);
	append_fact(out, "packets.missed", f->missed);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undo append_escaped; an escape that makes no sense is kept as it stands. */
static char *unescape(const char *v, gsize len)
{
	GString *s = g_string_sized_new(len);

	for (gsize i = 0; i < len; i++) {
		if (v[i] != '\\' || i + 1 == len) {
			g_string_append_c(s, v[i]);
		} else if (v[i + 1] == '\\') {
			g_string_append_c(s, '\\');
			i++;
		} else if (v[i + 1] == 'n') {
			g_string_append_c(s, '\n');
			i++;
		} else if (v[i + 1] == 'x' && i + 3 < len && hex_digit(v[i + 2]) >= 0 &&
		           hex_digit(v[i + 3]) >= 0 &&
		           (hex_digit(v[i + 2]) << 4 | hex_digit(v[i + 3]))) {
			g_string_append_c(s,
			                  (char)(hex_digit(v[i + 2]) << 4 | hex_digit(v[i + 3])));
			i += 3;
		} else {
			g_string_append_c(s, v[i]);
		}
	}
	return g_string_free(s, FALSE);
}

static void set_string(char **field, const char *v, gsize len)
{
	g_free(*field);
	*field = unescape(v, len);
}

static pid_t parse_pid(const char *v, gsize len)
{
	g_autofree char *s = g_strndup(v, len);
	char *end;
	long pid = strtol(s, &end, 10);

	return *s && !*end && pid > 0 && pid <= G_MAXINT32 ? (pid_t)pid : 0;
}

static void decode_fact(struct vs_session_facts *f, const char *key, gsize klen, const char *v,
                        gsize vlen)
{
#define KEY_IS(k) (klen == strlen(k) && memcmp(key, k, klen) == 0)
	if (KEY_IS("front.path"))
		set_string(&f->front_path, v, vlen);
	else if (KEY_IS("front.role"))
		f->front_role =
		    vlen == 7 && memcmp(v, "connect", 7) == 0 ? VS_ROLE_CONNECT : VS_ROLE_LISTEN;
	else if (KEY_IS("front.pid"))
		f->front_pid = parse_pid(v, vlen);
	else if (KEY_IS("front.cmdline"))
		set_string(&f->front_cmdline, v, vlen);
	else if (KEY_IS("back.path"))
		set_string(&f->back_path, v, vlen);
	else if (KEY_IS("back.role"))
		f->back_role =
		    vlen == 7 && memcmp(v, "connect", 7) == 0 ? VS_ROLE_CONNECT : VS_ROLE_LISTEN;
	else if (KEY_IS("back.pid"))
		f->back_pid = parse_pid(v, vlen);
	else if (KEY_IS("back.cmdline"))
		set_string(&f->back_cmdline, v, vlen);
	else if (KEY_IS("reason"))
		set_string(&f->reason, v, vlen);
	else if (KEY_IS("device"))
		set_string(&f->device, v, vlen);
	else if (KEY_IS("device.evidence"))
		set_string(&f->device_evidence, v, vlen);
	else if (KEY_IS("dialect"))
		set_string(&f->dialect, v, vlen);
	else if (KEY_IS("dialect.evidence"))
		set_string(&f->dialect_evidence, v, vlen);
	else if (KEY_IS("packets.missed"))
		set_string(&f->missed, v, vlen);
#undef KEY_IS
}

void vs_pcapng_facts_decode(const char *body, gsize len, struct vs_session_facts *f)
{
	gsize pos = 0;

	while (pos < len) {
		const char *line = body + pos;
		const char *nl = memchr(line, '\n', len - pos);
		gsize line_len = nl ? (gsize)(nl - line) : len - pos;
		const char *eq = memchr(line, '=', line_len);

		if (eq)
			decode_fact(f, line, (gsize)(eq - line), eq + 1,
			            line_len - (gsize)(eq - line) - 1);
		pos += line_len + 1;
	}
}

static void describe_side(GString *out, const char *side, const char *path, pid_t pid,
                          const char *cmdline)
{
	g_string_append(out, side);
	if (path)
		g_string_append_printf(out, " %s", path);
	if (pid > 0)
		g_string_append_printf(out, " pid %ld", (long)pid);
	if (cmdline)
		g_string_append_printf(out, " (%s)", cmdline);
}

void vs_pcapng_facts_describe(const struct vs_session_facts *f, GString *out)
{
	describe_side(out, "front-end", f->front_path, f->front_pid, f->front_cmdline);
	g_string_append(out, ", ");
	describe_side(out, "back-end", f->back_path, f->back_pid, f->back_cmdline);
	if (f->device)
		g_string_append_printf(out, ", device %s", f->device);
	if (f->dialect)
		g_string_append_printf(out, ", dialect %s", f->dialect);
	if (f->reason)
		g_string_append_printf(out, ", ended: %s", f->reason);
}

char *vs_pcapng_iface_name(const char *port, guint32 session, const char *channel)
{
	return g_strdup_printf("%s%ssession %u %s", port != NULL ? port : "",
	                       port != NULL ? " " : "", session, channel != NULL ? channel : "?");
}

const char *vs_pcapng_iface_port(const char *name, gsize len)
{
	g_autofree char *text = g_strndup(name, len);
	const char *at = strstr(text, " session ");

	/* a label has no spaces: what comes before the first " session " */
	if (at == NULL || at == text || memchr(text, ' ', (gsize)(at - text)) != NULL)
		return NULL;
	text[at - text] = '\0';
	return g_intern_string(text);
}
