#!/bin/bash
# End to end, --kicks: QEMU vhost-user-blk-pci with the lab guest <-> vhostsniff
# --kicks <-> qemu-storage-daemon, 2 virtqueues; the guest reads the host's marker
# and writes one back, its kicks and the back-end's calls going through vhostsniff's
# eventfds.
# PASS: the recipe's own check passes through vhostsniff --kicks, its messages still
# equal the front-end's strace, its capture reads back the same, and check-kicks.py
# finds the signals consistent on all three sides: kicks and calls counted (non-zero),
# each ring's lines summing to its totals and to --stats, the eventfd each
# SET_VRING_KICK/CALL handed the back-end being vhostsniff's (by eventfd id: the
# back-end held it, the front-end never did), and what the peers'
# straces show written and read on those eventfds adding up with what vhostsniff
# forwarded.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_blk_qsd_setup
e2e_eventfds_start
E2E_SNIFF_ARGS='--kicks --stats' e2e_run blk-qsd.sh run listen 1
e2e_eventfds_stop
e2e_check qemu 1
python3 "$E2E_SRCDIR/tests/e2e/check-kicks.py" --json "$E2E_WORK/vhostsniff.json" \
    --front "$E2E_WORK/strace/qemu.strace" --back "$E2E_WORK/strace/qsd.strace" \
    --fds "$E2E_WORK/eventfds.json" ||
    e2e_fail "the kicks and calls do not add up"
e2e_pass
