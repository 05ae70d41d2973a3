# shellcheck shell=bash
# Common functions for the vhost-user lab recipes. Sourced, never executed.
# Adapted from the shared lab; the end-to-end tests (tests/e2e/) drive these recipes.
#
# Provides:
#   log/die                  messages on stderr
#   lab_workdir DIR          create (or reuse) the run's work directory
#   lab_start NAME CMD...    start CMD in the background (optionally under strace),
#                            record its real pid in $WORK/NAME.pid, logs in $WORK/NAME.log
#   lab_stop NAME [SIG]      signal the process, wait for it (bounded), then SIGKILL
#   lab_wait_socket PATH S   wait up to S seconds for a listening UNIX socket
#   lab_wait_log NAME RE S   wait up to S seconds for regex RE in NAME.log
#   lab_start_proxy          start $PROXY_CMD (if set) between socket A and B
#   lab_guest                make sure a guest kernel+initramfs exists, sets GUEST_DIR
#   lab_qemu_base            print the common QEMU arguments, one per line
#   lab_migrate SOCK URI S   migrate the QEMU of QMP socket SOCK to URI (S seconds at most)
#   lab_backend_main ...     the backend, frontend and run commands of a recipe whose
#                            back-end listens and whose front-end boots the guest
#
# Environment understood by every recipe:
#   STRACE_DIR  if set, front-end and back-end run under strace; traces go to
#               $STRACE_DIR/<name>.strace
#   PROXY_CMD   if set (and socket A != socket B), a shell command started between
#               the back-end and the front-end. It sees SOCK_A, SOCK_B, FRONT_ROLE
#               (listen|connect: what the proxy does on A) and BACK_ROLE
#               (connect|listen: what the proxy does on B) in its environment.
#   WRAP_CMD    if set, a shell command that sits on the listening side's own
#               socket (SOCK in its environment; vhostsniff --wrap "$SOCK"), started
#               once that side listens; the recipe waits for SOCK.vhostsniff-wrapped.
#   GUEST_DIR   directory with vmlinuz + initramfs.cpio.gz from guest/build-guest.sh;
#               built into the work directory when unset.
#   KEEP=1      keep the work directory even on success.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Syscalls that carry vhost-user traffic. QEMU (qio-channel-socket) and DPDK use
# sendmsg/recvmsg; libvhost-user (qemu-storage-daemon, virtiofsd, vhost-user-gpu)
# receives the 12-byte header with recvmsg and the payload with read(), and sends the
# header with sendmsg and the payload with write(). DPDK virtio-user receives with
# recv() (recvfrom). readv/writev are kept for completeness.
# The socket calls (connect, bind, accept, socketpair, close) let
# tests/e2e/check-strace.py tell the vhost-user socket's fd from the other fds a peer
# reads and writes (eventfds, the console, files), and follow the back-end channel
# socketpair and fd reuse across reconnects.
STRACE_SYSCALLS=${STRACE_SYSCALLS:-sendmsg,recvmsg,sendto,recvfrom,read,write,readv,writev,connect,bind,accept,accept4,socketpair,close}

LAB_PIDS=()        # names of started processes, in start order
LAB_OWN_WORK=0     # 1 when the work directory was created by us (mktemp)
LAB_RESULT=1       # 0 on PASS; decides whether the work directory is removed

log() { printf '[%s %s] %s\n' "$(date +%T.%3N)" "${LAB_NAME:-lab}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || [[ -x $c ]] || die "missing $c (run tools/install-deps.sh)"
    done
}

lab_workdir() {
    if [[ -n ${1:-} ]]; then
        WORK=$1
        mkdir -p "$WORK"
    else
        WORK=$(mktemp -d "${TMPDIR:-/tmp}/vhlab.XXXXXX")
        LAB_OWN_WORK=1
    fi
    WORK=$(cd "$WORK" && pwd)
    export WORK
}

