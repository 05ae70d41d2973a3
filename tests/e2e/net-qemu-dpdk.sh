#!/bin/bash
# End to end: QEMU virtio-net-pci + netdev vhost-user with the lab guest <-> vhostsniff
# <-> DPDK testpmd net_vhost (icmpecho), 2 queue pairs (net_vhost queues=2, netdev
# queues=2, mq=on: vrings 0-3 and the control queue stays in QEMU); the guest pings
# testpmd.
# PASS: the recipe's own check passes through vhostsniff --rings, vhostsniff's JSON
# equals the front-end's strace message for message (see check-strace.py), its
# capture reads back the same (-r, tshark), and the rings' used indexes advanced in
# step with testpmd's counters (the guest's receive queues, vrings 0 and 2, with
# testpmd's TX; its transmit queues, 1 and 3, with its RX; check-ring-traffic.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd
e2e_setup
e2e_guest
export QUEUES=2
E2E_SNIFF_ARGS='--rings --stats' e2e_run net-qemu-dpdk.sh run listen 1
# SET_MEM_TABLE (DPDK has no CONFIGURE_MEM_SLOTS), GET/SET_STATUS, the vrings
e2e_check qemu 1 --require 1:1,15,16,21,5,8,10,9,12,11
e2e_expect_vrings 4
[[ $E2E_VERDICT =~ testpmd\ rx=([0-9]+)\ tx=([0-9]+) ]] ||
    e2e_fail "no testpmd counters in the verdict: $E2E_VERDICT"
python3 "$E2E_SRCDIR/tests/e2e/check-ring-traffic.py" "$E2E_WORK/vhostsniff.json" \
    --rings "0,2=${BASH_REMATCH[2]}" --rings "1,3=${BASH_REMATCH[1]}" ||
    e2e_fail "the rings did not move with testpmd's counters"
e2e_pass
