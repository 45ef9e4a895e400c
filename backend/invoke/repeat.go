package invoke

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"junction/backend/domain"
)

// Bounds of a repeated run (spec/CLI.md `invoke --repeat`): beyond them a
// run is a mistake or an attack on the machine, not a load test.
const (
	MaxRepeat      = 1_000_000
	MaxConcurrency = 64
)

// CheckRepeat refuses a repeated run of n calls with concurrency workers
// outside the bounds, before anything is read or allocated.
func CheckRepeat(n, concurrency int) error {
	if n < 1 || n > MaxRepeat {
		return domain.Invalid("repeat", "must be between 1 and %d, not %d", MaxRepeat, n).
			With(domain.RRepeatOutOfRange, "min", "1", "max", fmt.Sprint(MaxRepeat), "value", fmt.Sprint(n))
	}
	if concurrency < 1 || concurrency > MaxConcurrency {
		return domain.Invalid("concurrency", "must be between 1 and %d, not %d", MaxConcurrency, concurrency).
			With(domain.RConcurrencyOutOfRange, "min", "1", "max", fmt.Sprint(MaxConcurrency), "value", fmt.Sprint(concurrency))
	}
	return nil
}

// RepeatStats are the figures of a repeated run (spec/CLI.md `invoke
// --repeat`): counts per verdict, latency percentiles of the calls and the
// throughput of the whole run. The first nine fields are the contract.
type RepeatStats struct {
	Runs      int     `json:"runs"`
	OK        int     `json:"ok"`
	Unmet     int     `json:"unmet"`
	Timeout   int     `json:"timeout"`
	Error     int     `json:"error"`
	P50Ms     float64 `json:"p50Ms"`
	P95Ms     float64 `json:"p95Ms"`
	P99Ms     float64 `json:"p99Ms"`
	PerSecond float64 `json:"perSecond"`
	// Concurrency is the number of workers that ran the calls.
	Concurrency int `json:"concurrency"`
	// WallMs is the time the whole run took.
	WallMs float64 `json:"wallMs"`
}

// Verdict is the verdict of a repeated run: ok when every call was ok,
// unmet when some call got an answer, else the commoner failure.
func (s *RepeatStats) Verdict() string {
	switch {
	case s.OK == s.Runs:
		return VerdictOK
	case s.OK+s.Unmet > 0:
		return VerdictUnmet
	case s.Timeout >= s.Error:
		return VerdictTimeout
	}
	return VerdictError
}

// Text is the run's figures in one English line.
func (s *RepeatStats) Text() string { return s.Note().Text }

// Note is Text with its reason and params, for a UI to say in its language.
func (s *RepeatStats) Note() domain.Note {
	i, f := strconv.Itoa, func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	return domain.Notef(domain.RHistoryBulk, "%s runs: %s ok, %s unmet, %s timeout, %s error; p50 %s ms, p95 %s ms, p99 %s ms; %s calls/s",
		"runs", i(s.Runs), "ok", i(s.OK), "unmet", i(s.Unmet), "timeout", i(s.Timeout), "error", i(s.Error),
		"p50", f(s.P50Ms), "p95", f(s.P95Ms), "p99", f(s.P99Ms), "perSecond", f(s.PerSecond))
}

// Repeat runs call n times with concurrency workers (n and concurrency
// within the bounds of CheckRepeat), for load and stability checks. It
// answers the run's figures and a sample: the first call that was not ok,
// else the last one. A validation error of a call, or a panic in one (made
// an error by recovered, which runs in the worker that caught it), stops the
// run and is its error; so is ctx's end.
func (e *Engine) Repeat(ctx context.Context, c *Call, n, concurrency int, recovered func(any) error) (*RepeatStats, *Result, error) {
	if c == nil || c.Interface == nil {
		return nil, nil, domain.Invalid("interface", "is required")
	}
	// The connection is read once for all the calls.
	ci, err := connectionOf(c)
	if err != nil {
		return nil, nil, err
	}
	concurrency = min(concurrency, n)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	// Only the sample is recorded and redacted (call.record): the other
	// calls' results are counted and dropped.
	type tally struct {
		counts  map[string]int
		bad     *call // first call that was not ok
		badAt   int
		last    *call
		lastAt  int
		failure error
	}
	// The calls' times grow with the calls made, never allocated for n up
	// front: a run refused or cancelled early costs nothing, and a full run
	// at MaxRepeat holds 8 MB, the price of exact nearest-rank percentiles.
	var (
		next    atomic.Int64
		timesMu sync.Mutex
		times   []float64
		tallys  = make([]tally, concurrency)
		wg      sync.WaitGroup
	)
	start := time.Now()
	for w := range concurrency {
		wg.Add(1)
		go func(t *tally) {
			defer wg.Done()
			// A panic in a call must not take the process down with
			// Go's exit status 2: it ends the run as an internal error.
			defer func() {
				if p := recover(); p != nil {
					t.failure = recovered(p)
					stop()
				}
			}()
			t.counts = map[string]int{}
			for runCtx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				k, err := e.exec(runCtx, c, ci)
				if err != nil {
					t.failure = err
					stop()
					return
				}
				timesMu.Lock()
				times = append(times, k.res.Timing.TotalMs)
				timesMu.Unlock()
				t.counts[k.res.Verdict]++
				if !k.res.OK && (t.bad == nil || i < t.badAt) {
					t.bad, t.badAt = k, i
				}
				if t.last == nil || i > t.lastAt {
					t.last, t.lastAt = k, i
				}
			}
		}(&tallys[w])
	}
	wg.Wait()
	wall := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sum := &RepeatStats{Runs: n, Concurrency: concurrency, WallMs: durationMs(wall)}
	var sample *call
	sampleAt := -1
	for _, t := range tallys {
		if t.failure != nil {
			return nil, nil, t.failure
		}
		sum.OK += t.counts[VerdictOK]
		sum.Unmet += t.counts[VerdictUnmet]
		sum.Timeout += t.counts[VerdictTimeout]
		sum.Error += t.counts[VerdictError]
		if t.bad != nil && (sample == nil || t.badAt < sampleAt) {
			sample, sampleAt = t.bad, t.badAt
		}
	}
	if sample == nil {
		for _, t := range tallys {
			if t.last != nil && t.lastAt > sampleAt {
				sample, sampleAt = t.last, t.lastAt
			}
		}
	}
	slices.Sort(times)
	sum.P50Ms, sum.P95Ms, sum.P99Ms = percentile(times, 50), percentile(times, 95), percentile(times, 99)
	if secs := wall.Seconds(); secs > 0 {
		sum.PerSecond = round2(float64(n) / secs)
	}
	var kept *Result
	if sample != nil {
		kept = sample.record()
	}
	return sum, kept, nil
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	i = max(0, min(i, len(sorted)-1))
	return round2(sorted[i])
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func durationMs(d time.Duration) float64 { return round2(float64(d) / float64(time.Millisecond)) }
