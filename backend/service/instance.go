package service

// The single-instance lock and its holder note. store.Lock only says that
// some process holds <db>.lock; the holder writes who it is into a sidecar
// beside it, so that a second window or `junction serve` can say where the
// open Junction is (a window to switch to, or a browser-mode server to stop).
//
// Browser mode takes the lock as the window does: it is the studio in another
// shape, with the same in-process state (the token cache of auth accounts,
// and the flow scheduler that must fire each trigger once). The headless
// commands take no lock and keep working beside either.

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/supervise"
)

// The modes a lock holder runs in.
const (
	HolderWindow  = "window"
	HolderBrowser = "browser"
)

// Holder is what the holder of the single-instance lock writes about itself.
type Holder struct {
	Mode string `json:"mode"`
	PID  int    `json:"pid"`
	// Addr is browser mode's URL without its one-time code.
	Addr string `json:"addr,omitempty"`
}

// holderPath is the sidecar of the lock file: the lock file itself stays
// empty, since on Windows a locked file cannot be written by its holder's
// other handles.
func holderPath(dbPath string) string { return dbPath + ".lock.holder" }

// ReadHolder reads the holder note of the store at dbPath; ok is false when
// there is none or it cannot be read (the holder may be starting and not
// have written it yet).
func ReadHolder(dbPath string) (h Holder, ok bool) {
	data, err := os.ReadFile(holderPath(dbPath))
	if err != nil || json.Unmarshal(data, &h) != nil || (h.Mode != HolderWindow && h.Mode != HolderBrowser) {
		return Holder{}, false
	}
	return h, true
}

// instance is a held single-instance lock.
type instance struct {
	dbPath string
	holder Holder
	unlock func() error
}

// lockInstance takes the single-instance lock of dbPath for a holder in mode
// and writes the note. A lock another process holds is refused with a rule
// error naming the holder (reasons door.open_in_*), or door.instance_taken
// when its note is not there yet.
func lockInstance(dbPath, mode string) (*instance, error) {
	unlock, err := store.Lock(dbPath)
	if err != nil {
		return nil, lockRefusal(err, dbPath)
	}
	in := &instance{dbPath: dbPath, holder: Holder{Mode: mode, PID: userPID()}, unlock: unlock}
	in.write()
	return in, nil
}

// write records the note. A note that cannot be written only costs the
// second instance its detail, so it is not an error.
func (in *instance) write() {
	data, _ := json.Marshal(in.holder)
	_ = os.WriteFile(holderPath(in.dbPath), data, 0o600)
}

// announce adds browser mode's address to the note, once it is known.
func (in *instance) announce(addr string) {
	in.holder.Addr = addr
	in.write()
}

// release removes the note, then frees the lock.
func (in *instance) release() error {
	_ = os.Remove(holderPath(in.dbPath))
	return in.unlock()
}

// lockRefusal wraps store.Lock's refusal with the holder: "Junction is
// already open on X (in a desktop window, process 42)". Other errors pass
// unchanged.
func lockRefusal(err error, dbPath string) error {
	if domain.ErrorCode(err) != domain.ERule {
		return err
	}
	h, ok := ReadHolder(dbPath)
	if !ok {
		return domain.Errorf(domain.ERule, "%s", domain.ErrorMessage(err)).With(domain.RInstanceTaken, "db", dbPath)
	}
	return domain.Errorf(domain.ERule, "%s (%s)", domain.ErrorMessage(err), h.Text("en")).
		With(h.reason(), "db", dbPath, "pid", strconv.Itoa(h.PID), "addr", h.Addr)
}

// reason is the reason of a refusal by this holder, for the UI: the same
// cases as Text.
func (h Holder) reason() domain.Reason {
	switch {
	case h.Mode == HolderBrowser && h.Addr != "":
		return domain.ROpenInBrowser
	case h.Mode == HolderBrowser:
		return domain.ROpenInBrowserNoAddr
	}
	return domain.ROpenInWindow
}

// Text names the holder in a phrase in lang (zh-CN or en): "in a desktop
// window, process 42". The window's second-instance dialog, shown before any
// frontend exists, and the CLI's refusal use it.
func (h Holder) Text(lang string) string {
	zh := lang == "zh-CN"
	switch {
	case h.Mode == HolderBrowser && zh:
		if h.Addr != "" {
			return fmt.Sprintf("浏览器模式 junction serve，地址 %s，进程 %d", h.Addr, h.PID)
		}
		return fmt.Sprintf("浏览器模式 junction serve，进程 %d", h.PID)
	case h.Mode == HolderBrowser:
		if h.Addr != "" {
			return fmt.Sprintf("in browser mode, junction serve at %s, process %d", h.Addr, h.PID)
		}
		return fmt.Sprintf("in browser mode, junction serve, process %d", h.PID)
	case zh:
		return fmt.Sprintf("桌面窗口，进程 %d", h.PID)
	default:
		return fmt.Sprintf("in a desktop window, process %d", h.PID)
	}
}

// userPID is the process the user started: a CLI run (browser mode) does its
// work in a supervised child (backend/supervise), whose parent is the
// `junction serve` they see and would stop.
func userPID() int {
	if supervise.CrashPipe() != nil {
		return os.Getppid()
	}
	return os.Getpid()
}
