/*
 * --inject through the real binary: each action between hand-made peers
 * (what the far side gets, and the inject.* finding on the message in the
 * JSON output), and the rules that are refused before anything is relayed.
 */
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <glib.h>

#include "dissector/vu-dissector.h"
#include "tests/relay-harness.h"

/* vhostsniff -l -c --sessions 1 with these rules (NULL-terminated), both peers connected. */
static void open_with(struct sniff *s, struct pair *p, const char *const *extra)
{
	GPtrArray *args = g_ptr_array_new();

	g_ptr_array_add(args, "-l");
	g_ptr_array_add(args, s->front);
	g_ptr_array_add(args, "-c");
	g_ptr_array_add(args, s->back);
	g_ptr_array_add(args, "--sessions");
	g_ptr_array_add(args, "1");
	for (const char *const *e = extra; *e != NULL; e++)
		g_ptr_array_add(args, (gpointer)*e);
	g_ptr_array_add(args, NULL);
	p->back_listen = peer_listen(s->back);
	sniff_startv(s, (const char *const *)args->pdata);
	g_ptr_array_free(args, TRUE);
	sniff_wait_path(s, s->front);
	p->front = peer_connect(s->front);
	p->back = peer_accept(p->back_listen);
}

static void open_rule(struct sniff *s, struct pair *p, const char *rule)
{
	const char *extra[] = {"--inject", rule, NULL};

	open_with(s, p, extra);
}

static void finish(struct sniff *s, struct pair *p)
{
	pair_close(p);
	g_assert_cmpint(sniff_wait(s), ==, 0);
}

static void send_vring_num(int fd, uint32_t num)
{
	uint32_t state[2] = {0, num};

	peer_send_msg(fd, VU_REQ_SET_VRING_NUM, 1, state, sizeof(state), NULL, 0);
}

/* drop: recorded with inject.drop, never forwarded; what follows goes on. */
static void test_drop(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	open_rule(s, &p, "SET_VRING_NUM:drop");
	send_vring_num(p.front, 256);
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &(uint64_t){0}, 8, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_FEATURES);
	finish(s, &p);
	g_assert_cmpint(find_line(s, 0, "VHOST_USER_SET_VRING_NUM", "\"id\":\"inject.drop\"", NULL),
	                >=, 0);
	g_assert_cmpint(find_line(s, 0, "VHOST_USER_SET_FEATURES", "inject.", NULL), <, 0);
	sniff_free(s);
}

/* A rule names requests in the session's dialect: under --dialect crosvm,
 * WAKE is crosvm's 43 (upstream's CHECK_DEVICE_STATE), without it nothing. */
static void test_dialect(gconstpointer data)
{
	const char *dialect = data;
	const char *extra[] = {"--inject", "WAKE:drop", "--dialect", dialect, NULL};
	bool crosvm = strcmp(dialect, "crosvm") == 0;
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	open_with(s, &p, extra);
	peer_send_msg(p.front, VU_CROSVM_REQ_WAKE, 1, NULL, 0, NULL, 0);
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &(uint64_t){0}, 8, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, crosvm ? VU_REQ_SET_FEATURES : VU_REQ_CHECK_DEVICE_STATE);
	finish(s, &p);
	g_assert_cmpint(count_lines(s, "inject.drop"), ==, crosvm ? 1 : 0);
	if (crosvm)
		g_assert_cmpint(find_line(s, 0, "VHOST_USER_WAKE", "\"id\":\"inject.drop\"", NULL),
		                >=, 0);
	sniff_free(s);
}

/* #N: the second match only. */
static void test_nth(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	open_rule(s, &p, "SET_VRING_NUM#2:drop");
	send_vring_num(p.front, 1);
	send_vring_num(p.front, 2);
	send_vring_num(p.front, 3);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(((uint32_t *)(void *)m.payload)[1], ==, 1);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(((uint32_t *)(void *)m.payload)[1], ==, 3);
	finish(s, &p);
	g_assert_cmpint(count_lines(s, "inject.drop"), ==, 1);
	g_assert_cmpint(find_line(s, 0, "\"vring.size\":2", "inject.drop", NULL), >=, 0);
	sniff_free(s);
}

