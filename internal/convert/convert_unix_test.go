//go:build unix

package convert

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dbzx/internal/sniff"
	"dbzx/internal/testutil"
)

// The tests here run ToDocx against a shell script standing in for soffice,
// so that what ToDocx does around LibreOffice — the command line it builds,
// serialising calls, reading and bounding the output, killing the process
// group — is checked in milliseconds, without LibreOffice and in -short
// mode. The tests with LibreOffice check that it does convert and die.

// fakeSoffice writes a script standing in for soffice: it records its
// arguments, one a line, in args (appending), sets $in and $out to its last
// argument and to the value of --outdir, then runs body. It returns a
// Converter using it with a profile of its own, and the script's directory,
// which every process the script starts has on its command line.
func fakeSoffice(t *testing.T, body string) (*Converter, string) {
	t.Helper()
	sh := testutil.NeedTool(t, "sh")
	dir := t.TempDir()
	script := "#!" + sh + `
dir=` + shQuote(dir) + `
for a do printf '%s\n' "$a"; done >>"$dir/args"
for a do
	case $prev in --outdir) out=$a ;; esac
	prev=$a in=$a
done
` + body + "\n"
	path := filepath.Join(dir, "soffice")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return &Converter{Soffice: path, Timeout: 10 * time.Second, ProfileDir: filepath.Join(dir, "profile")}, dir
}

// oleDoc passes importFilter as a Word 97 file.
var oleDoc = append(append(bytes.Clone(sniff.OLEMagic), utf16le("WordDocument")...), "body"...)

// TestCommandLine: the input reaches soffice as a private copy under a
// fixed name with the extension of the original name, never the name
// itself; the filter is forced from the content; the output goes to its own
// directory and is read back from there.
func TestCommandLine(t *testing.T) {
	c, dir := fakeSoffice(t, `cp "$in" "$out/input.docx"`)
	tests := []struct {
		desc, name string
		data       []byte
		ext        string
		filter     string
	}{
		{"doc", "教务处-返回表.doc", oleDoc, ".doc", "MS Word 97"},
		{"hostile name", "-rf --infilter=x ../../返回表.doc", oleDoc, ".doc", "MS Word 97"},
		{"wps", "返回表.WPS", oleDoc, ".wps", "MS Word 97"},
		{"odt without extension", "返回表", odtOf(t), ".doc", "writer8"},
		{"rtf", `C:\表\返回表.rtf`, []byte(`{\rtf1 返回表}`), ".rtf", "Rich Text Format"},
		{"docx to docx", "返回表.docx", minimalDocx(t), ".docx", "MS Word 2007 XML"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "args"))
			out, err := c.ToDocx(context.Background(), tt.data, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, tt.data) {
				t.Errorf("output is not the file soffice wrote")
			}
			b, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			in := args[len(args)-1]
			if filepath.Base(in) != baseName+tt.ext {
				t.Errorf("input %s, want %s", in, baseName+tt.ext)
			}
			for _, want := range []string{"--headless", "--infilter=" + tt.filter, "--convert-to", "docx"} {
				if !slices.Contains(args, want) {
					t.Errorf("no argument %q in %q", want, args)
				}
			}
			profile, _ := profileURL(c.ProfileDir)
			if !slices.Contains(args, "-env:UserInstallation="+profile) {
				t.Errorf("profile %s not given in %q", profile, args)
			}
			i := slices.Index(args, "--outdir")
			if i < 0 || i+1 >= len(args) || args[i+1] == filepath.Dir(in) {
				t.Errorf("--outdir missing or the input's directory: %q", args)
			}
			for _, a := range args {
				if strings.Contains(a, "返回表") || a == "-rf" || a == "--infilter=x" {
					t.Errorf("the original name reached soffice: %q", a)
				}
			}
			if _, err := os.Stat(filepath.Dir(in)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("work directory left behind: %v", err)
			}
		})
	}
}

// TestCallsSerialised: calls on one Converter never overlap; a second
// soffice on the profile would hand its file to the first and exit.
func TestCallsSerialised(t *testing.T) {
	c, _ := fakeSoffice(t, `mkdir "$dir/busy" || { echo "Error: two at once"; exit 1; }
sleep 0.05
cp "$in" "$out/input.docx"
rmdir "$dir/busy"`)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.ToDocx(context.Background(), oleDoc, "a.doc") })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
}

// TestSofficeFailures: soffice's ways of failing become ErrFailed with the
// end of its console output (less the javaldx warning), or ErrTooLarge.
func TestSofficeFailures(t *testing.T) {
	tests := []struct {
		desc, body string
		want       error
		msg        string
	}{
		{"no output, exit 0", `echo "Warning: failed to launch javaldx - java may not function correctly"
echo "Error: source file could not be loaded"`, ErrFailed, "Error: source file could not be loaded"},
		{"exit status", `echo "boom" >&2; exit 3`, ErrFailed, "boom"},
		{"silent", `exit 0`, ErrFailed, "no output"},
		{"output over the limit", `dd if=/dev/zero of="$out/input.docx" bs=1024 count=2 2>/dev/null`, ErrTooLarge, "more than 1024 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			c, _ := fakeSoffice(t, tt.body)
			c.maxOutput = 1 << 10
			_, err := c.ToDocx(context.Background(), oleDoc, "a.doc")
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v with %q", err, tt.want, tt.msg)
			}
			if strings.Contains(err.Error(), "javaldx") {
				t.Errorf("err = %v: javaldx warning kept", err)
			}
		})
	}
}

// hang is a soffice that never finishes, with a child that outlives it
// unless the whole process group is killed: as oosplash starts soffice.bin.
const hang = `sh -c 'sleep 30; :' "$dir/child" &
sleep 30`

// TestHangKilled: on the timeout, and when the caller cancels, ToDocx
// returns at once, and soffice and every process it started are gone. A
// profile the Converter made, which the kill may have left half written, is
// dropped; a caller's is kept.
func TestHangKilled(t *testing.T) {
	testutil.NeedTool(t, "pgrep")

	t.Run("timeout", func(t *testing.T) {
		c, dir := fakeSoffice(t, hang)
		c.ProfileDir = "" // its own, under os.TempDir
		c.Timeout = 200 * time.Millisecond
		start := time.Now()
		_, err := c.ToDocx(context.Background(), oleDoc, "a.doc")
		took := time.Since(start)
		if !errors.Is(err, ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		if took > c.Timeout+2*time.Second {
			t.Errorf("returned after %v", took)
		}
		waitGone(t, dir)
		if c.ProfileDir != "" || c.ownsProfile {
			t.Errorf("own profile %q kept after the kill", c.ProfileDir)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		c, dir := fakeSoffice(t, hang)
		profile := c.ProfileDir
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.ToDocx(ctx, oleDoc, "a.doc")
		took := time.Since(start)
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrTimeout) {
			t.Fatalf("err = %v, want the context's error", err)
		}
		if took > 2*time.Second {
			t.Errorf("returned after %v", took)
		}
		waitGone(t, dir)
		if c.ProfileDir != profile {
			t.Errorf("ProfileDir = %q, want the caller's %q", c.ProfileDir, profile)
		}
	})
}
