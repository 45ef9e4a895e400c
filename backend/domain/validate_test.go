package domain

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateHost(t *testing.T) {
	cases := []struct {
		host string
		ok   bool
	}{
		{"api.example.com", true},
		{"api.example.com:8443", true},
		{"10.0.0.5", true},
		{"10.0.0.5:8080", true},
		{"[::1]:8080", true},
		{"::1", true},
		{"localhost", true},
		{"erp-01.corp.local", true},
		{"", false},
		{"http://api.example.com", false},
		{"api.example.com/open", false},
		{"api example.com", false},
		{"api.example.com:0", false},
		{"api.example.com:70000", false},
		{"api.example.com:http", false},
		{"-bad.example.com", false},
		{"bad_.example.com", false},
	}
	for _, tc := range cases {
		t.Run(tc.host, func(t *testing.T) {
			err := ValidateHost("host", tc.host)
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, EValidation, ErrorCode(err))
			assert.Equal(t, "host", ErrorField(err))
		})
	}
}

func TestValidateKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"crm": true, "open-platform": true, "hr_v2": true, "0day": true,
		"": false, "Open Platform": false, "CRM": false, "-x": false, "a/b": false, "中文": false,
		"a1234567890123456789012345678901234567890123456789012345678901234": false,
	} {
		err := ValidateKey("key", key)
		assert.Equal(t, ok, err == nil, "%q: %v", key, err)
	}
}

func TestValidateMethod(t *testing.T) {
	for m, ok := range map[string]bool{"GET": true, "PROPFIND": true, "M-SEARCH": true, "": false, "GE T": false, "GET/": false} {
		assert.Equal(t, ok, ValidateMethod("method", m) == nil, m)
	}
}

func validConnection() Connection {
	c := Connection{Key: "prod", Protocol: "https", Host: "api.example.com"}
	NormalizeConnection(&c)
	return c
}

func TestNormalizeConnection(t *testing.T) {
	c := Connection{Key: " prod ", Protocol: "HTTP", Host: "x.com", BasePath: "open/", Charset: "gbk",
		TLS: TLSOptions{SkipVerify: true, ClientCertPath: "/c.pem"}, ClientCertPassword: "sealed",
		Auth: Auth{Type: AuthBasic, APIKey: &APIKeyAuth{Name: "k", In: "header"}}}
	NormalizeConnection(&c)
	assert.Equal(t, "prod", c.Key)
	assert.Equal(t, "http", c.Protocol)
	assert.Equal(t, "/open", c.BasePath)
	assert.Equal(t, "GBK", c.Charset)
	assert.Equal(t, 60, c.ConnectTimeoutSec)
	assert.Equal(t, 60, c.ResponseTimeoutSec)
	assert.Equal(t, "none", c.Proxy)
	assert.Equal(t, TLSOptions{}, c.TLS, "https-only fields are cleared for http")
	assert.Empty(t, c.ClientCertPassword)
	assert.Nil(t, c.Auth.APIKey, "settings of another scheme are dropped")
	assert.Equal(t, StatusActive, c.Status)
}

func TestValidateConnection(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Connection)
		field string
	}{
		{"valid", func(*Connection) {}, ""},
		{"bad key", func(c *Connection) { c.Key = "Prod!" }, "key"},
		{"bad protocol", func(c *Connection) { c.Protocol = "ftp" }, "protocol"},
		{"bad host", func(c *Connection) { c.Host = "https://x" }, "host"},
		{"unknown charset", func(c *Connection) { c.Charset = "EBCDIC" }, "charset"},
		{"connect timeout 0", func(c *Connection) { c.ConnectTimeoutSec = -1 }, "connectTimeoutSec"},
		{"response timeout 4000", func(c *Connection) { c.ResponseTimeoutSec = 4000 }, "responseTimeoutSec"},
		{"bad proxy", func(c *Connection) { c.Proxy = "ftp://p" }, "proxy"},
		{"proxy url", func(c *Connection) { c.Proxy = "http://proxy:8080" }, ""},
		{"proxy url with a password", func(c *Connection) { c.Proxy = "http://bob:s3cret@proxy:8080" }, "proxy"},
		{"unknown auth", func(c *Connection) { c.Auth.Type = "kerberos" }, "auth.type"},
		{"apiKey without name", func(c *Connection) { c.Auth = Auth{Type: AuthAPIKey, APIKey: &APIKeyAuth{In: "header"}} }, "auth.apiKey.name"},
		{"apiKey in body", func(c *Connection) { c.Auth = Auth{Type: AuthAPIKey, APIKey: &APIKeyAuth{Name: "k", In: "body"}} }, "auth.apiKey.in"},
		{"token exchange without token path", func(c *Connection) {
			c.Auth = Auth{Type: AuthTokenExchange, TokenExchange: &TokenExchange{Method: "POST", URL: "/token", BodyType: "json", Inject: TokenInject{In: "header", Name: "X-Token"}}}
		}, "auth.tokenExchange.tokenPath"},
		{"token exchange refreshWhen bad op", func(c *Connection) {
			c.Auth = Auth{Type: AuthTokenExchange, TokenExchange: &TokenExchange{Method: "POST", URL: "/token", BodyType: "json", TokenPath: "t",
				Inject: TokenInject{In: "header", Name: "X-Token"}, RefreshWhen: &Condition{Any: []Condition{{Field: "response.errcode", Op: "equals", Value: 1.0}}}}}
		}, "auth.tokenExchange.refreshWhen.any[0].op"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := validConnection()
			tc.edit(&c)
			err := ValidateConnection(&c)
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, EValidation, ErrorCode(err), "%v", err)
			assert.Equal(t, tc.field, ErrorField(err))
		})
	}
}

