package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/store"
	"junction/backend/store/storetest"
)

// env is one test's Junction home: a real SQLite file and key file in
// t.TempDir(), acting as alice (the first-run profile) unless --as says otherwise.
type env struct {
	t   *testing.T
	dir string
	db  string
	key string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	key := filepath.Join(dir, "secret.key")
	t.Setenv("JUNCTION_KEY_FILE", key)
	t.Setenv("JUNCTION_USER", "alice")
	t.Setenv("JUNCTION_DB", "")
	t.Setenv("JUNCTION_PASSWORD", "")
	return &env{t: t, dir: dir, db: filepath.Join(dir, "junction.db"), key: key}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the CLI in-process with --db first, then args.
func (e *env) run(args ...string) result {
	return e.runIn("", args...)
}

func (e *env) runIn(stdin string, args ...string) result {
	e.t.Helper()
	// A test may hold two homes; each keeps its own key file.
	e.t.Setenv("JUNCTION_KEY_FILE", e.key)
	return runCLI(stdin, append([]string{"--db", e.db}, args...)...)
}

func runCLI(stdin string, args ...string) result {
	var out, errOut bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errOut, nil)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// ok runs a command that must succeed and returns its stdout.
func (e *env) ok(args ...string) string {
	e.t.Helper()
	r := e.run(args...)
	require.Equal(e.t, 0, r.code, "junction %s\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.stdout, r.stderr)
	return r.stdout
}

// json runs a command with --json that must succeed and decodes its stdout.
func (e *env) json(v any, args ...string) {
	e.t.Helper()
	out := e.ok(append(args, "--json")...)
	require.NoError(e.t, json.Unmarshal([]byte(out), v), out)
}

func (e *env) importFixture(names ...string) {
	e.t.Helper()
	args := []string{"import"}
	for _, n := range names {
		args = append(args, filepath.Join("testdata", n))
	}
	e.ok(args...)
}

// writeFile writes a file in the test's folder and returns its path.
func (e *env) writeFile(name, content string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	require.NoError(e.t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// errorJSON is the --json error document.
type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
		File    string `json:"file"`
	} `json:"error"`
}

func decodeError(t *testing.T, r result) errorJSON {
	t.Helper()
	var e errorJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &e), r.stdout)
	return e
}

// oneErrorLine asserts the text error convention: nothing on stdout, one line
// on stderr starting with "junction: ".
func oneErrorLine(t *testing.T, r result) string {
	t.Helper()
	assert.Empty(t, r.stdout)
	require.True(t, strings.HasPrefix(r.stderr, "junction: "), r.stderr)
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
	return r.stderr
}

func TestRun_Version(t *testing.T) {
	e := newEnv(t)
	// A test binary has no ldflags and no VCS stamp (built binaries are
	// tested in main's version_test.go).
	assert.Equal(t, "junction dev\n", e.ok("version"))
	var v map[string]any
	e.json(&v, "version")
	assert.Equal(t, map[string]any{"version": "dev", "commit": "", "modified": false}, v)
	_, err := os.Stat(e.db)
	assert.True(t, os.IsNotExist(err), "version must not create the store")
}

func TestRun_Help(t *testing.T) {
	r := runCLI("", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "connector")
	// Without a command (main.go opens the window then) Run prints help.
	assert.Equal(t, r, runCLI(""))
	r = runCLI("", "connector", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "seal")
}

