package main

import (
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"dbzx/internal/buildinfo"
)

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
	var v buildinfo.Info
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
