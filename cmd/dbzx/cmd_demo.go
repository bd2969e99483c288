package main

import (
	"github.com/spf13/cobra"

	"dbzx/internal/demo"
	"dbzx/terminal"
	"dbzx/web"
)

type demoOptions struct {
	Out  string
	JSON bool
}

func newDemoCommand(g *globalOptions) *cobra.Command {
	o := &demoOptions{}
	c := &cobra.Command{
		Use:   "demo",
		Short: "用内置示例数据从头到尾运行全部流程，并列出每一步的输出",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			e, err := g.load()
			if err != nil {
				return err
			}
			stages, err := demo.Run(c.Context(), o.Out, e.cfg, e.forms)
			var links []web.Link
			if err == nil {
				links, err = web.Links(demo.Workspace(o.Out), web.LinkOptions{})
			}
			return g.print(stages, err, o.JSON, func() {
				terminal.Demo(g.stdout, o.Out, stages)
				terminal.ServeHint(g.stdout, demo.Workspace(o.Out), links)
			})
		},
	}
	c.Flags().StringVar(&o.Out, "out", "dbzx-demo", "演示输出目录")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	return c
}
