package terminal

import (
	"fmt"
	"io"
	"strings"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/console"
	"dbzx/render"
	"dbzx/templates"
	"dbzx/workspace"
)

// Status shows the register at a glance: files, applications per
// category against the quota, findings, the roster, earlier rounds and
// every application with its 编号 (what attach, withdraw and decide's
// sheets take).
func Status(w io.Writer, ov *workspace.Overview, cats []config.Category) {
	pf := printer(w)
	pf("文件：共 %d 个", ov.FilesTotal)
	for _, s := range []string{intake.StatusParsed, intake.StatusAttachment, intake.StatusBundle, intake.StatusDuplicate, intake.StatusRejected} {
		if ov.Files[s] > 0 {
			pf("，%s %d", render.StatusNames[s], ov.Files[s])
		}
	}
	pf("\n问题：错误 %d，提醒 %d\n\n", ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning])
	names := map[string]string{}
	for _, c := range cats {
		names[c.Key] = c.ShortName
	}
	rows := [][]string{{"类别", "申报数/名额"}}
	for _, c := range ov.Categories {
		n := fmt.Sprintf("%d / %d", c.Applications, c.Quota)
		if c.Provincial > 0 {
			n += fmt.Sprintf("（另有省级推荐、自动认定 %d）", c.Provincial)
		}
		if c.Withdrawn > 0 {
			n += fmt.Sprintf("（另有已撤回 %d）", c.Withdrawn)
		}
		rows = append(rows, []string{c.Name, n})
	}
	pf("%s\n", console.Columns(rows))
	if len(ov.Units) > 0 {
		Units(w, ov)
		pf("\n")
	}
	for _, h := range ov.History {
		pf("往届 %d 年度（%s）：建设对象 %d 个，验收通过 %d 个，未通过 %d 个（其单位按通知限制申报）\n",
			h.Round, h.Dir, h.Objects, h.Passed, h.Failed)
	}
	if len(ov.History) > 0 {
		pf("\n")
	}
	if len(ov.Applications) == 0 {
		pf("尚无申报。运行 dbzx intake <文件夹> 受理材料。\n")
		return
	}
	rows = [][]string{{"编号", "类别", "申报单位", "申报名称", "负责人", "版本", ""}}
	for _, a := range ov.Applications {
		note := ""
		if a.Withdrawn != "" {
			note = "已撤回"
		}
		rows = append(rows, []string{fmt.Sprint(a.ID), names[a.Category], console.Clip(a.Unit, 16), console.Clip(a.Name, 20), a.Leader,
			fmt.Sprintf("%d/%d", a.Current, a.Versions), note})
	}
	pf("%s", console.Columns(rows))
}

// StageStatus shows who has returned the stage's form, with its findings,
// and who has not, by object and by unit.
func StageStatus(w io.Writer, stage string, objs []*workspace.StageObjectStatus) {
	pf := printer(w)
	var missing []string
	returned := 0
	rows := [][]string{{"编号", "建设单位", "建设名称", "版本", "错误", "提醒", "报送期限", "结论"}}
	for _, o := range objs {
		if !o.Returned {
			missing = append(missing, o.Unit+"「"+o.Name+"」")
			continue
		}
		returned++
		n := map[string]int{}
		for _, f := range o.Findings {
			n[f.Severity]++
		}
		conclusion := ""
		if d := o.Decision; d != nil {
			conclusion = d.Conclusion
			if len(d.Earlier) > 0 {
				conclusion += "（首次：" + d.Earlier[0].Conclusion + "）"
			}
		}
		rows = append(rows, []string{fmt.Sprint(o.ApplicationID), console.Clip(o.Unit, 16), console.Clip(o.Name, 20),
			fmt.Sprintf("%d/%d", o.Version, o.Versions), fmt.Sprint(n[intake.SeverityError]), fmt.Sprint(n[intake.SeverityWarning]), o.Due, conclusion})
	}
	pf("%s：建设对象 %d 个，已交 %d 个，未交 %d 个\n\n", templates.StageFormNames[stage], len(objs), returned, len(missing))
	if returned > 0 {
		pf("%s\n", console.Columns(rows))
	}
	if len(missing) == 0 {
		return
	}
	pf("未交：%s\n", strings.Join(missing, "、"))
	type tally struct{ returned, missing int }
	var units []string
	by := map[string]*tally{}
	for _, o := range objs {
		t := by[o.RosterUnit]
		if t == nil {
			t = &tally{}
			by[o.RosterUnit] = t
			units = append(units, o.RosterUnit)
		}
		if o.Returned {
			t.returned++
		} else {
			t.missing++
		}
	}
	var parts []string
	for _, u := range units {
		if t := by[u]; t.missing > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 个（已交 %d 个）", u, t.missing, t.returned))
		}
	}
	pf("未交（按单位）：%s\n", strings.Join(parts, "；"))
}

// Units shows what each unit of the roster sent, per category, who has
// sent nothing yet (未交) and who sent material but is not on the roster:
// for status and after intake.
func Units(w io.Writer, ov *workspace.Overview) {
	if len(ov.Units) == 0 {
		return
	}
	pf := printer(w)
	head := []string{"单位"}
	for _, c := range ov.Categories {
		head = append(head, c.Short)
	}
	head = append(head, "汇总表", "文件", "错误", "提醒")
	rows := [][]string{head}
	sent, roster := 0, 0
	var off []string
	for _, u := range ov.Units {
		if u.OnRoster {
			roster++
		} else {
			off = append(off, workspace.OffRosterNote(u))
		}
		if !u.Sent {
			continue
		}
		if u.OnRoster {
			sent++
		}
		name := console.Clip(u.Unit, 16)
		if !u.OnRoster {
			name += "（名单外）"
		}
		row := []string{name}
		for _, c := range ov.Categories {
			row = append(row, fmt.Sprint(u.Applications[c.Key]))
		}
		summary := "未交"
		if u.Summary {
			summary = "已交"
		}
		row = append(row, summary, fmt.Sprint(u.Files), fmt.Sprint(u.Errors), fmt.Sprint(u.Warnings))
		rows = append(rows, row)
	}
	pf("各单位（单位名单 %d 个，已交 %d 个，未交 %d 个）：\n", roster, sent, len(ov.Missing))
	if len(rows) > 1 {
		pf("%s", console.Columns(rows))
	}
	if len(ov.Missing) > 0 {
		pf("未交：%s\n", strings.Join(ov.Missing, "、"))
	}
	if len(off) > 0 {
		pf("不在单位名单中：%s\n", strings.Join(off, "；"))
	}
}
