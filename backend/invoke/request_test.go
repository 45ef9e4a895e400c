package invoke

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

func TestURLQueryAndHeaders(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	conn := connTo(srv)
	conn.BasePath = "open/v1/"
	it := newIface("GET", "/depts/{id}/users/{name}", "none",
		in("id", "path", "integer"),
		in("name", "path", "string"),
		in("q", "query", "string"),
		in("ids", "query", "array"),
		static("lang", "query", "string", "zh_CN"),
		in("X-Trace", "header", "string"),
		static("x-lower-case", "header", "string", "kept"),
	)
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn}, Inputs: map[string]any{
		"id": "12", "name": "a b/c?d", "q": "x&y=z +", "ids": []any{1, 2}, "X-Trace": "t-1",
	}})
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	got := srv.Last()
	assert.Equal(t, "/open/v1/depts/12/users/a%20b%2Fc%3Fd", got.Path)
	assert.Equal(t, "q=x%26y%3Dz+%2B&ids=1&ids=2&lang=zh_CN", got.RawQuery, "definition order, lists repeat the name")
	assert.Equal(t, "t-1", got.Header.Get("X-Trace"))
	assert.Equal(t, "kept", got.Header.Get("X-Lower-Case"))
	assert.Equal(t, "Junction/1", got.Header.Get("User-Agent"))
	assert.Equal(t, srv.URL+"/open/v1/depts/12/users/a%20b%2Fc%3Fd?q=x%26y%3Dz+%2B&ids=1&ids=2&lang=zh_CN", res.Request.URL)
	assert.Equal(t, "GET", res.Request.Method)
	assert.Equal(t, "t-1", res.Request.Headers["X-Trace"])
	assert.Empty(t, res.Request.Body)
	assert.Nil(t, got.Body)
}

func TestBodies(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	inputs := map[string]any{"name": "张 三&", "age": 30, "tags": []any{"a", "b"}}
	params := []domain.Param{in("name", "body", "string"), in("age", "body", "integer"), in("tags", "body", "array")}

	t.Run("form", func(t *testing.T) {
		res := run(t, e, &Call{Interface: newIface("POST", "/f", "form", params...), Target: Target{Connection: connTo(srv)}, Inputs: inputs})
		require.Equal(t, VerdictOK, res.Verdict, res.Message)
		got := srv.Last()
		assert.Equal(t, "application/x-www-form-urlencoded; charset=UTF-8", got.Header.Get("Content-Type"))
		assert.Equal(t, "name=%E5%BC%A0+%E4%B8%89%26&age=30&tags=a&tags=b", string(got.Body))
		assert.Equal(t, string(got.Body), res.Request.Body)
	})
	t.Run("multipart", func(t *testing.T) {
		res := run(t, e, &Call{Interface: newIface("POST", "/m", "multipart", params...), Target: Target{Connection: connTo(srv)}, Inputs: inputs})
		require.Equal(t, VerdictOK, res.Verdict, res.Message)
		got := srv.Last()
		mt, ps, err := mime.ParseMediaType(got.Header.Get("Content-Type"))
		require.NoError(t, err)
		assert.Equal(t, "multipart/form-data", mt)
		r := multipart.NewReader(bytes.NewReader(got.Body), ps["boundary"])
		var fields [][2]string
		for {
			part, err := r.NextPart()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			v, _ := io.ReadAll(part)
			fields = append(fields, [2]string{part.FormName(), string(v)})
		}
		assert.Equal(t, [][2]string{{"name", "张 三&"}, {"age", "30"}, {"tags", "a"}, {"tags", "b"}}, fields)
		assert.Contains(t, res.Request.Body, "张 三&")
	})
	t.Run("text from a template", func(t *testing.T) {
		it := newIface("POST", "/t", "text", tmpl("content", "body", "string", "Hello {{input.name}}, you are {{input.age}}"))
		res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}, Inputs: inputs})
		require.Equal(t, VerdictOK, res.Verdict, res.Message)
		got := srv.Last()
		assert.Equal(t, "text/plain; charset=UTF-8", got.Header.Get("Content-Type"))
		assert.Equal(t, "Hello 张 三&, you are 30", string(got.Body))
	})
	t.Run("xml under <request>", func(t *testing.T) {
		res := run(t, e, &Call{Interface: newIface("POST", "/x", "xml", params...), Target: Target{Connection: connTo(srv)}, Inputs: inputs})
		require.Equal(t, VerdictOK, res.Verdict, res.Message)
		got := srv.Last()
		assert.Equal(t, "application/xml; charset=UTF-8", got.Header.Get("Content-Type"))
		assert.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><request><name>张 三&amp;</name><age>30</age><tags>a</tags><tags>b</tags></request>`, string(got.Body))
	})
	t.Run("xml rooted at a single object param", func(t *testing.T) {
		order := withChildren(in("Order", "body", "object"), in("Id", "", "integer"),
			withChildren(in("Line", "", "array"), in("Sku", "", "string"), in("Qty", "", "integer")))
		res := run(t, e, &Call{Interface: newIface("POST", "/x", "xml", order), Target: Target{Connection: connTo(srv)}, Inputs: map[string]any{
			"Order": map[string]any{"Id": "7", "Line": []any{map[string]any{"Sku": "A<1>", "Qty": 2}, map[string]any{"Sku": "B", "Qty": 1}}},
		}})
		require.Equal(t, VerdictOK, res.Verdict, res.Message)
		assert.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Order><Id>7</Id><Line><Sku>A&lt;1&gt;</Sku><Qty>2</Qty></Line><Line><Sku>B</Sku><Qty>1</Qty></Line></Order>`, string(srv.Last().Body))
	})
	t.Run("an interface's own Content-Type wins", func(t *testing.T) {
		it := newIface("POST", "/j", "json", in("name", "body", "string"), static("content-type", "header", "string", "application/vnd.legacy+json"))
		res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}, Inputs: inputs})
		require.Equal(t, VerdictOK, res.Verdict, res.Message)
		assert.Equal(t, []string{"application/vnd.legacy+json"}, srv.Last().Header.Values("Content-Type"))
	})
}

