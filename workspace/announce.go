package workspace

import (
	"context"
	"errors"
	"fmt"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/templates"
)

// 通知 四.4: “学校党委对其开展验收工作，公布验收结果”, and the mid-term's
// findings are fed back (“中期评估反馈意见”). Announce writes both as the
// office publishes them, from what was recorded.

// ErrNothingToAnnounce: no result of the stage is recorded yet.
var ErrNothingToAnnounce = errors.New("workspace: nothing to announce")

// Announce writes the stage's announcement into dir (default out/): for
// the final stage 验收结果公布 (.docx and PDF) — by category, each object's
// result, the failed with the notice's consequence; for the mid-term
// 中期考核通报 with each object's conclusion and grade.
func (w *Workspace) Announce(ctx context.Context, stage, dir string) ([]string, error) {
	if stage != templates.StageMidterm && stage != templates.StageFinal {
		return nil, ErrNoStageForm
	}
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	decs, err := w.reg.StageDecisions(ctx, stage)
	if err != nil {
		return nil, err
	}
	cfg := w.Cfg
	d := &render.ListData{Issuer: cfg.Committee}
	latest := ""
	n := 0
	final := stage == templates.StageFinal
	for _, cat := range cfg.Categories {
		lc := render.ListCategory{Name: cat.Name}
		for _, s := range sel {
			if s.Category != cat.Key {
				continue
			}
			dec, decided := decs[s.ID]
			row := render.ListRow{Unit: s.Unit, Name: s.Name, Leader: s.Leader}
			when := dec.Decided
			switch {
			case final && s.Accepted != nil && *s.Accepted:
				row.Note, when = "通过验收", s.AcceptDate
				if decided && len(dec.Earlier) > 0 {
					row.Note += "（经二次验收）"
				}
			case final && s.Accepted != nil:
				row.Note, when = fmt.Sprintf("不予通过（取消其%d年内申报基层党建项目的资格）", cfg.BarYears), s.AcceptDate
			case final && decided && dec.Conclusion == intake.StageConclusions[stage][1]:
				row.Note = "暂缓通过"
				if dec.Due != "" {
					row.Note += "（" + dec.Due + " 前二次验收）"
				}
			case !final && decided:
				row.Note = dec.Conclusion
				if dec.Grade != "" {
					row.Note += "（" + dec.Grade + "）"
				}
			default:
				continue
			}
			if when > latest {
				latest = when
			}
			lc.Rows = append(lc.Rows, row)
			n++
		}
		d.Categories = append(d.Categories, lc)
	}
	if n == 0 {
		return nil, ErrNothingToAnnounce
	}
	if t, err := intake.ParseDate(latest); err == nil && t.Day != 0 {
		d.Date = fmt.Sprintf("%d年%d月%d日", t.Year, t.Month, t.Day)
	}
	name := "中期考核通报"
	d.Title = cfg.College + cfg.Programme + "\n中期考核情况通报"
	d.Result = "考核结论"
	d.Intro = []string{fmt.Sprintf("按照《%s%s实施方案》，学校党委对校级建设对象开展了中期考核。现将考核结论通报如下。"+
		"结论为“限期整改”的建设单位，请根据中期评估反馈意见，在整改期限内及时整改问题，推进任务开展；结论为“终止建设”的，停止建设并按规定清理专项经费。", cfg.College, cfg.Programme)}
	if final {
		name = "验收结果公布"
		d.Title = cfg.College + cfg.Programme + "\n验收结果公布"
		d.Result = "验收结果"
		d.Intro = []string{fmt.Sprintf("按照《%s%s实施方案》，经建设单位提交工作报告和创建成果、学校党委组织验收，现将验收结果公布如下。"+
			"验收通过的，建设成果在学校官方网站、微信公众号等平台集中宣传展示，面向学校推广应用；"+
			"验收未通过的，严格追责问责，并取消其%d年内申报基层党建项目的资格。", cfg.College, cfg.Programme, cfg.BarYears)}
	}
	d.Subject = name
	return w.writeList(d, dir, name)
}
