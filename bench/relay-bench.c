/*
 * bench/relay-bench: what one relay between a vhost-user front-end and
 * back-end costs. This program plays both peers and measures, for N
 * operations after a warm-up of N/10:
 *
 *   rtt    round trips: GET_FEATURES (12 bytes) answered by a 20-byte reply;
 *          with --fd, SET_VRING_CALL carrying one eventfd (SCM_RIGHTS) with
 *          NEED_REPLY, answered by a 20-byte REPLY_ACK, as QEMU does it
 *   flood  one-way messages of 20 bytes (SET_VRING_CALL with the no-fd flag,
 *          no reply), one write each, as fast as the path takes them
 *
 * through one of:
 *   --via direct   a socketpair between the peers (no relay)
 *   --via thread   a bare relay (bare-relay.h) on a thread of this process,
 *                  as a relay built into the front-end would run
 *   --via exec     the command after "--": it must listen on FRONT_SOCK and
 *                  connect to BACK_SOCK, where this program listens
 *
 * and prints one line:
 *   wall_ns=<wall time per op> cpu_ns=<relay CPU per op> ops=<N>
 * where the relay's CPU time is the sum over all its threads of the first
 * field of /proc/PID/task/TID/schedstat (ns on the CPU), read after the
 * relay has finished its work (its CPU time stops growing): the pipeline
 * thread of vhostsniff may still be writing the capture after the last
 * message went through.
 *
 *   relay-bench rtt|flood N [--fd] --via direct|thread
 *   relay-bench rtt|flood N [--fd] --via exec FRONT_SOCK BACK_SOCK -- COMMAND...
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bare-relay.h"

#define REQ_GET_FEATURES   1u
#define REQ_SET_VRING_CALL 13u
#define FLAG_VERSION       0x1u
#define FLAG_REPLY         0x4u
#define FLAG_NEED_REPLY    0x8u
#define VRING_NOFD         0x100u

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: relay-bench rtt|flood N [--fd] --via direct|thread\n"
	                "       relay-bench rtt|flood N [--fd] --via exec FRONT_SOCK BACK_SOCK "
	                "-- COMMAND...\n");
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the relay's CPU time -------------------------------------------------- */

static uint64_t schedstat_ns(const char *path)
{
	unsigned long long ns = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return 0; /* the thread ended; its time is lost, it did not run now */
	if (fscanf(f, "%llu", &ns) != 1)
		ns = 0;
	fclose(f);
	return ns;
}

/* Time on the CPU of every thread of pid (tid > 0: of that thread only). */
static uint64_t relay_cpu_ns(pid_t pid, pid_t tid)
{
	char path[300];
	uint64_t sum = 0;
	DIR *d;
	struct dirent *e;

	if (tid > 0) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", (int)pid, (int)tid);
		return schedstat_ns(path);
	}
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (d == NULL)
		die(path);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
		sum += schedstat_ns(path);
	}
	closedir(d);
	return sum;
}

/* The relay's CPU time once it stopped growing (its work for what was sent is done). */
static uint64_t relay_cpu_settled(pid_t pid, pid_t tid)
{
	uint64_t last = relay_cpu_ns(pid, tid);

	for (int i = 0; i < 100; i++) {
		struct timespec pause = {.tv_nsec = 30 * 1000 * 1000};
		uint64_t now;

		nanosleep(&pause, NULL);
		now = relay_cpu_ns(pid, tid);
		if (now - last < 200 * 1000) /* idle: timers only */
			return now;
		last = now;
	}
	return last;
}

/* ---- messages ---------------------------------------------------------------- */

static void read_exactly(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
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

static void send_with_fd(int sock, const void *buf, size_t n, int fd)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = {.iov_base = (void *)buf, .iov_len = n};
	struct msghdr msg = {.msg_iov = &iov,
	                     .msg_iovlen = 1,
	                     .msg_control = control.buf,
	                     .msg_controllen = sizeof(control.buf)};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	memset(&control, 0, sizeof(control));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) != (ssize_t)n)
		die("sendmsg");
}

