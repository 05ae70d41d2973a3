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
# e2e_check also reads vhostsniff's capture back (e2e_capture_check): -r, libpcap and
# tshark with the plugin must give what vhostsniff printed live. A recipe with two
# proxies (run-migrate: proxy and proxy-dst) gets two vhostsniffs, the second one's
# files named with -dst (vhostsniff-dst.json, capture-dst.pcapng); E2E_TAG=-dst
# e2e_check ... checks those.
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
#   vhostsniff writes JSON to $E2E_WORK/vhostsniff.json and its capture to
#   $E2E_WORK/capture.pcapng, and exits after SESSIONS sessions; its exit status
#   lands in $E2E_WORK/vhostsniff.rc. A second proxy of the recipe (PROXY_NAME
#   proxy-NAME) writes vhostsniff-NAME.json, capture-NAME.pcapng, vhostsniff-NAME.rc.
#   E2E_SNIFF_ARGS: more vhostsniff options (words, no quoting), e.g. --rings.
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
    proxy="tag=\${PROXY_NAME#proxy};"
    proxy+=" \"\$VHOSTSNIFF\" -T json --sessions $sessions ${E2E_SNIFF_ARGS:-} $front $back -w \"$E2E_WORK/capture\$tag.pcapng\""
    proxy+=" >\"$E2E_WORK/vhostsniff\$tag.json\" 2>\"$E2E_WORK/vhostsniff\$tag.log\" & child=\$!;"
    proxy+=" trap 'kill -TERM \$child 2>/dev/null' TERM INT;"
    proxy+=" while kill -0 \$child 2>/dev/null; do wait \$child; done;"
    proxy+=" wait \$child; echo \$? >\"$E2E_WORK/vhostsniff\$tag.rc\""
    E2E_CAPTURED=1
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
#   vhostsniff exited 0, its JSON equals the front-end's strace ($TRACE.strace) with
#   no malformed message and no error finding, and (after e2e_run, which records
#   one) its capture reads back as the JSON it printed (e2e_capture_check). E2E_TAG (-dst) names a second proxy's files
#   and socket ($E2E_SOCK_A$E2E_TAG).
e2e_check() {
    local trace=$1 sessions=$2 vrc tag=${E2E_TAG:-}
    shift 2
    vrc=$(cat "$E2E_WORK/vhostsniff$tag.rc" 2>/dev/null || echo "none")
    [[ $vrc == 0 ]] || { tail -n 20 "$E2E_WORK/vhostsniff$tag.log" >&2 || true; e2e_fail "vhostsniff$tag exit status: $vrc"; }
    python3 "$E2E_SRCDIR/tests/e2e/check-strace.py" --strace "$E2E_WORK/strace/$trace.strace" \
        --json "$E2E_WORK/vhostsniff$tag.json" --socket "$E2E_SOCK_A${tag:+.${tag#-}}" --sessions "$sessions" "$@" \
        >"$E2E_WORK/check$tag.log" 2>&1 || { cat "$E2E_WORK/check$tag.log"; e2e_fail "vhostsniff$tag's messages differ from the front-end's strace"; }
    cat "$E2E_WORK/check$tag.log"
    [[ ${E2E_CAPTURED:-0} == 1 ]] || return 0
    e2e_capture_check "$E2E_WORK/capture$tag.pcapng" "$E2E_WORK/vhostsniff$tag.json"
}

# e2e_capture_check CAPTURE LIVE_JSON: the capture vhostsniff wrote reads back as what
# it printed live: vhostsniff -r prints the same JSON line for line, capinfos and
# libpcap count every frame, tshark with the build tree's plugin shows the same
# requests and reply flags without a dissector exception (cap_check_session of
# tests/test-capture-lib.sh, the checks of tests/test-capture-peers.sh). The ring
# snapshots, inflight queues and dirty-log counts of --rings are in the capture and
# read back the same; --stats reports
# are not in a capture: they are left out of LIVE_JSON.
e2e_capture_check() {
    local cap=$1 live=$2
    [[ -s $cap ]] || e2e_fail "no capture at $cap"
    if [[ -z ${CAP_WORK:-} ]]; then
        CAP_NAME=$E2E_NAME
        # shellcheck source=../test-capture-lib.sh
        source "$E2E_SRCDIR/tests/test-capture-lib.sh"
        # cap_skip and cap_fail leave the way e2e_skip and e2e_fail do
        cap_init
    fi
    # tshark runs as nobody (see cap_as_user): the capture goes where it may read it
    cp "$cap" "$CAP_WORK/$(basename "$cap")"
    # What a capture does not hold: the --stats reports, which -r prints
    # only when asked.
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    event = json.loads(line).get("event")
    if event in ("stats", "port_stats"):
        continue
    sys.stdout.write(line)' "$live" >"$CAP_WORK/live-captured.json" ||
        e2e_fail "$live is not JSON lines"
    cap_check_session "$CAP_WORK/$(basename "$cap")" "$CAP_WORK/live-captured.json"
}

