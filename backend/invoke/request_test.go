package invoke

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
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

// gbkCall is a POST to a GBK system with a Chinese query param, header and
// JSON body, and the request record the engine kept of it.
func gbkCall(t *testing.T) (*invoketest.Server, *Result) {
	t.Helper()
	srv := invoketest.CharsetServer(t, "GBK", `{"code":0}`)
	conn := connTo(srv)
	conn.Charset = "GBK"
	it := newIface("POST", "/api/users", "json",
		domain.Param{Name: "q", In: domain.InQuery, Type: "string"},
		domain.Param{Name: "name", In: domain.InBody, Type: "string"},
		domain.Param{Name: "note", In: domain.InBody, Type: "string"},
	)
	e := newEngine(t, Options{})
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn},
		Inputs: map[string]any{"q": "中文 名", "name": "张三", "note": `it's a \ "test"` + "\n第二行"}})
	require.Equal(t, VerdictOK, res.Verdict, res.Cause)
	return srv, res
}

// The copied bash command, run by a real bash and curl, sends the bytes the
// call sent: the body in GBK (not UTF-8 labelled GBK), the query
// percent-encoded from GBK.
func TestCurlBashSendsTheCharsetBytes(t *testing.T) {
	bash, err := exec.LookPath("bash")
	require.NoError(t, err, "bash is needed to run the copied command")
	_, err = exec.LookPath("curl")
	require.NoError(t, err, "curl is needed to run the copied command")
	srv, res := gbkCall(t)
	sent := srv.Last()

	cmd, err := Curl(res.Request, "GBK", ShellBash)
	require.NoError(t, err)
	assert.Contains(t, cmd, "--data-binary $'")
	assert.Contains(t, cmd, `\xD5\xC5\xC8\xFD`, "张三 in GBK")
	assert.NotContains(t, cmd, "张三", "no UTF-8 text in the command")

	out, err := exec.Command(bash, "-c", cmd+" --silent --show-error --fail").CombinedOutput()
	require.NoError(t, err, "%s\n%s", cmd, out)
	assert.Equal(t, `{"code":0}`, string(invoketest.Decode("GBK", out)))
	got := srv.Last()
	assert.Equal(t, sent.Body, got.Body, "the same body bytes")
	assert.Equal(t, invoketest.Encode("GBK", `{"name":"张三","note":"it's a \\ \"test\"\n第二行"}`), got.Body)
	assert.Equal(t, "q="+invoketest.FormEncode("GBK", "中文 名"), got.RawQuery)
	assert.Equal(t, sent.RawQuery, got.RawQuery)
	assert.Equal(t, "application/json; charset=GBK", got.Header.Get("Content-Type"))
	assert.Equal(t, "POST", got.Method)
}

// PowerShell gets the body as a byte array written to a file that curl.exe
// sends; the bytes in it are the call's.
func TestCurlPowerShell(t *testing.T) {
	srv, res := gbkCall(t)
	cmd, err := Curl(res.Request, "GBK", ShellPowerShell)
	require.NoError(t, err)
	m := regexp.MustCompile(`\$body = \[byte\[\]\]@\(([^)]*)\)`).FindStringSubmatch(cmd)
	require.NotNil(t, m, cmd)
	var body []byte
	for _, x := range strings.Split(m[1], ",") {
		n, err := strconv.ParseUint(strings.TrimPrefix(x, "0x"), 16, 8)
		require.NoError(t, err)
		body = append(body, byte(n))
	}
	assert.True(t, bytes.Equal(srv.Last().Body, body), "the byte array is the body as sent")
	assert.Contains(t, cmd, "curl.exe -X 'POST' '"+res.Request.URL+"'")
	assert.Contains(t, cmd, `--data-binary "@$($file.FullName)"`)
	assert.Contains(t, cmd, " `\n  -H 'Content-Type: application/json; charset=GBK'")
	assert.True(t, strings.HasSuffix(cmd, "\nRemove-Item $file"))
}