/* delay: forwarded later, and what came after it from the same side stays behind it. */
static void test_delay(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	open_rule(s, &p, "SET_VRING_NUM:delay=300ms");
	send_vring_num(p.front, 256);
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &(uint64_t){0}, 8, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_NUM);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_FEATURES);
	finish(s, &p);
	g_assert_cmpint(find_line(s, 0, "VHOST_USER_SET_VRING_NUM", "inject.delay", NULL), >=, 0);
	g_assert_cmpint(find_line(s, 0, "VHOST_USER_SET_FEATURES", "inject.", NULL), <, 0);
	sniff_free(s);
}

/* The sender closes while its message is delayed: the message never goes, and
 * its record comes before the session's end. */
static void test_delay_then_close(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	int msg, end;

	open_rule(s, &p, "SET_FEATURES:delay=20s");
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &(uint64_t){0}, 8, NULL, 0);
	close(p.front);
	p.front = -1;
	peer_expect_eof(p.back);
	finish(s, &p);
	msg = find_line(s, 0, "VHOST_USER_SET_FEATURES", "inject.delay", NULL);
	end = find_line(s, 0, "\"event\":\"session_end\"", NULL);
	g_assert_cmpint(msg, >=, 0);
	g_assert_cmpint(end, >, msg);
	sniff_free(s);
}

/* A reply held past --reply-timeout: the analyzer says it is late (and the
 * reply, when it comes, still answers the request). */
static void test_delay_reply_late(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;
	const char *extra[] = {"--inject", "from==back && GET_VRING_BASE:delay=2s",
	                       "--reply-timeout", "0.5", NULL};
	uint32_t state[2] = {0, 0};

	open_with(s, &p, extra);
	peer_send_msg(p.front, VU_REQ_GET_VRING_BASE, 1, state, sizeof(state), NULL, 0);
	peer_recv_msg(p.back, &m);
	peer_send_msg(p.back, VU_REQ_GET_VRING_BASE, 5, state, sizeof(state), NULL, 0);
	peer_recv_msg(p.front, &m);
	g_assert_cmpuint(m.flags, ==, 5);
	finish(s, &p);
	g_assert_cmpint(find_line(s, 0, "sequence.reply_late", NULL), >=, 0);
	g_assert_cmpint(find_line(s, 0, "sequence.no_reply", NULL), <, 0);
	g_assert_cmpint(
	    find_line(s, 0, "VHOST_USER_GET_VRING_BASE", "\"reply\":true", "inject.delay", NULL),
	    >=, 0);
	sniff_free(s);
}

/* close before: the message does not cross; both peers see the close, whichever
 * side was closed first. */
static void test_close_before(gconstpointer data)
{
	const char *side = data;
	struct sniff *s = sniff_new();
	struct pair p;
	g_autofree char *rule = g_strdup_printf("SET_FEATURES:close=%s", side);
	g_autofree char *reason = g_strdup_printf("closed by --inject (close=%s)", side);

	open_rule(s, &p, rule);
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &(uint64_t){0}, 8, NULL, 0);
	peer_expect_eof(p.back);
	peer_expect_eof(p.front);
	finish(s, &p);
	g_assert_cmpint(find_line(s, 0, "VHOST_USER_SET_FEATURES", "inject.close", NULL), >=, 0);
	g_assert_cmpint(find_line(s, 0, "session_end", reason, NULL), >=, 0);
	sniff_free(s);
}

/* close after: the message crosses, then the close. */
static void test_close_after(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	open_rule(s, &p, "SET_FEATURES:close=back,after");
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &(uint64_t){0x1234}, 8, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_FEATURES);
	peer_expect_eof(p.back);
	peer_expect_eof(p.front);
	finish(s, &p);
	g_assert_cmpint(find_line(s, 0, "VHOST_USER_SET_FEATURES", "inject.close", NULL), >=, 0);
	sniff_free(s);
}

