package invoke

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// reasonTexts reads one language's texts of the engine's reasons.
func reasonTexts(t *testing.T, lang string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile("../../frontend/src/i18n/reasons/invoke." + lang + ".json")
	require.NoError(t, err)
	var m map[string]string
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

// render fills a UI text's {param}s as vue-i18n does.
func render(text string, p domain.Params) string {
	return placeholder.ReplaceAllStringFunc(text, func(m string) string { return p[m[1:len(m)-1]] })
}

func placeholders(text string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return names
}

// Every network failure is classified once, with a kind (a check step's
// Reason), a verdict and a sentence whose reason the UI has in English and
// Chinese: the English UI text with the params is the sentence itself.
func TestClassifyNet(t *testing.T) {
	t.Parallel()
	en, zh := reasonTexts(t, "en"), reasonTexts(t, "zh-CN")
	dial := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://hr.example/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: err}}
	}
	cases := []struct {
		name    string
		err     error
		kind    string
		verdict string
		reason  domain.Reason
	}{
		{"no such host", dial(&net.DNSError{Err: "no such host", Name: "hr.example", IsNotFound: true}), "dnsNotFound", VerdictError, domain.RNetDNSNotFound},
		{"dns timeout", dial(&net.DNSError{Err: "i/o timeout", Name: "hr.example", IsTimeout: true}), "timeout", VerdictTimeout, domain.RNetDNSTimeout},
		{"dns failure", dial(&net.DNSError{Err: "server misbehaving", Name: "hr.example"}), "dnsFailed", VerdictError, domain.RNetDNSFailed},
		{"refused", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED)), "refused", VerdictError, domain.RNetRefused},
		{"unreachable", dial(os.NewSyscallError("connect", syscall.EHOSTUNREACH)), "unreachable", VerdictError, domain.RNetUnreachable},
		{"unknown authority", x509.UnknownAuthorityError{}, "unknownAuthority", VerdictError, domain.RNetCertUnknownAuthority},
		{"host mismatch", x509.HostnameError{Certificate: &x509.Certificate{DNSNames: []string{"a.example"}}, Host: "hr.example"}, "hostnameMismatch", VerdictError, domain.RNetCertHostMismatch},
		{"host mismatch without names", x509.HostnameError{Certificate: &x509.Certificate{}, Host: "hr.example"}, "hostnameMismatch", VerdictError, domain.RNetCertHostDetail},
		{"expired", x509.CertificateInvalidError{Reason: x509.Expired, Detail: "current time is after"}, "expired", VerdictError, domain.RNetCertInvalid},
		{"invalid", x509.CertificateInvalidError{Reason: x509.NotAuthorizedToSign}, "certInvalid", VerdictError, domain.RNetCertInvalid},
		{"not TLS", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, "notTLS", VerdictError, domain.RNetNotTLS},
		{"certificate required", &net.OpError{Op: "remote error", Err: tls.AlertError(116)}, "certRequired", VerdictError, domain.RNetCertRequired},
		{"bad certificate", errors.New("remote error: tls: bad certificate"), "certRefused", VerdictError, domain.RNetCertRefused},
		{"protocol version", tls.AlertError(70), "noCommonVersion", VerdictError, domain.RNetNoCommonVersion},
		{"other alert", tls.AlertError(80), "tlsRefused", VerdictError, domain.RNetTLSRefused},
		{"other TLS failure", errors.New("tls: oversized record received"), "other", VerdictError, domain.RNetTLSFailed},
		{"reset", dial(os.NewSyscallError("read", syscall.ECONNRESET)), "reset", VerdictError, domain.RNetReset},
		{"closed", &url.Error{Op: "Get", URL: "https://hr.example/", Err: io.ErrUnexpectedEOF}, "closed", VerdictError, domain.RNetClosed},
		{"timeout", &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, "timeout", VerdictTimeout, domain.RNetTimeout},
		{"anything else", errors.New("something odd"), "other", VerdictError, domain.RNetOther},
	}
	seen := map[domain.Reason]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			nf := classifyNet(tc.err, "hr.example:443")
			assert.Equal(t, tc.kind, nf.kind)
			assert.Equal(t, tc.verdict, nf.verdict)
			assert.Equal(t, tc.reason, nf.note.Reason)
			require.Contains(t, en, string(tc.reason))
			require.Contains(t, zh, string(tc.reason))
			assert.Equal(t, nf.note.Text, render(en[string(tc.reason)], nf.note.Params), "the UI's English is the CLI's")
			assert.Equal(t, placeholders(en[string(tc.reason)]), placeholders(zh[string(tc.reason)]), "both languages name the same params")
		})
		seen[tc.reason] = true
	}
	for _, r := range domain.Reasons() {
		if _, ok := en[string(r)]; ok && strings.HasPrefix(string(r), "net.") {
			assert.True(t, seen[r], "reason %s has no case here", r)
		}
	}
}

// A call and a connection check of the same failure say the same thing,
// with the same reason: the one classification serves both.
func TestClassifyNet_CallsAndChecksAgree(t *testing.T) {
	t.Parallel()
	addr := invoketest.RefusedAddr(t)
	e := newEngine(t, Options{})
	conn := connToURL("http://" + addr)
	res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: conn}})
	require.NotNil(t, res.CauseNote)
	assert.Equal(t, domain.RNetRefused, res.CauseNote.Reason)
	assert.Equal(t, res.Cause, res.CauseNote.Text)

	pr := e.Probe(t.Context(), Target{Connection: conn})
	require.NotNil(t, pr.TCP.Note)
	assert.Equal(t, "refused", pr.TCP.Reason)
	assert.Equal(t, *res.CauseNote, *pr.TCP.Note)
	assert.Equal(t, res.Cause, pr.TCP.Error)
}

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
