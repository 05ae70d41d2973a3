#include <string.h>

#include "sniffer/proc.h"

char **vs_proc_argv(int pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", pid);
	g_autofree char *raw = NULL;
	gsize len = 0;
	GPtrArray *argv;

	if (!g_file_get_contents(path, &raw, &len, NULL))
		return NULL;
	/* Arguments are NUL-terminated; the file ends with the last one's NUL. */
	argv = g_ptr_array_new();
	for (gsize at = 0; at < len; at += strlen(raw + at) + 1)
		g_ptr_array_add(argv, g_strdup(raw + at));
	g_ptr_array_add(argv, NULL);
	return (char **)g_ptr_array_free(argv, FALSE);
}

char *vs_proc_cmdline_of(char *const *argv)
{
	return g_strjoinv(" ", (char **)argv);
}
