package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/templates"
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
			stage, err := parseStage(o.Stage)
			if err != nil {
				return err
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			var outs []workspace.SheetOutput
			what := "项申报"
			if stage == templates.StageApply {
				outs, err = w.ReviewSheets(o.Out)
			} else {
				outs, err = w.StageReviewSheets(c.Context(), stage, o.Out)
				what = "个建设对象"
			}
			if err != nil {
				return err
			}
			for _, s := range outs {
				g.printf("%s：%d %s → %s\n", s.Name, s.Rows, what, s.Path)
			}
			return nil
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
		RunE:  func(c *cobra.Command, args []string) error { return runDecide(c.Context(), o, g, args) },
	}
	c.Flags().BoolVar(&o.Force, "force", false, "推荐仍有错误的申报（记录在案）")
	c.Flags().StringVar(&o.Date, "date", "", "评审（党委确定）日期，如 2022-12-09；默认取评审表签字栏填写的日期，都没有时不记录并提示；建设周期从此开始")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	stageFlag(c, &o.Stage)
	return c
}

type acceptOptions struct {
	Out  string
	JSON bool
}

func newAcceptSheetCommand(g *globalOptions) *cobra.Command {
	o := &acceptOptions{}
	c := &cobra.Command{
		Use:   "accept-sheet",
		Short: "生成验收结果登记表（.xlsx）：每个建设对象一行",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			s, err := w.AcceptSheet(o.Out)
			if err != nil {
				return err
			}
			g.printf("验收结果登记表：%d 个建设对象 → %s\n", s.Rows, s.Path)
			return nil
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out）")
	return c
}

func newAcceptCommand(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
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
			if len(res.Problems) > 0 {
				g.printf("未记录：\n")
				printProblems(g, res.Problems)
				return partialf("验收表有 %d 处问题，未记录", len(res.Problems))
			}
			g.printf("已记录 %d 个建设对象的验收结果。\n", res.Recorded)
			if len(res.Warnings) > 0 {
				g.printf("提醒（已记录，请核实日期）：\n")
				printProblems(g, res.Warnings)
			}
			return nil
		},
	}
	return c
}

func runDecide(ctx context.Context, o *decideOptions, g *globalOptions, sheets []string) error {
	opts := workspace.DecideOptions{Sheets: sheets, Force: o.Force}
	if o.Date != "" {
		t, err := time.ParseInLocation("2006-01-02", o.Date, time.Local)
		if err != nil {
			return usagef("--date 应写作 2022-12-09，实际为 %q", o.Date)
		}
		opts.Date = t
	}
	stage, err := parseStage(o.Stage)
	if err != nil {
		return err
	}
	if stage != templates.StageApply {
		return runDecideStage(ctx, o, g, workspace.StageDecideOptions{Stage: stage, Sheets: sheets, Date: opts.Date})
	}
	w, err := g.open()
	if err != nil {
		return err
	}
	res, err := w.Decide(ctx, opts)
	if err != nil {
		return err
	}
	if o.JSON && (len(res.Problems) == 0 || res.Problems[0].File == "") {
		if err := g.printJSON(res); err != nil {
			return err
		}
	}
	if len(res.Problems) > 0 && res.Problems[0].File != "" {
		// The sheets could not be read as filled: said on stderr, with or
		// without --json.
		fmt.Fprintf(g.stderr, "评审表有 %d 处无法识别，未记录：\n", len(res.Problems))
		for _, p := range res.Problems {
			fmt.Fprintf(g.stderr, "  %s\n", p)
		}
		return partialf("评审表有 %d 处无法识别，未记录", len(res.Problems))
	}
	if len(res.Problems) > 0 {
		if !o.JSON {
			g.printf("未记录：\n")
			printProblems(g, res.Problems)
		}
		return partialf("评审结果未通过核对，未记录")
	}
	if !o.JSON {
		g.printf("已记录 %d 项评审结果。推荐数（不含省级推荐）：\n", res.Recorded)
		for _, cat := range w.Cfg.Categories {
			g.printf("  %s：%d / %d\n", cat.Name, res.Recommended[cat.Key], cat.Quota)
		}
		for _, f := range res.Forced {
			g.printf("  强制推荐（已记录）：%s\n", f)
		}
	}
	return nil
}

// printProblems lists why a sheet was not recorded, each with its remedy.
func printProblems(g *globalOptions, ps []workspace.Problem) {
	for _, p := range ps {
		msg := p.String()
		if errors.Is(p.Err, workspace.ErrOpenErrors) {
			msg += "；补正后重新受理，或加 --force 强制推荐（将记录在案）"
		}
		g.printf("  %s\n", msg)
	}
}

func runDecideStage(ctx context.Context, o *decideOptions, g *globalOptions, opts workspace.StageDecideOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	w, err := g.open()
	if err != nil {
		return err
	}
	res, err := w.DecideStage(ctx, opts)
	if err != nil {
		return err
	}
	if o.JSON {
		if err := g.printJSON(res); err != nil {
			return err
		}
	}
	if len(res.Problems) > 0 {
		if !o.JSON {
			g.printf("未记录：\n")
			printProblems(g, res.Problems)
		}
		return partialf("%s评审表有 %d 处问题，未记录", templates.StageNames[opts.Stage], len(res.Problems))
	}
	if o.JSON {
		return nil
	}
	g.printf("已记录 %d 个建设对象的%s结论：", res.Recorded, templates.StageNames[opts.Stage])
	for _, c := range intake.StageConclusions[opts.Stage] {
		g.printf(" %s %d", c, res.Conclusions[c])
	}
	g.printf("\n")
	if res.Accepted > 0 {
		g.printf("其中 %d 个的验收结果已记录（通过验收的可用 dbzx certificates 出具证书）。\n", res.Accepted)
	}
	if len(res.Warnings) > 0 {
		g.printf("提醒（已记录，请核实）：\n")
		printProblems(g, res.Warnings)
	}
	return nil
}
