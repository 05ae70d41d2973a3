/*
 * Round trips through a relay: this program is both the front-end and the
 * back-end of a vhost-user-shaped exchange (GET_FEATURES, 12 bytes, answered
 * by a 20-byte reply) and measures, for N round trips, the wall time and the
 * CPU time the relay process spent (utime + stime from /proc/PID/stat).
 *
 *   relay-rtt N FRONT_SOCK BACK_SOCK -- RELAY_COMMAND...
 *
 * It listens on BACK_SOCK, starts the relay command (which must listen on
 * FRONT_SOCK and connect to BACK_SOCK), connects to FRONT_SOCK, and prints
 * one line: "rtt_us=<mean wall time per round trip> cpu_us=<relay CPU per
 * round trip>".
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static struct sockaddr_un address_of(const char *path)
{
	struct sockaddr_un sa;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	return sa;
}

static void read_exactly(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r <= 0)
			die("read");
		got += (size_t)r;
	}
}

static void write_all(int fd, const void *buf, size_t n)
{
	if (write(fd, buf, n) != (ssize_t)n)
		die("write");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* utime + stime of pid and its threads, in seconds. */
static double cpu_s(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long ut = 0, st = 0;
	FILE *f;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL || fgets(buf, sizeof(buf), f) == NULL)
		die("stat");
	fclose(f);
	p = strrchr(buf, ')');
	/* fields after the command: state is 3rd, utime 14th, stime 15th */
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
	                        &ut, &st) != 2)
		die("parse stat");
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

int main(int argc, char **argv)
{
	struct sockaddr_un back_sa, front_sa;
	int listener, front = -1, back;
	long n;
	pid_t relay;
	double t0, t1, c0, c1;
	uint32_t request[3] = {1, 1, 0};
	uint32_t reply[5] = {1, 5, 8, 0x0, 0x1};
	uint32_t buf[5];

	if (argc < 6 || strcmp(argv[4], "--") != 0) {
		fprintf(stderr, "usage: relay-rtt N FRONT_SOCK BACK_SOCK -- RELAY_COMMAND...\n");
		return 2;
	}
	n = atol(argv[1]);
	unlink(argv[3]);
	back_sa = address_of(argv[3]);
	front_sa = address_of(argv[2]);
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&back_sa, sizeof(back_sa)) != 0 ||
	    listen(listener, 1) != 0)
		die("listen");
	relay = fork();
	if (relay == 0) {
		execvp(argv[5], argv + 5);
		die("exec");
	}
	for (int i = 0; i < 500; i++) {
		front = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(front, (struct sockaddr *)&front_sa, sizeof(front_sa)) == 0)
			break;
		close(front);
		front = -1;
		usleep(10000);
	}
	if (front < 0)
		die("connect to the relay");
	back = accept(listener, NULL, NULL);
	if (back < 0)
		die("accept");
	/* warm up, then measure */
	for (long i = 0; i < n / 10 + 1; i++) {
		write_all(front, request, sizeof(request));
		read_exactly(back, buf, sizeof(request));
		write_all(back, reply, sizeof(reply));
		read_exactly(front, buf, sizeof(reply));
	}
	c0 = cpu_s(relay);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		write_all(front, request, sizeof(request));
		read_exactly(back, buf, sizeof(request));
		write_all(back, reply, sizeof(reply));
		read_exactly(front, buf, sizeof(reply));
	}
	t1 = now_s();
	c1 = cpu_s(relay);
	printf("rtt_us=%.2f cpu_us=%.2f\n", (t1 - t0) * 1e6 / (double)n, (c1 - c0) * 1e6 / (double)n);
	close(front);
	close(back);
	kill(relay, SIGTERM);
	waitpid(relay, NULL, 0);
	unlink(argv[2]);
	unlink(argv[3]);
	return 0;
}
