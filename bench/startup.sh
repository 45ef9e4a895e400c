#!/usr/bin/env bash
# Start-up of the shipped binaries as whole processes (docs/benchmarks.md, "Start-up"):
#
#   junction-cli version               target < 25 ms
#   junction-cli connector list        on an empty store, target < 40 ms
#   junction version, junction connector list   the desktop binary, for the ratio
#
# hyperfine (scripts/deps.sh bench installs it when missing) times each command RUNS times per
# round, the commands taking turns over ROUNDS rounds so that a change in the machine's load
# hits all of them alike. Prints a Markdown table (median, p10, p90 over all runs, and each
# median's ratio to junction-cli version) with the load average before and after.
#
#   bash bench/startup.sh                 # builds both binaries with make build unless present
#   ROUNDS=20 RUNS=10 bash bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-10}
RUNS=${RUNS:-10}
desktop=${JUNCTION_BIN:-build/bin/junction}

bash scripts/deps.sh bench
[ -x "$desktop" ] || make build
. bench/lib.sh
headless=$(junction_cli)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/junction-bench-startup.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export JUNCTION_DB=$tmp/junction.db JUNCTION_KEY_FILE=$tmp/secret.key
# The empty store exists before timing: the first run's migration is not start-up.
"$headless" connector list >/dev/null

names=(cli-version cli-list desktop-version desktop-list)
cmds=("$headless version" "$headless connector list" "$desktop version" "$desktop connector list")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
	for i in "${!names[@]}"; do
		hyperfine -N --style none -w 1 -r "$RUNS" --export-json "$tmp/${names[$i]}.$round.json" "${cmds[$i]}" >/dev/null 2>&1
	done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$tmp" "$load_before" "$load_after" "$headless" "$desktop" <<'EOF'
import glob, json, statistics, sys
tmp, before, after, headless, desktop = sys.argv[1:]
rows = [("cli-version", f"{headless} version", 25), ("cli-list", f"{headless} connector list (empty store)", 40),
        ("desktop-version", f"{desktop} version", None), ("desktop-list", f"{desktop} connector list (empty store)", None)]
def times(name):
    out = []
    for f in glob.glob(f"{tmp}/{name}.*.json"):
        out += json.load(open(f))["results"][0]["times"]
    return sorted(t * 1000 for t in out)
def pct(ts, p): return ts[min(len(ts) - 1, int(p * len(ts)))]
base = statistics.median(times("cli-version"))
print(f"load average before {before}, after {after}\n")
print("| command | median | p10 | p90 | runs | vs junction-cli version | target |")
print("|---|---|---|---|---|---|---|")
for name, label, target in rows:
    ts = times(name)
    med = statistics.median(ts)
    verdict = "" if target is None else (f"< {target} ms: " + ("met" if med < target else "missed"))
    print(f"| `{label}` | {med:.1f} ms | {pct(ts, .1):.1f} ms | {pct(ts, .9):.1f} ms | {len(ts)} | {med / base:.2f}× | {verdict} |")
EOF
