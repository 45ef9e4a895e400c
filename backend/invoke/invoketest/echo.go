package invoketest

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// EchoForm is one way a server writes a secret back.
type EchoForm struct {
	Name string // "plain", "json-go", "url-plus", ...
	Text string
}

var uEscape = regexp.MustCompile(`\\u[0-9a-f]{4}`)

// EchoForms are the forms in which servers echo a secret, computed here
// with the standard library (apart from the pipeline's own code): as is;
// JSON-escaped as Go writes it (\u0026 \u003c \u003e), as PHP writes it
// (escaped slashes \/ and \uXXXX for non-ASCII) and with upper-case \u
// hex; percent-encoded with space as + and as %20, and in lower-case hex;
// HTML-escaped; base64 (also with PHP's escaped slashes) and lower-case
// hex of its bytes. The secret must hold no '"', '\\' or control character
// (so each form is a valid JSON string's content).
func EchoForms(secret string) []EchoForm {
	goJSON, _ := json.Marshal(secret)
	inner := string(goJSON[1 : len(goJSON)-1])
	php := strconv.QuoteToASCII(secret)
	php = strings.ReplaceAll(php[1:len(php)-1], "/", `\/`)
	upper := uEscape.ReplaceAllStringFunc(inner, func(m string) string { return `\u` + strings.ToUpper(m[2:]) })
	q := url.QueryEscape(secret)
	pct := strings.ReplaceAll(q, "+", "%20")
	lower := regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(pct, strings.ToLower)
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	return []EchoForm{
		{"plain", secret},
		{"json-go", inner},
		{"json-php", php},
		{"json-upper", upper},
		{"url-plus", q},
		{"url-percent", pct},
		{"url-lower", lower},
		{"html", html.EscapeString(secret)},
		{"base64", b64},
		{"base64-php", strings.ReplaceAll(b64, "/", `\/`)},
		{"hex", hex.EncodeToString([]byte(secret))},
	}
}

// SecretEchoServer starts a server that answers every request 200 with a
// JSON object holding every EchoForms form of each secret as a string
// value named "<i>-<form>" (beside "code": 0), and the same forms as
// response headers X-Echo-<i>-<form>.
func SecretEchoServer(t testing.TB, secrets ...string) *Server {
	t.Helper()
	return HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		var b strings.Builder
		b.WriteString(`{"code":0`)
		for i, s := range secrets {
			for _, f := range EchoForms(s) {
				name := strconv.Itoa(i) + "-" + f.Name
				w.Header().Set("X-Echo-"+name, f.Text)
				// The forms are JSON string contents already: written as they are.
				b.WriteString(`,"` + name + `":"` + f.Text + `"`)
			}
		}
		b.WriteString("}")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write([]byte(b.String()))
	}))
}