func TestRun_UsageErrors(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown command suggests", []string{"conector", "list"}, `unknown command "conector" for "junction"; did you mean connector?`},
		{"unknown subcommand", []string{"connector", "lst"}, `unknown command "lst" for "junction connector"; did you mean list?`},
		{"missing subcommand", []string{"connector"}, "connector needs a subcommand: delete, list, seal, show, unseal"},
		{"unknown flag", []string{"connector", "list", "--frob"}, "unknown flag: --frob"},
		{"missing argument", []string{"connector", "show"}, "connector show takes 1 argument(s), got 0; usage: junction connector show KEY"},
		{"too many arguments", []string{"version", "x"}, "takes 0 argument(s), got 1"},
		{"bad flag value", []string{"audit", "--limit", "many"}, `invalid argument "many"`},
		{"limit below one", []string{"audit", "--limit", "0"}, "--limit must be at least 1"},
		{"audit extra argument", []string{"audit", "verfy"}, `unknown command "verfy"`},
		{"interface without slash", []string{"interface", "show", "crm"}, "CONNECTOR/INTERFACE"},
		{"unknown import format", []string{"import", "--format", "yaml", "x"}, `--format "yaml" is not one of`},
		{"openapi import not yet", []string{"import", "--format", "openapi", "x"}, "format openapi is not supported yet"},
		{"har import not yet", []string{"import", "--format", "har", "x"}, "format har is not supported yet"},
		{"bad on-conflict", []string{"import", "--on-conflict", "merge", "testdata/crm.junction.json"}, `--on-conflict "merge"`},
		{"import without files", []string{"import"}, "needs at least 1 argument"},
		{"export without -o", []string{"export", "crm"}, `required flag(s) "output" not set`},
		{"export openapi not yet", []string{"export", "crm", "-o", "-", "--format", "openapi"}, "format openapi is not supported yet"},
		{"export with secrets not yet", []string{"export", "crm", "-o", "-", "--with-secrets", "--passphrase-env", "P"}, "--with-secrets is not supported yet"},
		{"passphrase without secrets", []string{"export", "crm", "-o", "-", "--passphrase-env", "P"}, "--passphrase-env goes with --with-secrets"},
		{"grant bad level", []string{"grant", "bob", "crm", "admin"}, `the level is view or maintain, not "admin"`},
		{"secret bad target", []string{"secret", "set", "crm/prod", "token"}, "CONNECTOR/CONNECTION/ACCOUNT"},
		{"serve without browser mode", []string{"serve", "--no-open"}, "browser mode is not available in this build"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.run(c.args...)
			assert.Equal(t, ExitUsage, r.code)
			line := oneErrorLine(t, r)
			assert.Contains(t, line, c.want)
			assert.NotContains(t, line, "junction: junction")

			r = e.run(append(c.args, "--json")...)
			assert.Equal(t, ExitUsage, r.code)
			assert.Empty(t, r.stderr)
			doc := decodeError(t, r)
			assert.Equal(t, "usage", doc.Error.Code)
			assert.Contains(t, doc.Error.Message, c.want)
		})
	}
}

func TestRun_GlobalFlagsAnywhere(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	want := e.ok("connector", "list", "--json")
	for _, args := range [][]string{
		{"--db", e.db, "--json", "connector", "list"},
		{"connector", "list", "--db", e.db, "--json"},
		{"connector", "--json", "list", "--db=" + e.db},
		{"--json", "--as", "alice", "connector", "list", "--db", e.db},
		{"connector", "list", "--json", "--as=alice", "--db", e.db},
	} {
		r := runCLI("", args...)
		require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		assert.Equal(t, want, r.stdout, "%v", args)
	}

	// $JUNCTION_DB is the default store.
	t.Setenv("JUNCTION_DB", e.db)
	r := runCLI("", "connector", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, want, r.stdout)
}

