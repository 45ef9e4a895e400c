package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

var (
	keyPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	labelPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	pathVar      = regexp.MustCompile(`\{([^{}/]*)\}`)
	semverLike   = regexp.MustCompile(`^\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$`)
	urlScheme    = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)
	plainKey     = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// ControlledHeaders are the request headers the HTTP stack writes from the
// request itself (framing, routing, connection management): a definition
// that set them would be overridden or break the request.
var ControlledHeaders = []string{"Content-Length", "Transfer-Encoding", "Host", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade"}

// PlainText refuses control characters (C0, DEL and C1, so also the ESC
// that starts an ANSI escape) and bidirectional overrides in a name, a tag or
// a header name: they are printed in terminals and lists, where they would
// garble or forge what is shown.
func PlainText(field, s string) error {
	return checkText(field, s, false)
}

// checkText is PlainText; multiline also lets tabs and line breaks through
// (descriptions).
func checkText(field, s string, multiline bool) error {
	for i, r := range s {
		if multiline && (r == '\t' || r == '\n' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) || r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' {
			return Invalid(field, "holds the control character %U at byte %d: names are shown in terminals and lists, where control characters and escape sequences would garble what is shown", r, i).With(RFieldControlChar, "char", fmt.Sprintf("%U", r), "byte", strconv.Itoa(i))
		}
	}
	return nil
}

// ValidateHeaderName checks a request header name: an HTTP token (RFC 9110),
// and not one of the ControlledHeaders.
func ValidateHeaderName(field, name string) error {
	if name == "" {
		return Invalid(field, "is required").With(RFieldRequired)
	}
	if err := PlainText(field, name); err != nil {
		return err
	}
	if !isToken(name) {
		return Invalid(field, "%q is not an HTTP header name: use letters, digits and !#$%%&'*+-.^_`|~ without spaces", name).With(RHeaderNameInvalid, "name", name)
	}
	for _, h := range ControlledHeaders {
		if strings.EqualFold(name, h) {
			return Invalid(field, "%s is written by the HTTP stack from the request itself and cannot be set by a definition", h).With(RHeaderControlled, "name", h)
		}
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token (tchar+).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}

// FiniteJSON refuses a JSON value holding a number that float64 cannot hold
// (1e999): it would pass as text and become Inf, or fail, at the call.
func FiniteJSON(field string, raw []byte) error {
	return EachJSONToken(raw, func(err error) error {
		return Invalid(field, "is not valid JSON: %v", err).With(RJSONInvalid, "detail", err.Error())
	}, func(_ *json.Decoder, tok json.Token) error {
		if n, ok := tok.(json.Number); ok {
			return finiteNumber(field, n.String())
		}
		return nil
	})
}

// EachJSONToken reads raw token by token, numbers as json.Number, and calls
// each with the decoder (for its offset) and the token until one answers an
// error. A syntax error answers what bad makes of it.
func EachJSONToken(raw []byte, bad func(error) error, each func(dec *json.Decoder, tok json.Token) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bad(err)
		}
		if err := each(dec, tok); err != nil {
			return err
		}
	}
}

// finiteNumber refuses NaN, Inf and numbers out of float64's range.
func finiteNumber(field, s string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if (err == nil || errors.Is(err, strconv.ErrRange)) && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return Invalid(field, "%s is not a finite number", strings.TrimSpace(s)).With(RNumberNotFinite, "value", strings.TrimSpace(s))
	}
	return nil
}

// ValidateKey checks that key is a slug: lower-case letters, digits, '-' and '_',
// starting with a letter or digit, at most 64 characters.
func ValidateKey(field, key string) error {
	if key == "" {
		return Invalid(field, "is required").With(RFieldRequired)
	}
	if !keyPattern.MatchString(key) {
		return Invalid(field, "%q is not a valid key: use lower-case letters, digits, '-' and '_' (at most 64, starting with a letter or digit)", key).With(RKeyInvalid, "key", key)
	}
	return nil
}

