package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/app"
	"junction/backend/bridge"
	"junction/backend/domain"
)

// The bridge does not import backend/domain, so it spells its reasons as
// text: each must be a reason of backend/domain (which has their UI texts).
func TestBridgeReasonsAreDomainReasons(t *testing.T) {
	all := domain.Reasons()
	for _, r := range bridge.Reasons() {
		assert.True(t, slices.Contains(all, domain.Reason(r)), "bridge reason %s is not in domain.Reasons()", r)
	}
}

// Failer is a facade object whose method fails with a domain error.
type Failer struct{}

func (Failer) Save(key string) error { return domain.ValidateKey("key", key) }

// A method's error reaches the browser through the window's own formatter
// with its reason and params.
func TestBridgeErrorCarriesReason(t *testing.T) {
	s, err := bridge.New(bridge.Options{Objects: bridge.Named(Failer{}), FormatError: (&app.App{}).FormatError, Token: "t"})
	require.NoError(t, err)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/api/Failer/Save", strings.NewReader(`["Not A Key"]`))
	require.NoError(t, err)
	req.Header.Set(bridge.TokenHeader, "t")
	res, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	var got domain.Error
	require.NoError(t, json.NewDecoder(res.Body).Decode(&got))
	assert.Equal(t, domain.RKeyInvalid, got.Reason)
	assert.Equal(t, domain.Params{"key": "Not A Key"}, got.Params)
	assert.Equal(t, "key", got.Field)
}
