// Package audit keeps Junction's append-only, hash-chained operation log.
//
// Every entry carries the hash of the entry before it, so editing, deleting or
// reordering a stored row breaks the chain at that row, and Verify names it.
// The hash algorithm is public, so each entry also carries an HMAC of its hash
// under a key derived from the secret key file: a database writer without
// that key cannot rewrite the chain. Deleting the newest entries keeps the
// chain whole, so the latest seq and hash are also kept in an anchor file
// beside the key file (anchor.go), which verification compares.
// Entries are appended inside the caller's transaction, so a change is never
// stored without its entry. The SQL is the store's (backend/store/audit.go):
// this package links, hashes, signs and checks.
package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"time"

	"junction/backend/domain"
)

// Link makes e the entry after the newest one, (lastSeq, lastHash) ((0, "")
// on an empty log): it sets e.Seq to lastSeq + 1, e.PrevHash to lastHash,
// normalises e.At to UTC truncated to microseconds and sets e.Hash and e.MAC
// = MAC(key, e.Hash). key is the audit key (secret.Box.AuditKey). The caller
// sets e.At; a zero time is refused. The store reads the newest entry and
// inserts e in the caller's transaction (store.Tx.AppendAudit).
func Link(e *domain.AuditEntry, lastSeq int64, lastHash string, key []byte) error {
	if e.At.IsZero() {
		return errors.New("audit: entry has no time; the caller sets At")
	}
	e.Seq, e.PrevHash = lastSeq+1, lastHash
	// Microseconds survive every store and JSON round trip we use; nanoseconds
	// and a local zone would make the recomputed hash depend on the reader.
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = Hash(e.PrevHash, e)
	e.MAC = MAC(key, e.Hash)
	return nil
}

// Log is the stored chain as Verify and CheckAnchor read it (store.Tx).
type Log interface {
	// LastAuditSeq is the seq of the newest entry with action, 0 when none.
	LastAuditSeq(action string) (int64, error)
	// EachAudit calls fn with every entry in seq order, from one snapshot.
	EachAudit(fn func(*domain.AuditEntry) error) error
	// AuditHash is the hash of entry seq; found is false when it is missing.
	AuditHash(seq int64) (hash string, found bool, err error)
}

// Hash returns hex(sha256(prevHash + canonical JSON of e)), where the canonical
// JSON is RFC 8785 (JCS) of e's fields seq, at (RFC 3339 with nanoseconds, in
// UTC), actor, action, targetType, targetId, targetKey, connectorId, summary and
// details (as a string): everything but prevHash and hash.
//
// The canonical form is written straight into the hash (canonical.go): every
// member is a string or a small integer, so RFC 8785 reduces to sorted keys
// and its string escaping, and marshalling then re-parsing it to canonicalise
// would cost most of a verify.
func Hash(prevHash string, e *domain.AuditEntry) string {
	sum := sha256.New()
	sum.Write([]byte(prevHash))
	// Room for the whole form of most entries, and for a piece of a long one.
	size := min(len(e.Details)+len(e.Summary)+len(e.TargetKey)+256, canonicalChunk+512)
	w := canonicalWriter{buf: make([]byte, 0, size), out: sum}
	w.entry(e)
	var digest [sha256.Size]byte
	return hex.EncodeToString(sum.Sum(digest[:0]))
}

// ActionRekey is the action of the entry `secret rekey --new` writes. Entries
// before the last one were signed under an earlier key file.
const ActionRekey = string(domain.ActionSecretRekey)

// MAC returns hex(HMAC-SHA256(key, hash)). The hash covers the entry and,
// through prevHash, every entry before it.
func MAC(key []byte, hash string) string {
	return macWith(hmac.New(sha256.New, key), hash)
}

// macWith is MAC under the keyed m, which it resets: Verify keys one HMAC
// for the whole walk.
func macWith(m hash.Hash, entryHash string) string {
	m.Reset()
	m.Write([]byte(entryHash))
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0]))
}

// Result is what Verify found.
type Result struct {
	// Entries is the number of entries; FirstBad the seq of the first one
	// that breaks the chain or whose MAC does not match (0 when all hold).
	Entries  int64
	FirstBad int64
	// LastSeq and LastHash are those of the newest entry (0 and "" when the
	// log is empty).
	LastSeq  int64
	LastHash string
	// Unsigned is how many entries, from the first, were written before
	// entries carried a MAC; Resigned is the seq of the last rekey entry
	// (0 when none): entries before it were signed under an earlier key.
	// Both are checked by hash alone, and held in place by the first entry
	// whose MAC is checked, whose prevHash covers them.
	Unsigned int64
	Resigned int64
}

// Verify walks the chain in seq order. An entry breaks it when its seq is not
// the previous seq + 1 (the first is 1), its prevHash is not the previous
// entry's hash, its hash is not the one Hash computes, or its MAC is not
// MAC(key, hash). An entry without a MAC is accepted only before the first
// entry with one (entries written before MACs existed); a MAC of an entry
// before the last rekey entry is not checked (its key is gone). A deleted row
// thus shows as a break at the row after it, and reordered rows at the first
// row out of place. A row whose seq is below 1 is reported as the seq it
// stands in for. Deleting the newest rows keeps the chain whole: the anchor
// file (CheckAnchor) tells.
//
// Verify reads the entries through log.EachAudit (one snapshot) and keeps
// counting after the first break.
func Verify(log Log, key []byte) (Result, error) {
	var res Result
	// A forged rekey entry cannot lower the bar: its own MAC is checked.
	resigned, err := log.LastAuditSeq(ActionRekey)
	if err != nil {
		return res, fmt.Errorf("audit: find the last rekey: %w", err)
	}
	res.Resigned = resigned
	signed := false
	mac := hmac.New(sha256.New, key)
	err = log.EachAudit(func(e *domain.AuditEntry) error {
		res.Entries++
		bad := e.Seq != res.LastSeq+1 || e.PrevHash != res.LastHash || e.Hash != Hash(e.PrevHash, e)
		switch {
		case e.MAC == "" && !signed:
			res.Unsigned++
		case e.MAC == "":
			bad = true // a MAC removed to pass as an old entry
		case e.Seq < res.Resigned:
			signed = true
		default:
			signed = true
			bad = bad || !hmac.Equal([]byte(e.MAC), []byte(macWith(mac, e.Hash)))
		}
		if bad && res.FirstBad == 0 {
			res.FirstBad = e.Seq
			if res.FirstBad < 1 {
				// A seq below 1 cannot be reported as itself (0 means "holds").
				res.FirstBad = res.LastSeq + 1
			}
		}
		res.LastSeq, res.LastHash = e.Seq, e.Hash
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("audit: read the chain after seq %d: %w", res.LastSeq, err)
	}
	return res, nil
}
