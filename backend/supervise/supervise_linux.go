package supervise

import "syscall"

// childAttr makes the child die with the parent (a kill -9 of the command a
// script started must not leave the work running).
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
