package local

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsLoopbackHost(t *testing.T) {
	for _, host := range []string{"localhost", "LOCALHOST", "127.0.0.1", "127.9.9.9", "::1", "[::1]"} {
		assert.True(t, IsLoopbackHost(host), host)
	}
	for _, host := range []string{"", "0.0.0.0", "::", "192.0.2.1", "example.com", "localhost.example.com", "127.0.0.1.nip.io"} {
		assert.False(t, IsLoopbackHost(host), host)
	}
}

func TestCheckListenAddr(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "127.0.0.1:8080", "localhost:0", "[::1]:0", "127.9.9.9:1"} {
		assert.NoError(t, CheckListenAddr(addr), addr)
	}
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:80", "127.0.0.1", ""} {
		assert.ErrorIs(t, CheckListenAddr(addr), ErrNotLoopback, addr)
	}
}