/* corrupt: the far side gets the value, the output shows the bytes sent. */
static void test_corrupt(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;
	uint32_t state[2];

	g_autofree char *cap = g_build_filename(s->dir, "c.pcapng", NULL);
	const char *extra[] = {"--inject", "SET_VRING_NUM:corrupt=vring.size=0", "-w", cap, NULL};
	g_autofree char *capture = NULL, *read_back = NULL;
	const char *note = "vring.size was 256 (0x100), sent as 0";
	gsize caplen;
	int status;

	open_with(s, &p, extra);
	send_vring_num(p.front, 256);
	peer_recv_msg(p.back, &m);
	memcpy(state, m.payload, sizeof(state));
	g_assert_cmpuint(state[1], ==, 0);
	finish(s, &p);
	/* the capture: the bytes sent, the mark, and the value it had in a packet comment */
	g_assert_true(g_file_get_contents(cap, &capture, &caplen, NULL));
	g_assert_nonnull(memmem(capture, caplen, note, strlen(note)));
	{
		const char *argv[] = {sniff_binary(), "-r", cap, "-T", "json", NULL};

		g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
		                           &read_back, NULL, &status, NULL));
		g_assert_cmpint(status, ==, 0);
		g_assert_nonnull(strstr(read_back, "\"vring.size\":0"));
		g_assert_nonnull(strstr(read_back, "inject.corrupt"));
	}
	g_assert_cmpint(
	    find_line(s, 0, "VHOST_USER_SET_VRING_NUM", "\"vring.size\":0", "inject.corrupt", NULL),
	    >=, 0);
	sniff_free(s);
}

/* strip-fds: forwarded without its fd; the record still says one came. */
static void test_strip_fds(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;
	int efd = eventfd(0, EFD_CLOEXEC);

	open_rule(s, &p, "SET_VRING_CALL:strip-fds");
	peer_send_msg(p.front, VU_REQ_SET_VRING_CALL, 1, &(uint64_t){0}, 8, &efd, 1);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_VRING_CALL);
	g_assert_cmpuint(m.hdr_nfds + m.payload_nfds, ==, 0);
	finish(s, &p);
	g_assert_cmpint(
	    find_line(s, 0, "VHOST_USER_SET_VRING_CALL", "\"fds\":1", "inject.strip_fds", NULL), >=,
	    0);
	close(efd);
	sniff_free(s);
}

