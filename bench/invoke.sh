#!/usr/bin/env bash
# Whole-process invoke benchmark (docs/benchmarks.md explains it):
# the same request, GET a 1 KB JSON from a loopback server and check
# status 200 and code == 0, made N times one after another (N=3000) by
#
#   junction   junction invoke bench/get-data --repeat N         (concurrency 1)
#   plain Go   bench/plainget: net/http GET + json decode, the least a Go program does
#   newman     newman run <postman collection v2.1> -n N        (test script checks code)
#   bru        bru run --iteration-count N                     (assertion res.body.code: eq 0)
#
# each under /usr/bin/time -v for the wall time and the peak RSS of the whole
# process. It prints a Markdown table with requests/s, ms/request, peak RSS and
# the ratios against the targets, and writes bench/results-invoke.md.
#
#   bash bench/invoke.sh                       # ~3 minutes on 2 cores, 1 of them npm install
#   N=500 bash bench/invoke.sh                 # a quicker look
#   JUNCTION_BENCH_NPM=/tmp/bench-npm bash bench/invoke.sh
#                                              # keep (and reuse) the npm install there
#   NEWMAN_VERSION=latest BRU_VERSION=latest bash bench/invoke.sh
#
# Only 127.0.0.1 traffic; every loop is bounded, and the server stops by itself
# after 30 minutes. newman and @usebruno/cli come from the npm registry into a
# temporary folder; /usr/bin/time comes from Debian's `time` package when missing.
# Exit 0 when every tool ran and passed its checks (a missed target is reported,
# not an error), 1 when a tool could not be installed or failed its checks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

N=${N:-3000}
NEWMAN_VERSION=${NEWMAN_VERSION:-6.2.2}
BRU_VERSION=${BRU_VERSION:-4.1.0}
out=bench/results-invoke.md
export CGO_ENABLED=1
# Loopback only, and never through a proxy.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy

case $N in '' | *[!0-9]*) echo "invoke.sh: N must be a positive number, not '$N'" >&2; exit 2 ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 100000 ] || { echo "invoke.sh: N must be between 1 and 100000" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/junction-bench-invoke.XXXXXX")
server_pid=""
npm_pid=""
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	# npm runs in a subshell: end its children by their parent's id, then it.
	[ -n "$npm_pid" ] && { pkill -P "$npm_pid" 2>/dev/null; kill "$npm_pid" 2>/dev/null; wait "$npm_pid" 2>/dev/null; }
	rm -rf "$tmp"
}
trap cleanup EXIT

say() { printf '==> %s\n' "$*" >&2; }

# --- GNU time --------------------------------------------------------------------------------

if ! /usr/bin/time -v true >/dev/null 2>&1; then
	say "installing Debian's time package (for /usr/bin/time -v)"
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	if ! $sudo apt-get install -y -qq time >/dev/null 2>&1; then
		$sudo apt-get update -qq >/dev/null
		$sudo apt-get install -y -qq time >/dev/null
	fi
fi

# --- newman and bru from the npm registry, in the background while Go builds ----------------

npm_dir=${JUNCTION_BENCH_NPM:-$tmp/npm}
mkdir -p "$npm_dir"
npm_status=$tmp/npm.status
have_npm_tools() {
	[ -x "$npm_dir/node_modules/.bin/newman" ] && [ -x "$npm_dir/node_modules/.bin/bru" ] &&
		[ "$NEWMAN_VERSION" = latest -o "$(node -p "require('$npm_dir/node_modules/newman/package.json').version" 2>/dev/null)" = "$NEWMAN_VERSION" ] &&
		[ "$BRU_VERSION" = latest -o "$(node -p "require('$npm_dir/node_modules/@usebruno/cli/package.json').version" 2>/dev/null)" = "$BRU_VERSION" ]
}
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	echo "node or npm is not installed (newman and bru need Node.js)" >"$npm_status"
elif have_npm_tools; then
	echo ok >"$npm_status"
else
	say "npm install --prefix $npm_dir newman@$NEWMAN_VERSION @usebruno/cli@$BRU_VERSION (in the background)"
	(
		if npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
			"newman@$NEWMAN_VERSION" "@usebruno/cli@$BRU_VERSION" >"$tmp/npm.log" 2>&1; then
			echo ok >"$npm_status"
		else
			{ echo "npm install failed (exit $?):"; grep -E '^npm (error|ERR!)' "$tmp/npm.log" | head -20; } >"$npm_status"
		fi
	) &
	npm_pid=$!
fi

