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
		Long: `在指定目录（默认为 --workspace，即当前目录）创建工作目录：
  dbzx.yaml   配置（内置默认值的副本，可按本年度通知修改）
  dbzx.db     登记库（SQLite），记录收到的每个文件、每项申报及其各版本
  archive/    原件存档（按 SHA-256 保存，原件不会被修改或删除）
  out/        输出（受理报告、评审材料等）
已存在的 dbzx.yaml 和登记库保留不动。

新一轮用 --from 指向往届的工作目录（可多次）：写入 dbzx.yaml 的 history，
往届的建设对象、验收结果及“验收未通过的取消其2年内申报资格”自动用于本轮核对（只读，不改动往届）。`,
		Example: `  dbzx init 2022对标争先
  dbzx --workspace 2022对标争先 intake 收到的材料/
  dbzx init 2024对标争先 --from 2022对标争先`,
		Args: cobra.MaximumNArgs(1),
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
