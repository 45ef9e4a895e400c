package service_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// home is one installation on real files: a database and a key file in a
// folder of its own, opened through service.Open as the doors do.
type home struct {
	t       *testing.T
	ctx     context.Context
	db, key string
}

func newHome(t *testing.T) *home {
	dir := t.TempDir()
	return &home{t: t, ctx: context.Background(), db: filepath.Join(dir, "junction.db"), key: filepath.Join(dir, "keys", "secret.key")}
}

// open opens the home and closes it when the test ends.
func (h *home) open() *service.Service {
	h.t.Helper()
	svc, err := service.Open(service.Config{DBPath: h.db, KeyPath: h.key})
	require.NoError(h.t, err)
	h.t.Cleanup(func() { _ = svc.Close() })
	return svc
}

// seedSecret opens the home, creates profile admin, connector crm with the
// https connection prod and sets the password of its account main, closes it.
func (h *home) seedSecret() {
	h.t.Helper()
	svc, err := service.Open(service.Config{DBPath: h.db, KeyPath: h.key})
	require.NoError(h.t, err)
	defer svc.Close()
	_, err = svc.EnsureProfile(h.ctx, admin)
	require.NoError(h.t, err)
	_, err = svc.CreateConnector(h.ctx, admin, connectorIn("crm"))
	require.NoError(h.t, err)
	_, err = svc.CreateConnection(h.ctx, admin, "crm", httpsConnIn("prod"))
	require.NoError(h.t, err)
	require.NoError(h.t, svc.SetSecret(h.ctx, admin, "crm", "prod", "main", "password", "pw-4f1e-secret"))
}

// refused opens the home, expects a rule refusal that names the key file and
// both fixes, and checks that neither the store nor the key file changed.
func (h *home) refused(want string) {
	h.t.Helper()
	before := dbFiles(h.t, h.db)
	keyBefore := keyState(h.t, h.key)
	_, err := service.Open(service.Config{DBPath: h.db, KeyPath: h.key})
	requireCode(h.t, err, domain.ERule)
	assert.ErrorContains(h.t, err, want)
	assert.ErrorContains(h.t, err, h.key)
	assert.ErrorContains(h.t, err, "Restore the key file from a backup")
	assert.ErrorContains(h.t, err, "junction secret rekey --new")
	assert.Equal(h.t, before, dbFiles(h.t, h.db), "a refused open changes nothing in the store")
	assert.Equal(h.t, keyBefore, keyState(h.t, h.key), "no key file is created or replaced")
}

// keyState is what is at path: "missing", "folder" or the file's bytes.
func keyState(t *testing.T, path string) string {
	t.Helper()
	info, err := os.Stat(path)
	if os.IsNotExist(err) {
		return "missing"
	}
	require.NoError(t, err)
	if info.IsDir() {
		return "folder"
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestOpen_FirstRunCreatesTheKey(t *testing.T) {
	h := newHome(t)
	h.open()
	info, err := os.Stat(h.key)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	assert.Equal(t, int64(32), info.Size())
}

func TestOpen_MissingKeyOfAStoreWithSecretsIsRefused(t *testing.T) {
	h := newHome(t)
	h.seedSecret()
	require.NoError(t, os.Remove(h.key))
	h.refused("is missing, but the store " + h.db + " holds a secret that only that key decrypts")
}

func TestOpen_MissingKeyOfAStoreThatHadOneIsRefused(t *testing.T) {
	// No secrets, but the audit MACs and fingerprint belong to the old key.
	h := newHome(t)
	h.open().Close()
	require.NoError(t, os.Remove(h.key))
	h.refused("was used with a key file (fingerprint")
}

func TestOpen_WrongSizeKeyIsRefused(t *testing.T) {
	h := newHome(t)
	h.seedSecret()
	require.NoError(t, os.WriteFile(h.key, []byte("too short"), 0o600))
	h.refused("holds 9 bytes; a key file holds exactly 32")
}

func TestOpen_UnreadableKeyIsRefused(t *testing.T) {
	h := newHome(t)
	h.seedSecret()
	require.NoError(t, os.Remove(h.key))
	require.NoError(t, os.Mkdir(h.key, 0o700))
	h.refused("is not a regular file")
}

func TestOpen_DifferentKeyIsRefusedAtOpen(t *testing.T) {
	h := newHome(t)
	h.seedSecret()
	other := bytes.Repeat([]byte{0x42}, 32)
	require.NoError(t, os.WriteFile(h.key, other, 0o600))
	h.refused("is not the key of the store")

	t.Run("also for a store from before fingerprints, by its secrets", func(t *testing.T) {
		svc, err := service.Open(service.Config{DBPath: h.db, KeyPath: h.key, WithoutKey: true})
		require.NoError(t, err)
		require.NoError(t, storeExec(t, h.db, `DELETE FROM key_fingerprint`))
		require.NoError(t, svc.Close())
		h.refused("its secrets cannot be decrypted with it")
	})
}

func TestOpen_KeyWithATrailingNewlineWorksWithAWarning(t *testing.T) {
	h := newHome(t)
	h.seedSecret()
	key, err := os.ReadFile(h.key)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(h.key, append(key, '\n'), 0o600))

	svc := h.open() // the fingerprint matches: it is the same key
	require.Len(t, svc.Warnings(), 1)
	assert.Contains(t, svc.Warnings()[0], h.key)
	assert.Contains(t, svc.Warnings()[0], "trailing whitespace")
	require.NoError(t, svc.SetSecret(h.ctx, admin, "crm", "prod", "main", "password", "another"))
	after, err := os.ReadFile(h.key)
	require.NoError(t, err)
	assert.Equal(t, append(key, '\n'), after, "the key file is read, not rewritten")
}

func TestRekeyNew_ClearsSecretsAndStartsOver(t *testing.T) {
	h := newHome(t)
	h.seedSecret()
	require.NoError(t, os.Remove(h.key))

	svc, err := service.Open(service.Config{DBPath: h.db, KeyPath: h.key, WithoutKey: true})
	require.NoError(t, err)
	res, err := svc.RekeyNew(h.ctx, admin)
	require.NoError(t, err)
	assert.Equal(t, []service.ClearedSecret{{Target: "crm/prod/main", Field: "password"}}, res.Cleared)
	assert.Empty(t, res.MovedTo)
	require.NoError(t, svc.Close())

	again := h.open()
	acct, err := again.GetConnection(h.ctx, admin, "crm", "prod")
	require.NoError(t, err)
	require.Len(t, acct.Accounts, 1)
	assert.Equal(t, []service.SecretState{{Name: "password", Set: false}}, acct.Accounts[0].Secrets, "cleared, and still named")
	v, err := again.VerifyAudit(h.ctx, admin)
	require.NoError(t, err)
	assert.True(t, v.OK, v.Message)
	assert.Contains(t, v.Message, "signed with an earlier key file")
	assert.True(t, v.Anchor.Checked, "rekey re-anchors the log under the new key")
}

// storeExec runs statements on the database file through a connection of
// its own, as someone with write access to the file would.
func storeExec(t *testing.T, dbPath string, stmts ...string) error {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: dbPath}).EscapedPath()+"?_busy_timeout=10000")
	require.NoError(t, err)
	defer db.Close()
	for _, stmt := range stmts {
		if _, err := db.Exec(stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}
