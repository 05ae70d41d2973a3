#!/bin/bash
# End to end: DPDK testpmd virtio-user (front-end, connects) <-> vhostsniff <->
# testpmd net_vhost (back-end, listens); packets must flow both ways.
# PASS: the recipe's own check passes through vhostsniff --rings, vhostsniff's JSON
# equals the front-end's strace message for message (see check-strace.py) with no
# warning or error finding (a healthy session: notes at most), and
# the rings' used indexes advanced in step with testpmd's counters (vring 0,
# virtio-user's receive queue, with its RX; vring 1, its transmit queue, with
# its TX; check-ring-traffic.py). --rings=20: a look every 20 ms, so that no
# used index laps its 16 bits between two looks at DPDK's rates.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd
e2e_setup
E2E_SNIFF_ARGS='--rings=20 --stats' e2e_run net-dpdk-pair.sh run listen 1
# GET_FEATURES .. SET_MEM_TABLE, vring setup, GET_VRING_BASE at the stop
e2e_check virtio-user 1 --no-warnings --require 1:1,15,16,5,8,10,9,12,11
[[ $E2E_VERDICT =~ virtio-user\ rx=([0-9]+)\ tx=([0-9]+) ]] ||
    e2e_fail "no virtio-user counters in the verdict: $E2E_VERDICT"
python3 "$E2E_SRCDIR/tests/e2e/check-ring-traffic.py" "$E2E_WORK/vhostsniff.json" \
    --rings "0=${BASH_REMATCH[1]}" --rings "1=${BASH_REMATCH[2]}" ||
    e2e_fail "the rings did not move with testpmd's counters"
e2e_pass
