package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dbzx/register"
	"dbzx/sample"
)

// TestCrashChild is the child process of TestIntakeKilledMidway: it runs
// intake until it is killed. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	t.Parallel()
	ws, in := os.Getenv("DBZX_CRASH_WS"), os.Getenv("DBZX_CRASH_IN")
	if ws == "" {
		t.Skip("helper process for TestIntakeKilledMidway")
	}
	w, reg := openWS(t, register.Layout{Dir: ws})
	forms, cfg, _ := testEnv(t)
	if _, err := run(context.Background(), w, reg, Options{Forms: forms, Cfg: cfg, Workers: 2}, []string{in}); err != nil {
		t.Fatal(err)
	}
}

// TestIntakeKilledMidway kills intake with SIGKILL at several points, then
// runs it to the end: the register must be consistent and hold every
// input exactly once, and every archived original must be whole.
func TestIntakeKilledMidway(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts child processes")
	}
	forms, cfg, _ := testEnv(t)
	in := filepath.Join(t.TempDir(), "in")
	files, err := sample.Batch(in, forms, cfg, 77, 80)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := newWorkspace(t)
	w.Close() // the children take the workspace's lock
	kills := 0
	for _, after := range []time.Duration{150 * time.Millisecond, 400 * time.Millisecond, 700 * time.Millisecond} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DBZX_CRASH_WS="+w.Dir, "DBZX_CRASH_IN="+in)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			kills++
		}
		cmd.Wait()
	}
	if kills == 0 {
		t.Fatal("the child finished before any kill; nothing was tested")
	}
	w, reg := openWS(t, w.Layout)
	partial := countRows(t, reg, "files")
	t.Logf("%d kills; %d files registered before the final run", kills, partial)
	res := runIntake(t, w, reg, Options{}, in)

	// Every input (and bundle entry) is registered exactly once.
	var dups int
	if err := reg.db.QueryRow(`SELECT COUNT(*) FROM (SELECT origin FROM files GROUP BY origin HAVING COUNT(*) > 1)`).Scan(&dups); err != nil {
		t.Fatal(err)
	}
	if dups != 0 {
		t.Errorf("%d origins registered more than once", dups)
	}
	if got := countRows(t, reg, "files"); got != len(res.Outcomes) {
		t.Errorf("%d files registered, %d inputs", got, len(res.Outcomes))
	}
	if len(res.Outcomes) < len(files) {
		t.Errorf("%d outcomes for %d input files", len(res.Outcomes), len(files))
	}
	// Each parsed return has exactly one version, pointing at its file.
	var parsedDocx, versions, orphans int
	reg.db.QueryRow(`SELECT COUNT(*) FROM files WHERE status = 'parsed' AND kind = 'docx'`).Scan(&parsedDocx)
	reg.db.QueryRow(`SELECT COUNT(*) FROM versions`).Scan(&versions)
	reg.db.QueryRow(`SELECT COUNT(*) FROM versions v LEFT JOIN files f ON f.id = v.file_id WHERE f.id IS NULL`).Scan(&orphans)
	if parsedDocx != versions || orphans != 0 {
		t.Errorf("%d parsed returns, %d versions, %d versions without a file", parsedDocx, versions, orphans)
	}
	// register.Application versions are numbered 1..n without gaps.
	var gaps int
	reg.db.QueryRow(`SELECT COUNT(*) FROM applications a WHERE
		(SELECT MAX(number) FROM versions WHERE application_id = a.id) != (SELECT COUNT(*) FROM versions WHERE application_id = a.id)`).Scan(&gaps)
	if gaps != 0 {
		t.Errorf("%d applications with gaps in their version numbers", gaps)
	}
	// Every archived original is whole: its content hashes to its name.
	filepath.Walk(w.ArchiveDir(), func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || strings.HasPrefix(info.Name(), ".tmp-") {
			return nil
		}
		data, _ := os.ReadFile(p)
		sum := sha256.Sum256(data)
		if !strings.HasPrefix(info.Name(), hex.EncodeToString(sum[:])) {
			t.Errorf("archived %s is not whole", info.Name())
		}
		return nil
	})
}
