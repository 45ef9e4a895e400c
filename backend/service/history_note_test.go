package service_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// A history row keeps its message's reason and its cause's Note, so that the
// history list says them in the UI's language; so does a repeated run's row.
func TestHistory_MessagesHaveNotes(t *testing.T) {
	e := withAPI(newEnv(t))
	e.endpoint("good", invoketest.JSONServer(t, 200, `{"code":0}`).URL)
	e.endpoint("bad", invoketest.JSONServer(t, 200, `{"code":7}`).URL)

	e.invoke(admin, "good", id("1"))
	items, err := e.svc.ListHistory(e.ctx, admin, "api", "good", 0)
	require.NoError(t, err)
	require.Len(t, items, 1)
	require.NotNil(t, items[0].MessageNote)
	assert.Equal(t, domain.NoteOf(domain.RHistoryOK, items[0].Message, "status", "200"), *items[0].MessageNote)
	assert.Nil(t, items[0].CauseNote)

	res := e.invoke(admin, "bad", id("1"))
	items, err = e.svc.ListHistory(e.ctx, admin, "api", "bad", 0)
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Nil(t, items[0].MessageNote, "the interface's own message template is said as written")
	require.NotNil(t, res.CauseNote)
	assert.Equal(t, res.CauseNote, items[0].CauseNote, "the cause as the call said it")
	d := e.history(t, res.HistoryID)
	assert.Equal(t, items[0].MessageNote, d.MessageNote)
	assert.Equal(t, res.CauseNote, d.CauseNote)
	assert.Equal(t, res.NoteList, d.NoteList)

	_, err = e.svc.InvokeRepeat(e.ctx, admin, "api", "good", id("2"), 3, 1)
	require.NoError(t, err)
	items, err = e.svc.ListHistory(e.ctx, admin, "api", "good", 1)
	require.NoError(t, err)
	require.Len(t, items, 1)
	require.NotNil(t, items[0].MessageNote)
	assert.Equal(t, domain.RHistoryBulk, items[0].MessageNote.Reason)
	assert.Equal(t, items[0].Message, items[0].MessageNote.Text)
	assert.Equal(t, "3", items[0].MessageNote.Params["runs"])
}

// The audit check's sentences come as Notes; Message is their English.
func TestVerifyAudit_Notes(t *testing.T) {
	e := withAPI(newEnv(t))
	v, err := e.svc.VerifyAudit(e.ctx, admin)
	require.NoError(t, err)
	require.NotEmpty(t, v.Notes)
	texts := ""
	for i, n := range v.Notes {
		assert.NotEmpty(t, n.Reason)
		if i > 0 {
			texts += " "
		}
		texts += n.Text
	}
	assert.Equal(t, v.Message, texts)
}
