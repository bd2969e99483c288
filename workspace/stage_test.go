package workspace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/testutil"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

// stageFixture decides a 样板党支部 and an 创新项目 of a clean batch (the
// committee on 2022-12-09) and writes the mid-term forms.
func stageFixture(t *testing.T) (*Workspace, *testReg, []StageFormOutput) {
	t.Helper()
	w, reg, cfg := decideFixture(t)
	return w, reg, decideObjects(t, w, reg, cfg, map[string]int{"model_branch": 1, "innovation_project": 1})
}

// branchAndProject are stageFixture's two objects: the 样板党支部 and
// the 创新项目.
func branchAndProject(objs []StageFormOutput) (branch, project StageFormOutput) {
	for _, o := range objs {
		if o.Category == "model_branch" {
			branch = o
		} else {
			project = o
		}
	}
	return branch, project
}

// decideObjects decides the first n[category] applications of each
// category (the committee on 2022-12-09) and writes the mid-term forms:
// the objects', in the order of every output.
func decideObjects(t *testing.T, w *Workspace, reg *testReg, cfg *config.Config, n map[string]int) []StageFormOutput {
	t.Helper()
	apps, err := reg.Applications()
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	var ds []intake.Decision
	left := maps.Clone(n)
	for _, a := range apps {
		if left[a.Category] > 0 {
			left[a.Category]--
			ds = append(ds, intake.Decision{ID: a.ID, Recommend: &yes, Total: 90})
		}
	}
	if res, err := reg.Decide(context.Background(), cfg, ds, "t", true, time.Date(2022, 12, 9, 0, 0, 0, 0, time.UTC)); err != nil || len(res.Problems) > 0 {
		t.Fatalf("decide: %v %+v", err, res)
	}
	res, err := w.StageForms(context.Background(), templates.StageMidterm, filepath.Join(t.TempDir(), "midterm"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Objects) != len(ds) || len(res.Blank) != 4 {
		t.Fatalf("stage forms: %d objects, %d blank; want %d and 4", len(res.Objects), len(res.Blank), len(ds))
	}
	return res.Objects
}

// fillStage fills an object's mid-term form as its unit would, dated
// 2023-05-08: publicity for the months given, spent as given (元).
func fillStage(t *testing.T, w *Workspace, o StageFormOutput, months []config.Month, spent int64) (*templates.Form, *render.Values) {
	t.Helper()
	form, pre, err := w.StageValues(o.ApplicationID, templates.StageMidterm)
	if err != nil {
		t.Fatal(err)
	}
	return form, sample.New(w.Forms, w.Cfg, 7).FillStage(form, pre, sample.StageFill{
		Date: time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC), Months: months, Spent: spent})
}

