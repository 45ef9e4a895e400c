#!/usr/bin/env bash
# Desktop smoke test: the real binary opens its real window under Xvfb, on a fresh database in
# a temporary folder; the frontend mounts and calls the backend, which writes
# $JUNCTION_READY_FILE; then a screenshot of the screen goes to test-artifacts/desktop.png and
# the app is stopped with SIGTERM and must exit.
#
# Usage: scripts/desktop-smoke.sh [--no-build]
#   --no-build   test the binary as it is (make test has just built it); default: make build
# Environment:
#   JUNCTION_BIN        the binary (default build/bin/junction)
#   SMOKE_TIMEOUT       seconds to wait for the ready file (default 60)
#   SMOKE_EXIT_TIMEOUT  seconds to wait for the exit after SIGTERM (default 15)
#   SMOKE_ARTIFACTS     where the screenshot and logs go (default test-artifacts); on failure
#                       also desktop-failure.png, the screen at that moment
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "desktop-smoke: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

bin=${JUNCTION_BIN:-build/bin/junction}
ready_timeout=${SMOKE_TIMEOUT:-60}
paint_timeout=20 # after ready: until the screenshot shows a painted, settled window
exit_timeout=${SMOKE_EXIT_TIMEOUT:-15}
artifacts=${SMOKE_ARTIFACTS:-test-artifacts}
shot=$artifacts/desktop.png

say() { printf 'desktop-smoke: %s\n' "$*"; }

if [ $build = 1 ]; then make build; fi
for c in Xvfb import identify xwininfo setsid; do
  command -v "$c" >/dev/null 2>&1 || { say "FAIL: '$c' is missing; run scripts/deps.sh test" >&2; exit 1; }
done
[ -x "$bin" ] || { say "FAIL: no executable at $bin; run make build" >&2; exit 1; }
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
mkdir -p "$artifacts"
rm -f "$shot" "$artifacts/desktop-failure.png" "$artifacts/desktop-app.log"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/junction-smoke.XXXXXX")
mkdir -p "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/share" "$tmp/run"
chmod 700 "$tmp/run"
app_log=$tmp/app.log            # the app's stdout and stderr
data_log=$tmp/data/junction.log # the app's own log, beside its database
xvfb_pid="" app_pid="" app_pgid="" display=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e # clean up as much as possible whatever fails here
  # The app runs in its own session: this also ends WebKit's helper processes.
  [ -n "$app_pgid" ] && kill -KILL -- "-$app_pgid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill -TERM "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  {
    cat "$app_log"
    if [ -s "$data_log" ]; then echo "--- junction.log"; cat "$data_log"; fi
  } >"$artifacts/desktop-app.log" 2>/dev/null
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  say "FAIL: $*" >&2
  if [ -n "$display" ] && import -display "$display" -window root "$artifacts/desktop-failure.png" 2>/dev/null; then
    say "the screen at that moment: $artifacts/desktop-failure.png" >&2
  fi
  {
    echo "--- app output ($bin)"
    tail -n 80 "$app_log" 2>/dev/null || true
    if [ -s "$data_log" ]; then echo "--- junction.log"; tail -n 80 "$data_log"; fi
    if [ -s "$tmp/xvfb.log" ]; then echo "--- Xvfb"; tail -n 20 "$tmp/xvfb.log"; fi
    echo "---"
  } >&2
  exit 1
}

now_ms() { date +%s%3N; }

# Xvfb picks a free display itself and writes its number to fd 3 once it accepts clients.
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
deadline=$((SECONDS + 15))
until [ -s "$tmp/display" ]; do
  kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited at start"
  [ $SECONDS -lt $deadline ] || fail "Xvfb did not report a display within 15s"
  sleep 0.1
done
display=:$(tr -dc 0-9 <"$tmp/display")
say "Xvfb on $display"

# A fresh database and key, and private XDG folders, so nothing of the user's is read or
# touched and no single-instance lock can be in the way.
started=$(now_ms)
DISPLAY=$display \
  JUNCTION_DB=$tmp/data/junction.db \
  JUNCTION_KEY_FILE=$tmp/data/secret.key \
  JUNCTION_READY_FILE=$tmp/ready \
  XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache XDG_DATA_HOME=$tmp/share \
  XDG_RUNTIME_DIR=$tmp/run \
  NO_AT_BRIDGE=1 \
  setsid "$bin" >"$app_log" 2>&1 </dev/null &
app_pid=$!
app_pgid=$app_pid # setsid made it a session and process group leader

deadline=$((SECONDS + ready_timeout))
until [ -e "$tmp/ready" ]; do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    status=0; wait "$app_pid" || status=$?
    fail "the app exited (status $status) before the frontend called the backend"
  fi
  [ $SECONDS -lt $deadline ] ||
    fail "the app did not become ready within ${ready_timeout}s: no $tmp/ready (written once the frontend has called the backend after mount)"
  sleep 0.2
done
say "ready after $(($(now_ms) - started)) ms (profile: $(head -c 80 "$tmp/ready"))"

[ -e "$tmp/data/junction.db" ] || fail "the app is ready but $tmp/data/junction.db (JUNCTION_DB) was not created"
windows=$(xwininfo -display "$display" -root -tree 2>/dev/null || true)
grep -q '"Junction' <<<"$windows" || fail "no window titled Junction on $display; windows: $(grep -o '"[^"]*"' <<<"$windows" | sort -u | tr '\n' ' ')"

# Ready means the frontend's first call reached the backend; the answer is rendered a few
# frames later. Poll until the screen is painted (more than a few colours: an unpainted
# screen is one or two flat ones) and settled (two screenshots in a row with the same pixels).
deadline=$((SECONDS + paint_timeout))
previous="" colours=0
while :; do
  import -display "$display" -window root "$shot" 2>>"$tmp/import.log" ||
    fail "import could not take a screenshot: $(tail -n 3 "$tmp/import.log")"
  read -r colours signature < <(identify -format '%k %#\n' "$shot" 2>/dev/null || echo "0 -")
  [ "$colours" -gt 16 ] && [ "$signature" = "$previous" ] && break
  previous=$signature
  if [ $SECONDS -ge $deadline ]; then
    [ "$colours" -gt 16 ] ||
      fail "the window did not paint within ${paint_timeout}s of ready ($colours colours on screen; see $shot)"
    say "note: the screen was still changing after ${paint_timeout}s; keeping the last screenshot"
    break
  fi
  sleep 0.25
done
say "screenshot $shot ($colours colours)"

kill -TERM "$app_pid" 2>/dev/null || true
deadline=$((SECONDS + exit_timeout))
while kill -0 "$app_pid" 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "the app did not exit within ${exit_timeout}s of SIGTERM"
  sleep 0.1
done
status=0; wait "$app_pid" || status=$?
# 143 = killed by SIGTERM (no handler); 0 = handled it and shut down cleanly.
case "$status" in
  0 | 143) ;;
  *) fail "the app exited with status $status after SIGTERM" ;;
esac
say "ok: window up, frontend called the backend, screenshot taken, clean exit on SIGTERM (status $status)"
