package store

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Prepared statements kept per connection. Every unit is a transaction,
// and neither GORM's statement cache nor database/sql keeps a statement
// prepared in a transaction past its end: each unit prepared its queries
// again, a quarter of a flow run's own time (docs/benchmarks.md). Here
// each SQLite connection keeps the statements it prepared, for every later
// unit on it. Nothing waits: a statement is prepared on the connection
// that runs it, which its caller already holds, never on another of the
// pool (the wait that made the old cache cycle, issue 7 point 5).

// cachingDriverName is the SQLite driver whose connections keep their
// statements (dialector).
const cachingDriverName = "sqlite3_junction"

func init() {
	sql.Register(cachingDriverName, cachingDriver{})
}

// stmtsPerConn bounds the statements a connection keeps, least recently
// used dropped first: GORM writes LIMIT and OFFSET as literals, so SQL
// texts are not a closed set.
const stmtsPerConn = 256

type cachingDriver struct{}

func (cachingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := (&sqlite3.SQLiteDriver{}).Open(dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{SQLiteConn: c.(*sqlite3.SQLiteConn), byText: map[string]*list.Element{}, order: list.New()}, nil
}

// cachingConn is a SQLite connection that runs a single statement from
// the statement it prepared for the same text before. A statement whose
// rows are still open is not shared: the same text then runs on a
// statement of its own, as it did without the cache.
type cachingConn struct {
	*sqlite3.SQLiteConn
	mu     sync.Mutex
	byText map[string]*list.Element // of *keptStmt, in order
	order  *list.List               // most recently used first
}

type keptStmt struct {
	text    string
	st      *sqlite3.SQLiteStmt
	busy    bool // its rows are open
	dropped bool // out of the cache: closed when its rows are
}

// cacheable says whether text can run from a kept statement: one
// statement (a prepared one would run only the first of several). Exec
// keeps only writes without RETURNING: they run to their end in one step,
// where a kept statement holds nothing; a query's rows reset its
// statement when they close.
func cacheable(text string, exec bool) bool {
	if strings.Contains(text, ";") {
		return false
	}
	if !exec {
		return true
	}
	head := strings.ToUpper(strings.TrimSpace(text))
	for _, verb := range []string{"INSERT ", "UPDATE ", "DELETE ", "REPLACE "} {
		if strings.HasPrefix(head, verb) {
			return !strings.Contains(head, "RETURNING")
		}
	}
	return false
}

// take is the kept statement of text, prepared now if it is not kept,
// marked busy; nil when text is to run without the cache (not cacheable,
// busy, its arguments not its parameters, or it does not prepare: then it
// runs uncached to fail as it did).
func (c *cachingConn) take(ctx context.Context, text string, args int, exec bool) *keptStmt {
	if !cacheable(text, exec) {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byText[text]; ok {
		k := el.Value.(*keptStmt)
		if k.busy || k.st.NumInput() != args {
			return nil
		}
		c.order.MoveToFront(el)
		k.busy = true
		return k
	}
	st, err := c.SQLiteConn.PrepareContext(ctx, text)
	if err != nil {
		return nil
	}
	k := &keptStmt{text: text, st: st.(*sqlite3.SQLiteStmt), busy: true}
	if k.st.NumInput() != args {
		_ = k.st.Close()
		return nil
	}
	c.byText[text] = c.order.PushFront(k)
	for c.order.Len() > stmtsPerConn {
		c.drop(c.order.Back())
	}
	return k
}

// give ends k's use.
func (c *cachingConn) give(k *keptStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k.busy = false
	if k.dropped {
		_ = k.st.Close()
	}
}

// drop takes el out of the cache, closing its statement unless its rows
// are open (give closes it then).
func (c *cachingConn) drop(el *list.Element) {
	k := c.order.Remove(el).(*keptStmt)
	delete(c.byText, k.text)
	k.dropped = true
	if !k.busy {
		_ = k.st.Close()
	}
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k := c.take(ctx, query, len(args), true)
	if k == nil {
		return c.SQLiteConn.ExecContext(ctx, query, args)
	}
	defer c.give(k)
	return k.st.ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k := c.take(ctx, query, len(args), false)
	if k == nil {
		return c.SQLiteConn.QueryContext(ctx, query, args)
	}
	rows, err := k.st.QueryContext(ctx, args)
	if err != nil {
		c.give(k)
		return nil, err
	}
	return &keptRows{SQLiteRows: rows.(*sqlite3.SQLiteRows), done: func() { c.give(k) }}, nil
}

// Close closes the kept statements, then the connection (SQLite keeps a
// connection with statements open half closed).
func (c *cachingConn) Close() error {
	c.mu.Lock()
	for c.order.Len() > 0 {
		c.drop(c.order.Back())
	}
	c.mu.Unlock()
	return c.SQLiteConn.Close()
}

// keptRows are the rows of a kept statement: closing them resets the
// statement (SQLiteRows) and gives it back.
type keptRows struct {
	*sqlite3.SQLiteRows
	once sync.Once
	done func()
}

func (r *keptRows) Close() error {
	err := r.SQLiteRows.Close()
	r.once.Do(r.done)
	return err
}
