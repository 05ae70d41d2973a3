#!/bin/bash
# Fault: QEMU, the front-end, SIGKILLed while its device runs; then the back-end
# SIGKILLed under a running QEMU. QEMU vhost-user-blk-pci with the lab guest <->
# (vhostsniff) <-> qemu-storage-daemon. The guest reads the host's marker, writes its
# token, then reads sector 2 again and again (vhlab.gen2 names a string no image
# holds): the vrings are started and carry requests when the kill comes. Every run
# traces both peers the same way; only vhostsniff is added or not.
# 1. QEMU killed, without vhostsniff: what qemu-storage-daemon logged and how its side
#    of the connection ended (its strace, e2e_strace_close); it stays alive.
# 2. The same through vhostsniff (-w capture, -T json): the daemon must log the same,
#    end the connection the same way (an EOF: no ECONNRESET unless it came without
#    vhostsniff too) and stay alive; vhostsniff ends session 1 naming the front-end.
# 3. A new QEMU through the same vhostsniff to the same daemon: the guest reads the
#    marker and writes a new token, which the image then holds (session 2, complete).
# 4. The back-end killed under a running QEMU without reconnect=: without vhostsniff
#    (a fresh daemon) and through it (session 3, the daemon of sessions 1 and 2).
#    QEMU's log, how its side of the connection ended, and whether it exits must be
#    the same. Directly, the daemon's death closes its sockets at once and QEMU reads
#    the EOF of the back-end channel before it handles the main channel's close
#    ("Unexpected end-of-file before all data were read"); a vhostsniff that closes
#    the main channel first can let QEMU tear the device down before it reads that
#    EOF: this comparison catches it.
# vhostsniff's JSON and its capture (read back with -r) both equal the traced QEMUs'
# straces message for message (check-strace.py), sessions 1 to 3.
# Normalised before comparing: the work directory's path (WORK) and the sockets'
# paths (SOCK), which differ between the runs; nothing else (fd numbers are kept).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 qemu-storage-daemon strace
e2e_setup
e2e_peers_lock
e2e_guest
e2e_lab
A=$E2E_WORK/a.sock B=$E2E_WORK/b.sock DIRECT=$E2E_WORK/direct.sock
E2E_SOCK_A=$A
rnd() { od -An -N4 -tx4 /dev/urandom | tr -d ' '; }
marker=VHLAB-HOST-MARKER-$(rnd) never=VHLAB-NOWHERE-$(rnd)
truncate -s 1M "$WORK/disk.img"
printf '%s' "$marker" | dd of="$WORK/disk.img" conv=notrunc status=none

# qsd NAME SOCKET: a traced daemon on its own copy of the image (NAME.img)
qsd() {
    cp "$WORK/disk.img" "$WORK/$1.img"
    rm -f "$2"
    STRACE_DIR=$E2E_WORK/strace lab_start "$1" qemu-storage-daemon \
        --blockdev "driver=file,node-name=disk0,filename=$WORK/$1.img" \
        --export "type=vhost-user-blk,id=exp0,node-name=disk0,addr.type=unix,addr.path=$2,writable=on,num-queues=1"
    lab_wait_socket "$2" 15 "$1" || e2e_fail "$1 did not listen on $2"
}

# qemu NAME SOCKET KERNEL-ARGS: a traced QEMU (its own pid, no wrapper: a SIGKILL
# must hit QEMU itself) booting the guest against SOCKET
qemu() {
    local -a args
    mapfile -t args < <(lab_qemu_base blk "$3")
    args+=(-chardev "socket,id=vub0,path=$2" -device vhost-user-blk-pci,chardev=vub0,num-queues=1)
    rm -f "$WORK/console.log"
    STRACE_DIR=$E2E_WORK/strace lab_start "$1" qemu-system-x86_64 "${args[@]}"
}

