package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"junction/backend/access"
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

// storeAfter creates a store, runs sql on it, closes it and returns its path.
func storeAfter(t *testing.T, sql string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "junction.db")
	st, err := store.Open(path)
	require.NoError(t, err)
	require.NoError(t, st.DB.Exec(sql).Error)
	require.NoError(t, st.Close())
	return path
}

func TestOpen_RefusesNewerSchema(t *testing.T) {
	path := storeAfter(t, "INSERT INTO schema_migrations (version, name) VALUES (99, 'future')")

	_, err := store.Open(path)
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
	path := storeAfter(t, "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)")

	storetest.HoldWriteLock(t, path)
	_, err := store.OpenWith(path, store.Options{BusyTimeout: 200 * time.Millisecond})
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

// withConnector opens a store holding connector "crm" (rows written
// directly: the connector's own methods are not under test here).
func withConnector(t *testing.T) (*store.Store, *domain.Connector) {
	t.Helper()
	st := storetest.Open(t)
	require.NoError(t, st.DB.Create(&domain.User{ID: "u1", Name: "alice"}).Error)
	c := &domain.Connector{ID: "c1", Key: "crm", Name: "CRM", Status: domain.StatusActive, Version: "1.0.0", OwnerID: "u1"}
	require.NoError(t, st.DB.Create(c).Error)
	return st, c
}

func write(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) error {
	t.Helper()
	return st.Write(t.Context(), fn)
}

func newConn(id, key string) *domain.Connection {
	return &domain.Connection{ID: id, ConnectorID: "c1", Key: key, Protocol: "https", Host: "api.example.com", Status: domain.StatusActive}
}

func TestTx_Connections(t *testing.T) {
	st, c := withConnector(t)
	require.NoError(t, write(t, st, func(tx *store.Tx) error { return tx.CreateConnection(c, newConn("n1", "prod")) }))

	t.Run("a key the connector has is a conflict on the field key", func(t *testing.T) {
		err := write(t, st, func(tx *store.Tx) error { return tx.CreateConnection(c, newConn("n2", "prod")) })
		require.Equal(t, domain.EConflict, domain.ErrorCode(err))
		assert.Equal(t, "key", domain.ErrorField(err))
		assert.Equal(t, `connector crm already has a connection "prod"`, domain.ErrorMessage(err))
		assert.Equal(t, domain.RConnectionKeyTaken, domain.ErrorReason(err))
		assert.Equal(t, domain.Params{"connector": "crm", "key": "prod"}, domain.ErrorParams(err))
	})

	t.Run("a missing connection is not_found, naming it and its connector", func(t *testing.T) {
		err := st.Read(t.Context(), func(tx *store.Tx) error { _, err := tx.Connection(c, "nope"); return err })
		require.Equal(t, domain.ENotFound, domain.ErrorCode(err))
		assert.Contains(t, domain.ErrorMessage(err), `connection "nope" of connector crm`)
	})

	t.Run("delete is refused while interfaces call it, naming five and counting the rest", func(t *testing.T) {
		require.NoError(t, write(t, st, func(tx *store.Tx) error {
			for i := range 7 {
				it := &domain.Interface{ID: fmt.Sprint("i", i), ConnectorID: c.ID, Key: fmt.Sprint("op-", i), Name: "op", ConnectionID: "n1", Method: "GET", Revision: 1}
				if err := tx.CreateInterface(c, it); err != nil {
					return err
				}
			}
			return nil
		}))
		err := write(t, st, func(tx *store.Tx) error {
			conn, err := tx.Connection(c, "prod")
			if err != nil {
				return err
			}
			return tx.DeleteConnection(conn)
		})
		require.Equal(t, domain.ERule, domain.ErrorCode(err))
		assert.Equal(t, "connection prod is used by 7 interfaces (op-0, op-1, op-2, op-3, op-4, and 2 more); move or delete them first", domain.ErrorMessage(err))
		assert.Equal(t, domain.RConnectionInUse, domain.ErrorReason(err))
		assert.Equal(t, domain.Params{"connection": "prod", "count": "7", "names": "op-0, op-1, op-2, op-3, op-4"}, domain.ErrorParams(err))
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
			conn, err := tx.Connection(c, "prod")
			require.NoError(t, err)
			n, err := tx.ConnectionUses(conn)
			assert.Equal(t, 7, n)
			return err
		}))
	})

	t.Run("an edit of an interface is its next revision", func(t *testing.T) {
		var it *domain.Interface
		require.NoError(t, write(t, st, func(tx *store.Tx) (err error) {
			if it, err = tx.Interface(c, "op-0"); err != nil {
				return err
			}
			return tx.SaveInterface(it)
		}))
		assert.Equal(t, 2, it.Revision)
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) { it, err = tx.Interface(c, "op-0"); return err }))
		assert.Equal(t, 2, it.Revision)
	})
}

