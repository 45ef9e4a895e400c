package service_test

import (
	"bytes"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/service"
	"junction/backend/testkit"
)

// A run prepares its steps' calls once, and steps that ask for the same
// connection and account share them: two token steps of one run, the
// first with the default account (the right app secret), the second with
// another account of the same connection (a wrong one), each send their
// own account's secret: the first passes, the second is refused.
func TestRunFlow_StepsShareOnlyTheAccountTheyAskFor(t *testing.T) {
	file, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	p := testkit.NewOpenPlatform(t)
	u, err := url.Parse(p.URL)
	require.NoError(t, err)
	e := newEnv(t)
	_, err = e.svc.Import(e.ctx, admin, bytes.Replace(file, []byte(placeholderHost), []byte(`"host": "`+u.Host+`"`), 1), service.ImportOptions{})
	require.NoError(t, err)
	conn, err := e.svc.GetConnection(e.ctx, admin, "open-platform", "prod")
	require.NoError(t, err)
	p.AppKey = conn.Accounts[0].Fields["appKey"]
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "open-platform", "prod", "default", "appSecret", p.AppSecret))
	wrong := "not-the-app-secret"
	_, err = e.svc.SaveAccount(e.ctx, admin, "open-platform", "prod", service.AccountInput{Name: "stale",
		Fields: map[string]string{"appKey": p.AppKey}, Secrets: map[string]*string{"appSecret": &wrong}})
	require.NoError(t, err)

	code := func(key string) domain.Step {
		return domain.Step{Key: key, Invoke: "open-platform/get-code", Inputs: map[string]any{}}
	}
	token := func(key, code, account string) domain.Step {
		return domain.Step{Key: key, Invoke: "open-platform/get-user-token", Account: account,
			Inputs: map[string]any{"code": "{{steps." + code + ".outputs.code}}"}}
	}
	_, err = e.svc.CreateFlow(e.ctx, admin, service.FlowInput{Key: "two-accounts", Name: "Two accounts",
		Trigger: domain.Trigger{Type: domain.TriggerManual},
		Steps:   []domain.Step{code("code"), token("token", "code", ""), code("code-again"), token("stale-token", "code-again", "stale")}})
	require.NoError(t, err)

	run, err := e.svc.RunFlow(e.ctx, admin, "two-accounts", service.FlowRunInput{})
	require.NoError(t, err)
	require.Len(t, run.Steps, 4)
	assert.Equal(t, invoke.VerdictOK, run.Steps[1].Verdict, "the default account: %s", run.Steps[1].Message)
	assert.Equal(t, invoke.VerdictUnmet, run.Steps[3].Verdict, "the stale account's own secret is sent")
	assert.Contains(t, run.Steps[3].Message, "invalid app key or app secret")
	assert.Equal(t, 2, p.Calls("/token"))

	// A step whose call cannot be prepared (no such account) fails when it
	// is reached, with why; the steps before it have run.
	_, err = e.svc.CreateFlow(e.ctx, admin, service.FlowInput{Key: "no-account", Name: "No account",
		Trigger: domain.Trigger{Type: domain.TriggerManual},
		Steps:   []domain.Step{code("code"), token("token", "code", "nobody")}})
	require.NoError(t, err)
	run, err = e.svc.RunFlow(e.ctx, admin, "no-account", service.FlowRunInput{})
	require.NoError(t, err)
	assert.Equal(t, invoke.VerdictError, run.Verdict)
	assert.Equal(t, "token", run.Steps[len(run.Steps)-1].Key)
	require.Len(t, run.Steps, 2)
	assert.Equal(t, invoke.VerdictOK, run.Steps[0].Verdict, "the step before it ran")
	assert.Equal(t, invoke.VerdictError, run.Steps[1].Verdict)
	assert.Contains(t, run.Steps[1].Message, "nobody")
	assert.Equal(t, 2, p.Calls("/token"), "the step without its account sent nothing")
}
