#!/usr/bin/env bash
# Installs what Junction needs to build, run and test, and only what is missing.
#
# Usage: scripts/deps.sh [go] [frontend] [wails] [lint] [desktop] [test] [bench]   (no argument: go frontend)
#   go        C toolchain for cgo (go-sqlite3) and make
#   frontend  Node.js >= the version frontend/package.json asks for (18 if it names none),
#             npm, and the frontend's packages (npm ci, only when the lock file changed)
#   wails     go + the pinned wails CLI (enough to generate the bindings)
#   lint      go + the pinned staticcheck + frontend (its packages include eslint)
#   desktop   go + frontend + wails + GTK 3 / WebKitGTK 4.1 headers, to build the app
#   test      desktop + lint + Xvfb, Chromium, CJK fonts, ImageMagick and X utilities for the
#             browser E2E and desktop smoke tests
#   bench     desktop + hyperfine and GNU time, to time both binaries as whole processes
#
# Idempotent, and silent when everything is present (a warm run takes well under a second).
# On Debian/Ubuntu it installs with apt-get as root, or through sudo otherwise; apt lists are
# refreshed only when something must be installed. Elsewhere it says what is missing.
# The wails CLI goes to $(go env GOBIN) or $(go env GOPATH)/bin; the Makefile puts that
# directory on PATH, so nothing here depends on the caller's PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

# @latest resolves to v2.9.2, which does not compile with Go 1.26; keep in step with go.mod.
WAILS_VERSION=v2.16.0
# The first staticcheck release that reads Go 1.26 code.
STATICCHECK_VERSION=v0.8.2
DEFAULT_MIN_NODE=18

say() { printf 'deps: %s\n' "$*"; }
die() { printf 'deps: %s\n' "$*" >&2; exit 1; }

want_go=0 want_frontend=0 want_wails=0 want_lint=0 want_desktop=0 want_test=0 want_bench=0
[ $# -gt 0 ] || set -- go frontend
for arg in "$@"; do
  case "$arg" in
    go) want_go=1 ;;
    frontend) want_frontend=1 ;;
    wails) want_go=1 want_wails=1 ;;
    lint) want_go=1 want_frontend=1 want_lint=1 ;;
    desktop) want_go=1 want_frontend=1 want_wails=1 want_desktop=1 ;;
    test) want_go=1 want_frontend=1 want_wails=1 want_lint=1 want_desktop=1 want_test=1 ;;
    bench) want_go=1 want_frontend=1 want_wails=1 want_desktop=1 want_bench=1 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deps: unknown argument '$arg' (expected: go frontend wails lint desktop test bench)" >&2; exit 2 ;;
  esac
done

command -v go >/dev/null 2>&1 || die "Go is not installed: install Go 1.26 or later (https://go.dev/dl/) and re-run"

os=$(uname -s)
distro=""
[ -r /etc/os-release ] && distro=$(. /etc/os-release && echo "${ID:-}")

# --- system packages -------------------------------------------------------------------------

apt_wanted=()
want_apt() { apt_wanted+=("$@"); }

[ $want_go = 1 ] && ! command -v gcc >/dev/null 2>&1 && want_apt gcc libc6-dev
[ $want_go = 1 ] && ! command -v make >/dev/null 2>&1 && want_apt make
if [ $want_frontend = 1 ]; then
  # NodeSource's nodejs bundles npm and conflicts with Debian's npm package; npm can only be
  # missing beside Debian's own nodejs, where Debian's npm is the right one.
  if ! command -v node >/dev/null 2>&1; then
    want_apt nodejs npm
  elif ! command -v npm >/dev/null 2>&1; then
    want_apt npm
  fi
fi
if [ $want_desktop = 1 ]; then
  want_apt pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev
fi
[ $want_bench = 1 ] && want_apt hyperfine time
if [ $want_test = 1 ]; then
  want_apt xvfb x11-utils imagemagick fonts-noto-cjk
  # Ubuntu's chromium package is only a snap launcher, useless in CI; there a Chromium at
  # /usr/bin/chromium (or CHROMIUM_PATH) must come from elsewhere.
  if [ "$distro" = ubuntu ]; then
    [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] ||
      say "note: no /usr/bin/chromium; Ubuntu's apt chromium is a snap, install a Chromium by hand for the E2E tests"
  else
    want_apt chromium
  fi
fi

