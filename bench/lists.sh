#!/usr/bin/env bash
# Connector-list benchmark (issue 10 point 2; docs/bench-lists.md explains it).
#
# 1. Whole process: builds the headless binary (go build -o <tmp>/junction-cli .,
#    no tags, links no GTK), makes a store with it (first run: profile "bench"),
#    fills it with bench/listgen (100,000 connectors, 1,000,000 interfaces, batched
#    SQL, seconds), then times ROUNDS runs of `junction-cli connector list --json`
#    (all 100,000) and of the text table, each under /usr/bin/time for wall time
#    and peak RSS, and checks the JSON holds every connector.
# 2. In process: go test -bench BenchmarkStore100k (backend/service/bench100k_test.go),
#    the bridge's list call on the same population: first page of each filter,
#    the last page, and the CLI's walk. LISTS_GO_BENCH=0 skips it.
#
#   bash bench/lists.sh                 # about 2 minutes on 2 cores
#   ROUNDS=3 CONNECTORS=10000 bash bench/lists.sh
#
# Writes bench/results-lists.md. Exit 0 when every run succeeded (a missed target
# is reported, not an error).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

ROUNDS=${ROUNDS:-5}
CONNECTORS=${CONNECTORS:-100000}
INTERFACES=${INTERFACES:-10}
out=bench/results-lists.md
export CGO_ENABLED=1
for v in ROUNDS CONNECTORS INTERFACES; do
	case ${!v} in '' | *[!0-9]*) echo "lists.sh: $v must be a number, not '${!v}'" >&2; exit 2 ;; esac
done
[ -x /usr/bin/time ] || { echo "lists.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/junction-bench-lists.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
say() { printf '==> %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

say "building $tmp/junction-cli (no tags)"
go build -o "$tmp/junction-cli" .
export JUNCTION_DB=$tmp/junction.db JUNCTION_KEY_FILE=$tmp/secret.key JUNCTION_USER=bench
unset JUNCTION_PASSWORD
"$tmp/junction-cli" connector list >/dev/null
say "generating $CONNECTORS connectors, $((CONNECTORS * INTERFACES)) interfaces"
gen=$(go run ./bench/listgen -db "$JUNCTION_DB" -owner bench -connectors "$CONNECTORS" -interfaces "$INTERFACES")
say "$gen"
"$tmp/junction-cli" connector list >/dev/null # the first open after the generator folds its WAL

{
	echo "# connector list — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo
	echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
	echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3)"
	echo "- store: $gen; file $(du -m "$JUNCTION_DB" | cut -f1) MB"
	echo "- load before: $(load) (1, 5, 15 min)"
	echo
	echo "| run | command | wall s | user s | sys s | peak RSS MB | load (1 min) |"
	echo "|---|---|---|---|---|---|---|"
} >"$out"

declare -A walls
for ((r = 1; r <= ROUNDS; r++)); do
	# Interleaved: one of each per round.
	for mode in json text; do
		args=(connector list)
		[ "$mode" = json ] && args=(--json connector list)
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$tmp/junction-cli" "${args[@]}" >"$tmp/out.$mode"
		read -r wall user sys rss <"$tmp/time"
		walls[$mode]+="$wall "
		printf '| %d | `junction-cli %s` | %s | %s | %s | %d | %s |\n' "$r" "${args[*]}" "$wall" "$user" "$sys" $((rss / 1024)) "$(load | cut -d' ' -f1)" >>"$out"
	done
	rows=$(grep -c '^    "key": ' "$tmp/out.json" || true)
	[ "$rows" -eq "$CONNECTORS" ] || { echo "lists.sh: --json listed $rows connectors, want $CONNECTORS" >&2; exit 1; }
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
{
	echo
	echo "median wall: --json $(echo "${walls[json]}" | median) s (target < 5 s at 100,000), text $(echo "${walls[text]}" | median) s"
	echo
	echo "- load after: $(load)"
} >>"$out"

if [ "${LISTS_GO_BENCH:-1}" != 0 ]; then
	say "go test -bench BenchmarkStore100k"
	{
		echo
		echo '```'
		echo "\$ go test ./backend/service -run '^\$' -bench '^BenchmarkStore100k\$' -benchtime=10x -benchmem -count=1"
		echo "# load before: $(load)"
		go test ./backend/service -run '^$' -bench '^BenchmarkStore100k$' -benchtime=10x -benchmem -count=1 -timeout 30m 2>&1 | grep -E '^(#|Benchmark|ok|FAIL|PASS)'
		echo "# load after: $(load)"
		echo '```'
	} >>"$out"
fi
cat "$out"
