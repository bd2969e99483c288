package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// TestZerosBombInflates: the bomb put together from repeated blocks is a
// valid deflate stream of exactly its declared size, all zeros, with the
// right CRC (read to the end, which checks it).
func TestZerosBombInflates(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 2 GiB")
	}
	var buf bytes.Buffer
	mib, _, err := ZerosBomb(&buf, "a.docx")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	chunk := make([]byte, 1<<20)
	var n int64
	for {
		k, err := rc.Read(chunk)
		for _, b := range chunk[:k] {
			if b != 0 {
				t.Fatalf("non-zero byte at %d", n)
			}
		}
		n += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", n, err)
		}
	}
	if n != int64(mib)<<20 {
		t.Errorf("inflated %d bytes, want %d", n, int64(mib)<<20)
	}
	t.Logf("%d MiB in %d bytes", mib, buf.Len())
}
