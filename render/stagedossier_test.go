package render_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

// stageDossier is a hand-made mid-term book of three 样板党支部: each
// object's application (its plan) and its 中期考核表 filled as its unit
// would, with a finding of its own; a fourth has not returned the form.
func (e *dossierEnv) stageDossier(t testing.TB) *render.StageDossier {
	t.Helper()
	appForm := e.form(t, "model_branch")
	form, ok := e.forms.StageForm(templates.StageMidterm, "model_branch")
	if !ok {
		t.Fatal("no mid-term form for model_branch")
	}
	cat, _ := e.cfg.Category("model_branch")
	g := sample.New(e.forms, e.cfg, 11)
	d := &render.StageDossier{Category: cat, Stage: templates.StageMidterm, Missing: []string{"机关党委「机关第三党支部」"}}
	for i := 1; i <= 3; i++ {
		a := app(appForm, g.Return(appForm, i))
		pre := &render.Values{Text: map[string]string{"cover_unit": a.Unit, "cover_name": a.Name, "ref": fmt.Sprintf("2022-MB-%03d", i),
			"plan_goal_echo": a.Values["plan_goal"]}, Checked: map[string]bool{}, Rows: map[string][]map[string]string{}, Dates: map[string]string{}}
		v := g.FillStage(form, pre, sample.StageFill{Date: time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC),
			Months: sample.Months(config.Month{Year: 2022, Month: 12}, config.Month{Year: 2023, Month: 4}), Spent: 3000})
		ret := app(form, &sample.Return{Unit: a.Unit, Name: a.Name, File: "中期考核表-" + a.Name + ".docx", Values: v})
		ret.Findings = []render.DossierFinding{{Severity: "提醒", Message: fmt.Sprintf("第%d个建设对象的提醒", i)}}
		plan := render.DossierPlan{Values: a.Values, Tables: a.Tables}
		for _, id := range []string{"plan_goal", "plan_schedule", "expected_outcomes"} {
			plan.Fields = append(plan.Fields, *appForm.Field(id))
		}
		d.Objects = append(d.Objects, &render.StageDossierObject{DossierApp: *ret, Plan: plan})
	}
	return d
}

func writeStageDossier(t testing.TB, e *dossierEnv, d *render.StageDossier) ([]byte, *render.DossierResult) {
	t.Helper()
	var buf bytes.Buffer
	res, err := render.WriteStageDossier(&buf, d, e.cfg, e.faces)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes != buf.Len() || res.Pages == 0 {
		t.Fatalf("result %+v for %d bytes", res, buf.Len())
	}
	return buf.Bytes(), res
}

