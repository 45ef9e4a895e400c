package invoke

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// TestCharsets talks to servers that assert the exact bytes they receive
// and answer in their charset.
func TestCharsets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		charset string
		text    string
	}{
		{"GBK", "中文"},
		{"GB2312", "中文汉字"},
		{"BIG5", "繁體中文"},
		{"ISO-8859-1", "café ñ"},
		{"UTF-8", "中文 ✓"},
	}
	for _, tc := range cases {
		t.Run(tc.charset, func(t *testing.T) {
			t.Parallel()
			answer := `{"code":0,"name":"` + tc.text + `"}`
			srv := invoketest.CharsetServer(t, tc.charset, answer)
			e := newEngine(t, Options{})
			conn := connTo(srv)
			conn.Charset = tc.charset
			out := []domain.ResponseParam{{Name: "name", Type: "string", Path: "name"}}
			inputs := map[string]any{"name": tc.text}

			// Path and query.
			it := newIface("GET", "/lit-"+tc.text+"/{name}", "none", in("name", "path", "string"), in("q", "query", "string"))
			it.Response = out
			res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn}, Inputs: map[string]any{"name": tc.text, "q": tc.text}})
			require.Equal(t, VerdictOK, res.Verdict, res.Message)
			got := srv.Last()
			assert.Equal(t, "/lit-"+invoketest.PercentEncode(tc.charset, tc.text)+"/"+invoketest.PercentEncode(tc.charset, tc.text), got.Path)
			assert.Equal(t, "q="+invoketest.FormEncode(tc.charset, tc.text), got.RawQuery)
			// The answer is decoded with the declared charset.
			assert.Equal(t, answer, res.Response.Body)
			assert.Equal(t, invoketest.Encode(tc.charset, answer), res.Response.Raw)
			assert.Equal(t, tc.charset, res.Response.Charset)
			assert.Equal(t, "application/json; charset="+tc.charset, res.Response.ContentType)
			assert.Equal(t, tc.text, res.Outputs["name"])
			assert.Empty(t, res.Notes)

			// Form body.
			it = newIface("POST", "/f", "form", in("name", "body", "string"))
			res = run(t, e, &Call{Interface: it, Target: Target{Connection: conn}, Inputs: inputs})
			require.Equal(t, VerdictOK, res.Verdict, res.Message)
			got = srv.Last()
			assert.Equal(t, "name="+invoketest.FormEncode(tc.charset, tc.text), string(got.Body))
			assert.Equal(t, "application/x-www-form-urlencoded; charset="+tc.charset, got.Header.Get("Content-Type"))

			// JSON body.
			it = newIface("POST", "/j", "json", in("name", "body", "string"))
			res = run(t, e, &Call{Interface: it, Target: Target{Connection: conn}, Inputs: inputs})
			require.Equal(t, VerdictOK, res.Verdict, res.Message)
			got = srv.Last()
			assert.Equal(t, invoketest.Encode(tc.charset, `{"name":"`+tc.text+`"}`), got.Body)
			assert.Equal(t, "application/json; charset="+tc.charset, got.Header.Get("Content-Type"))
			assert.Equal(t, `{"name":"`+tc.text+`"}`, res.Request.Body, "the record holds the text, not the bytes")

			// Text body.
			it = newIface("POST", "/t", "text", in("name", "body", "string"))
			run(t, e, &Call{Interface: it, Target: Target{Connection: conn}, Inputs: inputs})
			assert.Equal(t, invoketest.Encode(tc.charset, tc.text), srv.Last().Body)
		})
	}
}

func TestCharsetCannotWrite(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	user := withChildren(in("user", "body", "object"), in("name", "", "string"))
	cases := []struct {
		charset, bodyType string
		params            []domain.Param
		inputs            map[string]any
		field             string
	}{
		{"GBK", "none", []domain.Param{in("q", "query", "string")}, map[string]any{"q": "ok 😀"}, "inputs.q"},
		{"ISO-8859-1", "none", []domain.Param{in("q", "query", "string")}, map[string]any{"q": "中"}, "inputs.q"},
		{"ISO-8859-1", "form", []domain.Param{in("f", "body", "string")}, map[string]any{"f": "中"}, "inputs.f"},
		{"BIG5", "json", []domain.Param{in("a", "body", "string"), user}, map[string]any{"a": "x", "user": map[string]any{"name": "😀"}}, "inputs.user.name"},
		{"GBK", "none", []domain.Param{in("id", "path", "string")}, map[string]any{"id": "😀"}, "inputs.id"},
	}
	for _, tc := range cases {
		t.Run(tc.charset+" "+tc.field, func(t *testing.T) {
			conn := connTo(srv)
			conn.Charset = tc.charset
			path := "/x"
			if tc.params[0].In == "path" {
				path = "/x/{id}"
			}
			_, err := e.Invoke(t.Context(), &Call{Interface: newIface("POST", path, tc.bodyType, tc.params...), Target: Target{Connection: conn}, Inputs: tc.inputs})
			require.Error(t, err)
			assert.Equal(t, tc.field, domain.ErrorField(err))
			assert.Contains(t, domain.ErrorMessage(err), "cannot be written in "+tc.charset)
		})
	}
	assert.Zero(t, srv.Requests())
}

func TestDecodeAsAndCharsetDisagreement(t *testing.T) {
	t.Parallel()
	raw := invoketest.Encode("GBK", `{"msg":"成功"}`)
	// The server says UTF-8 but sends GBK: decode as declared, and say so.
	srv := invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Write(raw)
	}))
	e := newEngine(t, Options{})
	conn := connTo(srv)
	conn.Charset = "gbk"
	it := newIface("GET", "/x", "none")
	it.Response = []domain.ResponseParam{{Name: "msg", Type: "string", Path: "msg"}}
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn}})
	assert.Equal(t, "成功", res.Outputs["msg"])
	assert.Equal(t, "GBK", res.Response.Charset)
	require.Len(t, res.Notes, 1)
	assert.Contains(t, res.Notes[0], "charset=UTF-8 but the connection declares GBK")

	s, err := DecodeAs(res.Response.Raw, "GBK")
	require.NoError(t, err)
	assert.Equal(t, `{"msg":"成功"}`, s)
	s, err = DecodeAs(res.Response.Raw, "UTF-8")
	require.NoError(t, err)
	assert.NotContains(t, s, "成功")
	assert.Contains(t, s, "\uFFFD")
	s, err = DecodeAs(invoketest.Encode("BIG5", "繁體"), "big5")
	require.NoError(t, err)
	assert.Equal(t, "繁體", s)
	_, err = DecodeAs(raw, "EBCDIC")
	assert.Error(t, err)
}
