#!/bin/bash
# End to end, reversed socket roles: DPDK testpmd virtio-user server=1 (front-end,
# listens) <-> vhostsniff <-> testpmd net_vhost client=1 (back-end, connects).
# PASS: the recipe's own check passes through vhostsniff, and vhostsniff's JSON
# equals the front-end's strace message for message (see check-strace.py) with no
# warning or error finding (a healthy session: notes at most).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd
e2e_setup
e2e_run net-dpdk-pair.sh run-reverse connect 1
e2e_check virtio-user 1 --no-warnings --require 1:1,15,16,5,8,10,9,12,11
e2e_pass
