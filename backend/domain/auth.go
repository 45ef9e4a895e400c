package domain

//go:generate go test -run TestAuthSchemes_GeneratedTS -update .

import (
	"maps"
	"slices"
	"strings"
)

// Auth scheme types.
const (
	AuthNone          = "none"
	AuthBasic         = "basic"
	AuthAPIKey        = "apiKey"
	AuthBearer        = "bearer"
	AuthAppCode       = "appCode"
	AuthTokenExchange = "tokenExchange"
)

// The account fields the fixed schemes read.
const (
	FieldUsername = "username"
	FieldPassword = "password"
	FieldKey      = "key"
	FieldToken    = "token"
	FieldAppCode  = "appCode"
)

// AuthField is an account field an auth scheme reads.
type AuthField struct {
	Name string `json:"name"`
	// Secret: the field is kept encrypted and never accepted as a plain field.
	Secret bool `json:"secret"`
	// Required: a call refuses an account without it, before sending anything.
	Required bool `json:"required"`
}

// AuthScheme is what one auth scheme reads from a connection's account.
type AuthScheme struct {
	Type   string      `json:"type"`
	Fields []AuthField `json:"fields"`
	// Templated: the scheme also reads the fields its templates name
	// ({{account.x}}); which of those are secret is the account's own choice.
	Templated bool `json:"templated"`
}

// AuthSchemes is the one table of the auth schemes and the account fields
// each reads (spec/PACKAGE.md), in display order. Validation, the call's
// account check and credentials, the redactor and the connection form
// (frontend/src/features/connections/authFields.generated.ts, written from
// it by go generate) all read it.
var AuthSchemes = []AuthScheme{
	{Type: AuthNone},
	{Type: AuthBasic, Fields: []AuthField{
		{Name: FieldUsername, Required: true},
		{Name: FieldPassword, Secret: true, Required: true},
	}},
	{Type: AuthAPIKey, Fields: []AuthField{{Name: FieldKey, Secret: true, Required: true}}},
	{Type: AuthBearer, Fields: []AuthField{{Name: FieldToken, Secret: true, Required: true}}},
	{Type: AuthAppCode, Fields: []AuthField{{Name: FieldAppCode, Secret: true, Required: true}}},
	{Type: AuthTokenExchange, Templated: true},
}

// AuthTypes lists every auth scheme, in display order.
var AuthTypes = authTypes()

func authTypes() []string {
	types := make([]string, len(AuthSchemes))
	for i, s := range AuthSchemes {
		types[i] = s.Type
	}
	return types
}

// AuthSchemeOf returns the scheme of authType; ok is false for an unknown type.
func AuthSchemeOf(authType string) (s AuthScheme, ok bool) {
	i := slices.IndexFunc(AuthSchemes, func(s AuthScheme) bool { return s.Type == authType })
	if i < 0 {
		return AuthScheme{}, false
	}
	return AuthSchemes[i], true
}

// SecretFieldsOf returns the account fields that the scheme reads as secrets.
// Token exchange reads whatever its templates name; which of those are secret is
// the account's own choice, so it returns none.
func SecretFieldsOf(authType string) []string {
	return fieldsOf(authType, func(f AuthField) bool { return f.Secret })
}

// RequiredFieldsOf returns the account fields a call with the scheme needs.
func RequiredFieldsOf(authType string) []string {
	return fieldsOf(authType, func(f AuthField) bool { return f.Required })
}

func fieldsOf(authType string, keep func(AuthField) bool) []string {
	s, _ := AuthSchemeOf(authType)
	var names []string
	for _, f := range s.Fields {
		if keep(f) {
			names = append(names, f.Name)
		}
	}
	return names
}

// ValidateAuth checks an auth scheme's settings.
func ValidateAuth(a *Auth) error {
	if err := oneOf("type", a.Type, AuthTypes); err != nil {
		return err
	}
	switch a.Type {
	case AuthAPIKey:
		if a.APIKey == nil {
			return Invalid("apiKey", "is required for the apiKey scheme").With(RAuthSettingsMissing, "scheme", AuthAPIKey)
		}
		if err := required("apiKey.name", a.APIKey.Name); err != nil {
			return err
		}
		if err := oneOf("apiKey.in", a.APIKey.In, []string{InHeader, InQuery}); err != nil {
			return err
		}
		return placedName("apiKey.name", a.APIKey.In, a.APIKey.Name)
	case AuthTokenExchange:
		te := a.TokenExchange
		if te == nil {
			return Invalid("tokenExchange", "is required for the tokenExchange scheme").With(RAuthSettingsMissing, "scheme", AuthTokenExchange)
		}
		if err := ValidateMethod("tokenExchange.method", te.Method); err != nil {
			return err
		}
		if err := required("tokenExchange.url", te.URL); err != nil {
			return err
		}
		// The call treats anything but http:// and https:// as a path
		// relative to the connection, so another scheme could only fail there.
		if m := urlScheme.FindStringSubmatch(strings.TrimSpace(te.URL)); m != nil && m[1] != "http" && m[1] != "https" {
			return Invalid("tokenExchange.url", "%q is not an http or https URL: write http(s)://host/path (scheme in lower case), or a path relative to the connection such as /oauth/token", te.URL).With(RTokenURLScheme, "url", te.URL)
		}
		for _, name := range slices.Sorted(maps.Keys(te.Headers)) {
			if err := ValidateHeaderName(KeyPath("tokenExchange.headers", name), name); err != nil {
				return err
			}
		}
		if err := oneOf("tokenExchange.bodyType", te.BodyType, BodyTypes); err != nil {
			return err
		}
		if err := required("tokenExchange.tokenPath", te.TokenPath); err != nil {
			return err
		}
		if te.TTLSec < 0 {
			return Invalid("tokenExchange.ttlSec", "must not be negative").With(RFieldNegative)
		}
		if err := oneOf("tokenExchange.inject.in", te.Inject.In, []string{InHeader, InQuery}); err != nil {
			return err
		}
		if err := required("tokenExchange.inject.name", te.Inject.Name); err != nil {
			return err
		}
		if err := placedName("tokenExchange.inject.name", te.Inject.In, te.Inject.Name); err != nil {
			return err
		}
		if te.RefreshWhen != nil {
			if err := ValidateCondition(*te.RefreshWhen, nil); err != nil {
				return Prefix("tokenExchange.refreshWhen", err)
			}
		}
	}
	return nil
}

// placedName checks the name of a header or query parameter that auth places.
func placedName(field, in, name string) error {
	if in == InHeader {
		return ValidateHeaderName(field, name)
	}
	return PlainText(field, name)
}
