# shellcheck shell=bash
# Shared part of the capture tests: tshark with the build tree's plugin, and
# the checks every capture of a real session must pass. Sourced by
# tests/test-capture-*.sh (and usable by the end-to-end scenarios), never run.
#
#   source "$(dirname "$0")/test-capture-lib.sh"
#   cap_init                       # work dir $CAP_WORK, tools checked, plugin set up
#   cap_tshark -r X.pcapng ...     # tshark with our plugin loaded
#   cap_check_session X.pcapng live.json   # the checks of a real session's capture
#
# Exit status (automake): 0 pass, 1 fail, 77 skip; under CI=true a missing tool
# is a failure, never a skip.
set -euo pipefail

CAP_NAME=${CAP_NAME:-$(basename "$0" .sh)}
CAP_SRCDIR=${top_srcdir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CAP_BUILDDIR=${top_builddir:-$CAP_SRCDIR}
VHOSTSNIFF=${VHOSTSNIFF:-$CAP_BUILDDIR/vhostsniff}
READ_PCAP=$CAP_BUILDDIR/tests/read-pcap

cap_log() { printf '[%s %s] %s\n' "$(date +%T.%3N)" "$CAP_NAME" "$*" >&2; }

cap_fail() {
	echo "FAIL $CAP_NAME: $*"
	[[ -z ${CAP_WORK:-} ]] || echo "  files kept in $CAP_WORK"
	exit 1
}

cap_skip() {
	if [[ ${CI:-} == true ]]; then
		echo "FAIL $CAP_NAME: $* (a skip is a failure under CI=true)"
		exit 1
	fi
	echo "SKIP $CAP_NAME: $*"
	exit 77
}

cap_pass() {
	echo "PASS $CAP_NAME${1:+: $1}"
	[[ ${KEEP:-0} == 1 ]] || rm -rf "$CAP_WORK"
	exit 0
}

cap_need() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 || cap_skip "$p is not installed (run tools/install-deps.sh)"
	done
}

# As root, tshark ignores WIRESHARK_PLUGIN_DIR and WIRESHARK_EXTCAP_DIR
# (wireshark-facts §1, §6): run it as nobody, with a home of its own.
cap_as_user() {
	if [[ $(id -u) -eq 0 ]]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			env HOME="$CAP_WORK/home" "$@"
	else
		env HOME="$CAP_WORK/home" "$@"
	fi
}

cap_tshark() {
	cap_as_user WIRESHARK_PLUGIN_DIR="$CAP_WORK/wsplugins" \
		WIRESHARK_EXTCAP_DIR="$CAP_WORK/extcap" VHOSTSNIFF="$VHOSTSNIFF" tshark "$@"
}

cap_init() {
	local so=$CAP_BUILDDIR/plugins/.libs/vhostuser.so wsver
	cap_need tshark capinfos editcap python3 setpriv
	[[ -x $VHOSTSNIFF ]] || cap_fail "$VHOSTSNIFF is not built"
	[[ -x $READ_PCAP ]] || cap_fail "$READ_PCAP is not built"
	[[ -f $so ]] || cap_fail "$so is not built"
	CAP_WORK=$(mktemp -d "${TMPDIR:-/tmp}/$CAP_NAME.XXXXXX")
	# nobody reads the plugin and the captures and writes its home
	chmod 755 "$CAP_WORK"
	mkdir -p "$CAP_WORK/home" "$CAP_WORK/extcap"
	chmod 777 "$CAP_WORK/home"
	# tshark looks in DIR/<major.minor>/epan; the version is the running tshark's.
	wsver=$(tshark --version | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
	[[ -n $wsver ]] || cap_fail "cannot tell tshark's version from: $(tshark --version | head -n 1)"
	mkdir -p "$CAP_WORK/wsplugins/$wsver/epan"
	cp "$so" "$CAP_WORK/wsplugins/$wsver/epan/vhostuser.so"
	cap_tshark -G plugins 2>/dev/null | grep -q "vhostuser.so.*$CAP_WORK/wsplugins" ||
		cap_fail "tshark does not load the plugin from the build tree: $(cap_tshark -G plugins 2>&1 | grep -i vhost || true)"
}

# The sequence of a JSON output (vhostsniff -T json) as tshark prints
# "-e vhostuser.request -e vhostuser.flags.reply -e vhostuser.session -e vhostuser.channel".
cap_json_seq() {
	python3 - "$1" <<'EOF'
import json, sys
channels = {"main": 0, "backend": 1, "gpu": 2}
for line in open(sys.argv[1]):
    m = json.loads(line)
    # findings made as time passed are never written to a capture
    if m.get("event") == "findings":
        continue
    # a channel's end is recorded on that channel, session events on the main one
    if "event" in m:
        print("\t\t%d\t%d" % (m["session"], channels.get(m.get("channel"), 0)))
        continue
    reply = "" if m["name"] == "SHORT" else ("1" if m["reply"] else "0")
    print("%s\t%s\t%d\t%d" % (m["request"], reply, m["session"], channels[m["channel"]]))
EOF
}

cap_tshark_seq() {
	cap_tshark -r "$1" -T fields -e vhostuser.request -e vhostuser.flags.reply \
		-e vhostuser.session -e vhostuser.channel 2>"$CAP_WORK/tshark.err"
}

# read-pcap's lines in the same form.
cap_read_pcap_seq() {
	"$READ_PCAP" "$1" | awk '$1 != "frames" {
		what = ($5 == "start" || $5 == "end" || $5 == "ring" || $5 == "inflight" || $5 == "log" || $5 == "notify" || $5 == "-") ? "" : $5
		reply = ($6 == "-") ? "" : $6
		printf "%s\t%s\t%s\t%s\n", what, reply, $2, $3 }'
}

