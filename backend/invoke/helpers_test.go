package invoke

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

var ifaceSeq atomic.Int64

// connTo is a connection to a test server.
func connTo(srv *invoketest.Server) domain.Connection {
	return connToURL(srv.URL)
}

func connToURL(u string) domain.Connection {
	proto, host, _ := strings.Cut(u, "://")
	return domain.Connection{
		ID:                 "conn-" + host,
		Key:                "test",
		Protocol:           proto,
		Host:               host,
		Charset:            "UTF-8",
		ConnectTimeoutSec:  5,
		ResponseTimeoutSec: 5,
		Proxy:              "none",
		Auth:               domain.Auth{Type: domain.AuthNone},
	}
}

// statusOK is the success condition "status eq 200".
var statusOK = domain.Condition{All: []domain.Condition{{Field: "status", Op: "eq", Value: 200.0}}}

// newIface is an interface with a fresh ID, revision 1 and success status eq 200.
func newIface(method, path, bodyType string, params ...domain.Param) *domain.Interface {
	return &domain.Interface{
		ID:       "iface-" + itoa(ifaceSeq.Add(1)),
		Key:      "test",
		Name:     "Test",
		Method:   method,
		Path:     path,
		BodyType: bodyType,
		Request:  params,
		Success:  statusOK,
		Revision: 1,
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// in, static, system, tmpl build params.
func in(name, where, typ string) domain.Param {
	return domain.Param{Name: name, In: where, Type: typ, Source: domain.Source{Kind: domain.SourceInput}}
}

func static(name, where, typ, value string) domain.Param {
	return domain.Param{Name: name, In: where, Type: typ, Source: domain.Source{Kind: domain.SourceStatic, Value: value}}
}

func system(name, where, field string) domain.Param {
	typ := "string"
	if field == "timestamp" {
		typ = "integer"
	}
	return domain.Param{Name: name, In: where, Type: typ, Source: domain.Source{Kind: domain.SourceSystem, Value: field}}
}

func tmpl(name, where, typ, value string) domain.Param {
	return domain.Param{Name: name, In: where, Type: typ, Source: domain.Source{Kind: domain.SourceTemplate, Value: value}}
}

func required(p domain.Param) domain.Param { p.Required = true; return p }

func withDefault(p domain.Param, def string) domain.Param {
	p.Default = json.RawMessage(def)
	return p
}

func withChildren(p domain.Param, children ...domain.Param) domain.Param {
	p.Children = children
	return p
}

func newEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	e := NewEngine(opts)
	t.Cleanup(func() {
		e.transports.mu.Lock()
		defer e.transports.mu.Unlock()
		for _, te := range e.transports.m {
			te.tr.CloseIdleConnections()
		}
	})
	return e
}

// run invokes and requires no error.
func run(t testing.TB, e *Engine, c *Call) *Result {
	t.Helper()
	res, err := e.Invoke(context.Background(), c)
	require.NoError(t, err)
	require.NotNil(t, res)
	return res
}

// okJSON is a handler answering 200 {"code":0,"msg":"ok"}.
var okJSON = invoketest.JSONHandler(http.StatusOK, `{"code":0,"msg":"ok"}`)

// echoServer answers with what it received: method, path, raw query,
// headers and body (as text).
func echoServer(t testing.TB) *invoketest.Server {
	return invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := make([]byte, 0)
		if r.Body != nil {
			buf := make([]byte, 1<<16)
			for {
				n, err := r.Body.Read(buf)
				body = append(body, buf[:n]...)
				if err != nil {
					break
				}
			}
		}
		hs := map[string]string{}
		for k, v := range r.Header {
			hs[k] = strings.Join(v, ", ")
		}
		out, _ := json.Marshal(map[string]any{"code": 0, "method": r.Method, "uri": r.RequestURI, "headers": hs, "body": string(body)})
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	}))
}

// jsonWithout asserts that v, as JSON, holds none of the secrets, and returns
// that JSON for further checks.
func jsonWithout(t testing.TB, v any, secrets ...string) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	for _, s := range secrets {
		assert.NotContains(t, string(b), s)
	}
	return string(b)
}
