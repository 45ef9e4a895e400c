package service

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic caught in a goroutine of ours (a --repeat worker,
// the CLI's run): an internal error whose text is one line, with the stack
// kept for the log.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Recovered turns what recover() returned into a *PanicError, nil for nil.
// Call it as Recovered(recover()) in a deferred function.
func Recovered(p any) error {
	if p == nil {
		return nil
	}
	return &PanicError{Value: p, Stack: debug.Stack()}
}
