package service_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

// richInterfaceIn is a POST with a body tree, an array mapped from a list,
// nested response params, a nested condition and every message.
func richInterfaceIn(key, conn string) service.InterfaceInput {
	return service.InterfaceInput{
		Key: key, Name: "Create order", Description: "places an order", ConnectionKey: conn,
		Method: "post", Path: "orders/{shop}/{region}", BodyType: "json",
		Request: []domain.Param{
			{Name: "shop", In: domain.InPath, Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceInput}},
			{Name: "region", In: domain.InPath, Type: "string", Source: domain.Source{Kind: domain.SourceStatic, Value: "eu"}},
			{Name: "X-User", In: domain.InHeader, Type: "string", Source: domain.Source{Kind: domain.SourceSystem, Value: "userId"}},
			{Name: "page", In: domain.InQuery, Type: "integer", Default: json.RawMessage(`1`), Source: domain.Source{Kind: domain.SourceInput}},
			{Name: "order", In: domain.InBody, Type: "object", Source: domain.Source{Kind: domain.SourceInput}, Children: []domain.Param{
				{Name: "note", Type: "string", Source: domain.Source{Kind: domain.SourceTemplate, Value: "by {{system.userName}}"}},
				{Name: "lines", Type: "array", Source: domain.Source{Kind: domain.SourceMap, Value: "{{input.items}}"}, Children: []domain.Param{
					{Name: "sku", Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceTemplate, Value: "{{item.sku}}"}},
					{Name: "qty", Type: "integer", Source: domain.Source{Kind: domain.SourceTemplate, Value: "{{item.qty}}"}},
				}},
			}},
		},
		Response: []domain.ResponseParam{
			{Name: "code", Type: "integer", Path: "code"},
			{Name: "order", Type: "object", Path: "data", Children: []domain.ResponseParam{
				{Name: "id", Type: "string", Path: "id"},
				{Name: "lines", Type: "array", Path: "lines", Children: []domain.ResponseParam{{Name: "sku", Type: "string", Path: "sku"}}},
			}},
		},
		Success: domain.Condition{All: []domain.Condition{
			{Field: "status", Op: "in", Value: []any{float64(200), float64(201)}},
			{Any: []domain.Condition{
				{Field: "outputs.code", Op: "eq", Value: float64(0)},
				{Field: "response.msg", Op: "matches", Value: "^ok"},
				{Field: "headers.X-Result", Op: "notEmpty"},
				{Field: "request.shop", Op: "ne", Value: "closed"},
			}},
		}},
		Messages: domain.Messages{Unmet: "refused: {{response.msg}}", Timeout: "the shop is slow", Error: "the shop is down"},
	}
}

