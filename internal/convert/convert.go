// Package convert turns legacy word-processing files (.doc, Kingsoft .wps,
// .odt, .rtf) into .docx by running LibreOffice headless, one conversion at
// a time, each under a timeout that kills LibreOffice's whole process tree.
// It knows file formats but nothing of forms: callers decide what to
// convert and what to do with the result.
//
// LibreOffice is treated as hostile-input-facing: it gets only a copy of the
// bytes under a fixed ASCII name in a private directory, never a name the
// sender chose, and is killed when it runs too long (a decompression bomb
// has kept it busy for over ten minutes at ~730 MB).
package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"dbzx/internal/sniff"
)

// DefaultTimeout bounds one conversion, LibreOffice's start included. With
// a prepared profile (PrepareProfile) a first conversion takes ~1.5 s and
// later ones ~0.7 s on a 2-core machine, and an unprepared profile ~4.5 s
// each; a minute leaves room for a slow office PC, a virus scanner and a
// form with pictures, while a file that hangs LibreOffice costs a minute,
// not the ten-plus minutes a bomb has been seen to take.
const DefaultTimeout = 60 * time.Second

// MaxOutputBytes is the most ToDocx reads of LibreOffice's output. A filled
// form is tens of kilobytes and one with scanned pages tens of megabytes;
// anything larger is the product of a hostile input and is refused rather
// than held in memory.
const MaxOutputBytes = 64 << 20

// waitDelay is how long Wait waits, after soffice has exited or been killed,
// for its output pipes to close. A descendant that left the process group
// (none does today) would otherwise keep Wait blocked for as long as it lives.
const waitDelay = 5 * time.Second

// outputTail is how much of soffice's console output an ErrFailed carries:
// enough for its last messages ("Error: source file could not be loaded"),
// bounded because a failing run may print without end.
const outputTail = 2 << 10

// baseName is the input's name on disk: fixed and ASCII, so nothing the
// sender chose reaches LibreOffice's command line, where a name starting
// with "-" would be an option and non-ASCII names depend on the locale.
const baseName = "input"

var (
	// ErrTimeout is returned (wrapped) when soffice ran longer than the
	// Converter's Timeout and was killed.
	ErrTimeout = errors.New("convert: soffice timed out")
	// ErrFailed is returned (wrapped, with the tail of soffice's output) when
	// the input is not a word-processing file or soffice wrote no output;
	// soffice exits 0 even when it cannot load the input.
	ErrFailed = errors.New("convert: conversion failed")
	// ErrTooLarge is returned (wrapped) when the output exceeds MaxOutputBytes.
	ErrTooLarge = errors.New("convert: output too large")
	// ErrNoSoffice is returned when the Converter has no Soffice path.
	ErrNoSoffice = errors.New("convert: no soffice configured")
)

// Converter runs LibreOffice's soffice to convert files to .docx. Set its
// fields before the first ToDocx; Find returns a ready one. It is safe for
// concurrent use: conversions are serialised, because one LibreOffice profile
// serves one process at a time (a second soffice on the same profile hands
// its work to the first and exits at once).
type Converter struct {
	// Soffice is the path of soffice (or its libreoffice alias).
	Soffice string
	// Timeout bounds each conversion; zero means DefaultTimeout.
	Timeout time.Duration
	// ProfileDir is LibreOffice's user profile, reused across calls. If
	// empty, ToDocx creates one under os.TempDir on first use and Close
	// removes it; a directory the caller sets is never removed. Either is
	// prepared by PrepareProfile before soffice first runs on it, unless it
	// already holds a profile.
	ProfileDir string

	once        sync.Once
	sem         chan struct{} // one slot: held for the whole of a conversion
	ownsProfile bool
	maxOutput   int64 // tests lower it; zero means MaxOutputBytes
}

// Find looks for LibreOffice on PATH (soffice, then libreoffice) and in the
// places its packages install it, and returns a Converter using it with
// DefaultTimeout. It reports false when LibreOffice is not installed; it
// does not start it.
func Find() (*Converter, bool) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return &Converter{Soffice: p, Timeout: DefaultTimeout}, true
		}
	}
	for _, p := range candidates() {
		if isExecutable(p) {
			return &Converter{Soffice: p, Timeout: DefaultTimeout}, true
		}
	}
	return nil, false
}

