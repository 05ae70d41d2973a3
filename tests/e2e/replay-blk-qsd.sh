#!/bin/bash
# End to end: --replay FILE with a real back-end. A session of QEMU vhost-user-blk-pci
# with the lab guest <-> vhostsniff <-> qemu-storage-daemon (the blk-qsd recipe, 2
# virtqueues) is recorded first (one guest boot); then vhostsniff --replay plays
# QEMU's side of it, with fresh memfds and eventfds, against
#   1. a fresh qemu-storage-daemon exporting the recording's image as the recipe
#      did, and
#   2. one exporting the same image read-only (writable=off).
# PASS: 1 exits 0 and says the sessions are equal (GET_VRING_BASE's bases, which
# follow the guest's I/O, listed as not comparable); its live capture reads back with
# every message of the recording; 2 exits 1 and names the GET_FEATURES reply (message
# 2) as the first difference, by its RO bit, and first among the replies that differ.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_blk_qsd_setup
e2e_run blk-qsd.sh run listen 1
[[ $(cat "$E2E_WORK/vhostsniff.rc") == 0 ]] || e2e_fail "the recording's vhostsniff exit status: $(cat "$E2E_WORK/vhostsniff.rc")"
CAP=$E2E_WORK/recorded.pcapng
mv "$E2E_WORK/capture.pcapng" "$CAP"

e2e_peers_lock
e2e_lab replay
B=$E2E_WORK/replay/b.sock
IMAGE=$E2E_WORK/lab/disk.img
[[ -f $IMAGE ]] || e2e_fail "the recipe's image $IMAGE is gone"
# qsd WRITABLE: a qemu-storage-daemon exporting $IMAGE on $B as the recipe does
qsd() {
    rm -f "$B"
    lab_start qsd qemu-storage-daemon --blockdev "driver=file,node-name=disk0,filename=$IMAGE" \
        --export "type=vhost-user-blk,id=exp0,node-name=disk0,addr.type=unix,addr.path=$B,writable=$1,num-queues=$QUEUES"
}
# replay NAME EXPECTED_STATUS: QEMU's side against the qemu-storage-daemon on $B
replay() {
    local rc=0
    lab_wait_socket "$B" 15 qsd || e2e_fail "qemu-storage-daemon did not listen on $B"
    timeout 60 "$VHOSTSNIFF" --replay "$CAP" -c "$B" -w "$E2E_WORK/$1.pcapng" \
        >"$E2E_WORK/$1.txt" 2>"$E2E_WORK/$1.err" || rc=$?
    lab_stop qsd TERM
    sed -n '/^--- A /,$p' "$E2E_WORK/$1.txt" | cut -c1-200 | head -n 12
    cat "$E2E_WORK/$1.err" >&2
    [[ $rc == "$2" ]] || e2e_fail "--replay against the $1 export exits $rc, not $2"
}

qsd on
replay writable 0
grep -qx equal "$E2E_WORK/writable.txt" || e2e_fail "the replay against a fresh export does not say equal"
recorded=$("$VHOSTSNIFF" -r "$CAP" | grep -c '^[0-9:.]* s1 main ' || true)
again=$("$VHOSTSNIFF" -r "$E2E_WORK/writable.pcapng" | grep -c '^[0-9:.]* s1 main ' || true)
[[ $recorded -gt 0 && $again == "$recorded" ]] || e2e_fail "$recorded messages recorded, $again in the replay's capture"

qsd off
replay read-only 1
[[ $(grep -m1 '^first difference: ' "$E2E_WORK/read-only.txt") == "first difference: A message 2 (frame 3), B message 2 (frame 3)" ]] &&
    grep -A1 -m1 '^first difference: ' "$E2E_WORK/read-only.txt" | grep -q '^  A: main back>front VHOST_USER_GET_FEATURES \[0x5 reply\]' &&
    grep -qx '  features: +RO' "$E2E_WORK/read-only.txt" ||
    e2e_fail "the first difference is not the GET_FEATURES reply's RO bit"
grep -A1 -x "the live back-end's messages that differ from the recording:" "$E2E_WORK/read-only.txt" |
    grep -qx '  VHOST_USER_GET_FEATURES reply: recorded message 2 (frame 3), live message 2 (frame 3)' ||
    e2e_fail "the GET_FEATURES reply is not the first of the replies that differ"
E2E_VERDICT="QEMU's side ($recorded messages) replayed: equal against a fresh export, the GET_FEATURES reply's RO first against a read-only one"
e2e_pass
