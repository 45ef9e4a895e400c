package exchange_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gowebpki/jcs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/exchange"
)

func TestExport_Golden(t *testing.T) {
	got := exportRich(t, fixedMeta)
	golden := filepath.Join("testdata", "rich.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./backend/exchange -update to create it")
	assert.Equal(t, string(want), string(got))
}

func TestExport_Layout(t *testing.T) {
	out := exportRich(t, fixedMeta)

	t.Run("two-space indent and a trailing newline", func(t *testing.T) {
		assert.True(t, bytes.HasPrefix(out, []byte("{\n  \"format\": \"junction-package\",\n  \"version\": 1,\n")))
		assert.True(t, bytes.HasSuffix(out, []byte("\n}\n")))
	})
	t.Run("top-level keys in the order of PACKAGE.md", func(t *testing.T) {
		assert.Equal(t,
			[]string{"format", "version", "exportedAt", "exportedBy", "connectors", "flows", "secrets", "checksum", "signature"},
			objectKeys(t, out))
		assert.Contains(t, string(out), "\n  \"flows\": [],\n  \"secrets\": null,\n")
		assert.Contains(t, string(out), "\n  \"signature\": null\n}")
	})
	t.Run("no HTML escaping", func(t *testing.T) {
		assert.Contains(t, string(out), `"HR & payroll <v2> API"`)
		assert.Contains(t, string(out), `"text/html; charset=<any> & more"`)
		assert.NotContains(t, string(out), `\u00`)
	})
	t.Run("integers look like integers", func(t *testing.T) {
		assert.Contains(t, string(out), `"value": 200`)
		assert.Contains(t, string(out), `12345678901234567890`)
		assert.NotContains(t, string(out), "200.0")
	})
	t.Run("no secret and no store identity", func(t *testing.T) {
		for _, s := range []string{"ciphertext-never-exported", "ignored", "revision", "createdAt", "bob"} {
			assert.NotContains(t, string(out), s)
		}
	})
}

// objectKeys returns the keys of the top-level object of data, in order.
func objectKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	_, err := dec.Token() // {
	require.NoError(t, err)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func TestExport_RoundTrip(t *testing.T) {
	first := exportRich(t, fixedMeta)
	dec, err := exchange.Import(first)
	require.NoError(t, err)
	assert.Equal(t, fixedMeta.ExportedAt, dec.Meta.ExportedAt)
	assert.Equal(t, fixedMeta.ExportedBy, dec.Meta.ExportedBy)

	second, err := exchange.Export(dec.Meta, dec.Connectors)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
}

func TestExport_MetaIsOutsideTheChecksum(t *testing.T) {
	a := exportRich(t, fixedMeta)
	b := exportRich(t, exchange.Meta{ExportedAt: time.Date(2027, 1, 2, 3, 4, 5, 0, time.FixedZone("CST", 8*3600)), ExportedBy: "bob"})

	aLines, bLines := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	require.Len(t, bLines, len(aLines))
	var differ []string
	for i := range aLines {
		if aLines[i] != bLines[i] {
			differ = append(differ, aLines[i], bLines[i])
		}
	}
	assert.Equal(t, []string{
		`  "exportedAt": "2026-11-23T08:00:00Z",`, `  "exportedAt": "2027-01-01T19:04:05Z",`,
		`  "exportedBy": "alice",`, `  "exportedBy": "bob",`,
	}, differ)
	assert.Equal(t, checksumField(t, a), checksumField(t, b))
}

func checksumField(t *testing.T, data []byte) string {
	t.Helper()
	var pkg struct {
		Checksum string `json:"checksum"`
	}
	require.NoError(t, json.Unmarshal(data, &pkg))
	return pkg.Checksum
}

// TestExport_Checksum recomputes the checksum from the written bytes with
// jcs.Transform directly, over the key set PACKAGE.md documents.
func TestExport_Checksum(t *testing.T) {
	out := exportRich(t, fixedMeta)

	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out, &doc))
	for _, k := range []string{"checksum", "secrets", "signature", "exportedAt", "exportedBy"} {
		require.Contains(t, doc, k)
		delete(doc, k)
	}
	assert.ElementsMatch(t, []string{"format", "version", "connectors", "flows"}, keysOf(doc))
	content, err := json.Marshal(doc)
	require.NoError(t, err)
	canonical, err := jcs.Transform(content)
	require.NoError(t, err)
	sum := sha256.Sum256(canonical)

	assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:]), checksumField(t, out))
}

func keysOf(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func TestExport_Empty(t *testing.T) {
	out, err := exchange.Export(fixedMeta, nil)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"connectors": [],`)

	dec, err := exchange.Import(out)
	require.NoError(t, err)
	assert.Empty(t, dec.Connectors)
}

func TestExport_UnwritableValue(t *testing.T) {
	b := richBundles()
	b[0].Interfaces[0].Interface.Request[0].Default = json.RawMessage(`{broken`)

	_, err := exchange.Export(fixedMeta, b)
	require.Error(t, err)
	assert.Equal(t, domain.EInternal, domain.ErrorCode(err))
	assert.Contains(t, err.Error(), "open-platform")
}
