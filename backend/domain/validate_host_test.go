package domain

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The refusal says what is wrong with the host, not only that it is wrong.
func TestValidateHost_SaysWhatIsWrong(t *testing.T) {
	for host, want := range map[string]string{
		"https://api.example.com/open": "starts with a scheme (https://)",
		"api example.com":              "contains a space",
		"api.example.com\t":            "contains a space",
		"api.example.com/open":         `contains "/"`,
		"api.example.com?x=1":          `contains "?"`,
		"erp_01.corp.local":            "contains an underscore",
		"api..example.com":             "empty label: two dots in a row",
		".example.com":                 "empty label",
		"api.example.com.:8080":        "empty label",
		"-bad.example.com":             `label "-bad" of "-bad.example.com" starts or ends with '-'`,
		"api.exa*mple.com":             `contains "*"`,
		"a1234567890123456789012345678901234567890123456789012345678901234.com": "longer than 63 characters",
		"api.example.com:0": "port \"0\" is not a number from 1 to 65535",
	} {
		err := ValidateHost("host", host)
		require.Error(t, err, host)
		assert.Equal(t, EValidation, ErrorCode(err), host)
		assert.Equal(t, "host", ErrorField(err), host)
		assert.Contains(t, ErrorMessage(err), want, host)
	}
}

// International domain names are accepted, and saved in punycode: the form
// DNS, the TLS server name and the Host header use, whatever client sends it.
func TestValidateHost_IDN(t *testing.T) {
	for _, host := range []string{"中文.example", "中文.example:8443", "bücher.example", "xn--fiq228c.example", "例え。テスト"} {
		assert.NoError(t, ValidateHost("host", host), host)
	}
	assert.Equal(t, "xn--fiq228c.example", ASCIIHost("中文.example"))
	assert.Equal(t, "xn--fiq228c.example:8443", ASCIIHost("中文.example:8443"))
	assert.Equal(t, "xn--bcher-kva.example", ASCIIHost("BÜCHER.example"))
	assert.Equal(t, "api.example.com", ASCIIHost("api.example.com"))
	assert.Equal(t, "[::1]:8080", ASCIIHost("[::1]:8080"))

	c := Connection{Key: "prod", Protocol: "https", Host: " 中文.example:8443 "}
	NormalizeConnection(&c)
	assert.Equal(t, "xn--fiq228c.example:8443", c.Host)
	require.NoError(t, ValidateConnection(&c))

	err := ValidateHost("host", "a\u200db.example") // a joiner where the IDNA rules forbid one
	require.Error(t, err)
	assert.Contains(t, ErrorMessage(err), "not a valid international domain name")
}
