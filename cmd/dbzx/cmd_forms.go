package main

import (
	"github.com/spf13/cobra"

	"dbzx/render"
)

type formsOptions struct {
	Out  string
	JSON bool
}

func newFormsCommand(g *globalOptions) *cobra.Command {
	o := &formsOptions{}
	c := &cobra.Command{
		Use:   "forms",
		Short: "生成空白表单：附件5–8 申报书（.docx）和附件9 申报汇总表（.xlsx）",
		Long: `生成五份空白表单，文件名为“附件5-标杆院部申报书.docx”等，供下发各单位填写。
每个栏目都带有机器可识别的标记，交回后 dbzx 能逐项读出；表单内容取自
表单定义（dbzx spec）和配置（截止日期、经办部门等）。
默认写入 <工作目录>/out/forms。`,
		Example: `  dbzx forms
  dbzx forms --out ./下发表单`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runForms(o, g) },
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/forms）")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	return c
}

func runForms(o *formsOptions, g *globalOptions) error {
	e, err := g.load()
	if err != nil {
		return err
	}
	outs, err := render.Forms(e.forms, e.cfg, g.outDir(o.Out, "forms"))
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
