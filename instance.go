package main

// The single-instance lock's holder note and the second instance's refusal.
// store.Lock only says that some process holds <db>.lock; the holder writes
// who it is into a sidecar beside it, so that a second window can say where
// the open Junction is (a window to switch to, or a browser-mode server to
// stop) in the user's language.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"junction/backend/domain"
	"junction/backend/store"
	"junction/backend/supervise"
)

// The modes a lock holder runs in.
const (
	holderWindow  = "window"
	holderBrowser = "browser"
)

// lockHolder is what the holder of the single-instance lock writes about itself.
type lockHolder struct {
	Mode string `json:"mode"`
	PID  int    `json:"pid"`
	// Addr is browser mode's URL without its one-time code.
	Addr string `json:"addr,omitempty"`
}

// holderPath is the sidecar of the lock file: the lock file itself stays
// empty, since on Windows a locked file cannot be written by its holder's
// other handles.
func holderPath(dbPath string) string { return dbPath + ".lock.holder" }

// writeHolder records this process as the lock's holder; call it only while
// holding the lock. It returns the function that removes the note, to run
// before the lock is released. A note that cannot be written only costs the
// second instance its detail, so it is not an error.
func writeHolder(dbPath string, h lockHolder) (remove func()) {
	path := holderPath(dbPath)
	data, _ := json.Marshal(h)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return func() {}
	}
	return func() { _ = os.Remove(path) }
}

// readHolder reads the holder note; ok is false when there is none or it
// cannot be read (the holder may be starting and not have written it yet).
func readHolder(dbPath string) (h lockHolder, ok bool) {
	data, err := os.ReadFile(holderPath(dbPath))
	if err != nil || json.Unmarshal(data, &h) != nil || (h.Mode != holderWindow && h.Mode != holderBrowser) {
		return lockHolder{}, false
	}
	return h, true
}

// lockRefusal wraps store.Lock's refusal with the holder, for the command
// line (browser mode): "Junction is already open on X (in a desktop window,
// process 42)". Other errors pass unchanged.
func lockRefusal(err error, dbPath string) error {
	if domain.ErrorCode(err) != domain.ERule {
		return err
	}
	h, ok := readHolder(dbPath)
	if !ok {
		return err
	}
	return domain.Errorf(domain.ERule, "%s (%s)", domain.ErrorMessage(err), holderText("en", h)).With(holderReason(h), "db", dbPath, "pid", strconv.Itoa(h.PID), "addr", h.Addr)
}

// holderReason is the reason of a refusal by the lock's holder, for the UI:
// the same cases as holderText.
func holderReason(h lockHolder) domain.Reason {
	switch {
	case h.Mode == holderBrowser && h.Addr != "":
		return domain.ROpenInBrowser
	case h.Mode == holderBrowser:
		return domain.ROpenInBrowserNoAddr
	}
	return domain.ROpenInWindow
}

// takeLock takes the single-instance lock and writes the holder note; release
// removes the note, then frees the lock.
func takeLock(dbPath string, h lockHolder) (release func(), err error) {
	unlock, err := store.Lock(dbPath)
	if err != nil {
		return nil, lockRefusal(err, dbPath)
	}
	h.PID = userPID()
	remove := writeHolder(dbPath, h)
	return func() {
		remove()
		_ = unlock()
	}, nil
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

// uiLanguage is the language of the dialogs shown before the frontend (and
// its language setting) exists: zh-CN when the locale the OS gives the
// process is Chinese, else en. LC_ALL overrides LC_MESSAGES, which overrides
// LANG, as in POSIX.
func uiLanguage(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh-CN"
			}
			return "en"
		}
	}
	return "en"
}

// holderText names the holder in a phrase: "in a desktop window, process 42".
func holderText(lang string, h lockHolder) string {
	zh := lang == "zh-CN"
	switch {
	case h.Mode == holderBrowser && zh:
		if h.Addr != "" {
			return fmt.Sprintf("浏览器模式 junction serve，地址 %s，进程 %d", h.Addr, h.PID)
		}
		return fmt.Sprintf("浏览器模式 junction serve，进程 %d", h.PID)
	case h.Mode == holderBrowser:
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

// secondInstanceMessage is the dialog a second window shows when the lock is
// taken: who holds it and what to do, in lang.
func secondInstanceMessage(lang, dbPath string, h lockHolder, known bool) (title, message string) {
	if lang == "zh-CN" {
		title = "Junction 已在运行"
		switch {
		case !known:
			message = "Junction 已经在这个数据库上打开：\n" + dbPath + "\n\n请切换到已打开的 Junction，或先关闭它再启动。"
		case h.Mode == holderBrowser:
			message = "Junction 已经在这个数据库上打开（" + holderText(lang, h) + "）：\n" + dbPath +
				"\n\n请在浏览器中使用它，或先停止 junction serve（在它的终端按 Ctrl+C）再打开窗口。"
		default:
			message = "Junction 已经在这个数据库上打开（" + holderText(lang, h) + "）：\n" + dbPath +
				"\n\n请切换到已打开的窗口，或先关闭它再启动。"
		}
		return title, message
	}
	title = "Junction is already running"
	switch {
	case !known:
		message = "Junction is already open on this database:\n" + dbPath + "\n\nSwitch to the open Junction, or close it and start again."
	case h.Mode == holderBrowser:
		message = "Junction is already open on this database (" + holderText(lang, h) + "):\n" + dbPath +
			"\n\nUse it in the browser, or stop junction serve (Ctrl+C in its terminal) before opening the window."
	default:
		message = "Junction is already open on this database (" + holderText(lang, h) + "):\n" + dbPath +
			"\n\nSwitch to that window, or close it and start again."
	}
	return title, message
}

// exitOnSignal ends the process when it is asked to stop while a modal
// dialog blocks the main thread (the dialog would otherwise wait for a
// click): 128 plus the signal's number, as a shell reports a killed command.
// It returns the function that stops listening.
func exitOnSignal() (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			code := 1
			if s, ok := sig.(syscall.Signal); ok {
				code = 128 + int(s)
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
