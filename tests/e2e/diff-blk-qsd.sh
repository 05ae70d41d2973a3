#!/bin/bash
# End to end: --diff on two captures of the same scenario. QEMU vhost-user-blk-pci
# with the lab guest <-> vhostsniff <-> qemu-storage-daemon (2 virtqueues, as
# blk-qsd.sh), run twice, each run checked as blk-qsd.sh checks it.
# PASS: vhostsniff --diff on the two captures exits 0 and says they are equal (what
# differs between two runs, and --diff leaves out: times, latencies, paths, pids, fd
# identities, the ring and region addresses QEMU's allocations give, the base of a
# GET_VRING_BASE reply, a back-end channel's close in the teardown); the first capture against the checked-in capture of a
# read-only export (tests/corpus-pcapng/blk-qsd-writable-off.pcapng) exits 1 and
# names the GET_FEATURES reply's RO bit as the first difference.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_blk_qsd_setup
for run in 1 2; do
    e2e_run blk-qsd.sh run listen 1
    e2e_blk_qsd_check
    mv "$E2E_WORK/capture.pcapng" "$E2E_WORK/run$run.pcapng"
    # the second run starts as the first did
    rm -rf "$E2E_WORK/lab" "$E2E_WORK/strace" "$E2E_SOCK_A" "$E2E_SOCK_B"
done

rc=0
"$VHOSTSNIFF" --diff "$E2E_WORK/run1.pcapng" "$E2E_WORK/run2.pcapng" >"$E2E_WORK/diff.txt" 2>&1 || rc=$?
cat "$E2E_WORK/diff.txt"
[[ $rc == 0 ]] || e2e_fail "--diff on two runs of the same scenario exits $rc, not 0"
grep -qx 'equal' "$E2E_WORK/diff.txt" || e2e_fail "--diff does not say the sessions are equal"

rc=0
"$VHOSTSNIFF" --diff "$E2E_WORK/run1.pcapng" "$E2E_SRCDIR/tests/corpus-pcapng/blk-qsd-writable-off.pcapng" \
    >"$E2E_WORK/diff-ro.txt" 2>&1 || rc=$?
[[ $rc == 1 ]] || { cat "$E2E_WORK/diff-ro.txt"; e2e_fail "--diff against a read-only export exits $rc, not 1"; }
sed -n '3,6p' "$E2E_WORK/diff-ro.txt" | cut -c1-160
sed -n 3p "$E2E_WORK/diff-ro.txt" | grep -q '^first difference: A message 2 (frame 3), B message 2 (frame 3)$' &&
    grep -qx '  features: +RO' "$E2E_WORK/diff-ro.txt" ||
    e2e_fail "the first difference is not the GET_FEATURES reply's RO bit"
E2E_VERDICT="two runs equal, the read-only export differs first by RO"
e2e_pass
