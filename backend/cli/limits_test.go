package cli

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
)

// --repeat and --concurrency beyond the service's bounds are usage errors that
// name the flag and the limit, refused before the store is even opened.
func TestInvoke_RepeatBounds(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--repeat", "1000001"}, "junction: --repeat: must be between 1 and 1000000, not 1000001\n"},
		{[]string{"--repeat", "0"}, "junction: --repeat: must be between 1 and 1000000, not 0\n"},
		{[]string{"--repeat", "10", "--concurrency", "65"}, "junction: --concurrency: must be between 1 and 64, not 65\n"},
		{[]string{"--repeat", "10", "--concurrency", "0"}, "junction: --concurrency: must be between 1 and 64, not 0\n"},
	} {
		r := e.run(append([]string{"invoke", "api/good", "--input", "id=7"}, c.args...)...)
		assert.Equal(t, ExitUsage, r.code, "%v", c.args)
		assert.Equal(t, c.want, oneErrorLine(t, r))

		r = e.run(append([]string{"invoke", "api/good", "--json"}, c.args...)...)
		assert.Equal(t, ExitUsage, r.code)
		assert.Equal(t, "validation", decodeError(t, r).Error.Code)
		assert.Equal(t, c.args[len(c.args)-2], decodeError(t, r).Error.Field)
	}
	_, err := os.Stat(e.db)
	assert.True(t, os.IsNotExist(err), "a refused run must not open (create) the store")
}
