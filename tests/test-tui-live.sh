#!/bin/bash
# The curses UI live, end to end: QEMU (vhost-user-blk-pci, the lab guest) <->
# vhostsniff --ui -w CAPTURE <-> qemu-storage-daemon, the UI in tmux. While
# the guest reads and writes its disk through vhostsniff, the UI must show the
# session; afterwards what it shows is checked against `vhostsniff -r CAPTURE
# -T json` of the capture it recorded at the same time:
#   the list shows the request names in order, the filter narrows it to the
#   JSON's count, the detail pane shows the decoded fields of ADD_MEM_REG, the
#   state pane the negotiated features and protocol features by name, a resize
#   redraws, and q exits 0 with the terminal restored;
#   with --packets, the guest's disk requests: d d shows the control plane
#   alone for the checks above, d d again the data plane with as many entries
#   as the capture has, IN requests and failed completions (blk.status!=0)
#   as the JSON counts them, a completion's request and latency, its decode.
# The last screens are kept in the log (and in $E2E_WORK with KEEP=1).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/e2e/lib.sh"
source "$E2E_SRCDIR/tests/test-tui-lib.sh"
set +e # the checks collect failures themselves
e2e_need qemu-system-x86_64 qemu-storage-daemon tmux
"$VHOSTSNIFF" --help 2>&1 | grep -q -- '--ui' ||
    e2e_skip "$VHOSTSNIFF has no --ui option yet (sniffer/main.c must call vs_tui_main, tui/tui.h)"
e2e_setup
e2e_guest
W=$E2E_WORK
QSD=
wait_socket() {
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -S $1 ]] && return 0
        sleep 0.1
    done
    return 1
}
trap 'tui_cleanup; [[ -z $QSD ]] || kill $QSD 2>/dev/null; wait' EXIT

"$E2E_LAB/blk-qsd.sh" backend "$W/lab" "$W/b.sock" >"$W/qsd.log" 2>&1 &
QSD=$!
wait_socket "$W/b.sock"
[[ -S $W/b.sock ]] || e2e_fail "qemu-storage-daemon did not listen on $W/b.sock"

S=live
tui_start $S "$VHOSTSNIFF" -l "$W/a.sock" -c "$W/b.sock" --ui --packets -s 512 -w "$W/live.pcapng"
wait_socket "$W/a.sock"
[[ -S $W/a.sock ]] || e2e_fail "vhostsniff --ui did not listen on $W/a.sock: $(tui_screen $S)"
check 'tui_screen $S | grep -q "FOLLOW"' "a live UI starts in follow mode"

"$E2E_LAB/blk-qsd.sh" frontend "$W/lab" "$W/a.sock" >"$W/verdict" 2>"$W/frontend.log" &
FRONT=$!
# While the guest runs: the device starts and the list follows it.
check 'tui_wait $S "SET_VRING_KICK" 120' "the list shows the device starting while the guest runs"
tui_screen $S >"$W/screen-running.txt"
wait $FRONT
E2E_VERDICT=$(grep -E '^(PASS|FAIL) ' "$W/verdict" | tail -n 1)
[[ $E2E_VERDICT == PASS* ]] || { tail -n 20 "$W/frontend.log"; e2e_fail "the guest's disk did not work through vhostsniff --ui: $E2E_VERDICT"; }
check 'tui_wait $S "== session 1 end" 20' "the UI shows the end of the session"

# The UI may show the session's end before the capture's last blocks are
# written (the pipeline flushes its sinks after the batch): read it until it
# holds that end too.
tui_until 20 '"$VHOSTSNIFF" -r "$W/live.pcapng" -T json >"$W/json" && grep -q "\"event\":\"session_end\"" "$W/json"' ||
    e2e_fail "vhostsniff -r $W/live.pcapng: no whole session in the capture"
