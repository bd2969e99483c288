package main

import (
	"context"

	"github.com/spf13/cobra"

	"dbzx/internal/demo"
	"dbzx/sample"
	"dbzx/templates"
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
			stage := o.Stage
			if stage != templates.StageApply {
				if !c.Flags().Changed("count") {
					o.Count = 0
				}
				return runStageSample(c.Context(), o, g, stage)
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
	c.Flags().IntVar(&o.Count, "count", 8, "生成份数（--stage midterm/final 时默认为每个建设对象一份）")
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/samples 或 out/samples-<阶段>）")
	c.Flags().Uint64Var(&o.Seed, "seed", 1, "随机种子")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	stageFlag(c, &o.Stage)
	return c
}

// runStageSample fills the workspace's construction objects' stage forms
// as their units would, two of them with the faults the stage rules catch.
func runStageSample(ctx context.Context, o *sampleOptions, g *globalOptions, stage string) error {
	w, err := g.open()
	if err != nil {
		return err
	}
	dir := g.outDir(o.Out, "samples-"+stage)
	paths, err := demo.StageReturns(ctx, w, stage, dir, demo.StageReturnsOptions{Seed: o.Seed, Limit: o.Count, Adjust: demo.Faults(w.Cfg)})
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(paths)
	}
	g.printf("已为 %d 个建设对象生成填写好的%s（种子 %d）于 %s\n", len(paths), templates.StageFormNames[stage], o.Seed, dir)
	if len(paths) >= 3 {
		g.printf("其中第 2 份缺上上个月的展示记录，第 3 份经费超出拨付额 800 元（用于检验核对规则）\n")
	}
	return nil
}
