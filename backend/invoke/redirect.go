package invoke

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"junction/backend/domain"
)

// Redirects. A call follows up to 10 redirects. Referer is never sent on a
// redirect (it would carry the URL of the hop before, a query API key
// included). Once a redirect leaves the origin of the first request (another
// scheme, host or port), the credentials the auth scheme placed are not sent
// on that hop or any later one: Authorization, Cookie, the API-key or
// exchanged-token header, the API-key or token query param; a token
// request's own headers; and a token request whose body (the account's
// credentials) would be sent again (307/308) is refused. A redirect from
// https to http is refused. Result.Redirects lists the hops followed and
// what each stripped, and a note says it in words.

// Redirect is one redirect a call followed.
type Redirect struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Status int    `json:"status"`
	// Stripped names the credentials not sent to To because it is another
	// origin than the first request: "header X-Api-Key", "query param key".
	Stripped []string `json:"stripped,omitempty"`
}

// redirectGuard is the redirect policy of one request and the hops it
// followed; send puts it in the request's context for checkRedirect.
type redirectGuard struct {
	cs *charset
	// headers and query name the credentials the auth scheme placed, beside
	// Authorization and Cookie, which are always stripped on leaving.
	headers []string
	query   []string
	// noBodyResend refuses a cross-origin redirect that would send the body
	// again: a token request's body carries the account's credentials.
	noBodyResend bool
	left         bool // a hop left the first request's origin
	hops         []Redirect
}

type redirectGuardKey struct{}

// redirectRefused is a redirect Junction does not follow; note says why.
type redirectRefused struct{ note domain.Note }

func (r *redirectRefused) Error() string { return r.note.Text }

// callGuard is the guard of an interface call: the scheme's credentials.
func callGuard(ci *connInfo) *redirectGuard {
	g := &redirectGuard{cs: ci.cs, headers: authHeaders(ci)}
	switch ci.auth.Type {
	case domain.AuthAPIKey:
		if k := ci.auth.APIKey; k != nil && k.In == domain.InQuery {
			g.query = []string{k.Name}
		}
	case domain.AuthTokenExchange:
		if te := ci.auth.TokenExchange; te != nil && te.Inject.In == domain.InQuery {
			g.query = []string{te.Inject.Name}
		}
	}
	return g
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return errTooManyRedirects
	}
	prev := via[len(via)-1]
	for name := range req.Header {
		if strings.EqualFold(name, "Referer") {
			delete(req.Header, name)
		}
	}
	if strings.EqualFold(prev.URL.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
		return &redirectRefused{domain.Notef(domain.RCallRedirectTLS, "the server redirected from https to %s (%s): Junction does not follow a redirect that leaves TLS, since the credentials and the answer would travel unencrypted; set the connection to the address the system means", "scheme", req.URL.Scheme, "url", req.URL.Redacted())}
	}
	g, _ := req.Context().Value(redirectGuardKey{}).(*redirectGuard)
	if g == nil {
		return nil
	}
	hop := Redirect{From: prev.URL.String()}
	if req.Response != nil {
		hop.Status = req.Response.StatusCode
	}
	if !sameOrigin(via[0].URL, req.URL) {
		g.left = true
	}
	if g.left {
		if g.noBodyResend && req.GetBody != nil && req.ContentLength != 0 {
			return &redirectRefused{domain.Notef(domain.RCallRedirectResend, "the server redirected (HTTP %s) to another origin (%s) asking for the request body to be sent again; Junction does not send the token request's credentials there", "status", strconv.Itoa(hop.Status), "url", req.URL.Redacted())}
		}
		for name := range req.Header {
			if slices.ContainsFunc(append([]string{"Authorization", "Cookie"}, g.headers...), func(h string) bool { return strings.EqualFold(h, name) }) {
				delete(req.Header, name)
				hop.Stripped = append(hop.Stripped, "header "+name)
			}
		}
		for _, name := range g.query {
			if q := removeQueryParam([]byte(req.URL.RawQuery), g.cs, name); string(q) != req.URL.RawQuery {
				req.URL.RawQuery = string(q)
				hop.Stripped = append(hop.Stripped, "query param "+name)
			}
		}
		slices.Sort(hop.Stripped)
	}
	hop.To = req.URL.String()
	g.hops = append(g.hops, hop)
	return nil
}

// sameOrigin compares scheme, host and port (the scheme's default port when
// none is written).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// notes says in words which redirects went to another origin and what was
// not sent there.
func (g *redirectGuard) notes() []domain.Note {
	var out []domain.Note
	for _, h := range g.hops {
		if len(h.Stripped) == 0 {
			continue
		}
		out = append(out, domain.Notef(domain.RNoteRedirectStripped, "redirected (HTTP %s) from %s to %s, another origin: %s not sent there",
			"status", strconv.Itoa(h.Status), "from", h.From, "to", h.To, "stripped", strings.Join(h.Stripped, ", ")))
	}
	return out
}

func withRedirectGuard(ctx context.Context, g *redirectGuard) context.Context {
	if g == nil {
		return ctx
	}
	return context.WithValue(ctx, redirectGuardKey{}, g)
}

func isRedirectRefused(err error) (domain.Note, bool) {
	var r *redirectRefused
	if errors.As(err, &r) {
		return r.note, true
	}
	return domain.Note{}, false
}
