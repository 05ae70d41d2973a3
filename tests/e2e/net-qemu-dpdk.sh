#!/bin/bash
# End to end: QEMU virtio-net-pci + netdev vhost-user with the lab guest <-> vhostsniff
# <-> DPDK testpmd net_vhost (icmpecho), 2 queue pairs (net_vhost queues=2, netdev
# queues=2, mq=on: vrings 0-3 and the control queue stays in QEMU); the guest pings
# testpmd.
# PASS: the recipe's own check passes through vhostsniff, vhostsniff's JSON equals
# the front-end's strace message for message (see check-strace.py), and its capture
# reads back the same (-r, tshark).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd
e2e_setup
e2e_guest
export QUEUES=2
e2e_run net-qemu-dpdk.sh run listen 1
# SET_MEM_TABLE (DPDK has no CONFIGURE_MEM_SLOTS), GET/SET_STATUS, the vrings
e2e_check qemu 1 --require 1:1,15,16,21,5,8,10,9,12,11
e2e_expect_vrings 4
e2e_pass
