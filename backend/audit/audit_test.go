package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/store/storetest"
)

// openDB opens a fresh, migrated store file; the tests tamper with its rows
// through st.DB directly.
func openDB(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t)
}

// appendEntry appends e under k in a transaction of its own.
func appendEntry(st *store.Store, e *domain.AuditEntry, k []byte) error {
	return st.Write(context.Background(), func(tx *store.Tx) error { return tx.AppendAudit(e, k) })
}

// verifyWith is audit.Verify of the store's chain under k.
func verifyWith(st *store.Store, k []byte) (res audit.Result, err error) {
	err = st.Read(context.Background(), func(tx *store.Tx) error {
		res, err = audit.Verify(tx, k)
		return err
	})
	return res, err
}

// clock is a fixed time with nanoseconds and a zone, so normalisation shows.
var clock = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.FixedZone("CST", 8*3600))

func entry(i int) *domain.AuditEntry {
	return &domain.AuditEntry{
		At:          clock.Add(time.Duration(i) * time.Second),
		Actor:       "alice",
		Action:      "connector.edit",
		TargetType:  "connector",
		TargetID:    fmt.Sprintf("id-%d", i),
		TargetKey:   fmt.Sprintf("crm-%d", i),
		ConnectorID: "c-1",
		Summary:     fmt.Sprintf("edit %d", i),
		Details:     `{"changes":{"name":{"before":"a","after":"b"}}}`,
	}
}

// key is the audit key of these tests.
var key = []byte("0123456789abcdef0123456789abcdef")

// verify is audit.Verify under key, as entries and first bad seq.
func verify(db *store.Store) (entries, firstBad int64, err error) {
	res, err := verifyWith(db, key)
	return res.Entries, res.FirstBad, err
}

// assertIntact checks that the chain verifies with entries entries and no bad one.
func assertIntact(t *testing.T, db *store.Store, entries int64) {
	t.Helper()
	n, bad, err := verify(db)
	require.NoError(t, err)
	assert.Equal(t, entries, n)
	assert.Zero(t, bad)
}

// seed appends n entries, each in its own transaction.
func seed(t *testing.T, db *store.Store, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		require.NoError(t, appendEntry(db, entry(i), key))
	}
}

func TestAppend(t *testing.T) {
	t.Run("links entries and verifies", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 5)

		var got []domain.AuditEntry
		require.NoError(t, db.DB.Order("seq").Find(&got).Error)
		require.Len(t, got, 5)
		prev := ""
		for i, e := range got {
			assert.Equal(t, int64(i+1), e.Seq)
			assert.Equal(t, prev, e.PrevHash)
			assert.Equal(t, audit.Hash(e.PrevHash, &e), e.Hash)
			prev = e.Hash
		}

		assertIntact(t, db, 5)
	})

	t.Run("sets seq, links and normalises time", func(t *testing.T) {
		db := openDB(t)
		e := entry(1)
		require.NoError(t, appendEntry(db, e, key))
		assert.Equal(t, int64(1), e.Seq)
		assert.Empty(t, e.PrevHash)
		assert.Equal(t, time.UTC, e.At.Location())
		assert.Zero(t, e.At.Nanosecond()%1000, "truncated to microseconds")
		assert.True(t, e.At.Equal(clock.Add(time.Second).Truncate(time.Microsecond)))

		second := entry(2)
		require.NoError(t, appendEntry(db, second, key))
		assert.Equal(t, int64(2), second.Seq)
		assert.Equal(t, e.Hash, second.PrevHash)
	})

	t.Run("refuses an entry without time", func(t *testing.T) {
		db := openDB(t)
		e := entry(1)
		e.At = time.Time{}
		require.Error(t, appendEntry(db, e, key))
		var count int64
		require.NoError(t, db.DB.Model(&domain.AuditEntry{}).Count(&count).Error)
		assert.Zero(t, count)
	})

	t.Run("leaves no entry when the caller's transaction rolls back", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 2)
		err := db.Write(context.Background(), func(tx *store.Tx) error {
			require.NoError(t, tx.AppendAudit(entry(3), key))
			return fmt.Errorf("the change failed")
		})
		require.Error(t, err)
		assertIntact(t, db, 2)
	})

	t.Run("serialises concurrent writers", func(t *testing.T) {
		db := openDB(t)
		const writers = 20
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := 1; i <= writers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- appendEntry(db, entry(i), key)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}

		var seqs []int64
		require.NoError(t, db.DB.Model(&domain.AuditEntry{}).Order("seq").Pluck("seq", &seqs).Error)
		want := make([]int64, writers)
		for i := range want {
			want[i] = int64(i + 1)
		}
		assert.Equal(t, want, seqs)

		assertIntact(t, db, writers)
	})
}