# --- build -----------------------------------------------------------------------------------

# A plain go build: the CLI needs neither the desktop tags nor the frontend
# (main embeds frontend/dist, which holds at least .gitkeep in any checkout).
say "go build -o $tmp/junction ."
go build -o "$tmp/junction" .
go build -o "$tmp/server" ./bench/server
go build -o "$tmp/plainget" ./bench/plainget

# --- the server ------------------------------------------------------------------------------

"$tmp/server" -max 30m >"$tmp/server.addr" 2>"$tmp/server.err" &
server_pid=$!
addr=""
for _ in $(seq 100); do
	addr=$(head -n1 "$tmp/server.addr" 2>/dev/null || true)
	[ -n "$addr" ] && break
	sleep 0.05
done
[ -n "$addr" ] || { echo "invoke.sh: the server did not start: $(cat "$tmp/server.err")" >&2; exit 1; }
host=${addr%:*}
port=${addr##*:}
url="http://$addr/data"
say "server on $addr"

# The server's counters, read with bash's /dev/tcp (no curl needed):
# "REQUESTS CONNECTIONS", requests to /data and TCP connections accepted.
stats() {
	local body
	exec 3<>"/dev/tcp/$host/$port"
	printf 'GET /stats HTTP/1.0\r\nHost: %s\r\n\r\n' "$addr" >&3
	body=$(cat <&3)
	exec 3<&-
	body=${body##*$'\r\n\r\n'}
	echo "$body" | sed -E 's/.*"requests":([0-9]+).*"connections":([0-9]+).*/\1 \2/'
}

# --- the junction store: one connector imported from a package -------------------------------

export JUNCTION_DB=$tmp/store/junction.db JUNCTION_KEY_FILE=$tmp/store/secret.key JUNCTION_USER=bench
unset JUNCTION_PASSWORD
mkdir -p "$tmp/store"
cat >"$tmp/bench.junction.json" <<EOF
{
  "format": "junction-package",
  "version": 1,
  "connectors": [
    {
      "key": "bench",
      "name": "Bench",
      "description": "bench/invoke.sh: the loopback benchmark server",
      "connections": [
        {"key": "local", "name": "Loopback", "protocol": "http", "host": "$addr", "basePath": ""}
      ],
      "interfaces": [
        {
          "key": "get-data",
          "name": "Get data",
          "connection": "local",
          "method": "GET",
          "path": "/data",
          "response": [{"name": "code", "type": "integer", "path": "code"}],
          "success": {"all": [{"field": "status", "op": "eq", "value": 200},
                              {"field": "response.code", "op": "eq", "value": 0}]}
        }
      ]
    }
  ]
}
EOF
"$tmp/junction" import "$tmp/bench.junction.json" >"$tmp/import.out"
"$tmp/junction" invoke bench/get-data >"$tmp/invoke1.out" ||
	{ echo "invoke.sh: a single junction invoke failed:" >&2; cat "$tmp/invoke1.out" >&2; exit 1; }

# --- the Postman collection and the Bruno collection -----------------------------------------

cat >"$tmp/postman.json" <<EOF
{
  "info": {"name": "junction-bench", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item": [
    {
      "name": "get-data",
      "request": {"method": "GET", "header": [],
                  "url": {"raw": "$url", "protocol": "http", "host": ["$host"], "port": "$port", "path": ["data"]}},
      "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": [
        "pm.test('status 200 and code 0', function () {",
        "  pm.expect(pm.response.code).to.eql(200);",
        "  pm.expect(pm.response.json().code).to.eql(0);",
        "});"]}}]
    }
  ]
}
EOF
mkdir -p "$tmp/bruno"
cat >"$tmp/bruno/bruno.json" <<EOF
{"version": "1", "name": "junction-bench", "type": "collection", "ignore": ["node_modules", ".git"]}
EOF
cat >"$tmp/bruno/get-data.bru" <<EOF
meta {
  name: get-data
  type: http
  seq: 1
}

get {
  url: $url
  body: none
  auth: none
}

assert {
  res.status: eq 200
  res.body.code: eq 0
}
EOF

# --- measuring -------------------------------------------------------------------------------

