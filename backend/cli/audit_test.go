package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/service"
)

func TestRun_Audit(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json")
	e.ok("connector", "seal", "crm")
	e.ok("user", "add", "bob", "--perm", "connectors.view")

	var rows []auditRow
	e.json(&rows, "audit")
	require.Len(t, rows, 4)
	// Newest first.
	for i, want := range []struct {
		seq                    int64
		action, target, prefix string
	}{
		{4, "user.add", "bob", "profile bob added"},
		{3, "connector.seal", "crm", "connector crm sealed"},
		{2, "connector.import", "crm", "connector crm imported"},
		{1, "user.add", "alice", "first-run profile alice"},
	} {
		assert.Equal(t, want.seq, rows[i].Seq)
		assert.Equal(t, "alice", rows[i].Actor)
		assert.Equal(t, want.action, rows[i].Action)
		assert.Equal(t, want.target, rows[i].Target)
		assert.True(t, strings.HasPrefix(rows[i].Summary, want.prefix), rows[i].Summary)
		assert.WithinDuration(t, time.Now(), rows[i].At, time.Minute)
	}
	// The raw shape: exactly the contract's keys, plus the additions.
	var raw []map[string]any
	e.json(&raw, "audit", "--limit", "1")
	require.Len(t, raw, 1)
	for _, k := range []string{"seq", "at", "actor", "action", "target", "summary"} {
		assert.Contains(t, raw[0], k)
	}

	e.json(&rows, "audit", "--action", "connector.seal")
	require.Len(t, rows, 1)
	assert.Equal(t, int64(3), rows[0].Seq)
	e.json(&rows, "audit", "--connector", "crm")
	assert.Len(t, rows, 2)
	e.json(&rows, "audit", "--limit", "2")
	assert.Len(t, rows, 2)
	assert.Equal(t, ExitNotFound, e.run("audit", "--connector", "nope").code)

	out := e.ok("audit", "--limit", "1")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, []string{"SEQ", "AT", "ACTOR", "ACTION", "TARGET", "SUMMARY"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"4"}, strings.Fields(lines[1])[:1])
}

func TestRun_AuditPages(t *testing.T) {
	e := newEnv(t)
	many := e.writeFile("many.json", manyConnectors(501))
	e.ok("import", many)
	e.ok("import", many, "--on-conflict", "copy")

	var rows []auditRow
	e.json(&rows, "audit", "--limit", "5000")
	require.Len(t, rows, 1003) // first-run profile + 1002 imports
	for i, r := range rows {
		require.Equal(t, int64(1003-i), r.Seq)
	}
	e.json(&rows, "audit", "--limit", "1001")
	assert.Len(t, rows, 1001)

	var list []map[string]any
	e.json(&list, "connector", "list")
	assert.Len(t, list, 1002)
}

// TestRun_AuditWalkIsTheOffsetPages: `audit` walks the log in keyset pages
// and streams it; its output is byte for byte what the offset pages of
// ListAudit, collected and written whole, make: every limit around a page's
// edge, with and without a filter.
func TestRun_AuditWalkIsTheOffsetPages(t *testing.T) {
	e := newEnv(t)
	many := e.writeFile("many.json", manyConnectors(auditPage+200))
	e.ok("import", many)
	e.ok("connector", "seal", "c0001")
	for _, args := range [][]string{
		{"--limit", "5000"}, {"--limit", "1"}, {"--limit", fmt.Sprint(auditPage)}, {"--limit", fmt.Sprint(auditPage + 1)},
		{"--action", "connector.seal"}, {"--action", "connector.import", "--limit", "5000"}, {"--action", "none"},
	} {
		action, limit := "", 50
		for i := 0; i < len(args); i += 2 {
			switch args[i] {
			case "--action":
				action = args[i+1]
			case "--limit":
				limit, _ = strconv.Atoi(args[i+1])
			}
		}
		rows := []auditRow{}
		e.seed(func(ctx context.Context, svc *service.Service) {
			for len(rows) < limit {
				page, err := svc.ListAudit(ctx, "alice", service.AuditQuery{Action: action, Page: service.Page{Offset: len(rows), Limit: min(1000, limit-len(rows))}})
				require.NoError(t, err)
				for _, v := range page.Items {
					rows = append(rows, auditRowOf(v))
				}
				if len(page.Items) == 0 || int64(len(rows)) >= page.Total {
					break
				}
			}
		})
		var want strings.Builder
		require.NoError(t, writeJSON(&want, rows))
		assert.Equal(t, want.String(), e.ok(append([]string{"--json", "audit"}, args...)...), "%v", args)
	}
}

func TestRun_AuditVerify(t *testing.T) {
	e := newEnv(t)
	e.importFixture("crm.junction.json", "billing.junction.json")
	e.ok("connector", "seal", "crm")

	assert.Equal(t, "audit log intact: 4 entries\nEntry 4, the newest the anchor file names, is in place.\n", e.ok("audit", "verify"))
	r := e.run("audit", "verify", "--json")
	require.Equal(t, 0, r.code)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	// The contract's keys, plus the additions.
	assert.Equal(t, float64(4), v["entries"])
	assert.Equal(t, true, v["ok"])
	assert.NotContains(t, v, "firstBad")
	assert.Equal(t, false, v["truncated"])
	assert.Equal(t, map[string]any{"checked": true, "seq": float64(4), "path": v["anchor"].(map[string]any)["path"]}, v["anchor"])

	// Someone edits the file behind Junction's back.
	db, err := sql.Open("sqlite3", e.db)
	require.NoError(t, err)
	res, err := db.Exec(`UPDATE audit_entries SET summary = 'nothing happened' WHERE seq = 2`)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(1), n)
	require.NoError(t, db.Close())

	r = e.run("audit", "verify")
	assert.Equal(t, ExitUnmet, r.code)
	assert.Equal(t, "audit log broken (4 entries): Entry 2 does not match its hash chain or its MAC. Entry 4, the newest the anchor file names, is in place.\n", r.stdout)
	assert.Empty(t, r.stderr)
	r = e.run("--json", "audit", "verify")
	assert.Equal(t, ExitUnmet, r.code)
	v = nil
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	assert.Equal(t, float64(4), v["entries"])
	assert.Equal(t, false, v["ok"])
	assert.Equal(t, float64(2), v["firstBad"])
}
