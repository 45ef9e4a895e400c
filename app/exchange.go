package app

import (
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"junction/backend/domain"
	"junction/backend/fsx"
	"junction/backend/service"
)

// Exchange exports connectors as packages and imports them back.
type Exchange struct {
	svc *service.Service
	s   *Session
	log *slog.Logger
}

// warn logs what an export went on without (its operation-log entries on a
// full disk); the package itself is what the user asked for.
func (e *Exchange) warn(message string) { e.log.Warn(message) }

// NewExchange binds the package use cases to the session's actor.
func NewExchange(svc *service.Service, s *Session, log *slog.Logger) *Exchange {
	return &Exchange{svc: svc, s: s, log: log}
}

// Export returns the package of the connectors keys as JSON text; a passphrase
// includes their secrets, encrypted with it.
func (e *Exchange) Export(keys []string, passphrase string) (string, error) {
	ctx, actor := e.s.current()
	data, err := e.svc.Export(ctx, actor, keys, service.ExportOptions{Passphrase: passphrase, Warn: e.warn})
	return string(data), err
}

// Import reads a package given as JSON text.
func (e *Exchange) Import(data string, opts service.ImportOptions, passphrase string) (*service.ImportReport, error) {
	ctx, actor := e.s.current()
	opts.Passphrase = passphrase
	// Read in place: a package of 10,000 connectors is hundreds of MB.
	return e.svc.ImportFrom(ctx, actor, strings.NewReader(data), opts)
}

// ExportToFile asks where to save the package of the connectors keys and writes
// it there. It returns the path written, or "" when the user cancelled.
func (e *Exchange) ExportToFile(keys []string, passphrase string) (string, error) {
	ctx, actor := e.s.current()
	if err := desktopOnly(ctx, "Saving a package with a file dialog", domain.RDesktopSavePackage); err != nil {
		return "", err
	}
	name := "connectors.junction.json"
	if len(keys) == 1 {
		name = keys[0] + ".junction.json"
	}
	path, err := runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		DefaultFilename: name,
		Filters:         packageFilters,
	})
	if err != nil || path == "" {
		return "", err
	}
	// Streamed into the file: memory stays that of one connector. The
	// export's own errors come back as they are.
	var exportErr error
	err = fsx.Write(path, 0o644, func(w io.Writer) error {
		exportErr = e.svc.ExportTo(ctx, actor, keys, service.ExportOptions{Passphrase: passphrase, Warn: e.warn}, w, func() error { return fsx.Rewind(w) })
		return exportErr
	})
	if exportErr != nil {
		return "", exportErr
	}
	if err != nil {
		return "", domain.Errorf(domain.EBadInput, "cannot write %s: %v", path, err).With(domain.RFileWriteFailed, "path", path, "detail", err.Error())
	}
	return path, nil
}

// ImportFromFile asks for a package file and imports it. It returns nil when
// the user cancelled.
func (e *Exchange) ImportFromFile(opts service.ImportOptions, passphrase string) (*service.ImportReport, error) {
	ctx, actor := e.s.current()
	if err := desktopOnly(ctx, "Opening a package with a file dialog", domain.RDesktopOpenPackage); err != nil {
		return nil, err
	}
	path, err := runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{Filters: packageFilters})
	if err != nil || path == "" {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, domain.Errorf(domain.EBadInput, "cannot read %s: %v", path, err).With(domain.RFileReadFailed, "path", path, "detail", err.Error())
	}
	defer f.Close()
	opts.Passphrase = passphrase
	// Read once, connector by connector, not loaded whole.
	return e.svc.ImportFrom(ctx, actor, f, opts)
}

var packageFilters = []runtime.FileFilter{
	{DisplayName: "Junction package (*.junction.json)", Pattern: "*.junction.json;*.json"},
}