func TestTx_AccountDefaults(t *testing.T) {
	st, c := withConnector(t)
	conn := newConn("n1", "prod")
	require.NoError(t, write(t, st, func(tx *store.Tx) error { return tx.CreateConnection(c, conn) }))
	add := func(id, name string, def bool) {
		t.Helper()
		require.NoError(t, write(t, st, func(tx *store.Tx) error {
			return tx.CreateAccount(&domain.AuthAccount{ID: id, ConnectionID: conn.ID, Name: name, Default: def})
		}))
	}
	defaults := func() map[string]bool {
		t.Helper()
		out := map[string]bool{}
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
			accounts, err := tx.Accounts(conn.ID)
			for _, a := range accounts {
				out[a.Name] = a.Default
			}
			return err
		}))
		return out
	}

	add("a1", "main", false)
	assert.Equal(t, map[string]bool{"main": true}, defaults(), "a connection's only account is its default")
	add("a2", "backup", false)
	assert.Equal(t, map[string]bool{"main": true, "backup": false}, defaults())
	add("a3", "ci", true)
	assert.Equal(t, map[string]bool{"main": false, "backup": false, "ci": true}, defaults(), "a new default takes the flag from the others")

	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		a, err := tx.Account(conn, "ci")
		if err != nil {
			return err
		}
		return tx.DeleteAccount(a)
	}))
	assert.Equal(t, map[string]bool{"main": false, "backup": true}, defaults(), "the first other account by name becomes the default")
}

func TestConnectors_TagsAndKeys(t *testing.T) {
	st := storetest.Open(t)
	ctx := t.Context()
	require.NoError(t, st.DB.Create(&domain.User{ID: "u1", Name: "alice"}).Error)
	c := &domain.Connector{ID: "c1", Key: "crm", Name: "CRM", Status: domain.StatusActive, OwnerID: "u1",
		Tags: []string{"zeta", "alpha", "zeta", "R&D"}}

	t.Run("create keeps the order and a repeated tag once", func(t *testing.T) {
		require.NoError(t, st.Write(ctx, func(tx *store.Tx) error { return tx.CreateConnector(c) }))
		assert.Equal(t, []string{"zeta", "alpha", "R&D"}, c.Tags, "the caller's copy matches what a load returns")
		require.NoError(t, st.Read(ctx, func(tx *store.Tx) error {
			got, err := tx.ConnectorByKey("crm")
			require.NoError(t, err)
			assert.Equal(t, []string{"zeta", "alpha", "R&D"}, got.Tags)
			return nil
		}))
	})
	t.Run("a taken key is a conflict on the key field", func(t *testing.T) {
		dup := &domain.Connector{ID: "c2", Key: "crm", Name: "Other", Status: domain.StatusActive}
		err := st.Write(ctx, func(tx *store.Tx) error { return tx.CreateConnector(dup) })
		assert.Equal(t, domain.EConflict, domain.ErrorCode(err))
		assert.Equal(t, "key", domain.ErrorField(err))
	})
	t.Run("save replaces the tags", func(t *testing.T) {
		c.Tags = []string{"beta"}
		require.NoError(t, st.Write(ctx, func(tx *store.Tx) error { return tx.SaveConnector(c) }))
		require.NoError(t, st.Read(ctx, func(tx *store.Tx) error {
			list, err := tx.ListConnectors(access.Scope{All: true}, store.ConnectorQuery{Limit: 10})
			require.NoError(t, err)
			require.Len(t, list.Rows, 1)
			assert.Equal(t, []string{"beta"}, list.Rows[0].Tags)
			assert.Equal(t, []string{"beta"}, list.Tags, "the facet has no stale tag")
			return nil
		}))
	})
	t.Run("delete takes the tags with it", func(t *testing.T) {
		require.NoError(t, st.Write(ctx, func(tx *store.Tx) error { return tx.DeleteConnector(c) }))
		var n int64
		require.NoError(t, st.DB.Table("connector_tags").Count(&n).Error)
		assert.Zero(t, n)
	})
	t.Run("a missing key is not found", func(t *testing.T) {
		err := st.Read(ctx, func(tx *store.Tx) error { _, err := tx.ConnectorByKey("crm"); return err })
		assert.Equal(t, domain.ENotFound, domain.ErrorCode(err))
	})
}
