#!/usr/bin/env bash
# Smoke test of the two shipped binaries as a user runs them (make test-cli):
#
#   build/bin/junction-cli  links no GTK or WebKit (ldd), says it has no window when started
#                           without arguments (exit 2), and runs the commands and serve
#   build/bin/junction      runs the same commands on the same store
#
# Each check runs on a fresh store in a temporary folder; serve listens on 127.0.0.1 only.
# Environment: JUNCTION_BIN (default build/bin/junction), JUNCTION_CLI_BIN (default
# build/bin/junction-cli).
set -euo pipefail
cd "$(dirname "$0")/.."

desktop=${JUNCTION_BIN:-build/bin/junction}
headless=${JUNCTION_CLI_BIN:-build/bin/junction-cli}
fixture=backend/cli/testdata/crm.junction.json

say() { printf 'cli-smoke: %s\n' "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }

for bin in "$desktop" "$headless"; do
	[ -x "$bin" ] || fail "no executable at $bin; run make build"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/junction-cli-smoke.XXXXXX")
serve_pid=""
cleanup() {
	[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export JUNCTION_DB=$tmp/junction.db JUNCTION_KEY_FILE=$tmp/secret.key

# 1. junction-cli links no GUI library; junction does (it is the window).
if command -v ldd >/dev/null 2>&1; then
	# Into variables first: grep -q stopping early would end ldd with SIGPIPE under pipefail.
	gui='libgtk|libwebkit|libjavascriptcore|libgdk'
	headless_libs=$(ldd "$headless")
	desktop_libs=$(ldd "$desktop")
	if grep -Eq "$gui" <<<"$headless_libs"; then
		fail "$headless links GUI libraries: $(grep -E "$gui" <<<"$headless_libs" | awk '{print $1}' | tr '\n' ' ')"
	fi
	grep -q 'libwebkit' <<<"$desktop_libs" || fail "$desktop does not link WebKit: was it built with the desktop tags?"
	say "junction-cli links $(wc -l <<<"$headless_libs") shared objects, junction $(wc -l <<<"$desktop_libs")"
fi

# 2. No window in junction-cli: exit 2 and a hint in both languages.
set +e
"$headless" >"$tmp/out" 2>"$tmp/err"
code=$?
set -e
[ $code = 2 ] || fail "junction-cli without arguments exited $code, want 2"
grep -q 'no desktop window' "$tmp/err" || fail "junction-cli without arguments did not say it has no window: $(cat "$tmp/err")"
grep -q '没有桌面窗口' "$tmp/err" || fail "junction-cli without arguments has no Chinese hint"

# 3. The same version, and the same commands on one store from either binary.
[ "$("$desktop" version)" = "$("$headless" version)" ] || fail "the two binaries report different versions"
"$headless" import "$fixture" >/dev/null || fail "junction-cli import $fixture"
"$desktop" connector list --json >"$tmp/list.json" || fail "junction connector list --json"
grep -q '"key": *"crm"' "$tmp/list.json" || fail "junction does not list the connector junction-cli imported"
"$desktop" export crm -o "$tmp/a.junction.json" >/dev/null 2>&1 || fail "junction export"
"$headless" export crm -o "$tmp/b.junction.json" >/dev/null 2>&1 || fail "junction-cli export"
# exportedAt differs between the two runs; the rest must not.
diff <(grep -v '"exportedAt"' "$tmp/a.junction.json") <(grep -v '"exportedAt"' "$tmp/b.junction.json") >/dev/null ||
	fail "the two binaries export different packages"
"$headless" audit verify >/dev/null || fail "junction-cli audit verify"

# 4. junction-cli serve answers on loopback with the studio, and stops on SIGTERM.
"$headless" serve --addr 127.0.0.1:0 --no-open >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve_pid=$!
url=""
for _ in $(seq 1 100); do
	url=$(head -n1 "$tmp/serve.out" 2>/dev/null || true)
	[ -n "$url" ] && break
	kill -0 "$serve_pid" 2>/dev/null || fail "junction-cli serve exited: $(cat "$tmp/serve.err")"
	sleep 0.1
done
[ -n "$url" ] || fail "junction-cli serve printed no URL within 10 s"
base=${url%%\?*}
body=$(curl -fsS --max-time 10 "$base") || fail "GET $base"
grep -q '<div id="app"' <<<"$body" || fail "GET $base did not return the studio's index.html"
kill -TERM "$serve_pid"
wait "$serve_pid" || fail "junction-cli serve exited $? after SIGTERM, want 0"
serve_pid=""

say "ok: both binaries run the commands on one store; junction-cli serves the studio and has no window"
