package buildinfo

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestBuildVersion: the stamped version and commit come first; what they
// leave out comes from Go's build record; an unreleased build says "dev".
func TestBuildVersion(t *testing.T) {
	vcs := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "2b4e78a"}, {Key: "vcs.time", Value: "2026-12-03T10:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	for _, c := range []struct {
		name            string
		version, commit string
		bi              *debug.BuildInfo
		want            Info
	}{
		{"release", "v1.0.0", "2b4e78a", nil, Info{Version: "v1.0.0", Commit: "2b4e78a"}},
		{"release with Go's record of the same commit", "v1.0.0", "2b4e78a", vcs,
			Info{Version: "v1.0.0", Commit: "2b4e78a", Time: "2026-12-03T10:00:00Z", Modified: true}},
		{"stamped commit wins over another", "v1.0.0", "1111111", vcs, Info{Version: "v1.0.0", Commit: "1111111"}},
		{"go build in a checkout", "", "", vcs, Info{Version: "dev", Commit: "2b4e78a", Time: "2026-12-03T10:00:00Z", Modified: true}},
		{"go install of a tagged module", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			Info{Version: "v1.2.3"}},
		{"go run", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, Info{Version: "dev"}},
		{"no build information", "", "", nil, Info{Version: "dev"}},
	} {
		got := Read(c.version, c.commit, c.bi)
		c.want.Go, c.want.Platform = runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
