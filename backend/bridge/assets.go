package bridge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Assets serves the built frontend: the same handler for `serve` and for the
// desktop window's asset server.
//
// The build (frontend/vite.config.ts) writes name.br and name.gz next to each
// file worth compressing; Assets sends the smallest one the client accepts,
// and the file itself to a client that accepts neither. Vite names the files
// under assets/ after a hash of their content, so those are cached for a
// year; index.html (and the other unhashed files) are revalidated on every
// load, cheaply, by their ETag.
type Assets struct {
	files map[string]*asset // by path without the leading slash
}

// asset is one file and its compressed forms, best first.
type asset struct {
	name         string
	contentType  string
	cacheControl string
	forms        []form // identity last
}

// form is one representation of a file: its Content-Encoding ("" for the
// file as it is), its bytes and its ETag.
type form struct {
	encoding string
	data     []byte
	etag     string
}

// hashedDir holds vite's content-hashed output (build.assetsDir).
const hashedDir = "assets/"

// encodings are the compressed siblings the build writes, best first.
var encodings = []struct{ name, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// NewAssets reads fsys once; the handler serves from memory.
func NewAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{files: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || isCompressedSibling(fsys, name) {
			return err
		}
		f, err := readAsset(fsys, name)
		if err != nil {
			return err
		}
		a.files[name] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the frontend's files: %w", err)
	}
	return a, nil
}

// isCompressedSibling tells name.br or name.gz from a file of its own: the
// build writes them only next to the file they compress.
func isCompressedSibling(fsys fs.FS, name string) bool {
	for _, e := range encodings {
		if base, ok := strings.CutSuffix(name, e.suffix); ok {
			if _, err := fs.Stat(fsys, base); err == nil {
				return true
			}
		}
	}
	return false
}

func readAsset(fsys fs.FS, name string) (*asset, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	contentType := mime.TypeByExtension(path.Ext(name))
	if contentType == "" {
		contentType = http.DetectContentType(data)
	}
	cacheControl := "no-cache"
	if strings.HasPrefix(name, hashedDir) {
		cacheControl = "public, max-age=31536000, immutable"
	}
	tag := contentTag(data)
	f := &asset{name: name, contentType: contentType, cacheControl: cacheControl}
	for _, e := range encodings {
		packed, err := fs.ReadFile(fsys, name+e.suffix)
		if err != nil {
			continue // the build found it not worth compressing
		}
		// Each representation has its own strong ETag (RFC 9110 8.8.3).
		f.forms = append(f.forms, form{encoding: e.name, data: packed, etag: `"` + tag + "-" + e.name + `"`})
	}
	f.forms = append(f.forms, form{data: data, etag: `"` + tag + `"`})
	return f, nil
}

// contentTag names data by its content, so that an ETag changes exactly
// when the file does.
func contentTag(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// ServeHTTP answers GET and HEAD with the file the path names ("/" is
// index.html), in the best form the request's Accept-Encoding allows;
// If-None-Match, Range and HEAD are http.ServeContent's.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	f, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	chosen := f.forms[len(f.forms)-1]
	for _, fm := range f.forms[:len(f.forms)-1] {
		if accepts(r.Header.Get("Accept-Encoding"), fm.encoding) {
			chosen = fm
			break
		}
	}
	h := w.Header()
	if len(f.forms) > 1 {
		h.Add("Vary", "Accept-Encoding")
	}
	if chosen.encoding != "" {
		h.Set("Content-Encoding", chosen.encoding)
	}
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", f.cacheControl)
	h.Set("ETag", chosen.etag)
	// The zero time: no Last-Modified (embedded files have none); the ETag validates.
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(chosen.data))
}

// WithoutCompression serves next as to a client that accepts no encoding.
// The desktop window reads its assets from memory through Wails, which
// rewrites index.html and passes bodies to the webview as they are: there
// compression only costs.
func WithoutCompression(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.Clone(r.Context())
		r.Header.Del("Accept-Encoding")
		next.ServeHTTP(w, r)
	})
}

// accepts tells whether an Accept-Encoding header value admits encoding:
// named (or matched by *) with a q-value above zero (RFC 9110 12.5.3).
func accepts(header, encoding string) bool {
	admitted := false
	for _, item := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(item, ";")
		token = strings.TrimSpace(token)
		if !strings.EqualFold(token, encoding) && token != "*" {
			continue
		}
		q := 1.0
		if value, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if parsed, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil {
				q = parsed
			}
		}
		if strings.EqualFold(token, encoding) {
			return q > 0 // the encoding's own entry overrides *
		}
		admitted = q > 0
	}
	return admitted
}
