package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/jsonpos"
)

// utf8BOM is tolerated at the start of a package: some Windows editors write
// it, and it carries no content.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Import reads a package. In order it checks: JSON syntax (the error gives
// line and column), the format and version ("... this Junction reads package
// version 1"), secrets (refused for now, whatever their shape), the
// embedded JSON Schema (the error names the field) and the checksum when
// present (a mismatch names both sums). Then it applies the defaults of
// PACKAGE.md and the domain's Normalize*/Validate* rules to every connector,
// connection, account and interface, with the field path prefixed, such as
// "connectors[0].interfaces[2].success.all[0].op". It also checks that an
// interface's connection belongs to the same connector and that keys are not
// repeated (connectors and flows in the package, connections and interfaces
// in a connector, account names in a connection). Flows get the defaults of
// PACKAGE.md and the shape rules of CreateFlow (field paths such as
// "flows[0].steps[1].inputs.code"); what their steps call is checked by the
// service, against the store and the package's connectors.
//
// An unreadable document, an unknown format or a newer version and non-null
// secrets give code bad_input; a well-formed document that
// breaks a rule gives code validation with Field set. Certificate paths that
// do not exist on this machine are Warnings, not errors: the user fixes the
// path after importing.
func Import(data []byte) (*Decoded, error) {
	out := &Decoded{Connectors: []ConnectorBundle{}, Warnings: []domain.Note{}}
	sum, err := ImportStream(bytes.NewReader(data), func(_ int, b *ConnectorBundle, warnings []domain.Note) error {
		out.Connectors = append(out.Connectors, *b)
		out.Warnings = append(out.Warnings, warnings...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Meta, out.Flows = sum.Meta, sum.Flows
	return out, nil
}

// notPackage refuses a document that is not a JSON object, after the checks
// that come first: UTF-8, syntax, repeated keys and numbers.
func notPackage(data []byte) error {
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			r, size := utf8.DecodeRune(data[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		line, col := jsonpos.At(data, bad)
		return domain.Errorf(domain.EBadInput, "the package is not UTF-8 text: line %d, column %d (save it as UTF-8)", line, col).
			With(domain.RImportNotUTF8, "line", strconv.Itoa(line), "column", strconv.Itoa(col))
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		var serr *json.SyntaxError
		if errors.As(err, &serr) {
			line, col := jsonpos.OfSyntaxError(data, serr)
			e := domain.Errorf(domain.EBadInput, "the package is not valid JSON: line %d, column %d: %s", line, col, serr.Error()).
				With(domain.RImportNotJSONAt, "line", strconv.Itoa(line), "column", strconv.Itoa(col), "detail", serr.Error())
			e.Params = e.Params.Nest("detail", jsonpos.Cause(serr))
			return e
		}
		// A number float64 cannot hold (1e999) is valid JSON that
		// encoding/json refuses without saying where: walkTokens does.
		if werr := walkTokens(data, 0, ""); werr != nil {
			return locateIn(data, werr)
		}
		return domain.Errorf(domain.EBadInput, "the package is not valid JSON: %v", err).With(domain.RImportNotJSON, "detail", err.Error())
	}
	if err := walkTokens(data, 0, ""); err != nil {
		return locateIn(data, err)
	}
	return domain.Errorf(domain.EBadInput, "this is not a Junction package: the file holds a JSON %s, not an object with \"format\": %q", jsonKind(doc), Format).
		With(domain.RImportNotPackage, "kind", jsonKind(doc), "format", Format)
}

// locateIn gives a located error its line and column in data.
func locateIn(data []byte, err error) error {
	var l *located
	if !errors.As(err, &l) {
		return err
	}
	line, col := jsonpos.At(data, int(l.offset))
	return l.build(line, col)
}

// walkTokens walks the tokens of data, a (valid) JSON value at offset base
// of the package and at field path root, and refuses the first key that
// appears twice in one object (the last would win; JCS, and so the
// checksum, forbids them) and the first number that float64 cannot hold,
// naming its field ("connectors[0].interfaces[0].request[0].default").
func walkTokens(data []byte, base int64, root string) error {
	type frame struct {
		object    bool
		expectKey bool
		keys      map[string]bool
		path      string
		key       string // the key of the value that comes next (objects)
		index     int    // the index of the value that comes next (arrays)
	}
	var stack []*frame
	return domain.EachJSONToken(data, func(err error) error {
		return domain.Errorf(domain.EBadInput, "the package is not valid JSON: %v", err).With(domain.RImportNotJSON, "detail", err.Error())
	}, func(dec *json.Decoder, tok json.Token) error {
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			return nil
		}
		path := root
		if top != nil && top.object {
			if top.expectKey {
				key := tok.(string)
				if top.keys[key] {
					return repeatedKey(base+dec.InputOffset()-1, key)
				}
				top.keys[key] = true
				top.expectKey = false
				top.key = key
				return nil
			}
			top.expectKey = true // the value starts here; the next token at this level is a key
			path = strings.TrimPrefix(domain.KeyPath(top.path, top.key), ".")
		} else if top != nil {
			path = fmt.Sprintf("%s[%d]", top.path, top.index)
			top.index++
		}
		if n, ok := tok.(json.Number); ok {
			if f, err := strconv.ParseFloat(n.String(), 64); err != nil || math.IsInf(f, 0) {
				return &located{offset: base + dec.InputOffset() - 1, build: func(line, col int) error {
					return &domain.Error{Code: domain.EValidation, Field: path,
						Message: fmt.Sprintf("%s is not a finite number (line %d, column %d): numbers must fit a 64-bit float", n, line, col)}
				}}
			}
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, &frame{object: d == '{', expectKey: true, keys: map[string]bool{}, path: path})
		}
		return nil
	})
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "object"
}

// checkFormat runs before the schema: a package of a newer version may have
// another shape, and "update Junction" helps more than a list of unknown
// fields.
func checkFormat(top map[string]any) error {
	f, ok := top["format"]
	if !ok {
		return &domain.Error{Code: domain.EBadInput, Field: "format", Message: fmt.Sprintf("this is not a Junction package: it has no \"format\": %q", Format)}
	}
	if f != Format {
		return &domain.Error{Code: domain.EBadInput, Field: "format", Message: fmt.Sprintf("%s is not a Junction package format: this Junction reads %q, package version %d", jsonText(f), Format, Version)}
	}
	// A version that is not a whole number is the schema's to refuse.
	if v, ok := top["version"].(float64); ok && v > Version && v == math.Trunc(v) {
		return &domain.Error{Code: domain.EBadInput, Field: "version", Message: fmt.Sprintf("package version %s is newer than this Junction: this Junction reads package version %d; update Junction to import it", jsonText(v), Version)}
	}
	return nil
}

// refuseUnsupported refuses what a later version will import: reading
// secrets now would drop them silently, which is worse than refusing.
func refuseUnsupported(top map[string]any) error {
	if s, ok := top["secrets"]; ok && s != nil {
		return &domain.Error{Code: domain.EBadInput, Field: "secrets", Message: "the package holds passphrase-encrypted secrets, which are not supported yet by this version of Junction: export it without a passphrase and enter the secrets after importing"}
	}
	return nil
}

// checksumMismatch refuses a package whose content does not hash to the
// checksum it carries; hand-written packages may leave the checksum out.
func checksumMismatch(want, got string) error {
	return domain.Invalid("checksum", "does not match the content: the package says %s but its content hashes to %s; it was changed after export (remove the checksum to import an edited package)", want, got).
		With(domain.RImportChecksum, "want", want, "got", got)
}

// checkConnector applies defaults and rules to one connector and everything
// in it, in place, and returns its warnings.
func checkConnector(at string, b *ConnectorBundle) ([]domain.Note, error) {
	domain.NormalizeConnector(&b.Connector)
	if err := domain.ValidateConnector(&b.Connector); err != nil {
		return nil, domain.Prefix(at, err)
	}
	// The rules of create and edit, and the compiler of a call: what would
	// fail at the first call is refused here, with its field.
	var warnings []domain.Note
	connectionAt := map[string]int{}
	for i := range b.Connections {
		cat := fmt.Sprintf("%s.connections[%d]", at, i)
		cb := &b.Connections[i]
		if err := checkConnection(cat, cb); err != nil {
			return nil, err
		}
		key := cb.Connection.Key
		if j, dup := connectionAt[key]; dup {
			return nil, domain.Invalid(cat+".key", "%q is also the key of connections[%d] of this connector", key, j).
				With(domain.RImportDupConnection, "key", key, "other", strconv.Itoa(j))
		}
		connectionAt[key] = i
		warnings = append(warnings, pathWarnings(cat, cb.Connection.TLS)...)
	}
	interfaceAt := map[string]int{}
	for i := range b.Interfaces {
		iat := fmt.Sprintf("%s.interfaces[%d]", at, i)
		ib := &b.Interfaces[i]
		domain.NormalizeInterface(&ib.Interface)
		if err := invoke.CheckInterface(&ib.Interface); err != nil {
			return nil, domain.Prefix(iat, err)
		}
		key := ib.Interface.Key
		if j, dup := interfaceAt[key]; dup {
			return nil, domain.Invalid(iat+".key", "%q is also the key of interfaces[%d] of this connector", key, j).
				With(domain.RImportDupInterface, "key", key, "other", strconv.Itoa(j))
		}
		interfaceAt[key] = i
		ib.ConnectionKey = strings.TrimSpace(ib.ConnectionKey)
		if _, ok := connectionAt[ib.ConnectionKey]; !ok {
			return nil, domain.Invalid(iat+".connection", "%q is not a connection of connector %s (it has %s)", ib.ConnectionKey, b.Connector.Key, listKeys(b.Connections)).
				With(domain.RImportUnknownConnection, "connection", ib.ConnectionKey, "connector", b.Connector.Key, "keys", listKeys(b.Connections))
		}
	}
	return warnings, nil
}

func listKeys(cs []ConnectionBundle) string {
	if len(cs) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(cs))
	for _, c := range cs {
		keys = append(keys, c.Connection.Key)
	}
	return strings.Join(keys, ", ")
}

func checkConnection(at string, cb *ConnectionBundle) error {
	c := &cb.Connection
	domain.NormalizeConnection(c)
	if c.Protocol == "http" {
		// Normalisation drops the TLS settings of an http connection; its
		// certificate password goes with them.
		cb.CertPasswordSet = false
	}
	if err := invoke.CheckConnection(c); err != nil {
		return domain.Prefix(at, err)
	}
	nameAt := map[string]int{}
	defaultAt := -1
	for i := range cb.Accounts {
		aat := fmt.Sprintf("%s.accounts[%d]", at, i)
		a := &cb.Accounts[i]
		acc := domain.AuthAccount{Name: a.Name, Fields: a.Fields, Secrets: map[string]string{}}
		for _, f := range a.SecretFields {
			acc.Secrets[f] = ""
		}
		domain.NormalizeAccount(&acc)
		a.Name, a.Fields = acc.Name, acc.Fields
		if err := domain.ValidateAccount(&acc); err != nil {
			return domain.Prefix(aat, err)
		}
		// A scheme's own secret in the plain fields would be stored and shown
		// as plain text: refuse it rather than keep a leaked secret in view.
		for _, f := range domain.SecretFieldsOf(c.Auth.Type) {
			if _, plain := a.Fields[f]; plain {
				return domain.Invalid(aat+".fields."+f, "is a secret of the %s scheme and must not travel in clear text: list it in secretFields and enter it after importing", c.Auth.Type).
					With(domain.RImportSecretInClear, "scheme", c.Auth.Type)
			}
		}
		if j, dup := nameAt[a.Name]; dup {
			return domain.Invalid(aat+".name", "%q is also the name of accounts[%d] of this connection", a.Name, j).
				With(domain.RImportDupAccount, "name", a.Name, "other", strconv.Itoa(j))
		}
		nameAt[a.Name] = i
		if a.Default {
			if defaultAt >= 0 {
				return domain.Invalid(aat+".default", "accounts[%d] is already the default: a connection has one default account", defaultAt).
					With(domain.RImportTwoDefaults, "other", strconv.Itoa(defaultAt))
			}
			defaultAt = i
		}
	}
	return nil
}

// pathWarnings warns about certificate paths that calls could not use here:
// missing files (the path travels as a hint from the exporting machine and
// rarely exists as is on another), special files such as /dev/zero or a FIFO,
// files over 1 MiB. They are warnings, not errors: the path is the user's to
// fix on this machine after importing, and a call refuses it until then.
func pathWarnings(at string, tls domain.TLSOptions) []domain.Note {
	var out []domain.Note
	for _, p := range []struct{ field, path string }{
		{"tls.clientCertPath", tls.ClientCertPath},
		{"tls.caCertPath", tls.CACertPath},
	} {
		if p.path == "" {
			continue
		}
		err := invoke.CheckCertFile(p.path)
		var ce *invoke.CertFileError
		switch {
		case err == nil:
		case errors.As(err, &ce) && ce.Missing:
			out = append(out, domain.NoteOf(domain.RImportCertMissing, fmt.Sprintf("%s.%s: %s does not exist on this machine", at, p.field, p.path),
				"where", at, "field", p.field, "path", p.path))
		default:
			// An unusable file (a FIFO, over 1 MiB) or a path that cannot be examined.
			detail := err.Error()
			if errors.As(err, &ce) {
				detail = ce.Sentence()
			}
			out = append(out, domain.NoteOf(domain.RImportCertUnusable, fmt.Sprintf("%s.%s: %s", at, p.field, detail),
				"where", at, "field", p.field, "path", p.path, "detail", detail))
		}
	}
	return out
}
