// Package local holds what Junction knows about the machine it runs on: which
// addresses are this machine's own (loopback), and how to hand a URL or a
// folder to the operating system. Browser mode's guards, `junction serve` and
// the window use these, so each rule exists once.
package local

import (
	"errors"
	"fmt"
	"net"
	"os/exec"
	"runtime"
	"strings"
)

// ErrNotLoopback is the refusal of a listen address whose host is not a
// loopback address.
var ErrNotLoopback = errors.New("browser mode listens on a loopback address only (127.0.0.1, localhost or [::1])")

// IsLoopbackHost reports whether host (without a port; an IPv6 literal with
// or without its brackets) is localhost or an address of 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckListenAddr accepts a listen address host:port whose host is loopback.
// An empty host (":8080", every interface) is refused like any other: browser
// mode never listens where other machines reach it.
func CheckListenAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: %q is not host:port, e.g. 127.0.0.1:0", ErrNotLoopback, addr)
	}
	if !IsLoopbackHost(host) {
		return fmt.Errorf("%w, not %q", ErrNotLoopback, addr)
	}
	return nil
}

// Open asks the operating system to open target, a URL (in the default
// browser) or a folder (in the file manager), without waiting for it. It
// fails when there is no opener, as on a server or a CI machine.
func Open(target string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		// rundll32 opens URLs and folders alike, and takes the target as one
		// argument (cmd /c start would parse it).
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", target)
	case "darwin":
		cmd = exec.Command("open", target)
	default:
		cmd = exec.Command("xdg-open", target)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
