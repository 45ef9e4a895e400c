package invoke

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTemplates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ec := &evalCtx{
		inputs:   map[string]any{"n": int64(3), "s": "x", "users": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}, "m": map[string]string{"k": "v"}},
		sys:      &sysFields{sys: System{UserID: "u1", UserName: "alice", OrgID: "o1"}, now: now},
		account:  map[string]string{"appKey": "k1"},
		request:  map[string]any{"lang": "zh"},
		body:     `{"code":0,"data":{"list":[{"id":1},{"id":2}]}}`,
		bodyJSON: true,
		status:   200,
		header:   http.Header{"X-Trace-Id": {"t-9"}, "Set-Cookie": {"a=1", "b=2"}},
		outputs:  map[string]any{"total": int64(2)},
		steps:    map[string]any{"list": map[string]any{"outputs": map[string]any{"count": int64(7)}}},
		item:     map[string]any{"id": int64(5)},
		cause:    "connect timeout",
	}
	cases := []struct {
		src  string
		want any
	}{
		{"{{input.n}}", int64(3)},
		{"{{ input.n }}", int64(3)},
		{"n={{input.n}}", "n=3"},
		{"{{input.users.1.name}}", "b"},
		{"{{input.users.#.name}}", []any{"a", "b"}},
		{"{{input.users.#}}", int64(2)},
		{"{{input.m.k}}", "v"},
		{"{{input.none}}", nil},
		{"[{{input.none}}]", "[]"},
		{"{{input.users}}", []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}}},
		{"{{input.users.0}} and {{input.n}}", `{"name":"a"} and 3`},
		{"{{system.userId}}/{{system.userName}}/{{system.orgId}}", "u1/alice/o1"},
		{"{{system.date}} {{system.now}}", "2026-01-02 2026-01-02T03:04:05Z"},
		{"{{system.timestamp}}", now.UnixMilli()},
		{"{{account.appKey}}", "k1"},
		{"{{request.lang}}", "zh"},
		{"{{response.code}}", int64(0)},
		{"{{response.data.list.#.id}}", []any{int64(1), int64(2)}},
		{"{{response.data.list.1}}", map[string]any{"id": int64(2)}},
		{"{{status}}", int64(200)},
		{"HTTP {{status}}", "HTTP 200"},
		{"{{headers.x-trace-id}}", "t-9"},
		{"{{headers.Set-Cookie}}", "a=1, b=2"},
		{"{{outputs.total}}", int64(2)},
		{"{{steps.list.outputs.count}}", int64(7)},
		{"{{item.id}}", int64(5)},
		{"{{cause}}", "connect timeout"},
		{"no placeholder", "no placeholder"},
	}
	for _, tc := range cases {
		tpl, err := compileTemplate(tc.src)
		require.NoError(t, err, tc.src)
		assert.Equal(t, tc.want, tpl.value(ec), tc.src)
	}
	sys, err := compileTemplate("{{system}}")
	require.NoError(t, err)
	all := sys.value(ec).(map[string]any)
	assert.Len(t, all, 7)
	assert.NotEmpty(t, all["uuid"])

	for _, bad := range []string{"{{inputs.x}}", "{{input.x", "{{}}", "{{status.code}}"} {
		_, err := compileTemplate(bad)
		assert.Error(t, err, bad)
	}

	// A body that is not JSON: response paths read nothing, the whole is text.
	text := &evalCtx{body: "<html>busy</html>"}
	tpl, _ := compileTemplate("{{response.code}}|{{response}}")
	assert.Equal(t, "|<html>busy</html>", tpl.value(text))
}
