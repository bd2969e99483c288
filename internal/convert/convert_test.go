package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dbzx/internal/sniff"
	"dbzx/internal/testutil"
)

const schoolName = "郑州铁路职业技术学院"

// minimalDocx is a WordprocessingML package with only the parts Word and
// LibreOffice need: a paragraph of Chinese text and a two-cell table.
func minimalDocx(t testing.TB) []byte {
	t.Helper()
	return docxWith(t, `<w:p><w:r><w:t>`+schoolName+`</w:t></w:r></w:p>
<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>
<w:tr><w:tc><w:p><w:r><w:t>部门</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>教务处</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/>`)
}

// docxWith returns a .docx whose body is the given WordprocessingML.
func docxWith(t testing.TB, body string) []byte {
	t.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
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

// needSoffice returns the path of LibreOffice's soffice, or skips the test:
// in -short mode, and when LibreOffice is not installed.
func needSoffice(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("LibreOffice conversions skipped in -short mode")
	}
	c, ok := Find()
	if !ok {
		t.Skip("LibreOffice (soffice) not found")
	}
	return c.Soffice
}

// findSoffice returns a Converter with its own profile under the test's
// temporary directory, or skips the test as needSoffice does.
func findSoffice(t *testing.T) *Converter {
	t.Helper()
	soffice := needSoffice(t)
	return &Converter{Soffice: soffice, Timeout: DefaultTimeout, ProfileDir: filepath.Join(t.TempDir(), "profile")}
}

// sharedProfile is a LibreOffice profile that TestMain makes and removes,
// for the tests that need a converter but not a profile of their own: each
// new profile costs its first conversion ~0.7 s more.
var sharedProfile string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "convert-test-")
	if err != nil {
		panic(err)
	}
	sharedProfile = filepath.Join(dir, "profile")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sharedSoffice returns a Converter on sharedProfile, or skips the test as
// needSoffice does. Tests using it must not run in parallel with each other:
// two Converters on one profile are not serialised.
func sharedSoffice(t *testing.T) *Converter {
	t.Helper()
	return &Converter{Soffice: needSoffice(t), Timeout: DefaultTimeout, ProfileDir: sharedProfile}
}

// fixtureFormats are the legacy formats of the committed fixtures
// testdata/form.*: minimalDocx as LibreOffice 7.4 saved it, by calling
// soffice directly, not through the code under test. DBZX_WRITE_FIXTURES=1
// writes them again with the LibreOffice installed (TestWriteFixtures).
var fixtureFormats = []string{"doc", "odt", "rtf"}

// legacyFixtures returns the committed fixtures by extension (".doc").
func legacyFixtures(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, format := range fixtureFormats {
		b, err := os.ReadFile(filepath.Join("testdata", "form."+format))
		if err != nil {
			t.Fatal(err)
		}
		files["."+format] = b
	}
	return files
}

