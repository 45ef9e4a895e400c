package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"junction/backend/domain"
)

// writeJSON prints v as one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table prints aligned text columns.
type table struct {
	tw *tabwriter.Writer
}

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	if len(header) > 0 {
		t.row(header...)
	}
	return t
}

// row writes one line. Tabs and newlines inside a cell would break the
// columns, so they become spaces, and other control characters are escaped
// (see printable); a cell's leading spaces (indentation) stay, and an empty
// cell shows as "-".
func (t *table) row(cells ...string) {
	for i, c := range cells {
		indent := c[:len(c)-len(strings.TrimLeft(c, " "))]
		cells[i] = printable(strings.Join(strings.Fields(c), " "))
		if cells[i] == "" {
			cells[i] = "-"
		}
		cells[i] = indent + cells[i]
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

// printable escapes control characters (an ESC starts an ANSI sequence that
// would recolour, move the cursor or retitle the terminal) and bidirectional
// overrides as \x1b or \u202e, so that a name in the store, written before
// the rules refused them, prints as what it is.
func printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unprintable(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func unprintable(r rune) bool {
	return unicode.IsControl(r) || r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// stamp formats a time for text output: UTC, to the second.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func plural(n int, one, many string) string { return domain.Count(n, one, many) }

// errorBody is the --json error document: {"code", "reason", "message",
// "field", "params"} (docs/cli.md). msg is the message as the CLI prints it;
// an internal error without a reason of its own gets door.internal.
func errorBody(err error, code, msg, field string) map[string]any {
	reason := domain.ErrorReason(err)
	if reason == "" && code == domain.EInternal {
		reason = domain.RInternal
	}
	params := domain.ErrorParams(err)
	if params == nil {
		params = domain.Params{}
	}
	return map[string]any{"code": code, "reason": reason, "message": msg, "field": field, "params": params}
}