# e2e_eventfds_start / e2e_eventfds_stop: sample the eventfd ids the front-end (its
# command line names socket A) and the back-end (socket B) hold while a recipe runs,
# into $E2E_WORK/eventfds.json (tests/e2e/sample-eventfds.py).
e2e_eventfds_start() {
    python3 "$E2E_SRCDIR/tests/e2e/sample-eventfds.py" --out "$E2E_WORK/eventfds.json" \
        "front=$E2E_WORK/a.sock" "back=$E2E_WORK/b.sock" &
    E2E_SAMPLER=$!
}

e2e_eventfds_stop() {
    kill -TERM "$E2E_SAMPLER" 2>/dev/null || true
    wait "$E2E_SAMPLER" 2>/dev/null || true
    [[ -s $E2E_WORK/eventfds.json ]] || e2e_fail "no eventfd sample"
}

# ---- the blk-qsd recipe as tests/e2e/blk-qsd.sh runs it ----------------------------
# QEMU vhost-user-blk-pci with the lab guest <-> vhostsniff <-> qemu-storage-daemon,
# 2 virtqueues (num-queues=2 on the export and the device); its scenarios
# (blk-qsd*.sh, kicks-, diff-, replay-blk-qsd.sh) start and check it alike.

# e2e_blk_qsd_setup: QEMU and qemu-storage-daemon installed, the work directory and
# the guest, QUEUES=2 for the recipe; then e2e_run blk-qsd.sh run listen 1 runs one
# session of it.
e2e_blk_qsd_setup() {
    e2e_need qemu-system-x86_64 qemu-storage-daemon
    e2e_setup
    e2e_guest
    export QUEUES=2
}

# e2e_blk_qsd_check: e2e_check of a run against QEMU's strace, which must show the
# memory by ADD_MEM_REG after GET_MAX_MEM_SLOTS, the back-end channel, the vrings.
e2e_blk_qsd_check() {
    e2e_check qemu 1 --require 1:1,15,16,36,21,37,8,10,9,12,11
}

e2e_pass() {
    echo "PASS $E2E_NAME: $E2E_VERDICT ($((SECONDS - E2E_T0)) s)"
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$E2E_WORK" "${CAP_WORK:-/nonexistent}"
    exit 0
}

# ---- faults with real peers (tests/e2e/fault-*.sh, valgrind-*.sh) ----------------
# These scenarios start the peers one by one with the lab's functions (lab_start,
# lab_stop, testpmd_cmd ...), kill or restart one of them, and run the same fault once
# without vhostsniff and once through it. The peer runs hold /tmp/vhostsniff-peers.lock.

# e2e_lab [WORKSUBDIR]: use the lab's functions in $E2E_WORK (or a subdirectory of it)
e2e_lab() {
    if [[ -z ${LAB_DIR:-} ]]; then
        LAB_NAME=$E2E_NAME
        # shellcheck source=../lab/lib/common.sh
        source "$E2E_LAB/lib/common.sh"
        # shellcheck source=../lab/lib/dpdk.sh
        source "$E2E_LAB/lib/dpdk.sh"
        trap 'lab_cleanup' EXIT
        trap 'exit 130' INT TERM
    fi
    lab_workdir "$E2E_WORK${1:+/$1}"
}

# e2e_peers_lock: one heavy peer run on the machine at a time (held until exit).
# When a caller already holds the lock (flock /tmp/vhostsniff-peers.lock make check),
# taking it again from here would wait for ourselves: an ancestor holding it is enough.
e2e_peers_lock() {
    local lock=/tmp/vhostsniff-peers.lock ino holders p
    exec 7>>"$lock"
    ino=$(stat -c %i "$lock")
    holders=" $(awk -v ino="$ino" '$2 == "FLOCK" { split($6, f, ":"); if (f[3] == ino) printf "%s ", $5 }' /proc/locks) "
    p=$$
    while [[ $p -gt 1 ]]; do
        [[ $holders != *" $p "* ]] || { e2e_log "$lock is held by our caller (pid $p)"; return 0; }
        p=$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null || echo 1)
    done
    flock 7
}

