package domain_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/bridge"
	"junction/backend/domain"
)

func TestValidateHeaderName(t *testing.T) {
	for _, ok := range []string{"X-Api-Key", "Authorization", "x_trace.id", "Accept"} {
		assert.NoError(t, domain.ValidateHeaderName("h", ok), ok)
	}
	for _, bad := range []string{"", "Content-Length", "transfer-encoding", "HOST", "Connection", "TE", "Trailer", "Upgrade",
		"X Key", "X:Key", "X-Key\r\nInjected: 1", "X-\x1b[31m"} {
		err := domain.ValidateHeaderName("h", bad)
		if assert.Error(t, err, "%q", bad) {
			assert.Equal(t, "h", domain.ErrorField(err))
		}
	}
}

func TestPlainTextAndKeyPath(t *testing.T) {
	assert.NoError(t, domain.PlainText("name", "Kunden & Aufträge 订单"))
	for _, bad := range []string{"a\x1b[2Jb", "a\nb", "a\tb", "a\x7fb", "a\u0085b", "a\u202eb"} {
		assert.Error(t, domain.PlainText("name", bad), "%q", bad)
	}
	assert.Equal(t, "fields.tenant", domain.KeyPath("fields", "tenant"))
	assert.Equal(t, `fields["a\x1bb"]`, domain.KeyPath("fields", "a\x1bb"))
	assert.Equal(t, `fields["x.y"]`, domain.KeyPath("fields", "x.y"))
}

func TestFiniteJSON(t *testing.T) {
	for _, ok := range []string{`1`, `-2.5e300`, `{"a":[1,2,{"b":3}]}`, `"1e999"`, `null`} {
		assert.NoError(t, domain.FiniteJSON("default", json.RawMessage(ok)), ok)
	}
	for _, bad := range []string{`1e999`, `{"a":[-1e400]}`} {
		err := domain.FiniteJSON("default", json.RawMessage(bad))
		if assert.Error(t, err, bad) {
			assert.Equal(t, "default", domain.ErrorField(err))
		}
	}
}

func TestValidateAuth_TokenURLScheme(t *testing.T) {
	te := func(url string) *domain.Auth {
		return &domain.Auth{Type: domain.AuthTokenExchange, TokenExchange: &domain.TokenExchange{Method: "POST", URL: url, BodyType: "json",
			TokenPath: "t", Inject: domain.TokenInject{In: domain.InHeader, Name: "X-Token"}}}
	}
	for _, ok := range []string{"https://auth.example.com/token", "http://10.0.0.1:8080/t", "/oauth/token", "token?a=b:c", "{{account.base}}/t"} {
		assert.NoError(t, domain.ValidateAuth(te(ok)), ok)
	}
	for _, bad := range []string{"file:///etc/passwd", "ftp://x/y", "HTTPS://upper.example.com/t", "javascript:alert(1)"} {
		err := domain.ValidateAuth(te(bad))
		if assert.Error(t, err, bad) {
			assert.Equal(t, "tokenExchange.url", domain.ErrorField(err))
		}
	}
}

// The UI texts of the reasons: frontend/src/i18n/reasons/<area>.<locale>.json.
const reasonsDir = "../../frontend/src/i18n/reasons"

var locales = []string{"en", "zh-CN"}

// reasonTexts reads every area's file of one locale: reason -> text and
// the file that holds it.
func reasonTexts(t *testing.T, locale string) (texts, files map[string]string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(reasonsDir, "*."+locale+".json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "no %s reason files in %s", locale, reasonsDir)
	texts, files = map[string]string{}, map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		var m map[string]string
		require.NoError(t, json.Unmarshal(data, &m), p)
		for k, v := range m {
			if prev, dup := files[k]; dup {
				t.Errorf("%s: reason %s is also in %s", filepath.Base(p), k, prev)
			}
			texts[k], files[k] = v, filepath.Base(p)
		}
	}
	return texts, files
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

func placeholders(text string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// Every reason the backend sends (domain.Reasons and the bridge's own) has a
// text in English and in Chinese, every text names a reason, and both texts
// of a reason name the same params.
func TestReasons_HaveEnglishAndChineseTexts(t *testing.T) {
	all := map[string]bool{}
	for _, r := range domain.Reasons() {
		assert.False(t, all[string(r)], "reason %s is listed twice", r)
		all[string(r)] = true
	}
	for _, r := range bridge.Reasons() {
		all[r] = true
	}
	byLocale := map[string]map[string]string{}
	for _, locale := range locales {
		texts, files := reasonTexts(t, locale)
		byLocale[locale] = texts
		for r := range all {
			assert.NotEmpty(t, strings.TrimSpace(texts[r]), "reason %s has no %s text", r, locale)
		}
		for k := range texts {
			assert.True(t, all[k], "%s: %s is not a reason of domain.Reasons() or bridge.Reasons()", files[k], k)
		}
	}
	for r := range all {
		en, zh := byLocale["en"][r], byLocale["zh-CN"][r]
		if en != "" && zh != "" {
			assert.Equal(t, placeholders(en), placeholders(zh), "reason %s: the English and Chinese texts name other params", r)
		}
	}
}
