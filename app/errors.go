package app

import (
	"encoding/json"
	"errors"

	"junction/backend/domain"
)

// FormatError is the window's error formatter. The Wails runtime turns what it
// returns into the message of the JavaScript Error that rejects the call, so it
// returns JSON text: {"code","reason","message","field","params"} for a *domain.Error, and for any
// other error the code "internal" with a message that points at the log, after
// logging the error in full.
func (a *App) FormatError(err error) any {
	var de *domain.Error
	if !errors.As(err, &de) {
		a.log.Error("internal error", "err", err)
		de = domain.Errorf(domain.EInternal, "Internal error.").With(domain.RInternal)
		if a.logPath != "" {
			de = domain.Errorf(domain.EInternal, "Internal error; the details are in %s.", a.logPath).With(domain.RInternalLog, "log", a.logPath)
		}
	}
	b, jerr := json.Marshal(de)
	if jerr != nil {
		return de.Error()
	}
	return string(b)
}
