package workspace

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/testutil"
	"dbzx/register"
	"dbzx/sample"
	"dbzx/templates"
)

// noticesFixture takes in a batch with violations, a return from a unit
// written otherwise than the roster writes it (with a required field
// blank), and a roster with one unit more that sent nothing.
func noticesFixture(t *testing.T) (*Workspace, *testReg, string, string) {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	in, late := filepath.Join(t.TempDir(), "in"), filepath.Join(t.TempDir(), "late")
	b := cachedSample(t, "violations 2022 24", []string{in, late}, func() (*sample.ViolationBatch, error) {
		return sample.BatchWithViolations(in, late, forms, cfg, 2022, 24) // the demo's: one unit clean
	})
	c := *cfg
	b.Config.Apply(&c)
	const silent = "土木工程学院党总支"
	c.Units = append(slices.Clone(c.Units), config.Unit{Name: silent, Type: "党总支"})
	// 铁道工程学院总支: 铁道工程学院党总支 written otherwise.
	roster := c.Units[1].Name
	variant := strings.TrimSuffix(roster, "党总支") + "总支"
	fx := newRuleFixture(t)
	form, s := fx.cleanSample(t, "model_branch", 99)
	s.Values.Text["cover_unit"] = variant
	s.Values.Text["branch_name"] = strings.TrimSuffix(roster, "党总支") + "退休教师党支部"
	delete(s.Values.Text, "secretary")
	dir := filepath.Join(in, "另送")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "退休教师党支部-样板党支部申报书.docx"), fx.render(t, form, s.Values), 0o644); err != nil {
		t.Fatal(err)
	}
	w, reg := newWorkspace(t)
	runIntake(t, w, reg, Options{Cfg: &c, Received: time.Date(2022, 11, 23, 17, 0, 0, 0, time.Local)}, in)
	return w, reg, silent, variant
}

