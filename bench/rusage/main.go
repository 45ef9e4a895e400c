// Command rusage is bench/invoke.sh's stopwatch: it runs a command and
// writes, to the file -o, one line "exit wall_ns user_us sys_us maxrss_kb"
// of that whole process and the descendants it waited for (the kernel's
// rusage of the child, as GNU time reads it). Unlike `time -v`, which rounds
// CPU time to 10 ms, it keeps microseconds: a run of ~80 ms CPU needs them
// for a ratio. The command's standard streams are its own; rusage exits
// with its exit code.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "the file to write the measurement to")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: rusage -o FILE COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "rusage:", err)
		os.Exit(127)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		fmt.Fprintln(os.Stderr, "rusage: no resource usage on this system")
		os.Exit(127)
	}
	usec := func(tv syscall.Timeval) int64 { return tv.Sec*1e6 + int64(tv.Usec) }
	line := fmt.Sprintf("%d %d %d %d %d\n", cmd.ProcessState.ExitCode(), wall.Nanoseconds(), usec(ru.Utime), usec(ru.Stime), ru.Maxrss)
	if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
		os.Exit(127)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
