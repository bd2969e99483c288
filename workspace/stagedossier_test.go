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
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

// TestStageDossier: the mid-term book of a category holds each
// construction object that returned its 中期考核表, in the order of every
// output (not the order the returns came in), each return field by field
// — the read-only fields echoed from the application too — after its
// application's plan as the register has it, with the stage's findings;
// the objects that have not returned the form are named. Without
// --category only the categories with a return get a book; before any
// return there is nothing to write.
func TestStageDossier(t *testing.T) {
	t.Parallel()
	w, reg, cfg := decideFixture(t)
	objs := decideObjects(t, w, reg, cfg, map[string]int{"model_branch": 3, "innovation_project": 1})
	if _, err := w.Dossiers(DossierOptions{Stage: templates.StageMidterm, Dir: t.TempDir()}); !errors.Is(err, ErrNoStageReturns) {
		t.Fatalf("before any return: %v, want ErrNoStageReturns", err)
	}
	var branches []StageFormOutput // in the order of every output
	var project StageFormOutput
	for _, o := range objs {
		if o.Category == "model_branch" {
			branches = append(branches, o)
		} else {
			project = o
		}
	}
	if len(branches) != 3 || project.ApplicationID == 0 {
		t.Fatalf("objects: %+v", objs)
	}
	// The first and last branches return the form, the last one first
	// (a.docx) and without a post in 2023年3月; the middle one and the
	// project do not.
	in := filepath.Join(t.TempDir(), "in")
	full := sample.Months(config.Month{Year: 2022, Month: 12}, config.Month{Year: 2023, Month: 4})
	gap := []config.Month{{Year: 2022, Month: 12}, {Year: 2023, Month: 1}, {Year: 2023, Month: 2}, {Year: 2023, Month: 4}}
	for name, x := range map[string]struct {
		o      StageFormOutput
		months []config.Month
	}{"b.docx": {branches[0], full}, "a.docx": {branches[2], gap}} {
		writeFile(t, filepath.Join(in, name), objectReturn(t, w, x.o, x.months, 3000))
	}
	runIntake(t, w, reg, Options{Received: time.Date(2023, 5, 20, 9, 0, 0, 0, time.UTC)}, in)

	// The book as gathered.
	d := branchBook(t, w, cfg)
	if len(d.Objects) != 2 || d.Objects[0].Name != branches[0].Name || d.Objects[1].Name != branches[2].Name {
		var got []string
		for _, o := range d.Objects {
			got = append(got, o.Name)
		}
		t.Fatalf("objects %q, want %s and %s in that order", got, branches[0].Name, branches[2].Name)
	}
	if want := []string{branches[1].Unit + "「" + branches[1].Name + "」"}; strings.Join(d.Missing, "|") != strings.Join(want, "|") {
		t.Errorf("missing %q, want %q", d.Missing, want)
	}
	for i, o := range d.Objects {
		id := branches[2*i].ApplicationID
		app, _, err := reg.CurrentReturn(id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Form == nil || o.Form.ID != "midterm-model_branch" || o.Version != 1 || o.Versions != 1 || o.File != []string{"b.docx", "a.docx"}[i] {
			t.Errorf("%s: form %v, version %d/%d, file %s", o.Name, o.Form, o.Version, o.Versions, o.File)
			continue
		}
		if o.Unit != branches[2*i].Unit || o.Leader == "" || o.Phone == "" || o.Contact == "" {
			t.Errorf("%s: identity %q %q %q %q", o.Name, o.Unit, o.Leader, o.Contact, o.Phone)
		}
		// The return, read-only echoes included, as the unit sent it.
		if o.Values["ref"] == "" || o.Values["plan_goal_echo"] != app.Text("plan_goal") || o.Values["pledge_funds"] != "√ 已勾选" {
			t.Errorf("%s: ref %q, echoed goal %q, pledge %q", o.Name, o.Values["ref"], o.Values["plan_goal_echo"], o.Values["pledge_funds"])
		}
		progress, schedule := o.Tables["progress"], app.Table("plan_schedule")
		if schedule == nil || len(progress) != len(schedule.Rows) || len(progress[0]) != len(o.Form.Field("progress").Columns) || progress[0][3] != "已完成" {
			t.Errorf("%s: progress %q against the schedule %v", o.Name, progress, schedule)
		}
		if got := len(o.Tables["publicity"]); got != []int{5, 4}[i] {
			t.Errorf("%s: %d publicity rows", o.Name, got)
		}
		// The plan: the application's fields, its form's labels.
		var ids []string
		for _, f := range o.Plan.Fields {
			ids = append(ids, f.ID)
		}
		if strings.Join(ids, " ") != "plan_goal plan_schedule expected_outcomes" {
			t.Errorf("%s: plan fields %v", o.Name, ids)
		}
		if o.Plan.Values["plan_goal"] != app.Text("plan_goal") || o.Plan.Values["expected_outcomes"] != app.Text("expected_outcomes") ||
			len(o.Plan.Tables["plan_schedule"]) != len(schedule.Rows) || o.Plan.Values["plan_goal"] == "" {
			t.Errorf("%s: plan %+v", o.Name, o.Plan)
		}
		// The stage's findings, not the application's.
		var found []string
		for _, f := range o.Findings {
			found = append(found, f.Severity+" "+f.Message)
		}
		gapFound := strings.Contains(strings.Join(found, "\n"), "2023年3月无展示记录")
		if gapFound != (i == 1) {
			t.Errorf("%s: findings %q", o.Name, found)
		}
		for _, f := range o.Findings {
			if f.Severity != "错误" && f.Severity != "提醒" && f.Severity != "说明" {
				t.Errorf("%s: severity %q", o.Name, f.Severity)
			}
		}
	}

	// Written: one book, of the category with returns.
	dir := t.TempDir()
	outs, err := w.Dossiers(DossierOptions{Stage: templates.StageMidterm, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || filepath.Base(outs[0].Path) != "中期考核材料汇编-样板党支部.pdf" || outs[0].Applications != 2 || outs[0].Missing != 1 ||
		outs[0].Stage != templates.StageMidterm {
		t.Fatalf("books: %+v", outs)
	}
	// Cover, contents, summary, two pages or more per return, the sheet.
	if outs[0].Pages < 4+2*2 {
		t.Errorf("%d pages", outs[0].Pages)
	}
	if fi, err := os.Stat(outs[0].Path); err != nil || fi.Size() != int64(outs[0].Bytes) {
		t.Errorf("%s: %v, %d bytes reported", outs[0].Path, err, outs[0].Bytes)
	}
	// Asked for, the project's category has a book naming it as missing.
	outs, err = w.Dossiers(DossierOptions{Stage: templates.StageMidterm, Category: "innovation_project", Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || filepath.Base(outs[0].Path) != "中期考核材料汇编-创新项目.pdf" || outs[0].Applications != 0 || outs[0].Missing != 1 {
		t.Errorf("the project's book: %+v", outs)
	}
	// The final round: nothing returned yet.
	if _, err := w.Dossiers(DossierOptions{Stage: templates.StageFinal, Dir: dir}); !errors.Is(err, ErrNoStageReturns) {
		t.Errorf("final before any report: %v", err)
	}
}

// TestStageMaterial: supporting material taken in with a stage's forms
// (same run, same folder) is its object's in the stage's book — by the
// object's name in the file's name where the folder held two forms; one
// naming neither object is in no book — and not in the application's
// dossier; material sent in a later run is placed as an application's;
// the clerk's attach puts material with an application.
func TestStageMaterial(t *testing.T) {
	t.Parallel()
	w, reg, cfg := decideFixture(t)
	objs := decideObjects(t, w, reg, cfg, map[string]int{"model_branch": 2})
	a, b := objs[0], objs[1]
	in := filepath.Join(t.TempDir(), "in")
	full := sample.Months(config.Month{Year: 2022, Month: 12}, config.Month{Year: 2023, Month: 4})
	write := func(dir, name string, data []byte) { writeFile(t, filepath.Join(dir, name), data) }
	for i, o := range []StageFormOutput{a, b} {
		write(in, fmt.Sprintf("%d.docx", i), objectReturn(t, w, o, full, 3000))
	}
	aPhoto := "支撑材料-" + a.Name + "-展示照片.jpg"
	write(in, aPhoto, sample.Photo(200, 150, 0))
	write(in, "合影.jpg", sample.Photo(210, 150, 0))
	runIntake(t, w, reg, Options{Received: time.Date(2023, 5, 20, 9, 0, 0, 0, time.UTC)}, in)
	later := filepath.Join(t.TempDir(), "later")
	bPhoto := "支撑材料-" + b.Name + "-补交照片.jpg"
	write(later, bPhoto, sample.Photo(220, 150, 0))
	runIntake(t, w, reg, Options{Received: time.Date(2023, 5, 22, 9, 0, 0, 0, time.UTC)}, later)

	ours := map[string]bool{aPhoto: true, bPhoto: true, "合影.jpg": true} // the fixture has material of its own
	books := func() (stage, apply map[string][]string) {
		t.Helper()
		stage, apply = map[string][]string{}, map[string][]string{}
		d := branchBook(t, w, cfg)
		for _, o := range d.Objects {
			for _, m := range o.Attachments {
				stage[o.Name] = append(stage[o.Name], m.Name)
			}
		}
		ad, err := reg.Dossier(w, cfg, nil, "model_branch")
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ad.Applications {
			for _, m := range x.Attachments {
				if ours[m.Name] {
					apply[x.Name] = append(apply[x.Name], m.Name)
				}
			}
		}
		for _, m := range ad.Unmatched {
			if ours[m.Name] {
				apply["unmatched"] = append(apply["unmatched"], m.Name)
			}
		}
		return stage, apply
	}
	stage, apply := books()
	if got := fmt.Sprint(stage); got != fmt.Sprint(map[string][]string{a.Name: {aPhoto}}) {
		t.Errorf("the mid-term book's material: %s", got)
	}
	if got := fmt.Sprint(apply); got != fmt.Sprint(map[string][]string{"unmatched": {bPhoto}}) {
		t.Errorf("the applications' material: %s", got)
	}
	if _, _, err := reg.Attach(context.Background(), aPhoto, fmt.Sprint(b.ApplicationID)); err != nil {
		t.Fatal(err)
	}
	stage, apply = books()
	if len(stage) != 0 || fmt.Sprint(apply) != fmt.Sprint(map[string][]string{b.Name: {aPhoto}, "unmatched": {bPhoto}}) {
		t.Errorf("after attach: the book's %v, the applications' %v", stage, apply)
	}
}

// branchBook is the mid-term book of the 样板党支部 as gathered now.
func branchBook(t *testing.T, w *Workspace, cfg *config.Config) *render.StageDossier {
	t.Helper()
	r, err := w.stageRound(templates.StageMidterm)
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := cfg.Category("model_branch")
	d, err := w.stageDossier(r, cat)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
