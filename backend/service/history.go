package service

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/store"
)

// historyBodyCap is the most of a response body (text, and raw bytes) that a
// history row keeps.
const historyBodyCap = 256 << 10

// HistoryItem is one row of an interface's invocation history, newest first.
type HistoryItem struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"` // test | invoke | bulk
	Verdict string    `json:"verdict"`
	Message string    `json:"message"`
	Status  int       `json:"status"`
	// TotalMs is the call's time; for a bulk row, the whole run's.
	TotalMs    float64 `json:"totalMs"`
	Actor      string  `json:"actor"`
	Account    string  `json:"account"`
	Connection string  `json:"connection"` // key; "" if the connection is gone
}

// HistoryResponse is the answer a history row recorded, secrets redacted.
type HistoryResponse struct {
	Headers map[string]string `json:"headers"`
	// Body is the text decoded with the connection's charset, at most 256 KiB.
	Body string `json:"body"`
	// Truncated says the answer was cut at the engine's body cap when it came.
	Truncated bool `json:"truncated"`
	// Capped says the history row keeps only the first 256 KiB of the body.
	Capped      bool   `json:"capped"`
	Size        int64  `json:"size"`
	Charset     string `json:"charset"`
	ContentType string `json:"contentType"`
	// CanViewAs says the raw bytes were kept, so ViewHistoryAs can decode
	// them with another charset.
	CanViewAs bool `json:"canViewAs"`
}

// HistoryDetail is one history row in full. For a bulk row, Summary holds
// the run's figures and the request and response are a sample: the first
// call that was not ok, else the last one.
type HistoryDetail struct {
	HistoryItem
	Connector string               `json:"connector"`
	Interface string               `json:"interface"`
	Inputs    map[string]any       `json:"inputs"`
	Request   invoke.RequestRecord `json:"request"`
	Response  HistoryResponse      `json:"response"`
	Outputs   map[string]any       `json:"outputs"`
	Timing    invoke.Timing        `json:"timing"`
	Notes     []string             `json:"notes"`
	Cause     string               `json:"cause,omitempty"`
	Summary   *RepeatSummary       `json:"summary,omitempty"`
}

// storedResponse is the Response document of a history row.
type storedResponse struct {
	Headers     map[string]string `json:"headers"`
	Body        string            `json:"body"`
	Truncated   bool              `json:"truncated"`
	Capped      bool              `json:"capped"`
	Size        int64             `json:"size"`
	Charset     string            `json:"charset"`
	ContentType string            `json:"contentType"`
	// Raw is the body's bytes as received (capped), base64. It is left out
	// when RawIsBody (a UTF-8 answer whose bytes are the body's text) and
	// when the bytes held a secret that the body's text has redacted.
	Raw       string   `json:"raw,omitempty"`
	RawIsBody bool     `json:"rawIsBody,omitempty"`
	Notes     []string `json:"notes"`
	Cause     string   `json:"cause,omitempty"`
}

// historyRow builds the history row of a call (res may be nil for a bulk
// run without a sample). inputs must already be scrubbed, res redacted;
// rawOK says res's raw bytes hold no secret.
func (s *Service) historyRow(r *resolved, kind string, at time.Time, inputs map[string]any, res *invoke.Result, rawOK bool) *domain.Invocation {
	row := &domain.Invocation{ID: newID(), InterfaceID: r.it.ID, At: at, ConnectorID: r.c.ID, ConnectionID: r.conn.ID,
		Actor: r.u.Name, Kind: kind, Inputs: mustJSON(inputs), Outputs: "{}", Request: "{}", Response: "{}", Timing: "{}"}
	if r.call.Account != nil {
		row.Account = r.call.Account.Name
	}
	if res == nil {
		return row
	}
	row.Verdict, row.Message, row.Status, row.TotalMs = res.Verdict, res.Message, res.Status, res.Timing.TotalMs
	row.Request = mustJSON(res.Request)
	row.Timing = mustJSON(res.Timing)
	if res.Outputs != nil {
		row.Outputs = mustJSON(res.Outputs)
	}
	sr := storedResponse{Headers: res.Response.Headers, Truncated: res.Response.Truncated, Size: res.Response.Size,
		Charset: res.Response.Charset, ContentType: res.Response.ContentType, Notes: res.Notes, Cause: res.Cause}
	sr.Body, sr.Capped = clipUTF8(res.Response.Body, historyBodyCap)
	if raw := res.Response.Raw; len(raw) > 0 && rawOK {
		if res.Response.Charset == "UTF-8" && string(raw) == res.Response.Body {
			sr.RawIsBody = true
		} else {
			sr.Raw = base64.StdEncoding.EncodeToString(raw[:min(len(raw), historyBodyCap)])
		}
	}
	row.Response = mustJSON(sr)
	return row
}

