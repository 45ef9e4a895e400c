package store_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

func TestOpen_SetsPragmasOnEveryConnection(t *testing.T) {
	st := storetest.Open(t)
	sqlDB, err := st.DB.DB()
	require.NoError(t, err)
	// Hold several connections at once so the pragmas are read from more than one.
	for i := 0; i < 3; i++ {
		conn, err := sqlDB.Conn(t.Context())
		require.NoError(t, err)
		defer conn.Close()
		var mode string
		var fk, timeout, cache int
		require.NoError(t, conn.QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&mode))
		require.NoError(t, conn.QueryRowContext(t.Context(), "PRAGMA foreign_keys").Scan(&fk))
		require.NoError(t, conn.QueryRowContext(t.Context(), "PRAGMA busy_timeout").Scan(&timeout))
		require.NoError(t, conn.QueryRowContext(t.Context(), "PRAGMA cache_size").Scan(&cache))
		assert.Equal(t, -32768, cache)
		assert.Equal(t, "wal", mode)
		assert.Equal(t, 1, fk)
		assert.Equal(t, 10000, timeout)
	}
}

func TestOpen_MigratesOnceAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "junction.db")
	st, err := store.Open(path)
	require.NoError(t, err)
	v, err := st.SchemaVersion()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, v, 3)
	require.NoError(t, st.DB.Create(&domain.User{ID: "u1", Name: "alice"}).Error)
	require.NoError(t, st.Close())

	again, err := store.Open(path)
	require.NoError(t, err)
	defer again.Close()
	var n int64
	require.NoError(t, again.DB.Model(&domain.User{}).Count(&n).Error)
	assert.Equal(t, int64(1), n, "reopening keeps the data and does not migrate twice")
	var applied int64
	require.NoError(t, again.DB.Raw("SELECT COUNT(*) FROM schema_migrations").Scan(&applied).Error)
	assert.Equal(t, int64(v), applied, "each migration applied once")
}

func TestOpen_RefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	st, err := store.Open(path)
	require.NoError(t, err)
	require.NoError(t, st.DB.Exec("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')").Error)
	require.NoError(t, st.Close())

	_, err = store.Open(path)
	assert.ErrorContains(t, err, "newer than this Junction")
}

func TestTranslate(t *testing.T) {
	st := storetest.Open(t)
	require.NoError(t, st.DB.Create(&domain.User{ID: "u1", Name: "alice"}).Error)

	dup := st.DB.Create(&domain.User{ID: "u2", Name: "alice"}).Error
	missing := st.DB.Where("name = ?", "nobody").Take(&domain.User{}).Error
	orphan := st.DB.Create(&domain.Grant{ConnectorID: "no-such-connector", UserID: "u1", Level: "view"}).Error

	cases := []struct {
		name string
		err  error
		code string
	}{
		{"unique violation", dup, domain.EConflict},
		{"missing row", missing, domain.ENotFound},
		{"foreign key violation", orphan, domain.ERule},
		{"nil", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.code, domain.ErrorCode(store.Translate(tc.err, "thing")))
		})
	}
	other := errors.New("disk on fire")
	assert.Same(t, other, store.Translate(other, "thing"), "unknown errors pass through")
	assert.True(t, errors.Is(missing, gorm.ErrRecordNotFound))
}

func TestTx_RollsBackOnError(t *testing.T) {
	st := storetest.Open(t)
	boom := errors.New("boom")
	err := st.Tx(t.Context(), func(tx *gorm.DB) error {
		require.NoError(t, tx.Create(&domain.User{ID: "u1", Name: "alice"}).Error)
		return boom
	})
	assert.ErrorIs(t, err, boom)
	var n int64
	require.NoError(t, st.DB.Model(&domain.User{}).Count(&n).Error)
	assert.Zero(t, n)
}

func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	release, err := store.Lock(path)
	require.NoError(t, err)

	_, err = store.Lock(path)
	assert.Equal(t, domain.ERule, domain.ErrorCode(err), "a second window on the same database is refused")

	require.NoError(t, release())
	again, err := store.Lock(path)
	require.NoError(t, err, "the lock is free again once released")
	require.NoError(t, again())
}
