package app

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store/storetest"
	"junction/backend/testkit"
)

// The test console over a real service: a call, its history row and "view as".
func TestFacade_Console(t *testing.T) {
	a, _ := newFacade(t)

	// A system that answers GBK while the connection declares UTF-8.
	srv := invoketest.TextServer(t, "application/json", string(invoketest.Encode("GBK", `{"code":0,"msg":"成功"}`)))
	if _, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Connections.Create("crm", service.ConnectionInput{Key: "prod", Name: "Prod", Protocol: "http", Host: srv.Host()}); err != nil {
		t.Fatal(err)
	}
	_, err := a.Interfaces.Create("crm", service.InterfaceInput{Key: "ping", Name: "Ping", ConnectionKey: "prod", Method: "GET", Path: "/ping",
		Request:  []domain.Param{{Name: "q", In: domain.InQuery, Type: "string", Required: true, Source: domain.Source{Kind: domain.SourceInput}}},
		Response: []domain.ResponseParam{{Name: "code", Type: "integer", Path: "code"}},
		Success:  domain.Condition{Field: "outputs.code", Op: "eq", Value: float64(0)}})
	if err != nil {
		t.Fatal(err)
	}

	_, err = a.Interfaces.Invoke("crm", "ping", service.InvokeInput{})
	if got := decode(t, a.FormatError(err)); got.Code != domain.EValidation || got.Field != "inputs.q" {
		t.Fatalf("a missing input: %+v", got)
	}

	res, err := a.Interfaces.Invoke("crm", "ping", service.InvokeInput{Inputs: map[string]any{"q": "x"}, Kind: "invoke"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != "ok" || res.HistoryID == "" {
		t.Fatalf("Invoke: %+v", res)
	}
	items, err := a.Interfaces.ListHistory("crm", "ping", 0)
	if err != nil || len(items) != 1 || items[0].ID != res.HistoryID || items[0].Kind != domain.InvocationTest {
		t.Fatalf("ListHistory: %+v, %v (the console records kind test)", items, err)
	}
	d, err := a.Interfaces.GetHistory(res.HistoryID)
	if err != nil || d.Response.Body != res.Response.Body || !d.Response.CanViewAs || d.Inputs["q"] != "x" {
		t.Fatalf("GetHistory: %+v, %v", d, err)
	}
	text, err := a.Interfaces.ViewAs(res.HistoryID, "GBK")
	if err != nil || text != `{"code":0,"msg":"成功"}` {
		t.Fatalf("ViewAs GBK: %q, %v", text, err)
	}
	_, err = a.Interfaces.ViewAs(res.HistoryID, "KOI8-R")
	if got := decode(t, a.FormatError(err)); got.Code != domain.EValidation {
		t.Fatalf("ViewAs an unknown charset: %+v", got)
	}
}

// addPlainInterface adds to connector crm a connection key on host and a
// GET / interface key over it that is ok on HTTP 200.
func addPlainInterface(t *testing.T, a *App, key, host string) {
	t.Helper()
	_, err := a.Connections.Create("crm", service.ConnectionInput{Key: key, Name: key, Protocol: "http", Host: host})
	require.NoError(t, err)
	_, err = a.Interfaces.Create("crm", service.InterfaceInput{Key: key, Name: key, ConnectionKey: key, Method: "GET", Path: "/",
		Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)}})
	require.NoError(t, err)
}

