#!/bin/bash
# --inject with real peers: QEMU vhost-user-blk-pci (chardev reconnect=1) <->
# vhostsniff --inject 'session==1 && SET_FEATURES:close=back,after' <->
# qemu-storage-daemon. SET_FEATURES of session 1 crosses, then vhostsniff closes
# the back-end's connection (and so the session): QEMU reconnects through
# vhostsniff (session 2, which the rule leaves alone), negotiates again and starts
# the device; the guest reads the host's marker and writes its token.
# PASS: the guest's checks, 2 sessions, session 1's SET_FEATURES carries
# inject.close in the live JSON and in the capture read back with -r, and no
# message of session 2 carries an inject.* finding.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon
e2e_setup
e2e_peers_lock
e2e_guest
e2e_lab
A=$E2E_WORK/a.sock B=$E2E_WORK/b.sock CAP=$E2E_WORK/capture.pcapng
rnd() { od -An -N4 -tx4 /dev/urandom | tr -d ' '; }
marker=VHLAB-HOST-MARKER-$(rnd) token=$(rnd)
truncate -s 1M "$WORK/disk.img"
printf '%s' "$marker" | dd of="$WORK/disk.img" conv=notrunc status=none

lab_start qsd qemu-storage-daemon \
    --blockdev "driver=file,node-name=disk0,filename=$WORK/disk.img" \
    --export "type=vhost-user-blk,id=exp0,node-name=disk0,addr.type=unix,addr.path=$B,writable=on,num-queues=1"
lab_wait_socket "$B" 15 qsd || e2e_fail "qemu-storage-daemon did not listen on $B"
e2e_sniff 2 --front-listen "$A" --back-connect "$B" -w "$CAP" \
    --inject 'session==1 && SET_FEATURES:close=back,after'
lab_wait_socket "$A" 10 vhostsniff || e2e_fail "vhostsniff did not listen"
mapfile -t QEMU < <(lab_qemu_base blk "vhlab.token=$token")
QEMU+=(-chardev "socket,id=vub0,path=$A,reconnect=1" -device vhost-user-blk-pci,chardev=vub0,num-queues=1)
lab_start qemu timeout -s KILL 150 qemu-system-x86_64 "${QEMU[@]}"

rc=0
lab_wait_exit qemu 150 || rc=$?
e2e_log "QEMU exited with $rc"
lab_console_has "VHLAB-BLK-READ-OK $marker" ||
    { tail -n 20 "$WORK/console.log" >&2; e2e_fail "the guest did not read the marker"; }
lab_console_has "VHLAB-BLK-WRITE-OK VHLAB-GUEST-WROTE-$token" || e2e_fail "the guest's write failed"
lab_console_has 'VHLAB-DONE 0' || e2e_fail "the guest's workload failed"
[[ $rc -eq 0 ]] || e2e_fail "QEMU exit status $rc"
lab_stop qsd TERM
e2e_sniff_wait 20
has_close='L.get("session") == 1 and L.get("name") == "VHOST_USER_SET_FEATURES" and any(f["id"] == "inject.close" for f in L.get("findings", []))'
e2e_expect_json "session 1's SET_FEATURES marked inject.close" "$has_close"
e2e_expect_json "session 2 started the device" 'L.get("session") == 2 and L.get("name") == "VHOST_USER_SET_VRING_KICK"'
e2e_expect_json "session 1 ended by the injected close" 'L.get("event") == "session_end" and L.get("session") == 1 and "--inject" in (L.get("reason") or "")'
python3 - "$E2E_WORK/vhostsniff.json" <<'PY' || e2e_fail "a message of session 2 carries an inject.* finding"
import json, sys
for line in open(sys.argv[1]):
    L = json.loads(line)
    if L.get("session") == 2 and any(f["id"].startswith("inject.") for f in L.get("findings", [])):
        sys.exit(1)
PY
"$VHOSTSNIFF" -r "$CAP" -T json >"$E2E_WORK/read-back.json" || e2e_fail "vhostsniff -r $CAP failed"
e2e_expect_json "the capture holds the inject.close" "$has_close" "$E2E_WORK/read-back.json"
E2E_VERDICT="the injected close after session 1's SET_FEATURES: QEMU reconnected (session 2) and the guest read and wrote its disk; the capture shows inject.close"
e2e_pass
