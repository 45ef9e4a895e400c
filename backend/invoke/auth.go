package invoke

import (
	"encoding/base64"
	"net/url"
	"strings"

	"junction/backend/domain"
)

// How each auth scheme sends the account fields it reads (domain.AuthSchemes
// says which those are):
//
//	basic          username:password -> Authorization: Basic base64(...),
//	               the pair written in the connection's charset
//	apiKey         key -> the header or query param named apiKey.name
//	bearer         token -> Authorization: Bearer <token>
//	appCode        appCode -> Authorization: APPCODE <code>
//	tokenExchange  what its templates read -> inject.prefix + token into the
//	               header or query param inject.name (see token.go)

// checkAccount makes sure the connection has its scheme's settings and the
// account holds the fields the scheme requires, before anything is sent.
func checkAccount(ci *connInfo, acct *Account) error {
	typ := ci.auth.Type
	if typ == "" {
		typ = domain.AuthNone
	}
	if _, ok := domain.AuthSchemeOf(typ); !ok {
		return domain.Invalid("connection.auth.type", "%q is not one of %s", ci.auth.Type, strings.Join(domain.AuthTypes, ", "))
	}
	switch typ {
	case domain.AuthAPIKey:
		if ci.auth.APIKey == nil || ci.auth.APIKey.Name == "" {
			return domain.Invalid("connection.auth.apiKey.name", "is required for the apiKey scheme")
		}
	case domain.AuthTokenExchange:
		if ci.auth.TokenExchange == nil {
			return domain.Invalid("connection.auth.tokenExchange", "is required for the tokenExchange scheme")
		}
	}
	// A token exchange requires no field: it reads whatever its templates
	// name, and without an account they read nothing, which the token
	// endpoint will judge.
	need := domain.RequiredFieldsOf(typ)
	if len(need) == 0 {
		return nil
	}
	if acct == nil {
		return domain.Invalid("account", "the connection uses %s auth and no account was given: add an account to the connection", typ)
	}
	for _, f := range need {
		if acct.Fields[f] == "" {
			return domain.Invalid("account."+f, "account %s has no %s, which the connection's %s auth needs", acct.Name, f, typ)
		}
	}
	return nil
}

// applyAuth adds the scheme's credentials to the request; token is the
// exchanged token of a tokenExchange connection.
func applyAuth(out *outgoing, ci *connInfo, acct *Account, token string) error {
	switch ci.auth.Type {
	case domain.AuthBasic:
		pair, err := ci.cs.encode(acct.Fields[domain.FieldUsername] + ":" + acct.Fields[domain.FieldPassword])
		if err != nil {
			return domain.Invalid("account.username", "%v", err)
		}
		setHeader(out.Header, "Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(pair)))
	case domain.AuthAPIKey:
		return inject(out, ci, ci.auth.APIKey.In, ci.auth.APIKey.Name, acct.Fields[domain.FieldKey])
	case domain.AuthBearer:
		setHeader(out.Header, "Authorization", "Bearer "+acct.Fields[domain.FieldToken])
	case domain.AuthAppCode:
		setHeader(out.Header, "Authorization", "APPCODE "+acct.Fields[domain.FieldAppCode])
	case domain.AuthTokenExchange:
		te := ci.auth.TokenExchange
		return inject(out, ci, te.Inject.In, te.Inject.Name, te.Inject.Prefix+token)
	}
	return nil
}

// inject puts a credential into a header or a query param, replacing what
// an earlier attempt put there.
func inject(out *outgoing, ci *connInfo, in, name, value string) error {
	if in == domain.InQuery {
		out.query = removeQueryParam(out.query, ci.cs, name)
		var err error
		out.query, err = appendQueryPair(out.query, ci.cs, name, value)
		if err != nil {
			return domain.Invalid("account", "the credential cannot be written in %s: %v", ci.cs.name, err)
		}
		return nil
	}
	if strings.ContainsAny(value, "\r\n") {
		return domain.Invalid("account", "the credential for header %s contains a line break", name)
	}
	setHeader(out.Header, name, value)
	return nil
}

// removeQueryParam drops name=... pairs from an encoded query.
func removeQueryParam(q []byte, cs *charset, name string) []byte {
	if len(q) == 0 {
		return q
	}
	enc, err := cs.encode(name)
	if err != nil {
		return q
	}
	prefix := url.QueryEscape(enc) + "="
	parts := strings.Split(string(q), "&")
	kept := parts[:0]
	for _, p := range parts {
		if !strings.HasPrefix(p, prefix) {
			kept = append(kept, p)
		}
	}
	return []byte(strings.Join(kept, "&"))
}

// authHeaders are the request headers that carry the scheme's credential,
// redacted from the record beside Authorization, Proxy-Authorization and
// Cookie.
func authHeaders(ci *connInfo) []string {
	switch ci.auth.Type {
	case domain.AuthAPIKey:
		if ci.auth.APIKey != nil && ci.auth.APIKey.In == domain.InHeader {
			return []string{ci.auth.APIKey.Name}
		}
	case domain.AuthTokenExchange:
		if te := ci.auth.TokenExchange; te != nil && te.Inject.In != domain.InQuery {
			return []string{te.Inject.Name}
		}
	}
	return nil
}
