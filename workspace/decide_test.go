package workspace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
	"dbzx/render"
	"dbzx/sample"
)

// decideFixture takes a clean sample batch into a workspace.
func decideFixture(t *testing.T) (*Workspace, *testReg, *config.Config) {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	in := filepath.Join(t.TempDir(), "in")
	cachedSample(t, "batch 31 24", []string{in}, func() ([]sample.BatchFile, error) { return sample.Batch(in, forms, cfg, 31, 24) })
	w, reg := newWorkspace(t)
	runIntake(t, w, reg, Options{}, in)
	return w, reg, cfg
}

// fillReview writes a category's review sheet, fills it through excelize as
// the committee would and reads it back.
func fillReview(t *testing.T, reg *testReg, cfg *config.Config, cat string, recommend func(i int) string) []intake.Decision {
	t.Helper()
	s, n, err := reg.ReviewSheet(cfg, cat)
	if err != nil || n == 0 {
		t.Fatalf("review sheet %s: %v (%d rows)", cat, err, n)
	}
	path := filepath.Join(t.TempDir(), "review.xlsx")
	if err := render.WriteInputSheet(path, s); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fill := map[int64]map[string]any{}
	for i, row := range s.Rows {
		v := map[string]any{"推荐": recommend(i)}
		for k, c := range cfg.Scoring[cat] {
			v[c.Name] = c.Points - k%3
		}
		fill[row[0].(int64)] = v
	}
	filled, err := sample.FillSheet(data, fill)
	if err != nil {
		t.Fatal(err)
	}
	ds, problems, err := intake.ReadReviewSheet(filled)
	if err != nil || len(problems) > 0 {
		t.Fatalf("read back: %v %v", err, problems)
	}
	if len(ds) != n {
		t.Fatalf("read %d rows, wrote %d", len(ds), n)
	}
	return ds
}

// TestDecisionsRoundTripThroughSheet: a generated review sheet, filled and
// read back, records each application's recommendation and scores.
func TestDecisionsRoundTripThroughSheet(t *testing.T) {
	t.Parallel()
	_, reg, cfg := decideFixture(t)
	ds := fillReview(t, reg, cfg, "model_branch", func(i int) string { return map[bool]string{true: "推荐", false: "不推荐"}[i%2 == 0] })
	want := 0
	for i, d := range ds {
		if d.Recommend == nil || *d.Recommend != (i%2 == 0) {
			t.Errorf("row %d: recommend %v", i, d.Recommend)
		}
		if len(d.Scores) != len(cfg.Scoring["model_branch"]) || d.Total <= 0 {
			t.Errorf("row %d: scores %v total %v", i, d.Scores, d.Total)
		}
		if i%2 == 0 {
			want++
		}
	}
	res, err := reg.Decide(context.Background(), cfg, ds, "sheet", false, time.Date(2022, 12, 9, 0, 0, 0, 0, time.UTC))
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("decide: %v %v", err, res.Problems)
	}
	sel, err := reg.Selected(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(sel) != want {
		t.Errorf("%d selected, want %d", len(sel), want)
	}
}

// TestQuotaBreachRefused: recommending more than the quota records nothing.
func TestQuotaBreachRefused(t *testing.T) {
	t.Parallel()
	_, reg, cfg := decideFixture(t)
	for i := range cfg.Categories {
		if cfg.Categories[i].Key == "model_branch" {
			cfg.Categories[i].Quota = 1
		}
	}
	ds := fillReview(t, reg, cfg, "model_branch", func(int) string { return "推荐" })
	res, err := reg.Decide(context.Background(), cfg, ds, "sheet", true, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) == 0 || !strings.Contains(fmt.Sprint(res.Problems, ""), "名额 1 项") {
		t.Fatalf("quota breach not refused: %+v", res)
	}
	if sel, _ := reg.Selected(cfg); len(sel) != 0 {
		t.Errorf("%d recorded despite the breach", len(sel))
	}
}

