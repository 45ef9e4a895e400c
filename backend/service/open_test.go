package service_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/testkit"
)

// recorder is an Emitter that keeps what it was sent, with what the store
// held at that moment (so the test sees that events follow the commit).
type recorder struct {
	mu     sync.Mutex
	svc    *service.Service
	events []string
	seen   []int // history limit in the store when the event came
}

func (r *recorder) Emit(name string, _ any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, name)
	if r.svc != nil {
		v, err := r.svc.GetSettings(context.Background(), "alice")
		if err == nil {
			r.seen = append(r.seen, v.HistoryLimit)
		}
	}
}

func (r *recorder) got() ([]string, []int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...), append([]int(nil), r.seen...)
}

func openIn(t *testing.T, dir string, events service.Emitter) *service.Service {
	t.Helper()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key"), Events: events})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close() })
	return svc
}

func TestService_Events(t *testing.T) {
	rec := &recorder{}
	svc := openIn(t, t.TempDir(), rec)
	ctx := context.Background()
	_, err := svc.Enter(ctx, "alice", "")
	require.NoError(t, err)
	rec.mu.Lock()
	rec.events, rec.seen, rec.svc = nil, nil, svc
	rec.mu.Unlock()

	_, err = svc.SaveSettings(ctx, "alice", service.Settings{BodyCapMB: 10, HistoryLimit: 300})
	require.NoError(t, err)
	events, seen := rec.got()
	assert.Equal(t, []string{service.EventAuditAppended, service.EventSettingsChanged}, events)
	assert.Equal(t, []int{300, 300}, seen, "each event comes after the change is committed")

	t.Run("a refused change emits nothing", func(t *testing.T) {
		rec.mu.Lock()
		rec.events = nil
		rec.mu.Unlock()
		_, err := svc.SaveSettings(ctx, "ghost", service.Settings{BodyCapMB: 10, HistoryLimit: 400})
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err))
		_, err = svc.CreateConnector(ctx, "alice", service.ConnectorInput{Key: "Not A Key", Name: "X"})
		assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
		events, _ := rec.got()
		assert.Empty(t, events)
	})
}

func TestService_StartClose(t *testing.T) {
	svc, err := service.Open(service.Config{DBPath: filepath.Join(t.TempDir(), "junction.db"), KeyPath: filepath.Join(t.TempDir(), "secret.key")})
	require.NoError(t, err)
	assert.Error(t, service.Background(svc, func(context.Context) {}), "nothing runs before Start")

	require.NoError(t, svc.Start(context.Background()))
	assert.Error(t, svc.Start(context.Background()), "it starts once")
	var stopped atomic.Bool
	running := make(chan struct{})
	require.NoError(t, service.Background(svc, func(ctx context.Context) {
		close(running)
		<-ctx.Done()
		time.Sleep(20 * time.Millisecond) // work that takes a moment to wind down
		stopped.Store(true)
	}))
	<-running
	require.NoError(t, svc.Close())
	assert.True(t, stopped.Load(), "Close cancels what Start began and waits for it")
	assert.NoError(t, svc.Close(), "closing twice is a no-op")
	assert.Error(t, svc.Start(context.Background()), "a closed service does not start")
	assert.Error(t, service.Background(svc, func(context.Context) {}))
}

