#!/usr/bin/env python3
"""Write seeds for tests/fuzz-ring: rings laid out as virtio lays them out.

Random bytes almost never form a ring whose chains reach an indirect table or
whose packed descriptors carry this lap's AVAIL/USED bits, so the fuzzer
starts from well-formed rings (virtio 1.1+ split and packed virtqueues,
Linux uapi linux/virtio_ring.h): split rings with requests in flight, an
indirect table, a loop, and used elements written between the two memory
images; packed rings in their second lap. The input format is
tests/fuzz-ring.c's: a 32-byte header, then two memory images of equal size.

Usage: make-ring-seeds.py OUTDIR
"""
import os
import struct
import sys

IMAGE = 0x3000  # bytes per memory image
SPLIT = 0x2000  # region 1 starts here in the image
R1_GPA = 0x100000
DESC, AVAIL, USED = 0x0, 0x800, 0x1000  # offsets in region 0

F_NEXT, F_WRITE, F_INDIRECT = 1, 2, 4
P_AVAIL, P_USED = 1 << 7, 1 << 15


def header(ctl, num, base=0):
    return (struct.pack('<BBH', ctl, 0, num) + struct.pack('<III', DESC, AVAIL, USED) +
            struct.pack('<II', base, SPLIT) + bytes(8))


class Image:
    def __init__(self):
        self.b = bytearray(IMAGE)

    def put(self, off, fmt, *v):
        struct.pack_into('<' + fmt, self.b, off, *v)

    def gpa(self, addr):  # region 1 guest address -> image offset
        return SPLIT + addr - R1_GPA

    def desc(self, table_off, i, addr, length, flags, nxt):
        self.put(table_off + 16 * i, 'QIHH', addr, length, flags, nxt)

    def pdesc(self, slot, addr, length, ident, flags):
        self.put(DESC + 16 * slot, 'QIHH', addr, length, ident, flags)


def split_inflight(num=8):
    a = Image()
    a.desc(DESC, 0, R1_GPA + 0x100, 16, F_NEXT, 1)
    a.desc(DESC, 1, R1_GPA + 0x200, 512, F_WRITE, 0)
    a.desc(DESC, 2, R1_GPA, 48, F_INDIRECT, 0)
    table = a.gpa(R1_GPA)
    a.desc(table, 0, R1_GPA + 0x400, 16, F_NEXT, 1)
    a.desc(table, 1, R1_GPA + 0x500, 4096, F_NEXT | F_WRITE, 2)
    a.desc(table, 2, R1_GPA + 0x600, 1, F_WRITE, 0)
    a.desc(DESC, 3, R1_GPA + 0x700, 8, F_NEXT, 4)
    a.desc(DESC, 4, R1_GPA + 0x800, 8, F_NEXT, 3)  # a loop
    a.put(AVAIL, 'HH', 0, 9)
    for i, head in enumerate((0, 2, 3)):
        a.put(AVAIL + 4 + 2 * ((6 + i) % num), 'H', head)
    a.put(AVAIL + 4 + 2 * num, 'H', 7)  # used_event
    a.put(USED, 'HH', 0, 6)
    a.put(USED + 4 + 8 * num, 'H', 9)  # avail_event
    b = Image()
    b.b[:] = a.b
    b.put(USED + 4 + 8 * (6 % num), 'II', 0, 512)
    b.put(USED + 4 + 8 * (7 % num), 'II', 2, 5000)
    b.put(USED, 'HH', 0, 8)
    return a, b


def packed_second_lap(num=4):
    a = Image()
    a.pdesc(0, R1_GPA, 64, 0, 0)  # used in lap 2 (wrap 0)
    a.pdesc(1, R1_GPA + 0x100, 256, 1, P_USED | F_WRITE | F_NEXT)  # available, wrap 0
    a.pdesc(2, R1_GPA + 0x200, 64, 1, P_USED | F_WRITE)
    a.pdesc(3, R1_GPA, 48, 3, P_AVAIL | P_USED)  # used in lap 1
    a.put(AVAIL, 'HH', 0x8002, 2)
    a.put(USED, 'HH', 0x0001, 1)
    b = Image()
    b.b[:] = a.b
    b.pdesc(1, R1_GPA + 0x100, 200, 1, 0)  # the device used the chain at slot 1
    return a, b


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {
        'split-inflight': (header(0x02, 8, 6), split_inflight()),
        'split-gpa': (header(0x06, 8, 7), split_inflight()),
        'split-in-order': (header(0x12, 8, 0), split_inflight()),
        'packed-second-lap': (header(0x03, 4, 0x00010002), packed_second_lap()),
    }
    for name, (hdr, (a, b)) in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(hdr + bytes(a.b) + bytes(b.b))


if __name__ == '__main__':
    main()