/* Read exactly n bytes; the fd that came with them is closed. Returns fds received. */
static int recv_with_fd(int sock, void *buf, size_t n)
{
	size_t got = 0;
	int fds = 0;

	while (got < n) {
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(sizeof(int) * 4)];
		} control;
		struct iovec iov = {.iov_base = (char *)buf + got, .iov_len = n - got};
		struct msghdr msg = {.msg_iov = &iov,
		                     .msg_iovlen = 1,
		                     .msg_control = control.buf,
		                     .msg_controllen = sizeof(control.buf)};
		ssize_t r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("recvmsg");
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
			size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			for (size_t i = 0; i < count; i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
				close(fd);
				fds++;
			}
		}
		got += (size_t)r;
	}
	return fds;
}

struct peers {
	int front; /* the front-end's socket (towards the back-end) */
	int back;  /* the back-end's socket */
	int eventfd;
	int with_fd;
};

static void round_trips(const struct peers *p, long n)
{
	const uint32_t get_features[3] = {REQ_GET_FEATURES, FLAG_VERSION, 0};
	const uint32_t features_reply[5] = {REQ_GET_FEATURES, FLAG_VERSION | FLAG_REPLY, 8, 0, 0x1};
	/* header, then u64: vring index 0 */
	const uint32_t vring_call[5] = {REQ_SET_VRING_CALL, FLAG_VERSION | FLAG_NEED_REPLY, 8, 0,
	                                0};
	const uint32_t ack[5] = {REQ_SET_VRING_CALL, FLAG_VERSION | FLAG_REPLY, 8, 0, 0};
	uint32_t buf[5];

	for (long i = 0; i < n; i++) {
		if (p->with_fd) {
			send_with_fd(p->front, vring_call, sizeof(vring_call), p->eventfd);
			if (recv_with_fd(p->back, buf, sizeof(vring_call)) != 1) {
				fprintf(stderr, "relay-bench: the eventfd did not come through\n");
				exit(1);
			}
			write_all(p->back, ack, sizeof(ack));
			read_exactly(p->front, buf, sizeof(ack));
		} else {
			write_all(p->front, get_features, sizeof(get_features));
			read_exactly(p->back, buf, sizeof(get_features));
			write_all(p->back, features_reply, sizeof(features_reply));
			read_exactly(p->front, buf, sizeof(features_reply));
		}
	}
}

struct drain {
	int sock;
	size_t bytes;
};

