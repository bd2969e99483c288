package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/workspace"
)

type checkOptions struct {
	JSON  bool
	Rules bool
}

func newCheckCommand(g *globalOptions) *cobra.Command {
	o := &checkOptions{}
	c := &cobra.Command{
		Use:   "check",
		Short: "按当前配置重新核对登记库中的全部申报（不重新读取文件）",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.Rules {
				return printRules(g, o.JSON)
			}
			return runCheck(c.Context(), o, g)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	c.Flags().BoolVar(&o.Rules, "rules", false, "列出全部核对规则：核对什么、适用哪些表单、通知原文依据")
	return c
}

// printRules explains every rule: what it checks, on which forms, at what
// severity, and the notice's words it rests on.
func printRules(g *globalOptions, asJSON bool) error {
	e, err := g.load()
	if err != nil {
		return err
	}
	docs := workspace.Rules(e.cfg)
	if asJSON {
		return g.printJSON(docs)
	}
	g.printf("核对规则 %d 条（错误：须补正，不能直接推荐；提醒：提请评审关注；说明：供知悉）\n\n", len(docs))
	for _, d := range docs {
		forms := "全部申报"
		if len(d.Forms) > 0 {
			forms = strings.Join(d.Forms, "、")
		}
		g.printf("%s（%s；适用：%s）\n  核对：%s\n  依据：%s\n\n", d.Code, d.Severity, forms, d.Checks, d.Basis)
	}
	return nil
}

func runCheck(ctx context.Context, o *checkOptions, g *globalOptions) error {
	w, err := g.open()
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := w.Check(ctx)
	if err != nil {
		return err
	}
	if o.JSON {
		if err := g.printJSON(res); err != nil {
			return err
		}
	} else {
		printCheck(g, res)
	}
	if n := res.Overview.Findings[intake.SeverityError]; n > 0 {
		return partialf("%d 个错误", n)
	}
	return nil
}

func printCheck(g *globalOptions, res *workspace.CheckResult) {
	ov := res.Overview
	checked, withdrawn := 0, 0
	for _, a := range ov.Applications {
		if a.Withdrawn != "" {
			withdrawn++
		} else {
			checked++
		}
	}
	also := ""
	if withdrawn > 0 {
		also = fmt.Sprintf("（另有已撤回 %d 项，不再核对）", withdrawn)
	}
	g.printf("已核对 %d 项申报%s：错误 %d，提醒 %d，说明 %d\n", checked, also,
		ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning], ov.Findings[intake.SeverityInfo])
	names := map[int64]string{}
	for _, a := range ov.Applications {
		names[a.ID] = a.Unit + " · " + a.Name
	}
	last := int64(-1)
	for _, f := range res.Findings {
		if f.ApplicationID != last {
			last = f.ApplicationID
			who := names[f.ApplicationID]
			if f.ApplicationID == 0 {
				who = "申报汇总表"
			}
			g.printf("%s\n", who)
		}
		g.printf("  [%s] %s\n", render.SeverityNames[f.Severity], f.Message)
	}
	g.printf("受理报告已更新：%s\n", res.Report)
}
