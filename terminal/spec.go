package terminal

import (
	"io"

	"dbzx/internal/buildinfo"
	"dbzx/internal/console"
	"dbzx/render"
	"dbzx/templates"
	"dbzx/workspace"
)

// Forms lists the form specs, one line each.
func Forms(w io.Writer, forms []*templates.Form) {
	rows := [][]string{{"代码", "id", "版本", "格式", "标题"}}
	for _, f := range forms {
		rows = append(rows, []string{f.Code, f.ID, f.Version, f.Format, f.Title})
	}
	printer(w)("%s", console.Columns(rows))
}

// Form shows one form's fields by section: id, label, required, type.
func Form(w io.Writer, f *templates.Form) {
	pf := printer(w)
	pf("%s %s（%s，版本 %s，%s）\n", f.Code, f.Title, f.ID, f.Version, f.Format)
	required := map[bool]string{true: "必填", false: "选填"}
	fieldRows := func(fields []templates.Field) [][]string {
		var rows [][]string
		for _, fd := range fields {
			rows = append(rows, []string{"  " + fd.ID, fd.Label, required[fd.Required], fd.TypeLabel()})
			for _, c := range fd.Columns {
				rows = append(rows, []string{"    ." + c.ID, c.Label, required[c.Required], c.TypeLabel()})
			}
		}
		return rows
	}
	if len(f.Cover) > 0 {
		pf("\n封面\n%s", console.Columns(fieldRows(f.Cover)))
	}
	for _, s := range f.Sections {
		pf("\n%s\n", s.Title)
		if s.Kind == templates.SectionOffice {
			pf("  （由党委组织部填写）\n")
			continue
		}
		pf("%s", console.Columns(fieldRows(s.Fields)))
	}
}

// Written lists the blank forms written.
func Written(w io.Writer, outs []render.Output) {
	pf := printer(w)
	pf("已生成 %d 份空白表单：\n", len(outs))
	for _, out := range outs {
		pf("  %s\n", out.Path)
	}
}

// StageForms lists the pre-filled stage forms written, one per object.
func StageForms(w io.Writer, stage string, res *workspace.StageFormsResult) {
	pf := printer(w)
	pf("已为 %d 个建设对象生成%s（另有空白表 %d 份）：\n", len(res.Objects), templates.StageFormNames[stage], len(res.Blank))
	for _, x := range res.Objects {
		pf("  %s\n", x.Path)
	}
}

// Dossiers lists the books written, with what each holds.
func Dossiers(w io.Writer, stage string, outs []workspace.DossierOutput) {
	pf := printer(w)
	for _, d := range outs {
		if stage != templates.StageApply {
			pf("%s：已交%s %d 份，未交 %d 个，%d 页 → %s\n", d.Category, templates.StageFormNames[stage], d.Applications, d.Missing, d.Pages, d.Path)
		} else {
			pf("%s：%d 项申报，%d 页 → %s\n", d.Category, d.Applications, d.Pages, d.Path)
		}
		for _, wrn := range d.Warnings {
			pf("  注意：%s\n", wrn)
		}
	}
}

// Version shows the build: version, commit, Go and platform.
func Version(w io.Writer, v buildinfo.Info) {
	pf := printer(w)
	if v.Version == "dev" {
		pf("dbzx 开发版（不是发布的版本）\n")
	} else {
		pf("dbzx 版本 %s\n", v.Version)
	}
	switch {
	case v.Commit == "":
		pf("提交：未知\n")
	case v.Time != "":
		pf("提交：%s（%s）\n", v.Commit, v.Time)
	default:
		pf("提交：%s\n", v.Commit)
	}
	if v.Modified {
		pf("构建时有未提交的修改\n")
	}
	pf("Go：%s，%s\n", v.Go, v.Platform)
}

// Samples says where the filled sample returns went.
func Samples(w io.Writer, stage string, n int, seed uint64, dir string) {
	pf := printer(w)
	if stage == templates.StageApply {
		pf("已生成 %d 份示例申报书（种子 %d）于 %s，预期值见 manifest.json\n", n, seed, dir)
		return
	}
	pf("已为 %d 个建设对象生成填写好的%s（种子 %d）于 %s\n", n, templates.StageFormNames[stage], seed, dir)
	if n >= 3 {
		pf("其中第 2 份缺上上个月的展示记录，第 3 份经费超出拨付额 800 元（用于检验核对规则）\n")
	}
}
