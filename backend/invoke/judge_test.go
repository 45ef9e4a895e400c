package invoke

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

const judgeBody = `{"code":0,"codeText":"0","msg":"操作成功","count":12,"ratio":0.5,"ok":true,"big":9007199254740993,
"data":{"list":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"empty":[],"none":{},"blank":""},"tags":["x","y"],"nothing":null}`

func rule(field, op string, value any) domain.Condition {
	return domain.Condition{Field: field, Op: op, Value: value}
}

func TestConditions(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Result-Code", "OK-200")
		w.WriteHeader(201)
		w.Write([]byte(judgeBody))
	}))
	e := newEngine(t, Options{})
	cases := []struct {
		cond domain.Condition
		want bool
	}{
		{rule("status", "eq", 201.0), true},
		{rule("status", "eq", "201"), true}, // numbers compare numerically, whichever side is text
		{rule("status", "ne", 200.0), true},
		{rule("status", "ge", 200.0), true},
		{rule("status", "lt", 300.0), true},
		{rule("status", "gt", 201.0), false},
		{rule("status", "le", 201), true},
		{rule("status", "in", []any{200.0, 201.0}), true},
		{rule("status", "in", []any{"200", "204"}), false},
		{rule("headers.x-result-code", "eq", "OK-200"), true}, // header names case-insensitive
		{rule("headers.X-RESULT-CODE", "matches", `^OK-\d+$`), true},
		{rule("headers.X-Missing", "empty", nil), true},
		{rule("headers.Content-Type", "contains", "json"), true},
		{rule("response.code", "eq", 0.0), true},
		{rule("response.code", "eq", "0"), true},
		{rule("response.codeText", "eq", 0.0), true},
		{rule("response.code", "eq", 1.0), false},
		{rule("response.msg", "eq", "操作成功"), true},
		{rule("response.msg", "contains", "成功"), true},
		{rule("response.msg", "notContains", "失败"), true},
		{rule("response.ok", "eq", true), true},
		{rule("response.ok", "eq", "true"), true},
		{rule("response.big", "eq", json.Number("9007199254740993")), true}, // exact beyond 2^53
		{rule("response.big", "ne", json.Number("9007199254740992")), true},
		{rule("response.big", "gt", 9007199254740992), true},
		{rule("response.ratio", "lt", 1.0), true},
		{rule("response.count", "ge", 12.0), true},
		{rule("response.msg", "gt", 1.0), false}, // text is not ordered against numbers
		{rule("response.data.list", "notEmpty", nil), true},
		{rule("response.data.empty", "empty", nil), true},
		{rule("response.data.none", "empty", nil), true},
		{rule("response.data.blank", "empty", nil), true},
		{rule("response.nothing", "empty", nil), true},
		{rule("response.absent", "empty", nil), true},
		{rule("response.absent", "eq", nil), true},
		{rule("response.code", "ne", nil), true},
		{rule("response.code", "empty", nil), false}, // 0 is a value
		{rule("response.tags", "contains", "y"), true},
		{rule("response.tags", "contains", "z"), false},
		{rule("response.data", "contains", "list"), true},
		{rule("response.data.list.#.id", "contains", 2.0), true},
		{rule("response.data.list.#", "eq", 2.0), true},
		{rule("response.data.list.1.name", "in", []any{"a", "b"}), true},
		{rule("response.msg", "matches", "^操作"), true},
		{rule("response.absent", "matches", ".*"), false},
		{rule("request.lang", "eq", "zh_CN"), true},
		{rule("outputs.total", "eq", 12.0), true},
		{rule("outputs.names", "contains", "b"), true},
		{domain.Condition{Any: []domain.Condition{rule("status", "eq", 200.0), rule("response.code", "eq", 0.0)}}, true},
		{domain.Condition{Any: []domain.Condition{rule("status", "eq", 200.0), rule("response.code", "eq", 9.0)}}, false},
		{domain.Condition{All: []domain.Condition{rule("status", "eq", 201.0),
			{Any: []domain.Condition{rule("response.code", "eq", 0.0), rule("response.code", "eq", 200.0)}}}}, true},
	}
	for _, tc := range cases {
		name := tc.cond.Field + " " + tc.cond.Op
		if tc.cond.IsGroup() {
			name = "group"
		}
		t.Run(name, func(t *testing.T) {
			it := newIface("GET", "/x", "none", static("lang", "query", "string", "zh_CN"))
			it.Response = []domain.ResponseParam{{Name: "total", Type: "integer", Path: "count"}, {Name: "names", Type: "array", Path: "data.list.#.name"}}
			it.Success = tc.cond
			res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
			want := VerdictUnmet
			if tc.want {
				want = VerdictOK
			}
			assert.Equal(t, want, res.Verdict, res.Message)
			assert.Equal(t, tc.want, res.OK)
		})
	}
}

