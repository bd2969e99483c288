package convert

import (
	"bytes"
	"context"
	"testing"
)

// TestToPDF: supporting material sent as an office document becomes PDF
// for the dossier — a Word file (as LibreOffice wrote the fixture) and a
// .doc.
func TestToPDF(t *testing.T) {
	c := sharedSoffice(t)
	files := legacyFixtures(t)
	for _, tt := range []struct{ name, fixture string }{{"总结.doc", ".doc"}, {"总结.docx", ""}} {
		data := files[tt.fixture]
		if tt.fixture == "" {
			data = minimalDocx(t)
		}
		out, err := c.ToPDF(context.Background(), data, tt.name)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Errorf("%s: output starts %q", tt.name, out[:min(8, len(out))])
		}
	}
	if _, err := c.ToPDF(context.Background(), []byte("不是 Office 文件"), "a.docx"); err == nil {
		t.Error("text converted to PDF")
	}
}
