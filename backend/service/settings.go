package service

import (
	"context"
	"encoding/json"
	"strconv"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/store"
)

// Settings are the installation's own settings (one set per database, shared
// by every profile), kept in the settings table as one row per field.
type Settings struct {
	// BodyCapMB is the most of a response body an invocation reads, in MiB
	// (1..100, default 10).
	BodyCapMB int `json:"bodyCapMB"`
	// HistoryLimit is how many invocation history rows are kept per interface
	// (10..10000, default 200; 0 means the default).
	HistoryLimit int `json:"historyLimit"`
	// FlowRunsKept is how many runs each action flow keeps, apart from the
	// history limit (1..100000, default 500; 0 means the default).
	FlowRunsKept int `json:"flowRunsKept"`
}

// Limits and default of Settings.BodyCapMB.
const (
	MinBodyCapMB     = 1
	MaxBodyCapMB     = 100
	DefaultBodyCapMB = invoke.DefaultBodyCap >> 20

	MinHistoryLimit = 10
	MaxHistoryLimit = 10000

	MinFlowRunsKept = 1
	MaxFlowRunsKept = 100000
)

// SettingsView is the settings together with where this installation keeps
// its data, which the settings page shows read-only.
type SettingsView struct {
	Settings
	// DBPath is the database file; KeyPath the secret key file ("" when unknown).
	DBPath  string `json:"dbPath"`
	KeyPath string `json:"keyPath"`
}

func defaultSettings() Settings {
	return Settings{BodyCapMB: DefaultBodyCapMB, HistoryLimit: DefaultHistoryLimit, FlowRunsKept: domain.DefaultFlowRunsKept}
}

// loadSettings reads the stored settings over the defaults. A field stored
// with a value out of its range keeps the default.
func loadSettings(tx *store.Tx) (Settings, error) {
	out := defaultSettings()
	rows, err := tx.Settings()
	if err != nil {
		return out, err
	}
	if n, err := strconv.Atoi(rows["bodyCapMB"]); err == nil && n >= MinBodyCapMB && n <= MaxBodyCapMB {
		out.BodyCapMB = n
	}
	if n, err := strconv.Atoi(rows["historyLimit"]); err == nil && n >= MinHistoryLimit && n <= MaxHistoryLimit {
		out.HistoryLimit = n
	}
	if n, err := strconv.Atoi(rows["flowRunsKept"]); err == nil && n >= MinFlowRunsKept && n <= MaxFlowRunsKept {
		out.FlowRunsKept = n
	}
	return out, nil
}

// applyStoredSettings gives the engine the stored body cap unless the
// service was built with one of its own (Options.BodyCap). A database that
// cannot be read keeps the defaults; the next call that needs it says why.
func (s *Service) applyStoredSettings(opts Options) {
	var st Settings
	if err := s.st.Read(context.Background(), func(tx *store.Tx) (err error) {
		st, err = loadSettings(tx)
		return err
	}); err != nil {
		return
	}
	if opts.BodyCap <= 0 {
		s.engine.SetBodyCap(int64(st.BodyCapMB) << 20)
	}
	if opts.HistoryLimit <= 0 {
		s.historyLimit.Store(int64(st.HistoryLimit))
	}
}

func (s *Service) settingsView(st Settings) *SettingsView {
	return &SettingsView{Settings: st, DBPath: s.DBPath(), KeyPath: s.keyPath}
}

// GetSettings returns the installation's settings; any profile may read them.
func (s *Service) GetSettings(ctx context.Context, actor string) (*SettingsView, error) {
	var st Settings
	err := s.look(ctx, actor, withPerm(""), func(r *run) (err error) {
		st, err = loadSettings(r.tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.settingsView(st), nil
}

// SaveSettings validates and stores the settings and applies them at once
// (the body cap to the next invocation). Saving needs users.admin: the
// settings are the installation's, and a lower history limit deletes other
// profiles' history. A change writes the audit entry settings.update with the
// fields that changed.
func (s *Service) SaveSettings(ctx context.Context, actor string, in Settings) (*SettingsView, error) {
	if in.BodyCapMB < MinBodyCapMB || in.BodyCapMB > MaxBodyCapMB {
		return nil, domain.Invalid("bodyCapMB", "must be a whole number of MB from %d to %d", MinBodyCapMB, MaxBodyCapMB)
	}
	if in.HistoryLimit == 0 {
		in.HistoryLimit = DefaultHistoryLimit
	}
	if in.HistoryLimit < MinHistoryLimit || in.HistoryLimit > MaxHistoryLimit {
		return nil, domain.Invalid("historyLimit", "must be a whole number from %d to %d", MinHistoryLimit, MaxHistoryLimit)
	}
	if in.FlowRunsKept == 0 {
		in.FlowRunsKept = domain.DefaultFlowRunsKept
	}
	if in.FlowRunsKept < MinFlowRunsKept || in.FlowRunsKept > MaxFlowRunsKept {
		return nil, domain.Invalid("flowRunsKept", "must be a whole number from %d to %d", MinFlowRunsKept, MaxFlowRunsKept)
	}
	err := s.change(ctx, actor, withPerm(domain.PermUsersAdmin), func(r *run) error {
		before, err := loadSettings(r.tx)
		if err != nil {
			return err
		}
		changes := audit.Diff(before, in)
		if len(changes) == 0 {
			return nil
		}
		fields, err := settingFields(in)
		if err != nil {
			return err
		}
		if err := r.tx.SaveSettings(fields, r.user.Name); err != nil {
			return err
		}
		return r.log(logged{action: domain.ActionSettingsUpdate, targetType: "settings", targetKey: "settings",
			summary: "settings changed", changes: changes})
	})
	if err != nil {
		return nil, err
	}
	s.engine.SetBodyCap(int64(in.BodyCapMB) << 20)
	s.historyLimit.Store(int64(in.HistoryLimit))
	return s.settingsView(in), nil
}

// settingFields renders each field of st as its stored text, by JSON name.
func settingFields(st Settings) (map[string]string, error) {
	raw, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(doc))
	for k, v := range doc {
		out[k] = string(v)
	}
	return out, nil
}
