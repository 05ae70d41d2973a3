/*
 * The floor a relay is measured against: forward bytes and fds between two
 * connected sockets, nothing else (no framing, no record, no decode). Each
 * recvmsg is passed on whole with the fds it brought, in one sendmsg. That is
 * exact for the benchmark's peers, which send one message per call and never
 * two messages at once in the same direction with fds; it is not a correct
 * vhost-user relay in general (DESIGN.md, Framing and fds).
 */
#ifndef VS_BENCH_BARE_RELAY_H
#define VS_BENCH_BARE_RELAY_H

/* Relay until either socket reaches end of file or fails; closes neither. */
void bare_relay_run(int a, int b);

/* The exact floor (exact-relay.c, bench/bare-relay --exact): the same, but
 * framed, with each message's fds placed exactly (peek + take), as
 * vhostsniff does before it records anything. With a record_path, the
 * recording floor: every message also kept there (record-floor.c). */
void bare_relay_run_exact(int a, int b, const char *record_path);

#endif