# e2e_sniff SESSIONS ARGS...: start vhostsniff (as lab process "vhostsniff", under
# $E2E_SNIFF_WRAP when set, e.g. valgrind) with -T json, exiting after SESSIONS
# sessions; JSON in $E2E_WORK/vhostsniff.json, messages in $E2E_WORK/vhostsniff.log.
e2e_sniff() {
    local sessions=$1
    shift
    lab_start vhostsniff bash -c 'out=$1 err=$2; shift 2; exec "$@" >"$out" 2>"$err"' _ \
        "$E2E_WORK/vhostsniff.json" "$E2E_WORK/vhostsniff.log" \
        ${E2E_SNIFF_WRAP:-} "$VHOSTSNIFF" -T json --sessions "$sessions" "$@"
}

# e2e_sniff_wait SECS: wait for vhostsniff to exit by itself; fail unless it exits 0
e2e_sniff_wait() {
    local rc=0
    lab_wait_exit vhostsniff "$1" || rc=$?
    [[ $rc -ne 124 ]] || { lab_stop vhostsniff TERM; e2e_fail "vhostsniff did not exit after its sessions"; }
    echo "$rc" >"$E2E_WORK/vhostsniff.rc"
    [[ $rc -eq 0 ]] || { tail -n 20 "$E2E_WORK/vhostsniff.log" >&2; e2e_fail "vhostsniff exit status $rc"; }
}