func TestRepeatedCallsReuseTheConnection(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none")
	for range 5 {
		res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
		require.Equal(t, VerdictOK, res.Verdict)
	}
	assert.Equal(t, 5, srv.Requests())
	assert.Equal(t, 1, srv.Conns())
	assert.Equal(t, int64(1), e.compiles.Load())
	assert.Len(t, e.transports.m, 1)

	e.Drop(connTo(srv).ID)
	assert.Empty(t, e.transports.m)
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	require.Equal(t, VerdictOK, res.Verdict)
	assert.Equal(t, 2, srv.Conns(), "a dropped connection's transport is rebuilt")
}

// A definition stored before header names were compared without case can
// hold a system or static header and a caller input differing only in case:
// the definition's value is the one on the wire, whatever the order.
func TestDefinitionHeadersWinOverInputs(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	it := newIface("GET", "/h", "none",
		system("X-User-Id", "header", "userId"),
		in("x-user-id", "header", "string"),
		in("x-tenant", "header", "string"),
		static("X-Tenant", "header", "string", "fixed"),
		in("X-Free", "header", "string"),
	)
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)},
		System: System{UserID: "u-1"},
		Inputs: map[string]any{"x-user-id": "forged", "x-tenant": "other", "X-Free": "mine"}})
	require.Equal(t, VerdictOK, res.Verdict, res.Message)
	got := srv.Last()
	assert.Equal(t, []string{"u-1"}, got.Header.Values("X-User-Id"), "the login user's id, not the caller's")
	assert.Equal(t, []string{"fixed"}, got.Header.Values("X-Tenant"))
	assert.Equal(t, "mine", got.Header.Get("X-Free"), "an input with no definition header of its name is sent")
	assert.Equal(t, "u-1", res.Request.Headers["X-User-Id"])
	assert.NotContains(t, res.Request.Headers, "x-user-id")
}
