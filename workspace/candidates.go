package workspace

import (
	"fmt"
	"path/filepath"
	"sort"

	"dbzx/render"
)

// “下步工作中优先推荐校级……参与申报省级评选”: the school-level construction
// objects that passed acceptance are the first the college puts forward to
// the provincial round, the committee's review score ranking them.

// Candidate is a construction object to put forward to the provincial
// round: its rank within its category (1: the highest review score;
// equal scores share a rank).
type Candidate struct {
	Rank int `json:"rank"`
	Selected
}

// CandidatesResult lists the candidates in category order, each category
// ranked, and the sheet written.
type CandidatesResult struct {
	Path       string       `json:"path"`
	Candidates []*Candidate `json:"candidates"`
}

// ProvincialCandidates writes 省级评选推荐名单.xlsx into dir (default out/):
// per category, the objects that passed acceptance, by review score, high
// to low (equal scores in the usual unit order). Objects already
// recognised through a provincial recommendation are not listed: they are
// provincial ones. ErrNoAccepted when none has passed.
func (w *Workspace) ProvincialCandidates(dir string) (*CandidatesResult, error) {
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	res := &CandidatesResult{Candidates: []*Candidate{}}
	for _, cat := range w.Cfg.Categories {
		var mine []*Candidate
		for _, s := range sel {
			if s.Category == cat.Key && !s.Provincial && s.Accepted != nil && *s.Accepted {
				mine = append(mine, &Candidate{Selected: *s})
			}
		}
		// Selected is in unit order: a stable sort keeps it among equals.
		sort.SliceStable(mine, func(i, j int) bool { return mine[i].Total > mine[j].Total })
		for i, c := range mine {
			c.Rank = i + 1
			if i > 0 && c.Total == mine[i-1].Total {
				c.Rank = mine[i-1].Rank // 并列
			}
		}
		res.Candidates = append(res.Candidates, mine...)
	}
	if len(res.Candidates) == 0 {
		return nil, ErrNoAccepted
	}
	cfg := w.Cfg
	s := &render.InputSheet{
		Title: cfg.College + cfg.Programme + " 省级评选推荐名单（校级建设对象，验收通过）",
		Note:  "按通知“下步工作中优先推荐校级……参与申报省级评选”：各类别验收通过的建设对象，按评审得分由高到低排列（同分并列）；“推荐意见”栏供党委研究时填写。",
		Kind:  "provincial-candidates",
		Columns: []render.InputColumn{{Title: "类别内排名", Width: 10}, {Title: "建设类别", Width: 24}, {Title: "建设单位", Width: 22},
			{Title: "建设项目名称", Width: 28}, {Title: "负责人", Width: 10}, {Title: "评审得分", Width: 10},
			{Title: "验收日期", Width: 14}, {Title: "推荐意见", Width: 22, Input: true}},
	}
	for _, c := range res.Candidates {
		s.Rows = append(s.Rows, []any{c.Rank, c.CategoryName, c.Unit, c.Name, c.Leader, fmt.Sprintf("%g", c.Total), c.AcceptDate})
	}
	if dir, err = w.outDir(dir, ""); err != nil {
		return nil, err
	}
	res.Path = filepath.Join(dir, "省级评选推荐名单.xlsx")
	return res, render.WriteInputSheet(res.Path, s)
}
