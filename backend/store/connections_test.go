package store_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

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
