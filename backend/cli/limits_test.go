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

// An unknown --input name, or a dotted path whose first segment is not an
// input, is exit 2 with the list of the interface's inputs; --input-json is
// held to the same list.
func TestInvoke_UnknownInput(t *testing.T) {
	f := newInvokeFixture(t)
	const want = `junction: inputs.nmae: interface good has no input "nmae"; its inputs are id, name, count, flag, tags, user` + "\n"
	r := f.run("invoke", "api/good", "--input", "id=7", "--input", "nmae=Ann")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, want, oneErrorLine(t, r))

	r = f.run("invoke", "api/good", "--input", "id=7", "--input", "nmae.first=Ann")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, want, oneErrorLine(t, r))

	r = f.run("invoke", "api/good", "--input-json", f.writeFile("in.json", `{"id": 7, "nmae": "Ann"}`), "--json")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, "inputs.nmae", decodeError(t, r).Error.Field)

	r = f.run("invoke", "api/good", "--input", "id=7", "--input", "nmae=Ann", "--repeat", "3")
	assert.Equal(t, ExitUsage, r.code)
	assert.Equal(t, want, oneErrorLine(t, r))

	// A nested field of a declared object input passes this check.
	assert.Equal(t, ExitOK, f.run("invoke", "api/good", "--input", "id=7", "--input", "user.name=Ann").code)
}
