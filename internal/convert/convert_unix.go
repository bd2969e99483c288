//go:build unix

package convert

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
)

// setProcessGroup starts cmd as the leader of a new process group, which
// oosplash and soffice.bin join, so killProcessGroup reaches them all.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup sends SIGKILL to p's process group. Not SIGTERM: a hung
// LibreOffice may never act on it, and its profile is discarded anyway.
func killProcessGroup(p *os.Process) error {
	err := syscall.Kill(-p.Pid, syscall.SIGKILL)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}

// installPaths: only Windows records LibreOffice's folder in a registry.
func installPaths() []string { return nil }