# e2e_wait_json SECS PYTHON-EXPR: wait until a JSON line L of vhostsniff satisfies EXPR
e2e_wait_json() {
    local secs=$1 expr=$2 deadline=$((SECONDS + $1))
    until python3 - "$E2E_WORK/vhostsniff.json" "$expr" <<'PY'
import json, sys
ok = False
for line in open(sys.argv[1], errors="replace"):
    try:
        L = json.loads(line)
    except ValueError:
        continue
    if eval(sys.argv[2], {"L": L}):
        ok = True
sys.exit(0 if ok else 1)
PY
    do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# e2e_session_end N: print the reason vhostsniff gave for the end of session N
e2e_session_end() {
    python3 - "$E2E_WORK/vhostsniff.json" "$1" <<'PY'
import json, sys
for line in open(sys.argv[1], errors="replace"):
    L = json.loads(line)
    if L.get("event") == "session_end" and L.get("session") == int(sys.argv[2]):
        print(L.get("reason", ""))
PY
}

# e2e_expect_session_end N SIDE [SECS]: vhostsniff ended session N (waiting up to SECS
# seconds for its session_end when SECS is given) with a reason that names SIDE, the
# peer whose end ended it: front or back ("any" checks no name). The reason is left in
# E2E_END_REASON.
e2e_expect_session_end() {
    local n=$1 side=$2 secs=${3:-}
    if [[ -n $secs ]]; then
        e2e_wait_json "$secs" "L.get(\"event\") == \"session_end\" and L.get(\"session\") == $n" ||
            e2e_fail "vhostsniff did not end session $n"
    fi
    E2E_END_REASON=$(e2e_session_end "$n")
    e2e_log "vhostsniff: session $n ended: $E2E_END_REASON"
    [[ $side == any || $E2E_END_REASON == *"$side"* ]] ||
        e2e_fail "session $n's end does not name the $side-end: '$E2E_END_REASON'"
}

# e2e_last_request N FROM: the last request code session N's FROM side sent (main channel)
e2e_last_request() {
    python3 - "$E2E_WORK/vhostsniff.json" "$1" "$2" <<'PY'
import json, sys
last = ""
for line in open(sys.argv[1], errors="replace"):
    L = json.loads(line)
    if L.get("session") == int(sys.argv[2]) and L.get("from") == sys.argv[3] and \
            L.get("channel") == "main" and "request" in L:
        last = L["request"]
print(last)
PY
}

# e2e_dpdk_outcome LOG: the lines of a testpmd log that say how its vhost-user session
# went wrong (errors of the vhost/virtio-user drivers, EAL's exit cause), without the
# timestamps, pids and paths that differ from run to run
e2e_dpdk_outcome() {
    grep -E 'vhost_user|virtio_user|VHOST_CONFIG|vdev_probe|EAL: Error|Cause:|Fail:' "$1" |
        grep -Ev 'read message|new device|negotiated|protocol features|setting|guest memory|region|vring|mapped|log_base|set queue|virtq|Virtio features|features:|new vhost user connection|vhost-user server: socket created|bind to|pmd_probe|Initializing pmd|Creating queue' |
        sed -E 's#\([^)]*\.sock\)#(SOCK)#g; s#/[^ ]*\.sock#SOCK#g; s#vhlab-[a-z0-9-]*#PREFIX#g' || true
}

# e2e_replace_peer OLD SOCKET: a restarted peer. The new one already listens on
# SOCKET.next; its socket takes the place of OLD's, so that the side that reconnects
# dials it at the same path, and OLD is SIGKILLed.
e2e_replace_peer() {
    mv -f "$2.next" "$2"
    lab_stop "$1" KILL
}

# e2e_expect_traffic LABEL PEER...: the testpmd PEERs forward for DURATION seconds (3),
# are stopped with SIGINT in that order, and each must have received and sent packets
# ("LABEL: no packets" otherwise). Their counters, "PEER RX=n PEER TX=n ...", are left
# in E2E_COUNTERS.
e2e_expect_traffic() {
    local label=$1 p d v
    shift
    sleep "${DURATION:-3}"
    for p in "$@"; do
        lab_stop "$p" INT
    done
    E2E_COUNTERS=""
    for p in "$@"; do
        for d in RX TX; do
            v=$(testpmd_counter "$p" "$d")
            E2E_COUNTERS+="$p $d=${v:-?} "
            [[ $v =~ ^[0-9]+$ && $v -gt 0 ]] || e2e_fail "$label: no packets ($E2E_COUNTERS)"
        done
    done
    e2e_log "$label: $E2E_COUNTERS"
}

# e2e_expect_whole_session JSON NAME...: vhostsniff's -T json output saw one whole
# session (it starts with session_start and ends with session_end), every NAME
# among its messages, and no message marked malformed.
e2e_expect_whole_session() {
    local json=$1
    shift
    python3 - "$json" "$@" <<'PY' || e2e_fail "vhostsniff did not see the whole session"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
names = [l.get("name") for l in lines if "name" in l]
events = [l["event"] for l in lines if "event" in l]
missing = [n for n in sys.argv[2:] if n not in names]
bad = [l for l in lines if l.get("malformed")]
if missing or bad or events[:1] != ["session_start"] or events[-1:] != ["session_end"]:
    print("missing %s, malformed %d, events %s" % (missing, len(bad), events)); sys.exit(1)
print("vhostsniff saw %d messages" % len(names))
PY
}

# e2e_expect_unwrapped DIR: nothing of a --wrap is left in DIR (neither an
# original's name aside nor vhostsniff's temporary socket).
e2e_expect_unwrapped() {
    local leftover
    leftover=$(find "$1" -maxdepth 1 \( -name '*.vhostsniff-wrapped' -o -name '.vhostsniff-*.sock' \))
    [[ -z $leftover ]] || e2e_fail "the wrap left $leftover"
}

# e2e_compare WHAT FILE_WITHOUT FILE_WITH: the two outcomes must be equal
e2e_compare() {
    if ! diff -u "$2" "$3" >"$E2E_WORK/$1.diff"; then
        cat "$E2E_WORK/$1.diff" >&2
        e2e_fail "$1: the outcome through vhostsniff differs from the outcome without it"
    fi
    e2e_log "$1: same outcome without and with vhostsniff:"
    sed 's/^/    /' "$2" >&2
}

# e2e_strace_join OUT TRACE...: the traces of front-ends that ran one after the other,
# as one trace for check-strace.py (sessions in connection order). A process's fds
# all close when it ends; that is written out, so that a later process's fd of the
# same number is not taken for the earlier one's socket.
e2e_strace_join() {
    local out=$1 t fd
    shift
    : >"$out"
    for t in "$@"; do
        cat "$t" >>"$out"
        for ((fd = 3; fd < 1024; fd++)); do echo "0 close($fd) = 0"; done >>"$out"
    done
}

# e2e_dpdk_vhost_outcome LOG: what DPDK vhost (testpmd net_vhost) logged about its
# vhost-user connections: the messages it read, what it did with them, how the
# connection ended; fd numbers, addresses and paths made neutral
e2e_dpdk_vhost_outcome() {
    grep -E 'VHOST_CONFIG|vhost|Port 0: (link|queue)' "$1" | grep -Ev 'socket created|binding succeeded|mp_socket' |
        sed -E 's#\([^)]*\.sock\)#(SOCK)#g; s#/[^ ]*\.sock#SOCK#g; s#0x[0-9a-f]+#0xN#g;
            s#(fd:|is|file:) ?[0-9]+#\1 N#g' || true
}

# e2e_strace_close TRACE SOCKET [SESSION]: how one peer's side of a vhost-user
# connection ended, from its strace (the trace format of lab_start's STRACE_DIR).
# The connection is the SESSION-th (1) one on SOCKET, found as check-strace.py finds
# it (a connect() to SOCKET, an accept() on a socket bound to it; a front-end's
# back-end channel too). From the first call on one of its fds after the last
# message moved that is neither a transfer nor EAGAIN (an EOF, an error, a close) to
# the close of the last of them: the calls on those fds (MAIN, BACKEND) and every
# close() of another fd in between, one line each, "name(FD) = result [ERRNO]";
# the other fds keep their numbers. A call on a closed fd's number that fails with
# EBADF still belongs to it (a second close); any other use means the number was
# reused, and ends the list. "(still open)" when the connection has not ended.
e2e_strace_close() {
    python3 - "$E2E_SRCDIR/tests/e2e/check-strace.py" "$1" "$2" "${3:-1}" <<'PY'
import importlib.util, re, sys
spec = importlib.util.spec_from_file_location("check_strace", sys.argv[1])
cs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cs)
trace, sock, session = sys.argv[2], sys.argv[3], int(sys.argv[4])
conns = [c for c in cs.parse_strace(trace, sock)[0] if c.session == session]
if not conns:
    print(f"(no connection {session} on the socket)")
    sys.exit(0)
names = {c.fd: "MAIN" if c.channel == "main" else "BACKEND" for c in conns}
last = max((i for c in conns for s in (c.sent, c.received) for _, i, _ in s.calls), default=-1)
started, closed, out = False, set(), []
for index, (_, name, args, ret, tail) in enumerate(cs.strace_calls(trace)):
    if index <= last:
        continue
    m = re.match(r"\s*(\d+)", args)
    fd = int(m.group(1)) if m else None
    err = tail.split()[0] if ret == -1 and tail.split() else ""
    mine = fd in names and name not in ("socketpair", "bind")
    if not started:
        if not mine or (name != "close" and ret is not None and ret > 0) or err == "EAGAIN":
            continue
        started = True
    if closed == set(names) and not (mine and err == "EBADF"):
        break
    if mine:
        if fd in closed and err != "EBADF":
            break
        what = names[fd]
    elif name == "close":
        what = str(fd)
    else:
        continue
    out.append(f"{name}({what}) = {'?' if ret is None else ret}{' ' + err if err else ''}")
    if mine and name == "close" and ret == 0:
        closed.add(fd)
print("\n".join(out) if closed == set(names) else "\n".join(out + ["(still open)"]))
PY
}

