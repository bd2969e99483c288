//go:build windows

package register

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

var osLock fileLock = lockFileEx{}

// lockFileEx is the Windows file lock, held by the open handle and
// released by Windows when the process ends, however it ends. Windows'
// locks are mandatory, so the locked byte lies far beyond the holder's
// process id at the start of the file, which a refused dbzx reads.
type lockFileEx struct{}

func lockRange() *windows.Overlapped { return &windows.Overlapped{OffsetHigh: 1} } // 1 byte at 4 GiB

func (lockFileEx) TryLock(f *os.File) (bool, error) {
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, lockRange())
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

func (lockFileEx) Unlock(f *os.File) error {
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, lockRange())
}
