package invoketest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"software.sslmate.com/src/go-pkcs12"
)

// client is a plain http.Client with its own transport, closed at the end.
func client(t *testing.T, timeout time.Duration) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: timeout}
}

func get(t *testing.T, c *http.Client, u string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := c.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

func assertLoopback(t *testing.T, hostport string) {
	t.Helper()
	host, _, err := net.SplitHostPort(hostport)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
}

func echoCN(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, r.TLS.PeerCertificates[0].Subject.CommonName)
}

func TestTLSServer(t *testing.T) {
	t.Parallel()
	ca := NewCA(t)
	srv := TLSServer(t, ca, JSONHandler(200, map[string]int{"code": 0}))
	assertLoopback(t, srv.Host())
	assert.True(t, strings.HasPrefix(srv.URL, "https://127.0.0.1:"))

	// Trusted through the CA bundle file, as a connection's caCertPath would be.
	pemData, err := os.ReadFile(ca.WritePEM(t))
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pemData))
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	for range 2 {
		code, _, body := get(t, c, srv.URL+"/x")
		assert.Equal(t, 200, code)
		assert.JSONEq(t, `{"code":0}`, string(body))
	}
	assert.Equal(t, 2, srv.Requests())
	assert.Equal(t, 1, srv.Conns(), "the second request reuses the connection")

	// The httptest client trusts it too; a client trusting another CA does not.
	code, _, _ := get(t, srv.Client(), srv.URL)
	assert.Equal(t, 200, code)
	_, err = NewCA(t).Client(t, nil).Get(srv.URL)
	var unknown x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &unknown)
	// Nor one that checks a host the certificate is not for.
	cfg := &tls.Config{RootCAs: ca.Pool(), ServerName: "other.example"}
	conn, err := tls.Dial("tcp", srv.Host(), cfg)
	if err == nil {
		conn.Close()
	}
	var invalid x509.HostnameError
	assert.ErrorAs(t, err, &invalid)
}

func TestServerCertHosts(t *testing.T) {
	t.Parallel()
	ca := NewCA(t)
	def := ca.ServerCert(t)
	assert.Equal(t, []string{"localhost"}, def.Leaf.DNSNames)
	require.Len(t, def.Leaf.IPAddresses, 1)
	assert.Equal(t, "127.0.0.1", def.Leaf.IPAddresses[0].String())
	other := ca.ServerCert(t, "other.example")
	assert.Equal(t, []string{"other.example"}, other.Leaf.DNSNames)
	assert.Empty(t, other.Leaf.IPAddresses)
	_, err := other.Leaf.Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: "other.example"})
	assert.NoError(t, err)
}

