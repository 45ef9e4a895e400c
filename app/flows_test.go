package app

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
	"junction/backend/testkit"
)

// withOpenPlatform imports a connector playing p (the app secret on the
// connection's account) and creates the demo flow over it.
func withOpenPlatform(t *testing.T, a *App, svc *service.Service, p *testkit.OpenPlatform) {
	t.Helper()
	u, err := url.Parse(p.URL)
	require.NoError(t, err)
	ok := `{"all":[{"field":"status","op":"eq","value":200}]}`
	pkg := fmt.Sprintf(`{"format":"junction-package","version":1,"connectors":[{"key":"open-platform","name":"Open platform",
	 "connections":[{"key":"prod","name":"Production","protocol":"http","host":%q,
	   "accounts":[{"name":"default","default":true,"fields":{"appKey":%q},"secretFields":["appSecret"]}]}],
	 "interfaces":[
	  {"key":"get-code","name":"Get a code","connection":"prod","method":"GET","path":"/code",
	   "response":[{"name":"code","type":"string","path":"code"}],"success":%s},
	  {"key":"get-token","name":"Get a user token","connection":"prod","method":"POST","path":"/token","bodyType":"json",
	   "request":[{"name":"code","in":"body","type":"string","required":true,"source":{"kind":"input"}},
	    {"name":"appKey","in":"body","type":"string","source":{"kind":"template","value":"{{account.appKey}}"}},
	    {"name":"appSecret","in":"body","type":"string","source":{"kind":"template","value":"{{account.appSecret}}"}}],
	   "response":[{"name":"token","type":"string","path":"access_token"}],"success":%s},
	  {"key":"list-departments","name":"List departments","connection":"prod","method":"GET","path":"/departments",
	   "request":[{"name":"Authorization","in":"header","type":"string","required":true,"source":{"kind":"input"}}],
	   "response":[{"name":"departments","type":"array","path":"departments"}],"success":%s}]}]}`, u.Host, p.AppKey, ok, ok, ok)
	_, err = svc.Import(context.Background(), "alice", []byte(pkg), service.ImportOptions{})
	require.NoError(t, err)
	require.NoError(t, svc.SetSecret(context.Background(), "alice", "open-platform", "prod", "default", "appSecret", p.AppSecret))
	_, err = a.Flows.Create(service.FlowInput{
		Key: "sync-departments", Name: "Sync departments", Trigger: domain.Trigger{Type: domain.TriggerManual},
		Steps: []domain.Step{
			{Key: "code", Invoke: "open-platform/get-code", Inputs: map[string]any{}},
			{Key: "token", Invoke: "open-platform/get-token", Inputs: map[string]any{"code": "{{steps.code.outputs.code}}"}},
			{Key: "departments", Invoke: "open-platform/list-departments", Inputs: map[string]any{
				"Authorization": "Bearer {{steps.token.outputs.token}}"}},
		},
	})
	require.NoError(t, err)
}

// The facade's round: list, run, history, the run's detail, disable.
func TestFlows_RunAndReadBack(t *testing.T) {
	a, svc := newFacade(t)
	p := testkit.NewOpenPlatform(t)
	withOpenPlatform(t, a, svc, p)

	list, err := a.Flows.List()
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, 3, list[0].StepCount)
	assert.True(t, list[0].Enabled)

	run, err := a.Flows.Run("", "sync-departments", service.FlowRunInput{Trigger: "cron"})
	require.NoError(t, err)
	require.Equal(t, "ok", run.Verdict, run.Message)
	assert.Equal(t, domain.TriggerManual, run.Trigger, "a door's run is manual whatever it claims")

	history, err := a.Flows.History("sync-departments", 10)
	require.NoError(t, err)
	require.Len(t, history, 1)
	assert.Equal(t, run.RunID, history[0].RunID)
	assert.Positive(t, history[0].TotalMs)
	assert.NotNil(t, history[0].EndedAt)

	d, err := a.Flows.RunDetail(run.RunID)
	require.NoError(t, err)
	require.Len(t, d.Attempts, 3)
	assert.Equal(t, "departments", d.Attempts[2].Step)

	off, err := a.Flows.Disable("sync-departments")
	require.NoError(t, err)
	assert.False(t, off.Enabled)
	require.NoError(t, a.Flows.Delete("sync-departments"))
	_, err = a.Flows.Get("sync-departments")
	assert.Equal(t, domain.ENotFound, domain.ErrorCode(err))
}

// Cancelling the run's call (the page's Cancel before the run's id is
// known) ends the run cancelled, recorded so.
func TestFlows_RunCancelledByItsCall(t *testing.T) {
	a, svc := newFacade(t)
	p := testkit.NewOpenPlatform(t)
	withOpenPlatform(t, a, svc, p)
	release := p.Hold("/token")
	defer release()

	type answer struct {
		run *service.FlowRunView
		err error
	}
	done := make(chan answer, 1)
	go func() {
		run, err := a.Flows.Run("call-1", "sync-departments", service.FlowRunInput{})
		done <- answer{run, err}
	}()
	require.Equal(t, "/token", <-p.Held())
	a.Session.Cancel("call-1")
	got := <-done
	require.NoError(t, got.err)
	assert.Equal(t, domain.VerdictCancelled, got.run.Verdict, got.run.Message)
	history, err := a.Flows.History("sync-departments", 0)
	require.NoError(t, err)
	require.Len(t, history, 1)
	assert.Equal(t, domain.VerdictCancelled, history[0].Verdict)
}

// Next fire times: an interval counts from now; a cron in its own zone is
// given in this machine's; a bad cron is refused at its field.
func TestFlows_NextFires(t *testing.T) {
	a, _ := newFacade(t)
	now := time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)
	a.Flows.now = func() time.Time { return now }

	every, err := a.Flows.NextFires(domain.Trigger{Type: domain.TriggerInterval, EverySec: 300}, 3)
	require.NoError(t, err)
	require.Len(t, every, 3)
	assert.True(t, every[0].Equal(now.Add(5*time.Minute)))
	assert.True(t, every[2].Equal(now.Add(15*time.Minute)))
	assert.Equal(t, time.Local, every[0].Location())

	daily, err := a.Flows.NextFires(domain.Trigger{Type: domain.TriggerCron, Cron: "0 9 * * *", Timezone: "Asia/Shanghai"}, 5)
	require.NoError(t, err)
	require.Len(t, daily, 5)
	// 09:00 in Shanghai is 01:00 UTC: the first after 08:30 UTC is the next day's.
	assert.True(t, daily[0].Equal(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)), daily[0].String())
	assert.True(t, daily[4].Equal(time.Date(2026, 3, 6, 1, 0, 0, 0, time.UTC)))

	manual, err := a.Flows.NextFires(domain.Trigger{Type: domain.TriggerManual}, 5)
	require.NoError(t, err)
	assert.Empty(t, manual)

	for field, bad := range map[string]domain.Trigger{
		"trigger.cron":     {Type: domain.TriggerCron, Cron: "0 25 * * *"},
		"trigger.timezone": {Type: domain.TriggerCron, Cron: "0 9 * * *", Timezone: "Mars/Olympus"},
		"trigger.everySec": {Type: domain.TriggerInterval, EverySec: 0},
	} {
		_, err := a.Flows.NextFires(bad, 5)
		var de *domain.Error
		require.ErrorAs(t, err, &de, field)
		assert.Equal(t, field, de.Field)
	}
}
