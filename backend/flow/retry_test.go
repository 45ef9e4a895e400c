package flow

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"junction/backend/domain"
	"junction/backend/invoke"
)

func TestRetryable_OnlyNetworkTimeout408_429And5xx(t *testing.T) {
	cases := []struct {
		name string
		o    StepOutcome
		want bool
	}{
		{"network error", StepOutcome{Verdict: invoke.VerdictError}, true},
		{"timeout", StepOutcome{Verdict: invoke.VerdictTimeout}, true},
		{"408", StepOutcome{Verdict: invoke.VerdictUnmet, Status: 408}, true},
		{"429", StepOutcome{Verdict: invoke.VerdictUnmet, Status: 429}, true},
		{"500", StepOutcome{Verdict: invoke.VerdictUnmet, Status: 500}, true},
		{"503", StepOutcome{Verdict: invoke.VerdictUnmet, Status: 503}, true},
		{"400", StepOutcome{Verdict: invoke.VerdictUnmet, Status: 400}, false},
		{"401", StepOutcome{Verdict: invoke.VerdictUnmet, Status: 401}, false},
		{"200 with an unmet condition", StepOutcome{Verdict: invoke.VerdictUnmet, Status: 200}, false},
		{"an error after an answer", StepOutcome{Verdict: invoke.VerdictError, Status: 200}, false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, retryable(c.o), c.name)
	}
}

func TestRetryPolicy_AttemptsByMethodUnlessTheStepSetsThem(t *testing.T) {
	unset := newRetryPolicy(nil)
	assert.Equal(t, 1, unset.attempts(http.MethodPost))
	assert.Equal(t, 1, unset.attempts(http.MethodPatch))
	assert.Equal(t, defaultRetry.Attempts, unset.attempts(http.MethodGet))
	assert.Equal(t, defaultRetry.Attempts, unset.attempts(http.MethodPut))
	set := newRetryPolicy(&domain.Retry{Attempts: 4, BackoffMs: 100})
	assert.Equal(t, 4, set.attempts(http.MethodPost))
	assert.Equal(t, 1, newRetryPolicy(&domain.Retry{Attempts: 0}).attempts(http.MethodGet), "at least the first attempt")
}

func TestRetryPolicy_WaitsGrowExponentiallyWithJitterAndHonourRetryAfter(t *testing.T) {
	p := newRetryPolicy(&domain.Retry{Attempts: 5, BackoffMs: 1000})
	for _, base := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		w := p.wait(StepOutcome{})
		assert.GreaterOrEqual(t, w, base/2)
		assert.LessOrEqual(t, w, base*3/2)
	}
	assert.Equal(t, time.Hour, p.wait(StepOutcome{RetryAfter: time.Hour}))
}
