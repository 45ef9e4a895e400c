package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A write unit prepares each SQL text once and runs it again from there;
// text holding several statements is run whole, never prepared (a prepared
// statement would run only its first).
func TestWrite_PreparesEachStatementOncePerUnit(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "j.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })

	for round := 0; round < 2; round++ { // a unit's statements end with it
		err = s.Write(context.Background(), func(tx *Tx) error {
			u, ok := tx.db.Statement.ConnPool.(*unitStatements)
			require.True(t, ok, "the unit runs through unitStatements")
			for i := 1; i <= 3; i++ {
				var got int
				require.NoError(t, tx.db.Raw("SELECT ? + 1", i).Scan(&got).Error)
				assert.Equal(t, i+1, got)
			}
			assert.Len(t, u.prepared, 1, "three runs of one text, one statement")

			require.NoError(t, tx.db.Exec("CREATE TEMP TABLE several(x); INSERT INTO several VALUES (1); INSERT INTO several VALUES (2)").Error)
			var n int
			require.NoError(t, tx.db.Raw("SELECT count(*) FROM several").Scan(&n).Error)
			assert.Equal(t, 2, n, "every statement of the text ran")
			assert.Len(t, u.prepared, 2, "the text of several statements is not kept")
			return tx.db.Exec("DROP TABLE several").Error
		})
		require.NoError(t, err)
	}
}
