package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"junction/backend/domain"
)

// desktopOnly refuses a use case that needs the desktop window's runtime (a
// native file dialog) when ctx is not the window's context, as in browser
// mode (what says it in English, reason for the UI). The Wails runtime would otherwise end the whole process (log.Fatalf)
// on a context it does not know. Call it first in every method that calls
// github.com/wailsapp/wails/v2/pkg/runtime.
func desktopOnly(ctx context.Context, what string, reason domain.Reason) error {
	// "frontend" is the key under which Wails keeps its runtime in the context
	// it hands to OnStartup; its runtime functions look it up the same way.
	if ctx != nil && ctx.Value("frontend") != nil {
		return nil
	}
	return domain.Errorf(domain.ERule, "%s needs the desktop window; in browser mode the page uses the browser's own file handling instead", what).With(reason)
}

// WindowEvents is the window's service.Emitter: it sends each event to the
// frontend through the Wails runtime (EventsOn in src/api/events.ts). It is
// made before the service opens and starts sending once the window's context
// is known (App.Startup); events before that, or on a context that is not
// the window's (browser mode has its own emitter), are dropped.
type WindowEvents struct {
	mu  sync.RWMutex
	ctx context.Context
}

// NewWindowEvents returns an emitter that sends nothing until the window starts.
func NewWindowEvents() *WindowEvents { return &WindowEvents{} }

func (w *WindowEvents) start(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ctx = ctx
}

// Emit sends one event to the window's frontend.
func (w *WindowEvents) Emit(name string, data any) {
	w.mu.RLock()
	ctx := w.ctx
	w.mu.RUnlock()
	if desktopOnly(ctx, "", "") != nil {
		return
	}
	runtime.EventsEmit(ctx, name, data)
}
