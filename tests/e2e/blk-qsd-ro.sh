#!/bin/bash
# End to end: a read-only qemu-storage-daemon export (writable=off, num-queues=2)
# <-> vhostsniff <-> QEMU vhost-user-blk-pci with the lab guest, which reads the
# host's marker and finds its disk read-only. qemu-storage-daemon offers
# VIRTIO_BLK_F_RO (bit 5), which is net's MAC bit: the session must still be named
# blk, every device feature bit by its blk name.
# PASS: the recipe's check, vhostsniff's JSON equals the front-end's strace (no
# malformed message, no error finding), its capture reads back the same, and every
# device feature bit of GET_FEATURES and SET_FEATURES is named as the virtio spec
# names it for blk (1.3, 5.2.3) in the JSON; no net name in -r's text (-vv), in
# --stats, in tshark -V.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_blk_qsd_setup
export RO=1
e2e_run blk-qsd.sh run listen 1
e2e_blk_qsd_check
e2e_expect_vrings 2

# virtio 1.3, 5.2.3 "Feature bits" of the block device
python3 - "$E2E_WORK/vhostsniff.json" <<'PY' || e2e_fail "feature bits not named as blk"
import json, sys
BLK = {0: "BARRIER", 1: "SIZE_MAX", 2: "SEG_MAX", 4: "GEOMETRY", 5: "RO", 6: "BLK_SIZE",
       7: "SCSI", 9: "FLUSH", 10: "TOPOLOGY", 11: "CONFIG_WCE", 12: "MQ", 13: "DISCARD",
       14: "WRITE_ZEROES", 15: "LIFETIME", 16: "SECURE_ERASE", 17: "ZONED"}
seen, bad = 0, []
for line in open(sys.argv[1]):
    L = json.loads(line)
    p = L.get("payload") or {}
    if L.get("request") not in (1, 2) or "features" not in p:
        continue
    seen += 1
    bits = [b for b in range(24) if p["features"] >> b & 1]
    want = [BLK.get(b, f"bit {b}") for b in bits]
    got = p.get("features.names", [])[: len(bits)]
    if got != want:
        bad.append(f"frame {L.get('frame')} {L['name']} {'reply' if L['reply'] else ''}: {got} != {want}")
    if L["request"] == 1 and L["reply"] and not p["features"] >> 5 & 1:
        bad.append(f"frame {L.get('frame')}: qemu-storage-daemon did not offer RO (bit 5)")
print(f"{seen} feature words checked")
for b in bad:
    print(b)
sys.exit(1 if bad or seen == 0 else 0)
PY
# net's names for the bits qemu-storage-daemon offers (virtio 1.3, 5.1.3)
net='\b(CSUM|GUEST_CSUM|CTRL_GUEST_OFFLOADS|MAC|GUEST_TSO4|GUEST_TSO6|GUEST_ECN|GUEST_UFO|HOST_TSO4|HOST_TSO6|HOST_ECN|HOST_UFO|MRG_RXBUF|CTRL_VQ)\b'
"$VHOSTSNIFF" -r "$CAP_WORK/capture.pcapng" -vv >"$E2E_WORK/ro.vv" 2>&1 || e2e_fail "vhostsniff -r -vv failed"
"$VHOSTSNIFF" -r "$CAP_WORK/capture.pcapng" --stats >"$E2E_WORK/ro.stats" 2>&1 || e2e_fail "vhostsniff -r --stats failed"
cap_tshark -r "$CAP_WORK/capture.pcapng" -2 -V >"$E2E_WORK/ro.tshark" 2>/dev/null || e2e_fail "tshark -V failed"
for f in ro.vv ro.stats ro.tshark; do
    ! grep -En "$net" "$E2E_WORK/$f" | head -n 5 | grep . || e2e_fail "a net feature name in $f"
done
grep -qw RO "$E2E_WORK/ro.vv" || e2e_fail "RO is not named in -r -vv"
grep -qw RO "$E2E_WORK/ro.tshark" || e2e_fail "RO is not named by tshark"
e2e_pass