func TestRun_ConnectorList(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json", "billing.junction.json")

	out := e.ok("connector", "list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3, out)
	assert.Equal(t, []string{"KEY", "NAME", "STATUS", "CONNECTIONS", "INTERFACES", "VERSION"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"billing", "Billing", "active", "1", "1", "1.2.0"}, strings.Fields(lines[1]))
	assert.Equal(t, []string{"crm", "CRM", "active", "1", "2", "1.2.0"}, strings.Fields(lines[2]))
	// Aligned: every column starts at the same offset on every line.
	assert.Equal(t, strings.Index(lines[0], "STATUS"), strings.Index(lines[2], "active"))

	var rows []map[string]any
	e.json(&rows, "connector", "list")
	require.Len(t, rows, 2)
	crm := rows[1]
	assert.Equal(t, "crm", crm["key"])
	assert.Equal(t, "CRM", crm["name"])
	assert.Equal(t, "active", crm["status"])
	assert.Equal(t, float64(1), crm["connections"])
	assert.Equal(t, float64(2), crm["interfaces"])
	assert.Equal(t, "1.2.0", crm["version"])
	assert.Equal(t, "alice", crm["owner"])
	assert.Equal(t, "maintain", crm["access"])

	// An empty store lists nothing, as [] in JSON.
	empty := newEnv(t)
	assert.Equal(t, "[]\n", empty.ok("connector", "list", "--json"))
}

// assertContainsAll checks that out contains each of wants.
func assertContainsAll(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		assert.Contains(t, out, want)
	}
}

// manyConnectors is a package of n empty connectors keyed c0000, c0001, ….
func manyConnectors(n int) string {
	var b strings.Builder
	b.WriteString(`{"format":"junction-package","version":1,"connectors":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"key":"c%04d","name":"C","version":"1.0.0","status":"active","connections":[],"interfaces":[]}`, i)
	}
	b.WriteString(`],"flows":[],"secrets":null,"signature":null}`)
	return b.String()
}

func TestRun_ConnectorListPages(t *testing.T) {
	e := newEnv(t)
	// One package with 501 connectors: more than one service page.
	e.ok("import", e.writeFile("many.json", manyConnectors(501)))
	var rows []map[string]any
	e.json(&rows, "connector", "list")
	require.Len(t, rows, 501)
	assert.Equal(t, "c0000", rows[0]["key"])
	assert.Equal(t, "c0500", rows[500]["key"])
}

func TestRun_ConnectorShow(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")

	out := e.ok("connector", "show", "crm")
	assertContainsAll(t, out,
		"crm  CRM", "Customer records", "sales",
		"https://crm.example.com/api/v2", "UTF-8", "bearer", "active",
		"default", "token (not set)",
		"get-customer", "GET", "/customers/{id}", "list-customers",
	)

	var d map[string]any
	e.json(&d, "connector", "show", "crm")
	assert.Equal(t, "crm", d["key"])
	assert.Equal(t, float64(1), d["connections"], "connections counts, as in connector list")
	conns := d["connectionList"].([]any)
	require.Len(t, conns, 1)
	conn := conns[0].(map[string]any)
	assert.Equal(t, "crm.example.com", conn["host"])
	assert.Equal(t, "/api/v2", conn["basePath"])
	assert.Equal(t, float64(2), d["interfaces"])
	assert.Len(t, d["interfaceList"].([]any), 2)

	r := e.run("connector", "show", "nope")
	assert.Equal(t, ExitNotFound, r.code)
	assert.Contains(t, oneErrorLine(t, r), "nope")
	r = e.run("connector", "show", "nope", "--json")
	assert.Equal(t, ExitNotFound, r.code)
	assert.Equal(t, "not_found", decodeError(t, r).Error.Code)
}

func TestRun_Interface(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")

	out := e.ok("interface", "list", "crm")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3, out)
	assert.Equal(t, []string{"KEY", "NAME", "METHOD", "PATH", "CONNECTION"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"get-customer", "Get", "customer", "GET", "/customers/{id}", "prod"}, strings.Fields(lines[1]))

	var items []map[string]any
	e.json(&items, "interface", "list", "crm")
	require.Len(t, items, 2)
	assert.Equal(t, "list-customers", items[1]["key"])
	assert.Equal(t, "prod", items[1]["connectionKey"])

	out = e.ok("interface", "show", "crm/get-customer")
	assertContainsAll(t, out,
		"crm/get-customer  Get customer", "GET /customers/{id}", "prod",
		"status eq 200 and response.code eq 0", "CRM said: {{response.msg}}",
		"id", "path", "integer", "data.name",
	)
	var it map[string]any
	e.json(&it, "interface", "show", "crm/get-customer")
	assert.Equal(t, "get-customer", it["key"])
	assert.Equal(t, "GET", it["method"])
	assert.Equal(t, "prod", it["connectionKey"])

	assert.Equal(t, ExitNotFound, e.run("interface", "show", "crm/nope").code)
	assert.Equal(t, ExitNotFound, e.run("interface", "list", "nope").code)
}

