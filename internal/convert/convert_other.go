//go:build !unix && !windows

package convert

import (
	"os"
	"os/exec"
)

// setProcessGroup does nothing where there are no process groups.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup kills only p: there is no process tree to walk here.
func killProcessGroup(p *os.Process) error { return p.Kill() }

func installPaths() []string { return nil }
