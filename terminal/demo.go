package terminal

import (
	"io"

	"dbzx/internal/demo"
)

// Demo lists each step of the demo with the files it wrote.
func Demo(w io.Writer, dir string, stages []demo.Stage) {
	pf := printer(w)
	for i, r := range stages {
		pf("%d. %s\n", i+1, r.Stage)
		for _, out := range r.Outputs {
			pf("   %s\n", out.Path)
		}
	}
	pf("演示完成，输出目录：%s\n", dir)
}