func TestRun_SealUnsealDelete(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")

	assert.Equal(t, "connector crm is sealed\n", e.ok("connector", "seal", "crm"))
	var rows []map[string]any
	e.json(&rows, "connector", "list")
	assert.Equal(t, "sealed", rows[0]["status"])

	var st map[string]any
	e.json(&st, "connector", "unseal", "crm")
	assert.Equal(t, map[string]any{"key": "crm", "status": "active"}, st)

	// Refused by the delete rule: it still has connections and interfaces.
	r := e.run("connector", "delete", "crm")
	assert.Equal(t, ExitConflict, r.code)
	assert.Contains(t, oneErrorLine(t, r), "delete them first")
	assert.Equal(t, "rule", decodeError(t, e.run("connector", "delete", "crm", "--json")).Error.Code)

	assert.Equal(t, ExitNotFound, e.run("connector", "seal", "nope").code)

	empty := e.writeFile("empty.json", `{"format":"junction-package","version":1,"connectors":[
		{"key":"empty","name":"Empty","version":"1.0.0","status":"active","connections":[],"interfaces":[]}],
		"flows":[],"secrets":null,"signature":null}`)
	e.ok("import", empty)
	assert.Equal(t, "connector empty deleted\n", e.ok("connector", "delete", "empty"))
	assert.Equal(t, ExitNotFound, e.run("connector", "show", "empty").code)
}

func TestRun_ViewerCannotSeal(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	assert.Contains(t, e.ok("user", "add", "bob", "--perm", "connectors.view"), "profile bob added (connectors.view)")
	assert.Equal(t, "bob may view connector crm\n", e.ok("grant", "bob", "crm", "view"))

	// bob sees it...
	var rows []map[string]any
	e.json(&rows, "connector", "list", "--as", "bob")
	require.Len(t, rows, 1)
	assert.Equal(t, "view", rows[0]["access"])
	e.ok("--as", "bob", "connector", "show", "crm")

	// ...but may not seal it, nor grant, nor add profiles.
	r := e.run("--as", "bob", "connector", "seal", "crm")
	assert.Equal(t, ExitPermission, r.code)
	oneErrorLine(t, r)
	r = e.run("connector", "seal", "crm", "--as", "bob", "--json")
	assert.Equal(t, ExitPermission, r.code)
	assert.Equal(t, "permission", decodeError(t, r).Error.Code)
	assert.Equal(t, ExitPermission, e.run("--as", "bob", "grant", "bob", "crm", "maintain").code)
	assert.Equal(t, ExitPermission, e.run("--as", "bob", "user", "add", "eve").code)

	// After revoke bob no longer sees it.
	assert.Equal(t, "bob no longer has a grant on connector crm\n", e.ok("revoke", "bob", "crm"))
	assert.Equal(t, ExitPermission, e.run("--as", "bob", "connector", "show", "crm").code)
	e.json(&rows, "connector", "list", "--as", "bob")
	assert.Empty(t, rows)
	// Revoking again: there is no grant.
	assert.Equal(t, ExitNotFound, e.run("revoke", "bob", "crm").code)
	// An unknown profile acting is refused.
	assert.Equal(t, ExitNotFound, e.run("--as", "nobody", "connector", "list").code)
	// Owner cannot be granted (rule).
	assert.Equal(t, ExitConflict, e.run("grant", "alice", "crm", "view").code)
}

