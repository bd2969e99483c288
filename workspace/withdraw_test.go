package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dbzx/intake"
	"dbzx/sample"
)

// TestWithdrawAndRestore: a withdrawn application leaves the quota count,
// the dossier, the review sheet and the selection, stays in the register
// with its reason, cannot be recommended, and comes back with undo; both
// changes are logged and no file is touched.
func TestWithdrawAndRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	forms, cfg, _ := testEnv(t)
	in := filepath.Join(t.TempDir(), "in")
	if _, err := sample.Batch(in, forms, cfg, 61, 12); err != nil {
		t.Fatal(err)
	}
	w, reg := newWorkspace(t)
	runIntake(t, w, reg, Options{}, in)
	apps, _ := w.applications()
	target := apps[0]
	countOf := func() int {
		ov, err := w.Status()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ov.Categories {
			if c.Key == target.Category {
				return c.Applications
			}
		}
		return -1
	}
	before := countOf()
	archived, _ := os.ReadDir(w.ArchiveDir())

	if _, err := w.Withdraw(ctx, target.ID, "", false); !errors.Is(err, ErrNoReason) {
		t.Errorf("withdraw without a reason: %v", err)
	}
	if _, err := w.Withdraw(ctx, 99999, "x", false); !errors.Is(err, ErrNotFound) {
		t.Errorf("withdraw of no application: %v", err)
	}
	a, err := w.Withdraw(ctx, target.ID, "单位来函撤回", false)
	if err != nil || a.WithdrawReason != "单位来函撤回" || a.Withdrawn == "" {
		t.Fatalf("withdraw: %+v %v", a, err)
	}
	if n := countOf(); n != before-1 {
		t.Errorf("quota count %d after withdrawing, want %d", n, before-1)
	}
	d, err := w.dossier(target.Category)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range d.Applications {
		if x.Name == target.Name && x.Unit == target.Unit {
			t.Error("withdrawn application still in the dossier")
		}
	}
	s, _, err := w.reviewSheet(target.Category)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range s.Rows {
		if row[0].(int64) == target.ID {
			t.Error("withdrawn application still on the review sheet")
		}
	}
	yes := true
	res := &DecideResult{Recommended: map[string]int{}}
	if err := w.decide(ctx, res, []intake.Decision{{ID: target.ID, Line: 4, Recommend: &yes}}, "t", false, onTime); err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || !errors.Is(res.Problems[0].Err, ErrWithdrawn) || !strings.Contains(res.Problems[0].String(), "第 4 行") {
		t.Errorf("recommending a withdrawn application: %+v", res.Problems)
	}
	all, _ := reg.Applications()
	kept := false
	for _, x := range all {
		kept = kept || (x.ID == target.ID && x.Withdrawn != "")
	}
	if !kept {
		t.Error("the withdrawn application is gone from the register")
	}

	if _, err := w.Withdraw(ctx, target.ID, "", true); err != nil {
		t.Fatal(err)
	}
	if n := countOf(); n != before {
		t.Errorf("quota count %d after undo, want %d", n, before)
	}
	log, _ := reg.Log()
	if len(log) != 2 || log[0].Action != "withdraw" || log[0].Detail != "单位来函撤回" || log[1].Action != "restore" {
		t.Errorf("log %+v", log)
	}
	after, _ := os.ReadDir(w.ArchiveDir())
	if len(after) != len(archived) {
		t.Error("the archive changed")
	}
}

// TestDetach: a detached file leaves every dossier (even one its folder
// would match) and attach puts it back; the original stays archived.
func TestDetach(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fx := newDossierFixture(t, 3, 12, nil)
	w := fx.w
	var att string
	var holder string
	for name, d := range fx.dossiers(t) {
		for _, a := range d.Applications {
			if len(a.Attachments) > 0 && att == "" {
				att, holder = a.Attachments[0].Path, name
			}
		}
	}
	if att == "" {
		t.Fatal("no attachment placed in the fixture")
	}
	files := fx.attachments(t)
	var file string
	for _, f := range files {
		if w.ArchivePath(f.Archive) == att {
			file = f.Origin
		}
	}
	f, err := w.Detach(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	if a, u := holders(fx.dossiers(t), att); len(a)+len(u) > 0 {
		t.Errorf("detached file (in the %s dossier before) still placed: %v %v", holder, a, u)
	}
	if _, err := os.Stat(w.ArchivePath(f.Archive)); err != nil {
		t.Errorf("original gone: %v", err)
	}
	apps, _ := w.applications()
	if _, _, err := w.Attach(ctx, file, fmt.Sprint(apps[0].ID)); err != nil {
		t.Fatal(err)
	}
	if a, _ := holders(fx.dossiers(t), att); len(a) != 1 {
		t.Errorf("after attach the file is with %v, want one application", a)
	}
}
