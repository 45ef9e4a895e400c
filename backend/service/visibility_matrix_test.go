package service_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/service"
)

// matrixConnector is one connector of the visibility matrix as the store
// holds it, read back for the Go side of the comparison.
type matrixConnector struct {
	ID, Key, Name, Status, OwnerID string
	Tags                           []string
}

// TestVisibilityMatrix runs the connector list as every role, every page,
// with and without filters, and compares each row (and the total and the
// tag facet) with access.VisibleTo(u).Rights computed in Go over every
// connector of the store: the SQL filter and the Go rule must agree.
func TestVisibilityMatrix(t *testing.T) {
	e := newEnv(t)
	// creator owns connectors and then loses connectors.create: an owner
	// with view only. blind owns one and holds grants but has no view.
	e.addUser("manager", domain.PermConnectorsManage)
	e.addUser("creator", domain.PermConnectorsView, domain.PermConnectorsCreate)
	e.addUser("granted", domain.PermConnectorsView)
	e.addUser("lonely", domain.PermConnectorsView)
	e.addUser("blind", domain.PermConnectorsView, domain.PermConnectorsCreate)

	type seed struct {
		owner, key, name string
		tags             []string
		sealed           bool
	}
	seeds := []seed{
		{"admin", "a-alpha", "alpha", []string{"red", "shared"}, false},
		{"admin", "a-beta", "Beta", []string{"blue"}, true},
		{"admin", "a-gamma", "gamma Alpha", nil, false},
		{"creator", "c-alpha", "ALPHA", []string{"shared", "green"}, false},
		{"creator", "c-delta", "delta", []string{"red"}, true},
		{"creator", "c-eps", "Epsilon 50%_off", []string{"x_y"}, false},
		{"blind", "b-zeta", "zeta", []string{"blind-only"}, false},
		{"admin", "a-eta", "eta", []string{"Shared"}, false},
		{"admin", "a-theta", "Theta", []string{"green", "blue"}, false},
		{"creator", "c-iota", "iota", nil, false},
		{"admin", "a-kappa", "kappa", []string{"red"}, false},
		{"admin", "a-alpha2", "Alpha", []string{"red"}, false},
	}
	for _, sd := range seeds {
		_, err := e.svc.CreateConnector(e.ctx, sd.owner, service.ConnectorInput{Key: sd.key, Name: sd.name, Tags: sd.tags})
		require.NoError(t, err, sd.key)
		if sd.sealed {
			require.NoError(t, e.svc.SealConnector(e.ctx, sd.owner, sd.key))
		}
	}
	for _, g := range []struct{ key, user, level string }{
		{"a-alpha", "granted", domain.LevelView},
		{"a-beta", "granted", domain.LevelMaintain},
		{"c-alpha", "granted", domain.LevelView},
		{"a-theta", "granted", domain.LevelMaintain},
		{"a-alpha", "blind", domain.LevelMaintain},
		{"c-delta", "lonely", domain.LevelView},
		{"a-kappa", "creator", domain.LevelView},
		{"a-eta", "creator", domain.LevelMaintain},
	} {
		require.NoError(t, e.svc.Grant(e.ctx, "admin", g.key, g.user, g.level))
	}
	// Revoked: a grant that no longer counts.
	require.NoError(t, e.svc.Revoke(e.ctx, "admin", "c-delta", "lonely"))
	for name, perms := range map[string][]string{"creator": {domain.PermConnectorsView}, "blind": {}} {
		_, err := e.svc.UpdateUser(e.ctx, admin, name, service.UserInput{Name: name, Perms: perms})
		require.NoError(t, err)
	}

	// The Go side: every connector, user and grant, read from the database.
	var stored []struct{ ID, Key, Name, Status, OwnerID string }
	require.NoError(t, e.st.DB.Raw(`SELECT id, key, name, status, owner_id FROM connectors`).Scan(&stored).Error)
	require.Len(t, stored, len(seeds))
	conns := make([]matrixConnector, len(stored))
	for i, c := range stored {
		conns[i] = matrixConnector{ID: c.ID, Key: c.Key, Name: c.Name, Status: c.Status, OwnerID: c.OwnerID, Tags: []string{}}
		require.NoError(t, e.st.DB.Raw(`SELECT tag FROM connector_tags WHERE connector_id = ? ORDER BY position`, c.ID).Scan(&conns[i].Tags).Error)
	}
	var users []domain.User
	require.NoError(t, e.st.DB.Find(&users).Error)
	var grants []domain.Grant
	require.NoError(t, e.st.DB.Find(&grants).Error)
	level := map[[2]string]string{}
	for _, g := range grants {
		level[[2]string{g.ConnectorID, g.UserID}] = g.Level
	}
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.Name
	}

	queries := []service.ConnectorQuery{
		{},
		{Search: "alpha"},
		{Search: "ALPHA"},
		{Search: "red"},
		{Search: "hare"}, // inside a tag only
		{Search: "50%_"}, // LIKE wildcards are literal
		{Search: "x_y"},
		{Status: string(domain.StatusSealed)},
		{Status: string(domain.StatusActive)},
		{Tag: "shared"},
		{Tag: "Shared"},
		{Tag: "blind-only"},
		{Tag: "red", Status: string(domain.StatusActive), Search: "a"},
		{Search: "no such thing"},
	}
	rows := 0
	for _, u := range users {
		scope := access.VisibleTo(&u)
		for _, q := range queries {
			// The Go rule over every connector, in the list's order.
			var want []service.ConnectorSummary
			tagSet := map[string]bool{}
			for _, c := range conns {
				r := scope.Rights(c.OwnerID, level[[2]string{c.ID, u.ID}])
				if !r.View {
					continue
				}
				for _, tag := range c.Tags {
					tagSet[tag] = true
				}
				if !matrixMatches(c, q) {
					continue
				}
				want = append(want, service.ConnectorSummary{Key: c.Key, Name: c.Name, Status: domain.Status(c.Status),
					Owner: names[c.OwnerID], Tags: c.Tags, Access: service.Access{Level: r.Level(), CanManage: r.Manage, CanDelete: r.Maintain}})
			}
			sort.Slice(want, func(i, j int) bool {
				a, b := asciiFold(want[i].Name), asciiFold(want[j].Name)
				if a != b {
					return a < b
				}
				return want[i].Key < want[j].Key
			})
			wantTags := []string{}
			for tag := range tagSet {
				wantTags = append(wantTags, tag)
			}
			sort.Strings(wantTags)

			first, err := e.svc.ListConnectors(e.ctx, u.Name, q)
			if scope.None {
				requireCode(t, err, domain.EPermission)
				require.Empty(t, want, "a profile without connectors.view sees nothing under the Go rule either")
				continue
			}
			require.NoError(t, err, "%s %+v", u.Name, q)
			assert.Equal(t, wantTags, first.Tags, "tag facet of %s", u.Name)

			// Every page of 3, compared row by row.
			var got []service.ConnectorSummary
			for offset := 0; ; offset += 3 {
				pq := q
				pq.Page = service.Page{Offset: offset, Limit: 3}
				page, err := e.svc.ListConnectors(e.ctx, u.Name, pq)
				require.NoError(t, err)
				assert.Equal(t, int64(len(want)), page.Total, "total for %s %+v", u.Name, q)
				require.LessOrEqual(t, len(page.Items), 3)
				for _, it := range page.Items {
					got = append(got, service.ConnectorSummary{Key: it.Key, Name: it.Name, Status: it.Status, Owner: it.Owner, Tags: it.Tags, Access: it.Access})
				}
				if len(page.Items) < 3 {
					break
				}
			}
			if want == nil {
				want = []service.ConnectorSummary{}
			}
			if got == nil {
				got = []service.ConnectorSummary{}
			}
			require.Equal(t, want, got, "rows of %s for %+v", u.Name, q)
			// The CLI's keyset walk, in pages of 2, yields the same rows.
			walked := []service.ConnectorSummary{}
			require.NoError(t, e.svc.EachConnector(e.ctx, u.Name, q, 2, func(items []service.ConnectorSummary) error {
				for _, it := range items {
					walked = append(walked, service.ConnectorSummary{Key: it.Key, Name: it.Name, Status: it.Status, Owner: it.Owner, Tags: it.Tags, Access: it.Access})
				}
				return nil
			}))
			require.Equal(t, want, walked, "walk of %s for %+v", u.Name, q)
			rows += len(got)
		}
	}
	assert.Greater(t, rows, 100, "the matrix compared a fair number of rows")
}

// matrixMatches is the list's filter in Go: search in name, key or a tag
// (ASCII case folded, as LIKE), exact status and tag.
func matrixMatches(c matrixConnector, q service.ConnectorQuery) bool {
	if q.Status != "" && c.Status != q.Status {
		return false
	}
	if q.Tag != "" && !slices.Contains(c.Tags, q.Tag) {
		return false
	}
	if q.Search == "" {
		return true
	}
	s := asciiFold(q.Search)
	if strings.Contains(asciiFold(c.Name), s) || strings.Contains(asciiFold(c.Key), s) {
		return true
	}
	for _, tag := range c.Tags {
		if strings.Contains(asciiFold(tag), s) {
			return true
		}
	}
	return false
}

// asciiFold lowers ASCII letters only, as SQLite's LIKE and NOCASE do.
func asciiFold(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
