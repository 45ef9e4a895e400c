package invoke

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

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
