//go:build testhooks

package cli

import (
	"os"
	"time"

	"github.com/spf13/cobra"
)

// Faults for the process tests (main's faults_test.go builds the binary with
// -tags testhooks); release builds do not have this command.
func init() {
	testCommands = append(testCommands, func(a *app) *cobra.Command {
		return &cobra.Command{
			Use:    "__fault panic|goroutine-panic|oom|exit2",
			Hidden: true,
			Args:   exactArgs(1),
			RunE: a.run(func(args []string) error {
				switch args[0] {
				case "panic":
					panic("test fault: a panic in a command")
				case "goroutine-panic":
					// A goroutine no recover of ours covers.
					go func() { panic("test fault: a panic in a goroutine") }()
					time.Sleep(time.Minute)
				case "oom":
					// More than the machine can map: Go's fatal "out of memory".
					sink = make([]byte, 1<<40)
					sink[len(sink)-1] = 1
				case "exit2":
					os.Exit(ExitUsage) // a plain usage exit passes through the parent
				}
				return usagef("unknown fault %q", args[0])
			}),
		}
	})
}

var sink []byte
