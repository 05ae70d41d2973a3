#!/bin/sh
# A short libFuzzer run of one harness (ASan + UBSan) inside make check:
# FUZZ_TARGET decode (default: tests/fuzz-decode over tests/corpus), framer
# (tests/fuzz-framer over tests/corpus-framer), pcapng (tests/fuzz-pcapng
# over tests/corpus-pcapng), ring (tests/fuzz-ring over tests/corpus-ring) or
# payload (tests/fuzz-payload over tests/corpus-payload);
# tests/fuzz-short-framer.sh, tests/fuzz-short-pcapng.sh,
# tests/fuzz-short-ring.sh and tests/fuzz-short-payload.sh set it. First
# every seed once, then FUZZ_RUNS mutated inputs (default 100000, 10000 for
# pcapng whose inputs are whole captures; at most FUZZ_TIME seconds, default
# 120) from a fixed seed (FUZZ_SEED, default 1), so a run is reproducible.
# The corpus is copied to a temporary directory: the source tree is never
# written. Any crash, leak or
# sanitizer report fails the test; the reproducer is kept in
# tests/fuzz-artifacts/ of the build tree and its path printed.
set -eu

builddir=${top_builddir:-.}
srcdir=${top_srcdir:-.}
target=${FUZZ_TARGET:-decode}
fuzzer=$builddir/tests/fuzz-$target
case $target in
decode) corpus=$srcdir/tests/corpus default_runs=100000 ;;
framer) corpus=$srcdir/tests/corpus-framer default_runs=100000 ;;
pcapng) corpus=$srcdir/tests/corpus-pcapng default_runs=10000 ;;
ring) corpus=$srcdir/tests/corpus-ring default_runs=100000 ;;
payload) corpus=$srcdir/tests/corpus-payload default_runs=100000 ;;
*) echo "fuzz-short: unknown FUZZ_TARGET $target"; exit 1 ;;
esac
runs=${FUZZ_RUNS:-$default_runs}
max_time=${FUZZ_TIME:-120}
seed=${FUZZ_SEED:-1}

[ -x "$fuzzer" ] || { echo "fuzz-short: $fuzzer not built (configure --enable-fuzzing)"; exit 1; }
[ -d "$corpus" ] || { echo "fuzz-short: no seed corpus at $corpus"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vhostsniff-fuzz-$target.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts"
cp "$corpus"/* "$work/corpus/"
nseeds=$(ls "$work/corpus" | wc -l)

fail() {
	echo "fuzz-short: $1"
	tail -n 60 "$work/log"
	mkdir -p "$builddir/tests/fuzz-artifacts"
	for a in "$work"/artifacts/*; do
		[ -e "$a" ] || continue
		cp "$a" "$builddir/tests/fuzz-artifacts/"
		echo "fuzz-short: reproducer $builddir/tests/fuzz-artifacts/$(basename "$a")" \
		     "(run: $fuzzer $builddir/tests/fuzz-artifacts/$(basename "$a"))"
	done
	exit 1
}

# Every seed once, as it is: real messages must never trip the harness.
if ! "$fuzzer" -runs=0 -artifact_prefix="$work/artifacts/" "$work"/corpus/* >"$work/log" 2>&1; then
	fail "a seed of the corpus failed"
fi
grep -q "Executed .* inputs\|Running:" "$work/log" || fail "the seeds did not run"

start=$(date +%s)
if ! "$fuzzer" -runs="$runs" -max_total_time="$max_time" -seed="$seed" -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
	"$work/corpus" >"$work/log" 2>&1; then
	fail "libFuzzer found a problem"
fi
done_line=$(grep '^Done ' "$work/log" || true)
[ -n "$done_line" ] || fail "no 'Done' line: the run did not finish"
echo "fuzz-short: fuzz-$target, $nseeds seeds, $done_line ($(($(date +%s) - start)) s wall, seed $seed)"
grep '^stat::' "$work/log" || true
