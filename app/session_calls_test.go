package app

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSession_Calls(t *testing.T) {
	a := &App{Session: NewSession(nil, "alice")}
	s := a.Session

	t.Run("Cancel ends the call of its id", func(t *testing.T) {
		ctx, actor, done := s.call("c1")
		defer done()
		assert.Equal(t, "alice", actor)
		s.Cancel("other")
		assert.NoError(t, ctx.Err())
		s.Cancel("c1")
		assert.ErrorIs(t, ctx.Err(), context.Canceled)
	})
	t.Run("a Cancel that overtakes its call starts it cancelled", func(t *testing.T) {
		s.Cancel("c2")
		ctx, _, done := s.call("c2")
		defer done()
		assert.ErrorIs(t, ctx.Err(), context.Canceled)
		again, _, done2 := s.call("c2")
		defer done2()
		assert.NoError(t, again.Err(), "the early cancel is spent once")
	})
	t.Run("early cancels are bounded", func(t *testing.T) {
		for i := range recentCancels + 5 {
			s.Cancel(string(rune('a' + i)))
		}
		assert.Len(t, s.calls.early, recentCancels)
	})
	t.Run("the attached request ends the call", func(t *testing.T) {
		req, cancelReq := context.WithCancel(context.Background())
		detach := a.AttachCall(req, "c3")
		ctx, _, done := s.call("c3")
		assert.NoError(t, ctx.Err())
		cancelReq()
		<-ctx.Done()
		done()
		detach()
		assert.Empty(t, s.calls.attached)
		assert.Empty(t, s.calls.running)
	})
	t.Run("an ended call ignores Cancel", func(t *testing.T) {
		ctx, _, done := s.call("c4")
		done()
		s.Cancel("c4")
		assert.ErrorIs(t, ctx.Err(), context.Canceled, "done releases the call's context")
		assert.NotContains(t, s.calls.running, "c4")
	})
}

// The window's emitter never reaches the Wails runtime on a context that is
// not the window's: before Startup, or in browser mode (which would end the
// process).
func TestWindowEvents_OffTheWindow(t *testing.T) {
	w := NewWindowEvents()
	w.Emit("audit.appended", 1)
	w.start(context.Background())
	w.Emit("audit.appended", 1)
}