// A body bigger than the preview comes back cut, and whole through chunks.
func TestFacade_TestBigBody(t *testing.T) {
	a, _ := newFacade(t)

	// 1 MiB of text with a three-byte character across every chunk edge one may pick.
	body := strings.Repeat("中文ab", (1<<20)/8)
	srv := invoketest.TextServer(t, "text/plain; charset=utf-8", body)
	small := invoketest.TextServer(t, "text/plain", "ok")
	if _, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"}); err != nil {
		t.Fatal(err)
	}
	for key, s := range map[string]*invoketest.Server{"big": srv, "small": small} {
		addPlainInterface(t, a, key, s.Host())
	}

	res, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.BodyClipped || res.BodyBytes != len(body) || len(res.Response.Body) > PreviewBytes || !strings.HasPrefix(body, res.Response.Body) {
		t.Fatalf("Test: clipped %v, %d bytes, preview %d bytes", res.BodyClipped, res.BodyBytes, len(res.Response.Body))
	}
	items, err := a.Interfaces.ListHistory("crm", "big", 0)
	if err != nil || len(items) != 1 || items[0].Kind != domain.InvocationTest {
		t.Fatalf("history: %+v, %v", items, err)
	}
	var got strings.Builder
	for off := 0; ; {
		c, err := a.Interfaces.ResponseBodyChunk(res.HistoryID, off, 100_000)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(body[off:], c.Text) || c.Next <= off {
			t.Fatalf("chunk at %d: next %d", off, c.Next)
		}
		got.WriteString(c.Text)
		off = c.Next
		if c.Done {
			break
		}
	}
	if got.String() != body {
		t.Fatalf("chunks make %d bytes, want %d", got.Len(), len(body))
	}
	if _, err := a.Interfaces.ResponseBodyChunk(res.HistoryID, len(body)+1, 10); domain.ErrorCode(err) != domain.EValidation {
		t.Fatalf("offset past the end: %v", err)
	}

	s, err := a.Interfaces.Test("", "crm", "small", service.InvokeInput{})
	if err != nil || s.BodyClipped || s.Response.Body != "ok" || s.BodyBytes != 2 {
		t.Fatalf("a small body: %+v, %v", s, err)
	}
	if _, err := a.Interfaces.ResponseBodyChunk(s.HistoryID, 0, 10); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("a small body is not kept: %v", err)
	}
	// Only the last few bodies are kept.
	for range keptBodies {
		if _, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Interfaces.ResponseBodyChunk(res.HistoryID, 0, 10); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("an old body: %v", err)
	}
	if _, err := a.Interfaces.SaveCallBody(res.HistoryID, "x.txt"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("SaveCallBody of an old body: %v", err)
	}
}

// keep puts a fresh body of n bytes for owner under id and returns a weak
// pointer to its bytes, so a test can see when nothing holds them any more.
func keep(c *bodyCache, owner, id string, n int) weak.Pointer[byte] {
	text := strings.Repeat("x", n)
	c.put(owner, id, text)
	return weak.Make(unsafe.StringData(text))
}

// freed says whether the bytes behind w were collected.
func freed(w weak.Pointer[byte]) bool {
	runtime.GC()
	return w.Value() == nil
}

func TestBodyCache_Memory(t *testing.T) {
	const size = 1 << 20
	t.Run("evicts a profile's oldest body beyond the bound, and frees it", func(t *testing.T) {
		c := newBodyCache()
		oldest := keep(c, "alice", "a0", size)
		bobs := keep(c, "bob", "b0", size)
		for i := 1; i <= keptBodies; i++ {
			keep(c, "alice", "a"+strconv.Itoa(i), size)
		}
		require.Equal(t, keptBodies, len(c.kept["alice"].text))
		require.Equal(t, keptBodies, len(c.kept["alice"].ids))
		_, ok := c.get("alice", "a0")
		assert.False(t, ok, "the oldest body is evicted")
		assert.True(t, freed(oldest), "the evicted body's memory is freed")
		// The bound is per profile: alice's calls do not push out bob's.
		_, ok = c.get("bob", "b0")
		assert.True(t, ok)
		assert.False(t, freed(bobs))
		_, ok = c.get("alice", "b0")
		assert.False(t, ok, "a profile never reads another's body")
	})

	t.Run("close frees every body and keeps none after", func(t *testing.T) {
		c := newBodyCache()
		w := []weak.Pointer[byte]{keep(c, "alice", "a", size), keep(c, "bob", "b", size)}
		c.close()
		assert.Empty(t, c.kept)
		for _, p := range w {
			assert.True(t, freed(p))
		}
		late := keep(c, "alice", "late", size)
		assert.Empty(t, c.kept, "a call that ends after the close keeps nothing")
		assert.True(t, freed(late))
	})

	t.Run("a profile switch frees every body", func(t *testing.T) {
		c := newBodyCache()
		w := keep(c, "alice", "a", size)
		c.clear()
		assert.Empty(t, c.kept)
		assert.True(t, freed(w))
	})
}

