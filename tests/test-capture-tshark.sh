#!/bin/bash
# tshark, capinfos and libpcap on a capture that vhostsniff's pcapng writer
# made of the sample records (tests/test-capture-samples.c: two sessions, the
# back-end channel, fds, replies and malformed messages):
#  - tshark with the plugin prints each frame's request, reply flag, session
#    and channel as the records say (independently of our decoder), and as
#    `vhostsniff -r` prints them;
#  - display filters select the right frames, request/reply matching links the
#    right frames, expert info shows exactly the dissector library's findings,
#    and the malformed samples are marked;
#  - neither tshark nor vhostsniff -r crash on randomly corrupted frames;
#  - a capture cut in the middle of a frame still reads up to that frame.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
cap_init
cap=$CAP_WORK/samples.pcapng
"$CAP_BUILDDIR/tests/test-capture-gen" "$cap" "$CAP_WORK/expected.txt" || cap_fail "test-capture-gen failed"
chmod 644 "$cap"
frames=$(wc -l <"$CAP_WORK/expected.txt")

# ---- every tool reads every frame ---------------------------------------------
capinfos -c "$cap" | grep -q "Number of packets: *$frames\$" || cap_fail "capinfos does not count $frames frames"
cap_read_pcap_seq "$cap" >"$CAP_WORK/seq.read-pcap" || cap_fail "read-pcap failed"
cap_same "libpcap's frames and the records" "$CAP_WORK/expected.txt" "$CAP_WORK/seq.read-pcap"

# ---- request, reply flag, session, channel -------------------------------------
cap_tshark_seq "$cap" >"$CAP_WORK/seq.tshark" || { cat "$CAP_WORK/tshark.err"; cap_fail "tshark failed"; }
cap_same "tshark's fields and the records" "$CAP_WORK/expected.txt" "$CAP_WORK/seq.tshark"
"$VHOSTSNIFF" -r "$cap" -T json >"$CAP_WORK/offline.json" || cap_fail "vhostsniff -r failed"
cap_json_seq "$CAP_WORK/offline.json" >"$CAP_WORK/seq.json"
cap_same "vhostsniff -r's JSON and the records" "$CAP_WORK/expected.txt" "$CAP_WORK/seq.json"
# -w - into a pipe and -r - from it: the very same records
"$VHOSTSNIFF" -r "$cap" -q -w - | "$VHOSTSNIFF" -r - -T json >"$CAP_WORK/pipe.json" || cap_fail "-w - | -r - failed"
cap_same "vhostsniff -r after -w - | -r -" "$CAP_WORK/offline.json" "$CAP_WORK/pipe.json"
# a full disk: one clear message, and everything else goes on
"$VHOSTSNIFF" -r "$cap" -T json -w /dev/full >"$CAP_WORK/full.json" 2>"$CAP_WORK/full.err" ||
	cap_fail "vhostsniff -w /dev/full stopped"
cap_same "JSON with and without a full capture disk" "$CAP_WORK/offline.json" "$CAP_WORK/full.json"
[[ $(grep -c 'write failed: No space left on device; recording stopped, the relay goes on' "$CAP_WORK/full.err") -eq 1 ]] ||
	cap_fail "a full disk is not reported once: $(cat "$CAP_WORK/full.err")"
# a file that cannot be created: refused at the start, with the reason
"$VHOSTSNIFF" -r "$cap" -q -w "$CAP_WORK/no/such/dir.pcapng" 2>"$CAP_WORK/nodir.err" &&
	cap_fail "vhostsniff accepted -w into a missing directory"
grep -q "cannot create capture file $CAP_WORK/no/such/dir.pcapng: No such file or directory" "$CAP_WORK/nodir.err" ||
	cap_fail "unclear error for an unwritable capture: $(cat "$CAP_WORK/nodir.err")"

# ---- display filters -------------------------------------------------------------
# frames of request 5 on the main channel, from the records
awk -F'\t' '$1 == 5 && $4 == 0 { print NR }' "$CAP_WORK/expected.txt" >"$CAP_WORK/req5.want"
[[ -s $CAP_WORK/req5.want ]] || cap_fail "the samples have no request 5"
cap_tshark -r "$cap" -Y 'vhostuser.request == 5' -T fields -e frame.number >"$CAP_WORK/req5.got" 2>/dev/null
cap_same "frames of vhostuser.request == 5" "$CAP_WORK/req5.want" "$CAP_WORK/req5.got"
cap_tshark -r "$cap" -Y 'vhostuser.request == "VHOST_USER_SET_MEM_TABLE"' -T fields -e frame.number \
	>"$CAP_WORK/req5.byname" 2>/dev/null