func TestRun_UsersAndPasswords(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	t.Setenv("CAROL_PW", "correct horse")
	var u map[string]any
	e.json(&u, "user", "add", "carol", "--perm", "connectors.view,connectors.create", "--password-env", "CAROL_PW")
	assert.Equal(t, "carol", u["name"])
	assert.Equal(t, []any{"connectors.view", "connectors.create"}, u["perms"])
	assert.Equal(t, true, u["hasPassword"])

	r := e.run("--as", "carol", "connector", "list")
	assert.Equal(t, ExitPermission, r.code)
	assert.Contains(t, oneErrorLine(t, r), "JUNCTION_PASSWORD")

	t.Setenv("JUNCTION_PASSWORD", "wrong")
	r = e.run("--as", "carol", "connector", "list")
	assert.Equal(t, ExitPermission, r.code)
	assert.Contains(t, oneErrorLine(t, r), "wrong password")

	t.Setenv("JUNCTION_PASSWORD", "correct horse")
	e.ok("--as", "carol", "connector", "list")
	// alice has no password: JUNCTION_PASSWORD does not matter to her.
	e.ok("connector", "list")

	out := e.ok("user", "list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3, out)
	assert.Equal(t, []string{"NAME", "DISPLAY", "NAME", "PERMISSIONS", "PASSWORD"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"alice", "alice", "connectors.view,connectors.create,connectors.manage,users.admin", "no"}, strings.Fields(lines[1]))
	assert.Equal(t, []string{"carol", "carol", "connectors.view,connectors.create", "yes"}, strings.Fields(lines[2]))

	var users []map[string]any
	e.json(&users, "user", "list")
	require.Len(t, users, 2)
	assert.Equal(t, "carol", users[1]["name"])

	assert.Equal(t, ExitConflict, e.run("user", "add", "carol").code)
	assert.Equal(t, ExitUsage, e.run("user", "add", "dave", "--perm", "everything").code)
	assert.Equal(t, ExitUsage, e.run("user", "add", "dave", "--password-env", "UNSET_VAR_FOR_TEST").code)
}

func TestRun_InternalError(t *testing.T) {
	e := newEnv(t)
	// The store path is a folder: nothing the user typed is malformed, the
	// machine refuses.
	r := runCLI("", "--db", e.dir, "connector", "list")
	assert.Equal(t, ExitInternal, r.code)
	assert.Contains(t, oneErrorLine(t, r), "internal error")
	r = runCLI("", "--db", e.dir, "connector", "list", "--json")
	assert.Equal(t, ExitInternal, r.code)
	assert.Equal(t, "internal", decodeError(t, r).Error.Code)
}

// While another process holds the database's write lock, a write waits the
// busy timeout ($JUNCTION_BUSY_TIMEOUT) and exits 6 with the busy message,
// never "internal error" and exit 70.
func TestRun_AnotherProcessWriting(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	t.Setenv(store.EnvBusyTimeout, "200ms")
	release := storetest.HoldWriteLock(t, e.db)

	r := e.run("connector", "seal", "crm")
	require.Equal(t, ExitConflict, r.code, r.stderr)
	assert.Equal(t, "junction: the database is busy (another Junction process is writing); try again\n", r.stderr)

	r = e.run("--json", "connector", "seal", "crm")
	require.Equal(t, ExitConflict, r.code, r.stdout)
	assert.Equal(t, "conflict", decodeError(t, r).Error.Code)

	release()
	e.ok("connector", "seal", "crm")
}

// Read-only commands answer while another process holds the write lock.
func TestRun_ReadsWhileAnotherProcessWrites(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	t.Setenv(store.EnvBusyTimeout, "200ms")
	storetest.HoldWriteLock(t, e.db)
	for _, args := range [][]string{{"connector", "list"}, {"connector", "show", "crm"}, {"audit", "verify"}} {
		r := e.run(args...)
		assert.Equal(t, ExitOK, r.code, "junction %v: %s", args, r.stderr)
	}
}

// --repeat and --concurrency beyond the service's bounds are usage errors that
// name the flag and the limit, refused before the store is even opened.
func TestInvoke_RepeatBounds(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--repeat", "1000001"}, "junction: --repeat: must be between 1 and 1000000, not 1000001\n"},
		{[]string{"--repeat", "0"}, "junction: --repeat: must be between 1 and 1000000, not 0\n"},
		{[]string{"--repeat", "10", "--concurrency", "65"}, "junction: --concurrency: must be between 1 and 64, not 65\n"},
		{[]string{"--repeat", "10", "--concurrency", "0"}, "junction: --concurrency: must be between 1 and 64, not 0\n"},
	} {
		r := e.run(append([]string{"invoke", "api/good", "--input", "id=7"}, c.args...)...)
		assert.Equal(t, ExitUsage, r.code, "%v", c.args)
		assert.Equal(t, c.want, oneErrorLine(t, r))

		r = e.run(append([]string{"invoke", "api/good", "--json"}, c.args...)...)
		assert.Equal(t, ExitUsage, r.code)
		assert.Equal(t, "validation", decodeError(t, r).Error.Code)
		assert.Equal(t, c.args[len(c.args)-2], decodeError(t, r).Error.Field)
	}
	_, err := os.Stat(e.db)
	assert.True(t, os.IsNotExist(err), "a refused run must not open (create) the store")
}

