#!/usr/bin/env python3
"""Write synthetic fuzzer seeds for the messages the lab's real sessions never carry.

The real seeds (tools/strace-to-corpus.py) hold what QEMU and DPDK send to
qemu-storage-daemon, virtiofsd and DPDK vhost: 21 of the 45 front-end
requests, nothing on the back-end channel or the GPU socket. This writes one
well-formed request and one reply for every other request of the three
channels, laid out from the protocol reference (§2-§4, Appendix A), so that
the fuzzer starts from a valid payload of every layout (a 2056-byte shmem
config is out of reach of random mutation). Files are named
synthetic-<channel>-<nn>-<req|reply>; the input format is tests/fuzz-decode.c's.

Usage: make-synthetic-seeds.py OUTDIR
"""
import os
import struct
import sys


def u32(v):
    return struct.pack('<I', v)


def u64(v):
    return struct.pack('<Q', v)


def region(i):
    return u64(0x100000000 * i) + u64(0x1000000) + u64(0x7f0000000000 + 0x100000000 * i) + u64(0)


# Payloads by layout (reference §4), and the fds the message carries.
LAYOUT = {
    'none': (b'', 0),
    'none-fd': (b'', 1),
    'u64': (u64(1500), 0),
    'features': (u64((1 << 32) | (1 << 30) | (1 << 34)), 0),
    'protocol': (u64(0xffffff), 0),
    'state': (u32(0) + u32(256), 0),
    'packed-base': (u32(1) + u32(3 | 1 << 15 | 5 << 16 | 1 << 31), 0),
    'addr': (u32(0) + u32(1) + u64(0x1000) + u64(0x2000) + u64(0x3000) + u64(0x4000), 0),
    'file': (u64(0x100), 0),
    'memtable8': (u32(8) + u32(0) + b''.join(region(i) for i in range(8)), 8),
    'region': (u64(0) + region(1), 1),
    'log': (u64(0x40000) + u64(0), 1),
    'iotlb': (u64(0x10000) + u64(0x1000) + u64(0x7f0000000000) + bytes([3, 2]) + bytes(6), 0),
    'config': (u32(0) + u32(16) + u32(0) + bytes(range(16)), 0),
    'area': (u64(1) + u64(0x1000) + u64(0), 1),
    'inflight': (u64(0x4400) + u64(0) + struct.pack('<HH', 2, 128) + u32(0), 1),
    'inflight-get': (u64(0) + u64(0) + struct.pack('<HH', 2, 128) + u32(0), 0),
    'status': (u64(0x0f), 0),
    'shared': (bytes.fromhex('123456789abcdef00123456789abcdef'), 0),
    'devstate': (u32(1) + u32(0), 1),
    'devresult': (u64(0x100), 0),
    'crypto': (u64(0x02000000) + bytes(range(80)) + u64(7), 0),
    'mmap': (bytes([1]) + bytes(7) + u64(0x1000) + u64(0x2000) + u64(0x3000) + u64(1), 1),
    'unmap': (bytes([1]) + bytes(7) + u64(0) + u64(0x2000) + u64(0x3000) + u64(0), 0),
    'shmemconfig': (u32(2) + u32(0) + b''.join(u64(0x200000 if i in (0, 3) else 0) for i in range(256)), 0),
    'mac': (bytes.fromhex('525400123456') + bytes(2), 0),
    'ack': (u64(0), 0),
    'result1': (u64(1), 0),
    'raw': (bytes(range(24)), 0),
    'gpu-update': (u32(0) * 5 + bytes(64), 0),
}

# (number, request layout, reply layout or None) for what the real sessions lack.
MAIN = [
    (4, 'none', 'ack'), (6, 'log', 'ack'), (7, 'none-fd', 'ack'), (10, 'packed-base', 'ack'),
    (11, 'state', 'packed-base'), (19, 'mac', 'ack'), (20, 'u64', 'ack'), (22, 'iotlb', 'result1'),
    (23, 'state', 'ack'), (25, 'config', 'ack'), (26, 'crypto', 'crypto'), (27, 'u64', 'ack'),
    (28, 'none', 'none'), (29, 'none', 'ack'), (30, 'none', 'ack'), (31, 'inflight-get', 'inflight'),
    (32, 'inflight', 'ack'), (33, 'none-fd', 'ack'), (34, 'none', 'ack'), (35, 'state', 'ack'),
    (38, 'region', 'ack'), (41, 'shared', 'ack'), (42, 'devstate', 'devresult'),
    (43, 'none', 'result1'), (44, 'none', 'shmemconfig'), (45, 'state', 'state'),
    (5, 'memtable8', 'ack'),
]
BACKEND = [
    (1, 'iotlb', 'ack'), (2, 'none', 'ack'), (3, 'area', 'ack'), (4, 'state', 'ack'),
    (5, 'state', 'ack'), (6, 'shared', 'ack'), (7, 'shared', 'ack'), (8, 'shared', 'ack'),
    (9, 'mmap', 'ack'), (10, 'unmap', 'ack'),
]
GPU = [
    (1, 'none', 'u64'), (2, 'u64', None), (3, 'none', 'raw'), (4, 'raw', None), (5, 'raw', None),
    (6, 'raw', None), (7, 'raw', None), (8, 'gpu-update', None), (9, 'raw', None),
    (10, 'gpu-update', 'none'), (11, 'raw', 'raw'), (12, 'raw', None),
]


def record(channel, from_back, nfds, request, flags, payload, packed=False):
    ctl = channel | (4 if from_back else 0) | (min(nfds, 15) << 3) | (0x80 if packed else 0)
    return bytes([ctl]) + u32(request) + u32(flags) + u32(len(payload)) + payload


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for channel, name, table in ((0, 'main', MAIN), (1, 'backend', BACKEND), (2, 'gpu', GPU)):
        requester_is_back = channel != 0
        for number, req, rep in table:
            for kind, layout, flags, from_back in (
                    ('req', req, 0x1, requester_is_back),
                    ('reply', rep, 0x5, not requester_is_back)):
                if layout is None:
                    continue
                payload, nfds = LAYOUT[layout]
                if kind == 'reply' and layout not in ('inflight', 'devresult'):
                    nfds = 0
                if kind == 'reply' and layout == 'devresult':
                    nfds = 0  # the invalid-fd bit is set
                blob = record(channel, from_back, nfds, number, flags, payload,
                              packed=layout == 'packed-base')
                with open(os.path.join(out, f'synthetic-{name}-{number:02d}-{kind}'), 'wb') as f:
                    f.write(blob)
                n += 1
    print(f'{n} synthetic seeds written to {out}', file=sys.stderr)


if __name__ == '__main__':
    main()
