package service

import (
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/invoke"
	"junction/backend/store"
)

// DefaultHistoryLimit is how many history rows are kept per interface when
// Options.HistoryLimit is not set.
const DefaultHistoryLimit = 200

// Bounds of a repeated run (spec/CLI.md `invoke --repeat`): beyond them a
// run is a mistake or an attack on the machine, not a load test.
const (
	MaxRepeat      = 1_000_000
	MaxConcurrency = 64
)

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

// InvokeResult is the outcome of one call (secrets redacted) and the id of
// the history row that records it ("" when it could not be recorded; a note
// then says why).
type InvokeResult struct {
	invoke.Result
	HistoryID string `json:"historyId"`
}

// RepeatSummary is the outcome of a repeated run (spec/CLI.md `invoke
// --repeat`): counts per verdict, latency percentiles of the calls and the
// throughput of the whole run. The first nine fields are the contract.
type RepeatSummary struct {
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
	WallMs    float64 `json:"wallMs"`
	HistoryID string  `json:"historyId"`
	// Notes say what the caller must know besides the counts: a run that
	// could not be recorded (HistoryID is then "").
	Notes []string `json:"notes,omitempty"`
}

// resolved is everything one interface's calls need, read once.
type resolved struct {
	u    *domain.User
	c    *domain.Connector
	it   *domain.Interface
	conn *domain.Connection
	kind string
	// call is the template of every call; Inputs is set per call.
	call invoke.Call
	// secrets are the clear-text secrets the call carries, scrubbed from
	// everything that is returned or recorded.
	secrets []string
}

func invocationKind(kind string) (string, error) {
	switch kind {
	case "", domain.InvocationInvoke:
		return domain.InvocationInvoke, nil
	case domain.InvocationTest:
		return domain.InvocationTest, nil
	}
	return "", domain.Invalid("kind", "%q is not test or invoke", kind)
}

// resolveInvoke reads the connector (needing view), the interface, the
// connection and the account, and opens their secrets. A sealed connection
// still serves the interfaces that use it; another connection chosen
// explicitly must belong to the same connector and not be sealed.
func (s *Service) resolveInvoke(ctx context.Context, actor, connector, iface string, in InvokeInput) (*resolved, error) {
	kind, err := invocationKind(in.Kind)
	if err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	u, c, _, err := s.connectorFor(db, actor, connector, "view")
	if err != nil {
		return nil, err
	}
	it, err := s.iface(db, c, iface)
	if err != nil {
		return nil, err
	}
	var conn *domain.Connection
	if in.Connection == "" {
		var own domain.Connection
		if err := db.Where("id = ?", it.ConnectionID).Take(&own).Error; err != nil {
			return nil, store.Translate(err, fmt.Sprintf("the connection of interface %s", it.Key))
		}
		conn = &own
	} else {
		if conn, err = s.connection(db, c, in.Connection); err != nil {
			return nil, err
		}
		if conn.Status == domain.StatusSealed && conn.ID != it.ConnectionID {
			return nil, &domain.Error{Code: domain.ERule, Field: "connection",
				Message: fmt.Sprintf("connection %s is sealed; only the interfaces that already use it may call it", conn.Key)}
		}
	}
	if err := checkInputNames(it, conn, in.Inputs); err != nil {
		return nil, err
	}
	r := &resolved{u: u, c: c, it: it, conn: conn, kind: kind}
	r.call = invoke.Call{
		Interface: it,
		Target:    invoke.Target{Connection: *conn},
		System:    invoke.System{UserID: u.ID, UserName: u.Name, OrgID: u.OrgID},
	}
	pw, err := s.certPassword(conn)
	if err != nil {
		return nil, err
	}
	if pw != "" {
		r.call.CertPassword = pw
		r.secrets = append(r.secrets, pw)
	}
	var acct *domain.AuthAccount
	if !in.NoAccount {
		if acct, err = s.invokeAccount(db, conn, in.Account); err != nil {
			return nil, err
		}
	}
	if acct != nil {
		ia, secrets, err := s.openAccount(acct)
		if err != nil {
			return nil, err
		}
		r.call.Account = ia
		r.secrets = append(r.secrets, secrets...)
		if conn.Auth.Type == domain.AuthBasic && ia.Fields["password"] != "" {
			// Echo services answer the Authorization header they got; its
			// credential must not come back readable either.
			r.secrets = append(r.secrets, base64.StdEncoding.EncodeToString([]byte(ia.Fields["username"]+":"+ia.Fields["password"])))
		}
	}
	return r, nil
}

