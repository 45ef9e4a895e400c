package flow

import (
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v5"

	"junction/backend/domain"
	"junction/backend/invoke"
)

// Retries a step gets when it sets none: an idempotent call is retried
// (spec/PACKAGE.md's example policy); a POST or PATCH is not, since a
// second attempt could repeat what the first one did.
var defaultRetry = domain.Retry{Attempts: 3, BackoffMs: 500}

// maxBackoff caps one wait between attempts.
const maxBackoff = time.Minute

// retryPolicy decides, after each failed attempt of one step (one forEach
// item), whether to try again and how long to wait first.
type retryPolicy struct {
	set     *domain.Retry
	backoff *backoff.ExponentialBackOff
}

func newRetryPolicy(set *domain.Retry) *retryPolicy {
	r := defaultRetry
	if set != nil {
		r = *set
	}
	b := &backoff.ExponentialBackOff{
		InitialInterval:     time.Duration(r.BackoffMs) * time.Millisecond,
		RandomizationFactor: backoff.DefaultRandomizationFactor, // ±50 %
		Multiplier:          2,                                  // domain.Retry: the first wait, doubled each time
		MaxInterval:         maxBackoff,
	}
	b.Reset()
	return &retryPolicy{set: set, backoff: b}
}

// attempts is how many attempts the step gets for a call with method.
func (p *retryPolicy) attempts(method string) int {
	if p.set != nil {
		return max(p.set.Attempts, 1)
	}
	if method == http.MethodPost || method == http.MethodPatch {
		return 1
	}
	return defaultRetry.Attempts
}

// retryable reports whether a failed outcome may succeed when tried again:
// the network failed, the call timed out, or the server answered 408, 429
// or 5xx. A condition that did not hold on a 2xx answer will not change.
func retryable(o StepOutcome) bool {
	switch {
	case o.Verdict == invoke.VerdictTimeout:
		return true
	case o.Verdict == invoke.VerdictError && o.Status == 0:
		return true
	case o.Status == http.StatusRequestTimeout, o.Status == http.StatusTooManyRequests:
		return true
	}
	return o.Status >= 500 && o.Status <= 599
}

// wait is the pause before the next attempt: the exponential backoff with
// jitter, at least what the server's Retry-After asked.
func (p *retryPolicy) wait(o StepOutcome) time.Duration {
	return max(p.backoff.NextBackOff(), o.RetryAfter)
}
