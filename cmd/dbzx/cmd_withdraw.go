package main

import (
	"strconv"

	"github.com/spf13/cobra"

	"dbzx/internal/console"
)

type withdrawOptions struct {
	Reason string
	Undo   bool
}

func newWithdrawCommand(g *globalOptions) *cobra.Command {
	o := &withdrawOptions{}
	c := &cobra.Command{
		Use:   "withdraw 编号 --reason 原因",
		Short: "记录某单位撤回一项申报（可用 --undo 恢复）",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usagef("编号应为数字（见 dbzx status），实际为 %q", args[0])
			}
			w, err := g.open()
			if err != nil {
				return err
			}
			a, err := w.Withdraw(c.Context(), id, o.Reason, o.Undo)
			if err != nil {
				return err
			}
			if o.Undo {
				g.printf("已恢复申报（编号 %d）：%s · %s\n", a.ID, a.Unit, a.Name)
				return nil
			}
			g.printf("已撤回申报（编号 %d）：%s · %s；原因：%s\n", a.ID, a.Unit, a.Name, a.WithdrawReason)
			return nil
		},
	}
	c.Flags().StringVar(&o.Reason, "reason", "", "撤回原因（必填）")
	c.Flags().BoolVar(&o.Undo, "undo", false, "恢复已撤回的申报")
	return c
}

func newDetachCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "detach 文件",
		Short: "把一份支撑材料从评审材料中取出（dbzx attach 的反向操作）",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			f, err := w.Detach(c.Context(), args[0])
			if err != nil {
				return err
			}
			g.printf("已从评审材料中取出支撑材料 %s（原件仍在存档中）\n", console.Printable(f.Name))
			return nil
		},
	}
}