func validInterface() Interface {
	it := Interface{Key: "get-user", Name: "Get user", Method: "get", Path: "/users/{id}",
		Request: []Param{
			{Name: "id", In: InPath, Type: "integer", Required: true, Source: Source{Kind: SourceInput}},
			{Name: "X-Op", In: InHeader, Type: "string", Source: Source{Kind: SourceSystem, Value: "userId"}},
			{Name: "user", In: InBody, Type: "object", Source: Source{Kind: SourceInput}, Children: []Param{
				{Name: "name", Type: "string", Source: Source{Kind: SourceTemplate, Value: "{{input.name}}"}},
			}},
		},
		Response: []ResponseParam{{Name: "code", Type: "integer", Path: "code"}},
		Success:  Condition{All: []Condition{{Field: "status", Op: "eq", Value: 200.0}, {Field: "outputs.code", Op: "eq", Value: 0.0}}},
	}
	NormalizeInterface(&it)
	return it
}

func TestValidateInterface(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Interface)
		field string
	}{
		{"valid", func(*Interface) {}, ""},
		{"method token", func(i *Interface) { i.Method = "GE T" }, "method"},
		{"path var without param", func(i *Interface) { i.Path = "/users/{id}/{tab}" }, "path"},
		{"path param not in path", func(i *Interface) { i.Path = "/users" }, "request[0]"},
		{"query in path", func(i *Interface) { i.Path = "/users/{id}?x=1" }, "path"},
		{"no success condition", func(i *Interface) { i.Success = Condition{} }, "success"},
		{"empty group", func(i *Interface) { i.Success = Condition{Any: []Condition{}} }, "success.any"},
		{"bad condition field", func(i *Interface) { i.Success.All[0].Field = "body.code" }, "success.all[0].field"},
		{"unknown output", func(i *Interface) { i.Success.All[1].Field = "outputs.nope" }, "success.all[1].field"},
		{"bad op", func(i *Interface) { i.Success.All[0].Op = "equals" }, "success.all[0].op"},
		{"in needs list", func(i *Interface) { i.Success.All[0] = Condition{Field: "status", Op: "in", Value: 200.0} }, "success.all[0].value"},
		{"bad regex", func(i *Interface) { i.Success.All[0] = Condition{Field: "response.msg", Op: "matches", Value: "("} }, "success.all[0].value"},
		{"gt needs number", func(i *Interface) { i.Success.All[0] = Condition{Field: "status", Op: "lt", Value: "x"} }, "success.all[0].value"},
		{"param type", func(i *Interface) { i.Request[1].Type = "date" }, "request[1].type"},
		{"param in", func(i *Interface) { i.Request[1].In = "cookie" }, "request[1].in"},
		{"system field", func(i *Interface) { i.Request[1].Source.Value = "password" }, "request[1].source.value"},
		{"duplicate param", func(i *Interface) { i.Request[1].Name, i.Request[1].In = "id", InPath }, "request[1].name"},
		{"child template", func(i *Interface) { i.Request[2].Children[0].Source.Value = "plain" }, "request[2].children[0].source.value"},
		{"children on string", func(i *Interface) {
			i.Request[1].Children = []Param{{Name: "x", Type: "string", Source: Source{Kind: "input"}}}
		}, "request[1].children"},
		{"response without path", func(i *Interface) { i.Response[0].Path = "" }, "response[0].path"},
		{"body type", func(i *Interface) { i.BodyType = "yaml" }, "bodyType"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := validInterface()
			tc.edit(&it)
			err := ValidateInterface(&it)
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, EValidation, ErrorCode(err), "%v", err)
			assert.Equal(t, tc.field, ErrorField(err), "%v", err)
		})
	}
}

func TestErrorHelpers(t *testing.T) {
	err := Prefix("connectors[0]", Prefix("connections[1]", Invalid("host", "bad")))
	assert.Equal(t, "connectors[0].connections[1].host", ErrorField(err))
	assert.Equal(t, "connectors[0].connections[1].host: bad", err.Error())
	wrapped := errors.Join(errors.New("context"), Errorf(ERule, "sealed"))
	assert.Equal(t, ERule, ErrorCode(wrapped))
	assert.Equal(t, EInternal, ErrorCode(errors.New("plain")))
	assert.Equal(t, "", ErrorCode(nil))
	assert.Nil(t, Prefix("x", nil))
}

