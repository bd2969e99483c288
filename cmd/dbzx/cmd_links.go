package main

import (
	"github.com/spf13/cobra"

	"dbzx/terminal"
	"dbzx/web"
)

type linksOptions struct {
	JSON   bool
	Base   string
	Rotate string
}

func newLinksCommand(g *globalOptions) *cobra.Command {
	o := &linksOptions{}
	c := &cobra.Command{
		Use:   "links",
		Short: "列出网页控制台的专用链接：每个单位一个，组织部一个",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			links, err := web.Links(g.Workspace, web.LinkOptions{Base: o.Base, Rotate: o.Rotate})
			return g.print(links, err, o.JSON, func() { terminal.Links(g.stdout, links, o.Rotate) })
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出链接")
	c.Flags().StringVar(&o.Base, "base", web.DefaultBase, "各单位访问网页控制台的地址（如 http://10.1.2.3:8080）")
	c.Flags().StringVar(&o.Rotate, "rotate", "", "作废这个单位的链接并生成新链接（单位名单中的名称；组织部的链接写 clerk）")
	return c
}
