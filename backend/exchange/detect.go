package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"junction/backend/jsonpos"
)

// The import formats of spec/CLI.md's --format, as Detect names them.
const (
	FormatPackage = "package"
	FormatOpenAPI = "openapi"
	FormatPostman = "postman"
	FormatCurl    = "curl"
	FormatHAR     = "har"
)

var (
	packageMarker = regexp.MustCompile(`"format"\s*:\s*"junction-package"`)
	// exportedHead is how an export begins: an object whose first key is
	// "format" (see IsPackageHead).
	exportedHead    = regexp.MustCompile(`^\s*\{\s*"format"\s*:\s*"junction-package"`)
	yamlOpenAPILine = regexp.MustCompile(`(?m)^(openapi|swagger)\s*:`)
)

// Detect names the format of data by its content, never by file name, and
// describes what it saw in words for an error message. The format is one of
// the Format* names, or "" when it is none Junction knows.
func Detect(data []byte) (format, seen string) {
	data = bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))
	if len(data) == 0 {
		return "", "nothing (it is empty)"
	}
	if first := strings.ToLower(firstWord(data)); first == "curl" {
		return FormatCurl, "a curl command"
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		switch {
		case packageMarker.Match(data):
			// A broken package: the package reader names the line and column.
			return FormatPackage, "a Junction package"
		case data[0] == '{' || data[0] == '[':
			return "", "JSON that does not parse (" + syntaxErrorAt(data, err) + ")"
		case yamlOpenAPILine.Match(data):
			return FormatOpenAPI, "an OpenAPI document in YAML"
		}
		return "", "text that is neither JSON nor a curl command"
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return "", "a JSON " + jsonKind(doc)
	}
	if f, ok := obj["format"].(string); ok {
		if f == "junction-package" {
			return FormatPackage, "a Junction package"
		}
		return "", fmt.Sprintf("a JSON document with \"format\": %q", f)
	}
	if v, ok := obj["openapi"].(string); ok {
		return FormatOpenAPI, "an OpenAPI " + v + " document"
	}
	if v, ok := obj["swagger"].(string); ok {
		return FormatOpenAPI, "a Swagger " + v + " document"
	}
	if info, ok := obj["info"].(map[string]any); ok {
		schema, _ := info["schema"].(string)
		if _, id := info["_postman_id"]; id || strings.Contains(schema, "getpostman.com") {
			return FormatPostman, "a Postman collection"
		}
	}
	if log, ok := obj["log"].(map[string]any); ok {
		if _, ok := log["entries"].([]any); ok {
			return FormatHAR, "a HAR capture"
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 5 {
		keys = append(keys[:5], "...")
	}
	if len(keys) == 0 {
		return "", "an empty JSON object"
	}
	return "", "a JSON object without \"format\" (its keys: " + strings.Join(keys, ", ") + ")"
}

func firstWord(data []byte) string {
	end := bytes.IndexAny(data, " \t\r\n")
	if end < 0 {
		end = len(data)
	}
	return string(data[:end])
}

// syntaxErrorAt locates a JSON syntax error as line and column.
func syntaxErrorAt(data []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error()
	}
	line, col := jsonpos.OfSyntaxError(data, se)
	return fmt.Sprintf("line %d, column %d: %s", line, col, se.Error())
}

// IsPackageHead says from the first bytes of a file whether it is a Junction
// package whose first key is "format" (every export), so that a large
// package is recognised without reading it whole; Detect tells the rest.
func IsPackageHead(head []byte) bool {
	return exportedHead.Match(bytes.TrimPrefix(head, utf8BOM))
}