func TestMutualTLSServer(t *testing.T) {
	t.Parallel()
	ca := NewCA(t)
	srv := MutualTLSServer(t, ca, http.HandlerFunc(echoCN))
	assertLoopback(t, srv.Host())

	err := srv.AssertCertRequired(t)
	require.Error(t, err)
	assert.Equal(t, 0, srv.Count(), "a refused client never reaches the handler")

	call := func(cert tls.Certificate) (string, error) {
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool(), Certificates: []tls.Certificate{cert}}}
		defer tr.CloseIdleConnections()
		resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Get(srv.URL)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}

	// callWithPEM writes cc as a PEM pair, checks the key file's PEM header
	// and returns the CN the server saw when the pair was presented.
	callWithPEM := func(t *testing.T, cc *ClientCert, keyHeader string) string {
		t.Helper()
		certPath, keyPath := cc.WritePEM(t)
		keyPEM, err := os.ReadFile(keyPath)
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(keyPEM, []byte(keyHeader)))
		pair, err := tls.LoadX509KeyPair(certPath, keyPath)
		require.NoError(t, err)
		cn, err := call(pair)
		require.NoError(t, err)
		return cn
	}

	t.Run("PEM pair", func(t *testing.T) {
		cc := ca.ClientCert(t, "alice")
		assert.Equal(t, "alice", callWithPEM(t, cc, "-----BEGIN PRIVATE KEY-----"))
		assert.Equal(t, "alice", srv.Last().ClientCN)
	})
	t.Run("combined PEM", func(t *testing.T) {
		data, err := os.ReadFile(ca.ClientCert(t, "bob").WriteCombinedPEM(t))
		require.NoError(t, err)
		pair, err := tls.X509KeyPair(data, data)
		require.NoError(t, err)
		cn, err := call(pair)
		require.NoError(t, err)
		assert.Equal(t, "bob", cn)
	})
	for name, write := range map[string]func(*ClientCert, testing.TB, string) string{
		"PKCS#12":        (*ClientCert).WriteP12,
		"legacy PKCS#12": (*ClientCert).WriteP12Legacy,
	} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(write(ca.ClientCert(t, "carol"), t, "s3cret-密码"))
			require.NoError(t, err)
			_, _, err = pkcs12.Decode(data, "wrong")
			assert.Error(t, err)
			key, cert, chain, err := pkcs12.DecodeChain(data, "s3cret-密码")
			require.NoError(t, err)
			require.Len(t, chain, 1)
			assert.True(t, chain[0].Equal(ca.Cert))
			cn, err := call(tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert})
			require.NoError(t, err)
			assert.Equal(t, "carol", cn)
		})
	}
	t.Run("RSA PKCS#1", func(t *testing.T) {
		cc := ca.ClientCertRSA(t, "dave")
		assert.Equal(t, "dave", callWithPEM(t, cc, "-----BEGIN RSA PRIVATE KEY-----"))
		data, err := os.ReadFile(cc.WriteP12(t, "pw"))
		require.NoError(t, err)
		_, _, _, err = pkcs12.DecodeChain(data, "pw")
		require.NoError(t, err)
	})
	t.Run("certificate of another CA", func(t *testing.T) {
		_, err := call(NewCA(t).ClientCert(t, "mallory").TLS)
		assert.Error(t, err)
	})
	t.Run("ca.Client", func(t *testing.T) {
		code, _, body := get(t, ca.Client(t, ca.ClientCert(t, "erin")), srv.URL)
		assert.Equal(t, 200, code)
		assert.Equal(t, "erin", string(body))
	})
}

func TestAssertCertRequiredFailsOnPlainTLS(t *testing.T) {
	t.Parallel()
	ca := NewCA(t)
	srv := TLSServer(t, ca, JSONHandler(200, `{}`))
	srv.mtls = true // pretend, to see the helper catch a server that answers
	rec := &fakeTB{TB: t}
	srv.AssertCertRequired(rec)
	assert.True(t, rec.failed)
}

// fakeTB records a failure instead of failing the test.
type fakeTB struct {
	testing.TB
	failed bool
}

func (f *fakeTB) Errorf(string, ...any) { f.failed = true }
func (f *fakeTB) Helper()               {}

func TestEncode(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []byte{0xD6, 0xD0, 0xCE, 0xC4}, Encode("GBK", "中文"))
	assert.Equal(t, []byte{0xD6, 0xD0, 0xCE, 0xC4}, Encode("GB2312", "中文"))
	assert.Equal(t, []byte{0xA4, 0xA4, 0xA4, 0xE5}, Encode("BIG5", "中文"))
	assert.Equal(t, []byte{'c', 'a', 'f', 0xE9}, Encode("ISO-8859-1", "café"))
	assert.Equal(t, []byte("中文"), Encode("UTF-8", "中文"))
	assert.Equal(t, "%D6%D0%CE%C4", PercentEncode("GBK", "中文"))
	assert.Equal(t, "%E4%B8%AD%E6%96%87", PercentEncode("utf-8", "中文"))
	assert.Equal(t, "a%20b%26c%3D-._~", PercentEncode("GBK", "a b&c=-._~"))
	assert.Equal(t, "a+b%26%D6%D0", FormEncode("GBK", "a b&中"))
	for _, cs := range []string{"GBK", "GB2312", "BIG5", "UTF-8"} {
		s := "名 a+b&c=中文/?"
		assert.Equal(t, url.QueryEscape(string(Encode(cs, s))), FormEncode(cs, s), cs)
		assert.Equal(t, s, Decode(cs, Encode(cs, s)), cs)
	}
	assert.Panics(t, func() { Encode("EBCDIC", "x") })
	assert.Panics(t, func() { Encode("ISO-8859-1", "中") })
}

