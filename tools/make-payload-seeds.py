#!/usr/bin/env python3
"""Write seeds for tests/fuzz-payload: data-plane entries as the walker records them.

Random bytes seldom make a kind-8 body whose kept counts add up, nor a FUSE
request whose name ends where its length says, so the fuzzer starts from
well-formed entries: virtio-blk IN/OUT requests and completions, FUSE LOOKUP
and its ENOENT reply, READ, RENAME, SETXATTR, virtio-net frames (tx ping,
rx ARP, control queue) and virtio-vsock packets. Layouts: the virtio 1.2
spec and the Linux uapi headers (virtio_blk.h, fuse.h, virtio_net.h,
virtio_vsock.h); the body: doc/capture-format.md, "Data-plane entries
(kind 8)". The input format is tests/fuzz-payload.c's: 2 control bytes,
then the body.

Usage: make-payload-seeds.py OUTDIR
"""
import os
import struct
import sys

NET, BLK, VSOCK, FS = 1, 2, 19, 26
AVAIL, USED = 1, 2
VERSION_1, MRG_RXBUF, CTRL_VQ = 1, 2, 4


def body(phase, device, vring, out=b'', out_total=None, inb=b'', in_total=None, used_len=0,
         flags=0, latency=0):
    out_total = len(out) if out_total is None else out_total
    in_total = len(inb) if in_total is None else in_total
    return (struct.pack('<BBBBHHIIIIIIQ', 1, phase, device, flags, vring, 3, out_total, in_total,
                        used_len, len(out), len(inb), 0, latency) + out + inb)


def blk_hdr(kind, sector):
    return struct.pack('<IIQ', kind, 0, sector)


def fuse_in(opcode, unique, nodeid, args):
    return struct.pack('<IIQQIIIHH', 40 + len(args), opcode, unique, nodeid, 1000, 1000, 42, 0,
                       0) + args


def fuse_out(error, unique, args=b''):
    return struct.pack('<IiQ', 16 + len(args), error, unique) + args


def vsock(op, length=0):
    return struct.pack('<QQIIIHHIII', 3, 2, 1234, 5000, length, 1, op, 0, 65536, 0)


def ping():
    mac_a, mac_b = bytes([0x52, 0x54, 0, 0x12, 0x34, 0x56]), bytes([2, 0, 0, 0, 0, 1])
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 84, 0, 0, 64, 1, 0, bytes([10, 0, 0, 1]),
                     bytes([10, 0, 0, 2]))
    return mac_b + mac_a + b'\x08\x00' + ip + struct.pack('>BBHHH', 8, 0, 0, 7, 1) + bytes(56)


def arp():
    mac = bytes([2, 0, 0, 0, 0, 1])
    return (b'\xff' * 6 + mac + b'\x08\x06' + struct.pack('>HHBBH', 1, 0x0800, 6, 4, 1) + mac +
            bytes([10, 0, 0, 1]) + bytes(6) + bytes([10, 0, 0, 2]))


NET_HDR = struct.pack('<BBHHHHH', 0, 0, 0, 0, 0, 0, 1)

SEEDS = {
    'blk-in-avail': (0, 0, body(AVAIL, BLK, 0, blk_hdr(0, 2048), in_total=513)),
    'blk-in-used': (0, 0, body(USED, BLK, 0, b'', 16, bytes(512) + b'\x00', used_len=513,
                               latency=40000)),
    'blk-in-tail': (0, 0, body(USED, BLK, 0, b'', 16, bytes(64) + b'\x00', 4097, used_len=4097,
                               flags=0x4 | 0x8)),
    'blk-out-avail': (0, 0, body(AVAIL, BLK, 0, blk_hdr(1, 8) + b'TOKEN' + bytes(27),
                                 in_total=1)),
    'blk-out-ioerr': (0, 0, body(USED, BLK, 0, b'', 48, b'\x01', used_len=1)),
    'fuse-lookup': (0, 0, body(AVAIL, FS, 1, fuse_in(1, 12, 1, b'missing\x00'), in_total=144)),
    'fuse-enoent': (0, 0, body(USED, FS, 1, b'', 48, fuse_out(-2, 12), 144, used_len=16)),
    'fuse-read': (0, 0, body(AVAIL, FS, 1, fuse_in(15, 14, 7, struct.pack(
        '<QQIIQII', 1, 0, 4096, 0, 0, 0, 0)), in_total=16 + 4096)),
    'fuse-rename': (0, 0, body(AVAIL, FS, 1, fuse_in(12, 15, 1, struct.pack('<Q', 1) +
                                                     b'a\x00b\x00'), in_total=16)),
    'fuse-setxattr': (0, 0, body(AVAIL, FS, 1, fuse_in(21, 16, 5, struct.pack('<IIII', 3, 0, 0, 0)
                                                       + b'user.z\x00abc'), in_total=16)),
    'fuse-forget': (0, 0, body(AVAIL, FS, 0, fuse_in(2, 17, 9, struct.pack('<Q', 1)))),
    'net-tx-ping': (VERSION_1, 2, body(AVAIL, NET, 1, NET_HDR + ping())),
    'net-rx-arp': (VERSION_1 | MRG_RXBUF, 2, body(USED, NET, 0, b'', 0, NET_HDR + arp(), 1526,
                                                  used_len=12 + 42)),
    'net-legacy': (0, 2, body(AVAIL, NET, 1, NET_HDR[:10] + ping())),
    'net-ctrl': (VERSION_1 | CTRL_VQ, 3, body(USED, NET, 2, b'\x04\x00\x02\x00', inb=b'\x00',
                                              used_len=1)),
    'vsock-request': (0, 0, body(AVAIL, VSOCK, 1, vsock(1))),
    'vsock-rw': (0, 0, body(USED, VSOCK, 0, b'', 0, vsock(5, 5) + b'hello', 4096, used_len=49)),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, (features, nvrings, b) in SEEDS.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(bytes([features, nvrings]) + b)


if __name__ == '__main__':
    main()
