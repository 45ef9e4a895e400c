package service

import (
	"slices"

	"junction/backend/domain"
)

// Emitter carries the service's events to a door: Wails events in the
// desktop window, Server-Sent Events in browser mode. Emit must not block:
// it is called after a transaction committed, on the caller's goroutine.
type Emitter interface {
	Emit(name string, data any)
}

// The events the service emits, after the change they tell of committed.
const (
	// EventAuditAppended: entries were appended to the audit log (data
	// AuditAppended).
	EventAuditAppended = "audit.appended"
	// EventSettingsChanged: the settings were saved with a change (no data:
	// the subscriber reads them again).
	EventSettingsChanged = "settings.changed"
)

// Events lists the events the service emits, for the doors that forward them.
var Events = []string{EventAuditAppended, EventSettingsChanged, EventFlowRun}

// AuditAppended is the data of EventAuditAppended: the newest entry's
// sequence number and the actions the transaction appended, in order.
type AuditAppended struct {
	Seq     int64           `json:"seq"`
	Actions []domain.Action `json:"actions"`
}

// emit sends one event when an emitter is injected.
func (s *Service) emit(name string, data any) {
	if s.events != nil {
		s.events.Emit(name, data)
	}
}

// emitCommitted tells the doors what a committed transaction appended.
func (s *Service) emitCommitted(last *appended) {
	if last.seq == 0 {
		return
	}
	s.emit(EventAuditAppended, AuditAppended{Seq: last.seq, Actions: last.actions})
	if slices.Contains(last.actions, domain.ActionSettingsUpdate) {
		s.emit(EventSettingsChanged, struct{}{})
	}
}
