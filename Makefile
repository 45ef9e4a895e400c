# Junction: build, run and test. GNU make.
#
#   make run      build the desktop app and open its window
#   make build    build/bin/junction (window + commands) and build/bin/junction-cli (commands only)
#   make build-cli  only build/bin/junction-cli: no GTK/WebKit needed, for servers
#   make test     everything CI runs: vet, Go tests, frontend tests, both binaries' smoke,
#                 browser E2E (junction-cli serve), desktop smoke (junction)
#   make lint     gofmt, go vet, staticcheck and eslint (make test runs it)
#   make bench    Go benchmarks, then start-up, lists, import/export, first paint (whole processes)
#   make bench-invoke  junction-cli invoke vs plain Go, newman and bru -> bench/results-invoke.md
#   make clean    remove build and test outputs
#
# Every target installs what it needs through scripts/deps.sh (quiet when all is present), so
# each works on a bare Debian/Ubuntu machine with Go, gcc and Node.
# Knobs: RACE=0 (go test without the race detector), BENCH=regexp, BENCH_COUNT=n.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Stages run in the order they are listed; never in parallel (they share node_modules and dist).
.NOTPARALLEL:
MAKEFLAGS += --no-print-directory

GOOS := $(shell go env GOOS)
GOBIN_DIR := $(or $(shell go env GOBIN),$(firstword $(subst :, ,$(shell go env GOPATH)))/bin)
# The pinned wails CLI lives here (scripts/deps.sh installs it); callers' PATH may lack it.
export PATH := $(GOBIN_DIR):$(PATH)
WAILS := $(GOBIN_DIR)/wails
# go-sqlite3 needs cgo: fail at build time, not with a stub that errors at run time.
export CGO_ENABLED := 1

comma := ,
# go-sqlite3 compiles SQLite's FTS5, the connector search's index (migration 0009), only with
# this tag; a binary without it refuses to open a store and says so. GOFLAGS gives it to every
# go command here (added to what `go env GOFLAGS` already holds, from the environment or go env
# -w); a command with its own -tags (which replace GOFLAGS') names it again.
SQLITE_TAGS := sqlite_fts5
export GOFLAGS := $(strip $(shell go env GOFLAGS) -tags=$(SQLITE_TAGS))
# webkit2_41 links WebKitGTK 4.1 (Debian 12, Ubuntu 22.04 and later); the tag is Linux only.
PLATFORM_TAGS := $(if $(filter linux,$(GOOS)),webkit2_41)
APP_TAGS := desktop,production,$(SQLITE_TAGS)$(if $(PLATFORM_TAGS),$(comma)$(PLATFORM_TAGS))
EXE := $(if $(filter windows,$(GOOS)),.exe)
BIN := build/bin/junction$(EXE)
# The same program built without the desktop tags: every command, serve and the scheduler, no
# window, no GTK/WebKit linked (main.go, headless.go).
CLI_BIN := build/bin/junction-cli$(EXE)

