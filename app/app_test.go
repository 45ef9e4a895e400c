package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/service"
)

func decode(t *testing.T, v any) domain.Error {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("FormatError returned %T, want JSON text (the Wails runtime turns anything else into [object Object])", v)
	}
	var e domain.Error
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		t.Fatalf("FormatError returned %q: %v", s, err)
	}
	return e
}

func TestApp_FormatError(t *testing.T) {
	var logged bytes.Buffer
	a := &App{log: slog.New(slog.NewTextHandler(&logged, nil)), logPath: "/home/me/.config/junction/junction.log"}

	t.Run("sends a domain error's code, message and field", func(t *testing.T) {
		got := decode(t, a.FormatError(domain.Invalid("key", "is required")))
		if !reflect.DeepEqual(got, domain.Error{Code: domain.EValidation, Message: "is required", Field: "key"}) {
			t.Fatalf("got %+v", got)
		}
	})

	t.Run("finds a wrapped domain error", func(t *testing.T) {
		err := fmt.Errorf("create connector: %w", domain.Errorf(domain.EConflict, "key crm is taken"))
		got := decode(t, a.FormatError(err))
		if got.Code != domain.EConflict || got.Message != "key crm is taken" {
			t.Fatalf("got %+v", got)
		}
	})

	t.Run("hides any other error behind internal and logs it", func(t *testing.T) {
		logged.Reset()
		got := decode(t, a.FormatError(errors.New("disk I/O error: secret detail")))
		if got.Code != domain.EInternal || got.Field != "" {
			t.Fatalf("got %+v", got)
		}
		if strings.Contains(got.Message, "secret detail") || !strings.Contains(got.Message, a.logPath) {
			t.Fatalf("message %q should point at the log and not carry the error", got.Message)
		}
		if !strings.Contains(logged.String(), "secret detail") {
			t.Fatalf("the log lacks the error: %q", logged.String())
		}
	})
}

func TestSession_Ready(t *testing.T) {
	t.Run("writes the ready file with the profile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "ready")
		t.Setenv(ReadyFileEnv, path)
		if err := NewSession(nil, "alice").Ready(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || strings.TrimSpace(string(b)) != "alice" {
			t.Fatalf("ready file: %q, %v", b, err)
		}
	})

	t.Run("does nothing without the variable", func(t *testing.T) {
		t.Setenv(ReadyFileEnv, "")
		if err := NewSession(nil, "alice").Ready(); err != nil {
			t.Fatal(err)
		}
	})
}

// The facade over a real service on a fresh database: the calls the connector
// centre makes, acting as the session's profile.
func TestFacade_ConnectorCentre(t *testing.T) {
	a, _ := newFacade(t)

	me, err := a.Session.Me()
	if err != nil || me.Name != "alice" {
		t.Fatalf("Me: %+v, %v", me, err)
	}

	t.Run("creates and lists a connector", func(t *testing.T) {
		d, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM", Tags: []string{"sales"}})
		if err != nil {
			t.Fatal(err)
		}
		if d.Owner != "alice" || d.Version != "1.0.0" {
			t.Fatalf("created %+v", d.ConnectorSummary)
		}
		page, err := a.Connectors.List(service.ConnectorQuery{Search: "crm"})
		if err != nil || page.Total != 1 || page.Items[0].Key != "crm" {
			t.Fatalf("List: %+v, %v", page, err)
		}
	})

	t.Run("reports a validation error that FormatError sends with its field", func(t *testing.T) {
		_, err := a.Connectors.Create(service.ConnectorInput{Key: "Not A Key", Name: "X"})
		got := decode(t, a.FormatError(err))
		if got.Code != domain.EValidation || got.Field != "key" {
			t.Fatalf("got %+v", got)
		}
	})

	t.Run("seals and unseals", func(t *testing.T) {
		if err := a.Connectors.Seal("crm"); err != nil {
			t.Fatal(err)
		}
		d, err := a.Connectors.Get("crm")
		if err != nil || d.Status != domain.StatusSealed {
			t.Fatalf("after seal: %v, %v", d.Status, err)
		}
		if err := a.Connectors.Unseal("crm"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("deletes an empty connector", func(t *testing.T) {
		if err := a.Connectors.Delete("crm"); err != nil {
			t.Fatal(err)
		}
		_, err := a.Connectors.Get("crm")
		if domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("Get after delete: %v", err)
		}
	})
}

func TestTSName(t *testing.T) {
	for v, want := range map[string]string{
		"connector.create": "ConnectorCreate", "not_found": "NotFound", "notContains": "NotContains",
		"apiKey": "ApiKey", "connectors.view": "ConnectorsView", "ok": "Ok",
	} {
		assert.Equal(t, want, tsName(v), v)
	}
}

// Every enum Wails binds has a member per value, each named once (two
// values spelled alike would make one TypeScript enum invalid).
func TestEnums(t *testing.T) {
	enums := Enums()
	require.Len(t, enums, 8)
	for _, e := range enums {
		list := reflect.ValueOf(e)
		require.Greater(t, list.Len(), 0)
		names := map[string]bool{}
		for i := range list.Len() {
			name := list.Index(i).FieldByName("TSName").String()
			assert.NotEmpty(t, name)
			assert.False(t, names[name], "%s: %s twice", list.Type(), name)
			names[name] = true
		}
	}
	actions := Enums()[1].([]enumValue[domain.Action])
	assert.Len(t, actions, len(domain.Actions))
	assert.Equal(t, enumValue[domain.Action]{Value: domain.ActionConnectorCreate, TSName: "ConnectorCreate"}, actions[0])
}

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
