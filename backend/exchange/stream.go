package exchange

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"junction/backend/domain"
	"junction/backend/jsonpos"
)

// EachConnector is told each connector of a package once it has passed every
// check of Import, in package order, with its warnings. An error it returns
// refuses the package.
type EachConnector func(i int, b *ConnectorBundle, warnings []domain.Note) error

// Summary is what ImportStream learnt of a package besides its connectors;
// it counts the connectors read even when the package is refused.
type Summary struct {
	Meta Meta
	// Connectors is how many connectors the package holds.
	Connectors int
	// Flows are the package's flows, checked as Import checks them; nil
	// when the package is refused.
	Flows []domain.Flow
}

// stage is one of Import's checks, in the order Import reports them: when a
// package breaks several rules, the error of the earliest stage is the one
// returned, and within a stage the first in the package.
type stage int

const (
	stageUTF8        stage = iota // a byte that is not UTF-8
	stageSyntax                   // JSON syntax
	stageTokens                   // repeated keys, numbers float64 cannot hold
	stageNotObject                // a JSON document that is not an object
	stageFormat                   // format and version
	stageUnsupported              // secrets
	stageSchema                   // the JSON Schema
	stageChecksum                 // the checksum
	stageTypes                    // whole numbers written with a fraction
	stageExportedAt               // the export time
	stageContent                  // the domain's rules, repeated connector keys
	stageEach                     // the caller's (EachConnector)
	stages
)

// ImportStream reads a package from src once, connector by connector, with
// every check of Import, and hands each connector to each as soon as it has
// passed them: the memory it needs is that of the largest connector, not of
// the package. Errors are the ones Import gives for the same bytes.
//
// Some checks are only settled at the end of the package (the checksum,
// flows and secrets written after the connectors; flows are read whole, at
// the end, into Summary.Flows), so each may have been
// told of connectors of a package that is then refused: the caller writes
// them in a transaction it rolls back on error. Once anything is found
// wrong, each is not called again; reading goes on to the end only to find
// a mistake that Import reports first. src is read again, from its start,
// only to give the line and column of a mistake.
func ImportStream(src io.ReadSeeker, each EachConnector) (*Summary, error) {
	im := &importer{src: src, each: each, keys: map[string]int{}, top: map[string]json.RawMessage{}, sum: sha256.New()}
	br := bufio.NewReaderSize(src, 64<<10)
	if head, _ := br.Peek(len(utf8BOM)); bytes.Equal(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
		im.bom = int64(len(utf8BOM))
	}
	im.in = &utf8Reader{r: br, bad: -1}
	if kind := firstByte(br); kind == 0 {
		return &Summary{}, domain.Errorf(domain.EBadInput, "the package is empty").With(domain.RImportEmpty)
	} else if kind != '{' {
		// Not a package at all: read it whole and say what it is, after the
		// checks that come first.
		data, err := io.ReadAll(im.in)
		if err != nil {
			return &Summary{}, readError(err)
		}
		return &Summary{}, notPackage(data)
	}
	im.dec = json.NewDecoder(im.in)
	if err := im.readHanding(); err != nil {
		return &Summary{}, readError(err)
	}
	return im.finish()
}

// handed is a connector that has passed every check of the reading, for
// EachConnector.
type handed struct {
	i        int
	b        *ConnectorBundle
	warnings []domain.Note
}

// readHanding reads the package in a goroutine of its own while this one
// hands the connectors it has checked to each, in order: reading and checking
// a connector (decoding, the schema, the checksum) and writing the one
// before it (each: the caller's inserts and audit) take about as long, and
// on two cores they overlap (an import of 1,000 connectors: 3.7 -> 2.6 s).
// At most three connectors are in memory at once: one read, one queued, one
// written. Each sees what a plain loop would give it: the reading hands on a
// connector only while nothing is wrong so far, and stops handing after
// each has failed; each's first error is stageEach's, recorded once the
// reading has ended. A panic of the reading is raised again here.
func (im *importer) readHanding() error {
	queue := make(chan handed, 1)
	var readErr error
	var panicked any
	done := make(chan struct{})
	im.hand = func(h handed) { queue <- h }
	go func() {
		defer close(done)
		defer close(queue)
		defer func() { panicked = recover() }()
		readErr = im.read()
	}()
	var eachErr error
	for h := range queue {
		if eachErr != nil {
			continue
		}
		if err := im.each(h.i, h.b, h.warnings); err != nil {
			eachErr = err
			im.eachFailed.Store(true)
		}
	}
	<-done
	if panicked != nil {
		panic(panicked)
	}
	if eachErr != nil {
		im.fail(stageEach, eachErr)
	}
	return readErr
}

