package service

import "context"

// CheckHistoryView refuses an actor who may not view history entry id (view
// on its connector is needed, as for GetHistory). The test console asks it
// before it hands out the whole body of a call it kept in memory.
func (s *Service) CheckHistoryView(ctx context.Context, actor, id string) error {
	_, _, err := s.historyRowFor(ctx, actor, id)
	return err
}
