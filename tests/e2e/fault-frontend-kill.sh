#!/bin/bash
# Fault: the front-end dies mid-negotiation. DPDK testpmd virtio-user (front-end)
# <-> testpmd net_vhost (back-end); the front-end is SIGKILLed by strace the moment it
# starts to send its 11th message (SET_MEM_TABLE), so the fault hits the same point
# every run.
# 1. without vhostsniff: what the back-end logged about the connection (the messages
#    it read, the close);
# 2. through vhostsniff: the same fault; the back-end must log the same, and
#    vhostsniff must end session 1 with a reason;
# 3. a new front-end through the same vhostsniff to the same back-end: packets flow
#    both ways (the net-dpdk-pair recipe's check), vhostsniff's session 2.
# Both front-end runs are compared with vhostsniff's JSON by check-strace.py.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd strace
e2e_setup
e2e_peers_lock
e2e_lab
KILL_AT=11   # the front-end's 11th sendmsg: SET_MEM_TABLE (request 5)
mkdir -p "$E2E_WORK/strace"

# fault RUN SOCK_A SOCK_B: back-end on B, front-end on A killed at KILL_AT
fault() {
    local run=$1 a=$2 b=$3 rc=0
    rm -f "$b"
    testpmd_cmd "vhost-$run" 0,1 "net_vhost0,iface=$b,queues=1"
    lab_start "vhost-$run" "${TESTPMD[@]}"
    lab_wait_socket "$b" 20 "vhost-$run" || e2e_fail "the back-end did not listen on $b"
    testpmd_wait_fwd "vhost-$run" 20 || e2e_fail "the back-end did not start"
    [[ $run == without ]] || { e2e_sniff 2 --front-listen "$a" --back-connect "$b"; lab_wait_socket "$a" 10 vhostsniff || e2e_fail "vhostsniff did not listen"; }
    testpmd_cmd "virtio-user-$run" 1,0 "net_virtio_user0,path=$a,queues=1"
    lab_start "virtio-user-$run" strace -f -qq -tt -xx -s 65536 -e "trace=$STRACE_SYSCALLS" \
        -e inject=sendmsg:signal=KILL:when=$KILL_AT -o "$E2E_WORK/strace/virtio-user-$run.strace" \
        timeout -s KILL 60 "${TESTPMD[@]}"
    lab_wait_exit "virtio-user-$run" 70 || rc=$?
    [[ $rc -eq 137 ]] || e2e_fail "$run: the front-end was not killed (exit status $rc)"
    # the back-end logs the close, then its own state change
    lab_wait_log "vhost-$run" 'vhost peer closed' 20 || e2e_fail "$run: the back-end did not see the close"
    sleep 1
    e2e_dpdk_vhost_outcome "$WORK/vhost-$run.log" >"$E2E_WORK/back-$run.outcome"
    lab_alive "vhost-$run" || e2e_fail "$run: the back-end died"
    e2e_log "$run vhostsniff: the back-end logged $(wc -l <"$E2E_WORK/back-$run.outcome") lines"
}

fault without "$E2E_WORK/direct.sock" "$E2E_WORK/direct.sock"
lab_stop vhost-without INT
fault with "$E2E_WORK/a.sock" "$E2E_WORK/b.sock"
e2e_compare back-end "$E2E_WORK/back-without.outcome" "$E2E_WORK/back-with.outcome"

e2e_expect_session_end 1 front 10
last=$(e2e_last_request 1 front)
e2e_log "vhostsniff: session 1's last front-end request: $last"
[[ $last == 2 || $last == 39 || $last == 40 ]] ||
    e2e_fail "session 1's last front-end request is $last, expected one just before SET_MEM_TABLE"

# the next session: a new front-end, the same back-end, the same vhostsniff
testpmd_cmd virtio-user-next 1,0 "net_virtio_user0,path=$E2E_WORK/a.sock,queues=1"
STRACE_DIR=$E2E_WORK/strace lab_start virtio-user-next "${TESTPMD[@]}"
testpmd_wait_fwd virtio-user-next 30 || e2e_fail "the new front-end did not start forwarding"
e2e_expect_traffic "session 2" virtio-user-next vhost-with
e2e_sniff_wait 20

e2e_strace_join "$E2E_WORK/strace/front.strace" "$E2E_WORK/strace/virtio-user-with.strace" \
    "$E2E_WORK/strace/virtio-user-next.strace"
E2E_SOCK_A=$E2E_WORK/a.sock
e2e_check front 2 --allow-finding session.incomplete \
    --require 1:3,1,15,16 --require 2:3,1,15,16,5,8,10,9,12,11
E2E_VERDICT="front-end killed before SET_MEM_TABLE: same back-end outcome, session 1 ended ($E2E_END_REASON), session 2: $E2E_COUNTERS"
e2e_pass
