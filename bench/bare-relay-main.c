/*
 * bench/bare-relay [--exact] FRONT_SOCK BACK_SOCK: listen on FRONT_SOCK for
 * one front-end, connect to the back-end at BACK_SOCK, forward bytes and fds
 * (bare-relay.h) until either side closes, then exit. The floor vhostsniff
 * is measured against; socat would do, but it does not pass fds. With
 * --exact, the exact floor: framed, fds placed exactly (exact-relay.c); with
 * --exact --record FILE, the recording floor: the exact floor keeping every
 * message in FILE (record-floor.c).
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench/bare-relay.h"

static int unix_socket(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	snprintf(sa->sun_path, sizeof(sa->sun_path), "%s", path);
	return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

int main(int argc, char **argv)
{
	struct sockaddr_un front_sa, back_sa;
	int listener, front, back;
	int exact = argc > 1 && strcmp(argv[1], "--exact") == 0;
	const char *record_path = NULL;

	if (exact) {
		argc--;
		argv++;
		if (argc > 2 && strcmp(argv[1], "--record") == 0) {
			record_path = argv[2];
			argc -= 2;
			argv += 2;
		}
	}
	if (argc != 3) {
		fprintf(stderr,
		        "usage: bare-relay [--exact [--record FILE]] FRONT_SOCK BACK_SOCK\n");
		return 2;
	}
	unlink(argv[1]);
	listener = unix_socket(argv[1], &front_sa);
	if (listener < 0 || bind(listener, (struct sockaddr *)&front_sa, sizeof(front_sa)) != 0 ||
	    listen(listener, 1) != 0) {
		perror(argv[1]);
		return 1;
	}
	front = accept(listener, NULL, NULL);
	back = unix_socket(argv[2], &back_sa);
	if (front < 0 || back < 0 ||
	    connect(back, (struct sockaddr *)&back_sa, sizeof(back_sa)) != 0) {
		perror("bare-relay");
		return 1;
	}
	close(listener);
	unlink(argv[1]);
	if (exact)
		bare_relay_run_exact(front, back, record_path);
	else
		bare_relay_run(front, back);
	return 0;
}
