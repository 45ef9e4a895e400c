package exchange_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
)

// The canonical schema is backend/exchange/package.schema.json (go:embed
// cannot reach ../../docs); the docs copy must be the same bytes.
func TestSchema_DocsCopy(t *testing.T) {
	canonical, err := os.ReadFile("package.schema.json")
	require.NoError(t, err)
	docsCopy := filepath.Join("..", "..", "docs", "package.schema.json")
	if *update {
		require.NoError(t, os.WriteFile(docsCopy, canonical, 0o644))
	}
	got, err := os.ReadFile(docsCopy)
	require.NoError(t, err, "run go test ./backend/exchange -update to create it")
	assert.Equal(t, string(canonical), string(got), "docs/package.schema.json differs: run go test ./backend/exchange -update")
}

// The schema repeats the domain's closed vocabularies; this keeps the two
// from drifting apart.
func TestSchema_EnumsMatchDomain(t *testing.T) {
	raw, err := os.ReadFile("package.schema.json")
	require.NoError(t, err)
	var s struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(raw, &s))
	enum := func(def, prop string) []string { return s.Defs[def].Properties[prop].Enum }

	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"charset", enum("connection", "charset"), domain.Charsets},
		{"auth type", enum("auth", "type"), domain.AuthTypes},
		{"interface bodyType", enum("interface", "bodyType"), domain.BodyTypes},
		{"tokenExchange bodyType", enum("tokenExchange", "bodyType"), domain.BodyTypes},
		{"param in", enum("param", "in"), domain.ParamIns},
		{"param type", enum("param", "type"), domain.ParamTypes},
		{"response param type", enum("responseParam", "type"), domain.ParamTypes},
		{"condition op", enum("condition", "op"), domain.CondOps},
		{"protocol", enum("connection", "protocol"), []string{"http", "https"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.got)
		})
	}
}