// TestOpenErrorsNeedForce: an application with an error finding is not
// recommended without --force; with it, the override is recorded.
func TestOpenErrorsNeedForce(t *testing.T) {
	t.Parallel()
	_, reg, cfg := decideFixture(t)
	apps, _ := reg.Applications()
	var target *register.Application
	for _, a := range apps {
		if a.Category == "innovation_project" {
			target = a
			break
		}
	}
	if _, err := reg.db.Exec(`INSERT INTO findings(version_id, file_id, rule, severity, message)
		SELECT v.id, v.file_id, 'test', 'error', '测试错误' FROM versions v WHERE v.application_id = ?`, target.ID); err != nil {
		t.Fatal(err)
	}
	yes := true
	ds := []intake.Decision{{ID: target.ID, Recommend: &yes}}
	res, err := reg.Decide(context.Background(), cfg, ds, "t", false, time.Time{})
	if err != nil || len(res.Problems) == 0 || !errors.Is(res.Problems[0].Err, ErrOpenErrors) {
		t.Fatalf("without force: %v %+v", err, res)
	}
	res, err = reg.Decide(context.Background(), cfg, ds, "t", true, time.Time{})
	if err != nil || len(res.Problems) > 0 || len(res.Forced) != 1 {
		t.Fatalf("with force: %v %+v", err, res)
	}
	sel, _ := reg.Selected(cfg)
	if len(sel) != 1 || !sel[0].Forced {
		t.Errorf("forced recommendation not recorded: %+v", sel)
	}
}

