package service

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"junction/backend/access"
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
	At      time.Time `json:"at" ts_type:"string"`
	Kind    string    `json:"kind" ts_type:"'test' | 'invoke' | 'bulk'"`
	Verdict string    `json:"verdict" ts_type:"domain.Verdict"`
	Message string    `json:"message"`
	Status  int       `json:"status"`
	// TotalMs is the call's time; for a bulk row, the whole run's.
	TotalMs    float64 `json:"totalMs"`
	Actor      string  `json:"actor"`
	Account    string  `json:"account"`
	Connection string  `json:"connection"` // key; "" if the connection is gone
	// MessageNote is Message with its reason when Junction wrote it (the
	// verdict's stock message, a repeated run's figures), and CauseNote the
	// cause of a call that was not ok: the UI says both in its language.
	// Both are nil for rows written before they were kept.
	MessageNote *domain.Note `json:"messageNote,omitempty"`
	CauseNote   *domain.Note `json:"causeNote,omitempty"`
}

// messageDoc is the document of a history row's message_note column.
type messageDoc struct {
	Note  *domain.Note `json:"note,omitempty"`
	Cause *domain.Note `json:"cause,omitempty"`
}

// stockMessage is the reason of the stock message of a verdict.
func stockMessage(res *invoke.Result) *domain.Note {
	status := strconv.Itoa(res.Status)
	var n domain.Note
	switch res.Verdict {
	case invoke.VerdictOK:
		n = domain.Notef(domain.RHistoryOK, "The call succeeded (HTTP %s)", "status", status)
	case invoke.VerdictUnmet:
		n = domain.Notef(domain.RHistoryUnmet, "The call answered but the success condition did not hold (HTTP %s)", "status", status)
	case invoke.VerdictTimeout:
		n = domain.NoteOf(domain.RHistoryTimeout, "The system did not answer in time")
	default:
		n = domain.NoteOf(domain.RHistoryError, "The call could not be completed")
	}
	return &n
}

// itemOf reads a history row of the store as the list shows it; a message
// document that does not read leaves the English alone.
func itemOf(r store.HistoryItem) HistoryItem {
	it := HistoryItem{ID: r.ID, At: r.At, Kind: r.Kind, Verdict: r.Verdict, Message: r.Message, Status: r.Status,
		TotalMs: r.TotalMs, Actor: r.Actor, Account: r.Account, Connection: r.Connection}
	var doc messageDoc
	if r.MessageNote != "" && json.Unmarshal([]byte(r.MessageNote), &doc) == nil {
		it.MessageNote, it.CauseNote = doc.Note, doc.Cause
	}
	return it
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
	NoteList  []domain.Note        `json:"noteList"`
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
	Raw       string        `json:"raw,omitempty"`
	RawIsBody bool          `json:"rawIsBody,omitempty"`
	Notes     []string      `json:"notes"`
	NoteList  []domain.Note `json:"noteList,omitempty"`
	Cause     string        `json:"cause,omitempty"`
	CauseNote *domain.Note  `json:"causeNote,omitempty"`
}

// historyRow builds the history row of a call (res may be nil for a bulk
// run without a sample): the caller's inputs redacted, the result as the
// engine redacted it, its body capped. The raw bytes are kept only when the
// engine kept them (they held no secret).
func (p *PreparedCall) historyRow(kind string, res *invoke.Result) *domain.Invocation {
	row := &domain.Invocation{ID: newID(), InterfaceID: p.it.ID, At: p.at, ConnectorID: p.c.ID, ConnectionID: p.conn.ID,
		Actor: p.u.Name, Kind: kind, Inputs: mustJSON(p.redactor().Inputs(p.call.Inputs)), Outputs: "{}", Request: "{}", Response: "{}", Timing: "{}"}
	if p.call.Account != nil {
		row.Account = p.call.Account.Name
	}
	if res == nil {
		return row
	}
	row.Verdict, row.Message, row.Status, row.TotalMs = res.Verdict, res.Message, res.Status, res.Timing.TotalMs
	doc := messageDoc{Cause: res.CauseNote}
	if res.DefaultMessage {
		doc.Note = stockMessage(res)
	}
	row.MessageNote = mustJSON(doc)
	row.Request = mustJSON(res.Request)
	row.Timing = mustJSON(res.Timing)
	if res.Outputs != nil {
		row.Outputs = mustJSON(res.Outputs)
	}
	sr := storedResponse{Headers: res.Response.Headers, Truncated: res.Response.Truncated, Size: res.Response.Size,
		Charset: res.Response.Charset, ContentType: res.Response.ContentType, Notes: res.Notes, NoteList: res.NoteList, Cause: res.Cause, CauseNote: res.CauseNote}
	cut := domain.CutUTF8(res.Response.Body, historyBodyCap)
	sr.Body, sr.Capped = res.Response.Body[:cut], cut < len(res.Response.Body)
	if raw := res.Response.Raw; len(raw) > 0 {
		if res.Response.Charset == "UTF-8" && string(raw) == res.Response.Body {
			sr.RawIsBody = true
		} else {
			sr.Raw = base64.StdEncoding.EncodeToString(raw[:min(len(raw), historyBodyCap)])
		}
	}
	row.Response = mustJSON(sr)
	return row
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf(`{"error":%q}`, "not recorded: "+err.Error())
	}
	return string(b)
}