// candidates lists where LibreOffice installs soffice outside PATH: the
// distribution packages, the project's own packages under /opt, macOS, and
// on Windows where its installer puts it (never on PATH).
func candidates() []string {
	if runtime.GOOS == "windows" {
		return windowsCandidates(os.Getenv, installPaths())
	}
	out := []string{
		"/usr/bin/soffice",
		"/usr/lib/libreoffice/program/soffice",
		"/usr/lib64/libreoffice/program/soffice",
		"/usr/local/bin/soffice",
		"/snap/bin/libreoffice",
		"/Applications/LibreOffice.app/Contents/MacOS/soffice",
	}
	opt, _ := filepath.Glob("/opt/libreoffice*/program/soffice")
	return append(out, opt...)
}

// windowsCandidates lists where soffice.exe may be on Windows, given the
// environment and the install paths LibreOffice's installer recorded in
// the registry (HKLM or HKCU\SOFTWARE\LibreOffice\UNO\InstallPath: its
// program folder): those first, as they also find an installation in a
// folder of the user's choice (D:\LibreOffice), then LibreOffice's folder
// in Program Files (64-bit) and Program Files (x86), by their variables and
// by their usual names. Windows paths compare without case, and each is
// listed once. Pure, so that it is tested on any system.
func windowsCandidates(getenv func(string) string, installPaths []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if k := strings.ToLower(p); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	for _, v := range installPaths {
		v = strings.TrimRight(strings.Trim(strings.TrimSpace(v), `"`), `\/`)
		switch {
		case v == "":
		case strings.HasSuffix(strings.ToLower(v), ".exe"):
			add(v)
		default:
			add(v + `\soffice.exe`)
			if !strings.EqualFold(v[strings.LastIndexAny(v, `\/`)+1:], "program") {
				add(v + `\program\soffice.exe`)
			}
		}
	}
	for _, env := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		if dir := strings.TrimRight(getenv(env), `\/`); dir != "" {
			add(dir + `\LibreOffice\program\soffice.exe`)
		}
	}
	add(`C:\Program Files\LibreOffice\program\soffice.exe`)
	add(`C:\Program Files (x86)\LibreOffice\program\soffice.exe`)
	return out
}

// killTreeCommand is the command that ends the process pid and all its
// descendants on Windows (soffice.exe starts soffice.bin): taskkill from
// the system folder, not whatever taskkill PATH or the working folder
// holds.
func killTreeCommand(systemRoot string, pid int) []string {
	taskkill := "taskkill.exe"
	if root := strings.TrimRight(systemRoot, `\/`); root != "" {
		taskkill = root + `\System32\taskkill.exe`
	}
	return []string{taskkill, "/T", "/F", "/PID", strconv.Itoa(pid)}
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return runtime.GOOS == "windows" || fi.Mode().Perm()&0o111 != 0
}

// ToDocx converts data, a .doc, .wps, .odt, .rtf or .docx file, to .docx and
// returns the new file's bytes. name is the file's original name; only its
// extension is used, to name the private copy LibreOffice reads.
//
// The import filter is chosen from the content and forced with --infilter:
// left to itself, LibreOffice imports what it does not recognise (noise,
// a damaged .doc) as plain text and reports success. Data that is not a
// Word 97–2003 binary (which Kingsoft .wps is), an OOXML or OpenDocument
// text, or RTF is refused with ErrFailed without running soffice; so are
// Microsoft Works .wps files (no WordDocument stream). Word 6/95 files pass
// that check but are likely refused by the forced Word 97 filter (untested:
// nothing here writes them).
//
// ToDocx waits for any conversion in progress on c, or for ctx. soffice runs
// under c.Timeout and is killed with all its children when that passes
// (ErrTimeout) or ctx is done (ctx's error). Its temporary files are removed
// in every case.
func (c *Converter) ToDocx(ctx context.Context, data []byte, name string) ([]byte, error) {
	if c.Soffice == "" {
		return nil, fmt.Errorf("convert %s: %w", name, ErrNoSoffice)
	}
	filter, ok := importFilter(data)
	if !ok {
		return nil, fmt.Errorf("convert %s: %w: not a Word, WPS, OpenDocument text or RTF file", name, ErrFailed)
	}
	return c.convert(ctx, data, name, filter, "docx")
}