// openAccount is an account with its secrets opened, for the engine, and
// those secrets' clear values.
func (s *Service) openAccount(acct *domain.AuthAccount) (*invoke.Account, []string, error) {
	ia := &invoke.Account{Name: acct.Name, Fields: make(map[string]string, len(acct.Fields)+len(acct.Secrets))}
	for k, v := range acct.Fields {
		ia.Fields[k] = v
	}
	var secrets []string
	for _, name := range sortedKeys(acct.Secrets) {
		if acct.Secrets[name] == "" { // declared by a package, no value here yet
			continue
		}
		plain, err := s.box.Open(acct.Secrets[name])
		if err != nil {
			return nil, nil, fmt.Errorf("open secret %s of auth account %s: %w", name, acct.Name, err)
		}
		ia.Fields[name] = plain
		ia.Secret = append(ia.Secret, name)
		secrets = append(secrets, plain)
	}
	return ia, secrets, nil
}

// invokeAccount loads the named account of conn, or its default one (nil
// when it has none).
func (s *Service) invokeAccount(db *gorm.DB, conn *domain.Connection, name string) (*domain.AuthAccount, error) {
	var a domain.AuthAccount
	if name != "" {
		if err := db.Where("connection_id = ? AND name = ?", conn.ID, name).Take(&a).Error; err != nil {
			return nil, store.Translate(err, fmt.Sprintf("auth account %q of connection %s", name, conn.Key))
		}
		return &a, nil
	}
	err := db.Where("connection_id = ?", conn.ID).Order(`"default" DESC, name`).Limit(1).Find(&a).Error
	if err != nil {
		return nil, fmt.Errorf("load the default account of connection %s: %w", conn.Key, err)
	}
	if a.ID == "" {
		return nil, nil
	}
	return &a, nil
}

