package invoke

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

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
			b, err := json.Marshal(res)
			require.NoError(t, err)
			for _, s := range append(tc.secrets, "cert-Pass-0") {
				assert.NotContains(t, string(b), s)
			}
			assert.Contains(t, string(b), "[redacted]")
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