func TestCharsetServer(t *testing.T) {
	t.Parallel()
	for cs, text := range map[string]string{"GBK": "中文", "GB2312": "中文", "BIG5": "中文", "ISO-8859-1": "café", "UTF-8": "中文"} {
		answer := `{"code":0,"name":"` + text + `"}`
		srv := CharsetServer(t, cs, answer)
		assertLoopback(t, srv.Host())
		q := "name=" + PercentEncode(cs, text) + "&x=a+b"
		body := Encode(cs, "k="+text)
		req, err := http.NewRequest("POST", srv.URL+"/p%20x/y?"+q, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "text/plain; charset="+cs)
		resp, err := client(t, 5*time.Second).Do(req)
		require.NoError(t, err)
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)

		assert.Equal(t, "application/json; charset="+cs, resp.Header.Get("Content-Type"))
		assert.Equal(t, Encode(cs, answer), got, cs)
		assert.Equal(t, answer, Decode(cs, got), cs)
		last := srv.Last()
		assert.Equal(t, "POST", last.Method)
		assert.Equal(t, "/p%20x/y", last.Path)
		assert.Equal(t, q, last.RawQuery)
		assert.Equal(t, "/p%20x/y?"+q, last.RequestURI)
		assert.Equal(t, body, last.Body)
		assert.Equal(t, "text/plain; charset="+cs, last.Header.Get("Content-Type"))
	}
	gbk := CharsetServer(t, "GBK", "{}")
	_, err := client(t, 5*time.Second).Get(gbk.URL + "/?name=" + PercentEncode("GBK", "中文"))
	require.NoError(t, err)
	assert.Equal(t, "name=%D6%D0%CE%C4", gbk.Last().RawQuery)
}

func TestRecorder(t *testing.T) {
	t.Parallel()
	srv := HTTPServer(t, JSONHandler(201, map[string]any{"ok": true}))
	assert.Equal(t, Request{}, srv.Last())
	c := client(t, 5*time.Second)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			resp, err := c.Post(srv.URL+fmt.Sprintf("/n/%d", i), "text/plain", strings.NewReader("x"))
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	srv.Await(t, 20)
	wg.Wait()
	assert.Equal(t, 20, srv.Count())
	all := srv.All()
	require.Len(t, all, 20)
	all[0].Body[0] = 'y'
	all[0].Header.Set("X", "y")
	assert.Equal(t, []byte("x"), srv.All()[0].Body, "All returns copies")
	assert.Empty(t, srv.All()[0].Header.Get("X"))
	srv.Reset()
	assert.Equal(t, 0, srv.Count())
	code, hdr, body := get(t, c, srv.URL)
	assert.Equal(t, 201, code)
	assert.Equal(t, "application/json", hdr.Get("Content-Type"))
	assert.JSONEq(t, `{"ok":true}`, string(body))
	assert.Nil(t, srv.Last().Body, "a GET has no body")
}

