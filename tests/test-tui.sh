#!/bin/bash
# The curses UI in tmux against a capture: tests/test-tui-driver writes
# generated QEMU <-> qemu-storage-daemon sessions (with a few faults) as
# pcapng, then shows that capture the way vhostsniff -r does (capture reader
# -> pipeline -> the UI's sink). What the screen must show is computed from
# `vhostsniff -r CAPTURE -T json`, a different path through the code.
#
# Checks: the list shows the request names in order, the filter narrows it to
# what the JSON says, the detail pane shows the decoded fields of the selected
# message, the hex pane its bytes, the state pane the negotiated features by
# name, findings (n), help (?), follow and pause on a trickling input, resize
# redraws, NO_COLOR, and q exits and restores the terminal; and vhostsniff --ui on
# a capture of two ports: the Port column and the filter port==LABEL.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
VHOSTSNIFF=${VHOSTSNIFF:-$top_builddir/vhostsniff}
DRIVER=$top_builddir/tests/test-tui-driver
# shellcheck source=tests/test-tui-lib.sh
source "$top_srcdir/tests/test-tui-lib.sh"
need_tools tmux python3

WORK=$(mktemp -d)
trap 'tui_cleanup; rm -rf "$WORK"' EXIT
CAP=$WORK/two-sessions.pcapng

"$DRIVER" --write "$CAP" --sessions 2 --faults || { echo "FAIL: cannot write $CAP"; exit 1; }
"$VHOSTSNIFF" -r "$CAP" -T json >"$WORK/json" || { echo "FAIL: vhostsniff -r $CAP"; exit 1; }

# jq-like questions to the JSON lines.
json() {
    python3 - "$WORK/json" "$@" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
msgs = [r for r in rows if "request" in r]
q = sys.argv[2]
short = lambda n: n[len("VHOST_USER_"):] if n.startswith("VHOST_USER_") else n
if q == "names":          # request names of session 1 in order, replies marked
    print(" ".join(short(m["name"]) + ("/r" if m["reply"] else "") for m in msgs if m["session"] == 1))
elif q == "count-vring-s2":
    print(sum(1 for m in msgs if "VRING" in m["name"] and m["session"] == 2))
elif q == "frames-vring-s2":
    print(" ".join(str(m["frame"]) for m in msgs if "VRING" in m["name"] and m["session"] == 2))
elif q == "vring-addr":    # the first SET_VRING_ADDR with a whole payload: frame and fields
    m = next(m for m in msgs if m["name"].endswith("SET_VRING_ADDR") and "vring.desc_user_addr" in m["payload"])
    p = m["payload"]
    print(m["frame"], p["vring.index"], "0x%x" % p["vring.desc_user_addr"],
          "0x%x" % p["vring.avail_user_addr"], "0x%x" % p["vring.used_user_addr"])
elif q == "acked":         # names of the last SET_FEATURES / SET_PROTOCOL_FEATURES of session 2
    f = [m for m in msgs if m["name"].endswith("_SET_FEATURES") and m["session"] == 2][-1]["payload"]
    p = [m for m in msgs if m["name"].endswith("SET_PROTOCOL_FEATURES") and m["session"] == 2][-1]["payload"]
    print("0x%x" % f["features"], " ".join(f["features.names"]), "|", " ".join(p["protocol_features.names"]))
elif q == "vring-s2":       # vring 0 of session 2: the last size and descriptor address set
    n = [m for m in msgs if m["name"].endswith("SET_VRING_NUM") and m["session"] == 2][-1]["payload"]
    a = [m for m in msgs if m["name"].endswith("SET_VRING_ADDR") and m["session"] == 2
         and "vring.desc_user_addr" in m["payload"]][-1]["payload"]
    print(n["vring.size"], "0x%x" % a["vring.desc_user_addr"])
elif q == "identity-s2":    # session 2's device and dialect, and why, as its end says
    e = next(r for r in rows if r.get("event") == "session_end" and r["session"] == 2)
    print(e["device"], ", ".join(e["device_evidence"]) or "no evidence", e["dialect"],
          ", ".join(e["dialect_evidence"]) or "no evidence (upstream)", sep="|")
elif q == "first-finding":
    m = next(m for m in msgs if m["findings"] or m["malformed"])
    print(m["frame"], short(m["name"]))
elif q == "count":
    print(len(msgs))
elif q == "rows":           # messages and session events
    print(len(rows))
elif q == "joined":         # rows when matched replies join their request; the first reply's features
    first = next(m for m in msgs if m.get("reply_to") and m["name"].endswith("_GET_FEATURES"))
    print(len(rows) - sum(1 for m in msgs if m.get("reply_to")), "0x%x" % first["payload"]["features"])
EOF
}

# ---- the capture, browsed ----------------------------------------------------
S=cap
tui_start $S "$DRIVER" --read "$CAP"
tui_wait $S 'input ended' 20
check 'tui_wait $S "input ended" 1' "the status bar says the whole capture was read"
check 'tui_screen $S | grep -q "$(json count) msgs  2 sessions"' "status bar counts $(json count) messages in 2 sessions"

