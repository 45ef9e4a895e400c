package invoke_test

import (
	"reflect"
	"testing"

	"junction/backend/domain"
	"junction/backend/invoke"
)

func flowScope() map[string]any {
	return map[string]any{
		"input":  map[string]any{"corp": "acme", "n": 3},
		"system": map[string]any{"userId": "u1", "now": "2026-01-02T03:04:05Z"},
		"steps": map[string]any{
			"code":  map[string]any{"outputs": map[string]any{"code": "c-1", "depts": []any{map[string]any{"id": int64(7)}}}, "status": int64(200)},
			"token": map[string]any{"outputs": map[string]any{"token": "t-9"}, "status": int64(401)},
		},
		"item": map[string]any{"id": int64(7), "name": "Sales"},
	}
}

func TestFlowExprEvalKeepsTypeOfSinglePlaceholder(t *testing.T) {
	cases := []struct {
		src  string
		want any
		refs []string
	}{
		{"{{ steps.code.outputs.code }}", "c-1", []string{"steps.code.outputs.code"}},
		{"{{input.n}}", int64(3), []string{"input.n"}},
		{"{{steps.code.outputs.depts.#.id}}", []any{int64(7)}, []string{"steps.code.outputs.depts.#.id"}},
		{"{{item.id}}", int64(7), []string{"item.id"}},
		{"{{system.userId}}", "u1", []string{"system.userId"}},
		{"Bearer {{steps.token.outputs.token}} for {{input.corp}}/{{item.name}} by {{system.userId}}", "Bearer t-9 for acme/Sales by u1",
			[]string{"steps.token.outputs.token", "input.corp", "item.name", "system.userId"}},
		{"plain", "plain", []string{}},
		{"{{input.missing}}", nil, []string{"input.missing"}},
	}
	for _, c := range cases {
		e, err := invoke.CompileExpr(c.src)
		if err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		if got := e.Eval(flowScope()); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q = %#v, want %#v", c.src, got, c.want)
		}
		if got := e.Refs(); !reflect.DeepEqual(got, c.refs) {
			t.Errorf("%q refs = %#v, want %#v", c.src, got, c.refs)
		}
	}
}

func TestFlowExprRefusesNonFlowRootsAndMalformed(t *testing.T) {
	for _, src := range []string{"{{response.data}}", "{{status}}", "{{ input.a ", "{{}}", "{{outputs.x}}"} {
		if _, err := invoke.CompileExpr(src); err == nil {
			t.Errorf("%q compiled", src)
		}
	}
}

func TestFlowConditionHoldsAndRefs(t *testing.T) {
	c := domain.Condition{Any: []domain.Condition{
		{Field: "steps.token.status", Op: "eq", Value: "200"},
		{All: []domain.Condition{
			{Field: "steps.code.outputs.code", Op: "notEmpty"},
			{Field: "input.corp", Op: "in", Value: []any{"acme", "globex"}},
		}},
	}}
	k, err := invoke.CompileCondition(c, "steps[1].runIf")
	if err != nil {
		t.Fatal(err)
	}
	if !k.Holds(flowScope()) {
		t.Error("condition does not hold")
	}
	if got, want := k.Refs(), []string{"steps.token.status", "steps.code.outputs.code", "input.corp"}; !reflect.DeepEqual(got, want) {
		t.Errorf("refs = %v, want %v", got, want)
	}
	no, err := invoke.CompileCondition(domain.Condition{Field: "steps.token.status", Op: "lt", Value: 400}, "runIf")
	if err != nil {
		t.Fatal(err)
	}
	if no.Holds(flowScope()) {
		t.Error("401 < 400 held")
	}
}

func TestFlowConditionErrorsNameTheField(t *testing.T) {
	cases := []struct {
		c     domain.Condition
		field string
	}{
		{domain.Condition{Field: "response.x", Op: "eq", Value: 1}, "steps[0].runIf.field"},
		{domain.Condition{All: []domain.Condition{{Field: "input.a", Op: "eq"}, {Field: "status", Op: "eq"}}}, "steps[0].runIf.all[1].field"},
		{domain.Condition{Field: "input.a", Op: "bogus"}, "steps[0].runIf.op"},
		{domain.Condition{Field: "input.a", Op: "matches", Value: "("}, "steps[0].runIf.value"},
		{domain.Condition{Any: []domain.Condition{}}, "steps[0].runIf.any"},
		{domain.Condition{Field: "", Op: "eq"}, "steps[0].runIf.field"},
	}
	for _, c := range cases {
		_, err := invoke.CompileCondition(c.c, "steps[0].runIf")
		if domain.ErrorCode(err) != domain.EValidation {
			t.Errorf("%+v: %v is not a validation error", c.c, err)
			continue
		}
		if got := domain.ErrorField(err); got != c.field {
			t.Errorf("%+v: field %q, want %q", c.c, got, c.field)
		}
	}
}
