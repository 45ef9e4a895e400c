// Package secret encrypts credentials at rest (AES-256-GCM with a key file),
// and masks and redacts them for display and logs.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the length of the at-rest key in bytes (AES-256).
const KeySize = 32

// prefix marks ciphertext written by this version, so a later key or algorithm
// change can tell old values apart.
const prefix = "v1:"

// Box seals and opens secrets with one key.
type Box struct {
	aead cipher.AEAD
}

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
	return &Box{aead: aead}, nil
}

// OpenKeyFile reads the key file at path, creating it with a fresh random key
// (mode 0600, folder 0700) when it does not exist yet.
func OpenKeyFile(path string) (*Box, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key = make([]byte, KeySize)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("generate secret key: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create key folder: %w", err)
		}
		// O_EXCL: if another process created the key meanwhile, use theirs.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return OpenKeyFile(path)
		}
		if err != nil {
			return nil, fmt.Errorf("create key file %s: %w", path, err)
		}
		_, werr := f.Write(key)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, fmt.Errorf("write key file %s: %w", path, werr)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read key file %s: %w", path, err)
	}
	box, err := NewBox(key)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return box, nil
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
