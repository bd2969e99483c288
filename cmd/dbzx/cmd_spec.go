package main

import (
	"github.com/spf13/cobra"

	"dbzx/terminal"
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
				return g.print(e.forms.Forms, nil, o.JSON, func() { terminal.Forms(g.stdout, e.forms.Forms) })
			}
			f, ok := e.forms.Find(args[0])
			if !ok {
				return usagef("没有表单 %q；运行 dbzx spec 查看全部表单", args[0])
			}
			return g.print(f, nil, o.JSON, func() { terminal.Form(g.stdout, f) })
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	return c
}
