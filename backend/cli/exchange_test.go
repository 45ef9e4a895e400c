package cli

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// importReport is the --json shape of import.
type importReport struct {
	Created  []string `json:"created"`
	Updated  []string `json:"updated"`
	Skipped  []string `json:"skipped"`
	Warnings []string `json:"warnings"`
	DryRun   bool     `json:"dryRun"`
}

// snapshot is what must not change when a command writes nothing: the
// connector list and the number of audit entries.
func (e *env) snapshot() string {
	e.t.Helper()
	var v struct {
		Entries int64 `json:"entries"`
	}
	e.json(&v, "audit", "verify")
	return e.ok("connector", "list", "--json") + fmt.Sprintf("audit entries: %d", v.Entries)
}

func TestRun_ImportReport(t *testing.T) {
	e := newEnv(t)
	var rep importReport
	e.json(&rep, "import", "testdata/crm.junction.json")
	assert.Equal(t, []string{"crm", "crm/get-customer", "crm/list-customers"}, rep.Created)
	assert.Equal(t, []string{}, rep.Updated)
	assert.Equal(t, []string{}, rep.Skipped)
	require.Len(t, rep.Warnings, 1)
	assert.Contains(t, rep.Warnings[0], "junction secret set crm/prod/default token")
	assert.False(t, rep.DryRun)

	// The key is taken: fail is the default, and a conflict.
	r := e.run("import", "testdata/crm.junction.json")
	assert.Equal(t, ExitConflict, r.code)
	assert.Contains(t, oneErrorLine(t, r), "junction: testdata/crm.junction.json: connectors[0].key: connector crm already exists")
	doc := decodeError(t, e.run("import", "testdata/crm.junction.json", "--json"))
	assert.Equal(t, "conflict", doc.Error.Code)
	assert.Equal(t, "connectors[0].key", doc.Error.Field)
	assert.Equal(t, "testdata/crm.junction.json", doc.Error.File)

	e.json(&rep, "import", "testdata/crm.junction.json", "--on-conflict", "skip")
	assert.Equal(t, []string{"crm"}, rep.Skipped)
	assert.Empty(t, rep.Created)

	e.json(&rep, "import", "testdata/crm.junction.json", "--on-conflict", "overwrite")
	assert.Equal(t, []string{"crm", "crm/get-customer", "crm/list-customers"}, rep.Updated)

	e.json(&rep, "import", "testdata/crm.junction.json", "--on-conflict", "copy")
	assert.Equal(t, []string{"crm-copy", "crm-copy/get-customer", "crm-copy/list-customers"}, rep.Created)

	e.json(&rep, "import", "testdata/crm.junction.json", "--connector", "crm-test")
	assert.Equal(t, []string{"crm-test", "crm-test/get-customer", "crm-test/list-customers"}, rep.Created)

	// Text: one line per item and a summary.
	out := e.ok("import", "testdata/billing.junction.json")
	assert.Equal(t, []string{"created", "billing"}, strings.Fields(strings.Split(out, "\n")[0]))
	assert.Contains(t, out, "imported 1 file: 2 created, 0 updated, 0 skipped, 1 warning\n")
}

func TestRun_ImportSeveralFiles(t *testing.T) {
	e := newEnv(t)
	var rep importReport
	e.json(&rep, "import", "testdata/crm.junction.json", "testdata/billing.junction.json")
	assert.Equal(t, []string{"crm", "crm/get-customer", "crm/list-customers", "billing", "billing/get-customer"}, rep.Created)
	require.Len(t, rep.Warnings, 2)
	assert.True(t, strings.HasPrefix(rep.Warnings[1], "testdata/billing.junction.json: "), rep.Warnings[1])

	// A file that cannot be read stops everything before anything is written.
	f := newEnv(t)
	before := f.snapshot()
	r := f.run("import", "testdata/crm.junction.json", filepath.Join(f.dir, "missing.json"))
	assert.Equal(t, ExitUsage, r.code)
	assert.Contains(t, oneErrorLine(t, r), "missing.json: cannot read the file")
	assert.Equal(t, before, f.snapshot())

	// Each file is its own all-or-nothing import: the first stays, the
	// broken second changes nothing, and the message says what was imported.
	broken := f.writeFile("broken.json", `{"format": "junction-package", "version": 1, "connectors": [}`)
	r = f.run("import", "testdata/billing.junction.json", broken)
	assert.Equal(t, ExitUsage, r.code)
	assert.Contains(t, oneErrorLine(t, r), "(imported before it: testdata/billing.junction.json)")
	var rows []map[string]any
	f.json(&rows, "connector", "list")
	require.Len(t, rows, 1)
	assert.Equal(t, "billing", rows[0]["key"])
}

