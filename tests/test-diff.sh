#!/bin/bash
# vhostsniff --diff A B on the real captures of tests/corpus-pcapng, and on
# copies of one of them edited here: two frames swapped (a reorder), a ring
# address changed (what --diff leaves out), a frame left out (a deletion).
#   - QEMU <-> qemu-storage-daemon against the same with a read-only export:
#     exit 1, the first difference is the first GET_FEATURES reply, by name RO
#   - a capture against itself, two sessions of one scenario in one capture
#     (A#2 B#3), a capture whose addresses alone changed, and one whose
#     GET_VRING_BASE reply says another base (listed as not compared): exit 0
#   - a missing file, a session a capture does not have, one operand: exit 2
#     with one line on stderr and nothing on stdout
#   - -T json: one document that parses, with the same verdict
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
SRC=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
VHOSTSNIFF=${VHOSTSNIFF:-${top_builddir:-$SRC}/vhostsniff}
C=$SRC/tests/corpus-pcapng
WORK=$(mktemp -d "${TMPDIR:-/tmp}/test-diff.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run NAME EXPECTED_STATUS ARGS...: output in $WORK/NAME.out and .err
run() {
	local name=$1 want=$2 rc=0
	shift 2
	"$VHOSTSNIFF" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
	if [[ $rc != "$want" ]]; then
		fail "$name: exit $rc, not $want"
		sed 's/^/  | /' "$WORK/$name.err" "$WORK/$name.out" | head -n 20
	fi
}

# expect NAME LINE: the text output holds LINE whole
expect() {
	grep -qxF -- "$2" "$WORK/$1.out" || {
		fail "$1: no line '$2'"
		sed 's/^/  | /' "$WORK/$1.out" | head -n 20
	}
}

# ---- two scenarios: the read-only export differs first in GET_FEATURES ----
run ro 1 --diff "$C/blk-qsd-run.pcapng" "$C/blk-qsd-writable-off.pcapng"
expect ro "first difference: A message 2 (frame 3), B message 2 (frame 3)"
expect ro "  features: +RO"
expect ro "features offered: +RO"
# the first difference comes before every other section
[[ $(sed -n 3p "$WORK/ro.out") == "first difference: "* ]] || fail "ro: the first difference is not first"
grep -q '^-main front>back VHOST_USER_ADD_MEM_REG .* regions=1 sizes=0x10000000$' "$WORK/ro.out" ||
	fail "ro: the request diff does not show the memory region only A has, by size"
expect ro "memory: 1 regions (sizes: 0x10000000), 0 regions (sizes: none)"
if grep -q '0x7f' "$WORK/ro.out"; then fail "ro: an address is in the output"; fi

run ro-json 1 -T json --diff "$C/blk-qsd-run.pcapng" "$C/blk-qsd-writable-off.pcapng"
python3 - "$WORK/ro-json.out" <<'EOF' || fail "ro-json: not the expected document"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["equal"] is False
s = doc["sessions"][0]
assert (s["a"], s["b"], s["equal"]) == (1, 1, False)
first = s["first_difference"]
assert first["a"]["message"] == 2 and first["b"]["message"] == 2, first
assert "VHOST_USER_GET_FEATURES [0x5 reply]" in first["b"]["line"], first
assert first["bits"] == {"a_only": [], "b_only": ["RO"]}, first
assert s["features_offered"] == {"a_only": [], "b_only": ["RO"]}
assert s["requests"][0].startswith("@@ -1,")
assert {"index": 1, "field": "seen", "a": 0, "b": 1} in s["vrings"]
EOF

# ---- equal: the same capture, two sessions of one scenario -----------------
run self 0 --diff "$C/blk-qsd-run.pcapng" "$C/blk-qsd-run.pcapng"
expect self "equal"
run self-json 0 -T json --diff "$C/net-qemu-dpdk-run-reverse.pcapng" "$C/net-qemu-dpdk-run-reverse.pcapng"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["equal"] is True and d["sessions"][0]["equal"] is True' \
	"$WORK/self-json.out" || fail "self-json: not equal in JSON"
# ports-blk-net: s2 and s3 are two QEMUs with a qemu-storage-daemon export each
run sessions 0 --diff "$C/ports-blk-net.pcapng#2" "$C/ports-blk-net.pcapng#3"
expect sessions "--- A s2 (42 messages)"
expect sessions "+++ B s3 (42 messages)"
# s1 (DPDK net) against s2 (blk): devices and bits differ, named per device
run sessions-differ 1 --diff "$C/ports-blk-net.pcapng#1" "$C/ports-blk-net.pcapng#2"
expect sessions-differ "device: net, blk (feature bits are named for each)"
grep -q '^features offered: .*-MRG_RXBUF.*+CONFIG_WCE' "$WORK/sessions-differ.out" ||
	fail "sessions-differ: the offered bits are not named for each device"

# ---- two runs of one scenario (tests/e2e/net-qemu-dpdk.sh, run twice) --------
# The guest pinged 7 times in one run and 8 in the other: the GET_VRING_BASE
# reply of vring 1 (its tx queue) says so, listed as not compared; the second
# run saw the back-end channel close just before the session's end, the first
# did not (the teardown's race): not a difference either.
D=$SRC/tests/corpus-diff
run net-runs 0 --diff "$D/net-qemu-dpdk-run1.pcapng" "$D/net-qemu-dpdk-run2.pcapng"
expect net-runs "equal"
grep -q '^  GET_VRING_BASE reply base 7, 8: A message 85 (frame 86), B message 85 (frame 86)$' \
	"$WORK/net-runs.out" || fail "net-runs: the bases of the two runs are not listed"
"$VHOSTSNIFF" -r "$D/net-qemu-dpdk-run2.pcapng" | grep -q 'backend channel closed by the front-end' ||
	fail "net-runs: the second run does not show the back-end channel's close"
# a capture of one against the other scenario's
run net-blk 1 --diff "$D/net-qemu-dpdk-run1.pcapng" "$C/blk-qsd-run.pcapng"
expect net-blk "device: net, blk (feature bits are named for each)"

# ---- edited copies of blk-qsd-run -------------------------------------------
# edit.py IN OUT swap|drop|poke FRAME: the capture with its FRAMEth packet
# (the frame numbers vhostsniff -# prints) swapped with the next, left out,
# with the first ring address of its SET_VRING_ADDR changed (poke), or with
# the base of its GET_VRING_BASE reply changed (base).
cat >"$WORK/edit.py" <<'EOF'
import struct, sys
src, dst, how, frame = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = open(src, "rb").read()
blocks, off = [], 0
while off < len(data):
    btype, blen = struct.unpack_from("<II", data, off)
    blocks.append([btype, bytearray(data[off:off + blen])])
    off += blen
epbs = [i for i, b in enumerate(blocks) if b[0] == 6]
i = epbs[frame - 1]
if how == "swap":
    j = epbs[frame]
    blocks[i], blocks[j] = blocks[j], blocks[i]
elif how == "drop":
    del blocks[i]
else:
    b = blocks[i][1]
    # doc/capture-format.md: after the EPB's 28 bytes, the exported-PDU tags
    # (big-endian type and length, up to type 0), the pseudo-header (24 bytes,
    # 64 per fd), the message: 12-byte header, vring index and flags, then
    # the descriptor ring's address
    pos = 28
    while True:
        tag, tlen = struct.unpack_from(">HH", b, pos)
        pos += 4 + tlen
        if tag == 0:
            break
    assert b[pos:pos + 2] == b"VU"
    msg = pos + 24 + 64 * b[pos + 6]
    if how == "poke":
        struct.pack_into("<Q", b, msg + 12 + 8, struct.unpack_from("<Q", b, msg + 12 + 8)[0] + 0x1000)
    else:  # base: a vring state's second word
        struct.pack_into("<I", b, msg + 12 + 4, struct.unpack_from("<I", b, msg + 12 + 4)[0] + 5)
open(dst, "wb").write(b"".join(bytes(b[1]) for b in blocks))
EOF
frame_of() { # the frame of the first line matching PATTERN
	"$VHOSTSNIFF" -r "$C/blk-qsd-run.pcapng" -# | awk -v p="$1" '$0 ~ p { print $1; exit }'
}
call=$(frame_of 'VHOST_USER_SET_VRING_CALL')
addr=$(frame_of 'VHOST_USER_SET_VRING_ADDR')
[[ -n $call && -n $addr ]] || fail "blk-qsd-run has no SET_VRING_CALL or SET_VRING_ADDR"

python3 "$WORK/edit.py" "$C/blk-qsd-run.pcapng" "$WORK/poked.pcapng" poke "$addr"
"$VHOSTSNIFF" -r "$WORK/poked.pcapng" | grep -q 'desc_user_addr=0x7f0c8bfdd000' ||
	fail "poke: the edit did not change the ring address"
run poked 0 --diff "$C/blk-qsd-run.pcapng" "$WORK/poked.pcapng"

# the base a GET_VRING_BASE reply gives is listed, not compared
base=$(frame_of 'VHOST_USER_GET_VRING_BASE .*reply')
python3 "$WORK/edit.py" "$C/blk-qsd-run.pcapng" "$WORK/base.pcapng" base "$base"
run base 0 --diff "$C/blk-qsd-run.pcapng" "$WORK/base.pcapng"
expect base "equal"
grep -q "^  GET_VRING_BASE reply base 1, 6: A message [0-9]* (frame $base), B message [0-9]* (frame $base)$" \
	"$WORK/base.out" || fail "base: the changed base is not listed as not compared"
run base-json 0 -T json --diff "$C/blk-qsd-run.pcapng" "$WORK/base.pcapng"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["sessions"][0]; assert d["equal"] and s["not_compared"][0]["base"] == [1, 6], s' \
	"$WORK/base-json.out" || fail "base-json: not_compared is not [1, 6]"

python3 "$WORK/edit.py" "$C/blk-qsd-run.pcapng" "$WORK/swapped.pcapng" swap "$call"
run swapped 1 --diff "$C/blk-qsd-run.pcapng" "$WORK/swapped.pcapng"
# SET_VRING_CALL (message 15) and SET_VRING_ERR traded places
# frames keep their numbers (epb_packetid) wherever they are in the file
expect swapped "first difference: A message 15 (frame $call), B message 15 (frame $((call + 1)))"
expect swapped "moved:"
grep -q '^  main front>back VHOST_USER_SET_VRING_[A-Z]* \[0x1\] size 8 fds 1: index=0: A message 1[56] (frame [0-9]*), B message 1[56] (frame [0-9]*)$' \
	"$WORK/swapped.out" || fail "swapped: the moved line does not say where it is in each"

python3 "$WORK/edit.py" "$C/blk-qsd-run.pcapng" "$WORK/dropped.pcapng" drop "$call"
run dropped 1 --diff "$C/blk-qsd-run.pcapng" "$WORK/dropped.pcapng"
expect dropped "-main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0"
if grep -q '^moved:' "$WORK/dropped.out"; then fail "dropped: a deletion is not a move"; fi

# ---- trouble: exit 2, one line on stderr, nothing on stdout ---------------------
trouble() {
	local name=$1 words=$2
	shift 2
	run "$name" 2 "$@"
	[[ ! -s $WORK/$name.out ]] || fail "$name: printed on stdout"
	grep -q -- "$words" "$WORK/$name.err" || fail "$name: stderr does not say '$words'"
}
trouble missing "/nonexistent/b.pcapng" --diff "$C/blk-qsd-run.pcapng" /nonexistent/b.pcapng
trouble missing-a "/nonexistent/a.pcapng" --diff /nonexistent/a.pcapng "$C/blk-qsd-run.pcapng"
trouble no-session "has no session 7" --diff "$C/blk-qsd-run.pcapng#7" "$C/blk-qsd-run.pcapng"
trouble one-operand "wants two captures" --diff "$C/blk-qsd-run.pcapng"
trouble with-socket "compares two captures" --diff "$C/blk-qsd-run.pcapng" "$C/blk-qsd-run.pcapng" -l /tmp/x.sock
echo "not a capture" >"$WORK/text.pcapng"
trouble not-capture "text.pcapng" --diff "$WORK/text.pcapng" "$C/blk-qsd-run.pcapng"

if [[ $failures -gt 0 ]]; then
	echo "FAIL test-diff: $failures"
	exit 1
fi
echo "PASS test-diff"
