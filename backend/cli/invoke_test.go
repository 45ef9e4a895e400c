package cli

import (
	"context"
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// seed opens the test's store through the service (as the first-run profile
// alice), runs fn and closes it again before the CLI runs.
func (e *env) seed(fn func(ctx context.Context, svc *service.Service)) {
	e.t.Helper()
	svc, err := service.Open(service.Config{DBPath: e.db, KeyPath: e.key})
	require.NoError(e.t, err)
	defer func() { require.NoError(e.t, svc.Close()) }()
	ctx := context.Background()
	_, err = svc.EnsureProfile(ctx, "alice")
	require.NoError(e.t, err)
	fn(ctx, svc)
}

// postIface is POST /users/{id} with a JSON body of typed params; success is
// status 200 and outputs.code 0.
func postIface(key, conn string) service.InterfaceInput {
	input := domain.Source{Kind: domain.SourceInput}
	return service.InterfaceInput{
		Key: key, Name: "Interface " + key, ConnectionKey: conn, Method: "POST", Path: "/users/{id}", BodyType: "json",
		Request: []domain.Param{
			{Name: "id", In: domain.InPath, Type: "string", Required: true, Source: input},
			{Name: "name", In: domain.InBody, Type: "string", Source: input},
			{Name: "count", In: domain.InBody, Type: "integer", Source: input},
			{Name: "flag", In: domain.InBody, Type: "boolean", Source: input},
			{Name: "tags", In: domain.InBody, Type: "array", Source: input},
			{Name: "user", In: domain.InBody, Type: "object", Source: input, Children: []domain.Param{
				{Name: "name", Type: "string", Source: input},
				{Name: "age", Type: "integer", Source: input},
			}},
		},
		Response: []domain.ResponseParam{{Name: "code", Type: "integer", Path: "code"}, {Name: "name", Type: "string", Path: "data.name"}},
		Success: domain.Condition{All: []domain.Condition{
			{Field: "status", Op: "eq", Value: float64(200)},
			{Field: "outputs.code", Op: "eq", Value: float64(0)},
		}},
		Messages: domain.Messages{Unmet: "refused: {{response.msg}}"},
	}
}

// invokeFixture is connector api with one connection and interface per
// server: good (answers code 0), bad (code 7), refused (nothing listens),
// and the profile bob who may not see api.
type invokeFixture struct {
	*env
	good *invoketest.Server
}

func newInvokeFixture(t *testing.T) *invokeFixture {
	f := &invokeFixture{env: newEnv(t)}
	f.good = invoketest.JSONServer(t, 200, `{"code":0,"data":{"name":"Ann"}}`)
	targets := map[string]string{
		"good":    f.good.Host(),
		"bad":     invoketest.JSONServer(t, 200, `{"code":7,"msg":"quota exceeded"}`).Host(),
		"refused": invoketest.RefusedAddr(t),
	}
	f.seed(func(ctx context.Context, svc *service.Service) {
		_, err := svc.CreateConnector(ctx, "alice", service.ConnectorInput{Key: "api", Name: "API"})
		require.NoError(t, err)
		for key, host := range targets {
			_, err := svc.CreateConnection(ctx, "alice", "api", service.ConnectionInput{Key: key, Name: key, Protocol: "http",
				Host: host, ConnectTimeoutSec: 5, ResponseTimeoutSec: 5})
			require.NoError(t, err)
			_, err = svc.CreateInterface(ctx, "alice", "api", postIface(key, key))
			require.NoError(t, err)
		}
		_, err = svc.AddUser(ctx, "alice", service.UserInput{Name: "bob", Perms: []string{domain.PermConnectorsView}})
		require.NoError(t, err)
	})
	return f
}

// invokeJSON runs invoke --json and decodes its one document.
func (f *invokeFixture) invokeJSON(wantCode int, args ...string) map[string]any {
	f.t.Helper()
	r := f.run(append([]string{"invoke", "--json"}, args...)...)
	require.Equal(f.t, wantCode, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	var doc map[string]any
	require.NoError(f.t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
	return doc
}

// sentBody is the JSON body of the last request the good server received.
func (f *invokeFixture) sentBody() map[string]any {
	f.t.Helper()
	var body map[string]any
	require.NoError(f.t, json.Unmarshal(f.good.Last().Body, &body), string(f.good.Last().Body))
	return body
}

func TestInvoke_ExitCodes(t *testing.T) {
	f := newInvokeFixture(t)

	doc := f.invokeJSON(ExitOK, "api/good", "--input", "id=7")
	assert.Equal(t, "ok", doc["verdict"])

	doc = f.invokeJSON(ExitUnmet, "api/bad", "--input", "id=7")
	assert.Equal(t, "unmet", doc["verdict"])
	assert.Equal(t, "refused: quota exceeded", doc["message"])

	doc = f.invokeJSON(ExitTransport, "api/refused", "--input", "id=7")
	assert.Equal(t, "error", doc["verdict"])
	assert.Equal(t, false, doc["ok"])
	assert.NotEmpty(t, doc["cause"])

	t.Run("a response timeout is exit 4", func(t *testing.T) {
		slow := invoketest.SlowServer(t, time.Minute)
		f.seed(func(ctx context.Context, svc *service.Service) {
			_, err := svc.CreateConnection(ctx, "alice", "api", service.ConnectionInput{Key: "slow", Name: "slow", Protocol: "http",
				Host: slow.Host(), ConnectTimeoutSec: 1, ResponseTimeoutSec: 1})
			require.NoError(t, err)
			_, err = svc.CreateInterface(ctx, "alice", "api", postIface("slow", "slow"))
			require.NoError(t, err)
		})
		doc := f.invokeJSON(ExitTransport, "api/slow", "--input", "id=7")
		assert.Equal(t, "timeout", doc["verdict"])
	})

	t.Run("a missing required input is exit 2 naming it", func(t *testing.T) {
		r := f.run("invoke", "api/good", "--json")
		assert.Equal(t, ExitUsage, r.code)
		e := decodeError(t, r)
		assert.Equal(t, domain.EValidation, e.Error.Code)
		assert.Equal(t, "inputs.id", e.Error.Field)
		r = f.run("invoke", "api/good")
		assert.Equal(t, ExitUsage, r.code)
		assert.Contains(t, oneErrorLine(t, r), "inputs.id")
	})

	t.Run("permission is exit 3", func(t *testing.T) {
		r := f.run("--as", "bob", "invoke", "api/good", "--input", "id=7")
		assert.Equal(t, ExitPermission, r.code, r.stderr)
		oneErrorLine(t, r)
	})

	t.Run("not found is exit 5", func(t *testing.T) {
		for _, args := range [][]string{
			{"invoke", "api/nope", "--input", "id=7"},
			{"invoke", "nope/good", "--input", "id=7"},
			{"invoke", "api/good", "--input", "id=7", "--connection", "nope"},
			{"invoke", "api/good", "--input", "id=7", "--account", "nope"},
		} {
			r := f.run(args...)
			assert.Equal(t, ExitNotFound, r.code, "%v: %s", args, r.stderr)
		}
	})

	t.Run("usage errors are exit 2", func(t *testing.T) {
		for _, args := range [][]string{
			{"invoke"},
			{"invoke", "api"},
			{"invoke", "api/good", "--input", "id"},
			{"invoke", "api/good", "--input", "=7"},
			{"invoke", "api/good", "--input", "a..b=7"},
			{"invoke", "api/good", "--repeat", "0"},
			{"invoke", "api/good", "--concurrency", "2"},
			{"invoke", "api/good", "--repeat", "2", "--concurrency", "0"},
			{"invoke", "api/good", "--input-json", f.dir + "/missing.json"},
			{"invoke", "api/good", "--input-json", f.writeFile("list.json", `[1,2]`)},
			{"invoke", "api/good", "--input-json", f.writeFile("broken.json", `{"id":`)},
		} {
			r := f.run(args...)
			assert.Equal(t, ExitUsage, r.code, "%v: %s", args, r.stderr)
		}
	})

	t.Run("the CLI records kind invoke", func(t *testing.T) {
		var rows []map[string]any
		f.json(&rows, "audit", "--action", "interface.invoke")
		require.NotEmpty(t, rows)
		assert.Contains(t, rows[0]["summary"], "invoked")
		f.seed(func(ctx context.Context, svc *service.Service) {
			items, err := svc.ListHistory(ctx, "alice", "api", "good", 0)
			require.NoError(t, err)
			require.NotEmpty(t, items)
			assert.Equal(t, domain.InvocationInvoke, items[0].Kind)
		})
	})
}

func TestInvoke_JSONShape(t *testing.T) {
	f := newInvokeFixture(t)
	doc := f.invokeJSON(ExitOK, "api/good", "--input", "id=7", "--input", "name=Ann")

	assert.Equal(t, "ok", doc["verdict"])
	assert.Equal(t, true, doc["ok"])
	assert.IsType(t, "", doc["message"])
	assert.Equal(t, float64(200), doc["status"])
	assert.Equal(t, map[string]any{"code": float64(0), "name": "Ann"}, doc["outputs"])

	req, ok := doc["request"].(map[string]any)
	require.True(t, ok, "request is an object: %v", doc["request"])
	assert.Equal(t, "POST", req["method"])
	assert.Equal(t, "http://"+f.good.Host()+"/users/7", req["url"])
	assert.IsType(t, map[string]any{}, req["headers"])
	assert.JSONEq(t, `{"name":"Ann"}`, req["body"].(string))

	resp, ok := doc["response"].(map[string]any)
	require.True(t, ok, "response is an object: %v", doc["response"])
	headers, ok := resp["headers"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, "application/json", headers["Content-Type"])
	assert.JSONEq(t, `{"code":0,"data":{"name":"Ann"}}`, resp["body"].(string))
	assert.Equal(t, false, resp["truncated"])

	timing, ok := doc["timing"].(map[string]any)
	require.True(t, ok, "timing is an object: %v", doc["timing"])
	for _, k := range []string{"totalMs", "connectMs", "tlsMs", "firstByteMs"} {
		assert.IsType(t, float64(0), timing[k], k)
	}
	assert.Positive(t, timing["totalMs"])

	t.Run("text", func(t *testing.T) {
		out := f.ok("invoke", "api/good", "--input", "id=7")
		assertContainsAll(t, out, "verdict:", "ok", "status:", "200", "POST http://"+f.good.Host()+"/users/7",
			"timing:", "outputs:", `name`, `"Ann"`, "response body", `{"code":0,"data":{"name":"Ann"}}`)
	})
}

func TestInvoke_Inputs(t *testing.T) {
	f := newInvokeFixture(t)

	t.Run("JSON values, dotted paths and strings", func(t *testing.T) {
		f.invokeJSON(ExitOK, "api/good", "--input", "id=7", "--input", "name=007", "--input", "count=3",
			"--input", "flag=true", "--input", `tags=["a","b,c"]`, "--input", "user.name=Bob", "--input", "user.age=42")
		assert.Equal(t, "/users/7", f.good.Last().Path)
		assert.Equal(t, map[string]any{"name": "007", "count": float64(3), "flag": true, "tags": []any{"a", "b,c"},
			"user": map[string]any{"name": "Bob", "age": float64(42)}}, f.sentBody())

		f.invokeJSON(ExitOK, "api/good", "--input", "id=a=b", "--input", `name={"not json"`, "--input", `user={"name":"Eve","age":7}`)
		assert.Equal(t, "/users/a=b", f.good.Last().Path)
		assert.Equal(t, map[string]any{"name": `{"not json"`, "user": map[string]any{"name": "Eve", "age": float64(7)}}, f.sentBody())

		f.invokeJSON(ExitOK, "api/good", "--input", "id=1", "--input", `name="quoted"`, "--input", "count=9007199254740993")
		assert.Equal(t, "quoted", f.sentBody()["name"])
		assert.Contains(t, string(f.good.Last().Body), `"count":9007199254740993`, "integers stay exact")
	})

	t.Run("--input-json from a file, then --input overrides", func(t *testing.T) {
		file := f.writeFile("in.json", `{"id":"9","name":"File","user":{"name":"F","age":1}}`)
		f.invokeJSON(ExitOK, "api/good", "--input-json", file, "--input", "user.age=2")
		assert.Equal(t, "/users/9", f.good.Last().Path)
		assert.Equal(t, map[string]any{"name": "File", "user": map[string]any{"name": "F", "age": float64(2)}}, f.sentBody())
	})

	t.Run("--input-json from standard input", func(t *testing.T) {
		r := f.runIn(`{"id":"11","tags":["x"]}`, "invoke", "api/good", "--input-json", "-", "--input", "name=Stdin")
		require.Equal(t, ExitOK, r.code, r.stderr)
		assert.Equal(t, "/users/11", f.good.Last().Path)
		assert.Equal(t, map[string]any{"name": "Stdin", "tags": []any{"x"}}, f.sentBody())
	})
}

func TestInvoke_Repeat(t *testing.T) {
	f := newInvokeFixture(t)
	keys := []string{"runs", "ok", "unmet", "timeout", "error", "p50Ms", "p95Ms", "p99Ms", "perSecond"}

	before := f.good.Count()
	doc := f.invokeJSON(ExitOK, "api/good", "--input", "id=7", "--repeat", "12", "--concurrency", "3")
	for _, k := range keys {
		assert.IsType(t, float64(0), doc[k], k)
	}
	assert.Equal(t, float64(12), doc["runs"])
	assert.Equal(t, float64(12), doc["ok"])
	assert.Equal(t, float64(0), doc["unmet"].(float64)+doc["timeout"].(float64)+doc["error"].(float64))
	assert.Positive(t, doc["perSecond"])
	assert.Equal(t, 12, f.good.Count()-before)

	doc = f.invokeJSON(ExitUnmet, "api/bad", "--input", "id=7", "--repeat", "3")
	assert.Equal(t, float64(3), doc["unmet"])
	doc = f.invokeJSON(ExitTransport, "api/refused", "--input", "id=7", "--repeat", "2")
	assert.Equal(t, float64(2), doc["error"])

	out := f.ok("invoke", "api/good", "--input", "id=7", "--repeat", "2")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, len(keys), out)
	for i, k := range keys {
		assert.True(t, strings.HasPrefix(lines[i], k+":"), "line %d: %q", i, lines[i])
	}

	// One bulk history row and one audit entry per run, not one per call.
	f.seed(func(ctx context.Context, svc *service.Service) {
		items, err := svc.ListHistory(ctx, "alice", "api", "good", 0)
		require.NoError(t, err)
		require.Len(t, items, 2)
		assert.Equal(t, domain.InvocationBulk, items[0].Kind)
		page, err := svc.ListAudit(ctx, "alice", service.AuditQuery{Action: "interface.invoke"})
		require.NoError(t, err)
		assert.Equal(t, int64(4), page.Total)
	})
}

// A repeated run collects garbage at GOGC 150 unless the user chose a GOGC.
func TestInvoke_RepeatRaisesGOGC(t *testing.T) {
	f := newInvokeFixture(t)
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOGC", "")
	f.invokeJSON(ExitOK, "api/good", "--input", "id=7", "--repeat", "2")
	assert.Equal(t, 150, debug.SetGCPercent(100), "GOGC unset")

	t.Setenv("GOGC", "100")
	f.invokeJSON(ExitOK, "api/good", "--input", "id=7", "--repeat", "2")
	assert.Equal(t, 100, debug.SetGCPercent(100), "the user's GOGC is kept")
}
