// Command dbzx is the command line of the dbzx document pipeline for the
// 基层党建“对标争先”建设计划: blank forms, intake of returns, review dossiers,
// decisions, certificates and funding statements. Each verb lives in its
// own cmd_*.go file and makes one call into its stage's package.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"dbzx/internal/console"
)

func main() {
	stdout, stderr, done := console.Setup()
	code := run(os.Args[1:], stdout, stderr, os.Stdin, console.StartedAlone())
	done()
	os.Exit(code)
}

// run is main's work. alone says dbzx has a console of its own, which
// Windows closes the moment dbzx ends: started without arguments that way
// (a double click on dbzx.exe in Explorer), dbzx explains how it is used
// and waits for Enter, instead of flashing its help past.
func run(args []string, stdout, stderr io.Writer, stdin io.Reader, alone bool) int {
	if doubleClicked(args, alone) {
		fmt.Fprint(stdout, doubleClickHelp)
		bufio.NewReader(stdin).ReadString('\n')
		return ExitOK
	}
	return execute(args, stdout, stderr)
}

// doubleClicked: no arguments, and alone in a console of its own.
func doubleClicked(args []string, alone bool) bool { return len(args) == 0 && alone }

// doubleClickHelp is what a double-clicked dbzx.exe shows.
const doubleClickHelp = `dbzx（基层党建“对标争先”建设计划材料处理工具）是命令行程序，
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
