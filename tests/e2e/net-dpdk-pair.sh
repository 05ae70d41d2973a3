#!/bin/bash
# End to end: DPDK testpmd virtio-user (front-end, connects) <-> vhostsniff <->
# testpmd net_vhost (back-end, listens); packets must flow both ways.
# PASS: the recipe's own check passes through vhostsniff, and vhostsniff's JSON
# equals the front-end's strace message for message (see check-strace.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd
e2e_setup
e2e_run net-dpdk-pair.sh run listen 1
# GET_FEATURES .. SET_MEM_TABLE, vring setup, GET_VRING_BASE at the stop
e2e_check virtio-user 1 --require 1:1,15,16,5,8,10,9,12,11
e2e_pass
