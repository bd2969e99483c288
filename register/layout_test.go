package register

import (
	"os"
	"path/filepath"
	"testing"
)

// TestArchiveExt: an original is archived under its hash and, of the name
// the sender chose, only a plain extension: nothing Windows refuses in a
// file name (":", "*", control characters, a trailing dot or space) and no
// path reaches the archive.
func TestArchiveExt(t *testing.T) {
	for name, want := range map[string]string{
		"申报书.docx":             ".docx",
		"申报书.DOC":              ".doc",
		"汇总表.Xlsx":             ".xlsx",
		"扫描件.jpeg":             ".jpeg",
		"a.b.wps":              ".wps",
		`C:\Users\张三\申报书.docx`: ".docx",
		"单位/材料.pdf":            ".pdf",
		"无扩展名":                 "",
		"申报书.":                 "",
		"申报书.doc ":             "",
		"申报书.doc.":             "",
		"申报书.do:c":             "",
		"申报书.d*c":              "",
		"申报书.d\x01c":           "",
		"申报书.文档":               "",
		"申报书.toolongext":       "",
		`目录.d\申报书`:             "",
		".docx":                ".docx",
	} {
		if got := archiveExt(name); got != want {
			t.Errorf("archiveExt(%q) = %q, want %q", name, got, want)
		}
	}
	l := Layout{Dir: t.TempDir()}
	sha := "ab" + "cdef0123456789"
	rel, err := l.Archive(sha, "申报书.DOC ", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if rel != "ab/"+sha {
		t.Errorf("archived as %q, want ab/%s", rel, sha)
	}
	if _, err := os.Stat(filepath.Join(l.ArchiveDir(), "ab", sha)); err != nil {
		t.Error(err)
	}
}
