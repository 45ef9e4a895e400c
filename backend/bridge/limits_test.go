package bridge

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Gate holds its calls until the test opens it.
type Gate struct {
	entered chan struct{}
	open    chan struct{}
}

func (g *Gate) Hold() error {
	g.entered <- struct{}{}
	<-g.open
	return nil
}

// rawConn dials the server of a printed URL.
func rawConn(t *testing.T, link string) (net.Conn, string) {
	t.Helper()
	u, err := url.Parse(link)
	require.NoError(t, err)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn, u.Host
}

// A body that drips in slower than the read timeout is answered 408 and the
// method is never called; a header that drips is cut off.
func TestServe_SlowDripTimesOut(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	calc := &Calc{}
	link := startServe(t, ln, Config{
		Options: Options{Objects: Named(calc), Token: "tok"},
		Limits:  Limits{ReadTimeout: 300 * time.Millisecond, ReadHeaderTimeout: 300 * time.Millisecond},
	})

	t.Run("the body", func(t *testing.T) {
		conn, host := rawConn(t, link)
		_, err := fmt.Fprintf(conn, "POST /api/Calc/Touch HTTP/1.1\r\nHost: %s\r\n%s: tok\r\nContent-Length: 100\r\n\r\n[\"dr", host, TokenHeader)
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err, "the server answers before the test's own deadline")
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusRequestTimeout, res.StatusCode, string(b))
		assert.Contains(t, string(b), "did not arrive in time")
		assert.Contains(t, string(b), `"code":"timeout"`)
		calc.mu.Lock()
		assert.Empty(t, calc.calls, "the method was not called")
		calc.mu.Unlock()
	})
	t.Run("the header", func(t *testing.T) {
		conn, host := rawConn(t, link)
		_, err := fmt.Fprintf(conn, "POST /api/Calc/Touch HTTP/1.1\r\nHost: %s\r\n", host)
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
		_, err = io.ReadAll(conn)
		var ne net.Error
		assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server closed the connection, not the test's deadline: %v", err)
	})
}

func TestServe_HeaderTooLarge(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	link := startServe(t, ln, Config{Options: Options{Token: "tok"}})
	u, err := url.Parse(link)
	require.NoError(t, err)
	hr, err := http.NewRequest(http.MethodPost, "http://"+u.Host+"/api/Calc/Add", strings.NewReader("[1,2]"))
	require.NoError(t, err)
	hr.Header.Set(TokenHeader, "tok")
	hr.Header.Set("X-Pad", strings.Repeat("a", MaxHeaderBytes+4096))
	res, err := http.DefaultClient.Do(hr)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)
}

// One call more than MaxCalls is refused at once with a clear 503; once a
// call ends, the next is served.
func TestServer_TooManyCalls(t *testing.T) {
	gate := &Gate{entered: make(chan struct{}), open: make(chan struct{})}
	_, ts := newServer(t, Options{Objects: Named(&Calc{}, gate), MaxCalls: 2})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hr, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/Gate/Hold", strings.NewReader("[]"))
			hr.Header.Set(TokenHeader, "secret-token")
			if res, err := ts.Client().Do(hr); err == nil {
				res.Body.Close()
			}
		}()
	}
	for range 2 {
		select {
		case <-gate.entered:
		case <-time.After(5 * time.Second):
			t.Fatal("the held calls did not start")
		}
	}
	a := call(t, ts, "/api/Calc/Add", "[1,2]")
	assert.Equal(t, http.StatusServiceUnavailable, a.status)
	d := a.doc(t)
	assert.Equal(t, "conflict", d.Code)
	assert.Contains(t, d.Message, "Junction is busy: 2 calls are in progress")
	assert.Contains(t, d.Message, "Calc.Add")

	close(gate.open)
	wg.Wait()
	assert.Equal(t, "3", call(t, ts, "/api/Calc/Add", "[1,2]").body)
}

// Past MaxConns open connections, a new one waits to be served until one
// closes.
func TestServe_ConnectionCap(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	link := startServe(t, ln, Config{Options: Options{Token: "tok"}, Limits: Limits{MaxConns: 2}})
	request := func(conn net.Conn, host string) {
		_, err := fmt.Fprintf(conn, "POST /api/Calc/Add HTTP/1.1\r\nHost: %s\r\n%s: tok\r\nContent-Length: 5\r\n\r\n[1,2]", host, TokenHeader)
		require.NoError(t, err)
	}
	answer := func(r *bufio.Reader) (string, error) {
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return string(b), err
	}
	var open []net.Conn
	for range 2 {
		conn, host := rawConn(t, link)
		request(conn, host)
		got, err := answer(bufio.NewReader(conn))
		require.NoError(t, err)
		require.Equal(t, "3", got)
		open = append(open, conn) // kept alive: it still counts
	}
	third, host := rawConn(t, link)
	request(third, host)
	r := bufio.NewReader(third)
	require.NoError(t, third.SetReadDeadline(time.Now().Add(300*time.Millisecond)))
	_, err = answer(r)
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "the third connection is not served while two are open: %v", err)

	open[0].Close()
	require.NoError(t, third.SetReadDeadline(time.Now().Add(10*time.Second)))
	got, err := answer(r)
	require.NoError(t, err)
	assert.Equal(t, "3", got, "served once a connection closed")
}