func TestVerify(t *testing.T) {
	cases := []struct {
		name     string
		tamper   []string
		entries  int64
		firstBad int64
	}{
		{"holds on an empty log", nil, 0, 0},
		{"names an edited summary", []string{`UPDATE audit_entries SET summary = 'nothing happened' WHERE seq = 3`}, 5, 3},
		{"names an edited time", []string{`UPDATE audit_entries SET at = '2020-01-01 00:00:00+00:00' WHERE seq = 4`}, 5, 4},
		{"names the row after a deleted one", []string{`DELETE FROM audit_entries WHERE seq = 3`}, 4, 4},
		{"names a deleted first row", []string{`DELETE FROM audit_entries WHERE seq = 1`}, 4, 2},
		{"names reordered rows", []string{
			`UPDATE audit_entries SET seq = -1 WHERE seq = 2`,
			`UPDATE audit_entries SET seq = 2 WHERE seq = 3`,
			`UPDATE audit_entries SET seq = 3 WHERE seq = -1`,
		}, 5, 2},
		{"names an edited hash", []string{`UPDATE audit_entries SET hash = '00' || substr(hash, 3) WHERE seq = 3`}, 5, 3},
		{"names an edited prev hash", []string{`UPDATE audit_entries SET prev_hash = '' WHERE seq = 2`}, 5, 2},
		{"names a renumbered row", []string{`UPDATE audit_entries SET seq = 9 WHERE seq = 5`}, 5, 9},
		{"names a row moved below seq 1", []string{`UPDATE audit_entries SET seq = 0 WHERE seq = 5`}, 5, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			if tc.tamper != nil {
				seed(t, db, 5)
			}
			for _, stmt := range tc.tamper {
				res := db.DB.Exec(stmt)
				require.NoError(t, res.Error)
				require.Equal(t, int64(1), res.RowsAffected, stmt)
			}
			n, bad, err := verify(db)
			require.NoError(t, err)
			assert.Equal(t, tc.entries, n)
			assert.Equal(t, tc.firstBad, bad)
		})
	}
}

func TestHash(t *testing.T) {
	e := &domain.AuditEntry{
		Seq:         7,
		At:          time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC),
		Actor:       "bob",
		Action:      "connector.create",
		TargetType:  "connector",
		TargetID:    "9f1c",
		TargetKey:   "crm",
		ConnectorID: "9f1c",
		Summary:     "created <CRM> & \"friends\" 中文",
		Details:     `{"changes":{}}`,
		PrevHash:    "ignored",
		Hash:        "ignored",
	}

	t.Run("hashes the RFC 8785 form of the entry after the previous hash", func(t *testing.T) {
		// Keys sorted, no whitespace, no HTML escaping, non-ASCII as is.
		canon := `{"action":"connector.create","actor":"bob","at":"2025-01-02T03:04:05.123456Z",` +
			`"connectorId":"9f1c","details":"{\"changes\":{}}","seq":7,` +
			`"summary":"created <CRM> & \"friends\" 中文","targetId":"9f1c","targetKey":"crm","targetType":"connector"}`
		sum := sha256.Sum256([]byte("abc" + canon))
		assert.Equal(t, hex.EncodeToString(sum[:]), audit.Hash("abc", e))
	})

	t.Run("ignores the stored hashes and the time zone", func(t *testing.T) {
		cp := *e
		cp.PrevHash, cp.Hash = "", ""
		cp.At = e.At.In(time.FixedZone("X", -5*3600))
		assert.Equal(t, audit.Hash("abc", e), audit.Hash("abc", &cp))
	})

	t.Run("covers every field and the previous hash", func(t *testing.T) {
		base := audit.Hash("abc", e)
		assert.NotEqual(t, base, audit.Hash("abd", e))
		edits := map[string]func(*domain.AuditEntry){
			"seq":         func(x *domain.AuditEntry) { x.Seq++ },
			"at":          func(x *domain.AuditEntry) { x.At = x.At.Add(time.Microsecond) },
			"actor":       func(x *domain.AuditEntry) { x.Actor += "!" },
			"action":      func(x *domain.AuditEntry) { x.Action += "!" },
			"targetType":  func(x *domain.AuditEntry) { x.TargetType += "!" },
			"targetId":    func(x *domain.AuditEntry) { x.TargetID += "!" },
			"targetKey":   func(x *domain.AuditEntry) { x.TargetKey += "!" },
			"connectorId": func(x *domain.AuditEntry) { x.ConnectorID += "!" },
			"summary":     func(x *domain.AuditEntry) { x.Summary += "!" },
			"details":     func(x *domain.AuditEntry) { x.Details = `{"changes":{"a":1}}` },
		}
		for field, edit := range edits {
			cp := *e
			edit(&cp)
			assert.NotEqual(t, base, audit.Hash("abc", &cp), field)
		}
	})
}

