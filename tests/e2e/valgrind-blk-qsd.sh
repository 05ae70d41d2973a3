#!/bin/bash
# End to end under valgrind: the blk-qsd scenario (QEMU vhost-user-blk-pci with the
# lab guest <-> vhostsniff <-> qemu-storage-daemon: memory by ADD_MEM_REG, the
# back-end channel, GET_CONFIG, the device started twice) with vhostsniff running
# under valgrind --leak-check=full.
# PASS: the recipe's own check passes (the guest read the host's marker and wrote its
# own), valgrind reports no error and no definite leak (vhostsniff's exit status is
# valgrind's --error-exitcode otherwise), and vhostsniff's JSON equals the front-end's
# strace message for message (check-strace.py).
# valgrind-rings-blk-qsd.sh runs this script with VALGRIND_RINGS=1: vhostsniff
# then also reads the rings (--rings=20) and its ring events must hold
# (check-rings.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon valgrind
e2e_setup
e2e_peers_lock
e2e_guest
# The recipe's pieces one by one (its "run" stops the proxy with SIGTERM as soon as
# the guest is done, which can come before valgrind's leak check at exit): the
# back-end, vhostsniff under valgrind, the front-end; then vhostsniff exits by itself
# after its session.
e2e_lab
A=$E2E_WORK/a.sock B=$E2E_WORK/b.sock
lab_start qsd "$E2E_LAB/blk-qsd.sh" backend "$WORK/lab" "$B"
lab_wait_socket "$B" 15 qsd || e2e_fail "qemu-storage-daemon did not listen on $B"
E2E_SNIFF_WRAP="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --log-file=$E2E_WORK/valgrind.log"
e2e_sniff 1 ${VALGRIND_RINGS:+--rings=20} --front-listen "$A" --back-connect "$B"
lab_wait_socket "$A" 60 vhostsniff || e2e_fail "vhostsniff under valgrind did not listen on $A"
rc=0
STRACE_DIR=$E2E_WORK/strace timeout -k 10 "${E2E_TIMEOUT:-300}" "$E2E_LAB/blk-qsd.sh" frontend \
    "$WORK/lab" "$A" >"$E2E_WORK/verdict" 2>"$E2E_WORK/recipe.log" || rc=$?
E2E_VERDICT=$(grep -E '^(PASS|FAIL) ' "$E2E_WORK/verdict" | tail -n 1 || true)
e2e_log "front-end: ${E2E_VERDICT:-no verdict} (exit $rc)"
[[ $rc -eq 0 && $E2E_VERDICT == PASS* ]] ||
    { tail -n 25 "$E2E_WORK/recipe.log" >&2; e2e_fail "the session did not work through vhostsniff under valgrind"; }
e2e_sniff_wait 120
lab_stop qsd TERM
grep -q 'ERROR SUMMARY: 0 errors' "$E2E_WORK/valgrind.log" ||
    { tail -n 40 "$E2E_WORK/valgrind.log"; e2e_fail "valgrind found errors in vhostsniff"; }
e2e_log "valgrind: $(grep -h -E 'ERROR SUMMARY|definitely lost|in use at exit' "$E2E_WORK/valgrind.log" | sed 's/^==[0-9]*== *//' | tr '\n' ';')"
E2E_SOCK_A=$A
e2e_check qemu 1 --require 1:1,15,16,36,21,37,8,10,9,12,11
if [[ -n ${VALGRIND_RINGS:-} ]]; then
    python3 "$E2E_SRCDIR/tests/e2e/check-rings.py" "$E2E_WORK/vhostsniff.json" ||
        e2e_fail "the ring events do not show the guest's I/O"
fi
E2E_VERDICT="$E2E_VERDICT; valgrind: $(grep -h 'ERROR SUMMARY' "$E2E_WORK/valgrind.log" | sed 's/^==[0-9]*== *//; s/ (suppressed.*//')"
e2e_pass
