package bridge

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrNotLoopback is the refusal of a listen address whose host is not a
// loopback address.
var ErrNotLoopback = errors.New("browser mode listens on a loopback address only (127.0.0.1, localhost or [::1])")

// NewToken returns 32 random bytes from crypto/rand as 64 hex digits.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("bridge: make a token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// CheckAddr accepts a listen address host:port whose host is loopback:
// localhost, an address of 127.0.0.0/8 or ::1. An empty host (":8080", all
// interfaces) is refused like any other.
func CheckAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: %q is not host:port", ErrNotLoopback, addr)
	}
	if !isLoopbackName(host) {
		return fmt.Errorf("%w, not %q", ErrNotLoopback, addr)
	}
	return nil
}

// Listen listens on addr after CheckAddr accepted it.
func Listen(addr string) (net.Listener, error) {
	if err := CheckAddr(addr); err != nil {
		return nil, err
	}
	return net.Listen("tcp", addr)
}

func isLoopbackName(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackHost accepts a Host header that names localhost or a loopback IP
// address literal — 127.0.0.1, any other of 127.0.0.0/8 (serve --addr
// 127.0.0.2:0), ::1 — with the server's port when it has one. A name is
// refused: it may be a DNS rebinding attack, a site whose name resolves to
// 127.0.0.1. An IP literal cannot be rebound.
func (s *Server) loopbackHost(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]"), ""
	}
	if !isLoopbackName(host) {
		return false
	}
	return s.port == "" || port == s.port
}

// loopbackOrigin accepts an Origin header of a page this server may have
// served: http://<loopback host>.
func (s *Server) loopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" {
		return false
	}
	return s.loopbackHost(u.Host)
}

// validToken compares in constant time.
func (s *Server) validToken(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}
