// Package supervise keeps Go's fatal exits away from the CLI's exit codes.
//
// Go's runtime ends a process with exit status 2 on an unrecovered panic and
// on a fatal error such as "runtime: out of memory", and 2 is the CLI's usage
// code (spec/CLI.md): a script would blame its own input for our fault.
// Recovering covers panics in the goroutines we run (cli.Run, the --repeat
// workers), but a panic elsewhere and a fatal error cannot be recovered, and
// no exit hook runs after them. So a CLI run is two processes: this
// package's init starts the same binary again as the child that does the
// work and waits for it. The child's crash report (debug.SetCrashOutput)
// comes through a pipe; when there is one, the parent writes it to
// junction.log and exits 70 with one line naming the log. Otherwise it
// exits with the child's code.
//
// The cost is a second process start. It is small because the parent does
// its work in this init, before the heavy packages' inits run: Go
// initializes packages in import-path order as soon as their imports are
// ready, so this package imports only what is ready early (bytes, not
// strings; no runtime/debug: the child sets its crash output in main).
// docs/architecture.md has the measurements.
package supervise

import (
	"bytes"
	"fmt"
	"os"
	"time"
)

// envChild marks the child process; its value is unused.
const envChild = "JUNCTION_SUPERVISED"

// logMarker starts the line through which the child names its log file
// before anything can crash.
const logMarker = "junction-log\t"

// ExitInternal is the CLI's code for a fault of ours (cli.ExitInternal).
const ExitInternal = 70

// crashPipe is the child's end of the pipe, nil in any other process.
var crashPipe *os.File

// CrashPipe is where the child's runtime must copy its crash report
// (debug.SetCrashOutput), nil when this process is not a supervised child.
func CrashPipe() *os.File { return crashPipe }

// ReportLog tells the supervising parent where the log file is, so that it
// can write a crash report there. It does nothing outside a child.
func ReportLog(path string) {
	if crashPipe != nil && path != "" {
		fmt.Fprintf(crashPipe, "%s%s\n", logMarker, path)
	}
}

// cliRun reports whether this process runs the command line: the program
// has arguments (without any it opens the window) and is not a test binary.
func cliRun(args []string) bool {
	return len(args) > 1 && !bytes.HasPrefix([]byte(args[1]), []byte("-test."))
}

// report turns what the child wrote on the pipe into the log path and the
// crash text (empty when the child did not crash).
func report(b []byte) (logPath string, crash []byte) {
	for bytes.HasPrefix(b, []byte(logMarker)) {
		line, rest, _ := bytes.Cut(b, []byte("\n"))
		logPath, b = string(line[len(logMarker):]), rest
	}
	return logPath, b
}

// crashLine says what happened: a panic's first line ("panic: boom"). A
// fatal error's own line is printed on stderr before the runtime starts
// copying its report to the crash output, so it is told by its stack.
func crashLine(crash []byte) string {
	for _, line := range bytes.Split(crash, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("panic: ")) || bytes.HasPrefix(line, []byte("fatal error: ")) {
			return string(bytes.TrimSpace(line))
		}
	}
	if bytes.Contains(crash, []byte("runtime.sysMap")) || bytes.Contains(crash, []byte("mheap).grow")) {
		return "fatal error: out of memory"
	}
	return "fatal error of the Go runtime (its first line is on stderr above)"
}

// writeCrash appends the crash report to the log file and returns its path,
// or "" when there is no log file to write.
func writeCrash(logPath string, args []string, crash []byte) string {
	if logPath == "" {
		return ""
	}
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return ""
	}
	defer f.Close()
	// The arguments are the command, its flags and names; values that could
	// be secret come from files, the environment or standard input.
	if _, err := fmt.Fprintf(f, "time=%s level=ERROR msg=\"crash\" command=%q\n%s\n",
		time.Now().Format(time.RFC3339Nano), bytes.Join(toBytes(args[1:]), []byte(" ")), crash); err != nil {
		return ""
	}
	return logPath
}

func toBytes(ss []string) [][]byte {
	b := make([][]byte, len(ss))
	for i, s := range ss {
		b[i] = []byte(s)
	}
	return b
}

// internalLine prints the one line of an internal fault, as cli.fail does:
// text on stderr, or the JSON error document on stdout with --json.
func internalLine(args []string, msg, logPath string) {
	if logPath != "" {
		msg += " (details in " + logPath + ")"
	}
	msg = "internal error: " + msg
	for _, a := range args[1:] {
		if a == "--" {
			break
		}
		if a == "--json" || a == "--json=true" || a == "--json=1" {
			fmt.Fprintf(os.Stdout, "{\n  \"error\": {\n    \"code\": \"internal\",\n    \"field\": \"\",\n    \"message\": %s\n  }\n}\n", jsonString(msg))
			return
		}
	}
	fmt.Fprintln(os.Stderr, "junction: "+msg)
}

// jsonString quotes s as a JSON string (encoding/json would make this
// package's init wait for many more packages).
func jsonString(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
