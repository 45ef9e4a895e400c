//go:build unix && !linux

package supervise

import "syscall"

// childAttr: only Linux can tie the child's life to the parent's.
func childAttr() *syscall.SysProcAttr { return nil }