cap_same "frames of vhostuser.request == \"VHOST_USER_SET_MEM_TABLE\"" "$CAP_WORK/req5.want" "$CAP_WORK/req5.byname"
# the back-end channel
awk -F'\t' '$4 == 1 { print NR }' "$CAP_WORK/expected.txt" >"$CAP_WORK/backend.want"
cap_tshark -r "$cap" -Y 'vhostuser.channel == 1' -T fields -e frame.number >"$CAP_WORK/backend.got" 2>/dev/null
cap_same "frames of vhostuser.channel == 1" "$CAP_WORK/backend.want" "$CAP_WORK/backend.got"
# payload fields under their own names, with named bits
[[ $(cap_tshark -r "$cap" -Y 'vhostuser.features.version_1 == 1 && vhostuser.flags.reply == 1' -T fields -e frame.number 2>/dev/null | wc -l) -eq 2 ]] ||
	cap_fail "vhostuser.features.version_1 does not select the two GET_FEATURES replies"
[[ $(cap_tshark -r "$cap" -Y 'vhostuser.mem.region.size == 0x10000000' -T fields -e frame.number 2>/dev/null | wc -l) -eq 2 ]] ||
	cap_fail "vhostuser.mem.region.size does not select the two SET_MEM_TABLE requests"
[[ $(cap_tshark -r "$cap" -Y 'vhostuser.fd.name == "pc.ram"' -T fields -e vhostuser.fd.size 2>/dev/null) == 268435456 ]] ||
	cap_fail "vhostuser.fd.name/size do not show the memfd of SET_MEM_TABLE"

# ---- request/reply matching --------------------------------------------------------
# want: each reply answers the latest earlier request of the same session,
# channel and number that is still unanswered (records, not our decoder)
awk -F'\t' '
	$1 != "" && $2 == 0 { key = $3 " " $4 " " $1; open[key] = open[key] " " NR }
	$1 != "" && $2 == 1 { key = $3 " " $4 " " $1; n = split(open[key], q, " ")
		if (n > 0) { print q[1] "\t" NR; open[key] = ""; for (i = 2; i <= n; i++) open[key] = open[key] " " q[i] } }
' "$CAP_WORK/expected.txt" | sort -n >"$CAP_WORK/pairs.want"
cap_tshark -r "$cap" -2 -Y vhostuser.response_in -T fields -e frame.number -e vhostuser.response_in \
	>"$CAP_WORK/pairs.in" 2>/dev/null
cap_tshark -r "$cap" -2 -Y vhostuser.response_to -T fields -e vhostuser.response_to -e frame.number \
	>"$CAP_WORK/pairs.to" 2>/dev/null
cap_same "requests and their replies (response_in)" "$CAP_WORK/pairs.want" "$CAP_WORK/pairs.in"
cap_same "requests and their replies (response_to)" "$CAP_WORK/pairs.want" "$CAP_WORK/pairs.to"
# vhostuser.time of a reply = its timestamp - its request's, to the nanosecond
cap_tshark -r "$cap" -T fields -e frame.time_epoch 2>/dev/null >"$CAP_WORK/epochs"
cap_tshark -r "$cap" -Y vhostuser.response_to -T fields -e vhostuser.time 2>/dev/null >"$CAP_WORK/times.got"
python3 - "$CAP_WORK/epochs" "$CAP_WORK/pairs.want" >"$CAP_WORK/times.want" <<'EOF'
import sys
from decimal import Decimal
t = [Decimal(x) for x in open(sys.argv[1]).read().split()]
for line in open(sys.argv[2]):
    req, rep = map(int, line.split())
    print("%.9f" % (t[rep - 1] - t[req - 1]))
EOF
cap_same "vhostuser.time and the frames' timestamps" "$CAP_WORK/times.want" "$CAP_WORK/times.got"