type importer struct {
	src  io.ReadSeeker
	bom  int64
	in   *utf8Reader
	dec  *json.Decoder
	each EachConnector
	// hand queues a checked connector for each (readHanding); eachFailed is
	// set once each has refused one.
	hand       func(handed)
	eachFailed atomic.Bool

	first [stages]error
	// top holds the top-level members but connectors, as written.
	top map[string]json.RawMessage
	// connectors is what the package has under "connectors" when it is not
	// an array (the schema refuses it), for the schema's message.
	connectors any
	streamed   bool // "connectors" was an array, read element by element

	// sum hashes the canonical form of the content as it streams by (see
	// checksumKeys): the connectors first, since "connectors" sorts before
	// every other key the checksum covers.
	sum     hash.Hash
	scratch []byte
	count   int
	keys    map[string]int
	seen    map[string]bool
}

// worth says whether the checks of stage s can still change the outcome:
// not when a check Import reports first has failed, nor when s has failed.
func (im *importer) worth(s stage) bool {
	for t := stage(0); t <= s; t++ {
		if im.first[t] != nil {
			return false
		}
	}
	return true
}

func (im *importer) fail(s stage, err error) {
	if im.first[s] == nil {
		im.first[s] = err
	}
}

// read walks the top-level object. It returns only errors of the source
// (a read that fails); what is wrong with the package goes to im.first.
func (im *importer) read() error {
	defer im.drain()
	if _, err := im.dec.Token(); err != nil { // the '{' firstByte saw
		return im.syntax(err, im.dec.InputOffset())
	}
	im.seen = map[string]bool{}
	for im.dec.More() {
		at := im.dec.InputOffset()
		tok, err := im.dec.Token()
		if err != nil {
			return im.syntax(err, at)
		}
		key := tok.(string)
		if im.seen[key] {
			im.fail(stageTokens, repeatedKey(im.dec.InputOffset()-1, key))
		}
		im.seen[key] = true
		if key == "connectors" {
			if err := im.readConnectors(); err != nil || im.first[stageSyntax] != nil {
				return err
			}
			continue
		}
		start := im.dec.InputOffset()
		var raw json.RawMessage
		if err := im.dec.Decode(&raw); err != nil {
			return im.syntax(err, start)
		}
		if im.worth(stageTokens) {
			if err := checkTokens(raw, im.dec.InputOffset()-int64(len(raw)), key); err != nil {
				im.fail(stageTokens, err)
			}
		}
		im.top[key] = raw
		if key == "format" || key == "version" {
			im.checkFormat()
		}
	}
	at := im.dec.InputOffset()
	if _, err := im.dec.Token(); err != nil { // '}'
		return im.syntax(err, at)
	}
	return im.trailing()
}

// readConnectors reads the connectors array element by element; anything
// else under "connectors" is kept whole for the schema to refuse.
func (im *importer) readConnectors() error {
	at := im.dec.InputOffset()
	tok, err := im.dec.Token()
	if err != nil {
		return im.syntax(err, at)
	}
	if tok != json.Delim('[') {
		im.connectors = tok
		if tok == json.Delim('{') {
			im.connectors = map[string]any{}
			for depth := 1; depth > 0; { // skip the object: the schema refuses it
				at := im.dec.InputOffset()
				tok, err := im.dec.Token()
				if err != nil {
					return im.syntax(err, at)
				}
				switch tok {
				case json.Delim('{'), json.Delim('['):
					depth++
				case json.Delim('}'), json.Delim(']'):
					depth--
				}
			}
		}
		return nil
	}
	im.streamed = true
	im.sum.Write([]byte(`{"connectors":[`))
	for im.dec.More() {
		start := im.dec.InputOffset()
		var raw json.RawMessage
		if err := im.dec.Decode(&raw); err != nil {
			return im.syntax(err, start)
		}
		im.connector(im.count, raw, im.dec.InputOffset()-int64(len(raw)))
		im.count++
	}
	im.sum.Write([]byte(`]`))
	at = im.dec.InputOffset()
	if _, err := im.dec.Token(); err != nil { // ']'
		return im.syntax(err, at)
	}
	return nil
}

