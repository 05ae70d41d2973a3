#!/usr/bin/env python3
"""Check vhostsniff --kicks against itself and against the peers' straces.

vhostsniff's -T json output (--kicks --stats) is checked for:
  - kick and call lines, more than 0 of each (the guest did I/O);
  - per session, vring and signal: the counts of its lines sum to the last line's
    'signals', the lines number its 'reads', 'coalesced' = signals - reads, and the
    --stats report says the same totals;
  - every SET_VRING_KICK / SET_VRING_CALL with an fd names an interposed eventfd.

With --front and --back (strace -f -xx of the front-end and of the back-end, with
read, write, sendmsg, recvmsg and close traced), the eventfds each peer handed over
or got with SET_VRING_KICK (12) and SET_VRING_CALL (13) are followed until closed,
and the 8-byte counts written and read on them are summed:
  - back-end: the calls it wrote are exactly the calls vhostsniff forwarded (it reads
    all of them, draining at the close), and it read at most the kicks forwarded;
  - front-end: the kicks vhostsniff forwarded, less those that were in the eventfd
    when it began to watch it ("pending": written before the fd was handed over, so
    before the strace can tell it is a kick eventfd), are at most what the front-end
    wrote to its handed-over kick eventfds less what it read back itself (QEMU drains
    its host notifier when it stops the device): no kick added; and it read at most
    the calls forwarded.
With --fds (tests/e2e/sample-eventfds.py: when the peers held which eventfd ids while
the session ran; an id is reused once its eventfd is closed), the eventfd id each
SET_VRING_KICK/CALL record names is one the back-end held from about the record's time
on and, with --kicks, one the front-end did not hold meanwhile (it is vhostsniff's
own). With --passthrough (a run without --kicks) only this is checked, the other way:
the records name eventfds the back-end held while the front-end held them too (ids are
unique among the eventfds open at one time).
Exit status 0 when all holds, 1 otherwise.
"""

import argparse
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("check_strace", os.path.join(HERE, "check-strace.py"))
cs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cs)

REQ_SET_VRING_KICK, REQ_SET_VRING_CALL = 12, 13
SIGNAL_OF = {REQ_SET_VRING_KICK: "kick", REQ_SET_VRING_CALL: "call"}


