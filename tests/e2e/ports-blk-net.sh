#!/bin/bash
# Three ports in one vhostsniff, with real peers: DPDK testpmd's net_vhost
# socket N and a qemu-storage-daemon export A wrapped in place (--wrap net0:N,
# --wrap blk-a:A: testpmd virtio-user and QEMU are started with N and A
# unchanged), and a second export mapped (--map blk-b:F=B: QEMU connects to F,
# vhostsniff to the daemon's B). Packets flow both ways between the testpmd
# pair, then a QEMU guest on each export reads and writes its disk (the
# recipe's PASS), one after the other (one busy peer at a time); vhostsniff
# records the three sessions in one capture. Each session carries the label of
# its own port: in the JSON lines (every line), the text lines of the capture
# read back, the capture's interface names (tshark) and --stats; after
# vhostsniff's exit N and A are the peers' sockets again.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon dpdk-testpmd python3
e2e_setup
e2e_peers_lock
e2e_guest
e2e_lab
E2E_VERDICT="packets flowed between two testpmds and two guests read and wrote their disks through one vhostsniff, each session labelled with its port"
A=$E2E_WORK/a.sock
B=$E2E_WORK/b.sock
F=$E2E_WORK/b-front.sock
N=$E2E_WORK/net.sock
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
testpmd_cmd vhost 0,1 "net_vhost0,iface=$N,queues=1"
lab_start vhost "${TESTPMD[@]}"
lab_wait_socket "$N" 20 vhost || e2e_fail "testpmd vhost did not listen on $N"
before=$(stat -c %i "$A")

e2e_sniff 3 --wrap "net0:$N" --wrap "blk-a:$A" --map "blk-b:$F=$B" -w "$CAP" --stats
for ((i = 0; i < 100; i++)); do
	[[ -S $N.vhostsniff-wrapped && -S $A.vhostsniff-wrapped && -S $F ]] && break
	sleep 0.1
done
[[ -S $N.vhostsniff-wrapped && -S $A.vhostsniff-wrapped && -S $F ]] ||
	e2e_fail "vhostsniff did not take the three ports: $(cat "$E2E_WORK/vhostsniff.log")"
testpmd_cmd virtio-user 1,0 "net_virtio_user0,path=$N,queues=1"
lab_start virtio-user "${TESTPMD[@]}"
testpmd_wait_fwd virtio-user 30 || e2e_fail "virtio-user did not start forwarding"
testpmd_wait_fwd vhost 30 || e2e_fail "testpmd vhost did not start forwarding"
e2e_expect_traffic "net0" virtio-user vhost
frontend "$E2E_WORK/blk-a" "$A"
frontend "$E2E_WORK/blk-b" "$F"
e2e_sniff_wait 30
[[ $(stat -c %i "$A") == "$before" && ! -e $A.vhostsniff-wrapped ]] ||
	e2e_fail "after vhostsniff's exit $A is not the daemon's socket"
# testpmd removes its socket by name when it stops: nothing of the wrap is left
[[ ! -e $N.vhostsniff-wrapped ]] || e2e_fail "after vhostsniff's exit $N.vhostsniff-wrapped is left"

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
want = {"blk-a": (a, a + ".vhostsniff-wrapped"), "blk-b": (f, None), "net0": (None, None)}
if sorted(ports.values()) != ["blk-a", "blk-b", "net0"]:
    sys.exit("ports of the sessions: %s" % ports)
for s, l in starts.items():
    front, back = want[l["port"]]
    if (front and l["front_path"] != front) or (back and l["back_path"] != back):
        sys.exit("session %d (%s): front %s back %s" % (s, l["port"], l["front_path"], l["back_path"]))
for l in lines:
    if l.get("event") in ("stats", "port_stats"):
        continue
    if l.get("port") != ports.get(l.get("session")):
        sys.exit("a line of session %s has port %s: %s" % (l.get("session"), l.get("port"), l))
    if l.get("malformed") or any(f.get("severity") == "error" for f in l.get("findings") or []):
        sys.exit("malformed or an error finding in a real session: %s" % l)
for port in ("blk-a", "blk-b", "net0"):
    names = {l.get("name") for l in lines if l.get("port") == port}
    need = ["VHOST_USER_SET_VRING_KICK", "VHOST_USER_SET_MEM_TABLE" if port == "net0" else "VHOST_USER_GET_CONFIG"]
    if any(n not in names for n in need):
        sys.exit("port %s: the negotiation is missing (%s)" % (port, sorted(n for n in names if n)))
print("%s: %d lines, sessions %s" % (path, len(lines), ports))
PY
done
# --stats live: one report per session with its port, one per port at the end
for port in net0 blk-a blk-b; do
	grep -q "\"event\":\"port_stats\",\"port\":\"$port\",\"sessions\":1," "$E2E_WORK/vhostsniff.json" ||
		e2e_fail "no --stats report for port $port"
	grep -q "\"event\":\"stats\",\"session\":[0-9]*,\"port\":\"$port\"" "$E2E_WORK/vhostsniff.json" ||
		e2e_fail "no --stats report for the session of port $port"
done
# text read back: the label after the time, before the session
"$VHOSTSNIFF" -r "$CAP" >"$E2E_WORK/read.txt"
for port in net0 blk-a blk-b; do
	grep -Eq "^[0-9:.]+ $port s[123] main front>back VHOST_USER_GET_FEATURES" "$E2E_WORK/read.txt" ||
		e2e_fail "the text lines do not name port $port"
done
# the capture's interfaces, as Wireshark names them
if command -v tshark >/dev/null; then
	tshark -r "$CAP" -T fields -e frame.interface_name 2>/dev/null | sort -u >"$E2E_WORK/ifaces"
	grep -Eq '^net0 session 1 main$' "$E2E_WORK/ifaces" &&
		grep -Eq '^blk-a session 2 main$' "$E2E_WORK/ifaces" &&
		grep -Eq '^blk-b session 3 main$' "$E2E_WORK/ifaces" ||
		e2e_fail "tshark's interface names: $(tr '\n' ';' <"$E2E_WORK/ifaces")"
fi
lab_cleanup
e2e_pass
