package audit_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/audit"
	"junction/backend/domain"
)

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