func TestCurlQuoting(t *testing.T) {
	cmd, err := Curl(RequestRecord{Method: "GET", URL: "http://127.0.0.1:8080/a?x=1&y=2",
		Headers: map[string]string{"X-B": "it's", "Accept": "*/*", "Host": "127.0.0.1:8080", "Content-Length": "0"}}, "UTF-8", ShellBash)
	require.NoError(t, err)
	assert.Equal(t, "curl 'http://127.0.0.1:8080/a?x=1&y=2' \\\n  -H 'Accept: */*' \\\n  -H 'X-B: it'\\''s'", cmd)

	// UTF-8 text stays readable; a redacted secret stays redacted.
	cmd, err = Curl(RequestRecord{Method: "post", URL: "https://h/p", Headers: map[string]string{"Authorization": "[redacted]"}, Body: `{"n":"张三"}`}, "UTF-8", ShellBash)
	require.NoError(t, err)
	assert.Equal(t, "curl -X POST 'https://h/p' \\\n  -H 'Authorization: [redacted]' \\\n  --data-raw '{\"n\":\"张三\"}'", cmd)

	// A GBK body starting with @ is never read as a file name.
	cmd, err = Curl(RequestRecord{Method: "POST", URL: "http://h/", Body: "@张"}, "GBK", ShellBash)
	require.NoError(t, err)
	assert.Contains(t, cmd, `--data-raw $'@\xD5\xC5'`)

	head, err := Curl(RequestRecord{Method: "HEAD", URL: "http://h/"}, "", ShellBash)
	require.NoError(t, err)
	assert.Equal(t, "curl --head 'http://h/'", head)

	_, err = Curl(RequestRecord{Method: "GET", URL: "http://h/"}, "UTF-8", "fish")
	assert.Error(t, err)
	_, err = Curl(RequestRecord{Method: "POST", URL: "http://h/", Body: "😀"}, "GBK", ShellBash)
	assert.Error(t, err, "a character GBK cannot write is named")
}

// TestSecretsNeverInResult calls an echo server, which answers with
// everything it received, so secrets come back in the response too; none
// may appear anywhere in the Result as marshalled for history and doors.
func TestSecretsNeverInResult(t *testing.T) {
	t.Parallel()
	echo := echoServer(t)
	ts := invoketest.NewTokenServer(t, invoketest.TokenOptions{AppSecret: "app-Secret-9"})
	e := newEngine(t, Options{})
	signed := func() *domain.Interface {
		it := newIface("POST", "/x", "json",
			in("q", "query", "string"),
			tmpl("sign", "body", "string", "{{account.signKey}}"),
			tmpl("sig2", "query", "string", "k={{account.signKey}}"))
		it.Success = domain.Condition{All: []domain.Condition{rule("response.code", "eq", 1.0)}} // unmet, to render the message
		it.Response = []domain.ResponseParam{
			{Name: "echoed", Type: "string", Path: "body"},
			{Name: "uri", Type: "string", Path: "uri"},
			{Name: "headers", Type: "object", Path: "headers"},
		}
		it.Messages.Unmet = "Refused for {{account.signKey}} / {{account.password}}: {{response.body}}"
		return it
	}
	cases := []struct {
		name    string
		conn    domain.Connection
		account *Account
		secrets []string
	}{
		{"basic", func() domain.Connection {
			c := connTo(echo)
			c.Auth = domain.Auth{Type: domain.AuthBasic}
			return c
		}(), &Account{Name: "a", Fields: map[string]string{"username": "alice", "password": "pw-Secret-1", "signKey": "sign/Key+1 x"}, Secret: []string{"password", "signKey"}},
			[]string{"pw-Secret-1", base64.StdEncoding.EncodeToString([]byte("alice:pw-Secret-1")), "sign/Key+1 x", "sign%2FKey%2B1+x"}},
		{"apiKey in query", func() domain.Connection {
			c := connTo(echo)
			c.Auth = domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "key", In: "query"}}
			return c
		}(), &Account{Name: "a", Fields: map[string]string{"key": "api-Key/7", "signKey": "sk-123456"}, Secret: []string{"signKey"}},
			[]string{"api-Key/7", "api-Key%2F7", "sk-123456"}},
		{"apiKey in header", func() domain.Connection {
			c := connTo(echo)
			c.Auth = domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-Key", In: "header"}}
			return c
		}(), &Account{Name: "a", Fields: map[string]string{"key": "hdr-Key-3", "signKey": "sk-999999"}, Secret: []string{"signKey"}},
			[]string{"hdr-Key-3", "sk-999999"}},
		{"bearer", func() domain.Connection {
			c := connTo(echo)
			c.Auth = domain.Auth{Type: domain.AuthBearer}
			return c
		}(), &Account{Name: "a", Fields: map[string]string{"token": "bearer-Tok-5", "signKey": "sk-555555"}, Secret: []string{"token", "signKey"}},
			[]string{"bearer-Tok-5", "sk-555555"}},
		{"token exchange", func() domain.Connection {
			c := tokenConn(ts, nil)
			return c
		}(), &Account{Name: "a", Fields: map[string]string{"appKey": "app-key", "appSecret": "app-Secret-9", "signKey": "sk-777777"}, Secret: []string{"appSecret", "signKey"}},
			[]string{"app-Secret-9", "tok-1", "sk-777777"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, e, &Call{Interface: signed(), Target: Target{Connection: tc.conn, Account: tc.account, CertPassword: "cert-Pass-0"}, Inputs: map[string]any{"q": "plain"}})
			require.NotEqual(t, VerdictError, res.Verdict, res.Message)
			b := jsonWithout(t, res, append(tc.secrets, "cert-Pass-0")...)
			assert.Contains(t, b, "[redacted]")
			assert.Contains(t, res.Request.URL, "q=plain", "what is not secret stays readable")
			assert.Contains(t, res.Message, "Refused for [redacted]")
			if tc.name != "token exchange" { // the token server does not echo
				assert.Contains(t, res.Outputs["echoed"], "[redacted]", "outputs echoing a secret are redacted too")
			}
		})
	}
	// The token exchange call's token header is redacted by name.
	res := run(t, e, &Call{Interface: signed(), Target: Target{Connection: tokenConn(ts, nil), Account: cases[4].account}})
	assert.Equal(t, "[redacted]", res.Request.Headers["X-Access-Token"])
	res = run(t, e, &Call{Interface: signed(), Target: Target{Connection: cases[0].conn, Account: cases[0].account}})
	assert.Equal(t, "[redacted]", res.Request.Headers["Authorization"])
}

