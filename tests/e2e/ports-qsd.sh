#!/bin/bash
# Two ports in one vhostsniff, with real peers: two qemu-storage-daemon exports,
# one wrapped in place (--wrap blk-a:A: QEMU is started with A unchanged) and one
# mapped (--map blk-b:F=B: QEMU connects to F, vhostsniff to the daemon's B). A
# QEMU guest on each reads and writes its disk (the recipe's PASS), one after the
# other; vhostsniff records both sessions in one capture. Each session carries
# the label of its own port: in the JSON lines (every line), the text lines of
# the capture read back, the capture's interface names (tshark) and --stats;
# after vhostsniff's exit A is the daemon's socket again.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon python3
e2e_setup
e2e_peers_lock
e2e_guest
e2e_lab
E2E_VERDICT="two guests read and wrote their disks through one vhostsniff, each session labelled with its port"
A=$E2E_WORK/a.sock
B=$E2E_WORK/b.sock
F=$E2E_WORK/b-front.sock
CAP=$E2E_WORK/ports.pcapng
frontend() { # WORKDIR SOCKET: the recipe's QEMU; its verdict
	"$E2E_LAB/blk-qsd.sh" frontend "$1" "$2" >"$1.verdict" 2>"$1.log" || true
	grep -q '^PASS' "$1.verdict" ||
		{ tail -n 20 "$1.log" >&2; e2e_fail "QEMU on $2 failed: $(cat "$1.verdict")"; }
}

lab_start qsd-a "$E2E_LAB/blk-qsd.sh" backend "$E2E_WORK/blk-a" "$A"
lab_start qsd-b "$E2E_LAB/blk-qsd.sh" backend "$E2E_WORK/blk-b" "$B"
lab_wait_socket "$A" 15 qsd-a || e2e_fail "qemu-storage-daemon did not listen on $A"
lab_wait_socket "$B" 15 qsd-b || e2e_fail "qemu-storage-daemon did not listen on $B"
before=$(stat -c %i "$A")

e2e_sniff 2 --wrap "blk-a:$A" --map "blk-b:$F=$B" -w "$CAP" --stats
for ((i = 0; i < 100; i++)); do [[ -S $A.vhostsniff-wrapped && -S $F ]] && break; sleep 0.1; done
[[ -S $A.vhostsniff-wrapped && -S $F ]] ||
	e2e_fail "vhostsniff did not take both ports: $(cat "$E2E_WORK/vhostsniff.log")"
frontend "$E2E_WORK/blk-a" "$A"
frontend "$E2E_WORK/blk-b" "$F"
e2e_sniff_wait 30
[[ $(stat -c %i "$A") == "$before" && ! -e $A.vhostsniff-wrapped ]] ||
	e2e_fail "after vhostsniff's exit $A is not the daemon's socket"

# JSON live, and read back from the capture: the same labels on every line
"$VHOSTSNIFF" -r "$CAP" -T json >"$E2E_WORK/read.json" 2>"$E2E_WORK/read.err" ||
	e2e_fail "vhostsniff -r failed: $(cat "$E2E_WORK/read.err")"
for json in "$E2E_WORK/vhostsniff.json" "$E2E_WORK/read.json"; do
	python3 - "$json" "$A" "$F" <<'PY' || e2e_fail "$(basename "$json"): sessions not labelled right"
import json, sys
path, a, f = sys.argv[1:]
lines = [json.loads(l) for l in open(path)]
starts = {l["session"]: l for l in lines if l.get("event") == "session_start"}
ports = {s: l.get("port") for s, l in starts.items()}
want = {"blk-a": (a, a + ".vhostsniff-wrapped"), "blk-b": (f, None)}
if sorted(ports.values()) != ["blk-a", "blk-b"]:
    sys.exit("ports of the sessions: %s" % ports)
for s, l in starts.items():
    front, back = want[l["port"]]
    if l["front_path"] != front or (back and l["back_path"] != back):
        sys.exit("session %d (%s): front %s back %s" % (s, l["port"], l["front_path"], l["back_path"]))
for l in lines:
    if l.get("event") in ("stats", "port_stats"):
        continue
    if l.get("port") != ports.get(l.get("session")):
        sys.exit("a line of session %s has port %s: %s" % (l.get("session"), l.get("port"), l))
    if l.get("malformed"):
        sys.exit("malformed: %s" % l)
for port in ("blk-a", "blk-b"):
    names = {l.get("name") for l in lines if l.get("port") == port}
    if "VHOST_USER_SET_VRING_KICK" not in names or "VHOST_USER_GET_CONFIG" not in names:
        sys.exit("port %s: the negotiation is missing (%s)" % (port, sorted(n for n in names if n)))
print("%s: %d lines, sessions %s" % (path, len(lines), ports))
PY
done
# --stats live: one report per session with its port, one per port at the end
for port in blk-a blk-b; do
	grep -q "\"event\":\"port_stats\",\"port\":\"$port\",\"sessions\":1," "$E2E_WORK/vhostsniff.json" ||
		e2e_fail "no --stats report for port $port"
	grep -q "\"event\":\"stats\",\"session\":[0-9]*,\"port\":\"$port\"" "$E2E_WORK/vhostsniff.json" ||
		e2e_fail "no --stats report for the session of port $port"
done
# text read back: the label after the time, before the session
"$VHOSTSNIFF" -r "$CAP" >"$E2E_WORK/read.txt"
for port in blk-a blk-b; do
	grep -Eq "^[0-9:.]+ $port s[12] main front>back VHOST_USER_GET_FEATURES" "$E2E_WORK/read.txt" ||
		e2e_fail "the text lines do not name port $port"
done
# the capture's interfaces, as Wireshark names them
if command -v tshark >/dev/null; then
	tshark -r "$CAP" -T fields -e frame.interface_name 2>/dev/null | sort -u >"$E2E_WORK/ifaces"
	grep -Eq '^blk-a session [12] main$' "$E2E_WORK/ifaces" &&
		grep -Eq '^blk-b session [12] main$' "$E2E_WORK/ifaces" ||
		e2e_fail "tshark's interface names: $(tr '\n' ';' <"$E2E_WORK/ifaces")"
fi
lab_cleanup
e2e_pass
