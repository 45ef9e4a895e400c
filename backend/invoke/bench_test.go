package invoke

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"junction/backend/domain"
)

// benchBody is a 1 KB JSON answer.
var benchBody = func() []byte {
	var items []string
	for i := range 11 {
		items = append(items, fmt.Sprintf(`{"id":%d,"name":"department-%02d","manager":"user-%03d","active":true,"headcount":%d}`, 100+i, i, i*7, 10+i))
	}
	b := `{"code":0,"msg":"ok","requestId":"3f1c2a9e-55aa-4c1e-9d0b-1b2c3d4e5f60","data":{"total":11,"list":[` + strings.Join(items, ",") + `]}}`
	return []byte(b)
}()

func benchServer(b *testing.B) *httptest.Server {
	if len(benchBody) < 1000 || len(benchBody) > 1100 {
		b.Fatalf("bench body is %d bytes, want about 1 KB", len(benchBody))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(benchBody)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkInvoke: GET, 1 KB JSON, 5 response params, a two-rule condition,
// against a loopback server, through the whole pipeline.
func BenchmarkInvoke(b *testing.B) {
	srv := benchServer(b)
	e := newEngine(b, Options{})
	it := newIface("GET", "/departments", "none")
	it.Response = []domain.ResponseParam{
		{Name: "code", Type: "integer", Path: "code"},
		{Name: "msg", Type: "string", Path: "msg"},
		{Name: "total", Type: "integer", Path: "data.total"},
		{Name: "firstId", Type: "integer", Path: "data.list.0.id"},
		{Name: "requestId", Type: "string", Path: "requestId"},
	}
	it.Success = domain.Condition{All: []domain.Condition{
		{Field: "status", Op: "eq", Value: 200.0},
		{Field: "response.code", Op: "eq", Value: 0.0},
	}}
	c := &Call{Interface: it, Target: Target{Connection: connToURL(srv.URL)}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := e.Invoke(ctx, c)
		if err != nil || !res.OK || res.Outputs["total"] != int64(11) {
			b.Fatalf("invoke: %v %+v", err, res)
		}
	}
}

// BenchmarkPlainNetHTTP GETs and json-decodes the same answer with a plain
// net/http client: the floor BenchmarkInvoke is measured against.
func BenchmarkPlainNetHTTP(b *testing.B) {
	srv := benchServer(b)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	url := srv.URL + "/departments"
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(body, &v); err != nil || resp.StatusCode != 200 || v["code"] != 0.0 {
			b.Fatalf("plain: %v %d", err, resp.StatusCode)
		}
	}
}
