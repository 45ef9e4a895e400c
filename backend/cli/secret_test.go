package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
