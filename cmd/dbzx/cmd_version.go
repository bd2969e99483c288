package main

import (
	"runtime/debug"

	"github.com/spf13/cobra"

	"dbzx/internal/buildinfo"
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
			if o.JSON {
				return g.printJSON(v)
			}
			if v.Version == "dev" {
				g.printf("dbzx 开发版（不是发布的版本）\n")
			} else {
				g.printf("dbzx 版本 %s\n", v.Version)
			}
			switch {
			case v.Commit == "":
				g.printf("提交：未知\n")
			case v.Time != "":
				g.printf("提交：%s（%s）\n", v.Commit, v.Time)
			default:
				g.printf("提交：%s\n", v.Commit)
			}
			if v.Modified {
				g.printf("构建时有未提交的修改\n")
			}
			g.printf("Go：%s，%s\n", v.Go, v.Platform)
			return nil
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	return c
}
