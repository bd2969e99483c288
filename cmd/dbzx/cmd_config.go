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
		Long: `显示当前生效的配置：内置默认值（2022年通知）被工作目录中的 dbzx.yaml 覆盖，
再被环境变量 DBZX_<键名> 覆盖（如 DBZX_DEADLINE=2022-11-30）。
配置有误时指出出错的配置项并以退出码 2 结束。`,
		Example: `  dbzx config
  dbzx config --json
  DBZX_DEADLINE=2022-11-30 dbzx config`,
		Args: cobra.NoArgs,
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
