package main

import (
	"github.com/spf13/cobra"

	"dbzx/internal/demo"
	"dbzx/sample"
	"dbzx/templates"
	"dbzx/terminal"
)

type sampleOptions struct {
	Count int
	Out   string
	Seed  uint64
	Stage string
	JSON  bool
}

func newSampleCommand(g *globalOptions) *cobra.Command {
	o := &sampleOptions{}
	c := &cobra.Command{
		Use:   "sample",
		Short: "生成填写好的示例申报书或中期考核表、建设工作报告（用于演示、测试和性能测试）",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.Count < 1 {
				return usagef("--count 应为正整数，实际为 %d", o.Count)
			}
			dir := g.outDir(o.Out, "samples")
			if o.Stage == templates.StageApply {
				e, err := g.load()
				if err != nil {
					return err
				}
				outs, err := sample.Write(dir, e.forms, e.cfg, sample.New(e.forms, e.cfg, o.Seed).Returns(o.Count))
				return g.print(outs, err, o.JSON, func() { terminal.Samples(g.stdout, o.Stage, len(outs), o.Seed, dir) })
			}
			if !c.Flags().Changed("count") {
				o.Count = 0
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			// Two of them with the faults the stage rules catch.
			dir = g.outDir(o.Out, "samples-"+o.Stage)
			paths, err := demo.StageReturns(c.Context(), w, o.Stage, dir, demo.StageReturnsOptions{Seed: o.Seed, Limit: o.Count, Adjust: demo.Faults(w.Cfg)})
			return g.print(paths, err, o.JSON, func() { terminal.Samples(g.stdout, o.Stage, len(paths), o.Seed, dir) })
		},
	}
	c.Flags().IntVar(&o.Count, "count", 8, "生成份数（--stage midterm/final 时默认为每个建设对象一份）")
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/samples 或 out/samples-<阶段>）")
	c.Flags().Uint64Var(&o.Seed, "seed", 1, "随机种子")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	stageFlag(c, &o.Stage)
	return c
}