func TestOpen_Instance(t *testing.T) {
	dir := t.TempDir()
	cfg := service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key"), Instance: true, Mode: service.HolderWindow}
	_, ok := service.ReadHolder(cfg.DBPath)
	assert.False(t, ok, "no note before anyone holds the lock")

	svc, err := service.Open(cfg)
	require.NoError(t, err)
	h, ok := service.ReadHolder(cfg.DBPath)
	require.True(t, ok)
	assert.Equal(t, service.Holder{Mode: service.HolderWindow, PID: os.Getpid()}, h)

	t.Run("a second instance is refused, naming the holder", func(t *testing.T) {
		_, err := service.Open(cfg)
		require.Error(t, err)
		assert.Equal(t, domain.ERule, domain.ErrorCode(err))
		assert.Equal(t, domain.ROpenInWindow, domain.ErrorReason(err))
		assert.Contains(t, err.Error(), fmt.Sprintf("already open on %s (in a desktop window, process %d)", cfg.DBPath, os.Getpid()))
	})
	t.Run("headless opens need no lock", func(t *testing.T) {
		other, err := service.Open(service.Config{DBPath: cfg.DBPath, KeyPath: cfg.KeyPath})
		require.NoError(t, err)
		require.NoError(t, other.Close())
	})
	require.NoError(t, svc.Close())
	_, ok = service.ReadHolder(cfg.DBPath)
	assert.False(t, ok, "the note goes with the lock")
	again, err := service.Open(cfg)
	require.NoError(t, err, "the lock is free again")
	require.NoError(t, again.Close())

	t.Run("browser mode names its address", func(t *testing.T) {
		browser := cfg
		browser.Mode = service.HolderBrowser
		held, err := service.Open(browser)
		require.NoError(t, err)
		held.Announce("http://127.0.0.1:5173")
		h, ok := service.ReadHolder(cfg.DBPath)
		require.True(t, ok)
		assert.Equal(t, "http://127.0.0.1:5173", h.Addr)
		_, err = service.Open(cfg)
		assert.Equal(t, domain.ROpenInBrowser, domain.ErrorReason(err))
		assert.Equal(t, "http://127.0.0.1:5173", domain.ErrorParams(err)["addr"])
		require.NoError(t, held.Close())
	})
	t.Run("a holder that has not written its note yet", func(t *testing.T) {
		held, err := service.Open(cfg)
		require.NoError(t, err)
		t.Cleanup(func() { held.Close() })
		require.NoError(t, os.Remove(cfg.DBPath+".lock.holder"))
		_, err = service.Open(cfg)
		assert.Equal(t, domain.RInstanceTaken, domain.ErrorReason(err))
	})

	// A note of something else is not trusted.
	require.NoError(t, os.WriteFile(cfg.DBPath+".lock.holder", []byte(`{"mode":"toaster","pid":1}`), 0o600))
	_, ok = service.ReadHolder(cfg.DBPath)
	assert.False(t, ok)
}

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
	edited := testkit.AddTrailingNewline(t, h.key)

	svc := h.open() // the fingerprint matches: it is the same key
	require.Len(t, svc.Warnings(), 1)
	assert.Contains(t, svc.Warnings()[0], h.key)
	assert.Contains(t, svc.Warnings()[0], "trailing whitespace")
	require.NoError(t, svc.SetSecret(h.ctx, admin, "crm", "prod", "main", "password", "another"))
	after, err := os.ReadFile(h.key)
	require.NoError(t, err)
	assert.Equal(t, edited, after, "the key file is read, not rewritten")
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

// dbFiles reads the database file and its -wal file (when present).
func dbFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) && p != path {
			continue
		}
		require.NoError(t, err)
		out[p] = b
	}
	return out
}

