#!/bin/bash
# Fault: the peer of a reconnecting back-end restarted. DPDK testpmd virtio-user
# server=1 (front-end, listens on A) <-> vhostsniff (--front-connect A --back-listen
# B) <-> testpmd net_vhost client=1 (back-end, dials B and, as DPDK's vhost client
# does, dials again every second after a disconnect). Once packets flow, a new
# virtio-user is started on A.next and renamed over A (so that it is ready when the
# back-end dials again) and the first one is SIGKILLed: vhostsniff ends session 1, the
# back-end dials B again, vhostsniff's session 2 connects to the new virtio-user,
# they negotiate again and packets flow again. virtio-user server=1 is the peer that
# is restarted because it does not notice a closed connection itself (testpmd does
# not poll its link): the back-end's client mode is what reconnects.
# PASS: session 1 ended with a reason naming the front-end; the new virtio-user's and
# the back-end's RX and TX counters are non-zero; vhostsniff's JSON equals both
# virtio-users' straces (check-strace.py).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd strace
e2e_setup
e2e_peers_lock
e2e_lab
A=$E2E_WORK/a.sock B=$E2E_WORK/b.sock
rm -f "$A" "$B" "$A.next"

testpmd_cmd virtio-user1 1,0 "net_virtio_user0,path=$A,queues=1,server=1"
STRACE_DIR=$E2E_WORK/strace lab_start virtio-user1 "${TESTPMD[@]}"
lab_wait_socket "$A" 30 virtio-user1 || e2e_fail "virtio-user did not listen on $A"
e2e_sniff 2 --front-connect "$A" --back-listen "$B"
lab_wait_socket "$B" 10 vhostsniff || e2e_fail "vhostsniff did not listen on $B"

testpmd_cmd vhost 0,1 "net_vhost0,iface=$B,queues=1,client=1"
lab_start vhost "${TESTPMD[@]}"
testpmd_wait_fwd vhost 30 || e2e_fail "the back-end did not start forwarding"
testpmd_wait_fwd virtio-user1 30 || e2e_fail "virtio-user did not start forwarding"
# packets flow through session 1: the back-end's per-second stats show RX
lab_wait_log vhost 'RX-packets: [1-9]' 20 || e2e_fail "session 1: no packets"

testpmd_cmd virtio-user2 1,0 "net_virtio_user0,path=$A.next,queues=1,server=1"
STRACE_DIR=$E2E_WORK/strace lab_start virtio-user2 "${TESTPMD[@]}"
lab_wait_socket "$A.next" 30 virtio-user2 || e2e_fail "the new virtio-user did not listen"
e2e_log "session 1 forwards; killing the front-end"
e2e_replace_peer virtio-user1 "$A"
e2e_expect_session_end 1 front 20
lab_wait_log vhost 'vhost peer closed' 20 || e2e_fail "the back-end did not see the close"
testpmd_wait_fwd virtio-user2 30 || e2e_fail "the new virtio-user did not start forwarding"
lab_wait_log_count vhost 'read message VHOST_USER_SET_VRING_KICK' 4 30 ||
    e2e_fail "session 2: no handshake"
e2e_expect_traffic "after the restart" virtio-user2 vhost
e2e_sniff_wait 20
# the second virtio-user bound A.next (renamed to A afterwards): name it A in its trace
hexpath() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n' | sed 's/../\\\\x&/g'; }
e2e_strace_join "$E2E_WORK/strace/front.strace" "$E2E_WORK/strace/virtio-user1.strace" \
    "$E2E_WORK/strace/virtio-user2.strace"
sed -i "s/$(hexpath "$A.next")/$(hexpath "$A")/g" "$E2E_WORK/strace/front.strace"
E2E_SOCK_A=$A
e2e_check front 2 --require 1:3,1,15,16,5,8,10,9,12 --require 2:3,1,15,16,5,8,10,9,12,11
E2E_VERDICT="virtio-user restarted, the back-end's client mode reconnected: session 1 ended ($E2E_END_REASON), session 2: $E2E_COUNTERS"
e2e_pass
