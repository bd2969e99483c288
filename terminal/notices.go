package terminal

import (
	"fmt"
	"io"
	"strings"

	"dbzx/workspace"
)

// Notices lists the letters written, unit by unit, the combined print,
// and the roster units that sent nothing (no letter).
func Notices(w io.Writer, res *workspace.NoticesResult) {
	pf := printer(w)
	for _, n := range res.Notices {
		line := n.Kind + "：" + n.Unit
		if n.Errors+n.Warnings > 0 {
			line += fmt.Sprintf("（错误 %d，提醒 %d", n.Errors, n.Warnings)
			if n.Due != "" {
				line += "，补正期限 " + n.Due
			}
			line += "）"
		}
		pf("%s\n  %s\n  %s\n", line, n.Docx, n.PDF)
	}
	var kinds []string
	for _, k := range res.Kinds() {
		kinds = append(kinds, fmt.Sprintf("%s %d 份", k.Kind, k.Count))
	}
	pf("共 %d 个单位：%s\n合并打印：%s\n", len(res.Notices), strings.Join(kinds, "，"), res.Combined)
	if len(res.Missing) > 0 {
		pf("未交材料的单位（没有通知）：%s\n", strings.Join(res.Missing, "、"))
	}
}

// Candidates lists the provincial candidates by category and rank.
func Candidates(w io.Writer, res *workspace.CandidatesResult) {
	pf := printer(w)
	cat := ""
	for _, x := range res.Candidates {
		if x.CategoryName != cat {
			cat = x.CategoryName
			pf("%s\n", cat)
		}
		pf("  %2d. %s · %s（评审得分 %g，%s 验收通过）\n", x.Rank, x.Unit, x.Name, x.Total, x.AcceptDate)
	}
	pf("%s\n", res.Path)
}

// Paths lists written files, one per line.
func Paths(w io.Writer, paths []string) {
	for _, p := range paths {
		printer(w)("%s\n", p)
	}
}