func TestTextAndJSONServers(t *testing.T) {
	t.Parallel()
	c := client(t, 5*time.Second)
	txt := TextServer(t, "text/html; charset=GBK", "<h1>"+string(Encode("GBK", "错误"))+"</h1>")
	code, hdr, body := get(t, c, txt.URL)
	assert.Equal(t, 200, code)
	assert.Equal(t, "text/html; charset=GBK", hdr.Get("Content-Type"))
	assert.Equal(t, append(append([]byte("<h1>"), 0xB4, 0xED, 0xCE, 0xF3), "</h1>"...), body)

	js := JSONServer(t, 500, `{"code":500,"msg":"boom"}`)
	code, hdr, body = get(t, c, js.URL)
	assert.Equal(t, 500, code)
	assert.Equal(t, "application/json", hdr.Get("Content-Type"))
	assert.Equal(t, `{"code":500,"msg":"boom"}`, string(body))

	code, _, body = get(t, c, JSONServer(t, 200, []int{1, 2}).URL)
	assert.Equal(t, 200, code)
	assert.Equal(t, `[1,2]`, string(body))
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	srv := Redirects(t, 3, JSONHandler(200, `{"final":true}`))
	code, _, body := get(t, client(t, 5*time.Second), srv.URL+"/start?a=1")
	assert.Equal(t, 200, code)
	assert.Equal(t, `{"final":true}`, string(body))
	assert.Equal(t, 4, srv.Count())
	assert.Equal(t, "/hop/3", srv.Last().Path)
	assert.Equal(t, "a=1", srv.Last().RawQuery)

	noFollow := client(t, 5*time.Second)
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	code, hdr, _ := get(t, noFollow, srv.URL+"/hop/1")
	assert.Equal(t, 302, code)
	assert.Equal(t, "/hop/2", hdr.Get("Location"))

	code, _, _ = get(t, client(t, 5*time.Second), Redirects(t, 0, JSONHandler(204, "")).URL)
	assert.Equal(t, 204, code)
}

func TestBigBody(t *testing.T) {
	t.Parallel()
	c := client(t, 5*time.Second)
	const size = 1<<20 + 7
	srv := BigBody(t, size)
	resp, err := c.Get(srv.URL)
	require.NoError(t, err)
	assert.EqualValues(t, size, resp.ContentLength)
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Len(t, b, size)
	assert.True(t, json.Valid(b))

	_, hdr, b := get(t, c, BigBody(t, 5).URL)
	assert.Equal(t, "xxxxx", string(b))
	assert.Equal(t, "text/plain", hdr.Get("Content-Type"))

	// A client that stops after a cap does not keep the handler writing.
	resp, err = c.Get(srv.URL)
	require.NoError(t, err)
	_, err = io.CopyN(io.Discard, resp.Body, 1<<10)
	require.NoError(t, err)
	resp.Body.Close()
}

func TestBlackholeTLS(t *testing.T) {
	t.Parallel()
	addr := BlackholeTLS(t)
	assertLoopback(t, addr)
	tr := &http.Transport{TLSHandshakeTimeout: 100 * time.Millisecond}
	t.Cleanup(tr.CloseIdleConnections)
	start := time.Now()
	_, err := (&http.Client{Transport: tr}).Get("https://" + addr + "/")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TLS handshake timeout")
	assert.Less(t, time.Since(start), 2*time.Second)

	// A dial with a deadline covering the handshake ends the same way.
	d := &net.Dialer{Timeout: 100 * time.Millisecond}
	_, err = tls.DialWithDialer(d, "tcp", addr, &tls.Config{InsecureSkipVerify: true})
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())
}

func TestRefusedAddr(t *testing.T) {
	t.Parallel()
	addr := RefusedAddr(t)
	assertLoopback(t, addr)
	_, err := client(t, 5*time.Second).Get("http://" + addr + "/")
	require.Error(t, err)
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "%v", err)
}

func TestResetServer(t *testing.T) {
	t.Parallel()
	addr := ResetServer(t)
	assertLoopback(t, addr)
	c := client(t, 5*time.Second)
	for range 3 {
		resp, err := c.Post("http://"+addr+"/", "application/json", strings.NewReader(`{}`))
		if err == nil {
			resp.Body.Close()
		}
		require.Error(t, err)
		assert.True(t, errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) ||
			errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE), "%v", err)
	}
}

