package register

import (
	"errors"
	"os"
	"runtime"
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
	// flock): a crashed holder leaves it behind, to be removed by hand.
	Stale bool
}

func (e *BusyError) Error() string {
	return ErrBusy.Error() + " (pid " + e.PID + ", " + e.Path + ")"
}
func (e *BusyError) Unwrap() error { return ErrBusy }

// Lock takes the workspace's write lock (dbzx.lock) for a command that
// changes the register or the archive, so that two intake runs on one
// workspace never interleave: the second is refused at once with a
// *BusyError naming the process that holds the lock. Release it with the
// returned function.
func Lock(l Layout) (func(), error) {
	path := l.LockPath()
	flags := os.O_RDWR | os.O_CREATE
	if runtime.GOOS == "windows" || !hasFlock {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, &BusyError{PID: holder(path), Path: path, Stale: true}
		}
		return nil, err
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if !ok {
		who := holder(path)
		f.Close()
		return nil, &BusyError{PID: who, Path: path}
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		f.Truncate(0)
		if !hasFlock {
			os.Remove(path)
		}
		f.Close()
	}, nil
}

const hasFlock = runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1"

func holder(path string) string {
	data, _ := os.ReadFile(path)
	return strings.TrimSpace(string(data))
}
