package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/internal/console"
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
		RunE:  func(c *cobra.Command, args []string) error { return runLinks(o, g) },
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出链接")
	c.Flags().StringVar(&o.Base, "base", web.DefaultBase, "各单位访问网页控制台的地址（如 http://10.1.2.3:8080）")
	c.Flags().StringVar(&o.Rotate, "rotate", "", "作废这个单位的链接并生成新链接（单位名单中的名称；组织部的链接写 clerk）")
	return c
}

func runLinks(o *linksOptions, g *globalOptions) error {
	links, err := web.Links(g.Workspace, web.LinkOptions{Base: o.Base, Rotate: o.Rotate})
	var unknown *web.UnknownUnitError
	if errors.As(err, &unknown) {
		return usagef("--rotate：“%s”不在单位名单中（名单：%s；组织部的链接写 clerk）", unknown.Unit, strings.Join(unknown.Known, "、"))
	}
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(links)
	}
	if o.Rotate != "" {
		g.printf("已作废“%s”原来的链接，新链接如下。\n", o.Rotate)
	}
	var rows [][]string
	for _, l := range links {
		who := l.Unit
		if l.Role == web.RoleClerk {
			who += "（管理）"
		}
		rows = append(rows, []string{"  " + console.Printable(who), l.URL})
	}
	g.printf("网页控制台的专用链接（凭链接即可访问，请分别发给各单位，勿公开）：\n%s", console.Columns(rows))
	g.printf("启动网页控制台：dbzx serve（链接地址不对时用 --base 指定）\n")
	return nil
}

// printServeHint tells how to start the console on the workspace in dir,
// and its links (the demo's closing lines).
func printServeHint(g *globalOptions, dir string, links []web.Link) {
	g.printf("\n网页控制台：dbzx serve --workspace %s ，然后打开下列专用链接（dbzx links 可再次列出）：\n", dir)
	for _, l := range links {
		g.printf("  %s  %s\n", l.Unit, l.URL)
	}
}
