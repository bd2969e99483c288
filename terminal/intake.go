package terminal

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"dbzx/intake"
	"dbzx/internal/console"
	"dbzx/render"
	"dbzx/workspace"
)

// Intake is the summary on screen after an intake run: what this run
// took, the applications against the quotas, the findings, the roster,
// every file not taken with its reason, and where the report is.
func Intake(w io.Writer, res *workspace.IntakeResult) {
	pf := printer(w)
	ov, report := res.Overview, res.Report
	counts := map[string]int{}
	unchanged := 0
	for _, o := range res.Outcomes {
		counts[o.Status]++
		if o.Unchanged {
			unchanged++
		}
	}
	if len(res.Outcomes) == 0 {
		pf("本次受理 0 个文件：所给的文件夹中没有文件\n")
	} else {
		var parts []string
		for _, s := range []string{intake.StatusParsed, intake.StatusAttachment, intake.StatusBundle, intake.StatusDuplicate, intake.StatusRejected} {
			if counts[s] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", render.StatusNames[s], counts[s]))
			}
		}
		pf("本次受理 %d 个文件（新登记 %d，已登记无变化 %d）：%s\n", len(res.Outcomes), len(res.Outcomes)-unchanged, unchanged,
			strings.Join(parts, "，"))
	}
	for _, t := range res.Stages {
		pf("%s %d 份，发现问题 %d 条（各建设对象的情况：dbzx status --stage %s）\n", t.Form, t.Returns, t.Findings, t.Stage)
	}
	pf("\n申报情况（申报数 / 名额）：\n")
	rows := [][]string{}
	for _, c := range ov.Categories {
		mark := ""
		if c.Applications > c.Quota {
			mark = "（超出名额，需择优）"
		}
		rows = append(rows, []string{"  " + c.Name, fmt.Sprintf("%d / %d%s", c.Applications, c.Quota, mark)})
	}
	pf("%s", console.Columns(rows))
	pf("\n问题（各申报当前版本）：错误 %d，提醒 %d\n", ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning])
	if len(ov.Units) > 0 {
		pf("\n")
		Units(w, ov)
	}
	var rejected []*intake.Outcome
	for _, o := range res.Outcomes {
		if o.Status == intake.StatusRejected {
			rejected = append(rejected, o)
		}
	}
	if len(rejected) > 0 {
		sort.SliceStable(rejected, func(i, j int) bool { return rejected[i].Origin < rejected[j].Origin })
		pf("\n未受理的文件（%d 个）：\n", len(rejected))
		for _, o := range rejected {
			pf("  %s\n    %s\n", console.Printable(shortPath(o.Origin)), o.Reason)
		}
	}
	pf("\n受理报告：%s\n", report)
}

// IntakeProgress shows intake's progress on a console, each rejected file
// named. It is a workspace.IntakeProgress.
type IntakeProgress struct{ *console.Progress }

// NewIntakeProgress is a progress bar for intake on w (standard error).
func NewIntakeProgress(w io.Writer) IntakeProgress {
	return IntakeProgress{console.NewProgress(w, "受理中", "受理完成：%d 个文件")}
}

// Found is the number of files to take.
func (p IntakeProgress) Found(total int) { p.Total(total) }

// Done is one file taken.
func (p IntakeProgress) Done(o *intake.Outcome) {
	p.Step(console.Printable(o.Name)+"（"+render.StatusNames[o.Status]+"）", o.Status == intake.StatusRejected)
}