func TestWriteFixtures(t *testing.T) {
	if os.Getenv("DBZX_WRITE_FIXTURES") != "1" {
		t.Skip("DBZX_WRITE_FIXTURES=1 writes testdata/form.{doc,odt,rtf} again")
	}
	for ext, b := range freshFixtures(t, needSoffice(t)) {
		if err := os.WriteFile(filepath.Join("testdata", "form"+ext), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// freshFixtures converts minimalDocx to each of fixtureFormats with the
// LibreOffice given, calling soffice directly, not through the code under
// test, and returns them by extension.
func freshFixtures(t *testing.T, soffice string) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "form.docx")
	if err := os.WriteFile(src, minimalDocx(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := PrepareProfile(filepath.Join(dir, "profile"), soffice); err != nil {
		t.Fatal(err)
	}
	profile, err := profileURL(filepath.Join(dir, "profile"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, format := range fixtureFormats {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		out, err := exec.CommandContext(ctx, soffice, "--headless", "--norestore",
			"-env:UserInstallation="+profile, "--convert-to", format,
			"--outdir", filepath.Join(dir, "out"), src).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("soffice --convert-to %s: %v: %s", format, err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, "out", "form."+format))
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		files["."+format] = b
	}
	return files
}

// shQuote quotes s for the shell.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// documentXML returns word/document.xml of a .docx, failing the test if
// docx is not one.
func documentXML(t *testing.T, docx []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("output is not a zip: %v", err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatalf("output has no word/document.xml: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sofficeRunning reports whether any process has profileDir on its command
// line: soffice.bin carries -env:UserInstallation=file://profileDir.
func sofficeRunning(t *testing.T, profileDir string) bool {
	t.Helper()
	pgrep, err := exec.LookPath("pgrep")
	if err != nil {
		t.Log("pgrep not found: not checking for leftover processes")
		return false
	}
	out, err := exec.Command(pgrep, "-af", regexp.QuoteMeta(profileDir)).Output()
	if err != nil { // exit 1: no match
		return false
	}
	t.Logf("still running:\n%s", out)
	return true
}

// waitGone waits up to two seconds for processes using profileDir to end:
// SIGKILL is delivered asynchronously.
func waitGone(t *testing.T, profileDir string) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if !sofficeRunning(t, profileDir) {
			return
		}
	}
	t.Errorf("LibreOffice processes using %s survived the kill", profileDir)
}

// TestToDocx converts each legacy format with LibreOffice, under names
// that do not match the content: the import filter forced from the content
// must win over the extension LibreOffice sees. The cases run at once on one
// Converter, which must serialise them: a second soffice on the same
// profile would hand its file to the first and exit with no output. (How
// names and filters reach soffice's command line, the output limit and the
// kill are checked without LibreOffice in convert_unix_test.go.)
func TestToDocx(t *testing.T) {
	c := sharedSoffice(t)
	files := legacyFixtures(t)

	tests := []struct {
		desc, name, fixture string
	}{
		{"doc", "教务处-返回表.doc", ".doc"},
		{"doc named wps", "返回表.WPS", ".doc"},
		{"odt without extension", "返回表", ".odt"},
		{"rtf", "返回表.rtf", ".rtf"},
	}
	t.Run("at once", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.desc, func(t *testing.T) {
				t.Parallel()
				start := time.Now()
				out, err := c.ToDocx(context.Background(), files[tt.fixture], tt.name)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("returned after %v (waiting for the others included)", time.Since(start).Round(time.Millisecond))
				doc := documentXML(t, out)
				for _, want := range []string{schoolName, "教务处", "<w:tbl>"} {
					if !strings.Contains(doc, want) {
						t.Errorf("word/document.xml lacks %q", want)
					}
				}
			})
		}
	})

	// The profile was reused, not recreated, and lives where it was put.
	if _, err := os.Stat(filepath.Join(c.ProfileDir, "user")); err != nil {
		t.Errorf("profile not in ProfileDir: %v", err)
	}
	// Nothing left behind by the conversions.
	if sofficeRunning(t, c.ProfileDir) {
		t.Error("soffice still running after the conversions")
	}
}

// TestOwnProfileRemovedByClose: a Converter as Find returns it makes its
// own profile, prepared so that LibreOffice skips its first-start graphics
// tests, and Close removes it.
func TestOwnProfileRemovedByClose(t *testing.T) {
	soffice := needSoffice(t)
	files := legacyFixtures(t)
	c := &Converter{Soffice: soffice} // zero Timeout: DefaultTimeout
	start := time.Now()
	if _, err := c.ToDocx(context.Background(), files[".odt"], "a.odt"); err != nil {
		t.Fatal(err)
	}
	t.Logf("first conversion on a new profile: %v", time.Since(start).Round(time.Millisecond))
	dir := c.ProfileDir
	if dir == "" || !strings.HasPrefix(dir, os.TempDir()) {
		t.Fatalf("ProfileDir = %q, want a directory under %s", dir, os.TempDir())
	}
	if v := installedVersion(soffice); v == "" {
		t.Logf("LibreOffice's version not found beside %s: profile not prepared", soffice)
	} else {
		// LibreOffice 7.4 writes this log when it runs the graphics tests
		// (~3.5 s); the version PrepareProfile wrote must have stopped it.
		if _, err := os.Stat(filepath.Join(dir, "user", "GraphicsRenderTests.log")); err == nil {
			t.Error("LibreOffice ran its first-start graphics tests on the prepared profile")
		}
		xcu, err := os.ReadFile(filepath.Join(dir, "user", "registrymodifications.xcu"))
		if err != nil || !strings.Contains(string(xcu), "<value>"+v+"</value>") {
			t.Errorf("LibreOffice dropped ooSetupLastVersion %s from the profile (%v)", v, err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile %s still there after Close: %v", dir, err)
	}

	// A caller's profile directory is the caller's.
	c2 := &Converter{Soffice: soffice, ProfileDir: t.TempDir()}
	c2.Close()
	if _, err := os.Stat(c2.ProfileDir); err != nil {
		t.Errorf("Close removed the caller's profile: %v", err)
	}
}

// slowDocx is a 40 KB .docx of 200,000 identical paragraphs that keeps
// LibreOffice busy for 15 s or more: a small stand-in for the bomb that
// hung it for over ten minutes.
func slowDocx(t testing.TB) []byte {
	t.Helper()
	return docxWith(t, strings.Repeat("<w:p><w:r><w:t>"+schoolName+"</w:t></w:r></w:p>", 200_000))
}

// TestLongBombKilled: when the timeout passes, or the caller cancels,
// ToDocx must return promptly and leave no LibreOffice process behind.
// soffice.bin is a grandchild (soffice → oosplash → soffice.bin); killed
// alone, oosplash leaves it converting the bomb for as long as it takes.
// A long test (DBZX_LONG_TESTS=1, .ci/run).
func TestLongBombKilled(t *testing.T) {
	needLong(t)
	c := findSoffice(t)
	defer c.Close()
	files := legacyFixtures(t)
	bomb := slowDocx(t)

	t.Run("timeout", func(t *testing.T) {
		c.Timeout = 1500 * time.Millisecond
		defer func() { c.Timeout = DefaultTimeout }()
		profile := c.ProfileDir
		start := time.Now()
		_, err := c.ToDocx(context.Background(), bomb, "bomb.docx")
		took := time.Since(start)
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		if took > c.Timeout+2*time.Second {
			t.Errorf("returned after %v", took)
		}
		t.Logf("%v (returned after %v)", err, took.Round(time.Millisecond))
		waitGone(t, profile)
	})

	t.Run("timeout before soffice is up", func(t *testing.T) {
		c.Timeout = time.Millisecond
		defer func() { c.Timeout = DefaultTimeout }()
		if _, err := c.ToDocx(context.Background(), files[".doc"], "a.doc"); !errors.Is(err, ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		waitGone(t, c.ProfileDir)
	})

	// The caller's profile, which survives the kill and is used again below.
	profile := filepath.Join(t.TempDir(), "profile")
	t.Run("cancel while converting", func(t *testing.T) {
		c.ProfileDir = profile
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// Cancel once soffice.bin has been at the bomb for a moment.
		go func() {
			for ctx.Err() == nil {
				out, _ := exec.Command("pgrep", "-f", `^\S*soffice\.bin\s.*`+regexp.QuoteMeta(profile)).Output()
				if len(out) > 0 {
					time.Sleep(500 * time.Millisecond)
					cancel()
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
		start := time.Now()
		_, err := c.ToDocx(ctx, bomb, "bomb.docx")
		took := time.Since(start)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if took > 5*time.Second {
			t.Errorf("returned after %v", took)
		}
		t.Logf("%v (returned after %v)", err, took.Round(time.Millisecond))
		waitGone(t, profile)
	})

	t.Run("cancelled before start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.ToDocx(ctx, files[".doc"], "a.doc"); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})

	t.Run("next conversion works", func(t *testing.T) {
		if c.ProfileDir != profile {
			t.Fatalf("ProfileDir = %q, want the caller's %q", c.ProfileDir, profile)
		}
		out, err := c.ToDocx(context.Background(), files[".doc"], "a.doc")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(documentXML(t, out), schoolName) {
			t.Error("converted text lost")
		}
	})
}

// garbage is input that must fail: noise, and damaged or foreign files.
// LibreOffice runs only on those marked soffice, which pass the signature
// check; the rest are refused before.
func garbage(t *testing.T) []struct {
	desc, name string
	data       []byte
	soffice    bool
} {
	files := legacyFixtures(t)
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 8<<10)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	return []struct {
		desc, name string
		data       []byte
		soffice    bool
	}{
		{"noise", "a.doc", noise, false},
		{"empty", "a.doc", nil, false},
		{"plain text named doc", "a.doc", []byte("这不是 Word 文件\n"), false},
		{"OLE header then noise", "a.doc", append(append([]byte{}, sniff.OLEMagic...), noise...), false},
		{"OLE with a WordDocument name, then noise", "a.doc",
			append(append(append([]byte{}, sniff.OLEMagic...), utf16le("WordDocument")...), noise...), true},
		{"zip header then noise", "a.docx", append([]byte("PK\x03\x04"), noise...), false},
		{"truncated doc", "a.doc", files[".doc"][:len(files[".doc"])/3], false},
		{"spreadsheet", "a.docx", zipOf(t, "[Content_Types].xml", "spreadsheetml.sheet.main"), false},
		{"docx whose content types name a spreadsheet", "a.docx", testutil.Repack(t, minimalDocx(t),
			func(name string, b []byte) (string, []byte, bool) {
				if name == "[Content_Types].xml" {
					b = bytes.ReplaceAll(b, []byte("wordprocessingml.document.main"), []byte("spreadsheetml.sheet.main"))
				}
				return name, b, true
			}), false},
		{"odt without its mimetype", "a.odt", testutil.Repack(t, odtOf(t), func(name string, b []byte) (string, []byte, bool) {
			return name, b, name != "mimetype"
		}), false},
		{"doc with its middle zeroed", "a.doc", zeroMiddle(files[".doc"]), true},
		// Not here: RTF is text, and LibreOffice's reader accepts "{\rtf1"
		// followed by anything as a document of that text.
	}
}

// TestGarbageRefused: input that is not a word-processing file is refused
// with ErrFailed before soffice runs (here there is none to run).
func TestGarbageRefused(t *testing.T) {
	c := &Converter{Soffice: filepath.Join(t.TempDir(), "no-soffice")}
	for _, tt := range garbage(t) {
		if tt.soffice {
			continue
		}
		t.Run(tt.desc, func(t *testing.T) {
			if f, ok := importFilter(tt.data); ok {
				t.Errorf("importFilter chose %q", f)
			}
			_, err := c.ToDocx(context.Background(), tt.data, tt.name)
			if !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), "not a Word") {
				t.Fatalf("err = %v, want ErrFailed before running soffice", err)
			}
		})
	}
}

// TestGarbageFails: what passes the signature check but is not sound must
// fail in LibreOffice, promptly, and not come back as a .docx of the noise
// imported as text.
func TestGarbageFails(t *testing.T) {
	c := sharedSoffice(t)
	for _, tt := range garbage(t) {
		if !tt.soffice {
			continue
		}
		t.Run(tt.desc, func(t *testing.T) {
			start := time.Now()
			_, err := c.ToDocx(context.Background(), tt.data, tt.name)
			if !errors.Is(err, ErrFailed) {
				t.Fatalf("err = %v, want ErrFailed", err)
			}
			t.Logf("%v (%v)", err, time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestImportFilter: the filter is told from the content, whatever the name.
func TestImportFilter(t *testing.T) {
	files := legacyFixtures(t)
	docm := testutil.Repack(t, minimalDocx(t), func(name string, b []byte) (string, []byte, bool) {
		if name == "[Content_Types].xml" {
			b = bytes.ReplaceAll(b, []byte("wordprocessingml.document.main"), []byte("ms-word.document.macroEnabled.main"))
		}
		return name, b, true
	})
	tests := []struct {
		desc string
		data []byte
		want string
	}{
		{"doc", files[".doc"], "MS Word 97"},
		{"odt", files[".odt"], "writer8"},
		{"odt made here", odtOf(t), "writer8"},
		{"rtf", files[".rtf"], "Rich Text Format"},
		{"docx", minimalDocx(t), "MS Word 2007 XML"},
		{"docm", docm, "MS Word 2007 XML"},
	}
	for _, tt := range tests {
		if got, ok := importFilter(tt.data); !ok || got != tt.want {
			t.Errorf("%s: importFilter = %q, %v; want %q", tt.desc, got, ok, tt.want)
		}
	}
}

// odtOf returns a minimal OpenDocument text package: its mimetype first
// and stored, as the format requires.
func odtOf(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "application/vnd.oasis.opendocument.text")
	w, _ = zw.Create("content.xml")
	io.WriteString(w, `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zeroMiddle returns a copy of b with its middle third zeroed, keeping
// the OLE header and, at the end, the directory.
func zeroMiddle(b []byte) []byte {
	out := bytes.Clone(b)
	clear(out[len(out)/3 : 2*len(out)/3])
	return out
}

func zipOf(t *testing.T, name, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	io.WriteString(w, body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestNoSoffice(t *testing.T) {
	var c Converter
	if _, err := c.ToDocx(context.Background(), minimalDocx(t), "a.docx"); !errors.Is(err, ErrNoSoffice) {
		t.Fatalf("err = %v, want ErrNoSoffice", err)
	}
}

func TestFind(t *testing.T) {
	c, ok := Find()
	if !ok {
		t.Skip("LibreOffice (soffice) not found")
	}
	if c.Soffice == "" || c.Timeout != DefaultTimeout || c.ProfileDir != "" {
		t.Errorf("Find() = %+v", c)
	}
}

// fakeInstall lays out a LibreOffice installation whose main.xcd sets
// version (none if empty) under root, in the layout of Linux and Windows
// (program/ beside share/) or of macOS (mac), and returns its soffice.
func fakeInstall(t *testing.T, root, version string, mac bool) string {
	t.Helper()
	bin, reg := filepath.Join(root, "program"), filepath.Join(root, "share", "registry")
	if mac {
		bin, reg = filepath.Join(root, "Contents", "MacOS"), filepath.Join(root, "Contents", "Resources", "registry")
	}
	for _, d := range []string{bin, reg} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	soffice := filepath.Join(bin, "soffice")
	if err := os.WriteFile(soffice, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	// As in 7.4's main.xcd: the schema's declaration first, then the value.
	xcd := `<oor:data><oor:component-schema oor:name="Setup"><prop oor:name="ooSetupVersion" oor:type="xs:string" oor:nillable="false">
          <value/>
        </prop><prop oor:name="ooSetupLastVersion" oor:type="xs:string" oor:nillable="true"/></oor:component-schema>`
	if version != "" {
		xcd += `<oor:component-data oor:name="Setup"><prop oor:name="ooSetupVersion">
        <value>` + version + `</value>
      </prop></oor:component-data>`
	}
	if err := os.WriteFile(filepath.Join(reg, "main.xcd"), []byte(xcd+"</oor:data>"), 0o644); err != nil {
		t.Fatal(err)
	}
	return soffice
}

func TestInstalledVersion(t *testing.T) {
	dir := t.TempDir()
	linux := fakeInstall(t, filepath.Join(dir, "libreoffice"), "24.2", false)
	mac := fakeInstall(t, filepath.Join(dir, "LibreOffice.app"), "7.6", true)
	none := fakeInstall(t, filepath.Join(dir, "noversion"), "", false)
	tests := []struct{ soffice, want string }{
		{linux, "24.2"},
		{mac, "7.6"},
		{none, ""},
		{filepath.Join(dir, "nowhere", "soffice"), ""},
	}
	// /usr/bin/soffice is a link into the installation.
	link := filepath.Join(dir, "bin", "soffice")
	if err := os.Mkdir(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "libreoffice", "program", "soffice"), link); err == nil {
		tests = append(tests, struct{ soffice, want string }{link, "24.2"})
	} else {
		t.Logf("no symlink: %v", err)
	}
	for _, tt := range tests {
		if got := installedVersion(tt.soffice); got != tt.want {
			t.Errorf("installedVersion(%s) = %q, want %q", tt.soffice, got, tt.want)
		}
	}

	// The LibreOffice installed here, if any, in its own layout.
	if c, ok := Find(); ok {
		v := installedVersion(c.Soffice)
		t.Logf("installed LibreOffice: %s, version %q", c.Soffice, v)
		p, err := filepath.EvalSymlinks(c.Soffice)
		if err == nil && v == "" {
			if _, err := os.Stat(filepath.Join(filepath.Dir(p), "..", "share", "registry", "main.xcd")); err == nil {
				t.Errorf("version not found in %s's main.xcd", p)
			}
		}
	}
}

func TestPrepareProfile(t *testing.T) {
	dir := t.TempDir()
	soffice := fakeInstall(t, filepath.Join(dir, "libreoffice"), "7.4", false)
	profile := filepath.Join(dir, "profile")
	xcu := filepath.Join(profile, "user", "registrymodifications.xcu")
	if err := PrepareProfile(profile, soffice); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(xcu)
	if err != nil {
		t.Fatal(err)
	}
	want := `<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>7.4</value></prop></item>`
	if !strings.Contains(string(b), want) || !strings.HasPrefix(string(b), "<?xml") {
		t.Errorf("registrymodifications.xcu:\n%s\nlacks %s", b, want)
	}

	// A profile that exists is LibreOffice's: left as it is.
	if err := os.WriteFile(xcu, []byte("LibreOffice's own"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := PrepareProfile(profile, soffice); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(xcu); string(b) != "LibreOffice's own" {
		t.Errorf("existing profile rewritten: %q", b)
	}

	// No version found: nothing written, not even the directory.
	other := filepath.Join(dir, "other")
	if err := PrepareProfile(other, fakeInstall(t, filepath.Join(dir, "noversion"), "", false)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(other); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile made without a version: %v", err)
	}
}

func TestInputExt(t *testing.T) {
	tests := []struct{ name, want string }{
		{"返回表.doc", ".doc"},
		{"返回表.DOCX", ".docx"},
		{"返回表.wps", ".wps"},
		{"a.odt", ".odt"},
		{"a.rtf", ".rtf"},
		{"a.pdf", ".doc"},
		{"a", ".doc"},
		{"", ".doc"},
		{`C:\表\a.b\c`, ".doc"},
		{"../../etc/passwd", ".doc"},
		{"a.odt/..", ".doc"},
		{"x.doc.exe", ".doc"},
	}
	for _, tt := range tests {
		if got := inputExt(tt.name); got != tt.want {
			t.Errorf("inputExt(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestProfileURL(t *testing.T) {
	got, err := profileURL("/tmp/a b/张三")
	if err != nil {
		t.Fatal(err)
	}
	if want := "file:///tmp/a%20b/%E5%BC%A0%E4%B8%89"; filepath.Separator == '/' && got != want {
		t.Errorf("profileURL = %q, want %q", got, want)
	}
}

// TestFileURL: the profile's URL for LibreOffice, from the paths a
// Windows profile folder has (a drive, a Chinese user name, spaces, a
// share) as well as Unix ones.
func TestFileURL(t *testing.T) {
	for in, want := range map[string]string{
		"/tmp/a b/张三": "file:///tmp/a%20b/%E5%BC%A0%E4%B8%89",
		"C:/Users/张三/AppData/Local/Temp/dbzx-soffice-profile-1": "file:///C:/Users/%E5%BC%A0%E4%B8%89/AppData/Local/Temp/dbzx-soffice-profile-1",
		"D:/Program Files/x#1/100%":                             "file:///D:/Program%20Files/x%231/100%25",
		"//fileserver/组织部/profile":                              "file://fileserver/%E7%BB%84%E7%BB%87%E9%83%A8/profile",
	} {
		if got := fileURL(in); got != want {
			t.Errorf("fileURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWindowsCandidates: on Windows soffice.exe is looked for where the
// installer recorded it in the registry (its program folder, or a folder
// of the user's choice), then in Program Files and Program Files (x86),
// each place once whatever its case.
func TestWindowsCandidates(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	std := map[string]string{
		"ProgramFiles":      `C:\Program Files`,
		"ProgramW6432":      `C:\Program Files`,
		"ProgramFiles(x86)": `C:\Program Files (x86)`,
	}
	pf := `C:\Program Files\LibreOffice\program\soffice.exe`
	pf86 := `C:\Program Files (x86)\LibreOffice\program\soffice.exe`
	for _, c := range []struct {
		name     string
		env      map[string]string
		registry []string
		want     []string
	}{
		{"Program Files only", std, nil, []string{pf, pf86}},
		{"registry: the program folder", std, []string{`C:\Program Files\LibreOffice\program\`},
			[]string{pf, pf86}},
		{"registry: a folder of the user's choice, 32-bit view too", std,
			[]string{`D:\软件\LibreOffice\program`, `"E:\LibreOffice 7.4\program\soffice.exe"`},
			[]string{`D:\软件\LibreOffice\program\soffice.exe`, `E:\LibreOffice 7.4\program\soffice.exe`, pf, pf86}},
		{"registry: the installation folder", std, []string{`D:\LibreOffice`},
			[]string{`D:\LibreOffice\soffice.exe`, `D:\LibreOffice\program\soffice.exe`, pf, pf86}},
		{"empty registry value", std, []string{"", "  "}, []string{pf, pf86}},
		{"Program Files on another drive", map[string]string{"ProgramFiles": `D:\Program Files\`},
			nil, []string{`D:\Program Files\LibreOffice\program\soffice.exe`, pf, pf86}},
		{"case differs", map[string]string{"ProgramFiles": `c:\program files`}, nil,
			[]string{`c:\program files\LibreOffice\program\soffice.exe`, pf86}},
		{"no environment", nil, nil, []string{pf, pf86}},
	} {
		got := windowsCandidates(env(c.env), c.registry)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestKillTreeCommand: a timed-out soffice.exe is ended with its children
// by the system's own taskkill.
func TestKillTreeCommand(t *testing.T) {
	got := strings.Join(killTreeCommand(`C:\Windows`, 4242), " ")
	if want := `C:\Windows\System32\taskkill.exe /T /F /PID 4242`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := killTreeCommand("", 1)[0]; got != "taskkill.exe" {
		t.Errorf("without SystemRoot: %q", got)
	}
}

// TestOutputSizeLimit: a small input LibreOffice blows up into a huge
// .docx is refused, not read into memory.
func TestOutputSizeLimit(t *testing.T) {
	if _, err := readLimited(bytes.NewReader(make([]byte, 100)), 100); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	if _, err := readLimited(bytes.NewReader(make([]byte, 101)), 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: err = %v, want ErrTooLarge", err)
	}
}

func TestTailBuffer(t *testing.T) {
	var tb tailBuffer
	tb.Write([]byte("Warning: failed to launch javaldx - java may not function correctly\n"))
	for range 1000 {
		tb.Write([]byte("noise noise\n"))
	}
	tb.Write([]byte("Error: source file could not be loaded\n"))
	if len(tb.b) > outputTail {
		t.Errorf("kept %d bytes, want at most %d", len(tb.b), outputTail)
	}
	s := tb.String()
	if !strings.HasSuffix(s, "Error: source file could not be loaded") || strings.Contains(s, "javaldx") {
		t.Errorf("String() = %q", s)
	}
	tb = tailBuffer{}
	tb.Write(bytes.Repeat([]byte("x"), 3*outputTail))
	if len(tb.b) != outputTail {
		t.Errorf("one big write kept %d bytes", len(tb.b))
	}
}
