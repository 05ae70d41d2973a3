#!/bin/bash
# vhost-user-net: QEMU (netdev vhost-user + virtio-net-pci, guest vhlab=net) as
# front-end <-> DPDK testpmd --vdev net_vhost0 as back-end. testpmd runs in
# "icmpecho" forwarding mode: it answers the guest's ARP requests and ICMP echo
# requests, so the guest's "ping 10.0.0.1" gets replies through the vhost rings.
#
# Usage:
#   net-qemu-dpdk.sh run [SOCK_A [SOCK_B]]
#       testpmd listens on SOCK_B, QEMU connects to SOCK_A
#       (proxy: FRONT_ROLE=listen BACK_ROLE=connect)
#   net-qemu-dpdk.sh run-reverse [SOCK_A [SOCK_B]]
#       QEMU listens on SOCK_A (chardev server=on), testpmd connects to SOCK_B
#       (net_vhost client=1) (proxy: FRONT_ROLE=connect BACK_ROLE=listen)
#   net-qemu-dpdk.sh run-reconnect [SOCK_A [SOCK_B]]
#       like run, with QEMU chardev reconnect=1: once the first session's handshake
#       is done (testpmd logged SET_VRING_ERR twice), a second testpmd is started on
#       SOCK_B.next, renamed over SOCK_B, and the first one is SIGKILLed (a back-end
#       crash with a replacement ready, so that the reconnect always finds it). QEMU
#       reconnects (through the proxy, when there is one: a second session) and the
#       guest's traffic goes through the second testpmd.
#   net-qemu-dpdk.sh backend SOCK_B [client]   testpmd in the foreground (SIGINT stops)
# Without a proxy SOCK_A == SOCK_B (default WORKDIR/vhost-user-net.sock).
#
# PASS means: the guest booted, brought eth0 up and sent packets (its tx counter > 0),
# received packets (rx > 0, the ARP/ICMP replies from testpmd), and testpmd's RX and
# TX counters are non-zero. The ping result is reported (VHLAB-NET-PING-OK).
# run-reconnect: the same checks against the second testpmd, which also must have
# logged a connection and a full handshake.
# Environment: WORKDIR, STRACE_DIR (traces testpmd.strace, qemu.strace), GUEST_DIR,
# VHLAB_ACCEL, TIMEOUT (default 90), PROXY_CMD, KEEP=1. Run time: ~15 s.
set -euo pipefail
LAB_NAME=net-qemu-dpdk
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/dpdk.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/dpdk.sh"