func TestSlowServer(t *testing.T) {
	t.Parallel()
	c := client(t, 5*time.Second)

	t.Run("answers after the delay", func(t *testing.T) {
		srv := SlowServer(t, 50*time.Millisecond)
		start := time.Now()
		code, _, body := get(t, c, srv.URL)
		assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
		assert.Equal(t, 200, code)
		assert.JSONEq(t, `{"code":0,"slow":true}`, string(body))
	})
	t.Run("a client timeout ends the call", func(t *testing.T) {
		srv := SlowServer(t, time.Hour)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/slow", strings.NewReader("body"))
		_, err := c.Do(req)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, []byte("body"), srv.Last().Body, "the request was read")
	})

	// A request still waiting when its test ends is released by the
	// cleanup, not left hanging.
	done := make(chan error, 1)
	t.Run("released on cleanup", func(t *testing.T) {
		srv := SlowServer(t, time.Hour)
		go func() {
			resp, err := c.Get(srv.URL)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		srv.Await(t, 1)
	})
	awaitReleased(t, done, "the slow request")
}

func TestSlowBodyServer(t *testing.T) {
	t.Parallel()
	srv := SlowBodyServer(t, time.Hour)
	c := client(t, 200*time.Millisecond)
	resp, err := c.Get(srv.URL)
	require.NoError(t, err, "the headers come at once")
	assert.Equal(t, 200, resp.StatusCode)
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())

	code, _, body := get(t, client(t, 5*time.Second), SlowBodyServer(t, 10*time.Millisecond).URL)
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"code":0,"slow":true}`, string(body))
}

func TestTokenServer(t *testing.T) {
	t.Parallel()
	ts := NewTokenServer(t, TokenOptions{AppKey: "k", AppSecret: "s"})
	assertLoopback(t, ts.Host())
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr, Timeout: 5 * time.Second}

	fetch := func(contentType, body string) (int, string) {
		resp, err := c.Post(ts.TokenURL(), contentType, strings.NewReader(body))
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	api := func(tok string) (int, string) {
		req, _ := http.NewRequest("GET", ts.URL+"/api/orders", nil)
		if tok != "" {
			req.Header.Set("X-Access-Token", tok)
		}
		resp, err := c.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	code, body := fetch("application/json", `{"appKey":"k","appSecret":"s"}`)
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"data":{"access_token":"tok-1","expires_in":7200}}`, body)
	code, body = fetch("application/x-www-form-urlencoded", "appKey=k&appSecret=s")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"data":{"access_token":"tok-2","expires_in":7200}}`, body)
	code, _ = fetch("application/json", `{"appKey":"k","appSecret":"wrong"}`)
	assert.Equal(t, 401, code)
	resp, err := c.Get(ts.TokenURL() + "?appKey=k&appSecret=s")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 405, resp.StatusCode)
	assert.Equal(t, 4, ts.Fetches())
	assert.Equal(t, "tok-2", ts.Current())

	code, _ = api("tok-1")
	assert.Equal(t, 401, code, "an older token is stale")
	code, body = api("")
	assert.Equal(t, 401, code)
	assert.JSONEq(t, `{"errcode":40001,"errmsg":"invalid access_token"}`, body)
	code, body = api("tok-2")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"code":0,"msg":"ok","data":{"token":"tok-2","path":"/api/orders"}}`, body)
	ts.Expire()
	assert.Equal(t, "", ts.Current())
	code, _ = api("tok-2")
	assert.Equal(t, 401, code, "expired")
	assert.Equal(t, 4, ts.Calls())
	assert.Equal(t, 3, ts.Rejected())

	// 50 concurrent fetches, then 50 concurrent calls with the last token.
	var wg sync.WaitGroup
	tokens := make(chan string, 50)
	for range 50 {
		wg.Go(func() {
			code, body := fetch("application/json", `{"appKey":"k","appSecret":"s"}`)
			if code == 200 {
				var a struct {
					Data struct {
						AccessToken string `json:"access_token"`
					}
				}
				json.Unmarshal([]byte(body), &a)
				tokens <- a.Data.AccessToken
			}
		})
	}
	wg.Wait()
	close(tokens)
	seen := map[string]bool{}
	for tok := range tokens {
		seen[tok] = true
	}
	assert.Len(t, seen, 50, "50 distinct tokens")
	assert.Equal(t, 54, ts.Fetches())
	assert.Equal(t, "tok-52", ts.Current())
	codes := make(chan int, 50)
	for range 50 {
		wg.Go(func() { code, _ := api(ts.Current()); codes <- code })
	}
	wg.Wait()
	close(codes)
	for code := range codes {
		assert.Equal(t, 200, code)
	}
	assert.Equal(t, 54, ts.Calls())
	assert.Equal(t, 3, ts.Rejected())
	assert.Equal(t, 54+54, ts.Count(), "the recorder saw every request")
}

