package invoke

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

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
