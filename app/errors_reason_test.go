package app

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"junction/backend/domain"
)

// The window's errors carry the reason and params the UI renders them from.
func TestApp_FormatErrorCarriesReason(t *testing.T) {
	var logged bytes.Buffer
	a := &App{log: slog.New(slog.NewTextHandler(&logged, nil)), logPath: "/home/me/.config/junction/junction.log"}

	t.Run("a domain error's reason and params", func(t *testing.T) {
		err := fmt.Errorf("save: %w", domain.ValidateKey("key", "Not A Key"))
		got := decode(t, a.FormatError(err))
		assert.Equal(t, domain.RKeyInvalid, got.Reason)
		assert.Equal(t, domain.Params{"key": "Not A Key"}, got.Params)
		assert.Equal(t, "key", got.Field)
	})

	t.Run("an internal error says where the log is", func(t *testing.T) {
		got := decode(t, a.FormatError(errors.New("disk I/O error")))
		assert.Equal(t, domain.RInternalLog, got.Reason)
		assert.Equal(t, domain.Params{"log": a.logPath}, got.Params)
	})

	t.Run("an internal error without a log file", func(t *testing.T) {
		got := decode(t, (&App{log: a.log}).FormatError(errors.New("disk I/O error")))
		assert.Equal(t, domain.RInternal, got.Reason)
		assert.Empty(t, got.Params)
	})
}