// connector checks connector i, written as raw at offset base, and hands it
// to each when nothing is wrong so far.
func (im *importer) connector(i int, raw json.RawMessage, base int64) {
	at := fmt.Sprintf("connectors[%d]", i)
	if !im.worth(stageTokens) {
		return
	}
	if err := checkTokens(raw, base, at); err != nil {
		im.fail(stageTokens, err)
		return
	}
	doc := tree(raw)
	if im.worth(stageSchema) {
		if err := validateConnectorSchema(doc, at); err != nil {
			im.fail(stageSchema, err)
		}
	}
	if im.worth(stageChecksum) {
		var err error
		if i > 0 {
			im.sum.Write([]byte{','})
		}
		if im.scratch, err = appendCanonical(im.scratch[:0], doc); err != nil {
			im.fail(stageChecksum, unreadable(err))
		}
		im.sum.Write(im.scratch)
	}
	if !im.worth(stageTypes) {
		return
	}
	var d connectorDTO
	if err := json.Unmarshal(raw, &d); err != nil {
		im.fail(stageTypes, typeError(err, "connectors."))
		return
	}
	if !im.worth(stageContent) {
		return
	}
	b, err := connectorFromDTO(d, at)
	if err != nil {
		im.fail(stageContent, err)
		return
	}
	warnings, err := checkConnector(at, &b)
	if err != nil {
		im.fail(stageContent, err)
		return
	}
	if j, dup := im.keys[b.Connector.Key]; dup {
		im.fail(stageContent, domain.Invalid(at+".key", "%q is also the key of connectors[%d]: a package holds each connector once", b.Connector.Key, j).
			With(domain.RImportDupConnector, "key", b.Connector.Key, "other", strconv.Itoa(j)))
		return
	}
	im.keys[b.Connector.Key] = i
	if !im.worth(stageEach) || im.eachFailed.Load() {
		return
	}
	im.hand(handed{i: i, b: &b, warnings: warnings})
}

// tree is the value json.Unmarshal gives raw in an any (float64 numbers),
// built in one pass where json.Unmarshal scans twice. raw is one valid JSON
// value without repeated keys or numbers float64 cannot hold (checkTokens
// has passed it), on which the two agree.
func tree(raw []byte) any { return gjson.ParseBytes(raw).Value() }

// checkFormat checks format and version as soon as both could have been
// read, so that connectors of an unknown format are not handed on.
func (im *importer) checkFormat() {
	top := im.topValues(false)
	if _, ok := top["format"]; !ok && !im.seen["version"] {
		return // format may still come
	}
	if _, ok := top["format"]; ok && !im.seen["version"] {
		if f, _ := top["format"].(string); f == Format {
			return // the version may still come
		}
	}
	if err := checkFormat(top); err != nil {
		im.fail(stageFormat, err)
	}
}

// trailing refuses text after the package's object, as json.Unmarshal does.
func (im *importer) trailing() error {
	rest := io.MultiReader(im.dec.Buffered(), im.in)
	off := im.dec.InputOffset()
	buf := bufio.NewReader(rest)
	for {
		c, err := buf.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			off++
			continue
		}
		im.fail(stageSyntax, syntaxAt(off, jsonSyntaxError(string([]byte{'0', ' ', c}))))
		return nil
	}
}

// drain reads what is left of the source through the UTF-8 check: a byte
// that is not UTF-8 is reported before any syntax error.
func (im *importer) drain() { _, _ = io.Copy(io.Discard, im.in) }

// syntax records a syntax error of the decoder, which was at offset start
// when it began the token or value that failed.
func (im *importer) syntax(err error, start int64) error {
	var serr *json.SyntaxError
	switch {
	case errors.As(err, &serr):
		// A delimiter out of place names its own offset. A value that does
		// not parse leaves the decoder at its start, and the decoder's
		// offset counts more than this value: it is read again from there.
		if at := im.dec.InputOffset(); serr.Offset == at {
			im.fail(stageSyntax, syntaxAt(max(at, start), serr))
		} else {
			im.fail(stageSyntax, &located{offset: at, inValue: true, build: syntaxAt(at, serr).build})
		}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		im.drain()
		im.fail(stageSyntax, syntaxAt(im.in.n-1, jsonSyntaxError("[")))
	default:
		return err
	}
	return nil
}

