package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/sample"
)

// demoReturns is how many filled sample returns the demo makes: a few of
// each form, enough to show every stage.
const demoReturns = 12

type demoOptions struct {
	Out  string
	JSON bool
}

// demoResult lists what each stage of the demo wrote.
type demoResult struct {
	Stage   string          `json:"stage"`
	Outputs []render.Output `json:"outputs"`
}

func newDemoCommand(g *globalOptions) *cobra.Command {
	o := &demoOptions{}
	c := &cobra.Command{
		Use:   "demo",
		Short: "用内置示例数据从头到尾运行全部流程，并列出每一步的输出",
		Long: `用内置示例数据运行目前已有的全部环节，写入 --out 指定的目录（默认 ./dbzx-demo），
并列出每一步写出的文件。当前环节：生成空白表单（附件5–9）；生成各单位交回的示例
材料（按单位分文件夹、GBK 文件名的压缩包、修改稿、重复文件、损坏文件）；在
<输出目录>/workspace 中受理登记，写出受理报告。`,
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
	var results []demoResult
	forms, err := render.Forms(e.forms, e.cfg, filepath.Join(o.Out, "forms"))
	if err != nil {
		return err
	}
	results = append(results, demoResult{Stage: "空白表单", Outputs: forms})

	// The departments' returns as the clerk receives them: a folder per
	// department, a GBK-named zip bundle, a resubmission, a duplicate and a
	// damaged file.
	returnsDir := filepath.Join(o.Out, "returns")
	if err := os.RemoveAll(returnsDir); err != nil {
		return err
	}
	batch, err := sample.Batch(returnsDir, e.forms, e.cfg, 2022, demoReturns)
	if err != nil {
		return err
	}
	results = append(results, demoResult{Stage: fmt.Sprintf("各单位交回的示例材料（%d 个文件）", len(batch)),
		Outputs: []render.Output{{Path: returnsDir}}})

	// Intake into a fresh workspace.
	wsDir := filepath.Join(o.Out, "workspace")
	if err := os.RemoveAll(wsDir); err != nil {
		return err
	}
	w, err := intake.Init(wsDir)
	if err != nil {
		return err
	}
	reg, err := intake.OpenRegister(w)
	if err != nil {
		return err
	}
	defer reg.Close()
	res, err := intake.Run(context.Background(), w, reg, intake.Options{Forms: e.forms, Cfg: e.cfg,
		Received: time.Date(2022, 11, 23, 17, 0, 0, 0, time.Local)}, []string{returnsDir})
	if err != nil {
		return err
	}
	report := filepath.Join(w.OutDir(), "intake-report.xlsx")
	if err := reg.WriteReport(e.cfg, report); err != nil {
		return err
	}
	results = append(results, demoResult{
		Stage:   fmt.Sprintf("受理登记（%d 个文件，%d 个未受理；登记库 %s）", len(res.Outcomes), res.Rejected(), w.RegisterPath()),
		Outputs: []render.Output{{Path: report}}})
	if o.JSON {
		return g.printJSON(results)
	}
	for i, r := range results {
		g.printf("%d. %s\n", i+1, r.Stage)
		for _, out := range r.Outputs {
			g.printf("   %s\n", out.Path)
		}
	}
	g.printf("演示完成，输出目录：%s\n", o.Out)
	return nil
}
