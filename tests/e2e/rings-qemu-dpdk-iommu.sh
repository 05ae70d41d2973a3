#!/bin/bash
# End to end: QEMU with a vIOMMU (intel-iommu, the guest's intel_iommu=on) and
# virtio-net-pci iommu_platform=on + netdev vhost-user <-> vhostsniff <-> DPDK
# testpmd net_vhost iommu-support=1 (icmpecho); the guest pings testpmd.
# ACCESS_PLATFORM is acked, so the ring and buffer addresses are IOVAs: DPDK asks
# for them with IOTLB misses on the back-end channel and QEMU answers with
# IOTLB_MSG updates (and invalidates what the guest unmaps).
# PASS: the recipe's own check passes through vhostsniff --rings --stats, the
# session acked ACCESS_PLATFORM and the front-end sent IOTLB updates, ring events
# read the rings through them (status ok), and the rings' used indexes advanced in
# step with testpmd's counters (check-ring-traffic.py).
# Not in make check: the peers alone fail 2 runs in 4 (Makefile.am says why).
# Run by hand: tests/e2e/rings-qemu-dpdk-iommu.sh (KEEP=1 keeps its logs).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need qemu-system-x86_64 dpdk-testpmd
e2e_setup
e2e_guest
export IOMMU=1
E2E_SNIFF_ARGS='--rings --stats' e2e_run net-qemu-dpdk.sh run listen 1
[[ $E2E_VERDICT =~ testpmd\ rx=([0-9]+)\ tx=([0-9]+) ]] ||
    e2e_fail "no testpmd counters in the verdict: $E2E_VERDICT"
python3 - "$E2E_WORK/vhostsniff.json" <<'PY' || e2e_fail "the IOVA rings were not read"
import json, sys
acked = updates = ok = unknown = 0
for text in open(sys.argv[1]):
    line = json.loads(text)
    name = line.get("name", "")
    if name == "VHOST_USER_SET_FEATURES" and not line.get("reply"):
        acked = "ACCESS_PLATFORM" in text
    if name == "VHOST_USER_IOTLB_MSG" and not line.get("reply") and '"update"' in text:
        updates += 1
    if line.get("event") == "ring":
        if line.get("status") == "ok":
            ok += 1
        elif line.get("status") == "unknown address space":
            unknown += 1
print("ACCESS_PLATFORM acked: %s, IOTLB updates: %d, ring events read: %d, unknown: %d"
      % (acked, updates, ok, unknown))
sys.exit(0 if acked and updates > 0 and ok > 0 else 1)
PY
python3 "$E2E_SRCDIR/tests/e2e/check-ring-traffic.py" "$E2E_WORK/vhostsniff.json" \
    --rings "0=${BASH_REMATCH[2]}" --rings "1=${BASH_REMATCH[1]}" ||
    e2e_fail "the rings did not move with testpmd's counters"
e2e_pass