func TestTokenServerOptions(t *testing.T) {
	t.Parallel()
	ts := NewTokenServer(t, TokenOptions{
		TokenPath:    "/oauth/gettoken",
		TokenMethod:  "GET",
		KeyField:     "appid",
		SecretField:  "secret",
		AppKey:       "wx1",
		AppSecret:    "sec",
		TokenField:   "access_token",
		ExpiresField: "-",
		InjectIn:     "query",
		InjectName:   "access_token",
		Prefix:       "T:",
		StaleStatus:  200,
		StaleBody:    `{"errcode":42001}`,
	})
	c := client(t, 5*time.Second)
	code, _, body := get(t, c, ts.TokenURL()+"?appid=wx1&secret=sec")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"access_token":"tok-1"}`, string(body))

	code, _, body = get(t, c, ts.URL+"/cgi/send?access_token=tok-1")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"errcode":42001}`, string(body), "without the prefix")
	code, _, body = get(t, c, ts.URL+"/cgi/send?access_token="+url.QueryEscape("T:tok-1"))
	assert.Equal(t, 200, code)
	assert.Contains(t, string(body), `"code":0`)
	assert.Equal(t, 1, ts.Rejected())
}

func TestTokenServerDelay(t *testing.T) {
	t.Parallel()
	ts := NewTokenServer(t, TokenOptions{TokenDelay: 30 * time.Millisecond})
	c := client(t, 5*time.Second)
	start := time.Now()
	resp, err := c.Post(ts.TokenURL(), "application/json", strings.NewReader(`{"appKey":"app-key","appSecret":"app-secret"}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)

	// A fetch held back when the test ends is released, not left hanging.
	done := make(chan struct{})
	t.Run("released on cleanup", func(t *testing.T) {
		slow := NewTokenServer(t, TokenOptions{TokenDelay: time.Hour})
		go func() {
			defer close(done)
			resp, err := c.Post(slow.TokenURL(), "application/json", strings.NewReader(`{"appKey":"app-key","appSecret":"app-secret"}`))
			if err == nil {
				resp.Body.Close()
			}
		}()
		slow.Await(t, 1)
	})
	awaitReleased(t, done, "the held token request")
}

func TestAuthServers(t *testing.T) {
	t.Parallel()
	c := client(t, 5*time.Second)
	do := func(srv *Server, path string, set func(*http.Request)) int {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		require.NoError(t, err)
		if set != nil {
			set(req)
		}
		resp, err := c.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == 200 {
			assert.JSONEq(t, `{"code":0}`, string(b))
		}
		return resp.StatusCode
	}

	basic := BasicAuthServer(t, "user", "p@ss:中")
	assertLoopback(t, basic.Host())
	assert.Equal(t, 200, do(basic, "/", func(r *http.Request) { r.SetBasicAuth("user", "p@ss:中") }))
	assert.Equal(t, 401, do(basic, "/", func(r *http.Request) { r.SetBasicAuth("user", "nope") }))
	assert.Equal(t, 401, do(basic, "/", nil))
	assert.Equal(t, 3, basic.Count())
	assert.Equal(t, "", basic.Last().Header.Get("Authorization"))

	hdr := APIKeyServer(t, "X-Api-Key", "header", "k1")
	assert.Equal(t, 200, do(hdr, "/", func(r *http.Request) { r.Header.Set("X-Api-Key", "k1") }))
	assert.Equal(t, 401, do(hdr, "/?X-Api-Key=k1", nil))
	assert.Equal(t, "k1", hdr.All()[0].Header.Get("X-Api-Key"))

	q := APIKeyServer(t, "api_key", "query", "k 2")
	assert.Equal(t, 200, do(q, "/?api_key=k+2", nil))
	assert.Equal(t, 401, do(q, "/", func(r *http.Request) { r.Header.Set("api_key", "k 2") }))
	assert.Equal(t, "api_key=k+2", q.All()[0].RawQuery)

	bearer := BearerServer(t, "abc")
	assert.Equal(t, 200, do(bearer, "/", func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") }))
	assert.Equal(t, 401, do(bearer, "/", func(r *http.Request) { r.Header.Set("Authorization", "abc") }))

	app := AppCodeServer(t, "c0de")
	assert.Equal(t, 200, do(app, "/", func(r *http.Request) { r.Header.Set("Authorization", "APPCODE c0de") }))
	assert.Equal(t, 401, do(app, "/", func(r *http.Request) { r.Header.Set("Authorization", "Bearer c0de") }))
	assert.Equal(t, "Bearer c0de", app.Last().Header.Get("Authorization"))
}

func TestProxyServer(t *testing.T) {
	t.Parallel()
	proxy := ProxyServer(t)
	assertLoopback(t, proxy.Host())
	proxyURL, err := url.Parse("http://" + proxy.Host())
	require.NoError(t, err)
	ca := NewCA(t)
	tr := &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{RootCAs: ca.Pool()}}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr, Timeout: 5 * time.Second}

	plain := JSONServer(t, 200, `{"via":"proxy"}`)
	code, _, body := get(t, c, plain.URL+"/a?b=1")
	assert.Equal(t, 200, code)
	assert.Equal(t, `{"via":"proxy"}`, string(body))
	assert.Equal(t, "GET", proxy.Last().Method)
	assert.Equal(t, plain.URL+"/a?b=1", proxy.Last().RequestURI)
	assert.Equal(t, "/a", plain.Last().Path)
	assert.Equal(t, "b=1", plain.Last().RawQuery)

	secure := TLSServer(t, ca, JSONHandler(200, `{"tls":true}`))
	code, _, body = get(t, c, secure.URL+"/s")
	assert.Equal(t, 200, code)
	assert.Equal(t, `{"tls":true}`, string(body))
	assert.Equal(t, "CONNECT", proxy.Last().Method)
	assert.Equal(t, secure.Host(), proxy.Last().RequestURI)
	assert.Equal(t, "/s", secure.Last().Path)

	code, _, _ = get(t, c, "http://example.invalid/")
	assert.Equal(t, 403, code, "only 127.0.0.1 is reachable")
	assert.Equal(t, 3, proxy.Count())

	// A tunnel still open when the test ends is closed by the cleanup.
	t.Run("open tunnel", func(t *testing.T) {
		p := ProxyServer(t)
		conn, err := net.Dial("tcp4", p.Host())
		require.NoError(t, err)
		defer conn.Close()
		fmt.Fprintf(conn, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", BlackholeTLS(t), "x")
		buf := make([]byte, 39)
		_, err = io.ReadFull(conn, buf)
		require.NoError(t, err)
		assert.Equal(t, "HTTP/1.1 200 Connection Established\r\n\r\n", string(buf))
	})
}

// awaitReleased fails the test unless done fires soon after the subtest that
// held the request ended (its cleanup must release the request).
func awaitReleased[T any](t *testing.T, done <-chan T, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal(what + " was not released when its test ended")
	}
}
