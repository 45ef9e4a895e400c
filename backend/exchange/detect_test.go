package exchange

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetect(t *testing.T) {
	cases := []struct {
		name, data, format, seen string
	}{
		{"package", `{"format":"junction-package","version":1}`, FormatPackage, "a Junction package"},
		{"broken package", "{\"format\": \"junction-package\",\n  \"version\": }", FormatPackage, "a Junction package"},
		{"openapi json", `{"openapi":"3.0.1","info":{}}`, FormatOpenAPI, "an OpenAPI 3.0.1 document"},
		{"swagger", `{"swagger":"2.0"}`, FormatOpenAPI, "a Swagger 2.0 document"},
		{"openapi yaml", "openapi: 3.1.0\ninfo:\n  title: x\n", FormatOpenAPI, "an OpenAPI document in YAML"},
		{"postman", `{"info":{"_postman_id":"1","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[]}`, FormatPostman, "a Postman collection"},
		{"har", `{"log":{"entries":[]}}`, FormatHAR, "a HAR capture"},
		{"curl", "  curl -X GET https://x", FormatCurl, "a curl command"},
		{"empty", "  \n", "", "nothing (it is empty)"},
		{"array", `[1,2]`, "", "a JSON array"},
		{"bad json", "{\n  \"a\": ,\n}", "", "JSON that does not parse (line 2, column 8: invalid character ',' looking for beginning of value)"},
		{"other format", `{"format":"other"}`, "", `a JSON document with "format": "other"`},
		{"plain text", "hello", "", "text that is neither JSON nor a curl command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			format, seen := Detect([]byte(tc.data))
			assert.Equal(t, tc.format, format)
			assert.Equal(t, tc.seen, seen)
		})
	}
}
