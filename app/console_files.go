package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"junction/backend/domain"
	"junction/backend/fsx"
)

// SaveResponseBody asks where to save a response body the test console holds
// whole and writes it there as UTF-8 text. It returns the path written, or ""
// when the user cancelled. The window cannot save a download itself.
func (i *Interfaces) SaveResponseBody(name, body string) (string, error) {
	ctx, _ := i.s.current()
	return saveText(ctx, name, body)
}

// SaveCallBody is SaveResponseBody for the whole body of one of the last calls
// made with Test, which the page holds only in part: the body goes from here to
// the file without crossing into the page.
func (i *Interfaces) SaveCallBody(historyID, name string) (string, error) {
	ctx, _ := i.s.current()
	text, err := i.keptBody(historyID, "", domain.RBodyGone)
	if err != nil {
		return "", err
	}
	return saveText(ctx, name, text)
}

func saveText(ctx context.Context, name, text string) (string, error) {
	if err := desktopOnly(ctx, "Saving a response body with a file dialog", domain.RDesktopSaveBody); err != nil {
		return "", err
	}
	path, err := runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{DefaultFilename: name})
	if err != nil || path == "" {
		return "", err
	}
	if err := fsx.WriteFile(path, []byte(text), 0o644); err != nil {
		return "", domain.Errorf(domain.EBadInput, "cannot write %s: %v", path, err).With(domain.RFileWriteFailed, "path", path, "detail", err.Error())
	}
	return path, nil
}
