package convert

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The tests here take half a minute or so with LibreOffice. They run only
// with DBZX_LONG_TESTS=1, which .ci/run sets in a step of their own, so
// that `go test ./...` stays quick.

// needLong skips the test unless DBZX_LONG_TESTS=1, then as needSoffice.
func needLong(t *testing.T) string {
	t.Helper()
	if os.Getenv("DBZX_LONG_TESTS") != "1" {
		t.Skip("long LibreOffice test: runs with DBZX_LONG_TESTS=1 (.ci/run sets it)")
	}
	return needSoffice(t)
}

// TestLongFreshFixtures: the legacy files as the installed LibreOffice
// writes them, not only the committed ones LibreOffice 7.4 wrote, convert
// back with their text and table.
func TestLongFreshFixtures(t *testing.T) {
	soffice := needLong(t)
	c := &Converter{Soffice: soffice, ProfileDir: filepath.Join(t.TempDir(), "profile")}
	for ext, data := range freshFixtures(t, soffice) {
		t.Run(ext, func(t *testing.T) {
			out, err := c.ToDocx(context.Background(), data, "返回表"+ext)
			if err != nil {
				t.Fatal(err)
			}
			doc := documentXML(t, out)
			for _, want := range []string{schoolName, "教务处", "<w:tbl>"} {
				if !strings.Contains(doc, want) {
					t.Errorf("word/document.xml lacks %q", want)
				}
			}
		})
	}
}

// TestLongUnpreparedProfile: where LibreOffice's version cannot be read (a
// soffice outside its installation, as a stand-in script is), the profile
// is left for LibreOffice to fill, and conversions work as before, slower.
func TestLongUnpreparedProfile(t *testing.T) {
	soffice := needLong(t)
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in soffice is a shell script")
	}
	dir := t.TempDir()
	stand := filepath.Join(dir, "soffice")
	if err := os.WriteFile(stand, []byte("#!/bin/sh\nexec "+shQuote(soffice)+` "$@"`+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if v := installedVersion(stand); v != "" {
		t.Fatalf("installedVersion(stand-in) = %q", v)
	}
	c := &Converter{Soffice: stand, ProfileDir: filepath.Join(dir, "profile")}
	files := legacyFixtures(t)
	for i := range 2 {
		start := time.Now()
		out, err := c.ToDocx(context.Background(), files[".doc"], "a.doc")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(documentXML(t, out), schoolName) {
			t.Error("converted text lost")
		}
		t.Logf("conversion %d on an unprepared profile: %v", i+1, time.Since(start).Round(time.Millisecond))
	}
	if _, err := os.Stat(filepath.Join(dir, "profile", "user", "GraphicsRenderTests.log")); err == nil {
		t.Log("LibreOffice ran its first-start graphics tests, as expected on an unprepared profile")
	}
}

// TestLongBatch: a department's folder as an intake converts it, through
// one Converter with its own profile: good files, damaged ones and now and
// then one that hangs LibreOffice until the timeout. Each gives what it
// should, a killed run costs only its profile, and nothing is left running.
func TestLongBatch(t *testing.T) {
	soffice := needLong(t)
	files := legacyFixtures(t)
	bomb := slowDocx(t)
	c := &Converter{Soffice: soffice}
	defer c.Close()
	profiles := map[string]bool{}
	start := time.Now()
	const n = 20
	for i := range n {
		var (
			data []byte
			name string
			want error
		)
		switch {
		case i%10 == 4:
			data, name, want = bomb, "bomb.docx", ErrTimeout
			c.Timeout = 2 * time.Second
		case i%5 == 3:
			data, name, want = zeroMiddle(files[".doc"]), "damaged.doc", ErrFailed
		default:
			ext := fixtureFormats[i%len(fixtureFormats)]
			data, name = files["."+ext], "返回表."+ext
		}
		out, err := c.ToDocx(context.Background(), data, name)
		c.Timeout = 0
		if c.ProfileDir != "" {
			profiles[c.ProfileDir] = true
		}
		switch {
		case want != nil && !errors.Is(err, want):
			t.Fatalf("%d %s: err = %v, want %v", i, name, err, want)
		case want == nil && err != nil:
			t.Fatalf("%d %s: %v", i, name, err)
		case want == nil && !strings.Contains(documentXML(t, out), schoolName):
			t.Fatalf("%d %s: converted text lost", i, name)
		}
	}
	t.Logf("%d conversions in %v, %d profiles", n, time.Since(start).Round(time.Millisecond), len(profiles))
	if len(profiles) != n/10+1 {
		t.Errorf("%d profiles used, want %d: one, and a new one after each kill", len(profiles), n/10+1)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for p := range profiles {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("profile %s left behind: %v", p, err)
		}
		waitGone(t, p)
	}
}
