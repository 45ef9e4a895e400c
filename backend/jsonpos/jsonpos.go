// Package jsonpos says where in a JSON document a byte offset falls, as the
// line and column a person finds in an editor. The import, the package
// detector and the JSON-sample reader all name problems this way.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"regexp"
	"unicode/utf8"

	"junction/backend/domain"
)

// At returns the 1-based line and column (in characters, not bytes) of the
// byte offset in data. An offset outside data is clamped to it; the column
// leaves out the "\r" of a CRLF line end, which no editor counts.
func At(data []byte, offset int) (line, col int) {
	offset = max(0, min(offset, len(data)))
	head := data[:offset]
	line = 1 + bytes.Count(head, []byte("\n"))
	lineStart := bytes.LastIndexByte(head, '\n') + 1
	col = 1 + utf8.RuneCount(bytes.TrimSuffix(head[lineStart:], []byte("\r")))
	return line, col
}

// Cause says what a syntax error of encoding/json is, with a reason the UI
// words in its language; its Text stays the decoder's English. Only the two
// shapes people meet are told apart: an unexpected character and an early end.
func Cause(err *json.SyntaxError) domain.Note {
	msg := err.Error()
	if m := unexpectedChar.FindStringSubmatch(msg); m != nil {
		return domain.NoteOf(domain.RJSONUnexpectedChar, msg, "char", m[1])
	}
	if msg == "unexpected end of JSON input" {
		return domain.NoteOf(domain.RJSONEndsEarly, msg)
	}
	return domain.Note{Text: msg}
}

// unexpectedChar matches encoding/json's "invalid character 'x' looking for ...".
var unexpectedChar = regexp.MustCompile(`^invalid character '(.+?)' `)

// OfSyntaxError locates a syntax error encoding/json found in data. Its Offset
// counts the bytes read up to and including the offending one.
func OfSyntaxError(data []byte, err *json.SyntaxError) (line, col int) {
	return At(data, int(err.Offset)-1)
}
