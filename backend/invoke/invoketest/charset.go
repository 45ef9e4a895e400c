package invoketest

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// encodingOf maps a connection charset (UTF-8, GBK, GB2312, BIG5,
// ISO-8859-1; case-insensitive) to its x/text encoding, nil for UTF-8.
// GB2312 is encoded as GBK, as browsers do: GBK is its superset and both
// give the same bytes for every GB2312 character.
func encodingOf(charset string) (encoding.Encoding, bool) {
	switch strings.ToUpper(strings.TrimSpace(charset)) {
	case "UTF-8", "UTF8":
		return nil, true
	case "GBK", "GB2312", "CP936":
		return simplifiedchinese.GBK, true
	case "BIG5":
		return traditionalchinese.Big5, true
	case "ISO-8859-1", "LATIN1":
		return charmap.ISO8859_1, true
	}
	return nil, false
}

// Encode is s in charset (UTF-8, GBK, GB2312, BIG5, ISO-8859-1), computed
// with golang.org/x/text. It panics on an unknown charset or on text the
// charset cannot represent: a test's expectations are wrong then.
func Encode(charset, s string) []byte {
	enc, ok := encodingOf(charset)
	if !ok {
		panic("invoketest: unknown charset " + charset)
	}
	if enc == nil {
		return []byte(s)
	}
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic("invoketest: " + charset + " cannot encode " + s + ": " + err.Error())
	}
	return b
}

// Decode is b read as charset, the inverse of Encode. It panics on an
// unknown charset.
func Decode(charset string, b []byte) string {
	enc, ok := encodingOf(charset)
	if !ok {
		panic("invoketest: unknown charset " + charset)
	}
	if enc == nil {
		return string(b)
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		panic("invoketest: decoding " + charset + ": " + err.Error())
	}
	return string(s)
}

// PercentEncode is s encoded in charset, then every byte other than
// A-Z a-z 0-9 - . _ ~ written as %XX (upper-case hex), a space as %20:
// PercentEncode("GBK", "中文") == "%D6%D0%CE%C4". This is the RFC 3986 form
// used in paths; for query strings and form bodies built like
// url.Values.Encode (space as '+') use FormEncode.
func PercentEncode(charset, s string) string {
	return percent(Encode(charset, s), "%20")
}

// FormEncode is PercentEncode with a space written as '+', the
// application/x-www-form-urlencoded form that url.QueryEscape and
// url.Values.Encode produce from the charset's bytes.
func FormEncode(charset, s string) string {
	return percent(Encode(charset, s), "+")
}

func percent(b []byte, space string) string {
	const hex = "0123456789ABCDEF"
	var sb strings.Builder
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			sb.WriteByte(c)
		case c == ' ':
			sb.WriteString(space)
		default:
			sb.WriteByte('%')
			sb.WriteByte(hex[c>>4])
			sb.WriteByte(hex[c&15])
		}
	}
	return sb.String()
}

// CharsetHandler answers every request 200 with answer (UTF-8 text, e.g.
// `{"name":"张三"}`) encoded in charset, under Content-Type
// "application/json; charset=<charset>" with charset as given.
func CharsetHandler(charset, answer string) http.Handler {
	return bodyHandler(http.StatusOK, "application/json; charset="+charset, Encode(charset, answer))
}

// CharsetServer starts a server running CharsetHandler(charset, answer).
// Its Recorder keeps each request's path, query and body bytes exactly as
// received, to assert what the client encoded, e.g.
// srv.Last().RawQuery == "name="+PercentEncode("GBK", "中文").
func CharsetServer(t testing.TB, charset, answer string) *Server {
	t.Helper()
	return HTTPServer(t, CharsetHandler(charset, answer))
}
