package main

import (
	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/terminal"
	"dbzx/workspace"
)

type checkOptions struct {
	JSON  bool
	Rules bool
}

func newCheckCommand(g *globalOptions) *cobra.Command {
	o := &checkOptions{}
	c := &cobra.Command{
		Use:   "check",
		Short: "按当前配置重新核对登记库中的全部申报（不重新读取文件）",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.Rules {
				e, err := g.load()
				if err != nil {
					return err
				}
				docs := workspace.Rules(e.cfg)
				return g.print(docs, nil, o.JSON, func() { terminal.Rules(g.stdout, docs) })
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			res, err := w.Check(c.Context())
			if err := g.print(res, err, o.JSON, func() { terminal.Check(g.stdout, res) }); err != nil {
				return err
			}
			if n := res.Overview.Findings[intake.SeverityError]; n > 0 {
				return partialf("%d 个错误", n)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	c.Flags().BoolVar(&o.Rules, "rules", false, "列出全部核对规则：核对什么、适用哪些表单、通知原文依据")
	return c
}
