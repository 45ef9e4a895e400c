// Package app is the facade the desktop window binds: small structs with one
// short method per use case, each calling backend/service with the window's
// context and the current profile as the actor. The same structs serve the
// browser-mode bridge. Nothing here decides a rule; the service does.
package app

import (
	"context"
	"log/slog"

	"junction/backend/service"
	"junction/backend/version"
)

// Options configure the facade.
type Options struct {
	// Profile is the name of the profile the window acts as; "" for
	// service.DefaultProfile (see Enter).
	Profile string
	// Events is the window's emitter the service was opened with; Startup
	// starts it. Nil in browser mode, whose emitter is the bridge's.
	Events *WindowEvents
	// Log receives the full text of unexpected errors.
	Log *slog.Logger
	// LogPath is where Log writes, named in the message an internal error shows.
	LogPath string
}

// App wires the bound structs together. It is not bound itself, so its
// lifecycle and formatting methods stay out of reach of JavaScript.
type App struct {
	Session     *Session
	Connectors  *Connectors
	Connections *Connections
	Interfaces  *Interfaces
	Users       *Users
	Audit       *Audit
	Exchange    *Exchange
	Settings    *Settings
	Flows       *Flows

	log     *slog.Logger
	logPath string
	events  *WindowEvents
}

// New builds the facade over svc.
func New(svc *service.Service, opts Options) *App {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	s := NewSession(svc, opts.Profile)
	return &App{
		Session:     s,
		Connectors:  NewConnectors(svc, s),
		Connections: NewConnections(svc, s),
		Interfaces:  NewInterfaces(svc, s),
		Users:       NewUsers(svc, s),
		Audit:       NewAudit(svc, s),
		Exchange:    NewExchange(svc, s, log),
		Settings:    NewSettings(svc, s),
		Flows:       NewFlows(svc, s),
		log:         log,
		logPath:     opts.LogPath,
		events:      opts.Events,
	}
}

// Enter applies the profile policy of every door (service.Enter) before the
// first call: the profile of Options, created on a store's first run; one
// with a password leaves the session locked until the frontend's password
// dialog gives it (Session.Enter). Other refusals are errors.
func (a *App) Enter() error {
	return a.Session.enter()
}

// Bind returns the structs whose exported methods the frontend may call.
func (a *App) Bind() []any {
	return []any{a.Session, a.Connectors, a.Connections, a.Interfaces, a.Users, a.Audit, a.Exchange, a.Settings, a.Flows}
}

// Startup keeps the window's context for the calls that follow; main passes it
// to the window options as the OnStartup hook.
func (a *App) Startup(ctx context.Context) {
	a.Session.start(ctx)
	if a.events != nil {
		a.events.start(ctx)
	}
}

// Shutdown frees what the facade keeps in memory (the test console's kept
// bodies); main passes it to the window options as the OnShutdown hook, and
// browser mode calls it when the server ends.
func (a *App) Shutdown(context.Context) {
	a.Interfaces.bodies.close()
}

// Version is the build's version and commit, as `junction version` prints
// them, for the window's footer. It is a method of Session because only the
// bound structs reach the frontend.
func (s *Session) Version() version.Info {
	return version.Get()
}
