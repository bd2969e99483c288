package terminal

import (
	"errors"
	"fmt"
	"io"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/templates"
	"dbzx/workspace"
)

// Problems lists why a sheet was not recorded, each with its remedy.
func Problems(w io.Writer, ps []workspace.Problem) {
	for _, p := range ps {
		msg := p.String()
		if errors.Is(p.Err, workspace.ErrOpenErrors) {
			msg += "；补正后重新受理，或加 --force 强制推荐（将记录在案）"
		}
		printer(w)("  %s\n", msg)
	}
}

// Decide is what decide recorded, or why it recorded nothing.
func Decide(w io.Writer, res *workspace.DecideResult, cats []config.Category) {
	pf := printer(w)
	if len(res.Problems) > 0 {
		Under(w, "未记录：", res.Problems)
		return
	}
	pf("已记录 %d 项评审结果。推荐数（不含省级推荐）：\n", res.Recorded)
	for _, cat := range cats {
		pf("  %s：%d / %d\n", cat.Name, res.Recommended[cat.Key], cat.Quota)
	}
	for _, f := range res.Forced {
		pf("  强制推荐（已记录）：%s\n", f)
	}
}

// DecideStage is what decide --stage recorded, or why it recorded nothing.
func DecideStage(w io.Writer, stage string, res *workspace.StageDecideResult) {
	pf := printer(w)
	if len(res.Problems) > 0 {
		Under(w, "未记录：", res.Problems)
		return
	}
	pf("已记录 %d 个建设对象的%s结论：", res.Recorded, templates.StageNames[stage])
	for _, c := range intake.StageConclusions[stage] {
		pf(" %s %d", c, res.Conclusions[c])
	}
	pf("\n")
	if res.Accepted > 0 {
		pf("其中 %d 个的验收结果已记录（通过验收的可用 dbzx certificates 出具证书）。\n", res.Accepted)
	}
	Under(w, "提醒（已记录，请核实）：", res.Warnings)
}

// Under lists problems under head, when there are any: why nothing was
// recorded, or what was recorded but should be checked.
func Under(w io.Writer, head string, ps []workspace.Problem) {
	if len(ps) > 0 {
		printer(w)("%s\n", head)
		Problems(w, ps)
	}
}

// Accept is what accept recorded, or why it recorded nothing.
func Accept(w io.Writer, res *workspace.AcceptResult) {
	if len(res.Problems) > 0 {
		Under(w, "未记录：", res.Problems)
		return
	}
	printer(w)("已记录 %d 个建设对象的验收结果。\n", res.Recorded)
	Under(w, "提醒（已记录，请核实日期）：", res.Warnings)
}

// Unreadable says that sheets could not be read as filled, and where.
func Unreadable(w io.Writer, ps []workspace.Problem) {
	Under(w, fmt.Sprintf("评审表有 %d 处无法识别，未记录：", len(ps)), ps)
}
