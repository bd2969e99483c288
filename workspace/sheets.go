package workspace

import (
	"fmt"
	"os"
	"path/filepath"

	"dbzx/intake"
	"dbzx/internal/winpath"
	"dbzx/render"
)

// Choices on the sheets dbzx reads back.
var (
	recommendChoices = []string{"推荐", "不推荐"}
	acceptChoices    = []string{"通过", "不通过"}
)

// SheetOutput is one sheet written.
type SheetOutput struct {
	Category string `json:"category,omitempty"` // category key; "" for the acceptance sheet
	Name     string `json:"name,omitempty"`     // category name
	Path     string `json:"path"`
	Rows     int    `json:"rows"`
	// Sheet is what was written, for callers that fill it in (the demo).
	Sheet *render.InputSheet `json:"-"`
}

// outDir is dir, or sub inside the workspace's out/ when dir is "".
func (w *Workspace) outDir(dir, sub string) (string, error) {
	if dir == "" {
		dir = filepath.Join(w.OutDir(), sub)
	}
	return dir, os.MkdirAll(dir, 0o755)
}

// ReviewSheets writes the committee's review sheet of every category with
// applications into dir (default out/review): ErrNoApplications when there
// is none.
func (w *Workspace) ReviewSheets(dir string) ([]SheetOutput, error) {
	if dir == "" {
		dir = filepath.Join(w.OutDir(), "review")
	}
	var outs []SheetOutput
	for _, cat := range w.Cfg.Categories {
		s, n, err := w.reviewSheet(cat.Key)
		if err != nil {
			return outs, err
		}
		if n == 0 {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return outs, err
		}
		path := filepath.Join(dir, winpath.SafeName("评审表-"+cat.ShortName)+".xlsx")
		if err := render.WriteInputSheet(path, s); err != nil {
			return outs, err
		}
		outs = append(outs, SheetOutput{Category: cat.Key, Name: cat.Name, Path: path, Rows: n, Sheet: s})
	}
	if len(outs) == 0 {
		return nil, ErrNoApplications
	}
	return outs, nil
}

// reviewSheet is the committee's sheet for one category: one row per
// application (编号, unit, name, findings), a column per scoring criterion,
// the total, and 推荐/不推荐.
func (w *Workspace) reviewSheet(category string) (*render.InputSheet, int, error) {
	cfg := w.Cfg
	cat, err := w.category(category)
	if err != nil {
		return nil, 0, err
	}
	sel, err := w.applicationsOf(category)
	if err != nil {
		return nil, 0, err
	}
	findings, err := w.reg.CurrentFindings()
	if err != nil {
		return nil, 0, err
	}
	summary := map[int64]string{}
	counts := map[int64][3]int{}
	for _, f := range findings {
		c := counts[f.ApplicationID]
		switch f.Severity {
		case intake.SeverityError:
			c[0]++
		case intake.SeverityWarning:
			c[1]++
		default:
			c[2]++
		}
		counts[f.ApplicationID] = c
		if f.Rule == "provincial" {
			summary[f.ApplicationID] = "已获省级推荐，自动认定，不占名额，不参与申报（无须评分、推荐）"
		}
	}
	crit := cfg.Scoring[category]
	cols := []render.InputColumn{{Title: "编号", Width: 7}, {Title: "申报单位", Width: 22}, {Title: "申报名称", Width: 28},
		{Title: "审核情况", Width: 24}}
	for _, c := range crit {
		cols = append(cols, render.InputColumn{Title: fmt.Sprintf("%s（%d分）", c.Name, c.Points), Width: 11, Input: true,
			Number: true, Max: float64(c.Points)})
	}
	cols = append(cols, render.InputColumn{Title: "合计", Width: 8, Number: true, Sum: true},
		render.InputColumn{Title: "推荐", Width: 10, Input: true, Choices: recommendChoices},
		render.InputColumn{Title: "备注", Width: 20, Input: true})
	s := &render.InputSheet{
		Title: cfg.College + cfg.Programme + " " + cat.Name + " 评审表",
		Note: fmt.Sprintf("名额 %d 个（已获省级推荐的不占名额）。请在各评分项填写 0 至该项分值之间的分数（合计自动求和），“推荐”栏选择“推荐”或“不推荐”；编号勿改。填好后签字，交%s。",
			cat.Quota, cfg.Office),
		Footer:  "评审工作小组成员签字：　　　　　　　　　　　　　　　　　　　　　　　　　日期：　　　　年　　月　　日",
		Kind:    "review-sheet",
		Columns: cols,
		Props:   map[string]string{"dbzx.category": category},
	}
	for _, a := range sel {
		note := summary[a.ID]
		if note == "" {
			c := counts[a.ID]
			switch {
			case c[0] > 0:
				note = fmt.Sprintf("有 %d 个错误，%d 个提醒", c[0], c[1])
			case c[1] > 0:
				note = fmt.Sprintf("有 %d 个提醒", c[1])
			default:
				note = "未发现问题"
			}
		}
		s.Rows = append(s.Rows, []any{a.ID, a.Unit, a.Name, note})
	}
	return s, len(sel), nil
}

// AcceptSheet writes the acceptance sheet into dir (default out/): one row
// per construction object, 验收结果 (通过/不通过), 验收日期 and 备注 to
// fill in. ErrNoSelection when nothing has been decided.
func (w *Workspace) AcceptSheet(dir string) (*SheetOutput, error) {
	cfg := w.Cfg
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	if len(sel) == 0 {
		if apps, err := w.applications(); err == nil && len(apps) == 0 {
			return nil, ErrNoApplications
		}
		return nil, ErrNoSelection
	}
	s := &render.InputSheet{
		Title: cfg.College + cfg.Programme + " 验收结果登记表",
		Note: fmt.Sprintf("每个建设对象选择“通过”或“不通过”并填写验收日期（如 2024-12-20）；验收未通过的，%d年内不得再申报。",
			cfg.BarYears),
		Footer: "验收组成员签字：　　　　　　　　　　　　　　　　　　　　　　　　　日期：　　　　年　　月　　日",
		Kind:   "accept-sheet",
		Columns: []render.InputColumn{{Title: "编号", Width: 7}, {Title: "建设类别", Width: 24}, {Title: "建设单位", Width: 22},
			{Title: "建设项目名称", Width: 28}, {Title: "负责人", Width: 10}, {Title: "验收时间（计划）", Width: 14},
			{Title: "验收结果", Width: 10, Input: true, Choices: acceptChoices}, {Title: "验收日期", Width: 14, Input: true, Date: true},
			{Title: "备注", Width: 22, Input: true}},
	}
	for _, x := range sel {
		cat, _ := cfg.Category(x.Category)
		row := []any{x.ID, cat.Name, x.Unit, x.Name, x.Leader, cat.Acceptance.Chinese()}
		if x.Accepted != nil {
			row = append(row, map[bool]string{true: "通过", false: "不通过"}[*x.Accepted], x.AcceptDate, x.AcceptNote)
		}
		s.Rows = append(s.Rows, row)
	}
	if dir, err = w.outDir(dir, ""); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "验收结果登记表.xlsx")
	if err := render.WriteInputSheet(path, s); err != nil {
		return nil, err
	}
	return &SheetOutput{Path: path, Rows: len(sel), Sheet: s}, nil
}
