#!/bin/bash
# End to end under valgrind: the blk-qsd scenario (QEMU vhost-user-blk-pci with the
# lab guest <-> vhostsniff <-> qemu-storage-daemon: memory by ADD_MEM_REG, the
# back-end channel, GET_CONFIG, the device started twice) with vhostsniff running
# under valgrind --leak-check=full.
# PASS: the recipe's own check passes (the guest read the host's marker and wrote its
# own), valgrind reports no error and no definite leak (vhostsniff's exit status is
# valgrind's --error-exitcode otherwise), and vhostsniff's JSON equals the front-end's
# strace message for message (check-strace.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon valgrind
e2e_setup
e2e_peers_lock
e2e_guest
# the recipe starts "$VHOSTSNIFF": make that vhostsniff under valgrind
cat >"$E2E_WORK/vhostsniff-valgrind" <<WRAP
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
    --show-leak-kinds=definite --track-fds=no --log-file="$E2E_WORK/valgrind.log" \\
    "$VHOSTSNIFF" "\$@"
WRAP
chmod +x "$E2E_WORK/vhostsniff-valgrind"
VHOSTSNIFF=$E2E_WORK/vhostsniff-valgrind
E2E_TIMEOUT=${E2E_TIMEOUT:-400} e2e_run blk-qsd.sh run listen 1
grep -q 'ERROR SUMMARY: 0 errors' "$E2E_WORK/valgrind.log" ||
    { tail -n 40 "$E2E_WORK/valgrind.log"; e2e_fail "valgrind found errors in vhostsniff"; }
e2e_log "valgrind: $(grep -h -E 'ERROR SUMMARY|definitely lost|in use at exit' "$E2E_WORK/valgrind.log" | sed 's/^==[0-9]*== *//' | tr '\n' ';')"
e2e_check qemu 1 --require 1:1,15,16,36,21,37,8,10,9,12,11
E2E_VERDICT="$E2E_VERDICT; valgrind: $(grep -h 'ERROR SUMMARY' "$E2E_WORK/valgrind.log" | sed 's/^==[0-9]*== *//; s/ (suppressed.*//')"
e2e_pass
