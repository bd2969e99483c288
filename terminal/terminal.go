// Package terminal words the workspace's results for a console: what the
// command line prints after each verb, in Chinese, aligned in columns.
// The command line's adapters (cmd/dbzx) call one workspace method and
// hand its result here, or print it as JSON; the workspace itself never
// prints. Errors are not worded here: cmd/dbzx's exit.go words them with
// their remedies and exit codes.
package terminal

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// printer is fmt.Fprintf bound to w.
func printer(w io.Writer) func(format string, args ...any) {
	return func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
}

// shortPath shows a path relative to the current folder when it is inside
// it, as the clerk typed it.
func shortPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}

// DoubleClickHelp is what dbzx.exe shows when started with a double click
// in Explorer (no arguments, a console of its own): how it is used.
const DoubleClickHelp = `dbzx（基层党建“对标争先”建设计划材料处理工具）是命令行程序，
要在命令提示符窗口中输入命令使用，双击打开没有作用。

请这样开始：
  1. 打开 dbzx.exe 所在的文件夹，在窗口上方的地址栏中输入 cmd，按回车，
     打开一个位于这个文件夹的命令提示符窗口；
  2. 输入 dbzx demo，按回车：用内置的示例数据把全部流程演示一遍，
     结果写入这个文件夹中的 dbzx-demo；
  3. 输入 dbzx --help，按回车：查看全部命令。

详细说明见同一文件夹中的“使用说明.txt”。

按回车键关闭此窗口。
`
