package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/workspace"
)

type intakeOptions struct {
	JSON     bool
	Received string
	Workers  int
	NoConv   bool
}

func newIntakeCommand(g *globalOptions) *cobra.Command {
	o := &intakeOptions{}
	c := &cobra.Command{
		Use:   "intake 路径...",
		Short: "受理交回的材料：文件、文件夹或 .zip 压缩包，逐个登记并生成受理报告",
		Long: `受理各单位交回的材料。路径可以是文件、文件夹（含子文件夹）或 .zip 压缩包
（Windows 中文压缩软件打的包也能正确识别文件名）。每个文件：
  · 按内容识别类型（不看扩展名）：申报书 .docx、汇总表 .xlsx、PDF/图片支撑材料；
    .doc/.wps/.odt 在安装了 LibreOffice 时自动转换，否则提示另存为 .docx；
  · 原件按 SHA-256 存入 archive/（原件不会被修改、移动或删除）；
  · 读出全部栏目并登记；同一项申报再次交回记为新版本，旧版本保留；
  · 内容完全相同的文件记为重复；重复运行同一文件夹不会改变登记库。
完成后在屏幕上显示汇总，并写出 out/intake-report.xlsx（申报汇总、问题清单、文件清单）。
退出码：0 全部受理；1 有文件未受理（原因见报告）；2 参数、路径或工作目录有误（不登记任何文件）；3 运行中断或失败（如磁盘已满；已登记的保留，重新运行即继续）。`,
		Example: `  dbzx init
  dbzx intake 收到的材料/
  dbzx intake 铁道工程学院.zip 电气工程学院/ --received 2022-11-24
  dbzx intake 收到的材料/ --json > 受理结果.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			defer readingGC()()
			return runIntake(c.Context(), o, g, args)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	c.Flags().StringVar(&o.Received, "received", "", "材料的收到日期（如 2022-11-24），默认为当前时间")
	c.Flags().IntVar(&o.Workers, "workers", 0, "同时解析的文件数（默认为 CPU 核数）")
	c.Flags().BoolVar(&o.NoConv, "no-convert", false, "不调用 LibreOffice 转换 .doc/.wps/.odt")
	return c
}

func runIntake(ctx context.Context, o *intakeOptions, g *globalOptions, paths []string) error {
	opts := workspace.IntakeOptions{Workers: o.Workers, NoConvert: o.NoConv}
	if o.Received != "" {
		t, err := time.ParseInLocation("2006-01-02", o.Received, time.Local)
		if err != nil {
			return usagef("--received 应写作 2022-11-24，实际为 %q", o.Received)
		}
		opts.Received = t
	}
	w, err := g.open()
	if err != nil {
		return err
	}
	var bar *progressBar
	if !o.JSON {
		bar = newProgressBar(g.stderr)
		opts.Progress = bar
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	res, runErr := w.Intake(ctx, paths, opts)
	if bar != nil {
		bar.Finish()
	}
	if res == nil || res.Overview == nil {
		return runErr
	}
	if o.JSON {
		if err := g.printJSON(res); err != nil {
			return err
		}
	} else {
		printIntakeSummary(g, res)
	}
	if runErr != nil {
		if ctx.Err() != nil { // Ctrl-C: what was recorded stays; a re-run goes on from there
			return fmt.Errorf("受理已中断：已处理的 %d 个文件均已登记，重新运行同一命令即可继续受理其余文件", len(res.Outcomes))
		}
		return runErr
	}
	if n := res.Rejected(); n > 0 {
		return partialf("%d 个文件未受理", n)
	}
	return nil
}

func printIntakeSummary(g *globalOptions, res *workspace.IntakeResult) {
	ov, report := res.Overview, res.Report
	counts := map[string]int{}
	unchanged := 0
	for _, o := range res.Outcomes {
		counts[o.Status]++
		if o.Unchanged {
			unchanged++
		}
	}
	if len(res.Outcomes) == 0 {
		g.printf("本次受理 0 个文件：所给的文件夹中没有文件\n")
	} else {
		var parts []string
		for _, s := range []string{intake.StatusParsed, intake.StatusAttachment, intake.StatusBundle, intake.StatusDuplicate, intake.StatusRejected} {
			if counts[s] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", render.StatusNames[s], counts[s]))
			}
		}
		g.printf("本次受理 %d 个文件（新登记 %d，已登记无变化 %d）：%s\n", len(res.Outcomes), len(res.Outcomes)-unchanged, unchanged,
			strings.Join(parts, "，"))
	}
	g.printf("\n申报情况（申报数 / 名额）：\n")
	rows := [][]string{}
	for _, c := range ov.Categories {
		mark := ""
		if c.Applications > c.Quota {
			mark = "（超出名额，需择优）"
		}
		rows = append(rows, []string{"  " + c.Name, fmt.Sprintf("%d / %d%s", c.Applications, c.Quota, mark)})
	}
	g.printf("%s", columns(rows))
	g.printf("\n问题（各申报当前版本）：错误 %d，提醒 %d\n", ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning])
	var rejected []*intake.Outcome
	for _, o := range res.Outcomes {
		if o.Status == intake.StatusRejected {
			rejected = append(rejected, o)
		}
	}
	if len(rejected) > 0 {
		sort.SliceStable(rejected, func(i, j int) bool { return rejected[i].Origin < rejected[j].Origin })
		g.printf("\n未受理的文件（%d 个）：\n", len(rejected))
		for _, o := range rejected {
			g.printf("  %s\n    %s\n", printable(shortPath(o.Origin)), o.Reason)
		}
	}
	g.printf("\n受理报告：%s\n", report)
}

// progressBar shows intake's progress: a bar on a terminal, a plain line
// every so often otherwise (logs, CI).
type progressBar struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	total int
	done  int
	last  time.Time
}

func newProgressBar(w io.Writer) *progressBar {
	p := &progressBar{w: w}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		p.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("受理中"), progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	return p
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progressBar) Found(total int) {
	p.total = total
	if p.bar != nil {
		p.bar.ChangeMax(total)
	}
}

func (p *progressBar) Done(o *intake.Outcome) {
	p.done++
	if p.bar != nil {
		p.bar.Add(1)
		return
	}
	if time.Since(p.last) > 2*time.Second || o.Status == intake.StatusRejected {
		p.last = time.Now()
		fmt.Fprintf(p.w, "受理中：%d/%d %s（%s）\n", p.done, p.total, printable(o.Name), render.StatusNames[o.Status])
	}
}

func (p *progressBar) Finish() {
	if p.bar != nil {
		p.bar.Finish()
		return
	}
	if p.done > 0 {
		fmt.Fprintf(p.w, "受理完成：%d 个文件\n", p.done)
	}
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

// printable keeps a file name from acting on the clerk's terminal: control
// characters (escape sequences) and bidirectional overrides are shown as
// their code instead.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			fmt.Fprintf(&b, "\\u%04X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
