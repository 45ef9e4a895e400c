package service

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"junction/backend/access"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/store"
)

// DefaultHistoryLimit is how many history rows are kept per interface when
// Options.HistoryLimit is not set.
const DefaultHistoryLimit = 200

// Bounds of a repeated run (see invoke.CheckRepeat).
const (
	MaxRepeat      = invoke.MaxRepeat
	MaxConcurrency = invoke.MaxConcurrency
)

// CheckRepeat refuses a repeated run outside the bounds (see invoke.CheckRepeat).
func CheckRepeat(n, concurrency int) error { return invoke.CheckRepeat(n, concurrency) }

// InvokeInput is one call of an interface from the test console or the
// command line.
type InvokeInput struct {
	// Connection is a connection key of the interface's connector; "" calls
	// the interface's own connection.
	Connection string `json:"connection"`
	// Account is an auth account name of that connection; "" takes its
	// default account (none when it has no accounts).
	Account string `json:"account"`
	// NoAccount calls without any auth account even when the connection has
	// some (the test console's "none"); Account is then ignored.
	NoAccount bool           `json:"noAccount"`
	Inputs    map[string]any `json:"inputs"`
	// Kind is "test" (the test console) or "invoke" (the command line, a
	// script); "" means invoke.
	Kind string `json:"kind"`
}

// RecordAs says what a call is recorded as: the kind of its history row and
// the action and verb of its audit entry. The flows issue adds a flow step.
type RecordAs struct {
	Kind   string // domain.Invocation*
	Action domain.Action
	// Verb says what was done in the audit summary ("tested").
	Verb string
}

// What the doors record their calls as.
var (
	RecordConsoleTest = RecordAs{Kind: domain.InvocationTest, Action: domain.ActionInterfaceTest, Verb: "tested"}
	RecordCLIInvoke   = RecordAs{Kind: domain.InvocationInvoke, Action: domain.ActionInterfaceInvoke, Verb: "invoked"}
)

// Repeat is as for the one summary row of a repeated run: kind bulk, the
// door's action and verb.
func (as RecordAs) Repeat() RecordAs {
	as.Kind = domain.InvocationBulk
	return as
}

// recordAsOf reads InvokeInput.Kind.
func recordAsOf(kind string) (RecordAs, error) {
	switch kind {
	case "", domain.InvocationInvoke:
		return RecordCLIInvoke, nil
	case domain.InvocationTest:
		return RecordConsoleTest, nil
	}
	return RecordAs{}, domain.Invalid("kind", "%q is not test or invoke", kind).With(domain.RInvocationKind, "kind", kind)
}

// PreparedCall is one interface's call resolved once (connector, interface,
// connection, account, their secrets opened) for its actor: Run or Repeat
// it, then Record what it gave. It is the one way a call is made, whichever
// door or flow makes it.
type PreparedCall struct {
	s    *Service
	u    *domain.User
	c    *domain.Connector
	it   *domain.Interface
	conn *domain.Connection
	// call is what the engine runs, inputs included.
	call invoke.Call
	// at is when the call was prepared, the time its history row shows.
	at time.Time
}

