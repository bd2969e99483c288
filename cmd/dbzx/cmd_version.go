package main

import (
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Stamped by the release build (go run ./internal/release) with
// -ldflags "-X main.version=… -X main.commit=…".
var (
	version string
	commit  string
)

// versionInfo is what `dbzx version` reports.
type versionInfo struct {
	Version  string `json:"version"`               // "dev" for a build that was not released
	Commit   string `json:"commit"`                // "" if unknown
	Time     string `json:"commit_time,omitempty"` // the commit's time, when Go recorded it
	Modified bool   `json:"modified,omitempty"`    // built with uncommitted changes (Go's record)
	Go       string `json:"go"`
	Platform string `json:"platform"` // windows/amd64
}

// buildVersion makes the report from the stamped version and commit and,
// for what they leave out, the build information Go records (the module's
// version when installed with go install, the commit when built with VCS
// stamping).
func buildVersion(version, commit string, bi *debug.BuildInfo) versionInfo {
	v := versionInfo{Version: version, Commit: commit, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if v.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		}
		vcs := map[string]string{}
		for _, s := range bi.Settings {
			vcs[s.Key] = s.Value
		}
		if rev := vcs["vcs.revision"]; rev != "" && (v.Commit == "" || v.Commit == rev) {
			v.Commit, v.Time, v.Modified = rev, vcs["vcs.time"], vcs["vcs.modified"] == "true"
		}
	}
	if v.Version == "" {
		v.Version = "dev"
	}
	return v
}

type versionOptions struct{ JSON bool }

func newVersionCommand(g *globalOptions) *cobra.Command {
	o := &versionOptions{}
	c := &cobra.Command{
		Use:   "version",
		Short: "显示 dbzx 的版本和构建信息",
		Long: `显示 dbzx 的版本、构建所用的提交和 Go 版本。发布的压缩包中的 dbzx 标有版本号；
用 go run 或 go build 自行构建的显示“开发版”。报告问题时请附上这几行。`,
		Example: `  dbzx version
  dbzx version --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			bi, _ := debug.ReadBuildInfo()
			v := buildVersion(version, commit, bi)
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
