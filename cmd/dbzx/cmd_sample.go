package main

import (
	"github.com/spf13/cobra"

	"dbzx/sample"
)

type sampleOptions struct {
	Count int
	Out   string
	Seed  uint64
	JSON  bool
}

func newSampleCommand(g *globalOptions) *cobra.Command {
	o := &sampleOptions{}
	c := &cobra.Command{
		Use:   "sample",
		Short: "生成填写好的示例申报书（用于演示、测试和性能测试）",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.Count < 1 {
				return usagef("--count 应为正整数，实际为 %d", o.Count)
			}
			e, err := g.load()
			if err != nil {
				return err
			}
			rets := sample.New(e.forms, e.cfg, o.Seed).Returns(o.Count)
			outs, err := sample.Write(g.outDir(o.Out, "samples"), e.forms, e.cfg, rets)
			if err != nil {
				return err
			}
			if o.JSON {
				return g.printJSON(outs)
			}
			g.printf("已生成 %d 份示例申报书（种子 %d）于 %s，预期值见 manifest.json\n", len(outs), o.Seed, g.outDir(o.Out, "samples"))
			return nil
		},
	}
	c.Flags().IntVar(&o.Count, "count", 8, "生成份数")
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/samples）")
	c.Flags().Uint64Var(&o.Seed, "seed", 1, "随机种子")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	return c
}
