package invoke

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
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

// TestSourcesAndTypes sends one body param per case and asserts the exact
// JSON the server received.
func TestSourcesAndTypes(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	fixed := time.Date(2026, 11, 23, 8, 30, 0, 0, time.FixedZone("CST", 8*3600))
	e := newEngine(t, Options{Now: func() time.Time { return fixed }})
	cases := []struct {
		name   string
		param  domain.Param
		inputs map[string]any
		want   string // the JSON body received
	}{
		{"input string", in("v", "body", "string"), map[string]any{"v": "张三"}, `{"v":"张三"}`},
		{"input absent, default applies", withDefault(in("v", "body", "integer"), `7`), nil, `{"v":7}`},
		{"input given beats default", withDefault(in("v", "body", "integer"), `7`), map[string]any{"v": 8}, `{"v":8}`},
		{"input absent, optional, left out", in("v", "body", "string"), nil, `{}`},
		{"input null counts as absent", withDefault(in("v", "body", "string"), `"d"`), map[string]any{"v": nil}, `{"v":"d"}`},
		{"numeric string for integer coerces", in("v", "body", "integer"), map[string]any{"v": "42"}, `{"v":42}`},
		{"float with integral value for integer", in("v", "body", "integer"), map[string]any{"v": 42.0}, `{"v":42}`},
		{"big integer keeps its digits", in("v", "body", "integer"), map[string]any{"v": "9007199254740993"}, `{"v":9007199254740993}`},
		{"numeric string for number", in("v", "body", "number"), map[string]any{"v": "1.25"}, `{"v":1.25}`},
		{"number for string", in("v", "body", "string"), map[string]any{"v": 123}, `{"v":"123"}`},
		{"string true for boolean", in("v", "body", "boolean"), map[string]any{"v": "true"}, `{"v":true}`},
		{"object passes through", in("v", "body", "object"), map[string]any{"v": map[string]any{"a": 1, "b": []any{"x"}}}, `{"v":{"a":1,"b":["x"]}}`},
		{"array passes through", in("v", "body", "array"), map[string]any{"v": []string{"a", "b"}}, `{"v":["a","b"]}`},
		{"static integer", static("v", "body", "integer", "1"), nil, `{"v":1}`},
		{"static number", static("v", "body", "number", "2.5"), nil, `{"v":2.5}`},
		{"static boolean", static("v", "body", "boolean", "false"), nil, `{"v":false}`},
		{"static string", static("v", "body", "string", "zh_CN"), nil, `{"v":"zh_CN"}`},
		{"static object", static("v", "body", "object", `{"k":[1,2]}`), nil, `{"v":{"k":[1,2]}}`},
		{"static array", static("v", "body", "array", `[1,"a"]`), nil, `{"v":[1,"a"]}`},
		{"system userId", system("v", "body", "userId"), nil, `{"v":"u-1"}`},
		{"system userName", system("v", "body", "userName"), nil, `{"v":"alice"}`},
		{"system orgId", system("v", "body", "orgId"), nil, `{"v":"org-9"}`},
		{"system now", system("v", "body", "now"), nil, `{"v":"2026-11-23T08:30:00+08:00"}`},
		{"system timestamp", system("v", "body", "timestamp"), nil, `{"v":` + strconv.FormatInt(fixed.UnixMilli(), 10) + `}`},
		{"system date", system("v", "body", "date"), nil, `{"v":"2026-11-23"}`},
		{"template single placeholder keeps type", tmpl("v", "body", "integer", "{{input.n}}"), map[string]any{"n": 5}, `{"v":5}`},
		{"template single placeholder keeps object", tmpl("v", "body", "object", "{{ input.o }}"), map[string]any{"o": map[string]any{"x": true}}, `{"v":{"x":true}}`},
		{"template interpolates text", tmpl("v", "body", "string", "{{input.a}}-{{input.n}}"), map[string]any{"a": "x", "n": 5}, `{"v":"x-5"}`},
		{"template reads a gjson query", tmpl("v", "body", "integer", "{{input.list.#}}"), map[string]any{"list": []any{1, 2, 3}}, `{"v":3}`},
		{"template reads system and account", tmpl("v", "body", "string", "{{system.userName}}@{{account.tenant}}"), nil, `{"v":"alice@t1"}`},
		{"template string coerced to integer", tmpl("v", "body", "integer", "{{input.s}}"), map[string]any{"s": "12"}, `{"v":12}`},
		{"template without value is absent", tmpl("v", "body", "string", "{{input.none}}"), nil, `{}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := newIface("POST", "/x", "json", tc.param)
			c := &Call{Interface: it, Target: Target{Connection: connTo(srv), Account: &Account{Name: "a", Fields: map[string]string{"tenant": "t1"}}},
				Inputs: tc.inputs, System: System{UserID: "u-1", UserName: "alice", OrgID: "org-9"}}
			res, err := e.Invoke(t.Context(), c)
			require.NoError(t, err)
			assert.Equal(t, VerdictOK, res.Verdict, res.Message)
			assert.Equal(t, tc.want, res.Request.Body)
		})
	}
}

func TestSystemUUIDIsOneValuePerInvocation(t *testing.T) {
	t.Parallel()
	srv := echoServer(t)
	e := newEngine(t, Options{})
	it := newIface("POST", "/x", "json", system("id", "body", "uuid"), system("X-Request-Id", "header", "uuid"))
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	var body map[string]string
	require.NoError(t, json.Unmarshal([]byte(res.Request.Body), &body))
	_, err := uuid.Parse(body["id"])
	require.NoError(t, err)
	assert.Equal(t, body["id"], srv.Last().Header.Get("X-Request-Id"))
}

func TestInputErrorsNameTheParam(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	user := withChildren(required(in("user", "body", "object")),
		required(in("name", "", "string")), in("age", "", "integer"))
	users := withChildren(in("users", "body", "array"), required(in("id", "", "integer")))
	cases := []struct {
		name   string
		params []domain.Param
		inputs map[string]any
		field  string
		msg    string
	}{
		{"required missing", []domain.Param{required(in("name", "query", "string"))}, nil, "inputs.name", "is required"},
		{"path param missing", []domain.Param{in("id", "path", "integer")}, nil, "inputs.id", "is required"},
		{"abc for integer", []domain.Param{in("age", "query", "integer")}, map[string]any{"age": "abc"}, "inputs.age", `must be an integer, not "abc"`},
		{"fraction for integer", []domain.Param{in("age", "query", "integer")}, map[string]any{"age": 1.5}, "inputs.age", "must be an integer"},
		{"text for number", []domain.Param{in("n", "query", "number")}, map[string]any{"n": "1,5"}, "inputs.n", "must be a number"},
		{"text for boolean", []domain.Param{in("b", "query", "boolean")}, map[string]any{"b": "yes please"}, "inputs.b", "must be true or false"},
		{"object for string", []domain.Param{in("s", "query", "string")}, map[string]any{"s": map[string]any{}}, "inputs.s", "must be text, not an object"},
		{"scalar for array", []domain.Param{in("l", "body", "array")}, map[string]any{"l": 3}, "inputs.l", "must be a list"},
		{"list for object", []domain.Param{in("o", "body", "object")}, map[string]any{"o": []any{}}, "inputs.o", "must be an object"},
		{"nested required", []domain.Param{user}, map[string]any{"user": map[string]any{"age": 3}}, "inputs.user.name", "is required"},
		{"nested type", []domain.Param{user}, map[string]any{"user": map[string]any{"name": "a", "age": "x"}}, "inputs.user.age", "must be an integer"},
		{"object required missing", []domain.Param{user}, nil, "inputs.user", "is required"},
		{"array element", []domain.Param{users}, map[string]any{"users": []any{map[string]any{"id": 1}, map[string]any{"id": "zz"}}}, "inputs.users[1].id", "must be an integer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := "/x"
			if tc.params[0].In == "path" {
				path = "/x/{" + tc.params[0].Name + "}"
			}
			it := newIface("POST", path, "json", tc.params...)
			_, err := e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: connTo(srv)}, Inputs: tc.inputs})
			require.Error(t, err)
			assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
			assert.Equal(t, tc.field, domain.ErrorField(err))
			assert.Contains(t, domain.ErrorMessage(err), tc.msg)
		})
	}
	assert.Equal(t, 0, srv.Requests(), "nothing is sent when inputs are wrong")
}

func TestNestedBodiesAndMappedArrays(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	it := newIface("POST", "/x", "json",
		static("version", "body", "integer", "2"),
		withChildren(in("user", "body", "object"),
			in("name", "", "string"),
			in("age", "", "integer"),
			withChildren(in("address", "", "object"), in("city", "", "string"), static("country", "", "string", "CN"))),
		withChildren(domain.Param{Name: "members", In: "body", Type: "array", Source: domain.Source{Kind: domain.SourceMap, Value: "{{input.users}}"}},
			tmpl("id", "", "integer", "{{item.uid}}"),
			tmpl("label", "", "string", "{{item.first}} {{item.last}}"),
			static("role", "", "string", "member")),
		in("tags", "body", "array"),
	)
	inputs := map[string]any{
		"user":  map[string]any{"name": "李四", "age": "30", "address": map[string]any{"city": "上海"}},
		"users": []any{map[string]any{"uid": "1", "first": "A", "last": "B"}, map[string]any{"uid": 2, "first": "C", "last": "D"}},
		"tags":  []any{"x", 1},
	}
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}, Inputs: inputs})
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	// Keys in definition order, integers as integers.
	want := `{"version":2,"user":{"name":"李四","age":30,"address":{"city":"上海","country":"CN"}},` +
		`"members":[{"id":1,"label":"A B","role":"member"},{"id":2,"label":"C D","role":"member"}],"tags":["x",1]}`
	assert.Equal(t, want, string(srv.Last().Body))
	assert.Equal(t, "application/json; charset=UTF-8", srv.Last().Header.Get("Content-Type"))
}

func TestPlanCompiledOncePerRevision(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none", in("q", "query", "string"))
	c := &Call{Interface: it, Target: Target{Connection: connTo(srv)}, Inputs: map[string]any{"q": "1"}}
	run(t, e, c)
	run(t, e, c)
	assert.Equal(t, int64(1), e.compiles.Load(), "the second invocation reuses the plan")
	assert.Equal(t, 1, srv.Conns(), "and the connection")

	edited := *it
	edited.Revision = 2
	edited.Request = []domain.Param{static("q", "query", "string", "edited")}
	run(t, e, &Call{Interface: &edited, Target: c.Target})
	assert.Equal(t, int64(2), e.compiles.Load(), "a new revision compiles again")
	assert.Equal(t, "q=edited", srv.Last().RawQuery)
}

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
