package main

import (
	"github.com/spf13/cobra"

	"dbzx/templates"
	"dbzx/terminal"
	"dbzx/workspace"
)

type reviewSheetOptions struct {
	Out   string
	Stage string
}

func newReviewSheetCommand(g *globalOptions) *cobra.Command {
	o := &reviewSheetOptions{}
	c := &cobra.Command{
		Use:   "review-sheet",
		Short: "生成评审表（.xlsx，每个类别一份）：评分项、合计、推荐/不推荐",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			var outs []workspace.SheetOutput
			what := "项申报"
			if o.Stage == templates.StageApply {
				outs, err = w.ReviewSheets(o.Out)
			} else {
				outs, err = w.StageReviewSheets(c.Context(), o.Stage, o.Out)
				what = "个建设对象"
			}
			for _, s := range outs {
				g.printf("%s：%d %s → %s\n", s.Name, s.Rows, what, s.Path)
			}
			return err
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/review）")
	stageFlag(c, &o.Stage)
	return c
}

type decideOptions struct {
	Force bool
	JSON  bool
	Date  string
	Stage string
}

func newDecideCommand(g *globalOptions) *cobra.Command {
	o := &decideOptions{}
	c := &cobra.Command{
		Use:   "decide 评审表.xlsx...",
		Short: "读入填好的评审表，核对名额后记录推荐结果",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, sheets []string) error {
			date, err := parseDay("--date", o.Date, "2022-12-09")
			if err != nil {
				return err
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			if o.Stage != templates.StageApply {
				res, err := w.DecideStage(c.Context(), workspace.StageDecideOptions{Stage: o.Stage, Sheets: sheets, Date: date})
				if err := g.print(res, err, o.JSON, func() { terminal.DecideStage(g.stdout, o.Stage, res) }); err != nil {
					return err
				}
				if len(res.Problems) > 0 {
					return partialf("%s评审表有 %d 处问题，未记录", templates.StageNames[o.Stage], len(res.Problems))
				}
				return nil
			}
			res, err := w.Decide(c.Context(), workspace.DecideOptions{Sheets: sheets, Force: o.Force, Date: date})
			if err != nil {
				return err
			}
			if len(res.Problems) > 0 && res.Problems[0].File != "" {
				// The sheets could not be read as filled: said on stderr,
				// with or without --json.
				terminal.Unreadable(g.stderr, res.Problems)
				return partialf("评审表有 %d 处无法识别，未记录", len(res.Problems))
			}
			if err := g.print(res, nil, o.JSON, func() { terminal.Decide(g.stdout, res, w.Cfg.Categories) }); err != nil {
				return err
			}
			if len(res.Problems) > 0 {
				return partialf("评审结果未通过核对，未记录")
			}
			return nil
		},
	}
	c.Flags().BoolVar(&o.Force, "force", false, "推荐仍有错误的申报（记录在案）")
	c.Flags().StringVar(&o.Date, "date", "", "评审（党委确定）日期，如 2022-12-09；默认取评审表签字栏填写的日期，都没有时不记录并提示；建设周期从此开始")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	stageFlag(c, &o.Stage)
	return c
}

func newAcceptSheetCommand(g *globalOptions) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "accept-sheet",
		Short: "生成验收结果登记表（.xlsx）：每个建设对象一行",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			s, err := w.AcceptSheet(out)
			if err != nil {
				return err
			}
			g.printf("验收结果登记表：%d 个建设对象 → %s\n", s.Rows, s.Path)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "输出目录（默认 <工作目录>/out）")
	return c
}

func newAcceptCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "accept 验收表.xlsx",
		Short: "读入填好的验收结果登记表，记录通过/不通过",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			res, err := w.Accept(c.Context(), args[0])
			if err != nil {
				return err
			}
			terminal.Accept(g.stdout, res)
			if len(res.Problems) > 0 {
				return partialf("验收表有 %d 处问题，未记录", len(res.Problems))
			}
			return nil
		},
	}
}
