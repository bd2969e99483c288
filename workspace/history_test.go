package workspace

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
)

// TestHistory: a ban and a held title outlive their round. Round 2022
// decides and accepts; round 2024 names it in history and reads it, never
// writing it: the unit that failed is barred in every category, an object
// that passed and applies again is flagged, status shows what was read,
// and folders naming each other are read once.
func TestHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	old, oldReg, cfg := decideFixture(t)
	apps, err := oldReg.Applications()
	if err != nil {
		t.Fatal(err)
	}
	var failed, passed *register.Application
	yes := true
	var ds []intake.Decision
	for _, a := range apps {
		switch {
		case failed == nil && a.Category == "innovation_project":
			failed = a
		case passed == nil && a.Category == "model_branch":
			passed = a
		default:
			continue
		}
		ds = append(ds, intake.Decision{ID: a.ID, Recommend: &yes, Total: 90})
	}
	if res, err := oldReg.Decide(ctx, cfg, ds, "t", true, time.Date(2022, 12, 9, 0, 0, 0, 0, time.UTC)); err != nil || len(res.Problems) > 0 {
		t.Fatalf("decide: %v %+v", err, res)
	}
	no := false
	rows := []intake.AcceptanceResult{{ID: failed.ID, Passed: &no, Date: "2023-12-20"}, {ID: passed.ID, Passed: &yes, Date: "2023-12-20"}}
	if _, problems, err := oldReg.Accept(ctx, cfg, rows); err != nil || len(problems) > 0 {
		t.Fatalf("accept: %v %v", err, problems)
	}
	before, err := os.ReadFile(old.RegisterPath())
	if err != nil {
		t.Fatal(err)
	}

	// Round 2024, in a sibling folder, names 2022 by a relative path.
	l, err := Init(filepath.Join(filepath.Dir(old.Dir), "2024"))
	if err != nil {
		t.Fatal(err)
	}
	if err := AddHistory(l.Dir, old.Dir); err != nil {
		t.Fatal(err)
	}
	w, err := Open(l.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if want := []string{"../ws"}; strings.Join(w.Cfg.History, ",") != strings.Join(want, ",") {
		t.Errorf("history %q, want %q", w.Cfg.History, want)
	}
	w.Cfg.ReferenceDate = config.Date{Time: time.Date(2024, 11, 24, 0, 0, 0, 0, time.UTC)}
	reg := wrap(w)

	// The failed unit applies in another category; the passed branch
	// applies again as itself.
	fx := newRuleFixture(t)
	in := filepath.Join(t.TempDir(), "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	form, r := fx.cleanSample(t, "model_branch", 5)
	r.Values.Text["cover_unit"], r.Values.Text["branch_name"] = failed.Unit, "另一个党支部"
	if err := os.WriteFile(filepath.Join(in, "barred.docx"), fx.render(t, form, r.Values), 0o644); err != nil {
		t.Fatal(err)
	}
	form, r = fx.cleanSample(t, "model_branch", 6)
	r.Values.Text["cover_unit"], r.Values.Text["branch_name"] = passed.Unit, passed.Name
	if err := os.WriteFile(filepath.Join(in, "held.docx"), fx.render(t, form, r.Values), 0o644); err != nil {
		t.Fatal(err)
	}
	runIntake(t, w, reg, Options{Received: onTime}, in)
	fs := findingsByApp(t, reg)
	has := func(name, rule, says string) bool {
		for _, f := range fs[name] {
			if f.Rule == rule && strings.Contains(f.Message, says) {
				return true
			}
		}
		return false
	}
	if !has("另一个党支部", "barred", "2023年12月 验收未通过") {
		t.Errorf("the unit that failed in 2022's round is not barred: %v", fs["另一个党支部"])
	}
	if !has(passed.Name, "held", "是 2022 年度的校级建设对象（已于 2023-12-20 验收通过") {
		t.Errorf("the object that passed in 2022's round is not flagged: %v", fs[passed.Name])
	}
	ov, err := w.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.History) != 1 || ov.History[0].Round != 2022 || ov.History[0].Objects != 2 || ov.History[0].Passed != 1 || ov.History[0].Failed != 1 || ov.History[0].Dir != "../ws" {
		t.Errorf("status history %+v", ov.History)
	}
	after, err := os.ReadFile(old.RegisterPath())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("reading the earlier round wrote its register")
	}

	// 2022 names 2024 back: each is read once.
	old.Cfg.History = nil
	if err := config.SetKey(old.ConfigPath(), "history", []string{"../2024"}); err != nil {
		t.Fatal(err)
	}
	w.hist = nil
	if rounds, err := w.History(); err != nil || len(rounds) != 1 {
		t.Errorf("a loop of folders: %v %+v", err, rounds)
	}
	// A folder that is not a workspace.
	w.hist, w.Cfg.History = nil, []string{"../nowhere"}
	var he *HistoryError
	var nw *register.NoWorkspaceError
	if _, err := w.History(); !errors.As(err, &he) || !errors.As(err, &nw) || he.Dir != "../nowhere" {
		t.Errorf("missing round: %v", err)
	}
}
