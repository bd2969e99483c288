//go:build !unix

package convert

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
)

// setProcessGroup does nothing here: Windows has no process groups to kill
// through, and killProcessGroup walks the process tree instead.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup kills p and its descendants. On Windows soffice.exe
// starts soffice.bin, which taskkill /T reaches through the process tree;
// elsewhere, or if taskkill fails, only p is killed.
func killProcessGroup(p *os.Process) error {
	if runtime.GOOS == "windows" {
		if err := exec.Command("taskkill", "/F", "/T", "/PID", strconv.Itoa(p.Pid)).Run(); err == nil {
			return nil
		}
	}
	return p.Kill()
}