# ---- malformed frames and expert info ------------------------------------------------
# The malformed samples, in order: a 5-byte message, a payload shorter than
# its size, an unknown request, flags version 2, an oversized size.
malformed=$(awk -F'\t' 'NR >= 24 && NR <= 28 { print NR }' "$CAP_WORK/expected.txt" | tr '\n' ' ')
got=$(cap_tshark -r "$cap" -Y vhostuser.malformed -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
[[ $got == "$malformed" ]] || cap_fail "vhostuser.malformed selects '$got', want '$malformed'"
for check in "malformed.short_header 24" "malformed.truncated 25 28" "malformed.unknown_request 26" \
	"malformed.version 27" "malformed.oversize 28" "fds.too_many 29"; do
	set -- $check
	key=$1
	shift
	got=$(cap_tshark -r "$cap" -Y "vhostuser.finding.$key" -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
	[[ $got == "$* " ]] || cap_fail "vhostuser.finding.$key selects frames '$got', want '$* '"
done
cap_tshark -r "$cap" -q -z expert >"$CAP_WORK/expert.txt" 2>&1 || cap_fail "tshark -z expert failed"
grep -q 'Malformed *vhost-user *message shorter than the 12-byte header' "$CAP_WORK/expert.txt" ||
	cap_fail "-z expert does not list the malformed short header"
# every finding of the dissector library (vhostsniff -r) is an expert info of the
# same frame with the same text, and nothing else is
python3 - "$CAP_WORK/offline.json" >"$CAP_WORK/findings.want" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    # findings made as time passed belong to no frame of the capture
    if "frame" not in m:
        continue
    for text in sorted(set(f["message"] for f in m.get("findings", []))):
        print("%d\t%s" % (m["frame"], text))
EOF
cap_tshark -r "$cap" -Y vhostuser -T fields -E 'aggregator=|' -e frame.number -e _ws.expert.message 2>/dev/null |
	awk -F'\t' '{ n = split($2, a, "|"); for (i = 1; i <= n; i++) print $1 "\t" a[i] }' |
	grep -v -e '	The relay could not record every byte' -e '	session [0-9]* \(start\|end\):' \
		-e '(no reply in this capture)$' |
	sort -t$'\t' -k1,1n -k2 -u >"$CAP_WORK/findings.got"
sort -t$'\t' -k1,1n -k2 -u "$CAP_WORK/findings.want" -o "$CAP_WORK/findings.want"
[[ -s $CAP_WORK/findings.want ]] || cap_fail "the samples produced no findings"
cap_same "findings of vhostsniff -r and tshark's expert infos" "$CAP_WORK/findings.want" "$CAP_WORK/findings.got"
cap_tshark -r "$cap" -2 -V >"$CAP_WORK/tshark-V.txt" 2>&1 || cap_fail "tshark -V failed"
grep -E 'Dissector bug|Malformed Packet|Exception' "$CAP_WORK/tshark-V.txt" | head -n 3 | grep . &&
	cap_fail "tshark reports a dissector exception"
cap_same_passes "$cap"

# ---- corrupted frames: no crash --------------------------------------------------------
for seed in 1 2 3 4 5 6 7 8 9 10; do
	editcap -E 0.03 --seed $seed "$cap" "$CAP_WORK/fuzz.pcapng" >/dev/null 2>&1 || cap_fail "editcap failed"
	chmod 644 "$CAP_WORK/fuzz.pcapng"
	cap_tshark -r "$CAP_WORK/fuzz.pcapng" -2 -V >"$CAP_WORK/fuzz-V.txt" 2>&1 ||
		cap_fail "tshark failed on corrupted frames (seed $seed)"
	grep -E 'Dissector bug' "$CAP_WORK/fuzz-V.txt" | head -n 3 | grep . && cap_fail "dissector bug on corrupted frames (seed $seed)"
	"$VHOSTSNIFF" -r "$CAP_WORK/fuzz.pcapng" -T json >/dev/null 2>"$CAP_WORK/fuzz-r.err" ||
		{ cat "$CAP_WORK/fuzz-r.err"; cap_fail "vhostsniff -r failed on corrupted frames (seed $seed)"; }
done

# ---- a capture cut in the middle of a frame ---------------------------------------------
# cut halfway into frame 12: 11 whole frames are left
# ---- the device and dialect given by option travel with the capture ------------
# Written with --device and --dialect, read back without them: every bit and
# request named the same, by vhostsniff -r and by tshark with the plugin.
opts=$CAP_WORK/options.pcapng
"$VHOSTSNIFF" -r "$cap" --device net --dialect crosvm -q -w "$opts" || cap_fail "vhostsniff -r --device -w failed"
chmod 644 "$opts"
for fmt in text json; do
	"$VHOSTSNIFF" -r "$cap" --device net --dialect crosvm -T $fmt >"$CAP_WORK/options.want.$fmt" ||
		cap_fail "vhostsniff -r --device --dialect failed"
	"$VHOSTSNIFF" -r "$opts" -T $fmt >"$CAP_WORK/options.got.$fmt" || cap_fail "vhostsniff -r of the capture failed"
	cap_same "$fmt read back without --device/--dialect" "$CAP_WORK/options.want.$fmt" "$CAP_WORK/options.got.$fmt"
done
"$VHOSTSNIFF" -r "$cap" >"$CAP_WORK/plain.text" || cap_fail "vhostsniff -r failed"
for name in 'features=0x150000246 <GUEST_CSUM,CTRL_GUEST_OFFLOADS,GSO,GUEST_ECN,' VHOST_USER_WAKE \
	'<MQ,SHARED_MEMORY_REGIONS>' 'device net (option); dialect crosvm (option)'; do
	grep -qF "$name" "$CAP_WORK/options.got.text" || cap_fail "read back without options: no '$name'"
	grep -qF "$name" "$CAP_WORK/plain.text" && cap_fail "'$name' without the options too: the check proves nothing"
done
# tshark's Info column names them as vhostsniff -r does
cap_tshark -r "$opts" -T fields -e _ws.col.Info >"$CAP_WORK/options.tshark" 2>/dev/null || cap_fail "tshark failed on the capture"
cap_tshark -r "$cap" -T fields -e _ws.col.Info >"$CAP_WORK/plain.tshark" 2>/dev/null || cap_fail "tshark failed"
for name in 'features=0x150000246 <GUEST_CSUM,CTRL_GUEST_OFFLOADS,GSO,GUEST_ECN,' VHOST_USER_WAKE \
	'<MQ,SHARED_MEMORY_REGIONS>'; do
	grep -qF "$name" "$CAP_WORK/options.tshark" || cap_fail "tshark names no '$name' in the capture made with options"
	grep -qF "$name" "$CAP_WORK/plain.tshark" && cap_fail "tshark names '$name' without the options too"
done
# without options: upstream names, and crosvm's 1000+ id and protocol bit 31 tell its dialect
for name in VHOST_USER_CHECK_DEVICE_STATE '<MQ,XEN_MMAP>' 'VHOST_USER_SLEEP' \
	'<MQ,REPLY_ACK,SHARED_MEMORY_REGIONS>'; do
	grep -qF "$name" "$CAP_WORK/plain.text" || cap_fail "vhostsniff -r names no '$name' without options"
	grep -qF "$name" "$CAP_WORK/plain.tshark" || cap_fail "tshark names no '$name' without options"
done
# the fields of the facts, for filters
[[ $(cap_tshark -r "$opts" -Y 'vhostuser.fact == "device=net"' -T fields -e frame.number 2>/dev/null | wc -l) -ge 4 ]] ||
	cap_fail "the session starts of the capture made with --device net carry no device=net"

ends=$(cap_tshark -r "$cap" -T fields -e frame.len 2>/dev/null | wc -l)
[[ $ends -eq $frames ]] || cap_fail "tshark reads $ends of $frames frames"
cut=$CAP_WORK/cut.pcapng
python3 - "$cap" "$cut" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
pos, epbs = 0, 0
while pos < len(data):
    btype, blen = struct.unpack_from("<II", data, pos)
    if btype == 6:
        epbs += 1
        if epbs == 12:
            open(sys.argv[2], "wb").write(data[:pos + blen // 2])
            break
    pos += blen
EOF
chmod 644 "$cut"
# capinfos says the file was cut short (exit 1), and counts the whole frames
capinfos -c "$cut" >"$CAP_WORK/cut.capinfos" 2>&1 || true
grep -q 'Number of packets: *11$' "$CAP_WORK/cut.capinfos" || cap_fail "capinfos does not count 11 frames in the cut capture"
rc=0
"$READ_PCAP" "$cut" >"$CAP_WORK/cut.read-pcap" 2>/dev/null || rc=$?
[[ $rc -eq 2 && $(tail -n 1 "$CAP_WORK/cut.read-pcap") == "frames 11" ]] || cap_fail "libpcap does not read 11 frames of the cut capture"
[[ $(cap_tshark -r "$cut" 2>/dev/null | wc -l) -eq 11 ]] || cap_fail "tshark does not show 11 frames of the cut capture"
"$VHOSTSNIFF" -r "$cut" -T json >"$CAP_WORK/cut.json" 2>"$CAP_WORK/cut.err" || cap_fail "vhostsniff -r refuses the cut capture"
[[ $(wc -l <"$CAP_WORK/cut.json") -eq 11 ]] || cap_fail "vhostsniff -r does not read 11 records of the cut capture"
grep -q 'cut short' "$CAP_WORK/cut.err" || cap_fail "vhostsniff -r does not say the capture was cut short"
head -n 11 "$CAP_WORK/offline.json" | cmp -s - "$CAP_WORK/cut.json" || cap_fail "the cut capture's records differ"

# ---- ring records (--rings) ----------------------------------------------------------
# tests/test-rings' hand-made peers through vhostsniff --rings -w: tshark shows
# each ring record's snapshot as vhostsniff -r prints it, its findings as
# expert info, and every frame of the tree without an exception.
rings=$CAP_WORK/rings.pcapng
cp "$CAP_SRCDIR/tests/corpus-pcapng/rings-split-stall.pcapng" "$rings"
chmod 644 "$rings"
"$VHOSTSNIFF" -r "$rings" -T json >"$CAP_WORK/rings.json" 2>/dev/null || cap_fail "vhostsniff -r refuses the rings capture"
python3 - "$CAP_WORK/rings.json" >"$CAP_WORK/rings.want" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("event") == "ring":
        print("\t".join(str(v) for v in (m["vring"], m["cause"], m["num"], m["avail_idx"],
              m["used_idx"], m["inflight"], m["avail_flags"], m["used_flags"],
              int(m["packed"]), int(m["stalled"]),
              ",".join(f["id"] for f in m["findings"]))))
EOF
[[ $(wc -l <"$CAP_WORK/rings.want") -ge 4 ]] || cap_fail "the rings capture holds too few ring records"
cap_tshark -r "$rings" -Y 'vhostuser.event == 5' -T fields -e vhostuser.ring.vring \
	-e vhostuser.ring.cause -e vhostuser.ring.num -e vhostuser.ring.avail_idx \
	-e vhostuser.ring.used_idx -e vhostuser.ring.inflight -e vhostuser.ring.avail_flags \
	-e vhostuser.ring.used_flags -e vhostuser.ring.packed -e vhostuser.ring.stalled \
	-e _ws.expert.message 2>/dev/null >"$CAP_WORK/rings.fields"
python3 - "$CAP_WORK/rings.fields" >"$CAP_WORK/rings.got" <<'EOF'
import sys
# the expert info's sentence names the finding (dissector/vu-findings.def)
ids = {"whose used index does not move": "ring.stalled",
       "a stalled ring's used index moves again": "ring.resumed"}
for line in open(sys.argv[1]).read().splitlines():
    f = line.split("\t")
    num = lambda v: str(int(v, 0))
    flag = lambda v: "1" if v in ("1", "True", "true") else "0"
    found = [v for k, v in ids.items() if k in (f[10] if len(f) > 10 else "")]
    print("\t".join([f[0], f[1], f[2], f[3], f[4], f[5], num(f[6]), num(f[7]),
                     flag(f[8]), flag(f[9]), ",".join(found)]))
EOF
cap_same "the ring records as tshark and vhostsniff -r show them" "$CAP_WORK/rings.want" "$CAP_WORK/rings.got"
[[ $(cap_tshark -r "$rings" -Y 'vhostuser.finding.ring.stalled' -T fields -e frame.number 2>/dev/null | wc -l) -eq 1 ]] ||
	cap_fail "the ring.stalled finding is not one frame's expert info"
cap_tshark -r "$rings" -2 -V >"$CAP_WORK/rings-V.txt" 2>&1 || cap_fail "tshark -V fails on the rings capture"
! grep -E 'Dissector bug|Malformed Packet|Exception' "$CAP_WORK/rings-V.txt" | head -n 5 | grep . ||
	cap_fail "tshark reports a dissector exception on the rings capture"
grep -q 'Avail index: 2' "$CAP_WORK/rings-V.txt" || cap_fail "tshark -V shows no ring snapshot"

# ---- data-plane entries (--packets, kind 8) ----------------------------------------
# hand-made blk, FUSE, vsock and net entries (tests/test-capture-data.c): tshark
# shows each one's fields, links each completion to its request both ways, names
# values in filters, and makes a blk status other than OK and a FUSE error
# expert infos.
data=$CAP_WORK/data.pcapng
"$CAP_BUILDDIR/tests/test-capture-gen" --data "$data" "$CAP_WORK/data.want" || cap_fail "test-capture-gen --data failed"
chmod 644 "$data"
cap_tshark -r "$data" -2 -Y 'vhostuser.event == 8' -T fields -e frame.number \
	-e vhostuser.data.phase -e vhostuser.data.vring -e vhostuser.data.head \
	-e vhostuser.blk.type -e vhostuser.blk.sector -e vhostuser.blk.status \
	-e vhostuser.fuse.opcode -e vhostuser.fuse.error -e vhostuser.fuse.name \
	-e vhostuser.vsock.op -e vhostuser.net.queue -e vhostuser.net.len \
	-e vhostuser.data.request_in -e vhostuser.data.response_in >"$CAP_WORK/data.got" 2>"$CAP_WORK/data.err" ||
	{ cat "$CAP_WORK/data.err"; cap_fail "tshark fails on the data-plane capture"; }
cap_same "the data-plane entries as tshark shows them and as they were written" "$CAP_WORK/data.want" "$CAP_WORK/data.got"
# filters by value name, and the expert infos on exactly the failed completions
[[ $(cap_tshark -r "$data" -Y 'vhostuser.fuse.opcode == "LOOKUP"' -T fields -e frame.number 2>/dev/null | tr '\n' ' ') == "6 8 " ]] ||
	cap_fail "vhostuser.fuse.opcode == \"LOOKUP\" selects other frames"
[[ $(cap_tshark -r "$data" -Y 'vhostuser.blk.type == "OUT"' -T fields -e frame.number 2>/dev/null | tr '\n' ' ') == "3 5 " ]] ||
	cap_fail "vhostuser.blk.type == \"OUT\" selects other frames"
[[ $(cap_tshark -r "$data" -Y 'vhostuser.blk.status.error' -T fields -e frame.number 2>/dev/null) == 5 ]] ||
	cap_fail "the IOERR completion is not the one blk status expert info"
[[ $(cap_tshark -r "$data" -Y 'vhostuser.fuse.error.reply' -T fields -e frame.number 2>/dev/null) == 8 ]] ||
	cap_fail "the ENOENT reply is not the one FUSE error expert info"
[[ $(cap_tshark -r "$data" -Y 'vhostuser.fuse.error == -2' -T fields -e frame.number 2>/dev/null) == 8 ]] ||
	cap_fail "vhostuser.fuse.error == -2 selects other frames"
[[ $(cap_tshark -r "$data" -Y 'vhostuser.data.in_tail == 1 && vhostuser.blk.status == 0' -T fields -e frame.number 2>/dev/null) == 14 ]] ||
	cap_fail "the cut read's status kept apart is not shown"
cap_tshark -r "$data" -2 -V >"$CAP_WORK/data-V.txt" 2>&1 || cap_fail "tshark -V fails on the data-plane capture"
! grep -E 'Dissector bug|Malformed Packet|Exception' "$CAP_WORK/data-V.txt" | head -n 5 | grep . ||
	cap_fail "tshark reports a dissector exception on the data-plane capture"
for want in 'Error: ENOENT (-2)' 'Status: IOERR (1)' 'Name: missing' '[Request in: 2]' '[Completion in: 4]' \
	'[Time: 0.002000000 seconds]' 'Op: REQUEST (1)' 'Queue: tx0'; do
	grep -qF "$want" "$CAP_WORK/data-V.txt" || cap_fail "tshark -V shows no \"$want\""
done

cap_pass "$frames frames: tshark, capinfos, libpcap and vhostsniff -r agree"
