package service

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"junction/backend/domain"
)

// inputRef finds what a template reads of the caller's inputs: {{input.NAME...}}
// gives NAME, {{input}} (the whole object) gives "".
var inputRef = regexp.MustCompile(`\{\{\s*input(?:\.([^.\s|#\[\]{}\\]+)|\s*\}\})`)

// checkInputNames refuses an input the interface cannot read, naming the
// ones it can: the top-level request params whose source is input, and any
// name its templates read as {{input.NAME}} (a map source, a template value,
// a message). The check is on top-level names only, the first segment of a
// CLI --input path; what lies inside an object the engine reads by the
// param tree. An interface whose templates read {{input}} whole takes any
// name.
func checkInputNames(it *domain.Interface, conn *domain.Connection, inputs map[string]any) error {
	if len(inputs) == 0 {
		return nil
	}
	known := map[string]bool{}
	var declared []string
	for _, p := range it.Request {
		if p.Source.Kind == domain.SourceInput && !known[p.Name] {
			known[p.Name] = true
			declared = append(declared, p.Name)
		}
	}
	// Templates may stand in any field of the interface or its connection;
	// reading them from the stored JSON finds every one.
	for _, v := range []any{it, conn} {
		doc, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("read the templates of interface %s: %w", it.Key, err)
		}
		for _, m := range inputRef.FindAllStringSubmatch(string(doc), -1) {
			if m[1] == "" {
				return nil
			}
			if !known[m[1]] {
				known[m[1]] = true
				declared = append(declared, m[1])
			}
		}
	}
	for _, name := range sortedKeys(inputs) {
		if known[name] {
			continue
		}
		if len(declared) == 0 {
			return domain.Invalid("inputs."+name, "interface %s has no input %q; it takes no inputs", it.Key, name).
				With(domain.RInputNone, "interface", it.Key, "name", name)
		}
		inputs := strings.Join(declared, ", ")
		return domain.Invalid("inputs."+name, "interface %s has no input %q; its inputs are %s", it.Key, name, inputs).
			With(domain.RInputUnknown, "interface", it.Key, "name", name, "inputs", inputs)
	}
	return nil
}
