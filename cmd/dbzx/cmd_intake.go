package main

import (
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"dbzx/terminal"
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
		RunE: func(c *cobra.Command, paths []string) error {
			defer tuneGC(-1, 64<<20)()
			opts := workspace.IntakeOptions{Workers: o.Workers, NoConvert: o.NoConv}
			var err error
			if opts.Received, err = parseDay("--received", o.Received, "2022-11-24"); err != nil {
				return err
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			var bar terminal.IntakeProgress
			if !o.JSON {
				bar = terminal.NewIntakeProgress(g.stderr)
				opts.Progress = bar
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt)
			defer stop()
			res, runErr := w.Intake(ctx, paths, opts)
			if bar.Progress != nil {
				bar.Finish()
			}
			if res == nil || res.Overview == nil {
				return runErr
			}
			if err := g.print(res, nil, o.JSON, func() { terminal.Intake(g.stdout, res) }); err != nil {
				return err
			}
			switch {
			case runErr != nil && ctx.Err() != nil: // Ctrl-C: what was recorded stays; a re-run goes on from there
				return fmt.Errorf("受理已中断：已处理的 %d 个文件均已登记，重新运行同一命令即可继续受理其余文件", len(res.Outcomes))
			case runErr != nil:
				return runErr
			case res.Rejected() > 0:
				return partialf("%d 个文件未受理", res.Rejected())
			}
			return nil
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	c.Flags().StringVar(&o.Received, "received", "", "材料的收到日期（如 2022-11-24），默认为当前时间")
	c.Flags().IntVar(&o.Workers, "workers", 0, "同时解析的文件数（默认为 CPU 核数）")
	c.Flags().BoolVar(&o.NoConv, "no-convert", false, "不调用 LibreOffice 转换 .doc/.wps/.odt")
	return c
}
