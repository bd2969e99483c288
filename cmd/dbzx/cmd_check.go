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
		Long: `按当前配置和表单定义，对登记库中每项申报的当前版本重新运行全部核对规则，
替换原有的问题记录，并重写 out/intake-report.xlsx。修改 dbzx.yaml（如截止日期、
省级推荐名单、验收未通过名单）后运行。--rules 列出全部规则。
退出码：0 没有错误；1 有申报存在错误（不能直接提交评审）。`,
		Example: `  dbzx check
  dbzx check --rules
  dbzx check --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.Rules {
				printRules(g)
				return nil
			}
			return runCheck(c.Context(), o, g)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	c.Flags().BoolVar(&o.Rules, "rules", false, "列出全部核对规则")
	return c
}

func printRules(g *globalOptions) {
	rows := [][]string{{"规则", "严重程度", "适用表单", "内容"}}
	for _, r := range intake.Rules {
		forms := "全部"
		if len(r.Forms) > 0 {
			forms = strings.Join(r.Forms, ",")
		}
		rows = append(rows, []string{r.Code, render.SeverityNames[r.Severity], forms, r.Doc})
	}
	for _, r := range intake.CrossRules {
		rows = append(rows, []string{r.Code, render.SeverityNames[r.Severity], "跨申报", r.Doc})
	}
	g.printf("%s", columns(rows))
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