// The facade frees the console's bodies on a profile switch and on Shutdown.
func TestFacade_ConsoleBodiesFreed(t *testing.T) {
	a, _ := newFacade(t)
	srv := invoketest.TextServer(t, "text/plain; charset=utf-8", strings.Repeat("y", PreviewBytes+1))
	_, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"})
	require.NoError(t, err)
	addPlainInterface(t, a, "big", srv.Host())
	_, err = a.Users.Add(service.UserInput{Name: "bob", Perms: []string{domain.PermConnectorsView}})
	require.NoError(t, err)

	test := func() string {
		res, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
		require.NoError(t, err)
		require.True(t, res.BodyClipped)
		_, err = a.Interfaces.ResponseBodyChunk(res.HistoryID, 0, 10)
		require.NoError(t, err)
		return res.HistoryID
	}

	id := test()
	_, err = a.Session.Switch("bob", "")
	require.NoError(t, err)
	assert.Empty(t, a.Interfaces.bodies.kept, "a switch frees the last profile's bodies")
	_, err = a.Session.Switch("alice", "")
	require.NoError(t, err)
	_, err = a.Interfaces.ResponseBodyChunk(id, 0, 10)
	assert.Equal(t, domain.ENotFound, domain.ErrorCode(err))

	id = test()
	a.Shutdown(context.Background())
	assert.Empty(t, a.Interfaces.bodies.kept, "shutdown frees every body")
	_, err = a.Interfaces.ResponseBodyChunk(id, 0, 10)
	assert.Equal(t, domain.ENotFound, domain.ErrorCode(err))
}

// Outside the desktop window (browser mode) saving a body with a native
// dialog is refused with a rule error instead of ending the process.
func TestFacade_SaveResponseBodyNeedsTheWindow(t *testing.T) {
	a, _ := newFacade(t)

	path, err := a.Interfaces.SaveResponseBody("body.json", `{"a":1}`)
	if got := domain.ErrorCode(err); got != domain.ERule || path != "" {
		t.Fatalf("SaveResponseBody in browser mode: %q, %v (code %s), want a rule error", path, err, got)
	}
}

