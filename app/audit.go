package app

import "junction/backend/service"

// Audit is the operation log.
type Audit struct {
	svc *service.Service
	s   *Session
}

// NewAudit binds the operation-log use cases to the session's actor.
func NewAudit(svc *service.Service, s *Session) *Audit {
	return &Audit{svc: svc, s: s}
}

// List returns one page of the operation log, newest first.
func (a *Audit) List(q service.AuditQuery) (*service.AuditPage, error) {
	ctx, actor := a.s.current()
	return a.svc.ListAudit(ctx, actor, q)
}

// Verify recomputes the hash chain and names the first entry that does not match.
func (a *Audit) Verify() (*service.VerifyResult, error) {
	ctx, actor := a.s.current()
	return a.svc.VerifyAudit(ctx, actor)
}
