package workspace

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
	"dbzx/render"
	"dbzx/sample"
)

// summaryEntry is one row a department's clerk types into 附件9.
type summaryEntry struct {
	category, name, unit, leader, provincial string
}

// summaryXlsx fills the blank 附件9 from our writer as a department's
// clerk would: the header block, then one row per application.
func summaryXlsx(t *testing.T, fx *ruleFixture, filler string, entries ...summaryEntry) []byte {
	t.Helper()
	form, ok := fx.forms.Find("summary")
	if !ok {
		t.Fatal("no summary form")
	}
	var blank bytes.Buffer
	if err := render.WriteXlsx(&blank, form, loadCfg(t)); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&blank)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := form.ShortTitle
	set := func(cell string, v any) {
		if err := x.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("C2", filler)
	set("F2", "李明")
	set("H2", "0371-68812345")
	set("C3", time.Date(2022, 11, 21, 0, 0, 0, 0, time.UTC))
	for i, e := range entries {
		row := 5 + i
		set(fmt.Sprintf("B%d", row), e.category)
		set(fmt.Sprintf("C%d", row), e.name)
		set(fmt.Sprintf("D%d", row), e.unit)
		set(fmt.Sprintf("E%d", row), e.leader)
		set(fmt.Sprintf("F%d", row), "13812345678")
		set(fmt.Sprintf("G%d", row), e.provincial)
	}
	var out bytes.Buffer
	if err := x.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// returnDocx renders a clean sample of formID with the edits applied.
func returnDocx(t *testing.T, fx *ruleFixture, formID string, seed uint64, e edit) []byte {
	t.Helper()
	form, s := fx.cleanSample(t, formID, seed)
	vals := sample.CloneValues(s.Values)
	e(vals)
	return fx.render(t, form, vals)
}

// findingsByApp groups the register's current findings by application
// name ("" for findings on summary files).
func findingsByApp(t *testing.T, reg *testReg) map[string][]*register.FindingRecord {
	t.Helper()
	apps, err := reg.Applications()
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for _, a := range apps {
		names[a.ID] = a.Name
	}
	fs, err := reg.CurrentFindings()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]*register.FindingRecord{}
	for _, f := range fs {
		if f.ApplicationID != 0 && names[f.ApplicationID] == "" {
			t.Fatalf("finding on unknown application %d: %s", f.ApplicationID, f.Message)
		}
		out[names[f.ApplicationID]] = append(out[names[f.ApplicationID]], f)
	}
	return out
}

func dumpRecords(fs []*register.FindingRecord) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n\t[%s %s app %d %s] %s", f.Rule, f.Severity, f.ApplicationID, f.File, f.Message)
	}
	return b.String()
}

// wantRecords checks that fs holds exactly the findings of the given
// rules (in any order), each with the rule's severity and its message
// saying what it must.
func wantRecords(t *testing.T, who string, fs []*register.FindingRecord, want map[string][]string) {
	t.Helper()
	severity := map[string]intake.Severity{}
	for _, r := range intake.Rules {
		severity[r.Code] = r.Severity
	}
	for _, r := range intake.CrossRules {
		severity[r.Code] = r.Severity
	}
	seen := map[string]bool{}
	for _, f := range fs {
		says, ok := want[f.Rule]
		if !ok {
			t.Errorf("%s: unexpected finding:%s", who, dumpRecords([]*register.FindingRecord{f}))
			continue
		}
		if seen[f.Rule] {
			t.Errorf("%s: %s reported more than once:%s", who, f.Rule, dumpRecords(fs))
		}
		seen[f.Rule] = true
		if f.Severity != severity[f.Rule] {
			t.Errorf("%s: %s severity %s, want %s", who, f.Rule, f.Severity, severity[f.Rule])
		}
		for _, s := range says {
			if !strings.Contains(f.Message, s) {
				t.Errorf("%s: %s message lacks %q:\n\t%s", who, f.Rule, s, f.Message)
			}
		}
	}
	for rule := range want {
		if !seen[rule] {
			t.Errorf("%s: no %s finding; findings:%s", who, rule, dumpRecords(fs))
		}
	}
}

