// Package secret encrypts credentials at rest (AES-256-GCM with a key file),
// and masks and redacts them for display and logs.
package secret

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"junction/backend/fsx"
)

// KeySize is the length of the at-rest key in bytes (AES-256).
const KeySize = 32

// prefix marks ciphertext written by this version, so a later key or algorithm
// change can tell old values apart.
const prefix = "v1:"

// Box seals and opens secrets with one key.
type Box struct {
	aead cipher.AEAD
	// fingerprint and auditKey are derived from the key at NewBox; the key
	// itself is kept only inside aead.
	fingerprint string
	auditKey    []byte
}

// Labels of the values derived from the key. Distinct labels keep them
// independent: the fingerprint, which the store records, tells nothing about
// the audit key.
const (
	fingerprintLabel = "junction key fingerprint v1"
	auditLabel       = "junction audit hmac v1"
)

// NewBox returns a Box for a 32-byte key.
func NewBox(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret key must be %d bytes, not %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead, fingerprint: hex.EncodeToString(derive(key, fingerprintLabel)),
		auditKey: derive(key, auditLabel)}, nil
}

// derive is HMAC-SHA256(key, label).
func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Fingerprint names the key without revealing it (hex of an HMAC of a fixed
// label under the key), so a store can recognise a different key at open.
func (b *Box) Fingerprint() string { return b.fingerprint }

// AuditKey is the key the audit log signs its entries and anchor with. It is
// derived from the secret key and never stored.
func (b *Box) AuditKey() []byte { return b.auditKey }

// maxKeyFile bounds what ReadKeyFile reads: a key file is 32 bytes, perhaps
// with a trailing newline; anything much longer is not a key file.
const maxKeyFile = 4096

// ReadKeyFile reads the key file at path. It refuses anything but a regular
// file of 32 bytes, except that trailing ASCII whitespace (a newline an editor
// added) is dropped with a warning, which the caller shows. A missing file is
// an error that wraps fs.ErrNotExist; nothing is ever created here.
func ReadKeyFile(path string) (box *Box, warning string, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, "", fmt.Errorf("key file %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		// A FIFO would block the read and a device could be endless.
		return nil, "", fmt.Errorf("key file %s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("key file %s: %w", path, err)
	}
	defer f.Close()
	key, err := io.ReadAll(io.LimitReader(f, maxKeyFile))
	if err != nil {
		return nil, "", fmt.Errorf("read key file %s: %w", path, err)
	}
	// Only bytes past the 32nd are trimmed: the key is random binary, and its
	// own last bytes may well be whitespace.
	if len(key) > KeySize && len(bytes.TrimRight(key[KeySize:], " \t\r\n\v\f")) == 0 {
		warning = fmt.Sprintf("the key file %s has trailing whitespace after its %d-byte key (a newline an editor added?); it is ignored",
			path, KeySize)
		key = key[:KeySize]
	}
	if len(key) != KeySize {
		return nil, "", fmt.Errorf("key file %s holds %d bytes; a key file holds exactly %d", path, len(key), KeySize)
	}
	box, err = NewBox(key)
	if err != nil {
		return nil, "", fmt.Errorf("key file %s: %w", path, err)
	}
	return box, warning, nil
}

// writeKey writes the new key into the temporary file; tests replace it to
// inject a write failure such as a full disk.
var writeKey = func(w io.Writer, key []byte) error {
	_, err := w.Write(key)
	return err
}

// CreateKeyFile creates the key file at path with a fresh random key (mode
// 0600, folder 0700). It is written atomically and never replaces a key file
// (fsx.NoReplace), so a failed write (a full disk) never leaves a short key
// file behind, and when another process created the key file meanwhile, its
// key is used.
func CreateKeyFile(path string) (*Box, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate secret key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create key folder: %w", err)
	}
	err := fsx.Write(path, 0o600, func(w io.Writer) error { return writeKey(w, key) }, fsx.NoReplace)
	if errors.Is(err, fs.ErrExist) {
		box, _, err := ReadKeyFile(path)
		return box, err
	}
	if err != nil {
		return nil, fmt.Errorf("create key file: %w", err)
	}
	return NewBox(key)
}

// OpenKeyFile reads the key file at path, creating it when it does not exist
// yet. It is for tests and tools that own their key file: the service decides
// whether a missing key may be created (see service.Open).
func OpenKeyFile(path string) (*Box, error) {
	box, _, err := ReadKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return CreateKeyFile(path)
	}
	return box, err
}

// Seal encrypts plain text into a printable ciphertext ("v1:" + base64 of nonce|sealed).
func (b *Box) Seal(plain string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("generate nonce: %w", err)
	}
	sealed := b.aead.Seal(nonce, nonce, []byte(plain), nil)
	return prefix + base64.StdEncoding.EncodeToString(sealed), nil
}

// Open decrypts a ciphertext made by Seal with the same key.
func (b *Box) Open(ciphertext string) (string, error) {
	if !strings.HasPrefix(ciphertext, prefix) {
		return "", errors.New("secret is not in a format this Junction reads")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(ciphertext, prefix))
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", errors.New("secret is corrupt")
	}
	ns := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:ns], raw[ns:], nil)
	if err != nil {
		return "", errors.New("secret cannot be decrypted with this key file (was the key file replaced?)")
	}
	return string(plain), nil
}

// Mask shows that a secret exists without showing it: the first two and last
// two characters of a long secret, stars otherwise.
func Mask(s string) string {
	r := []rune(s)
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:2]) + strings.Repeat("*", len(r)-4) + string(r[len(r)-2:])
}
