package cli

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
