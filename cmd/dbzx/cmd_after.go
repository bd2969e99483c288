package main

import (
	"context"

	"github.com/spf13/cobra"

	"dbzx/templates"
	"dbzx/terminal"
	"dbzx/workspace"
)

type afterOptions struct{ Out string }

// afterCommand builds a command that writes outputs from the construction
// objects into <workspace>/out (or --out) and prints their paths.
func afterCommand(g *globalOptions, use, short string,
	write func(w *workspace.Workspace, dir string) ([]string, error)) *cobra.Command {
	o := &afterOptions{}
	c := &cobra.Command{
		Use: use, Short: short,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			paths, err := write(w, o.Out)
			terminal.Paths(g.stdout, paths)
			return err
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out）")
	return c
}

func newListCommand(g *globalOptions) *cobra.Command {
	c := afterCommand(g, "list", "生成建设对象名单（.docx 和 PDF），供公布；--provincial 列出省级评选推荐名单", (*workspace.Workspace).List)
	var provincial, asJSON bool
	list := c.RunE
	c.RunE = func(c *cobra.Command, args []string) error {
		if !provincial {
			if asJSON {
				return usagef("--json 只用于 --provincial")
			}
			return list(c, args)
		}
		w, err := g.open()
		if err != nil {
			return err
		}
		res, err := w.ProvincialCandidates(c.Flag("out").Value.String())
		return g.print(res, err, asJSON, func() { terminal.Candidates(g.stdout, res) })
	}
	c.Flags().BoolVar(&provincial, "provincial", false, "列出验收通过、按评审得分排名的省级评选推荐名单")
	c.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出（与 --provincial 同用）")
	return c
}

func newFundingCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "funding", "生成经费拨付单（PDF，每个建设对象一页，另附汇总）和经费汇总表（.xlsx）", (*workspace.Workspace).Funding)
}

func newScheduleCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "schedule", "生成建设进度安排（.xlsx）和日历（.ics，可导入 Outlook 与手机日历）", (*workspace.Workspace).Schedule)
}

func newCertificatesCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "certificates", "生成验收合格证书（PDF，每个单位一份，另附合并打印本）", certificates)
}

func certificates(w *workspace.Workspace, dir string) ([]string, error) {
	res, err := w.Certificates(context.Background(), dir)
	if err != nil {
		return nil, err
	}
	return res.Paths(), nil
}

func newAnnounceCommand(g *globalOptions) *cobra.Command {
	stage := templates.StageFinal
	c := afterCommand(g, "announce", "生成验收结果公布（--stage final，默认）或中期考核通报（--stage midterm）：.docx 和 PDF",
		func(w *workspace.Workspace, dir string) ([]string, error) {
			if stage != templates.StageMidterm && stage != templates.StageFinal {
				return nil, usagef("--stage 应为 midterm 或 final，实际为 %q", stage)
			}
			return w.Announce(context.Background(), stage, dir)
		})
	c.Flags().StringVar(&stage, "stage", "final", "阶段：final（验收结果公布）或 midterm（中期考核通报）")
	return c
}
