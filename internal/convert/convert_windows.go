//go:build windows

package convert

import (
	"os"
	"os/exec"

	"golang.org/x/sys/windows/registry"
)

// setProcessGroup does nothing: Windows has no process groups to kill
// through, and killProcessGroup walks the process tree instead.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup ends p and its descendants with taskkill /T (soffice.exe
// starts soffice.bin), or only p if taskkill fails.
func killProcessGroup(p *os.Process) error {
	args := killTreeCommand(os.Getenv("SystemRoot"), p.Pid)
	if exec.Command(args[0], args[1:]...).Run() == nil {
		return nil
	}
	return p.Kill()
}

// installPaths reads the program folders LibreOffice's installer recorded:
// for all users (HKLM, in the 64-bit and the 32-bit view) and for one.
func installPaths() []string {
	var out []string
	for _, k := range []struct {
		root   registry.Key
		access uint32
	}{
		{registry.LOCAL_MACHINE, registry.WOW64_64KEY},
		{registry.LOCAL_MACHINE, registry.WOW64_32KEY},
		{registry.CURRENT_USER, 0},
	} {
		key, err := registry.OpenKey(k.root, `SOFTWARE\LibreOffice\UNO\InstallPath`, registry.QUERY_VALUE|k.access)
		if err != nil {
			continue
		}
		if v, _, err := key.GetStringValue(""); err == nil {
			out = append(out, v)
		}
		key.Close()
	}
	return out
}
