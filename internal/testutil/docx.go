// Package testutil holds helpers that tests of several packages share:
// rewriting the parts of an OOXML package as another office suite (or a
// hostile sender) would. It is imported by tests only.
package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// RepackParts rewrites a zip package entry by entry: edit gets each
// entry's name and bytes and returns the name and bytes to write, and
// whether to keep the entry at all.
func RepackParts(t testing.TB, data []byte, edit func(name string, b []byte) (string, []byte, bool)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
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
		name, b, keep := edit(f.Name, b)
		if !keep {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// RewriteDocx applies edit to a .docx's word/document.xml (nil: none)
// and leaves out the parts named in drop.
func RewriteDocx(t testing.TB, data []byte, edit func(string) string, drop ...string) []byte {
	t.Helper()
	return RepackParts(t, data, func(name string, b []byte) (string, []byte, bool) {
		for _, d := range drop {
			if name == d {
				return name, nil, false
			}
		}
		if name == "word/document.xml" && edit != nil {
			b = []byte(edit(string(b)))
		}
		return name, b, true
	})
}

// AddPart appends one more entry to a zip package, even under a name it
// already has (a duplicate entry).
func AddPart(t testing.TB, data []byte, name string, content []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