func TestRun_ImportFromStdin(t *testing.T) {
	e := newEnv(t)
	data, err := os.ReadFile("testdata/crm.junction.json")
	require.NoError(t, err)
	r := e.runIn(string(data), "import", "-", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var rep importReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	assert.Equal(t, "crm", rep.Created[0])
	assert.Equal(t, ExitUsage, e.run("import", "-", "-").code)
}

func TestRun_ImportDryRun(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	before := e.snapshot()

	var rep importReport
	e.json(&rep, "import", "--dry-run", "testdata/billing.junction.json", "testdata/crm.junction.json", "--on-conflict", "overwrite")
	assert.True(t, rep.DryRun)
	assert.Equal(t, []string{"billing", "billing/get-customer"}, rep.Created)
	assert.Equal(t, []string{"crm", "crm/get-customer", "crm/list-customers"}, rep.Updated)
	assert.Equal(t, before, e.snapshot())

	out := e.ok("import", "--dry-run", "testdata/billing.junction.json")
	assert.Contains(t, out, "dry run of 1 file, nothing written: 2 created, 0 updated, 0 skipped, 1 warning")
	assert.Equal(t, before, e.snapshot())

	// A dry run reports a conflict as the real import would.
	assert.Equal(t, ExitConflict, e.run("import", "--dry-run", "testdata/crm.junction.json").code)
}

func TestRun_ImportMalformed(t *testing.T) {
	e := newEnv(t)
	e.importFixture("billing.junction.json")
	before := e.snapshot()

	syntax := e.writeFile("syntax.json", "{\n  \"format\": \"junction-package\",\n  \"version\": 1,\n  \"connectors\": [,]\n}\n")
	r := e.run("import", syntax)
	assert.Equal(t, ExitUsage, r.code)
	assert.Contains(t, oneErrorLine(t, r), "line 4, column 18")
	doc := decodeError(t, e.run("import", syntax, "--json"))
	assert.Equal(t, "bad_input", doc.Error.Code)
	assert.Contains(t, doc.Error.Message, "line 4, column 18")
	assert.Equal(t, syntax, doc.Error.File)

	data, err := os.ReadFile("testdata/crm.junction.json")
	require.NoError(t, err)
	bad := e.writeFile("ftp.json", strings.Replace(string(data), `"protocol": "https"`, `"protocol": "ftp"`, 1))
	r = e.run("import", bad)
	assert.Equal(t, ExitUsage, r.code)
	line := oneErrorLine(t, r)
	assert.Contains(t, line, "connectors[0].connections[0].protocol")
	doc = decodeError(t, e.run("import", bad, "--json"))
	assert.Equal(t, "connectors[0].connections[0].protocol", doc.Error.Field)

	// --format package skips detection: the package reader answers.
	r = e.run("import", "--format", "package", "testdata/openapi.json")
	assert.Equal(t, ExitUsage, r.code)
	assert.Contains(t, oneErrorLine(t, r), "not a Junction package")

	assert.Equal(t, before, e.snapshot())
}

func TestRun_ImportDetectsFormat(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, content, want string
	}{
		{"openapi", `{"openapi": "3.0.1", "info": {}, "paths": {}}`, "this looks like an OpenAPI 3.0.1 document; importing openapi is not supported yet"},
		{"swagger", `{"swagger": "2.0"}`, "a Swagger 2.0 document; importing openapi"},
		{"openapi yaml", "openapi: 3.1.0\ninfo:\n  title: x\n", "an OpenAPI document in YAML"},
		{"postman", `{"info": {"_postman_id": "1", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}`, "a Postman collection; importing postman"},
		{"har", `{"log": {"version": "1.2", "entries": []}}`, "a HAR capture; importing har"},
		{"curl", "curl -X POST https://api.example.com/x -d '{}'\n", "a curl command; importing curl"},
		{"other json", `{"name": "x", "items": []}`, `cannot tell the format: the file holds a JSON object without "format" (its keys: items, name)`},
		{"other format", `{"format": "insomnia"}`, `a JSON document with "format": "insomnia"`},
		{"array", `[1, 2]`, "a JSON array"},
		{"broken json", "{\n  oops", "JSON that does not parse (line 2, column 3"},
		{"empty", "  \n", "nothing (it is empty)"},
		{"text", "hello", "neither JSON nor a curl command"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.run("import", e.writeFile("input", c.content))
			assert.Equal(t, ExitUsage, r.code)
			assert.Contains(t, oneErrorLine(t, r), c.want)
			assert.Equal(t, "bad_input", decodeError(t, e.run("import", e.writeFile("input", c.content), "--json")).Error.Code)
		})
	}
}