func required(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return Invalid(field, "is required").With(RFieldRequired)
	}
	return nil
}

// checkName checks a name: given, at most limit bytes (0: any length),
// plain text.
func checkName(field, name string, limit int) error {
	if err := required(field, name); err != nil {
		return err
	}
	if limit > 0 && len(name) > limit {
		return Invalid(field, "is longer than %d characters", limit).With(RFieldTooLong, "max", strconv.Itoa(limit))
	}
	return PlainText(field, name)
}

func oneOf(field, value string, allowed []string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return Invalid(field, "%q is not one of %s", value, strings.Join(allowed, ", ")).With(RFieldNotOneOf, "value", value, "allowed", strings.Join(allowed, ", "))
}

// orDefault sets *p to d when it holds its type's zero value.
func orDefault[T comparable](p *T, d T) {
	var zero T
	if *p == zero {
		*p = d
	}
}

// NormalizeConnector fills a connector's defaults.
func NormalizeConnector(c *Connector) {
	c.Key = strings.TrimSpace(c.Key)
	c.Name = strings.TrimSpace(c.Name)
	if c.Tags == nil {
		c.Tags = []string{}
	}
	orDefault(&c.Version, "1.0.0")
	orDefault(&c.Status, StatusActive)
}

// ValidateConnector checks a connector's own fields.
func ValidateConnector(c *Connector) error {
	if err := ValidateKey("key", c.Key); err != nil {
		return err
	}
	if err := checkName("name", c.Name, 200); err != nil {
		return err
	}
	if err := checkText("description", c.Description, true); err != nil {
		return err
	}
	if err := PlainText("icon", c.Icon); err != nil {
		return err
	}
	if !semverLike.MatchString(c.Version) {
		return Invalid("version", "%q is not a version like 1.0.0", c.Version).With(RVersionInvalid, "version", c.Version)
	}
	for i, t := range c.Tags {
		if strings.TrimSpace(t) == "" {
			return Invalid(fmt.Sprintf("tags[%d]", i), "is empty").With(RFieldEmpty)
		}
		if err := PlainText(fmt.Sprintf("tags[%d]", i), t); err != nil {
			return err
		}
	}
	return oneOf("status", string(c.Status), []string{string(StatusActive), string(StatusSealed)})
}

// NormalizeCharset returns the canonical spelling of a declared charset
// ("gbk" -> "GBK", "utf8" -> "UTF-8"), or the input unchanged when unknown.
func NormalizeCharset(cs string) string {
	up := strings.ToUpper(strings.TrimSpace(cs))
	switch up {
	case "", "UTF8":
		return "UTF-8"
	case "BIG-5":
		return "BIG5"
	case "LATIN1", "ISO8859-1":
		return "ISO-8859-1"
	}
	return up
}

// NormalizeConnection fills a connection's defaults and clears the fields that
// do not apply to it (the https-only fields of an http connection, auth settings
// of other schemes).
func NormalizeConnection(c *Connection) {
	c.Key = strings.TrimSpace(c.Key)
	c.Host = ASCIIHost(strings.TrimSpace(c.Host))
	c.Protocol = strings.ToLower(strings.TrimSpace(c.Protocol))
	orDefault(&c.ResourceType, "REST")
	c.Charset = NormalizeCharset(c.Charset)
	orDefault(&c.ConnectTimeoutSec, 60)
	orDefault(&c.ResponseTimeoutSec, 60)
	orDefault(&c.Proxy, "none")
	orDefault(&c.Auth.Type, AuthNone)
	if c.Auth.Type != AuthAPIKey {
		c.Auth.APIKey = nil
	}
	if c.Auth.Type != AuthTokenExchange {
		c.Auth.TokenExchange = nil
	}
	if te := c.Auth.TokenExchange; te != nil {
		orDefault(&te.Method, "POST")
		orDefault(&te.BodyType, "json")
		orDefault(&te.Inject.In, InHeader)
	}
	if c.BasePath != "" && !strings.HasPrefix(c.BasePath, "/") {
		c.BasePath = "/" + c.BasePath
	}
	c.BasePath = strings.TrimRight(c.BasePath, "/")
	if c.Protocol == "http" {
		c.TLS = TLSOptions{}
		c.ClientCertPassword = ""
	}
	if c.TLS.SkipVerify {
		// Skipping verification makes a CA bundle meaningless; the client certificate still applies.
		c.TLS.CACertPath = ""
	}
	orDefault(&c.Status, StatusActive)
}

