#!/usr/bin/env bash
# Runs Junction's store benchmarks (backend/service/bench_test.go) and writes
# bench/results.txt: the machine, then the raw `go test -bench` output.
# docs/benchmarks.md explains the figures.
#
#   bash bench/run.sh              # about 4 minutes on 2 cores, most of it seeding
#   BENCHTIME=5s bash bench/run.sh # longer runs of the list and show benchmarks
#
# 1. BenchmarkStore10k seeds one store of 10,000 connectors (10 interfaces and
#    1 connection each) through Service.Import, then measures on it: the first
#    page of a searched list (as an admin and as a viewer), the first page
#    unfiltered, one connector shown, and one more 1,000-connector import.
# 2. BenchmarkImport1000Empty imports the same kind of package into empty
#    stores, 3 times, for the spread of the import figure.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

out=bench/results.txt
benchtime=${BENCHTIME:-3s}
# The seed cache is a developer shortcut; these figures always seed for real.
unset JUNCTION_BENCH_CACHE
export CGO_ENABLED=1

{
	echo "# Junction benchmarks — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "# commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
	echo "# machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
	echo "# go:      $(go version)"
	echo "# load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
	echo
	echo "\$ go test ./backend/service -run '^\$' -bench '^BenchmarkStore10k\$' -benchtime=$benchtime -benchmem -count=1 -timeout 60m"
} >"$out"

go test ./backend/service -run '^$' -bench '^BenchmarkStore10k$' -benchtime="$benchtime" -benchmem -count=1 -timeout 60m 2>&1 | tee -a "$out"

{
	echo
	echo "\$ go test ./backend/service -run '^\$' -bench '^BenchmarkImport1000Empty\$' -benchtime=3x -benchmem -count=1 -timeout 30m"
} >>"$out"
go test ./backend/service -run '^$' -bench '^BenchmarkImport1000Empty$' -benchtime=3x -benchmem -count=1 -timeout 30m 2>&1 | tee -a "$out"

echo "# load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the run" >>"$out"
echo "wrote $out"
