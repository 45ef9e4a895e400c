package store_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

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
