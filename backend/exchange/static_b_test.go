package exchange_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/exchange"
)

// withStatic returns minimalPackage whose interface has one query param of
// the type with a static source of the given value (raw JSON).
func withStatic(t *testing.T, typ, value string) []byte {
	t.Helper()
	return mutate(t, func(d map[string]any) {
		interfaceOf(d, 0)["request"] = []any{map[string]any{
			"name": "p", "in": "query", "type": typ, "source": map[string]any{"kind": "static", "value": json.RawMessage(value)},
		}}
	})
}

func TestImport_StaticValuesAreTypedLiterals(t *testing.T) {
	for _, c := range []struct {
		typ, value, stored, exported string
	}{
		{"integer", `3`, `3`, `3`},
		{"number", `-2.5e3`, `-2.5e3`, `-2.5e3`},
		{"boolean", `true`, `true`, `true`},
		{"object", `{"b": 1, "a": [true, "x"]}`, `{"a":[true,"x"],"b":1}`, `{"a":[true,"x"],"b":1}`},
		{"array", `[1, {"k": "v"}]`, `[1,{"k":"v"}]`, `[1,{"k":"v"}]`},
		{"string", `"zh_CN"`, `zh_CN`, `"zh_CN"`},
		// Strings that read as the type stay accepted (packages written
		// before typed literals); the export writes the literal.
		{"integer", `"3"`, `3`, `3`},
		{"boolean", `"false"`, `false`, `false`},
		{"object", `"{\"a\":1}"`, `{"a":1}`, `{"a":1}`},
	} {
		t.Run(c.typ+" "+c.value, func(t *testing.T) {
			dec, err := exchange.Import(withStatic(t, c.typ, c.value))
			require.NoError(t, err)
			p := dec.Connectors[0].Interfaces[0].Interface.Request[0]
			assert.Equal(t, domain.Source{Kind: domain.SourceStatic, Value: c.stored}, p.Source)

			out, err := exchange.Export(exchange.Meta{}, dec.Connectors)
			require.NoError(t, err)
			var doc struct {
				Connectors []struct {
					Interfaces []struct {
						Request []struct {
							Source struct {
								Value json.RawMessage `json:"value"`
							} `json:"source"`
						} `json:"request"`
					} `json:"interfaces"`
				} `json:"connectors"`
			}
			require.NoError(t, json.Unmarshal(out, &doc))
			got := doc.Connectors[0].Interfaces[0].Request[0].Source.Value
			assert.JSONEq(t, c.exported, string(got))

			// export -> import -> export: the same bytes.
			again, err := exchange.Import(out)
			require.NoError(t, err)
			second, err := exchange.Export(exchange.Meta{}, again.Connectors)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(second))
		})
	}
}

func TestImport_StaticValueOfAnotherType(t *testing.T) {
	for _, c := range []struct {
		typ, value, message string
	}{
		{"integer", `true`, "is a JSON boolean, which a static value of an integer param cannot be"},
		{"boolean", `1`, "is a JSON number, which a static value of a boolean param cannot be"},
		{"string", `{"a":1}`, "is a JSON object, which a static value of a string param cannot be"},
		{"array", `{"a":1}`, "is a JSON object, which a static value of an array param cannot be"},
		{"integer", `2.5`, "must be an integer"},            // the compiler's check, as at save
		{"integer", `"three"`, "must be an integer"},        // a string that does not read as the type
		{"number", `1e999`, "1e999 is not a finite number"}, // no float64 holds it
	} {
		t.Run(c.typ+" "+c.value, func(t *testing.T) {
			_, err := exchange.Import(withStatic(t, c.typ, c.value))
			assertCode(t, err, domain.EValidation, "connectors[0].interfaces[0].request[0].source.value")
			assert.Contains(t, err.Error(), c.message)
		})
	}

	t.Run("other sources take strings only", func(t *testing.T) {
		pkg := mutate(t, func(d map[string]any) {
			interfaceOf(d, 0)["request"] = []any{map[string]any{
				"name": "p", "in": "query", "type": "integer", "source": map[string]any{"kind": "template", "value": 3},
			}}
		})
		_, err := exchange.Import(pkg)
		assertCode(t, err, domain.EValidation, "connectors[0].interfaces[0].request[0].source.value")
	})
}

func TestImport_NonFiniteNumberNamesItsField(t *testing.T) {
	pkg := mutate(t, func(d map[string]any) {
		interfaceOf(d, 0)["success"] = map[string]any{"field": "status", "op": "lt", "value": json.RawMessage(`1e400`)}
	})
	_, err := exchange.Import(pkg)
	assertCode(t, err, domain.EValidation, "connectors[0].interfaces[0].success.value")
	assert.True(t, strings.Contains(err.Error(), "1e400 is not a finite number"), err.Error())
}
