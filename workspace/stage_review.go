package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dbzx/intake"
	"dbzx/internal/winpath"
	"dbzx/register"
	"dbzx/render"
	"dbzx/templates"
)

// The committee's part in the later stages: a sheet per category to score
// each object's return and conclude (中期: 通过 / 限期整改 / 终止建设; 验收:
// 通过验收 / 暂缓通过 / 不予通过), read back and recorded. The mid-term's
// feedback and 整改要求 are printed into the object's 建设工作报告; a final
// conclusion is the object's acceptance (不予通过 bars its unit).

// opinionTitle and dueTitle name a stage's opinion and deadline columns.
var (
	opinionTitle = map[string]string{templates.StageMidterm: "反馈意见", templates.StageFinal: "验收意见"}
	fixTitle     = map[string]string{templates.StageMidterm: "整改要求", templates.StageFinal: "补充整改要求"}
	dueTitle     = map[string]string{templates.StageMidterm: "整改期限", templates.StageFinal: "二次验收期限"}
)

// StageReviewSheets writes the committee's sheet of a stage for every
// category with construction objects into dir (default out/review).
func (w *Workspace) StageReviewSheets(ctx context.Context, stage, dir string) ([]SheetOutput, error) {
	if _, ok := intake.StageConclusions[stage]; !ok || len(w.Forms.StageForms(stage)) == 0 {
		return nil, ErrNoStageForm
	}
	status, err := w.StageStatus(ctx, stage)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		dir = filepath.Join(w.OutDir(), "review")
	}
	round := ""
	if stage == templates.StageFinal {
		status, round = pendingFinal(status)
	}
	var outs []SheetOutput
	for _, cat := range w.Cfg.Categories {
		var mine []*StageObjectStatus
		for _, o := range status {
			if o.Category == cat.Key {
				mine = append(mine, o)
			}
		}
		if len(mine) == 0 {
			continue
		}
		s := w.stageReviewSheet(stage, cat.Key, mine, round)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return outs, err
		}
		name := templates.StageNames[stage] + "评审表"
		if round != "" { // never over the first review's sheet, which the clerk may keep here
			name += "（" + round + "）"
		}
		path := filepath.Join(dir, winpath.SafeName(name+"-"+cat.ShortName)+".xlsx")
		if err := render.WriteInputSheet(path, s); err != nil {
			return outs, err
		}
		outs = append(outs, SheetOutput{Category: cat.Key, Name: cat.Name, Path: path, Rows: len(mine), Sheet: s})
	}
	return outs, nil
}

// pendingFinal is what a final review sheet holds. Once the committee has
// concluded on some objects, the next sheet holds the others: those it
// deferred (暂缓通过, re-checked after the extension: round 二次验收) and
// those not yet reviewed (alone, round 补充评审). Before any conclusion,
// or after all, every object (round "").
func pendingFinal(objs []*StageObjectStatus) ([]*StageObjectStatus, string) {
	deferred := intake.StageConclusions[templates.StageFinal][1]
	var pending []*StageObjectStatus
	concluded, recheck := false, false
	for _, o := range objs {
		switch {
		case o.Decision == nil:
			pending = append(pending, o)
		case o.Decision.Conclusion == deferred:
			pending = append(pending, o)
			recheck = true
		default:
			concluded = true
		}
	}
	switch {
	case len(pending) == 0 || !concluded && !recheck:
		return objs, ""
	case recheck:
		return pending, recheckRound
	}
	return pending, "补充评审"
}

// recheckRound names the final review after an extension.
const recheckRound = "二次验收"

func (w *Workspace) stageReviewSheet(stage, category string, objs []*StageObjectStatus, round string) *render.InputSheet {
	cfg := w.Cfg
	cat, _ := cfg.Category(category)
	cols := []render.InputColumn{{Title: "编号", Width: 7}, {Title: "建设单位", Width: 20}, {Title: "建设名称", Width: 26},
		{Title: "审核情况", Width: 20}}
	for _, c := range cfg.StageScoring(stage, category) {
		cols = append(cols, render.InputColumn{Title: fmt.Sprintf("%s（%d分）", c.Name, c.Points), Width: 11, Input: true,
			Number: true, Max: float64(c.Points)})
	}
	var grades []string
	for _, g := range intake.Grades {
		grades = append(grades, g.Name)
	}
	conclusions := intake.StageConclusions[stage]
	cols = append(cols, render.InputColumn{Title: "合计", Width: 8, Number: true, Sum: true},
		render.InputColumn{Title: "等次", Width: 9, Input: true, Choices: grades},
		render.InputColumn{Title: "结论", Width: 11, Input: true, Choices: conclusions},
		render.InputColumn{Title: opinionTitle[stage], Width: 30, Input: true},
		render.InputColumn{Title: fixTitle[stage], Width: 30, Input: true},
		render.InputColumn{Title: dueTitle[stage], Width: 13, Input: true, Date: true})
	name := templates.StageNames[stage]
	title := cfg.College + cfg.Programme + " " + cat.Name + " " + name + "评审表"
	if round != "" {
		title += "（" + round + "）"
	}
	s := &render.InputSheet{
		Title: title,
		Note: fmt.Sprintf("各评分项填写 0 至该项分值之间的整数（合计自动求和；优秀≥90、良好80–89、合格60–79、不合格<60）；“结论”选择%s；"+
			"选“%s”的须填写%s（多项用“；”分开）和%s。编号勿改。填好后签字，交%s。",
			"“"+strings.Join(conclusions, "”“")+"”", conclusions[1], fixTitle[stage], dueTitle[stage], cfg.Office),
		Footer:  name + "评审组成员签字：　　　　　　　　　　　　　　　　　　　　　　　　　日期：　　　　年　　月　　日",
		Kind:    "stage-review-sheet",
		Columns: cols,
		Props:   map[string]string{"dbzx.category": category, "dbzx.stage": stage},
	}
	for _, o := range objs {
		note := "未交" + templates.StageFormNames[stage]
		if o.Returned {
			n := map[string]int{}
			for _, f := range o.Findings {
				n[f.Severity]++
			}
			note = fmt.Sprintf("已交（第%d版）：错误 %d，提醒 %d", o.Version, n[intake.SeverityError], n[intake.SeverityWarning])
		}
		if d := o.Decision; stage == templates.StageFinal && d != nil && d.Conclusion == conclusions[1] {
			first := fmt.Sprintf("%s：%s %s", recheckRound, d.Decided, d.Conclusion)
			if len(d.Rectify) > 0 {
				first += "，补充整改要求：" + strings.Join(d.Rectify, "；")
			}
			if d.Due != "" {
				first += "，期限 " + d.Due
			}
			note = first + "。" + note
		}
		s.Rows = append(s.Rows, []any{o.ApplicationID, o.Unit, o.Name, note})
	}
	return s
}

