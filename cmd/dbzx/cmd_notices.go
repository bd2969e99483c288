package main

import (
	"context"

	"github.com/spf13/cobra"

	"dbzx/config"
	"dbzx/terminal"
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
	opts := workspace.NoticeOptions{Unit: o.Unit, Stage: o.Stage}
	var err error
	for _, d := range []struct {
		flag, val string
		to        *config.Date
	}{{"--due", o.Due, &opts.Due}, {"--date", o.Date, &opts.Date}} {
		if d.val == "" {
			continue
		}
		if *d.to, err = config.ParseDate(d.val); err != nil {
			return usagef("%s：%s", d.flag, words(err))
		}
	}
	w, err := g.open()
	if err != nil {
		return err
	}
	res, err := w.WriteNotices(ctx, opts, o.Out)
	return g.print(res, err, o.JSON, func() { terminal.Notices(g.stdout, res) })
}