json() {
    python3 - "$W/json" "$@" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
msgs = [r for r in rows if "request" in r and r["session"] == 1]
q = sys.argv[2]
short = lambda n: n[len("VHOST_USER_"):] if n.startswith("VHOST_USER_") else n
if q == "names":
    print(" ".join(short(m["name"]) + ("/r" if m["reply"] else "") for m in msgs))
elif q == "count-vring":
    print(sum(1 for m in msgs if "VRING" in m["name"]))
elif q == "memreg":      # the first ADD_MEM_REG: frame, guest address, size, user address
    m = next(m for m in msgs if m["name"].endswith("ADD_MEM_REG") and not m["reply"])
    r = m["payload"]["mem.region"][0]
    print(m["frame"], "0x%x" % r["mem.region.guest_addr"], "0x%x" % r["mem.region.size"],
          "0x%x" % r["mem.region.user_addr"], m["fd_info"][0]["kind"])
elif q == "data":        # the data-plane entries of session 1
    print(sum(1 for r in rows if r.get("event") == "blk" and r["session"] == 1))
elif q == "used-typed":  # completions named by their request
    print(sum(1 for r in rows if r.get("event") == "blk" and r["phase"] == "used" and "type" in r.get("blk", {})))
elif q == "blk-in":
    print(sum(1 for r in rows if r.get("event") == "blk" and r.get("blk", {}).get("type") == "IN"))
elif q == "blk-bad":
    print(sum(1 for r in rows if r.get("event") == "blk" and r.get("blk", {}).get("status", 0) != 0))
elif q == "acked":
    f = [m for m in msgs if m["name"].endswith("_SET_FEATURES")][-1]["payload"]
    p = [m for m in msgs if m["name"].endswith("SET_PROTOCOL_FEATURES")][-1]["payload"]
    print("0x%x" % f["features"], " ".join(f["features.names"]), "|", " ".join(p["protocol_features.names"]))
EOF
}

# The control plane alone (d d) for the checks on messages; then the list,
# from the top: the request names in the order they crossed.
tui_keys $S d d
check 'tui_screen $S | grep -q "^> Control plane  "' "d d shows the control plane alone"
tui_keys $S g
list_names() {
    got=$(tui_list $S | awk '/^ +[0-9]+ / && !/== session/ { sub(/^ *[0-9]+ [0-9:.]+ +(\+[0-9.]+ +)?[0-9]+ +[a-z]+ +[BF]>[BF] +[EWN]? +/, ""); sub(/  +.*$/, ""); print }')
    want=$(json names | tr ' ' '\n' | head -"$(wc -l <<<"$got")" | sed 's#/r$# reply#')
    [[ $(wc -l <<<"$got") -ge 15 && "$got" == "$want" ]]
}
check list_names "the list shows the request names in order: $(json names | cut -d' ' -f1-6) ..."
[[ "$got" == "$want" ]] || diff <(echo "$want") <(echo "$got")
tui_screen $S >"$W/screen-top.txt"

# The filter narrows the list.
n=$(json count-vring)
tui_keys $S /
tui_keys $S -l 'name~VRING && session==1'
tui_keys $S Enter
check 'tui_screen $S | grep -q "Control plane  $n shown  filter: name~VRING && session==1"' "the filter shows the $n VRING messages"
check '! tui_list $S | grep -q "GET_FEATURES"' "the filtered list holds no other request"

# The detail pane: ADD_MEM_REG's region, decoded.
read -r frame gpa size uaddr fdkind <<<"$(json memreg)"
tui_keys $S / C-u
tui_keys $S -l "frame==$frame"
tui_keys $S Enter Enter z
check 'tui_screen $S | grep -q "^#$frame .*session 1  main  front -> back"' "Enter opens ADD_MEM_REG #$frame in the detail pane"
check 'tui_screen $S | grep -q "Guest physical address: $gpa"' "detail: guest physical address $gpa"
check 'tui_screen $S | grep -q "Size: $size"' "detail: region size $size"
check 'tui_screen $S | grep -q "Userspace address: $uaddr"' "detail: userspace address $uaddr"
check 'tui_screen $S | grep -q "fd 0: $fdkind"' "detail: the region's fd is a $fdkind"
tui_keys $S z
tui_screen $S >"$W/screen-detail.txt"

