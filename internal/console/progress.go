package console

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress shows a long batch's progress: a bar on a terminal, otherwise
// (logs, CI) a plain line every few seconds and for every step that asks
// to be seen.
type Progress struct {
	w           io.Writer
	label, done string
	bar         *progressbar.ProgressBar
	total, n    int
	last        time.Time
}

// NewProgress shows progress on w: label names the work in progress
// ("受理中"), done is the format of the line at the end, given the number
// of steps ("受理完成：%d 个文件").
func NewProgress(w io.Writer, label, done string) *Progress {
	p := &Progress{w: w, label: label, done: done}
	if f, ok := w.(*os.File); ok && IsTerminal(f) {
		p.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(label), progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	return p
}

// Total sets how many steps there are.
func (p *Progress) Total(n int) {
	p.total = n
	if p.bar != nil {
		p.bar.ChangeMax(n)
	}
}

// Step counts one step; what names it, shown on a plain line when some
// time has passed or when show is set.
func (p *Progress) Step(what string, show bool) {
	p.n++
	if p.bar != nil {
		p.bar.Add(1)
		return
	}
	if show || time.Since(p.last) > 2*time.Second {
		p.last = time.Now()
		fmt.Fprintf(p.w, "%s：%d/%d %s\n", p.label, p.n, p.total, what)
	}
}

// Finish ends the bar, or says how many steps were done.
func (p *Progress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
		return
	}
	if p.n > 0 {
		fmt.Fprintf(p.w, p.done+"\n", p.n)
	}
}
