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
	"unsafe"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
	"junction/backend/service"
)

// A body bigger than the preview comes back cut, and whole through chunks.
func TestFacade_TestBigBody(t *testing.T) {
	dir := t.TempDir()
	svc, err := service.Open(service.Config{DBPath: filepath.Join(dir, "junction.db"), KeyPath: filepath.Join(dir, "secret.key")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	a := New(svc, Options{Profile: "alice", Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))})
	a.Startup(context.Background())
	if _, err := svc.EnsureProfile(context.Background(), "alice"); err != nil {
		t.Fatal(err)
	}

	// 1 MiB of text with a three-byte character across every chunk edge one may pick.
	body := strings.Repeat("中文ab", (1<<20)/8)
	srv := invoketest.TextServer(t, "text/plain; charset=utf-8", body)
	small := invoketest.TextServer(t, "text/plain", "ok")
	if _, err := a.Connectors.Create(service.ConnectorInput{Key: "crm", Name: "CRM"}); err != nil {
		t.Fatal(err)
	}
	for key, s := range map[string]*invoketest.Server{"big": srv, "small": small} {
		if _, err := a.Connections.Create("crm", service.ConnectionInput{Key: key, Name: key, Protocol: "http", Host: s.Host()}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Interfaces.Create("crm", service.InterfaceInput{Key: key, Name: key, ConnectionKey: key, Method: "GET", Path: "/",
			Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)}}); err != nil {
			t.Fatal(err)
		}
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
	_, err = a.Connections.Create("crm", service.ConnectionInput{Key: "big", Name: "big", Protocol: "http", Host: srv.Host()})
	require.NoError(t, err)
	_, err = a.Interfaces.Create("crm", service.InterfaceInput{Key: "big", Name: "big", ConnectionKey: "big", Method: "GET", Path: "/",
		Success: domain.Condition{Field: "status", Op: "eq", Value: float64(200)}})
	require.NoError(t, err)
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
