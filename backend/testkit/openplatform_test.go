package testkit_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/testkit"
)

func call(t *testing.T, method, url, token string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(b))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out, res.Header
}

func TestOpenPlatform_CodeTokenDepartments(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	status, code, _ := call(t, http.MethodGet, p.URL+"/code", "", nil)
	require.Equal(t, http.StatusOK, status)

	status, refused, _ := call(t, http.MethodPost, p.URL+"/token", "", map[string]any{"code": code["code"], "appKey": p.AppKey, "appSecret": "wrong"})
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "invalid app key or app secret", refused["errmsg"])

	status, tok, _ := call(t, http.MethodPost, p.URL+"/token", "", map[string]any{"code": code["code"], "appKey": p.AppKey, "appSecret": p.AppSecret})
	require.Equal(t, http.StatusOK, status, tok)
	status, again, _ := call(t, http.MethodPost, p.URL+"/token", "", map[string]any{"code": code["code"], "appKey": p.AppKey, "appSecret": p.AppSecret})
	assert.Equal(t, http.StatusBadRequest, status, "a code is good for one exchange")
	assert.Equal(t, "invalid code", again["errmsg"])

	status, _, _ = call(t, http.MethodGet, p.URL+"/departments", "not-a-token", nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	status, deps, _ := call(t, http.MethodGet, p.URL+"/departments", tok["access_token"].(string), nil)
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, deps["departments"], 3)
	status, one, _ := call(t, http.MethodGet, p.URL+"/departments/2", tok["access_token"].(string), nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Sales", one["name"])

	assert.Equal(t, 1, p.Calls("/code"))
	assert.Equal(t, 3, p.Calls("/token"))
	assert.Equal(t, 2, p.Calls("/departments"))
}

func TestOpenPlatform_FaultsAnswerInOrderThenTheRealAnswer(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	p.FailNext("/code", testkit.Fault{Status: 503, RetryAfter: "7"}, testkit.Fault{Status: 429})
	status, _, h := call(t, http.MethodGet, p.URL+"/code", "", nil)
	assert.Equal(t, 503, status)
	assert.Equal(t, "7", h.Get("Retry-After"))
	status, _, _ = call(t, http.MethodGet, p.URL+"/code", "", nil)
	assert.Equal(t, 429, status)
	status, _, _ = call(t, http.MethodGet, p.URL+"/code", "", nil)
	assert.Equal(t, 200, status)
}

func TestOpenPlatform_HoldWaitsForRelease(t *testing.T) {
	p := testkit.NewOpenPlatform(t)
	release := p.Hold("/code")
	done := make(chan int)
	go func() {
		status, _, _ := call(t, http.MethodGet, p.URL+"/code", "", nil)
		done <- status
	}()
	assert.Equal(t, "/code", <-p.Held())
	select {
	case <-done:
		t.Fatal("a held request answered before its release")
	default:
	}
	release()
	assert.Equal(t, http.StatusOK, <-done)
}
