// Package demo runs the whole pipeline on built-in sample data, as a clerk
// and a committee would, through the workspace API alone: blank forms,
// sample returns breaking every rule, intake, check, dossiers, the
// committee's filled review sheets, decisions, the 名单, funding, the
// schedule, acceptance and certificates.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/winpath"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
	"dbzx/workspace"
)

// Returns is how many clean sample returns the demo makes: a few of each
// form, enough to show every stage. Beside them come the returns made to
// break each rule (sample.BatchWithViolations).
const Returns = 24

// When the demo's batches arrive, and when its committee decides: the
// main batch the day before the deadline (2022-11-24), the late returns
// the day after it, the decision after the deadline, before the mid-term
// checks.
var (
	Received     = time.Date(2022, 11, 23, 17, 0, 0, 0, time.Local)
	LateReceived = time.Date(2022, 11, 25, 9, 0, 0, 0, time.Local)
	Decided      = time.Date(2022, 12, 9, 16, 0, 0, 0, time.Local)
)

// Unfiled is the demo's provincial recommendation whose unit sends no
// form: recognised automatically, it is on the 名单 all the same.
var Unfiled = config.Listed{Category: "double_leader_studio", Unit: "机车车辆学院党总支", Name: "“轨道匠心”双带头人教师党支部书记工作室"}

// Stage lists what one stage of the demo wrote; the check counts findings
// by severity and lists the rules that fired.
type Stage struct {
	Stage    string          `json:"stage"`
	Outputs  []render.Output `json:"outputs"`
	Findings map[string]int  `json:"findings,omitempty"`
	Rules    []string        `json:"rules,omitempty"`
}

func outputs(paths ...string) []render.Output {
	out := []render.Output{}
	for _, p := range paths {
		out = append(out, render.Output{Path: p})
	}
	return out
}

// Workspace is the demo's workspace (of the first round) inside dir: the
// one its closing lines point the web console at.
func Workspace(dir string) string { return filepath.Join(dir, "workspace") }

// Run runs every stage into dir with the given settings and forms (the
// workspace it makes gets the same forms folder) and returns what each
// stage wrote. It stops at the first stage that fails, returning the
// stages done.
func Run(ctx context.Context, dir string, cfg *config.Config, forms *templates.Set) ([]Stage, error) {
	var stages []Stage
	blank, err := render.Forms(forms, templates.StageApply, cfg, filepath.Join(dir, "forms"))
	if err != nil {
		return stages, err
	}
	stages = append(stages, Stage{Stage: "空白表单", Outputs: blank})

	// The departments' returns as the clerk receives them: a folder per
	// department, a GBK-named zip bundle, a resubmission, a duplicate and a
	// damaged file; among the applications, one breaking each rule, and a
	// late one in a folder of its own.
	returnsDir, lateDir := filepath.Join(dir, "returns"), filepath.Join(dir, "补交")
	for _, d := range []string{returnsDir, lateDir} {
		if err := os.RemoveAll(d); err != nil {
			return stages, err
		}
	}
	batch, err := sample.BatchWithViolations(returnsDir, lateDir, forms, cfg, 2022, Returns)
	if err != nil {
		return stages, err
	}
	broken := 0
	for _, f := range append(slices.Clone(batch.Files), batch.Late...) {
		if len(f.Breaks) > 0 && f.Form != "" {
			broken++
		}
	}
	stages = append(stages, Stage{
		Stage: fmt.Sprintf("各单位交回的示例材料（%d 个文件，另有截止后补交 %d 个；其中 %d 项申报违反核对规则）",
			len(batch.Files), len(batch.Late), broken),
		Outputs: outputs(returnsDir, lateDir)})

	// A fresh workspace whose dbzx.yaml lists what the provincial and
	// barred rules look for, so that `dbzx check` there finds the same.
	wsDir := Workspace(dir)
	if err := os.RemoveAll(wsDir); err != nil {
		return stages, err
	}
	l, err := workspace.Init(wsDir)
	if err != nil {
		return stages, err
	}
	// Beside the provincial recommendation whose unit sends its form
	// anyway, one whose unit sends none: an object all the same.
	provincial := append(slices.Clone(batch.Config.Provincial), Unfiled)
	if err := config.SetKey(l.ConfigPath(), "provincial", provincial); err != nil {
		return stages, err
	}
	if err := config.SetKey(l.ConfigPath(), "failed_acceptance", batch.Config.FailedAcceptance); err != nil {
		return stages, err
	}
	if cfg.FormsDir != "" {
		abs, err := filepath.Abs(cfg.FormsDir)
		if err != nil {
			return stages, err
		}
		if err := config.SetKey(l.ConfigPath(), "forms_dir", abs); err != nil {
			return stages, err
		}
	}
	stages = append(stages, Stage{
		Stage: fmt.Sprintf("工作目录配置（省级推荐 %d 项，其中 1 项未交申报书；验收未通过 %d 个单位）",
			len(provincial), len(batch.Config.FailedAcceptance)),
		Outputs: outputs(l.ConfigPath())})

	w, err := workspace.Open(wsDir)
	if err != nil {
		return stages, err
	}
	defer w.Close()
	more, err := run(ctx, w, returnsDir, lateDir)
	return append(stages, more...), err
}

