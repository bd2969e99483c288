package register

import (
	"errors"
	"os"
	"strconv"
	"testing"
)

// TestSecondWriterRefused: while one dbzx holds the workspace, a second
// is refused at once with ErrBusy naming the holder; after release the
// lock can be taken again.
func TestSecondWriterRefused(t *testing.T) {
	l := Layout{Dir: t.TempDir()}
	unlock, err := Lock(l)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lock(l)
	var busy *BusyError
	if !errors.Is(err, ErrBusy) || !errors.As(err, &busy) {
		t.Fatalf("second lock: %v, want ErrBusy", err)
	}
	if busy.PID != strconv.Itoa(os.Getpid()) {
		t.Errorf("holder %q, want this process %d", busy.PID, os.Getpid())
	}
	unlock()
	again, err := Lock(l)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}