func TestService_Secrets(t *testing.T) {
	// Distinct, recognisable values: none may appear anywhere but in the box.
	secrets := map[string]string{
		"SetSecret":        "Sx7-setsecret-VALUE-91a",
		"SaveAccount":      "Sa3-saveaccount-VALUE-27c",
		"CreateConnection": "Cc5-certpassword-VALUE-55e",
		"UpdateConnection": "Uc8-newcertpassword-VALUE-13f",
	}

	// A plain field, which the files must hold: the scan is not vacuous.
	const plainMarker = "PLAIN-field-MARKER-4242"

	e := withRoles(t)
	in := fullConnIn("secure")
	in.Auth = domain.Auth{Type: domain.AuthBearer}
	in.ClientCertPassword = ptr(secrets["CreateConnection"])
	_, err := e.svc.CreateConnection(e.ctx, owner, "crm", in)
	require.NoError(t, err)
	_, err = e.svc.SaveAccount(e.ctx, owner, "crm", "secure", service.AccountInput{
		Name: "svc", Fields: map[string]string{"client": plainMarker}, Secrets: map[string]*string{"token": ptr(secrets["SaveAccount"])}})
	require.NoError(t, err)
	require.NoError(t, e.svc.SetSecret(e.ctx, owner, "crm", "secure", "other", "token", secrets["SetSecret"]))
	// A replaced certificate password must not linger either.
	up := fullConnIn("")
	up.Auth = domain.Auth{Type: domain.AuthBearer}
	up.ClientCertPassword = ptr(secrets["UpdateConnection"])
	_, err = e.svc.UpdateConnection(e.ctx, owner, "crm", "secure", up)
	require.NoError(t, err)

	assertNoSecret := func(t *testing.T, where string, data []byte) {
		t.Helper()
		for from, s := range secrets {
			assert.False(t, bytes.Contains(data, []byte(s)), "%s holds the secret written by %s", where, from)
		}
	}

	t.Run("the secrets are stored, encrypted", func(t *testing.T) {
		var ciphertext string
		require.NoError(t, e.st.DB.Raw(`SELECT client_cert_password FROM connections WHERE key = 'secure'`).Scan(&ciphertext).Error)
		plain, err := e.box.Open(ciphertext)
		require.NoError(t, err)
		assert.Equal(t, secrets["UpdateConnection"], plain)
		var sealed []string
		require.NoError(t, e.st.DB.Raw(`SELECT json_extract(secrets, '$.token') FROM auth_accounts WHERE name IN ('svc', 'other') ORDER BY name`).Scan(&sealed).Error)
		require.Len(t, sealed, 2)
		for i, want := range []string{secrets["SetSecret"], secrets["SaveAccount"]} {
			plain, err := e.box.Open(sealed[i])
			require.NoError(t, err)
			assert.Equal(t, want, plain)
		}
	})

	t.Run("views show only whether a secret is set", func(t *testing.T) {
		v, err := e.svc.GetConnection(e.ctx, viewer, "crm", "secure")
		require.NoError(t, err)
		assert.True(t, v.ClientCertPasswordSet)
		require.Len(t, v.Accounts, 2)
		for _, a := range v.Accounts {
			assert.Equal(t, []service.SecretState{{Name: "token", Set: true}}, a.Secrets)
		}
		assertNoSecret(t, "GetConnection", []byte(jsonOf(t, v)))
		assert.NotContains(t, jsonOf(t, v), "v1:", "no ciphertext either")

		d, err := e.svc.GetConnector(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assertNoSecret(t, "GetConnector", []byte(jsonOf(t, d)))
		assert.NotContains(t, jsonOf(t, d), "v1:")
	})

	t.Run("the audit log holds none", func(t *testing.T) {
		page, err := e.svc.ListAudit(e.ctx, admin, service.AuditQuery{Connector: "crm"})
		require.NoError(t, err)
		require.NotEmpty(t, page.Items)
		for _, ae := range page.Items {
			assertNoSecret(t, "audit entry "+ae.Action, []byte(ae.Summary+ae.Details+ae.TargetKey))
			assert.NotContains(t, ae.Details, "v1:", "audit entry %s holds ciphertext", ae.Action)
		}
	})

	t.Run("an export holds none", func(t *testing.T) {
		pkg, err := e.svc.Export(e.ctx, viewer, []string{"crm"}, service.ExportOptions{})
		require.NoError(t, err)
		assertNoSecret(t, "the export", pkg)
		assert.NotContains(t, string(pkg), "v1:")
		assert.Contains(t, string(pkg), `"tls.clientCertPassword"`, "the export names the secret it leaves out")
	})

	t.Run("the database files hold none, open or closed", func(t *testing.T) {
		path := e.svc.DBPath()
		open := dbFiles(t, path)
		require.Contains(t, open, path+"-wal", "an open WAL database has its -wal file")
		all := []byte{}
		for p, data := range open {
			assertNoSecret(t, p+" (open)", data)
			all = append(all, data...)
		}
		assert.True(t, bytes.Contains(all, []byte(plainMarker)), "the open files hold the plain data")

		require.NoError(t, e.svc.Close())
		closed := dbFiles(t, path)
		for p, data := range closed {
			assertNoSecret(t, p+" (closed)", data)
		}
		assert.True(t, bytes.Contains(closed[path], []byte(plainMarker)), "the closed database holds the plain data")
	})
}