// run takes the batches in, then does what the committee and the clerk do
// after intake.
func run(ctx context.Context, w *workspace.Workspace, returnsDir, lateDir string) ([]Stage, error) {
	var stages []Stage
	res, err := w.Intake(ctx, []string{returnsDir}, workspace.IntakeOptions{Received: Received})
	if err != nil {
		return stages, err
	}
	stages = append(stages, Stage{
		Stage:   fmt.Sprintf("受理登记（%d 个文件，%d 个未受理；登记库 %s）", len(res.Outcomes), res.Rejected(), w.RegisterPath()),
		Outputs: outputs(res.Report)})
	late, err := w.Intake(ctx, []string{lateDir}, workspace.IntakeOptions{Received: LateReceived})
	if err != nil {
		return stages, err
	}
	stages = append(stages, Stage{
		Stage: fmt.Sprintf("受理截止后补交的材料（%d 个文件，%d年%d月%d日收到）", len(late.Outcomes),
			LateReceived.Year(), int(LateReceived.Month()), LateReceived.Day()),
		Outputs: outputs(late.Report)})

	// What the check found.
	checked, err := w.Check(ctx)
	if err != nil {
		return stages, err
	}
	check := Stage{Findings: map[string]int{}, Outputs: []render.Output{}}
	fired := map[string]bool{}
	hasError := map[int64]bool{}
	for _, f := range checked.Findings {
		check.Findings[f.Severity]++
		fired[f.Rule] = true
		if f.Severity == intake.SeverityError {
			hasError[f.ApplicationID] = true
		}
	}
	var codes []string
	for _, r := range intake.Rules {
		codes = append(codes, r.Code)
	}
	for _, r := range intake.CrossRules {
		codes = append(codes, r.Code)
	}
	for _, c := range codes {
		if fired[c] {
			check.Rules = append(check.Rules, c)
		}
	}
	check.Stage = fmt.Sprintf("核对：错误 %d，提醒 %d，说明 %d；触发的规则：%s", check.Findings[intake.SeverityError],
		check.Findings[intake.SeverityWarning], check.Findings[intake.SeverityInfo], strings.Join(check.Rules, "、"))
	stages = append(stages, check)

	// Each unit is told what arrived and what to put right.
	notices, err := w.WriteNotices(ctx, workspace.NoticeOptions{}, "")
	if err != nil {
		return stages, err
	}
	stages = append(stages, noticesStage("给各单位的受理回执与补正通知", notices))

	// A unit withdraws an application that has errors (by letter), and a
	// scan sent by mistake is taken out of the dossiers: both kept in the
	// register and the archive, both logged.
	var withdrawn int64
	for _, a := range checked.Overview.Applications {
		if hasError[a.ID] {
			withdrawn = a.ID // the last: an innovation project
		}
	}
	var scan *intake.Outcome
	for _, o := range res.Outcomes {
		if o.Status == intake.StatusAttachment && filepath.Ext(o.Name) == ".pdf" && scan == nil {
			scan = o
		}
	}
	if withdrawn != 0 && scan != nil {
		a, err := w.Withdraw(ctx, withdrawn, "单位来函撤回（演示）", false)
		if err != nil {
			return stages, err
		}
		f, err := w.Detach(ctx, scan.SHA256[:16])
		if err != nil {
			return stages, err
		}
		stages = append(stages, Stage{Stage: fmt.Sprintf("撤回与取出：%s 撤回「%s」（编号 %d）；支撑材料「%s」不再放入评审材料",
			a.Unit, a.Name, a.ID, f.Name), Outputs: []render.Output{}})
	}

	dossiers, err := w.Dossiers(workspace.DossierOptions{})
	if err != nil {
		return stages, err
	}
	var books []string
	pages := 0
	for _, d := range dossiers {
		books = append(books, d.Path)
		pages += d.Pages
	}
	stages = append(stages, Stage{Stage: fmt.Sprintf("评审材料汇编（%d 册，共 %d 页）", len(dossiers), pages), Outputs: outputs(books...)})

	// The committee's review sheets, filled and read back.
	sheets, err := w.ReviewSheets("")
	if err != nil {
		return stages, err
	}
	var filled []string
	for _, s := range sheets {
		cat, _ := w.Cfg.Category(s.Category)
		fill := map[int64]map[string]any{}
		recommended := 0
		for i, row := range s.Sheet.Rows {
			id := row[0].(int64)
			scores := map[string]any{}
			for k, c := range w.Cfg.Scoring[cat.Key] {
				scores[c.Name] = c.Points - (i+k)%4
			}
			rec := "不推荐"
			if !hasError[id] && recommended < cat.Quota {
				rec = "推荐"
				recommended++
			}
			scores["推荐"] = rec
			fill[id] = scores
		}
		path := filepath.Join(filepath.Dir(s.Path), winpath.SafeName("评审表-"+cat.ShortName+"（已填）")+".xlsx")
		if err := fillSheet(s.Path, path, fill); err != nil {
			return stages, err
		}
		filled = append(filled, path)
	}
	dec, err := w.Decide(ctx, workspace.DecideOptions{Sheets: filled, Date: Decided})
	if err != nil {
		return stages, err
	}
	if len(dec.Problems) > 0 {
		return stages, fmt.Errorf("demo: decisions not recorded: %v", dec.Problems)
	}
	stages = append(stages, Stage{Stage: fmt.Sprintf("评审表（已模拟填写）与评审结果：记录 %d 项", dec.Recorded), Outputs: outputs(filled...)})
	for _, step := range []struct {
		stage string
		write func(w *workspace.Workspace, dir string) ([]string, error)
	}{{"建设对象名单", (*workspace.Workspace).List}, {"经费拨付单与经费汇总表", (*workspace.Workspace).Funding},
		{"建设进度安排与日历", (*workspace.Workspace).Schedule}} {
		paths, err := step.write(w, "")
		if err != nil {
			return stages, fmt.Errorf("%s: %w", step.stage, err)
		}
		stages = append(stages, Stage{Stage: step.stage, Outputs: outputs(paths...)})
	}

	later, err := laterStages(ctx, w, filepath.Dir(w.Dir))
	if err != nil {
		return stages, fmt.Errorf("later stages: %w", err)
	}
	stages = append(stages, later...)

	// Acceptance of the objects the stage review did not conclude: every
	// one passes but the last.
	as, err := w.AcceptSheet("")
	if err != nil {
		return stages, err
	}
	// Each object is accepted in its category's acceptance month: the
	// 1-year categories in 2023-12, the 2-year ones in 2024-12.
	sel, err := w.Selected()
	if err != nil {
		return stages, err
	}
	month := map[int64]config.Month{}
	for _, s := range sel {
		cat, _ := w.Cfg.Category(s.Category)
		month[s.ID] = cat.Acceptance
	}
	fill := map[int64]map[string]any{}
	failed, concluded := 1, 0
	for i, row := range as.Sheet.Rows {
		if len(row) > 6 { // concluded by the final review (decide --stage final)
			concluded++
			if row[6] != "通过" {
				failed++
			}
			continue
		}
		res := "通过"
		if i == len(as.Sheet.Rows)-1 {
			res = "不通过"
		}
		id := row[0].(int64)
		fill[id] = map[string]any{"验收结果": res, "验收日期": month[id].String() + "-20"}
	}
	filledPath := filepath.Join(filepath.Dir(as.Path), "验收结果登记表（已填）.xlsx")
	if err := fillSheet(as.Path, filledPath, fill); err != nil {
		return stages, err
	}
	acc, err := w.Accept(ctx, filledPath)
	if err != nil {
		return stages, err
	}
	if len(acc.Problems) > 0 {
		return stages, fmt.Errorf("demo: acceptance not recorded: %v", acc.Problems)
	}
	stages = append(stages, Stage{Stage: fmt.Sprintf("验收结果登记（%d 个建设对象，其中 %d 个已由验收评审记录；共 %d 个未通过）", as.Rows, concluded, failed),
		Outputs: outputs(as.Path, filledPath)})
	certs, err := w.Certificates(ctx, "")
	if err != nil {
		return stages, fmt.Errorf("certificates: %w", err)
	}
	stages = append(stages, Stage{Stage: fmt.Sprintf("验收合格证书（%d 份，另附合并打印本）", len(certs.Certificates)),
		Outputs: outputs(filepath.Dir(certs.Certificates[0].Path), certs.Combined)})
	var announced []string
	for _, stage := range []string{templates.StageMidterm, templates.StageFinal} {
		paths, err := w.Announce(ctx, stage, "")
		if err != nil {
			return stages, err
		}
		announced = append(announced, paths...)
	}
	stages = append(stages, Stage{Stage: "中期考核通报与验收结果公布（.docx 和 PDF）", Outputs: outputs(announced...)})
	for _, stage := range []string{templates.StageMidterm, templates.StageFinal} {
		notices, err := w.WriteNotices(ctx, workspace.NoticeOptions{Stage: stage}, "")
		if err != nil {
			return stages, err
		}
		stages = append(stages, noticesStage("给各单位的"+notices.Notices[0].Kind, notices))
	}
	cands, err := w.ProvincialCandidates("")
	if err != nil {
		return stages, err
	}
	stages = append(stages, Stage{Stage: fmt.Sprintf("省级评选推荐名单（验收通过的 %d 个校级建设对象，按评审得分排名）", len(cands.Candidates)),
		Outputs: outputs(cands.Path)})
	next, err := secondRound(ctx, filepath.Dir(w.Dir), w)
	if err != nil {
		return stages, fmt.Errorf("second round: %w", err)
	}
	return append(stages, next), nil
}