// ToPDF converts an office document — Word (.docx, .doc), Excel (.xlsx,
// .xls), PowerPoint (.pptx), OpenDocument — to PDF, for supporting
// material sent as an office file. Like ToDocx: one at a time, own
// profile, time-out and process-group kill.
func (c *Converter) ToPDF(ctx context.Context, data []byte, name string) ([]byte, error) {
	filter, ok := officeFilter(data)
	if !ok {
		return nil, fmt.Errorf("convert %s: %w: not an office document", name, ErrFailed)
	}
	return c.convert(ctx, data, name, filter, "pdf")
}

// ToXlsx converts a legacy workbook (Excel .xls, WPS .et) to .xlsx.
func (c *Converter) ToXlsx(ctx context.Context, data []byte, name string) ([]byte, error) {
	if !sniff.IsOLE(data) || !(bytes.Contains(data, utf16le("Workbook")) || bytes.Contains(data, utf16le("Book"))) {
		return nil, fmt.Errorf("convert %s: %w: not an Excel 97–2003 or WPS workbook", name, ErrFailed)
	}
	return c.convert(ctx, data, name, "MS Excel 97", "xlsx")
}

func (c *Converter) convert(ctx context.Context, data []byte, name, filter, target string) ([]byte, error) {
	if c.Soffice == "" {
		return nil, fmt.Errorf("convert %s: %w", name, ErrNoSoffice)
	}
	c.once.Do(func() { c.sem = make(chan struct{}, 1) })
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("convert %s: %w", name, ctx.Err())
	}
	defer func() { <-c.sem }()
	out, err := c.run(ctx, data, inputExt(name), filter, target)
	if err != nil {
		return nil, fmt.Errorf("convert %s: %w", name, err)
	}
	return out, nil
}

// officeFilter names LibreOffice's import filter for an office document
// told by its content.
func officeFilter(data []byte) (string, bool) {
	if f, ok := importFilter(data); ok {
		return f, true
	}
	switch sniff.Detect(data) {
	case sniff.Xlsx:
		return "Calc MS Excel 2007 XML", true
	case sniff.Xls:
		return "MS Excel 97", true
	case sniff.OOXML:
		return "Impress MS PowerPoint 2007 XML", true
	case sniff.ODF:
		return "", false
	}
	return "", false
}

// Close removes the profile directory ToDocx created, waiting for a
// conversion in progress to end. The Converter stays usable: a later ToDocx
// starts cold with a new profile.
func (c *Converter) Close() error {
	c.once.Do(func() { c.sem = make(chan struct{}, 1) })
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	return c.dropProfile()
}

// dropProfile removes the profile if c created it. Called with sem held.
func (c *Converter) dropProfile() error {
	if !c.ownsProfile {
		return nil
	}
	dir := c.ProfileDir
	c.ProfileDir, c.ownsProfile = "", false
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("convert: remove profile: %w", err)
	}
	return nil
}

