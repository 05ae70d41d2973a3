#!/usr/bin/env python3
"""Sample the eventfds real peers hold while a scenario runs.

  sample-eventfds.py --out FILE LABEL=SUBSTRING...

Every 20 ms, for every process whose command line holds SUBSTRING (e.g. the
socket path a peer was given), the "eventfd-id:" of each of its fds
(/proc/PID/fdinfo; every eventfd has the same inode, the id tells them apart,
Linux 6.0+). vhostsniff's processes (their command line names both sockets)
are left out. The kernel gives a closed eventfd's id to the next one made, so
what is kept is when each id was held: on SIGTERM writes
{LABEL: [[id, first seen, last seen], ...]} (CLOCK_REALTIME seconds, one
entry per stretch of samples that saw it) as JSON to FILE and exits.
The peers of a lab recipe keep their kick and call eventfds for the whole
session, so sampling sees them.
"""
import argparse
import json
import os
import signal
import sys
import time

stop = False


def on_term(signum, frame):
    global stop
    stop = True


def find_peers(matches):
    """[(label, pid)] of the processes whose command line holds a label's substring."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        # vhostsniff's own command line names both sockets: never a peer
        if "vhostsniff" in cmdline:
            continue
        found += [(label, pid) for label, sub in matches if sub in cmdline]
    return found


def sample(matches, peers):
    """{label: set of ids held now}"""
    seen = {label: set() for label, _ in matches}
    for label, pid in peers:
        try:
            fds = os.listdir("/proc/%s/fdinfo" % pid)
        except OSError:
            continue
        for fd in fds:
            try:
                with open("/proc/%s/fdinfo/%s" % (pid, fd)) as f:
                    for line in f:
                        if line.startswith("eventfd-id:"):
                            seen[label].add(int(line.split(":", 1)[1]))
            except OSError:
                pass
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("match", nargs="+")
    args = ap.parse_args()
    matches = [m.split("=", 1) for m in args.match]
    done = {label: [] for label, _ in matches}  # [id, first, last] that ended
    open_ = {label: {} for label, _ in matches}  # id -> [id, first, last]
    signal.signal(signal.SIGTERM, on_term)
    peers, peers_at = [], 0.0
    while not stop:
        now = time.time()
        # the processes are looked for 5 times a second, their fds 50 times
        if now - peers_at >= 0.2:
            peers, peers_at = find_peers(matches), now
        for label, ids in sample(matches, peers).items():
            held = open_[label]
            for i in ids:
                held.setdefault(i, [i, now, now])[2] = now
            for i in [i for i in held if i not in ids]:
                done[label].append(held.pop(i))
        time.sleep(0.02)
    with open(args.out, "w") as f:
        json.dump({k: sorted(done[k] + list(open_[k].values()), key=lambda e: (e[0], e[1]))
                   for k in done}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
