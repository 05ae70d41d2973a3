#!/bin/bash
# The bash completion (completion/vhostsniff) as bash runs it on Tab: in a bash
# with bash-completion loaded and the script sourced, COMP_WORDS, COMP_CWORD,
# COMP_LINE and COMP_POINT set to a command line, the completion function
# called; COMPREPLY is what the user is offered. Options, choices and the sockets
# of -D come from the build tree's vhostsniff (one of them listening, so that -D
# lists it); the parsing of -D's JSON and the fallback when -D fails are tried on
# stand-ins that are vhostsniff for everything else.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
cap_need python3
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
[[ -f $BASH_COMPLETION ]] || cap_skip "bash-completion is not installed (run tools/install-deps.sh)"
[[ -x $VHOSTSNIFF ]] || cap_fail "$VHOSTSNIFF is not built"
SCRIPT=$CAP_SRCDIR/completion/vhostsniff
CAP_WORK=$(mktemp -d "${TMPDIR:-/tmp}/$CAP_NAME.XXXXXX")

# offered PROG WORD...: what Tab offers after "PROG WORD...", the last WORD being
# the one under the cursor; one per line, sorted. Run in $CAP_WORK/dir.
offered() {
	(cd "$CAP_WORK/dir" && bash --norc --noprofile -c '
		source "$1" && source "$2" || exit 1
		shift 2
		complete -p vhostsniff >/dev/null || { echo "no completion registered" >&2; exit 1; }
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_vhostsniff vhostsniff "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' bash "$BASH_COMPLETION" "$SCRIPT" "$@") | sed '/^$/d' | LC_ALL=C sort
}

# expect WHAT GOT WANTED: the offer is exactly WANTED (lines).
expect() {
	[[ $2 == "$3" ]] || cap_fail "$1: offered [${2//$'\n'/ }], expected [${3//$'\n'/ }]"
}

# expect_has WHAT GOT YES... -- NO...: the offer holds every YES and no NO.
expect_has() {
	local what=$1 got=$2 w no=0
	shift 2
	for w in "$@"; do
		[[ $w == -- ]] && { no=1; continue; }
		if grep -qxF -- "$w" <<<"$got"; then
			[[ $no == 0 ]] || cap_fail "$what: [$w] is offered (all: ${got//$'\n'/ })"
		else
			[[ $no == 1 ]] || cap_fail "$what: [$w] is not offered (all: ${got//$'\n'/ })"
		fi
	done
}

mkdir -p "$CAP_WORK/dir/sub" "$CAP_WORK/bin"
touch "$CAP_WORK/dir/cap.pcapng" "$CAP_WORK/dir/old.pcap" "$CAP_WORK/dir/notes.txt"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$CAP_WORK/dir/front.sock"
V=$VHOSTSNIFF

# ---- options and their choices, from the program ------------------------------------
expect "--dev" "$(offered "$V" --dev)" "--device"
expect "--co" "$(offered "$V" -q --co)" $'--connect-timeout\n--count'
all=$(offered "$V" -)
expect_has "-" "$all" -l --front-listen --front-connect -c --back-connect --back-listen -r -w -T \
	--output --device --dialect --stats -D --list-sockets --map --wrap --unwrap -- notes.txt
expect "-T" "$(offered "$V" -T '')" $'json\ntext'
expect "--output j" "$(offered "$V" --output j)" json
expect "--device" "$(offered "$V" --device '')" \
	"$(printf '%s\n' net blk fs gpu scsi vsock input crypto i2c gpio rng sound console | LC_ALL=C sort)"
expect "--device s" "$(offered "$V" -l x --device s)" $'scsi\nsound'
expect "--dialect" "$(offered "$V" --dialect '')" $'auto\ncrosvm\nqemu'
expect "--dialect c" "$(offered "$V" -r x --dialect c)" crosvm
expect "--sessions (a number)" "$(offered "$V" --sessions '')" ""
expect "--inject (a rule)" "$(offered "$V" --inject '')" ""
expect_has "--inject is offered" "$(offered "$V" --inj)" --inject
# --rings[=MS]: its value only after '=', so the next word is an option
expect_has "--rings (an optional value)" "$(offered "$V" --rings -)" --stall-timeout --stats

# ---- files ------------------------------------------------------------------------------
expect_has "-r" "$(offered "$V" -r '')" cap.pcapng old.pcap sub -- notes.txt front.sock
expect_has "--diff A" "$(offered "$V" --diff '')" cap.pcapng old.pcap sub -- notes.txt front.sock
expect_has "--diff A B" "$(offered "$V" --diff cap.pcapng '')" cap.pcapng old.pcap sub -- notes.txt front.sock
expect_has "--replay" "$(offered "$V" --replay '')" cap.pcapng old.pcap sub -- notes.txt front.sock
expect "--replay-as" "$(offered "$V" --replay cap.pcapng --replay-as '')" $'back-end\nfront-end'
expect_has "-w" "$(offered "$V" -w '')" cap.pcapng notes.txt sub
expect_has "--back-listen" "$(offered "$V" --back-listen '')" front.sock sub -- notes.txt
expect_has "--map" "$(offered "$V" --map '')" listen: connect: front.sock sub -- notes.txt
expect "--map l" "$(offered "$V" --map l)" "listen:"

# ---- sockets: vhostsniff -D, or files when it fails ----------------------------------------
export REAL_VHOSTSNIFF=$V
mkdir "$CAP_WORK/run"
# --back-listen: with -c vhostsniff would listen only while a back-end does
"$V" -q -l "$CAP_WORK/run/relay.sock" --back-listen "$CAP_WORK/run/back.sock" 2>"$CAP_WORK/relay.err" &
relay=$!
trap 'kill $relay 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -S $CAP_WORK/run/relay.sock ]] && break; sleep 0.1; done
[[ -S $CAP_WORK/run/relay.sock ]] || cap_fail "vhostsniff -l does not listen: $(cat "$CAP_WORK/relay.err")"
expect_has "-c (-D lists the listening vhostsniff)" "$(offered "$V" -l x -c '')" \
	"$CAP_WORK/run/relay.sock" front.sock sub -- notes.txt cap.pcapng
expect_has "--wrap" "$(offered "$V" --wrap '')" "$CAP_WORK/run/relay.sock" front.sock sub -- notes.txt
# a socket to listen on is a new one: not one that something listens on already
expect_has "-l" "$(offered "$V" -l '')" front.sock sub -- "$CAP_WORK/run/relay.sock" notes.txt
kill $relay
# a vhostsniff whose -D fails: socket files and directories only
cat >"$CAP_WORK/bin/no-list" <<'EOF'
#!/bin/sh
case " $* " in *" -D "*) exit 2 ;; esac
exec "$REAL_VHOSTSNIFF" "$@"
EOF
chmod +x "$CAP_WORK/bin/no-list"
expect "-c without -D" "$(offered "$CAP_WORK/bin/no-list" -c '')" $'front.sock\nsub'
expect "--unwrap without -D" "$(offered "$CAP_WORK/bin/no-list" --unwrap '')" $'front.sock\nsub'
# -D's JSON: the top-level "path" of each line, spaces and escapes as JSON has them
cat >"$CAP_WORK/bin/vhostsniff" <<'EOF'
#!/bin/sh
if [ "$*" = "-D -T json" ]; then
	cat <<'JSON'
{"path":"/run/vm1/vhu0.sock","pid":42,"peers":[{"path":"/elsewhere"}]}
{"pid": 7, "path": "/tmp/a \"quoted\" name.sock", "kind": "vhost-user"}
JSON
	exit 0
fi
exec "$REAL_VHOSTSNIFF" "$@"
EOF
chmod +x "$CAP_WORK/bin/vhostsniff"
F=$CAP_WORK/bin/vhostsniff
expect_has "-c with -D" "$(offered "$F" -c '')" /run/vm1/vhu0.sock '/tmp/a "quoted" name.sock' front.sock \
	-- /elsewhere notes.txt
expect "--front-connect /run/vm1/" "$(offered "$F" --front-connect /run/vm1/)" /run/vm1/vhu0.sock
# the stand-in is still vhostsniff for everything else
expect "-T with -D" "$(offered "$F" -T '')" $'json\ntext'

cap_pass "options, -T, --device, captures and sockets (files and -D) complete"