func TestService_CreateInterface(t *testing.T) {
	t.Run("stores the whole definition", func(t *testing.T) {
		e := withRoles(t)
		in := richInterfaceIn("create-order", "prod")
		var v *service.InterfaceView
		e.expectAudit(func() {
			var err error
			v, err = e.svc.CreateInterface(e.ctx, maintainer, "crm", in)
			require.NoError(t, err)
		}, "interface.create")
		got, err := e.svc.GetInterface(e.ctx, viewer, "crm", "create-order")
		require.NoError(t, err)
		assert.Equal(t, v.ID, got.ID)
		assert.Equal(t, "prod", got.ConnectionKey)
		assert.Equal(t, "POST", got.Method)
		assert.Equal(t, "/orders/{shop}/{region}", got.Path)
		assert.Equal(t, "json", got.BodyType)
		assert.Equal(t, 1, got.Revision)
		assert.Equal(t, maintainer, got.CreatedBy)
		assert.Equal(t, fixedNow, got.CreatedAt)
		assert.Equal(t, in.Request, got.Request)
		assert.Equal(t, in.Response, got.Response)
		assert.Equal(t, in.Success, got.Success)
		assert.Equal(t, in.Messages, got.Messages)
		assert.Equal(t, "crm/create-order", e.lastAudit().TargetKey)
		assert.Equal(t, change{After: "prod"}, auditChanges(t, e.lastAudit())["connection"])

		list, err := e.svc.ListInterfaces(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Len(t, list, 2)
	})

	t.Run("fills defaults and accepts any method token", func(t *testing.T) {
		e := withRoles(t)
		v, err := e.svc.CreateInterface(e.ctx, owner, "crm", service.InterfaceInput{
			Key: "purge", Name: "Purge", ConnectionKey: "spare", Method: "purge", Path: "",
			Success: domain.Condition{Field: "status", Op: "lt", Value: float64(300)},
		})
		require.NoError(t, err)
		assert.Equal(t, "PURGE", v.Method)
		assert.Equal(t, "none", v.BodyType)
		assert.Equal(t, []domain.Param{}, v.Request)
		assert.Equal(t, []domain.ResponseParam{}, v.Response)
	})

	t.Run("refuses invalid definitions with the field and changes nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []struct {
			name  string
			edit  func(in *service.InterfaceInput)
			code  string
			field string
		}{
			{"missing key", func(in *service.InterfaceInput) { in.Key = "" }, domain.EValidation, "key"},
			{"key not a slug", func(in *service.InterfaceInput) { in.Key = "Create Order" }, domain.EValidation, "key"},
			{"missing name", func(in *service.InterfaceInput) { in.Name = "" }, domain.EValidation, "name"},
			{"missing method", func(in *service.InterfaceInput) { in.Method = "" }, domain.EValidation, "method"},
			{"method not a token", func(in *service.InterfaceInput) { in.Method = "GET /x" }, domain.EValidation, "method"},
			{"method with a colon", func(in *service.InterfaceInput) { in.Method = "GET:" }, domain.EValidation, "method"},
			{"path with a query", func(in *service.InterfaceInput) { in.Path = "/orders/{shop}/{region}?x=1" }, domain.EValidation, "path"},
			{"unknown body type", func(in *service.InterfaceInput) { in.BodyType = "yaml" }, domain.EValidation, "bodyType"},
			{"a placeholder without a path param", func(in *service.InterfaceInput) { in.Path += "/{id}" }, domain.EValidation, "path"},
			{"an empty placeholder", func(in *service.InterfaceInput) { in.Path += "/{}" }, domain.EValidation, "path"},
			{"a path param without a placeholder", func(in *service.InterfaceInput) { in.Path = "/orders/{shop}" }, domain.EValidation, "request[1]"},
			{"a param without a name", func(in *service.InterfaceInput) { in.Request[2].Name = "" }, domain.EValidation, "request[2].name"},
			{"a param without a location", func(in *service.InterfaceInput) { in.Request[2].In = "" }, domain.EValidation, "request[2].in"},
			{"a param in the cookie", func(in *service.InterfaceInput) { in.Request[2].In = "cookie" }, domain.EValidation, "request[2].in"},
			{"a repeated param", func(in *service.InterfaceInput) { in.Request[3].Name, in.Request[3].In = "X-User", domain.InHeader },
				domain.EValidation, "request[3].name"},
			{"an unknown param type", func(in *service.InterfaceInput) { in.Request[3].Type = "date" }, domain.EValidation, "request[3].type"},
			{"a param without a source", func(in *service.InterfaceInput) { in.Request[3].Source = domain.Source{} }, domain.EValidation, "request[3].source.kind"},
			{"an unknown source", func(in *service.InterfaceInput) { in.Request[3].Source.Kind = "env" }, domain.EValidation, "request[3].source.kind"},
			{"an unknown system field", func(in *service.InterfaceInput) { in.Request[2].Source.Value = "password" }, domain.EValidation, "request[2].source.value"},
			{"a template without placeholders", func(in *service.InterfaceInput) { in.Request[4].Children[0].Source.Value = "plain" },
				domain.EValidation, "request[4].children[0].source.value"},
			{"a map on a non-array", func(in *service.InterfaceInput) {
				in.Request[4].Children[1].Type, in.Request[4].Children[1].Children = "object", nil
			}, domain.EValidation, "request[4].children[1].source.kind"},
			{"children of a string", func(in *service.InterfaceInput) {
				in.Request[3].Children = []domain.Param{{Name: "x", Type: "string", Source: domain.Source{Kind: domain.SourceInput}}}
			}, domain.EValidation, "request[3].children"},
			{"children outside the body", func(in *service.InterfaceInput) {
				in.Request[3].Type = "object"
				in.Request[3].Children = []domain.Param{{Name: "x", Type: "string", Source: domain.Source{Kind: domain.SourceInput}}}
			}, domain.EValidation, "request[3].children"},
			{"a bad nested child", func(in *service.InterfaceInput) { in.Request[4].Children[1].Children[0].Type = "uuid" },
				domain.EValidation, "request[4].children[1].children[0].type"},
			{"a response param without a path", func(in *service.InterfaceInput) { in.Response[0].Path = "" }, domain.EValidation, "response[0].path"},
			{"a repeated response param", func(in *service.InterfaceInput) { in.Response[1].Name = "code" }, domain.EValidation, "response[1].name"},
			{"a bad nested response param", func(in *service.InterfaceInput) { in.Response[1].Children[1].Children[0].Type = "" },
				domain.EValidation, "response[1].children[1].children[0].type"},
			{"no success condition", func(in *service.InterfaceInput) { in.Success = domain.Condition{} }, domain.EValidation, "success"},
			{"an unknown op", func(in *service.InterfaceInput) { in.Success.All[0].Op = "between" }, domain.EValidation, "success.all[0].op"},
			{"an unknown field", func(in *service.InterfaceInput) { in.Success.All[1].Any[0].Field = "body.code" },
				domain.EValidation, "success.all[1].any[0].field"},
			{"an output that is no response param", func(in *service.InterfaceInput) { in.Success.All[1].Any[0].Field = "outputs.missing" },
				domain.EValidation, "success.all[1].any[0].field"},
			{"a request field that is no param", func(in *service.InterfaceInput) { in.Success.All[1].Any[3].Field = "request.nope" },
				domain.EValidation, "success.all[1].any[3].field"},
			{"in without a list", func(in *service.InterfaceInput) { in.Success.All[0].Value = float64(200) }, domain.EValidation, "success.all[0].value"},
			{"a bad regular expression", func(in *service.InterfaceInput) { in.Success.All[1].Any[1].Value = "([" },
				domain.EValidation, "success.all[1].any[1].value"},
			{"gt without a number", func(in *service.InterfaceInput) {
				in.Success = domain.Condition{Field: "status", Op: "gt", Value: "199"}
			},
				domain.EValidation, "success.value"},
			{"contains without a value", func(in *service.InterfaceInput) { in.Success = domain.Condition{Field: "response.msg", Op: "contains"} },
				domain.EValidation, "success.value"},
			{"an empty group", func(in *service.InterfaceInput) { in.Success = domain.Condition{Any: []domain.Condition{}} },
				domain.EValidation, "success.any"},
			{"a group with all and any", func(in *service.InterfaceInput) {
				in.Success.Any = []domain.Condition{{Field: "status", Op: "eq", Value: float64(200)}}
			}, domain.EValidation, "success"},
			{"no connection", func(in *service.InterfaceInput) { in.ConnectionKey = "" }, domain.EValidation, "connectionKey"},
			{"an unknown connection", func(in *service.InterfaceInput) { in.ConnectionKey = "nope" }, domain.EValidation, "connectionKey"},
			{"a taken key", func(in *service.InterfaceInput) { in.Key = "get-user" }, domain.EConflict, "key"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := richInterfaceIn("create-order", "prod")
				tc.edit(&in)
				before := snapshot(t, e.svc)
				_, err := e.svc.CreateInterface(e.ctx, owner, "crm", in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})

	t.Run("cannot use a connection of another connector", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, owner, "bare", httpConnIn("other"))
		require.NoError(t, err)
		before := snapshot(t, e.svc)
		_, err = e.svc.CreateInterface(e.ctx, owner, "crm", interfaceIn("x", "other"))
		requireCode(t, err, domain.EValidation, "connectionKey")
		assert.Equal(t, before, snapshot(t, e.svc))
	})

	t.Run("keys are unique per connector", func(t *testing.T) {
		e := withRoles(t)
		_, err := e.svc.CreateConnection(e.ctx, owner, "bare", httpConnIn("c"))
		require.NoError(t, err)
		_, err = e.svc.CreateInterface(e.ctx, owner, "bare", interfaceIn("get-user", "c"))
		require.NoError(t, err)
	})
}

