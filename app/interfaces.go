package app

import (
	"junction/backend/domain"
	"junction/backend/service"
)

// Interfaces are the use cases of a connector's interfaces (actions).
type Interfaces struct {
	svc    *service.Service
	s      *Session
	bodies *bodyCache // the test console's whole bodies (console_body.go)
}

// NewInterfaces binds the interface use cases to the session's actor.
func NewInterfaces(svc *service.Service, s *Session) *Interfaces {
	i := &Interfaces{svc: svc, s: s, bodies: newBodyCache()}
	s.onSwitch(i.bodies.clear)
	return i
}

// List returns a connector's interfaces.
func (i *Interfaces) List(connector string) ([]service.InterfaceSummary, error) {
	ctx, actor := i.s.current()
	return i.svc.ListInterfaces(ctx, actor, connector)
}

// Get returns one interface definition.
func (i *Interfaces) Get(connector, key string) (*service.InterfaceView, error) {
	ctx, actor := i.s.current()
	return i.svc.GetInterface(ctx, actor, connector, key)
}

// Create adds an interface to a connector.
func (i *Interfaces) Create(connector string, in service.InterfaceInput) (*service.InterfaceView, error) {
	ctx, actor := i.s.current()
	return i.svc.CreateInterface(ctx, actor, connector, in)
}

// Update edits an interface.
func (i *Interfaces) Update(connector, key string, in service.InterfaceInput) (*service.InterfaceView, error) {
	ctx, actor := i.s.current()
	return i.svc.UpdateInterface(ctx, actor, connector, key, in)
}

// Delete deletes an interface.
func (i *Interfaces) Delete(connector, key string) error {
	ctx, actor := i.s.current()
	return i.svc.DeleteInterface(ctx, actor, connector, key)
}

// ResponseFromSample builds a response param tree from a pasted JSON sample.
func (i *Interfaces) ResponseFromSample(sample string) ([]domain.ResponseParam, error) {
	return i.svc.ResponseFromSample(sample)
}

// MergeResponse builds response params from a pasted JSON sample and merges
// them into existing ones (existing kept, new ones added).
func (i *Interfaces) MergeResponse(existing []domain.ResponseParam, sample string) ([]domain.ResponseParam, error) {
	return i.svc.MergeResponse(existing, sample)
}
