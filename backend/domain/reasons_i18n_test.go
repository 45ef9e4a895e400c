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
