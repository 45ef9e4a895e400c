package service

import (
	"context"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/store"
)

// childLoader loads one of a connector's children (a connection, an
// interface) by key, as the store's Connection and Interface do.
type childLoader[E any] func(tx *store.Tx, c *domain.Connector, key string) (E, error)

// viewChild shows one of a connector's children by key to an actor who may
// view the connector.
func viewChild[E, V any](s *Service, ctx context.Context, actor, connector, key string, load childLoader[E], view func(*store.Tx, E) (V, error)) (V, error) {
	var out V
	err := s.look(ctx, actor, onConnector(connector, access.NeedView), func(r *run) error {
		e, err := load(r.tx, r.conn, key)
		if err != nil {
			return err
		}
		out, err = view(r.tx, e)
		return err
	})
	return out, err
}

// editChild runs edit, as a change by an actor who may maintain the
// connector, on one of its children loaded by key; given is the key the
// input names, which may be empty but not another key (keyOf says the
// stored one).
func editChild[E any](s *Service, ctx context.Context, actor, connector, key, given string, load childLoader[E], keyOf func(E) string, edit func(*run, E) error) error {
	return s.change(ctx, actor, onConnector(connector, access.NeedMaintain), func(r *run) error {
		e, err := load(r.tx, r.conn, key)
		if err != nil {
			return err
		}
		if err := keyUnchanged(keyOf(e), given); err != nil {
			return err
		}
		return edit(r, e)
	})
}
