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
	rel, err := l.Archiver().Put(sha, "申报书.DOC ", []byte("x"))
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

// TestArchiverPutSync: Put stores each original under its hash; one left
// at its name with other bytes (a run killed before it flushed its
// originals) is written again, not trusted; Sync flushes every original
// Put since the last Sync, and says so when one of them has gone.
func TestArchiverPutSync(t *testing.T) {
	l := Layout{Dir: t.TempDir()}
	a := l.Archiver()
	sha1, sha2 := "aa"+"11", "bb"+"22"
	// A partial original of the second, as a killed run leaves it.
	stale := filepath.Join(l.ArchiveDir(), "bb", sha2+".docx")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("申报\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	for sha, data := range map[string]string{sha1: "第一份", sha2: "申报书全文"} {
		rel, err := a.Put(sha, "x.docx", []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(l.ArchivePath(rel))
		if err != nil || string(got) != data {
			t.Errorf("%s: archived %q (%v), want %q", rel, got, err, data)
		}
	}
	if len(a.unsynced) != 2 {
		t.Fatalf("%d originals waiting for Sync, want 2", len(a.unsynced))
	}
	if err := a.Sync(); err != nil {
		t.Fatal(err)
	}
	if len(a.unsynced) != 0 {
		t.Errorf("%d originals still waiting after Sync", len(a.unsynced))
	}
	// Put again (the same bytes from another place): already there, and
	// flushed by the next Sync all the same.
	rel, err := a.Put(sha1, "y.docx", []byte("第一份"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(l.ArchivePath(rel)); err != nil {
		t.Fatal(err)
	}
	if err := a.Sync(); err == nil {
		t.Error("Sync of an original that has gone: no error")
	}
}
