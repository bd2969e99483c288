package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// RewriteDocx applies edit to a .docx's word/document.xml (nil: none)
// and leaves out the parts named in drop.
func RewriteDocx(t testing.TB, data []byte, edit func(string) string, drop ...string) []byte {
	t.Helper()
	return Repack(t, data, func(name string, b []byte) (string, []byte, bool) {
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

// ZipPart is the text of one part of the zip file at path (a .docx or
// .xlsx written by a test).
func ZipPart(t testing.TB, path, part string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("%s has no part %s", path, part)
	return ""
}
