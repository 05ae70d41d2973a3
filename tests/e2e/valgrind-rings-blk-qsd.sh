#!/bin/bash
# End to end under valgrind with --rings: valgrind-blk-qsd.sh (QEMU
# vhost-user-blk-pci with the lab guest <-> vhostsniff <-> qemu-storage-daemon,
# vhostsniff under valgrind --leak-check=full) with vhostsniff reading the rings
# (--rings=20: at every vring message and every 20 ms while a ring runs), so
# that the guest memory table, the region fds and the snapshots run under it.
# PASS: the recipe's own check passes, valgrind reports no error and no definite
# leak, vhostsniff's JSON equals the front-end's strace message for message
# (check-strace.py), and its ring events hold (check-rings.py). The scenario is
# valgrind-blk-qsd.sh's, run with VALGRIND_RINGS=1.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
VALGRIND_RINGS=1
source "$(dirname "$0")/valgrind-blk-qsd.sh"
