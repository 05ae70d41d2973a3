#!/bin/bash
# End to end, reconnect: QEMU chardev reconnect=1 <-> vhostsniff <-> testpmd
# net_vhost. After the first handshake the back-end is SIGKILLed (a replacement is
# already listening on the same path); QEMU reconnects, vhostsniff reports session 2
# with the whole handshake again, and the guest's ping goes through session 2.
# PASS: the recipe's own check passes through vhostsniff, and vhostsniff's JSON
# equals the front-end's strace message for message (see check-strace.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd
e2e_setup
e2e_guest
e2e_run net-qemu-dpdk.sh run-reconnect listen 2
# session 1: the handshake QEMU runs at start-up; session 2: all of it again, then
# the guest starts the device
e2e_check qemu 2 --require 1:1,15,16,21,3,1,13,14 --require 2:1,15,16,21,3,1,5,8,10,9,12
e2e_pass
