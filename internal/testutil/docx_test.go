package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

func makeZip(t *testing.T, entries ...[2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, _ := zw.Create(e[0])
		w.Write([]byte(e[1]))
	}
	zw.Close()
	return buf.Bytes()
}

func entries(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] += string(b)
	}
	return out
}

func TestRewriteDocx(t *testing.T) {
	in := makeZip(t, [2]string{"word/document.xml", "<a>甲</a>"}, [2]string{"docProps/custom.xml", "x"}, [2]string{"[Content_Types].xml", "y"})
	out := entries(t, RewriteDocx(t, in, func(s string) string { return s + "乙" }, "docProps/custom.xml"))
	if out["word/document.xml"] != "<a>甲</a>乙" || out["[Content_Types].xml"] != "y" {
		t.Errorf("rewritten: %q", out)
	}
	if _, ok := out["docProps/custom.xml"]; ok {
		t.Error("dropped part still there")
	}
	renamed := entries(t, Repack(t, in, func(name string, b []byte) (string, []byte, bool) {
		return "x/" + name, b, true
	}))
	if renamed["x/word/document.xml"] != "<a>甲</a>" || len(renamed) != 3 {
		t.Errorf("renamed: %q", renamed)
	}
	twice := AddPart(t, in, "word/document.xml", []byte("<b/>"))
	zr, _ := zip.NewReader(bytes.NewReader(twice), int64(len(twice)))
	if len(zr.File) != 4 || zr.File[3].Name != "word/document.xml" {
		t.Errorf("AddPart: %d entries", len(zr.File))
	}
}
