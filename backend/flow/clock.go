package flow

import "time"

// Clock is the time a run reads and waits on: the flow timeout and the
// backoff between attempts go through it, so that tests move a fake clock
// instead of sleeping.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// After waits d on the wall clock.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