# running NAME: wait until the guest of QEMU NAME read the marker and polls sector 2
running() {
    local deadline=$((SECONDS + 120))
    until lab_console_has 'VHLAB-BLK-WAIT-GEN2|VHLAB-BLK-FAIL|VHLAB-DONE'; do
        ((SECONDS < deadline)) || e2e_fail "$1: the guest did not read its disk in 120 s"
        lab_alive "$1" || e2e_fail "$1 exited before the guest read its disk"
        sleep 0.2
    done
    cp "$WORK/console.log" "$E2E_WORK/console-$1.log"
    if ! lab_console_has 'VHLAB-BLK-WAIT-GEN2' || ! lab_console_has "VHLAB-BLK-READ-OK $marker"; then
        tail -n 5 "$WORK/console.log" >&2
        e2e_fail "$1: the guest did not read the marker"
    fi
}

# ended TRACE SOCKET OUT: wait until the connection in TRACE has ended, then write how
# (e2e_strace_close) to OUT, once the peer is done with it
ended() {
    local deadline=$((SECONDS + 30)) out
    while out=$(e2e_strace_close "$1" "$2"); [[ $out == *'(still open)'* || $out == '(no connection'* ]]; do
        ((SECONDS < deadline)) || { echo "$out" >&2; e2e_fail "$1: the connection did not end in 30 s"; }
        sleep 0.2
    done
    sleep 1
    e2e_strace_close "$1" "$2" >"$3"
}

norm() { sed -E "s#$E2E_WORK#WORK#g; s#WORK/[a-z]+\.sock#SOCK#g" "$@"; }

# front_kill RUN SOCK_A SOCK_B: the daemon qsd-RUN on SOCK_B, QEMU on SOCK_A killed
front_kill() {
    local run=$1 a=$2 b=$3
    qsd "qsd-$run" "$b"
    if [[ $run == with ]]; then
        # --sessions 4: vhostsniff outlives session 3's back-end as it would in real
        # use; it is stopped with SIGTERM at the end
        e2e_sniff 4 -w "$E2E_WORK/capture.pcapng" --front-listen "$a" --back-connect "$b"
        lab_wait_socket "$a" 10 vhostsniff || e2e_fail "vhostsniff did not listen"
    fi
    qemu "qemu-$run" "$a" "vhlab.token=$(rnd) vhlab.gen2=$never"
    running "qemu-$run"
    e2e_log "$run vhostsniff: the guest reads its disk; SIGKILL to QEMU"
    lab_stop "qemu-$run" KILL
    ended "$E2E_WORK/strace/qsd-$run.strace" "$b" "$E2E_WORK/back-$run.close"
    lab_alive "qsd-$run" || e2e_fail "$run vhostsniff: qemu-storage-daemon died with QEMU"
    { echo "qemu-storage-daemon's log:"; norm "$WORK/qsd-$run.log"
      echo "its side of the connection:"; cat "$E2E_WORK/back-$run.close"
      echo "qemu-storage-daemon alive"; } >"$E2E_WORK/back-$run.outcome"
}

# back_kill RUN SOCK_A QSD: QEMU (without reconnect=) on SOCK_A, its back-end QSD killed
back_kill() {
    local run=$1 a=$2 q=$3 rc
    qemu "qemu-b$run" "$a" "vhlab.token=$(rnd) vhlab.gen2=$never"
    running "qemu-b$run"
    e2e_log "$run vhostsniff: the guest reads its disk; SIGKILL to qemu-storage-daemon"
    lab_stop "$q" KILL
    ended "$E2E_WORK/strace/qemu-b$run.strace" "$a" "$E2E_WORK/front-$run.close"
    sleep 1
    norm "$WORK/qemu-b$run.log" >"$E2E_WORK/front-$run.log"
    sleep 4   # time enough to exit, if QEMU were to
    if lab_alive "qemu-b$run"; then
        rc="QEMU still running 5 s later"
    else
        rc=0
        lab_wait_exit "qemu-b$run" 5 || rc=$?
        rc="QEMU exited with status $rc"
    fi
    { echo "QEMU's log:"; cat "$E2E_WORK/front-$run.log"
      echo "its side of the connection:"; cat "$E2E_WORK/front-$run.close"
      echo "$rc"; } >"$E2E_WORK/front-$run.outcome"
    lab_stop "qemu-b$run" TERM
}

# 1, 2: the front-end killed
front_kill without "$DIRECT" "$DIRECT"
lab_stop qsd-without TERM
front_kill with "$A" "$B"
e2e_compare back-end "$E2E_WORK/back-without.outcome" "$E2E_WORK/back-with.outcome"
e2e_expect_session_end 1 front 10
reason1=$E2E_END_REASON

