package main

import (
	"strings"

	"github.com/spf13/cobra"

	"dbzx/templates"
)

type specOptions struct{ JSON bool }

func newSpecCommand(g *globalOptions) *cobra.Command {
	o := &specOptions{}
	c := &cobra.Command{
		Use:   "spec [表单]",
		Short: "列出表单，或显示一份表单的全部栏目（id、名称、类型、是否必填、选项）",
		Long: `不带参数时列出全部表单（代码、id、版本、标题）；带参数时显示该表单的全部栏目。
表单可以用 id（model_branch）、代码（附件6）或编号（6）指定。
配置项 forms_dir 指向的文件夹中的表单定义（*.yaml）会按 id 覆盖或新增内置表单。
--json 输出完整的表单定义，供其他系统对接。`,
		Example: `  dbzx spec
  dbzx spec 附件6
  dbzx spec innovation_project --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			e, err := g.load()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if o.JSON {
					return g.printJSON(e.forms.Forms)
				}
				rows := [][]string{{"代码", "id", "版本", "格式", "标题"}}
				for _, f := range e.forms.Forms {
					rows = append(rows, []string{f.Code, f.ID, f.Version, f.Format, f.Title})
				}
				g.printf("%s", columns(rows))
				return nil
			}
			f, ok := e.forms.Find(args[0])
			if !ok {
				return usagef("没有表单 %q；运行 dbzx spec 查看全部表单", args[0])
			}
			if o.JSON {
				return g.printJSON(f)
			}
			printForm(g, f)
			return nil
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	return c
}

func printForm(g *globalOptions, f *templates.Form) {
	g.printf("%s %s（%s，版本 %s，%s）\n", f.Code, f.Title, f.ID, f.Version, f.Format)
	fieldRows := func(fields []templates.Field) [][]string {
		var rows [][]string
		for _, fd := range fields {
			req := "选填"
			if fd.Required {
				req = "必填"
			}
			rows = append(rows, []string{"  " + fd.ID, fd.Label, req, fd.TypeLabel()})
			for _, c := range fd.Columns {
				req := "选填"
				if c.Required {
					req = "必填"
				}
				rows = append(rows, []string{"    ." + c.ID, c.Label, req, c.TypeLabel()})
			}
		}
		return rows
	}
	if len(f.Cover) > 0 {
		g.printf("\n封面\n%s", columns(fieldRows(f.Cover)))
	}
	for _, s := range f.Sections {
		g.printf("\n%s\n", s.Title)
		if s.Kind == templates.SectionOffice {
			g.printf("  （由党委组织部填写）\n")
			continue
		}
		g.printf("%s", columns(fieldRows(s.Fields)))
	}
}

// columns aligns rows of cells by display width (a Chinese character takes
// two columns on a terminal, which text/tabwriter does not know).
func columns(rows [][]string) string {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString("\n")
	}
	// No trailing spaces where the last columns are empty.
	lines := strings.Split(b.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}
