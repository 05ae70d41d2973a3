#!/bin/bash
# --inject corrupt with real peers: DPDK testpmd virtio-user <-> vhostsniff
# --inject 'SET_VRING_NUM:corrupt=vring.size=0' <-> testpmd net_vhost (the
# net-dpdk-pair recipe's peers). DPDK vhost refuses the ring as it would a real
# bad size (22.11: "failed to allocate memory for vq internal data.", then
# "processing VHOST_USER_SET_VRING_NUM failed.") and closes the connection.
# PASS: testpmd vhost logged the refusal of SET_VRING_NUM; the session ended with
# the back-end's close (a reset: the front-end's next requests were unread); the
# SET_VRING_NUM vhostsniff printed, and the capture read back, hold the size sent
# (0) with inject.corrupt; the capture's packet comment notes the size before.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd
e2e_setup
e2e_peers_lock
e2e_lab
A=$E2E_WORK/a.sock B=$E2E_WORK/b.sock CAP=$E2E_WORK/capture.pcapng
PAIR=$E2E_LAB/net-dpdk-pair.sh

WORKDIR=$E2E_WORK/lab lab_start vhost "$PAIR" backend "$B"
lab_wait_socket "$B" 30 vhost || e2e_fail "testpmd vhost did not listen on $B"
e2e_sniff 1 --front-listen "$A" --back-connect "$B" -w "$CAP" \
    --inject 'SET_VRING_NUM:corrupt=vring.size=0'
lab_wait_socket "$A" 10 vhostsniff || e2e_fail "vhostsniff did not listen"
WORKDIR=$E2E_WORK/lab lab_start virtio-user "$PAIR" frontend "$A"
e2e_sniff_wait 60
lab_stop virtio-user INT
lab_stop vhost INT
refusal=$(grep -m1 -E 'processing VHOST_USER_SET_VRING_NUM failed' "$WORK/vhost.log") ||
    { tail -n 20 "$WORK/vhost.log" >&2; e2e_fail "testpmd vhost did not refuse SET_VRING_NUM"; }
e2e_log "testpmd vhost: $(grep -B1 -m1 'processing VHOST_USER_SET_VRING_NUM failed' "$WORK/vhost.log" | head -n 1)"
e2e_log "testpmd vhost: $refusal"
corrupted='L.get("name") == "VHOST_USER_SET_VRING_NUM" and L["payload"]["vring.size"] == 0 and any(f["id"] == "inject.corrupt" for f in L["findings"])'
e2e_expect_json "SET_VRING_NUM sent with size 0, marked inject.corrupt" "$corrupted"
e2e_expect_json "the back-end closed" 'L.get("event") == "session_end" and (L.get("reason") or "").startswith("back ")'
"$VHOSTSNIFF" -r "$CAP" -T json >"$E2E_WORK/read-back.json" || e2e_fail "vhostsniff -r $CAP failed"
e2e_expect_json "the capture holds the size sent and the mark" "$corrupted" "$E2E_WORK/read-back.json"
grep -aq "vring.size was [1-9][0-9]* (0x[0-9a-f]*), sent as 0" "$CAP" ||
    e2e_fail "the capture does not note the size the front-end sent"
E2E_VERDICT="SET_VRING_NUM's size rewritten to 0: DPDK vhost refused it ($refusal) and closed; the capture holds the bytes sent, marked inject.corrupt, and the size before"
e2e_pass
