package intake

import (
	"errors"
	"testing"
)

// TestSecondWriterRefused: while one dbzx holds the workspace, a second
// is refused at once with ErrBusy naming the holder; after release the
// lock can be taken again.
func TestSecondWriterRefused(t *testing.T) {
	w, _ := newWorkspace(t)
	unlock, err := Lock(w)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Lock(w); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: %v, want ErrBusy", err)
	}
	unlock()
	again, err := Lock(w)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}
