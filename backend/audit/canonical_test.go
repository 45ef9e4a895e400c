package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gowebpki/jcs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/audit"
	"junction/backend/domain"
)

// jcsHash is the definition Hash implements, computed the long way: marshal
// the hashed members, canonicalise with github.com/gowebpki/jcs, hash.
func jcsHash(t testing.TB, prevHash string, e *domain.AuditEntry) string {
	raw, err := json.Marshal(map[string]any{
		"seq": e.Seq, "at": e.At.UTC().Format(time.RFC3339Nano), "actor": e.Actor, "action": e.Action,
		"targetType": e.TargetType, "targetId": e.TargetID, "targetKey": e.TargetKey,
		"connectorId": e.ConnectorID, "summary": e.Summary, "details": e.Details,
	})
	require.NoError(t, err)
	canon, err := jcs.Transform(raw)
	require.NoError(t, err)
	sum := sha256.Sum256(append([]byte(prevHash), canon...))
	return hex.EncodeToString(sum[:])
}

// trickyStrings are what JCS escapes, keeps or replaces.
var trickyStrings = []string{
	"", "plain", `quote " and \ backslash`, "\b\t\n\f\r", "\x00\x01\x1f\x7f",
	"<html> & 'x'", "中文 ünï 😀", "\u2028\u2029", "bad \xff utf-8 \xc3", "\xed\xa0\x80 surrogate",
	`{"changes":{"name":{"before":"a","after":"b"}}}`,
}

func TestHash_CanonicalMatchesJCS(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.FixedZone("X", 3600))
	for _, s := range trickyStrings {
		e := &domain.AuditEntry{Seq: 42, At: at, Actor: s, Action: s, TargetType: s, TargetID: s,
			TargetKey: s, ConnectorID: s, Summary: s, Details: s}
		assert.Equal(t, jcsHash(t, "prev", e), audit.Hash("prev", e), "%q", s)
	}
	for _, seq := range []int64{0, -1, 1, 1<<53 - 1, 1 << 53, 1<<53 + 1, 1 << 60, -(1 << 62), 1<<63 - 1} {
		e := &domain.AuditEntry{Seq: seq, At: at}
		assert.Equal(t, jcsHash(t, "", e), audit.Hash("", e), "seq %d", seq)
	}
}

func FuzzHash_CanonicalMatchesJCS(f *testing.F) {
	for i, s := range trickyStrings {
		f.Add(int64(i), s, s+"x")
	}
	f.Fuzz(func(t *testing.T, seq int64, a, b string) {
		e := &domain.AuditEntry{Seq: seq, At: time.Unix(seq%1e10, seq%1e9), Actor: a, Summary: b, Details: a + b}
		if got, want := audit.Hash(b, e), jcsHash(t, b, e); got != want {
			t.Fatalf("seq %d, %q, %q: Hash %s, JCS %s", seq, a, b, got, want)
		}
	})
}

// An import's details are tens of kilobytes: Hash writes them into the hash
// in pieces, which must join up to the same form wherever a piece ends.
func TestHash_LongDetailsMatchJCS(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	var long []byte
	for i := 0; len(long) < 60<<10; i++ {
		long = append(long, trickyStrings[i%len(trickyStrings)]...)
		long = append(long, strings.Repeat("x", i%97)...)
	}
	for _, n := range []int{4<<10 - 1, 4 << 10, 4<<10 + 1, 9000, len(long)} {
		e := &domain.AuditEntry{Seq: 7, At: at, Actor: "admin", Details: string(long[:n]), Summary: string(long[:n/3])}
		assert.Equal(t, jcsHash(t, "prev", e), audit.Hash("prev", e), "%d bytes of details", n)
	}
}