func TestVerdictMessages(t *testing.T) {
	t.Parallel()
	srv := invoketest.JSONServer(t, 200, `{"code":40013,"msg":"invalid corpid"}`)
	e := newEngine(t, Options{})
	it := newIface("GET", "/x", "none")
	it.Success = domain.Condition{All: []domain.Condition{rule("status", "eq", 200.0), rule("response.code", "eq", 0.0)}}

	res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
	assert.Equal(t, VerdictUnmet, res.Verdict)
	assert.False(t, res.OK)
	assert.Equal(t, "The call answered but the success condition did not hold (HTTP 200): response.code is 40013, expected eq 0", res.Message)
	assert.Equal(t, "response.code is 40013, expected eq 0", res.Cause)

	custom := *it
	custom.ID = "custom-messages"
	custom.Messages.Unmet = "Query failed: {{response.msg}} (code {{response.code}}, HTTP {{status}})"
	res = run(t, e, &Call{Interface: &custom, Target: Target{Connection: connTo(srv)}})
	assert.Equal(t, "Query failed: invalid corpid (code 40013, HTTP 200)", res.Message)

	anyOf := newIface("GET", "/x", "none")
	anyOf.Success = domain.Condition{Any: []domain.Condition{rule("response.code", "eq", 0.0), rule("response.msg", "matches", "^ok")}}
	res = run(t, e, &Call{Interface: anyOf, Target: Target{Connection: connTo(srv)}})
	assert.Equal(t, `none of these held: response.code is 40013, expected eq 0; response.msg is "invalid corpid", expected matches "^ok"`, res.Cause)

	ok := newIface("GET", "/x", "none")
	res = run(t, e, &Call{Interface: ok, Target: Target{Connection: connTo(srv)}})
	assert.Equal(t, VerdictOK, res.Verdict)
	assert.Equal(t, "The call succeeded (HTTP 200)", res.Message)
	assert.True(t, res.DefaultMessage)
	assert.Empty(t, res.Cause)
}

func TestDefinitionErrors(t *testing.T) {
	t.Parallel()
	srv := invoketest.HTTPServer(t, okJSON)
	e := newEngine(t, Options{})
	cases := []struct {
		name  string
		edit  func(*domain.Interface)
		field string
	}{
		{"bad regexp", func(it *domain.Interface) { it.Success = rule("response.msg", "matches", "(") }, "interface.success.value"},
		{"unknown op", func(it *domain.Interface) { it.Success = rule("status", "like", 1.0) }, "interface.success.op"},
		{"bad field", func(it *domain.Interface) { it.Success = rule("body.code", "eq", 1.0) }, "interface.success.field"},
		{"no success", func(it *domain.Interface) { it.Success = domain.Condition{} }, "interface.success"},
		{"template root", func(it *domain.Interface) { it.Request = []domain.Param{tmpl("v", "query", "string", "{{inputs.x}}")} }, "interface.request[0].source.value"},
		{"static not an integer", func(it *domain.Interface) { it.Request = []domain.Param{static("v", "query", "integer", "x1")} }, "interface.request[0].source.value"},
		{"default of the wrong type", func(it *domain.Interface) {
			it.Request = []domain.Param{withDefault(in("v", "query", "integer"), `"abc"`)}
		}, "interface.request[0].default"},
		{"message template", func(it *domain.Interface) { it.Messages.Error = "{{cause" }, "interface.messages.error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := newIface("GET", "/x", "none")
			tc.edit(it)
			_, err := e.Invoke(t.Context(), &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
			require.Error(t, err)
			assert.Equal(t, domain.EValidation, domain.ErrorCode(err))
			assert.Equal(t, tc.field, domain.ErrorField(err))
		})
	}
}

