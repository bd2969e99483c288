package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/config"
	"dbzx/templates"
	"dbzx/workspace"
)

type noticesOptions struct {
	Unit, Out, Due, Date, Stage string
	JSON                        bool
}

func newNoticesCommand(g *globalOptions) *cobra.Command {
	o := &noticesOptions{}
	c := &cobra.Command{
		Use:   "notices",
		Short: "给各单位的通知：受理回执、补正通知、中期考核反馈意见、验收结果通知（.docx 和 PDF）",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runNotices(c.Context(), o, g)
		},
	}
	c.Flags().StringVar(&o.Unit, "unit", "", "只写这个单位的通知（单位名单中的名称）")
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/notices）")
	c.Flags().StringVar(&o.Due, "due", "", "补正期限，如 2022-12-01（默认取配置 correction_due）")
	c.Flags().StringVar(&o.Date, "date", "", "落款日期，如 2022-11-25（默认取最后收到文件的日期）")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出通知的内容和写出的文件")
	stageFlag(c, &o.Stage)
	return c
}

func runNotices(ctx context.Context, o *noticesOptions, g *globalOptions) error {
	stage, err := parseStage(o.Stage)
	if err != nil {
		return err
	}
	opts := workspace.NoticeOptions{Unit: o.Unit, Stage: stage}
	for _, d := range []struct {
		flag, val string
		to        *config.Date
	}{{"--due", o.Due, &opts.Due}, {"--date", o.Date, &opts.Date}} {
		if d.val == "" {
			continue
		}
		if *d.to, err = config.ParseDate(d.val); err != nil {
			return usagef("%s：%s", d.flag, err)
		}
	}
	w, err := g.open()
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := w.WriteNotices(ctx, opts, o.Out)
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(res)
	}
	for _, n := range res.Notices {
		line := n.Kind + "：" + n.Unit
		if n.Errors+n.Warnings > 0 {
			line += "（错误 " + fmt.Sprint(n.Errors) + "，提醒 " + fmt.Sprint(n.Warnings)
			if n.Due != "" {
				line += "，补正期限 " + n.Due
			}
			line += "）"
		}
		g.printf("%s\n  %s\n  %s\n", line, n.Docx, n.PDF)
	}
	var kinds []string
	for _, k := range res.Kinds() {
		kinds = append(kinds, fmt.Sprintf("%s %d 份", k.Kind, k.Count))
	}
	g.printf("共 %d 个单位：%s\n合并打印：%s\n", len(res.Notices), strings.Join(kinds, "，"), res.Combined)
	if stage == templates.StageApply {
		if ov, err := w.Status(); err == nil && len(ov.Missing) > 0 {
			g.printf("未交材料的单位（没有通知）：%s\n", strings.Join(ov.Missing, "、"))
		}
	}
	return nil
}
