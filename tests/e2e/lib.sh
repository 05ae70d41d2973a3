# shellcheck shell=bash
# Shared part of the end-to-end tests: real peers from tests/lab, vhostsniff between
# them, the front-end under strace. Sourced by tests/e2e/*.sh, never executed.
#
# A scenario script does:
#   source "$(dirname "$0")/lib.sh"
#   e2e_need qemu-system-x86_64 qemu-storage-daemon     # peers it needs
#   e2e_run blk-qsd.sh run listen 1                     # recipe, subcommand, front role, sessions
#   e2e_check qemu 1 --require 1:1,15,37                # front-end trace name, sessions, extra
#   e2e_pass
#
# Exit status (automake parallel-tests): 0 pass, 1 fail, 77 skip. A missing peer is a
# skip, except under CI=true where it is a failure: CI must never pass by skipping.
#
# Environment: VHOSTSNIFF (set by Makefile.am), top_srcdir, top_builddir, KEEP=1 keeps
# the work directory of a passing run, E2E_TIMEOUT (seconds per recipe run, 240).
set -euo pipefail

E2E_NAME=$(basename "$0" .sh)
E2E_SRCDIR=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
E2E_BUILDDIR=${top_builddir:-$E2E_SRCDIR}
E2E_LAB=$E2E_SRCDIR/tests/lab
VHOSTSNIFF=${VHOSTSNIFF:-$E2E_BUILDDIR/vhostsniff}
E2E_CACHE=$E2E_BUILDDIR/tests/work
export VHOSTSNIFF

e2e_log() { printf '[%s %s] %s\n' "$(date +%T.%3N)" "$E2E_NAME" "$*" >&2; }

e2e_fail() {
    echo "FAIL $E2E_NAME: $*"
    [[ -z ${E2E_WORK:-} ]] || echo "  logs kept in $E2E_WORK"
    exit 1
}

e2e_skip() {
    if [[ ${CI:-} == true ]]; then
        echo "FAIL $E2E_NAME: $* (a skip is a failure under CI=true)"
        exit 1
    fi
    echo "SKIP $E2E_NAME: $*"
    exit 77
}

# e2e_need PROGRAM...: every peer program must be installed
e2e_need() {
    local p
    for p in "$@"; do
        command -v "$p" >/dev/null 2>&1 || [[ -x $p ]] ||
            e2e_skip "$p is not installed (run tools/install-deps.sh)"
    done
}