# measure NAME DIR CMD...: runs CMD in DIR under /usr/bin/time -v and leaves
# "rc wall_ns rss_kb requests connections" in $tmp/NAME.m (stdout, stderr and
# time's report beside it).
measure() {
	local name=$1 dir=$2
	shift 2
	local before after t0 t1 rc=0
	before=$(stats)
	t0=$(date +%s%N)
	(cd "$dir" && /usr/bin/time -v -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err") || rc=$?
	t1=$(date +%s%N)
	after=$(stats)
	local rss
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/$name.time")
	set -- $before $after
	# The connection of the second stats() call itself is not the tool's.
	echo "$rc $((t1 - t0)) ${rss:-0} $(($3 - $1)) $(($4 - $2 - 1))" >"$tmp/$name.m"
	say "$name: exit $rc, $(awk '{printf "%.2f s, %d requests, %d connections, %.1f MB peak RSS", $2/1e9, $4, $5, $3/1024}' "$tmp/$name.m")"
}

# check NAME: why the run does not count ("" when it does): the exit code,
# the server's count of requests, and the tool's own count of passed checks.
check() {
	local name=$1 rc _w _r req
	read -r rc _w _r req _ <"$tmp/$name.m"
	[ "$rc" = 0 ] || { echo "exit $rc: $(tail -n3 "$tmp/$name.err" "$tmp/$name.out" 2>/dev/null | tr '\n' ' ' | cut -c1-300)"; return; }
	[ "$req" = "$N" ] || { echo "the server saw $req requests, not $N"; return; }
	case $name in
	junction) grep -q "\"ok\": $N," "$tmp/junction.out" || echo "the summary does not say ok: $N" ;;
	plainget) grep -q "\"ok\":$N," "$tmp/plainget.out" || echo "it does not say ok:$N" ;;
	newman) grep -Eq "assertions +│ +$N +│ +0 +│" "$tmp/newman.out" || echo "the summary does not show $N assertions (pm.test blocks), 0 failed" ;;
	bru) grep -Eq "TOTAL +│ ✓ PASS +│ +$N \($N Passed\)" "$tmp/bru.out" || echo "the summary does not show $N passed" ;;
	esac
}

# Nothing else of ours may run while a tool is measured (2 cores): wait for npm.
if [ -n "$npm_pid" ]; then
	say "waiting for npm install"
	wait "$npm_pid" || true
	npm_pid=""
fi
sleep 1

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "plain Go: plainget -n $N"
measure plainget "$tmp" "$tmp/plainget" -url "$url" -n "$N"
say "junction invoke bench/get-data --repeat $N"
measure junction "$tmp" "$tmp/junction" invoke bench/get-data --repeat "$N" --concurrency 1 --json

npm_problem=""
[ "$(cat "$npm_status")" = ok ] || npm_problem=$(cat "$npm_status")
bin=$npm_dir/node_modules/.bin
newman_version="" bru_version=""
if [ -z "$npm_problem" ]; then
	newman_version=$("$bin/newman" --version)
	bru_version=$("$bin/bru" --version | tail -n1)
	say "newman run -n $N"
	measure newman "$tmp" "$bin/newman" run "$tmp/postman.json" -n "$N" --reporters cli --reporter-cli-no-banner
	# --sandbox developer: the default "safe" sandbox loads its QuickJS WebAssembly
	# module asynchronously and fails the assertions of the first iterations on a
	# fast server (bru 4.1.0: "Cannot read properties of undefined (reading
	# 'newContext')"); the Node vm sandbox has no such start-up race.
	say "bru run --iteration-count $N"
	measure bru "$tmp/bruno" "$bin/bru" run --iteration-count "$N" --sandbox developer --noproxy
else
	say "newman and bru not measured: $npm_problem"
fi