# Start a command in the background. The command is started through a tiny shell
# that writes its own pid and then execs, so the recorded pid is the real program
# even when strace sits in front of it.
lab_start() {
    local name=$1; shift
    local pidf="$WORK/$name.pid"
    rm -f "$pidf"
    local -a pre=()
    if [[ -n ${STRACE_DIR:-} ]]; then
        mkdir -p "$STRACE_DIR"
        pre=(strace -f -tt -xx -s 65536 -e "trace=$STRACE_SYSCALLS" -o "$STRACE_DIR/$name.strace")
    fi
    "${pre[@]}" sh -c 'echo $$ > "$0.tmp" && mv "$0.tmp" "$0" && shift && exec "$@"' \
        "$pidf" _ "$@" </dev/null >"$WORK/$name.log" 2>&1 &
    echo $! > "$WORK/$name.wrapper"
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -s $pidf ]] && break
        sleep 0.05
    done
    [[ -s $pidf ]] || die "$name did not start"
    LAB_PIDS+=("$name")
    log "started $name (pid $(cat "$pidf"))${STRACE_DIR:+ under strace}"
}

lab_pid() { cat "$WORK/$1.pid" 2>/dev/null || true; }

lab_alive() {
    local pid; pid=$(lab_pid "$1")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# Wait (bounded) for the background process NAME to exit; print its exit status.
lab_wait_exit() {
    local name=$1 secs=$2 wrapper rc=0
    wrapper=$(cat "$WORK/$name.wrapper")
    local deadline=$((SECONDS + secs))
    while kill -0 "$wrapper" 2>/dev/null; do
        ((SECONDS < deadline)) || return 124
        sleep 0.1
    done
    wait "$wrapper" 2>/dev/null || rc=$?
    return "$rc"
}

lab_stop() {
    local name=$1 sig=${2:-TERM} pid wrapper i
    pid=$(lab_pid "$name")
    wrapper=$(cat "$WORK/$name.wrapper" 2>/dev/null || true)
    [[ -n $pid ]] || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name ignored SIG$sig, killing"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    # the wrapper is strace (or the program itself); give strace time to flush
    if [[ -n $wrapper ]]; then
        for ((i = 0; i < 50; i++)); do
            kill -0 "$wrapper" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$wrapper" 2>/dev/null || true
        wait "$wrapper" 2>/dev/null || true
    fi
}

lab_cleanup() {
    local i
    for ((i = ${#LAB_PIDS[@]} - 1; i >= 0; i--)); do
        lab_stop "${LAB_PIDS[i]}" TERM
    done
    LAB_PIDS=()
    if declare -F testpmd_cleanup >/dev/null; then testpmd_cleanup; fi
    if [[ -n ${WORK:-} && -d $WORK ]]; then
        if [[ $LAB_RESULT -eq 0 && $LAB_OWN_WORK -eq 1 && ${KEEP:-0} != 1 ]]; then
            rm -rf "$WORK"
        else
            log "logs kept in $WORK"
        fi
    fi
}

# lab_wait_socket PATH SECS [NAME]: wait for PATH; give up early if process NAME exits
lab_wait_socket() {
    local path=$1 secs=${2:-10} name=${3:-} deadline
    deadline=$((SECONDS + secs))
    until [[ -S $path ]]; do
        ((SECONDS < deadline)) || { log "timeout waiting for socket $path"; return 1; }
        if [[ -n $name ]] && ! lab_alive "$name"; then
            log "$name exited before creating $path:"; tail -n 5 "$WORK/$name.log" >&2; return 1
        fi
        sleep 0.05
    done
}

lab_wait_log() {
    local name=$1 re=$2 secs=${3:-10} deadline
    deadline=$((SECONDS + secs))
    until grep -Eq -- "$re" "$WORK/$name.log" 2>/dev/null; do
        ((SECONDS < deadline)) || { log "timeout waiting for /$re/ in $name.log"; return 1; }
        lab_alive "$name" || { log "$name exited while waiting for /$re/"; return 1; }
        sleep 0.05
    done
}

# Start the optional proxy. $1 = front role (listen|connect), $2 = back role,
# $3 = its process name (default proxy; PROXY_NAME in its environment).
# Returns without doing anything when PROXY_CMD is empty or SOCK_A == SOCK_B
# (and WRAP_CMD is empty).
lab_start_proxy() {
    # WRAP_CMD: a proxy that sits on the listening side's own socket (vhostsniff
    # --wrap "$SOCK"), started once it listens; the other side then uses that path.
    if [[ -n ${WRAP_CMD:-} ]]; then
        lab_start proxy env SOCK="$SOCK_A" bash -c "$WRAP_CMD"
        local i
        for ((i = 0; i < 100; i++)); do
            [[ -S $SOCK_A.vhostsniff-wrapped ]] && return 0
            lab_alive proxy || break
            sleep 0.1
        done
        die "the proxy did not wrap $SOCK_A"
    fi
    [[ -n ${PROXY_CMD:-} && $SOCK_A != "$SOCK_B" ]] || return 0
    local saved=${STRACE_DIR:-}
    STRACE_DIR=''   # the proxy is not traced by the recipe
    lab_start "${3:-proxy}" env FRONT_ROLE="$1" BACK_ROLE="$2" SOCK_A="$SOCK_A" SOCK_B="$SOCK_B" \
        PROXY_NAME="${3:-proxy}" bash -c "$PROXY_CMD"
    STRACE_DIR=$saved
    if [[ $1 == listen ]]; then
        lab_wait_socket "$SOCK_A" 10 || die "proxy did not listen on $SOCK_A"
    fi
}

# lab_migrate QMP URI SECS: migrate the QEMU of the QMP socket QMP to URI, waiting
# (bounded) until the migration completed, then quit it (a source stays paused).
# One QMP connection does it all (QEMU's QMP socket serves one client at a time).
# Fails when the migration failed or did not end in time.
lab_migrate() {
    python3 - "$@" <<'PY'
import json, socket, sys, time
qmp, uri, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
s = socket.socket(socket.AF_UNIX)
s.settimeout(secs)
s.connect(qmp)
f = s.makefile("rw")
def call(cmd, args=None):
    f.write(json.dumps({"execute": cmd, **({"arguments": args} if args else {})}) + "\n")
    f.flush()
    while True:
        m = json.loads(f.readline())
        if "return" in m:
            return m["return"]
        if "error" in m:
            sys.exit(f"QMP {cmd}: {m['error'].get('desc')}")
json.loads(f.readline())  # the greeting
call("qmp_capabilities")
call("migrate", {"uri": uri})
deadline = time.monotonic() + secs
status = ""
while time.monotonic() < deadline:
    info = call("query-migrate")
    status = info.get("status", "")
    if status in ("completed", "failed", "cancelled"):
        break
    time.sleep(0.2)
print(f"migration to {uri}: {status or 'no status'} "
      f"(total {info.get('total-time', '?')} ms, downtime {info.get('downtime', '?')} ms)",
      file=sys.stderr)
if status != "completed":
    sys.exit(1)
try:
    call("quit")
except (OSError, ValueError):
    pass
PY
}

lab_guest() {
    if [[ -n ${GUEST_DIR:-} && -f $GUEST_DIR/vmlinuz && -f $GUEST_DIR/initramfs.cpio.gz ]]; then
        return 0
    fi
    GUEST_DIR=${GUEST_DIR:-$WORK/guest}
    log "building guest into $GUEST_DIR"
    "$LAB_DIR/guest/build-guest.sh" "$GUEST_DIR" >"$WORK/build-guest.log" 2>&1 ||
        { cat "$WORK/build-guest.log" >&2; die "guest build failed"; }
}

# Accelerator for the guest. VHLAB_ACCEL=kvm|tcg|auto (default auto).
# auto picks KVM when /dev/kvm is usable, except on hosts whose /dev/kvm is the
# "kvm_pvm" module (PVM nested virtualization): PVM only runs PVM-enabled guest
# kernels; an ordinary Debian kernel is emulated instruction by instruction there and
# does not finish booting within minutes, while TCG boots it in ~4 s.
lab_accel() {
    local a=${VHLAB_ACCEL:-auto}
    if [[ $a == auto ]]; then
        if [[ -w /dev/kvm && ! -d /sys/module/kvm_pvm ]]; then a=kvm; else a=tcg; fi
    fi
    echo "$a"
}

# Common QEMU arguments: shared memfd RAM (vhost-user needs share=on), no default
# devices, serial console into $WORK/console.log, direct kernel boot.
# $1 = workload (blk|net|fs|gpu), $2 = extra kernel command line.
# SMP: the guest's vCPUs (default 1). Linux gives each vCPU its own virtqueue
# of a multiqueue device (virtio-blk num-queues, virtio-net queues), so a
# scenario that wants I/O on 2 queues asks for SMP=2; under TCG a second vCPU
# costs boot time (tests/lab/README.md), so the others keep 1.
lab_qemu_base() {
    local wl=$1 extra=${2:-} accel cpu
    accel=$(lab_accel)
    # -arch-capabilities: some nested hosts refuse MSR 0x10a and QEMU aborts
    # ("failed to set MSR 0x10a"); the guest does not need it.
    if [[ $accel == kvm ]]; then cpu=host,-arch-capabilities; else cpu=max; fi
    printf '%s\n' \
        -nodefaults -no-user-config -display none -no-reboot \
        -machine "q35,accel=$accel,memory-backend=mem" -cpu "$cpu" -smp "${SMP:-1}" -m 256M \
        -object memory-backend-memfd,id=mem,size=256M,share=on \
        -serial "file:$WORK/console.log" -monitor none \
        -kernel "$GUEST_DIR/vmlinuz" -initrd "$GUEST_DIR/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet panic=-1 vhlab=$wl $extra"
}

# lab_wait_log_count NAME RE N SECS: wait until regex RE matches N lines of NAME.log
lab_wait_log_count() {
    local name=$1 re=$2 n=$3 secs=${4:-10} deadline c
    deadline=$((SECONDS + secs))
    while :; do
        c=$(grep -Ec -- "$re" "$WORK/$name.log" 2>/dev/null || true)
        ((${c:-0} >= n)) && return 0
        ((SECONDS < deadline)) || { log "timeout waiting for $n x /$re/ in $name.log (saw ${c:-0})"; return 1; }
        lab_alive "$name" || { log "$name exited while waiting for /$re/"; return 1; }
        sleep 0.05
    done
}

# lab_backend_main NAME WHAT SOCK CMD ARGS...: the commands of a recipe whose
# back-end listens on SOCK_B and whose front-end is QEMU booting the lab guest
# (blk-qsd.sh, fs-virtiofsd.sh):
#   backend WORKDIR SOCK_B     the back-end's files in WORKDIR, the back-end run in
#                              the foreground on SOCK_B (under strace with STRACE_DIR)
#   frontend WORKDIR SOCK_A    the front-end against SOCK_A, and the verdict
#   run [SOCK_A [SOCK_B]]      both, and the proxy between them (default socket:
#                              WORK/SOCK)
# NAME: the back-end's process name (its log, its strace file); WHAT: what it is
# called in a message. The recipe defines usage, lab_backend_prepare (the
# back-end's files in WORK), lab_backend_cmd S (the back-end's command line
# listening on S, in the array LAB_BACKEND) and run_frontend SOCK_A.
lab_backend_main() {
    local name=$1 what=$2 sock=$3 cmd=$4
    shift 4
    case $cmd in
    backend)
        [[ $# -eq 2 ]] || usage
        lab_workdir "$1"
        lab_backend_prepare
        rm -f "$2"
        lab_backend_cmd "$2"
        if [[ -n ${STRACE_DIR:-} ]]; then
            mkdir -p "$STRACE_DIR"
            exec strace -f -tt -xx -s 65536 -e "trace=$STRACE_SYSCALLS" -o "$STRACE_DIR/$name.strace" "${LAB_BACKEND[@]}"
        fi
        exec "${LAB_BACKEND[@]}"
        ;;
    frontend)
        [[ $# -eq 2 ]] || usage
        lab_workdir "$1"
        trap lab_cleanup EXIT
        trap 'exit 130' INT TERM
        run_frontend "$2"
        ;;
    run)
        lab_workdir "${WORKDIR:-}"
        trap lab_cleanup EXIT
        trap 'exit 130' INT TERM
        SOCK_B=${2:-${1:-$WORK/$sock}}
        SOCK_A=${1:-$SOCK_B}
        rm -f "$SOCK_A" "$SOCK_B"
        lab_backend_prepare
        lab_backend_cmd "$SOCK_B"
        lab_start "$name" "${LAB_BACKEND[@]}"
        lab_wait_socket "$SOCK_B" 15 "$name" || die "$what did not listen on $SOCK_B"
        lab_start_proxy listen connect
        run_frontend "$SOCK_A"
        ;;
    *) usage ;;
    esac
}

# Fail unless a regex appears on the guest console.
lab_console_has() { grep -Eq -- "$1" "$WORK/console.log" 2>/dev/null; }

lab_verdict() {
    if [[ $1 -eq 0 ]]; then
        LAB_RESULT=0
        echo "PASS $LAB_NAME${2:+ ($2)}"
    else
        LAB_RESULT=1
        echo "FAIL $LAB_NAME${2:+ ($2)}"
        if [[ -f $WORK/console.log ]]; then
            log "guest console (tail):"; tail -n 30 "$WORK/console.log" >&2
        fi
    fi
    return "$1"
}
