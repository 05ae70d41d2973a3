#!/bin/bash
# The extcap: `tshark -D` lists the vhostuser interface, its DLT and its
# settings are offered, and a live capture through it (tshark -i vhostuser,
# which runs vhostsniff relaying between DPDK virtio-user and DPDK vhost in
# reversed roles) records a real session that works: the peers forward
# packets, and the file tshark wrote decodes as vhostsniff reads it.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
cap_need dpdk-testpmd flock timeout
cap_init
extcap=$CAP_BUILDDIR/plugins/vhostsniff-extcap
[[ -x $extcap ]] || cap_fail "$extcap is not built"
cp "$extcap" "$CAP_WORK/extcap/"

# ---- the interface, its link type and settings ----------------------------------
cap_tshark -D >"$CAP_WORK/D.txt" 2>&1 || cap_fail "tshark -D failed"
grep -q '^[0-9]*\. vhostuser (vhost-user relay (vhostsniff))$' "$CAP_WORK/D.txt" ||
	{ cat "$CAP_WORK/D.txt"; cap_fail "tshark -D does not list the vhostuser interface"; }
cap_tshark -i vhostuser -L 2>&1 | grep -q WIRESHARK_UPPER_PDU || cap_fail "tshark -i vhostuser -L does not offer link type 252"
cap_tshark -G defaultprefs 2>/dev/null >"$CAP_WORK/prefs.txt"
for pref in frontpath frontrole backpath backrole sessions; do
	grep -q "^#extcap.vhostuser.$pref:" "$CAP_WORK/prefs.txt" || cap_fail "no extcap setting $pref"
done
# a capture without the sockets is refused with a sentence, not started
"$extcap" --capture --extcap-interface vhostuser --fifo /dev/null --back-path /x 2>"$CAP_WORK/refused.txt" &&
	cap_fail "the extcap captured without a front-end socket"
grep -q 'front-end socket is not set' "$CAP_WORK/refused.txt" || cap_fail "unclear refusal: $(cat "$CAP_WORK/refused.txt")"

# ---- a live capture of a real session --------------------------------------------
cap_peers_lock
mkdir -p "$CAP_WORK/out"
chmod 777 "$CAP_WORK/out"
out=$CAP_WORK/out/extcap.pcapng
# Reversed roles: virtio-user listens on A (vhostsniff connects), vhostsniff
# listens on B for DPDK vhost (client=1). tshark runs as nobody, so A is made
# connectable; the extcap stops after one session.
proxy="chmod 666 \"\$SOCK_A\";"
[[ $(id -u) -eq 0 ]] && proxy+=" setpriv --reuid=65534 --regid=65534 --clear-groups"
proxy+=" env HOME=\"$CAP_WORK/home\" WIRESHARK_PLUGIN_DIR=\"$CAP_WORK/wsplugins\""
proxy+=" WIRESHARK_EXTCAP_DIR=\"$CAP_WORK/extcap\" VHOSTSNIFF=\"$VHOSTSNIFF\""
proxy+=" tshark -q -i vhostuser -o extcap.vhostuser.frontpath:\"\$SOCK_A\" -o extcap.vhostuser.frontrole:connect"
proxy+=" -o extcap.vhostuser.backpath:\"\$SOCK_B\" -o extcap.vhostuser.backrole:listen"
proxy+=" -o extcap.vhostuser.sessions:1 -a duration:120 -w \"$out\" 2>\"$CAP_WORK/tshark-live.log\""
if ! cap_recipe live net-dpdk-pair.sh run-reverse "$proxy" || [[ $CAP_VERDICT != PASS* ]]; then
	tail -n 20 "$CAP_WORK/live.recipe.log" >&2 || true
	tail -n 10 "$CAP_WORK/tshark-live.log" >&2 || true
	cap_fail "the session did not work through the extcap: ${CAP_VERDICT:-no verdict}"
fi
[[ -s $out ]] || { cat "$CAP_WORK/tshark-live.log" >&2; cap_fail "tshark wrote no capture"; }
# what tshark wrote: our session, every frame readable by every tool
"$VHOSTSNIFF" -r "$out" -T json >"$CAP_WORK/live.json" 2>"$CAP_WORK/live-r.err" || cap_fail "vhostsniff -r rejects tshark's file"
# one line per frame; a findings line is the reading's own (a reply later than
# --reply-timeout, as DPDK's ack of SET_MEM_TABLE under load), not a frame
n=$(grep -vc '^{"event":"findings"' "$CAP_WORK/live.json")
[[ $n -ge 10 ]] || cap_fail "only $n records in the live capture"
grep -q '"event":"session_start"' "$CAP_WORK/live.json" || cap_fail "no session start in the live capture"
grep -q '"name":"VHOST_USER_SET_MEM_TABLE"' "$CAP_WORK/live.json" || cap_fail "no SET_MEM_TABLE in the live capture"
capinfos -c "$out" | grep -q "Number of packets: *$n\$" || cap_fail "capinfos does not count $n frames"
capinfos "$out" | grep -q 'Name = session 1 main' || cap_fail "the interface of session 1 did not survive dumpcap"
"$READ_PCAP" "$out" >/dev/null || cap_fail "libpcap rejects tshark's file"
cap_json_seq "$CAP_WORK/live.json" >"$CAP_WORK/live.seq.json"
cap_tshark_seq "$out" >"$CAP_WORK/live.seq.tshark" || cap_fail "tshark cannot read its own file"
cap_same "tshark's fields and vhostsniff -r on the live capture" "$CAP_WORK/live.seq.json" "$CAP_WORK/live.seq.tshark"
cap_pass "tshark -D lists vhostuser; a live DPDK session through the extcap: $n frames ($CAP_VERDICT)"
