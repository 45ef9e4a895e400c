package service_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// A recovered panic is an internal error of one line, its stack kept for the
// log; the --repeat workers and cli.Run recover through it.
func TestRecovered(t *testing.T) {
	assert.NoError(t, service.Recovered(nil))
	err := func() (err error) {
		defer func() { err = service.Recovered(recover()) }()
		panic("boom")
	}()
	var pe *service.PanicError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "panic: boom", err.Error())
	assert.Contains(t, string(pe.Stack), "panic_test.go")
	assert.Equal(t, domain.EInternal, domain.ErrorCode(err))
}
