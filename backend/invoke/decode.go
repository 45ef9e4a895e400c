package invoke

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync/atomic"

	"junction/backend/domain"
)

// decodeResponse fills the response record. The body is decoded with the
// connection's declared charset, never with a guess and never with the one
// the answer's Content-Type claims; a disagreement between the two is noted,
// and the raw bytes are kept for "view as" (DecodeAs).
func decodeResponse(in *incoming, cs *charset) (rec ResponseRecord, text string, note *domain.Note) {
	text = strings.TrimPrefix(cs.decode(in.Raw), "\uFEFF")
	// Headers are flattened by call.record, only for the results kept.
	rec = ResponseRecord{
		Body:        text,
		Raw:         in.Raw,
		Truncated:   in.Truncated,
		Size:        in.Size,
		Charset:     cs.name,
		ContentType: in.Header.Get("Content-Type"),
	}
	if claimed := claimedCharset(rec.ContentType); claimed != "" && !sameCharset(claimed, cs.name) {
		n := domain.NoteOf(domain.RNoteCharsetDisagrees, fmt.Sprintf("the answer says charset=%s but the connection declares %s; it was decoded as %s (view it as %s to compare)", claimed, cs.name, cs.name, claimed),
			"claimed", claimed, "declared", cs.name)
		note = &n
	}
	return rec, text, note
}

// claimedCharset is the charset parameter of a Content-Type, "" without one.
func claimedCharset(ct string) string {
	if !strings.Contains(strings.ToLower(ct), "charset") {
		return ""
	}
	// A system answers a repeated run with one Content-Type: parse each
	// distinct value once, not on every call (ParseMediaType allocates).
	if last := lastClaim.Load(); last != nil && last.contentType == ct {
		return last.charset
	}
	claimed := ""
	if _, params, err := mime.ParseMediaType(ct); err == nil {
		claimed = params["charset"]
	}
	lastClaim.Store(&claim{contentType: ct, charset: claimed})
	return claimed
}

// claim is a Content-Type and its charset parameter.
type claim struct{ contentType, charset string }

var lastClaim atomic.Pointer[claim]

func sameCharset(a, b string) bool {
	a, b = domain.NormalizeCharset(a), domain.NormalizeCharset(b)
	family := func(s string) string {
		switch s {
		case "GB2312", "GBK", "CP936":
			return "GBK"
		}
		return s
	}
	if a == "US-ASCII" || a == "ASCII" { // every declared charset writes ASCII alike
		return true
	}
	return family(a) == family(b)
}

// flatHeaders joins each header's values with ", ".
func flatHeaders(h http.Header) map[string]string {
	m := make(map[string]string, len(h))
	for k, v := range h {
		if len(v) == 1 {
			m[k] = v[0]
		} else {
			m[k] = strings.Join(v, ", ")
		}
	}
	return m
}
