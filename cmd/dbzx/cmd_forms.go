package main

import (
	"time"

	"github.com/spf13/cobra"

	"dbzx/render"
	"dbzx/templates"
	"dbzx/terminal"
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
		RunE: func(c *cobra.Command, args []string) error {
			if o.Stage == templates.StageApply {
				e, err := g.load()
				if err != nil {
					return err
				}
				outs, err := render.Forms(e.forms, templates.StageApply, e.cfg, g.outDir(o.Out, "forms"))
				return g.print(outs, err, o.JSON, func() { terminal.Written(g.stdout, outs) })
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			res, err := w.StageForms(c.Context(), o.Stage, o.Out)
			return g.print(res, err, o.JSON, func() { terminal.StageForms(g.stdout, o.Stage, res) })
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/forms）")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	stageFlag(c, &o.Stage)
	return c
}

// stageFlag adds --stage to a command that serves several rounds. The
// root checks it before the command runs (checkStage), so that the command
// finds templates.StageApply, StageMidterm or StageFinal in *p.
func stageFlag(c *cobra.Command, p *string) {
	c.Flags().StringVar(p, "stage", "apply", "阶段：apply（申报）、midterm（中期考核）、final（验收）")
	c.Flags().SetAnnotation("stage", roundsFlag, []string{"apply", templates.StageMidterm, templates.StageFinal})
}

// roundsFlag marks the --stage flags that stageFlag added.
const roundsFlag = "dbzx-rounds"

// checkStage checks a command's --stage (if stageFlag added it) and puts
// in its place the stage it names.
func checkStage(c *cobra.Command) error {
	f := c.Flags().Lookup("stage")
	if f == nil || f.Annotations[roundsFlag] == nil {
		return nil
	}
	stage, err := parseStage(f.Value.String())
	if err != nil {
		return err
	}
	return f.Value.Set(stage)
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

// parseDay reads a date flag, written like example; "" is the zero time.
func parseDay(flag, s, example string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return t, usagef("%s 应写作 %s，实际为 %q", flag, example, s)
	}
	return t, nil
}