// The refusal says what is wrong with the host, not only that it is wrong.
func TestValidateHost_SaysWhatIsWrong(t *testing.T) {
	for host, want := range map[string]string{
		"https://api.example.com/open": "starts with a scheme (https://)",
		"api example.com":              "contains a space",
		"api.example.com\t":            "contains a space",
		"api.example.com/open":         `contains "/"`,
		"api.example.com?x=1":          `contains "?"`,
		"erp_01.corp.local":            "contains an underscore",
		"api..example.com":             "empty label: two dots in a row",
		".example.com":                 "empty label",
		"api.example.com.:8080":        "empty label",
		"-bad.example.com":             `label "-bad" of "-bad.example.com" starts or ends with '-'`,
		"api.exa*mple.com":             `contains "*"`,
		"a1234567890123456789012345678901234567890123456789012345678901234.com": "longer than 63 characters",
		"api.example.com:0": "port \"0\" is not a number from 1 to 65535",
	} {
		err := ValidateHost("host", host)
		require.Error(t, err, host)
		assert.Equal(t, EValidation, ErrorCode(err), host)
		assert.Equal(t, "host", ErrorField(err), host)
		assert.Contains(t, ErrorMessage(err), want, host)
	}
}

// International domain names are accepted, and saved in punycode: the form
// DNS, the TLS server name and the Host header use, whatever client sends it.
func TestValidateHost_IDN(t *testing.T) {
	for _, host := range []string{"中文.example", "中文.example:8443", "bücher.example", "xn--fiq228c.example", "例え。テスト"} {
		assert.NoError(t, ValidateHost("host", host), host)
	}
	assert.Equal(t, "xn--fiq228c.example", ASCIIHost("中文.example"))
	assert.Equal(t, "xn--fiq228c.example:8443", ASCIIHost("中文.example:8443"))
	assert.Equal(t, "xn--bcher-kva.example", ASCIIHost("BÜCHER.example"))
	assert.Equal(t, "api.example.com", ASCIIHost("api.example.com"))
	assert.Equal(t, "[::1]:8080", ASCIIHost("[::1]:8080"))

	c := Connection{Key: "prod", Protocol: "https", Host: " 中文.example:8443 "}
	NormalizeConnection(&c)
	assert.Equal(t, "xn--fiq228c.example:8443", c.Host)
	require.NoError(t, ValidateConnection(&c))

	err := ValidateHost("host", "a\u200db.example") // a joiner where the IDNA rules forbid one
	require.Error(t, err)
	assert.Contains(t, ErrorMessage(err), "not a valid international domain name")
}

// Header names ignore case on the wire: a second header that differs only in
// case is refused on its own row, naming the first.
func TestHeaderNamesIgnoreCase(t *testing.T) {
	it := validInterface()
	it.Request[1] = Param{Name: "X-User-Id", In: InHeader, Type: "string", Source: Source{Kind: SourceSystem, Value: "userId"}}
	it.Request = append(it.Request, Param{Name: "x-user-id", In: InHeader, Type: "string", Source: Source{Kind: SourceInput}})
	err := ValidateInterface(&it)
	require.Error(t, err)
	assert.Equal(t, EValidation, ErrorCode(err))
	assert.Equal(t, "request[3].name", ErrorField(err))
	assert.Contains(t, err.Error(), "duplicates header X-User-Id (header names ignore case)")

	// Query params and body fields stay case-sensitive: id and ID are two names.
	it = validInterface()
	it.Request = append(it.Request,
		Param{Name: "q", In: InQuery, Type: "string", Source: Source{Kind: SourceInput}},
		Param{Name: "Q", In: InQuery, Type: "string", Source: Source{Kind: SourceInput}})
	assert.NoError(t, ValidateInterface(&it))
}

func TestPathPlaceholders(t *testing.T) {
	cases := []struct {
		path, msg string
	}{
		{"/users/{id", `has an unclosed { at "{id": write {name}`},
		{"/users/{id/orders", `has an unclosed { at "{id": write {name}`},
		{"/users/{a{id}", `has an unclosed { at "{a": write {name}`},
		{"/users/id}", `has a } without its { after "/users/id": write {name}`},
		{"/users/{id}/copy/{id}", "has {id} twice: each path param fills one place in the path"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			it := validInterface()
			it.Path = tc.path
			err := ValidateInterface(&it)
			require.Error(t, err)
			assert.Equal(t, "path", ErrorField(err))
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	it := validInterface()
	it.Path = "/users/{id}.json"
	assert.NoError(t, ValidateInterface(&it))
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 interfaces", 1: "1 interface", 2: "2 interfaces"} {
		if got := Count(n, "interface", "interfaces"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
