#!/usr/bin/env bash
# Whole-process invoke benchmark (docs/benchmarks.md explains it):
# the same request, GET a 1 KB JSON from a loopback server and check
# status 200 and code == 0, made N times (N=3000) by
#
#   junction   build/bin/junction-cli invoke bench/get-data --repeat N --concurrency C
#   plain Go   bench/plainget -n N -c C: net/http GET + json decode, the least a Go program does
#   newman     newman run <postman collection v2.1> -n N        (test script checks code)
#   bru        bru run --iteration-count N                     (assertion res.body.code: eq 0)
#
# each under bench/rusage for the wall time, the CPU time (to the microsecond)
# and the peak RSS of the whole process. junction-cli is the shipped headless binary (no desktop tags, no
# GTK; bench/lib.sh builds it when missing). junction and plain Go
# run interleaved over ROUNDS rounds (their order alternating), at
# concurrency 1 and 8; the ratio junction ÷ plain Go wall time is taken per
# round and reported as its median and range. newman and bru run once each
# (NPM_TOOLS=0 skips them). It prints a Markdown report and writes
# bench/results-invoke.md.
#
#   bash bench/invoke.sh                       # ~4 minutes on 2 cores, 1 of them npm install
#   N=500 ROUNDS=3 NPM_TOOLS=0 bash bench/invoke.sh
#                                              # a quicker look
#   JUNCTION_CLI_BIN=/tmp/old/junction-cli bash bench/invoke.sh
#                                              # time another build (before/after)
#   JUNCTION_CLI_BEFORE=/tmp/old/junction-cli bash bench/invoke.sh
#                                              # also time that build in the same rounds,
#                                              # interleaved, and compare it with this one
#   JUNCTION_BENCH_NPM=/tmp/bench-npm bash bench/invoke.sh
#                                              # keep (and reuse) the npm install there
#   NEWMAN_VERSION=latest BRU_VERSION=latest bash bench/invoke.sh
#
# Only 127.0.0.1 traffic; every loop is bounded, and the server stops by itself
# after 30 minutes. newman and @usebruno/cli come from the npm registry into a
# temporary folder.
# Exit 0 when every tool ran and passed its checks (a missed target is reported,
# not an error), 1 when a tool could not be installed or failed its checks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

N=${N:-3000}
ROUNDS=${ROUNDS:-10}
NPM_TOOLS=${NPM_TOOLS:-1}
NEWMAN_VERSION=${NEWMAN_VERSION:-6.2.2}
BRU_VERSION=${BRU_VERSION:-4.1.0}
out=bench/results-invoke.md
export CGO_ENABLED=1
# Loopback only, and never through a proxy.
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy

case $N in '' | *[!0-9]*) echo "invoke.sh: N must be a positive number, not '$N'" >&2; exit 2 ;; esac
[ "$N" -ge 8 ] && [ "$N" -le 100000 ] || { echo "invoke.sh: N must be between 8 and 100000" >&2; exit 2; }
case $ROUNDS in '' | *[!0-9]*) echo "invoke.sh: ROUNDS must be a positive number, not '$ROUNDS'" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 100 ] || { echo "invoke.sh: ROUNDS must be between 1 and 100" >&2; exit 2; }

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

# --- newman and bru from the npm registry, in the background while Go builds ----------------

npm_dir=${JUNCTION_BENCH_NPM:-$tmp/npm}
mkdir -p "$npm_dir"
npm_status=$tmp/npm.status
have_npm_tools() {
	[ -x "$npm_dir/node_modules/.bin/newman" ] && [ -x "$npm_dir/node_modules/.bin/bru" ] &&
		[ "$NEWMAN_VERSION" = latest -o "$(node -p "require('$npm_dir/node_modules/newman/package.json').version" 2>/dev/null)" = "$NEWMAN_VERSION" ] &&
		[ "$BRU_VERSION" = latest -o "$(node -p "require('$npm_dir/node_modules/@usebruno/cli/package.json').version" 2>/dev/null)" = "$BRU_VERSION" ]
}
if [ "$NPM_TOOLS" = 0 ]; then
	echo "skipped (NPM_TOOLS=0)" >"$npm_status"
