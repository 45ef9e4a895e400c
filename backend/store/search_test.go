package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

// foldASCII folds A-Z only, as SQLite's LIKE and lower() do.
func foldASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// searchKeys is what a search for term lists, by the definition: the keys of
// the connectors whose name, key or one tag contains term, ASCII case
// folded, in the list's order.
func searchKeys(cs map[string]*domain.Connector, term string) []string {
	var hits []*domain.Connector
	for _, c := range cs {
		if slices.ContainsFunc(append([]string{c.Name, c.Key}, c.Tags...), func(f string) bool {
			return strings.Contains(foldASCII(f), foldASCII(term))
		}) {
			hits = append(hits, c)
		}
	}
	slices.SortFunc(hits, func(a, b *domain.Connector) int {
		if n := strings.Compare(foldASCII(a.Name), foldASCII(b.Name)); n != 0 {
			return n
		}
		return strings.Compare(a.Key, b.Key)
	})
	keys := []string{}
	for _, c := range hits {
		keys = append(keys, c.Key)
	}
	return keys
}

// TestSearchFollowsEveryWrite checks the search text that migration 0008's
// triggers keep, and the trigram index 0009's keep over it, against the
// search's definition, after each kind of write: create, rename, retag,
// untag, delete, and a VACUUM (which may renumber rowids) followed by a
// create. The terms are 2 and 3 Chinese characters, ASCII in other cases, a
// non-ASCII letter in the other case (not folded, as LIKE does not), LIKE's
// wildcards, FTS5's quote and operators, text across two fields; terms of
// three characters or more go through the index, shorter ones walk.
func TestSearchFollowsEveryWrite(t *testing.T) {
	st, _ := withConnector(t)
	cs := map[string]*domain.Connector{}
	require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
		c, err := tx.ConnectorByKey("crm")
		cs["crm"] = c
		return err
	}))
	terms := []string{"发票", "票务", "INVOICE", "voice", "Émile", "émile", "100%", "_", "crm", "crm\ncrm", "crmcrm", "ops", "x",
		"发票 S", "票务", "'s \"", `s"`, "ice OR crm", "NEAR(crm)", "crm*", "e c"}
	check := func(step string) {
		t.Helper()
		for _, term := range terms {
			var got *store.ConnectorList
			require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) (err error) {
				got, err = tx.ListConnectors(access.Scope{All: true}, store.ConnectorQuery{Search: term, Limit: 100})
				return err
			}))
			keys := []string{}
			for _, c := range got.Rows {
				keys = append(keys, c.Key)
			}
			want := searchKeys(cs, term)
			assert.Equal(t, want, keys, "%s: search %q", step, term)
			assert.Equal(t, int64(len(want)), got.Total, "%s: total of %q", step, term)
		}
	}
	check("the first connector")

	add := []*domain.Connector{
		{ID: "c2", Key: "fin-invoice", Name: "发票 Service", Tags: []string{"Finance", "100%"}},
		{ID: "c3", Key: "ops", Name: "Émile's Invoices", Tags: []string{"票务"}},
		{ID: "c4", Key: "hr", Name: "HR core", Tags: []string{"x_y"}},
	}
	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		for _, c := range add {
			c.Status, c.Version, c.OwnerID = domain.StatusActive, "1.0.0", "u1"
			if err := tx.CreateConnector(c); err != nil {
				return err
			}
			cs[c.Key] = c
		}
		return nil
	}))
	check("created")

	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		c := cs["hr"]
		c.Name, c.Tags = "Voice crm", []string{"CRM", "emile"}
		if err := tx.SaveConnector(c); err != nil {
			return err
		}
		c = cs["fin-invoice"]
		c.Tags = nil
		return tx.SaveConnector(c)
	}))
	check("renamed, retagged and untagged")

	require.NoError(t, write(t, st, func(tx *store.Tx) error { return tx.DeleteConnector(cs["ops"]) }))
	delete(cs, "ops")
	check("deleted")

	require.NoError(t, st.DB.Exec("VACUUM").Error)
	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		c := &domain.Connector{ID: "c5", Key: "voice-ops", Name: "Ops \"Voice\"", Status: domain.StatusActive, Version: "1.0.0", OwnerID: "u1"}
		cs[c.Key] = c
		return tx.CreateConnector(c)
	}))
	check("vacuumed and created")
}

