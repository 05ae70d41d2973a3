#!/bin/bash
# End to end: --replay FILE --replay-as back-end with a real front-end. A session of
# DPDK testpmd virtio-user <-> vhostsniff <-> testpmd net_vhost (the net-dpdk-pair
# recipe) is recorded first; then a fresh testpmd virtio-user connects to
# vhostsniff --replay CAPTURE --replay-as back-end -l SOCK, which answers it with
# the recorded replies of DPDK vhost, and is stopped (SIGINT) once it forwards.
# PASS: virtio-user went through its whole negotiation (testpmd started forwarding:
# features, memory table, both vrings set up and DRIVER_OK acked), vhostsniff's
# live output shows every request of the recording, and the replay exits 0: the live
# front-end's requests are the recording's, in order.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd
e2e_setup
e2e_run net-dpdk-pair.sh run listen 1
[[ $(cat "$E2E_WORK/vhostsniff.rc") == 0 ]] || e2e_fail "the recording's vhostsniff exit status: $(cat "$E2E_WORK/vhostsniff.rc")"
CAP=$E2E_WORK/recorded.pcapng
mv "$E2E_WORK/capture.pcapng" "$CAP"

e2e_peers_lock
e2e_lab replay
A=$E2E_WORK/replay/a.sock
PAIR=$E2E_LAB/net-dpdk-pair.sh
lab_start vhostsniff bash -c 'out=$1 err=$2; shift 2; exec "$@" >"$out" 2>"$err"' _ \
    "$E2E_WORK/replay.txt" "$E2E_WORK/replay.err" \
    "$VHOSTSNIFF" --replay "$CAP" --replay-as back-end -l "$A" -w "$E2E_WORK/live.pcapng"
lab_wait_socket "$A" 10 vhostsniff || e2e_fail "vhostsniff --replay-as back-end did not listen on $A"
WORKDIR=$WORK lab_start virtio-user "$PAIR" frontend "$A"
testpmd_wait_fwd virtio-user 30 || { tail -n 20 "$WORK/virtio-user.log" >&2; e2e_fail "virtio-user did not start forwarding against the replayed back-end"; }
lab_stop virtio-user INT
rc=0
lab_wait_exit vhostsniff 30 || rc=$?
[[ $rc != 124 ]] || { lab_stop vhostsniff TERM; e2e_fail "vhostsniff --replay did not exit with the session's end"; }
sed -n '/^--- A /,$p' "$E2E_WORK/replay.txt"
cat "$E2E_WORK/replay.err" >&2
[[ $rc == 0 ]] || e2e_fail "vhostsniff --replay --replay-as back-end exits $rc, not 0"
grep -qx equal "$E2E_WORK/replay.txt" || e2e_fail "the replay does not say the sessions are equal"
# the negotiation as the front-end went through it, request by request
recorded=$("$VHOSTSNIFF" -r "$CAP" | grep -c '^[0-9:.]* s1 main front>back ' || true)
live=$(grep -c '^[0-9:.]* s1 main front>back ' "$E2E_WORK/replay.txt" || true)
[[ $recorded -gt 0 && $live == "$recorded" ]] || e2e_fail "$recorded requests recorded, $live live"
grep -q ' main front>back VHOST_USER_SET_STATUS .*DRIVER_OK' "$E2E_WORK/replay.txt" ||
    e2e_fail "virtio-user set no DRIVER_OK"
E2E_VERDICT="a fresh virtio-user negotiated with DPDK vhost's recorded replies ($live requests, as recorded) and forwarded; the replay exits 0"
e2e_pass