elif ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
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

# The headless binary (bench/lib.sh): JUNCTION_CLI_BIN=path times another build
# (an older commit's, for a before/after).
. bench/lib.sh
junction=$(junction_cli)
before=${JUNCTION_CLI_BEFORE:-}
[ -z "$before" ] || [ -x "$before" ] || { echo "invoke.sh: JUNCTION_CLI_BEFORE=$before is not an executable" >&2; exit 2; }
[ -x "$junction" ] || { echo "invoke.sh: $junction is not an executable" >&2; exit 2; }
go build -o "$tmp/server" ./bench/server
go build -o "$tmp/plainget" ./bench/plainget
go build -o "$tmp/rusage" ./bench/rusage

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
"$junction" import "$tmp/bench.junction.json" >"$tmp/import.out"
"$junction" invoke bench/get-data >"$tmp/invoke1.out" ||
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

# measure NAME DIR CMD...: runs CMD in DIR under bench/rusage and leaves
# "rc wall_ns rss_kb requests connections cpu_ms" in $tmp/NAME.m (stdout, stderr and
# the rusage line beside it).
measure() {
	local name=$1 dir=$2
	shift 2
	local before after rc=0
	before=$(stats)
	(cd "$dir" && "$tmp/rusage" -o "$tmp/$name.rusage" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err") || rc=$?
	after=$(stats)
	local wall_ns user_us sys_us rss
	read -r _ wall_ns user_us sys_us rss <"$tmp/$name.rusage"
	# CPU time (user + system, ms, to the microsecond): what the process
	# itself burned, which a busy machine disturbs less than the wall time.
	local cpu_ms
	cpu_ms=$(awk -v u="$user_us" -v s="$sys_us" 'BEGIN {printf "%.3f", (u + s) / 1000}')
	set -- $before $after
	# The connection of the second stats() call itself is not the tool's.
	echo "$rc $wall_ns ${rss:-0} $(($3 - $1)) $(($4 - $2 - 1)) ${cpu_ms:-0}" >"$tmp/$name.m"
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
	junction* | before*) grep -q "\"ok\": $N," "$tmp/$name.out" || echo "the summary does not say ok: $N" ;;
	plainget*) grep -q "\"ok\":$N," "$tmp/$name.out" || echo "it does not say ok:$N" ;;
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

failed=0
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Rounds: plain Go and junction back to back at each concurrency, the one
# that goes first alternating, so a slow spell of the machine hits both.
for round in $(seq "$ROUNDS"); do
	for c in 1 8; do
		pg=(measure "plainget-c$c-r$round" "$tmp" "$tmp/plainget" -url "$url" -n "$N" -c "$c")
		jc=(measure "junction-c$c-r$round" "$tmp" "$junction" invoke bench/get-data --repeat "$N" --concurrency "$c" --json)
		bc=(true)
		[ -z "$before" ] || bc=(measure "before-c$c-r$round" "$tmp" "$before" invoke bench/get-data --repeat "$N" --concurrency "$c" --json)
		if [ $((round % 2)) = 1 ]; then "${pg[@]}"; "${jc[@]}"; "${bc[@]}"; else "${bc[@]}"; "${jc[@]}"; "${pg[@]}"; fi
	done
done
load_rounds=$(cut -d' ' -f1-3 /proc/loadavg)

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
	# Each once: checked here, compared with junction's median at concurrency 1.
	for name in newman bru; do
		why=$(check "$name")
		[ -z "$why" ] || { npm_problem="$name failed: $why"; failed=1; }
	done
elif [ "$NPM_TOOLS" != 0 ]; then
	failed=1
	say "newman and bru not measured: $npm_problem"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the report ------------------------------------------------------------------------------

# stat VALUES...: "median min max" of the numbers.
stat() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g %g %g", m, v[1], v[NR]}'; }
# field NAME K: the K-th figure of NAME's measure line (2 wall ns, 3 RSS KB, 5 connections, 6 CPU ms).
field() { cut -d' ' -f"$2" "$tmp/$1.m"; }

