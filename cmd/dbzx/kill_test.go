package main

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKillChild is the child of TestOutputsSurviveKill: it runs the dbzx
// command line in DBZX_KILL_ARGS until it is killed. It does nothing in a
// normal test run.
func TestKillChild(t *testing.T) {
	args := os.Getenv("DBZX_KILL_ARGS")
	if args == "" {
		t.Skip("helper process for TestOutputsSurviveKill")
	}
	for {
		execute(strings.Split(args, "\x1f"), io.Discard, io.Discard)
	}
}

// pdfsComplete fails for any PDF under dir that is not whole (a killed
// writer must leave the previous file or none, never half a file).
func pdfsComplete(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".pdf") {
			return nil
		}
		data, _ := os.ReadFile(p)
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[max(0, len(data)-64):], []byte("%%EOF")) {
			t.Errorf("%s is not a whole PDF (%d bytes)", p, len(data))
		}
		n++
		return nil
	})
	return n
}

// TestOutputsSurviveKill kills dossier and certificate runs with SIGKILL
// at random moments, then runs them again: every PDF under its real name
// is whole at every point, the certificate numbers do not change, and the
// rerun completes the outputs.
func TestOutputsSurviveKill(t *testing.T) {
	if os.Getenv("DBZX_LONG_TESTS") == "" {
		t.Skip("long test (a demo, then six killed runs): runs with DBZX_LONG_TESTS=1 (.ci/run sets it)")
	}
	dir := t.TempDir()
	if code := execute([]string{"demo", "--out", dir}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("demo exit %d", code)
	}
	ws := filepath.Join(dir, "workspace")
	out := filepath.Join(ws, "out")
	listCerts := func() []string {
		names, _ := filepath.Glob(filepath.Join(out, "certificates", "*.pdf"))
		for i := range names {
			names[i] = filepath.Base(names[i])
		}
		return names
	}
	before := listCerts()
	if len(before) == 0 {
		t.Fatal("the demo wrote no certificates")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, cmd := range [][]string{{"--workspace", ws, "dossier"}, {"--workspace", ws, "certificates"}} {
		for i := 0; i < 3; i++ {
			c := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
			c.Env = append(os.Environ(), "DBZX_KILL_ARGS="+strings.Join(cmd, "\x1f"))
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(100+rng.IntN(600)) * time.Millisecond)
			c.Process.Signal(syscall.SIGKILL)
			c.Wait()
			pdfsComplete(t, out)
		}
		if code := execute(cmd, io.Discard, io.Discard); code != 0 {
			t.Fatalf("%v after the kills: exit %d", cmd, code)
		}
	}
	if n := pdfsComplete(t, out); n < len(before)+4 {
		t.Errorf("%d PDFs after the reruns, want at least %d", n, len(before)+4)
	}
	after := listCerts()
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("certificates changed across kills:\nbefore %v\nafter  %v", before, after)
	}
}
