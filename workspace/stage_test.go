package workspace

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/intake"
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

// TestStageReturnsAgainstTheirObjects: the mid-term forms dbzx wrote for
// each object come back filled, as LibreOffice or Word would save them,
// and are taken in against their objects — by the object named in the
// file, or by unit and name when a unit used a blank form — never as new
// applications; the stage's rules find the month without publicity and
// the money spent over the allocation; a form matching no object is
// rejected with the reason; status --stage shows who has not returned.
func TestStageReturnsAgainstTheirObjects(t *testing.T) {
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
	var branch, project StageFormOutput
	for _, o := range objs {
		if o.Category == "model_branch" {
			branch = o
		} else {
			project = o
		}
	}
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
