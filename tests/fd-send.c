/* fd-send.h: one sendmsg after another until the buffer is written. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "tests/fd-send.h"
#include "vscore/direct-sys.h"

bool fd_send_all(int fd, const void *buf, size_t len, const int *fds, size_t nfds)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * FD_SEND_MAX)];
	} control;
	size_t done = 0;

	if (nfds > FD_SEND_MAX)
		return false;
	while (done < len) {
		struct iovec iov = {.iov_base = (char *)buf + done, .iov_len = len - done};
		struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
		ssize_t n;

		if (done == 0 && nfds > 0) {
			struct cmsghdr *cmsg;

			memset(&control, 0, sizeof(control));
			msg.msg_control = control.buf;
			msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
			cmsg = CMSG_FIRSTHDR(&msg);
			cmsg->cmsg_level = SOL_SOCKET;
			cmsg->cmsg_type = SCM_RIGHTS;
			cmsg->cmsg_len = CMSG_LEN(nfds * sizeof(int));
			memcpy(CMSG_DATA(cmsg), fds, nfds * sizeof(int));
		}
		n = vs_sys_sendmsg(fd, &msg, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}
