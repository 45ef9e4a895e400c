package invoke

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

func TestOutputs(t *testing.T) {
	t.Parallel()
	body := `{"code":"0","total":"12","price":"3.50","ok":"Y","id":9007199254740993,
"data":{"list":[{"id":1,"name":"研发部","staff":[{"uid":"u1"},{"uid":"u2"}]},{"id":"2","name":"市场部","staff":[]}],
"ids":[3,4],"owner":{"name":"alice","age":30},"one":{"id":7,"name":"solo"}},"msg":"ok"}`
	srv := invoketest.JSONServer(t, 200, body)
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none")
	it.Response = []domain.ResponseParam{
		{Name: "code", Type: "integer", Path: "code"},
		{Name: "total", Type: "number", Path: "total"},
		{Name: "price", Type: "number", Path: "price"},
		{Name: "ok", Type: "boolean", Path: "ok"},
		{Name: "id", Type: "integer", Path: "id"},
		{Name: "idText", Type: "string", Path: "id"},
		{Name: "ids", Type: "array", Path: "data.ids"},
		{Name: "owner", Type: "object", Path: "data.owner"},
		{Name: "ownerName", Type: "object", Path: "data.owner", Children: []domain.ResponseParam{{Name: "n", Type: "string", Path: "name"}}},
		{Name: "depts", Type: "array", Path: "data.list", Children: []domain.ResponseParam{
			{Name: "id", Type: "integer", Path: "id"},
			{Name: "name", Type: "string", Path: "name"},
			{Name: "staff", Type: "array", Path: "staff", Children: []domain.ResponseParam{{Name: "uid", Type: "string", Path: "uid"}}},
			{Name: "raw", Type: "object", Path: "@this"},
		}},
		{Name: "names", Type: "array", Path: "data.list.#.name"},
		{Name: "single", Type: "array", Path: "data.one", Children: []domain.ResponseParam{{Name: "id", Type: "integer", Path: "id"}}},
		{Name: "missing", Type: "string", Path: "data.nope"},
		{Name: "wrong", Type: "integer", Path: "msg"},
	}
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	o := res.Outputs
	assert.Equal(t, int64(0), o["code"])
	assert.Equal(t, int64(12), o["total"])
	assert.Equal(t, 3.5, o["price"])
	assert.Equal(t, true, o["ok"])
	assert.Equal(t, int64(9007199254740993), o["id"])
	assert.Equal(t, "9007199254740993", o["idText"])
	assert.Equal(t, []any{int64(3), int64(4)}, o["ids"])
	assert.Equal(t, map[string]any{"name": "alice", "age": int64(30)}, o["owner"])
	assert.Equal(t, map[string]any{"n": "alice"}, o["ownerName"])
	assert.Equal(t, []any{
		map[string]any{"id": int64(1), "name": "研发部", "staff": []any{map[string]any{"uid": "u1"}, map[string]any{"uid": "u2"}},
			"raw": map[string]any{"id": int64(1), "name": "研发部", "staff": []any{map[string]any{"uid": "u1"}, map[string]any{"uid": "u2"}}}},
		map[string]any{"id": int64(2), "name": "市场部", "staff": []any{},
			"raw": map[string]any{"id": "2", "name": "市场部", "staff": []any{}}},
	}, o["depts"])
	assert.Equal(t, []any{"研发部", "市场部"}, o["names"])
	assert.Equal(t, []any{map[string]any{"id": int64(7)}}, o["single"])
	assert.Contains(t, o, "missing")
	assert.Nil(t, o["missing"])
	assert.Equal(t, "ok", o["wrong"], "a value that does not fit is kept as it came")
	assert.ElementsMatch(t, []string{
		"outputs.single: expected a list, got an object; read as a list of one",
		`outputs.wrong: expected integer, got text "ok"; kept as it came`,
	}, res.Notes)
}