# --- the report ------------------------------------------------------------------------------

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
failed=0
rows=""
declare -A rps rss why
for name in plainget junction newman bru; do
	case $name in
	plainget) label="plain Go (bench/plainget)" cmd="plainget -url URL -n $N" ;;
	junction) label="junction" cmd="junction invoke bench/get-data --repeat $N --concurrency 1 --json" ;;
	newman) label="newman $newman_version" cmd="newman run postman.json -n $N" ;;
	bru) label="bru $bru_version" cmd="bru run --iteration-count $N --sandbox developer" ;;
	esac
	if [ ! -f "$tmp/$name.m" ]; then
		rows+="| $label | \`$cmd\` | not run: ${npm_problem%%$'\n'*} (see below) | | | | |"$'\n'
		failed=1
		continue
	fi
	why[$name]=$(check "$name")
	read -r rc wall rsskb req conns <"$tmp/$name.m"
	rps[$name]=$(awk -v n="$N" -v w="$wall" 'BEGIN {printf "%.1f", n / (w / 1e9)}')
	rss[$name]=$(awk -v k="$rsskb" 'BEGIN {printf "%.1f", k / 1024}')
	if [ -n "${why[$name]}" ]; then
		rows+="| $label | \`$cmd\` | FAILED: ${why[$name]} | | | | |"$'\n'
		failed=1
		continue
	fi
	rows+=$(awk -v l="$label" -v c="$cmd" -v n="$N" -v w="$wall" -v k="$rsskb" -v t="$conns" \
		'BEGIN {printf "| %s | `%s` | %.2f | %.0f | %.3f | %.1f | %d |", l, c, w / 1e9, n / (w / 1e9), w / 1e6 / n, k / 1024, t}')$'\n'
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f", a / b; else printf "n/a"}'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {if (v == "n/a" || v == "") print "not measured"; else if ((op == ">=" && v + 0 >= t) || (op == "<=" && v + 0 <= t) || (op == "<" && v + 0 < t)) print "**met**"; else print "**missed**"}'; }
ok() { [ -f "$tmp/$1.m" ] && [ "${why[$1]-x}" = "" ]; }
r_newman="n/a" r_bru="n/a" r_plain="n/a" r_rss="n/a"
ok junction && ok newman && r_newman=$(ratio "${rps[junction]}" "${rps[newman]}")
ok junction && ok bru && r_bru=$(ratio "${rps[junction]}" "${rps[bru]}")
ok junction && ok plainget && r_plain=$(awk -v a="${rps[plainget]}" -v b="${rps[junction]}" 'BEGIN {printf "%.2f", a / b}')
ok junction && r_rss=${rss[junction]}
mem_newman="n/a" mem_bru="n/a"
ok junction && ok newman && mem_newman=$(ratio "${rss[newman]}" "${rss[junction]}")
ok junction && ok bru && mem_bru=$(ratio "${rss[bru]}" "${rss[junction]}")

junction_loop=$(sed -nE 's/.*"perSecond": ([0-9.]+).*/\1/p' "$tmp/junction.out" 2>/dev/null | head -n1)
plain_loop=$(sed -nE 's/.*"perSecond":([0-9.]+).*/\1/p' "$tmp/plainget.out" 2>/dev/null | head -n1)
junction_p=$(sed -nE 's/.*"(p50Ms|p95Ms|p99Ms)": ([0-9.]+).*/\1 \2/p' "$tmp/junction.out" 2>/dev/null | tr '\n' ' ')

report() {
	echo "# Junction invoke benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo
	echo "Written by \`bash bench/invoke.sh\` (\`make bench-invoke\`); docs/benchmarks.md explains it."
	echo
	echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
	echo "- machine: $(nproc) CPUs, $cpu, $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
	echo "- go: $(go version | sed 's/^go version //'); node: $(node --version 2>/dev/null || echo none); newman: ${newman_version:-not installed}; bru (@usebruno/cli): ${bru_version:-not installed}"
	echo "- load average (1, 5, 15 min): $load_before before the first tool, $load_after after the last (the machine has $(nproc) CPUs; the server shares them)"
	echo "- work: $N sequential GETs of a 1,024-byte JSON from a loopback server (127.0.0.1), each checking status 200 and \`code == 0\`; one run of each tool, whole process (start-up and exit included), timed by the script with peak RSS from \`/usr/bin/time -v\`."
	echo
	echo "| tool | command | wall s | requests/s | ms/request | peak RSS MB | TCP connections |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	printf '%s' "$rows"
	echo
	echo "| target | measured | |"
	echo "|---|---:|---|"
	echo "| junction ≥ 30× newman's requests/s | ${r_newman}× | $(verdict "$r_newman" '>=' 30) |"
	echo "| junction ≥ 10× bru's requests/s | ${r_bru}× | $(verdict "$r_bru" '>=' 10) |"
	echo "| junction within 2× of plain Go (plain Go ÷ junction requests/s ≤ 2) | ${r_plain}× | $(verdict "$r_plain" '<=' 2) |"
	echo "| junction peak RSS < 60 MB | ${r_rss} MB | $(verdict "$r_rss" '<' 60) |"
	echo
	echo "Peak memory: newman ${mem_newman}× junction's, bru ${mem_bru}× junction's."
	echo "In-loop rates (the tool's own clock, start-up excluded): junction ${junction_loop:-n/a}/s (${junction_p:-}), plain Go ${plain_loop:-n/a}/s."
	if [ -n "$npm_problem" ]; then
		echo
		echo "newman and bru were not measured: $npm_problem"
	fi
}
report | tee "$out"
echo "wrote $out" >&2
exit $failed