// StageDecideOptions of recording a stage's decisions.
type StageDecideOptions struct {
	Stage  string
	Sheets []string
	// Date of the decision; zero: the date on the sheets' signature line,
	// else ErrNoDecisionDate.
	Date time.Time
}

// StageDecideResult reports what was recorded, or why nothing was.
type StageDecideResult struct {
	Recorded    int            `json:"recorded"`
	Conclusions map[string]int `json:"conclusions"` // by conclusion
	Accepted    int            `json:"accepted,omitempty"`
	Problems    []Problem      `json:"problems,omitempty"` // why nothing was recorded
	Warnings    []Problem      `json:"warnings,omitempty"` // recorded all the same
}

// DecideStage reads filled stage review sheets and records the
// committee's conclusions: all or nothing, as Decide. A final conclusion
// is also the object's acceptance on the decision's date: 通过验收 passed,
// 不予通过 failed (its unit barred); 暂缓通过 waits for the re-check.
func (w *Workspace) DecideStage(ctx context.Context, o StageDecideOptions) (*StageDecideResult, error) {
	res := &StageDecideResult{Conclusions: map[string]int{}}
	var rows []intake.StageDecision
	date := ""
	for _, path := range o.Sheets {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, &FileError{Path: path, Err: err}
		}
		r, err := intake.ReadStageReview(data, o.Stage)
		if err != nil {
			return nil, &FileError{Path: path, Err: err}
		}
		for _, p := range r.Problems {
			res.Problems = append(res.Problems, Problem{File: filepath.Base(path), Message: p})
		}
		for _, p := range r.Warnings {
			res.Warnings = append(res.Warnings, Problem{File: filepath.Base(path), Message: p})
		}
		if date == "" {
			date = r.Date
		}
		rows = append(rows, r.Decisions...)
	}
	if !o.Date.IsZero() {
		date = o.Date.Format("2006-01-02")
	}
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	isObj := map[int64]bool{}
	for _, s := range sel {
		isObj[s.ID] = true
	}
	var recs []register.StageDecision
	for _, d := range rows {
		if !isObj[d.ID] {
			res.Problems = append(res.Problems, problem(ErrUnknownEntry, d.Line, d.ID, ""))
			continue
		}
		if d.Conclusion == "" {
			continue
		}
		recs = append(recs, register.StageDecision{ApplicationID: d.ID, Stage: o.Stage, Total: d.Total, Scores: d.Scores,
			Grade: d.Grade, Conclusion: d.Conclusion, Opinion: d.Opinion, Rectify: d.Rectify, Due: d.Due, Decided: date,
			Source: strings.Join(o.Sheets, ", ")})
	}
	if len(res.Problems) > 0 {
		return res, nil
	}
	if len(recs) == 0 {
		res.Problems = append(res.Problems, problem(ErrNoConclusions, 0, 0, ""))
		return res, nil
	}
	if date == "" {
		return nil, ErrNoDecisionDate
	}
	prev, err := w.reg.StageDecisions(ctx, o.Stage)
	if err != nil {
		return nil, err
	}
	deferred := intake.StageConclusions[o.Stage][1]
	for _, r := range recs {
		if p, ok := prev[r.ApplicationID]; ok && o.Stage == templates.StageFinal && r.Conclusion == deferred &&
			p.Conclusion == deferred && p.Decided != r.Decided {
			res.Warnings = append(res.Warnings, problem(ErrDeferredTwice, 0, r.ApplicationID, ""))
		}
	}
	if err := w.reg.RecordStageDecisions(ctx, recs); err != nil {
		return nil, err
	}
	var acc []register.Acceptance
	for _, r := range recs {
		res.Conclusions[r.Conclusion]++
		if o.Stage != templates.StageFinal || r.Conclusion == intake.StageConclusions[o.Stage][1] {
			continue
		}
		acc = append(acc, register.Acceptance{ApplicationID: r.ApplicationID, Passed: r.Conclusion == intake.StageConclusions[o.Stage][0],
			Date: date, Note: r.Opinion})
	}
	if len(acc) > 0 {
		if err := w.reg.RecordAcceptances(ctx, acc, time.Now()); err != nil {
			return nil, err
		}
	}
	res.Recorded, res.Accepted = len(recs), len(acc)
	return res, w.revalidate(ctx, nil)
}

// midtermOf is the object's mid-term decision as the 建设工作报告 prints it.
func (w *Workspace) midtermOf(id int64) (register.StageDecision, bool) {
	ds, err := w.reg.StageDecisions(context.Background(), templates.StageMidterm)
	if err != nil {
		return register.StageDecision{}, false
	}
	d, ok := ds[id]
	return d, ok
}
