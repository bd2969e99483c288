package ooxml

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// seedDocs returns the .docx files in testdata: forms dbzx generated,
// blank and filled (regenerate with `dbzx forms` and `dbzx sample`).
func seedDocs(f *testing.F) [][]byte { return seedDocFiles(f) }

func seedDocFiles(f testing.TB) [][]byte {
	names, err := filepath.Glob("testdata/*.docx")
	if err != nil || len(names) == 0 {
		f.Fatalf("no seed documents in testdata: %v", err)
	}
	var out [][]byte
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// checkDocument walks everything a caller may touch on a read document.
func checkDocument(d *Document) {
	_ = d.Text()
	for _, t := range d.Tables() {
		for r := range t.Rows {
			for c := 0; c < len(t.Grid)+2; c++ {
				if cell := t.CellAt(r, c); cell != nil {
					_ = cell.Text()
				}
			}
		}
	}
	for _, c := range d.Controls {
		_ = c.Text
	}
}

// FuzzReadDocx: no package, however broken, panics the reader or makes it
// allocate without bound.
func FuzzReadDocx(f *testing.F) {
	for _, d := range seedDocs(f) {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadDocx(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		checkDocument(d)
	})
}

// FuzzDocumentXML fuzzes the main part itself (a mutated zip rarely gets
// past its checksums to the XML): the tree parser and the interpreter.
func FuzzDocumentXML(f *testing.F) {
	for _, d := range seedDocs(f) {
		zr, err := zip.NewReader(bytes.NewReader(d), int64(len(d)))
		if err != nil {
			f.Fatal(err)
		}
		for _, zf := range zr.File {
			if zf.Name == "word/document.xml" {
				rc, _ := zf.Open()
				xml, _ := io.ReadAll(rc)
				rc.Close()
				f.Add(xml)
			}
		}
	}
	f.Fuzz(func(t *testing.T, xml []byte) {
		root, err := parseTree(xml)
		if err != nil {
			return
		}
		d := &Document{Props: map[string]string{}}
		d.Blocks = readBody(d, root.wchild("body"))
		checkDocument(d)
	})
}
