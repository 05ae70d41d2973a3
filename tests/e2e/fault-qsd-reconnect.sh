#!/bin/bash
# Fault: QEMU chardev reconnect=1 with a restarted qemu-storage-daemon. QEMU
# vhost-user-blk-pci with the lab guest <-> vhostsniff <-> qemu-storage-daemon.
# The guest reads the host's marker and writes its token (session 1), then reads
# sector 2 again and again. The host then starts a second qemu-storage-daemon on a
# copy of the image that holds a new string in sector 2, puts its socket in place of
# the first one's (so that QEMU's reconnect finds it) and SIGKILLs the first: QEMU
# reconnects through vhostsniff (session 2), negotiates again and restarts the
# device (qemu-storage-daemon offers no inflight area: no GET/SET_INFLIGHT_FD); the
# guest reads the new string, which only the second daemon's image holds, and
# writes a second token that the host finds there.
# PASS: both guest checks, vhostsniff ended session 1 naming the back-end and saw
# session 2 negotiate and start the device, its JSON equals QEMU's strace.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon strace
e2e_setup
e2e_peers_lock
e2e_guest
e2e_lab
A=$E2E_WORK/a.sock B=$E2E_WORK/b.sock
rnd() { od -An -N4 -tx4 /dev/urandom | tr -d ' '; }
marker=VHLAB-HOST-MARKER-$(rnd) gen2=VHLAB-HOST-GEN2-$(rnd) token=$(rnd) token2=$(rnd)
truncate -s 1M "$WORK/disk.img"
printf '%s' "$marker" | dd of="$WORK/disk.img" conv=notrunc status=none

qsd() { # NAME IMAGE SOCKET
    lab_start "$1" qemu-storage-daemon \
        --blockdev "driver=file,node-name=disk0,filename=$2" \
        --export "type=vhost-user-blk,id=exp0,node-name=disk0,addr.type=unix,addr.path=$3,writable=on,num-queues=1"
    lab_wait_socket "$3" 15 "$1" || e2e_fail "$1 did not listen on $3"
}
sector() { dd if="$1" bs=512 skip="$2" count=1 status=none | tr -d '\000'; }

qsd qsd1 "$WORK/disk.img" "$B"
e2e_sniff 2 --front-listen "$A" --back-connect "$B"
lab_wait_socket "$A" 10 vhostsniff || e2e_fail "vhostsniff did not listen"
mapfile -t QEMU < <(lab_qemu_base blk "vhlab.token=$token vhlab.gen2=$gen2 vhlab.token2=$token2")
QEMU+=(-chardev "socket,id=vub0,path=$A,reconnect=1" -device vhost-user-blk-pci,chardev=vub0,num-queues=1)
STRACE_DIR=$E2E_WORK/strace lab_start qemu timeout -s KILL 150 qemu-system-x86_64 "${QEMU[@]}"

deadline=$((SECONDS + 120))
until lab_console_has 'VHLAB-BLK-WAIT-GEN2|VHLAB-BLK-FAIL|VHLAB-DONE'; do
    ((SECONDS < deadline)) || e2e_fail "the guest did not finish its first reads"
    lab_alive qemu || e2e_fail "QEMU exited during session 1"
    sleep 0.2
done
lab_console_has "VHLAB-BLK-READ-OK $marker" || e2e_fail "session 1: the guest did not read the marker"
lab_console_has "VHLAB-BLK-WRITE-OK VHLAB-GUEST-WROTE-$token" || e2e_fail "session 1: the guest's write failed"
[[ $(sector "$WORK/disk.img" 2) == "" ]] || e2e_fail "sector 2 is not empty before the restart"

# the restarted back-end: its own copy of the image, with the new string
cp "$WORK/disk.img" "$WORK/disk2.img"
printf '%s' "$gen2" | dd of="$WORK/disk2.img" bs=512 seek=2 conv=notrunc status=none
qsd qsd2 "$WORK/disk2.img" "$B.next"
e2e_log "session 1 did its I/O; killing qemu-storage-daemon"
e2e_replace_peer qsd1 "$B"

rc=0
lab_wait_exit qemu 150 || rc=$?
e2e_log "QEMU exited with $rc"
lab_console_has "VHLAB-BLK-GEN2-READ-OK $gen2" ||
    { tail -n 20 "$WORK/console.log" >&2; e2e_fail "after the restart the guest did not read the new back-end's sector"; }
lab_console_has "VHLAB-BLK-WRITE2-OK VHLAB-GUEST-WROTE2-$token2" || e2e_fail "after the restart the guest's write failed"
[[ $(sector "$WORK/disk2.img" 3) == "VHLAB-GUEST-WROTE2-$token2" ]] ||
    e2e_fail "the new back-end's image does not hold the guest's second write"
lab_console_has 'VHLAB-DONE 0' || e2e_fail "the guest's workload failed"
[[ $rc -eq 0 ]] || e2e_fail "QEMU exit status $rc"
lab_stop qsd2 TERM
e2e_sniff_wait 20
e2e_expect_session_end 1 back
E2E_SOCK_A=$A
# session 2: the handshake again, the memory and the vrings of the restarted device,
# GET_VRING_BASE when QEMU stops it
e2e_check qemu 2 --require 1:1,15,16,36,21,37,8,10,9,12 --require 2:1,15,16,36,21,37,8,10,9,12,11
E2E_VERDICT="qemu-storage-daemon restarted under QEMU reconnect=1: session 1 ended ($E2E_END_REASON); the guest read $gen2 from the new back-end and wrote its token there"
e2e_pass
