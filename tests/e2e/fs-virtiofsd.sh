#!/bin/bash
# End to end: QEMU vhost-user-fs-pci with the lab guest <-> vhostsniff <-> virtiofsd;
# the guest reads a host file and writes one that the host then finds. One request
# queue (vrings 0 hiprio and 1): bookworm's C virtiofsd (libvhost-user in QEMU 7.2)
# panics on a second one ("fv_panic: libvhost-user: Invalid queue index: 2" with
# num-request-queues=2).
# PASS: the recipe's own check passes through vhostsniff, vhostsniff's JSON equals
# the front-end's strace message for message (see check-strace.py), and its capture
# reads back the same (-r, tshark).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 /usr/lib/qemu/virtiofsd
e2e_setup
e2e_guest
e2e_run fs-virtiofsd.sh run listen 1
e2e_check qemu 1 --require 1:1,15,16,36,21,37,8,10,9,12,11
e2e_expect_vrings 2
e2e_pass
