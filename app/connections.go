package app

import "junction/backend/service"

// Connections are the use cases of a connector's connection info and its auth accounts.
type Connections struct {
	svc *service.Service
	s   *Session
}

// NewConnections binds the connection use cases to the session's actor.
func NewConnections(svc *service.Service, s *Session) *Connections {
	return &Connections{svc: svc, s: s}
}

// Get returns one connection of a connector.
func (c *Connections) Get(connector, key string) (*service.ConnectionView, error) {
	ctx, actor := c.s.current()
	return c.svc.GetConnection(ctx, actor, connector, key)
}

// Create adds a connection to a connector.
func (c *Connections) Create(connector string, in service.ConnectionInput) (*service.ConnectionView, error) {
	ctx, actor := c.s.current()
	return c.svc.CreateConnection(ctx, actor, connector, in)
}

// Update edits a connection.
func (c *Connections) Update(connector, key string, in service.ConnectionInput) (*service.ConnectionView, error) {
	ctx, actor := c.s.current()
	return c.svc.UpdateConnection(ctx, actor, connector, key, in)
}

// Seal seals a connection: new interfaces can no longer reference it.
func (c *Connections) Seal(connector, key string) error {
	ctx, actor := c.s.current()
	return c.svc.SealConnection(ctx, actor, connector, key)
}

// Unseal makes a sealed connection active again.
func (c *Connections) Unseal(connector, key string) error {
	ctx, actor := c.s.current()
	return c.svc.UnsealConnection(ctx, actor, connector, key)
}

// Delete deletes a connection that no interface references.
func (c *Connections) Delete(connector, key string) error {
	ctx, actor := c.s.current()
	return c.svc.DeleteConnection(ctx, actor, connector, key)
}

// SaveAccount creates or updates (by name) an auth account of a connection.
func (c *Connections) SaveAccount(connector, connection string, in service.AccountInput) (*service.AccountView, error) {
	ctx, actor := c.s.current()
	return c.svc.SaveAccount(ctx, actor, connector, connection, in)
}

// DeleteAccount deletes an auth account.
func (c *Connections) DeleteAccount(connector, connection, name string) error {
	ctx, actor := c.s.current()
	return c.svc.DeleteAccount(ctx, actor, connector, connection, name)
}

// SetSecret sets one secret field of an auth account, creating the account if absent.
func (c *Connections) SetSecret(connector, connection, account, field, value string) error {
	ctx, actor := c.s.current()
	return c.svc.SetSecret(ctx, actor, connector, connection, account, field, value)
}

// Check checks whether a connection's system can be reached (DNS, TCP, proxy, TLS, first HTTP answer).
// A token-exchange connection also runs its token request for account ("" for the default one).
func (c *Connections) Check(connector, key, account string) (*service.ProbeResult, error) {
	ctx, actor := c.s.current()
	return c.svc.CheckConnectionAs(ctx, actor, connector, key, account)
}
