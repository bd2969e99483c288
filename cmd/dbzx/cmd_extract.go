package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/console"
	"dbzx/workspace"
)

type extractOptions struct {
	JSON   bool
	NoConv bool
}

// extractResult is one file's outcome, as --json prints it.
type extractResult struct {
	File   string         `json:"file"`
	OK     bool           `json:"ok"`
	Reason string         `json:"reason,omitempty"`
	Return *intake.Return `json:"return,omitempty"`
}

func newExtractCommand(g *globalOptions) *cobra.Command {
	o := &extractOptions{}
	c := &cobra.Command{
		Use:   "extract 文件...",
		Short: "读出交回的申报书（.docx，以及 .doc/.wps/.odt）中的全部栏目",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			defer readingGC()()
			return runExtract(o, g, args)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出（每个文件一条记录）")
	c.Flags().BoolVar(&o.NoConv, "no-convert", false, "不调用 LibreOffice 转换 .doc/.wps/.odt")
	return c
}

func runExtract(o *extractOptions, g *globalOptions, files []string) error {
	e, err := g.load()
	if err != nil {
		return err
	}
	x := intake.NewExtractor(e.forms, e.cfg)
	var conv intake.Converter
	if !o.NoConv {
		var stop func()
		conv, stop = workspace.FindConverter(e.cfg)
		defer stop()
	}
	// Results are printed as each file is read, so memory stays flat
	// however many files are named; --json streams one array.
	failed := 0
	if o.JSON {
		g.printf("[\n")
	}
	read := readAhead(files, func(f string) (*intake.Return, error) { return readReturn(x, f, conv, e.cfg) })
	defer read.stop()
	for i, f := range files {
		r := extractResult{File: f, OK: true}
		ret, err := read.next()
		if err != nil {
			failed++
			r = extractResult{File: f, Reason: intake.Reason(err)}
		} else {
			r.Return = ret
		}
		if o.JSON {
			data, err := json.MarshalIndent(r, "  ", "  ")
			if err != nil {
				return err
			}
			sep := ","
			if i == len(files)-1 {
				sep = ""
			}
			g.printf("  %s%s\n", data, sep)
			continue
		}
		printReturn(g, r)
	}
	if o.JSON {
		g.printf("]\n")
	} else {
		g.printf("共 %d 个文件：读取 %d 个，未能读取 %d 个。\n", len(files), len(files)-failed, failed)
	}
	if failed > 0 {
		return &exitError{ExitPartial, fmt.Errorf("%d 个文件未能读取", failed)}
	}
	return nil
}

var sourceNames = map[string]string{
	intake.SourceTag: "标记", intake.SourceAlias: "别名", intake.SourceLabel: "标签",
	intake.SourceInline: "标签后", intake.SourceNone: "未找到",
}

var recognisedNames = map[string]string{
	intake.ByProperty: "文档属性", intake.ByTitle: "标题", intake.ByLabels: "栏目名称",
}

func printReturn(g *globalOptions, r extractResult) {
	g.printf("文件：%s\n", console.Printable(r.File))
	if !r.OK {
		g.printf("  未能读取：%s\n\n", r.Reason)
		return
	}
	ret := r.Return
	g.printf("表单：%s %s（%s，版本 %s，识别方式：%s）\n", ret.Code, ret.Form.ShortTitle, ret.FormID,
		ret.Version, recognisedNames[ret.RecognisedBy])
	for _, w := range ret.Warnings {
		g.printf("  注意：%s\n", w)
	}
	rows := [][]string{{"  栏目", "值", "来源"}}
	for _, v := range ret.Values {
		val := console.Shorten(v.Raw, 36)
		if v.Type == "checkbox" {
			val = map[bool]string{true: "☒ 已勾选", false: "☐ 未勾选"}[v.Checked]
		}
		if v.Problem != "" {
			val += "（" + v.Problem + "）"
		}
		rows = append(rows, []string{"  " + console.Clip(v.Label, 18), val, sourceNames[v.Source]})
	}
	g.printf("%s", console.Columns(rows))
	for _, t := range ret.Tables {
		g.printf("  表格：%s（%d 行，来源：%s）\n", t.Label, len(t.Rows), sourceNames[t.Source])
		for i, row := range t.Rows {
			var cells []string
			for _, v := range row {
				cells = append(cells, console.Shorten(v.Raw, 20))
			}
			g.printf("    %d. %s\n", i+1, strings.Join(cells, " | "))
		}
	}
	g.printf("\n")
}

// readingGC lets the heap grow to three times what is live (GOGC=200)
// while returns are read, unless GOGC is set: reading makes many
// short-lived objects around a small live set (a few MB), so the
// collector runs half as often for a few MB more (issue 18). It returns
// the function that puts the setting back.
func readingGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(200)
	return func() { debug.SetGCPercent(old) }
}

// reader reads files on as many workers as there are CPUs, a few ahead
// of the one printed, and hands the results back in order: printing
// stays in order and memory stays flat.
type reader struct {
	futures chan chan readResult
	done    chan struct{}
}

type readResult struct {
	ret *intake.Return
	err error
}

func readAhead(files []string, read func(string) (*intake.Return, error)) *reader {
	workers := runtime.NumCPU()
	r := &reader{futures: make(chan chan readResult, 2*workers), done: make(chan struct{})}
	go func() {
		defer close(r.futures)
		sem := make(chan struct{}, workers)
		for _, f := range files {
			c := make(chan readResult, 1)
			select {
			case r.futures <- c:
			case <-r.done:
				return
			}
			select {
			case sem <- struct{}{}:
			case <-r.done:
				return
			}
			go func() {
				defer func() { <-sem }()
				ret, err := read(f)
				c <- readResult{ret, err}
			}()
		}
	}()
	return r
}

// next is the result of the next file, in the order given.
func (r *reader) next() (*intake.Return, error) {
	res := <-<-r.futures
	return res.ret, res.err
}

// stop lets the workers go when not every result was taken.
func (r *reader) stop() { close(r.done) }

// readReturn reads one named file, within the configured size limit.
func readReturn(x *intake.Extractor, path string, conv intake.Converter, cfg *config.Config) (*intake.Return, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > intake.FileLimit(cfg.Limits) {
		return nil, fmt.Errorf("%w（%d MB）", intake.ErrLimit, cfg.Limits.FileMB)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return x.ReadAny(context.Background(), data, path, conv)
}