usage() { sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

be_cmd() { # $1 socket, $2 "client" or "", $3 instance name (default testpmd)
    local v="net_vhost0,iface=$1,queues=1"
    [[ ${2:-} != client ]] || v+=",client=1"
    testpmd_cmd "${3:-testpmd}" 0,1 "$v" icmpecho
}

qemu_cmd() { # $1 socket, $2 "server", "reconnect" or ""
    local chr="socket,id=vun0,path=$1"
    [[ ${2:-} != server ]] || chr+=",server=on,wait=on"
    [[ ${2:-} != reconnect ]] || chr+=",reconnect=1"
    # QEMU 7.2 without KVM (TCG: no irqfd) segfaults in msix_set_vector_notifiers
    # when vhost-user-net starts with MSI-X enabled; vectors=0 (INTx) avoids it.
    local vec=""
    [[ $(lab_accel) != tcg ]] || vec=",vectors=0"
    mapfile -t QEMU < <(lab_qemu_base net "vhlab.ip=10.0.0.2/24 vhlab.peer=10.0.0.1")
    QEMU=(timeout -s KILL "${TIMEOUT:-90}" qemu-system-x86_64 "${QEMU[@]}"
        -chardev "$chr" -netdev vhost-user,id=net0,chardev=vun0,queues=1
        -device virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56$vec)
}

run_net() { # $1 = normal|reverse
    local mode=$1 t0
    SOCK_B=${3:-${2:-$WORK/vhost-user-net.sock}}
    SOCK_A=${2:-$SOCK_B}
    rm -f "$SOCK_A" "$SOCK_B" "$WORK/console.log"
    lab_guest
    t0=$SECONDS
    if [[ $mode == normal ]]; then
        be_cmd "$SOCK_B"
        lab_start testpmd "${TESTPMD[@]}"
        lab_wait_socket "$SOCK_B" 20 testpmd || die "testpmd did not listen on $SOCK_B"
        testpmd_wait_fwd testpmd 20 || die "testpmd did not start"
        lab_start_proxy listen connect
        qemu_cmd "$SOCK_A"
        lab_start qemu "${QEMU[@]}"
    else
        qemu_cmd "$SOCK_A" server
        lab_start qemu "${QEMU[@]}"
        lab_wait_socket "$SOCK_A" 20 qemu || die "QEMU did not listen on $SOCK_A"
        lab_start_proxy connect listen
        [[ $SOCK_A == "$SOCK_B" ]] || lab_wait_socket "$SOCK_B" 20 proxy || die "nothing listens on $SOCK_B"
        be_cmd "$SOCK_B" client
        lab_start testpmd "${TESTPMD[@]}"
    fi
    net_verdict "$mode" testpmd "$t0"
}

# Wait for QEMU, stop the testpmd instance $2 and judge the run ($1 = mode, $3 = start).
net_verdict() {
    local mode=$1 pmd=$2 t0=$3 rc=0
    lab_wait_exit qemu $(( ${TIMEOUT:-90} + 5 )) || rc=$?
    log "front-end exited with $rc after $((SECONDS - t0)) s"
    lab_stop "$pmd" INT
    local rx tx grx gtx ok=0 why=""
    rx=$(testpmd_counter "$pmd" RX); tx=$(testpmd_counter "$pmd" TX)
    read -r gtx grx < <(sed -n 's/.*VHLAB-NET-COUNTERS tx_packets=\([0-9]*\) rx_packets=\([0-9]*\).*/\1 \2/p' \
        "$WORK/console.log" 2>/dev/null | tail -n 1) || true
    [[ $rc -eq 0 ]] || { ok=1; why+="qemu exit $rc; "; }
    lab_console_has 'VHLAB-DONE 0' || { ok=1; why+="guest workload failed; "; }
    [[ ${gtx:-0} -gt 0 && ${grx:-0} -gt 0 ]] || { ok=1; why+="guest tx=${gtx:-?} rx=${grx:-?}; "; }
    [[ ${rx:-0} =~ ^[0-9]+$ && ${rx:-0} -gt 0 && ${tx:-0} -gt 0 ]] || { ok=1; why+="testpmd rx=${rx:-?} tx=${tx:-?}; "; }
    local ping=no
    lab_console_has 'VHLAB-NET-PING-OK' && ping=yes
    if [[ $mode == reconnect ]]; then
        grep -q 'new vhost user connection' "$WORK/$pmd.log" ||
            { ok=1; why+="QEMU did not reconnect to $pmd; "; }
        [[ $(grep -c 'read message VHOST_USER_SET_VRING_ERR' "$WORK/$pmd.log") -ge 2 ]] ||
            { ok=1; why+="no handshake with $pmd; "; }
    fi
    lab_verdict "$ok" "$mode: ${why}guest tx=${gtx:-?} rx=${grx:-?} ping=$ping, $pmd rx=${rx:-?} tx=${tx:-?}"
}

run_reconnect() {
    local t0
    SOCK_B=${2:-${1:-$WORK/vhost-user-net.sock}}
    SOCK_A=${1:-$SOCK_B}
    rm -f "$SOCK_A" "$SOCK_B" "$SOCK_B.next" "$WORK/console.log"
    lab_guest
    t0=$SECONDS
    be_cmd "$SOCK_B" "" testpmd
    lab_start testpmd "${TESTPMD[@]}"
    lab_wait_socket "$SOCK_B" 20 testpmd || die "testpmd did not listen on $SOCK_B"
    testpmd_wait_fwd testpmd 20 || die "testpmd did not start"
    lab_start_proxy listen connect
    qemu_cmd "$SOCK_A" reconnect
    lab_start qemu "${QEMU[@]}"
    # QEMU's netdev init runs the handshake before the vCPU starts; it ends with
    # SET_VRING_CALL/SET_VRING_ERR for both queues.
    lab_wait_log_count testpmd 'read message VHOST_USER_SET_VRING_ERR' 2 30 ||
        die "first session: no handshake"
    # The replacement listens before the first back-end dies, so the reconnect (1 s
    # after QEMU sees the close) always finds a back-end; the SIGKILL leaves SOCK_B
    # alone (a clean testpmd exit would unlink the path it registered).
    be_cmd "$SOCK_B.next" "" testpmd2
    lab_start testpmd2 "${TESTPMD[@]}"
    lab_wait_socket "$SOCK_B.next" 20 testpmd2 || die "testpmd2 did not listen"
    testpmd_wait_fwd testpmd2 20 || die "testpmd2 did not start"
    mv -f "$SOCK_B.next" "$SOCK_B"
    log "killing the first back-end"
    lab_stop testpmd KILL
    lab_wait_log testpmd2 'new vhost user connection' 30 || log "no reconnect to testpmd2 yet"
    net_verdict reconnect testpmd2 "$t0"
}

cmd=${1:-}
[[ -n $cmd ]] || usage
shift
need dpdk-testpmd qemu-system-x86_64 timeout
[[ -z ${STRACE_DIR:-} ]] || need strace

case $cmd in
backend)
    [[ $# -ge 1 ]] || usage
    rm -f "$1"
    be_cmd "$1" "${2:-}"
    if [[ -n ${STRACE_DIR:-} ]]; then
        mkdir -p "$STRACE_DIR"
        exec strace -f -tt -xx -s 65536 -e "trace=$STRACE_SYSCALLS" -o "$STRACE_DIR/testpmd.strace" "${TESTPMD[@]}"
    fi
    exec "${TESTPMD[@]}"
    ;;
run | run-reverse | run-reconnect)
    lab_workdir "${WORKDIR:-}"
    trap lab_cleanup EXIT
    trap 'exit 130' INT TERM
    case $cmd in
    run) run_net normal "$@" ;;
    run-reverse) run_net reverse "$@" ;;
    run-reconnect) run_reconnect "$@" ;;
    esac
    ;;
*) usage ;;
esac
