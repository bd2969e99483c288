package main

import (
	"context"

	"github.com/spf13/cobra"

	"dbzx/workspace"
)

type afterOptions struct{ Out string }

// afterCommand builds a command that writes outputs from the construction
// objects into <workspace>/out (or --out) and prints their paths.
func afterCommand(g *globalOptions, use, short, long, example string,
	write func(w *workspace.Workspace, dir string) ([]string, error)) *cobra.Command {
	o := &afterOptions{}
	c := &cobra.Command{
		Use: use, Short: short, Long: long, Example: example,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			paths, err := write(w, o.Out)
			if err != nil {
				return err
			}
			for _, p := range paths {
				g.printf("%s\n", p)
			}
			return nil
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out）")
	return c
}

func newListCommand(g *globalOptions) *cobra.Command {
	c := afterCommand(g, "list", "生成建设对象名单（.docx 和 PDF），供公布；--provincial 列出省级评选推荐名单",
		`按类别列出评审推荐（及已获省级推荐、自动认定）的建设对象：单位、名称、负责人、建设周期、
支持经费。写出 建设对象名单.docx（可再编辑）和 建设对象名单.pdf。

加 --provincial：按通知“下步工作中优先推荐校级……参与申报省级评选”，列出各类别验收通过的
校级建设对象，按评审得分由高到低排名，写出 省级评选推荐名单.xlsx（已获省级推荐的不列入）。`,
		"  dbzx list\n  dbzx list --provincial --json", (*workspace.Workspace).List)
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
		if err != nil {
			return err
		}
		if asJSON {
			return g.printJSON(res)
		}
		cat := ""
		for _, x := range res.Candidates {
			if x.CategoryName != cat {
				cat = x.CategoryName
				g.printf("%s\n", cat)
			}
			g.printf("  %2d. %s · %s（评审得分 %g，%s 验收通过）\n", x.Rank, x.Unit, x.Name, x.Total, x.AcceptDate)
		}
		g.printf("%s\n", res.Path)
		return nil
	}
	c.Flags().BoolVar(&provincial, "provincial", false, "列出验收通过、按评审得分排名的省级评选推荐名单")
	c.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出（与 --provincial 同用）")
	return c
}

func newFundingCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "funding", "生成经费拨付单（PDF，每个建设对象一页，另附汇总）和经费汇总表（.xlsx）",
		`为每个建设对象生成经费拨付单：金额小写与大写（按人民银行规定，如 贰万元整）、
专款专用要求、签字盖章栏；最后附按类别和总计的汇总。另写出经费汇总表 .xlsx。
金额以“分”为单位计算，合计与评审结果一致。`,
		"  dbzx funding", (*workspace.Workspace).Funding)
}

func newScheduleCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "schedule", "生成建设进度安排（.xlsx）和日历（.ics，可导入 Outlook 与手机日历）",
		`为每个建设对象列出中期考核、工作报告截止、验收时间和每月动态展示要求：
建设进度安排.xlsx（含逐月展示登记表）和 建设进度安排.ics（重复导入会更新而不会重复）。`,
		"  dbzx schedule", (*workspace.Workspace).Schedule)
}

func newCertificatesCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "certificates", "生成验收合格证书（PDF，每个单位一份，另附合并打印本）",
		`为验收通过的每个建设对象生成证书（A4 横向）：称号、单位与名称、正文（配置 certificate_text）、
学校党委落款、中文日期（如 二〇二四年十二月）和红色印章（矢量绘制，或配置 seal_image 的图片）。
证书编号每年从 001 起，记入登记库：重新生成时编号不变。写出 certificates/ 下每份证书和
验收证书-合并打印.pdf。`,
		"  dbzx certificates", certificates)
}

func certificates(w *workspace.Workspace, dir string) ([]string, error) {
	res, err := w.Certificates(context.Background(), dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, c := range res.Certificates {
		paths = append(paths, c.Path)
	}
	return append(paths, res.Combined), nil
}

func newAnnounceCommand(g *globalOptions) *cobra.Command {
	stage := "final"
	c := afterCommand(g, "announce", "生成验收结果公布（--stage final，默认）或中期考核通报（--stage midterm）：.docx 和 PDF",
		`按通知“公布验收结果”：按类别列出已有验收结果的建设对象——通过验收；不予通过的注明“取消其2年内
申报基层党建项目的资格”；暂缓通过的注明二次验收期限。写出 验收结果公布.docx 和 .pdf，
落款学校党委，日期取最近的验收日期。--stage midterm 写出 中期考核通报（结论与等次）。`,
		"  dbzx announce\n  dbzx announce --stage midterm", nil)
	c.RunE = func(c *cobra.Command, args []string) error {
		st, err := parseStage(stage)
		if err != nil {
			return err
		}
		if st == "" {
			return usagef("--stage 应为 midterm 或 final")
		}
		w, err := g.open()
		if err != nil {
			return err
		}
		paths, err := w.Announce(c.Context(), st, c.Flag("out").Value.String())
		if err != nil {
			return err
		}
		for _, p := range paths {
			g.printf("%s\n", p)
		}
		return nil
	}
	c.Flags().StringVar(&stage, "stage", "final", "阶段：final（验收结果公布）或 midterm（中期考核通报）")
	return c
}