// TestAcceptanceAndCertificates: acceptance read from the generated sheet;
// certificates only for those that passed, numbers stable across re-runs;
// a failed unit is barred by the rules; funding totals equal the sum of
// the decisions.
func TestAcceptanceAndCertificates(t *testing.T) {
	t.Parallel()
	_, reg, cfg := decideFixture(t)
	forms, _, _ := testEnv(t)
	ctx := context.Background()
	var all []intake.Decision
	for _, c := range cfg.Categories {
		all = append(all, fillReview(t, reg, cfg, c.Key, func(i int) string {
			if i < 2 {
				return "推荐"
			}
			return "不推荐"
		})...)
	}
	if res, err := reg.Decide(ctx, cfg, all, "t", false, time.Date(2022, 12, 9, 0, 0, 0, 0, time.UTC)); err != nil || len(res.Problems) > 0 {
		t.Fatalf("decide: %v %+v", err, res)
	}
	sel, _ := reg.Selected(cfg)
	// Funding: statements total the decisions.
	fd, err := reg.FundingData(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var want, got int64
	for _, s := range sel {
		cat, _ := cfg.Category(s.Category)
		want += cat.Funding * 100
	}
	for _, u := range fd.Units {
		got += u.Amount
	}
	if got != want || len(fd.Units) != len(sel) {
		t.Errorf("funding %d fen over %d units, decisions %d fen over %d", got, len(fd.Units), want, len(sel))
	}
	// Acceptance through the sheet: the last one fails.
	as, n, err := reg.AcceptSheet(cfg)
	if err != nil || n != len(sel) {
		t.Fatalf("accept sheet: %v (%d of %d)", err, n, len(sel))
	}
	path := filepath.Join(t.TempDir(), "a.xlsx")
	if err := render.WriteInputSheet(path, as); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fill := map[int64]map[string]any{}
	var failed int64
	oneYear := 0 // accepted in 2024-12, a year after their acceptance month
	catOf := map[int64]string{}
	for _, s := range sel {
		catOf[s.ID] = s.Category
	}
	for i, row := range as.Rows {
		res := "通过"
		if i == len(as.Rows)-1 {
			res, failed = "不通过", row[0].(int64)
		}
		if c, _ := cfg.Category(catOf[row[0].(int64)]); c.CycleYears == 1 {
			oneYear++
		}
		fill[row[0].(int64)] = map[string]any{"验收结果": res, "验收日期": time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)}
	}
	filled, err := sample.FillSheet(data, fill)
	if err != nil {
		t.Fatal(err)
	}
	rows, problems, err := intake.ReadAcceptSheet(filled)
	if err != nil || len(problems) > 0 {
		t.Fatalf("read acceptance: %v %v", err, problems)
	}
	res, problems, err := reg.Accept(ctx, cfg, rows)
	if err != nil || len(problems) > 0 {
		t.Fatalf("accept: %v %v", err, problems)
	}
	// Dated outside their month, recorded all the same with a warning
	// each: the 1-year categories accept in 2023-12.
	if oneYear == 0 || len(res.Warnings) != oneYear || res.Recorded != len(sel) {
		t.Errorf("%d recorded, warnings %v; want %d recorded, %d warnings", res.Recorded, res.Warnings, len(sel), oneYear)
	}
	for _, w := range res.Warnings {
		if !errors.Is(w.Err, ErrAcceptMonth) || !strings.Contains(w.Message, "2023年12月") {
			t.Errorf("warning %v", w)
		}
	}
	first, err := reg.Certificates(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(sel)-1 {
		t.Errorf("%d certificates for %d passed", len(first), len(sel)-1)
	}
	numbers := map[int64]string{}
	for _, c := range first {
		if c.ID == failed {
			t.Error("a certificate for the unit that failed")
		}
		if !strings.Contains(c.Number, "〔2024〕第") {
			t.Errorf("number %q", c.Number)
		}
		numbers[c.ID] = c.Number
	}
	again, _ := reg.Certificates(ctx, cfg)
	for _, c := range again {
		if numbers[c.ID] != c.Number {
			t.Errorf("%s: number %s then %s", c.Name, numbers[c.ID], c.Number)
		}
	}
	// The failed unit is barred when the rules run again (reference date
	// within two years of the failure).
	cfg.ReferenceDate = config.Date{Time: time.Date(2025, 11, 24, 0, 0, 0, 0, time.UTC)}
	if err := reg.Revalidate(ctx, cfg, forms); err != nil {
		t.Fatal(err)
	}
	fs, _ := reg.CurrentFindings()
	barred := false
	for _, f := range fs {
		if f.Rule == "barred" && f.ApplicationID == failed {
			barred = true
		}
	}
	if !barred {
		t.Error("the unit that failed acceptance is not barred")
	}
}

// TestDecisionDate: decide records the date the committee wrote on the
// sheet's signature line; with no date there and none given it records
// nothing and asks (never stamps the day the clerk runs it).
func TestDecisionDate(t *testing.T) {
	t.Parallel()
	w, _, cfg := decideFixture(t)
	ctx := context.Background()
	sheets, err := w.ReviewSheets("")
	if err != nil {
		t.Fatal(err)
	}
	s := sheets[0]
	data, _ := os.ReadFile(s.Path)
	fill := map[int64]map[string]any{}
	for _, row := range s.Sheet.Rows {
		fill[row[0].(int64)] = map[string]any{"推荐": "不推荐"}
	}
	filled, err := sample.FillSheet(data, fill)
	if err != nil {
		t.Fatal(err)
	}
	unsigned := filepath.Join(t.TempDir(), "未签.xlsx")
	os.WriteFile(unsigned, filled, 0o644)
	if _, err := w.Decide(ctx, DecideOptions{Sheets: []string{unsigned}}); !errors.Is(err, ErrNoDecisionDate) {
		t.Fatalf("no date anywhere: %v, want ErrNoDecisionDate", err)
	}
	if tm, _ := w.reg.DecisionTime(); !tm.IsZero() {
		t.Fatal("recorded without a date")
	}
	// The committee signs and writes the day in the blanks.
	x, err := excelize.OpenReader(bytes.NewReader(filled))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0))
	cell := fmt.Sprintf("A%d", len(rows))
	v, _ := x.GetCellValue(x.GetSheetName(0), cell)
	if !strings.Contains(v, "签字") {
		t.Fatalf("last row %q is not the signature line", v)
	}
	x.SetCellValue(x.GetSheetName(0), cell, "评审工作小组成员签字：张三 李四　　日期：2022 年 12 月 9 日")
	signed := filepath.Join(t.TempDir(), "已签.xlsx")
	if err := x.SaveAs(signed); err != nil {
		t.Fatal(err)
	}
	res, err := w.Decide(ctx, DecideOptions{Sheets: []string{signed}})
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("signed sheet: %v %+v", err, res)
	}
	tm, _ := w.reg.DecisionTime()
	if got := tm.Format("2006-01-02"); got != "2022-12-09" {
		t.Errorf("decision dated %s, want the signed 2022-12-09", got)
	}
	_ = cfg
}

// TestProblemWords: every sheet problem has its finding in the clerk's
// words, and the errors themselves carry none (the front ends word
// errors; a problem's message is data).
func TestProblemWords(t *testing.T) {
	t.Parallel()
	for _, err := range []error{ErrQuota, ErrOpenErrors, ErrUnknownApp, ErrNoDecisions, ErrNoConclusions, ErrUnknownEntry,
		ErrNoDate, ErrWithdrawn, ErrDeferredTwice} {
		p := problem(err, 3, 7, "")
		if p.Message == "" || !errors.Is(p.Err, err) {
			t.Errorf("%v: problem %+v, want its finding as the message", err, p)
		}
		for _, r := range err.Error() {
			if unicode.Is(unicode.Han, r) {
				t.Errorf("%v: the error's own text is worded for the clerk", err)
				break
			}
		}
	}
}
