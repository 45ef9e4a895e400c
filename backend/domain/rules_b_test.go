package domain_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"junction/backend/domain"
)

func TestValidateHeaderName(t *testing.T) {
	for _, ok := range []string{"X-Api-Key", "Authorization", "x_trace.id", "Accept"} {
		assert.NoError(t, domain.ValidateHeaderName("h", ok), ok)
	}
	for _, bad := range []string{"", "Content-Length", "transfer-encoding", "HOST", "Connection", "TE", "Trailer", "Upgrade",
		"X Key", "X:Key", "X-Key\r\nInjected: 1", "X-\x1b[31m"} {
		err := domain.ValidateHeaderName("h", bad)
		if assert.Error(t, err, "%q", bad) {
			assert.Equal(t, "h", domain.ErrorField(err))
		}
	}
}

func TestPlainTextAndKeyPath(t *testing.T) {
	assert.NoError(t, domain.PlainText("name", "Kunden & Aufträge 订单"))
	for _, bad := range []string{"a\x1b[2Jb", "a\nb", "a\tb", "a\x7fb", "a\u0085b", "a\u202eb"} {
		assert.Error(t, domain.PlainText("name", bad), "%q", bad)
	}
	assert.Equal(t, "fields.tenant", domain.KeyPath("fields", "tenant"))
	assert.Equal(t, `fields["a\x1bb"]`, domain.KeyPath("fields", "a\x1bb"))
	assert.Equal(t, `fields["x.y"]`, domain.KeyPath("fields", "x.y"))
}

func TestFiniteJSON(t *testing.T) {
	for _, ok := range []string{`1`, `-2.5e300`, `{"a":[1,2,{"b":3}]}`, `"1e999"`, `null`} {
		assert.NoError(t, domain.FiniteJSON("default", json.RawMessage(ok)), ok)
	}
	for _, bad := range []string{`1e999`, `{"a":[-1e400]}`} {
		err := domain.FiniteJSON("default", json.RawMessage(bad))
		if assert.Error(t, err, bad) {
			assert.Equal(t, "default", domain.ErrorField(err))
		}
	}
}

func TestValidateAuth_TokenURLScheme(t *testing.T) {
	te := func(url string) *domain.Auth {
		return &domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{Method: "POST", URL: url, BodyType: "json",
			TokenPath: "t", Inject: domain.TokenInject{In: domain.InHeader, Name: "X-Token"}}}
	}
	for _, ok := range []string{"https://auth.example.com/token", "http://10.0.0.1:8080/t", "/oauth/token", "token?a=b:c", "{{account.base}}/t"} {
		assert.NoError(t, domain.ValidateAuth(te(ok)), ok)
	}
	for _, bad := range []string{"file:///etc/passwd", "ftp://x/y", "HTTPS://upper.example.com/t", "javascript:alert(1)"} {
		err := domain.ValidateAuth(te(bad))
		if assert.Error(t, err, bad) {
			assert.Equal(t, "tokenExchange.url", domain.ErrorField(err))
		}
	}
}
