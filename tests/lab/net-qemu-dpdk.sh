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
#   net-qemu-dpdk.sh run-migrate [SOCK_A [SOCK_B]]
#       live migration: the source QEMU on SOCK_A with its testpmd on SOCK_B, the
#       destination QEMU (-incoming) on SOCK_A.dst with its own testpmd (testpmd2)
#       on SOCK_B.dst, a proxy on each pair (the second one named proxy-dst). Once
#       the guest's eth0 is up and it pings (one each 0.2 s), the source migrates
#       to the destination over a unix socket (QMP migrate) and quits; once
#       testpmd2 counted 5 packets from the guest, the destination is stopped
#       (SIGTERM).
#   net-qemu-dpdk.sh backend SOCK_B [client]   testpmd in the foreground (SIGINT stops)
# Without a proxy SOCK_A == SOCK_B (default WORKDIR/vhost-user-net.sock).
#
# PASS means: the guest booted, brought eth0 up and sent packets (its tx counter > 0),
# received packets (rx > 0, the ARP/ICMP replies from testpmd), and testpmd's RX and
# TX counters are non-zero. The ping result is reported (VHLAB-NET-PING-OK).
# run-reconnect: the same checks against the second testpmd, which also must have
# logged a connection and a full handshake. run-migrate: the migration completed,
# both testpmds received and sent (the destination's: the guest still sends after
# the switch).
# Environment: WORKDIR, STRACE_DIR (traces testpmd.strace, qemu.strace), GUEST_DIR,
# VHLAB_ACCEL, TIMEOUT (default 90), PROXY_CMD, KEEP=1, QUEUES (queue pairs of
# net_vhost and of the netdev, with mq=on when more than 1; default 1), IOMMU=1 (an
# intel-iommu vIOMMU, virtio-net-pci iommu_platform=on, net_vhost iommu-support=1).
# Run time: ~15 s (run-migrate ~20 s; its traces: qemu.strace, qemu-dst.strace).
set -euo pipefail
LAB_NAME=net-qemu-dpdk
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/dpdk.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/dpdk.sh"

usage() { sed -n '2,44p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

be_cmd() { # $1 socket, $2 "client" or "", $3 instance name (default testpmd)
    local v="net_vhost0,iface=$1,queues=${QUEUES:-1}"
    [[ ${2:-} != client ]] || v+=",client=1"
    [[ ${IOMMU:-0} != 1 ]] || v+=",iommu-support=1"
    testpmd_cmd "${3:-testpmd}" 0,1 "$v" icmpecho
}

qemu_cmd() { # $1 socket, $2 "server", "reconnect", "migrate", "incoming" or ""
    local chr="socket,id=vun0,path=$1" extra="" queues=${QUEUES:-1}
    [[ ${2:-} != server ]] || chr+=",server=on,wait=on"
    [[ ${2:-} != reconnect ]] || chr+=",reconnect=1"
    # migration: the guest pings until the destination is stopped (2 min at most)
    [[ ${2:-} != migrate && ${2:-} != incoming ]] || extra="vhlab.pings=600"
    # QEMU 7.2 without KVM (TCG: no irqfd) segfaults in msix_set_vector_notifiers
    # when vhost-user-net starts with MSI-X enabled; vectors=0 (INTx) avoids it.
    local vec=""
    [[ $(lab_accel) != tcg ]] || vec=",vectors=0"
    [[ $queues -le 1 ]] || vec+=",mq=on"
    # IOMMU=1: a vIOMMU (intel-iommu, before the devices it covers) that the
    # guest's kernel turns on, and the device behind it (ACCESS_PLATFORM: a
    # modern-only device): the rings are at IOVAs and QEMU answers the
    # back-end's IOTLB misses. DPDK drops a packet whose buffer missed, so the
    # first replies may go: 20 pings, not 5.
    local iommu=()
    if [[ ${IOMMU:-0} == 1 ]]; then
        iommu=(-device intel-iommu)
        vec+=",disable-legacy=on,iommu_platform=on"
        extra+=" intel_iommu=on"
        [[ -n $extra && $extra == *vhlab.pings* ]] || extra+=" vhlab.pings=20"
    fi
    mapfile -t QEMU < <(lab_qemu_base net "vhlab.ip=10.0.0.2/24 vhlab.peer=10.0.0.1 $extra")
    QEMU=(timeout -s KILL "${TIMEOUT:-90}" qemu-system-x86_64 "${QEMU[@]}" "${iommu[@]}"
        -chardev "$chr" -netdev "vhost-user,id=net0,chardev=vun0,queues=$queues"
        -device "virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56$vec")
    case ${2:-} in
    migrate) QEMU+=(-qmp "unix:$WORK/qmp.sock,server=on,wait=off") ;;
    incoming)
        # the destination's console is a file of its own
        local i
        for i in "${!QEMU[@]}"; do
            [[ ${QEMU[i]} != "file:$WORK/console.log" ]] || QEMU[i]="file:$WORK/console-dst.log"
        done
        QEMU+=(-qmp "unix:$WORK/qmp-dst.sock,server=on,wait=off" -incoming "unix:$WORK/migrate.sock")
        ;;
    esac
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

