package invoke

import (
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"junction/backend/domain"
)

// charset is a connection's declared charset. Every charset Junction knows is
// ASCII-compatible, so pure-ASCII text needs no conversion either way.
type charset struct {
	name string
	enc  encoding.Encoding // nil for UTF-8
}

var (
	csUTF8   = &charset{name: "UTF-8"}
	csGBK    = &charset{name: "GBK", enc: simplifiedchinese.GBK}
	csGB2312 = &charset{name: "GB2312", enc: simplifiedchinese.GBK} // GBK is a superset of GB2312
	csBig5   = &charset{name: "BIG5", enc: traditionalchinese.Big5}
	csLatin1 = &charset{name: "ISO-8859-1", enc: charmap.ISO8859_1}
)

// lookupCharset returns the charset a connection declares ("" is UTF-8).
func lookupCharset(name string) (*charset, error) {
	switch name {
	case "UTF-8", "":
		return csUTF8, nil
	case "GBK":
		return csGBK, nil
	}
	switch domain.NormalizeCharset(name) {
	case "UTF-8":
		return csUTF8, nil
	case "GBK":
		return csGBK, nil
	case "GB2312":
		return csGB2312, nil
	case "BIG5":
		return csBig5, nil
	case "ISO-8859-1":
		return csLatin1, nil
	}
	return nil, domain.Invalid("charset", "%q is not a charset Junction knows (%s)", name, strings.Join(domain.Charsets, ", "))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// encode returns s written in the charset, as a byte string. For a character
// the charset cannot write the error says which one.
func (cs *charset) encode(s string) (string, error) {
	if cs.enc == nil || isASCII(s) {
		return s, nil
	}
	out, err := cs.enc.NewEncoder().String(s)
	if err == nil {
		return out, nil
	}
	// Find the first character at fault, for a message a person can act on.
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if _, rerr := cs.enc.NewEncoder().String(string(r)); rerr != nil {
			return "", fmt.Errorf("the character %q (U+%04X) cannot be written in %s, the connection's charset", r, r, cs.name)
		}
	}
	return "", fmt.Errorf("the text cannot be written in %s, the connection's charset: %v", cs.name, err)
}

// decode reads raw bytes as the charset. Bytes that are not valid in it become
// U+FFFD; nothing is guessed.
func (cs *charset) decode(raw []byte) string {
	if cs.enc == nil {
		if utf8.Valid(raw) {
			return bytesAsString(raw)
		}
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	if isASCII(string(raw)) { // no copy: the conversion does not escape
		return bytesAsString(raw)
	}
	out, err := cs.enc.NewDecoder().Bytes(raw)
	if err != nil { // x/text decoders replace bad input; an error here is unexpected
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	return string(out)
}

// DecodeAs reads a response body as another charset than the connection
// declares, for the test console's "view as". charset is one of
// domain.Charsets (case-insensitive).
func DecodeAs(raw []byte, charset string) (string, error) {
	cs, err := lookupCharset(charset)
	if err != nil {
		return "", err
	}
	// A copy: the caller's bytes are not ours to alias (see bytesAsString).
	return strings.Clone(cs.decode(raw)), nil
}

// bytesAsString is raw as a string without copying it: a body that needs no
// decoding is most bodies, and the copy was a tenth of a call's allocations.
// Safe because a response body is never written after it is read (readBody
// makes a fresh buffer per answer; the record only keeps or drops it).
func bytesAsString(raw []byte) string {
	return unsafe.String(unsafe.SliceData(raw), len(raw))
}
