package main

import (
	"github.com/spf13/cobra"

	"dbzx/workspace"
)

func newInitCommand(g *globalOptions) *cobra.Command {
	var from []string
	c := &cobra.Command{
		Use:   "init [目录]",
		Short: "创建工作目录（dbzx.yaml、登记库 dbzx.db、存档 archive/、输出 out/）",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			dir := g.Workspace
			if len(args) == 1 {
				dir = args[0]
			}
			w, err := workspace.Init(dir)
			if err != nil {
				return err
			}
			if len(from) > 0 {
				if err := workspace.AddHistory(dir, from...); err != nil {
					return err
				}
			}
			g.printf("工作目录已就绪：%s\n  配置：%s\n  登记库：%s\n  存档：%s\n  输出：%s\n",
				w.Dir, w.ConfigPath(), w.RegisterPath(), w.ArchiveDir(), w.OutDir())
			for _, f := range from {
				g.printf("  往届：%s（已写入 history）\n", f)
			}
			return nil
		},
	}
	c.Flags().StringSliceVar(&from, "from", nil, "往届的工作目录（读取其建设对象、验收结果和申报限制）")
	return c
}
