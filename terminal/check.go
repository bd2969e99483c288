package terminal

import (
	"fmt"
	"io"
	"strings"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/workspace"
)

// Rules explains every rule: what it checks, on which forms, at what
// severity, and the notice's words it rests on.
func Rules(w io.Writer, docs []workspace.RuleDoc) {
	pf := printer(w)
	pf("核对规则 %d 条（错误：须补正，不能直接推荐；提醒：提请评审关注；说明：供知悉）\n\n", len(docs))
	for _, d := range docs {
		forms := "全部申报"
		if len(d.Forms) > 0 {
			forms = strings.Join(d.Forms, "、")
		}
		pf("%s（%s；适用：%s）\n  核对：%s\n  依据：%s\n\n", d.Code, d.Severity, forms, d.Checks, d.Basis)
	}
}

// Check lists a re-check's findings by application.
func Check(w io.Writer, res *workspace.CheckResult) {
	pf := printer(w)
	ov := res.Overview
	checked, withdrawn := 0, 0
	for _, a := range ov.Applications {
		if a.Withdrawn != "" {
			withdrawn++
		} else {
			checked++
		}
	}
	also := ""
	if withdrawn > 0 {
		also = fmt.Sprintf("（另有已撤回 %d 项，不再核对）", withdrawn)
	}
	pf("已核对 %d 项申报%s：错误 %d，提醒 %d，说明 %d\n", checked, also,
		ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning], ov.Findings[intake.SeverityInfo])
	names := map[int64]string{}
	for _, a := range ov.Applications {
		names[a.ID] = a.Unit + " · " + a.Name
	}
	last := int64(-1)
	for _, f := range res.Findings {
		if f.ApplicationID != last {
			last = f.ApplicationID
			who := names[f.ApplicationID]
			if f.ApplicationID == 0 {
				who = "申报汇总表"
			}
			pf("%s\n", who)
		}
		pf("  [%s] %s\n", render.SeverityNames[f.Severity], f.Message)
	}
	pf("受理报告已更新：%s\n", res.Report)
}
