#!/bin/bash
# Relay overhead: round trips through vhostsniff (decoding, -q and -T json to
# /dev/null) against socat, a bare relay that only forwards bytes. Runs
# alternate in order and repeat; prints each run and the median ratios of
# wall time per round trip and relay CPU time per round trip.
#   bench/relay.sh [ROUNDS] [MESSAGES]
set -euo pipefail
BUILD=${top_builddir:-$(pwd)}
RTT=$BUILD/bench/relay-rtt
SNIFF=${VHOSTSNIFF:-$BUILD/vhostsniff}
ROUNDS=${1:-5}
N=${2:-20000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
command -v socat >/dev/null || { echo "relay.sh: socat missing (apt-get install socat)" >&2; exit 1; }

run() {  # name, then the relay command
	local name=$1; shift
	"$RTT" "$N" "$W/a.sock" "$W/b.sock" -- "$@" | sed "s/^/$name /"
}
for ((i = 0; i < ROUNDS; i++)); do
	# alternate the order so that neither side always runs on a warmer machine
	if ((i % 2 == 0)); then order="bare sniff json"; else order="json sniff bare"; fi
	for what in $order; do
		case $what in
		bare) run bare socat "UNIX-LISTEN:$W/a.sock" "UNIX-CONNECT:$W/b.sock" ;;
		sniff) run sniff "$SNIFF" -q -l "$W/a.sock" -c "$W/b.sock" ;;
		json) run json sh -c "exec '$SNIFF' -T json -l '$W/a.sock' -c '$W/b.sock' >/dev/null" ;;
		esac
	done
done | tee "$W/runs"
python3 - "$W/runs" <<'PY'
import statistics, sys, collections
runs = collections.defaultdict(lambda: {"rtt": [], "cpu": []})
for line in open(sys.argv[1]):
    name, rtt, cpu = line.split()
    runs[name]["rtt"].append(float(rtt.split("=")[1]))
    runs[name]["cpu"].append(float(cpu.split("=")[1]))
med = {k: {m: statistics.median(v[m]) for m in v} for k, v in runs.items()}
for k in ("sniff", "json"):
    if k in med and "bare" in med:
        print("%-5s/bare: rtt %.2fx (%.1f vs %.1f us), relay cpu %.2fx (%.1f vs %.1f us per round trip)" % (
            k, med[k]["rtt"] / med["bare"]["rtt"], med[k]["rtt"], med["bare"]["rtt"],
            med[k]["cpu"] / max(med["bare"]["cpu"], 1e-9), med[k]["cpu"], med["bare"]["cpu"]))
PY
