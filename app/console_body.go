package app

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"junction/backend/domain"
	"junction/backend/service"
)

// The test console and big bodies. A response body can be 10 MiB (the engine's
// default cap); sent whole as one result through the window's bindings it
// blocks the web view for seconds while the message is parsed. So the console
// calls Test, which answers the first PreviewBytes of the body, keeps the whole
// text of the last few calls here, and hands the rest out in chunks
// (ResponseBodyChunk) or writes it to a file (SaveCallBody) without it ever
// crossing into the page.

// PreviewBytes is how much of a response body Test returns with the result.
const PreviewBytes = 256 << 10

// keptBodies is how many calls' whole bodies the console keeps per profile.
const keptBodies = 3

// ConsoleResult is a call made from the test console: the result with its body
// cut to PreviewBytes, and how long the whole body is.
type ConsoleResult struct {
	service.InvokeResult
	// BodyClipped says response.body holds only the first PreviewBytes; the
	// rest comes from ResponseBodyChunk.
	BodyClipped bool `json:"bodyClipped"`
	// BodyBytes is the length of the whole body text in UTF-8 bytes.
	BodyBytes int `json:"bodyBytes"`
}

// BodyChunk is a piece of a kept body: Text runs from the requested offset to
// Next (byte offsets into the UTF-8 text, cut between characters).
type BodyChunk struct {
	Text string `json:"text"`
	Next int    `json:"next"`
	Done bool   `json:"done"`
}

// bodyCache keeps the whole body text of each profile's latest calls,
// newest last, at most keptBodies per profile: a body is only ever read by
// the profile that made the call, and a read also checks view on the history
// entry it belongs to, as the history itself does. The window drops them all
// on a profile switch and when it closes (the facade's Shutdown).
type bodyCache struct {
	mu     sync.Mutex
	closed bool
	kept   map[string]*profileBodies // by profile name
}

// profileBodies are one profile's kept bodies by history id, and the ids
// oldest first.
type profileBodies struct {
	ids  []string
	text map[string]string
}

func newBodyCache() *bodyCache { return &bodyCache{kept: map[string]*profileBodies{}} }

// put keeps text as the body of call id made by owner, evicting that
// profile's oldest body beyond keptBodies. A closed cache keeps nothing.
func (c *bodyCache) put(owner, id, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	p := c.kept[owner]
	if p == nil {
		p = &profileBodies{text: map[string]string{}}
		c.kept[owner] = p
	}
	p.ids = append(p.ids, id)
	p.text[id] = text
	for len(p.ids) > keptBodies {
		delete(p.text, p.ids[0])
		p.ids = p.ids[1:]
	}
}

func (c *bodyCache) get(owner, id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.kept[owner]; p != nil {
		text, ok := p.text[id]
		return text, ok
	}
	return "", false
}

// clear drops every profile's bodies (a profile switch: a call that ends
// after it keeps its body under the profile that made it, which the new
// profile cannot read).
func (c *bodyCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept = map[string]*profileBodies{}
}

// close drops every body and keeps none from then on: the window or the
// server is going away, and calls still in flight must not refill it.
func (c *bodyCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed, c.kept = true, map[string]*profileBodies{}
}

// keptBody returns the whole body of call historyID when the current profile
// made it and may still view its history entry. A body not kept for it is
// not_found, the same answer whether it never was or another profile's is.
func (i *Interfaces) keptBody(historyID, gone string, reason domain.Reason) (string, error) {
	ctx, actor := i.s.current()
	text, ok := i.bodies.get(actor, historyID)
	if !ok {
		return "", domain.Errorf(domain.ENotFound, "the whole body of call %s is no longer kept (only the last %d calls' are)%s", historyID, keptBodies, gone).
			With(reason, "id", historyID, "kept", strconv.Itoa(keptBodies))
	}
	if err := i.svc.CheckHistoryView(ctx, actor, historyID); err != nil {
		return "", err
	}
	return text, nil
}

// Test calls an interface once from the test console (kind test), records it in
// the history and returns the result with the body cut to PreviewBytes; the
// whole body stays available to ResponseBodyChunk and SaveCallBody for the
// next few calls. Session.Cancel(callID) cancels it ("" for a call that is
// not cancelled by id).
func (i *Interfaces) Test(callID, connector, key string, in service.InvokeInput) (*ConsoleResult, error) {
	ctx, actor, done := i.s.call(callID)
	defer done()
	in.Kind = domain.InvocationTest
	res, err := i.svc.Invoke(ctx, actor, connector, key, in)
	if err != nil {
		return nil, err
	}
	out := &ConsoleResult{InvokeResult: *res, BodyBytes: len(res.Response.Body)}
	if len(res.Response.Body) > PreviewBytes {
		i.bodies.put(actor, res.HistoryID, res.Response.Body)
		out.Response.Body = res.Response.Body[:domain.CutUTF8(res.Response.Body, PreviewBytes)]
		out.BodyClipped = true
	}
	return out, nil
}

// ResponseBodyChunk returns up to limit bytes of a kept body from offset (both
// in bytes of its UTF-8 text; limit is capped at 4 MiB).
func (i *Interfaces) ResponseBodyChunk(historyID string, offset, limit int) (*BodyChunk, error) {
	text, err := i.keptBody(historyID, "; open the call from the history for the part it keeps", domain.RBodyGoneHistory)
	if err != nil {
		return nil, err
	}
	if offset < 0 || offset > len(text) {
		return nil, domain.Invalid("offset", "must be between 0 and %d, not %d", len(text), offset).With(domain.ROffsetRange, "max", strconv.Itoa(len(text)), "value", strconv.Itoa(offset))
	}
	limit = max(1, min(limit, 4<<20))
	start := domain.CutUTF8(text, offset)
	end := domain.CutUTF8(text, start+limit)
	if end == start && start < len(text) {
		_, size := utf8.DecodeRuneInString(text[start:])
		end = start + size
	}
	return &BodyChunk{Text: text[start:end], Next: end, Done: end >= len(text)}, nil
}
