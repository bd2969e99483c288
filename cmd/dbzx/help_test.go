package main

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpFiles: every command has its help file, with text and examples,
// and every help file belongs to a command (a renamed command leaves no
// orphan behind).
func TestHelpFiles(t *testing.T) {
	root := newRootCommand(&globalOptions{})
	commands := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == "help" {
			return
		}
		commands[c.Name()] = true
		if strings.TrimSpace(c.Long) == "" {
			t.Errorf("%s: no help text (help/%s.txt)", c.Name(), c.Name())
		}
		if c.Name() != "dbzx" && strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s: no examples after %q in help/%s.txt", c.Name(), helpSeparator, c.Name())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	files, err := fs.Glob(helpFiles, "help/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "help/"), ".txt")
		if !commands[name] {
			t.Errorf("%s: no command %q", f, name)
		}
	}
}
