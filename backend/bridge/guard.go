package bridge

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"

	"junction/backend/local"
)

// NewToken returns 32 random bytes from crypto/rand as 64 hex digits.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("bridge: make a token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Listen listens on addr after local.CheckListenAddr accepted it.
func Listen(addr string) (net.Listener, error) {
	if err := local.CheckListenAddr(addr); err != nil {
		return nil, err
	}
	return net.Listen("tcp", addr)
}

// loopbackHost accepts a Host header that names localhost or a loopback IP
// address literal — 127.0.0.1, any other of 127.0.0.0/8 (serve --addr
// 127.0.0.2:0), ::1 — with the server's port when it has one. A name is
// refused: it may be a DNS rebinding attack, a site whose name resolves to
// 127.0.0.1. An IP literal cannot be rebound.
func (s *Server) loopbackHost(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	if !local.IsLoopbackHost(host) {
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