// run does one conversion. Called with sem held.
func (c *Converter) run(ctx context.Context, data []byte, ext, filter, target string) ([]byte, error) {
	if c.ProfileDir == "" {
		dir, err := os.MkdirTemp("", "dbzx-soffice-profile-")
		if err != nil {
			return nil, fmt.Errorf("convert: profile: %w", err)
		}
		c.ProfileDir, c.ownsProfile = dir, true
	}
	// Best effort: an unprepared profile costs time, not correctness.
	_ = PrepareProfile(c.ProfileDir, c.Soffice)
	profile, err := profileURL(c.ProfileDir)
	if err != nil {
		return nil, err
	}

	work, err := os.MkdirTemp("", "dbzx-convert-")
	if err != nil {
		return nil, fmt.Errorf("convert: work dir: %w", err)
	}
	defer os.RemoveAll(work)
	// Separate in and out directories: converting a .docx to .docx would
	// otherwise write over its input.
	in := filepath.Join(work, "in", baseName+ext)
	outDir := filepath.Join(work, "out")
	for _, d := range []string{filepath.Dir(in), outDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, fmt.Errorf("convert: work dir: %w", err)
		}
	}
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("convert: write input: %w", err)
	}

	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	cmd := exec.CommandContext(runCtx, c.Soffice,
		"--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
		"-env:UserInstallation="+profile,
		"--infilter="+filter,
		"--convert-to", target,
		"--outdir", outDir,
		in)
	cmd.Dir = work
	var tail tailBuffer
	cmd.Stdout, cmd.Stderr = &tail, &tail
	setProcessGroup(cmd)
	// soffice is a script that execs oosplash, which starts soffice.bin:
	// killing only the process we started would leave soffice.bin running.
	cmd.Cancel = func() error { return killProcessGroup(cmd.Process) }
	cmd.WaitDelay = waitDelay

	start := time.Now()
	runErr := cmd.Run()
	if runCtx.Err() != nil {
		// The kill may land while soffice.bin writes the profile (a first
		// start writes ~0.5 MB); start the next conversion from a fresh one
		// if the profile is ours. A stale .lock alone LibreOffice tolerates.
		c.dropProfile()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w after %v", ErrTimeout, time.Since(start).Round(time.Millisecond))
	}

	if runErr != nil {
		if msg := tail.String(); msg != "" {
			return nil, fmt.Errorf("%w: %v: %s", ErrFailed, runErr, msg)
		}
		return nil, fmt.Errorf("%w: %v", ErrFailed, runErr)
	}
	f, err := os.Open(filepath.Join(outDir, baseName+"."+target))
	if errors.Is(err, os.ErrNotExist) {
		// soffice exits 0 when it cannot load the input: the missing file
		// and its console output are the only signs.
		if msg := tail.String(); msg != "" {
			return nil, fmt.Errorf("%w: %s", ErrFailed, msg)
		}
		return nil, fmt.Errorf("%w: no output", ErrFailed)
	}
	if err != nil {
		return nil, fmt.Errorf("convert: read output: %w", err)
	}
	defer f.Close()
	limit := c.maxOutput
	if limit <= 0 {
		limit = MaxOutputBytes
	}
	return readLimited(f, limit)
}

// PrepareProfile makes dir ready to serve as the user profile of the
// LibreOffice whose soffice is given, so that soffice does not redo its
// first-start work on every run. It does nothing if dir already holds a
// profile (user/registrymodifications.xcu), or if the installation's version
// cannot be read (then LibreOffice runs as it would with an empty profile).
//
// LibreOffice 7.4 runs graphics self-tests (GraphicsRenderTests, ~3.5 s on
// a 2-core machine) at every start whose profile has an ooSetupLastVersion
// older than the installation, and only its user interface records the
// version: a profile that has only ever run --convert-to stays "new" and
// pays for the tests on every conversion (~4.5 s against ~0.7 s). Later
// versions record it at the first start, which is then all this saves.
// PrepareProfile writes the installed version there. The tests choose a
// drawing backend for the user interface; a conversion does not draw.
func PrepareProfile(dir, soffice string) error {
	xcu := filepath.Join(dir, "user", "registrymodifications.xcu")
	if _, err := os.Lstat(xcu); err == nil || !errors.Is(err, os.ErrNotExist) {
		return err
	}
	version := installedVersion(soffice)
	if version == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(xcu), 0o700); err != nil {
		return fmt.Errorf("convert: profile: %w", err)
	}
	body := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>` + version + `</value></prop></item>