// splitHostPort splits "name:port" and "[v6]:port"; a host without a port
// is all name.
func splitHostPort(host string) (name, port string, hasPort bool) {
	if h, p, err := net.SplitHostPort(host); err == nil {
		return h, p, true
	}
	return host, "", false
}

// ASCIIHost is host with an international domain name written in punycode
// (中文.example → xn--fiq228c.example), the form DNS, TLS and the Host header
// use; it is how a connection's host is saved. A host that is ASCII already,
// or that is no valid name, comes back unchanged for ValidateHost to judge.
func ASCIIHost(host string) string {
	if isASCII(host) {
		return host
	}
	name, port, hasPort := splitHostPort(host)
	ascii, err := idna.Lookup.ToASCII(name)
	if err != nil {
		return host
	}
	if hasPort {
		return net.JoinHostPort(ascii, port)
	}
	return ascii
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// ValidateHost checks a domain name or IP address with an optional port, and
// says what is wrong: a pasted scheme or path, a space, an underscore, two
// dots in a row. International names are accepted (in Unicode or punycode).
func ValidateHost(field, host string) error {
	if host == "" {
		return Invalid(field, "is required").With(RFieldRequired)
	}
	if m := urlScheme.FindStringSubmatch(host); m != nil && strings.HasPrefix(host[len(m[0]):], "//") {
		return Invalid(field, "%q starts with a scheme (%s://): write the host alone, such as api.example.com; the protocol has its own field", host, m[1]).With(RHostScheme, "host", host, "scheme", m[1])
	}
	if strings.ContainsFunc(host, unicode.IsSpace) {
		return Invalid(field, "%q contains a space: a host name has none", host).With(RHostSpace, "host", host)
	}
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		return Invalid(field, "%q contains %q: write the host alone (api.example.com or 10.0.0.5:8080); the base path has its own field", host, host[i:i+1]).With(RHostPath, "host", host, "char", host[i:i+1])
	}
	name, port, hasPort := splitHostPort(host)
	if hasPort {
		p, perr := strconv.Atoi(port)
		if perr != nil || p < 1 || p > 65535 {
			return Invalid(field, "port %q is not a number from 1 to 65535", port).With(RHostPort, "port", port)
		}
	} else if strings.Count(host, ":") == 1 {
		return Invalid(field, "%q has a malformed port", host).With(RHostPortMalformed, "host", host)
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")
	if net.ParseIP(name) != nil {
		return nil
	}
	if strings.Contains(name, "_") {
		return Invalid(field, "%q contains an underscore: a host name holds letters, digits, '-' and '.' only", host).With(RHostUnderscore, "host", host)
	}
	if strings.Contains(name, "..") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
		return Invalid(field, "%q has an empty label: two dots in a row, or a dot at the start or end", host).With(RHostEmptyLabel, "host", host)
	}
	if !isASCII(name) {
		ascii, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return Invalid(field, "%q is not a valid international domain name: %v", host, err).With(RHostIDN, "host", host, "detail", err.Error())
		}
		name = ascii
	}
	if len(name) > 253 {
		return Invalid(field, "is longer than 253 characters").With(RFieldTooLong, "max", "253")
	}
	for _, label := range strings.Split(name, ".") {
		if labelPattern.MatchString(label) {
			continue
		}
		if len(label) > 63 {
			return Invalid(field, "label %q of %q is longer than 63 characters", label, host).With(RHostLabelTooLong, "label", label, "host", host)
		}
		if i := strings.IndexFunc(label, func(r rune) bool { return !(r == '-' || r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))) }); i >= 0 {
			return Invalid(field, "%q contains %q, which a host name cannot hold", host, label[i:i+1]).With(RHostChar, "host", host, "char", label[i:i+1])
		}
		return Invalid(field, "label %q of %q starts or ends with '-'", label, host).With(RHostLabelHyphen, "label", label, "host", host)
	}
	return nil
}