// An unknown --input name, or a dotted path whose first segment is not an
// input, is exit 2 with the list of the interface's inputs; --input-json is
// held to the same list.
func TestInvoke_UnknownInput(t *testing.T) {
	f := newInvokeFixture(t)
	const want = `junction: inputs.nmae: interface good has no input "nmae"; its inputs are id, name, count, flag, tags, user` + "\n"
	r := f.run("invoke", "api/good", "--input", "id=7", "--input", "nmae=Ann")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, want, oneErrorLine(t, r))

	r = f.run("invoke", "api/good", "--input", "id=7", "--input", "nmae.first=Ann")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, want, oneErrorLine(t, r))

	r = f.run("invoke", "api/good", "--input-json", f.writeFile("in.json", `{"id": 7, "nmae": "Ann"}`), "--json")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, "inputs.nmae", decodeError(t, r).Error.Field)

	r = f.run("invoke", "api/good", "--input", "id=7", "--input", "nmae=Ann", "--repeat", "3")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, want, oneErrorLine(t, r))

	// A nested field of a declared object input passes this check.
	assert.Equal(t, ExitOK, f.run("invoke", "api/good", "--input", "id=7", "--input", "user.name=Ann").code)
}

// --json errors carry the reason and params beside code, message and field:
// {"error":{"code","reason","message","field","params"}} (docs/cli.md).
func TestRun_JSONErrorCarriesReason(t *testing.T) {
	e := newEnv(t)
	t.Setenv("JUNCTION_TEST_UNSET_VARIABLE", "")
	r := e.run("secret", "set", "crm/prod/default", "token", "--from-env", "JUNCTION_TEST_UNSET_VARIABLE", "--json")
	assert.Equal(t, ExitUsage, r.code)
	var doc struct {
		Error map[string]json.RawMessage `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
	for _, k := range []string{"code", "reason", "message", "field", "params"} {
		assert.Contains(t, doc.Error, k)
	}
	assert.JSONEq(t, `"door.env_empty"`, string(doc.Error["reason"]))
	assert.JSONEq(t, `{"name":"JUNCTION_TEST_UNSET_VARIABLE"}`, string(doc.Error["params"]))
	assert.JSONEq(t, `"from-env"`, string(doc.Error["field"]))
}

// An error without params still has the params object, so readers need not
// test for it.
func TestRun_JSONErrorHasParamsAlways(t *testing.T) {
	e := newEnv(t)
	r := e.run("connector", "show", "nosuch", "--json")
	require.NotEqual(t, 0, r.code)
	var doc struct {
		Error map[string]json.RawMessage `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
	assert.Contains(t, doc.Error, "reason")
	assert.Contains(t, doc.Error, "params")
}
