package app

import (
	"junction/backend/domain"
	"junction/backend/service"
)

// The test console: calls of an interface from the window, and their history.

// Invoke calls an interface once from the test console (kind test) and
// records it in the history.
func (i *Interfaces) Invoke(connector, key string, in service.InvokeInput) (*service.InvokeResult, error) {
	ctx, actor := i.s.current()
	in.Kind = domain.InvocationTest
	return i.svc.Invoke(ctx, actor, connector, key, in)
}

// ListHistory returns an interface's latest calls, newest first (limit 0 means 50).
func (i *Interfaces) ListHistory(connector, key string, limit int) ([]service.HistoryItem, error) {
	ctx, actor := i.s.current()
	return i.svc.ListHistory(ctx, actor, connector, key, limit)
}

// GetHistory returns one recorded call in full.
func (i *Interfaces) GetHistory(id string) (*service.HistoryDetail, error) {
	ctx, actor := i.s.current()
	return i.svc.GetHistory(ctx, actor, id)
}

// ViewAs decodes a recorded call's response body with another charset.
func (i *Interfaces) ViewAs(historyID, charset string) (string, error) {
	ctx, actor := i.s.current()
	return i.svc.ViewHistoryAs(ctx, actor, historyID, charset)
}
