package invoke

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"junction/backend/domain"
)

// Copy as cURL. A request record holds the body as UTF-8 text, but a
// connection with another charset sent the charset's bytes: a command that
// pasted the text would send UTF-8 labelled charset=GBK. Curl writes the
// command from the record and the connection's charset so that it sends
// the bytes the call sent. The record is already redacted, and so is the
// command (a secret stays [redacted]).

// Shells Curl writes for.
const (
	ShellBash       = "bash"       // POSIX shells; $'\xNN' for bytes that are not UTF-8 text
	ShellPowerShell = "powershell" // Windows PowerShell 5.1 and 7: curl.exe, the body from a byte array
)

// Shells lists the shells Curl writes for.
var Shells = []string{ShellBash, ShellPowerShell}

// Curl writes req as a command line for shell. charset is the connection's
// (the body and header values are written in it; the URL is already
// percent-encoded in it, as sent).
func Curl(req RequestRecord, charset, shell string) (string, error) {
	cs, err := lookupCharset(charset)
	if err != nil {
		return "", err
	}
	body, err := cs.encode(req.Body)
	if err != nil {
		return "", domain.Invalid("body", "%v", err)
	}
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = "GET"
	}
	type header struct{ name, value string }
	var headers []header
	for name, value := range req.Headers {
		if skipCurlHeader(name, value, req.URL) {
			continue
		}
		// A value already in the charset's bytes (not UTF-8), or one the
		// record could not keep readable, is written as it is.
		if enc, err := cs.encode(value); err == nil && utf8.ValidString(value) {
			value = enc
		}
		headers = append(headers, header{name, value})
	}
	slices.SortFunc(headers, func(a, b header) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) })

	var q func(string) string
	var parts []string
	first := []string{"curl"}
	switch shell {
	case ShellBash:
		q = bashQuote
	case ShellPowerShell:
		q = psQuote
		first[0] = "curl.exe"
		if body != "" {
			parts = append(parts, "$body = [byte[]]@("+psBytes(body)+")",
				"$file = New-TemporaryFile",
				"[IO.File]::WriteAllBytes($file.FullName, $body)")
		}
	default:
		return "", domain.Invalid("shell", "%q is not one of %s", shell, strings.Join(Shells, ", "))
	}
	switch {
	case method == "HEAD":
		first = append(first, "--head")
	case method != "GET" || body != "":
		first = append(first, "-X", q(method))
	}
	// The URL is always quoted: it reads the same whether or not it holds & or ?.
	if u := q(req.URL); strings.HasPrefix(u, "'") || strings.HasPrefix(u, "$'") {
		first = append(first, u)
	} else {
		first = append(first, "'"+u+"'")
	}
	lines := []string{strings.Join(first, " ")}
	for _, h := range headers {
		lines = append(lines, "-H "+q(h.name+": "+h.value))
	}
	if body != "" {
		switch {
		case shell == ShellPowerShell:
			lines = append(lines, `--data-binary "@$($file.FullName)"`)
		case cs.enc == nil || isASCII(body):
			// Text the shell can hold as it is; --data-raw never reads @file.
			lines = append(lines, "--data-raw "+q(body))
		case strings.HasPrefix(body, "@"):
			lines = append(lines, "--data-raw "+q(body))
		default:
			lines = append(lines, "--data-binary "+q(body))
		}
	}
	cont := " \\\n  "
	if shell == ShellPowerShell {
		cont = " `\n  "
	}
	parts = append(parts, strings.Join(lines, cont))
	if shell == ShellPowerShell && body != "" {
		parts = append(parts, "Remove-Item $file")
	}
	return strings.Join(parts, "\n"), nil
}

// skipCurlHeader leaves out the headers curl writes itself: Content-Length,
// and Host unless it differs from the URL's (a virtual host on an address).
func skipCurlHeader(name, value, rawURL string) bool {
	switch strings.ToLower(name) {
	case "content-length":
		return true
	case "host":
		u, err := url.Parse(rawURL)
		return err == nil && strings.EqualFold(u.Host, value)
	}
	return false
}

// bashQuote quotes a word for bash: plain words bare, text in single
// quotes, and anything that is not UTF-8 text (a charset's bytes) or holds
// a control character in $'...' with \xNN escapes.
func bashQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !isPlainShellRune(r) }) < 0 {
		return s
	}
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }) < 0 {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, `\x%02X`, c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func isPlainShellRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_@%+=:,./-", r))
}

// psQuote quotes a word for PowerShell: single quotes, a quote doubled.
// Header values in a charset's bytes cannot cross PowerShell's arguments
// intact; the record's text is written as it is.
func psQuote(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// psBytes is s as a PowerShell byte list: 0x7B,0x22,...
func psBytes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "0x%02X", s[i])
	}
	return b.String()
}
