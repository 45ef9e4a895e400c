package schema_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/schema"
)

func TestMerge(t *testing.T) {
	described := func(prm domain.ResponseParam, d string) domain.ResponseParam {
		prm.Description = d
		return prm
	}
	cases := []struct {
		name               string
		existing, incoming []domain.ResponseParam
		want               []domain.ResponseParam
	}{
		{
			name:     "both empty",
			existing: nil, incoming: nil,
			want: nil,
		},
		{
			name:     "into nothing",
			incoming: []domain.ResponseParam{p("a", "string", "a")},
			want:     []domain.ResponseParam{p("a", "string", "a")},
		},
		{
			name:     "nothing new",
			existing: []domain.ResponseParam{p("a", "string", "a")},
			want:     []domain.ResponseParam{p("a", "string", "a")},
		},
		{
			name: "the user's edits win and new params follow",
			existing: []domain.ResponseParam{
				described(p("total", "number", "data.total"), "rows in all"),
				p("code", "string", "code"),
			},
			incoming: []domain.ResponseParam{
				p("code", "integer", "code"),
				p("total", "integer", "total"),
				p("msg", "string", "msg"),
			},
			want: []domain.ResponseParam{
				described(p("total", "number", "data.total"), "rows in all"),
				p("code", "string", "code"),
				p("msg", "string", "msg"),
			},
		},
		{
			name: "recursively into objects and arrays",
			existing: []domain.ResponseParam{
				p("data", "object", "data", described(p("id", "string", "id"), "kept")),
				p("list", "array", "list", p("name", "string", "name")),
			},
			incoming: []domain.ResponseParam{
				p("data", "object", "data", p("id", "integer", "id"), p("user", "object", "user", p("x", "string", "x"))),
				p("list", "array", "list", p("age", "integer", "age"), p("name", "integer", "name")),
			},
			want: []domain.ResponseParam{
				p("data", "object", "data", described(p("id", "string", "id"), "kept"), p("user", "object", "user", p("x", "string", "x"))),
				p("list", "array", "list", p("name", "string", "name"), p("age", "integer", "age")),
			},
		},
		{
			name:     "no children under a param the user made a scalar",
			existing: []domain.ResponseParam{p("data", "string", "data")},
			incoming: []domain.ResponseParam{p("data", "object", "data", p("id", "integer", "id"))},
			want:     []domain.ResponseParam{p("data", "string", "data")},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, schema.Merge(tc.existing, tc.incoming))
		})
	}

	t.Run("leaves its arguments alone", func(t *testing.T) {
		existing := []domain.ResponseParam{p("data", "object", "data", p("id", "integer", "id"))}
		incoming := []domain.ResponseParam{p("data", "object", "data", p("name", "string", "name"))}
		got := schema.Merge(existing, incoming)
		got[0].Children[0].Name = "changed"
		assert.Equal(t, "id", existing[0].Children[0].Name)
		assert.Len(t, existing[0].Children, 1)
		assert.Len(t, incoming[0].Children, 1)
	})

	t.Run("keeps a sample rebuilt after edits valid", func(t *testing.T) {
		first, err := schema.FromSample(`{"code":0,"data":{"id":1}}`)
		require.NoError(t, err)
		first[1].Children[0].Description = "the order id"
		again, err := schema.FromSample(`{"code":0,"msg":"ok","data":{"id":1,"items":[{"sku":"a"}]}}`)
		require.NoError(t, err)
		merged := schema.Merge(first, again)
		assert.Equal(t, []domain.ResponseParam{
			p("code", "integer", "code"),
			p("data", "object", "data",
				described(p("id", "integer", "id"), "the order id"),
				p("items", "array", "items", p("sku", "string", "sku")),
			),
			p("msg", "string", "msg"),
		}, merged)

		it := &domain.Interface{Response: merged}
		it.Key, it.Name, it.Method = "get", "Get", "GET"
		it.Success = domain.Condition{Field: "status", Op: "eq", Value: 200}
		domain.NormalizeInterface(it)
		assert.NoError(t, domain.ValidateInterface(it))
	})
}
