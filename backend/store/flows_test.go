package store_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/store"
)

// withFlowInterfaces is withConnector with a connection, two interfaces
// (i1 code, i2 token) and a second profile bob.
func withFlowInterfaces(t *testing.T) *store.Store {
	t.Helper()
	st, c := withConnector(t)
	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		if err := tx.SaveUser(&domain.User{ID: "u2", Name: "bob"}); err != nil {
			return err
		}
		if err := tx.CreateConnection(c, newConn("n1", "prod")); err != nil {
			return err
		}
		for _, k := range []string{"code", "token"} {
			it := &domain.Interface{ID: "i-" + k, ConnectorID: c.ID, Key: k, Name: k, ConnectionID: "n1", Method: "GET", Revision: 1}
			if err := tx.CreateInterface(c, it); err != nil {
				return err
			}
		}
		return nil
	}))
	return st
}

func newFlow(id, key, name, owner string) *domain.Flow {
	f := &domain.Flow{ID: id, Key: key, Name: name, OwnerID: owner,
		Steps: []domain.Step{{Key: "code", Invoke: "crm/code"}, {Key: "token", Invoke: "crm/token"}}}
	domain.NormalizeFlow(f, true)
	return f
}

func TestTx_Flows(t *testing.T) {
	st := withFlowInterfaces(t)
	steps := map[string]string{"code": "i-code", "token": "i-token"}
	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		if err := tx.CreateFlow(newFlow("f1", "sync", "Sync", "u1"), steps); err != nil {
			return err
		}
		return tx.CreateFlow(newFlow("f2", "audit-pull", "Audit pull", "u1"), map[string]string{"code": "i-code"})
	}))

	t.Run("create stamps revision 1 and reads back whole", func(t *testing.T) {
		var f *domain.Flow
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) { f, err = tx.FlowByKey("sync"); return err }))
		assert.Equal(t, 1, f.Revision)
		assert.True(t, f.Enabled)
		assert.Equal(t, []string{"code", "token"}, []string{f.Steps[0].Key, f.Steps[1].Key})
		assert.Equal(t, domain.OnFailureStop, f.Steps[0].OnFailure)
		assert.False(t, f.CreatedAt.IsZero())
	})

	t.Run("a taken key is a conflict on key", func(t *testing.T) {
		err := write(t, st, func(tx *store.Tx) error { return tx.CreateFlow(newFlow("f3", "sync", "Again", "u1"), nil) })
		assert.Equal(t, domain.EConflict, domain.ErrorCode(err))
		assert.Equal(t, "key", domain.ErrorField(err))
		assert.Equal(t, domain.RFlowKeyTaken, domain.ErrorReason(err))
	})

	t.Run("a missing flow is not_found", func(t *testing.T) {
		err := st.Read(t.Context(), func(tx *store.Tx) error { _, err := tx.FlowByKey("nope"); return err })
		assert.Equal(t, domain.ENotFound, domain.ErrorCode(err))
	})

	t.Run("flows using an interface are named, sorted", func(t *testing.T) {
		var code, token []string
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) {
			if code, err = tx.FlowsUsingInterface("i-code"); err != nil {
				return err
			}
			token, err = tx.FlowsUsingInterface("i-token")
			return err
		}))
		assert.Equal(t, []string{"audit-pull", "sync"}, code)
		assert.Equal(t, []string{"sync"}, token)
	})

	t.Run("save makes the next revision and rewrites the step interfaces", func(t *testing.T) {
		require.NoError(t, write(t, st, func(tx *store.Tx) error {
			f, err := tx.FlowByKey("sync")
			if err != nil {
				return err
			}
			f.Steps = f.Steps[:1]
			return tx.SaveFlow(f, map[string]string{"code": "i-code"})
		}))
		var f *domain.Flow
		var token []string
		var ifaces map[string]string
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) {
			if f, err = tx.FlowByKey("sync"); err != nil {
				return err
			}
			if ifaces, err = tx.FlowStepInterfaces(f.ID); err != nil {
				return err
			}
			token, err = tx.FlowsUsingInterface("i-token")
			return err
		}))
		assert.Equal(t, 2, f.Revision)
		assert.Len(t, f.Steps, 1)
		assert.Empty(t, token)
		assert.Equal(t, map[string]string{"code": "i-code"}, ifaces)
	})

	t.Run("enable and disable keep the revision", func(t *testing.T) {
		require.NoError(t, write(t, st, func(tx *store.Tx) error {
			f, err := tx.FlowByKey("sync")
			if err != nil {
				return err
			}
			return tx.SetFlowEnabled(f, false, "u1")
		}))
		var f *domain.Flow
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) { f, err = tx.FlowByKey("sync"); return err }))
		assert.False(t, f.Enabled)
		assert.Equal(t, 2, f.Revision)
	})

	t.Run("the list follows the scope: owner, grant, all, none", func(t *testing.T) {
		require.NoError(t, write(t, st, func(tx *store.Tx) error {
			if err := tx.CreateFlow(newFlow("f4", "bobs", "Bob's", "u2"), nil); err != nil {
				return err
			}
			return tx.SaveFlowGrant(&domain.FlowGrant{FlowID: "f1", UserID: "u2", Level: domain.LevelView})
		}))
		keys := func(scope access.Scope) []string {
			var out []string
			require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
				flows, err := tx.ListFlows(scope)
				for _, f := range flows {
					out = append(out, f.Key)
				}
				return err
			}))
			return out
		}
		assert.Equal(t, []string{"audit-pull", "sync"}, keys(access.Scope{UserID: "u1"}))
		assert.Equal(t, []string{"bobs", "sync"}, keys(access.Scope{UserID: "u2"}))
		assert.Equal(t, []string{"audit-pull", "bobs", "sync"}, keys(access.Scope{All: true, UserID: "u2"}))
		assert.Empty(t, keys(access.Scope{None: true, UserID: "u1"}))

		var level string
		var rows []store.GrantRow
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) {
			if level, err = tx.FlowGrantLevel("f1", "u2"); err != nil {
				return err
			}
			rows, err = tx.ListFlowGrants("f1")
			return err
		}))
		assert.Equal(t, domain.LevelView, level)
		assert.Equal(t, []store.GrantRow{{User: "bob", Level: domain.LevelView}}, rows)
		require.NoError(t, write(t, st, func(tx *store.Tx) error { return tx.DeleteFlowGrant("f1", "u2") }))
		assert.Equal(t, []string{"bobs"}, keys(access.Scope{UserID: "u2"}))
	})

	t.Run("delete takes its step interfaces along", func(t *testing.T) {
		require.NoError(t, write(t, st, func(tx *store.Tx) error {
			f, err := tx.FlowByKey("audit-pull")
			if err != nil {
				return err
			}
			return tx.DeleteFlow(f)
		}))
		var code []string
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) { code, err = tx.FlowsUsingInterface("i-code"); return err }))
		assert.Equal(t, []string{"sync"}, code)
	})
}