// echoSecret is a password with the characters each escaping rewrites.
const echoSecret = "pw s3cr/t&<x>+é"

// resultTexts is every text a Result holds, the raw bytes included.
func resultTexts(res *Result) []string {
	out := []string{res.Request.URL, res.Request.Body, res.Response.Body, string(res.Response.Raw), res.Message, res.Cause}
	for k, v := range res.Request.Headers {
		out = append(out, k, v)
	}
	for k, v := range res.Response.Headers {
		out = append(out, k, v)
	}
	for _, h := range res.Redirects {
		out = append(out, h.From, h.To)
	}
	out = append(out, res.Notes...)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				out = append(out, k)
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		default:
			out = append(out, fmt.Sprint(x))
		}
	}
	walk(res.Outputs)
	return out
}

// A server that echoes the secret (and the basic pair) in every form it may
// take gets none of them into the result, in body, headers, outputs or raw
// bytes; the rest of the answer stays readable.
func TestRedactionCoversEchoedForms(t *testing.T) {
	t.Parallel()
	pair := "ann:" + echoSecret
	srv := invoketest.SecretEchoServer(t, echoSecret, pair)
	conn := connTo(srv)
	conn.Auth = domain.Auth{Type: domain.AuthBasic}
	it := newIface("GET", "/x", "none")
	for _, f := range invoketest.EchoForms(echoSecret) {
		it.Response = append(it.Response, domain.ResponseParam{Name: "f-" + f.Name, Type: "string", Path: "0-" + f.Name})
	}
	it.Success = domain.Condition{All: []domain.Condition{rule("response.code", "eq", 1.0)}} // unmet, to render the message
	it.Messages.Unmet = "refused for {{account.password}}"
	res := run(t, newEngine(t, Options{}), &Call{Interface: it, Target: Target{Connection: conn,
		Account: &Account{Name: "main", Fields: map[string]string{"username": "ann", "password": echoSecret}, Secret: []string{"password"}}}})
	require.Equal(t, VerdictUnmet, res.Verdict, res.Message)
	require.Equal(t, "refused for [redacted]", res.Message)
	require.NotEmpty(t, res.Response.Body)
	texts := strings.Join(resultTexts(res), "\n")
	for i, s := range []string{echoSecret, pair} {
		for _, f := range invoketest.EchoForms(s) {
			assert.NotContains(t, texts, f.Text, "secret %d, form %s", i, f.Name)
		}
	}
	assert.Contains(t, res.Response.Body, `"code":0`)
	assert.Equal(t, domain.Redacted, res.Outputs["f-plain"])
	assert.Equal(t, domain.Redacted, res.Response.Headers["X-Echo-1-Base64"])
	assert.Nil(t, res.Response.Raw, "raw bytes that hold a secret are dropped")
}

