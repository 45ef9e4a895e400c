package jsontree

import (
	"reflect"
	"testing"
)

func TestSet(t *testing.T) {
	m := map[string]any{"a": "text", "keep": 1.0}
	Set(m, []string{"top"}, 1)
	Set(m, []string{"a", "b", "c"}, true) // replaces the string on the way
	Set(m, []string{"a", "b", "d"}, "x")  // reuses the objects made above
	want := map[string]any{
		"top":  1,
		"keep": 1.0,
		"a":    map[string]any{"b": map[string]any{"c": true, "d": "x"}},
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %#v, want %#v", m, want)
	}
}