/* stall: the side is not read for a while, then everything comes, in order. */
static void test_stall(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;

	open_rule(s, &p, "from==back && GET_FEATURES#1:stall=300ms");
	peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.back, &m);
	peer_send_msg(p.back, VU_REQ_GET_FEATURES, 5, &(uint64_t){7}, 8, NULL, 0);
	peer_send_msg(p.back, VU_REQ_GET_FEATURES, 5, &(uint64_t){8}, 8, NULL, 0);
	peer_recv_msg(p.front, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	peer_recv_msg(p.front, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	finish(s, &p);
	g_assert_cmpint(count_lines(s, "inject.stall"), ==, 1);
	sniff_free(s);
}

/* reply: vhostsniff answers, the back-end never sees the request. */
static void test_reply(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;
	uint64_t v;

	open_rule(s, &p, "from==front && GET_FEATURES:reply=0x1234");
	peer_send_msg(p.front, VU_REQ_GET_FEATURES, 1, NULL, 0, NULL, 0);
	peer_recv_msg(p.front, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_GET_FEATURES);
	g_assert_cmpuint(m.flags, ==, VU_FLAG_VERSION | VU_FLAG_REPLY);
	g_assert_cmpuint(m.size, ==, 8);
	memcpy(&v, m.payload, 8);
	g_assert_cmpuint(v, ==, 0x1234);
	peer_send_msg(p.front, VU_REQ_SET_FEATURES, 1, &v, 8, NULL, 0);
	peer_recv_msg(p.back, &m);
	g_assert_cmpuint(m.request, ==, VU_REQ_SET_FEATURES);
	finish(s, &p);
	g_assert_cmpint(count_lines(s, "inject.reply"), ==, 2);
	g_assert_cmpint(
	    find_line(s, 0, "VHOST_USER_GET_FEATURES", "\"from\":\"back\"", "inject.reply", NULL),
	    >=, 0);
	sniff_free(s);
}

/* Several rules on the same messages: every due one acts; a message dropped
 * behind a delayed one is recorded in its place, after it. */
static void test_rules_together(void)
{
	struct sniff *s = sniff_new();
	struct pair p;
	struct rx m;
	uint32_t state[2];
	const char *extra[] = {
	    "--inject", "SET_VRING_NUM#1:delay=200ms",         "--inject", "SET_VRING_NUM#2:drop",
	    "--inject", "SET_VRING_NUM:corrupt=vring.index=7", NULL};
	int first, dropped, third;

	open_with(s, &p, extra);
	send_vring_num(p.front, 1);
	send_vring_num(p.front, 2);
	send_vring_num(p.front, 3);
	for (uint32_t want = 1; want <= 3; want += 2) {
		peer_recv_msg(p.back, &m);
		memcpy(state, m.payload, sizeof(state));
		g_assert_cmpuint(state[0], ==, 7);
		g_assert_cmpuint(state[1], ==, want);
	}
	finish(s, &p);
	first = find_line(s, 0, "\"vring.size\":1", "inject.delay", "inject.corrupt", NULL);
	dropped = find_line(s, 0, "\"vring.size\":2", "inject.drop", "inject.corrupt", NULL);
	third = find_line(s, 0, "\"vring.size\":3", "inject.corrupt", NULL);
	g_assert_cmpint(first, >=, 0);
	g_assert_cmpint(dropped, >, first);
	g_assert_cmpint(third, >, dropped);
	sniff_free(s);
}

/* Refused rules: one clear sentence, exit 2, no socket made. */
static void test_bad_rules(void)
{
	static const char *const bad[][2] = {
	    {"SET_FEATURES", "FILTER:ACTION"},
	    {"SET_FEATURES:explode", "unknown action 'explode'"},
	    {"SET_FEATURES:delay=soon", "delay wants a duration"},
	    {"SET_FEATURES:close=middle", "close wants front, back or both"},
	    {"SET_VRING_NUM:corrupt=vring.nope=0", "no numeric field 'vring.nope'"},
	    {"SET_VRING_NUM:corrupt=vring.num=zero", "'zero' is not a number"},
	    {"GET_FEATURES:reply=-1", "reply wants a u64"},
	    {"SET_FEATURES:drop,reply=0", "one of them"},
	    {"SET_FEATURES:after", "after goes with close"},
	    {"SET_FEATURES#0:drop", "#N wants a number"},
	    {"session==:drop", "--inject 'session==:drop'"},
	    {":drop", "the filter is empty"},
	};
	struct sniff *r = sniff_new();
	g_autofree char *rerr = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct sniff *s = sniff_new();
		g_autofree char *err = NULL;

		sniff_start(s, "-l", s->front, "-c", s->back, "--inject", bad[i][0], NULL);
		g_assert_cmpint(sniff_wait(s), ==, 2);
		err = sniff_stderr(s);
		if (strstr(err, bad[i][1]) == NULL)
			g_error("--inject '%s': stderr lacks '%s':\n%s", bad[i][0], bad[i][1], err);
		g_assert_false(g_file_test(s->front, G_FILE_TEST_EXISTS));
		sniff_free(s);
	}
	/* a capture read back is not relayed: nothing to inject into */
	sniff_start(r, "-r", "/dev/null", "--inject", "SET_FEATURES:drop", NULL);
	g_assert_cmpint(sniff_wait(r), ==, 2);
	rerr = sniff_stderr(r);
	g_assert_nonnull(strstr(rerr, "--inject acts on the messages vhostsniff relays"));
	sniff_free(r);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/inject/drop", test_drop);
	g_test_add_func("/inject/nth", test_nth);
	g_test_add_data_func("/inject/dialect/crosvm", "crosvm", test_dialect);
	g_test_add_data_func("/inject/dialect/qemu", "qemu", test_dialect);
	g_test_add_func("/inject/delay", test_delay);
	g_test_add_func("/inject/delay-reply-late", test_delay_reply_late);
	g_test_add_func("/inject/delay-then-close", test_delay_then_close);
	g_test_add_data_func("/inject/close-before/back", "back", test_close_before);
	g_test_add_data_func("/inject/close-before/front", "front", test_close_before);
	g_test_add_data_func("/inject/close-before/both", "both", test_close_before);
	g_test_add_func("/inject/close-after", test_close_after);
	g_test_add_func("/inject/corrupt", test_corrupt);
	g_test_add_func("/inject/strip-fds", test_strip_fds);
	g_test_add_func("/inject/stall", test_stall);
	g_test_add_func("/inject/reply", test_reply);
	g_test_add_func("/inject/rules-together", test_rules_together);
	g_test_add_func("/inject/bad-rules", test_bad_rules);
	return g_test_run();
}
