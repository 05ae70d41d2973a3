#!/bin/bash
# --wrap with real peers: qemu-storage-daemon listens at B (its socket made
# group-readable and owned by another group first); vhostsniff --wrap B sits on
# it without either peer's command line changing: QEMU, started with B itself,
# boots the guest through vhostsniff, which reads and writes its disk (the
# recipe's PASS), and vhostsniff saw the whole session. After its session
# vhostsniff exits and B is the daemon's socket again (same inode, owner, group
# and mode; nothing left beside it): a second QEMU works on B directly. Then a
# vhostsniff --wrap killed with SIGKILL leaves B aside, and --unwrap B puts it
# back. Refusals: a file that is not a socket, a socket wrapped already, an
# --unwrap of a socket that is not wrapped, an --unwrap while vhostsniff runs.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon python3
e2e_setup
e2e_peers_lock
e2e_guest
e2e_lab
E2E_VERDICT="QEMU read and wrote its disk through vhostsniff --wrap, and directly after it"
B=$E2E_WORK/b.sock
ASIDE=$B.vhostsniff-wrapped
facts() { stat -c '%i %a %U %G' "$1"; }
frontend() { # LABEL: the recipe's QEMU against B; its verdict
	"$E2E_LAB/blk-qsd.sh" frontend "$E2E_WORK/blk" "$B" >"$E2E_WORK/fe-$1.verdict" \
		2>"$E2E_WORK/fe-$1.log" || true
	grep -q '^PASS' "$E2E_WORK/fe-$1.verdict" ||
		{ tail -n 20 "$E2E_WORK/fe-$1.log" >&2; e2e_fail "QEMU ($1) failed: $(cat "$E2E_WORK/fe-$1.verdict")"; }
}

lab_start qsd "$E2E_LAB/blk-qsd.sh" backend "$E2E_WORK/blk" "$B"
lab_wait_socket "$B" 15 qsd || e2e_fail "qemu-storage-daemon did not listen on $B"
chgrp nogroup "$B" && chmod 0750 "$B"
before=$(facts "$B")

# ---- refusals that change nothing ---------------------------------------------------
touch "$E2E_WORK/file"
"$VHOSTSNIFF" --wrap "$E2E_WORK/file" 2>"$E2E_WORK/err" && e2e_fail "--wrap accepted a plain file"
grep -q "cannot wrap $E2E_WORK/file: it is not a socket" "$E2E_WORK/err" || e2e_fail "unclear: $(cat "$E2E_WORK/err")"
"$VHOSTSNIFF" --unwrap "$B" 2>"$E2E_WORK/err" && e2e_fail "--unwrap accepted a socket that is not wrapped"
grep -q "$B is not wrapped" "$E2E_WORK/err" || e2e_fail "unclear: $(cat "$E2E_WORK/err")"
[[ $(facts "$B") == "$before" && ! -e $ASIDE ]] || e2e_fail "a refusal changed $B"

# ---- session 1: QEMU on B, through vhostsniff ----------------------------------------
e2e_sniff 1 --wrap "$B" -v
for ((i = 0; i < 100; i++)); do [[ -e $ASIDE ]] && break; sleep 0.1; done
[[ -S $ASIDE ]] || e2e_fail "vhostsniff did not wrap $B: $(cat "$E2E_WORK/vhostsniff.log")"
[[ $(facts "$ASIDE") == "$before" ]] || e2e_fail "the daemon's socket aside is not the original: $(facts "$ASIDE")"
read -r ino mode owner group <<<"$(facts "$B")"
[[ "$ino" != "${before%% *}" && "$mode $owner $group" == "${before#* }" ]] ||
	e2e_fail "vhostsniff's socket at $B does not have the original's owner, group and mode: $(facts "$B") vs $before"
"$VHOSTSNIFF" --wrap "$B" 2>"$E2E_WORK/err" && e2e_fail "a second --wrap was accepted"
grep -q "$B is wrapped already" "$E2E_WORK/err" || e2e_fail "unclear: $(cat "$E2E_WORK/err")"
"$VHOSTSNIFF" --unwrap "$B" 2>"$E2E_WORK/err" && e2e_fail "--unwrap took the socket of a running vhostsniff"
grep -q "cannot unwrap $B: pid [0-9]* (vhostsniff) still listens on it" "$E2E_WORK/err" ||
	e2e_fail "unclear: $(cat "$E2E_WORK/err")"
frontend wrapped
e2e_sniff_wait 30
e2e_expect_whole_session "$E2E_WORK/vhostsniff.json" \
	VHOST_USER_GET_FEATURES VHOST_USER_SET_FEATURES VHOST_USER_SET_VRING_KICK
[[ $(facts "$B") == "$before" ]] || e2e_fail "after vhostsniff's exit $B is not the daemon's socket: $(facts "$B") vs $before"
e2e_expect_unwrapped "$E2E_WORK"

# ---- session 2: a new QEMU on B directly ---------------------------------------------
frontend direct

# ---- SIGKILL, then --unwrap ----------------------------------------------------------
lab_start killed "$VHOSTSNIFF" --wrap "$B" -q
for ((i = 0; i < 100; i++)); do [[ -e $ASIDE ]] && break; sleep 0.1; done
[[ -S $ASIDE ]] || e2e_fail "the second vhostsniff did not wrap $B"
kill -KILL "$(lab_pid killed)"
for ((i = 0; i < 50; i++)); do lab_alive killed || break; sleep 0.1; done
[[ -S $ASIDE && $(facts "$B") != "$before" ]] || e2e_fail "a killed vhostsniff put $B back by itself?"
"$VHOSTSNIFF" --unwrap "$B" >"$E2E_WORK/unwrap.out" 2>&1 || e2e_fail "--unwrap failed: $(cat "$E2E_WORK/unwrap.out")"
grep -q "the original listener is back at $B" "$E2E_WORK/unwrap.out" || e2e_fail "unclear: $(cat "$E2E_WORK/unwrap.out")"
[[ $(facts "$B") == "$before" && ! -e $ASIDE ]] || e2e_fail "--unwrap did not restore $B: $(facts "$B")"
lab_cleanup
e2e_pass
