package invoke

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

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
