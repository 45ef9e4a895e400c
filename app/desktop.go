package app

import (
	"context"

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