# What `junction version` and the window's footer show (backend/version). go build also stamps
# vcs.revision and vcs.modified from the checkout; these say the same explicitly, so a build
# from a tarball or another tool's checkout still names its version. Lazy (=): git runs only
# when a build expands them. VERSION: the tag at HEAD (git describe), else package.json's.
VERSION ?= $(or $(shell git describe --tags --dirty 2>/dev/null),$(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' frontend/package.json))
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
MODIFIED ?= $(if $(COMMIT),$(if $(shell git status --porcelain 2>/dev/null | head -n1),true,false))
VERSION_PKG := junction/backend/version
LDFLAGS = -w -s -X $(VERSION_PKG).Version=$(VERSION) -X $(VERSION_PKG).Commit=$(COMMIT) -X $(VERSION_PKG).Modified=$(MODIFIED)

RACE ?= 1
GOTEST_FLAGS ?= -count=1 -timeout 20m $(if $(filter 1,$(RACE)),-race)
BENCH ?= .
BENCH_COUNT ?= 1

DEPS := bash scripts/deps.sh
# Our Go packages. Filtering out node_modules matters: some npm packages (flatted) ship .go
# files, which ./... would otherwise vet, test and gofmt as part of this module.
GO_PKGS = $$(go list -e ./... | grep -v /node_modules/)
GO_FILES = $$(find . -name '*.go' -not -path './.git/*' -not -path '*/node_modules/*')

START := $(shell date +%s)
# A short line before each stage, with the seconds since make started, so a CI log shows
# where the time goes.
stage = @printf '==> %s  (+%ss)\n' '$(1)' "$$(( $$(date +%s) - $(START) ))"

.PHONY: help run display build build-cli cli-binary bindings frontend test vet test-go test-frontend test-cli test-e2e test-desktop \
        lint bench bench-invoke clean deps-go deps-frontend deps-wails deps-desktop deps-test deps-bench

help:
	@sed -n '3,15p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

# --- dependencies ----------------------------------------------------------------------------

# Silent when all is present; the script itself says what it installs and how long it took.
deps-go:
	@$(DEPS) go
deps-frontend:
	@$(DEPS) frontend
deps-wails:
	@$(DEPS) wails
deps-desktop:
	@$(DEPS) desktop
deps-test:
	@$(DEPS) test
deps-bench:
	@$(DEPS) bench

# --- build -----------------------------------------------------------------------------------

# The JS half of the Wails bindings (frontend/wailsjs/**/*.js) is generated, not committed, and
# the frontend build imports it, so it comes first. Generation compiles main with the bindings
# tag and runs it; bindings.go keeps that run off the user's database, and the throwaway
# JUNCTION_DB/JUNCTION_KEY_FILE make sure of it (an open window's lock must not fail a build).
bindings: deps-wails
	$(call stage,bindings: wails generate module)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	if ! JUNCTION_DB="$$tmp/junction.db" JUNCTION_KEY_FILE="$$tmp/secret.key" \
	    $(WAILS) generate module >"$$tmp/out" 2>&1; then cat "$$tmp/out"; exit 1; fi; \
	grep -o 'Not found: [^ ]*' "$$tmp/out" | sort -u | \
	  sed 's/^Not found: \(.*\)/    wails: no TypeScript model for \1 (typed any)/' || true

frontend: deps-frontend bindings
	$(call stage,frontend: npm run build)
	cd frontend && npm run build

# Why go build and not `wails build`: on Linux `wails build` ends in this very command (tags
# desktop,production plus ours, -ldflags "-w -s" (we add the version's -X), output build/bin/), but before it by default
# runs `go mod tidy` and syncs go.mod's wails version (rewriting files under version control),
# re-installs and re-builds the frontend from wails.json, and regenerates the bindings we just
# made. Spelling the steps out keeps each one visible in the log, changes no tracked file and
# leaves nothing to wails.json defaults. (macOS .app bundles and Windows manifests/icons do
# need `wails build`; README.md says so.) The first build compiles SQLite and the WebKitGTK
# bindings with cgo: about a minute or two; later builds hit the Go cache.
build: deps-desktop frontend cli-binary
	$(call stage,go build $(BIN) -tags $(APP_TAGS))
	go build -tags '$(APP_TAGS)' -ldflags '$(LDFLAGS)' -o '$(BIN)' .

# junction-cli needs Go, gcc (SQLite) and Node for the embedded frontend, no GTK or WebKit.
build-cli: deps-go frontend cli-binary

cli-binary:
	$(call stage,go build $(CLI_BIN) (no desktop tags))
	go build -ldflags '$(LDFLAGS)' -o '$(CLI_BIN)' .

# The window opens on the default database (or $JUNCTION_DB, $JUNCTION_KEY_FILE if set).
run: display build
	$(call stage,run $(BIN))
	./$(BIN)

# Fail before a two-minute build, not after it.
display:
	@if [ '$(GOOS)' = linux ] && [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are unset); run it in a desktop session" >&2; \
	  exit 1; fi

# --- test ------------------------------------------------------------------------------------

test: deps-test lint test-go test-frontend build test-cli test-e2e test-desktop
	$(call stage,make test: all stages passed)

vet: deps-go
	$(call stage,go vet)
	go vet $(GO_PKGS)

# One go test run, with the race detector unless RACE=0: the invoke token cache, the flow
# scheduler and the concurrent invoke paths are where races would hide. It costs a second
# cgo compile of SQLite (~1 min) and slows the tests 2-5x, well inside CI's 90 minutes.
test-go: deps-go
	$(call stage,go test $(GOTEST_FLAGS))
	go test $(GOTEST_FLAGS) $(GO_PKGS)

test-frontend: deps-frontend bindings
	$(call stage,frontend: unit tests (vitest))
	cd frontend && npm run test:unit
	$(call stage,frontend: typecheck (vue-tsc))
	cd frontend && npm run typecheck

# Both binaries as a user runs them: junction-cli links no GTK/WebKit, says it has no window,
# and both answer the commands and serve the studio (scripts/cli-smoke.sh).
test-cli: build
	$(call stage,both binaries: cli smoke)
	JUNCTION_BIN='$(BIN)' JUNCTION_CLI_BIN='$(CLI_BIN)' bash scripts/cli-smoke.sh

# Browser E2E (playwright-core driving Debian's Chromium against `junction serve`), once the
# frontend has it. It gets junction-cli just built as JUNCTION_BIN (its serve is the one for a
# server; the desktop smoke covers the window binary) and the browser as
# CHROMIUM_PATH (never downloaded: no `playwright install`).
test-e2e: deps-test build
	@if [ -d frontend/e2e ]; then \
	  printf '==> %s  (+%ss)\n' 'browser E2E: npm run test:e2e' "$$(( $$(date +%s) - $(START) ))"; \
	  cd frontend && JUNCTION_BIN='$(abspath $(CLI_BIN))' CHROMIUM_PATH="$${CHROMIUM_PATH:-/usr/bin/chromium}" \
	    npm run test:e2e; \
	else \
	  echo "==> browser E2E: skipped, frontend/e2e does not exist yet"; \
	fi

test-desktop: deps-test build
	@if [ '$(GOOS)' = linux ]; then \
	  printf '==> %s  (+%ss)\n' 'desktop smoke: real window under Xvfb' "$$(( $$(date +%s) - $(START) ))"; \
	  JUNCTION_BIN='$(BIN)' bash scripts/desktop-smoke.sh --no-build; \
	else \
	  echo "==> desktop smoke: skipped, it needs Xvfb (Linux)"; \
	fi

# --- other -----------------------------------------------------------------------------------

lint: vet
	$(call stage,gofmt -l and staticcheck)
	@$(DEPS) lint
	@out=$$(gofmt -l $(GO_FILES)); \
	if [ -n "$$out" ]; then echo "gofmt: these files need formatting (gofmt -w FILE):"; echo "$$out"; exit 1; fi
	staticcheck $(GO_PKGS)
	staticcheck -tags testhooks,$(SQLITE_TAGS) . ./backend/cli
	$(call stage,eslint (frontend))
	cd frontend && npm run lint

# The Go benchmarks into bench/results.txt, then the whole-process ones on the shipped
# binaries (docs/benchmarks.md): start-up, the 100k-connector lists, import and export, and
# the first paint in Chromium. BENCH narrows the Go part.
bench: deps-bench build
	$(call stage,go test -bench $(BENCH) -> bench/results.txt)
	@mkdir -p bench
	go test -run '^$$' -bench '$(BENCH)' -benchmem -count=$(BENCH_COUNT) -timeout 60m $(GO_PKGS) | tee bench/results.txt
	$(call stage,start-up of both binaries -> bench/results-startup.md)
	bash bench/startup.sh | tee bench/results-startup.md
	$(call stage,connector lists at 100k -> bench/results-lists.md)
	LISTS_GO_BENCH=0 bash bench/lists.sh
	$(call stage,import and export -> bench/results-exchange.md)
	bash bench/exchange.sh | tee bench/results-exchange.md
	$(call stage,first paint on a 10k store (Chromium) -> test-artifacts/first-paint.json)
	cd frontend && JUNCTION_BIN='$(abspath $(CLI_BIN))' CHROMIUM_PATH="$${CHROMIUM_PATH:-/usr/bin/chromium}" node e2e/run.mjs first-paint

# Whole processes: junction-cli invoke --repeat vs a plain Go client (interleaved rounds,
# concurrency 1 and 8), newman and Bruno -> bench/results-invoke.md.
bench-invoke: deps-bench cli-binary
	JUNCTION_CLI_BIN='$(CLI_BIN)' bash bench/invoke.sh

clean:
	rm -rf build/bin test-artifacts
	@if [ -d frontend/dist ]; then find frontend/dist -mindepth 1 ! -name .gitkeep -delete; fi
