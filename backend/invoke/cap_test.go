package invoke

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/invoke/invoketest"
)

func TestSetBodyCap(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{})
	assert.Equal(t, int64(DefaultBodyCap), e.BodyCap(), "0 means the default")

	srv := invoketest.BigBody(t, 5000)
	it := newIface("GET", "/x", "none")

	e.SetBodyCap(1000)
	assert.Equal(t, int64(1000), e.BodyCap())
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	assert.True(t, res.Response.Truncated, "the new cap applies to the next call")
	assert.Len(t, res.Response.Raw, 1000)
	assert.Equal(t, int64(5000), res.Response.Size)

	e.SetBodyCap(0)
	assert.Equal(t, int64(DefaultBodyCap), e.BodyCap(), "0 restores the default")
	res = run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	assert.False(t, res.Response.Truncated)
	assert.Len(t, res.Response.Raw, 5000)
}

// Changing the cap while calls run is safe (go test -race checks it).
func TestSetBodyCap_Concurrent(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{BodyCap: 100})
	srv := invoketest.BigBody(t, 300)
	it := newIface("GET", "/x", "none")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			e.SetBodyCap(int64(100 + i*50))
		}()
		go func() {
			defer wg.Done()
			res, err := e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
			require.NoError(t, err)
			assert.LessOrEqual(t, len(res.Response.Raw), 300)
		}()
	}
	wg.Wait()
}
