package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// licences reads the real font licences, as the release does.
func licences(t *testing.T) []Licence {
	t.Helper()
	l, err := readLicences(filepath.Join("..", "fonts"))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// archive builds t's archive around a stand-in program and reads it back.
func archive(t *testing.T, target Target) (*zip.Reader, map[string][]byte) {
	t.Helper()
	entries, err := Entries(target, "v1.2.0", "2b4e78a75791ef2d47d77a5cd6d8ecf659419cb5", []byte("MZ program"), licences(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	when := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	if err := WriteZip(&buf, Base("v1.2.0", target), entries, when); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
		if !f.Modified.Equal(when) {
			t.Errorf("%s dated %v, want the commit's time", f.Name, f.Modified)
		}
	}
	return zr, files
}

// TestArchiveLayout: each platform's archive holds, in one folder named
// after the version and platform, the program under its platform's name,
// 使用说明.txt and every font licence; names are flagged UTF-8; the Unix
// programs are executable.
func TestArchiveLayout(t *testing.T) {
	for _, target := range Targets {
		zr, files := archive(t, target)
		base := "dbzx-v1.2.0-" + target.GOOS + "-" + target.GOARCH + "/"
		want := []string{base + target.Exe(), base + "使用说明.txt",
			base + "字体许可/LICENSE-LXGWWenKai.txt", base + "字体许可/LICENSE-NotoCJK.txt"}
		var got []string
		for name := range files {
			got = append(got, name)
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: archive holds\n%s\nwant\n%s", target, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, f := range zr.File {
			if f.Flags&0x800 == 0 || f.NonUTF8 {
				t.Errorf("%s: %s not flagged UTF-8", target, f.Name)
			}
			exec := f.Mode().Perm()&0o111 != 0
			if wantExec := f.Name == base+target.Exe(); exec != wantExec || f.Mode().IsDir() {
				t.Errorf("%s: %s mode %v", target, f.Name, f.Mode())
			}
		}
		if string(files[base+target.Exe()]) != "MZ program" {
			t.Errorf("%s: program not stored as built", target)
		}
	}
}

// TestArchiveNames: the archives are named by version and platform.
func TestArchiveNames(t *testing.T) {
	var names []string
	for _, target := range Targets {
		names = append(names, Base("v1.2.0", target)+".zip")
	}
	want := "dbzx-v1.2.0-windows-amd64.zip dbzx-v1.2.0-linux-amd64.zip dbzx-v1.2.0-darwin-arm64.zip"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("names %s, want %s", got, want)
	}
	for v, ok := range map[string]bool{
		"v1.2.0": true, "2b4e78a-dirty": true, "v1.2.0-rc.1+build": true,
		"": false, "v1 beta": false, "v1/2": false, "v1'": false, "版本1": false,
	} {
		if ValidVersion(v) != ok {
			t.Errorf("ValidVersion(%q) = %v, want %v", v, !ok, ok)
		}
	}
}

// TestInstructions: 使用说明.txt is Chinese text with the version, commit
// and the commands as they are typed on its platform; for Windows it has
// CRLF line endings and a byte order mark (Notepad of any version shows
// it), elsewhere plain LF; the licences keep their text, with CRLF for
// Windows.
func TestInstructions(t *testing.T) {
	for _, target := range Targets {
		_, files := archive(t, target)
		base := Base("v1.2.0", target) + "/"
		usage := files[base+"使用说明.txt"]
		win := target.GOOS == "windows"
		if !utf8.Valid(usage) || bytes.HasPrefix(usage, []byte("\uFEFF")) != win {
			t.Errorf("%s: 使用说明.txt BOM %v, want %v", target, bytes.HasPrefix(usage, []byte("\uFEFF")), win)
		}
		if crlf, lf := bytes.Count(usage, []byte("\r\n")), bytes.Count(usage, []byte("\n")); (win && crlf != lf) || (!win && crlf != 0) {
			t.Errorf("%s: %d CRLF among %d line ends", target, crlf, lf)
		}
		text := string(usage)
		prompt := "./dbzx "
		if win {
			prompt = "dbzx "
		}
		for _, want := range []string{"版本 v1.2.0，" + target.String(), "2b4e78a75791", prompt + "demo", prompt + "--help",
			prompt + "version", prompt + "init", "字体许可", "OFL 1.1"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: 使用说明.txt lacks %q", target, want)
			}
		}
		if win && (!strings.Contains(text, "地址栏中输入 cmd") || !strings.Contains(text, "LibreOffice") || strings.Contains(text, "./dbzx")) {
			t.Errorf("windows: 使用说明.txt does not say how to start on Windows:\n%s", text)
		}
		if strings.Contains(text, "quarantine") != (target.GOOS == "darwin") {
			t.Errorf("%s: quarantine note misplaced", target)
		}
		for _, l := range licences(t) {
			got := files[base+"字体许可/"+l.Name]
			if win {
				got = bytes.ReplaceAll(got, []byte("\r\n"), []byte("\n"))
			}
			if !bytes.Equal(got, l.Text) {
				t.Errorf("%s: %s differs from internal/fonts", target, l.Name)
			}
		}
	}
}

// TestLicencesCoverFonts: every font built into dbzx is named in a
// licence the archives carry.
func TestLicencesCoverFonts(t *testing.T) {
	var all []byte
	for _, l := range licences(t) {
		all = append(all, l.Text...)
	}
	fonts, _ := filepath.Glob(filepath.Join("..", "fonts", "*.ttf"))
	if len(fonts) == 0 {
		t.Fatal("no embedded fonts found")
	}
	for _, f := range fonts {
		family := map[string]string{
			"NotoSerifSC-Regular.ttf": "noto-cjk",
			"NotoSansSC-Bold.ttf":     "noto-cjk",
			"LXGWWenKai-Regular.ttf":  "LxgwWenKai",
		}[filepath.Base(f)]
		if family == "" || !bytes.Contains(all, []byte("Upstream-Name: "+family)) {
			t.Errorf("no licence for %s", filepath.Base(f))
		}
	}
}

// TestLdflags: the version and commit are stamped where `dbzx version`
// reads them.
func TestLdflags(t *testing.T) {
	got := Ldflags("v1.2.0", "2b4e78a")
	if got != "-s -w -X main.version=v1.2.0 -X main.commit=2b4e78a" {
		t.Errorf("Ldflags = %q", got)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "cmd", "dbzx", "cmd_version.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"\tversion string", "\tcommit  string"} {
		if !bytes.Contains(src, []byte(v)) {
			t.Errorf("cmd/dbzx has no %q to stamp", v)
		}
	}
}
