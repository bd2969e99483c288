package main

import "github.com/spf13/cobra"

type attachOptions struct{ To string }

func newAttachCommand(g *globalOptions) *cobra.Command {
	o := &attachOptions{}
	c := &cobra.Command{
		Use:   "attach 文件 --to 申报",
		Short: "把一份支撑材料（PDF/图片）指定给某项申报",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if o.To == "" {
				return usagef("请用 --to 指定申报")
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			f, a, err := w.Attach(c.Context(), args[0], o.To)
			if err != nil {
				return err
			}
			g.printf("已将支撑材料 %s 指定给：%s · %s\n", f.Name, a.Unit, a.Name)
			return nil
		},
	}
	c.Flags().StringVar(&o.To, "to", "", "申报的编号或名称")
	return c
}
