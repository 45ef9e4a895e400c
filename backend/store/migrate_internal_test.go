package store

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadMigrations(t *testing.T) {
	file := func(sql string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(sql)} }
	ms, err := loadMigrations(fstest.MapFS{
		"migrations/0002_second_one.sql": file("B"),
		"migrations/0001_first.sql":      file("A"),
	})
	require.NoError(t, err)
	assert.Equal(t, []migration{{1, "first", "A"}, {2, "second one", "B"}}, ms, "in order of the number, names with spaces")

	for name, fsys := range map[string]fstest.MapFS{
		"a gap":           {"migrations/0001_a.sql": file("A"), "migrations/0003_c.sql": file("C")},
		"a repeat":        {"migrations/0001_a.sql": file("A"), "migrations/0001_b.sql": file("B")},
		"no name":         {"migrations/0001.sql": file("A")},
		"no migrations":   {},
		"not a number":    {"migrations/first_a.sql": file("A")},
		"not from one on": {"migrations/0002_b.sql": file("B")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadMigrations(fsys)
			assert.Error(t, err)
		})
	}
}
