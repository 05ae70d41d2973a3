#!/bin/bash
# Demo: one real vhost-user session through vhostsniff.
#
#   QEMU (vhost-user-blk-pci, a small Linux guest) -> vhostsniff -> qemu-storage-daemon
#
# The guest boots (TCG, ~10 s), reads a marker the host put on the disk and writes one
# back, then powers off. On a terminal the session is shown live in vhostsniff's
# curses UI (q quits once you have looked around; ? lists the keys), and recorded to
# WORK/demo.pcapng for Wireshark. Options are passed on to vhostsniff instead, e.g.
#   tools/demo.sh -v          text lines with field trees, no UI
#   tools/demo.sh -T json     JSON lines
# Run from the build directory (where ./vhostsniff is), or set VHOSTSNIFF. The peers
# come from tests/lab (tools/install-deps.sh installs them); recipe logs go to
# WORK/demo.log, kept when something fails.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB=$SRC/tests/lab
VHOSTSNIFF=${VHOSTSNIFF:-}
if [[ -z $VHOSTSNIFF ]]; then
    for v in ./vhostsniff "$SRC/vhostsniff"; do
        [[ -x $v ]] && { VHOSTSNIFF=$(cd "$(dirname "$v")" && pwd)/vhostsniff; break; }
    done
fi
[[ -n $VHOSTSNIFF && -x $VHOSTSNIFF ]] ||
    { echo "demo: vhostsniff is not built (./configure && make), or set VHOSTSNIFF" >&2; exit 1; }
for p in qemu-system-x86_64 qemu-storage-daemon busybox; do
    command -v "$p" >/dev/null || { echo "demo: $p missing: run tools/install-deps.sh" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vhostsniff-demo.XXXXXX")
SOCK_A=$WORK/front.sock   # QEMU connects here (vhostsniff listens)
SOCK_B=$WORK/back.sock    # qemu-storage-daemon listens here (vhostsniff connects)
LOG=$WORK/demo.log
BACKEND_PID="" FRONTEND_PID="" ok=1

cleanup() {
    [[ -z $FRONTEND_PID ]] || kill "$FRONTEND_PID" 2>/dev/null || true
    [[ -z $BACKEND_PID ]] || kill "$BACKEND_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    if [[ $ok -eq 0 ]]; then rm -rf "$WORK"; else echo "demo: logs kept in $WORK" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The guest is cached next to the tests' (make check builds the same one).
GUEST_DIR=${GUEST_DIR:-$(dirname "$VHOSTSNIFF")/tests/work/guest}
if [[ ! -f $GUEST_DIR/initramfs.cpio.gz ]]; then
    echo "demo: building the guest (kernel + busybox initramfs) into $GUEST_DIR" >&2
    "$LAB/guest/build-guest.sh" "$GUEST_DIR" >>"$LOG" 2>&1 ||
        { tail -n 20 "$LOG" >&2; exit 1; }
fi
export GUEST_DIR

# back-end: qemu-storage-daemon on a 1 MiB image with the host's marker in sector 0
"$LAB/blk-qsd.sh" backend "$WORK" "$SOCK_B" >>"$LOG" 2>&1 &
BACKEND_PID=$!
for _ in $(seq 100); do [[ -S $SOCK_B ]] && break; sleep 0.1; done
[[ -S $SOCK_B ]] || { tail -n 20 "$LOG" >&2; echo "demo: qemu-storage-daemon did not start" >&2; exit 1; }

# front-end: QEMU, started as soon as vhostsniff listens; its verdict goes to a file
(
    for _ in $(seq 100); do [[ -S $SOCK_A ]] && break; sleep 0.1; done
    exec "$LAB/blk-qsd.sh" frontend "$WORK" "$SOCK_A" >"$WORK/verdict" 2>>"$LOG"
) &
FRONTEND_PID=$!

echo "demo: QEMU -> $SOCK_A -> vhostsniff -> $SOCK_B -> qemu-storage-daemon" >&2
# Without options, on a terminal: the UI, and a capture to open later.
args=("$@")
if [[ ${#args[@]} -eq 0 && -t 0 && -t 1 ]]; then
    args=(--ui -w "$WORK/demo.pcapng")
    ok_keep=1
fi
# vhostsniff in the foreground (it owns the terminal), until the session ends (lines)
# or until q (UI)
"$VHOSTSNIFF" --front-listen "$SOCK_A" --back-connect "$SOCK_B" --sessions 1 "${args[@]}" || {
    echo "demo: vhostsniff exited with $?" >&2
    exit 1
}
wait "$FRONTEND_PID" 2>/dev/null || true
FRONTEND_PID=""
verdict=$(cat "$WORK/verdict" 2>/dev/null || true)
echo "demo: ${verdict:-no verdict from the front-end}" >&2
[[ $verdict == PASS* ]] && ok=0
if [[ ${ok_keep:-0} -eq 1 && $ok -eq 0 ]]; then
    cp "$WORK/demo.pcapng" ./vhostsniff-demo.pcapng 2>/dev/null &&
        echo "demo: capture saved as ./vhostsniff-demo.pcapng (vhostsniff -r it, or open it in Wireshark)" >&2
fi
exit "$ok"
