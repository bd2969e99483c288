package testutil

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestNeedTool(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in program is a file with the executable bit")
	}
	dir := t.TempDir()
	tool := filepath.Join(dir, "dbzx-test-tool")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if got := NeedTool(t, "dbzx-test-tool"); got != tool {
		t.Errorf("NeedTool = %q, want %q", got, tool)
	}

	for _, name := range []string{"dbzx-no-such-tool", "pdftotext"} {
		var skipped bool
		t.Run("missing "+name, func(t *testing.T) {
			defer func() { skipped = t.Skipped() }()
			NeedTool(t, name)
			t.Errorf("NeedTool(%q) returned with PATH=%s", name, dir)
		})
		if !skipped {
			t.Errorf("NeedTool(%q) did not skip", name)
		}
	}
}

type part struct {
	name, body string
	method     uint16
}

func zipParts(t *testing.T, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: p.method,
			Modified: time.Date(2024, 5, 6, 7, 8, 10, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readParts(t *testing.T, data []byte) []part {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !f.Modified.Equal(time.Date(2024, 5, 6, 7, 8, 10, 0, time.UTC)) {
			t.Errorf("%s: modified %v", f.Name, f.Modified)
		}
		out = append(out, part{f.Name, string(b), f.Method})
	}
	return out
}

func TestRepack(t *testing.T) {
	in := zipParts(t,
		part{"mimetype", "application/vnd.oasis.opendocument.text", zip.Store},
		part{"word/document.xml", "<w:document>old</w:document>", zip.Deflate},
		part{"docProps/custom.xml", "<Properties/>", zip.Deflate},
		part{"word/media/a.png", "png", zip.Store},
	)
	out := Repack(t, in, func(name string, b []byte) (string, []byte, bool) {
		switch name {
		case "word/document.xml":
			return name, bytes.ReplaceAll(b, []byte("old"), []byte("new")), true
		case "docProps/custom.xml":
			return "", nil, false
		case "word/media/a.png":
			return "word/media/b.png", b, true
		}
		return name, b, true
	})
	want := []part{
		{"mimetype", "application/vnd.oasis.opendocument.text", zip.Store},
		{"word/document.xml", "<w:document>new</w:document>", zip.Deflate},
		{"word/media/b.png", "png", zip.Store},
	}
	if got := readParts(t, out); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parts = %v, want %v", got, want)
	}

	if got, want := readParts(t, Repack(t, in, nil)), readParts(t, in); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("nil edit: parts = %v, want %v", got, want)
	}
}

// fatalRecorder is a testing.TB whose Fatal ends only the goroutine that
// called it, so that a test can check that a helper fails its test.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *fatalRecorder) Fatal(args ...any) {
	r.msg = fmt.Sprint(args...)
	runtime.Goexit()
}

func TestRepackNotAZip(t *testing.T) {
	r := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Repack(r, []byte("PK\x03\x04 not really"), nil)
	}()
	<-done
	if r.msg == "" {
		t.Error("Repack of a non-zip did not fail the test")
	}
}
