package exchange

import (
	"bytes"
	"math"
	"strconv"
)

// checkTokens is walkTokens for raw, a value the decoder has already read
// whole (so valid JSON): a byte scan first settles that no object repeats a
// key and no number overflows float64, which is what nearly every package
// holds; only when it finds either does walkTokens read the tokens again, to
// name the place the way it always has. The token walk costs an allocation
// per token; the scan none.
func checkTokens(raw []byte, base int64, root string) error {
	if tokensPlain(raw) {
		return nil
	}
	return walkTokens(raw, base, root)
}

// tokensPlain says that data, valid JSON, has no object with a repeated key
// and no number float64 cannot hold. A key written with an escape, or an
// object with many keys, is left to walkTokens: false is always safe.
func tokensPlain(data []byte) bool {
	// object says, per open value, whether it is an object; keys holds the
	// keys seen so far in each open object, as slices of data, reused from
	// one object to the next at the same depth.
	var object []bool
	var keys [][][]byte
	expectKey := false // the next string in the innermost object is a key
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			depth := len(object)
			object = append(object, c == '{')
			if depth == len(keys) {
				keys = append(keys, nil)
			}
			keys[depth] = keys[depth][:0]
			expectKey = c == '{'
		case '}', ']':
			object = object[:len(object)-1]
			expectKey = false
		case ',':
			expectKey = object[len(object)-1]
		case '"':
			end := stringEnd(data, i)
			if expectKey {
				key, depth := data[i+1:end], len(object)-1
				if bytes.IndexByte(key, '\\') >= 0 || len(keys[depth]) >= 64 {
					return false
				}
				for _, k := range keys[depth] {
					if bytes.Equal(k, key) {
						return false
					}
				}
				keys[depth] = append(keys[depth], key)
				expectKey = false
			}
			i = end
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			j, exp := i, false
			for ; j < len(data) && numberByte(data[j]); j++ {
				exp = exp || data[j] == 'e' || data[j] == 'E'
			}
			// Without an exponent, fewer than 309 digits fit float64.
			if exp || j-i > 300 {
				if f, err := strconv.ParseFloat(string(data[i:j]), 64); err != nil || math.IsInf(f, 0) {
					return false
				}
			}
			i = j - 1
		}
	}
	return true
}

func numberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// stringEnd is the index of the quote that closes the string opening at
// data[open].
func stringEnd(data []byte, open int) int {
	for i := open + 1; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(data)
}