func categoryCount(t *testing.T, reg *testReg, cfg *config.Config, key string) CategoryCount {
	t.Helper()
	ov, err := reg.Overview(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ov.Categories {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no category %s in the overview", key)
	return CategoryCount{}
}

// TestCrossRules takes in, through a real register, a folder as the
// clerk receives it: 铁道运输学院 sends two 样板党支部 returns from the same
// secretary under different names, an innovation project, and a 附件9 that
// lists one branch, the project, a branch it never sent and a branch
// already recommended to the province; 信息工程学院 sends a project and no
// 附件9. Then the configuration changes and the register is revalidated
// with the files gone.
func TestCrossRules(t *testing.T) {
	t.Parallel()
	fx := newRuleFixture(t)
	const (
		unitA, unitB   = "铁道运输学院党总支", "信息工程学院党总支"
		secretary      = "张建国"
		branch1        = "铁道运输学院第一教师党支部"
		branch2        = "铁道运输学院学生第二党支部"
		ghost          = "铁道运输学院第三党支部"
		provincial     = "铁道运输学院机关党支部"
		projectA       = "“支部+专业群”铁路运输育人工程"
		projectB       = "“云大物移智”智慧党建平台"
		modelName      = "党建工作样板党支部"
		innovationName = "基层党建创新项目"
	)
	branch := func(name string) edit {
		return edits(text("cover_unit", unitA), text("parent_org", unitA), text("secretary", secretary),
			text("cover_leader", secretary), text("branch_name", name))
	}
	project := func(unit, name string) edit {
		return edits(text("cover_unit", unit), text("applicant_unit", unit), text("project_leader", secretary),
			text("cover_leader", secretary), text("project_name", name))
	}
	in := filepath.Join(t.TempDir(), "收到的材料")
	writeFile(t, filepath.Join(in, unitA, "01-第一教师党支部-样板党支部申报书.docx"), returnDocx(t, fx, "model_branch", 3, branch(branch1)))
	writeFile(t, filepath.Join(in, unitA, "02-学生第二党支部-样板党支部申报书.docx"), returnDocx(t, fx, "model_branch", 4, branch(branch2)))
	writeFile(t, filepath.Join(in, unitA, "03-创新项目申报表.docx"), returnDocx(t, fx, "innovation_project", 5, project(unitA, projectA)))
	writeFile(t, filepath.Join(in, unitA, "附件9-申报汇总表.xlsx"), summaryXlsx(t, fx, unitA,
		summaryEntry{modelName, branch1, unitA, secretary, "否"},
		summaryEntry{innovationName, projectA, unitA, secretary, "否"},
		summaryEntry{modelName, ghost, unitA, "赵敏", "否"},
		summaryEntry{modelName, provincial, unitA, "孙丽", "是"}))
	writeFile(t, filepath.Join(in, unitB, "创新项目申报表.docx"), returnDocx(t, fx, "innovation_project", 6, project(unitB, projectB)))

	w, reg := newWorkspace(t)
	res := runIntake(t, w, reg, Options{Received: onTime}, in)
	for _, o := range res.Outcomes {
		if o.Status != intake.StatusParsed {
			t.Fatalf("%s: %s %s", o.Name, o.Status, o.Reason)
		}
	}
	got := findingsByApp(t, reg)
	if len(got) != 4 { // branch1, branch2, projectB and the summary file
		t.Errorf("findings on %d applications/files, want 4:%v", len(got), got)
	}
	sameApplicant := []string{unitA, "（负责人 " + secretary + "）", "「" + modelName + "」", "2 项", "“" + branch1 + "”", "“" + branch2 + "”", "是否重复申报"}
	wantRecords(t, branch1, got[branch1], map[string][]string{"same-applicant": sameApplicant})
	wantRecords(t, branch2, got[branch2], map[string][]string{
		"same-applicant":  sameApplicant,
		"summary-missing": {"「" + branch2 + "」（" + modelName + "）未列入 " + unitA + " 的申报汇总表（附件9）", "请核对"},
	})
	// Same leader, another category: not the same applicant; listed: no finding.
	wantRecords(t, projectA, got[projectA], nil)
	wantRecords(t, projectB, got[projectB], map[string][]string{
		"summary-missing": {"「" + projectB + "」（" + innovationName + "）", "未收到 " + unitB + " 的申报汇总表（附件9）", "无法核对"},
	})
	// The row never sent is a finding on the summary file; the row
	// recommended to the province does not apply and is not missing.
	wantRecords(t, "附件9", got[""], map[string][]string{
		"summary-missing": {unitA + " 的申报汇总表第3行「" + ghost + "」（" + modelName + "）", "没有收到对应的申报书"},
	})
	for _, f := range got[""] {
		if f.ApplicationID != 0 || f.File != "附件9-申报汇总表.xlsx" || f.Label != "申报名称" {
			t.Errorf("summary finding: application %d, file %q, label %q; want 0, 附件9-申报汇总表.xlsx, 申报名称", f.ApplicationID, f.File, f.Label)
		}
	}
	for _, name := range []string{branch1, branch2} {
		for _, f := range got[name] {
			if f.Label != "申报名称" {
				t.Errorf("%s: %s label %q, want 申报名称", name, f.Rule, f.Label)
			}
		}
	}
	// Every cross rule failed somewhere above (and passed for projectA).
	fired := map[string]bool{}
	for _, fs := range got {
		for _, f := range fs {
			fired[f.Rule] = true
		}
	}
	for _, r := range intake.CrossRules {
		if !fired[r.Code] {
			t.Errorf("cross rule %s has no failing case", r.Code)
		}
	}
	cfg := loadCfg(t)
	if c := categoryCount(t, reg, cfg, "model_branch"); c.Applications != 2 || c.Provincial != 0 {
		t.Errorf("样板党支部 before: %d counted, %d provincial; want 2, 0", c.Applications, c.Provincial)
	}

	// The clerk learns that branch2 was recommended to the province and
	// that 信息工程学院 failed an acceptance last December. Revalidating
	// reads no file: the inputs and the archived copies are gone.
	if err := os.RemoveAll(in); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(w.ArchiveDir()); err != nil {
		t.Fatal(err)
	}
	cfg.Provincial = []config.Listed{{Category: "model_branch", Unit: unitA, Name: branch2}}
	cfg.FailedAcceptance = []config.Listed{{Category: "innovation_project", Unit: unitB, Month: config.Month{Year: 2021, Month: 12}}}
	if err := reg.Revalidate(context.Background(), cfg, fx.forms); err != nil {
		t.Fatal(err)
	}
	got = findingsByApp(t, reg)
	wantRecords(t, branch1, got[branch1], map[string][]string{"same-applicant": sameApplicant})
	wantRecords(t, branch2, got[branch2], map[string][]string{
		"same-applicant":  sameApplicant,
		"summary-missing": {"未列入"},
		"provincial":      {branch2, unitA, "已获省级推荐，自动认定，不占名额"},
	})
	wantRecords(t, projectA, got[projectA], nil)
	wantRecords(t, projectB, got[projectB], map[string][]string{
		"summary-missing": {"未收到"},
		"barred":          {unitB + " 于 2021年12月 验收未通过", "取消其2年内申报基层党建项目（各类别）的资格"},
	})
	wantRecords(t, "附件9", got[""], map[string][]string{"summary-missing": {ghost}})
	c := categoryCount(t, reg, cfg, "model_branch")
	if c.Applications != 1 || c.Provincial != 1 || c.Quota != 10 {
		t.Errorf("样板党支部 after: %d counted, %d provincial, quota %d; want 1, 1, 10", c.Applications, c.Provincial, c.Quota)
	}
	if c := categoryCount(t, reg, cfg, "innovation_project"); c.Applications != 2 || c.Provincial != 0 {
		t.Errorf("创新项目: %d counted, %d provincial; want 2, 0", c.Applications, c.Provincial)
	}

	// And back: the configuration as it was gives the first findings again.
	if err := reg.Revalidate(context.Background(), loadCfg(t), fx.forms); err != nil {
		t.Fatal(err)
	}
	got = findingsByApp(t, reg)
	wantRecords(t, branch2, got[branch2], map[string][]string{"same-applicant": sameApplicant, "summary-missing": {"未列入"}})
	wantRecords(t, projectB, got[projectB], map[string][]string{"summary-missing": {"未收到"}})
	if c := categoryCount(t, reg, cfg, "model_branch"); c.Applications != 2 || c.Provincial != 0 {
		t.Errorf("样板党支部 reverted: %d counted, %d provincial; want 2, 0", c.Applications, c.Provincial)
	}
}

// TestCorrectedSummaryReplacesEarlier: a unit sends one 附件9 (本单位所有
// 申报项目逐行填写); when it sends a corrected one, the sheet saved last is
// the one applications are matched against, and the earlier sheet's rows
// raise nothing.
func TestCorrectedSummaryReplacesEarlier(t *testing.T) {
	t.Parallel()
	fx := newRuleFixture(t)
	const (
		unit    = "机车车辆学院党总支"
		branch1 = "机车车辆学院第一教师党支部"
		branch2 = "机车车辆学院学生党支部"
		typo    = "机车车辆学院第一教工党支部"
		model   = "党建工作样板党支部"
	)
	branch := func(name, secretary string) edit {
		return edits(text("cover_unit", unit), text("parent_org", unit), text("secretary", secretary), text("branch_name", name))
	}
	in := filepath.Join(t.TempDir(), unit)
	writeFile(t, filepath.Join(in, "样板党支部申报书-1.docx"), returnDocx(t, fx, "model_branch", 3, branch(branch1, "周立")))
	writeFile(t, filepath.Join(in, "样板党支部申报书-2.docx"), returnDocx(t, fx, "model_branch", 4, branch(branch2, "吴娟")))
	first := writeFile(t, filepath.Join(in, "附件9-申报汇总表.xlsx"), summaryXlsx(t, fx, unit,
		summaryEntry{model, typo, unit, "周立", "否"},
		summaryEntry{model, branch2, unit, "吴娟", "否"}))
	second := writeFile(t, filepath.Join(in, "附件9-申报汇总表（更正）.xlsx"), summaryXlsx(t, fx, unit,
		summaryEntry{model, branch1, unit, "周立", "否"}))
	for path, mod := range map[string]time.Time{first: time.Date(2022, 11, 20, 9, 0, 0, 0, time.Local), second: time.Date(2022, 11, 22, 9, 0, 0, 0, time.Local)} {
		if err := os.Chtimes(path, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	w, reg := newWorkspace(t)
	runIntake(t, w, reg, Options{Received: onTime}, in)
	got := findingsByApp(t, reg)
	// The corrected sheet lists branch1 (the typo fixed) but dropped
	// branch2: that is what the unit now says.
	wantRecords(t, branch1, got[branch1], nil)
	wantRecords(t, branch2, got[branch2], map[string][]string{"summary-missing": {"「" + branch2 + "」", "未列入 " + unit + " 的申报汇总表"}})
	wantRecords(t, "附件9", got[""], nil)
}
