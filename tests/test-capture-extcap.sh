#!/bin/bash
# The extcap: `tshark -D` lists the vhostuser interface, its DLT and its
# settings are offered (the device types and dialects as vhostsniff names
# them), each setting reaches vhostsniff as the option it stands for, one
# argument each whatever its value holds (blanks, globs, $(...), a leading
# '-'; checked on a stand-in that prints its arguments, run by the extcap as
# Wireshark runs it and through tshark's -o), a malformed setting is refused
# with a sentence before anything runs, and a live capture through it
# (tshark -i vhostuser with two ports in "More ports", --device and --dialect)
# records two real sessions that work: DPDK virtio-user and DPDK vhost in
# reversed roles on port rev, in the usual ones on port fwd, one pair after the
# other in one extcap run. The file tshark wrote decodes as vhostsniff reads
# it, each session labelled with its port and decoded as the device and dialect
# that were given.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
cap_need dpdk-testpmd flock timeout
cap_init
extcap=$CAP_BUILDDIR/plugins/vhostsniff-extcap
[[ -x $extcap ]] || cap_fail "$extcap is not built"
cp "$extcap" "$CAP_WORK/extcap/"
mkdir -p "$CAP_WORK/out"
chmod 777 "$CAP_WORK/out"

# ---- the interface, its link type and settings ----------------------------------
cap_tshark -D >"$CAP_WORK/D.txt" 2>&1 || cap_fail "tshark -D failed"
grep -q '^[0-9]*\. vhostuser (vhost-user relay (vhostsniff))$' "$CAP_WORK/D.txt" ||
	{ cat "$CAP_WORK/D.txt"; cap_fail "tshark -D does not list the vhostuser interface"; }
cap_tshark -i vhostuser -L 2>&1 | grep -q WIRESHARK_UPPER_PDU || cap_fail "tshark -i vhostuser -L does not offer link type 252"
# every setting parses in tshark (a line it cannot read is dropped)
cap_tshark -G defaultprefs 2>/dev/null >"$CAP_WORK/prefs.txt"
for pref in frontpath frontrole backpath backrole map wrap socketmode connecttimeout device dialect \
	sessions rings ringsinterval packets snaplen; do
	grep -q "^#extcap.vhostuser.$pref:" "$CAP_WORK/prefs.txt" || cap_fail "no extcap setting $pref"
done
# the choices of a selector, in the extcap's order: auto first (the default)
choices() { # CALL [VHOSTSNIFF]
	VHOSTSNIFF=${2:-$VHOSTSNIFF} "$extcap" --extcap-config --extcap-interface vhostuser |
		sed -n "s/^arg {number=\([0-9]*\)}{call=--$1}.*/\1/p" >"$CAP_WORK/argnum"
	[[ -s $CAP_WORK/argnum ]] || cap_fail "no --$1 in --extcap-config"
	VHOSTSNIFF=${2:-$VHOSTSNIFF} "$extcap" --extcap-config --extcap-interface vhostuser |
		sed -n "s/^value {arg=$(cat "$CAP_WORK/argnum")}{value=\([^}]*\)}.*/\1/p" | tr '\n' ' '
}
want="auto net blk fs gpu scsi vsock input crypto i2c gpio rng sound console "
[[ $(choices device) == "$want" ]] || cap_fail "device types offered: [$(choices device)], not [$want]"
[[ $(choices dialect) == "auto qemu crosvm " ]] || cap_fail "dialects offered: [$(choices dialect)]"
# without a vhostsniff to ask, the settings are still offered, with auto alone
[[ $(choices device /nonexistent) == "auto " && $(choices dialect /nonexistent) == "auto " ]] ||
	cap_fail "without vhostsniff: device [$(choices device /nonexistent)], dialect [$(choices dialect /nonexistent)]"

