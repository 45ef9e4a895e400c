package domain

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Header names ignore case on the wire: a second header that differs only in
// case is refused on its own row, naming the first.
func TestHeaderNamesIgnoreCase(t *testing.T) {
	it := validInterface()
	it.Request[1] = Param{Name: "X-User-Id", In: InHeader, Type: "string", Source: Source{Kind: SourceSystem, Value: "userId"}}
	it.Request = append(it.Request, Param{Name: "x-user-id", In: InHeader, Type: "string", Source: Source{Kind: SourceInput}})
	err := ValidateInterface(&it)
	require.Error(t, err)
	assert.Equal(t, EValidation, ErrorCode(err))
	assert.Equal(t, "request[3].name", ErrorField(err))
	assert.Contains(t, err.Error(), "duplicates header X-User-Id (header names ignore case)")

	// Query params and body fields stay case-sensitive: id and ID are two names.
	it = validInterface()
	it.Request = append(it.Request,
		Param{Name: "q", In: InQuery, Type: "string", Source: Source{Kind: SourceInput}},
		Param{Name: "Q", In: InQuery, Type: "string", Source: Source{Kind: SourceInput}})
	assert.NoError(t, ValidateInterface(&it))
}

func TestPathPlaceholders(t *testing.T) {
	cases := []struct {
		path, msg string
	}{
		{"/users/{id", `has an unclosed { at "{id": write {name}`},
		{"/users/{id/orders", `has an unclosed { at "{id": write {name}`},
		{"/users/{a{id}", `has an unclosed { at "{a": write {name}`},
		{"/users/id}", `has a } without its { after "/users/id": write {name}`},
		{"/users/{id}/copy/{id}", "has {id} twice: each path param fills one place in the path"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			it := validInterface()
			it.Path = tc.path
			err := ValidateInterface(&it)
			require.Error(t, err)
			assert.Equal(t, "path", ErrorField(err))
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	it := validInterface()
	it.Path = "/users/{id}.json"
	assert.NoError(t, ValidateInterface(&it))
}