# Live migration with a DPDK vhost back-end on either side; see the usage.
run_migrate() {
    local t0 rc=0 src_a dst_a dst_b
    TIMEOUT=${TIMEOUT:-150} # two QEMUs and a migration under TCG
    SOCK_B=${2:-${1:-$WORK/vhost-user-net.sock}}
    SOCK_A=${1:-$SOCK_B}
    src_a=$SOCK_A dst_a=$SOCK_A.dst dst_b=$SOCK_B.dst
    rm -f "$SOCK_A" "$SOCK_B" "$dst_a" "$dst_b" "$WORK"/console*.log "$WORK"/qmp*.sock "$WORK/migrate.sock"
    lab_guest
    t0=$SECONDS
    be_cmd "$SOCK_B" "" testpmd
    lab_start testpmd "${TESTPMD[@]}"
    be_cmd "$dst_b" "" testpmd2
    lab_start testpmd2 "${TESTPMD[@]}"
    lab_wait_socket "$SOCK_B" 20 testpmd || die "testpmd did not listen on $SOCK_B"
    lab_wait_socket "$dst_b" 20 testpmd2 || die "testpmd2 did not listen on $dst_b"
    testpmd_wait_fwd testpmd 20 || die "testpmd did not start"
    testpmd_wait_fwd testpmd2 20 || die "testpmd2 did not start"
    lab_start_proxy listen connect
    SOCK_A=$dst_a SOCK_B=$dst_b lab_start_proxy listen connect proxy-dst
    # the destination waits for the migration stream; its vhost-user handshake runs now
    qemu_cmd "$dst_a" incoming
    lab_start qemu-dst "${QEMU[@]}"
    qemu_cmd "$src_a" migrate
    lab_start qemu "${QEMU[@]}"
    lab_wait_socket "$WORK/qmp.sock" 20 qemu || die "the source QEMU has no QMP socket"
    local deadline=$((SECONDS + ${TIMEOUT:-90}))
    until lab_console_has 'VHLAB-NET-UP'; do
        ((SECONDS < deadline)) || die "the guest did not bring eth0 up"
        lab_alive qemu || die "the source QEMU exited before the migration"
        sleep 0.1
    done
    log "the guest's eth0 is up after $((SECONDS - t0)) s; migrating in 1 s"
    sleep 1 # a few pings through the source's back-end
    local migrated=yes
    lab_migrate "$WORK/qmp.sock" "unix:$WORK/migrate.sock" 120 || migrated=no
    lab_wait_exit qemu 10 || lab_stop qemu TERM
    # the guest goes on pinging on the destination: testpmd2's stats (one line a second)
    local seen=0
    deadline=$((SECONDS + 60))
    while [[ $migrated == yes ]] && ((SECONDS < deadline)) && lab_alive qemu-dst; do
        seen=$(grep -o 'RX-packets: *[0-9]*' "$WORK/testpmd2.log" | awk '{ print $2 }' | sort -n | tail -n 1)
        [[ ${seen:-0} -lt 5 ]] || break
        sleep 0.2
    done
    log "testpmd2 counted ${seen:-0} packets from the guest after $((SECONDS - t0)) s; stopping the destination"
    lab_alive qemu-dst || rc=1
    lab_stop qemu-dst TERM
    lab_stop testpmd INT
    lab_stop testpmd2 INT
    local ok=0 why="" rx tx rx2 tx2
    rx=$(testpmd_counter testpmd RX); tx=$(testpmd_counter testpmd TX)
    rx2=$(testpmd_counter testpmd2 RX); tx2=$(testpmd_counter testpmd2 TX)
    [[ $migrated == yes ]] || { ok=1; why+="the migration did not complete; "; }
    [[ $rc -eq 0 ]] || { ok=1; why+="the destination QEMU exited by itself; "; }
    [[ ${rx:-0} =~ ^[0-9]+$ && ${rx:-0} -gt 0 && ${tx:-0} -gt 0 ]] || { ok=1; why+="testpmd rx=${rx:-?} tx=${tx:-?}; "; }
    [[ ${rx2:-0} =~ ^[0-9]+$ && ${rx2:-0} -gt 0 && ${tx2:-0} -gt 0 ]] || { ok=1; why+="nothing after the switch; "; }
    cat "$WORK/console-dst.log" >>"$WORK/console.log" 2>/dev/null || true
    lab_verdict "$ok" "migrate: ${why}source testpmd rx=${rx:-?} tx=${tx:-?}, destination testpmd2 rx=${rx2:-?} tx=${tx2:-?}"
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
run | run-reverse | run-reconnect | run-migrate)
    lab_workdir "${WORKDIR:-}"
    trap lab_cleanup EXIT
    trap 'exit 130' INT TERM
    case $cmd in
    run) run_net normal "$@" ;;
    run-reverse) run_net reverse "$@" ;;
    run-reconnect) run_reconnect "$@" ;;
    run-migrate) run_migrate "$@" ;;
    esac
    ;;
*) usage ;;
esac