var exportStamp = regexp.MustCompile(`(?m)^\s*"exported(At|By)": .*\n`)

func TestRun_ExportImportRoundTrip(t *testing.T) {
	a := newEnv(t)
	a.importFixture("crm.junction.json", "billing.junction.json")
	first := filepath.Join(a.dir, "out.junction.json")
	r := a.run("export", "crm", "billing", "-o", first)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Equal(t, "exported 2 connectors to "+first+"\n", r.stderr)
	one, err := os.ReadFile(first)
	require.NoError(t, err)

	// A fresh store, another first-run profile.
	b := newEnv(t)
	b.ok("--as", "carol", "import", first)
	r = b.run("--as", "carol", "export", "billing", "crm", "-o", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "exported 2 connectors to standard output\n", r.stderr)
	two := []byte(r.stdout)

	assert.Contains(t, string(one), `"exportedBy": "alice"`)
	assert.Contains(t, string(two), `"exportedBy": "carol"`)
	assert.Equal(t, exportStamp.ReplaceAllString(string(one), ""), exportStamp.ReplaceAllString(string(two), ""))

	// --json with a file says what it wrote; with -o - the package is the document.
	var res map[string]any
	a.json(&res, "export", "crm", "-o", filepath.Join(a.dir, "crm.json"))
	assert.Equal(t, map[string]any{"file": filepath.Join(a.dir, "crm.json"), "connectors": float64(1)}, res)
	var pkg map[string]any
	a.json(&pkg, "export", "crm", "crm", "-o", "-")
	assert.Equal(t, "junction-package", pkg["format"])
	assert.Len(t, pkg["connectors"], 1)

	assert.Equal(t, ExitNotFound, a.run("export", "crm", "nope", "-o", filepath.Join(a.dir, "x.json")).code)
	_, err = os.Stat(filepath.Join(a.dir, "x.json"))
	assert.True(t, os.IsNotExist(err))
	r = a.run("export", "crm", "-o", filepath.Join(a.dir, "no", "such", "dir.json"))
	assert.Equal(t, ExitUsage, r.code)
	assert.Contains(t, oneErrorLine(t, r), "cannot write the file")
}

// editedPackage writes testdata/crm.junction.json, without its checksum and
// changed by edit, into the test's folder and returns its path.
func (e *env) editedPackage(edit func(crm map[string]any)) string {
	e.t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "crm.junction.json"))
	require.NoError(e.t, err)
	var doc map[string]any
	require.NoError(e.t, json.Unmarshal(data, &doc))
	delete(doc, "checksum")
	edit(doc["connectors"].([]any)[0].(map[string]any))
	out, err := json.MarshalIndent(doc, "", "  ")
	require.NoError(e.t, err)
	return e.writeFile("edited.junction.json", string(out))
}

// needsReport is the --json shape of import with needsSecrets.
type needsReport struct {
	Warnings     []string `json:"warnings"`
	NeedsSecrets []string `json:"needsSecrets"`
}

func TestRun_ImportOverwriteDropsMovedSecrets(t *testing.T) {
	e := newEnv(t)
	var rep needsReport
	e.json(&rep, "import", "testdata/crm.junction.json")
	assert.Equal(t, []string{"crm/prod/default token"}, rep.NeedsSecrets, "a fresh import names what to fill")

	t.Setenv("CRM_TOKEN", "tok-1")
	e.ok("secret", "set", "crm/prod/default", "token", "--from-env", "CRM_TOKEN")
	moved := e.editedPackage(func(crm map[string]any) {
		crm["connections"].([]any)[0].(map[string]any)["host"] = "collector.example.net"
	})

	// The CI pattern: re-import over the top. The token is not sent to the new host.
	e.json(&rep, "import", moved, "--on-conflict", "overwrite")
	assert.Equal(t, []string{"crm/prod/default token"}, rep.NeedsSecrets)
	assert.Contains(t, strings.Join(rep.Warnings, "\n"),
		"crm/prod: host crm.example.com becomes collector.example.net, so its stored secrets were dropped (default token)")
	assert.Contains(t, e.ok("connector", "show", "crm"), "token (not set)")

	// --keep-secrets keeps what was set again.
	e.ok("secret", "set", "crm/prod/default", "token", "--from-env", "CRM_TOKEN")
	back := e.editedPackage(func(crm map[string]any) {
		crm["connections"].([]any)[0].(map[string]any)["host"] = "crm.example.com"
	})
	e.json(&rep, "import", back, "--on-conflict", "overwrite", "--keep-secrets")
	assert.Equal(t, []string{}, rep.NeedsSecrets)
	assert.NotContains(t, e.ok("connector", "show", "crm"), "not set")
}

