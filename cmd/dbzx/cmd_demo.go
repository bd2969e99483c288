package main

import (
	"context"

	"github.com/spf13/cobra"

	"dbzx/internal/demo"
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
		Long: `用内置示例数据运行目前已有的全部环节，写入 --out 指定的目录（默认 ./dbzx-demo），
并列出每一步写出的文件。当前环节：生成空白表单（附件5–9）；生成各单位交回的示例
材料（按单位分文件夹、GBK 文件名的压缩包、修改稿、重复文件、损坏文件），其中既有
合格的申报，也有逐条违反核对规则的申报，另有一份截止后补交的申报（补交/）；在
<输出目录>/workspace 中写入演示用的配置（省级推荐、验收未通过名单），受理登记两批
材料，写出受理报告，汇总核对出的问题和触发的规则；然后汇编评审材料，像评审工作小组
那样填写评审表并记录评审结果（2022-12-09），生成建设对象名单、经费拨付单与汇总表、
建设进度安排与日历，登记验收结果（其中 1 个未通过），最后生成验收合格证书。`,
		Example: `  dbzx demo
  dbzx demo --out /tmp/演示`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runDemo(o, g) },
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
	return nil
}
