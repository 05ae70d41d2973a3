#!/bin/bash
# End to end, issue 20: QEMU vhost-user-fs-pci with the lab guest <-> vhostsniff
# --kicks --packets -s 0 <-> virtiofsd (one request queue); the guest reads host.txt and
# creates guest.txt, which is not there yet (its LOOKUP is answered ENOENT).
# PASS: the session works through vhostsniff as without it (the recipe's check); the
# FUSE records (JSON) show a LOOKUP of host.txt answered without error, then OPEN and
# READ requests on one nodeid other than the root's, and a LOOKUP of guest.txt
# answered ENOENT; -r prints the capture's fuse entries as live did.
# --kicks: the guest's first requests come in a burst right after the ring starts,
# one descriptor reused for each (Linux virtio-fs sends one request at a time): a walk
# at the rings interval (100 ms) would see the burst's last request only and count
# the others as missed. With --kicks the walk comes at each kick and call instead.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 /usr/lib/qemu/virtiofsd
e2e_setup
e2e_guest
E2E_SNIFF_ARGS="--kicks --packets -s 0 --stats" e2e_run fs-virtiofsd.sh run listen 1
rc=$(cat "$E2E_WORK/vhostsniff.rc" 2>/dev/null || echo none)
[[ $rc == 0 ]] || e2e_fail "vhostsniff exit status: $rc"
python3 - "$E2E_WORK/vhostsniff.json" <<'PY' ||
import json, sys
requests = {}  # (vring, head) -> the request's fuse object, until its completion
pairs = []     # (request fuse, completion fuse)
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("event") != "fuse":
        continue
    key = (e["vring"], e["head"])
    if e["phase"] == "avail":
        requests[key] = e["fuse"]
    elif key in requests:
        pairs.append((requests.pop(key), e["fuse"]))
def answered(opcode, name, error):
    return [q for q, a in pairs if q.get("opcode") == opcode and q.get("name") == name
            and a.get("error") == error]
found = answered("LOOKUP", "host.txt", 0)
missing = answered("LOOKUP", "guest.txt", -2)
nodeids = {q["nodeid"] for q, a in pairs if q.get("opcode") == "OPEN" and a.get("error") == 0}
reads = {q["nodeid"] for q, a in pairs if q.get("opcode") == "READ" and a.get("error") == 0}
both = (nodeids & reads) - {1}
print("fuse: %d requests answered; LOOKUP host.txt OK %d, LOOKUP guest.txt ENOENT %d, "
      "OPEN and READ on nodeid(s) %s" % (len(pairs), len(found), len(missing), sorted(both)))
sys.exit(0 if found and missing and both else 1)
PY
    e2e_fail "the FUSE records do not show LOOKUP/OPEN/READ of host.txt and an ENOENT LOOKUP"
grep '"event":"fuse"' "$E2E_WORK/vhostsniff.json" >"$E2E_WORK/live-fuse.json"
"$VHOSTSNIFF" -T json -r "$E2E_WORK/capture.pcapng" | grep '"event":"fuse"' \
    >"$E2E_WORK/read-fuse.json"
cmp -s "$E2E_WORK/live-fuse.json" "$E2E_WORK/read-fuse.json" ||
    e2e_fail "-r prints the fuse entries differently from live (live-fuse.json, read-fuse.json)"
E2E_VERDICT+=", $(wc -l <"$E2E_WORK/live-fuse.json") fuse entries"
e2e_pass
