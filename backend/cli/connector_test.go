package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"junction/backend/domain"
)

// TestJSONArrayIsWriteJSON: the streamed `connector list --json` is byte for
// byte what writeJSON makes of the whole slice, for no row, one and several
// (with text JSON escapes and writeJSON leaves alone, like < and &).
func TestJSONArrayIsWriteJSON(t *testing.T) {
	row := func(i int) connectorRow {
		return connectorRow{Key: "k" + strings.Repeat("x", i), Name: "<b>&名</b>", Status: domain.StatusActive, Tags: []string{"a", "b"},
			Connections: i, UpdatedAt: time.Date(2026, 12, 3, 0, 0, i, 0, time.UTC)}
	}
	for _, n := range []int{0, 1, 3} {
		rows := []connectorRow{}
		for i := range n {
			rows = append(rows, row(i))
		}
		var whole, streamed strings.Builder
		require.NoError(t, writeJSON(&whole, rows))
		arr := newJSONArray(&streamed)
		for _, r := range rows {
			require.NoError(t, arr.add(r))
		}
		require.NoError(t, arr.close())
		require.Equal(t, whole.String(), streamed.String(), "%d rows", n)
	}
}
