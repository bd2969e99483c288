// Package testutil holds helpers the project's tests share: skipping a test
// when an external program is missing, and rewriting zip packages (.docx,
// .xlsx, .odt) part by part to build damaged or altered inputs. Only test
// files import it.
package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"os/exec"
	"testing"
)

// toolPackages names what installs the programs tests look for, for the
// skip message. .ci/run installs them on Debian.
var toolPackages = map[string]string{
	"pdftotext":   "poppler-utils",
	"pdftoppm":    "poppler-utils",
	"pdfinfo":     "poppler-utils",
	"pdffonts":    "poppler-utils",
	"pdfimages":   "poppler-utils",
	"soffice":     "LibreOffice: libreoffice-writer-nogui",
	"libreoffice": "LibreOffice: libreoffice-writer-nogui",
	"pgrep":       "procps",
	"flock":       "util-linux",
}

// NeedTool returns the path of the program name found on PATH, or skips
// the test, saying what is missing and what installs it.
func NeedTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if pkg, ok := toolPackages[name]; ok {
			t.Skipf("%s not installed (%s): %v", name, pkg, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return p
}

// Repack copies the zip package data part by part through edit, which is
// given each part's name and content and returns the name and content to
// write, or keep false to leave the part out. A nil edit copies every part
// unchanged. Parts keep their order, compression (stored or deflated; any
// other method becomes deflated) and modification time. Repack fails the
// test if data is not a zip it can read.
func Repack(t testing.TB, data []byte, edit func(name string, b []byte) (newName string, newB []byte, keep bool)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("repack: %v", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("repack %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("repack %s: %v", f.Name, err)
		}
		name := f.Name
		if edit != nil {
			var keep bool
			if name, b, keep = edit(f.Name, b); !keep {
				continue
			}
		}
		method := f.Method
		if method != zip.Store {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: f.Modified})
		if err != nil {
			t.Fatalf("repack %s: %v", name, err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatalf("repack %s: %v", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("repack: %v", err)
	}
	return out.Bytes()
}
