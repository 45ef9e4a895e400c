package invoke

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

func TestAuthSchemes(t *testing.T) {
	t.Parallel()
	basic := func(t *testing.T) *invoketest.Server { return invoketest.BasicAuthServer(t, "alice", "pa:ss中") }
	keyHeader := func(t *testing.T) *invoketest.Server {
		return invoketest.APIKeyServer(t, "X-API-Key", "header", "k-123")
	}
	keyQuery := func(t *testing.T) *invoketest.Server { return invoketest.APIKeyServer(t, "api_key", "query", "k+1/2") }
	bearer := func(t *testing.T) *invoketest.Server { return invoketest.BearerServer(t, "tok-abc") }
	appCode := func(t *testing.T) *invoketest.Server { return invoketest.AppCodeServer(t, "code-1") }
	cases := []struct {
		name   string
		srv    func(t *testing.T) *invoketest.Server
		auth   domain.Auth
		fields map[string]string
		wrong  map[string]string
	}{
		{"basic", basic, domain.Auth{Type: domain.AuthBasic},
			map[string]string{"username": "alice", "password": "pa:ss中"}, map[string]string{"username": "alice", "password": "nope"}},
		{"apiKey in header", keyHeader, domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "X-API-Key", In: "header"}},
			map[string]string{"key": "k-123"}, map[string]string{"key": "k-999"}},
		{"apiKey in query", keyQuery, domain.Auth{Type: domain.AuthAPIKey, APIKey: &domain.APIKeyAuth{Name: "api_key", In: "query"}},
			map[string]string{"key": "k+1/2"}, map[string]string{"key": "k"}},
		{"bearer", bearer, domain.Auth{Type: domain.AuthBearer},
			map[string]string{"token": "tok-abc"}, map[string]string{"token": "tok-x"}},
		{"appCode", appCode, domain.Auth{Type: domain.AuthAppCode},
			map[string]string{"appCode": "code-1"}, map[string]string{"appCode": "code-2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := tc.srv(t)
			e := newEngine(t, Options{})
			conn := connTo(srv)
			conn.Auth = tc.auth
			it := newIface("GET", "/x", "none", in("q", "query", "string"))
			inputs := map[string]any{"q": "1"}

			res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn, Account: &Account{Name: "main", Fields: tc.fields}}, Inputs: inputs})
			assert.Equal(t, VerdictOK, res.Verdict, res.Message)
			assert.Equal(t, 200, res.Status)

			res = run(t, e, &Call{Interface: it, Target: Target{Connection: conn, Account: &Account{Name: "main", Fields: tc.wrong}}, Inputs: inputs})
			assert.Equal(t, VerdictUnmet, res.Verdict)
			assert.Equal(t, 401, res.Status)
			assert.Contains(t, res.Message, "HTTP 401")
			assert.Contains(t, res.Message, "status is 401, expected eq 200")

			_, err := e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: conn, Account: &Account{Name: "empty", Fields: map[string]string{}}}, Inputs: inputs})
			require.Error(t, err, "an account without the scheme's fields is refused before sending")
			assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
			assert.Contains(t, domain.ErrorField(err), "account.")

			_, err = e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: conn}, Inputs: inputs})
			require.Error(t, err)
			assert.Equal(t, "account", domain.ErrorField(err))
			assert.Equal(t, 2, srv.Requests())
		})
	}
}
