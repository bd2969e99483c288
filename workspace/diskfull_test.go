//go:build linux

package workspace

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"dbzx/intake"
	"dbzx/sample"
)

// TestDiskFullStopsCleanly runs intake into a workspace on a tiny tmpfs
// (root only; skipped elsewhere): the run stops with intake.ErrDiskFull, and the
// register still opens, passes SQLite's integrity check and holds each
// file it recorded exactly once.
func TestDiskFullStopsCleanly(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount tmpfs: %v %s", err, out)
	}
	defer exec.Command("umount", "-l", mnt).Run()
	forms, cfg, _ := testEnv(t)
	in := filepath.Join(t.TempDir(), "in")
	if _, err := sample.Batch(in, forms, cfg, 8, 24); err != nil {
		t.Fatal(err)
	}
	l, err := Init(filepath.Join(mnt, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	w, reg := openWS(t, l)
	_, err = run(context.Background(), w, reg, Options{Forms: forms, Cfg: cfg}, []string{in})
	w.Close()
	if !errors.Is(err, intake.ErrDiskFull) {
		t.Fatalf("intake on a full disk: %v, want ErrDiskFull", err)
	}
	w, reg = openWS(t, l)
	var check string
	if err := reg.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity check: %q %v", check, err)
	}
	var dups int
	reg.db.QueryRow(`SELECT COUNT(*) FROM (SELECT origin FROM files GROUP BY origin HAVING COUNT(*) > 1)`).Scan(&dups)
	if dups != 0 {
		t.Errorf("%d files registered twice", dups)
	}
}
