#!/usr/bin/env python3
"""Extract vhost-user messages from a front-end's strace into fuzzer seed files.

Input: traces written by the lab recipes with STRACE_DIR (strace -f -tt -xx
-s 65536), of a front-end (QEMU, DPDK virtio-user). Every sendmsg/sendto the
front-end made and every recvmsg/recvfrom it received on a socket is put back
into one byte stream per fd and direction, framed by the 12-byte vhost-user
header, and each message is written as one file in the input format of
tests/fuzz-decode.c:

    byte 0: bits 0-1 channel (0 main, 1 back-end channel), bit 2 direction
            (0 sent by the front-end, 1 by the back-end), bits 3-6 fd count
    bytes 1..: the message, header and payload, as it crossed the socket

A socket whose stream does not frame as vhost-user (version bits 1, a size of
at most 2056) is ignored, so QEMU's other sockets drop out. The main socket is
the one whose first message the front-end sends; a socket on which the first
message arrives from the peer is the back-end channel. Identical messages are
written once; file names are the SHA-1 of the content, prefixed with the
request name, so reruns are idempotent.

Usage: strace-to-corpus.py OUTDIR TRACE... [--prefix NAME]
"""
import argparse
import hashlib
import os
import re
import sys

CALL = re.compile(r'^(?P<pid>\d+)\s+\S+\s+(?P<rest>.*)$')
START = re.compile(r'^(?P<name>sendmsg|recvmsg|sendto|recvfrom)\((?P<fd>\d+),\s*(?P<args>.*)$')
RESULT = re.compile(r'\)\s*=\s*(?P<ret>-?\d+)(\s.*)?$')
STRING = re.compile(r'"((?:\\x[0-9a-f]{2})*)"')
CMSG_FDS = re.compile(r'cmsg_type=SCM_RIGHTS, cmsg_data=\[([0-9, ]*)\]')

MAX_PAYLOAD = 2056
HDR = 12


def parse_calls(path):
    """Yield (name, fd, data bytes, nfds) for each complete socket call, in order."""
    pending = {}
    with open(path, errors='replace') as f:
        for line in f:
            m = CALL.match(line.rstrip('\n'))
            if not m:
                continue
            pid, rest = m.group('pid'), m.group('rest')
            if rest.endswith('<unfinished ...>'):
                pending[pid] = rest[: -len('<unfinished ...>')]
                continue
            r = re.match(r'^<\.\.\. (\w+) resumed>(.*)$', rest)
            if r:
                head = pending.pop(pid, None)
                if head is None:
                    continue
                rest = head + r.group(2)
            s = START.match(rest)
            if not s:
                continue
            res = RESULT.search(rest)
            if not res:
                continue
            ret = int(res.group('ret'))
            if ret <= 0:
                continue
            data = b''.join(bytes.fromhex(x.replace('\\x', '')) for x in STRING.findall(s.group('args')))
            data = data[:ret]
            nfds = 0
            for c in CMSG_FDS.findall(s.group('args')):
                nfds += len([x for x in c.split(',') if x.strip()])
            yield s.group('name'), int(s.group('fd')), data, nfds


def frame(chunks):
    """Frame [(seq, bytes, nfds)] into messages [(seq, bytes, nfds)], seq being
    the call that completed the message; None if the stream is not vhost-user."""
    msgs = []
    buf = b''
    fds_at = {}  # stream offset -> fds that came with the call starting there
    base = 0     # stream offset of buf[0]
    for seq, data, nfds in chunks:
        if nfds:
            fds_at[base + len(buf)] = fds_at.get(base + len(buf), 0) + nfds
        buf += data
        while len(buf) >= HDR:
            request = int.from_bytes(buf[0:4], 'little')
            flags = int.from_bytes(buf[4:8], 'little')
            size = int.from_bytes(buf[8:12], 'little')
            if flags & 3 != 1 or size > MAX_PAYLOAD or request == 0 or request > 64:
                return None
            if len(buf) < HDR + size:
                break
            nfds_msg = sum(n for off, n in fds_at.items() if base <= off < base + HDR + size)
            msgs.append((seq, buf[: HDR + size], nfds_msg))
            buf = buf[HDR + size:]
            base += HDR + size
    return msgs


def control_byte(channel, direction, nfds):
    return channel | (direction << 2) | (min(nfds, 15) << 3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('outdir')
    ap.add_argument('traces', nargs='+')
    ap.add_argument('--prefix', default='', help='file name prefix, e.g. the recipe')
    ap.add_argument('--session', action='store_true',
                    help='also write the whole session as one multi-message file')
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    written = 0
    for trace in args.traces:
        streams = {}    # (fd, sent) -> [(seq, bytes, nfds)]
        first_dir = {}  # fd -> whether the front-end sent the first bytes
        for seq, (name, fd, data, nfds) in enumerate(parse_calls(trace)):
            sent = name.startswith('send')
            streams.setdefault((fd, sent), []).append((seq, data, nfds))
            first_dir.setdefault(fd, sent)
        framed = {k: frame(v) for k, v in streams.items()}
        session = []
        for (fd, sent), msgs in framed.items():
            # Both directions of a socket must frame, or it is not a vhost-user socket.
            if msgs is None or framed.get((fd, not sent), []) is None:
                continue
            channel = 0 if first_dir[fd] else 1
            for seq, mb, nfds in msgs:
                session.append((seq, channel, 0 if sent else 1, mb, nfds))
        session.sort(key=lambda m: m[0])
        seen = set()
        for _, channel, direction, mb, nfds in session:
            blob = bytes([control_byte(channel, direction, nfds)]) + mb
            digest = hashlib.sha1(blob).hexdigest()[:12]
            if digest in seen:
                continue
            seen.add(digest)
            req = int.from_bytes(mb[0:4], 'little')
            kind = 'reply' if int.from_bytes(mb[4:8], 'little') & 4 else 'req'
            chan = 'main' if channel == 0 else 'backend'
            fname = f'{args.prefix}{chan}-{req:02d}-{kind}-{digest}'
            with open(os.path.join(args.outdir, fname), 'wb') as out:
                out.write(blob)
            written += 1
        if args.session and session:
            blob = b''.join(bytes([control_byte(c, d, n)]) + mb for _, c, d, mb, n in session)
            with open(os.path.join(args.outdir, f'{args.prefix}session'), 'wb') as out:
                out.write(blob)
            written += 1
        print(f'{trace}: {len(session)} messages, {len(seen)} unique', file=sys.stderr)
    print(f'{written} files written to {args.outdir}', file=sys.stderr)


if __name__ == '__main__':
    main()
