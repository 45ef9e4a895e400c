package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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

const busyMessage = "the database is busy (another Junction process is writing); try again"

// addUser writes one profile in a write transaction.
func addUser(st *store.Store, id string) error {
	return st.Tx(context.Background(), func(tx *gorm.DB) error {
		return tx.Create(&domain.User{ID: id, Name: id}).Error
	})
}

func countUsers(t *testing.T, st *store.Store) int64 {
	t.Helper()
	var n int64
	require.NoError(t, st.DB.Model(&domain.User{}).Count(&n).Error)
	return n
}

// While another process holds the write lock, an up-to-date database opens
// and reads; a write waits the busy timeout and fails with the conflict-class
// busy error; the next write after the lock is released succeeds.
func TestBusy_AnotherProcessWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	seed, err := store.Open(path)
	require.NoError(t, err)
	require.NoError(t, addUser(seed, "u1"))
	require.NoError(t, seed.Close())

	release := storetest.HoldWriteLock(t, path)
	const busy = 300 * time.Millisecond
	began := time.Now()
	st, err := store.OpenWith(path, store.Options{BusyTimeout: busy})
	require.NoError(t, err, "opening needs no write lock when no migration is due")
	assert.Less(t, time.Since(began), busy, "opening did not wait for the lock")
	assert.Equal(t, int64(1), countUsers(t, st), "reads work while another process writes")

	began = time.Now()
	err = addUser(st, "u2")
	waited := time.Since(began)
	require.Error(t, err)
	assert.Equal(t, domain.EConflict, domain.ErrorCode(err), "%v", err)
	assert.Equal(t, busyMessage, domain.ErrorMessage(err))
	assert.True(t, store.IsBusy(err))
	assert.GreaterOrEqual(t, waited, busy, "the write waited the busy timeout")

	// A write outside Tx (the reader pool) waits too; Translate gives the
	// same answer.
	raw := st.DB.Create(&domain.User{ID: "u3", Name: "u3"}).Error
	require.Error(t, raw)
	assert.Equal(t, busyMessage, domain.ErrorMessage(store.Translate(raw, "profile u3")))

	began = time.Now()
	require.NoError(t, st.Close())
	assert.Less(t, time.Since(began), busy, "closing does not wait for the other writer")

	release()
	again, err := store.OpenWith(path, store.Options{BusyTimeout: busy})
	require.NoError(t, err)
	defer again.Close()
	require.NoError(t, addUser(again, "u2"), "the lock is free again")
	assert.Equal(t, int64(2), countUsers(t, again))
}

// A migration that is due needs the write lock: while another process holds
// it, Open waits the busy timeout and says the database is busy.
func TestBusy_MigrationDueWaitsForTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	seed, err := store.Open(path)
	require.NoError(t, err)
	require.NoError(t, seed.DB.Exec("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)").Error)
	require.NoError(t, seed.Close())

	storetest.HoldWriteLock(t, path)
	_, err = store.OpenWith(path, store.Options{BusyTimeout: 200 * time.Millisecond})
	require.Error(t, err)
	assert.Equal(t, domain.EConflict, domain.ErrorCode(err))
	assert.Contains(t, err.Error(), busyMessage)
}

// Two processes (here two stores) migrating a new database at once: the
// second waits for the first and finds the migrations applied.
func TestOpen_ConcurrentFirstRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	stores := make([]*store.Store, 4)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = store.Open(path)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "store %d", i)
		defer stores[i].Close()
	}
	var applied, latest int64
	require.NoError(t, stores[0].DB.Raw("SELECT COUNT(*), MAX(version) FROM schema_migrations").Row().Scan(&applied, &latest))
	assert.Equal(t, latest, applied, "each migration applied once")
}

func TestOpen_BusyTimeoutFromEnvironment(t *testing.T) {
	t.Setenv(store.EnvBusyTimeout, "250ms")
	st, err := store.Open(filepath.Join(t.TempDir(), "junction.db"))
	require.NoError(t, err)
	defer st.Close()
	assert.Equal(t, 250*time.Millisecond, st.BusyTimeout())
	var timeout int
	require.NoError(t, st.DB.Raw("PRAGMA busy_timeout").Scan(&timeout).Error)
	assert.Equal(t, 250, timeout)

	t.Setenv(store.EnvBusyTimeout, "soon")
	_, err = store.Open(filepath.Join(t.TempDir(), "other.db"))
	assert.Equal(t, domain.EBadInput, domain.ErrorCode(err))
	assert.ErrorContains(t, err, "JUNCTION_BUSY_TIMEOUT")
}

// A write that cannot grow the database fails with a message that says the
// disk is full and names the database; nothing of it is kept and reads go on.
func TestFull_WritesSayTheDiskIsFull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junction.db")
	st := storetest.OpenWith(t, path, store.Options{})
	require.NoError(t, addUser(st, "u1"))
	storetest.Fill(t, st)

	err := st.Tx(t.Context(), func(tx *gorm.DB) error {
		if err := tx.Create(&domain.User{ID: "u2", Name: "u2"}).Error; err != nil {
			return err
		}
		return tx.Create(&domain.User{ID: "u3", Name: "u3", DisplayName: strings.Repeat("x", 64<<10)}).Error
	})
	require.Error(t, err)
	assert.Equal(t, domain.EInternal, domain.ErrorCode(err))
	assert.Equal(t, "the disk is full: the database "+path+" cannot grow; free some space and try again", domain.ErrorMessage(err))
	assert.Equal(t, int64(1), countUsers(t, st), "the transaction was rolled back; reads still work")

	// Translated inside the transaction, the error still names the database.
	err = st.Tx(t.Context(), func(tx *gorm.DB) error {
		return store.Translate(tx.Create(&domain.User{ID: "u4", Name: "u4", DisplayName: strings.Repeat("y", 64<<10)}).Error, "profile u4")
	})
	assert.Contains(t, domain.ErrorMessage(err), path)
}

// With the old pool, a transaction holding the write lock could wait for a
// pooled connection held by transactions waiting for that lock. Readers now
// have a pool of their own: a write transaction that holds the lock never
// stops reads, however many are under way.
func TestTx_ReadsGoOnWhileAWriteHoldsTheLock(t *testing.T) {
	st := storetest.Open(t)
	require.NoError(t, addUser(st, "u1"))
	inTx := make(chan struct{})
	finish := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- st.Tx(context.Background(), func(tx *gorm.DB) error {
			if err := tx.Create(&domain.User{ID: "u2", Name: "u2"}).Error; err != nil {
				return err
			}
			close(inTx)
			<-finish
			return nil
		})
	}()
	<-inTx
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.Equal(t, int64(1), countUsers(t, st), "reads see the last commit, not the open transaction")
		}()
	}
	wg.Wait()
	close(finish)
	require.NoError(t, <-done)
	assert.Equal(t, int64(2), countUsers(t, st))
}
