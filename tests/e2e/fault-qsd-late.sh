#!/bin/bash
# Fault: a back-end that is down looks down. QEMU vhost-user-blk-pci with chardev
# reconnect=1 starts while qemu-storage-daemon is not running yet (no socket file:
# QEMU's connects get ENOENT); the daemon starts 3 s later, the guest reads the
# host's marker and writes its token, then reads sector 2 again and again. The
# daemon is SIGKILLed (its socket file stays: connects get ECONNREFUSED) and 3 s
# later a new one starts on the same path with a copy of the image that holds a new
# string in sector 2; QEMU reconnects, the guest reads that string and writes a
# second token.
# 1. without vhostsniff, 2. through vhostsniff (-l A -c B, started before QEMU):
# vhostsniff listens at A only while the daemon listens at B, so QEMU is refused as
# directly instead of being accepted and reset.
# PASS: both runs pass the guest's checks; QEMU's messages are the same in both
# (socket paths made neutral), none of them "Failed to read msg header"; vhostsniff
# saw 2 sessions, ended the first naming the back-end, and its JSON equals QEMU's
# strace.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon strace
e2e_setup
e2e_peers_lock
e2e_guest
e2e_lab
rnd() { od -An -N4 -tx4 /dev/urandom | tr -d ' '; }
sector() { dd if="$1" bs=512 skip="$2" count=1 status=none | tr -d '\000'; }
DOWN=3 # seconds the back-end is down, before its start and after its death

qsd() { # NAME IMAGE SOCKET
    lab_start "$1" qemu-storage-daemon \
        --blockdev "driver=file,node-name=disk0,filename=$2" \
        --export "type=vhost-user-blk,id=exp0,node-name=disk0,addr.type=unix,addr.path=$3,writable=on,num-queues=1"
    lab_wait_socket "$3" 15 "$1" || e2e_fail "$1 did not listen on $3"
}

# late RUN SOCK_A SOCK_B: the whole story; QEMU's log made neutral in front-RUN.outcome
late() {
    local run=$1 a=$2 b=$3 rc=0 img=$E2E_WORK/disk-$1.img deadline
    local marker=VHLAB-HOST-MARKER-$(rnd) gen2=VHLAB-HOST-GEN2-$(rnd) token=$(rnd) token2=$(rnd)
    truncate -s 1M "$img"
    printf '%s' "$marker" | dd of="$img" conv=notrunc status=none
    mapfile -t QEMU < <(lab_qemu_base blk "vhlab.token=$token vhlab.gen2=$gen2 vhlab.token2=$token2")
    QEMU+=(-chardev "socket,id=vub0,path=$a,reconnect=1" -device vhost-user-blk-pci,chardev=vub0,num-queues=1)
    local strace_dir=""
    [[ $run == without ]] || strace_dir=$E2E_WORK/strace
    STRACE_DIR=$strace_dir lab_start "qemu-$run" timeout -s KILL 150 qemu-system-x86_64 "${QEMU[@]}"
    sleep "$DOWN"
    lab_alive "qemu-$run" || e2e_fail "$run: QEMU gave up on a back-end that was not there yet"
    qsd "qsd1-$run" "$img" "$b"
    deadline=$((SECONDS + 120))
    until lab_console_has 'VHLAB-BLK-WAIT-GEN2|VHLAB-BLK-FAIL|VHLAB-DONE'; do
        ((SECONDS < deadline)) || e2e_fail "$run: the guest did not finish its first reads"
        lab_alive "qemu-$run" || e2e_fail "$run: QEMU exited during the first session"
        sleep 0.2
    done
    lab_console_has "VHLAB-BLK-READ-OK $marker" || e2e_fail "$run: the guest did not read the marker"
    lab_console_has "VHLAB-BLK-WRITE-OK VHLAB-GUEST-WROTE-$token" || e2e_fail "$run: the guest's write failed"
    e2e_log "$run: the first back-end served the guest; killing it"
    lab_stop "qsd1-$run" KILL
    [[ -S $b ]] || e2e_fail "$run: the killed daemon's socket file is gone"
    sleep "$DOWN"
    cp "$img" "$img.2"
    printf '%s' "$gen2" | dd of="$img.2" bs=512 seek=2 conv=notrunc status=none
    qsd "qsd2-$run" "$img.2" "$b"
    lab_wait_exit "qemu-$run" 150 || rc=$?
    lab_console_has "VHLAB-BLK-GEN2-READ-OK $gen2" ||
        { tail -n 20 "$WORK/console.log" >&2; e2e_fail "$run: the guest did not read the restarted back-end's sector"; }
    [[ $(sector "$img.2" 3) == "VHLAB-GUEST-WROTE2-$token2" ]] ||
        e2e_fail "$run: the restarted back-end's image does not hold the guest's second write"
    lab_console_has 'VHLAB-DONE 0' || e2e_fail "$run: the guest's workload failed"
    lab_stop "qsd2-$run" TERM
    mv "$WORK/console.log" "$E2E_WORK/console-$run.log"
    # QEMU's own lines, without the paths and numbers that differ from run to run
    { sed -E "s#$a#SOCK#g; s#$b#SOCK#g; s#[0-9]+#N#g" "$WORK/qemu-$run.log"; echo "exit status $rc"; } \
        >"$E2E_WORK/front-$run.outcome"
    e2e_log "$run: QEMU exited with $rc"
}

late without "$E2E_WORK/direct.sock" "$E2E_WORK/direct.sock"
A=$E2E_WORK/a.sock B=$E2E_WORK/b.sock
# vhostsniff first: nothing at A until the daemon listens at B. --connect-timeout 1,
# shorter than the daemon is down: a vhostsniff that accepted QEMU while the daemon
# was down would give up on it and reset QEMU's connection within the outage.
e2e_sniff 2 --connect-timeout 1 --front-listen "$A" --back-connect "$B"
sleep 0.5
[[ ! -e $A ]] || e2e_fail "vhostsniff made $A while nothing listened at $B"
late with "$A" "$B"
e2e_sniff_wait 20
! grep -H 'Failed to read msg header' "$E2E_WORK"/front-*.outcome || e2e_fail "QEMU read a connection reset"
e2e_compare front-end "$E2E_WORK/front-without.outcome" "$E2E_WORK/front-with.outcome"
e2e_expect_session_end 1 back
E2E_SOCK_A=$A
e2e_check qemu-with 2 --require 1:1,15,16,36,21,37,8,10,9,12 --require 2:1,15,16,36,21,37,8,10,9,12,11
E2E_VERDICT="qemu-storage-daemon started ${DOWN} s after QEMU reconnect=1 and restarted after ${DOWN} s down: QEMU logged the same through vhostsniff as directly, session 1 ended ($E2E_END_REASON), session 2 served the restarted daemon"
e2e_pass
