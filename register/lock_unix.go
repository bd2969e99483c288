//go:build unix

package register

import (
	"os"
	"syscall"
)

var osLock fileLock = flock{}

// flock is the Unix file lock: advisory, held by the open file, released
// by the kernel when the process ends, however it ends (SIGKILL too).
type flock struct{}

func (flock) TryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == syscall.EWOULDBLOCK {
		return false, nil
	}
	return err == nil, err
}

func (flock) Unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
