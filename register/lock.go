package register

import (
	"errors"
	"os"
	"strconv"
	"strings"
)

// ErrBusy: another dbzx is writing to the workspace. Lock returns it
// inside a *BusyError.
var ErrBusy = errors.New("register: workspace locked by another process")

// BusyError says who holds the workspace's lock.
type BusyError struct {
	PID  string // the holder's process id, "" if unknown
	Path string // the lock file
	// Stale is true where the lock is the lock file's existence (no
	// file lock): a crashed holder leaves it behind, to be removed by hand.
	Stale bool
}

func (e *BusyError) Error() string {
	return ErrBusy.Error() + " (pid " + e.PID + ", " + e.Path + ")"
}
func (e *BusyError) Unwrap() error { return ErrBusy }

// fileLock is the operating system's lock on an open file: exclusive,
// taken without waiting, and released by the system when the process ends,
// however it ends (killed too), so a crash never leaves the workspace
// locked. It is flock on Unix (lock_unix.go) and LockFileEx on Windows
// (lock_windows.go); where there is none (lock_other.go) osLock is nil and
// the lock file's existence is the lock.
type fileLock interface {
	// TryLock takes the lock on f, or reports false if another open file
	// (another process) holds it.
	TryLock(f *os.File) (bool, error)
	// Unlock releases the lock TryLock took on f.
	Unlock(f *os.File) error
}

// Lock takes the workspace's write lock (dbzx.lock) for a command that
// changes the register or the archive, so that two intake runs on one
// workspace never interleave: the second is refused at once with a
// *BusyError naming the process that holds the lock. Release it with the
// returned function.
func Lock(l Layout) (func(), error) { return lock(l, osLock) }

// lock is Lock with the given file lock; nil makes the lock file's
// existence the lock (created exclusively, removed on release: a crashed
// holder leaves it behind, and BusyError says it may be stale).
func lock(l Layout, fl fileLock) (func(), error) {
	path := l.LockPath()
	flags := os.O_RDWR | os.O_CREATE
	if fl == nil {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, &BusyError{PID: holder(path), Path: path, Stale: true}
		}
		return nil, err
	}
	if fl != nil {
		ok, err := fl.TryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if !ok {
			who := holder(path)
			f.Close()
			return nil, &BusyError{PID: who, Path: path}
		}
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		f.Truncate(0)
		if fl == nil {
			os.Remove(path)
		} else {
			fl.Unlock(f)
		}
		f.Close()
	}, nil
}

func holder(path string) string {
	data, _ := os.ReadFile(path)
	return strings.TrimSpace(string(data))
}