// Short secrets keep their derived forms out: the hex or base64 of two
// letters is ordinary text.
func TestRedactorShortSecretsAndForms(t *testing.T) {
	r := NewRedactor("ab")
	assert.Equal(t, "6162 YWI= [redacted]", r.String("6162 YWI= ab"))
	r = NewRedactor("a/b<c>é")
	assert.Equal(t, "[redacted] [redacted] [redacted] [redacted]", r.String(`a\/b<c>\u00e9 a\/b\u003Cc\u003E\u00E9 a%2fb%3cc%3e%c3%a9 a%2Fb%3Cc%3E%C3%A9`))
	assert.True(t, r.Holds([]byte("x 612f623c633ec3a9 y")))
	assert.False(t, r.Holds([]byte("a/b<c>e")))
}

// redirectingServer answers /token with a token and redirects every other
// request (302, query kept) to target+path.
func redirectingServer(t *testing.T, status int, target string) *invoketest.Server {
	return invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"data":{"token":"tok-Secret-4711"}}`))
			return
		}
		loc := target + "/landed" + r.URL.Path
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, loc, status)
	}))
}

// authCase is a connection's auth scheme, its account and what it places
// on the request.
type authCase struct {
	name     string
	auth     domain.Auth
	fields   map[string]string
	secret   string   // the credential as it travels
	stripped []string // what a cross-origin redirect drops
}

func authCases() []authCase {
	return []authCase{
		{"basic", domain.Auth{Type: domain.AuthBasic}, map[string]string{"username": "ann", "password": "pw-Secret-1"}, "pw-Secret-1", []string{"header Authorization"}},
		{"bearer", domain.Auth{Type: domain.AuthBearer}, map[string]string{"token": "bearer-Secret-2"}, "bearer-Secret-2", []string{"header Authorization"}},
		{"appCode", domain.Auth{Type: domain.AuthAppCode}, map[string]string{"appCode": "app-Secret-3"}, "app-Secret-3", []string{"header Authorization"}},
		{"apiKey header", domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-Api-Key", In: domain.InHeader}}, map[string]string{"key": "key-Secret-4"}, "key-Secret-4", []string{"header X-Api-Key"}},
		{"apiKey query", domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "api_key", In: domain.InQuery}}, map[string]string{"key": "key-Secret-5"}, "key-Secret-5", []string{"query param api_key"}},
		{"tokenExchange header", domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{
			URL: "/token", Method: "GET", TokenPath: "data.token", Inject: domain.TokenInject{In: domain.InHeader, Name: "X-Token"}}}, map[string]string{}, "tok-Secret-4711", []string{"header X-Token"}},
		{"tokenExchange query", domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{
			URL: "/token", Method: "GET", TokenPath: "data.token", Inject: domain.TokenInject{In: domain.InQuery, Name: "access_token"}}}, map[string]string{}, "tok-Secret-4711", []string{"query param access_token"}},
	}
}

func redirectCall(srv *invoketest.Server, ac authCase) *Call {
	conn := connTo(srv)
	conn.ID = "redirect-" + ac.name + "-" + srv.Host()
	conn.Auth = ac.auth
	it := newIface("GET", "/start", "none", static("q", domain.InQuery, "string", "plain"))
	return &Call{Interface: it, Target: Target{Connection: conn, Account: &Account{Name: "main", Fields: ac.fields, Secret: []string{"password", "token", "appCode", "key"}}}}
}

// A redirect to another port strips every credential the scheme placed and
// never sends Referer; the result lists the hop and what it stripped.
func TestRedirectToAnotherOriginStripsCredentials(t *testing.T) {
	t.Parallel()
	for _, ac := range authCases() {
		t.Run(ac.name, func(t *testing.T) {
			t.Parallel()
			target := invoketest.JSONServer(t, 200, `{"code":0}`)
			origin := redirectingServer(t, http.StatusFound, target.URL)
			e := newEngine(t, Options{})
			res := run(t, e, redirectCall(origin, ac))
			require.Equal(t, VerdictOK, res.Verdict, res.Message)

			// The origin got the credential; the target none of it.
			first := origin.All()[len(origin.All())-1]
			assert.Contains(t, first.RequestURI+strings.Join(headerValues(first.Header), " "), credOnWire(ac))
			require.Equal(t, 1, target.Count())
			got := target.Last()
			assert.Equal(t, "/landed/start", got.Path)
			assert.Equal(t, "q=plain", got.RawQuery, "the interface's own params still go")
			assert.Empty(t, got.Header.Get("Referer"))
			assert.Empty(t, got.Header.Get("Authorization"))
			assert.Empty(t, got.Header.Get("X-Api-Key"))
			assert.Empty(t, got.Header.Get("X-Token"))
			assert.NotContains(t, got.RequestURI+strings.Join(headerValues(got.Header), " "), credOnWire(ac))

			require.Len(t, res.Redirects, 1)
			h := res.Redirects[0]
			assert.Equal(t, http.StatusFound, h.Status)
			assert.Equal(t, target.URL+"/landed/start?q=plain", h.To)
			assert.True(t, strings.HasPrefix(h.From, origin.URL+"/start?"), h.From)
			assert.Equal(t, ac.stripped, h.Stripped)
			assert.NotContains(t, h.From, ac.secret, "the hop's URL is redacted")
			assert.Contains(t, strings.Join(res.Notes, "\n"), "another origin: "+strings.Join(ac.stripped, ", ")+" not sent there")
		})
	}
}

// credOnWire is how a case's credential shows on the wire.
func credOnWire(ac authCase) string {
	if ac.auth.Type == domain.AuthBasic {
		return "YW5uOnB3LVNlY3JldC0x" // base64("ann:pw-Secret-1")
	}
	return ac.secret
}

func headerValues(h http.Header) []string {
	var out []string
	for _, v := range h {
		out = append(out, v...)
	}
	return out
}

// A redirect on the same origin keeps the credentials (but still no Referer).
func TestRedirectOnSameOriginKeepsCredentials(t *testing.T) {
	t.Parallel()
	for _, ac := range authCases() {
		t.Run(ac.name, func(t *testing.T) {
			t.Parallel()
			var srv *invoketest.Server
			srv = invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/token":
					w.Write([]byte(`{"data":{"token":"tok-Secret-4711"}}`))
				case strings.HasPrefix(r.URL.Path, "/landed/"):
					w.Write([]byte(`{"code":0}`))
				default:
					http.Redirect(w, r, srv.URL+"/landed"+r.URL.Path+"?"+r.URL.RawQuery, http.StatusFound)
				}
			}))
			res := run(t, newEngine(t, Options{}), redirectCall(srv, ac))
			require.Equal(t, VerdictOK, res.Verdict, res.Message)
			last := srv.Last()
			assert.Equal(t, "/landed/start", last.Path)
			assert.Contains(t, last.RequestURI+strings.Join(headerValues(last.Header), " "), credOnWire(ac))
			assert.Empty(t, last.Header.Get("Referer"))
			require.Len(t, res.Redirects, 1)
			assert.Empty(t, res.Redirects[0].Stripped)
		})
	}
}

// https -> http is refused: nothing reaches the plain server.
func TestRedirectFromHTTPSToHTTPRefused(t *testing.T) {
	t.Parallel()
	plain := invoketest.JSONServer(t, 200, `{"code":0}`)
	ca := invoketest.NewCA(t)
	secure := invoketest.TLSServer(t, ca, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/x", http.StatusMovedPermanently)
	}))
	conn := connTo(secure)
	conn.TLS.CACertPath = ca.WritePEM(t)
	res := run(t, newEngine(t, Options{}), &Call{Interface: newIface("GET", "/start", "none"), Target: Target{Connection: conn}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "the server redirected from https to http ("+plain.URL+"/x)")
	assert.Zero(t, plain.Count())
}

// A token request whose body would be sent again to another origin (307)
// is refused: the body carries the account's credentials.
func TestTokenRequestBodyNotResentToAnotherOrigin(t *testing.T) {
	t.Parallel()
	target := invoketest.JSONServer(t, 200, `{"data":{"token":"t"}}`)
	origin := invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	conn := connTo(origin)
	conn.Auth = domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{
		URL: "/token", Method: "POST", BodyType: "json", Body: map[string]any{"secret": "{{account.secret}}"},
		Headers: map[string]string{"X-Client-Secret": "{{account.secret}}"}, TokenPath: "data.token",
		Inject: domain.TokenInject{In: domain.InHeader, Name: "X-Token"}}}
	acct := &Account{Name: "main", Fields: map[string]string{"secret": "client-Secret-9"}, Secret: []string{"secret"}}
	res := run(t, newEngine(t, Options{}), &Call{Interface: newIface("GET", "/start", "none"), Target: Target{Connection: conn, Account: acct}})
	assert.Equal(t, VerdictError, res.Verdict)
	assert.Contains(t, res.Cause, "asking for the request body to be sent again")
	assert.Zero(t, target.Count())
}
