#!/bin/bash
# The UI's data plane (--packets, issue 20) in tmux: vhostsniff -r CAPTURE --ui
# of the data-plane samples of tests/test-capture-data.c (blk IN and OUT with
# their OK and IOERR completions, FUSE LOOKUP "missing" answered ENOENT and
# READ, a vsock REQUEST, an ICMP frame on net tx0, a read cut by the snap
# length). What the screen must show is computed from `vhostsniff -r CAPTURE
# -T json`, a different path through the code.
#
# Checks: the status bar counts the data-plane entries; d shows them alone
# (one row each: queue, F>B request / B>F completion, the device and phase,
# a completion's request and latency, the decoded line, E on a failed
# completion), then the control plane alone; the filter applies within the
# plane (blk.status!=0, fuse.error!=0, fuse.opcode==LOOKUP names the reply by
# its request, net, blk); the detail pane shows the entry's full decode with
# its kept bytes in hex and its other half; --filter at start does the same.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
VHOSTSNIFF=${VHOSTSNIFF:-$top_builddir/vhostsniff}
CAPGEN=$top_builddir/tests/test-capture-gen
# shellcheck source=tests/test-tui-lib.sh
source "$top_srcdir/tests/test-tui-lib.sh"
need_tools tmux python3

WORK=$(mktemp -d)
trap 'tui_cleanup; rm -rf "$WORK"' EXIT
CAP=$WORK/data.pcapng

"$CAPGEN" --data "$CAP" "$WORK/expected" >/dev/null || { echo "FAIL: cannot write $CAP"; exit 1; }
"$VHOSTSNIFF" -r "$CAP" -T json >"$WORK/json" || { echo "FAIL: vhostsniff -r $CAP"; exit 1; }

# Questions to the JSON lines.
json() {
    python3 - "$WORK/json" "$@" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
data = [r for r in rows if r.get("event") in ("blk", "fuse", "net", "vsock", "data")]
q = sys.argv[2]
if q == "data":
    print(len(data))
elif q == "msgs":
    print(sum(1 for r in rows if "request" in r))
elif q == "blk-status":      # blk.status!=0
    print(sum(1 for r in data if r.get("blk", {}).get("status", 0) != 0))
elif q == "fuse-error":      # fuse.error!=0
    print(sum(1 for r in data if r.get("fuse", {}).get("error", 0) != 0))
elif q == "fuse-lookup":     # a LOOKUP and its reply, named by its request
    print(sum(1 for r in data if r.get("fuse", {}).get("opcode") == "LOOKUP"))
elif q in ("net", "blk"):
    print(sum(1 for r in data if r["event"] == q))
elif q == "ioerr":           # the failed completion: its request's frame and latency in us
    r = next(r for r in data if r.get("blk", {}).get("status", 0) != 0)
    print(r["request_frame"], r["latency_ns"] // 1000)
PY
}

DATA=$(json data)
MSGS=$(json msgs)
read -r IOERR_REQ IOERR_US <<<"$(json ioerr)"

# Apply a display filter through the filter line.
filter() {
    tui_keys $S /
    tui_keys $S C-u
    tui_keys $S -l "$1"
    tui_keys $S Enter
}

S=data
tui_start $S "$VHOSTSNIFF" -r "$CAP" --ui
tui_wait $S 'input ended' 20
check 'tui_screen $S | grep -q "$MSGS msgs .* | $DATA data |"' "the status bar counts $DATA data-plane entries beside $MSGS messages"
tui_keys $S d
check 'tui_screen $S | grep -q "Data plane  $DATA shown"' "d shows the $DATA data-plane entries alone"
check 'tui_screen $S | grep -q "| DATA |"' "the status bar says the data plane is shown"
check '[[ $(tui_list $S | grep -Ec " (F>B|B>F) ") == "$DATA" ]]' "one row per entry, a request F>B, a completion B>F"
check 'tui_list $S | grep -Eq " vq0 +B>F E +blk used +1 +<#$IOERR_REQ ${IOERR_US}us +vring 0 used head 1: blk OUT sector 16 len 512"' \
    "the IOERR completion: queue, E, its request #$IOERR_REQ and latency ${IOERR_US}us, the decoded line"
check 'tui_list $S | grep -Eq " tx0 +F>B +net avail "' "a net frame's queue is tx0"
check 'tui_list $S | grep -Eq " E +fuse used .*vring 1 used head 0: fuse LOOKUP unique 12"' "the ENOENT reply is marked and named by its request"
check '! tui_list $S | grep -q "SET_FEATURES"' "no control message in the data plane"

for f in "blk.status!=0:$(json blk-status)" "fuse.error!=0:$(json fuse-error)" \
    "fuse.opcode==LOOKUP:$(json fuse-lookup)" "net:$(json net)" "blk:$(json blk)"; do
    text=${f%:*} want=${f##*:}
    filter "$text"
    check 'tui_screen $S | grep -qF "Data plane  $want shown  filter: $text"' "filter $text shows the $want entries the JSON has"
done

# The detail of the OUT request: the full decode, its bytes in hex, its completion.
filter "blk.type==OUT && phase==avail"
check 'tui_screen $S | grep -qF "Data plane  1 shown"' "one OUT request"
check 'tui_screen $S | grep -Eq "^Completed by #[0-9]+  \(Enter: go there\)"' "the detail names the request's completion"
check 'tui_screen $S | grep -q "type OUT (1), ioprio 0, sector 16"' "the detail decodes the blk header"
check 'tui_screen $S | grep -Eq "out 0x0000: 0100 0000 0000 0000 1000"' "the detail shows the kept bytes in hex"

# The control plane alone, the filter cleared.
tui_keys $S '\'
tui_keys $S d
check 'tui_screen $S | grep -q "Control plane  $MSGS shown"' "d again shows the $MSGS control messages alone"
check '! tui_list $S | grep -Eq " (blk|fuse|net|vsock) (avail|used) "' "no data-plane entry in the control plane"
tui_keys $S d
check 'tui_screen $S | grep -q "Messages  $((MSGS + DATA)) shown"' "d again: one timeline of all $((MSGS + DATA))"
tui_keys $S q
check 'tui_wait $S "TUI-EXIT rc=0" 5' "q quits"

# A filter given at start applies to the data-plane entries too.
S=start
tui_start $S "$VHOSTSNIFF" -r "$CAP" --ui --filter 'fuse.error!=0'
tui_wait $S 'input ended' 20
check 'tui_screen $S | grep -qF "Messages  $(json fuse-error) shown  filter: fuse.error!=0"' "--filter fuse.error!=0 at start"
tui_keys $S q

exit $TUI_FAILED
