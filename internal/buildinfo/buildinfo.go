// Package buildinfo says which build of a program is running: the version
// and commit a release stamped into it, completed from what Go records in
// every binary (module version, VCS revision).
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Info is what `dbzx version` reports.
type Info struct {
	Version  string `json:"version"`               // "dev" for a build that was not released
	Commit   string `json:"commit"`                // "" if unknown
	Time     string `json:"commit_time,omitempty"` // the commit's time, when Go recorded it
	Modified bool   `json:"modified,omitempty"`    // built with uncommitted changes (Go's record)
	Go       string `json:"go"`
	Platform string `json:"platform"` // windows/amd64
}

// Read makes the report from the stamped version and commit and,
// for what they leave out, the build information Go records (the module's
// version when installed with go install, the commit when built with VCS
// stamping).
func Read(version, commit string, bi *debug.BuildInfo) Info {
	v := Info{Version: version, Commit: commit, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
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
