package main

import (
	"embed"
	"strings"

	"github.com/spf13/cobra"
)

// The long help of each command lives in help/<command>.txt: the text of
// "dbzx <command> --help" after its one-line summary, then, after a line
// "--- 示例", its examples. Kept out of the Go code so that the office
// can reword the help without reading Go, and so that the commands stay
// adapters; docs/commands.md is generated from the same text.
//
//go:embed help/*.txt
var helpFiles embed.FS

// helpSeparator starts a help file's examples.
const helpSeparator = "--- 示例\n"

// addHelp sets Long and Example of c and its subcommands from their help
// files. A command without one keeps its summary only (TestHelpFiles
// requires one for every command).
func addHelp(c *cobra.Command) {
	if data, err := helpFiles.ReadFile("help/" + c.Name() + ".txt"); err == nil {
		long, example, _ := strings.Cut(string(data), helpSeparator)
		c.Long = strings.TrimRight(long, "\n")
		c.Example = strings.TrimRight(example, "\n")
	}
	for _, sub := range c.Commands() {
		addHelp(sub)
	}
}
