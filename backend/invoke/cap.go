package invoke

import "sync/atomic"

// The body cap can change while the engine runs (the settings page sets it):
// every access to opts.BodyCap after NewEngine goes through these two methods,
// atomically, so a call in flight reads either the old or the new cap whole.

// BodyCap returns the most of a response body a call reads now.
func (e *Engine) BodyCap() int64 {
	return atomic.LoadInt64(&e.opts.BodyCap)
}

// SetBodyCap changes the most of a response body that calls starting from now
// read; n <= 0 restores DefaultBodyCap. Calls already reading keep their cap.
func (e *Engine) SetBodyCap(n int64) {
	if n <= 0 {
		n = DefaultBodyCap
	}
	atomic.StoreInt64(&e.opts.BodyCap, n)
}