func TestRun_ImportRefusedBySeal(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	e.ok("connector", "seal", "crm")
	pkg := e.editedPackage(func(crm map[string]any) {
		crm["status"] = "sealed"
		crm["interfaces"] = append(crm["interfaces"].([]any), map[string]any{
			"key": "brand-new", "name": "New", "connection": "prod", "method": "GET", "path": "/new",
			"success": map[string]any{"field": "status", "op": "eq", "value": 200},
		})
	})
	before := e.snapshot()
	r := e.run("import", pkg, "--on-conflict", "overwrite")
	assert.Equal(t, ExitConflict, r.code)
	assert.Contains(t, oneErrorLine(t, r), "connectors[0].interfaces[2]: connector crm is sealed; unseal it before adding interfaces")
	assert.Equal(t, before, e.snapshot(), "nothing written")

	// A package that unseals it may add: the unseal is recorded as such.
	pkg = e.editedPackage(func(crm map[string]any) {
		crm["interfaces"] = append(crm["interfaces"].([]any), map[string]any{
			"key": "brand-new", "name": "New", "connection": "prod", "method": "GET", "path": "/new",
			"success": map[string]any{"field": "status", "op": "eq", "value": 200},
		})
	})
	e.ok("import", pkg, "--on-conflict", "overwrite")
	log := e.ok("audit", "--connector", "crm")
	assert.Contains(t, log, "connector.unseal")
}

func TestRun_ImportRefusesControlCharacters(t *testing.T) {
	e := newEnv(t)
	pkg := e.editedPackage(func(crm map[string]any) { crm["name"] = "CRM\x1b]0;pwned\x07" })
	before := e.snapshot()
	doc := decodeError(t, e.run("import", pkg, "--json"))
	assert.Equal(t, "validation", doc.Error.Code)
	assert.Equal(t, "connectors[0].name", doc.Error.Field)
	assert.Equal(t, before, e.snapshot())
}

func TestRun_PrintsNamesWithControlCharactersEscaped(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	// A name stored before the rules refused them.
	db, err := sql.Open("sqlite3", e.db)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE connectors SET name = ? WHERE key = 'crm'`, "CRM\x1b[2J\x1b]0;pwned\x07")
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE interfaces SET name = ? WHERE key = 'get-customer'`, "Get\u202ereversed")
	require.NoError(t, err)
	require.NoError(t, db.Close())

	for _, args := range [][]string{{"connector", "list"}, {"connector", "show", "crm"}, {"interface", "show", "crm/get-customer"}, {"interface", "list", "crm"}} {
		out := e.ok(args...)
		assert.NotContains(t, out, "\x1b", "junction %s", strings.Join(args, " "))
		assert.NotContains(t, out, "\u202e", "junction %s", strings.Join(args, " "))
	}
	assert.Contains(t, e.ok("connector", "list"), `CRM\x1b[2J\x1b]0;pwned\x07`)
	assert.Contains(t, e.ok("interface", "show", "crm/get-customer"), `Get\u202ereversed`)
}

func TestBulkGC_RestoresTheCollectorAndYieldsToTheUser(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	restore := bulkGC()
	assert.Equal(t, 400, debug.SetGCPercent(400), "an import collects less often")
	assert.Equal(t, int64(bulkMemoryLimit), debug.SetMemoryLimit(-1))
	restore()
	assert.Equal(t, 100, debug.SetGCPercent(100), "the collector's pace comes back")

	t.Setenv("GOGC", "50")
	bulkGC()()
	assert.Equal(t, 100, debug.SetGCPercent(100), "a GOGC the user set wins")
}