def peer_counts(path):
    """{("kick"|"call", "wrote"|"read"): sum} over the eventfds handed in SET_VRING_KICK/CALL."""
    tracked = {}  # fd -> signal
    sums = {(s, d): 0 for s in ("kick", "call") for d in ("wrote", "read")}
    for _, name, args, ret, _ in cs.strace_calls(path):
        fd_m = re.match(r"\s*(\d+)", args)
        fd = int(fd_m.group(1)) if fd_m else None
        if name == "close" and ret == 0:
            tracked.pop(fd, None)
            continue
        if ret is None or ret <= 0:
            continue
        if name in ("sendmsg", "recvmsg"):
            fds = []
            for m in cs.SCM_RE.finditer(args):
                if m.group(1):
                    fds += [int(x) for x in m.group(1).split(",") if x.strip()]
            parts = cs.IOV_RE.findall(args)
            data = b"".join(cs.hex_string(s) for s, _ in parts)[:ret]
            if fds and len(data) >= 4:
                req = int.from_bytes(data[:4], "little")
                if req in SIGNAL_OF:
                    tracked[fds[0]] = SIGNAL_OF[req]
            continue
        if name in ("read", "write") and fd in tracked and ret == 8:
            parts = cs.STRING_RE.findall(args)[:1]
            if not parts:
                continue
            value = int.from_bytes(cs.hex_string(parts[0][0])[:8], "little")
            sums[(tracked[fd], "wrote" if name == "write" else "read")] += value
    return sums


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", required=True)
    ap.add_argument("--front")
    ap.add_argument("--back")
    ap.add_argument("--fds")
    ap.add_argument("--passthrough", action="store_true")
    args = ap.parse_args()
    problems = []
    lines = {}   # (session, vring, signal) -> [count, last signals, last reads, lines]
    stats = {}   # (session, vring, signal) -> (signals, coalesced)
    interposed = {"kick": 0, "call": 0}
    ids = []  # (signal, eventfd id, ts, vring) of each SET_VRING_KICK/CALL record
    pending = 0  # kicks that were in the front-end's eventfd when vhostsniff began to watch it
    with open(args.json) as f:
        for line in f:
            o = json.loads(line)
            ev = o.get("event")
            if ev in ("kick", "call", "err"):
                k = (o["session"], o["vring"], ev)
                t = lines.setdefault(k, [0, 0, 0, 0])
                t[0] += o["count"]
                t[1], t[2] = o["signals"], o["reads"]
                t[3] += 1
                if o.get("pending"):
                    pending += o["count"]
                if o["coalesced"] != o["signals"] - o["reads"]:
                    problems.append("coalesced is not signals - reads: " + line.strip())
            elif ev == "stats":
                for n in o.get("notifications", []):
                    for sig, key in (("kick", "kicks"), ("call", "calls"), ("err", "errors")):
                        stats[(o["session"], n["vring"], sig)] = (n[key], n[key + "_coalesced"])
            elif o.get("name") in ("VHOST_USER_SET_VRING_KICK", "VHOST_USER_SET_VRING_CALL") and \
                    o.get("fds") == 1:
                fd = o["fd_info"][0]
                sig = "kick" if o["name"].endswith("KICK") else "call"
                ids.append((sig, fd.get("eventfd_id", 0), o["ts"],
                            o.get("payload", {}).get("vring.index")))
                if args.passthrough:
                    if fd.get("interposed"):
                        problems.append("interposed without --kicks: " + line.strip())
                elif fd.get("kind") != "eventfd" or fd.get("interposed") is not True:
                    problems.append("not interposed: " + line.strip())
                else:
                    interposed[sig] += 1
    if args.fds:
        with open(args.fds) as f:
            held = json.load(f)
        # a sample every 50 ms: a stretch is known to that much
        slack = 0.2

        def holds(label, i, since, until, slack=slack):
            return [e for e in held[label]
                    if e[0] == i and e[1] <= until + slack and e[2] >= since - slack]

        # An eventfd replaced within a second may have come and gone between two
        # samples: only those kept longer are looked for (QEMU replaces the call
        # eventfds of its first start within ~0.1 s).
        kept = []
        for n, (sig, i, ts, vring) in enumerate(ids):
            nxt = [t for s2, _, t, v2 in ids[n + 1:] if s2 == sig and v2 == vring]
            if not nxt or nxt[0] - ts >= 1.0:
                kept.append((sig, i, ts))
        if not [k for k in kept if k[0] == "kick"] or not [k for k in kept if k[0] == "call"]:
            problems.append("no SET_VRING_KICK and SET_VRING_CALL whose eventfd was kept a second")
        for sig, i, ts in kept:
            what = "SET_VRING_%s at %.6f names eventfd %d" % (sig.upper(), ts, i)
            back = holds("back", i, ts, ts + 1.0)
            if i == 0:
                problems.append(what + ": no eventfd id")
            elif not back:
                problems.append(what + ", which the back-end did not hold then")
            # ids are unique among the eventfds open at one time: both peers
            # holding it at once (in the same samples) is one eventfd
            elif args.passthrough and not any(holds("front", i, e[1], e[2], 0) for e in back):
                problems.append(what + ", which the front-end did not hold with the back-end")
            # (an id the front-end's closed eventfd had and ours got next is not)
            elif not args.passthrough and any(holds("front", i, e[1], e[2], 0) for e in back):
                problems.append(what + ", which the front-end held too: not vhostsniff's")
        print("eventfd ids of the SET_VRING_KICK/CALL records: %s, %d kept a second or more and "
              "looked for; the peers held %d and %d eventfd stretches" % (
                  sorted(x[1] for x in ids), len(kept), len(held["front"]), len(held["back"])))
        if args.passthrough:
            for p in problems:
                print("check-kicks: " + p)
            return 1 if problems else 0
    total = {"kick": 0, "call": 0, "err": 0}
    for k, (count, signals, reads, n) in sorted(lines.items()):
        total[k[2]] += signals
        print("session %d vring %d %s: %d signals in %d reads (%d coalesced)" % (
            k[0], k[1], k[2], signals, reads, signals - reads))
        if count != signals or reads != n:
            problems.append("%s: lines sum to %d in %d lines, totals say %d in %d" % (
                k, count, n, signals, reads))
        if stats.get(k) != (signals, signals - reads):
            problems.append("%s: --stats says %s, the lines %s" % (k, stats.get(k), (signals, signals - reads)))
    for sig in ("kick", "call"):
        if total[sig] == 0:
            problems.append("no %s went through vhostsniff" % sig)
        if interposed[sig] == 0:
            problems.append("no SET_VRING_%s handed over an interposed eventfd" % sig.upper())
    print("interposed eventfds: %d kick, %d call" % (interposed["kick"], interposed["call"]))
    if args.back:
        b = peer_counts(args.back)
        print("back-end strace: read %d kicks, wrote %d calls" % (b[("kick", "read")], b[("call", "wrote")]))
        if b[("call", "wrote")] != total["call"]:
            problems.append("the back-end wrote %d calls, vhostsniff forwarded %d" % (
                b[("call", "wrote")], total["call"]))
        if not 0 < b[("kick", "read")] <= total["kick"]:
            problems.append("the back-end read %d kicks, vhostsniff forwarded %d" % (
                b[("kick", "read")], total["kick"]))
    if args.front:
        fr = peer_counts(args.front)
        # The front-end's kicks from the time vhostsniff watched its eventfd (those
        # before were in it, forwarded and flagged pending), less what it read back
        # itself (QEMU drains its host notifier when it stops the device).
        sent = fr[("kick", "wrote")] - fr[("kick", "read")]
        print("front-end strace: wrote %d kicks to its handed-over eventfds (read back %d itself), "
              "read %d calls; vhostsniff forwarded %d kicks, %d of them pending at the handover" % (
                  fr[("kick", "wrote")], fr[("kick", "read")], fr[("call", "read")], total["kick"], pending))
        if sent < total["kick"] - pending:
            problems.append("vhostsniff forwarded %d kicks (%d pending at the handover), the front-end "
                            "sent %d" % (total["kick"], pending, sent))
        if fr[("call", "read")] > total["call"]:
            problems.append("the front-end read %d calls, vhostsniff forwarded %d" % (
                fr[("call", "read")], total["call"]))
    for p in problems:
        print("check-kicks: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
