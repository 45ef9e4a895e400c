package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gofrs/flock"

	"junction/backend/fsx"
)

// Anchor is the newest entry the log had when it was last appended to, kept
// in a small file beside the key file: a database writer alone can neither
// delete the newest entries unnoticed nor forge the file (its MAC needs the
// audit key). Copying back an older anchor file is not detected.
type Anchor struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	MAC  string `json:"mac"`
}

// AnchorPath is the anchor file of the store at dbPath whose key file is
// keyPath: in the key's folder, named after the store's absolute path, so
// stores sharing one key file keep separate anchors.
func AnchorPath(keyPath, dbPath string) string {
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	sum := sha256.Sum256([]byte(filepath.Clean(dbPath)))
	return filepath.Join(filepath.Dir(keyPath), "audit-"+hex.EncodeToString(sum[:8])+".anchor")
}

func anchorMAC(key []byte, seq int64, hash string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "anchor:%d:%s", seq, hash)
	return hex.EncodeToString(m.Sum(nil))
}

// Valid tells whether a was written with key.
func (a Anchor) Valid(key []byte) bool {
	return hmac.Equal([]byte(a.MAC), []byte(anchorMAC(key, a.Seq, a.Hash)))
}

// maxAnchor bounds what ReadAnchor reads; an anchor is about 200 bytes.
const maxAnchor = 4096

// ReadAnchor reads the anchor file at path. A missing file is an error that
// wraps fs.ErrNotExist.
func ReadAnchor(path string) (Anchor, error) {
	var a Anchor
	info, err := os.Stat(path)
	if err != nil {
		return a, fmt.Errorf("audit anchor %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return a, fmt.Errorf("audit anchor %s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return a, fmt.Errorf("audit anchor %s: %w", path, err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxAnchor))
	if err != nil {
		return a, fmt.Errorf("read audit anchor %s: %w", path, err)
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("audit anchor %s is not an anchor file: %w", path, err)
	}
	return a, nil
}

// WriteAnchor records seq and hash in the anchor file at path unless it
// already names seq or a later entry: two processes may append, and the
// anchor never moves back. The file is replaced whole (fsx.WriteFile) under
// a lock file beside it, mode 0600. It is not fsynced (fsx.NoSync): the
// store commits with synchronous=NORMAL, and an anchor more durable than the
// log would report the commits a power loss undid as truncation; a crash
// leaves the old anchor or the new one, never a part.
func WriteAnchor(path string, key []byte, seq int64, hash string) error {
	lock := flock.New(path + ".lock")
	if err := lock.Lock(); err != nil {
		return fmt.Errorf("lock audit anchor %s: %w", path, err)
	}
	defer func() { _ = lock.Unlock() }()
	if old, err := ReadAnchor(path); err == nil && old.Seq >= seq {
		return nil
	}
	raw, err := json.Marshal(Anchor{Seq: seq, Hash: hash, MAC: anchorMAC(key, seq, hash)})
	if err != nil {
		return fmt.Errorf("audit anchor: %w", err)
	}
	if err := fsx.WriteFile(path, append(raw, '\n'), 0o600, fsx.NoSync); err != nil {
		return fmt.Errorf("write audit anchor: %w", err)
	}
	return nil
}

// AnchorCheck is what comparing the log with its anchor file found.
type AnchorCheck struct {
	Path string
	// Checked: the anchor file was read and was written with the key. Seq
	// is the entry it names (0 when not checked).
	Checked bool
	Seq     int64
	// Unchecked says why the anchor could not be checked ("" when it was).
	Unchecked string
	// Forged: the file was not written with this key. Truncated: the log
	// ends before the anchored entry. Rewritten: the anchored entry is
	// there but has another hash.
	Forged, Truncated, Rewritten bool
}

// Holds tells whether the anchor disagrees with nothing it could check.
func (c AnchorCheck) Holds() bool { return !c.Forged && !c.Truncated && !c.Rewritten }

// CheckAnchor compares res, the log Verify walked, with the anchor file at
// path, reading the anchored entry's hash from log. A missing or unreadable
// anchor is not an error: Unchecked says so.
func CheckAnchor(log Log, res Result, path string, key []byte) (AnchorCheck, error) {
	c := AnchorCheck{Path: path}
	a, err := ReadAnchor(path)
	if errors.Is(err, fs.ErrNotExist) {
		c.Unchecked = fmt.Sprintf("there is no anchor file %s (it is written with the next entry)", path)
		return c, nil
	}
	if err != nil {
		c.Unchecked = err.Error()
		return c, nil
	}
	if !a.Valid(key) {
		c.Forged = true
		return c, nil
	}
	c.Checked, c.Seq = true, a.Seq
	if res.LastSeq < a.Seq {
		c.Truncated = true
		return c, nil
	}
	hash, found, err := log.AuditHash(a.Seq)
	if err != nil {
		return c, fmt.Errorf("audit: read entry %d: %w", a.Seq, err)
	}
	c.Rewritten = !found || hash != a.Hash
	return c, nil
}