static void *drain_thread(void *data)
{
	struct drain *d = data;
	static char buf[1 << 16];

	while (d->bytes > 0) {
		ssize_t r = read(d->sock, buf, d->bytes < sizeof(buf) ? d->bytes : sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("flood read");
		d->bytes -= (size_t)r;
	}
	return NULL;
}

static const uint32_t flood_message[5] = {REQ_SET_VRING_CALL, FLAG_VERSION, 8, VRING_NOFD, 0};

/* n one-way messages, one write each; returns when the back-end has read them all. */
static void flood(const struct peers *p, long n)
{
	struct drain d = {.sock = p->back, .bytes = (size_t)n * sizeof(flood_message)};
	pthread_t reader;

	if (pthread_create(&reader, NULL, drain_thread, &d) != 0)
		die("pthread_create");
	for (long i = 0; i < n; i++)
		write_all(p->front, flood_message, sizeof(flood_message));
	pthread_join(reader, NULL);
}

/* ---- the relays ------------------------------------------------------------- */

static struct sockaddr_un address_of(const char *path)
{
	struct sockaddr_un sa;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	return sa;
}

struct relay_thread {
	int a, b;
	pid_t tid;
	pthread_mutex_t lock;
	pthread_cond_t started;
};

static void *bare_thread(void *data)
{
	struct relay_thread *t = data;

	pthread_mutex_lock(&t->lock);
	t->tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_signal(&t->started);
	pthread_mutex_unlock(&t->lock);
	bare_relay_run(t->a, t->b);
	return NULL;
}

int main(int argc, char **argv)
{
	struct peers p = {.front = -1, .back = -1, .eventfd = -1};
	const char *mode, *via = NULL, *front_path = NULL, *back_path = NULL;
	char **command = NULL;
	pid_t relay_pid = 0, relay_tid = 0;
	struct relay_thread t = {.lock = PTHREAD_MUTEX_INITIALIZER,
	                         .started = PTHREAD_COND_INITIALIZER};
	long n;
	int i, is_flood;
	uint64_t t0, t1, c0 = 0, c1 = 0;

	if (argc < 4)
		usage();
	mode = argv[1];
	if (strcmp(mode, "rtt") != 0 && strcmp(mode, "flood") != 0)
		usage();
	is_flood = strcmp(mode, "flood") == 0;
	n = atol(argv[2]);
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--fd") == 0) {
			p.with_fd = 1;
		} else if (strcmp(argv[i], "--via") == 0 && i + 1 < argc) {
			via = argv[++i];
			if (strcmp(via, "exec") == 0) {
				if (i + 3 >= argc || strcmp(argv[i + 3], "--") != 0 ||
				    i + 4 >= argc)
					usage();
				front_path = argv[i + 1];
				back_path = argv[i + 2];
				command = argv + i + 4;
				break;
			}
		} else {
			usage();
		}
	}
	if (n <= 0 || via == NULL || (is_flood && p.with_fd))
		usage();
	signal(SIGPIPE, SIG_IGN);
	p.eventfd = eventfd(0, EFD_CLOEXEC);
	if (p.eventfd < 0)
		die("eventfd");

	if (strcmp(via, "direct") == 0) {
		int sp[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0)
			die("socketpair");
		p.front = sp[0];
		p.back = sp[1];
	} else if (strcmp(via, "thread") == 0) {
		int fa[2], ba[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fa) != 0 ||
		    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ba) != 0)
			die("socketpair");
		p.front = fa[0];
		p.back = ba[1];
		t.a = fa[1];
		t.b = ba[0];
		pthread_t th;
		pthread_mutex_lock(&t.lock);
		if (pthread_create(&th, NULL, bare_thread, &t) != 0)
			die("pthread_create");
		while (t.tid == 0)
			pthread_cond_wait(&t.started, &t.lock);
		pthread_mutex_unlock(&t.lock);
		pthread_detach(th);
		relay_pid = getpid();
		relay_tid = t.tid;
	} else if (strcmp(via, "exec") == 0) {
		struct sockaddr_un back_sa = address_of(back_path);
		struct sockaddr_un front_sa = address_of(front_path);
		int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		unlink(back_path);
		if (listener < 0 ||
		    bind(listener, (struct sockaddr *)&back_sa, sizeof(back_sa)) != 0 ||
		    listen(listener, 1) != 0)
			die(back_path);
		relay_pid = fork();
		if (relay_pid < 0)
			die("fork");
		if (relay_pid == 0) {
			execvp(command[0], command);
			die(command[0]);
		}
		for (int tries = 0; tries < 1000; tries++) {
			p.front = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (connect(p.front, (struct sockaddr *)&front_sa, sizeof(front_sa)) == 0)
				break;
			close(p.front);
			p.front = -1;
			if (waitpid(relay_pid, NULL, WNOHANG) == relay_pid) {
				fprintf(stderr, "relay-bench: the relay exited before listening\n");
				return 1;
			}
			usleep(10000);
		}
		if (p.front < 0)
			die("connect to the relay");
		p.back = accept(listener, NULL, NULL);
		if (p.back < 0)
			die("accept");
		close(listener);
	} else {
		usage();
	}

	/* warm up (the relay's first session set-up, caches, page faults), then measure */
	if (is_flood)
		flood(&p, n / 10 + 1);
	else
		round_trips(&p, n / 10 + 1);
	if (relay_pid != 0)
		c0 = relay_cpu_settled(relay_pid, relay_tid);
	t0 = now_ns();
	if (is_flood)
		flood(&p, n);
	else
		round_trips(&p, n);
	t1 = now_ns();
	if (relay_pid != 0)
		c1 = relay_cpu_settled(relay_pid, relay_tid);
	printf("wall_ns=%.1f cpu_ns=%.1f ops=%ld\n", (double)(t1 - t0) / (double)n,
	       (double)(c1 - c0) / (double)n, n);
	fflush(stdout);

	close(p.front);
	close(p.back);
	if (command != NULL) {
		int status;

		/* the relay sees both peers close and ends its session; then it is stopped */
		kill(relay_pid, SIGTERM);
		if (waitpid(relay_pid, &status, 0) != relay_pid)
			die("waitpid");
		unlink(front_path);
		unlink(back_path);
	}
	return 0;
}
