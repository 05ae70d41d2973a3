#!/usr/bin/env python3
"""Check the ring events of `vhostsniff --rings -T json` against its own messages.

A ring's run goes from the SET_VRING_ADDR that placed it to the GET_VRING_BASE
reply that stopped it. In every run the used index never goes back; in at
least one it grows (--grow N: by N or more; --ring V: a run of vring V, and
with --ring given more than once, of each of them); at each GET_VRING_BASE
reply the base equals the used index of the snapshot taken with it and of the
last one before it, with nothing in flight (each --ring V has such a reply). No message is malformed and no line holds
an error finding. With --stats lines, each ring's "completed" is what its
used index advanced over its runs. --stalled: some ring was found stalled and then resumed,
in that order, on the same ring.

Exit 0 and a summary when all holds, else 1 and what does not.
"""
import argparse

import sniff_json


def fail(msg):
    sniff_json.fail("check-rings", msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("--grow", type=int, default=1)
    ap.add_argument("--ring", type=int, action="append", default=None)
    ap.add_argument("--stalled", action="store_true")
    args = ap.parse_args()

    lines = sniff_json.read_lines(args.json, "check-rings")

    messages = {}
    for obj in lines:
        if obj.get("malformed"):
            fail("frame %s is malformed: %s" % (obj.get("frame"), obj.get("name")))
        for fnd in obj.get("findings", []):
            if fnd.get("severity") == "error":
                fail("error finding %s: %s" % (fnd.get("id"), fnd.get("message")))
        if "event" not in obj:
            messages[obj["frame"]] = obj

    rings = [o for o in lines if o.get("event") == "ring"]
    if not rings:
        fail("no ring event")
    runs = {}  # vring -> list of runs, each a list of used indexes
    last = {}  # vring -> the last ring event before the current one
    grew = set()  # the vrings of the runs that grew
    bases = 0
    based = set()  # the vrings of the GET_VRING_BASE replies checked
    stats_checked = False
    stalled_on = set()
    resumed = False
    for ev in rings:
        v = ev["vring"]
        ids = [f["id"] for f in ev.get("findings", [])]
        if "ring.stalled" in ids:
            stalled_on.add(v)
        if "ring.resumed" in ids:
            if v not in stalled_on:
                fail("vring %d resumed without a stall before" % v)
            resumed = True
        if ev["status"] != "ok":
            continue
        if ev.get("cause") == "SET_VRING_ADDR":
            runs.setdefault(v, []).append([])
        run = runs.setdefault(v, [[]])[-1]
        if run and (ev["used_idx"] - run[-1]) % 65536 >= 32768:
            fail("vring %d used index went back: %d -> %d" % (v, run[-1], ev["used_idx"]))
        run.append(ev["used_idx"])
        msg = messages.get(ev.get("cause_frame"))
        if msg is not None and msg["name"] == "VHOST_USER_GET_VRING_BASE" and msg["reply"]:
            base = msg["payload"]["vring.base"]
            prev = last.get(v)
            if base != ev["used_idx"] or ev["inflight"] != 0:
                fail("vring %d: GET_VRING_BASE base %d, ring used %d with %d in flight"
                     % (v, base, ev["used_idx"], ev["inflight"]))
            if prev is not None and prev["used_idx"] != base:
                fail("vring %d: GET_VRING_BASE base %d, last used index seen %d"
                     % (v, base, prev["used_idx"]))
            bases += 1
            based.add(v)
        last[v] = ev
    for v, rs in runs.items():
        for run in rs:
            if run and (run[-1] - run[0]) % 65536 >= args.grow:
                grew.add(v)
    if args.ring is None and not grew:
        fail("no ring's used index grew by %d" % args.grow)
    for v in args.ring or []:
        if v not in grew:
            fail("vring %d's used index did not grow by %d in a run" % (v, args.grow))
    if bases == 0:
        fail("no GET_VRING_BASE reply with a ring snapshot")
    for v in args.ring or []:
        if v not in based:
            fail("vring %d: no GET_VRING_BASE reply with a ring snapshot" % v)
    for st in (o for o in lines if o.get("event") == "stats"):
        for tot in st.get("rings", []):
            rs = runs.get(tot["vring"], [])
            advanced = sum((r[-1] - r[0]) % 65536 for r in rs if r)
            if tot["completed"] != advanced:
                fail("vring %d: --stats says %d completed, the used index advanced %d"
                     % (tot["vring"], tot["completed"], advanced))
            stats_checked = True
    if args.stalled and not (stalled_on and resumed):
        fail("no ring.stalled followed by ring.resumed")
    summary = ", ".join(
        "vring %d: used %s" % (v, " | ".join("%d->%d" % (r[0], r[-1]) for r in rs if r))
        for v, rs in sorted(runs.items()))
    print("check-rings: OK: %d ring events (%s); %d GET_VRING_BASE bases equal the used "
          "index, nothing in flight%s%s" % (len(rings), summary, bases,
                                            "; stalled and resumed on vring %s"
                                            % sorted(stalled_on) if args.stalled else "",
                                            "; --stats agrees" if stats_checked else ""))


if __name__ == "__main__":
    main()