// Second is when the next round's returns arrive: two years on, within
// the two years that a failed acceptance in 2023-12 bars its unit.
var Second = time.Date(2024, 11, 20, 10, 0, 0, 0, time.Local)

// secondRound is the next round, a workspace of its own whose history
// names this one: the unit that failed acceptance applies in another
// category and is barred; an object that passed applies again and is
// flagged.
func secondRound(ctx context.Context, dir string, first *workspace.Workspace) (Stage, error) {
	sel, err := first.Selected()
	if err != nil {
		return Stage{}, err
	}
	var failed, held *workspace.Selected
	for _, s := range sel {
		switch {
		case s.Accepted == nil:
		case !*s.Accepted && failed == nil:
			failed = s
		case *s.Accepted && held == nil && !s.Unfiled:
			held = s
		}
	}
	if failed == nil || held == nil {
		return Stage{}, fmt.Errorf("demo: no failed and passed objects to carry into the second round")
	}
	wsDir, returns := filepath.Join(dir, "workspace-2024"), filepath.Join(dir, "returns-2024")
	for _, d := range []string{wsDir, returns} {
		if err := os.RemoveAll(d); err != nil {
			return Stage{}, err
		}
	}
	l, err := workspace.Init(wsDir)
	if err != nil {
		return Stage{}, err
	}
	settings := map[string]any{"round": 2024, "notice_date": "2024-11-14", "deadline": "2024-11-22"}
	if first.Cfg.FormsDir != "" {
		settings["forms_dir"] = first.Cfg.FormsDir
	}
	for k, v := range settings {
		if err := config.SetKey(l.ConfigPath(), k, v); err != nil {
			return Stage{}, err
		}
	}
	if err := workspace.AddHistory(wsDir, first.Dir); err != nil {
		return Stage{}, err
	}
	// The failed unit's branch applies as a 样板党支部 (or, had a branch
	// failed, as an innovation project); the object that passed applies
	// again as itself.
	barredCat, barredName := "model_branch", intake.OrgName(failed.Unit)+"第三教师党支部"
	if strings.HasSuffix(failed.Unit, "直属党支部") {
		barredName = failed.Unit // a 直属党支部 is a branch itself
	}
	if failed.Category == barredCat {
		barredCat, barredName = "innovation_project", "“先锋引领”党建创新项目"
	}
	gen := sample.New(first.Forms, first.Cfg, 2024)
	if err := os.MkdirAll(returns, 0o755); err != nil {
		return Stage{}, err
	}
	for _, r := range []struct{ file, category, unit, name string }{
		{"限制申报的单位.docx", barredCat, failed.Unit, barredName},
		{"再次申报.docx", held.Category, held.Unit, held.Name},
	} {
		form, ok := first.Forms.Find(r.category)
		if !ok {
			return Stage{}, fmt.Errorf("demo: no form %s", r.category)
		}
		ret := gen.Return(form, 1)
		who := form.Who()
		ret.Values.Text[who.Unit], ret.Values.Text[who.Name] = r.unit, r.name
		var buf bytes.Buffer
		if err := render.WriteDocx(&buf, form, first.Cfg, ret.Values); err != nil {
			return Stage{}, err
		}
		if err := os.WriteFile(filepath.Join(returns, r.file), buf.Bytes(), 0o644); err != nil {
			return Stage{}, err
		}
	}
	w, err := workspace.Open(wsDir)
	if err != nil {
		return Stage{}, err
	}
	defer w.Close()
	res, err := w.Intake(ctx, []string{returns}, workspace.IntakeOptions{Received: Second})
	if err != nil {
		return Stage{}, err
	}
	checked, err := w.Check(ctx)
	if err != nil {
		return Stage{}, err
	}
	fired := map[string]int{}
	for _, f := range checked.Findings {
		fired[f.Rule]++
	}
	return Stage{
		Stage: fmt.Sprintf("第二轮（2024 年度，新工作目录的 history 指向本轮）：%s 于往届验收未通过，各类别申报均被限制（barred %d）；%s「%s」再次申报同一对象，提请评审关注（held %d）",
			failed.Unit, fired["barred"], held.Unit, held.Name, fired["held"]),
		Outputs: outputs(l.ConfigPath(), returns, res.Report)}, nil
}

