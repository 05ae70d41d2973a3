#!/bin/bash
# End to end, --rings and a stalled back-end: as rings-blk-qsd.sh, but
# qemu-storage-daemon is stopped (SIGSTOP) as soon as the guest's driver enabled
# its ring, and continued (SIGCONT) once vhostsniff said ring.stalled.
# PASS: ring.stalled names the ring while the daemon is stopped, ring.resumed
# follows on the same ring, the guest's read and write still complete (the
# recipe's check), the ring events hold as in rings-blk-qsd.sh, and the capture
# reads back as the live JSON, the stall's findings included.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon
e2e_setup
e2e_guest
JSON=$E2E_WORK/vhostsniff.json

# wait_json SECONDS PATTERN: until a line of vhostsniff's JSON matches (grep -E)
wait_json() {
    local deadline=$((SECONDS + $1))
    until grep -qE "$2" "$JSON" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.01
    done
}

E2E_SNIFF_ARGS="--rings --stall-timeout 1" e2e_run blk-qsd.sh run listen 1 &
run=$!
# The ring is set up, enabled and stopped once before the guest's reads; the
# second time it is enabled (the third ring event at a SET_VRING_ENABLE) the
# guest's marker read and write are still to come.
deadline=$((SECONDS + 180))
until [[ $(grep -c '"event":"ring","[^}]*"cause":"SET_VRING_ENABLE"' "$JSON" 2>/dev/null) -ge 3 ]]; do
    ((SECONDS < deadline)) || { wait $run; e2e_fail "the guest's driver never enabled its ring"; }
    sleep 0.01
done
qsd=$(cat "$E2E_WORK/lab/qsd.pid")
kill -STOP "$qsd"
e2e_log "qemu-storage-daemon (pid $qsd) stopped"
if ! wait_json 60 '"id":"ring.stalled"'; then
    kill -CONT "$qsd"
    wait $run || true
    e2e_fail "no ring.stalled while the back-end was stopped"
fi
e2e_log "$(grep -o '"id":"ring.stalled"[^}]*' "$JSON" | head -n 1)"
kill -CONT "$qsd"
e2e_log "qemu-storage-daemon continued"
wait $run || e2e_fail "the session did not complete after SIGCONT"
E2E_VERDICT=$(grep -E '^(PASS|FAIL) ' "$E2E_WORK/verdict" | tail -n 1)
[[ $(cat "$E2E_WORK/vhostsniff.rc") == 0 ]] || e2e_fail "vhostsniff exit status: $(cat "$E2E_WORK/vhostsniff.rc")"
python3 "$E2E_SRCDIR/tests/e2e/check-rings.py" --stalled "$JSON" ||
    e2e_fail "the ring events do not show the stall and the guest's I/O"
# The capture holds the ring events with their findings (ring.stalled, ring.resumed):
# -r prints them again, and tshark shows them.
e2e_capture_check "$E2E_WORK/capture.pcapng" "$JSON"
e2e_pass