// objectReturn is object o's mid-term form filled by fillStage and saved
// on the form dbzx wrote for it (its identity embedded).
func objectReturn(t *testing.T, w *Workspace, o StageFormOutput, months []config.Month, spent int64) []byte {
	t.Helper()
	form, v := fillStage(t, w, o, months, spent)
	var buf bytes.Buffer
	if err := render.WriteObjectDocx(&buf, form, w.Cfg, v, fmt.Sprint(o.ApplicationID)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestStageReturnsAgainstTheirObjects: the mid-term forms dbzx wrote for
// each object come back filled, as LibreOffice or Word would save them,
// and are taken in against their objects — by the object named in the
// file, or by unit and name when a unit used a blank form — never as new
// applications; the stage's rules find the month without publicity and
// the money spent over the allocation; a form matching no object is
// rejected with the reason; status --stage shows who has not returned.
func TestStageReturnsAgainstTheirObjects(t *testing.T) {
	t.Parallel()
	w, reg, objs := stageFixture(t)
	ctx := context.Background()
	before, _ := reg.Applications()
	in := filepath.Join(t.TempDir(), "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The 样板党支部: its own form; 2023-03 has no post; spent 12000 of 10000.
	branch, project := branchAndProject(objs)
	form, v := fillStage(t, w, branch, []config.Month{{Year: 2022, Month: 12}, {Year: 2023, Month: 1}, {Year: 2023, Month: 2}, {Year: 2023, Month: 4}}, 12000)
	var buf bytes.Buffer
	if err := render.WriteObjectDocx(&buf, form, w.Cfg, v, fmt.Sprint(branch.ApplicationID)); err != nil {
		t.Fatal(err)
	}
	write("branch.docx", buf.Bytes())
	// The 创新项目 on a blank form: matched by its unit and name.
	form, v = fillStage(t, w, project, sample.Months(config.Month{Year: 2022, Month: 12}, config.Month{Year: 2023, Month: 4}), 3000)
	buf.Reset()
	if err := render.WriteDocx(&buf, form, w.Cfg, v); err != nil {
		t.Fatal(err)
	}
	write("project.docx", buf.Bytes())
	// A form of an object that does not exist.
	v.Text["cover_name"], v.Text["cover_unit"] = "不存在的项目", "不存在的党总支"
	buf.Reset()
	if err := render.WriteDocx(&buf, form, w.Cfg, v); err != nil {
		t.Fatal(err)
	}
	write("stranger.docx", buf.Bytes())

	res := runIntake(t, w, reg, Options{Received: time.Date(2023, 5, 20, 9, 0, 0, 0, time.UTC)}, in)
	for _, o := range res.Outcomes {
		switch o.Name {
		case "stranger.docx":
			if o.Status != intake.StatusRejected || !strings.Contains(o.Reason, "对应不上任何建设对象") || !strings.Contains(o.Reason, "不存在的项目") {
				t.Errorf("stranger: %s %q", o.Status, o.Reason)
			}
		default:
			if o.Status != intake.StatusParsed || !strings.HasPrefix(o.Form, "midterm-") {
				t.Errorf("%s: %s %q (form %s)", o.Name, o.Status, o.Reason, o.Form)
			}
		}
	}
	if after, _ := reg.Applications(); len(after) != len(before) {
		t.Errorf("%d applications after the mid-term returns, %d before", len(after), len(before))
	}
	st, err := w.StageStatus(ctx, templates.StageMidterm)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[int64]map[string]string{}
	for _, o := range st {
		if !o.Returned || o.Version != 1 {
			t.Errorf("%s · %s: returned %v, version %d", o.Unit, o.Name, o.Returned, o.Version)
		}
		rules[o.ApplicationID] = map[string]string{}
		for _, f := range o.Findings {
			rules[o.ApplicationID][f.Rule] += f.Message
		}
	}
	b, p := rules[branch.ApplicationID], rules[project.ApplicationID]
	if !strings.Contains(b["publicity"], "2023年3月无展示记录") || strings.Contains(b["publicity"], "2022年12月无") || strings.Contains(b["publicity"], "2023年4月") {
		t.Errorf("branch publicity: %q", b["publicity"])
	}
	if !strings.Contains(b["funding-cap"], "12000 元，超过资助经费 10000 元") {
		t.Errorf("branch funding: %q", b["funding-cap"])
	}
	if len(p) != 0 {
		t.Errorf("the project's return, filled as asked, has findings: %v", p)
	}
	if st[0].Due != "2023-05-31" {
		t.Errorf("due %q, want the mid-term month's last day", st[0].Due)
	}

	// The final report: the branch returns it, dated 2023-11-20, every
	// month posted, within budget; the project has not yet.
	if _, err := w.StageForms(ctx, templates.StageFinal, filepath.Join(t.TempDir(), "final")); err != nil {
		t.Fatal(err)
	}
	form, pre, err := w.StageValues(branch.ApplicationID, templates.StageFinal)
	if err != nil {
		t.Fatal(err)
	}
	v = sample.New(w.Forms, w.Cfg, 8).FillStage(form, pre, sample.StageFill{Date: time.Date(2023, 11, 20, 0, 0, 0, 0, time.UTC),
		Months: sample.Months(config.Month{Year: 2022, Month: 12}, config.Month{Year: 2023, Month: 10}), Spent: 9000})
	buf.Reset()
	if err := render.WriteObjectDocx(&buf, form, w.Cfg, v, fmt.Sprint(branch.ApplicationID)); err != nil {
		t.Fatal(err)
	}
	in2 := filepath.Join(t.TempDir(), "in2")
	if err := os.MkdirAll(in2, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in2, "report.docx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runIntake(t, w, reg, Options{Received: time.Date(2023, 11, 30, 17, 0, 0, 0, time.UTC)}, in2)
	fst, err := w.StageStatus(ctx, templates.StageFinal)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range fst {
		switch o.ApplicationID {
		case branch.ApplicationID:
			if !o.Returned || o.Due != "2023-11-30" {
				t.Errorf("branch report: returned %v, due %s", o.Returned, o.Due)
			}
			for _, f := range o.Findings {
				t.Errorf("branch report, filled as asked: [%s] %s", f.Rule, f.Message)
			}
		default:
			if o.Returned {
				t.Errorf("%s: a report returned that nobody sent", o.Name)
			}
		}
	}
	// The mid-term returns are still there, untouched by the report.
	if st, _ := w.StageStatus(ctx, templates.StageMidterm); len(st) != 2 || !st[0].Returned || !st[1].Returned {
		t.Errorf("mid-term after the report: %+v", st)
	}
}

// fillStageSheet writes a stage's review sheet of a category and fills it
// as the committee would, row by object id.
func fillStageSheet(t *testing.T, w *Workspace, stage, category string, fill map[int64]map[string]any) string {
	t.Helper()
	outs, err := w.StageReviewSheets(context.Background(), stage, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.Category != category {
			continue
		}
		data, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		for id, v := range fill {
			for i, c := range w.Cfg.StageScoring(stage, category) {
				if _, ok := v[fmt.Sprintf("%s（%d分）", c.Name, c.Points)]; !ok {
					v[c.Name] = c.Points - i%2
				}
			}
			fill[id] = v
		}
		filled, err := sample.FillSheet(data, fill)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "filled.xlsx")
		if err := os.WriteFile(path, filled, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	t.Fatalf("no %s sheet for %s", stage, category)
	return ""
}

// TestStageDecisions: the committee's mid-term conclusions are recorded
// all or nothing (限期整改 without what to put right records nothing); the
// feedback and 整改要求 are printed into the object's 建设工作报告, whose
// 整改落实 table then has a row per item; an object ended at the mid-term
// gets no report; a final 通过验收 is its acceptance, 不予通过 bars the unit.
func TestStageDecisions(t *testing.T) {
	t.Parallel()
	w, reg, objs := stageFixture(t)
	ctx := context.Background()
	branch, project := branchAndProject(objs)
	// 限期整改 with no 整改要求: nothing recorded.
	bad := fillStageSheet(t, w, templates.StageMidterm, "model_branch", map[int64]map[string]any{
		branch.ApplicationID: {"结论": "限期整改", "反馈意见": "展示不够"}})
	res, err := w.DecideStage(ctx, StageDecideOptions{Stage: templates.StageMidterm, Sheets: []string{bad}, Date: time.Date(2023, 6, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, "须填写整改要求和期限") {
		t.Fatalf("限期整改 without items: %v %+v", err, res)
	}
	if ds, _ := reg.StageDecisions(ctx, templates.StageMidterm); len(ds) != 0 {
		t.Fatalf("recorded %v from a sheet with a problem", ds)
	}
	sheets := []string{
		fillStageSheet(t, w, templates.StageMidterm, "model_branch", map[int64]map[string]any{
			branch.ApplicationID: {"结论": "限期整改", "反馈意见": "动态展示不连续", "整改要求": "补齐每月展示；完善台账", "整改期限": "2023-08-31"}}),
		fillStageSheet(t, w, templates.StageMidterm, "innovation_project", map[int64]map[string]any{
			project.ApplicationID: {"结论": "终止建设", "反馈意见": "项目未实质开展"}}),
	}
	res, err = w.DecideStage(ctx, StageDecideOptions{Stage: templates.StageMidterm, Sheets: sheets, Date: time.Date(2023, 6, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(res.Problems) > 0 || res.Recorded != 2 || res.Conclusions["限期整改"] != 1 || res.Conclusions["终止建设"] != 1 {
		t.Fatalf("mid-term decisions: %v %+v", err, res)
	}
	// The report: the feedback echoed, one 整改落实 row per item; the
	// project ended at the mid-term gets none.
	fr, err := w.StageForms(ctx, templates.StageFinal, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Objects) != 1 || fr.Objects[0].ApplicationID != branch.ApplicationID || len(fr.Terminated) != 1 {
		t.Errorf("final forms: %+v", fr)
	}
	_, pre, err := w.StageValues(branch.ApplicationID, templates.StageFinal)
	if err != nil {
		t.Fatal(err)
	}
	if pre.Text["midterm_feedback_echo"] != "动态展示不连续" || pre.Text["midterm_conclusion"] != "限期整改" {
		t.Errorf("report prefill: %q %q", pre.Text["midterm_feedback_echo"], pre.Text["midterm_conclusion"])
	}
	if rows := pre.Rows["rectification"]; len(rows) != 2 || rows[0]["issue"] != "补齐每月展示" || rows[1]["issue"] != "完善台账" {
		t.Errorf("rectification rows %v", rows)
	}
	// The project, ended at the mid-term, sends a report on a blank form
	// all the same: taken in against it, an error.
	form, pre2, err := w.StageValues(project.ApplicationID, templates.StageFinal)
	if err != nil {
		t.Fatal(err)
	}
	v := sample.New(w.Forms, w.Cfg, 3).FillStage(form, pre2, sample.StageFill{Date: time.Date(2023, 11, 20, 0, 0, 0, 0, time.UTC),
		Months: sample.Months(config.Month{Year: 2022, Month: 12}, config.Month{Year: 2023, Month: 10}), Spent: 1000})
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, w.Cfg, v); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "report.docx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runIntake(t, w, reg, Options{Received: time.Date(2023, 11, 25, 9, 0, 0, 0, time.UTC)}, in)
	fst, err := w.StageStatus(ctx, templates.StageFinal)
	if err != nil {
		t.Fatal(err)
	}
	ended := false
	for _, o := range fst {
		for _, f := range o.Findings {
			ended = ended || o.ApplicationID == project.ApplicationID && f.Rule == "terminated" && strings.Contains(f.Message, "终止建设")
		}
	}
	if !ended {
		t.Errorf("the report of an object ended at the mid-term is not flagged: %+v", fst)
	}

	// The final conclusion is the acceptance: 不予通过 bars the unit.
	final := fillStageSheet(t, w, templates.StageFinal, "model_branch", map[int64]map[string]any{
		branch.ApplicationID: {"结论": "不予通过", "验收意见": "整改未完成"}})
	res, err = w.DecideStage(ctx, StageDecideOptions{Stage: templates.StageFinal, Sheets: []string{final}, Date: time.Date(2023, 12, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(res.Problems) > 0 || res.Accepted != 1 {
		t.Fatalf("final decisions: %v %+v", err, res)
	}
	sel, _ := w.Selected()
	for _, s := range sel {
		if s.ID == branch.ApplicationID && (s.Accepted == nil || *s.Accepted || s.AcceptDate != "2023-12-20") {
			t.Errorf("acceptance of the branch: %+v", s)
		}
	}
	failed, _ := reg.FailedAcceptances()
	if len(failed) != 1 || failed[0].Unit != branch.Unit {
		t.Errorf("failed acceptances %+v", failed)
	}
	// Announced: the failed object with the notice's consequence.
	paths, err := w.Announce(ctx, templates.StageFinal, t.TempDir())
	if err != nil || len(paths) != 2 {
		t.Fatalf("announce: %v %v", err, paths)
	}
	doc := testutil.ZipPart(t, paths[0], "word/document.xml")
	for _, want := range []string{"验收结果公布", branch.Name, "不予通过（取消其2年内申报基层党建项目的资格）"} {
		if !strings.Contains(doc, want) {
			t.Errorf("announcement lacks %q", want)
		}
	}
	if _, err := w.Announce(ctx, templates.StageMidterm, t.TempDir()); err != nil {
		t.Errorf("mid-term announcement: %v", err)
	}
}

// TestFinalRecheck: 暂缓通过 is a 二次验收 after the extension. Once the
// final review has concluded, the next sheet holds only the deferred
// object, under its own name, with the first review's requirements; its
// re-check replaces the 暂缓通过 and keeps it; a second 暂缓通过 is recorded
// with a warning; the pass is its acceptance and the announcement says
// it came by a 二次验收.
func TestFinalRecheck(t *testing.T) {
	t.Parallel()
	w, _, objs := stageFixture(t)
	ctx := context.Background()
	branch, project := branchAndProject(objs)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	decide := func(sheets []string, when time.Time) *StageDecideResult {
		t.Helper()
		res, err := w.DecideStage(ctx, StageDecideOptions{Stage: templates.StageFinal, Sheets: sheets, Date: when})
		if err != nil || len(res.Problems) > 0 {
			t.Fatalf("decide: %v %+v", err, res)
		}
		return res
	}
	decide([]string{
		fillStageSheet(t, w, templates.StageFinal, "model_branch", map[int64]map[string]any{
			branch.ApplicationID: {"结论": "暂缓通过", "验收意见": "台账不全", "补充整改要求": "补齐活动台账", "二次验收期限": "2024-03-15"}}),
		fillStageSheet(t, w, templates.StageFinal, "innovation_project", map[int64]map[string]any{
			project.ApplicationID: {"结论": "通过验收", "验收意见": "成效明显"}}),
	}, day(2023, 12, 15))
	outs, err := w.StageReviewSheets(ctx, templates.StageFinal, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].Category != "model_branch" || outs[0].Rows != 1 || !strings.Contains(filepath.Base(outs[0].Path), "二次验收") {
		t.Fatalf("re-check sheets: %+v", outs)
	}
	if note := fmt.Sprint(outs[0].Sheet.Rows[0][3]); !strings.Contains(note, "暂缓通过") || !strings.Contains(note, "补齐活动台账") || !strings.Contains(note, "2024-03-15") {
		t.Errorf("re-check row note: %q", note)
	}
	// Deferred again: recorded, with the warning.
	res := decide([]string{fillStageSheet(t, w, templates.StageFinal, "model_branch", map[int64]map[string]any{
		branch.ApplicationID: {"结论": "暂缓通过", "验收意见": "仍未补齐", "补充整改要求": "补齐活动台账", "二次验收期限": "2024-04-15"}})}, day(2024, 3, 20))
	if len(res.Warnings) != 1 || !errors.Is(res.Warnings[0].Err, ErrDeferredTwice) {
		t.Errorf("second 暂缓通过: warnings %+v", res.Warnings)
	}
	// Passed at last: the acceptance, and both deferrals kept.
	res = decide([]string{fillStageSheet(t, w, templates.StageFinal, "model_branch", map[int64]map[string]any{
		branch.ApplicationID: {"结论": "通过验收", "验收意见": "已整改到位"}})}, day(2024, 4, 10))
	if res.Accepted != 1 || len(res.Warnings) != 0 {
		t.Errorf("re-check pass: %+v", res)
	}
	st, err := w.StageStatus(ctx, templates.StageFinal)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range st {
		d := o.Decision
		switch {
		case d == nil:
			t.Errorf("%d: no decision", o.ApplicationID)
		case o.ApplicationID == branch.ApplicationID && (d.Conclusion != "通过验收" || d.Decided != "2024-04-10" || len(d.Earlier) != 2 ||
			d.Earlier[0].Decided != "2023-12-15" || d.Earlier[1].Due != "2024-04-15"):
			t.Errorf("re-checked object's decision: %+v", d)
		case o.ApplicationID == project.ApplicationID && (d.Conclusion != "通过验收" || len(d.Earlier) != 0):
			t.Errorf("project's decision: %+v", d)
		}
	}
	// Everything concluded: the sheet is the whole category again.
	if outs, err = w.StageReviewSheets(ctx, templates.StageFinal, t.TempDir()); err != nil || len(outs) != 2 || strings.Contains(outs[0].Path, "二次验收") {
		t.Errorf("sheets once all is concluded: %v %+v", err, outs)
	}
	paths, err := w.Announce(ctx, templates.StageFinal, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if doc := testutil.ZipPart(t, paths[0], "word/document.xml"); !strings.Contains(doc, "通过验收（经二次验收）") {
		t.Error("the announcement does not say the pass came by a 二次验收")
	}
}
