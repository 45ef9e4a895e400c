package invoke

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/semaphore"
)

// DefaultBodyBudget is the most response-body memory the calls of one Engine
// hold at once, unless Options.BodyBudget says otherwise (it is at least 8
// times the body cap the engine starts with).
const DefaultBodyBudget = 256 << 20

// unknownLengthStart is what a body of unknown length reserves first; a body
// that outgrows it reserves the whole cap at once.
const unknownLengthStart = 64 << 10

// bodyBudget bounds the body bytes the calls of one Engine hold at once:
// every body reserves what it may grow to before it is read, and a call that
// finds the budget spent waits (as long as its context allows) until other
// calls end. A call never waits while it holds budget, so waiting calls
// cannot block one another.
type bodyBudget struct {
	sem  *semaphore.Weighted
	size int64
	// held, peak and waiting are for tests: the bytes reserved now, the
	// most reserved at once and the calls waiting for budget.
	held, peak, waiting atomic.Int64
}

func newBodyBudget(size int64) *bodyBudget {
	return &bodyBudget{sem: semaphore.NewWeighted(size), size: size}
}

// bodyLease is what one call holds of the budget; the zero lease of a nil
// budget reserves nothing.
type bodyLease struct {
	b *bodyBudget
	n int64
}

// ensure makes the lease hold at least n bytes (at most the whole budget).
func (l *bodyLease) ensure(ctx context.Context, n int64) error {
	if l == nil || l.b == nil {
		return nil
	}
	n = min(n, l.b.size)
	if n <= l.n {
		return nil
	}
	if l.b.sem.TryAcquire(n - l.n) {
		l.b.add(n - l.n)
		l.n = n
		return nil
	}
	// Wait holding nothing, so that no two waiters can block each other.
	l.release()
	l.b.waiting.Add(1)
	err := l.b.sem.Acquire(ctx, n)
	l.b.waiting.Add(-1)
	if err != nil {
		return err
	}
	l.b.add(n)
	l.n = n
	return nil
}

// release gives back what the lease holds.
func (l *bodyLease) release() {
	if l == nil || l.b == nil || l.n == 0 {
		return
	}
	l.b.held.Add(-l.n)
	l.b.sem.Release(l.n)
	l.n = 0
}

func (b *bodyBudget) add(n int64) {
	h := b.held.Add(n)
	for {
		p := b.peak.Load()
		if h <= p || b.peak.CompareAndSwap(p, h) {
			return
		}
	}
}
