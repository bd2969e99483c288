package register

import (
	"errors"
	"os"
	"strconv"
	"sync"
	"testing"
)

// heldLocks stands in for the operating system's file locks, as Windows'
// LockFileEx has them: held by one open handle, refused to every other
// one, released by Unlock (or by the holder's end, which Close stands for
// here). It is how the lock semantics are tested where LockFileEx cannot
// run.
type heldLocks struct {
	mu     sync.Mutex
	holder map[string]*os.File // lock file → the handle holding it
	fail   error               // returned by TryLock when set
}

func (h *heldLocks) TryLock(f *os.File) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail != nil {
		return false, h.fail
	}
	if g, ok := h.holder[f.Name()]; ok && g != f {
		return false, nil
	}
	h.holder[f.Name()] = f
	return true, nil
}

func (h *heldLocks) Unlock(f *os.File) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.holder[f.Name()] != f {
		return errors.New("not the holder")
	}
	delete(h.holder, f.Name())
	return nil
}

// lockers are the file locks the semantics are checked with: this
// system's own (flock here) and the stand-in for LockFileEx.
func lockers() map[string]fileLock {
	return map[string]fileLock{
		"os":         osLock,
		"LockFileEx": &heldLocks{holder: map[string]*os.File{}},
	}
}

// TestSecondWriterRefused: while one dbzx holds the workspace, a second
// is refused at once with ErrBusy naming the holder (not as stale: the
// system releases a file lock when its holder ends); after release the
// lock can be taken again.
func TestSecondWriterRefused(t *testing.T) {
	for name, fl := range lockers() {
		t.Run(name, func(t *testing.T) {
			l := Layout{Dir: t.TempDir()}
			unlock, err := lock(l, fl)
			if err != nil {
				t.Fatal(err)
			}
			_, err = lock(l, fl)
			var busy *BusyError
			if !errors.Is(err, ErrBusy) || !errors.As(err, &busy) {
				t.Fatalf("second lock: %v, want ErrBusy", err)
			}
			if busy.PID != strconv.Itoa(os.Getpid()) || busy.Stale {
				t.Errorf("holder %q stale %v, want this process %d, not stale", busy.PID, busy.Stale, os.Getpid())
			}
			unlock()
			again, err := lock(l, fl)
			if err != nil {
				t.Fatalf("after release: %v", err)
			}
			again()
			if h, ok := fl.(*heldLocks); ok && len(h.holder) != 0 {
				t.Errorf("release left %d locks held", len(h.holder))
			}
		})
	}
}

// TestCrashedHolder: a holder that ended without releasing (killed, power
// cut) leaves dbzx.lock with its process id behind. With a file lock the
// next dbzx takes the workspace as usual and writes its own id; without
// one the lock file is the lock, and the refusal says it may be stale.
func TestCrashedHolder(t *testing.T) {
	for name, fl := range lockers() {
		t.Run(name, func(t *testing.T) {
			l := Layout{Dir: t.TempDir()}
			if err := os.WriteFile(l.LockPath(), []byte("4242\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			unlock, err := lock(l, fl)
			if err != nil {
				t.Fatalf("lock after a crashed holder: %v", err)
			}
			if got := holder(l.LockPath()); got != strconv.Itoa(os.Getpid()) {
				t.Errorf("lock file names %q, want this process", got)
			}
			unlock()
		})
	}
	l := Layout{Dir: t.TempDir()}
	if err := os.WriteFile(l.LockPath(), []byte("4242\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := lock(l, nil)
	var busy *BusyError
	if !errors.As(err, &busy) || busy.PID != "4242" || !busy.Stale {
		t.Fatalf("existence lock after a crash: %v, want a stale BusyError naming 4242", err)
	}
}

// TestExistenceLock: without a file lock the second writer is refused
// too, and release removes the lock file so the next one can take it.
func TestExistenceLock(t *testing.T) {
	l := Layout{Dir: t.TempDir()}
	unlock, err := lock(l, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock(l, nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: %v, want ErrBusy", err)
	}
	unlock()
	if _, err := os.Stat(l.LockPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after release: %v", err)
	}
	again, err := lock(l, nil)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}

// TestLockFailure: an error from the file lock (a share that does not
// support locking) is returned as it is, not as a busy workspace.
func TestLockFailure(t *testing.T) {
	fail := errors.New("locking not supported")
	fl := &heldLocks{holder: map[string]*os.File{}, fail: fail}
	_, err := lock(Layout{Dir: t.TempDir()}, fl)
	if !errors.Is(err, fail) || errors.Is(err, ErrBusy) {
		t.Errorf("got %v, want the lock's own error", err)
	}
}