// clipUTF8 cuts s to at most n bytes, at a character boundary.
func clipUTF8(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n], true
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf(`{"error":%q}`, "not recorded: "+err.Error())
	}
	return string(b)
}

// trimHistory keeps the newest historyLimit rows of an interface.
func (s *Service) trimHistory(tx *gorm.DB, interfaceID string) error {
	err := tx.Exec(`DELETE FROM invocations WHERE interface_id = ? AND rowid NOT IN
		(SELECT rowid FROM invocations WHERE interface_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)`,
		interfaceID, interfaceID, s.historyLimit.Load()).Error
	if err != nil {
		return fmt.Errorf("trim invocation history: %w", err)
	}
	return nil
}

// ListHistory lists an interface's invocation history, newest first, at most
// limit rows (0 means 50). View on the connector is needed.
func (s *Service) ListHistory(ctx context.Context, actor, connector, iface string, limit int) ([]HistoryItem, error) {
	db := s.db.WithContext(ctx)
	_, c, _, err := s.connectorFor(db, actor, connector, "view")
	if err != nil {
		return nil, err
	}
	it, err := s.iface(db, c, iface)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	out := []HistoryItem{}
	err = db.Table("invocations").
		Select("invocations.id, invocations.at, invocations.kind, invocations.verdict, invocations.message, invocations.status, "+
			"invocations.total_ms, invocations.actor, invocations.account, COALESCE(connections.key, '') AS connection").
		Joins("LEFT JOIN connections ON connections.id = invocations.connection_id").
		Where("invocations.interface_id = ?", it.ID).
		Order("invocations.at DESC, invocations.rowid DESC").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list invocation history: %w", err)
	}
	return out, nil
}

// historyRowFor loads a history row and checks that actor may view its connector.
func (s *Service) historyRowFor(db *gorm.DB, actor, id string) (*domain.Invocation, *domain.Connector, error) {
	if _, err := s.actor(db, actor); err != nil {
		return nil, nil, err
	}
	var row domain.Invocation
	if err := db.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, nil, store.Translate(err, fmt.Sprintf("history entry %q", id))
	}
	var key string
	if err := db.Model(&domain.Connector{}).Select("key").Where("id = ?", row.ConnectorID).Scan(&key).Error; err != nil {
		return nil, nil, fmt.Errorf("load connector: %w", err)
	}
	if key == "" {
		return nil, nil, domain.Errorf(domain.ENotFound, "the connector of history entry %q not found", id)
	}
	_, c, _, err := s.connectorFor(db, actor, key, "view")
	if err != nil {
		return nil, nil, err
	}
	return &row, c, nil
}

// GetHistory returns one history row in full. View on its connector is needed.
func (s *Service) GetHistory(ctx context.Context, actor, id string) (*HistoryDetail, error) {
	db := s.db.WithContext(ctx)
	row, c, err := s.historyRowFor(db, actor, id)
	if err != nil {
		return nil, err
	}
	d := &HistoryDetail{
		HistoryItem: HistoryItem{ID: row.ID, At: row.At, Kind: row.Kind, Verdict: row.Verdict, Message: row.Message,
			Status: row.Status, TotalMs: row.TotalMs, Actor: row.Actor, Account: row.Account},
		Connector: c.Key, Inputs: map[string]any{}, Outputs: map[string]any{}, Notes: []string{},
	}
	if err := db.Model(&domain.Interface{}).Select("key").Where("id = ?", row.InterfaceID).Scan(&d.Interface).Error; err != nil {
		return nil, fmt.Errorf("load interface: %w", err)
	}
	if err := db.Model(&domain.Connection{}).Select("key").Where("id = ?", row.ConnectionID).Scan(&d.Connection).Error; err != nil {
		return nil, fmt.Errorf("load connection: %w", err)
	}
	var sr storedResponse
	for _, doc := range []struct {
		text string
		into any
	}{{row.Inputs, &d.Inputs}, {row.Request, &d.Request}, {row.Response, &sr}, {row.Outputs, &d.Outputs}, {row.Timing, &d.Timing}} {
		if doc.text == "" {
			continue
		}
		if err := json.Unmarshal([]byte(doc.text), doc.into); err != nil {
			return nil, fmt.Errorf("read history entry %s: %w", id, err)
		}
	}
	if row.Summary != "" {
		d.Summary = &RepeatSummary{}
		if err := json.Unmarshal([]byte(row.Summary), d.Summary); err != nil {
			return nil, fmt.Errorf("read history entry %s: %w", id, err)
		}
	}
	d.Response = HistoryResponse{Headers: sr.Headers, Body: sr.Body, Truncated: sr.Truncated, Capped: sr.Capped, Size: sr.Size,
		Charset: sr.Charset, ContentType: sr.ContentType, CanViewAs: sr.RawIsBody || sr.Raw != ""}
	if d.Response.Headers == nil {
		d.Response.Headers = map[string]string{}
	}
	if d.Inputs == nil {
		d.Inputs = map[string]any{}
	}
	if d.Outputs == nil {
		d.Outputs = map[string]any{}
	}
	if sr.Notes != nil {
		d.Notes = sr.Notes
	}
	d.Cause = sr.Cause
	return d, nil
}

