#!/usr/bin/env python3
"""Check that the rings of `vhostsniff --rings --stats -T json` moved in step
with a peer's packet counters.

--rings VRINGS=PACKETS (repeatable): the requests completed on the vrings named
(comma-separated; --stats "completed", what their used indexes advanced between
vhostsniff's looks) are more than 0 and at most PACKETS plus what the rings hold:
the used index runs ahead of a receiver's counter by the buffers it has not
taken yet, never by more than a ring holds (one used element per packet: no
packet here spans two buffers). Fewer is allowed: a 16-bit used index that
laps between two looks (DPDK moves millions of packets a second) is counted
short, never long. How close the count came is printed.

Exit 0 and a summary when all holds, else 1 and what does not.
"""
import argparse

import sniff_json


def fail(msg):
    sniff_json.fail("check-ring-traffic", msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("--rings", action="append", required=True, metavar="VRINGS=PACKETS")
    args = ap.parse_args()

    completed, size = {}, {}
    for line in sniff_json.read_lines(args.json, "check-ring-traffic"):
        if line.get("event") == "ring" and line.get("num"):
            size[line["vring"]] = max(size.get(line["vring"], 0), line["num"])
        if line.get("event") == "stats":
            for r in line.get("rings", []):
                completed[r["vring"]] = r["completed"]
    if not completed:
        fail("no --stats line with rings")
    for spec in args.rings:
        try:
            names, packets = spec.split("=")
            vrings = [int(v) for v in names.split(",")]
            packets = int(packets)
        except ValueError:
            fail("--rings wants VRINGS=PACKETS, not %r" % spec)
        done = sum(completed.get(v, 0) for v in vrings)
        slack = sum(size.get(v, 0) for v in vrings)
        if slack == 0:
            fail("vrings %s: no ring snapshot with a size" % names)
        if done == 0:
            fail("vrings %s: the used indexes never moved (%d packets counted)" % (names, packets))
        if done > packets + slack:
            fail("vrings %s: %d completed, more than the %d packets counted and the %d "
                 "the rings hold" % (names, done, packets, slack))
        print("check-ring-traffic: vrings %s: %d completed, %d packets counted (rings hold %d)"
              % (names, done, packets, slack))
    print("check-ring-traffic: OK")


main()
