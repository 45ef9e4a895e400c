package app

import "junction/backend/service"

// Users are the use cases of local profiles.
type Users struct {
	svc *service.Service
	s   *Session
}

// NewUsers binds the profile use cases to the session's actor.
func NewUsers(svc *service.Service, s *Session) *Users {
	return &Users{svc: svc, s: s}
}

// List returns every profile.
func (u *Users) List() ([]service.UserView, error) {
	ctx, actor := u.s.current()
	return u.svc.ListUsers(ctx, actor)
}

// Add creates a profile.
func (u *Users) Add(in service.UserInput) (*service.UserView, error) {
	ctx, actor := u.s.current()
	return u.svc.AddUser(ctx, actor, in)
}

// Update edits the profile called name.
func (u *Users) Update(name string, in service.UserInput) (*service.UserView, error) {
	ctx, actor := u.s.current()
	return u.svc.UpdateUser(ctx, actor, name, in)
}