// TestChildCountsFollowEveryWrite checks the counts that 0008's triggers
// keep on each connector against a count of its rows, after creating and
// deleting connections and interfaces and moving an interface.
func TestChildCountsFollowEveryWrite(t *testing.T) {
	st, c := withConnector(t)
	other := &domain.Connector{ID: "c2", Key: "erp", Name: "ERP", Status: domain.StatusActive, Version: "1.0.0", OwnerID: "u1"}
	check := func(step string) {
		t.Helper()
		require.NoError(t, st.Read(t.Context(), func(tx *store.Tx) error {
			got, err := tx.ConnectorChildren("c1", "c2", "none")
			require.NoError(t, err)
			want := map[string]store.Children{}
			for _, id := range []string{"c1", "c2"} {
				var n store.Children
				require.NoError(t, st.DB.Raw("SELECT (SELECT COUNT(*) FROM connections WHERE connector_id = ?), (SELECT COUNT(*) FROM interfaces WHERE connector_id = ?)", id, id).
					Row().Scan(&n.Connections, &n.Interfaces))
				if n != (store.Children{}) {
					want[id] = n
				}
			}
			assert.Equal(t, want, got, step)
			return nil
		}))
	}
	require.NoError(t, write(t, st, func(tx *store.Tx) error { return tx.CreateConnector(other) }))
	check("no children")

	iface := func(id, connector, connection string) *domain.Interface {
		return &domain.Interface{ID: id, ConnectorID: connector, Key: "op-" + id, Name: "op", ConnectionID: connection, Method: "GET", Revision: 1}
	}
	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		if err := tx.CreateConnection(c, newConn("n1", "prod")); err != nil {
			return err
		}
		conn := newConn("n2", "prod")
		conn.ConnectorID = other.ID
		if err := tx.CreateConnection(other, conn); err != nil {
			return err
		}
		for i := range 5 {
			if err := tx.CreateInterface(c, iface(fmt.Sprint("i", i), c.ID, "n1")); err != nil {
				return err
			}
		}
		return tx.CreateInterface(other, iface("j0", other.ID, "n2"))
	}))
	check("created")

	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		for _, id := range []string{"i0", "i1"} {
			if err := tx.DeleteInterface(&domain.Interface{ID: id}); err != nil {
				return err
			}
		}
		moved := iface("i2", other.ID, "n2")
		return tx.SaveInterface(moved)
	}))
	check("deleted and moved")

	require.NoError(t, write(t, st, func(tx *store.Tx) error {
		for _, id := range []string{"i3", "i4"} {
			if err := tx.DeleteInterface(&domain.Interface{ID: id}); err != nil {
				return err
			}
		}
		return tx.DeleteConnection(&domain.Connection{ID: "n1", ConnectorID: c.ID, Key: "prod"})
	}))
	check("emptied")
}

// TestListConnectorsTotalOfAShortPage: a page that is not full takes its
// total from its place and runs no count; any other page counts (a search
// only the rows after the page), but for a search the trigram index has
// counted (three characters or more, no other filter). The total is the
// same either way, at every offset around the end of the list.
func TestListConnectorsTotalOfAShortPage(t *testing.T) {
	st := storetest.Open(t)
	require.NoError(t, st.Write(t.Context(), func(tx *store.Tx) error { return tx.AddUser(&domain.User{ID: "u-boss", Name: "boss"}) }))
	require.NoError(t, storetest.Generate(t.Context(), st, storetest.Population{Connectors: 300, Owner: "boss"}))
	for _, q := range []store.ConnectorQuery{{}, {Search: "INVOICE"}, {Search: "发票"}, {Tag: "rare"}, {Status: "sealed"}} {
		var total int64
		require.NoError(t, st.DB.Raw("SELECT COUNT(*) FROM connectors WHERE instr(search_text, lower(?)) > 0 AND (? = '' OR status = ?) AND (? = '' OR id IN (SELECT connector_id FROM connector_tags WHERE tag = ?))",
			q.Search, q.Status, q.Status, q.Tag, q.Tag).Scan(&total).Error)
		for _, offset := range []int{0, 7, int(total) - 30, int(total) - 10, int(total) - 1, int(total), int(total) + 5} {
			q.Offset, q.Limit = max(offset, 0), 20
			var got *store.ConnectorList
			statements := captureStatements(t, st, func(tx *store.Tx) (err error) {
				got, err = tx.ListConnectors(access.Scope{All: true}, q)
				return err
			})
			assert.Equal(t, total, got.Total, "%+v", q)
			counted := slices.ContainsFunc(statements, countsTheList)
			short := len(got.Rows) < q.Limit && (len(got.Rows) > 0 || q.Offset == 0)
			indexed := q.Search == "INVOICE"
			assert.Equal(t, !short && !indexed, counted, "%+v: counted", q)
		}
	}
}