// fillSheet fills a sheet dbzx wrote as the committee would, into a copy.
func fillSheet(from, to string, values map[int64]map[string]any) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	filled, err := sample.FillSheet(data, values)
	if err != nil {
		return err
	}
	return render.WriteFileAtomic(to, filled)
}

// laterStages writes every object's 中期考核表 and 建设工作报告 and takes
// some back as their units return them: the 1-year categories' first
// objects, one posting nothing in 2023-03, one spending over its
// allocation; then reports of two of them.
func laterStages(ctx context.Context, w *workspace.Workspace, dir string) ([]Stage, error) {
	var stages []Stage
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	var oneYear []*workspace.Selected
	for _, s := range sel {
		if cat, _ := w.Cfg.Category(s.Category); cat.CycleYears == 1 && !s.Unfiled && len(oneYear) < 3 {
			oneYear = append(oneYear, s)
		}
	}
	for _, st := range []struct {
		stage    string
		date     time.Time
		received time.Time
		returns  int
	}{
		{templates.StageMidterm, time.Date(2023, 5, 8, 0, 0, 0, 0, time.Local), time.Date(2023, 5, 20, 10, 0, 0, 0, time.Local), 3},
		{templates.StageFinal, time.Date(2023, 11, 20, 0, 0, 0, 0, time.Local), time.Date(2023, 11, 28, 10, 0, 0, 0, time.Local), 3},
	} {
		forms, err := w.StageForms(ctx, st.stage, "")
		if err != nil {
			return stages, err
		}
		returns := filepath.Join(dir, "returns-"+st.stage)
		if err := os.RemoveAll(returns); err != nil {
			return stages, err
		}
		var ids []int64
		for _, s := range oneYear[:min(st.returns, len(oneYear))] {
			ids = append(ids, s.ID)
		}
		o := StageReturnsOptions{Seed: 100, Date: st.date, Objects: ids, Material: true}
		if st.stage == templates.StageMidterm {
			o.Adjust = Faults(w.Cfg)
		}
		_, err = StageReturns(ctx, w, st.stage, returns, o)
		if err != nil {
			return stages, err
		}
		if _, err := w.Intake(ctx, []string{returns}, workspace.IntakeOptions{Received: st.received}); err != nil {
			return stages, err
		}
		status, err := w.StageStatus(ctx, st.stage)
		if err != nil {
			return stages, err
		}
		returned := 0
		fired := map[string]int{}
		for _, o := range status {
			if o.Returned {
				returned++
			}
			for _, f := range o.Findings {
				fired[f.Rule]++
			}
		}
		var rules []string
		for _, r := range intake.StageRules {
			if fired[r.Code] > 0 {
				rules = append(rules, fmt.Sprintf("%s %d", r.Code, fired[r.Code]))
			}
		}
		found := "未发现问题"
		if len(rules) > 0 {
			found = "核对：" + strings.Join(rules, "、")
		}
		books, err := w.Dossiers(workspace.DossierOptions{Stage: st.stage})
		if err != nil {
			return stages, err
		}
		// The committee scores the returns and concludes: the one without
		// a post in 2023-03 is to put it right by 2023-08-31.
		sheets, err := w.StageReviewSheets(ctx, st.stage, "")
		if err != nil {
			return stages, err
		}
		conclusions := intake.StageConclusions[st.stage]
		var filled []string
		for _, sh := range sheets {
			fill := map[int64]map[string]any{}
			for _, o := range status {
				if !o.Returned || o.Category != sh.Category {
					continue
				}
				v := map[string]any{"结论": conclusions[0], "反馈意见": "建设推进有序，成效初显"}
				if st.stage == templates.StageFinal {
					v = map[string]any{"结论": conclusions[0], "验收意见": "完成建设任务，成果突出"}
				}
				for k, c := range w.Cfg.StageScoring(st.stage, sh.Category) {
					v[c.Name] = c.Points - k%3
				}
				if st.stage == templates.StageMidterm && len(oneYear) > 1 && o.ApplicationID == oneYear[1].ID {
					v["结论"], v["反馈意见"] = conclusions[1], "动态展示不连续"
					for _, c := range w.Cfg.StageScoring(st.stage, sh.Category) {
						v[c.Name] = c.Points * 3 / 4 // 合格
					}
					v["等次"] = "合格"
					v["整改要求"], v["整改期限"] = "补齐2023年3月的动态展示；此后每月至少1条", "2023-08-31"
				}
				// The one over budget at the mid-term fails acceptance.
				if st.stage == templates.StageFinal && len(oneYear) > 2 && o.ApplicationID == oneYear[2].ID {
					v["结论"], v["验收意见"] = conclusions[2], "建设任务未完成，中期经费超支未作说明"
					for _, c := range w.Cfg.StageScoring(st.stage, sh.Category) {
						v[c.Name] = c.Points / 2
					}
					v["等次"] = "不合格"
				}
				fill[o.ApplicationID] = v
			}
			if len(fill) == 0 {
				continue
			}
			path := filepath.Join(filepath.Dir(sh.Path), strings.TrimSuffix(filepath.Base(sh.Path), ".xlsx")+"（已填）.xlsx")
			if err := fillSheet(sh.Path, path, fill); err != nil {
				return stages, err
			}
			filled = append(filled, path)
		}
		dec, err := w.DecideStage(ctx, workspace.StageDecideOptions{Stage: st.stage, Sheets: filled, Date: st.received.AddDate(0, 0, 14)})
		if err != nil {
			return stages, err
		}
		if len(dec.Problems) > 0 {
			return stages, fmt.Errorf("demo: %s decisions not recorded: %v", st.stage, dec.Problems)
		}
		var said []string
		for _, c := range conclusions {
			if dec.Conclusions[c] > 0 {
				said = append(said, fmt.Sprintf("%s %d", c, dec.Conclusions[c]))
			}
		}
		stages = append(stages, Stage{Stage: fmt.Sprintf("%s（%s）：为 %d 个建设对象生成已预填的表；交回 %d 份，未交 %d 个；%s；评审结论：%s",
			templates.StageFormNames[st.stage], forms.Blank[0].Code, len(forms.Objects), returned, len(status)-returned, found, strings.Join(said, "、")),
			Outputs: outputs(filepath.Dir(forms.Objects[0].Path), returns, books[0].Path, filled[0])})
	}
	return stages, nil
}

// noticesStage reports the notices written: how many of each kind, where.
func noticesStage(what string, res *workspace.NoticesResult) Stage {
	var parts []string
	for _, k := range res.Kinds() {
		parts = append(parts, fmt.Sprintf("%s %d 份", k.Kind, k.Count))
	}
	return Stage{Stage: fmt.Sprintf("%s（%d 个单位：%s；.docx 和 PDF，另附合并打印本）", what, len(res.Notices), strings.Join(parts, "、")),
		Outputs: outputs(res.Dir, res.Combined)}
}