# 3: the next session, the same vhostsniff and daemon
token2=$(rnd)
qemu qemu-next "$A" "vhlab.token=$token2"
rc=0
lab_wait_exit qemu-next 150 || rc=$?
cp "$WORK/console.log" "$E2E_WORK/console-qemu-next.log"
lab_console_has "VHLAB-BLK-READ-OK $marker" || e2e_fail "session 2: the guest did not read the marker"
lab_console_has "VHLAB-BLK-WRITE-OK VHLAB-GUEST-WROTE-$token2" || e2e_fail "session 2: the guest's write failed"
lab_console_has 'VHLAB-DONE 0' || e2e_fail "session 2: the guest's workload failed"
[[ $rc -eq 0 ]] || e2e_fail "session 2: QEMU exit status $rc"
got=$(dd if="$WORK/qsd-with.img" bs=512 skip=1 count=1 status=none | tr -d '\000')
[[ $got == "VHLAB-GUEST-WROTE-$token2" ]] || e2e_fail "session 2: the image's sector 1 holds '$got'"
e2e_log "session 2: the guest read $marker and wrote $token2"
e2e_expect_session_end 2 any 10
reason2=$E2E_END_REASON
lab_alive qsd-with || e2e_fail "qemu-storage-daemon died in session 2"

# 4: the back-end killed
qsd qsd-bwithout "$DIRECT"
back_kill without "$DIRECT" qsd-bwithout
back_kill with "$A" qsd-with
e2e_compare front-end "$E2E_WORK/front-without.outcome" "$E2E_WORK/front-with.outcome"
e2e_expect_session_end 3 back 10
reason3=$E2E_END_REASON
kill -TERM "$(lab_pid vhostsniff)"
e2e_sniff_wait 20

# what vhostsniff printed and what it recorded, against the three QEMUs' straces
e2e_strace_join "$E2E_WORK/strace/front.strace" "$E2E_WORK/strace/qemu-with.strace" \
    "$E2E_WORK/strace/qemu-next.strace" "$E2E_WORK/strace/qemu-bwith.strace"
running_device=1,15,16,36,21,37,8,10,9,12
checks=(--require "1:$running_device" --require "2:$running_device,11" --require "3:$running_device")
e2e_check front 3 "${checks[@]}"
"$VHOSTSNIFF" -r "$E2E_WORK/capture.pcapng" -T json >"$E2E_WORK/capture.json" 2>"$E2E_WORK/capture.log" ||
    { cat "$E2E_WORK/capture.log"; e2e_fail "vhostsniff -r could not read its capture back"; }
python3 "$E2E_SRCDIR/tests/e2e/check-strace.py" --strace "$E2E_WORK/strace/front.strace" \
    --json "$E2E_WORK/capture.json" --socket "$A" --sessions 3 "${checks[@]}" \
    >"$E2E_WORK/check-capture.log" 2>&1 ||
    { cat "$E2E_WORK/check-capture.log"; e2e_fail "the capture differs from the front-end's strace"; }
sed 's/^/capture: /' "$E2E_WORK/check-capture.log"
session_ends() {
    python3 -c 'import json, sys
for L in map(json.loads, open(sys.argv[1])):
    if L.get("event") == "session_end":
        print(L["session"], L.get("reason", ""))' "$1"
}
session_ends "$E2E_WORK/vhostsniff.json" >"$E2E_WORK/live.ends"
session_ends "$E2E_WORK/capture.json" >"$E2E_WORK/capture.ends"
diff -u "$E2E_WORK/live.ends" "$E2E_WORK/capture.ends" >&2 ||
    e2e_fail "the capture's session ends differ from vhostsniff's output"
e2e_log "session ends, in the output and in the capture: $(tr '\n' ';' <"$E2E_WORK/live.ends")"
E2E_VERDICT="QEMU killed with its device running: same back-end outcome ($(grep -m1 MAIN "$E2E_WORK/back-with.close")), session 1 ended ($reason1), session 2 read and wrote its disk ($reason2); back-end killed: same QEMU outcome ($(tail -n 1 "$E2E_WORK/front-with.outcome")), session 3 ended ($reason3)"
e2e_pass
