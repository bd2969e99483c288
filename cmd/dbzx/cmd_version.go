package main

import (
	"runtime/debug"

	"github.com/spf13/cobra"

	"dbzx/internal/buildinfo"
	"dbzx/terminal"
)

// Stamped by the release build (go run ./internal/release) with
// -ldflags "-X main.version=… -X main.commit=…".
var (
	version string
	commit  string
)

type versionOptions struct{ JSON bool }

func newVersionCommand(g *globalOptions) *cobra.Command {
	o := &versionOptions{}
	c := &cobra.Command{
		Use:   "version",
		Short: "显示 dbzx 的版本和构建信息",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			bi, _ := debug.ReadBuildInfo()
			v := buildinfo.Read(version, commit, bi)
			return g.print(v, nil, o.JSON, func() { terminal.Version(g.stdout, v) })
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	return c
}
