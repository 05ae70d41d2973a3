#!/bin/bash
# Captures of real sessions (tests/lab recipes, real peers):
#  1. Whole sessions through vhostsniff -w, one per scenario of CAP_SCENARIOS
#     (RECIPE:SUBCOMMAND:ROLE; default QEMU + guest with qemu-storage-daemon;
#     every scenario of tests/e2e that runs a recipe checks its own capture the
#     same way, so more here would only boot the same guests again; e.g.
#     CAP_SCENARIOS='fs-virtiofsd.sh:run:listen net-qemu-dpdk.sh:run-reverse:connect'
#     for the captures of tests/corpus-pcapng): the session works,
#     and the capture reads back everywhere: capinfos and libpcap count every
#     frame, `vhostsniff -r` prints the very JSON that vhostsniff printed live,
#     line for line, tshark with the plugin shows the same requests and reply
#     flags, and `vhostuser.request == 5` selects the same frames. In the blk
#     session the peers' command lines (SO_PEERCRED) and the memory fds are in
#     the file, and replies are matched to requests.
#  2. DPDK virtio-user <-> vhostsniff -w <-> DPDK vhost, vhostsniff killed
#     with SIGKILL mid-session: every tool reads the capture up to its last
#     frame, and no block is left half written.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
cap_need qemu-system-x86_64 qemu-storage-daemon dpdk-testpmd /usr/lib/qemu/virtiofsd flock timeout
cap_init
cap_peers_lock

# ---- 1. whole sessions ----------------------------------------------------------------
checked=""
for scenario in ${CAP_SCENARIOS:-blk-qsd.sh:run:listen}; do
	IFS=: read -r recipe sub role <<<"$scenario"
	name=${recipe%.sh}-$sub
	cap_relay "$name" "$recipe" "$sub" "$role"
	cap_check_session "$CAP_WORK/$name.pcapng" "$CAP_WORK/$name.json"
	checked+=" $name ($(wc -l <"$CAP_WORK/$name.json") frames)"
done

# ---- the blk session in detail ----------------------------------------------------------
cap=$CAP_WORK/blk-qsd-run.pcapng
[[ -f $cap ]] || cap_relay blk-qsd-run blk-qsd.sh run listen
chmod 644 "$cap"
# the memory went in with its memfd; the vrings got their eventfds
[[ $(cap_tshark -r "$cap" -Y 'vhostuser.request == 37 && vhostuser.fd.kind == 1' 2>/dev/null | wc -l) -ge 1 ]] ||
	cap_fail "no ADD_MEM_REG with a memfd in the capture"
[[ $(cap_tshark -r "$cap" -Y 'vhostuser.request == 13 && vhostuser.fd.kind == 2' 2>/dev/null | wc -l) -ge 1 ]] ||
	cap_fail "no SET_VRING_CALL with an eventfd in the capture"
# the session facts: both peers by command line, from SO_PEERCRED
facts=$(cap_tshark -r "$cap" -Y 'vhostuser.event == 1' -T fields -E 'separator=|' \
	-e vhostuser.front.pid -e vhostuser.front.cmdline -e vhostuser.back.pid -e vhostuser.back.cmdline 2>/dev/null)
[[ $facts =~ ^[1-9][0-9]*\|[^|]*qemu-system-x86_64[^|]*\|[1-9][0-9]*\|[^|]*qemu-storage-daemon ]] ||
	cap_fail "session facts missing or wrong: $facts"
capinfos "$cap" | grep -q 'Name = session 1 main' || cap_fail "no interface 'session 1 main'"
# replies are matched to their requests (GET_FEATURES and its reply, at least)
[[ $(cap_tshark -r "$cap" -2 -Y 'vhostuser.request == 1 && vhostuser.response_in' 2>/dev/null | wc -l) -ge 1 ]] ||
	cap_fail "GET_FEATURES has no vhostuser.response_in"
cap_tshark -r "$cap" -2 -V -Y 'frame.number <= 6' >"$CAP_WORK/blk-V.txt" 2>/dev/null
if [[ ${CAP_SHOW:-0} == 1 ]]; then cat "$CAP_WORK/blk-V.txt" >&2; fi

# ---- 2. SIGKILL mid-session ---------------------------------------------------------
kcap=$CAP_WORK/kill.pcapng
proxy="\"$VHOSTSNIFF\" -q --front-listen \"\$SOCK_A\" --back-connect \"\$SOCK_B\" -w \"$kcap\""
proxy+=" 2>\"$CAP_WORK/kill.log\" & child=\$!;"
# kill it as soon as the capture holds 15 frames
proxy+=" until [[ \$(\"$READ_PCAP\" \"$kcap\" 2>/dev/null | tail -n 1) =~ ^frames\ (1[5-9]|[2-9][0-9]|[1-9][0-9][0-9]+)\$ ]];"
proxy+=" do kill -0 \$child 2>/dev/null || exit 1; sleep 0.02; done;"
proxy+=" kill -KILL \$child; echo killed >\"$CAP_WORK/kill.done\"; wait \$child"
# the peers lose their session: the recipe fails, as it should
CAP_TIMEOUT=60 cap_recipe kill net-dpdk-pair.sh run "$proxy" || true
[[ -f $CAP_WORK/kill.done ]] || { tail -n 20 "$CAP_WORK/kill.recipe.log" >&2; cap_fail "vhostsniff was not killed mid-session"; }
chmod 644 "$kcap"
capinfos -c "$kcap" >"$CAP_WORK/kill.capinfos" 2>&1 || { cat "$CAP_WORK/kill.capinfos"; cap_fail "capinfos rejects the capture of a killed vhostsniff"; }
n=$(sed -n 's/^Number of packets: *\([0-9]*\)$/\1/p' "$CAP_WORK/kill.capinfos")
[[ $n -ge 15 ]] || cap_fail "only $n frames in the capture of the killed vhostsniff"
"$READ_PCAP" "$kcap" >"$CAP_WORK/kill.read-pcap" || cap_fail "libpcap rejects the capture of a killed vhostsniff"
"$VHOSTSNIFF" -r "$kcap" -T json >"$CAP_WORK/kill.json" 2>"$CAP_WORK/kill-r.err" || cap_fail "vhostsniff -r rejects it"
[[ ! -s $CAP_WORK/kill-r.err ]] || { cat "$CAP_WORK/kill-r.err"; cap_fail "vhostsniff -r complains about the capture of a killed vhostsniff"; }
[[ $(wc -l <"$CAP_WORK/kill.json") -eq $n ]] || cap_fail "vhostsniff -r reads $(wc -l <"$CAP_WORK/kill.json") records, capinfos $n"
cap_json_seq "$CAP_WORK/kill.json" >"$CAP_WORK/kill.seq.json"
cap_read_pcap_seq "$kcap" >"$CAP_WORK/kill.seq.read-pcap"
cap_same "libpcap and vhostsniff -r on the killed capture" "$CAP_WORK/kill.seq.json" "$CAP_WORK/kill.seq.read-pcap"
cap_tshark_seq "$kcap" >"$CAP_WORK/kill.seq.tshark" || cap_fail "tshark rejects the capture of a killed vhostsniff"
cap_same "tshark and vhostsniff -r on the killed capture" "$CAP_WORK/kill.seq.json" "$CAP_WORK/kill.seq.tshark"

cap_pass "read back identically:$checked; killed capture: $n frames readable"
