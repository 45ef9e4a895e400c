package main

// The second window's refusal: service.Open takes the single-instance lock
// (backend/service/instance.go) and names its holder; a window shows that in
// a native dialog, in the user's language, before any frontend exists.

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"junction/backend/service"
)

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

// secondInstanceText is the wording of the second window's dialog in one
// language; holder wraps the holder's description, colon ends the head line.
type secondInstanceText struct {
	title, head, holder, colon, unknownHint, browserHint, windowHint string
}

var secondInstanceTexts = map[string]secondInstanceText{
	"en": {
		title: "Junction is already running", head: "Junction is already open on this database",
		holder: " (%s)", colon: ":",
		unknownHint: "Switch to the open Junction, or close it and start again.",
		browserHint: "Use it in the browser, or stop junction serve (Ctrl+C in its terminal) before opening the window.",
		windowHint:  "Switch to that window, or close it and start again.",
	},
	"zh-CN": {
		title: "Junction 已在运行", head: "Junction 已经在这个数据库上打开",
		holder: "（%s）", colon: "：",
		unknownHint: "请切换到已打开的 Junction，或先关闭它再启动。",
		browserHint: "请在浏览器中使用它，或先停止 junction serve（在它的终端按 Ctrl+C）再打开窗口。",
		windowHint:  "请切换到已打开的窗口，或先关闭它再启动。",
	},
}

// secondInstanceMessage is the dialog a second window shows when the lock is
// taken: who holds it and what to do, in lang.
func secondInstanceMessage(lang, dbPath string, h service.Holder, known bool) (title, message string) {
	w, ok := secondInstanceTexts[lang]
	if !ok {
		w = secondInstanceTexts["en"]
	}
	head, hint := w.head, w.unknownHint
	if known {
		head += fmt.Sprintf(w.holder, h.Text(lang))
		hint = w.windowHint
		if h.Mode == service.HolderBrowser {
			hint = w.browserHint
		}
	}
	return w.title, head + w.colon + "\n" + dbPath + "\n\n" + hint
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