// firstError is the first of checks that failed, so a list of pure checks
// reports its failures in the order they are written.
func firstError(checks ...error) error {
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

// barePath checks that a path has no query, fragment or spaces; hint ends
// the message.
func barePath(field, path, hint string, reason Reason) error {
	if strings.ContainsAny(path, "?# ") {
		return Invalid(field, "must be a path without query, fragment or spaces%s", hint).With(reason)
	}
	return nil
}

// timeoutSec checks a timeout in whole seconds, 1 to 3600.
func timeoutSec(field string, v int) error {
	if v < 1 || v > 3600 {
		return Invalid(field, "must be from 1 to 3600 seconds, not %d", v).With(RTimeoutRange, "min", "1", "max", "3600", "value", strconv.Itoa(v))
	}
	return nil
}

// ValidateConnection checks a normalised connection.
func ValidateConnection(c *Connection) error {
	if err := firstError(
		ValidateKey("key", c.Key),
		PlainText("name", c.Name),
		checkText("description", c.Description, true),
		oneOf("protocol", c.Protocol, []string{"http", "https"}),
		ValidateHost("host", c.Host),
		barePath("basePath", c.BasePath, "", RBasePathInvalid),
		oneOf("charset", c.Charset, Charsets),
		timeoutSec("connectTimeoutSec", c.ConnectTimeoutSec),
		timeoutSec("responseTimeoutSec", c.ResponseTimeoutSec),
	); err != nil {
		return err
	}
	if c.Proxy != "none" && c.Proxy != "system" {
		u, err := url.Parse(c.Proxy)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			return Invalid("proxy", "must be none, system or a proxy URL such as http://proxy:8080").With(RProxyInvalid)
		}
		if _, hasPassword := u.User.Password(); hasPassword {
			// The proxy URL is shown and exported as it is: a password in it would leak.
			return Invalid("proxy", "must not carry a password: Junction keeps secrets only in auth accounts and the certificate password").With(RProxyPassword)
		}
	}
	if err := ValidateAuth(&c.Auth); err != nil {
		return Prefix("auth", err)
	}
	return oneOf("status", string(c.Status), []string{string(StatusActive), string(StatusSealed)})
}

// KeyPath names a map entry in a field path: fields.tenant, or
// fields["x y"] (quoted, control characters escaped) for a key that is not
// a plain name.
func KeyPath(prefix, key string) string {
	if plainKey.MatchString(key) {
		return prefix + "." + key
	}
	return prefix + "[" + strconv.Quote(key) + "]"
}

// ValidateMethod checks an HTTP method token (RFC 9110 tchar).
func ValidateMethod(field, m string) error {
	if m == "" {
		return Invalid(field, "is required").With(RFieldRequired)
	}
	if !isToken(m) {
		return Invalid(field, "%q is not an HTTP method token", m).With(RMethodInvalid, "method", m)
	}
	return nil
}

// PathVars returns the {names} in an interface path, in order.
func PathVars(path string) []string {
	var names []string
	for _, m := range pathVar.FindAllStringSubmatch(path, -1) {
		names = append(names, m[1])
	}
	return names
}

// balancedPlaceholders refuses a { that is not closed by a } within its
// path segment and a } that no { opened: the path would be sent with the
// brace as literal text instead of the param's value.
func balancedPlaceholders(path string) error {
	open := -1
	for i, r := range path {
		switch {
		case r == '{' && open >= 0, r == '/' && open >= 0:
			return Invalid("path", "has an unclosed { at %q: write {name}", path[open:i]).With(RPathUnclosed, "at", path[open:i])
		case r == '{':
			open = i
		case r == '}' && open < 0:
			return Invalid("path", "has a } without its { after %q: write {name}", path[:i]).With(RPathStrayClose, "before", path[:i])
		case r == '}':
			open = -1
		}
	}
	if open >= 0 {
		return Invalid("path", "has an unclosed { at %q: write {name}", path[open:]).With(RPathUnclosed, "at", path[open:])
	}
	return nil
}

