#!/usr/bin/env python3
"""capture-to-framer-seeds.py OUTDIR CAPTURE.pcapng...

Seeds for tests/fuzz-framer from captures written by vhostsniff -w: for each
session, channel and direction, every message that side sent, back to back
(the byte stream the relay read), behind the harness's 8-byte preamble
(tests/fuzz-framer.c). Each stream is written with a few preambles: the
relay's own cap and piece size, and small caps that make the real messages
stream through in small pieces, read in random sizes or whole, cut or not.
Messages recorded as TRUNCATED are left out (their bytes are not all there).
"""
import os
import struct
import sys

# flags, cap (12 bits), piece size - 1, read-size seed
PREAMBLES = [
    (0x01 | 0x02 | 0x04, 0, 0, 1),  # the relay: 1 MiB cap, 64 KiB pieces, whole reads
    (0x01 | 0x02, 0, 0, 7),         # the relay's limits, random read sizes
    (0x00, 64, 15, 11),             # cap 64: memory tables and configs stream in 16-byte pieces
    (0x08, 8, 0, 13),               # cap 8, 1-byte pieces, cut once
]


def blocks(data):
    pos = 0
    while pos + 12 <= len(data):
        btype, total = struct.unpack_from("<II", data, pos)
        if total < 12 or pos + total > len(data):
            return
        yield btype, data[pos + 8:pos + total - 4]
        pos += total


def messages(path):
    """(session, channel, from, bytes) of every whole message in a capture of ours."""
    data = open(path, "rb").read()
    for btype, body in blocks(data):
        if btype != 6:  # EPB
            continue
        caplen = struct.unpack_from("<I", body, 12)[0]
        frame = body[20:20 + caplen]
        if frame[:4] != b"\x00\x0c\x00\x0c" or frame[4:13] != b"vhostuser":
            continue
        p = frame[20:]
        if p[:3] != b"VU\x01":
            continue
        kind, channel, frm, nfds, flags = p[3], p[4], p[5], p[6], p[7]
        session, msg_len = struct.unpack_from("<II", p, 8)
        if kind != 0 or flags & 1:
            continue
        start = 24 + 64 * nfds
        yield session, channel, frm, p[start:start + msg_len]


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for path in sys.argv[2:]:
        streams = {}
        for session, channel, frm, msg in messages(path):
            streams.setdefault((session, channel, frm), bytearray()).extend(msg)
        name = os.path.splitext(os.path.basename(path))[0]
        for (session, channel, frm), stream in sorted(streams.items()):
            for i, (flags, cap, piece, seed) in enumerate(PREAMBLES):
                pre = struct.pack("<BHBI", flags, cap, piece, seed)
                out = os.path.join(outdir, "%s-s%d-c%d-%s-%d" % (
                    name, session, channel, "front" if frm == 0 else "back", i))
                with open(out, "wb") as f:
                    f.write(pre + bytes(stream))


if __name__ == "__main__":
    main()
