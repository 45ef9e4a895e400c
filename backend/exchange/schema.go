package exchange

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"junction/backend/domain"
)

// schemaJSON is the JSON Schema (2020-12) of format v1 that Import enforces.
//
// This file is the canonical copy: go:embed cannot reach ../../docs, so the
// schema lives next to the code that enforces it, and docs/package.schema.json
// is a byte-identical copy for users that TestSchema_DocsCopy keeps equal
// (run the tests with -update to rewrite it).
//
//go:embed package.schema.json
var schemaJSON []byte

const schemaURL = "urn:junction:package:v1"

// schemas compiles the embedded schema the first time a package is imported,
// once per process: the package's top level, and one connector (the importer
// checks connectors one by one as they stream by). Commands that do not
// import never pay for it.
var schemas = sync.OnceValues(func() (*compiledSchemas, error) {
	schemaCompiled.Store(true)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("package schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("package schema: %w", err)
	}
	var out compiledSchemas
	if out.pkg, err = c.Compile(schemaURL); err != nil {
		return nil, fmt.Errorf("package schema: %w", err)
	}
	if out.connector, err = c.Compile(schemaURL + "#/$defs/connector"); err != nil {
		return nil, fmt.Errorf("package schema: %w", err)
	}
	return &out, nil
})

type compiledSchemas struct{ pkg, connector *jsonschema.Schema }

var schemaCompiled atomic.Bool

// SchemaCompiled says whether this process has compiled the package schema:
// only an import does, and start-up tests check that other commands do not.
func SchemaCompiled() bool { return schemaCompiled.Load() }

// validateSchema checks the package's top level (as decoded by encoding/json
// into any; its connectors are checked one by one) against the schema.
func validateSchema(doc any) error {
	sch, err := schemas()
	if err != nil {
		return domain.Errorf(domain.EInternal, "%v", err)
	}
	return schemaViolation(sch.pkg.Validate(doc), doc, "")
}

// validateConnectorSchema checks one connector, doc, at field path at.
func validateConnectorSchema(doc any, at string) error {
	sch, err := schemas()
	if err != nil {
		return domain.Errorf(domain.EInternal, "%v", err)
	}
	return schemaViolation(sch.connector.Validate(doc), doc, at)
}

// schemaViolation reports the most specific violation of err as a
// validation error naming its field, such as "connectors[0].key"; at is the
// field path of doc in the package.
func schemaViolation(err error, doc any, at string) error {
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return domain.Errorf(domain.EBadInput, "the package cannot be checked against its schema: %v", err).With(domain.RImportSchemaUnchecked, "detail", err.Error())
	}
	loc, msg := describeViolation(deepestLeaf(verr))
	field := fieldPath(doc, loc)
	switch {
	case at != "" && field != "":
		field = at + "." + field
	case at != "":
		field = at
	}
	if field == "" {
		return domain.Errorf(domain.EValidation, "the package %s", msg).With(domain.RImportSchema, "detail", msg)
	}
	return domain.Invalid(field, "%s", msg).With(domain.RImportSchemaField, "detail", msg)
}

// deepestLeaf picks, among the violations at the bottom of the tree, the one
// furthest down the document: with $refs and nested objects the root error
// only says "something below is wrong", and the deepest says what.
func deepestLeaf(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return e
	}
	var best *jsonschema.ValidationError
	bestDepth := -1
	for _, c := range e.Causes {
		leaf := deepestLeaf(c)
		if d := len(leafLocation(leaf)); d > bestDepth {
			best, bestDepth = leaf, d
		}
	}
	return best
}

// leafLocation is where a violation is, counting a missing or unexpected
// property as a place of its own.
func leafLocation(e *jsonschema.ValidationError) []string {
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		return slices.Concat(e.InstanceLocation, []string{k.Missing[0]})
	case *kind.AdditionalProperties:
		return slices.Concat(e.InstanceLocation, []string{k.Properties[0]})
	}
	return e.InstanceLocation
}

var printer = message.NewPrinter(language.English)

// describeViolation words the common violations the way domain validation
// words its own ("is required", "... is not one of a, b"), so that a person
// reads one voice whichever check caught the mistake.
func describeViolation(e *jsonschema.ValidationError) ([]string, string) {
	loc := leafLocation(e)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		return loc, "is required"
	case *kind.AdditionalProperties:
		return loc, "is not a field of a package here (check the spelling)"
	case *kind.FalseSchema:
		// The schema forbids a field by name only where another field
		// decides: the trigger's type, and "in" in a flow's inputs.
		return loc, "does not belong here: a manual trigger has no other field, an interval trigger has everySec, a cron trigger cron and timezone, and a flow input has no \"in\""
	case *kind.Type:
		return loc, fmt.Sprintf("must be %s, not %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.Enum:
		want := make([]string, 0, len(k.Want))
		for _, w := range k.Want {
			want = append(want, plain(w))
		}
		return loc, fmt.Sprintf("%s is not one of %s", jsonText(k.Got), strings.Join(want, ", "))
	case *kind.Const:
		return loc, fmt.Sprintf("must be %s, not %s", jsonText(k.Want), jsonText(k.Got))
	case *kind.Minimum:
		return loc, fmt.Sprintf("must be at least %s, not %s", k.Want.RatString(), k.Got.RatString())
	case *kind.Maximum:
		return loc, fmt.Sprintf("must be at most %s, not %s", k.Want.RatString(), k.Got.RatString())
	case *kind.MinLength:
		if k.Want == 1 {
			return loc, "must not be empty"
		}
	case *kind.Pattern:
		return loc, fmt.Sprintf("%q does not match %s", k.Got, k.Want)
	case *kind.UniqueItems:
		return loc, fmt.Sprintf("lists the same value twice (items %d and %d)", k.Duplicates[0], k.Duplicates[1])
	}
	return loc, e.ErrorKind.LocalizedString(printer)
}

// plain shows a string as itself and anything else as JSON, for lists of
// allowed values.
func plain(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return jsonText(v)
}

func jsonText(v any) string {
	b, err := marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// fieldPath turns a JSON pointer's tokens into the dotted field path domain
// errors use ("connectors[0].connections[1].host"), walking the document to
// tell array indexes from object keys that happen to be digits.
func fieldPath(doc any, tokens []string) string {
	var sb strings.Builder
	cur := doc
	for _, tok := range tokens {
		if arr, ok := cur.([]any); ok {
			sb.WriteString("[" + tok + "]")
			cur = nil
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(arr) {
				cur = arr[i]
			}
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(tok)
		obj, _ := cur.(map[string]any)
		cur = obj[tok]
	}
	return sb.String()
}
