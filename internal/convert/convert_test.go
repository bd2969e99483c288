package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"dbzx/internal/sniff"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
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

// findSoffice returns a Converter with its own profile under the test's
// temporary directory, or skips the test.
func findSoffice(t *testing.T) *Converter {
	t.Helper()
	c, ok := Find()
	if !ok {
		t.Skip("LibreOffice (soffice) not found")
	}
	c.ProfileDir = filepath.Join(t.TempDir(), "profile")
	return c
}

var fixtures struct {
	once  sync.Once
	files map[string][]byte // by extension: ".doc", ".odt", ".rtf"
	err   error
}

// legacyFixtures converts minimalDocx to .doc, .odt and .rtf by calling
// soffice directly, not through the code under test, once per test binary.
func legacyFixtures(t *testing.T, soffice string) map[string][]byte {
	t.Helper()
	fixtures.once.Do(func() {
		dir, err := os.MkdirTemp("", "convert-fixtures-")
		if err != nil {
			fixtures.err = err
			return
		}
		defer os.RemoveAll(dir)
		src := filepath.Join(dir, "form.docx")
		if err := os.WriteFile(src, minimalDocx(t), 0o600); err != nil {
			fixtures.err = err
			return
		}
		profile, _ := profileURL(filepath.Join(dir, "profile"))
		fixtures.files = map[string][]byte{}
		for _, format := range []string{"doc", "odt", "rtf"} {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore",
				"-env:UserInstallation="+profile, "--convert-to", format,
				"--outdir", filepath.Join(dir, "out"), src)
			out, err := cmd.CombinedOutput()
			cancel()
			if err != nil {
				fixtures.err = errors.New("soffice --convert-to " + format + ": " + err.Error() + ": " + string(out))
				return
			}
			b, err := os.ReadFile(filepath.Join(dir, "out", "form."+format))
			if err != nil {
				fixtures.err = errors.New(err.Error() + ": " + string(out))
				return
			}
			fixtures.files["."+format] = b
		}
	})
	if fixtures.err != nil {
		t.Fatal(fixtures.err)
	}
	return fixtures.files
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

func TestToDocx(t *testing.T) {
	c := findSoffice(t)
	defer c.Close()
	files := legacyFixtures(t, c.Soffice)

	tests := []struct {
		desc, name, fixture string
	}{
		{"doc", "教务处-返回表.doc", ".doc"},
		{"odt", "返回表.odt", ".odt"},
		{"rtf", "返回表.rtf", ".rtf"},
		{"doc named wps", "返回表.WPS", ".doc"},
		{"odt without extension", "返回表", ".odt"},
		{"hostile name", "-rf --infilter=x ../../返回表.doc", ".doc"},
	}
	for i, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			start := time.Now()
			out, err := c.ToDocx(context.Background(), files[tt.fixture], tt.name)
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				t.Logf("cold conversion (new profile): %v", took.Round(time.Millisecond))
			} else {
				t.Logf("warm conversion: %v", took.Round(time.Millisecond))
			}
			doc := documentXML(t, out)
			for _, want := range []string{schoolName, "教务处", "<w:tbl>"} {
				if !strings.Contains(doc, want) {
					t.Errorf("word/document.xml lacks %q", want)
				}
			}
		})
	}

	// Without serialisation the second soffice on the profile would hand
	// its file to the first and exit with no output.
	t.Run("concurrent calls", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = c.ToDocx(context.Background(), files[".odt"], "a.odt")
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("call %d: %v", i, err)
			}
		}
	})

	t.Run("output over the limit", func(t *testing.T) {
		c.maxOutput = 1 << 10
		defer func() { c.maxOutput = 0 }()
		if _, err := c.ToDocx(context.Background(), files[".doc"], "a.doc"); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
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

func TestOwnProfileRemovedByClose(t *testing.T) {
	found, ok := Find()
	if !ok {
		t.Skip("LibreOffice (soffice) not found")
	}
	files := legacyFixtures(t, found.Soffice)
	c := &Converter{Soffice: found.Soffice} // zero Timeout: DefaultTimeout
	if _, err := c.ToDocx(context.Background(), files[".odt"], "a.odt"); err != nil {
		t.Fatal(err)
	}
	dir := c.ProfileDir
	if dir == "" || !strings.HasPrefix(dir, os.TempDir()) {
		t.Fatalf("ProfileDir = %q, want a directory under %s", dir, os.TempDir())
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile %s still there after Close: %v", dir, err)
	}

	// A caller's profile directory is the caller's.
	c2 := &Converter{Soffice: found.Soffice, ProfileDir: t.TempDir()}
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

// TestBombKilled: when the timeout passes, or the caller cancels, ToDocx
// must return promptly and leave no LibreOffice process behind. soffice.bin
// is a grandchild (soffice → oosplash → soffice.bin); killed alone, oosplash
// leaves it converting the bomb for as long as it takes.
func TestBombKilled(t *testing.T) {
	c := findSoffice(t)
	defer c.Close()
	files := legacyFixtures(t, c.Soffice)
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

// TestGarbageFails: noise must fail, promptly, and not come back as a
// .docx of the noise imported as text.
func TestGarbageFails(t *testing.T) {
	c := findSoffice(t)
	defer c.Close()
	files := legacyFixtures(t, c.Soffice)

	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 8<<10)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	tests := []struct {
		desc, name string
		data       []byte
	}{
		{"noise", "a.doc", noise},
		{"empty", "a.doc", nil},
		{"plain text named doc", "a.doc", []byte("这不是 Word 文件\n")},
		{"OLE header then noise", "a.doc", append(append([]byte{}, sniff.OLEMagic...), noise...)},
		// Passes the signature check, so soffice runs and must refuse it.
		{"OLE with a WordDocument name, then noise", "a.doc",
			append(append(append([]byte{}, sniff.OLEMagic...), utf16le("WordDocument")...), noise...)},
		{"zip header then noise", "a.docx", append([]byte("PK\x03\x04"), noise...)},
		{"truncated doc", "a.doc", files[".doc"][:len(files[".doc"])/3]},
		{"spreadsheet", "a.docx", zipOf(t, "[Content_Types].xml", "spreadsheetml.sheet.main")},
		{"doc with its middle zeroed", "a.doc", zeroMiddle(files[".doc"])},
		// Not here: RTF is text, and LibreOffice's reader accepts "{\rtf1"
		// followed by anything as a document of that text.
	}
	for _, tt := range tests {
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
