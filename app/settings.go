package app

import (
	"path/filepath"

	"junction/backend/domain"
	"junction/backend/local"
	"junction/backend/service"
)

// Settings are the installation's settings and where it keeps its data.
type Settings struct {
	svc *service.Service
	s   *Session
}

// NewSettings binds the settings use cases to the session's actor.
func NewSettings(svc *service.Service, s *Session) *Settings {
	return &Settings{svc: svc, s: s}
}

// Get returns the settings with the database and key file paths.
func (x *Settings) Get() (*service.SettingsView, error) {
	ctx, actor := x.s.current()
	return x.svc.GetSettings(ctx, actor)
}

// Save stores the settings and applies them at once.
func (x *Settings) Save(in service.Settings) (*service.SettingsView, error) {
	ctx, actor := x.s.current()
	return x.svc.SaveSettings(ctx, actor, in)
}

// OpenDataFolder shows the folder that holds the database ("db") or the
// secret key file ("key") in the system's file manager. It opens only those
// two folders, never a path the caller names.
func (x *Settings) OpenDataFolder(which string) error {
	v, err := x.Get()
	if err != nil {
		return err
	}
	path := map[string]string{"db": v.DBPath, "key": v.KeyPath}[which]
	if path == "" {
		return domain.Invalid("which", "is db or key, not %q", which).With(domain.RDataFolderWhich, "which", which)
	}
	dir := filepath.Dir(path)
	if err := local.Open(dir); err != nil {
		return domain.Errorf(domain.EBadInput, "cannot open the folder %s: %v", dir, err).With(domain.ROpenFolderFailed, "dir", dir, "detail", err.Error())
	}
	return nil
}
