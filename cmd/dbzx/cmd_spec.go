package main

import (
	"github.com/spf13/cobra"

	"dbzx/internal/console"
	"dbzx/templates"
)

type specOptions struct{ JSON bool }

func newSpecCommand(g *globalOptions) *cobra.Command {
	o := &specOptions{}
	c := &cobra.Command{
		Use:   "spec [表单]",
		Short: "列出表单，或显示一份表单的全部栏目（id、名称、类型、是否必填、选项）",
		Args:  cobra.MaximumNArgs(1),
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
				g.printf("%s", console.Columns(rows))
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
		g.printf("\n封面\n%s", console.Columns(fieldRows(f.Cover)))
	}
	for _, s := range f.Sections {
		g.printf("\n%s\n", s.Title)
		if s.Kind == templates.SectionOffice {
			g.printf("  （由党委组织部填写）\n")
			continue
		}
		g.printf("%s", console.Columns(fieldRows(s.Fields)))
	}
}
