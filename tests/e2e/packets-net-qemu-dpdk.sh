#!/bin/bash
# End to end, issue 20 (its acceptance, `vhostsniff --kicks --packets -w cap.pcapng`):
# QEMU virtio-net-pci + netdev vhost-user with the lab guest <-> vhostsniff --kicks
# --packets <-> DPDK testpmd net_vhost (icmpecho, one queue pair); the guest pings
# testpmd PINGS times. DPDK's net_vhost sets VRING_USED_F_NO_NOTIFY, so the guest
# never kicks its transmit queue: the walker sees the frames by polling.
# PASS: the pings work through vhostsniff as without it (the recipe's check, with
# VHLAB-NET-PING-OK); `tshark -r capture.pcapng -Y icmp` shows the guest's PINGS echo
# requests from its MAC (exported PDUs for Wireshark's eth_withoutfcs, on the
# interface "session 1 net tx0") and testpmd's replies on "net rx0"; the guest's ARP
# request is there (it has no static neighbour); --packets-file holds the same echo
# requests as Ethernet frames (link type 1); the JSON has "net" entries of both
# phases, and -r prints the capture's entries as live did; the kicks and calls add up
# (check-kicks.py: each ring's lines sum to their totals and to --stats, the eventfds
# handed over are vhostsniff's, and QEMU's strace wrote no fewer kicks and read no more
# calls than vhostsniff forwarded).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd tshark
e2e_setup
e2e_guest
MAC=52:54:00:12:34:56 # tests/lab/net-qemu-dpdk.sh
PINGS=5               # the guest's default (tests/lab/guest/init.sh vhlab.pings)
E2E_SNIFF_ARGS="--kicks --packets --stats --packets-file $E2E_WORK/frames.pcapng" \
    e2e_run net-qemu-dpdk.sh run listen 1
[[ $E2E_VERDICT == *ping=yes* ]] ||
    e2e_fail "the guest's pings did not work through vhostsniff: $E2E_VERDICT"
rc=$(cat "$E2E_WORK/vhostsniff.rc" 2>/dev/null || echo none)
[[ $rc == 0 ]] || e2e_fail "vhostsniff exit status: $rc"

count() { # FILE FILTER: frames tshark shows
    tshark -n -r "$1" -Y "$2" -T fields -e frame.number 2>"$E2E_WORK/tshark.err" | wc -l
}
requests=$(count "$E2E_WORK/capture.pcapng" "icmp.type == 8 && eth.src == $MAC")
replies=$(count "$E2E_WORK/capture.pcapng" "icmp.type == 0 && eth.dst == $MAC")
arp=$(count "$E2E_WORK/capture.pcapng" "arp.opcode == 1 && eth.src == $MAC")
e2e_log "capture: $requests echo requests from $MAC, $replies replies to it, $arp ARP requests"
[[ $requests -eq $PINGS ]] ||
    e2e_fail "tshark -Y icmp shows $requests echo requests from $MAC, not $PINGS"
[[ $replies -ge 1 ]] || e2e_fail "no echo reply to $MAC in the capture"
[[ $arp -ge 1 ]] || e2e_fail "no ARP request from $MAC in the capture"
ifaces=$(tshark -n -r "$E2E_WORK/capture.pcapng" -Y "icmp.type == 8" -T fields \
    -e frame.interface_name 2>/dev/null | sort -u)
[[ $ifaces == "session 1 net tx0" ]] ||
    e2e_fail "the echo requests are on interface(s) '$ifaces', not 'session 1 net tx0'"

# --packets-file: the same frames, link type 1, for tcpdump
encap=$(capinfos -E "$E2E_WORK/frames.pcapng" | sed -n 's/^File encapsulation: *//p')
[[ $encap == Ethernet ]] || e2e_fail "--packets-file encapsulation is '$encap', not Ethernet"
file_requests=$(count "$E2E_WORK/frames.pcapng" "icmp.type == 8 && eth.src == $MAC")
[[ $file_requests -eq $PINGS ]] ||
    e2e_fail "--packets-file holds $file_requests echo requests, not $PINGS"
[[ $(stat -c %a "$E2E_WORK/frames.pcapng") == 600 ]] || e2e_fail "--packets-file is not 0600"

# JSON: net entries of both phases; -r prints the capture's entries as live did
python3 - "$E2E_WORK/vhostsniff.json" <<'PY' || e2e_fail "the JSON net entries are not as expected"
import json, sys
phases = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("event") == "net":
        phases[e["phase"]] = phases.get(e["phase"], 0) + 1
print("net entries:", phases)
sys.exit(0 if phases.get("avail") and phases.get("used") else 1)
PY
grep '"event":"net"' "$E2E_WORK/vhostsniff.json" >"$E2E_WORK/live-net.json"
"$VHOSTSNIFF" -T json -r "$E2E_WORK/capture.pcapng" | grep '"event":"net"' \
    >"$E2E_WORK/read-net.json"
cmp -s "$E2E_WORK/live-net.json" "$E2E_WORK/read-net.json" ||
    e2e_fail "-r prints the net entries differently from live (live-net.json, read-net.json)"
python3 "$E2E_SRCDIR/tests/e2e/check-kicks.py" --json "$E2E_WORK/vhostsniff.json" \
    --front "$E2E_WORK/strace/qemu.strace" || e2e_fail "the kicks and calls do not add up"
E2E_VERDICT+=", $requests echo requests in the capture, $(wc -l <"$E2E_WORK/live-net.json") net entries"
e2e_pass