if [ ${#apt_wanted[@]} -gt 0 ]; then
  if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    # One dpkg-query for the lot: "name<TAB>ii " for every installed package.
    status=$(dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\n' "${apt_wanted[@]}" 2>/dev/null || true)
    missing=()
    for p in "${apt_wanted[@]}"; do
      grep -q "^${p}	ii" <<<"$status" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      if [ "$(id -u)" = 0 ]; then
        as_root=()
      elif command -v sudo >/dev/null 2>&1; then
        # Without a terminal (CI) sudo must fail at once rather than wait for a password.
        if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
      else
        die "need root to install ${missing[*]}: run this as root or where sudo works, or install them yourself: apt-get install ${missing[*]}"
      fi
      say "installing ${missing[*]} (apt)"
      started=$SECONDS
      log=$(mktemp)
      apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
      if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q update >"$log" 2>&1 ||
         ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" "${missing[@]}" >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -f "$log"
        die "apt-get failed; to install by hand: sudo apt-get update && sudo apt-get install ${missing[*]}"
      fi
      rm -f "$log"
      say "apt done in $((SECONDS - started))s"
    fi
  else
    # Not Debian/Ubuntu: check what can be checked and say what to install.
    problems=()
    [ $want_go = 1 ] && ! command -v gcc >/dev/null 2>&1 && ! command -v clang >/dev/null 2>&1 && problems+=("a C compiler for cgo (gcc or clang)")
    [ $want_go = 1 ] && ! command -v make >/dev/null 2>&1 && problems+=("GNU make")
    [ $want_frontend = 1 ] && ! command -v npm >/dev/null 2>&1 && problems+=("Node.js 20+ with npm")
    if [ $want_desktop = 1 ] && [ "$os" = Linux ]; then
      pkg-config --exists gtk+-3.0 webkit2gtk-4.1 2>/dev/null || problems+=("GTK 3 and WebKitGTK 4.1 development files (pkg-config: gtk+-3.0 webkit2gtk-4.1)")
    fi
    if [ $want_desktop = 1 ] && [ "$os" = Darwin ]; then
      xcode-select -p >/dev/null 2>&1 || problems+=("Xcode command line tools (xcode-select --install)")
    fi
    if [ $want_test = 1 ] && [ "$os" = Linux ]; then
      for c in Xvfb import xwininfo; do command -v "$c" >/dev/null 2>&1 || problems+=("$c"); done
    fi
    if [ ${#problems[@]} -gt 0 ]; then
      printf 'deps: missing, please install:\n' >&2
      printf '  - %s\n' "${problems[@]}" >&2
      exit 1
    fi
  fi
fi

# --- Node.js version -------------------------------------------------------------------------

if [ $want_frontend = 1 ]; then
  have_node=$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)
  need_node=$DEFAULT_MIN_NODE.0
  if [ -f frontend/package.json ]; then
    # The first version in package.json's engines.node (">=20.19", "^20.19 || >=22.12", ...).
    engines=$(node -p 'try { (require("./frontend/package.json").engines || {}).node || "" } catch (e) { "" }' 2>/dev/null || true)
    if [[ $engines =~ ([0-9]+)(\.([0-9]+))? ]]; then need_node=${BASH_REMATCH[1]}.${BASH_REMATCH[3]:-0}; fi
  fi
  IFS=. read -r have_major have_minor _ <<<"$have_node"
  IFS=. read -r need_major need_minor <<<"$need_node"
  if [ "$have_major" -lt "$need_major" ] ||
     { [ "$have_major" -eq "$need_major" ] && [ "$have_minor" -lt "$need_minor" ]; }; then
    die "Node.js $have_node is too old: the frontend needs Node $need_node or later (frontend/package.json engines).
  Debian 12's apt ships Node 18 and Ubuntu 22.04's Node 12. Install Node $need_major LTS or later
  (NodeSource's apt repository, nvm or the nodejs.org tarball), check that 'node --version' prints it
  first on PATH, then re-run."
  fi
fi

# --- wails CLI -------------------------------------------------------------------------------

if [ $want_wails = 1 ]; then
  gobin=$(go env GOBIN)
  if [ -z "$gobin" ]; then
    gopath=$(go env GOPATH)
    gobin=${gopath%%:*}/bin
  fi
  have=$("$gobin/wails" version 2>/dev/null </dev/null || true)
  have=${have%%$'\n'*}
  if [ "$have" != "$WAILS_VERSION" ]; then
    say "installing wails CLI $WAILS_VERSION${have:+ (found $have)}"
    started=$SECONDS
    GOFLAGS='' go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
    say "wails CLI installed in $gobin in $((SECONDS - started))s"
    case ":$PATH:" in
      *":$gobin:"*) ;;
      *) say "note: $gobin is not on your PATH (make adds it); to call wails yourself: export PATH=\"$gobin:\$PATH\"" ;;
    esac
  fi
fi

# --- staticcheck -----------------------------------------------------------------------------

if [ $want_lint = 1 ]; then
  gobin=$(go env GOBIN)
  if [ -z "$gobin" ]; then
    gopath=$(go env GOPATH)
    gobin=${gopath%%:*}/bin
  fi
  have=$("$gobin/staticcheck" -version 2>/dev/null </dev/null || true)
  case "$have" in
    *"${STATICCHECK_VERSION#v}"*) ;;
    *)
      say "installing staticcheck $STATICCHECK_VERSION${have:+ (found $have)}"
      started=$SECONDS
      GOFLAGS='' go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
      say "staticcheck installed in $gobin in $((SECONDS - started))s"
      ;;
  esac
fi

# --- frontend packages -----------------------------------------------------------------------

# npm ci only when node_modules is missing or older than the lock file; npm writes
# node_modules/.package-lock.json at the end of a complete install.
if [ $want_frontend = 1 ] && [ -f frontend/package.json ]; then
  [ -f frontend/package-lock.json ] || die "frontend/package-lock.json is missing: run 'npm install' in frontend/ and commit the lock file"
  if [ ! -f frontend/node_modules/.package-lock.json ] ||
     [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
    say "installing frontend packages (npm ci)"
    started=$SECONDS
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    say "npm ci done in $((SECONDS - started))s"
  fi
fi
