package exchange

import (
	"fmt"
	"slices"
	"unicode/utf16"

	"github.com/gowebpki/jcs"
)

// appendCanonical appends the RFC 8785 (JCS) form of v, a value as
// encoding/json decodes it into any (float64 numbers), to out. It is what
// jcs.Transform gives for the same JSON text (a test keeps them equal) but
// works from the tree the importer has already decoded, one connector at a
// time, instead of parsing the text once more: the checksum of a package is
// computed while it streams by.
func appendCanonical(out []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(out, "null"...), nil
	case bool:
		if x {
			return append(out, "true"...), nil
		}
		return append(out, "false"...), nil
	case float64:
		s, err := jcs.NumberToJSON(x)
		if err != nil {
			return nil, err
		}
		return append(out, s...), nil
	case string:
		return appendCanonicalString(out, x), nil
	case []any:
		out = append(out, '[')
		for i, e := range x {
			if i > 0 {
				out = append(out, ',')
			}
			var err error
			if out, err = appendCanonical(out, e); err != nil {
				return nil, err
			}
		}
		return append(out, ']'), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareUTF16)
		out = append(out, '{')
		for i, k := range keys {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(appendCanonicalString(out, k), ':')
			var err error
			if out, err = appendCanonical(out, x[k]); err != nil {
				return nil, err
			}
		}
		return append(out, '}'), nil
	}
	return nil, fmt.Errorf("canonical form: unexpected %T", v)
}

// compareUTF16 orders object keys as JCS does: by their UTF-16 code units.
// Keys of plain ASCII (all a package's own) compare as bytes.
func compareUTF16(a, b string) int {
	if isASCII(a) && isASCII(b) {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// appendCanonicalString writes s as JCS does: only the quote, the backslash
// and control characters escaped, the short escapes where JSON has them.
func appendCanonicalString(out []byte, s string) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		out = append(out, s[start:i]...)
		switch c {
		case '"', '\\':
			out = append(out, '\\', c)
		case '\b':
			out = append(out, '\\', 'b')
		case '\f':
			out = append(out, '\\', 'f')
		case '\n':
			out = append(out, '\\', 'n')
		case '\r':
			out = append(out, '\\', 'r')
		case '\t':
			out = append(out, '\\', 't')
		default:
			out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		start = i + 1
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}
