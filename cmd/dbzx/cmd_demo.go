package main

import (
	"context"

	"github.com/spf13/cobra"

	"dbzx/internal/demo"
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
		RunE:  func(c *cobra.Command, args []string) error { return runDemo(o, g) },
	}
	c.Flags().StringVar(&o.Out, "out", "dbzx-demo", "演示输出目录")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	return c
}

func runDemo(o *demoOptions, g *globalOptions) error {
	e, err := g.load()
	if err != nil {
		return err
	}
	stages, err := demo.Run(context.Background(), o.Out, e.cfg, e.forms)
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(stages)
	}
	for i, r := range stages {
		g.printf("%d. %s\n", i+1, r.Stage)
		for _, out := range r.Outputs {
			g.printf("   %s\n", out.Path)
		}
	}
	g.printf("演示完成，输出目录：%s\n", o.Out)
	ws := demo.Workspace(o.Out)
	links, err := web.Links(ws, web.LinkOptions{})
	if err != nil {
		return err
	}
	g.printf("\n网页控制台：dbzx serve --workspace %s ，然后打开下列专用链接（dbzx links 可再次列出）：\n", ws)
	for _, l := range links {
		g.printf("  %s  %s\n", l.Unit, l.URL)
	}
	return nil
}
