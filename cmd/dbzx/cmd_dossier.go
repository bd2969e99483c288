package main

import (
	"github.com/spf13/cobra"

	"dbzx/terminal"
	"dbzx/workspace"
)

type dossierOptions struct {
	Category string
	Out      string
	Duplex   bool
	JSON     bool
	Stage    string
}

func newDossierCommand(g *globalOptions) *cobra.Command {
	o := &dossierOptions{}
	c := &cobra.Command{
		Use:   "dossier",
		Short: "生成评审材料汇编（PDF，每个类别一册）",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			defer tuneGC(50, -1)()
			w, err := g.open()
			if err != nil {
				return err
			}
			outs, err := w.Dossiers(workspace.DossierOptions{Category: o.Category, Dir: o.Out, Duplex: o.Duplex, Stage: o.Stage})
			return g.print(outs, err, o.JSON, func() { terminal.Dossiers(g.stdout, o.Stage, outs) })
		},
	}
	c.Flags().StringVar(&o.Category, "category", "", "只生成一个类别（如 model_branch），默认全部")
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/dossier）")
	c.Flags().BoolVar(&o.Duplex, "duplex", false, "每项申报从奇数页开始（双面打印）")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	stageFlag(c, &o.Stage)
	return c
}