# ---- each setting as vhostsniff gets it ---------------------------------------------
# The stand-in prints its arguments, one a line, and fails (tshark then ends
# the capture); it runs in a directory of files that an unquoted glob would
# match, and $(...) would create "pwned".
standin=$CAP_WORK/argv-vhostsniff
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"$ARGV_OUT"\nexit 1\n' >"$standin"
chmod 755 "$standin"
mkdir -p "$CAP_WORK/cwd"
touch "$CAP_WORK/cwd/bee" "$CAP_WORK/cwd/--back-listen=bee" "$CAP_WORK/cwd/--wrap=w1"
# passed WANT ARGS...: --capture with ARGS runs vhostsniff with the lines of WANT
passed() {
	local want=$1
	shift
	rm -f "$CAP_WORK/argv.out"
	(cd "$CAP_WORK/cwd" && ARGV_OUT=$CAP_WORK/argv.out VHOSTSNIFF=$standin \
		"$extcap" --capture --extcap-interface vhostuser --fifo /f "$@") 2>"$CAP_WORK/argv.err" || true
	[[ -f $CAP_WORK/argv.out ]] || cap_fail "the extcap did not run vhostsniff for [$*]: $(cat "$CAP_WORK/argv.err")"
	printf '%s\n' "$want" >"$CAP_WORK/argv.want"
	cap_same "vhostsniff's arguments for [$*]" "$CAP_WORK/argv.want" "$CAP_WORK/argv.out"
}
# what Wireshark passes with the sockets alone: the defaults of the rest
passed $'-q\n--front-listen=/s/a\n--back-connect=/s/b\n--write=/f' \
	--front-path /s/a --back-path /s/b --sessions 0 --rings false --packets false
