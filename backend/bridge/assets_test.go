package bridge

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	builtIndex = "<!doctype html><title>Junction</title><script type=module src=/assets/index-Ab12Cd.js></script>"
	builtApp   = "console.log('the connector centre')"
	// The build's brotli output; the server sends it as it is, so any bytes do.
	builtAppBrotli = "\x1b\x22\x00the-brotli-bytes"
)

func gzipped(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := io.WriteString(zw, text)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// builtFrontend is laid out as vite.config.ts's build writes it: hashed
// files under assets/ with .br and .gz siblings, unhashed files at the root.
func builtFrontend(t *testing.T) fstest.MapFS {
	return fstest.MapFS{
		"index.html":                {Data: []byte(builtIndex)},
		"index.html.gz":             {Data: gzipped(t, builtIndex)},
		"assets/index-Ab12Cd.js":    {Data: []byte(builtApp)},
		"assets/index-Ab12Cd.js.gz": {Data: gzipped(t, builtApp)},
		"assets/index-Ab12Cd.js.br": {Data: []byte(builtAppBrotli)},
		"favicon.svg":               {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")},
		// A file whose name only looks like a sibling: served as itself.
		"notes.gz": {Data: []byte("not a sibling")},
	}
}

// fetchAsset asks with exactly the headers given: the transport neither adds
// Accept-Encoding nor decodes the body.
func fetchAsset(t *testing.T, ts *httptest.Server, path string, header http.Header) answer {
	t.Helper()
	hr, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	require.NoError(t, err)
	for k, vs := range header {
		hr.Header[k] = vs
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(hr)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return answer{status: res.StatusCode, header: res.Header, body: string(body)}
}

func gunzip(t *testing.T, body string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(body))
	require.NoError(t, err)
	plain, err := io.ReadAll(zr)
	require.NoError(t, err)
	return string(plain)
}

func TestAssets_Compression(t *testing.T) {
	_, ts := newServer(t, Options{Assets: builtFrontend(t)})
	const js = "/assets/index-Ab12Cd.js"
	t.Run("brotli to a client that takes it", func(t *testing.T) {
		a := fetchAsset(t, ts, js, http.Header{"Accept-Encoding": {"gzip, deflate, br, zstd"}})
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "br", a.header.Get("Content-Encoding"))
		assert.Equal(t, builtAppBrotli, a.body)
		assert.Equal(t, "Accept-Encoding", a.header.Get("Vary"))
		assert.Equal(t, "text/javascript; charset=utf-8", a.header.Get("Content-Type"))
	})
	t.Run("gzip when brotli is refused or unknown", func(t *testing.T) {
		for _, accept := range []string{"gzip", "br;q=0, gzip", "gzip;q=0.5, deflate"} {
			a := fetchAsset(t, ts, js, http.Header{"Accept-Encoding": {accept}})
			assert.Equal(t, "gzip", a.header.Get("Content-Encoding"), accept)
			assert.Equal(t, builtApp, gunzip(t, a.body), accept)
		}
	})
	t.Run("a client without Accept-Encoding gets the file itself", func(t *testing.T) {
		for _, header := range []http.Header{{}, {"Accept-Encoding": {"identity"}}, {"Accept-Encoding": {"gzip;q=0, br;q=0"}}} {
			a := fetchAsset(t, ts, js, header)
			assert.Equal(t, http.StatusOK, a.status)
			assert.Empty(t, a.header.Get("Content-Encoding"), header)
			assert.Equal(t, builtApp, a.body, header)
			assert.Equal(t, "Accept-Encoding", a.header.Get("Vary"), "a cache must not hand this to a client that takes br")
		}
	})
	t.Run("* admits what is not named", func(t *testing.T) {
		assert.Equal(t, "br", fetchAsset(t, ts, js, http.Header{"Accept-Encoding": {"*"}}).header.Get("Content-Encoding"))
		assert.Equal(t, "gzip", fetchAsset(t, ts, js, http.Header{"Accept-Encoding": {"br;q=0, *"}}).header.Get("Content-Encoding"))
	})
	t.Run("index.html too, with its page headers", func(t *testing.T) {
		a := fetchAsset(t, ts, "/", http.Header{"Accept-Encoding": {"gzip, br"}})
		assert.Equal(t, "gzip", a.header.Get("Content-Encoding"), "the build wrote no .br for it")
		assert.Equal(t, builtIndex, gunzip(t, a.body))
		assert.Equal(t, "text/html; charset=utf-8", a.header.Get("Content-Type"))
		assert.Contains(t, a.header.Get("Content-Security-Policy"), "default-src 'self'")
	})
	t.Run("a file without siblings is sent as it is, without Vary", func(t *testing.T) {
		a := fetchAsset(t, ts, "/favicon.svg", http.Header{"Accept-Encoding": {"gzip, br"}})
		assert.Equal(t, http.StatusOK, a.status)
		assert.Empty(t, a.header.Get("Content-Encoding"))
		assert.Empty(t, a.header.Get("Vary"))
		assert.Equal(t, "image/svg+xml", a.header.Get("Content-Type"))
	})
	t.Run("the siblings are no files of their own", func(t *testing.T) {
		assert.Equal(t, http.StatusNotFound, fetchAsset(t, ts, js+".br", nil).status)
		assert.Equal(t, http.StatusNotFound, fetchAsset(t, ts, "/index.html.gz", nil).status)
		assert.Equal(t, "not a sibling", fetchAsset(t, ts, "/notes.gz", nil).body)
	})
}

func TestAssets_Caching(t *testing.T) {
	_, ts := newServer(t, Options{Assets: builtFrontend(t)})
	t.Run("hashed assets are cached for a year", func(t *testing.T) {
		a := fetchAsset(t, ts, "/assets/index-Ab12Cd.js", nil)
		assert.Equal(t, "public, max-age=31536000, immutable", a.header.Get("Cache-Control"))
	})
	t.Run("index.html and unhashed files are revalidated", func(t *testing.T) {
		for _, path := range []string{"/", "/index.html", "/favicon.svg"} {
			a := fetchAsset(t, ts, path, nil)
			assert.Equal(t, http.StatusOK, a.status, path)
			assert.Equal(t, "no-cache", a.header.Get("Cache-Control"), path)
			assert.NotEmpty(t, a.header.Get("ETag"), path)
		}
	})
	t.Run("a matching ETag answers 304 without a body", func(t *testing.T) {
		for _, accept := range []string{"", "gzip", "br"} {
			header := http.Header{}
			if accept != "" {
				header.Set("Accept-Encoding", accept)
			}
			first := fetchAsset(t, ts, "/assets/index-Ab12Cd.js", header)
			etag := first.header.Get("ETag")
			require.Regexp(t, `^"[0-9a-f]{24}(-br|-gzip)?"$`, etag)
			header.Set("If-None-Match", etag)
			again := fetchAsset(t, ts, "/assets/index-Ab12Cd.js", header)
			assert.Equal(t, http.StatusNotModified, again.status, accept)
			assert.Empty(t, again.body, accept)
			assert.Equal(t, etag, again.header.Get("ETag"), accept)
		}
	})
	t.Run("each form has its own ETag", func(t *testing.T) {
		tags := map[string]bool{}
		for _, accept := range []string{"", "gzip", "br"} {
			tags[fetchAsset(t, ts, "/assets/index-Ab12Cd.js", http.Header{"Accept-Encoding": {accept}}).header.Get("ETag")] = true
		}
		assert.Len(t, tags, 3)
		a := fetchAsset(t, ts, "/assets/index-Ab12Cd.js", http.Header{"Accept-Encoding": {"br"}, "If-None-Match": {`"stale"`}})
		assert.Equal(t, http.StatusOK, a.status, "another ETag is no match")
	})
	t.Run("the ETag follows the content", func(t *testing.T) {
		changed := builtFrontend(t)
		changed["index.html"] = &fstest.MapFile{Data: []byte(builtIndex + "<!-- rebuilt -->")}
		_, other := newServer(t, Options{Assets: changed})
		assert.NotEqual(t, fetchAsset(t, ts, "/", nil).header.Get("ETag"), fetchAsset(t, other, "/", nil).header.Get("ETag"))
	})
}

func TestAssets_WithoutCompression(t *testing.T) {
	assets, err := NewAssets(builtFrontend(t))
	require.NoError(t, err)
	// As Wails' asset server calls it: an in-process request, no network.
	r := httptest.NewRequest(http.MethodGet, "/assets/index-Ab12Cd.js", nil)
	r.Header.Set("Accept-Encoding", "gzip, br")
	w := httptest.NewRecorder()
	WithoutCompression(assets).ServeHTTP(w, r)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Header().Get("Content-Encoding"))
	assert.Equal(t, builtApp, w.Body.String())
	assert.Equal(t, "public, max-age=31536000, immutable", w.Header().Get("Cache-Control"))
	assert.Equal(t, "gzip, br", r.Header.Get("Accept-Encoding"), "the caller's request is left as it was")
}