// TestRosterAndNotices: status names the roster's unit that sent nothing
// and counts the unit written otherwise under its roster name; every unit
// that sent material gets a notice whose problems are exactly the
// findings of its applications (errors first), a receipt when there are
// none; the letter's PDF names the unit and every finding.
func TestRosterAndNotices(t *testing.T) {
	t.Parallel()
	w, reg, silent, variant := noticesFixture(t)
	ctx := context.Background()
	ov, err := w.Status()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ov.Missing, []string{silent}) {
		t.Errorf("Missing = %q, want [%s]", ov.Missing, silent)
	}
	roster := w.Cfg.Units[1].Name
	for _, u := range ov.Units {
		if !u.OnRoster {
			t.Errorf("%s off the roster (nearest %q): every return here is a roster unit's", u.Unit, u.Nearest)
		}
		if u.Unit == roster && !slices.Contains(u.Written, variant) {
			t.Errorf("%s: Written = %q, want %s among them", roster, u.Written, variant)
		}
		if u.Unit != silent && !u.Sent {
			t.Errorf("%s: sent nothing?", u.Unit)
		}
	}

	// The unit written otherwise: a warning naming the roster's name.
	findings, err := reg.CurrentFindings()
	if err != nil {
		t.Fatal(err)
	}
	named := false
	for _, f := range findings {
		if f.Rule == "roster" {
			named = true
			if f.Severity != intake.SeverityWarning || !strings.Contains(f.Message, "“"+variant+"”") || !strings.Contains(f.Message, "应为“"+roster+"”？") {
				t.Errorf("roster finding: %s %s", f.Severity, f.Message)
			}
		}
	}
	if !named {
		t.Errorf("no roster finding for %s", variant)
	}

	res, err := w.WriteNotices(ctx, NoticeOptions{}, filepath.Join(t.TempDir(), "notices"))
	if err != nil {
		t.Fatal(err)
	}
	apps, err := reg.Applications()
	if err != nil {
		t.Fatal(err)
	}
	unitOf := map[int64]string{}
	for _, a := range apps {
		unitOf[a.ID] = intake.OnRoster(w.Cfg.Units, a.Unit).Of
		if a.Withdrawn != "" {
			unitOf[a.ID] = ""
		}
	}
	want := map[string][]string{}
	for _, f := range findings {
		if u := unitOf[f.ApplicationID]; u != "" && f.ApplicationID != 0 {
			want[u] = append(want[u], f.Message)
		}
	}
	seen := map[string]bool{}
	receipts, corrections := 0, 0
	for _, n := range res.Notices {
		seen[n.Unit] = true
		if n.Unit == silent {
			t.Errorf("a notice to %s, which sent nothing", silent)
		}
		var got []string
		severe := 0
		for _, a := range n.Applications {
			last := ""
			for _, p := range a.Problems {
				if a.ID != 0 {
					got = append(got, p.Message)
				}
				if last == intake.SeverityWarning && p.Severity == intake.SeverityError {
					t.Errorf("%s「%s」: an error after a warning", n.Unit, a.Name)
				}
				last = p.Severity
				if p.Severity == intake.SeverityError || p.Severity == intake.SeverityWarning {
					severe++
				}
			}
		}
		slices.Sort(got)
		w := slices.Clone(want[n.Unit])
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s: the notice's problems\n\t%q\nwant the findings of its applications\n\t%q", n.Unit, got, w)
		}
		switch {
		case severe == 0 && n.Type != NoticeReceipt, severe > 0 && n.Type != NoticeCorrection:
			t.Errorf("%s: %s with %d errors and warnings", n.Unit, n.Kind, severe)
		case n.Type == NoticeReceipt:
			receipts++
			if n.Kind != "受理回执" || n.Due != "" || len(n.Resubmit) != 0 {
				t.Errorf("%s: receipt %q due %q resubmit %q", n.Unit, n.Kind, n.Due, n.Resubmit)
			}
		default:
			corrections++
			if n.Kind != "补正通知" || n.Due == "" || len(n.Resubmit) == 0 {
				t.Errorf("%s: correction %q due %q resubmit %q", n.Unit, n.Kind, n.Due, n.Resubmit)
			}
		}
		if len(n.Files) == 0 || n.Docx == "" || n.PDF == "" {
			t.Errorf("%s: files %d, docx %q, pdf %q", n.Unit, len(n.Files), n.Docx, n.PDF)
		}
	}
	for _, u := range w.Cfg.Units {
		if u.Name != silent && !seen[u.Name] {
			t.Errorf("no notice to %s", u.Name)
		}
	}
	if receipts == 0 || corrections == 0 {
		t.Errorf("%d receipts, %d correction notices: want both", receipts, corrections)
	}
	if _, err := os.Stat(res.Combined); err != nil {
		t.Errorf("combined: %v", err)
	}

	// The letter says it all, in its PDF.
	pdftotext := testutil.NeedTool(t, "pdftotext")
	for _, n := range res.Notices {
		if n.Unit != roster && n.Type != NoticeReceipt {
			continue
		}
		out, err := exec.Command(pdftotext, n.PDF, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := squeeze(string(out))
		for _, say := range append([]string{n.Unit, n.Kind, "党委组织部"}, want[n.Unit]...) {
			if !strings.Contains(text, squeeze(say)) {
				t.Errorf("%s (%s): the PDF does not say %q", n.Unit, n.Kind, say)
			}
		}
		if n.Type == NoticeReceipt && (strings.Contains(text, "补正要求") || strings.Contains(text, "补正通知")) {
			t.Errorf("%s: a receipt that speaks of corrections", n.Unit)
		}
		if n.Type == NoticeCorrection && !strings.Contains(text, squeeze(chineseDate(n.Due))) {
			t.Errorf("%s: the deadline %s is not in the letter", n.Unit, n.Due)
		}
	}

	// One unit, by the name its return wrote.
	one, err := w.Notices(ctx, NoticeOptions{Unit: variant, Due: config.Date{Time: w.Cfg.Deadline.AddDate(0, 0, 10)}})
	if err != nil || len(one) != 1 || one[0].Unit != roster || one[0].Due != "2022-12-04" {
		t.Errorf("Notices(unit %s) = %v, %v", variant, one, err)
	}
	if _, err := w.Notices(ctx, NoticeOptions{Unit: silent}); err == nil {
		t.Errorf("Notices(unit %s): no error for a unit that sent nothing", silent)
	}
}

