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
	"dbzx/terminal"
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
		fmt.Fprint(stdout, terminal.DoubleClickHelp)
		bufio.NewReader(stdin).ReadString('\n')
		return ExitOK
	}
	return execute(args, stdout, stderr)
}

// doubleClicked: no arguments, and alone in a console of its own.
func doubleClicked(args []string, alone bool) bool { return len(args) == 0 && alone }
