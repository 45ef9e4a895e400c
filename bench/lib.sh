# Sourced by the bench scripts. The headless binary they time is the shipped one:
# $JUNCTION_CLI_BIN when set (another build, for a before/after), else
# build/bin/junction-cli, which `make build-cli` makes when it is missing (with the
# frontend embedded, as make build ships it).
# The bench scripts run outside make: the build tag every build of Junction needs (the
# Makefile's SQLITE_TAGS: SQLite's FTS5 for the connector search).
GOFLAGS="$(go env GOFLAGS) -tags=sqlite_fts5"
export GOFLAGS=${GOFLAGS# }

junction_cli() {
	local bin=${JUNCTION_CLI_BIN:-build/bin/junction-cli}
	if [ -z "${JUNCTION_CLI_BIN:-}" ] && [ ! -x "$bin" ]; then
		make build-cli >&2
	fi
	[ -x "$bin" ] || { echo "bench: $bin is not an executable" >&2; return 1; }
	realpath "$bin"
}
