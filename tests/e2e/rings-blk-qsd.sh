#!/bin/bash
# End to end, --rings: QEMU vhost-user-blk-pci with 2 queues and the lab guest with
# 2 vCPUs <-> vhostsniff --rings <-> qemu-storage-daemon (num-queues=2); the guest
# reads the host's marker and writes one back, then each vCPU reads 8 pages one by
# one (no readahead, no page cache), which Linux puts on that vCPU's own queue.
# PASS: the recipe's own check passes through vhostsniff --rings, its messages still
# equal the front-end's strace, and its ring events (check-rings.py) show the used
# index of both vrings 0 and 1 growing by 8 or more while the guest does I/O, never
# going back, and each GET_VRING_BASE base (both vrings have one) equal to the used
# index seen, with nothing in flight; nothing malformed, no error finding; --stats
# counts as many completed requests as the used index advanced.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon
e2e_setup
e2e_guest
SMP=2 QUEUES=2 CPU_READS=8 E2E_SNIFF_ARGS='--rings --stats' e2e_run blk-qsd.sh run listen 1
e2e_check qemu 1
python3 "$E2E_SRCDIR/tests/e2e/check-rings.py" --grow 8 --ring 0 --ring 1 "$E2E_WORK/vhostsniff.json" ||
    e2e_fail "the ring events do not show the guest's I/O"
e2e_pass