// finish applies the checks of the top-level members and returns the error
// of the earliest stage that failed, or the summary.
func (im *importer) finish() (*Summary, error) {
	if im.in.bad >= 0 {
		im.fail(stageUTF8, &located{offset: im.in.bad, build: func(line, col int) error {
			return domain.Errorf(domain.EBadInput, "the package is not UTF-8 text: line %d, column %d (save it as UTF-8)", line, col).
				With(domain.RImportNotUTF8, "line", strconv.Itoa(line), "column", strconv.Itoa(col))
		}})
	}
	sum := &Summary{Connectors: im.count}
	if im.worth(stageNotObject) {
		top := im.topValues(true)
		im.checkFormatAtEnd(top)
		if err := refuseUnsupported(top); err != nil {
			im.fail(stageUnsupported, err)
		}
		if im.worth(stageSchema) {
			if err := validateSchema(top); err != nil {
				im.fail(stageSchema, err)
			}
		}
		if want, ok := top["checksum"].(string); ok && im.worth(stageChecksum) {
			if got := im.checksum(top); got != want {
				im.fail(stageChecksum, checksumMismatch(want, got))
			}
		}
		var pkg packageDTO
		if raw, err := json.Marshal(im.top); err == nil && im.worth(stageTypes) {
			if err := json.Unmarshal(raw, &pkg); err != nil {
				im.fail(stageTypes, typeError(err, ""))
			}
		}
		if im.worth(stageContent) {
			flows, err := checkFlows(pkg.Flows)
			if err != nil {
				im.fail(stageContent, err)
			}
			sum.Flows = flows
		}
		sum.Meta.ExportedBy = pkg.ExportedBy
		if pkg.ExportedAt != "" && im.worth(stageExportedAt) {
			var err error
			if sum.Meta.ExportedAt, err = time.Parse(time.RFC3339, pkg.ExportedAt); err != nil {
				im.fail(stageExportedAt, domain.Invalid("exportedAt", "%q is not a time such as 2026-11-23T08:00:00Z", pkg.ExportedAt).With(domain.RImportExportedAt, "value", pkg.ExportedAt))
			}
		}
	}
	for _, err := range im.first {
		if err != nil {
			sum.Flows = nil
			return sum, im.locate(err)
		}
	}
	return sum, nil
}

func (im *importer) checkFormatAtEnd(top map[string]any) {
	if im.first[stageFormat] == nil {
		if err := checkFormat(top); err != nil {
			im.fail(stageFormat, err)
		}
	}
}

// topValues decodes the top-level members; with connectors, the connectors
// array stands as an empty one (its elements were checked one by one).
func (im *importer) topValues(connectors bool) map[string]any {
	top := make(map[string]any, len(im.top)+1)
	for k, raw := range im.top {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			top[k] = v
		}
	}
	if connectors && im.seen["connectors"] {
		top["connectors"] = im.connectors
		if im.streamed {
			top["connectors"] = []any{}
		}
	}
	return top
}

// checksum finishes the streamed hash with the members after "connectors".
func (im *importer) checksum(top map[string]any) string {
	rest := map[string]any{}
	for k, v := range top {
		rest[k] = v
	}
	delete(rest, "connectors")
	for _, k := range checksumKeys {
		delete(rest, k)
	}
	tail, err := appendCanonical(nil, rest)
	if err != nil {
		return ""
	}
	if !im.streamed {
		return checksumOfCanonical(tail) // no connectors array: the rest is all
	}
	if len(rest) > 0 {
		im.sum.Write([]byte{','})
		im.sum.Write(tail[1:]) // past its '{'
	} else {
		im.sum.Write([]byte{'}'})
	}
	return "sha256:" + hex.EncodeToString(im.sum.Sum(nil))
}

// locate gives an error that names a place in the package its line and
// column, reading the package again up to that place.
func (im *importer) locate(err error) error {
	var l *located
	if !errors.As(err, &l) {
		return err
	}
	offset := l.offset
	if l.inValue {
		if _, err := im.src.Seek(im.bom+offset, io.SeekStart); err != nil {
			return l.build(0, 0)
		}
		var serr *json.SyntaxError
		if errors.As(json.NewDecoder(im.src).Decode(new(json.RawMessage)), &serr) {
			offset += serr.Offset - 1
		}
	}
	if _, err := im.src.Seek(im.bom, io.SeekStart); err != nil {
		return l.build(0, 0)
	}
	line, col := positionAt(im.src, offset)
	return l.build(line, col)
}

// located is an error about the byte at offset of the package, whose
// message needs its line and column: they are found once the package has
// been read, since it is not kept in memory.
type located struct {
	offset int64
	// inValue says that the mistake is in the JSON value that starts at
	// offset, a syntax error to find by decoding it again.
	inValue bool
	build   func(line, col int) error
}

