#!/usr/bin/env bash
# Times import and export of generated packages through the shipped headless
# junction-cli (bench/lib.sh; JUNCTION_CLI_BIN for another build) as
# whole processes (issue 10 point 3): 1 connection and 10 interfaces per
# connector (backend/exchange/exchangegen), into an empty store each round.
# Prints a table of seconds and peak RSS (/usr/bin/time -v), with the load
# average before and after.
#
#   bash bench/exchange.sh             # 1,000 and 10,000 connectors, 3 rounds of 1,000
#   SIZES="1000" ROUNDS=5 bash bench/exchange.sh
#   BASE=4ec70c0 SIZES=1000 bash bench/exchange.sh   # also that commit's binary, interleaved
#
# CPU seconds (user+sys) are printed beside the wall time: on a shared
# machine the load makes wall time unreliable.
#
# Targets: 1,000 connectors import < 3 s, export < 2 s, peak RSS < 150 MB;
# 10,000 in one file: import < 40 s and < 300 MB.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"1000 10000"}
rounds=${ROUNDS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/junction-exchange.XXXXXX")
trap 'rm -rf "$work"' EXIT

. bench/lib.sh
cli=$(junction_cli)
go build -o "$work/exchangegen" ./bench/exchangegen
builds="new"
if [ -n "${BASE:-}" ]; then
	mkdir "$work/base"
	git archive "$BASE" | tar -x -C "$work/base"
	(cd "$work/base" && go build -o "$work/junction-cli-base" .)
	builds="base new"
fi

# measure CMD...: runs CMD, prints "seconds cpu-seconds peak-MB" of the whole process.
measure() {
	local log="$work/time.log"
	if ! /usr/bin/time -v -o "$log" "$@" >"$work/out.log" 2>&1; then
		echo "failed: $*" >&2
		cat "$work/out.log" >&2
		exit 1
	fi
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
		/User time \(seconds\)/ { cpu += $2 }
		/System time \(seconds\)/ { cpu += $2 }
		/Maximum resident set size/ { kb = $2 }
		END { printf "%.2f %.2f %.0f\n", s, cpu, kb / 1024 }' "$log"
}

echo "# bench/exchange.sh — $(date -u '+%Y-%m-%d %H:%M:%S UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "# machine: $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-11s %-6s %-5s %6s %6s %10s %10s %10s %12s\n' connectors round build "MB" step seconds "cpu s" "peak MB" "load (1 min)"
for n in $sizes; do
	pkg="$work/p$n.json"
	"$work/exchangegen" -n "$n" -o "$pkg" -keys "$work/keys$n"
	size=$(($(stat -c %s "$pkg") / 1000000))
	r=$rounds
	[ "$n" -ge 10000 ] && r=1
	for ((i = 1; i <= r; i++)); do
		for build in $builds; do
			bin=$cli
			[ "$build" = base ] && bin="$work/junction-cli-base"
			db="$work/s$n-$i.db"
			read -r s cpu mb < <(measure env JUNCTION_DB="$db" "$bin" import "$pkg")
			printf '%-11s %-6s %-5s %6s %6s %10s %10s %10s %12s\n' "$n" "$i" "$build" "$size" import "$s" "$cpu" "$mb" "$(cut -d' ' -f1 /proc/loadavg)"
			# shellcheck disable=SC2046 # one argument per key
			read -r s cpu mb < <(measure env JUNCTION_DB="$db" "$bin" export $(cat "$work/keys$n") -o "$work/e$n.json")
			printf '%-11s %-6s %-5s %6s %6s %10s %10s %10s %12s\n' "$n" "$i" "$build" "$size" export "$s" "$cpu" "$mb" "$(cut -d' ' -f1 /proc/loadavg)"
			rm -f "$db"* "$work/e$n.json"
		done
	done
	rm -f "$pkg"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
