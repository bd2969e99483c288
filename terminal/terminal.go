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
