#!/bin/bash
# Run end-to-end scenarios (tests/e2e/NAME.sh) N times each, in a row, and count.
#
#   tools/repeat-e2e.sh N SCENARIO...     e.g. tools/repeat-e2e.sh 20 blk-qsd
#   tools/repeat-e2e.sh N all             every peer scenario
#
# Run from the build directory (or set BUILDDIR). Each run prints one line; a failing
# run keeps its work directory (named in the line) and its output in
# BUILDDIR/tests/work/repeat-NAME-RUN.log. The last line is the total:
#   SCENARIO: P passed, F failed, S skipped of N
# and the exit status is 0 only when every run of every scenario passed.
# LOCK=FILE wraps each run in "flock FILE" so that other users of the machine's
# peers can run between two runs.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILDDIR=$(cd "${BUILDDIR:-.}" && pwd)
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 2 && $1 =~ ^[0-9]+$ ]] || usage
N=$1
shift
if [[ $1 == all ]]; then
    # the peer scenarios: not the shared library nor check-strace.py's self-test
    set -- $(cd "$SRC/tests/e2e" && ls -- *.sh | grep -vx -e lib.sh -e check-strace-selftest.sh |
        sed 's/\.sh$//')
fi

export top_srcdir=$SRC top_builddir=$BUILDDIR
export VHOSTSNIFF=${VHOSTSNIFF:-$BUILDDIR/vhostsniff}
[[ -x $VHOSTSNIFF ]] || { echo "repeat-e2e: $VHOSTSNIFF is not built" >&2; exit 1; }
mkdir -p "$BUILDDIR/tests/work"

status=0
summary=()
for name in "$@"; do
    script=$SRC/tests/e2e/$name.sh
    [[ -f $script ]] || { echo "repeat-e2e: no scenario $script" >&2; exit 2; }
    pass=0 fail=0 skip=0
    for ((i = 1; i <= N; i++)); do
        log=$BUILDDIR/tests/work/repeat-$name-$i.log
        t0=$SECONDS rc=0
        if [[ -n ${LOCK:-} ]]; then
            flock "$LOCK" bash "$script" >"$log" 2>&1 || rc=$?
        else
            bash "$script" >"$log" 2>&1 || rc=$?
        fi
        case $rc in
        0) pass=$((pass + 1)); what=PASS; rm -f "$log" ;;
        77) skip=$((skip + 1)); what=SKIP ;;
        *) fail=$((fail + 1)); what="FAIL (exit $rc, see $log)" ;;
        esac
        echo "$name run $i/$N: $what ($((SECONDS - t0)) s)"
    done
    summary+=("$name: $pass passed, $fail failed, $skip skipped of $N")
    [[ $pass -eq $N ]] || status=1
done
printf '%s\n' "${summary[@]}"
exit "$status"
