#!/bin/bash
# End to end: QEMU vhost-user-blk-pci with the lab guest <-> vhostsniff <->
# qemu-storage-daemon, 2 virtqueues (num-queues=2 on the export and the device);
# the guest reads the host's marker and writes one back.
# PASS: the recipe's own check passes through vhostsniff, vhostsniff's JSON equals
# the front-end's strace message for message (see check-strace.py), and its capture
# reads back the same (-r, tshark); the kick and call eventfds pass unchanged: the
# eventfd id each SET_VRING_KICK/CALL record names is one both peers held
# (check-kicks.py --passthrough; all eventfds share one inode, the id tells them apart).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_blk_qsd_setup
e2e_eventfds_start
e2e_run blk-qsd.sh run listen 1
e2e_eventfds_stop
e2e_blk_qsd_check
e2e_expect_vrings 2
python3 "$E2E_SRCDIR/tests/e2e/check-kicks.py" --passthrough --json "$E2E_WORK/vhostsniff.json" \
    --fds "$E2E_WORK/eventfds.json" || e2e_fail "the eventfds did not pass unchanged"
e2e_pass