# The guest (kernel + busybox initramfs) is built once into the cache and reused by
# every scenario; it is rebuilt when the recipe or the kernel changed.
e2e_guest() {
    local g=$E2E_CACHE/guest kver=""
    mkdir -p "$E2E_CACHE"
    for k in /boot/vmlinuz-*; do
        [[ -d /lib/modules/${k#/boot/vmlinuz-}/kernel ]] && kver=${k#/boot/vmlinuz-}
    done
    (
        flock 8
        if [[ -f $g/initramfs.cpio.gz && -f $g/vmlinuz && $(cat "$g/kernel.version" 2>/dev/null) == "$kver" &&
            $g/initramfs.cpio.gz -nt $E2E_LAB/guest/init.sh && $g/initramfs.cpio.gz -nt $E2E_LAB/guest/build-guest.sh ]]; then
            exit 0
        fi
        e2e_log "building the guest into $g"
        rm -rf "$g"
        "$E2E_LAB/guest/build-guest.sh" "$g" >"$E2E_CACHE/build-guest.log" 2>&1 ||
            { cat "$E2E_CACHE/build-guest.log" >&2; exit 1; }
    ) 8>"$E2E_CACHE/guest.lock" || e2e_fail "guest build failed"
    export GUEST_DIR=$g
}

e2e_setup() {
    [[ -x $VHOSTSNIFF ]] || e2e_fail "$VHOSTSNIFF is not built"
    e2e_need strace python3 flock timeout
    mkdir -p "$E2E_CACHE"
    # One peer set at a time even under "make -j check": the peers poll, boot guests
    # and pin DPDK lcores; two at once only make both slow.
    exec 9>"$E2E_CACHE/e2e.lock"
    flock 9
    E2E_WORK=$E2E_CACHE/$E2E_NAME.$$
    rm -rf "$E2E_WORK"
    mkdir -p "$E2E_WORK"
    E2E_T0=$SECONDS
}

# e2e_run RECIPE SUBCOMMAND FRONT_ROLE SESSIONS
#   Run the recipe with vhostsniff between the sockets A (front-end side) and B
#   (back-end side). FRONT_ROLE is what vhostsniff does on A: listen (the front-end
#   connects: QEMU client, virtio-user) or connect (the front-end listens).
#   vhostsniff writes JSON to $E2E_WORK/vhostsniff.json and exits after SESSIONS
#   sessions; its exit status lands in $E2E_WORK/vhostsniff.rc.
e2e_run() {
    local recipe=$1 sub=$2 role=$3 sessions=$4 rc=0
    E2E_SOCK_A=$E2E_WORK/a.sock
    E2E_SOCK_B=$E2E_WORK/b.sock
    local front back
    if [[ $role == listen ]]; then
        front="--front-listen \"\$SOCK_A\"" back="--back-connect \"\$SOCK_B\""
    else
        front="--front-connect \"\$SOCK_A\"" back="--back-listen \"\$SOCK_B\""
    fi
    # The recipe stops the proxy with SIGTERM if it is still running at the end;
    # pass it on and keep vhostsniff's own exit status.
    local proxy
    proxy="\"\$VHOSTSNIFF\" -T json --sessions $sessions $front $back"
    proxy+=" >\"$E2E_WORK/vhostsniff.json\" 2>\"$E2E_WORK/vhostsniff.log\" & child=\$!;"
    proxy+=" trap 'kill -TERM \$child 2>/dev/null' TERM INT;"
    proxy+=" while kill -0 \$child 2>/dev/null; do wait \$child; done;"
    proxy+=" wait \$child; echo \$? >\"$E2E_WORK/vhostsniff.rc\""
    e2e_log "$recipe $sub through $VHOSTSNIFF ($role/$([[ $role == listen ]] && echo connect || echo listen))"
    WORKDIR=$E2E_WORK/lab STRACE_DIR=$E2E_WORK/strace PROXY_CMD=$proxy \
        timeout -k 10 "${E2E_TIMEOUT:-240}" "$E2E_LAB/$recipe" "$sub" "$E2E_SOCK_A" "$E2E_SOCK_B" \
        >"$E2E_WORK/verdict" 2>"$E2E_WORK/recipe.log" || rc=$?
    E2E_VERDICT=$(grep -E '^(PASS|FAIL) ' "$E2E_WORK/verdict" | tail -n 1 || true)
    e2e_log "recipe: ${E2E_VERDICT:-no verdict} (exit $rc, $((SECONDS - E2E_T0)) s)"
    if [[ $rc -ne 0 || $E2E_VERDICT != PASS* ]]; then
        tail -n 25 "$E2E_WORK/recipe.log" >&2 || true
        tail -n 10 "$E2E_WORK/vhostsniff.log" >&2 || true
        e2e_fail "the session did not work through vhostsniff: ${E2E_VERDICT:-recipe exit $rc}"
    fi
}

# e2e_check TRACE SESSIONS [check-strace.py options...]
#   vhostsniff exited 0, and its JSON equals the front-end's strace ($TRACE.strace).
e2e_check() {
    local trace=$1 sessions=$2 vrc
    shift 2
    vrc=$(cat "$E2E_WORK/vhostsniff.rc" 2>/dev/null || echo "none")
    [[ $vrc == 0 ]] || { tail -n 20 "$E2E_WORK/vhostsniff.log" >&2 || true; e2e_fail "vhostsniff exit status: $vrc"; }
    python3 "$E2E_SRCDIR/tests/e2e/check-strace.py" --strace "$E2E_WORK/strace/$trace.strace" \
        --json "$E2E_WORK/vhostsniff.json" --socket "$E2E_SOCK_A" --sessions "$sessions" "$@" \
        >"$E2E_WORK/check.log" 2>&1 || { cat "$E2E_WORK/check.log"; e2e_fail "vhostsniff's messages differ from the front-end's strace"; }
    cat "$E2E_WORK/check.log"
}

e2e_pass() {
    echo "PASS $E2E_NAME: $E2E_VERDICT ($((SECONDS - E2E_T0)) s)"
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$E2E_WORK"
    exit 0
}