// An unmet condition's cause and a call's notes come with their reasons and
// params, so a UI can say them in its language; the English stays in Cause
// and Notes, word for word.
func TestVerdictExplanationNotes(t *testing.T) {
	t.Parallel()
	srv := invoketest.JSONServer(t, 200, `{"code":40013,"msg":"invalid corpid","list":[]}`)
	e := newEngine(t, Options{})
	cases := []struct {
		name   string
		cond   domain.Condition
		reason domain.Reason
		params domain.Params
	}{
		{"a value", rule("response.code", "eq", 0.0), domain.RCondIs,
			domain.Params{"field": "response.code", "got": "40013", "op": "eq", "want": "0"}},
		{"a missing field", rule("response.data", "ne", nil), domain.RCondMissing,
			domain.Params{"field": "response.data", "op": "ne", "want": "null"}},
		{"an op without a value", rule("response.msg", "empty", nil), domain.RCondIsOp,
			domain.Params{"field": "response.msg", "got": `"invalid corpid"`, "op": "empty"}},
		{"a missing field for an op without a value", rule("response.data", "notEmpty", nil), domain.RCondMissingOp,
			domain.Params{"field": "response.data", "op": "notEmpty"}},
		{"one of a list", rule("response.code", "in", []any{0.0, 1.0}), domain.RCondIsIn,
			domain.Params{"field": "response.code", "got": "40013", "want": "[0,1]"}},
		{"alternatives", domain.Condition{Any: []domain.Condition{rule("response.code", "eq", 0.0), rule("status", "eq", 201.0)}}, domain.RCondNoneHeld,
			domain.Params{"parts": "response.code is 40013, expected eq 0; status is 200, expected eq 201"}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := newIface("GET", "/x", "none")
			it.ID = "note-" + tc.name
			it.Success = tc.cond
			res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(srv)}})
			require.Equal(t, VerdictUnmet, res.Verdict, "case %d", i)
			require.NotNil(t, res.CauseNote)
			assert.Equal(t, tc.reason, res.CauseNote.Reason)
			assert.Equal(t, tc.params, res.CauseNote.Params)
			assert.Equal(t, res.Cause, res.CauseNote.Text)
		})
	}

	t.Run("none when the condition holds", func(t *testing.T) {
		res := run(t, e, &Call{Interface: newIface("GET", "/x", "none"), Target: Target{Connection: connTo(srv)}})
		assert.Equal(t, VerdictOK, res.Verdict)
		assert.Nil(t, res.CauseNote)
	})

	t.Run("notes", func(t *testing.T) {
		text := invoketest.CharsetServer(t, "UTF-8", "plain words")
		it := newIface("GET", "/x", "none")
		it.ID = "note-not-json"
		it.Response = []domain.ResponseParam{{Name: "code", Type: "integer", Path: "code"}}
		res := run(t, e, &Call{Interface: it, Target: Target{Connection: connTo(text)}})
		require.Len(t, res.NoteList, len(res.Notes))
		require.NotEmpty(t, res.NoteList)
		for i, n := range res.NoteList {
			assert.NotEmpty(t, n.Reason)
			assert.Equal(t, res.Notes[i], n.Text)
		}
		assert.Equal(t, domain.RNoteNotJSON, res.NoteList[len(res.NoteList)-1].Reason)
	})
}

// A secret that reaches a note's params is redacted there as in its text.
func TestRedactorNote(t *testing.T) {
	r := NewRedactor("s3cr3t-value")
	n := r.Note(domain.Notef(domain.RCondIs, "%s is %s, expected %s %s", "field", "response.token", "got", `"s3cr3t-value"`, "op", "eq", "want", `""`))
	assert.NotContains(t, n.Text, "s3cr3t-value")
	assert.NotContains(t, n.Params["got"], "s3cr3t-value")
	assert.Equal(t, "response.token", n.Params["field"])
}
