#!/bin/bash
# Fault: the back-end dies mid-negotiation. DPDK testpmd virtio-user (front-end)
# <-> testpmd net_vhost (back-end), the back-end SIGKILLed by strace the moment it
# starts to read the 11th message (SET_MEM_TABLE, which the front-end waits on:
# NEED_REPLY), so the fault hits the same request every run.
# 1. without vhostsniff: the front-end's error lines and exit status;
# 2. through vhostsniff: the same fault; the front-end must report the same, and
#    vhostsniff must end session 1 with a reason;
# 3. a new back-end and a new front-end through the same vhostsniff: packets flow
#    both ways (the net-dpdk-pair recipe's check), vhostsniff's session 2.
# Both front-end runs are compared with vhostsniff's JSON by check-strace.py.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd strace
e2e_setup
e2e_peers_lock
e2e_lab
KILL_AT=11   # the back-end's 11th recvmsg: virtio-user's SET_MEM_TABLE (request 5)

# fault RUN SOCK_A SOCK_B: back-end (killed at KILL_AT) on B, front-end on A
fault() {
    local run=$1 a=$2 b=$3 rc=0
    rm -f "$b"
    testpmd_cmd "vhost-$run" 0,1 "net_vhost0,iface=$b,queues=1"
    lab_start "vhost-$run" strace -f -qq -o "$WORK/vhost-$run.strace" -e trace=recvmsg \
        -e inject=recvmsg:signal=KILL:when=$KILL_AT "${TESTPMD[@]}"
    lab_wait_socket "$b" 20 "vhost-$run" || e2e_fail "the back-end did not listen on $b"
    [[ $run == without ]] || { e2e_sniff 2 --front-listen "$a" --back-connect "$b"; lab_wait_socket "$a" 10 vhostsniff || e2e_fail "vhostsniff did not listen"; }
    testpmd_cmd "virtio-user-$run" 1,0 "net_virtio_user0,path=$a,queues=1"
    STRACE_DIR=$E2E_WORK/strace lab_start "virtio-user-$run" timeout -s KILL 60 "${TESTPMD[@]}"
    lab_wait_exit "virtio-user-$run" 70 || rc=$?
    lab_wait_exit "vhost-$run" 10 || true
    lab_alive "vhost-$run" && e2e_fail "$run: the back-end was not killed (fewer than $KILL_AT messages?)"
    { e2e_dpdk_outcome "$WORK/virtio-user-$run.log"; echo "exit status $rc"; } >"$E2E_WORK/front-$run.outcome"
    e2e_log "$run vhostsniff: front-end exit status $rc"
}

fault without "$E2E_WORK/direct.sock" "$E2E_WORK/direct.sock"
fault with "$E2E_WORK/a.sock" "$E2E_WORK/b.sock"
e2e_compare front-end "$E2E_WORK/front-without.outcome" "$E2E_WORK/front-with.outcome"
grep -q 'exit status 0' "$E2E_WORK/front-with.outcome" && e2e_fail "the front-end did not notice the back-end's death"

e2e_expect_session_end 1 back 10
last=$(e2e_last_request 1 front)
e2e_log "vhostsniff: session 1's last front-end request: $last"
[[ $last == 5 ]] || e2e_fail "session 1's last front-end request is $last, expected 5 (SET_MEM_TABLE)"

# the next session through the same vhostsniff
rm -f "$E2E_WORK/b.sock"
testpmd_cmd vhost-next 0,1 "net_vhost0,iface=$E2E_WORK/b.sock,queues=1"
lab_start vhost-next "${TESTPMD[@]}"
lab_wait_socket "$E2E_WORK/b.sock" 20 vhost-next || e2e_fail "the new back-end did not listen"
testpmd_cmd virtio-user-next 1,0 "net_virtio_user0,path=$E2E_WORK/a.sock,queues=1"
STRACE_DIR=$E2E_WORK/strace lab_start virtio-user-next "${TESTPMD[@]}"
testpmd_wait_fwd virtio-user-next 30 || e2e_fail "the new front-end did not start forwarding"
testpmd_wait_fwd vhost-next 30 || e2e_fail "the new back-end did not start forwarding"
e2e_expect_traffic "session 2" virtio-user-next vhost-next
e2e_sniff_wait 20

# both front-ends' traces (in order) against vhostsniff's two sessions
e2e_strace_join "$E2E_WORK/strace/front.strace" "$E2E_WORK/strace/virtio-user-with.strace" \
    "$E2E_WORK/strace/virtio-user-next.strace"
E2E_SOCK_A=$E2E_WORK/a.sock
e2e_check front 2 --allow-finding session.incomplete --allow-finding sequence.no_ack \
    --require 1:3,1,15,16,5 --require 2:3,1,15,16,5,8,10,9,12,11
E2E_VERDICT="back-end killed at SET_MEM_TABLE: same front-end outcome, session 1 ended ($E2E_END_REASON), session 2: $E2E_COUNTERS"
e2e_pass
