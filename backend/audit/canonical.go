package audit

import (
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"junction/backend/domain"
)

// canonicalWriter writes the RFC 8785 (JCS) form of the hashed part of an
// entry. JCS of an object whose members are strings and one integer is: the
// members sorted by name, no whitespace, each string as ECMAScript's
// JSON.stringify writes it (only '"', '\\' and control characters escaped,
// \b \t \n \f \r by name and the rest as lowercase \u00xx; invalid UTF-8
// replaced by U+FFFD, as encoding/json did before JCS read it), the integer in
// decimal. TestHash_CanonicalMatchesJCS holds it to github.com/gowebpki/jcs.
//
// The form goes to out in pieces of about canonicalChunk bytes: an import's
// details run to tens of kilobytes, which a buffer grown to hold them whole
// would allocate again for every entry.
type canonicalWriter struct {
	buf []byte
	out io.Writer
}

const canonicalChunk = 4 << 10

// flush hands what buf holds to out once it reaches canonicalChunk, or at
// the end (all).
func (w *canonicalWriter) flush(all bool) {
	if len(w.buf) >= canonicalChunk || all && len(w.buf) > 0 {
		_, _ = w.out.Write(w.buf) // a hash never fails to write
		w.buf = w.buf[:0]
	}
}

// maxExactSeq is 2^53, past which a double loses integers; a seq never gets
// there (an entry a microsecond would take 285 years).
const maxExactSeq = 1 << 53

// entry writes e's hashed members in JCS order (names sorted by code unit).
func (w *canonicalWriter) entry(e *domain.AuditEntry) {
	w.member('{', "action", e.Action)
	w.member(',', "actor", e.Actor)
	w.member(',', "at", e.At.UTC().Format(time.RFC3339Nano))
	w.member(',', "connectorId", e.ConnectorID)
	w.member(',', "details", e.Details)
	w.buf = append(w.buf, `,"seq":`...)
	if e.Seq >= maxExactSeq || e.Seq <= -maxExactSeq {
		// JCS reads the number as the nearest double and writes its shortest
		// digits padded with zeros (no exponent below 1e21, past any int64).
		w.buf = strconv.AppendFloat(w.buf, float64(e.Seq), 'f', -1, 64)
	} else {
		w.buf = strconv.AppendInt(w.buf, e.Seq, 10)
	}
	w.member(',', "summary", e.Summary)
	w.member(',', "targetId", e.TargetID)
	w.member(',', "targetKey", e.TargetKey)
	w.member(',', "targetType", e.TargetType)
	w.buf = append(w.buf, '}')
	w.flush(true)
}

// member writes sep, then "name":"value"; names are plain ASCII.
func (w *canonicalWriter) member(sep byte, name, value string) {
	w.buf = append(w.buf, sep, '"')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '"', ':')
	w.string(value)
}

const hexDigits = "0123456789abcdef"

// string writes s quoted as JCS does.
func (w *canonicalWriter) string(s string) {
	w.buf = append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				w.buf = append(w.buf, s[start:i]...)
				w.buf = append(w.buf, "\uFFFD"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		w.buf = append(w.buf, s[start:i]...)
		w.flush(false)
		switch c {
		case '"', '\\':
			w.buf = append(w.buf, '\\', c)
		case '\b':
			w.buf = append(w.buf, '\\', 'b')
		case '\t':
			w.buf = append(w.buf, '\\', 't')
		case '\n':
			w.buf = append(w.buf, '\\', 'n')
		case '\f':
			w.buf = append(w.buf, '\\', 'f')
		case '\r':
			w.buf = append(w.buf, '\\', 'r')
		default:
			w.buf = append(w.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	w.buf = append(w.buf, s[start:]...)
	w.buf = append(w.buf, '"')
	w.flush(false)
}