# The list shows the request names in the order the JSON has them.
list_names() {
    got=$(tui_list $S | awk '/^ +[0-9]+ / && !/== session/ { sub(/^ *[0-9]+ [0-9:.]+ +(\+[0-9.]+ +)?[0-9]+ +[a-z]+ +[BF]>[BF] +[EWN]? +/, ""); sub(/  +.*$/, ""); print }')
    want=$(json names | tr ' ' '\n' | head -"$(wc -l <<<"$got")" | sed 's#/r$# reply#')
    [[ $(wc -l <<<"$got") -ge 15 && "$got" == "$want" ]]
}
check list_names "the list shows the request names in order"
[[ "$got" == "$want" ]] || diff <(echo "$want") <(echo "$got")

# The filter narrows the list to exactly the messages the JSON names.
tui_keys $S / 
tui_keys $S -l 'name~VRING && session==2'
tui_keys $S Enter
n=$(json count-vring-s2)
check 'tui_screen $S | grep -q "Messages  $n shown  filter: name~VRING && session==2"' "the filter shows $n messages"
list_frames() {
    got=$(tui_list $S | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//')
    want=$(json frames-vring-s2 | cut -d' ' -f1-$(tui_list $S | wc -l))
    [[ "$got" == "$want" ]]
}
check list_frames "the filtered rows are frames $(json frames-vring-s2)"
check '! tui_list $S | grep -q GET_FEATURES' "no other request is left"

# The detail pane: the decoded fields of the selected message, its bytes in the hex pane.
read -r frame index desc avail used <<<"$(json vring-addr)"
tui_keys $S / C-u
tui_keys $S -l "frame==$frame"
tui_keys $S Enter Enter z
check 'tui_screen $S | grep -q "^#$frame .*session 1  main  front -> back"' "Enter opens message #$frame in the detail pane"
check 'tui_screen $S | grep -q "Vring index: $index"' "detail shows Vring index: $index"
check 'tui_screen $S | grep -q "Descriptor table address: $desc"' "detail shows the descriptor table address $desc"
check 'tui_screen $S | grep -q "Avail ring address: $avail"' "detail shows the avail ring address $avail"
check 'tui_screen $S | grep -q "Used ring address: $used"' "detail shows the used ring address $used"
tui_keys $S z
check 'tui_screen $S | grep -q "^0000  09 00 00 00 01 00 00 00  28 00 00 00"' "hex pane shows the header: request 9, flags 1, size 40"
# Down to the descriptor address: the hex title names its offset and length.
# The cursor starts on the first field (Request); j moves it a line. The keys
# go at once, counted on the screen: a UI slower than the keys then lags but
# does not overshoot.
screen=$(tui_screen $S)
from=$(grep -n -m1 "^  Request: " <<<"$screen" | cut -d: -f1)
to=$(grep -n -m1 "^  Descriptor table address: " <<<"$screen" | cut -d: -f1)
[[ -n $from && -n $to ]] && tui_keys $S $(for ((i = from; i < to; i++)); do echo j; done)
check 'tui_screen $S | grep -q "Hex  52 bytes  field at 20, 8 bytes"' "the hex pane follows the detail cursor to the descriptor address (bytes 20-27)"

# The state pane: the features the session negotiated, by name.
tui_keys $S Escape '\'
tui_keys $S G
read -r acked rest <<<"$(json acked)"
fnames=${rest%%|*}
pnames=${rest#*|}
tui_keys $S 4 z
# the state pane zoomed (no other pane beside it) is the screen drawn after G
tui_until 10 'zoomed=$(tui_screen $S); grep -q "Session state" <<<"$zoomed" && ! grep -q "│" <<<"$zoomed"'
check 'grep -q "Features acked $acked: $(echo $fnames | cut -d" " -f1-4)" <<<"$zoomed"' "state pane: features acked $acked by name"
for name in $fnames $pnames; do
    check 'grep -qw "$name" <<<"$zoomed"' "state pane names $name"
done
check 'grep -q "Memory regions: 1" <<<"$zoomed"' "state pane shows the memory region"
IFS='|' read -r dev dev_ev dia dia_ev <<<"$(json identity-s2)"
[[ $dev == blk ]] || { echo "FAIL: the generated sessions are not blk by the JSON: $dev"; exit 1; }
check 'grep -qF "Device $dev from $dev_ev; dialect $dia from $dia_ev" <<<"$zoomed"' "state pane: device $dev from $dev_ev, dialect $dia"
read -r num desc <<<"$(json vring-s2)"
check 'grep -q "  0: num $num  base " <<<"$zoomed" && grep -q "desc $desc" <<<"$zoomed"' "state pane shows vring 0: num $num, desc $desc"
tui_keys $S z 1

# Findings: n goes to the first message with one.
read -r fframe fname <<<"$(json first-finding)"
tui_keys $S g n
check 'tui_screen $S | grep -q "^#$fframe .*session 1"' "n selects the first message with findings (#$fframe $fname)"
check 'tui_screen $S | grep -q "Findings:"' "its findings are in the detail pane"

# Joined: each matched reply rides on its request's row.
read -r rows features <<<"$(json joined)"
tui_keys $S '\' g J
check 'tui_screen $S | grep -q "Messages  $rows shown"' "J joins the replies: $rows rows"
check 'tui_list $S | grep -Eq " GET_FEATURES .*>#[0-9]+ .* => features=$features"' "GET_FEATURES's row shows its reply: features=$features"
tui_keys $S J
check 'tui_screen $S | grep -q "Messages  $(json rows) shown"' "J again splits them: $(json rows) rows"

# Help, then resize, then q.
tui_keys $S '?'
check 'tui_screen $S | grep -q "Filter (/): terms side by side"' "? shows the help with the filter language"
tui_keys $S Escape
check '! tui_screen $S | grep -q "Filter (/): terms side by side"' "Esc closes the help"
tmx resize-window -t $S -x 100 -y 30
check 'screen=$(tui_screen $S); [[ $(wc -l <<<"$screen") -eq 30 ]] && ! grep -q "│" <<<"$screen" && grep -q "^> Messages" <<<"$screen"' "resize to 100x30 redraws in the narrow layout (one pane below the list)"
check 'tui_screen $S | sed -n 29p | grep -q "msgs  2 sessions"' "the status bar moved to the new last-but-one line"
tmx resize-window -t $S -x 160 -y 50
check 'tui_screen $S | grep -q "Session state"' "resize back to 160x50 shows every pane again"
tui_keys $S q
check 'tui_wait $S "TUI-EXIT rc=0" 5' "q quits with status 0"
check 'tui_screen $S | grep -q "^TERMINAL icanon echo"' "the terminal is back in cooked mode (icanon, echo)"
check '! tui_screen $S | grep -q "? = help"' "the UI's screen is gone"

# ---- a trickling input: follow and pause ---------------------------------------
# 60 sessions at 50 records a second: a minute of input, more than the checks
# below take on a loaded machine (q ends it).
S=live
tui_start $S "$DRIVER" --live --sessions 60 --delay-us 20000
tui_wait $S 'FOLLOW' 10
# The first and the last row number of the list, from one screen (0 0: none).
list_ends() {
    tui_list $S | awk '/^ +[0-9]+ / { if (!f) f = $1; n = $1 } END { print f + 0, n + 0 }'
}
# Once the list scrolled by itself (its first row is not #1, and no key was
# pressed), its newest row; then a newer one.
tui_until 20 'read -r first a <<<"$(list_ends)"; ((first > 1))'
tui_until 10 'read -r first b <<<"$(list_ends)"; ((b > a))'
check '((first > 1 && b > a))' "follow mode keeps the newest message in view ($a, then $b)"
tui_keys $S p
check 'tui_wait $S "PAUSED \+[0-9]+" 3' "p pauses the list"
a=$(tui_last_row $S)
sleep 1
b=$(tui_last_row $S)
check '[[ -n $a && $a == "$b" ]] && tui_screen $S | grep -Eq "PAUSED \+[1-9]"' "paused: the list holds still while records arrive"
tui_keys $S p
check '! tui_screen $S | grep -q PAUSED' "p again resumes"
tui_keys $S k
check '! tui_screen $S | grep -q FOLLOW' "moving up leaves follow mode"
tui_keys $S q
check 'tui_wait $S "TUI-EXIT rc=0" 5' "q quits while records still arrive"

# ---- colours: present on a colour terminal, absent with NO_COLOR ------------------
S=color
tui_start $S "$DRIVER" --sessions 1
tui_wait $S 'input ended' 10
check 'tmx capture-pane -t $S -p -e | grep -q $'"'"'\e\[[0-9;]*3[0-7]m'"'"'' "colours on a colour terminal"
tui_keys $S q
S=nocolor
tui_start $S env NO_COLOR=1 "$DRIVER" --sessions 1
tui_wait $S 'input ended' 10
check '! tmx capture-pane -t $S -p -e | grep -q $'"'"'\e\[[0-9;]*3[0-7]m'"'"'' "no colours with NO_COLOR"
check 'tmx capture-pane -t $S -p -e | grep -q $'"'"'\e\[[0-9;]*7m'"'"'' "reverse video still marks bars and the selection"
tui_keys $S q

# ---- ports: a capture of three ports (tests/e2e/ports-blk-net.sh), through vhostsniff itself
S=ports
PCAP=$top_srcdir/tests/corpus-pcapng/ports-blk-net.pcapng
want=$("$VHOSTSNIFF" -r "$PCAP" -T json | grep -c '"port":"blk-b"')
tui_start $S "$VHOSTSNIFF" -r "$PCAP" --ui --filter port==blk-b
tui_wait $S 'input ended' 10
check 'tui_screen $S | grep -Eq "^ +No\. +Time +Delta +Port +S "' "a Port column when sessions name their ports"
check 'tui_screen $S | grep -q "Messages  $want shown  filter: port==blk-b"' "port==blk-b shows the $want records of that port"
check 'tui_list $S | grep -q " blk-b " && ! tui_list $S | grep -q "blk-a"' "the rows are those of port blk-b, each naming it"
tui_keys $S q

exit $TUI_FAILED