// newClockedFacade is newFacade over a service whose clock the test holds.
func newClockedFacade(t *testing.T) (*App, *service.Service, *testkit.Clock) {
	t.Helper()
	box, err := secret.OpenKeyFile(filepath.Join(t.TempDir(), "secret.key"))
	require.NoError(t, err)
	clock := testkit.NewClock(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	svc := service.New(storetest.Open(t), box, service.Options{Now: clock.Now})
	_, err = svc.EnsureProfile(context.Background(), "alice")
	require.NoError(t, err)
	a := New(svc, Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	a.Startup(context.Background())
	return a, svc, clock
}

// A body the console keeps belongs to the profile that made the call: after a
// switch another profile cannot read it, even one that may view the
// connector, and the owner loses it once it cannot view the history entry.
func TestFacade_KeptBodiesBelongToTheProfile(t *testing.T) {
	a, svc := newFacade(t)
	body := strings.Repeat("x", PreviewBytes+100)
	srv := invoketest.TextServer(t, "text/plain", body)
	_, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"})
	require.NoError(t, err)
	addPlainInterface(t, a, "big", srv.Host())
	for _, name := range []string{"bob", "carol"} {
		_, err = a.Users.Add(service.UserInput{Name: name, Perms: []string{domain.PermConnectorsView, domain.PermConnectorsManage}})
		require.NoError(t, err)
	}
	notKept := func(t *testing.T, id string) {
		t.Helper()
		_, err := a.Interfaces.ResponseBodyChunk(id, 0, 10)
		assert.Equal(t, domain.ENotFound, domain.ErrorCode(err), "chunk: %v", err)
		_, err = a.Interfaces.SaveCallBody(id, "x.txt")
		assert.Equal(t, domain.ENotFound, domain.ErrorCode(err), "save: %v", err)
	}

	mine, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
	require.NoError(t, err)
	require.True(t, mine.BodyClipped)
	c, err := a.Interfaces.ResponseBodyChunk(mine.HistoryID, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, "xxxxxxxxxx", c.Text)

	t.Run("another profile after a switch", func(t *testing.T) {
		_, err := a.Session.Switch("bob", "")
		require.NoError(t, err)
		_, err = a.Interfaces.GetHistory(mine.HistoryID)
		require.NoError(t, err, "bob may view the history entry itself")
		notKept(t, mine.HistoryID)
	})
	t.Run("a body kept for bob is gone for alice", func(t *testing.T) {
		bobs, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
		require.NoError(t, err)
		_, err = a.Interfaces.ResponseBodyChunk(bobs.HistoryID, 0, 10)
		require.NoError(t, err)
		_, err = a.Session.Switch("alice", "")
		require.NoError(t, err)
		notKept(t, bobs.HistoryID)
		notKept(t, mine.HistoryID) // the switch emptied the cache
	})
	t.Run("the owner needs view on the entry", func(t *testing.T) {
		_, err := a.Session.Switch("carol", "")
		require.NoError(t, err)
		carols, err := a.Interfaces.Test("", "crm", "big", service.InvokeInput{})
		require.NoError(t, err)
		_, err = a.Interfaces.ResponseBodyChunk(carols.HistoryID, 0, 10)
		require.NoError(t, err)
		// alice takes connectors.manage (and so view of crm) from carol, without a switch here.
		_, err = svc.UpdateUser(context.Background(), "alice", "carol", service.UserInput{Perms: []string{domain.PermConnectorsView}})
		require.NoError(t, err)
		_, err = a.Interfaces.ResponseBodyChunk(carols.HistoryID, 0, 10)
		assert.Equal(t, domain.EPermission, domain.ErrorCode(err), "%v", err)
	})
}

// Password guesses through the profile switch are throttled: five wrong ones
// are answered as wrong, then each attempt is refused with how long to wait,
// the right password included, for a delay that doubles; after the delay the
// right password works and clears the count.
func TestSession_SwitchThrottlesPasswordGuesses(t *testing.T) {
	a, _, clock := newClockedFacade(t)
	pw := "s3cret"
	_, err := a.Users.Add(service.UserInput{Name: "carol", Perms: []string{}, Password: &pw})
	require.NoError(t, err)
	_, err = a.Users.Add(service.UserInput{Name: "dave", Perms: []string{}, Password: &pw})
	require.NoError(t, err)

	switchErr := func(name, password string) string {
		t.Helper()
		_, err := a.Session.Switch(name, password)
		require.Error(t, err)
		got := decode(t, a.FormatError(err))
		assert.Equal(t, domain.EPermission, got.Code)
		assert.Equal(t, "alice", a.Session.Profile())
		return got.Message
	}
	for i := range 5 {
		assert.Contains(t, switchErr("carol", "guess"), "wrong password", "guess %d", i+1)
	}
	assert.Contains(t, switchErr("carol", "guess"), "wrong password", "the sixth is checked, and locks for 1s")
	assert.Contains(t, switchErr("carol", pw), "try again in 1s", "locked: the right password is refused too")
	assert.Contains(t, switchErr("dave", "guess"), "wrong password", "another profile is not locked")

	clock.Advance(time.Second)
	assert.Contains(t, switchErr("carol", "guess"), "wrong password")
	assert.Contains(t, switchErr("carol", "guess"), "try again in 2s", "the delay doubles")
	clock.Advance(2 * time.Second)
	assert.Contains(t, switchErr("carol", "guess"), "wrong password")
	assert.Contains(t, switchErr("carol", pw), "try again in 4s")

	clock.Advance(4 * time.Second)
	u, err := a.Session.Switch("carol", pw)
	require.NoError(t, err)
	assert.Equal(t, "carol", u.Name)
	_, err = a.Session.Switch("alice", "")
	require.NoError(t, err)
	assert.Contains(t, switchErr("carol", "guess"), "wrong password", "the right password cleared the count")
	for range 4 {
		switchErr("carol", "guess")
	}
	assert.Contains(t, switchErr("carol", "guess"), "wrong password", "five free failures again")
}