# The state pane after the last message: the negotiated features by name.
tui_keys $S Escape '\'
tui_keys $S G
tui_screen $S >"$W/screen-end.txt"
read -r acked rest <<<"$(json acked)"
fnames=${rest%%|*}
pnames=${rest#*|}
tui_keys $S 4 z
# the state pane zoomed (no other pane beside it) is the screen drawn after G
tui_until 10 'zoomed=$(tui_screen $S); grep -q "Session state" <<<"$zoomed" && ! grep -q "│" <<<"$zoomed"'
check 'grep -q "Features acked $acked:" <<<"$zoomed"' "state pane: features acked $acked"
for name in $fnames $pnames; do
    check 'grep -qw "$name" <<<"$zoomed"' "state pane names $name"
done
check 'grep -q "Memory regions: [1-9]" <<<"$zoomed"' "state pane lists the memory regions"
check 'grep -q "  0: num [0-9]*  base " <<<"$zoomed"' "state pane shows vring 0"
tui_keys $S z 1

# The data plane (--packets): the guest's disk requests, as many as the capture has.
data=$(json data)
tui_keys $S d d
check 'tui_screen $S | grep -q "^> Data plane  $data shown"' "d d shows the $data data-plane entries the capture has"
check 'tui_screen $S | grep -q "| $data data |"' "the status bar counts $data data-plane entries, none past the caps"
for f in "blk.type==IN:$(json blk-in)" "blk.status!=0:$(json blk-bad)"; do
    text=${f%:*} want=${f##*:}
    tui_keys $S / C-u
    tui_keys $S -l "$text"
    tui_keys $S Enter
    check 'tui_screen $S | grep -qF "Data plane  $want shown  filter: $text"' "filter $text shows the $want entries the JSON has"
done
# The completions the session named by their request (how many the walker
# saw both halves of depends on the run: under TCG some are missed).
typed=$(json used-typed)
tui_keys $S / C-u
tui_keys $S -l "phase==used && blk.type>=0"
tui_keys $S Enter
check 'tui_screen $S | grep -qF "Data plane  $typed shown  filter: phase==used && blk.type>=0"' "$typed completions named by their request, as the JSON has"
if ((typed > 0)); then
    # (live entries are numbered as they go out, as in a capture: "<#N" and
    # the latency when the walker saw the request before its completion,
    # none when it saw both at once)
    check 'tui_list $S | grep -Eq " vq0 +B>F +. blk used +[0-9]+ +<#[0-9]+ ([0-9.]+(ns|us|ms|s))? +vring 0 used head [0-9]+: blk (IN|OUT|FLUSH|GET_ID) "' "a completion is linked to its request and named by its type"
    check 'tui_screen $S | grep -Eq "^Completes the request #[0-9]+  \(Enter: go there\)"' "the detail of a completion names its request by its number"
    check 'tui_screen $S | grep -Eq "^  type [A-Z_]+ \([0-9]+\), ioprio [0-9]+, sector [0-9]+"' "the detail decodes its blk header"
else
    echo "ok - # SKIP the walker saw no request and its completion both this run"
fi
tui_screen $S >"$W/screen-data.txt"
tui_keys $S '\' d

# Resize, then quit.
tmx resize-window -t $S -x 100 -y 30
check 'screen=$(tui_screen $S); [[ $(wc -l <<<"$screen") -eq 30 ]] && ! grep -q "│" <<<"$screen" && grep -q "^> Control plane" <<<"$screen" && sed -n 29p <<<"$screen" | grep -q "msgs  1 session "' "resize to 100x30 redraws"
tmx resize-window -t $S -x 160 -y 50
tui_until 10 'tui_screen $S | grep -q "│"'
tui_keys $S q
check 'tui_wait $S "TUI-EXIT rc=0" 10' "q quits vhostsniff with status 0"
check 'tui_screen $S | grep -q "^TERMINAL icanon echo"' "the terminal is back in cooked mode"

echo "--- the live session's screen, at its end ---"
cat "$W/screen-end.txt"
echo "--- its data plane ---"
cat "$W/screen-data.txt"
echo "---"
[[ $TUI_FAILED -eq 0 ]] || e2e_fail "the UI did not show what the capture holds"
e2e_pass
