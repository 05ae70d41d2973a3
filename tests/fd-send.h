/*
 * Writing a whole buffer to a socket with SCM_RIGHTS fds on its first byte,
 * as a vhost-user peer does. libc only: the fake peers of the tests and the
 * bench's bare relay share it.
 */
#ifndef VS_TESTS_FD_SEND_H
#define VS_TESTS_FD_SEND_H

#include <stdbool.h>
#include <stddef.h>

/* The most fds one sendmsg carries on Linux (SCM_MAX_FD). */
#define FD_SEND_MAX 253u

/* Blocking: loops until all of buf went (EINTR retried), the fds (at most
 * FD_SEND_MAX) with the first sendmsg. false when the socket failed or closed. */
bool fd_send_all(int fd, const void *buf, size_t len, const int *fds, size_t nfds);

#endif
