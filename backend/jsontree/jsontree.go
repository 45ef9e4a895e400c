// Package jsontree edits decoded JSON objects (map[string]any trees). The
// CLI's --input NAME=VALUE and the test OAuth server's token answers both set
// nested fields this way.
package jsontree

// Set sets m[a][b]...[z] = v for path a, b, ..., z, creating objects on the
// way; a value on the way that is not an object is replaced.
func Set(m map[string]any, path []string, v any) {
	for _, k := range path[:len(path)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}
