package main

import (
	"encoding/json"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/terminal"
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
		RunE: func(c *cobra.Command, files []string) error {
			defer readingGC()()
			e, err := g.load()
			if err != nil {
				return err
			}
			// Printed as each file is read: --json streams one array.
			failed, n := 0, 0
			if o.JSON {
				g.printf("[\n")
			}
			err = workspace.Extract(c.Context(), e.cfg, e.forms, files, workspace.ExtractOptions{NoConvert: o.NoConv}, func(x workspace.Extracted) error {
				r := extractResult{File: x.File, OK: x.Err == nil, Return: x.Return}
				if x.Err != nil {
					failed++
					r.Reason = intake.Reason(x.Err)
				}
				if !o.JSON {
					terminal.Return(g.stdout, r.File, r.Return, r.Reason)
					return nil
				}
				data, err := json.MarshalIndent(r, "  ", "  ")
				if n++; n < len(files) {
					data = append(data, ',')
				}
				g.printf("  %s\n", data)
				return err
			})
			if err != nil {
				return err
			}
			if o.JSON {
				g.printf("]\n")
			} else {
				terminal.ExtractSummary(g.stdout, len(files), failed)
			}
			if failed > 0 {
				return partialf("%d 个文件未能读取", failed)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出（每个文件一条记录）")
	c.Flags().BoolVar(&o.NoConv, "no-convert", false, "不调用 LibreOffice 转换 .doc/.wps/.odt")
	return c
}

// readingGC lets the heap grow to five times what is live (GOGC=400)
// while returns are read, within a soft limit of 64 MiB, unless GOGC or
// GOMEMLIMIT is set: reading makes many short-lived objects around a
// small live set (a few MB), so the collector runs a quarter as often;
// 300 returns took in 0.48 s instead of 0.55 s, and the limit holds
// 10,000 at 90 MB instead of 158 MB (issue 18). It returns the function
// that puts the settings back.
func readingGC() func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old, limit := debug.SetGCPercent(400), debug.SetMemoryLimit(64<<20)
	return func() { debug.SetGCPercent(old); debug.SetMemoryLimit(limit) }
}
