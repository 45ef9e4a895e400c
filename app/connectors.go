package app

import "junction/backend/service"

// Connectors are the connector centre's use cases.
type Connectors struct {
	svc *service.Service
	s   *Session
}

// NewConnectors binds the connector use cases to the session's actor.
func NewConnectors(svc *service.Service, s *Session) *Connectors {
	return &Connectors{svc: svc, s: s}
}

// List returns one page of the connectors the profile may see.
func (c *Connectors) List(q service.ConnectorQuery) (*service.ConnectorPage, error) {
	ctx, actor := c.s.current()
	return c.svc.ListConnectors(ctx, actor, q)
}

// Get returns one connector with its connections and interfaces.
func (c *Connectors) Get(key string) (*service.ConnectorDetail, error) {
	ctx, actor := c.s.current()
	return c.svc.GetConnector(ctx, actor, key)
}

// Create creates a connector owned by the profile.
func (c *Connectors) Create(in service.ConnectorInput) (*service.ConnectorDetail, error) {
	ctx, actor := c.s.current()
	return c.svc.CreateConnector(ctx, actor, in)
}

// Update edits a connector's own fields.
func (c *Connectors) Update(key string, in service.ConnectorInput) (*service.ConnectorDetail, error) {
	ctx, actor := c.s.current()
	return c.svc.UpdateConnector(ctx, actor, key, in)
}

// Seal seals a connector.
func (c *Connectors) Seal(key string) error {
	ctx, actor := c.s.current()
	return c.svc.SealConnector(ctx, actor, key)
}

// Unseal makes a sealed connector active again.
func (c *Connectors) Unseal(key string) error {
	ctx, actor := c.s.current()
	return c.svc.UnsealConnector(ctx, actor, key)
}

// Delete deletes a connector that has no connections and no interfaces.
func (c *Connectors) Delete(key string) error {
	ctx, actor := c.s.current()
	return c.svc.DeleteConnector(ctx, actor, key)
}

// Grants lists who may view or maintain a connector.
func (c *Connectors) Grants(key string) ([]service.GrantView, error) {
	ctx, actor := c.s.current()
	return c.svc.ListGrants(ctx, actor, key)
}

// Grant gives user the level (view or maintain) on a connector.
func (c *Connectors) Grant(key, user, level string) error {
	ctx, actor := c.s.current()
	return c.svc.Grant(ctx, actor, key, user, level)
}

// Revoke takes a user's grant on a connector away.
func (c *Connectors) Revoke(key, user string) error {
	ctx, actor := c.s.current()
	return c.svc.Revoke(ctx, actor, key, user)
}