func TestWriteAnchor_NeverMovesBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.anchor")
	require.NoError(t, audit.WriteAnchor(path, key, 5, "h5"))
	require.NoError(t, audit.WriteAnchor(path, key, 3, "h3"))
	a, err := audit.ReadAnchor(path)
	require.NoError(t, err)
	assert.Equal(t, int64(5), a.Seq)
	assert.Equal(t, "h5", a.Hash)
	assert.True(t, a.Valid(key))
	assert.False(t, a.Valid([]byte("another key")))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	// Writers racing end at the highest seq, whatever their order.
	var wg sync.WaitGroup
	for i := 6; i <= 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, audit.WriteAnchor(path, key, int64(i), fmt.Sprintf("h%d", i)))
		}()
	}
	wg.Wait()
	a, err = audit.ReadAnchor(path)
	require.NoError(t, err)
	assert.Equal(t, audit.Anchor{Seq: 40, Hash: "h40", MAC: a.MAC}, a)
	assert.True(t, a.Valid(key))
	left, err := filepath.Glob(filepath.Join(filepath.Dir(path), ".*new-*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file stays")
}

func TestAnchorPath_PerStore(t *testing.T) {
	a := audit.AnchorPath("/keys/secret.key", "/data/one.db")
	assert.Equal(t, "/keys", filepath.Dir(a))
	assert.NotEqual(t, a, audit.AnchorPath("/keys/secret.key", "/data/two.db"), "stores sharing a key keep their own anchors")
}

func TestVerify_MACs(t *testing.T) {
	t.Run("another key fails the first entry", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 3)
		res, err := verifyWith(db, []byte("another key"))
		require.NoError(t, err)
		assert.Equal(t, int64(1), res.FirstBad)
	})
	t.Run("entries without a MAC are accepted only before the first with one", func(t *testing.T) {
		db := openDB(t)
		seed(t, db, 5)
		require.NoError(t, db.DB.Exec(`UPDATE audit_entries SET mac = '' WHERE seq <= 2`).Error)
		res, err := verifyWith(db, key)
		require.NoError(t, err)
		assert.Zero(t, res.FirstBad)
		assert.Equal(t, int64(2), res.Unsigned)
		assert.Equal(t, int64(5), res.LastSeq)

		require.NoError(t, db.DB.Exec(`UPDATE audit_entries SET mac = '' WHERE seq = 4`).Error)
		res, err = verifyWith(db, key)
		require.NoError(t, err)
		assert.Equal(t, int64(4), res.FirstBad)
	})
	t.Run("entries before the last rekey are checked by hash", func(t *testing.T) {
		db := openDB(t)
		old := []byte("the old key")
		for i := 1; i <= 3; i++ {
			require.NoError(t, appendEntry(db, entry(i), old))
		}
		rekey := entry(4)
		rekey.Action = audit.ActionRekey
		require.NoError(t, appendEntry(db, rekey, key))
		require.NoError(t, appendEntry(db, entry(5), key))
		res, err := verifyWith(db, key)
		require.NoError(t, err)
		assert.Zero(t, res.FirstBad)
		assert.Equal(t, int64(4), res.Resigned)

		// A forged rekey entry at the end cannot lower the bar: its own MAC fails.
		forged := entry(6)
		forged.Action = audit.ActionRekey
		require.NoError(t, appendEntry(db, forged, []byte("forger")))
		res, err = verifyWith(db, key)
		require.NoError(t, err)
		assert.Equal(t, int64(6), res.FirstBad)
	})
}

