package main

import (
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
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
		want            versionInfo
	}{
		{"release", "v1.0.0", "2b4e78a", nil, versionInfo{Version: "v1.0.0", Commit: "2b4e78a"}},
		{"release with Go's record of the same commit", "v1.0.0", "2b4e78a", vcs,
			versionInfo{Version: "v1.0.0", Commit: "2b4e78a", Time: "2026-12-03T10:00:00Z", Modified: true}},
		{"stamped commit wins over another", "v1.0.0", "1111111", vcs, versionInfo{Version: "v1.0.0", Commit: "1111111"}},
		{"go build in a checkout", "", "", vcs, versionInfo{Version: "dev", Commit: "2b4e78a", Time: "2026-12-03T10:00:00Z", Modified: true}},
		{"go install of a tagged module", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			versionInfo{Version: "v1.2.3"}},
		{"go run", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, versionInfo{Version: "dev"}},
		{"no build information", "", "", nil, versionInfo{Version: "dev"}},
	} {
		got := buildVersion(c.version, c.commit, c.bi)
		c.want.Go, c.want.Platform = runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestVersionCommand: `dbzx version` in text and JSON.
func TestVersionCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := execute([]string{"version"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"dbzx 开发版", "提交：", "Go：" + runtime.Version()} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := execute([]string{"version", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var v versionInfo
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Version != "dev" || v.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("version --json = %+v", v)
	}
}

// TestDoubleClick: started without arguments in a console of its own (a
// double click in Explorer), dbzx explains itself in Chinese and waits for
// Enter before it ends and Windows closes the window; from a command
// prompt, or with arguments, it runs as usual.
func TestDoubleClick(t *testing.T) {
	stdin, enter := io.Pipe()
	var out bytes.Buffer
	done := make(chan int)
	go func() { done <- run(nil, &out, io.Discard, stdin, true) }()
	select {
	case code := <-done:
		t.Fatalf("ended (exit %d) before Enter was pressed", code)
	case <-time.After(100 * time.Millisecond):
	}
	enter.Write([]byte("\r\n"))
	if code := <-done; code != ExitOK {
		t.Errorf("exit %d, want 0", code)
	}
	for _, want := range []string{"命令行程序", "地址栏中输入 cmd", "dbzx demo", "dbzx --help", "使用说明.txt", "按回车键关闭此窗口"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explanation lacks %q", want)
		}
	}

	for _, c := range []struct {
		args  []string
		alone bool
	}{{nil, false}, {[]string{"version"}, true}, {[]string{"--help"}, true}} {
		out.Reset()
		code := run(c.args, &out, io.Discard, strings.NewReader(""), c.alone)
		if code != ExitOK || strings.Contains(out.String(), "按回车键") {
			t.Errorf("run(%q, alone %v): exit %d, output %q", c.args, c.alone, code, out.String())
		}
	}
}