# e2e_expect_json DESCRIPTION PYTHON-EXPR [JSON]: some line L of vhostsniff's JSON
# (default $E2E_WORK/vhostsniff.json) satisfies EXPR, else fail with DESCRIPTION
e2e_expect_json() {
    python3 - "${3:-$E2E_WORK/vhostsniff.json}" "$2" <<'PY' || e2e_fail "not in vhostsniff's output: $1"
import json, sys
for line in open(sys.argv[1], errors="replace"):
    L = json.loads(line)
    if eval(sys.argv[2], {"L": L}):
        sys.exit(0)
sys.exit(1)
PY
    e2e_log "seen: $1"
}

# e2e_expect_vrings N [JSON]: the front-end set up each of the vrings 0..N-1 with the
# back-end: its call eventfd (SET_VRING_CALL, 13) and SET_VRING_ENABLE (18). (A guest
# with one vCPU gives addresses and kicks to the first queue only: QEMU starts no
# other; the rest of the device's queues get their call fd and enable.)
e2e_expect_vrings() {
    local i r
    for ((i = 0; i < $1; i++)); do
        for r in 13 18; do
            e2e_expect_json "request $r for vring $i" \
                "L.get('request') == $r and L.get('from') == 'front' and L.get('payload', {}).get('vring.index') == $i" "${2:-}"
        done
    done
}