declare -A ratio_med ratio_min ratio_max jwall pwall jrss prss jconns cpu_ratio jcpu pcpu
declare -A bwall bratio_s bcpu_s brss after_cpu
for c in 1 8; do
	ratios=() jw=() pw=() jr=() pr=() jn=() cr=() jc=() pc=()
	for round in $(seq "$ROUNDS"); do
		for name in "plainget-c$c-r$round" "junction-c$c-r$round"; do
			why=$(check "$name")
			[ -z "$why" ] || { say "$name FAILED: $why"; failed=1; }
		done
		j=$(field "junction-c$c-r$round" 2) p=$(field "plainget-c$c-r$round" 2)
		ratios+=("$(awk -v j="$j" -v p="$p" 'BEGIN {printf "%.4f", j / p}')")
		jw+=("$(awk -v v="$j" 'BEGIN {printf "%.4f", v / 1e9}')") pw+=("$(awk -v v="$p" 'BEGIN {printf "%.4f", v / 1e9}')")
		jr+=("$(awk -v v="$(field "junction-c$c-r$round" 3)" 'BEGIN {printf "%.1f", v / 1024}')")
		pr+=("$(awk -v v="$(field "plainget-c$c-r$round" 3)" 'BEGIN {printf "%.1f", v / 1024}')")
		jn+=("$(field "junction-c$c-r$round" 5)")
		jc+=("$(field "junction-c$c-r$round" 6)") pc+=("$(field "plainget-c$c-r$round" 6)")
		cr+=("$(awk -v j="${jc[-1]}" -v p="${pc[-1]}" 'BEGIN {printf "%.4f", (p > 0 ? j / p : 0)}')")
	done
	cpu_ratio[$c]=$(stat "${cr[@]}") jcpu[$c]=$(stat "${jc[@]}") pcpu[$c]=$(stat "${pc[@]}")
	read -r ratio_med[$c] ratio_min[$c] ratio_max[$c] <<<"$(stat "${ratios[@]}")"
	jwall[$c]=$(stat "${jw[@]}") pwall[$c]=$(stat "${pw[@]}")
	jrss[$c]=$(stat "${jr[@]}") prss[$c]=$(stat "${pr[@]}") jconns[$c]=$(stat "${jn[@]}")
	[ -n "$before" ] || continue
	bw=() bcpu=() br=() bratio=() acpu_ratio=()
	for round in $(seq "$ROUNDS"); do
		why=$(check "before-c$c-r$round")
		[ -z "$why" ] || { say "before-c$c-r$round FAILED: $why"; failed=1; }
		b=$(field "before-c$c-r$round" 2) p=$(field "plainget-c$c-r$round" 2)
		bw+=("$(awk -v v="$b" 'BEGIN {printf "%.4f", v / 1e9}')")
		bratio+=("$(awk -v b="$b" -v p="$p" 'BEGIN {printf "%.4f", b / p}')")
		bcpu+=("$(field "before-c$c-r$round" 6)")
		br+=("$(awk -v v="$(field "before-c$c-r$round" 3)" 'BEGIN {printf "%.1f", v / 1024}')")
		acpu_ratio+=("$(awk -v a="$(field "junction-c$c-r$round" 6)" -v b="${bcpu[-1]}" 'BEGIN {printf "%.4f", (b > 0 ? a / b : 0)}')")
	done
	bwall[$c]=$(stat "${bw[@]}") bratio_s[$c]=$(stat "${bratio[@]}") bcpu_s[$c]=$(stat "${bcpu[@]}")
	brss[$c]=$(stat "${br[@]}") after_cpu[$c]=$(stat "${acpu_ratio[@]}")
done

verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v + 0 <= t ? "**met**" : "**missed**")}'; }
jrss_max=$(for c in 1 8; do echo "${jrss[$c]}" | cut -d' ' -f3; done | sort -g | tail -n1)
j1_median=$(echo "${jwall[1]}" | cut -d' ' -f1)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
report() {
	echo "# Junction invoke benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo
	echo "Written by \`bash bench/invoke.sh\` (\`make bench-invoke\`); docs/benchmarks.md explains it."
	echo
	echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
	echo "- machine: $(nproc) CPUs, $cpu, $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
	echo "- go: $(go version | sed 's/^go version //'); node: $(node --version 2>/dev/null || echo none); newman: ${newman_version:-not run}; bru (@usebruno/cli): ${bru_version:-not run}"
	echo "- load average (1, 5, 15 min): $load_before before the rounds, $load_rounds after them, $load_after at the end (the machine has $(nproc) CPUs; the server shares them)"
	echo "- work: $N GETs of a 1,024-byte JSON from a loopback server (127.0.0.1), each checking status 200 and \`code == 0\`; whole processes (start-up and exit included), timed by the script, CPU time and peak RSS from the kernel's rusage (bench/rusage); junction is \`${JUNCTION_CLI_BIN:-build/bin/junction-cli}\` (headless build)."
	echo "- $ROUNDS interleaved rounds of junction and plain Go at each concurrency; figures are median (min–max) over the rounds."
	echo
	echo "| concurrency | plain Go wall s | junction wall s | junction ÷ plain Go | target | | junction peak RSS MB | plain Go peak RSS MB | junction TCP connections |"
	echo "|---:|---:|---:|---:|---:|---|---:|---:|---:|"
	for c in 1 8; do
		target=1.1
		[ "$c" = 8 ] && target=1.2
		set -- ${pwall[$c]} ${jwall[$c]} ${jrss[$c]} ${prss[$c]} ${jconns[$c]}
		printf '| %s | %.3f (%.3f–%.3f) | %.3f (%.3f–%.3f) | %.2f× (%.2f–%.2f) | ≤ %s× | %s | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %s |\n' \
			"$c" "$1" "$2" "$3" "$4" "$5" "$6" "${ratio_med[$c]}" "${ratio_min[$c]}" "${ratio_max[$c]}" "$target" \
			"$(verdict "${ratio_med[$c]}" "$target")" "$7" "$8" "$9" "${10}" "${11}" "${12}" "${13}"
	done
	echo
	echo "CPU time (user + system) of the whole process, median (min–max) over the rounds: less disturbed by other load than the wall time."
	echo
	echo "| concurrency | plain Go CPU ms | junction CPU ms | junction ÷ plain Go |"
	echo "|---:|---:|---:|---:|"
	for c in 1 8; do
		set -- ${pcpu[$c]} ${jcpu[$c]} ${cpu_ratio[$c]}
		printf '| %s | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %.2f× (%.2f–%.2f) |\n' "$c" "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9"
	done
	echo
	if [ -n "$before" ]; then
		echo "The build before ($before), in the same rounds, interleaved: median (min–max)."
		echo
		echo "| concurrency | before wall s | before ÷ plain Go | before CPU ms | this build's CPU ÷ before's | before peak RSS MB |"
		echo "|---:|---:|---:|---:|---:|---:|"
		for c in 1 8; do
			set -- ${bwall[$c]} ${bratio_s[$c]} ${bcpu_s[$c]} ${after_cpu[$c]} ${brss[$c]}
			printf '| %s | %.3f (%.3f–%.3f) | %.2f× (%.2f–%.2f) | %.1f (%.1f–%.1f) | %.2f× (%.2f–%.2f) | %.1f (%.1f–%.1f) |\n' "$c" "$@"
		done
		echo
	fi
	echo "junction peak RSS, the most of any round: $jrss_max MB (target < 30 MB: $(awk -v v="$jrss_max" 'BEGIN {print (v < 30 ? "**met**" : "**missed**")}'))."
	echo
	if [ -z "$npm_problem" ]; then
		echo "| tool (one run each) | wall s | peak RSS MB | junction's speed-up (median wall, concurrency 1) |"
		echo "|---|---:|---:|---:|"
		for name in newman bru; do
			awk -v l="$name $([ "$name" = newman ] && echo "$newman_version" || echo "$bru_version")" -v w="$(field "$name" 2)" -v k="$(field "$name" 3)" -v j="$j1_median" \
				'BEGIN {printf "| %s | %.2f | %.1f | %.1f× |\n", l, w / 1e9, k / 1024, w / 1e9 / j}'
		done
	else
		echo "newman and bru were not measured: $npm_problem"
	fi
}
report | tee "$out"
echo "wrote $out" >&2
exit $failed
