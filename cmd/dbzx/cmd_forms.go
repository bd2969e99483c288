package main

import (
	"context"

	"github.com/spf13/cobra"

	"dbzx/render"
	"dbzx/templates"
)

type formsOptions struct {
	Out   string
	JSON  bool
	Stage string
}

func newFormsCommand(g *globalOptions) *cobra.Command {
	o := &formsOptions{}
	c := &cobra.Command{
		Use:   "forms",
		Short: "生成空白表单：附件5–8 申报书（.docx）和附件9 申报汇总表（.xlsx）",
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, args []string) error { return runForms(o, g) },
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/forms）")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	stageFlag(c, &o.Stage)
	return c
}

func runForms(o *formsOptions, g *globalOptions) error {
	stage, err := parseStage(o.Stage)
	if err != nil {
		return err
	}
	if stage != templates.StageApply {
		return runStageForms(o, g, stage)
	}
	e, err := g.load()
	if err != nil {
		return err
	}
	outs, err := render.Forms(e.forms, templates.StageApply, e.cfg, g.outDir(o.Out, "forms"))
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(outs)
	}
	g.printf("已生成 %d 份空白表单：\n", len(outs))
	for _, out := range outs {
		g.printf("  %s\n", out.Path)
	}
	return nil
}

func runStageForms(o *formsOptions, g *globalOptions, stage string) error {
	w, err := g.open()
	if err != nil {
		return err
	}
	res, err := w.StageForms(context.Background(), stage, o.Out)
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(res)
	}
	g.printf("已为 %d 个建设对象生成%s（另有空白表 %d 份）：\n", len(res.Objects), templates.StageFormNames[stage], len(res.Blank))
	for _, x := range res.Objects {
		g.printf("  %s\n", x.Path)
	}
	return nil
}

// stageFlag adds --stage to a command that serves several rounds.
func stageFlag(c *cobra.Command, p *string) {
	c.Flags().StringVar(p, "stage", "apply", "阶段：apply（申报）、midterm（中期考核）、final（验收）")
}

// parseStage reads --stage.
func parseStage(s string) (string, error) {
	switch s {
	case "", "apply":
		return templates.StageApply, nil
	case templates.StageMidterm, templates.StageFinal:
		return s, nil
	}
	return "", usagef("--stage 应为 apply、midterm 或 final，实际为 %q", s)
}
