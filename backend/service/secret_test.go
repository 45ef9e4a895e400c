package service_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

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
