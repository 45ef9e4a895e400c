package service

import (
	"junction/backend/domain"
	"junction/backend/schema"
)

// MergeResponse builds response params from a pasted JSON sample and merges
// them into existing: params the user already has keep everything they set,
// params the sample adds follow them (see schema.Merge). Like
// ResponseFromSample it reads no store and writes no audit entry; the editor
// saves the result with UpdateInterface. A malformed sample is a validation
// error on field "sample" that names the line and column.
func (s *Service) MergeResponse(existing []domain.ResponseParam, sample string) ([]domain.ResponseParam, error) {
	incoming, err := schema.FromSample(sample)
	if err != nil {
		return nil, err
	}
	merged := schema.Merge(existing, incoming)
	if merged == nil {
		merged = []domain.ResponseParam{}
	}
	return merged, nil
}