// TestWriteStageDossier: the cover says what the book holds; the contents
// lead to each object's pages; there, the application's plan, then every
// section of the return but the office's (the read-only echoes too), then
// its findings; the summary lists the returns in order and names the
// object that has not returned the form; the stage's scoring sheet has the
// stage's items and its grades and conclusions.
func TestWriteStageDossier(t *testing.T) {
	t.Parallel()
	e := newDossierEnv(t)
	d := e.stageDossier(t)
	pdf, res := writeStageDossier(t, e, d)
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
	// Cover, contents, summary, ≥2 pages per object, scoring.
	if res.Pages < 4+2*len(d.Objects) {
		t.Errorf("%d pages for %d objects", res.Pages, len(d.Objects))
	}
	pg := pages(t, pdf)
	if len(pg) != res.Pages {
		t.Fatalf("pdftotext sees %d pages, WriteStageDossier says %d", len(pg), res.Pages)
	}
	cover := squeeze(pg[0])
	for _, want := range []string{"中期考核材料汇编", d.Category.Name, "建设对象4个，已交中期考核表3份，未交1个", "二〇二三年五月"} {
		if !strings.Contains(cover, squeeze(want)) {
			t.Errorf("cover has no %s:\n%s", want, pg[0])
		}
	}
	header := d.Category.Name + " · 中期考核材料汇编"
	if !strings.Contains(pg[1], header) {
		t.Errorf("no header %q on page 2", header)
	}
	var titles []string
	for i, o := range d.Objects {
		titles = append(titles, fmt.Sprintf("%d. %s（%s）", i+1, o.Name, o.Unit))
	}
	at := tocPages(t, pdf, append(titles, "一、提交情况", "二、中期考核评分表"))
	summaryAt, sheetAt := at[len(titles)], at[len(titles)+1]
	if summaryAt != 3 || sheetAt != len(pg) {
		t.Errorf("summary on page %d, scoring sheet on %d of %d", summaryAt, sheetAt, len(pg))
	}
	for i, o := range d.Objects {
		end := sheetAt - 1 // the object's last page
		if i+1 < len(d.Objects) {
			end = at[i+1] - 1
		}
		if i > 0 && at[i] <= at[i-1] {
			t.Errorf("%s on page %d, not after the one before it (%d)", o.Name, at[i], at[i-1])
		}
		var b strings.Builder
		for _, p := range pg[at[i]-1 : end] {
			b.WriteString(body(p, header))
		}
		text := squeeze(b.String())
		if !strings.HasPrefix(text, squeeze(fmt.Sprintf("%d. %s", i+1, o.Name))) {
			t.Errorf("%s does not start on page %d:\n%s", o.Name, at[i], pg[at[i]-1])
		}
		// The plan, then the return, section by section, then the findings.
		last := strings.Index(text, "对照：申报书中的建设目标与计划")
		if last < 0 {
			t.Errorf("%s: no plan", o.Name)
		}
		values := squeeze(valueColumn(t, pdf, at[i], end))
		if !strings.Contains(values, squeeze(o.Plan.Values["plan_goal"])) || !strings.Contains(values, squeeze(o.Plan.Values["expected_outcomes"])) {
			t.Errorf("%s: the plan's goal or outcomes not printed whole", o.Name)
		}
		for _, s := range o.Form.Sections {
			k := strings.Index(text, squeeze(s.Title))
			if s.Kind == templates.SectionOffice {
				if k >= 0 {
					t.Errorf("%s: the office's section %s printed", o.Name, s.Title)
				}
				continue
			}
			if k < last {
				t.Errorf("%s: section %s missing or out of order", o.Name, s.Title)
			}
			last = k
		}
		for _, want := range []string{fmt.Sprintf("2022-MB-%03d", i+1), "审核意见（系统核对结果）", o.Findings[0].Message, o.File} {
			if !strings.Contains(text, squeeze(want)) {
				t.Errorf("%s: no %s on its pages", o.Name, want)
			}
		}
	}
	for _, sheet := range []string{"一、提交情况", "二、中期考核评分表"} {
		var page string
		for _, p := range pg {
			if strings.Contains(squeeze(p), sheet) {
				page = squeeze(p)
			}
		}
		last := -1
		for _, o := range d.Objects {
			k := strings.Index(page, string([]rune(o.Name)[:4]))
			if k < 0 || k < last {
				t.Errorf("%s: %s missing or out of order", sheet, o.Name)
			}
			last = k
		}
	}
	summary := squeeze(pg[summaryAt-1])
	if !strings.Contains(summary, "未交（1个）：机关党委「机关第三党支部」") || !strings.Contains(summary, "已支出合计") {
		t.Errorf("summary:\n%s", pg[summaryAt-1])
	}
	sheet := squeeze(pg[len(pg)-1])
	for _, c := range e.cfg.StageScoring(templates.StageMidterm, "model_branch") {
		if !strings.Contains(sheet, string([]rune(c.Name)[:2])) || !strings.Contains(sheet, fmt.Sprintf("%d分", c.Points)) {
			t.Errorf("scoring sheet has no %s", c.Name)
		}
	}
	for _, want := range []string{"等次", "结论", "通过、限期整改或终止建设", "建设名称（建设单位）", "评审专家（签名）"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("scoring sheet has no %s:\n%s", want, pg[len(pg)-1])
		}
	}
}

// TestStageDossierWarnings: a character no font has, in an application's
// plan, in a return and in the name of an object that has not returned
// the form, is reported where it is — which shows each is laid out.
func TestStageDossierWarnings(t *testing.T) {
	t.Parallel()
	e := newDossierEnv(t)
	d := e.stageDossier(t)
	first, second := d.Objects[0], d.Objects[1]
	first.Plan.Values["plan_goal"] += string(nowhere)
	second.Values["problems"] = "问题" + string(nowhere)
	d.Missing = append(d.Missing, "某党总支「"+string(nowhere)+"」")
	_, res := writeStageDossier(t, e, d)
	want := []string{
		"提交情况：",
		first.Name + "「" + first.Plan.Fields[0].Label + "」：",
		second.Name + "「" + second.Form.Field("problems").Label + "」：",
	}
	if len(res.Warnings) != len(want) {
		t.Fatalf("warnings %q, want one under each of %q", res.Warnings, want)
	}
	for i, w := range want { // in the order of the pages
		if !strings.HasPrefix(res.Warnings[i], w) || !strings.Contains(res.Warnings[i], "U+20000") {
			t.Errorf("warning %q, want one under %s", res.Warnings[i], w)
		}
	}
}

// TestStageDossierNoneReturned: a category where no object has returned
// the report yet still has its book: cover, contents, the summary naming
// them all, the empty scoring sheet.
func TestStageDossierNoneReturned(t *testing.T) {
	t.Parallel()
	e := newDossierEnv(t)
	cat, _ := e.cfg.Category("benchmark_college")
	d := &render.StageDossier{Category: cat, Stage: templates.StageFinal, Missing: []string{"铁道运输学院党总支「铁道运输学院」"}}
	pdf, res := writeStageDossier(t, e, d)
	if res.Pages != 4 {
		t.Errorf("%d pages, want cover, contents, summary and sheet", res.Pages)
	}
	pg := pages(t, pdf)
	for i, want := range map[int]string{0: "验收材料汇编", 2: "尚无建设对象交回建设工作报告", 3: "通过验收、暂缓通过或不予通过"} {
		if !strings.Contains(squeeze(pg[i]), want) {
			t.Errorf("page %d has no %s:\n%s", i+1, want, pg[i])
		}
	}
	if !strings.Contains(squeeze(pg[2]), "未交（1个）：铁道运输学院党总支「铁道运输学院」") {
		t.Errorf("summary:\n%s", pg[2])
	}
}
