#!/bin/bash
# End to end: QEMU vhost-user-fs-pci with the lab guest <-> vhostsniff <-> virtiofsd;
# the guest reads a host file and writes one that the host then finds. One request
# queue (vrings 0 hiprio and 1): bookworm's C virtiofsd (libvhost-user in QEMU 7.2)
# panics on a second one ("fv_panic: libvhost-user: Invalid queue index: 2" with
# num-request-queues=2).
# PASS: the recipe's own check passes through vhostsniff --rings, vhostsniff's JSON
# equals the front-end's strace message for message (see check-strace.py), its
# capture reads back the same (-r, tshark), and the guest's file I/O shows on the
# request queue: vring 1's used index grows by the FUSE requests (INIT, LOOKUP,
# OPEN, READ, WRITE... at least 4) and comes back to rest with nothing in flight
# at the stop (check-rings.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 /usr/lib/qemu/virtiofsd
e2e_setup
e2e_guest
E2E_SNIFF_ARGS='--rings --stats' e2e_run fs-virtiofsd.sh run listen 1
e2e_check qemu 1 --require 1:1,15,16,36,21,37,8,10,9,12,11
e2e_expect_vrings 2
python3 "$E2E_SRCDIR/tests/e2e/check-rings.py" --grow 4 --ring 1 "$E2E_WORK/vhostsniff.json" ||
    e2e_fail "the ring events do not show the guest's file I/O on the request queue"
e2e_pass
