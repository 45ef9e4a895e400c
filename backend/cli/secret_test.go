package cli

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/testkit"
)

// accountSecrets returns the secret states of one account from connector show --json.
func (e *env) accountSecrets(connector, connection, account string) map[string]bool {
	e.t.Helper()
	var d struct {
		ConnectionList []struct {
			Key      string `json:"key"`
			Accounts []struct {
				Name    string `json:"name"`
				Secrets []struct {
					Name string `json:"name"`
					Set  bool   `json:"set"`
				} `json:"secrets"`
			} `json:"accounts"`
		} `json:"connectionList"`
	}
	e.json(&d, "connector", "show", connector)
	for _, c := range d.ConnectionList {
		for _, a := range c.Accounts {
			if c.Key == connection && a.Name == account {
				out := map[string]bool{}
				for _, s := range a.Secrets {
					out[s.Name] = s.Set
				}
				return out
			}
		}
	}
	return nil
}

func TestRun_SecretSet(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	assert.Equal(t, map[string]bool{"token": false}, e.accountSecrets("crm", "prod", "default"))

	const secret = "s3cr3t-Value-7f9c2e"
	r := e.runIn(secret+"\n", "secret", "set", "crm/prod/default", "token")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "secret token of crm/prod/default set\n", r.stdout)
	assert.Empty(t, r.stderr)
	assert.Equal(t, map[string]bool{"token": true}, e.accountSecrets("crm", "prod", "default"))

	// A new account, from the environment, with --json.
	t.Setenv("CRM_TOKEN", "env-secret-41d2")
	r = e.run("secret", "set", "crm/prod/backup", "token", "--from-env", "CRM_TOKEN", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, `{"target":"crm/prod/backup","field":"token","set":true}`, r.stdout)
	assert.Equal(t, map[string]bool{"token": true}, e.accountSecrets("crm", "prod", "backup"))

	// The connection's client certificate password: an empty account name.
	e.ok("secret", "set", "crm/prod/", "tls.clientCertPassword", "--from-env", "CRM_TOKEN")

	// Neither value is anywhere in the store's files, the output or the log.
	var audit strings.Builder
	audit.WriteString(e.ok("audit", "--json", "--limit", "100"))
	for _, v := range []string{secret, "env-secret-41d2"} {
		assert.NotContains(t, audit.String(), v)
		matches, err := filepath.Glob(e.db + "*")
		require.NoError(t, err)
		require.NotEmpty(t, matches)
		for _, f := range matches {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			assert.NotContains(t, string(data), v, f)
		}
	}

	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"empty value", "\n", []string{"crm/prod/default", "token"}, ExitUsage, "value: is empty"},
		{"unset variable", "", []string{"crm/prod/default", "token", "--from-env", "UNSET_VAR_FOR_TEST"}, ExitUsage, "from-env: the environment variable UNSET_VAR_FOR_TEST is empty or not set"},
		{"no account", "x", []string{"crm/prod/", "token"}, ExitUsage, "account: is required"},
		{"unknown connection", "x", []string{"crm/test/default", "token"}, ExitNotFound, "test"},
		{"unknown connector", "x", []string{"nope/prod/default", "token"}, ExitNotFound, "nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.runIn(c.stdin, append([]string{"secret", "set"}, c.args...)...)
			assert.Equal(t, c.code, r.code)
			assert.Contains(t, oneErrorLine(t, r), c.want)
		})
	}

	t.Run("viewer may not", func(t *testing.T) {
		e.ok("user", "add", "bob", "--perm", "connectors.view")
		e.ok("grant", "bob", "crm", "view")
		assert.Equal(t, ExitPermission, e.runIn("x", "--as", "bob", "secret", "set", "crm/prod/default", "token").code)
	})
}

func TestTrimNewline(t *testing.T) {
	for in, want := range map[string]string{
		"abc": "abc", "abc\n": "abc", "abc\r\n": "abc", "abc\n\n": "abc\n", "abc\r": "abc\r", "": "", "\n": "",
	} {
		assert.Equal(t, want, trimNewline(in), "%q", in)
	}
}

// withSecrets imports crm and sets two secrets: an account token and the
// connection's client certificate password.
func (e *env) withSecrets() {
	e.t.Helper()
	e.importFixture("crm.junction.json")
	for _, args := range [][]string{
		{"secret", "set", "crm/prod/default", "token"},
		{"secret", "set", "crm/prod/", "tls.clientCertPassword"},
	} {
		r := e.runIn("s3cr3t-4a7b\n", args...)
		require.Equal(e.t, 0, r.code, r.stderr)
	}
}

