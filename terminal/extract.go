package terminal

import (
	"io"
	"strings"

	"dbzx/intake"
	"dbzx/internal/console"
)

var sourceNames = map[string]string{
	intake.SourceTag: "标记", intake.SourceAlias: "别名", intake.SourceLabel: "标签",
	intake.SourceInline: "标签后", intake.SourceNone: "未找到",
}

var recognisedNames = map[string]string{
	intake.ByProperty: "文档属性", intake.ByTitle: "标题", intake.ByLabels: "栏目名称",
}

// Return shows one file read by extract: its form, every field with where
// it was found, and its tables; or why it could not be read.
func Return(w io.Writer, file string, ret *intake.Return, reason string) {
	pf := printer(w)
	pf("文件：%s\n", console.Printable(file))
	if ret == nil {
		pf("  未能读取：%s\n\n", reason)
		return
	}
	pf("表单：%s %s（%s，版本 %s，识别方式：%s）\n", ret.Code, ret.Form.ShortTitle, ret.FormID,
		ret.Version, recognisedNames[ret.RecognisedBy])
	for _, w := range ret.Warnings {
		pf("  注意：%s\n", w)
	}
	rows := [][]string{{"  栏目", "值", "来源"}}
	for _, v := range ret.Values {
		val := console.Shorten(v.Raw, 36)
		if v.Type == "checkbox" {
			val = map[bool]string{true: "☒ 已勾选", false: "☐ 未勾选"}[v.Checked]
		}
		if v.Problem != "" {
			val += "（" + v.Problem + "）"
		}
		rows = append(rows, []string{"  " + console.Clip(v.Label, 18), val, sourceNames[v.Source]})
	}
	pf("%s", console.Columns(rows))
	for _, t := range ret.Tables {
		pf("  表格：%s（%d 行，来源：%s）\n", t.Label, len(t.Rows), sourceNames[t.Source])
		for i, row := range t.Rows {
			var cells []string
			for _, v := range row {
				cells = append(cells, console.Shorten(v.Raw, 20))
			}
			pf("    %d. %s\n", i+1, strings.Join(cells, " | "))
		}
	}
	pf("\n")
}

// ExtractSummary is extract's last line.
func ExtractSummary(w io.Writer, files, failed int) {
	printer(w)("共 %d 个文件：读取 %d 个，未能读取 %d 个。\n", files, files-failed, failed)
}
