/*
 * A small JSON reader for the tests that check vhostsniff's -T json lines:
 * one line parsed into a tree, looked up by key. Enough for what vhostsniff
 * prints (objects, arrays, strings with escapes, numbers, true/false/null);
 * no dependency beyond GLib.
 */
#ifndef VS_TESTS_JSON_MINI_H
#define VS_TESTS_JSON_MINI_H

#include <glib.h>

enum jm_type { JM_NULL, JM_BOOL, JM_NUMBER, JM_STRING, JM_ARRAY, JM_OBJECT };

struct jm_value {
	enum jm_type type;
	gboolean boolean;
	double number;
	char *string;
	GPtrArray *items; /* JM_ARRAY: struct jm_value *; JM_OBJECT: the values */
	GPtrArray *keys;  /* JM_OBJECT: char *, one per value */
};

/* The value of text (one whole JSON document), or NULL if it is not JSON. */
struct jm_value *jm_parse(const char *text);
void jm_free(struct jm_value *v);

/* Member key of an object, or NULL (not an object, or no such key). */
const struct jm_value *jm_get(const struct jm_value *obj, const char *key);
/* The string member key, or NULL. */
const char *jm_get_string(const struct jm_value *obj, const char *key);
/* The number member key, or fallback. */
double jm_get_number(const struct jm_value *obj, const char *key, double fallback);
/* Items of an array (0 for anything else) and the item i. */
guint jm_length(const struct jm_value *array);
const struct jm_value *jm_item(const struct jm_value *array, guint i);

#endif
