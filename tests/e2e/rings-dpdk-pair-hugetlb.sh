#!/bin/bash
# End to end: net-dpdk-pair with hugepages (testpmd without --no-huge): DPDK
# virtio-user hands its hugetlbfs files over in SET_MEM_TABLE, and vhostsniff
# --rings reads the rings from them with pread.
# PASS: the recipe's own check passes through vhostsniff --rings=20 --stats, the
# memory regions' fds are hugetlbfs files, the rings are read (no ring.unreadable,
# ring events with status ok) and their used indexes advanced in step with
# testpmd's counters (check-ring-traffic.py); no warning or error finding (a
# healthy session: notes at most).
# Root only: the huge page pool is raised for the run and a hugetlbfs mounted in
# a temporary directory; both are put back on exit (trap).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"   # the harness may run us with sh
source "$(dirname "$0")/lib.sh"
e2e_need dpdk-testpmd
[[ $(id -u) == 0 ]] || e2e_skip "not root: the huge page pool cannot be raised"
e2e_setup
POOL=/proc/sys/vm/nr_hugepages
POOL_BEFORE=$(cat "$POOL")
HUGE_DIR=$(mktemp -d /tmp/vhostsniff-hugetlbfs.XXXXXX)
restore_huge() {
    umount "$HUGE_DIR" 2>/dev/null || true
    rmdir "$HUGE_DIR" 2>/dev/null || true
    echo "$POOL_BEFORE" >"$POOL"
}
trap restore_huge EXIT
# 2 x 64 MiB of 2 MiB pages, and room for what each EAL keeps besides
echo $((POOL_BEFORE + 96)) >"$POOL"
mount -t hugetlbfs nodev "$HUGE_DIR" || e2e_fail "could not mount hugetlbfs on $HUGE_DIR"
export HUGE_DIR
E2E_SNIFF_ARGS='--rings=20 --stats' e2e_run net-dpdk-pair.sh run listen 1
[[ $E2E_VERDICT =~ virtio-user\ rx=([0-9]+)\ tx=([0-9]+) ]] ||
    e2e_fail "no virtio-user counters in the verdict: $E2E_VERDICT"
python3 "$E2E_SRCDIR/tests/e2e/check-ring-traffic.py" "$E2E_WORK/vhostsniff.json" \
    --rings "0=${BASH_REMATCH[1]}" --rings "1=${BASH_REMATCH[2]}" ||
    e2e_fail "the rings did not move with testpmd's counters"
python3 - "$E2E_WORK/vhostsniff.json" "$HUGE_DIR/" <<'PY' || e2e_fail "the hugetlbfs regions were not read, or a warning was found"
import json, sys
ok = huge = 0
for text in open(sys.argv[1]):
    line = json.loads(text)
    if "ring.unreadable" in text:
        sys.exit("ring.unreadable: " + text.strip())
    for f in line.get("findings") or []:
        # sequence.reply_late is timing, which the load of the machine decides (check-strace.py)
        if f.get("severity") == "error" or (
                f.get("severity") == "warn" and f.get("id") != "sequence.reply_late"):
            sys.exit("a healthy session drew a %s: %s" % (f["severity"], text.strip()))
    if line.get("event") == "ring" and line.get("status", "ok") == "ok":
        ok += 1
    if line.get("name") == "VHOST_USER_SET_MEM_TABLE" and not line.get("reply"):
        huge += sum(f.get("name", "").startswith(sys.argv[2]) for f in line.get("fd_info", []))
print("ring events read: %d, SET_MEM_TABLE fds in the hugetlbfs: %d" % (ok, huge))
sys.exit(0 if ok > 0 and huge > 0 else 1)
PY
e2e_pass
