package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
)

// TestProvincialWithoutForm: “自动认定……不占用培育名额，不参与申报” — a
// provincial recommendation is a construction object whether or not its
// unit sends a form: on the 名单, funded, on the acceptance sheet, outside
// the quota; a form it sends later becomes the same object, marked.
func TestProvincialWithoutForm(t *testing.T) {
	t.Parallel()
	w, reg := newWorkspace(t)
	ctx := context.Background()
	const unit = "电气工程学院党总支"
	w.Cfg.Provincial = []config.Listed{{Category: "benchmark_college", Unit: unit}}
	if err := w.revalidate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	one := func() *Selected {
		t.Helper()
		sel, err := w.Selected()
		if err != nil {
			t.Fatal(err)
		}
		if len(sel) != 1 {
			t.Fatalf("%d construction objects, want the provincial one: %+v", len(sel), sel)
		}
		return sel[0]
	}
	s := one()
	if !s.Provincial || !s.Unfiled || s.Unit != unit || s.Name != "电气工程学院" || s.Funding != 20000*100 {
		t.Errorf("provincial object without a form: %+v", s)
	}
	id := s.ID
	// Checking again records nothing new.
	if err := w.revalidate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if s := one(); s.ID != id {
		t.Errorf("id %d, then %d", id, s.ID)
	}
	if c := categoryCount(t, reg, w.Cfg, "benchmark_college"); c.Applications != 0 || c.Provincial != 1 {
		t.Errorf("标杆院部: %d counted, %d provincial; want 0, 1", c.Applications, c.Provincial)
	}
	if sheet, n, err := reg.AcceptSheet(w.Cfg); err != nil || n != 1 || sheet.Rows[0][0].(int64) != id {
		t.Errorf("acceptance sheet: %v, %d rows", err, n)
	}
	if _, n, err := reg.ReviewSheet(w.Cfg, "benchmark_college"); err == nil && n > 0 {
		t.Errorf("a provincial object without a form is on the review sheet (%d rows)", n)
	}

	// The unit sends its form anyway: the same object, now with the form,
	// marked 不参与申报.
	fx := newRuleFixture(t)
	form, r := fx.cleanSample(t, "benchmark_college", 3)
	r.Values.Text["cover_unit"], r.Values.Text["college_name"] = unit, "电气工程学院"
	in := filepath.Join(t.TempDir(), "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "附件5.docx"), fx.render(t, form, r.Values), 0o644); err != nil {
		t.Fatal(err)
	}
	runIntake(t, w, reg, Options{Received: onTime}, in)
	s = one()
	if s.ID != id || s.Unfiled || !s.Provincial || s.Versions != 1 {
		t.Errorf("the form sent later: %+v (want id %d, filed, provincial)", s, id)
	}
	marked := false
	for _, f := range findingsByApp(t, reg)["电气工程学院"] {
		marked = marked || f.Rule == "provincial" && strings.Contains(f.Message, "不参与申报")
	}
	if !marked {
		t.Error("the provincial unit's form is not marked 不参与申报")
	}
	if c := categoryCount(t, reg, w.Cfg, "benchmark_college"); c.Applications != 0 || c.Provincial != 1 {
		t.Errorf("标杆院部 with the form: %d counted, %d provincial; want 0, 1", c.Applications, c.Provincial)
	}
}

// TestProvincialCandidates: “优先推荐校级……参与申报省级评选” — the objects
// that passed acceptance, per category by review score (equal scores share
// a rank); those that failed, were not accepted yet, or are provincial
// already are not listed.
func TestProvincialCandidates(t *testing.T) {
	t.Parallel()
	w, reg, cfg := decideFixture(t)
	ctx := context.Background()
	if _, err := w.ProvincialCandidates(t.TempDir()); !errors.Is(err, ErrNoAccepted) {
		t.Fatalf("before acceptance: %v, want ErrNoAccepted", err)
	}
	apps, err := reg.Applications()
	if err != nil {
		t.Fatal(err)
	}
	var mb []*register.Application
	for _, a := range apps {
		if a.Category == "model_branch" {
			mb = append(mb, a)
		}
	}
	if len(mb) < 5 {
		t.Fatalf("%d 样板党支部 in the batch, want 5", len(mb))
	}
	yes := true
	totals := []float64{80, 95, 88, 95, 99} // the last one fails acceptance
	var ds []intake.Decision
	for i, a := range mb[:5] {
		ds = append(ds, intake.Decision{ID: a.ID, Recommend: &yes, Total: totals[i]})
	}
	if res, err := reg.Decide(ctx, cfg, ds, "t", true, time.Date(2022, 12, 9, 0, 0, 0, 0, time.UTC)); err != nil || len(res.Problems) > 0 {
		t.Fatalf("decide: %v %+v", err, res)
	}
	pass, fail := true, false
	var rows []intake.AcceptanceResult
	for i, a := range mb[:4] { // the fifth is not accepted yet
		rows = append(rows, intake.AcceptanceResult{ID: a.ID, Passed: &pass, Date: "2023-12-20"})
		if i == 3 {
			rows[i].Passed = &fail
		}
	}
	if _, problems, err := reg.Accept(ctx, cfg, rows); err != nil || len(problems) > 0 {
		t.Fatalf("accept: %v %v", err, problems)
	}
	res, err := w.ProvincialCandidates(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Candidates {
		got = append(got, fmt.Sprintf("%d %g %d", c.Rank, c.Total, c.ID))
	}
	// Passed: 80, 95, 88 → 95 first, 88, 80.
	want := []string{fmt.Sprintf("1 95 %d", mb[1].ID), fmt.Sprintf("2 88 %d", mb[2].ID), fmt.Sprintf("3 80 %d", mb[0].ID)}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("candidates %v, want %v", got, want)
	}
	if _, err := os.Stat(res.Path); err != nil {
		t.Error(err)
	}
	// Equal scores share a rank.
	rows = []intake.AcceptanceResult{{ID: mb[3].ID, Passed: &pass, Date: "2023-12-20"}}
	if _, problems, err := reg.Accept(ctx, cfg, rows); err != nil || len(problems) > 0 {
		t.Fatalf("accept: %v %v", err, problems)
	}
	res, err = w.ProvincialCandidates(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) != 4 || res.Candidates[0].Rank != 1 || res.Candidates[1].Rank != 1 || res.Candidates[2].Rank != 3 {
		t.Errorf("tied ranks: %+v", res.Candidates)
	}
}
