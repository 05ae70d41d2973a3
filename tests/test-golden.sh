#!/bin/bash
# Golden outputs: what vhostsniff prints of real captures, and what tshark
# prints with our plugin, compared byte for byte with checked-in files.
#
# For every capture in tests/golden/captures (the e2e captures of
# tests/corpus-pcapng, the demo's session, the generated samples with their
# malformed messages), each of the outputs below is rendered and compared with
# tests/golden/<capture>.<output>:
#   txt  vhostsniff -r          the one-line text
#   v    vhostsniff -r -v       plus the field tree
#   vv   vhostsniff -r -vv      plus the hex dump
#   json vhostsniff -r -T json
#   stats, stats.json           vhostsniff -r -q --stats, also as JSON
#   tshark                      tshark -V with the build tree's plugin
# Output changes only on purpose: `make golden` (GOLDEN_UPDATE=1) writes the
# files anew, and the diff is reviewed in the commit that means the change.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
source "$(dirname "$0")/test-capture-lib.sh"
cap_init
GOLDEN=$CAP_SRCDIR/tests/golden
# Times print in local time: the files are written in UTC.
export TZ=UTC LC_ALL=C

outputs=(txt v vv json stats stats.json tshark)

render() {
	local cap=$1 what=$2
	case $what in
	txt) "$VHOSTSNIFF" -r "$cap" ;;
	v) "$VHOSTSNIFF" -r "$cap" -v ;;
	vv) "$VHOSTSNIFF" -r "$cap" -vv ;;
	json) "$VHOSTSNIFF" -r "$cap" -T json ;;
	stats) "$VHOSTSNIFF" -r "$cap" -q --stats ;;
	stats.json) "$VHOSTSNIFF" -r "$cap" -q --stats -T json ;;
	# tshark reads the capture as nobody: through a copy it may open, by a
	# name that is the same on every run.
	tshark) mkdir -p "$CAP_WORK/in" && cp "$cap" "$CAP_WORK/in/" &&
		chmod -R a+rX "$CAP_WORK/in" &&
		(cd "$CAP_WORK/in" && cap_tshark -r "$(basename "$cap")" -V) ;;
	esac
}

failed=0 compared=0
cd "$CAP_SRCDIR"
while read -r name; do
	[[ -z $name || $name == \#* ]] && continue
	# by its path from the source tree: an error names it the same way anywhere
	cap=$name
	[[ -f $cap ]] || cap_fail "capture $name (listed in tests/golden/captures) is missing"
	base=$(basename "$name")
	for what in "${outputs[@]}"; do
		want=$GOLDEN/$base.$what
		got=$CAP_WORK/$base.$what
		# stderr is part of the output (a capture cut short says so), after
		# stdout: the two are not ordered between each other.
		render "$cap" "$what" >"$got" 2>"$got.err" || echo "exit status $?" >>"$got.err"
		if [[ -s $got.err ]]; then
			echo "--- stderr" >>"$got"
			cat "$got.err" >>"$got"
		fi
		if [[ ${GOLDEN_UPDATE:-0} == 1 ]]; then
			cp "$got" "$want"
			continue
		fi
		compared=$((compared + 1))
		if [[ ! -f $want ]]; then
			echo "missing $want (make golden writes it)"
			failed=$((failed + 1))
		elif ! cmp -s "$want" "$got"; then
			echo "differs: $base $what (expected tests/golden/$base.$what, got $got)"
			diff -u "$want" "$got" | head -n 40
			failed=$((failed + 1))
		fi
	done
done <"$GOLDEN/captures"

if [[ ${GOLDEN_UPDATE:-0} == 1 ]]; then
	echo "golden: wrote the expected outputs into $GOLDEN; review them with git diff"
	cap_pass "updated"
fi
[[ $compared -gt 0 ]] || cap_fail "no capture listed in tests/golden/captures"
[[ $failed -eq 0 ]] || cap_fail "$failed of $compared outputs differ from tests/golden"
cap_pass "$compared outputs as in tests/golden"