// NormalizeInterface fills an interface's defaults.
func NormalizeInterface(it *Interface) {
	it.Key = strings.TrimSpace(it.Key)
	it.Method = strings.ToUpper(strings.TrimSpace(it.Method))
	orDefault(&it.BodyType, "none")
	if it.Request == nil {
		it.Request = []Param{}
	}
	if it.Response == nil {
		it.Response = []ResponseParam{}
	}
	if it.Path != "" && !strings.HasPrefix(it.Path, "/") {
		it.Path = "/" + it.Path
	}
}

// ValidateInterface checks a normalised interface; the connection reference is
// the service's to check.
func ValidateInterface(it *Interface) error {
	if err := firstError(
		ValidateKey("key", it.Key),
		checkName("name", it.Name, 0),
		checkText("description", it.Description, true),
		ValidateMethod("method", it.Method),
		barePath("path", it.Path, "; put query values in query params", RPathQuery),
		oneOf("bodyType", it.BodyType, BodyTypes),
		validateParams("request", it.Request, true),
	); err != nil {
		return err
	}
	pathParams := map[string]bool{}
	for _, p := range it.Request {
		if p.In == InPath {
			pathParams[p.Name] = true
		}
	}
	if err := balancedPlaceholders(it.Path); err != nil {
		return err
	}
	inPath := map[string]bool{}
	for _, v := range PathVars(it.Path) {
		if v == "" {
			return Invalid("path", "has an empty {} placeholder").With(RPathEmptyVar)
		}
		if inPath[v] {
			return Invalid("path", "has {%s} twice: each path param fills one place in the path", v).With(RPathVarTwice, "name", v)
		}
		if !pathParams[v] {
			return Invalid("path", "{%s} has no path param named %s", v, v).With(RPathVarNoParam, "name", v)
		}
		inPath[v] = true
	}
	for i, p := range it.Request {
		if p.In == InPath && !inPath[p.Name] {
			return Invalid(fmt.Sprintf("request[%d]", i), "path param %s does not appear in the path as {%s}", p.Name, p.Name).With(RPathParamUnused, "name", p.Name)
		}
	}
	if err := validateResponse("response", it.Response); err != nil {
		return err
	}
	return validateSuccess(it)
}

// ValidateRunnable checks what a call of a normalised interface depends on:
// its method, body type and success condition. ValidateInterface checks
// these too; the engine applies them alone when it compiles a stored
// definition, which rules added since it was saved must not stop running.
func ValidateRunnable(it *Interface) error {
	if err := ValidateMethod("method", it.Method); err != nil {
		return err
	}
	if err := oneOf("bodyType", it.BodyType, BodyTypes); err != nil {
		return err
	}
	return validateSuccess(it)
}

func validateSuccess(it *Interface) error {
	if !it.Success.IsGroup() && it.Success.Field == "" {
		return Invalid("success", "is required: say what a successful answer looks like, for example status eq 200").With(RSuccessRequired)
	}
	return Prefix("success", ValidateCondition(it.Success, it))
}

