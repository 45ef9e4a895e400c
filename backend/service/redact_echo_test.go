package service_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// echoSecret is a password with the characters each escaping rewrites.
const echoSecret = "pw s3cr/t&<x>+é"

// texts collects every string of a JSON-like value, and of the JSON
// documents found in its strings, and of base64 raw bytes under "raw".
func texts(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
		var doc any
		if (strings.HasPrefix(x, "{") || strings.HasPrefix(x, "[")) && json.Unmarshal([]byte(x), &doc) == nil {
			texts(doc, out)
		}
	case map[string]any:
		for k, e := range x {
			*out = append(*out, k)
			if s, ok := e.(string); ok && k == "raw" {
				b, err := base64.StdEncoding.DecodeString(s)
				if err == nil {
					*out = append(*out, string(b))
				}
			}
			texts(e, out)
		}
	case []any:
		for _, e := range x {
			texts(e, out)
		}
	case nil:
	default:
		*out = append(*out, fmt.Sprint(x))
	}
}

func textsOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var doc any
	require.NoError(t, json.Unmarshal(b, &doc))
	var out []string
	texts(doc, &out)
	return strings.Join(out, "\n")
}

func requireNoEchoForms(t *testing.T, where, text string) {
	t.Helper()
	for i, s := range []string{echoSecret, "ann:" + echoSecret} {
		for _, f := range invoketest.EchoForms(s) {
			assert.NotContains(t, text, f.Text, "%s: secret %d in form %s", where, i, f.Name)
		}
	}
}

// A server echoing the password and the basic pair in every form servers use
// (JSON-, PHP-, URL-, HTML-escaped, base64, hex) leaves none of them in the
// result, the history row as the SQLite file holds it, the history detail,
// "view as" in every charset, or the raw bytes kept.
func TestInvoke_RedactionCoversEchoedForms(t *testing.T) {
	e := withAPI(newEnv(t))
	srv := invoketest.SecretEchoServer(t, echoSecret, "ann:"+echoSecret)
	in := connTo("echo", srv.URL)
	in.Auth = domain.Auth{Type: domain.AuthBasic}
	e.addConn(in)
	_, err := e.svc.SaveAccount(e.ctx, admin, "api", "echo", service.AccountInput{Name: "main",
		Fields: map[string]string{"username": "ann"}, Secrets: map[string]*string{"password": ptr(echoSecret)}})
	require.NoError(t, err)
	it := interfaceIn("echo", "echo")
	for _, f := range invoketest.EchoForms(echoSecret) {
		it.Response = append(it.Response, domain.ResponseParam{Name: "f-" + f.Name, Type: "string", Path: "0-" + f.Name})
	}
	_, err = e.svc.CreateInterface(e.ctx, admin, "api", it)
	require.NoError(t, err)

	res := e.invoke(admin, "echo", id("7"))
	require.Equal(t, invoke.VerdictOK, res.Verdict, res.Message)
	assert.Contains(t, res.Response.Body, `"code":0`, "what is not secret stays")
	requireNoEchoForms(t, "result", textsOf(t, res)+"\n"+string(res.Response.Raw))

	snap := snapshot(t, e.svc)
	require.Len(t, snap["invocations"], 1)
	row := snap["invocations"][0]
	requireNoEchoForms(t, "history row", row)
	rows := e.invocations()
	require.Len(t, rows, 1)
	requireNoEchoForms(t, "history row documents", textsOf(t, rows[0]))

	d, err := e.svc.GetHistory(e.ctx, admin, res.HistoryID)
	require.NoError(t, err)
	requireNoEchoForms(t, "history detail", textsOf(t, d))
	for _, cs := range domain.Charsets {
		text, err := e.svc.ViewHistoryAs(e.ctx, admin, res.HistoryID, cs)
		if err != nil {
			requireCode(t, err, domain.ERule)
			assert.False(t, d.Response.CanViewAs)
			continue
		}
		requireNoEchoForms(t, "view as "+cs, text)
	}
}