func TestRun_MissingKeyIsRefusedNotReplaced(t *testing.T) {
	e := newEnv(t)
	e.withSecrets()
	require.NoError(t, os.Remove(e.key))

	r := e.run("connector", "list")
	assert.Equal(t, ExitConflict, r.code)
	assert.Contains(t, r.stderr, e.key+" is missing")
	assert.Contains(t, r.stderr, "holds 2 secrets")
	assert.Contains(t, r.stderr, "junction secret rekey --new")
	assert.NoFileExists(t, e.key, "no new key is created in its place")
}

func TestRun_KeyWithANewlineWarnsOnStderr(t *testing.T) {
	e := newEnv(t)
	e.withSecrets()
	testkit.AddTrailingNewline(t, e.key)

	r := e.run("connector", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "junction: warning: the key file "+e.key+" has trailing whitespace after its 32-byte key")
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list), "stdout stays one JSON document")
}

func TestRun_SecretRekeyNew(t *testing.T) {
	e := newEnv(t)
	e.withSecrets()
	require.NoError(t, os.WriteFile(e.key, []byte("lost and overwritten"), 0o600))

	t.Run("needs --new", func(t *testing.T) {
		r := e.run("secret", "rekey")
		assert.Equal(t, ExitUsage, r.code)
		assert.Contains(t, r.stderr, "needs --new")
	})
	t.Run("needs confirmation", func(t *testing.T) {
		r := e.run("secret", "rekey", "--new")
		assert.Equal(t, ExitUsage, r.code)
		assert.Contains(t, r.stderr, "confirm with --yes")
		got, err := os.ReadFile(e.key)
		require.NoError(t, err)
		assert.Equal(t, "lost and overwritten", string(got), "nothing changed")
	})

	r := e.run("secret", "rekey", "--new", "--yes")
	require.Equal(t, 0, r.code, r.stderr)
	matches, err := filepath.Glob(e.key + ".replaced-*")
	require.NoError(t, err)
	require.Len(t, matches, 1, "the old key file is moved aside, not deleted")
	assert.Equal(t, "new secret key created at "+e.key+"\n"+
		"the previous key file was moved to "+matches[0]+"\n"+
		"2 stored secrets cleared; give them new values:\n"+
		"  junction secret set crm/prod/ tls.clientCertPassword\n"+
		"  junction secret set crm/prod/default token\n", r.stdout)

	// The new key works: the store opens, secrets can be set again, and the
	// store holds no ciphertext of the old key.
	assert.Equal(t, map[string]bool{"token": false}, e.accountSecrets("crm", "prod", "default"))
	r = e.runIn("new-value\n", "secret", "set", "crm/prod/default", "token")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, map[string]bool{"token": true}, e.accountSecrets("crm", "prod", "default"))
	db, err := sql.Open("sqlite3", e.db)
	require.NoError(t, err)
	var certPW string
	require.NoError(t, db.QueryRow(`SELECT client_cert_password FROM connections`).Scan(&certPW))
	require.NoError(t, db.Close())
	assert.Empty(t, certPW)

	var v map[string]any
	e.json(&v, "audit", "verify")
	assert.Equal(t, true, v["ok"], v["message"])
	assert.Contains(t, v["message"], "signed with an earlier key file")

	var rows []auditRow
	e.json(&rows, "audit", "--action", "secret.rekey")
	require.Len(t, rows, 1)
	assert.Equal(t, "secret key replaced; 2 stored secrets cleared", rows[0].Summary)

	t.Run("--json lists what was cleared", func(t *testing.T) {
		r := e.run("secret", "rekey", "--new", "--yes", "--json")
		require.Equal(t, 0, r.code, r.stderr)
		var res struct {
			KeyPath string `json:"keyPath"`
			MovedTo string `json:"movedTo"`
			Cleared []struct {
				Target string `json:"target"`
				Field  string `json:"field"`
			} `json:"cleared"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &res))
		assert.Equal(t, e.key, res.KeyPath)
		assert.NotEmpty(t, res.MovedTo)
		require.Len(t, res.Cleared, 1)
		assert.Equal(t, "crm/prod/default", res.Cleared[0].Target)
		assert.Equal(t, "token", res.Cleared[0].Field)
	})
}

func TestRun_AuditVerifyFindsTruncation(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json", "billing.junction.json")
	e.ok("connector", "seal", "crm")

	db, err := sql.Open("sqlite3", e.db)
	require.NoError(t, err)
	_, err = db.Exec(`DELETE FROM audit_entries WHERE seq > 2`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	r := e.run("audit", "verify", "--json")
	assert.Equal(t, ExitUnmet, r.code)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	assert.Equal(t, false, v["ok"])
	assert.Equal(t, true, v["truncated"])
	assert.Equal(t, float64(3), v["firstBad"])
	assert.Contains(t, v["message"], "the log ends at seq 2; the anchor says 4")
}
