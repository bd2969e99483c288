package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/internal/console"
	"dbzx/render"
	"dbzx/workspace"
)

type intakeOptions struct {
	JSON     bool
	Received string
	Workers  int
	NoConv   bool
}

func newIntakeCommand(g *globalOptions) *cobra.Command {
	o := &intakeOptions{}
	c := &cobra.Command{
		Use:   "intake 路径...",
		Short: "受理交回的材料：文件、文件夹或 .zip 压缩包，逐个登记并生成受理报告",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			defer readingGC()()
			return runIntake(c.Context(), o, g, args)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	c.Flags().StringVar(&o.Received, "received", "", "材料的收到日期（如 2022-11-24），默认为当前时间")
	c.Flags().IntVar(&o.Workers, "workers", 0, "同时解析的文件数（默认为 CPU 核数）")
	c.Flags().BoolVar(&o.NoConv, "no-convert", false, "不调用 LibreOffice 转换 .doc/.wps/.odt")
	return c
}

func runIntake(ctx context.Context, o *intakeOptions, g *globalOptions, paths []string) error {
	opts := workspace.IntakeOptions{Workers: o.Workers, NoConvert: o.NoConv}
	if o.Received != "" {
		t, err := time.ParseInLocation("2006-01-02", o.Received, time.Local)
		if err != nil {
			return usagef("--received 应写作 2022-11-24，实际为 %q", o.Received)
		}
		opts.Received = t
	}
	w, err := g.open()
	if err != nil {
		return err
	}
	var bar *intakeProgress
	if !o.JSON {
		bar = &intakeProgress{console.NewProgress(g.stderr, "受理中", "受理完成：%d 个文件")}
		opts.Progress = bar
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	res, runErr := w.Intake(ctx, paths, opts)
	if bar != nil {
		bar.Finish()
	}
	if res == nil || res.Overview == nil {
		return runErr
	}
	if o.JSON {
		if err := g.printJSON(res); err != nil {
			return err
		}
	} else {
		printIntakeSummary(g, res)
	}
	if runErr != nil {
		if ctx.Err() != nil { // Ctrl-C: what was recorded stays; a re-run goes on from there
			return fmt.Errorf("受理已中断：已处理的 %d 个文件均已登记，重新运行同一命令即可继续受理其余文件", len(res.Outcomes))
		}
		return runErr
	}
	if n := res.Rejected(); n > 0 {
		return partialf("%d 个文件未受理", n)
	}
	return nil
}

func printIntakeSummary(g *globalOptions, res *workspace.IntakeResult) {
	ov, report := res.Overview, res.Report
	counts := map[string]int{}
	unchanged := 0
	for _, o := range res.Outcomes {
		counts[o.Status]++
		if o.Unchanged {
			unchanged++
		}
	}
	if len(res.Outcomes) == 0 {
		g.printf("本次受理 0 个文件：所给的文件夹中没有文件\n")
	} else {
		var parts []string
		for _, s := range []string{intake.StatusParsed, intake.StatusAttachment, intake.StatusBundle, intake.StatusDuplicate, intake.StatusRejected} {
			if counts[s] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", render.StatusNames[s], counts[s]))
			}
		}
		g.printf("本次受理 %d 个文件（新登记 %d，已登记无变化 %d）：%s\n", len(res.Outcomes), len(res.Outcomes)-unchanged, unchanged,
			strings.Join(parts, "，"))
	}
	for _, t := range res.Stages {
		g.printf("%s %d 份，发现问题 %d 条（各建设对象的情况：dbzx status --stage %s）\n", t.Form, t.Returns, t.Findings, t.Stage)
	}
	g.printf("\n申报情况（申报数 / 名额）：\n")
	rows := [][]string{}
	for _, c := range ov.Categories {
		mark := ""
		if c.Applications > c.Quota {
			mark = "（超出名额，需择优）"
		}
		rows = append(rows, []string{"  " + c.Name, fmt.Sprintf("%d / %d%s", c.Applications, c.Quota, mark)})
	}
	g.printf("%s", console.Columns(rows))
	g.printf("\n问题（各申报当前版本）：错误 %d，提醒 %d\n", ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning])
	if len(ov.Units) > 0 {
		g.printf("\n")
		printUnits(g, ov)
	}
	var rejected []*intake.Outcome
	for _, o := range res.Outcomes {
		if o.Status == intake.StatusRejected {
			rejected = append(rejected, o)
		}
	}
	if len(rejected) > 0 {
		sort.SliceStable(rejected, func(i, j int) bool { return rejected[i].Origin < rejected[j].Origin })
		g.printf("\n未受理的文件（%d 个）：\n", len(rejected))
		for _, o := range rejected {
			g.printf("  %s\n    %s\n", console.Printable(shortPath(o.Origin)), o.Reason)
		}
	}
	g.printf("\n受理报告：%s\n", report)
}

// intakeProgress shows intake's progress, each rejected file named.
type intakeProgress struct{ *console.Progress }

func (p intakeProgress) Found(total int) { p.Total(total) }
func (p intakeProgress) Done(o *intake.Outcome) {
	p.Step(console.Printable(o.Name)+"（"+render.StatusNames[o.Status]+"）", o.Status == intake.StatusRejected)
}

// shortPath shows a path relative to the current folder when it is inside
// it, as the clerk typed it.
func shortPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