// ListHistory lists an interface's invocation history, newest first, at most
// limit rows (0 means 50). View on the connector is needed.
func (s *Service) ListHistory(ctx context.Context, actor, connector, iface string, limit int) ([]HistoryItem, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	var rows []store.HistoryItem
	err := s.look(ctx, actor, onConnector(connector, access.NeedView), func(r *run) error {
		it, err := r.tx.Interface(r.conn, iface)
		if err != nil {
			return err
		}
		rows, err = r.tx.ListInvocations(it.ID, limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	return mapped(rows, itemOf), nil
}

// historyRowFor loads a history row and checks that actor may view its
// connector; it answers the row and the keys it refers to.
func (s *Service) historyRowFor(ctx context.Context, actor, id string) (*domain.Invocation, store.HistoryNames, error) {
	var row *domain.Invocation
	var names store.HistoryNames
	// The actor is known before the row is looked for, so an unknown
	// profile hears that, not whether the row exists.
	err := s.look(ctx, actor, withPerm(""), func(r *run) error {
		var err error
		if row, err = r.tx.Invocation(id); err != nil {
			return err
		}
		if names, err = r.tx.InvocationNames(row); err != nil {
			return err
		}
		if names.Connector == "" {
			return domain.Errorf(domain.ENotFound, "the connector of history entry %q not found", id)
		}
		_, err = s.authorise(r.tx, actor, onConnector(names.Connector, access.NeedView))
		return err
	})
	if err != nil {
		return nil, names, err
	}
	return row, names, nil
}

// GetHistory returns one history row in full. View on its connector is needed.
func (s *Service) GetHistory(ctx context.Context, actor, id string) (*HistoryDetail, error) {
	row, names, err := s.historyRowFor(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	d := &HistoryDetail{
		HistoryItem: itemOf(store.HistoryItem{ID: row.ID, At: row.At, Kind: row.Kind, Verdict: row.Verdict, Message: row.Message,
			MessageNote: row.MessageNote, Status: row.Status, TotalMs: row.TotalMs, Actor: row.Actor, Account: row.Account,
			Connection: names.Connection}),
		Connector: names.Connector, Interface: names.Interface, Inputs: map[string]any{}, Outputs: map[string]any{}, Notes: []string{},
		NoteList: []domain.Note{},
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
	if sr.NoteList != nil {
		d.NoteList = sr.NoteList
	}
	d.Cause = sr.Cause
	if d.CauseNote == nil { // a row written before message_note kept its cause here only
		d.CauseNote = sr.CauseNote
	}
	return d, nil
}

// ViewHistoryAs decodes the raw response body a history row kept with
// another charset (one of domain.Charsets), for the test console's "view as".
func (s *Service) ViewHistoryAs(ctx context.Context, actor, id, charset string) (string, error) {
	row, _, err := s.historyRowFor(ctx, actor, id)
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
		return "", domain.Errorf(domain.ERule, "history entry %s has no response body to view", id).With(domain.RHistoryNoBody, "id", id)
	default:
		return "", domain.Errorf(domain.ERule, "the raw bytes of history entry %s were not kept because they held a secret; only the redacted text is shown", id).
			With(domain.RHistoryRawSecret, "id", id)
	}
	text, err := invoke.DecodeAs(raw, charset)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(text, "\uFEFF"), nil
}
