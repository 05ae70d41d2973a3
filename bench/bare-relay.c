/* The bare relay's loop (bare-relay.h): one poll, one recvmsg, one sendmsg. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench/bare-relay.h"
#include "tests/fd-send.h"

#define MAX_FDS 253 /* SCM_MAX_FD */

union fd_control {
	struct cmsghdr align;
	char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
};


/* One recvmsg from `from`, passed on to `to`. FALSE at end of file or failure. */
static int forward(int from, int to)
{
	static __thread char buf[65536];
	union fd_control control;
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
	struct msghdr msg = {
	    .msg_iov = &iov,
	    .msg_iovlen = 1,
	    .msg_control = control.buf,
	    .msg_controllen = sizeof(control.buf),
	};
	int fds[MAX_FDS];
	size_t nfds = 0;
	ssize_t n;
	int ok;

	do
		n = recvmsg(from, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		size_t count;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (count > MAX_FDS - nfds)
			count = MAX_FDS - nfds;
		memcpy(fds + nfds, CMSG_DATA(c), count * sizeof(int));
		nfds += count;
	}
	ok = fd_send_all(to, buf, (size_t)n, fds, nfds);
	for (size_t i = 0; i < nfds; i++)
		close(fds[i]);
	return ok;
}

void bare_relay_run(int a, int b)
{
	struct pollfd p[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].revents == 0)
				continue;
			if (!forward(p[i].fd, p[1 - i].fd))
				return;
		}
	}
}
