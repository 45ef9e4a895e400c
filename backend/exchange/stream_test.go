package exchange_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/gowebpki/jcs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/exchange"
	"junction/backend/exchange/exchangegen"
)

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.ReadSeeker
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) Seek(off int64, whence int) (int64, error) { return c.r.Seek(off, whence) }

// A package that passes is read once, and each connector is handed on in
// order; the checksum computed while streaming matches the export's.
func TestImportStream_ReadsOnceInOrder(t *testing.T) {
	pkg, err := exchangegen.Package("s", 0, 25)
	require.NoError(t, err)
	src := &countingReader{r: bytes.NewReader(pkg)}
	var keys []string
	sum, err := exchange.ImportStream(src, func(i int, b *exchange.ConnectorBundle, _ []domain.Note) error {
		assert.Equal(t, len(keys), i)
		keys = append(keys, b.Connector.Key)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 25, sum.Connectors)
	assert.Equal(t, int64(len(pkg)), src.n, "read once")
	assert.Equal(t, exchangegen.Connector("s", 24).Connector.Key, keys[24])
}

// When a package breaks several rules, the stream reports the one Import
// always reported first, even when it comes later in the file, and stops
// handing connectors on at the first mistake.
func TestImportStream_ReportsTheFirstStage(t *testing.T) {
	exported := exportRich(t, fixedMeta)
	badKey := strings.Replace(string(exported), `"key": "open-platform"`, `"key": "Not A Key"`, 1)
	for name, tc := range map[string]struct {
		data  string
		field string
		text  string
	}{
		"a syntax error after a rule broken": {data: strings.TrimSuffix(badKey, "}\n") + ",}", text: "not valid JSON"},
		"secrets after a rule broken": {data: strings.Replace(badKey, `"secrets": null`,
			`"secrets": {"kdf": "scrypt", "n": 1, "r": 1, "p": 1, "salt": "", "nonce": "", "ciphertext": ""}`, 1), field: "secrets"},
		"a checksum that no longer matches": {data: badKey, field: "checksum"},
	} {
		t.Run(name, func(t *testing.T) {
			calls := 0
			_, err := exchange.ImportStream(strings.NewReader(tc.data), func(int, *exchange.ConnectorBundle, []domain.Note) error {
				calls++
				return nil
			})
			require.Error(t, err)
			assert.Zero(t, calls, "nothing handed on from a refused connector or after it")
			var de *domain.Error
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tc.field, de.Field)
			assert.Contains(t, domain.ErrorMessage(err), tc.text)
		})
	}
	t.Run("the caller's error refuses the package", func(t *testing.T) {
		stop := domain.Errorf(domain.EConflict, "stop")
		_, err := exchange.ImportStream(bytes.NewReader(exported), func(int, *exchange.ConnectorBundle, []domain.Note) error { return stop })
		assert.ErrorIs(t, err, stop)
	})
}

// The canonical form the importer hashes is the one jcs.Transform gives.
func TestCanonicalMatchesJCS(t *testing.T) {
	pkg, err := exchangegen.Package("j", 0, 3)
	require.NoError(t, err)
	for name, data := range map[string][]byte{
		"generated": pkg,
		"rich":      exportRich(t, fixedMeta),
		"odd text":  []byte(`{"format":"junction-package","version":1,"exportedBy":"x","connectors":[{"key":"k","name":"a\"\\<&>é😀 \u2029","description":"line\none\ttab\r","tags":["ü","a\u2028b","Z"],"version":"1.0.0"}]}`),
	} {
		t.Run(name, func(t *testing.T) {
			var doc map[string]any
			require.NoError(t, json.Unmarshal(data, &doc))
			delete(doc, "checksum")
			// A package whose checksum is the JCS one imports; a wrong one is refused.
			doc["checksum"] = jcsChecksum(t, doc)
			good, err := json.Marshal(doc)
			require.NoError(t, err)
			_, err = exchange.Import(good)
			assert.NoError(t, err)
		})
	}
}

// jcsChecksum is the checksum of doc by PACKAGE.md, with jcs.Transform.
func jcsChecksum(t *testing.T, doc map[string]any) string {
	t.Helper()
	content := map[string]any{}
	for k, v := range doc {
		switch k {
		case "checksum", "secrets", "signature", "exportedAt", "exportedBy":
		default:
			content[k] = v
		}
	}
	raw, err := json.Marshal(content)
	require.NoError(t, err)
	canonical, err := jcs.Transform(raw)
	require.NoError(t, err)
	sum := sha256.Sum256(canonical)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// The reading runs ahead of the caller (readHanding), yet the caller sees
// what a plain loop gives it: every connector in order until it refuses
// one, none after it, its error the package's, or a later connector's
// mistake of an earlier stage when there is one.
func TestImportStream_TheCallerSeesALoop(t *testing.T) {
	pkg, err := exchangegen.Package("s", 0, 40)
	require.NoError(t, err)
	stop := domain.Errorf(domain.EConflict, "stop")
	var seen []int
	_, err = exchange.ImportStream(bytes.NewReader(pkg), func(i int, _ *exchange.ConnectorBundle, _ []domain.Note) error {
		seen = append(seen, i)
		if i == 3 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, []int{0, 1, 2, 3}, seen, "nothing after the refused connector")

	// Connector 30 breaks the schema: a stage before the caller's, so its
	// error is the package's although the caller refused connector 3 first.
	badKey := exchangegen.Connector("s", 30).Connector.Key
	broken := bytes.Replace(pkg, []byte(`"key": "`+badKey+`"`), []byte(`"key": 30`), 1)
	require.NotEqual(t, pkg, broken)
	seen = nil
	_, err = exchange.ImportStream(bytes.NewReader(broken), func(i int, _ *exchange.ConnectorBundle, _ []domain.Note) error {
		seen = append(seen, i)
		if i == 3 {
			return stop
		}
		return nil
	})
	require.Error(t, err)
	assert.NotErrorIs(t, err, stop)
	var de *domain.Error
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "connectors[30].key", de.Field)
	assert.Equal(t, []int{0, 1, 2, 3}, seen)
}
