#!/bin/bash
# End to end, reversed socket roles: QEMU chardev server=on (front-end, listens)
# <-> vhostsniff <-> DPDK testpmd net_vhost client=1 (back-end, connects).
# PASS: the recipe's own check passes through vhostsniff, and vhostsniff's JSON
# equals the front-end's strace message for message (see check-strace.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd
e2e_setup
e2e_guest
e2e_run net-qemu-dpdk.sh run-reverse connect 1
e2e_check qemu 1 --require 1:1,15,16,21,5,8,10,9,12,11
e2e_pass
