//go:build unix

package supervise

import (
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

func init() {
	if !cliRun(os.Args) {
		return
	}
	if os.Getenv(envChild) != "" {
		// The child: fd 3 is the parent's pipe, for CrashPipe.
		crashPipe = os.NewFile(3, "crash-pipe")
		os.Unsetenv(envChild) // not for the processes it starts (a browser)
		return
	}
	if code, ok := supervise(os.Args); ok {
		os.Exit(code)
	}
	// The child could not be started: run the command in this process.
}

// forwarded are the signals the parent passes on to the child; a terminal's
// Ctrl-C reaches both, and the child's own handling decides (serve stops
// gracefully, any other command ends).
var forwarded = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// supervise runs args in a child process and returns its exit code; false
// when the child could not be started.
func supervise(args []string) (int, bool) {
	exe, err := os.Executable()
	if err != nil {
		return 0, false
	}
	r, w, err := os.Pipe()
	if err != nil {
		return 0, false
	}
	// Pdeathsig follows the thread that started the child: keep it.
	runtime.LockOSThread()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, forwarded...)
	child, err := os.StartProcess(exe, args, &os.ProcAttr{
		Env:   append(os.Environ(), envChild+"=1"),
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr, w},
		Sys:   childAttr(),
	})
	w.Close()
	if err != nil {
		signal.Stop(sigs)
		r.Close()
		return 0, false
	}
	go func() {
		for s := range sigs {
			_ = child.Signal(s)
		}
	}()
	out, _ := io.ReadAll(r) // until the child exits (and with it, the pipe's writer)
	r.Close()
	state, err := child.Wait()
	signal.Stop(sigs)
	if err != nil {
		internalLine(args, "waiting for the command: "+err.Error(), "")
		return ExitInternal, true
	}
	logPath, crash := report(out)
	if len(crash) > 0 {
		internalLine(args, crashLine(crash), writeCrash(logPath, args, crash))
		return ExitInternal, true
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		switch sig := ws.Signal(); sig {
		case syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGPIPE:
			// Stopped on request: end the same way, so a shell sees it.
			signal.Reset(sig)
			_ = syscall.Kill(os.Getpid(), sig)
			return 128 + int(sig), true
		default:
			// SIGKILL from the kernel's out-of-memory killer, SIGSEGV in C code...
			msg := "the command was killed by signal " + sig.String()
			internalLine(args, msg, writeCrash(logPath, args, []byte(msg)))
			return ExitInternal, true
		}
	}
	return state.ExitCode(), true
}