# cap_same WHAT A B: the two files are equal, or fail showing the difference.
cap_same() {
	diff -u "$2" "$3" >"$CAP_WORK/diff.txt" 2>&1 || {
		head -n 40 "$CAP_WORK/diff.txt"
		cap_fail "$1 differ"
	}
}

# cap_same_passes CAP: the plugin decodes every frame the same on the first
# pass (while it feeds the session state) as on later passes (from what it
# kept of the first): `tshark -V` and `tshark -2 -V` differ only by what needs
# the whole capture: the "Response in" links, and the expert info (5 lines) of
# a request that got no reply in the capture.
cap_second_pass_only() {
	grep -v 'Response in: ' |
		awk '/\(no reply in this capture\)$/ { skip = 4; next } skip > 0 { skip--; next } { print }'
}

cap_same_passes() {
	cap_tshark -r "$1" -V 2>/dev/null | cap_second_pass_only >"$CAP_WORK/pass1.txt"
	cap_tshark -r "$1" -2 -V 2>/dev/null | cap_second_pass_only >"$CAP_WORK/pass2.txt"
	[[ -s $CAP_WORK/pass1.txt ]] || cap_fail "tshark -V printed nothing"
	cap_same "the first and the second pass of tshark" "$CAP_WORK/pass1.txt" "$CAP_WORK/pass2.txt"
}

# cap_check_session CAP LIVE_JSON
#   The checks of the capture of a real session, against the JSON vhostsniff
#   printed live while writing it.
cap_check_session() {
	local cap=$1 live=$2 n
	n=$(wc -l <"$live")
	[[ $n -gt 0 ]] || cap_fail "no JSON lines in $live"
	chmod 644 "$cap"
	# capinfos and libpcap read every frame
	capinfos -c "$cap" >"$CAP_WORK/capinfos.txt" 2>&1 || { cat "$CAP_WORK/capinfos.txt"; cap_fail "capinfos rejects $cap"; }
	grep -q "Number of packets: *$n\$" "$CAP_WORK/capinfos.txt" ||
		cap_fail "capinfos counts $(grep 'Number of packets' "$CAP_WORK/capinfos.txt"), vhostsniff printed $n lines"
	"$READ_PCAP" "$cap" >"$CAP_WORK/read-pcap.txt" || cap_fail "libpcap (tests/read-pcap) rejects $cap"
	cap_json_seq "$live" >"$CAP_WORK/seq.json"
	cap_read_pcap_seq "$cap" >"$CAP_WORK/seq.read-pcap"
	cap_same "libpcap's frames and vhostsniff's JSON" "$CAP_WORK/seq.json" "$CAP_WORK/seq.read-pcap"
	# -r gives the very same records: the same JSON, line for line
	"$VHOSTSNIFF" -r "$cap" -T json >"$CAP_WORK/offline.json" 2>"$CAP_WORK/offline.err" ||
		{ cat "$CAP_WORK/offline.err"; cap_fail "vhostsniff -r failed"; }
	cap_same "live JSON and the JSON of -r" "$live" "$CAP_WORK/offline.json"
	# tshark with the plugin: request and reply flag per frame, as vhostsniff saw them
	cap_tshark_seq "$cap" >"$CAP_WORK/seq.tshark" || { cat "$CAP_WORK/tshark.err"; cap_fail "tshark failed"; }
	cap_same "tshark's fields and vhostsniff's JSON" "$CAP_WORK/seq.json" "$CAP_WORK/seq.tshark"
	# a display filter selects exactly the frames of that request
	python3 -c '
import json, sys
for i, line in enumerate(open(sys.argv[1]), 1):
    m = json.loads(line)
    if m.get("request") == 5: print(i)' "$live" >"$CAP_WORK/req5.json"
	cap_tshark -r "$cap" -Y 'vhostuser.request == 5' -T fields -e frame.number 2>/dev/null >"$CAP_WORK/req5.tshark"
	cap_same "frames of vhostuser.request == 5" "$CAP_WORK/req5.json" "$CAP_WORK/req5.tshark"
	# the whole tree of every frame, without a dissector exception
	cap_tshark -r "$cap" -2 -V >"$CAP_WORK/tshark-V.txt" 2>&1 || cap_fail "tshark -V failed"
	! grep -E 'Dissector bug|Malformed Packet|Exception' "$CAP_WORK/tshark-V.txt" | head -n 5 | grep . ||
		cap_fail "tshark reports a dissector exception"
	cap_same_passes "$cap"
	cap_log "capture checked: $n frames; capinfos, libpcap, -r and tshark agree"
}