// squeeze drops white space: pdftotext breaks lines where the layout did.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// TestStageNotices: the mid-term feedback carries the committee's
// conclusion, grade, opinion, the items to put right and their deadline,
// for each construction object of the unit; an object whose form has not
// come back is listed as such.
func TestStageNotices(t *testing.T) {
	t.Parallel()
	w, reg, objs := stageFixture(t)
	ctx := context.Background()
	first := objs[0]
	if err := reg.RecordStageDecisions(ctx, []register.StageDecision{{ApplicationID: first.ApplicationID, Stage: templates.StageMidterm,
		Total: 72, Grade: "合格", Conclusion: "限期整改", Opinion: "动态展示不连续", Rectify: []string{"补齐3月的动态展示", "此后每月至少1条"},
		Due: "2023-08-31", Decided: "2023-06-10", Source: "t"}}); err != nil {
		t.Fatal(err)
	}
	res, err := w.WriteNotices(ctx, NoticeOptions{Stage: templates.StageMidterm}, filepath.Join(t.TempDir(), "n"))
	if err != nil {
		t.Fatal(err)
	}
	found := map[int64]*NoticeApplication{}
	var mine *Notice
	for _, n := range res.Notices {
		if n.Type != NoticeMidterm || n.Kind != "中期考核反馈意见" || n.Date != "2023-06-10" {
			t.Errorf("%s: %s %s dated %s", n.Unit, n.Type, n.Kind, n.Date)
		}
		for _, a := range n.Applications {
			found[a.ID] = a
			if a.ID == first.ApplicationID {
				mine = n
			}
		}
	}
	for _, o := range objs {
		a := found[o.ApplicationID]
		if a == nil || a.Stage == nil {
			t.Fatalf("object %d in no notice", o.ApplicationID)
		}
		if a.Stage.Returned {
			t.Errorf("object %d: returned, but no form came back", o.ApplicationID)
		}
	}
	fb := found[first.ApplicationID].Stage
	if !fb.Decided || fb.Conclusion != "限期整改" || fb.Grade != "合格" || fb.RectifyDue != "2023-08-31" || len(fb.Rectify) != 2 {
		t.Errorf("feedback %+v", fb)
	}
	pdftotext := testutil.NeedTool(t, "pdftotext")
	out, err := exec.Command(pdftotext, mine.PDF, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := squeeze(string(out))
	for _, say := range []string{mine.Unit, "中期考核反馈意见", "考核结论：限期整改", "动态展示不连续", "1.补齐3月的动态展示", "2.此后每月至少1条",
		"2023年8月31日前完成整改", "2023年6月10日"} {
		if !strings.Contains(text, squeeze(say)) {
			t.Errorf("the letter to %s does not say %q", mine.Unit, say)
		}
	}
}

// TestStageNoticeDateBeforeDecision: before the committee has decided,
// a stage's letters are dated the day the last form came in, not the day
// the clerk happens to write them.
func TestStageNoticeDateBeforeDecision(t *testing.T) {
	t.Parallel()
	w, reg, objs := stageFixture(t)
	ctx := context.Background()
	in := filepath.Join(t.TempDir(), "in")
	months := sample.Months(config.Month{Year: 2022, Month: 12}, config.Month{Year: 2023, Month: 4})
	writeFile(t, filepath.Join(in, "中期考核表.docx"), objectReturn(t, w, objs[0], months, 1000))
	runIntake(t, w, reg, Options{Received: time.Date(2023, 5, 20, 9, 0, 0, 0, time.UTC)}, in)
	res, err := w.WriteNotices(ctx, NoticeOptions{Stage: templates.StageMidterm}, filepath.Join(t.TempDir(), "n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notices) == 0 {
		t.Fatal("no notices")
	}
	for _, n := range res.Notices {
		if n.Date != "2023-05-20" {
			t.Errorf("%s: dated %s, want the day the form came in (2023-05-20)", n.Unit, n.Date)
		}
	}
}

// TestNoticesOmit: what Omit holds out (here, the return sent from the
// folder 另送) leaves the unit's notice before it is counted: its file,
// its application and its findings are gone from the letter and its
// counts; the rest of the notice stays.
func TestNoticesOmit(t *testing.T) {
	t.Parallel()
	w, _, _, _ := noticesFixture(t)
	ctx := context.Background()
	roster := w.Cfg.Units[1].Name
	all, err := w.Notices(ctx, NoticeOptions{Unit: roster})
	if err != nil || len(all) != 1 {
		t.Fatalf("notices: %v %d", err, len(all))
	}
	omit := func(origin string) bool { return strings.Contains(origin, "另送") }
	some, err := w.Notices(ctx, NoticeOptions{Unit: roster, Omit: omit})
	if err != nil || len(some) != 1 {
		t.Fatalf("notices with Omit: %v %d", err, len(some))
	}
	a, b := all[0], some[0]
	if len(b.Files) != len(a.Files)-1 || len(b.Applications) != len(a.Applications)-1 {
		t.Errorf("omitted: files %d → %d, applications %d → %d; want one fewer of each", len(a.Files), len(b.Files), len(a.Applications), len(b.Applications))
	}
	for _, f := range b.Files {
		if omit(f.Origin) {
			t.Errorf("file %s kept", f.Name)
		}
	}
	if b.Errors >= a.Errors { // the omitted return has its secretary blank: an error
		t.Errorf("errors %d → %d: the omitted return's findings still counted", a.Errors, b.Errors)
	}
}