func (l *located) Error() string { return fmt.Sprintf("at offset %d", l.offset) }

func syntaxAt(offset int64, serr *json.SyntaxError) *located {
	return &located{offset: offset, build: func(line, col int) error {
		e := domain.Errorf(domain.EBadInput, "the package is not valid JSON: line %d, column %d: %s", line, col, serr.Error()).
			With(domain.RImportNotJSONAt, "line", strconv.Itoa(line), "column", strconv.Itoa(col), "detail", serr.Error())
		e.Params = e.Params.Nest("detail", jsonpos.Cause(serr))
		return e
	}}
}

// jsonSyntaxError is the *json.SyntaxError encoding/json gives for doc, to
// word a mistake the way json.Unmarshal does where the decoder words it
// otherwise (its message field is not exported).
func jsonSyntaxError(doc string) *json.SyntaxError {
	var serr *json.SyntaxError
	if !errors.As(json.Unmarshal([]byte(doc), new(any)), &serr) {
		panic("exchange: " + doc + " is valid JSON")
	}
	return serr
}

func repeatedKey(offset int64, key string) *located {
	return &located{offset: offset, build: func(line, col int) error {
		return domain.Errorf(domain.EBadInput, "the package repeats a key: line %d, column %d: key %q appears twice in one object", line, col, key).
			With(domain.RImportRepeatedKey, "line", strconv.Itoa(line), "column", strconv.Itoa(col), "key", key)
	}}
}

// positionAt is jsonpos.At over a reader: the line and column of the byte
// at offset, counting columns in characters and not counting a \r before a
// line's end.
func positionAt(r io.Reader, offset int64) (line, col int) {
	line, col = 1, 1
	br := bufio.NewReader(io.LimitReader(r, max(offset, 0)))
	var last byte
	for {
		c, err := br.ReadByte()
		if err != nil {
			break
		}
		switch {
		case c == '\n':
			line, col = line+1, 1
		case c&0xC0 != 0x80: // a character's first byte
			col++
		}
		last = c
	}
	if last == '\r' {
		col--
	}
	return line, col
}

// firstByte is the first byte after white space, 0 when there is none.
func firstByte(br *bufio.Reader) byte {
	for n := 1; ; n++ {
		head, err := br.Peek(n)
		if len(head) < n {
			return 0
		}
		c := head[n-1]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c
		}
		if err != nil {
			return 0
		}
	}
}

func readError(err error) error {
	return domain.Errorf(domain.EBadInput, "the package cannot be read: %v", err).With(domain.RImportUnreadable, "detail", err.Error())
}

func unreadable(err error) error {
	return domain.Errorf(domain.EBadInput, "the package cannot be read: %v", err).With(domain.RImportUnreadable, "detail", err.Error())
}

// typeError words a decoding error of a document the schema has accepted:
// only whole numbers written as 60.0 or 6e1 get here, which JSON Schema
// calls integers and Go does not.
func typeError(err error, prefix string) error {
	var terr *json.UnmarshalTypeError
	if errors.As(err, &terr) {
		field := prefix + terr.Field
		return domain.Errorf(domain.EBadInput, "the package cannot be read: %s must be a whole number written without a fraction or exponent, not %s", field, terr.Value).
			With(domain.RImportNotWhole, "field", field, "value", terr.Value)
	}
	return unreadable(err)
}

// utf8Reader passes its reader's bytes through and notes the offset of the
// first byte that is not UTF-8 (bad, -1 while there is none), carrying a
// character split between two reads over to the next.
type utf8Reader struct {
	r       io.Reader
	n       int64 // bytes read so far
	bad     int64
	pending []byte
}

func (u *utf8Reader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if u.bad < 0 && n > 0 {
		u.check(p[:n])
	}
	u.n += int64(n)
	if err == io.EOF && u.bad < 0 && len(u.pending) > 0 {
		u.bad = u.n - int64(len(u.pending))
	}
	return n, err
}

func (u *utf8Reader) check(chunk []byte) {
	base := u.n - int64(len(u.pending))
	buf := chunk
	if len(u.pending) > 0 {
		buf = append(u.pending, chunk...)
		u.pending = nil
	}
	for i := 0; i < len(buf); {
		if buf[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) {
			u.pending = append([]byte(nil), buf[i:]...)
			return
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && size == 1 {
			u.bad = base + int64(i)
			return
		}
		i += size
	}
}
