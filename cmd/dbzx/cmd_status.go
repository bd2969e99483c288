package main

import (
	"github.com/spf13/cobra"

	"dbzx/templates"
	"dbzx/terminal"
)

type statusOptions struct {
	JSON  bool
	Stage string
}

func newStatusCommand(g *globalOptions) *cobra.Command {
	o := &statusOptions{}
	c := &cobra.Command{
		Use:   "status",
		Short: "查看登记库概况：文件、各类别申报数与名额、问题数",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w, err := g.open()
			if err != nil {
				return err
			}
			if o.Stage != templates.StageApply {
				objs, err := w.StageStatus(c.Context(), o.Stage)
				return g.print(objs, err, o.JSON, func() { terminal.StageStatus(g.stdout, o.Stage, objs) })
			}
			ov, err := w.Status()
			return g.print(ov, err, o.JSON, func() { terminal.Status(g.stdout, ov, w.Cfg.Categories) })
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	stageFlag(c, &o.Stage)
	return c
}