func TestDiff(t *testing.T) {
	conn := domain.Connection{
		Key: "crm", Host: "crm.example.com", Protocol: "https",
		TLS:  domain.TLSOptions{CACertPath: "/ca.pem"},
		Auth: domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-Key", In: "header"}},
	}
	edited := conn
	edited.Host = "crm2.example.com"
	edited.TLS = domain.TLSOptions{SkipVerify: true}
	edited.Auth.APIKey = &domain.APIKeyAuth{Name: "X-Key", In: "query"}

	iface := domain.Interface{
		Key: "list",
		Request: []domain.Param{
			{Name: "page", In: "query", Type: "integer", Source: domain.Source{Kind: "input"}},
			{Name: "size", In: "query", Type: "integer", Source: domain.Source{Kind: "input"}},
		},
	}
	ifaceEdited := iface
	ifaceEdited.Request = []domain.Param{
		{Name: "pageNo", In: "query", Type: "integer", Source: domain.Source{Kind: "input"}},
		{Name: "size", In: "query", Type: "integer", Source: domain.Source{Kind: "input"}},
		{Name: "q", In: "query", Type: "string", Source: domain.Source{Kind: "static", Value: "x"}},
	}

	cases := []struct {
		name          string
		before, after any
		secrets       []string
		want          map[string]audit.Change
	}{
		{
			name:   "nested structs",
			before: conn, after: edited,
			want: map[string]audit.Change{
				"host":           {"crm.example.com", "crm2.example.com"},
				"tls.skipVerify": {false, true},
				"tls.caCertPath": {"/ca.pem", ""},
				"auth.apiKey.in": {"header", "query"},
			},
		},
		{
			name:   "arrays of objects element by element",
			before: iface, after: ifaceEdited,
			want: map[string]audit.Change{
				"request[0].name":         {"page", "pageNo"},
				"request[2].name":         {nil, "q"},
				"request[2].in":           {nil, "query"},
				"request[2].type":         {nil, "string"},
				"request[2].required":     {nil, false},
				"request[2].description":  {nil, ""},
				"request[2].source.kind":  {nil, "static"},
				"request[2].source.value": {nil, "x"},
			},
		},
		{
			name:   "arrays of scalars as a whole",
			before: map[string]any{"tags": []string{"a", "b"}},
			after:  map[string]any{"tags": []string{"a", "c"}},
			want:   map[string]audit.Change{"tags": {[]any{"a", "b"}, []any{"a", "c"}}},
		},
		{
			name:   "arrays of arrays as a whole",
			before: map[string]any{"m": [][]int{{1}, {2}}},
			after:  map[string]any{"m": [][]int{{1}, {3}}},
			want: map[string]audit.Change{"m": {
				[]any{[]any{json.Number("1")}, []any{json.Number("2")}},
				[]any{[]any{json.Number("1")}, []any{json.Number("3")}},
			}},
		},
		{
			name:   "create",
			before: nil,
			after:  map[string]any{"key": "crm", "tls": map[string]any{"skipVerify": true}, "tags": []string{}},
			want: map[string]audit.Change{
				"key":            {nil, "crm"},
				"tls.skipVerify": {nil, true},
			},
		},
		{
			name:   "delete",
			before: map[string]any{"key": "crm", "version": 2},
			after:  nil,
			want: map[string]audit.Change{
				"key":     {"crm", nil},
				"version": {json.Number("2"), nil},
			},
		},
		{
			name:   "no change",
			before: conn, after: conn,
			want: map[string]audit.Change{},
		},
		{
			name:   "nil and empty slices are the same",
			before: domain.Interface{Key: "a"},
			after:  domain.Interface{Key: "a", Request: []domain.Param{}, Response: []domain.ResponseParam{}},
			want:   map[string]audit.Change{},
		},
		{
			name:   "big integers stay exact",
			before: map[string]any{"n": int64(9007199254740993)},
			after:  map[string]any{"n": int64(9007199254740992)},
			want:   map[string]audit.Change{"n": {json.Number("9007199254740993"), json.Number("9007199254740992")}},
		},
		{
			name:   "keys that are not plain names are quoted",
			before: map[string]any{"headers": map[string]string{"X.Trace": "1", "": "e"}},
			after:  map[string]any{"headers": map[string]string{"X.Trace": "2", "": "f"}},
			want: map[string]audit.Change{
				`headers["X.Trace"]`: {"1", "2"},
				`headers[""]`:        {"e", "f"},
			},
		},
		{
			name:    "a secret name is redacted on both sides",
			before:  map[string]any{"fields": map[string]string{"user": "u", "Password": "hunter2"}},
			after:   map[string]any{"fields": map[string]string{"user": "u", "Password": "s3cret!"}},
			secrets: []string{"password"},
			want:    map[string]audit.Change{"fields.Password": {domain.Redacted, domain.Redacted}},
		},
		{
			name:    "a secret set on create keeps its absent side nil",
			before:  nil,
			after:   map[string]any{"token": "hunter2"},
			secrets: []string{"token"},
			want:    map[string]audit.Change{"token": {nil, domain.Redacted}},
		},
		{
			name:    "an unchanged secret is no change",
			before:  map[string]any{"token": "hunter2", "n": 1},
			after:   map[string]any{"token": "hunter2", "n": 2},
			secrets: []string{"token"},
			want:    map[string]audit.Change{"n": {json.Number("1"), json.Number("2")}},
		},
		{
			name:    "a secret object hides what it holds",
			before:  map[string]any{"secrets": map[string]string{"appKey": "hunter2"}},
			after:   map[string]any{"secrets": map[string]string{"appKey": "s3cret!"}},
			secrets: []string{"secrets"},
			want:    map[string]audit.Change{"secrets.appKey": {domain.Redacted, domain.Redacted}},
		},
		{
			name: "a listed path is redacted and nothing else",
			before: map[string]any{"auth": map[string]any{"body": map[string]any{
				"client_secret": "hunter2", "grant": "a"}}},
			after: map[string]any{"auth": map[string]any{"body": map[string]any{
				"client_secret": "s3cret!", "grant": "b"}}},
			secrets: []string{"auth.body.client_secret"},
			want: map[string]audit.Change{
				"auth.body.client_secret": {domain.Redacted, domain.Redacted},
				"auth.body.grant":         {"a", "b"},
			},
		},
		{
			name:    "secret keys inside a whole-compared array",
			before:  map[string]any{"mixed": []any{1, map[string]any{"password": "hunter2"}}},
			after:   map[string]any{"mixed": []any{1, map[string]any{"password": "s3cret!"}}},
			secrets: []string{"password"},
			want: map[string]audit.Change{"mixed": {
				[]any{json.Number("1"), map[string]any{"password": domain.Redacted}},
				[]any{json.Number("1"), map[string]any{"password": domain.Redacted}},
			}},
		},
		{
			name:   "scalars",
			before: "a", after: "b",
			want: map[string]audit.Change{"": {"a", "b"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := audit.Diff(tc.before, tc.after, tc.secrets...)
			assert.Equal(t, tc.want, got)

			details := audit.Details(got, nil)
			assert.True(t, json.Valid([]byte(details)), details)
			for _, clear := range []string{"hunter2", "s3cret!"} {
				assert.NotContains(t, details, clear)
			}
		})
	}
}

func TestDetails(t *testing.T) {
	t.Run("renders changes and extra as compact JSON", func(t *testing.T) {
		changes := audit.Diff(map[string]any{"name": "<a>"}, map[string]any{"name": "b&c"})
		got := audit.Details(changes, map[string]any{"verdict": "ok", "ms": 12})
		assert.Equal(t, `{"changes":{"name":{"before":"<a>","after":"b&c"}},"ms":12,"verdict":"ok"}`, got)
	})

	t.Run("leaves out nil changes", func(t *testing.T) {
		assert.Equal(t, `{"file":"crm.jcpkg"}`, audit.Details(nil, map[string]any{"file": "crm.jcpkg"}))
		assert.Equal(t, `{}`, audit.Details(nil, nil))
	})

	t.Run("changes win over an extra key of that name", func(t *testing.T) {
		got := audit.Details(map[string]audit.Change{}, map[string]any{"changes": "forged"})
		assert.Equal(t, `{"changes":{}}`, got)
	})

	t.Run("an extra value that is not JSON keeps the changes", func(t *testing.T) {
		changes := map[string]audit.Change{"name": {Before: "a", After: "b"}}
		got := audit.Details(changes, map[string]any{"bad": make(chan int)})
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(got), &doc))
		assert.Contains(t, doc, "changes")
		assert.True(t, strings.HasPrefix(doc["error"].(string), "details could not be rendered"))
	})
}

func TestParams(t *testing.T) {
	withParams := audit.Details(nil, map[string]any{audit.ParamsKey: map[string]string{"cleared": "3"}, "movedTo": "x"})
	assert.Equal(t, map[string]string{"cleared": "3"}, audit.Params(withParams))
	for _, details := range []string{"", `{"changes":{}}`, `not json`, `{"params":["a"]}`, `{"params":null}`} {
		assert.Equal(t, map[string]string{}, audit.Params(details), details)
	}
}
