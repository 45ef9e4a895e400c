package exchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"junction/backend/domain"
)

// The DTOs below are the package's wire form. They are structs, not maps, so
// that struct field order is the key order PACKAGE.md fixes; the domain's own
// json tags serve the frontend and omit fields a package must write.

type packageDTO struct {
	Format     string          `json:"format"`
	Version    int             `json:"version"`
	ExportedAt string          `json:"exportedAt"`
	ExportedBy string          `json:"exportedBy"`
	Connectors []connectorDTO  `json:"connectors"`
	Flows      []flowDTO       `json:"flows"`
	Secrets    json.RawMessage `json:"secrets"`
	Checksum   string          `json:"checksum"`
	Signature  json.RawMessage `json:"signature"`
}

type connectorDTO struct {
	Key         string          `json:"key"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Icon        string          `json:"icon"`
	Tags        []string        `json:"tags"`
	Version     string          `json:"version"`
	Status      string          `json:"status"`
	Connections []connectionDTO `json:"connections"`
	Interfaces  []interfaceDTO  `json:"interfaces"`
}

type connectionDTO struct {
	Key                string       `json:"key"`
	Name               string       `json:"name"`
	Description        string       `json:"description"`
	Protocol           string       `json:"protocol"`
	Host               string       `json:"host"`
	BasePath           string       `json:"basePath"`
	Charset            string       `json:"charset"`
	ConnectTimeoutSec  int          `json:"connectTimeoutSec"`
	ResponseTimeoutSec int          `json:"responseTimeoutSec"`
	TLS                tlsDTO       `json:"tls"`
	Proxy              string       `json:"proxy"`
	Auth               authDTO      `json:"auth"`
	Accounts           []accountDTO `json:"accounts"`
	SecretFields       []string     `json:"secretFields"`
	Status             string       `json:"status"`
}

type tlsDTO struct {
	SkipVerify     bool   `json:"skipVerify"`
	ClientCertPath string `json:"clientCertPath"`
	CACertPath     string `json:"caCertPath"`
}

// authDTO carries only the settings block of its own scheme, as in the
// spec's examples ({"type":"none"}, {"type":"apiKey","apiKey":{...}}).
type authDTO struct {
	Type          string            `json:"type"`
	APIKey        *apiKeyDTO        `json:"apiKey,omitempty"`
	TokenExchange *tokenExchangeDTO `json:"tokenExchange,omitempty"`
}

type apiKeyDTO struct {
	Name string `json:"name"`
	In   string `json:"in"`
}

type tokenExchangeDTO struct {
	Method        string            `json:"method"`
	URL           string            `json:"url"`
	BodyType      string            `json:"bodyType"`
	Headers       map[string]string `json:"headers,omitempty"`
	Body          map[string]any    `json:"body"`
	TokenPath     string            `json:"tokenPath"`
	ExpiresInPath string            `json:"expiresInPath"`
	TTLSec        int               `json:"ttlSec,omitempty"`
	RefreshWhen   *conditionDTO     `json:"refreshWhen,omitempty"`
	Inject        injectDTO         `json:"inject"`
}

type injectDTO struct {
	In     string `json:"in"`
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
}

type accountDTO struct {
	Name         string            `json:"name"`
	Default      bool              `json:"default"`
	Fields       map[string]string `json:"fields"`
	SecretFields []string          `json:"secretFields"`
}

type interfaceDTO struct {
	Key         string             `json:"key"`
	Name        string             `json:"name"`
	Description string             `json:"description"`
	Connection  string             `json:"connection"`
	Method      string             `json:"method"`
	Path        string             `json:"path"`
	BodyType    string             `json:"bodyType"`
	Request     []paramDTO         `json:"request"`
	Response    []responseParamDTO `json:"response"`
	Success     conditionDTO       `json:"success"`
	Messages    messagesDTO        `json:"messages"`
}

// paramDTO omits "in" when empty because only top-level params have a
// location; children inherit their parent's.
type paramDTO struct {
	Name        string          `json:"name"`
	In          string          `json:"in,omitempty"`
	Type        string          `json:"type"`
	Required    bool            `json:"required"`
	Source      sourceDTO       `json:"source"`
	Default     json.RawMessage `json:"default"`
	Description string          `json:"description"`
	Children    []paramDTO      `json:"children"`
}

// sourceDTO's value is a string for every kind but static, whose value is a
// JSON literal of the param's type (3, true, {...}); a string that reads as
// the type is accepted for static too (packages written before typed
// literals).
type sourceDTO struct {
	Kind  string          `json:"kind"`
	Value json.RawMessage `json:"value"`
}

type responseParamDTO struct {
	Name        string             `json:"name"`
	Type        string             `json:"type"`
	Path        string             `json:"path"`
	Description string             `json:"description,omitempty"`
	Children    []responseParamDTO `json:"children"`
}

type messagesDTO struct {
	Unmet   string `json:"unmet"`
	Timeout string `json:"timeout"`
	Error   string `json:"error"`
}

// conditionDTO is a group ({"all":[...]} or {"any":[...]}) or a rule
// ({"field","op","value"}). Decoding uses the plain tags; encoding is custom
// because a rule always writes its value (null included) and a group writes
// nothing but its list.
type conditionDTO struct {
	All   []conditionDTO `json:"all"`
	Any   []conditionDTO `json:"any"`
	Field string         `json:"field"`
	Op    string         `json:"op"`
	Value any            `json:"value"`
}

// MarshalJSON writes the group or the rule, never both shapes at once.
func (c conditionDTO) MarshalJSON() ([]byte, error) {
	if c.All != nil || c.Any != nil {
		// Pointers so that an empty group still shows as [] (it is invalid,
		// but an export should show what it was given, not hide it).
		var g struct {
			All *[]conditionDTO `json:"all,omitempty"`
			Any *[]conditionDTO `json:"any,omitempty"`
		}
		if c.All != nil {
			g.All = &c.All
		}
		if c.Any != nil {
			g.Any = &c.Any
		}
		return marshal(g)
	}
	return marshal(struct {
		Field string `json:"field"`
		Op    string `json:"op"`
		Value any    `json:"value"`
	}{c.Field, c.Op, c.Value})
}

// marshal is json.Marshal without HTML escaping: a package is read by people
// and diffed in git, where "&" beats "\u0026". It is also what nested
// marshalers must use, since the outer encoder cannot undo their escaping.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// orEmpty returns s, or an empty non-nil slice so that it encodes as [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ---- bundles -> DTOs (export) ----

func connectorToDTO(b ConnectorBundle) connectorDTO {
	c := b.Connector
	d := connectorDTO{
		Key:         c.Key,
		Name:        c.Name,
		Description: c.Description,
		Icon:        c.Icon,
		Tags:        orEmpty(c.Tags),
		Version:     c.Version,
		Status:      string(c.Status),
		Connections: make([]connectionDTO, 0, len(b.Connections)),
		Interfaces:  make([]interfaceDTO, 0, len(b.Interfaces)),
	}
	for _, cb := range b.Connections {
		d.Connections = append(d.Connections, connectionToDTO(cb))
	}
	for _, ib := range b.Interfaces {
		d.Interfaces = append(d.Interfaces, interfaceToDTO(ib))
	}
	return d
}

func connectionToDTO(b ConnectionBundle) connectionDTO {
	c := b.Connection
	d := connectionDTO{
		Key:                c.Key,
		Name:               c.Name,
		Description:        c.Description,
		Protocol:           c.Protocol,
		Host:               c.Host,
		BasePath:           c.BasePath,
		Charset:            c.Charset,
		ConnectTimeoutSec:  c.ConnectTimeoutSec,
		ResponseTimeoutSec: c.ResponseTimeoutSec,
		TLS:                tlsDTO(c.TLS),
		Proxy:              c.Proxy,
		Auth:               authToDTO(c.Auth),
		Accounts:           make([]accountDTO, 0, len(b.Accounts)),
		SecretFields:       []string{},
		Status:             string(c.Status),
	}
	for _, a := range b.Accounts {
		d.Accounts = append(d.Accounts, accountDTO{
			Name:         a.Name,
			Default:      a.Default,
			Fields:       orEmptyMap(a.Fields),
			SecretFields: orEmpty(slices.Sorted(slices.Values(a.SecretFields))), // Sorted gives nil for no items
		})
	}
	if b.CertPasswordSet {
		d.SecretFields = []string{certPasswordField}
	}
	return d
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func authToDTO(a domain.Auth) authDTO {
	d := authDTO{Type: a.Type}
	if a.APIKey != nil {
		d.APIKey = &apiKeyDTO{Name: a.APIKey.Name, In: a.APIKey.In}
	}
	if te := a.TokenExchange; te != nil {
		d.TokenExchange = &tokenExchangeDTO{
			Method:        te.Method,
			URL:           te.URL,
			BodyType:      te.BodyType,
			Headers:       te.Headers,
			Body:          te.Body,
			TokenPath:     te.TokenPath,
			ExpiresInPath: te.ExpiresInPath,
			TTLSec:        te.TTLSec,
			Inject:        injectDTO(te.Inject),
		}
		if d.TokenExchange.Body == nil {
			d.TokenExchange.Body = map[string]any{}
		}
		if te.RefreshWhen != nil {
			rw := conditionToDTO(*te.RefreshWhen)
			d.TokenExchange.RefreshWhen = &rw
		}
	}
	return d
}

func interfaceToDTO(b InterfaceBundle) interfaceDTO {
	it := b.Interface
	return interfaceDTO{
		Key:         it.Key,
		Name:        it.Name,
		Description: it.Description,
		Connection:  b.ConnectionKey,
		Method:      it.Method,
		Path:        it.Path,
		BodyType:    it.BodyType,
		Request:     paramsToDTO(it.Request),
		Response:    responseToDTO(it.Response),
		Success:     conditionToDTO(it.Success),
		Messages:    messagesDTO(it.Messages),
	}
}

func paramsToDTO(ps []domain.Param) []paramDTO {
	out := make([]paramDTO, 0, len(ps))
	for _, p := range ps {
		out = append(out, paramDTO{
			Name:        p.Name,
			In:          p.In,
			Type:        p.Type,
			Required:    p.Required,
			Source:      sourceToDTO(p.Source, p.Type),
			Default:     defaultToDTO(p.Default),
			Description: p.Description,
			Children:    paramsToDTO(p.Children),
		})
	}
	return out
}

// sourceToDTO writes a static value as the JSON literal of the param's type
// when the stored text is one (the store keeps it as text: "3", "true",
// {"a":1}); any other value is written as the string it is.
func sourceToDTO(src domain.Source, typ string) sourceDTO {
	d := sourceDTO{Kind: src.Kind}
	if src.Kind == domain.SourceStatic && typ != "string" {
		if lit, err := canonicalJSON(json.RawMessage(src.Value)); err == nil && literalKind(lit) == kindOfType(typ) {
			d.Value = lit
			return d
		}
	}
	d.Value, _ = marshal(src.Value) // a string always encodes
	return d
}

// kindOfType is the JSON kind of a param type's literal.
func kindOfType(typ string) string {
	switch typ {
	case "integer", "number":
		return "number"
	}
	return typ
}

// literalKind names the JSON kind of a valid JSON value by its first byte.
func literalKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// defaultToDTO writes "no default" as null, and a default with its object
// keys sorted like every other map in a package; a default that is not JSON
// is left for the encoder to refuse.
func defaultToDTO(raw json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if canonical, err := canonicalJSON(raw); err == nil {
		return canonical
	}
	return raw
}

// canonicalJSON re-encodes a JSON value compactly with sorted object keys.
// Numbers keep their literal text (json.Number): a default such as a 20-digit
// id must not pass through float64.
func canonicalJSON(raw json.RawMessage) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return marshal(v)
}

func responseToDTO(ps []domain.ResponseParam) []responseParamDTO {
	out := make([]responseParamDTO, 0, len(ps))
	for _, p := range ps {
		out = append(out, responseParamDTO{
			Name:        p.Name,
			Type:        p.Type,
			Path:        p.Path,
			Description: p.Description,
			Children:    responseToDTO(p.Children),
		})
	}
	return out
}

func conditionToDTO(c domain.Condition) conditionDTO {
	return conditionDTO{
		All:   conditionsToDTO(c.All),
		Any:   conditionsToDTO(c.Any),
		Field: c.Field,
		Op:    c.Op,
		Value: c.Value,
	}
}

// conditionsToDTO keeps nil as nil: nil versus empty is what tells a group
// from a rule.
func conditionsToDTO(cs []domain.Condition) []conditionDTO {
	if cs == nil {
		return nil
	}
	out := make([]conditionDTO, 0, len(cs))
	for _, c := range cs {
		out = append(out, conditionToDTO(c))
	}
	return out
}

// ---- DTOs -> bundles (import); defaults and validation come after ----

func connectorFromDTO(d connectorDTO, at string) (ConnectorBundle, error) {
	b := ConnectorBundle{
		Connector: domain.Connector{
			Key:         d.Key,
			Name:        d.Name,
			Description: d.Description,
			Icon:        d.Icon,
			Tags:        d.Tags,
			Version:     d.Version,
			Status:      domain.Status(d.Status),
		},
		Connections: make([]ConnectionBundle, 0, len(d.Connections)),
		Interfaces:  make([]InterfaceBundle, 0, len(d.Interfaces)),
	}
	for _, cd := range d.Connections {
		b.Connections = append(b.Connections, connectionFromDTO(cd))
	}
	for i, id := range d.Interfaces {
		it, err := interfaceFromDTO(id, fmt.Sprintf("%s.interfaces[%d]", at, i))
		if err != nil {
			return b, err
		}
		b.Interfaces = append(b.Interfaces, InterfaceBundle{Interface: it, ConnectionKey: id.Connection})
	}
	return b, nil
}

func connectionFromDTO(d connectionDTO) ConnectionBundle {
	b := ConnectionBundle{
		Connection: domain.Connection{
			Key:                d.Key,
			Name:               d.Name,
			Description:        d.Description,
			Protocol:           d.Protocol,
			Host:               d.Host,
			BasePath:           d.BasePath,
			Charset:            d.Charset,
			ConnectTimeoutSec:  d.ConnectTimeoutSec,
			ResponseTimeoutSec: d.ResponseTimeoutSec,
			TLS:                domain.TLSOptions(d.TLS),
			Proxy:              d.Proxy,
			Auth:               authFromDTO(d.Auth),
			Status:             domain.Status(d.Status),
		},
		CertPasswordSet: slices.Contains(d.SecretFields, certPasswordField),
		Accounts:        make([]AccountBundle, 0, len(d.Accounts)),
	}
	for _, a := range d.Accounts {
		b.Accounts = append(b.Accounts, AccountBundle{
			Name:         a.Name,
			Default:      a.Default,
			Fields:       orEmptyMap(a.Fields),
			SecretFields: orEmpty(slices.Sorted(slices.Values(a.SecretFields))), // Sorted gives nil for no items
		})
	}
	return b
}

func authFromDTO(d authDTO) domain.Auth {
	a := domain.Auth{Type: d.Type}
	if d.APIKey != nil {
		a.APIKey = &domain.APIKeyAuth{Name: d.APIKey.Name, In: d.APIKey.In}
	}
	if te := d.TokenExchange; te != nil {
		a.TokenExchange = &domain.TokenExchange{
			Method:        te.Method,
			URL:           te.URL,
			BodyType:      te.BodyType,
			TokenPath:     te.TokenPath,
			ExpiresInPath: te.ExpiresInPath,
			TTLSec:        te.TTLSec,
			Inject:        domain.TokenInject(te.Inject),
		}
		// The domain omits empty maps, so empty and absent mean the same;
		// nil keeps one spelling of "none".
		if len(te.Headers) > 0 {
			a.TokenExchange.Headers = te.Headers
		}
		if len(te.Body) > 0 {
			a.TokenExchange.Body = te.Body
		}
		if te.RefreshWhen != nil {
			rw := conditionFromDTO(*te.RefreshWhen)
			a.TokenExchange.RefreshWhen = &rw
		}
	}
	return a
}

func interfaceFromDTO(d interfaceDTO, at string) (domain.Interface, error) {
	request, err := paramsFromDTO(d.Request, at+".request")
	if err != nil {
		return domain.Interface{}, err
	}
	return domain.Interface{
		Key:         d.Key,
		Name:        d.Name,
		Description: d.Description,
		Method:      d.Method,
		Path:        d.Path,
		BodyType:    d.BodyType,
		Request:     request,
		Response:    responseFromDTO(d.Response),
		Success:     conditionFromDTO(d.Success),
		Messages:    domain.Messages(d.Messages),
	}, nil
}

func paramsFromDTO(ds []paramDTO, at string) ([]domain.Param, error) {
	if len(ds) == 0 {
		return nil, nil
	}
	out := make([]domain.Param, 0, len(ds))
	for i, d := range ds {
		pat := fmt.Sprintf("%s[%d]", at, i)
		children, err := paramsFromDTO(d.Children, pat+".children")
		if err != nil {
			return nil, err
		}
		value, err := sourceValueFromDTO(d.Source, d.Type, pat+".source.value")
		if err != nil {
			return nil, err
		}
		p := domain.Param{
			Name:        d.Name,
			In:          d.In,
			Type:        d.Type,
			Required:    d.Required,
			Source:      domain.Source{Kind: d.Source.Kind, Value: value},
			Description: d.Description,
			Children:    children,
		}
		// A param without a source is one the caller gives: the only
		// reading of a hand-written {"name":..,"type":..} that makes sense.
		if p.Source.Kind == "" {
			p.Source.Kind = domain.SourceInput
		}
		p.Default = defaultFromDTO(d.Default)
		out = append(out, p)
	}
	return out, nil
}

// sourceValueFromDTO reads a source's value as the text the store keeps: a
// string as it is, and a static literal of the param's type in canonical
// JSON ("3", "true", {"a":1}). Whether a string fits the type is the
// interface compiler's to check, as for a value typed in the studio.
func sourceValueFromDTO(d sourceDTO, typ, at string) (string, error) {
	raw := bytes.TrimSpace(d.Value)
	kind := literalKind(raw)
	switch kind {
	case "", "null":
		return "", nil
	case "string":
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", domain.Invalid(at, "cannot be read: %v", err).With(domain.RImportValueUnreadable, "detail", err.Error()).With(domain.RImportValueUnreadable, "detail", err.Error())
		}
		return v, nil
	}
	if d.Kind != domain.SourceStatic {
		source := d.Kind
		if source == "" {
			source = domain.SourceInput
		}
		return "", domain.Invalid(at, "is a JSON %s; the value of a%s %s source is a string", kind, article(source), source).
			With(domain.RImportSourceNotString, "kind", kind, "source", source)
	}
	if want := kindOfType(typ); kind != want {
		return "", domain.Invalid(at, "is a JSON %s, which a static value of a%s %s param cannot be: write a %s literal (or a string)", kind, article(typ), typ, want).
			With(domain.RImportStaticType, "kind", kind, "type", typ, "want", want)
	}
	lit, err := canonicalJSON(raw)
	if err != nil {
		return "", domain.Invalid(at, "cannot be read: %v", err).With(domain.RImportValueUnreadable, "detail", err.Error())
	}
	return string(lit), nil
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "n"
	}
	return ""
}

// defaultFromDTO stores a default in canonical form, and "no default"
// (absent or null) as nil, its one spelling in the domain.
func defaultFromDTO(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	canonical, err := canonicalJSON(raw)
	if err != nil {
		return raw // cannot happen: the decoder has read it as JSON already
	}
	return canonical
}

func responseFromDTO(ds []responseParamDTO) []domain.ResponseParam {
	if len(ds) == 0 {
		return nil
	}
	out := make([]domain.ResponseParam, 0, len(ds))
	for _, d := range ds {
		out = append(out, domain.ResponseParam{
			Name:        d.Name,
			Type:        d.Type,
			Path:        d.Path,
			Description: d.Description,
			Children:    responseFromDTO(d.Children),
		})
	}
	return out
}

func conditionFromDTO(d conditionDTO) domain.Condition {
	c := domain.Condition{Field: d.Field, Op: d.Op, Value: d.Value}
	if d.All != nil {
		c.All = make([]domain.Condition, 0, len(d.All))
		for _, s := range d.All {
			c.All = append(c.All, conditionFromDTO(s))
		}
	}
	if d.Any != nil {
		c.Any = make([]domain.Condition, 0, len(d.Any))
		for _, s := range d.Any {
			c.Any = append(c.Any, conditionFromDTO(s))
		}
	}
	return c
}
