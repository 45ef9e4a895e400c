package storetest

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"junction/backend/store"
)

// Population describes a generated store for the list benchmarks: Connectors
// connectors owned by Owner, each with one connection and Interfaces
// interfaces, and a view grant to Viewer (when set) on every 40th; Owner
// and Viewer are names of profiles st has.
//
// Connector n (from 0) has the key GenKey(n), a name made of GenWords
// (mixed case, so that the case-folded order matters), status sealed when
// n%25 == 0 and the tags: one of GenWords in lower case, "vendor-<n%9>",
// "rare" when n%100 == 0 and "pilot" when n%10000 == 0 (a tag on a handful).
type Population struct {
	Connectors, Interfaces int
	Owner, Viewer          string
}

// GenWords are the words generated names and tags are made of.
var GenWords = []string{"Invoice", "order", "Customer", "inventory", "Purchase", "contract", "Approval",
	"attendance", "Payroll", "employee", "Department", "payment", "Expense", "logistics", "Warehouse",
	"member", "Loyalty", "ticket", "Asset", "project", "Recruit", "training", "Tax", "budget", "Store",
	"product", "Marketing", "sms", "Mail", "maps"}

// GenKey is the key of generated connector n.
func GenKey(n int) string { return fmt.Sprintf("gen-%06d", n) }

// Generate writes p into st with batched SQL (one statement per table over
// a recursive series, in one transaction): 100,000 connectors and 1,000,000
// interfaces take seconds, where importing them would take hours. No
// ANALYZE: the plans measured are those of a store that never ran one.
func Generate(ctx context.Context, st *store.Store, p Population) error {
	words := "json_array("
	for i, w := range GenWords {
		if i > 0 {
			words += ","
		}
		words += "'" + w + "'"
	}
	words += ")"
	// The n-th word, hashed so that names do not follow keys.
	word := func(salt int) string {
		return fmt.Sprintf("json_extract(%s, '$[' || ((n * 2654435761 + %d) %% 4294967296 %% %d) || ']')", words, salt, len(GenWords))
	}
	series := "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ? - 1) "
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"connectors", `INSERT INTO connectors (id, key, name, description, icon, version, status, owner_id, created_at, created_by, updated_at, updated_by) ` +
			series + `SELECT printf('gc%06d', n), printf('gen-%06d', n), ` + word(1) + ` || ' ' || ` + word(7) + ` || ' ' || (n % 997),
			'generated connector ' || n, '', '1.0.0', CASE WHEN n % 25 = 0 THEN 'sealed' ELSE 'active' END, (SELECT id FROM users WHERE name = ?), ?, 'gen', ?, 'gen' FROM s`,
			[]any{p.Connectors, p.Owner, now, now}},
		{"tags", `INSERT INTO connector_tags (connector_id, tag, position, connector_name, connector_key)
			WITH g AS (SELECT CAST(substr(id, 3) AS INTEGER) AS n, id, name, key FROM connectors WHERE id GLOB 'gc[0-9]*')
			SELECT id, lower(` + word(3) + `), 0, name, key FROM g
			UNION ALL SELECT id, 'vendor-' || (n % 9), 1, name, key FROM g
			UNION ALL SELECT id, 'rare', 2, name, key FROM g WHERE n % 100 = 0
			UNION ALL SELECT id, 'pilot', 3, name, key FROM g WHERE n % 10000 = 0`, nil},
		{"connections", `INSERT INTO connections (id, connector_id, key, name, protocol, host, auth, created_at, updated_at) ` + series +
			`SELECT printf('gn%06d', n), printf('gc%06d', n), 'prod', 'Production', 'https', printf('api-%d.example.test', n), '{"type":"none"}', ?, ? FROM s`,
			[]any{p.Connectors, now, now}},
		{"interfaces", `INSERT INTO interfaces (id, connector_id, key, name, connection_id, method, path, request, response, success, messages, created_at, updated_at) ` +
			series + `SELECT printf('gi%07d', n), printf('gc%06d', n / ?), 'op-' || (n % ?), 'Operation ' || (n % ?), printf('gn%06d', n / ?),
			'GET', '/items', '[]', '[]', '{}', '{}', ?, ? FROM s`,
			[]any{p.Connectors * p.Interfaces, p.Interfaces, p.Interfaces, p.Interfaces, p.Interfaces, now, now}},
	}
	if p.Viewer != "" {
		steps = append(steps, struct {
			what string
			sql  string
			args []any
		}{"grants", `INSERT INTO grants (connector_id, user_id, level, created_at) ` + series +
			`SELECT printf('gc%06d', n), (SELECT id FROM users WHERE name = ?), 'view', ? FROM s WHERE n % 40 = 0`, []any{p.Connectors, p.Viewer, now}})
	}
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		for _, s := range steps {
			if s.what == "interfaces" && p.Interfaces == 0 {
				continue
			}
			if err := tx.Exec(s.sql, s.args...).Error; err != nil {
				return fmt.Errorf("generate %s: %w", s.what, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// As an import does at its end.
	return st.Write(ctx, func(tx *store.Tx) error { return tx.CompactSearch() })
}