# ---- real peers (tests/lab recipes) ----------------------------------------------

CAP_LAB=$CAP_SRCDIR/tests/lab

# One peer set at a time, shared with the end-to-end tests (tests/e2e/lib.sh).
cap_peers_lock() {
	mkdir -p "$CAP_BUILDDIR/tests/work"
	exec 9>"$CAP_BUILDDIR/tests/work/e2e.lock"
	flock 9
}

# cap_recipe NAME RECIPE SUBCOMMAND PROXY_CMD
#   Run a lab recipe with PROXY_CMD between socket A (front-end side) and B
#   (back-end side), both in $CAP_WORK/sock (writable by anyone: a proxy
#   started by tshark runs as nobody). Sets CAP_VERDICT to the PASS/FAIL line
#   of the recipe; returns the recipe's exit status.
cap_recipe() {
	local name=$1 recipe=$2 sub=$3 proxy=$4 rc=0
	mkdir -p "$CAP_WORK/sock"
	chmod 1777 "$CAP_WORK/sock"
	CAP_SOCK_A=$CAP_WORK/sock/$name-a.sock
	CAP_SOCK_B=$CAP_WORK/sock/$name-b.sock
	cap_log "$recipe $sub ($name)"
	WORKDIR=$CAP_WORK/$name-lab PROXY_CMD=$proxy \
		timeout -k 10 "${CAP_TIMEOUT:-240}" "$CAP_LAB/$recipe" "$sub" "$CAP_SOCK_A" "$CAP_SOCK_B" \
		>"$CAP_WORK/$name.verdict" 2>"$CAP_WORK/$name.recipe.log" || rc=$?
	CAP_VERDICT=$(grep -E '^(PASS|FAIL) ' "$CAP_WORK/$name.verdict" | tail -n 1 || true)
	cap_log "recipe: ${CAP_VERDICT:-no verdict} (exit $rc)"
	return $rc
}

# cap_relay NAME RECIPE SUBCOMMAND ROLE
#   The recipe through vhostsniff (ROLE: what it does on socket A, listen or
#   connect) for one session, recording $CAP_WORK/NAME.pcapng and printing JSON
#   into $CAP_WORK/NAME.json. The session must work.
cap_relay() {
	local name=$1 recipe=$2 sub=$3 role=$4 front back proxy vrc
	if [[ $role == listen ]]; then
		front='--front-listen "$SOCK_A"' back='--back-connect "$SOCK_B"'
	else
		front='--front-connect "$SOCK_A"' back='--back-listen "$SOCK_B"'
	fi
	proxy="\"$VHOSTSNIFF\" -T json --sessions 1 $front $back -w \"$CAP_WORK/$name.pcapng\""
	proxy+=" >\"$CAP_WORK/$name.json\" 2>\"$CAP_WORK/$name.log\" & child=\$!;"
	proxy+=" trap 'kill -TERM \$child 2>/dev/null' TERM INT;"
	proxy+=" while kill -0 \$child 2>/dev/null; do wait \$child; done;"
	proxy+=" wait \$child; echo \$? >\"$CAP_WORK/$name.rc\""
	if ! cap_recipe "$name" "$recipe" "$sub" "$proxy" || [[ $CAP_VERDICT != PASS* ]]; then
		tail -n 20 "$CAP_WORK/$name.recipe.log" >&2 || true
		tail -n 10 "$CAP_WORK/$name.log" >&2 || true
		cap_fail "the session did not work through vhostsniff: ${CAP_VERDICT:-no verdict}"
	fi
	vrc=$(cat "$CAP_WORK/$name.rc" 2>/dev/null || echo none)
	[[ $vrc == 0 ]] || { tail -n 10 "$CAP_WORK/$name.log" >&2; cap_fail "vhostsniff exit status $vrc"; }
}