// Invoke calls an interface once and records the call: a history row
// (redacted, body capped) and an audit entry, in one transaction. View on
// the connector is enough. Inputs that break the interface's rules answer a
// validation error naming the param and record nothing; whatever happens on
// the wire is a result with its verdict, even when it cannot be recorded
// (see recordInvocation).
func (s *Service) Invoke(ctx context.Context, actor, connector, iface string, in InvokeInput) (*InvokeResult, error) {
	r, err := s.resolveInvoke(ctx, actor, connector, iface, in)
	if err != nil {
		return nil, err
	}
	at := s.stamp()
	call := r.call
	call.Inputs = in.Inputs
	if call.Inputs == nil {
		call.Inputs = map[string]any{}
	}
	res, err := s.engine.Invoke(ctx, &call)
	if err != nil {
		return nil, err
	}
	red := newScrubber(r.secrets)
	rawOK := rawIsClean(res, red)
	red.result(res)

	row := s.historyRow(r, r.kind, at, red.inputs(call.Inputs), res, rawOK)
	verb := map[string]string{domain.InvocationTest: "tested", domain.InvocationInvoke: "invoked"}[r.kind]
	summary := fmt.Sprintf("interface %s %s: %s", r.it.Key, verb, res.Verdict)
	if res.Status != 0 {
		summary += fmt.Sprintf(" (HTTP %d)", res.Status)
	}
	details := map[string]any{"kind": r.kind, "verdict": res.Verdict, "status": res.Status, "connection": r.conn.Key,
		"account": row.Account, "historyId": row.ID, "totalMs": res.Timing.TotalMs}
	out := &InvokeResult{Result: *res, HistoryID: row.ID}
	if note := s.recordInvocation(ctx, r, row, summary, details); note != "" {
		out.HistoryID = ""
		out.Notes = append(out.Notes, note)
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
	concurrency = min(concurrency, n)
	r, err := s.resolveInvoke(ctx, actor, connector, iface, in)
	if err != nil {
		return nil, err
	}
	inputs := in.Inputs
	if inputs == nil {
		inputs = map[string]any{}
	}
	at := s.stamp()

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	type tally struct {
		counts  map[string]int
		bad     *invoke.Result // first call that was not ok
		badAt   int
		last    *invoke.Result
		lastAt  int
		failure error
	}
	// The calls' times grow with the calls made, never allocated for n up
	// front: a run refused or cancelled early costs nothing, and a full run
	// at MaxRepeat holds 8 MB, the price of exact nearest-rank percentiles.
	var (
		next   atomic.Int64
		msMu   sync.Mutex
		ms     []float64
		tallys = make([]tally, concurrency)
		wg     sync.WaitGroup
	)
	start := time.Now()
	for w := range concurrency {
		wg.Add(1)
		go func(t *tally) {
			defer wg.Done()
			// A panic in a call must not take the process down with
			// Go's exit status 2: it ends the run as an internal error.
			defer func() {
				if err := Recovered(recover()); err != nil {
					t.failure = err
					stop()
				}
			}()
			t.counts = map[string]int{}
			call := r.call
			call.Inputs = inputs
			for runCtx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				res, err := s.engine.Invoke(runCtx, &call)
				if err != nil {
					t.failure = err
					stop()
					return
				}
				msMu.Lock()
				ms = append(ms, res.Timing.TotalMs)
				msMu.Unlock()
				t.counts[res.Verdict]++
				if !res.OK && (t.bad == nil || i < t.badAt) {
					t.bad, t.badAt = res, i
				}
				if t.last == nil || i > t.lastAt {
					t.last, t.lastAt = res, i
				}
			}
		}(&tallys[w])
	}
	wg.Wait()
	wall := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sum := &RepeatSummary{Runs: n, Concurrency: concurrency, WallMs: durationMs(wall)}
	var sample *invoke.Result
	sampleAt := -1
	for _, t := range tallys {
		if t.failure != nil {
			return nil, t.failure
		}
		sum.OK += t.counts[invoke.VerdictOK]
		sum.Unmet += t.counts[invoke.VerdictUnmet]
		sum.Timeout += t.counts[invoke.VerdictTimeout]
		sum.Error += t.counts[invoke.VerdictError]
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
	slices.Sort(ms)
	sum.P50Ms, sum.P95Ms, sum.P99Ms = percentile(ms, 50), percentile(ms, 95), percentile(ms, 99)
	if secs := wall.Seconds(); secs > 0 {
		sum.PerSecond = round2(float64(n) / secs)
	}

	red := newScrubber(r.secrets)
	rawOK := rawIsClean(sample, red)
	red.result(sample)
	row := s.historyRow(r, domain.InvocationBulk, at, red.inputs(inputs), sample, rawOK)
	sum.HistoryID = row.ID
	row.Verdict = bulkVerdict(sum)
	row.Message = fmt.Sprintf("%d runs: %d ok, %d unmet, %d timeout, %d error; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %.1f calls/s",
		sum.Runs, sum.OK, sum.Unmet, sum.Timeout, sum.Error, sum.P50Ms, sum.P95Ms, sum.P99Ms, sum.PerSecond)
	row.TotalMs = sum.WallMs
	row.Summary = mustJSON(sum)
	verb := map[string]string{domain.InvocationTest: "tested", domain.InvocationInvoke: "invoked"}[r.kind]
	summary := fmt.Sprintf("interface %s %s %d times: %d ok, %d unmet, %d timeout, %d error",
		r.it.Key, verb, sum.Runs, sum.OK, sum.Unmet, sum.Timeout, sum.Error)
	details := map[string]any{"kind": domain.InvocationBulk, "verdict": row.Verdict, "runs": sum.Runs, "ok": sum.OK,
		"unmet": sum.Unmet, "timeout": sum.Timeout, "error": sum.Error, "concurrency": sum.Concurrency,
		"connection": r.conn.Key, "account": row.Account, "historyId": row.ID}
	if note := s.recordInvocation(ctx, r, row, summary, details); note != "" {
		sum.HistoryID = ""
		sum.Notes = append(sum.Notes, note)
	}
	return sum, nil
}

// CheckRepeat refuses a repeated run of n calls with concurrency workers
// outside the bounds, before anything is read or allocated.
func CheckRepeat(n, concurrency int) error {
	if n < 1 || n > MaxRepeat {
		return domain.Invalid("repeat", "must be between 1 and %d, not %d", MaxRepeat, n)
	}
	if concurrency < 1 || concurrency > MaxConcurrency {
		return domain.Invalid("concurrency", "must be between 1 and %d, not %d", MaxConcurrency, concurrency)
	}
	return nil
}

// bulkVerdict is the verdict of a repeated run: ok when every call was ok,
// unmet when some call got an answer, else the commoner failure.
func bulkVerdict(s *RepeatSummary) string {
	switch {
	case s.OK == s.Runs:
		return invoke.VerdictOK
	case s.OK+s.Unmet > 0:
		return invoke.VerdictUnmet
	case s.Timeout >= s.Error:
		return invoke.VerdictTimeout
	}
	return invoke.VerdictError
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
// (a note of the result), "" when the call was recorded.
func (s *Service) recordInvocation(ctx context.Context, r *resolved, row *domain.Invocation, summary string, details map[string]any) string {
	ctx = context.WithoutCancel(ctx)
	var err error
	for range recordAttempts {
		if err = s.writeInvocation(ctx, r, row, summary, details); !store.IsBusy(err) {
			break
		}
	}
	if err == nil {
		return ""
	}
	return "the call was sent but is not in the history or the operation log: " + domain.ErrorMessage(err)
}

func (s *Service) writeInvocation(ctx context.Context, r *resolved, row *domain.Invocation, summary string, details map[string]any) error {
	action := map[string]string{domain.InvocationTest: "interface.test", domain.InvocationInvoke: "interface.invoke"}[r.kind]
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(row).Error; err != nil {
			return fmt.Errorf("write invocation history: %w", err)
		}
		if err := s.trimHistory(tx, row.InterfaceID); err != nil {
			return err
		}
		return s.record(tx, r.u, entry{action: action, targetType: "interface", targetID: r.it.ID,
			targetKey: r.c.Key + "/" + r.it.Key, connector: r.c.ID, summary: summary, details: audit.Details(nil, details)})
	})
}

// dropConnection makes the engine forget a connection's cached transports
// and tokens after a change to its settings or accounts was committed.
func (s *Service) dropConnection(err error, connectionID string) {
	if err == nil && connectionID != "" {
		s.engine.Drop(connectionID)
	}
}