// ViewHistoryAs decodes the raw response body a history row kept with
// another charset (one of domain.Charsets), for the test console's "view as".
func (s *Service) ViewHistoryAs(ctx context.Context, actor, id, charset string) (string, error) {
	db := s.db.WithContext(ctx)
	row, _, err := s.historyRowFor(db, actor, id)
	if err != nil {
		return "", err
	}
	var sr storedResponse
	if row.Response != "" {
		if err := json.Unmarshal([]byte(row.Response), &sr); err != nil {
			return "", fmt.Errorf("read history entry %s: %w", id, err)
		}
	}
	var raw []byte
	switch {
	case sr.RawIsBody:
		raw = []byte(sr.Body)
	case sr.Raw != "":
		if raw, err = base64.StdEncoding.DecodeString(sr.Raw); err != nil {
			return "", fmt.Errorf("read history entry %s: %w", id, err)
		}
	case sr.Body == "" && sr.Size == 0:
		return "", domain.Errorf(domain.ERule, "history entry %s has no response body to view", id)
	default:
		return "", domain.Errorf(domain.ERule, "the raw bytes of history entry %s were not kept because they held a secret; only the redacted text is shown", id)
	}
	text, err := invoke.DecodeAs(raw, charset)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(text, "\uFEFF"), nil
}

// scrubber replaces the clear-text secrets of a call wherever they appear,
// in every form a server echoes them (invoke.Redactor). The pipeline redacts
// its result already; this is the service's own guard for what it records,
// and it redacts the caller's inputs, which the pipeline does not return.
type scrubber struct {
	red *invoke.Redactor
}

func newScrubber(secrets []string) *scrubber {
	return &scrubber{red: invoke.NewRedactor(secrets...)}
}

func (r *scrubber) str(s string) string { return r.red.String(s) }

// value returns a scrubbed copy of a JSON-like value.
func (r *scrubber) value(v any) any {
	switch x := v.(type) {
	case string:
		return r.str(x)
	case map[string]any:
		return r.inputs(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.value(e)
		}
		return out
	}
	return v
}

// inputs returns a scrubbed copy of the caller's inputs.
func (r *scrubber) inputs(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = r.value(v)
	}
	return out
}

// result scrubs a pipeline result in place.
func (r *scrubber) result(res *invoke.Result) {
	if res == nil || r.red.Empty() {
		return
	}
	res.Message, res.Cause = r.str(res.Message), r.str(res.Cause)
	res.Request.URL, res.Request.Body = r.str(res.Request.URL), r.str(res.Request.Body)
	for k, v := range res.Request.Headers {
		res.Request.Headers[k] = r.str(v)
	}
	for k, v := range res.Response.Headers {
		res.Response.Headers[k] = r.str(v)
	}
	res.Response.Body = r.str(res.Response.Body)
	if r.red.Holds(res.Response.Raw) {
		res.Response.Raw = nil
	}
	for i, h := range res.Redirects {
		res.Redirects[i].From, res.Redirects[i].To = r.str(h.From), r.str(h.To)
	}
	for i, n := range res.Notes {
		res.Notes[i] = r.str(n)
	}
	if res.Outputs != nil {
		res.Outputs = r.inputs(res.Outputs)
	}
}

// rawIsClean reports whether a result's raw body bytes may be kept: they
// decode (with the connection's charset) to exactly the redacted body text,
// so the pipeline redacted nothing from them, and hold no secret of ours.
// It must be called before the scrubber changes the body.
func rawIsClean(res *invoke.Result, r *scrubber) bool {
	if res == nil || len(res.Response.Raw) == 0 {
		return true
	}
	text, err := invoke.DecodeAs(res.Response.Raw, res.Response.Charset)
	if err != nil {
		return false
	}
	return strings.TrimPrefix(text, "\uFEFF") == res.Response.Body && !r.red.Holds(res.Response.Raw)
}