# everything, with hostile values; ';' separates ports, blanks around one and
# empty ones are dropped, a port's own blanks and '=' after the first stay
passed "-q
--front-connect=-x y
--back-listen=b*
--map=rev:connect:/s/\$(touch pwned) a=listen:/s/\`b\`
--map=fwd:c d=e=f
--map=x:/s/g=/s/h
--wrap=w*
--wrap=blk:w 2
--socket-mode=0660
--connect-timeout=300
--device=net
--dialect=crosvm
--sessions=2
--rings=50
--packets
--snaplen=0
--write=/f" \
	--front-path '-x y' --front-role connect --back-path 'b*' --back-role listen \
	--map ' rev:connect:/s/$(touch pwned) a=listen:/s/`b` ;; fwd:c d=e=f; ' --map=x:/s/g=/s/h \
	--wrap 'w*;	blk:w 2 ' --socket-mode 0660 --connect-timeout 300 --device net --dialect crosvm \
	--sessions 2 --rings TRUE --rings-interval 50 --packets true --snaplen 0
[[ ! -e $CAP_WORK/cwd/pwned ]] || cap_fail "a value was run as a command"
# guest memory only when asked for: the interval and snap length alone turn nothing on
passed $'-q\n--map=a=b\n--write=/f' --map a=b --rings false --rings-interval 50 --packets false --snaplen 9 \
	--device auto --dialect auto
# --packets reads the rings by itself
passed $'-q\n--wrap=w\n--rings\n--packets\n--snaplen=128\n--write=/f' --wrap w --packets 1 --snaplen 128
# the same through tshark's -o, with every setting's name (dumpcap may wait
# for the FIFO the stand-in never opens: tshark is stopped)
rm -f "$CAP_WORK/out/argv.out"
cap_as_user WIRESHARK_PLUGIN_DIR="$CAP_WORK/wsplugins" WIRESHARK_EXTCAP_DIR="$CAP_WORK/extcap" \
	VHOSTSNIFF="$standin" ARGV_OUT="$CAP_WORK/out/argv.out" timeout -k 5 20 tshark -q -i vhostuser \
	-o extcap.vhostuser.frontpath:/s/a -o extcap.vhostuser.frontrole:connect \
	-o extcap.vhostuser.backpath:/s/b -o extcap.vhostuser.backrole:listen \
	-o 'extcap.vhostuser.map:m1:/s/c=/s/d; /s/e=connect:/s/f' -o 'extcap.vhostuser.wrap:/s/w; /s/v' \
	-o extcap.vhostuser.socketmode:666 -o extcap.vhostuser.connecttimeout:9 \
	-o extcap.vhostuser.device:blk -o extcap.vhostuser.dialect:qemu -o extcap.vhostuser.sessions:3 \
	-o extcap.vhostuser.rings:TRUE -o extcap.vhostuser.ringsinterval:20 \
	-o extcap.vhostuser.packets:TRUE -o extcap.vhostuser.snaplen:64 \
	-a duration:10 -w "$CAP_WORK/out/none.pcapng" >"$CAP_WORK/tshark-o.log" 2>&1 || true
[[ -f $CAP_WORK/out/argv.out ]] || { cat "$CAP_WORK/tshark-o.log"; cap_fail "tshark did not run the extcap's vhostsniff"; }
grep -v '^--write=' "$CAP_WORK/out/argv.out" >"$CAP_WORK/argv.tshark"
printf '%s\n' -q --front-connect=/s/a --back-listen=/s/b --map=m1:/s/c=/s/d --map=/s/e=connect:/s/f \
	--wrap=/s/w --wrap=/s/v --socket-mode=666 --connect-timeout=9 --device=blk --dialect=qemu \
	--sessions=3 --rings=20 --packets --snaplen=64 >"$CAP_WORK/argv.want"
cap_same "vhostsniff's arguments from tshark -o" "$CAP_WORK/argv.want" "$CAP_WORK/argv.tshark"

# ---- refusals: a sentence, and vhostsniff not run -------------------------------------
# refused SENTENCE ARGS...: --capture with ARGS exits 1 saying SENTENCE (the
# start of its message, a fixed string)
refused() {
	local sentence=$1
	shift
	rm -f "$CAP_WORK/argv.out"
	ARGV_OUT=$CAP_WORK/argv.out VHOSTSNIFF=$standin \
		"$extcap" --capture --extcap-interface vhostuser --fifo /f "$@" 2>"$CAP_WORK/refused.txt" &&
		cap_fail "the extcap took [$*]"
	[[ ! -e $CAP_WORK/argv.out ]] || cap_fail "the extcap ran vhostsniff for [$*]"
	grep -qF -- "vhostsniff-extcap: $sentence" "$CAP_WORK/refused.txt" ||
		cap_fail "unclear refusal of [$*]: $(cat "$CAP_WORK/refused.txt")"
}
refused "the front-end socket is not set (--front-path)" --back-path /x
refused "the back-end socket is not set (--back-path)" --front-path /x
refused "no port to capture: set the front-end and back-end sockets" --sessions 0
refused "no port to capture" --map ' ; ' --wrap ';'
refused "More ports (--map): 'just-a-path' is not [LABEL:]FRONT=BACK" --map 'a=b; just-a-path'
refused "More ports (--map): '=b' lacks a socket path on one side of '='" --map '=b'
refused "More ports (--map): 'net0:a=' lacks a socket path on one side of '='" --map 'c=d;net0:a='
refused "--front-role is listen or connect, not 'both'" --front-path a --back-path b --front-role both
refused "--rings is true or false, not 'maybe'" --map a=b --rings maybe
refused "--socket-mode takes an octal mode such as 0660, not '0999'" --map a=b --socket-mode 0999
refused "--sessions takes a number, not 'x'" --map a=b --sessions x
refused "--connect-timeout takes a number, not '1.5'" --map a=b --connect-timeout 1.5
refused "--rings-interval takes a number, not 'fast'" --map a=b --rings true --rings-interval fast
refused "--snaplen takes a number, not '-1'" --map a=b --packets true --snaplen -1
refused "capture filters are not supported" --map a=b --extcap-capture-filter 'port 80'
# what only vhostsniff knows, vhostsniff refuses, naming the choices
vhostsniff_refuses() { # SENTENCE ARGS...
	local sentence=$1
	shift
	VHOSTSNIFF=$VHOSTSNIFF "$extcap" --capture --extcap-interface vhostuser --fifo "$CAP_WORK/none" \
		--map "$CAP_WORK/a=$CAP_WORK/b" "$@" 2>"$CAP_WORK/refused.txt" && cap_fail "vhostsniff took [$*]"
	grep -qF "vhostsniff: $sentence" "$CAP_WORK/refused.txt" || cap_fail "unclear refusal of [$*]: $(cat "$CAP_WORK/refused.txt")"
}
vhostsniff_refuses "unknown device type 'bogus' for --device (one of: net, blk," --device bogus
vhostsniff_refuses "unknown dialect 'bogus' for --dialect (one of: qemu, crosvm, auto)" --dialect bogus

# ---- a live capture of two ports, a real session on each -----------------------------
cap_peers_lock
out=$CAP_WORK/out/extcap.pcapng
mkdir -p "$CAP_WORK/sock"
chmod 1777 "$CAP_WORK/sock"
rev_a=$CAP_WORK/sock/rev-a.sock rev_b=$CAP_WORK/sock/rev-b.sock
fwd_a=$CAP_WORK/sock/fwd-a.sock fwd_b=$CAP_WORK/sock/fwd-b.sock
# vhostsniff runs as tshark's user, nobody: the peers' sockets (made by root)
# are made connectable by anyone
umask 000
# Port rev: virtio-user listens on rev-a (vhostsniff connects), DPDK vhost
# connects to rev-b (client=1). Port fwd: virtio-user connects to fwd-a,
# vhostsniff to DPDK vhost's fwd-b. The recipes run the peers against the
# sockets of the extcap's vhostsniff, with a placeholder as their proxy, which
# makes them wait for those sockets. The rev recipe starts first: it removes
# old files at the socket paths, so tshark starts once virtio-user listens.
cap_recipe rev net-dpdk-pair.sh run-reverse 'exec sleep 600' &
rev_pid=$!
for ((i = 0; i < 300; i++)); do
	[[ -S $rev_a ]] && break
	sleep 0.1
done
[[ -S $rev_a ]] || { tail -n 20 "$CAP_WORK/rev.recipe.log" >&2; cap_fail "virtio-user did not listen on $rev_a"; }
# the extcap stops after the two sessions
cap_as_user WIRESHARK_PLUGIN_DIR="$CAP_WORK/wsplugins" WIRESHARK_EXTCAP_DIR="$CAP_WORK/extcap" \
	VHOSTSNIFF="$VHOSTSNIFF" tshark -q -i vhostuser \
	-o "extcap.vhostuser.map:rev:connect:$rev_a=listen:$rev_b; fwd:$fwd_a=$fwd_b" \
	-o extcap.vhostuser.device:net -o extcap.vhostuser.dialect:qemu \
	-o extcap.vhostuser.connecttimeout:60 -o extcap.vhostuser.sessions:2 \
	-a duration:300 -w "$out" >"$CAP_WORK/tshark-live.log" 2>&1 &
tshark_pid=$!
trap 'kill $rev_pid $tshark_pid 2>/dev/null || true' EXIT
live_fail() { # PORT: its recipe's verdict and logs
	tail -n 20 "$CAP_WORK/$1.recipe.log" >&2 || true
	tail -n 10 "$CAP_WORK/tshark-live.log" >&2 || true
	cap_fail "the session of port $1 did not work through the extcap: $(grep -E '^(PASS|FAIL) ' "$CAP_WORK/$1.verdict" || echo no verdict)"
}
wait $rev_pid && grep -q '^PASS ' "$CAP_WORK/rev.verdict" || live_fail rev
cap_recipe fwd net-dpdk-pair.sh run 'exec sleep 600' && [[ $CAP_VERDICT == PASS* ]] || live_fail fwd
umask 022
for ((i = 0; i < 300; i++)); do
	kill -0 $tshark_pid 2>/dev/null || break
	sleep 0.1
done
kill -0 $tshark_pid 2>/dev/null && { cat "$CAP_WORK/tshark-live.log"; cap_fail "tshark still runs 30 s after the second session"; }
wait $tshark_pid || { cat "$CAP_WORK/tshark-live.log"; cap_fail "tshark failed"; }
trap - EXIT
[[ -s $out ]] || { cat "$CAP_WORK/tshark-live.log" >&2; cap_fail "tshark wrote no capture"; }
# what tshark wrote: our sessions, every frame readable by every tool
"$VHOSTSNIFF" -r "$out" -T json >"$CAP_WORK/live.json" 2>"$CAP_WORK/live-r.err" || cap_fail "vhostsniff -r rejects tshark's file"
# one line per frame; a findings line is the reading's own (a reply later than
# --reply-timeout, as DPDK's ack of SET_MEM_TABLE under load), not a frame
n=$(grep -vc '^{"event":"findings"' "$CAP_WORK/live.json")
[[ $n -ge 20 ]] || cap_fail "only $n records in the live capture"
# each port's session: labelled, whole, decoded as --device net --dialect qemu said
python3 - "$CAP_WORK/live.json" "$rev_a" "$fwd_a" <<'EOF' || cap_fail "the sessions of the two ports are not in the capture as they ran"
import json, sys
path, rev_a, fwd_a = sys.argv[1:]
lines = [json.loads(l) for l in open(path)]
starts = {l["session"]: l for l in lines if l.get("event") == "session_start"}
want = {"rev": (rev_a, "connect", "listen"), "fwd": (fwd_a, "listen", "connect")}
if sorted(l.get("port") for l in starts.values()) != ["fwd", "rev"]:
    sys.exit("sessions: %s" % {s: l.get("port") for s, l in starts.items()})
for s, l in starts.items():
    front, front_role, back_role = want[l["port"]]
    if (l["front_path"], l["front_role"], l["back_role"]) != (front, front_role, back_role):
        sys.exit("session %d (%s): %s" % (s, l["port"], l))
    if l["device"] != "net" or "option" not in l["device_evidence"]:
        sys.exit("session %d: device %s from %s, not --device net" % (s, l["device"], l["device_evidence"]))
    if l["dialect"] != "qemu" or "option" not in l["dialect_evidence"]:
        sys.exit("session %d: dialect %s from %s, not --dialect qemu" % (s, l["dialect"], l["dialect_evidence"]))
    names = {m.get("name") for m in lines if m.get("session") == s}
    for need in ("VHOST_USER_SET_MEM_TABLE", "VHOST_USER_SET_VRING_KICK", "VHOST_USER_GET_VRING_BASE"):
        if need not in names:
            sys.exit("session %d (%s) has no %s" % (s, l["port"], need))
print("sessions: %s" % {s: l["port"] for s, l in starts.items()})
EOF
capinfos -c "$out" | grep -q "Number of packets: *$n\$" || cap_fail "capinfos does not count $n frames"
cap_tshark -r "$out" -T fields -e frame.interface_name 2>/dev/null | sort -u >"$CAP_WORK/ifaces"
grep -qx 'rev session 1 main' "$CAP_WORK/ifaces" && grep -qx 'fwd session 2 main' "$CAP_WORK/ifaces" ||
	cap_fail "tshark's interface names: $(tr '\n' ';' <"$CAP_WORK/ifaces")"
"$READ_PCAP" "$out" >/dev/null || cap_fail "libpcap rejects tshark's file"
cap_json_seq "$CAP_WORK/live.json" >"$CAP_WORK/live.seq.json"
cap_tshark_seq "$out" >"$CAP_WORK/live.seq.tshark" || cap_fail "tshark cannot read its own file"
cap_same "tshark's fields and vhostsniff -r on the live capture" "$CAP_WORK/live.seq.json" "$CAP_WORK/live.seq.tshark"
cap_pass "tshark -D lists vhostuser; settings reach vhostsniff, bad ones are refused; two ports' live DPDK sessions in one extcap capture: $n frames"
