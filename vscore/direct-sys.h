/*
 * The system calls made for each message, made directly.
 *
 * Once a process has a second thread (the pipeline's), libc brackets every
 * call that is a cancellation point (recvmsg, sendmsg, poll; close, openat
 * and read for each fd that crosses) with its cancellation bookkeeping: two
 * calls and two atomic updates each, about 320 user-space instructions per
 * round trip of two messages (make bench, section 11), a fifteenth of all
 * vhostsniff spends on one. Nothing in vhostsniff cancels a thread, so none
 * of it is needed here. Where a libc defines no number for a call, its own
 * function is used.
 */
#ifndef VS_DIRECT_SYS_H
#define VS_DIRECT_SYS_H

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static inline ssize_t vs_sys_recvmsg(int fd, struct msghdr *msg, int flags)
{
#ifdef SYS_recvmsg
	return syscall(SYS_recvmsg, fd, msg, flags);
#else
	return recvmsg(fd, msg, flags);
#endif
}

static inline ssize_t vs_sys_sendmsg(int fd, const struct msghdr *msg, int flags)
{
#ifdef SYS_sendmsg
	return syscall(SYS_sendmsg, fd, msg, flags);
#else
	return sendmsg(fd, msg, flags);
#endif
}

/* poll(2) with a timeout in ms, -1 for none. poll where the kernel has it:
 * ppoll reads the clock once more for a timeout and writes back what is
 * left of it (both seen per round trip in perf). */
static inline int vs_sys_poll(struct pollfd *fds, nfds_t nfds, int timeout_ms)
{
#if defined(SYS_poll)
	return (int)syscall(SYS_poll, fds, nfds, timeout_ms);
#elif defined(SYS_ppoll)
	struct timespec ts = {.tv_sec = timeout_ms / 1000,
	                      .tv_nsec = (timeout_ms % 1000) * 1000000L};

	/* No signal mask: the kernel does not look at its size then. */
	return (int)syscall(SYS_ppoll, fds, nfds, timeout_ms < 0 ? NULL : &ts, NULL, (size_t)8);
#else
	return poll(fds, nfds, timeout_ms);
#endif
}

static inline int vs_sys_close(int fd)
{
#ifdef SYS_close
	return (int)syscall(SYS_close, fd);
#else
	return close(fd);
#endif
}

static inline int vs_sys_openat(int dir, const char *path, int flags)
{
#ifdef SYS_openat
	return (int)syscall(SYS_openat, dir, path, flags, 0);
#else
	return openat(dir, path, flags);
#endif
}

static inline ssize_t vs_sys_read(int fd, void *buf, size_t len)
{
#ifdef SYS_read
	return syscall(SYS_read, fd, buf, len);
#else
	return read(fd, buf, len);
#endif
}

#endif /* VS_DIRECT_SYS_H */