</oor:items>
`
	// O_EXCL: a soffice already running on dir wrote its own in the meantime.
	f, err := os.OpenFile(xcu, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("convert: profile: %w", err)
	}
	_, err = io.WriteString(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(xcu)
		return fmt.Errorf("convert: profile: %w", err)
	}
	return nil
}

// setupVersion finds the product version ("7.4") in an installation's
// main.xcd, where it is set as <prop oor:name="ooSetupVersion"><value>7.4
// (the schema declares the same property with more attributes and no value).
var setupVersion = regexp.MustCompile(`<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>`)

// maxXCD bounds how much of main.xcd installedVersion reads (2.2 MB in 7.4).
const maxXCD = 32 << 20

// installedVersion returns the major.minor version of the LibreOffice whose
// soffice is given, read from its main.xcd beside program/ (Linux, Windows,
// /opt) or in Contents/Resources (macOS), or "" if it cannot be found.
func installedVersion(soffice string) string {
	p, err := filepath.EvalSymlinks(soffice)
	if err != nil {
		return ""
	}
	dir := filepath.Dir(p)
	for _, xcd := range []string{
		filepath.Join(dir, "..", "share", "registry", "main.xcd"),
		filepath.Join(dir, "..", "Resources", "registry", "main.xcd"),
	} {
		f, err := os.Open(xcd)
		if err != nil {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(f, maxXCD))
		f.Close()
		if err != nil {
			continue
		}
		if m := setupVersion.FindSubmatch(b); m != nil {
			return string(m[1])
		}
	}
	return ""
}

// readLimited reads r to the end, refusing more than limit bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("convert: read output: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

// maxTypePart is the most importFilter reads of a zip's [Content_Types].xml
// or mimetype: both are a few hundred bytes, and a bomb must not inflate here.
const maxTypePart = 64 << 10

// importFilter returns the name of LibreOffice's import filter for data,
// told from its content, or false if data is not a word-processing file
// LibreOffice should be given. It checks the signature and the part naming
// the type, not that the rest is sound: LibreOffice finds that out.
func importFilter(data []byte) (string, bool) {
	switch {
	case sniff.IsOLE(data):
		// Word 97–2003 and Kingsoft .wps keep the text in a stream named
		// WordDocument; the directory spells names in UTF-16LE.
		if bytes.Contains(data, utf16le("WordDocument")) {
			return "MS Word 97", true
		}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return zipFilter(data)
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return "Rich Text Format", true
	}
	return "", false
}

func zipFilter(data []byte) (string, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", false
	}
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml":
			ct := readPart(f)
			for _, main := range []string{
				"wordprocessingml.document.main", "wordprocessingml.template.main",
				"ms-word.document.macroEnabled.main", "ms-word.template.macroEnabledTemplate.main",
			} {
				if strings.Contains(ct, main) {
					return "MS Word 2007 XML", true
				}
			}
			return "", false
		case "mimetype":
			if strings.TrimSpace(readPart(f)) == "application/vnd.oasis.opendocument.text" {
				return "writer8", true
			}
			return "", false
		}
	}
	return "", false
}

func readPart(f *zip.File) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, maxTypePart))
	return string(b)
}

func utf16le(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// inputExt returns name's extension, lowercased, if it is one LibreOffice is
// given files under, else ".doc".
func inputExt(name string) string {
	// Both separators: the name comes from another system, not this one.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".doc", ".wps", ".odt", ".rtf", ".docx":
		return ext
	}
	return ".doc"
}

// profileURL returns dir as the file URL -env:UserInstallation takes,
// percent-encoded so that spaces and non-ASCII user names (C:\Users\张三)
// survive.
func profileURL(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("convert: profile: %w", err)
	}
	return fileURL(filepath.ToSlash(abs)), nil
}

// fileURL is the file URL of an absolute path with forward slashes:
// file:///tmp/x, file:///C:/Users/x for a Windows drive path, and
// file://server/share/x for a share (//server/share/x).
func fileURL(p string) string {
	if strings.HasPrefix(p, "//") {
		host, rest, _ := strings.Cut(p[2:], "/")
		return (&url.URL{Scheme: "file", Host: host, Path: "/" + rest}).String()
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x, so the URL is file:///C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// tailBuffer keeps the last outputTail bytes written to it. exec.Cmd
// serialises writes when Stdout and Stderr are the same *tailBuffer.
type tailBuffer struct {
	b []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) >= outputTail {
		p = p[len(p)-outputTail:]
		t.b = t.b[:0]
	}
	if over := len(t.b) + len(p) - outputTail; over > 0 {
		t.b = t.b[over:]
	}
	t.b = append(t.b, p...)
	return n, nil
}

// String returns the kept output without LibreOffice's javaldx warning,
// which every run on a machine without Java prints and which says nothing
// about the conversion.
func (t *tailBuffer) String() string {
	var lines []string
	for _, l := range strings.Split(string(t.b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.Contains(l, "javaldx") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}
