package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// An input the interface cannot read is refused with the list of those it
// can, before anything is sent or recorded: a typo no longer calls the
// system without the value the caller meant to give.
func TestInvoke_UnknownInput(t *testing.T) {
	e := withAPI(newEnv(t))
	srv := invoketest.JSONServer(t, 200, `{"code":0}`)
	e.endpoint("good", srv.URL)
	// tpl reads an input no param declares, through a template.
	in := interfaceIn("tpl", "good")
	in.Request = append(in.Request, domain.Param{Name: "X-Trace", In: domain.InHeader, Type: "string",
		Source: domain.Source{Kind: domain.SourceTemplate, Value: "t-{{ input.trace }}"}})
	_, err := e.svc.CreateInterface(e.ctx, admin, "api", in)
	require.NoError(t, err)

	before := snapshot(t, e.svc)
	for _, c := range []struct {
		iface  string
		inputs map[string]any
		field  string
		msg    string
	}{
		{"good", map[string]any{"id": "1", "idd": "2"}, "inputs.idd", `interface good has no input "idd"; its inputs are id`},
		// A static param is not an input.
		{"good", map[string]any{"id": "1", "lang": "fr"}, "inputs.lang", `interface good has no input "lang"; its inputs are id`},
		{"tpl", map[string]any{"id": "1", "user": map[string]any{"name": "Ann"}}, "inputs.user",
			`interface tpl has no input "user"; its inputs are id, trace`},
	} {
		e.expectAudit(func() {
			_, err := e.svc.Invoke(e.ctx, admin, "api", c.iface, service.InvokeInput{Inputs: c.inputs})
			requireCode(t, err, domain.EValidation, c.field)
			assert.Equal(t, c.msg, domain.ErrorMessage(err))
			_, err = e.svc.InvokeRepeat(e.ctx, admin, "api", c.iface, service.InvokeInput{Inputs: c.inputs}, 3, 1)
			requireCode(t, err, domain.EValidation, c.field)
		})
	}
	assert.Equal(t, before, snapshot(t, e.svc), "refused calls change nothing")

	// Known names still go through, templates' names included.
	res := e.invoke(admin, "tpl", service.InvokeInput{Inputs: map[string]any{"id": "1", "trace": "abc"}})
	assert.Equal(t, "t-abc", res.Request.Headers["X-Trace"])
}