func TestService_UpdateInterface(t *testing.T) {
	t.Run("replaces the definition and counts revisions", func(t *testing.T) {
		e := withRoles(t)
		in := richInterfaceIn("", "spare")
		var v *service.InterfaceView
		e.expectAudit(func() {
			var err error
			v, err = e.svc.UpdateInterface(e.ctx, maintainer, "crm", "get-user", in)
			require.NoError(t, err)
		}, "interface.update")
		assert.Equal(t, "get-user", v.Key)
		assert.Equal(t, 2, v.Revision)
		assert.Equal(t, "spare", v.ConnectionKey)
		assert.Equal(t, owner, v.CreatedBy)
		assert.Equal(t, maintainer, v.UpdatedBy)

		got, err := e.svc.GetInterface(e.ctx, viewer, "crm", "get-user")
		require.NoError(t, err)
		assert.Equal(t, in.Request, got.Request)
		assert.Equal(t, in.Success, got.Success)
		assert.Equal(t, "spare", got.ConnectionKey)

		ch := auditChanges(t, e.lastAudit())
		assert.Equal(t, change{Before: "prod", After: "spare"}, ch["connection"])
		assert.Equal(t, change{Before: "GET", After: "POST"}, ch["method"])
		_, logged := ch["key"]
		assert.False(t, logged)
	})

	t.Run("refuses a changed key and bad definitions, changing nothing", func(t *testing.T) {
		e := withRoles(t)
		cases := []struct {
			name  string
			key   string
			edit  func(in *service.InterfaceInput)
			code  string
			field string
		}{
			{"changed key", "get-user", func(in *service.InterfaceInput) { in.Key = "get-person" }, domain.EValidation, "key"},
			{"path without its param", "get-user", func(in *service.InterfaceInput) { in.Path = "/users" }, domain.EValidation, "request[0]"},
			{"no success condition", "get-user", func(in *service.InterfaceInput) { in.Success = domain.Condition{} }, domain.EValidation, "success"},
			{"unknown connection", "get-user", func(in *service.InterfaceInput) { in.ConnectionKey = "nope" }, domain.EValidation, "connectionKey"},
			{"unknown interface", "nope", func(in *service.InterfaceInput) {}, domain.ENotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := interfaceIn("", "prod")
				tc.edit(&in)
				before := snapshot(t, e.svc)
				_, err := e.svc.UpdateInterface(e.ctx, owner, "crm", tc.key, in)
				requireCode(t, err, tc.code, tc.field)
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}

func TestService_DeleteInterface(t *testing.T) {
	t.Run("deletes and frees its connection", func(t *testing.T) {
		e := withRoles(t)
		e.expectAudit(func() { require.NoError(t, e.svc.DeleteInterface(e.ctx, maintainer, "crm", "get-user")) }, "interface.delete")
		assert.Equal(t, change{Before: "prod"}, auditChanges(t, e.lastAudit())["connection"])
		_, err := e.svc.GetInterface(e.ctx, viewer, "crm", "get-user")
		requireCode(t, err, domain.ENotFound)
		list, err := e.svc.ListInterfaces(e.ctx, viewer, "crm")
		require.NoError(t, err)
		assert.Empty(t, list)
		require.NoError(t, e.svc.DeleteConnection(e.ctx, maintainer, "crm", "prod"))
	})

	t.Run("an unknown interface is not found", func(t *testing.T) {
		e := withRoles(t)
		before := snapshot(t, e.svc)
		requireCode(t, e.svc.DeleteInterface(e.ctx, owner, "crm", "nope"), domain.ENotFound)
		assert.Equal(t, before, snapshot(t, e.svc))
	})
}

func TestService_ResponseFromSample(t *testing.T) {
	t.Run("builds response params an interface can use", func(t *testing.T) {
		e := withRoles(t)
		params, err := e.svc.ResponseFromSample(`{"code": 0, "msg": "ok", "data": {"total": 2.5, "items": [{"id": 1, "tags": ["a"]}, {"id": 2, "name": null}]}}`)
		require.NoError(t, err)
		assert.Equal(t, []domain.ResponseParam{
			{Name: "code", Type: "integer", Path: "code"},
			{Name: "msg", Type: "string", Path: "msg"},
			{Name: "data", Type: "object", Path: "data", Children: []domain.ResponseParam{
				{Name: "total", Type: "number", Path: "total"},
				{Name: "items", Type: "array", Path: "items", Children: []domain.ResponseParam{
					{Name: "id", Type: "integer", Path: "id"},
					{Name: "tags", Type: "array", Path: "tags"},
					{Name: "name", Type: "string", Path: "name"},
				}},
			}},
		}, params)

		in := interfaceIn("from-sample", "prod")
		in.Response = params
		in.Success = domain.Condition{Field: "outputs.code", Op: "eq", Value: float64(0)}
		_, err = e.svc.CreateInterface(e.ctx, owner, "crm", in)
		require.NoError(t, err)
	})

	t.Run("refuses a sample that is not a JSON document", func(t *testing.T) {
		e := withRoles(t)
		for name, sample := range map[string]string{
			"empty":          "  ",
			"malformed":      `{"code": 0,`,
			"a lone scalar":  `42`,
			"trailing stuff": `{"a": 1} x`,
		} {
			t.Run(name, func(t *testing.T) {
				before := snapshot(t, e.svc)
				_, err := e.svc.ResponseFromSample(sample)
				requireCode(t, err, domain.EValidation, "sample")
				assert.Equal(t, before, snapshot(t, e.svc))
			})
		}
	})
}