func validateParams(field string, ps []Param, top bool) error {
	seen := map[string]string{} // location/name -> the name first written
	for i, p := range ps {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := checkName(f+".name", p.Name, 0); err != nil {
			return err
		}
		if err := checkText(f+".description", p.Description, true); err != nil {
			return err
		}
		if top {
			if err := oneOf(f+".in", p.In, ParamIns); err != nil {
				return err
			}
			if p.In == InHeader {
				if err := ValidateHeaderName(f+".name", p.Name); err != nil {
					return err
				}
			}
		}
		if len(p.Default) > 0 {
			if err := FiniteJSON(f+".default", p.Default); err != nil {
				return err
			}
		}
		id := p.In + "/" + p.Name
		if top && p.In == InHeader {
			// HTTP header names ignore case: X-User-Id and x-user-id are one
			// header on the wire, so the second would silently replace the first.
			id = p.In + "/" + strings.ToLower(p.Name)
		}
		if first, dup := seen[id]; dup {
			if first != p.Name {
				return Invalid(f+".name", "duplicates header %s (header names ignore case)", first).With(RHeaderDuplicateCase, "name", first)
			}
			return Invalid(f+".name", "%q appears twice", p.Name).With(RFieldDuplicate, "name", p.Name)
		}
		seen[id] = p.Name
		if err := oneOf(f+".type", p.Type, ParamTypes); err != nil {
			return err
		}
		if p.Source.Kind == "" {
			return Invalid(f+".source.kind", "is required").With(RFieldRequired)
		}
		if err := oneOf(f+".source.kind", p.Source.Kind, SourceKinds); err != nil {
			return err
		}
		switch p.Source.Kind {
		case SourceStatic:
			if err := finiteStatic(f+".source.value", p.Type, p.Source.Value); err != nil {
				return err
			}
		case SourceSystem:
			if err := oneOf(f+".source.value", p.Source.Value, SystemFields); err != nil {
				return err
			}
		case SourceTemplate:
			if !strings.Contains(p.Source.Value, "{{") {
				return Invalid(f+".source.value", "must be a {{ }} template").With(RSourceTemplate)
			}
		case SourceMap:
			if p.Type != "array" {
				return Invalid(f+".source.kind", "map applies to array params only").With(RSourceMapArray)
			}
			if !strings.Contains(p.Source.Value, "{{") {
				return Invalid(f+".source.value", "must name the list to map, such as {{input.users}}").With(RSourceMapList)
			}
		}
		if len(p.Children) > 0 {
			if p.Type != "object" && p.Type != "array" {
				return Invalid(f+".children", "only object and array params have children").With(RChildrenType)
			}
			if p.In != "" && p.In != InBody && top {
				return Invalid(f+".children", "only body params have children").With(RChildrenBody)
			}
			if err := validateParams(f+".children", p.Children, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// finiteStatic refuses a static value that holds a number float64 cannot
// hold (NaN, Inf, 1e999); whether it fits the param's type is the
// compiler's to check.
func finiteStatic(field, typ, v string) error {
	switch typ {
	case "number", "integer":
		return finiteNumber(field, v)
	case "object", "array":
		if json.Valid([]byte(v)) {
			return FiniteJSON(field, []byte(v))
		}
	}
	return nil
}

func validateResponse(field string, ps []ResponseParam) error {
	seen := map[string]bool{}
	for i, p := range ps {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := checkName(f+".name", p.Name, 0); err != nil {
			return err
		}
		if seen[p.Name] {
			return Invalid(f+".name", "%q appears twice", p.Name).With(RFieldDuplicate, "name", p.Name)
		}
		seen[p.Name] = true
		if err := oneOf(f+".type", p.Type, ParamTypes); err != nil {
			return err
		}
		if err := required(f+".path", p.Path); err != nil {
			return err
		}
		if len(p.Children) > 0 {
			if p.Type != "object" && p.Type != "array" {
				return Invalid(f+".children", "only object and array params have children").With(RChildrenType)
			}
			if err := validateResponse(f+".children", p.Children); err != nil {
				return err
			}
		}
	}
	return nil
}

// ValidateCondition checks a condition's structure, fields and ops. With an
// interface, request.<param> and outputs.<name> fields must name its params.
func ValidateCondition(c Condition, it *Interface) error {
	if c.IsGroup() {
		if c.All != nil && c.Any != nil {
			return Invalid("", "a group has either all or any, not both").With(RGroupBoth)
		}
		if c.Field != "" || c.Op != "" {
			return Invalid("", "a group has no field or op of its own").With(RGroupOwnField)
		}
		kind, items := "all", c.All
		if c.Any != nil {
			kind, items = "any", c.Any
		}
		if len(items) == 0 {
			return Invalid(kind, "is an empty group").With(RGroupEmpty)
		}
		for i, sub := range items {
			if err := ValidateCondition(sub, it); err != nil {
				return Prefix(fmt.Sprintf("%s[%d]", kind, i), err)
			}
		}
		return nil
	}
	if err := validateConditionField(c.Field, it); err != nil {
		return err
	}
	if err := oneOf("op", c.Op, CondOps); err != nil {
		return err
	}
	switch c.Op {
	case "empty", "notEmpty":
	case "in":
		if _, ok := c.Value.([]any); !ok {
			return Invalid("value", "op in needs a list of values").With(RCondInList)
		}
	case "matches":
		s, ok := c.Value.(string)
		if !ok {
			return Invalid("value", "op matches needs a regular expression").With(RCondMatchesRegex)
		}
		if _, err := regexp.Compile(s); err != nil {
			return Invalid("value", "is not a valid regular expression: %v", err).With(RCondRegexInvalid, "detail", err.Error())
		}
	case "gt", "ge", "lt", "le":
		if _, ok := c.Value.(float64); !ok {
			if _, isInt := c.Value.(int); !isInt {
				return Invalid("value", "op %s needs a number", c.Op).With(RCondNumber, "op", c.Op)
			}
		}
	default:
		if c.Value == nil && c.Op != "eq" && c.Op != "ne" {
			return Invalid("value", "is required for op %s", c.Op).With(RCondValueRequired, "op", c.Op)
		}
	}
	return nil
}

func validateConditionField(f string, it *Interface) error {
	switch {
	case f == "status":
		return nil
	case strings.HasPrefix(f, "headers.") && len(f) > len("headers."):
		return nil
	case strings.HasPrefix(f, "response.") && len(f) > len("response."):
		return nil
	case strings.HasPrefix(f, "request.") && len(f) > len("request."):
		if it != nil && !hasParam(it.Request, strings.SplitN(strings.TrimPrefix(f, "request."), ".", 2)[0]) {
			return Invalid("field", "%s names no request param", f).With(RCondNoRequestParam, "field", f)
		}
		return nil
	case strings.HasPrefix(f, "outputs.") && len(f) > len("outputs."):
		if it != nil && !hasResponseParam(it.Response, strings.SplitN(strings.TrimPrefix(f, "outputs."), ".", 2)[0]) {
			return Invalid("field", "%s names no response param", f).With(RCondNoResponseParam, "field", f)
		}
		return nil
	case f == "":
		return Invalid("field", "is required").With(RFieldRequired)
	}
	return Invalid("field", "%q must be status, headers.<name>, response.<path>, request.<param> or outputs.<name>", f).With(RCondFieldInvalid, "field", f)
}

func hasParam(ps []Param, name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}

func hasResponseParam(ps []ResponseParam, name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}

// NormalizeAccount fills an account's defaults.
func NormalizeAccount(a *AuthAccount) {
	a.Name = strings.TrimSpace(a.Name)
	if a.Fields == nil {
		a.Fields = map[string]string{}
	}
	if a.Secrets == nil {
		a.Secrets = map[string]string{}
	}
}

// ValidateAccount checks an account's name and that no field is both plain and secret.
func ValidateAccount(a *AuthAccount) error {
	if err := checkName("name", a.Name, 100); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(a.Secrets)) {
		if err := PlainText(KeyPath("secretFields", k), k); err != nil {
			return err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Fields)) {
		if k == "" {
			return Invalid("fields", "has a field without a name").With(RAccountFieldUnnamed)
		}
		if err := PlainText(KeyPath("fields", k), k); err != nil {
			return err
		}
		if _, dup := a.Secrets[k]; dup {
			return Invalid("fields."+k, "is also a secret field").With(RAccountFieldSecret, "name", k)
		}
	}
	return nil
}
