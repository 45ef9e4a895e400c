// Package flowtest holds a fake clock for tests of flow runs: waits
// register with it and fire only when the test advances it, so that tests
// await conditions and never sleep.
package flowtest

import (
	"sync"
	"time"
)

// Clock is a clock the test moves by hand; it implements flow.Clock.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []*waiter
	changed chan struct{} // closed and replaced when waiters change
}

type waiter struct {
	at  time.Time
	d   time.Duration
	out chan time.Time
}

// NewClock returns a clock standing at start.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start, changed: make(chan struct{})}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the time once the clock has been
// advanced by d.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := &waiter{at: c.now.Add(d), d: d, out: make(chan time.Time, 1)}
	if d <= 0 {
		w.out <- c.now
		return w.out
	}
	c.waiters = append(c.waiters, w)
	c.signal()
	return w.out
}

// Advance moves the clock by d and fires the waits that are due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	pending := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			pending = append(pending, w)
			continue
		}
		w.out <- c.now
	}
	c.waiters = pending
	c.signal()
}

// AwaitWaits blocks until at least n waits are pending and returns their
// durations in the order they were asked for.
func (c *Clock) AwaitWaits(n int) []time.Duration {
	for {
		c.mu.Lock()
		if len(c.waiters) >= n {
			ds := make([]time.Duration, len(c.waiters))
			for i, w := range c.waiters {
				ds[i] = w.d
			}
			c.mu.Unlock()
			return ds
		}
		ch := c.changed
		c.mu.Unlock()
		<-ch
	}
}

func (c *Clock) signal() {
	close(c.changed)
	c.changed = make(chan struct{})
}