// PrepareCall reads the connector (needing view), the interface, the
// connection and the account, opens their secrets and checks the inputs'
// names. A sealed connection still serves the interfaces that use it;
// another connection chosen explicitly must belong to the same connector
// and not be sealed.
func (s *Service) PrepareCall(ctx context.Context, actor, connector, iface string, in InvokeInput) (*PreparedCall, error) {
	var p *PreparedCall
	err := s.look(ctx, actor, onConnector(connector, access.NeedView), func(r *run) error {
		var err error
		p, err = s.prepare(r, iface, in, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	p.at = s.stamp()
	return p, nil
}

// prepare resolves a call within an authorised read. shared keeps the
// targets it resolves for the next calls prepared in the same read (nil
// for a single call).
func (s *Service) prepare(r *run, iface string, in InvokeInput, shared callTargets) (*PreparedCall, error) {
	it, err := r.tx.Interface(r.conn, iface)
	if err != nil {
		return nil, err
	}
	key := targetKey{connector: r.conn.ID, connectionKey: in.Connection, account: in.Account, noAccount: in.NoAccount}
	if in.Connection == "" {
		key.connectionID = it.ConnectionID
	}
	t := shared[key]
	var conn *domain.Connection
	switch {
	case t != nil:
		conn = t.conn
	case in.Connection == "":
		if conn, err = r.tx.InterfaceConnection(it); err != nil {
			return nil, err
		}
	default:
		if conn, err = r.tx.Connection(r.conn, in.Connection); err != nil {
			return nil, err
		}
	}
	if in.Connection != "" && conn.Status == domain.StatusSealed && conn.ID != it.ConnectionID {
		return nil, (&domain.Error{Code: domain.ERule, Field: "connection",
			Message: fmt.Sprintf("connection %s is sealed; only the interfaces that already use it may call it", conn.Key)}).
			With(domain.RConnectionSealedCall, "connection", conn.Key)
	}
	if err := checkInputNames(it, conn, in.Inputs); err != nil {
		return nil, err
	}
	if t == nil {
		t = &callTarget{conn: conn}
		if t.certPassword, err = s.certPassword(conn); err != nil {
			return nil, err
		}
		if !in.NoAccount {
			if t.account, err = s.callAccount(r.tx, conn, in.Account); err != nil {
				return nil, err
			}
		}
		if shared != nil {
			shared[key] = t
		}
	}
	u := r.user
	p := &PreparedCall{s: s, u: u, c: r.conn, it: it, conn: conn}
	p.call = invoke.Call{
		Interface: it,
		Target:    invoke.Target{Connection: *conn, CertPassword: t.certPassword, Account: t.account},
		Inputs:    orEmpty(in.Inputs),
		System:    invoke.System{UserID: u.ID, UserName: u.Name, OrgID: u.OrgID},
	}
	return p, nil
}

// callTarget is the connection a call is made on and its account, their
// secrets opened; the engine only reads them, so calls can share one.
type callTarget struct {
	conn         *domain.Connection
	certPassword string
	account      *invoke.Account
}

// callTargets are the targets the calls prepared in one read resolved, by
// what each call asked for: a flow's steps mostly call one connection with
// one account, read and opened once for all of them.
type callTargets map[targetKey]*callTarget

// targetKey is what a call asks for: the connection chosen by key, else
// the interface's own (by id), and the account.
type targetKey struct {
	connector, connectionKey, connectionID, account string
	noAccount                                       bool
}

// redactor knows the clear-text secrets the call carries; the engine
// redacts its results with the same, and this one the caller's inputs for
// the history. It is built when a call is recorded: a flow's step records
// no inputs of its own, and every form of every secret is some hundred
// strings.
func (p *PreparedCall) redactor() *invoke.Redactor {
	red := invoke.NewRedactor(p.call.CertPassword)
	if p.call.Account != nil {
		invoke.AddAccountSecrets(red, p.conn.Auth.Type, p.call.Account)
	}
	return red
}

// withInputs is the call made with inputs instead, their names checked: a
// flow prepares each step's call once a run (without inputs) and binds it
// to the inputs of every item and attempt. The engine only reads a call, so
// the copies share what was resolved.
func (p *PreparedCall) withInputs(inputs map[string]any) (*PreparedCall, error) {
	if err := checkInputNames(p.it, p.conn, inputs); err != nil {
		return nil, err
	}
	bound := *p
	bound.call.Inputs = orEmpty(inputs)
	return &bound, nil
}

// orEmpty is inputs, an empty map for none: templates read input.* from it.
func orEmpty(inputs map[string]any) map[string]any {
	if inputs == nil {
		return map[string]any{}
	}
	return inputs
}

// callAccount is the auth account a call of conn takes (the named one, ""
// for the default; nil when conn has none) with its secrets opened.
func (s *Service) callAccount(tx *store.Tx, conn *domain.Connection, name string) (*invoke.Account, error) {
	acct, err := tx.CallAccount(conn, name)
	if err != nil || acct == nil {
		return nil, err
	}
	ia := &invoke.Account{Name: acct.Name, Fields: make(map[string]string, len(acct.Fields)+len(acct.Secrets))}
	for k, v := range acct.Fields {
		ia.Fields[k] = v
	}
	for _, name := range sortedKeys(acct.Secrets) {
		if acct.Secrets[name] == "" { // declared by a package, no value here yet
			continue
		}
		plain, err := s.box.Open(acct.Secrets[name])
		if err != nil {
			return nil, fmt.Errorf("open secret %s of auth account %s: %w", name, acct.Name, err)
		}
		ia.Fields[name] = plain
		ia.Secret = append(ia.Secret, name)
	}
	return ia, nil
}

// Run makes the call once; it ends when ctx does. Inputs that break the
// interface's rules answer a validation error naming the param; whatever
// happens on the wire is a result with its verdict (see invoke.Engine.Invoke),
// secrets redacted.
func (p *PreparedCall) Run(ctx context.Context) (*invoke.Result, error) {
	return p.s.engine.Invoke(ctx, &p.call)
}

// Repeat makes the call n times with concurrency workers (see
// invoke.Engine.Repeat): the run's figures and a sample call.
func (p *PreparedCall) Repeat(ctx context.Context, n, concurrency int) (*invoke.RepeatStats, *invoke.Result, error) {
	if err := CheckRepeat(n, concurrency); err != nil {
		return nil, nil, err
	}
	return p.s.engine.Repeat(ctx, &p.call, n, concurrency, Recovered)
}

// Record writes what a call gave as a history row (inputs redacted, body
// capped) and an audit entry, in one transaction. res is the call's result,
// or the sample of a repeated run whose figures are stats (nil for one
// call). A record that fails is no error of the call, which was made: it
// answers the row's id, or "" and a note that says why (see
// recordInvocation).
func (p *PreparedCall) Record(ctx context.Context, as RecordAs, res *invoke.Result, stats *invoke.RepeatStats) (historyID string, note *domain.Note) {
	row := p.historyRow(as.Kind, res)
	var summary string
	var details map[string]any
	var params map[string]string
	if stats == nil {
		summary = fmt.Sprintf("interface %s %s: %s", p.it.Key, as.Verb, res.Verdict)
		if res.Status != 0 {
			summary += fmt.Sprintf(" (HTTP %d)", res.Status)
		}
		details = map[string]any{"kind": as.Kind, "verdict": res.Verdict, "status": res.Status, "connection": p.conn.Key,
			"account": row.Account, "historyId": row.ID, "totalMs": res.Timing.TotalMs}
		params = map[string]string{"verdict": res.Verdict, "status": strconv.Itoa(res.Status)}
	} else {
		row.Verdict = stats.Verdict()
		row.Message = stats.Text()
		row.MessageNote = mustJSON(messageDoc{Note: new(stats.Note())})
		row.TotalMs = stats.WallMs
		row.Summary = mustJSON(repeatSummaryOf(stats, row.ID))
		summary = fmt.Sprintf("interface %s %s %d times: %d ok, %d unmet, %d timeout, %d error",
			p.it.Key, as.Verb, stats.Runs, stats.OK, stats.Unmet, stats.Timeout, stats.Error)
		details = map[string]any{"kind": as.Kind, "verdict": row.Verdict, "runs": stats.Runs, "ok": stats.OK,
			"unmet": stats.Unmet, "timeout": stats.Timeout, "error": stats.Error, "concurrency": stats.Concurrency,
			"connection": p.conn.Key, "account": row.Account, "historyId": row.ID}
		params = map[string]string{"verdict": row.Verdict, "runs": strconv.Itoa(stats.Runs), "ok": strconv.Itoa(stats.OK),
			"unmet": strconv.Itoa(stats.Unmet), "timeout": strconv.Itoa(stats.Timeout), "error": strconv.Itoa(stats.Error)}
	}
	e := logged{action: as.Action, targetType: "interface", targetID: p.it.ID, targetKey: p.c.Key + "/" + p.it.Key,
		summary: summary, extra: details, params: params}
	if note := p.s.recordInvocation(ctx, p.u.Name, row, e); note != nil {
		return "", note
	}
	return row.ID, nil
}

// prepareRecorded reads how the call is to be recorded (before any store
// read, so a bad kind fails first) and prepares it.
func (s *Service) prepareRecorded(ctx context.Context, actor, connector, iface string, in InvokeInput) (RecordAs, *PreparedCall, error) {
	as, err := recordAsOf(in.Kind)
	if err != nil {
		return as, nil, err
	}
	p, err := s.PrepareCall(ctx, actor, connector, iface, in)
	return as, p, err
}

// Invoke calls an interface once and records the call (see PrepareCall,
// Run and Record). View on the connector is enough.
func (s *Service) Invoke(ctx context.Context, actor, connector, iface string, in InvokeInput) (*InvokeResult, error) {
	as, p, err := s.prepareRecorded(ctx, actor, connector, iface, in)
	if err != nil {
		return nil, err
	}
	res, err := p.Run(ctx)
	if err != nil {
		return nil, err
	}
	out := invokeResultOf(res, "")
	var note *domain.Note
	if out.HistoryID, note = p.Record(ctx, as, res, nil); note != nil {
		out.Notes, out.NoteList = append(out.Notes, note.Text), append(out.NoteList, *note)
	}
	return out, nil
}

// InvokeRepeat calls an interface n times with concurrency workers, for load
// and stability checks. It resolves the interface once, records no row per
// call, and ends with one history row of kind bulk (its summary, and the
// first call that was not ok, else the last one, as a sample) and one audit
// entry. A validation error stops the run and records nothing.
func (s *Service) InvokeRepeat(ctx context.Context, actor, connector, iface string, in InvokeInput, n, concurrency int) (*RepeatSummary, error) {
	if err := CheckRepeat(n, concurrency); err != nil {
		return nil, err
	}
	as, p, err := s.prepareRecorded(ctx, actor, connector, iface, in)
	if err != nil {
		return nil, err
	}
	stats, sample, err := p.Repeat(ctx, n, concurrency)
	if err != nil {
		return nil, err
	}
	sum := repeatSummaryOf(stats, "")
	var note *domain.Note
	if sum.HistoryID, note = p.Record(ctx, as.Repeat(), sample, stats); note != nil {
		sum.Notes, sum.NoteList = append(sum.Notes, note.Text), append(sum.NoteList, *note)
	}
	return sum, nil
}

// recordAttempts is how many times a call that was sent is offered to the
// database while another process holds the write lock; each attempt waits
// the busy timeout.
const recordAttempts = 3

// recordInvocation writes a history row, trims the interface's history to
// the limit and writes the audit entry, in one transaction: all or nothing.
// The request was sent, so its record is not given up lightly: a database
// busy with another process's write is tried recordAttempts times, and a
// caller that stopped waiting does not cancel it. A record that still
// fails is no error of the call: the answer is what the caller must be told
// (a note of the result), nil when the call was recorded.
func (s *Service) recordInvocation(ctx context.Context, actor string, row *domain.Invocation, e logged) *domain.Note {
	ctx = context.WithoutCancel(ctx)
	var err error
	for range recordAttempts {
		if err = s.writeInvocation(ctx, actor, row, e); !store.IsBusy(err) {
			break
		}
	}
	if err == nil {
		return nil
	}
	detail := domain.ErrorMessage(err)
	note := domain.NoteOf(domain.RCallNotRecorded, "the call was sent but is not in the history or the operation log: "+detail, "detail", detail)
	return &note
}

// writeInvocation is one attempt of recordInvocation. The actor's view of
// the connector was checked when the call was prepared; the record needs
// only the profile that made it. The entry names its connector (row's).
func (s *Service) writeInvocation(ctx context.Context, actor string, row *domain.Invocation, e logged) error {
	return s.change(ctx, actor, withPerm(""), func(r *run) error {
		if err := r.tx.AddInvocation(row); err != nil {
			return err
		}
		if err := r.tx.TrimInvocations(row.InterfaceID, int(s.historyLimit.Load())); err != nil {
			return err
		}
		e.connector = row.ConnectorID
		return r.log(e)
	})
}

// dropConnection makes the engine forget a connection's cached transports
// and tokens after a change to its settings or accounts was committed.
func (s *Service) dropConnection(err error, connectionID string) {
	if err == nil && connectionID != "" {
		s.engine.Drop(connectionID)
	}
}
