package main

import (
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

type configOptions struct{ JSON bool }

func newConfigCommand(g *globalOptions) *cobra.Command {
	o := &configOptions{}
	c := &cobra.Command{
		Use:   "config",
		Short: "显示当前生效的配置（默认值 + dbzx.yaml + 环境变量）",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			e, err := g.load()
			if err != nil {
				return err
			}
			if o.JSON {
				return g.printJSON(e.cfg)
			}
			for _, s := range e.cfg.Sources {
				g.printf("# 来源：%s\n", s)
			}
			data, err := yaml.Marshal(e.cfg)
			if err != nil {
				return err
			}
			_, err = g.stdout.Write(data)
			return err
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	return c
}
