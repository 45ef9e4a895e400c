package service

import (
	"fmt"
	"strconv"

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
	if err := checkSampleSize(sample); err != nil {
		return nil, err
	}
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

// MaxSampleBytes caps a pasted JSON sample: decoding one into a tree of
// params takes several times its size in memory, and a real response sample
// is far smaller.
const MaxSampleBytes = 10 << 20

func checkSampleSize(sample string) error {
	if len(sample) > MaxSampleBytes {
		return domain.Invalid("sample", "is %.1f MB; a JSON sample may be at most %d MB (paste a shorter example of the response)",
			float64(len(sample))/(1<<20), MaxSampleBytes>>20).
			With(domain.RSampleTooLarge, "size", fmt.Sprintf("%.1f", float64(len(sample))/(1<<20)), "max", strconv.Itoa(MaxSampleBytes>>20))
	}
	return nil
}
